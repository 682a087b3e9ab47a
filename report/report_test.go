package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

func sessionReport(t testing.TB, name string, data *report.SessionData) []byte {
	t.Helper()
	return render(t, name, func(w io.Writer) error { return report.SessionReport(w, data, testOptions()) })
}

// printedName is how a name reads back from the PDF.
func printedName(name string) string { return report.Printable(name) }

func TestSessionReportReadsBack(t *testing.T) {
	data := goldenData(t, store.StatusHeld, 2)
	pdf := sessionReport(t, "golden-draft", data)
	qpdfCheck(t, pdf)
	pages := pdfPages(t, pdf)
	text := strings.Join(pages, "\n")
	flat := strings.Join(strings.Fields(text), " ")

	for _, p := range goldenPeople {
		// A long name wraps in its cell: look for each word.
		for _, word := range strings.Fields(printedName(p.name)) {
			if !strings.Contains(text, word) {
				t.Errorf("%q (of %q) is not in the report", word, p.name)
			}
		}
	}
	for _, want := range []string{"Ni Made Ayu Sri Wahyuni", "Ma'ruf", "Ahmad Syafi’i", "I Wayan ᬲᬸᬤᬃᬫ", "王小明", "Inaq Sumiati P",
		"Jumlah peserta 8 orang: laki-laki 5 orang, perempuan 3 orang; di antaranya 1 anak",
		"LAPORAN KEGIATAN", "KEPOLISIAN NEGARA REPUBLIK INDONESIA", "Kamis, 12 Februari 2026", "Pukul 09.00 s.d. selesai",
		"Sidik data " + data.Fingerprint + " · versi 5", "Dibuat 12-02-2026 14.05",
		"Foto 1. Pembukaan oleh Kepala Desa Sakra", "Foto 2. Peserta mengisi pre-test",
		"1 pertanyaan bersifat rahasia", "MENDESAK", "Dirujuk ke Unit PPA/PPO", "Ditutup 20 Februari 2026",
		"LAMPIRAN: DAFTAR HADIR PESERTA", "Lombok Timur, 12 Februari 2026", "NRP/NIP 86070145",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for i, page := range pages {
		if want := fmt.Sprintf("Halaman %d dari %d", i+1, len(pages)); !strings.Contains(page, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !strings.Contains(page, "DRAF") {
			t.Errorf("page %d of a draft lacks DRAF", i+1)
		}
	}
	assertNothingPrivate(t, text, data)
	if strings.Contains(flat, "Penanya: "+urgentAsker) {
		t.Error("the asker of an urgent question is named")
	}
}

// assertNothingPrivate checks that no phone number and no confidential
// question reaches the paper.
func assertNothingPrivate(t *testing.T, text string, data *report.SessionData) {
	t.Helper()
	digits := regexp.MustCompile(`[0-9][0-9 .-]{7,}[0-9]`)
	bare := strings.NewReplacer(" ", "", "-", "", ".", "")
	var phones []string
	for _, p := range data.Participants {
		if p.Phone != "" {
			phones = append(phones, strings.TrimPrefix(p.Phone, "+62"))
		}
	}
	for _, run := range digits.FindAllString(text, -1) {
		for _, phone := range phones {
			if strings.Contains(bare.Replace(run), phone) {
				t.Errorf("a phone number is printed: %q", run)
			}
		}
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, q := range data.Questions {
		if !q.Confidential {
			continue
		}
		words := strings.Fields(q.Text)
		for i := 0; i+3 <= len(words); i++ {
			if frag := strings.Join(words[i:i+3], " "); strings.Contains(flat, frag) {
				t.Errorf("confidential question text is printed: %q", frag)
			}
		}
	}
}

func TestFinalizedReportIsNotDraft(t *testing.T) {
	pdf := sessionReport(t, "golden-final", goldenData(t, store.StatusFinalized, 0))
	if text := pdfText(t, pdf); strings.Contains(text, "DRAF") {
		t.Fatal("a finalized session's report says DRAF")
	}
}

func TestReportOfEmptySession(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sess, err := st.CreateSession(ctx, store.Session{Title: "Sosialisasi", Date: "2026-03-02", Village: "Desa Aikmel",
		District: "Aikmel", Regency: "Lombok Timur"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := report.Load(ctx, st, filepath.Join(st.Dir(), "packs"), sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	pdf := sessionReport(t, "empty", data)
	qpdfCheck(t, pdf)
	pages := pdfPages(t, pdf)
	flat := strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
	for _, want := range []string{"Senin, 2 Maret 2026", "Waktu : –", "Petugas : –", "Belum ada peserta yang tercatat",
		"Belum ada jawaban pre-test atau post-test", "Rata-rata jawaban benar – –", "Peningkatan rata-rata (post-test dikurangi pre-test): –",
		"Tidak ada pertanyaan peserta", "Tidak ada foto dokumentasi", "LAMPIRAN: DAFTAR HADIR PESERTA",
		fmt.Sprintf("Halaman 1 dari %d", len(pages))} {
		if !strings.Contains(flat, want) {
			t.Errorf("the empty report lacks %q", want)
		}
	}
}

func TestReportNeverFailsOnText(t *testing.T) {
	weird := []string{
		"👨‍👩‍👧 Keluarga", "ᬅᬦᬓ᭄ ᬩᬮᬶ", "王小明", "Ｆｕｌｌｗｉｄｔｈ", "\u200bzero\u200dwidth\ufe0f", "𝕄𝕒𝕥𝕙", "tab\there",
		"عبد الله", "Ελένη", "Наталья", "🇮🇩", "a\u0301ccent", strings.Repeat("Panjang", 60),
	}
	data := goldenData(t, store.StatusHeld, 1)
	data.Session.Title = strings.Join(weird[:3], " ")
	data.Session.Venue = "🏛️ Balai 🏛️"
	data.Settings.Letterhead = []string{"KOP 🚓", "ᬧᭀᬮᬶᬲᬶ", strings.Repeat("KEPOLISIAN RESOR PANJANG SEKALI ", 4)}
	data.Session.Officers[0].Unit = strings.Repeat("Unit yang namanya panjang ", 6)
	for i, w := range weird {
		data.Quiz.Participants = append(data.Quiz.Participants, store.Participant{ID: id(500 + i), Number: 20 + i, Name: w,
			Gender: "P", Category: store.CategoryPublic, Village: w})
		data.Questions = append(data.Questions, store.Question{ID: id(600 + i), Number: 20 + i, Text: w, Answer: w,
			Topic: store.TopicOther, Status: store.QuestionReferred, ReferredTo: w})
	}
	data.Photos[0].Caption = weird[0]
	data = report.NewSessionData(data.Session, data.Settings, data.Quiz, data.Questions, data.Photos, "")
	pdf := sessionReport(t, "weird", data)
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf)
	for _, want := range []string{"Keluarga", "ᬅᬦᬓ᭄ ᬩᬮᬶ", "王小明", "عبد الله", "Ελένη", "Наталья", "zerowidth", "KOP"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') {
		t.Error("the report prints U+FFFD")
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ni Made Ayu Sri Wahyuni", "Ni Made Ayu Sri Wahyuni"},
		{"Ma'ruf · Syafi’i — “kutip”", "Ma'ruf · Syafi’i — “kutip”"},
		{"Inaq 🙏🏽", "Inaq"},
		{"Balai 🏛️ Desa 🏛️", "Balai Desa"},
		{"🌸 Siti", "Siti"},
		{"👍️", ""},
		{"👨‍👩‍👧", ""},
		{"王小明", "王小明"},
		{"ᬅᬦᬓ᭄", "ᬅᬦᬓ᭄"},
		{"zero\u200dwidth", "zerowidth"},
		{"نور\u200dالهدى", "نور\u200dالهدى"},
		{"\uFFFD\uE000x", "x"},
		{"tab\there", "tab here"},
		{"bell\x07", "bell"},
		{"line\nbreak", "line\nbreak"},
		{"bad \xff byte", "bad byte"},
		{"Ελένη Наталья", "Ελένη Наталья"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := report.Printable(tt.in); got != tt.want {
				t.Fatalf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLongDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-02-12", "Kamis, 12 Februari 2026"},
		{"2026-03-02", "Senin, 2 Maret 2026"},
		{"2025-08-17", "Minggu, 17 Agustus 2025"},
		{"2026-05-01", "Jumat, 1 Mei 2026"},
		{"kemarin", "kemarin"},
	}
	for _, tt := range tests {
		if got := report.LongDate(tt.in); got != tt.want {
			t.Errorf("LongDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSessionReport1000PageCount(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 participants")
	}
	_, data := demoSession(t, 1000, 100)
	pdf := sessionReport(t, "demo1000", data)
	qpdfCheck(t, pdf)
	pages := pdfPages(t, pdf)
	first := -1
	for i, p := range pages {
		if strings.Contains(p, "LAMPIRAN: DAFTAR HADIR PESERTA") {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatal("no attendance list")
	}
	if got, want := len(pages)-first, report.AttendancePages(1000); got != want {
		t.Errorf("the attendance list takes %d pages, the layout predicts %d", got, want)
	}
	for i, p := range pages[first:] {
		if !strings.Contains(p, "Tanda Tangan") {
			t.Errorf("attendance page %d has no table header", i+1)
		}
	}
	last := pages[len(pages)-1]
	if want := fmt.Sprintf("Halaman %d dari %d", len(pages), len(pages)); !strings.Contains(last, want) {
		t.Errorf("the last page lacks %q", want)
	}
	text := strings.Join(pages, "\n")
	for _, p := range data.Participants {
		if !strings.Contains(text, p.Name) {
			t.Fatalf("%q is not in the report", p.Name)
		}
	}
	assertNothingPrivate(t, text, data)
}

func TestGoldenText(t *testing.T) {
	needTool(t, "pdftotext")
	tests := []struct {
		name  string
		write func(w io.Writer) error
	}{
		{"session-report", func(w io.Writer) error {
			return report.SessionReport(w, goldenData(t, store.StatusFinalized, 1), testOptions())
		}},
		{"attendance-sheet", func(w io.Writer) error {
			return report.AttendanceSheet(w, goldenData(t, store.StatusFinalized, 0), 12, testOptions())
		}},
		{"answer-sheet", func(w io.Writer) error {
			return report.AnswerSheet(w, goldenData(t, store.StatusHeld, 0), testOptions())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := render(t, tt.name, tt.write)
			if again := render(t, tt.name, tt.write); !bytes.Equal(first, again) {
				t.Fatal("two runs with the same clock give different PDFs")
			}
			got := pdfText(t, first)
			golden := filepath.Join("testdata", tt.name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("text differs from %s (run with -update to accept):\n%s", golden, diff(t, string(want), got))
			}
		})
	}
}

// diff shows what changed, with diff -u when it is there.
func diff(t *testing.T, want, got string) string {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "want"), filepath.Join(dir, "got")
	os.WriteFile(a, []byte(want), 0o644)
	os.WriteFile(b, []byte(got), 0o644)
	out, _ := exec.Command("diff", "-u", a, b).CombinedOutput()
	if len(out) > 3000 {
		out = out[:3000]
	}
	return string(out)
}

func TestAnswerSheet(t *testing.T) {
	_, data := demoSession(t, 10, 0)
	pdf := render(t, "answers-demo", func(w io.Writer) error { return report.AnswerSheet(w, data, testOptions()) })
	qpdfCheck(t, pdf)
	pages := pdfPages(t, pdf)
	for i, phase := range []store.Phase{store.PhasePre, store.PhasePost} {
		items := store.PhaseItems(data.Items, phase)
		page := pages[i]
		title := "LEMBAR JAWABAN " + strings.ToUpper(string(phase)) + "-TEST"
		if strings.Count(page, title) != 2 {
			t.Errorf("page %d: want two %s slips", i+1, title)
		}
		if !strings.Contains(page, fmt.Sprintf("%d.", len(items))) || strings.Contains(page, fmt.Sprintf(" %d.", len(items)+1)) {
			t.Errorf("%s slip is not numbered 1 to %d", phase, len(items))
		}
		if !strings.Contains(page, "No. daftar hadir") || !strings.Contains(page, "Nama:") {
			t.Errorf("%s slip has no number and name lines", phase)
		}
	}
}

func TestAnswerSheetBeforeTheQuizIsUsed(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sess, _ := st.CreateSession(ctx, store.Session{Title: "Sosialisasi", Date: "2026-03-02", Village: "Desa Aikmel",
		District: "Aikmel", Regency: "Lombok Timur", PackID: "tppo-ntb", PackVersion: "1.0.0"})
	data, err := report.Load(ctx, st, filepath.Join(st.Dir(), "packs"), sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(data.Quiz.Items) != 0 || len(data.Items) == 0 {
		t.Fatalf("snapshot %d items, sheet %d items", len(data.Quiz.Items), len(data.Items))
	}
	pdf := render(t, "answers-unused", func(w io.Writer) error { return report.AnswerSheet(w, data, testOptions()) })
	if text := pdfText(t, pdf); !strings.Contains(text, "LEMBAR JAWABAN PRE-TEST") {
		t.Fatal("no pre-test slip from the pack's quiz")
	}
}

func TestAttendanceSheet(t *testing.T) {
	tests := []struct {
		name  string
		data  *report.SessionData
		rows  int
		pages int
		want  []string
	}{
		{"blank, default rows", nil, report.DefaultSheetRows, 2, []string{"Kegiatan : ......", "50", "Halaman 2 dari 2"}},
		{"for a session", goldenData(t, store.StatusHeld, 0), 5, 1, []string{"Kamis, 12 Februari 2026", "Aula Kantor Desa Sakra", "KEPOLISIAN NEGARA"}},
		{"many rows", nil, 200, 8, []string{"200", "Halaman 8 dari 8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := render(t, "sheet-"+strings.ReplaceAll(tt.name, " ", "-"), func(w io.Writer) error {
				return report.AttendanceSheet(w, tt.data, tt.rows, testOptions())
			})
			qpdfCheck(t, pdf)
			pages := pdfPages(t, pdf)
			if len(pages) != tt.pages {
				t.Errorf("%d pages, want %d", len(pages), tt.pages)
			}
			flat := strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
			for _, w := range append(tt.want, "DAFTAR HADIR", "Tanda Tangan", "Kategori: 1 = Calon PMI") {
				if !strings.Contains(flat, w) {
					t.Errorf("the sheet lacks %q", w)
				}
			}
			for i, p := range pages {
				if !strings.Contains(p, "Tanda Tangan") {
					t.Errorf("page %d has no table header", i+1)
				}
			}
		})
	}
	for _, rows := range []int{0, -1, report.MaxSheetRows + 1} {
		if err := report.AttendanceSheet(io.Discard, nil, rows, testOptions()); err == nil {
			t.Errorf("%d rows accepted", rows)
		}
	}
}

func TestLogoAndBlankLoad(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.SaveSettings(ctx, store.Settings{Letterhead: []string{"KEPOLISIAN NEGARA REPUBLIK INDONESIA", "RESOR LOMBOK TIMUR"}}); err != nil {
		t.Fatal(err)
	}
	if err := report.SaveLogo(st.Dir(), strings.NewReader("not an image")); !errors.Is(err, store.ErrNotImage) {
		t.Fatalf("a text file as logo: %v", err)
	}
	if err := report.SaveLogo(st.Dir(), bytes.NewReader(testJPEG(t, 900, 900))); err != nil || !report.HasLogo(st.Dir()) {
		t.Fatalf("save logo: %v", err)
	}
	data, err := report.Load(ctx, st, "", "")
	if err != nil || data.Session.ID != "" || len(data.Logo) == 0 {
		t.Fatalf("blank load: %v %q %d", err, data.Session.ID, len(data.Logo))
	}
	pdf := render(t, "sheet-logo", func(w io.Writer) error { return report.AttendanceSheet(w, data, 10, testOptions()) })
	qpdfCheck(t, pdf)
	if text := pdfText(t, pdf); !strings.Contains(text, "RESOR LOMBOK TIMUR") {
		t.Fatal("no letterhead on the sheet")
	}
	if err := report.RemoveLogo(st.Dir()); err != nil || report.HasLogo(st.Dir()) {
		t.Fatalf("remove logo: %v", err)
	}
}

func TestFileName(t *testing.T) {
	s := store.Session{ID: "0190f5d2-0000-7000-8000-00000000ab12", Date: "2026-02-12", Village: `Desa Sakra: "Dusun/Lendang"?`}
	tests := []struct {
		kind   string
		status store.Status
		want   string
	}{
		{report.KindReport, store.StatusHeld, "Laporan 2026-02-12 Desa Sakra DusunLendang ab12 (DRAF).pdf"},
		{report.KindReport, store.StatusFinalized, "Laporan 2026-02-12 Desa Sakra DusunLendang ab12.pdf"},
		{report.KindSheet, store.StatusHeld, "Daftar hadir 2026-02-12 Desa Sakra DusunLendang ab12.pdf"},
	}
	for _, tt := range tests {
		s.Status = tt.status
		if got := report.FileName(tt.kind, s); got != tt.want {
			t.Errorf("FileName(%s, %s) = %q, want %q", tt.kind, tt.status, got, tt.want)
		}
	}
	if got := report.FileName(report.KindSheet, store.Session{}); got != "Daftar hadir kosong.pdf" {
		t.Errorf("blank sheet: %q", got)
	}
}

func TestWriteFileKeepsOldFileOnFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "laporan", "a.pdf")
	if err := report.WriteFile(path, func(w io.Writer) error { _, err := w.Write([]byte("%PDF-old")); return err }); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteFile(path, func(w io.Writer) error { w.Write([]byte("%PDF-half")); return errors.New("boom") }); err == nil {
		t.Fatal("the failure was not reported")
	}
	got, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(filepath.Dir(path))
	if string(got) != "%PDF-old" || len(entries) != 1 {
		t.Fatalf("after a failed write: %q, %d files", got, len(entries))
	}
}
