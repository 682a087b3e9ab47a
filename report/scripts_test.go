package report_test

import (
	"bytes"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// scriptNames are names as people in Indonesia write them: Latin with
// diacritics (precomposed and with a combining mark), Chinese characters,
// Arabic and Pegon, Balinese, Javanese, Sundanese and Buginese script,
// and an emoji, which is the one thing left out of print.
var scriptNames = []struct {
	name  string
	lost  []rune // what Unprintable says print leaves out
	label string
}{
	{"Tan Siok Lan (陈淑兰)", nil, "Chinese"},
	{"Baiq Nurul Hidayati", nil, "Latin"},
	{"I Gusti Ngurah Ārya Wédakarna", nil, "Latin diacritics"},
	{"Made Suwe\u0301ca Nguye\u0302\u0303n", nil, "combining marks"},
	{"محمد عبد الله", nil, "Arabic"},
	{"ڠاتيمن", nil, "Pegon"},
	{"ݢوسوڽا ۑاي ڤوتري", nil, "Pegon letters"},
	{"مُحَمَّد", nil, "Arabic with vowel marks"},
	{"ᬇ ᬕᬸᬲ᭄ᬢᬶ", nil, "Balinese"},
	{"ꦱꦸꦥꦿꦥ꧀ꦠꦺ", nil, "Javanese"},
	{"ᮞᮥᮔ᮪ᮓ", nil, "Sundanese"},
	{"ᨑᨗᨔ ᨌᨗᨊ", nil, "Buginese"},
	{"Siti 🌸", []rune{'🌸'}, "emoji"},
}

// expected is how a name must read back from the PDF: as typed, less what
// Unprintable lists, spaces collapsed.
func expected(name string) string {
	lost := report.Unprintable(name)
	kept := strings.Map(func(r rune) rune {
		if slices.Contains(lost, r) {
			return -1
		}
		return r
	}, name)
	return strings.Join(strings.Fields(kept), " ")
}

// readBack normalises pdftotext's output for comparing: poppler wraps
// right-to-left text in directional embedding marks (U+202A–U+202E,
// U+2066–U+2069, U+200E/F), which are not text; both sides are compared in
// Unicode normal form C (canonical equivalence, the same letters); spaces
// are collapsed.
func readBack(text string) string {
	text = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F {
			return -1
		}
		return r
	}, text)
	return norm.NFC.String(strings.Join(strings.Fields(text), " "))
}

