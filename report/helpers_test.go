package report_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

var ctx = context.Background()

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixedNow is the generation time of every test document.
var fixedNow = time.Date(2026, 2, 12, 14, 5, 0, 0, time.FixedZone("WITA", 8*3600))

func testOptions() report.Options {
	return report.Options{Now: func() time.Time { return fixedNow }, Uncompressed: true}
}

// render writes a document into memory, and into $PENYULUH_REPORT_OUT
// (when set) for looking at it.
func render(tb testing.TB, name string, write func(w io.Writer) error) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if dir := os.Getenv("PENYULUH_REPORT_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}

func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed", name)
	}
}

// pdfPages is the text of each page, as pdftotext reads it.
func pdfPages(t testing.TB, pdf []byte) []string {
	t.Helper()
	needTool(t, "pdftotext")
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("pdftotext: %v %s", err, stderr.String())
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

func pdfText(t testing.TB, pdf []byte) string { return strings.Join(pdfPages(t, pdf), "\f") }

// qpdfCheck runs qpdf's structural check on the document.
func qpdfCheck(t testing.TB, pdf []byte) {
	t.Helper()
	needTool(t, "qpdf")
	f := filepath.Join(t.TempDir(), "check.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("qpdf", "--check", f).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// packQuiz is the bundled pack's quiz as a session snapshots it.
func packQuiz() []store.QuizItem {
	pack := content.Default()
	var items []store.QuizItem
	for _, q := range pack.Questions {
		items = append(items, store.QuizItem{QuestionID: q.ID, Phase: store.Phase(q.Phase), Text: q.Text,
			Options: q.Options, Letters: q.Letters(), Answer: slices.Index(q.Options, q.Answer),
			Explanation: q.Explanation, Topic: q.Topic, PackID: pack.ID, PackVersion: pack.Version})
	}
	return items
}

// demoSession fills a fresh store with a demo session of n participants
// (with both quizzes and about one question for every ten people) and
// extra questions up to questions, and loads it for the report.
func demoSession(tb testing.TB, n, questions int) (*store.Store, *report.SessionData) {
	tb.Helper()
	st, err := store.Open(tb.TempDir(), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	seed := uint64(7)
	pack := content.Default()
	sess, err := st.Demo(ctx, store.DemoOptions{Seed: &seed, Participants: n, PackID: pack.ID,
		PackVersion: pack.Version, Quiz: packQuiz()})
	if err != nil {
		tb.Fatal(err)
	}
	have, _ := st.Questions(ctx, sess.ID)
	for i := len(have); i < questions; i++ {
		if _, err := st.AddQuestion(ctx, store.Question{SessionID: sess.ID, Topic: store.TopicOther,
			Text:   fmt.Sprintf("Pertanyaan tambahan nomor %d tentang syarat dan biaya bekerja ke luar negeri?", i+1),
			Answer: "Dijawab oleh petugas sesuai materi."}); err != nil {
			tb.Fatal(err)
		}
	}
	data, err := report.Load(ctx, st, filepath.Join(st.Dir(), "packs"), sess.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return st, data
}