func TestUnprintable(t *testing.T) {
	tests := []struct {
		in   string
		want []rune
	}{
		{"Baiq Nurul Hidayati", nil},
		{"Inaq 🙏🏽", []rune{'🙏', 0x1F3FD}},
		{"🌸 Siti 🌸 🌺", []rune{'🌸', '🌺'}},
		{"👨\u200d👩\u200d👧", []rune{'👨', '👩', '👧'}},
		{"👍\ufe0f", []rune{'👍'}},
		{"bad \xff byte \uFFFD", []rune{0xFFFD}},
		{"private \uE000", []rune{0xE000}},
		{"tab\tbell\x07", nil},
	}
	for _, n := range scriptNames {
		tests = append(tests, struct {
			in   string
			want []rune
		}{n.name, n.lost})
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := report.Unprintable(tt.in); !slices.Equal(got, tt.want) {
				t.Fatalf("Unprintable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// scriptData is the golden session with the names above as participants,
// officers, letterhead, title and place.
func scriptData(t testing.TB) *report.SessionData {
	data := goldenData(t, store.StatusFinalized, 0)
	s := data.Session
	s.Title = "Sosialisasi TPPO ᬩᬮᬶ · ꦗꦮ · 陈淑兰 · عربي"
	s.Village = "ᬤᬾᬰ ᬲᬓ᭄ᬭ"
	s.District = "ꦱꦏꦿ"
	s.Venue = "Balai 🏛️ ᮞᮥᮔ᮪ᮓ"
	s.Officers = []store.Officer{{Name: "ꦱꦸꦥꦿꦥ꧀ꦠꦺ", NRP: "86070145", Unit: "ᬇ ᬕᬸᬲ᭄ᬢᬶ"}, {Name: "محمد عبد الله", NRP: "84020317", Unit: "Bhabinkamtibmas"}}
	settings := data.Settings
	settings.Letterhead = []string{"KEPOLISIAN NEGARA REPUBLIK INDONESIA", "ᬧᭀᬮᬶᬲᬶ ᬩᬮᬶ", "ڤوليسي 🚓"}
	quiz := data.Quiz
	quiz.Participants = nil
	for i, n := range scriptNames {
		quiz.Participants = append(quiz.Participants, store.Participant{ID: id(700 + i), SessionID: s.ID, Number: i + 1,
			Name: n.name, Gender: "P", Category: store.CategoryPublic, Village: "Desa Sakra"})
	}
	return report.NewSessionData(s, settings, quiz, nil, nil, "")
}

// scriptRecap is a recap whose areas and imported sessions' officers
// carry the names.
func scriptRecap() store.Recap {
	totals := func(n int) store.RecapTotals {
		return store.RecapTotals{Sessions: 1, Participants: n, ByCategory: map[store.Category]int{}, ByAgeBand: map[string]int{}}
	}
	r := store.Recap{Totals: totals(len(scriptNames))}
	for i, n := range scriptNames {
		r.Regencies = append(r.Regencies, store.RecapArea{Name: n.name, Totals: totals(i + 1)})
		r.Sessions = append(r.Sessions, store.RecapSession{
			Session: store.Session{Date: "2026-02-12", Village: n.name, Status: store.StatusFinalized},
			Origin:  store.Origin{Imported: true, Officer: n.name},
		})
	}
	return r
}

// TestNamesPrintAsTyped writes every document that prints names, reads
// each back with pdftotext and finds each name as it was typed (the
// emoji left out); pdffonts must show every font embedded as a subset,
// qpdf must find the file sound, and no U+FFFD or private-use code point
// may reach the text.
func TestNamesPrintAsTyped(t *testing.T) {
	data := scriptData(t)
	all := make([]string, 0, len(scriptNames))
	for _, n := range scriptNames {
		all = append(all, n.name)
	}
	docs := []struct {
		name  string
		write func(w io.Writer) error
		want  []string
	}{
		{"nama-laporan", func(w io.Writer) error { return report.SessionReport(w, data, testOptions()) },
			append([]string{"ᬧᭀᬮᬶᬲᬶ ᬩᬮᬶ", "ڤوليسي", "ᬤᬾᬰ ᬲᬓ᭄ᬭ"}, all...)},
		{"nama-daftar-hadir", func(w io.Writer) error { return report.AttendanceSheet(w, data, 12, testOptions()) },
			[]string{"ᬧᭀᬮᬶᬲᬶ ᬩᬮᬶ", "ڤوليسي", "ᬤᬾᬰ ᬲᬓ᭄ᬭ", "ꦱꦏꦿ", "ᬩᬮᬶ · ꦗꦮ · 陈淑兰 · عربي", "Balai ᮞᮥᮔ᮪ᮓ"}},
		{"nama-lembar-jawaban", func(w io.Writer) error { return report.AnswerSheet(w, data, testOptions()) },
			[]string{"ᬩᬮᬶ · ꦗꦮ · 陈淑兰 · عربي", "ᬤᬾᬰ ᬲᬓ᭄ᬭ"}},
		{"nama-rekap", func(w io.Writer) error {
			return report.RecapPDF(w, scriptRecap(), store.Settings{Letterhead: []string{"ᬧᭀᬮᬶᬲᬶ ᬩᬮᬶ"}}, testOptions())
		}, append([]string{"ᬧᭀᬮᬶᬲᬶ ᬩᬮᬶ"}, all...)},
	}
	for _, doc := range docs {
		t.Run(doc.name, func(t *testing.T) {
			pdf := render(t, doc.name, doc.write)
			qpdfCheck(t, pdf)
			pdffontsCheck(t, pdf)
			raw := pdfText(t, pdf)
			if strings.ContainsRune(raw, '\uFFFD') {
				t.Error("the text has U+FFFD")
			}
			if strings.IndexFunc(raw, func(r rune) bool { return r >= 0xE000 && r <= 0xF8FF }) >= 0 {
				t.Error("the text has private-use code points: a shaped run lacks its ActualText")
			}
			if strings.ContainsRune(raw, '🌸') || strings.ContainsRune(raw, '🚓') {
				t.Error("an emoji reached the text")
			}
			text := readBack(raw)
			for _, want := range doc.want {
				w := norm.NFC.String(expected(want))
				if strings.Contains(text, w) {
					continue
				}
				// A long name wraps in its cell: then each word is whole.
				for _, word := range strings.Fields(w) {
					if !strings.Contains(text, word) {
						t.Errorf("%q does not read back as %q: %q is missing", want, w, word)
					}
				}
				if !strings.Contains(want, " ") {
					t.Errorf("%q does not read back as %q", want, w)
				}
			}
		})
	}
}

// TestReportsInParallel writes reports with names in many scripts from
// several goroutines at once (the shaper, its cache and the fonts are
// shared): under -race, and each must equal the report written alone.
func TestReportsInParallel(t *testing.T) {
	data := scriptData(t)
	var alone bytes.Buffer
	if err := report.SessionReport(&alone, data, testOptions()); err != nil {
		t.Fatal(err)
	}
	const n = 4
	out := make([]bytes.Buffer, n)
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- report.SessionReport(&out[i], data, testOptions()) }()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := range out {
		if !bytes.Equal(out[i].Bytes(), alone.Bytes()) {
			t.Errorf("report %d written in parallel differs from the one written alone", i)
		}
	}
}

// pdffontsCheck runs pdffonts and wants every font embedded as a subset.
func pdffontsCheck(t *testing.T, pdf []byte) {
	t.Helper()
	needTool(t, "pdffonts")
	cmd := exec.Command("pdffonts", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name, type (two words), encoding, emb, sub, uni, object id
		if len(f) < 8 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" {
			t.Errorf("font not embedded as a subset: %s", l)
		}
	}
}
