package content_test

import (
	"strings"
	"testing"
)

// sourcedSlides is the valid deck with notes that cite sources.
func sourcedSlides(note1, note2 string) string {
	return edit(edit(validSlides, "<!-- Catatan slide satu. -->", "<!--\nCatatan slide satu.\n\n"+note1+"\n-->"),
		"<!-- Catatan slide dua. -->", "<!--\nCatatan slide dua.\n\n"+note2+"\n-->")
}

// The notes of slide 1 start on line 12, so a source line after the
// first paragraph is line 15; those of slide 2 start on line 25, line 28.
func TestNoteCitations(t *testing.T) {
	const known = "peraturan.go.id/id/uu-no-21-tahun-2007"
	manifest := validManifest + `
[[source]]
title = "Berita"
publisher = "Kompas"
date = 2023-06-15
url = "https://regional.kompas.com/read/2023/06/15/233026778"

[[source]]
title = "Radio"
publisher = "Mataram Radio"
date = "2024-02"
url = "https://mataramradio.com/?p=25274"
`
	tests := []struct {
		name         string
		note1, note2 string
		want         []string // errors; none means the pack is clean
	}{
		{
			name:  "every address is a source",
			note1: "Sumber: " + known + " ; regional.kompas.com/read/2023/06/15/233026778 (Kompas, 15 Juni 2023)",
			note2: "Sumber: https://www.mataramradio.com/?p=25274 dan http://regional.kompas.com/read/2023/06/15/233026778/",
		},
		{
			name:  "an address that is not a source",
			note1: "Sumber: " + known + " ; tvonenews.com (berita nasional 403720)",
			want:  []string{"slides.md:15: slide 1 cites tvonenews.com, which is not the url of any [[source]] in pack.toml"},
		},
		{
			name:  "a shortened address",
			note2: "Sumber: regional.kompas.com/read/2023/06/15",
			want:  []string{"slides.md:28: slide 2 cites regional.kompas.com/read/2023/06/15, which is not"},
		},
		{
			name:  "the list goes on to the next line",
			note1: "Sumber: " + known + " ;\ncontoh.id/berita/1",
			want:  []string{"slides.md:16: slide 1 cites contoh.id/berita/1"},
		},
		{
			name:  "addresses outside a source list are not citations",
			note1: "Cek perusahaan di siskop2mi.bp2mi.go.id atau lapor.go.id.\n\nSumber: " + known,
		},
		{
			name:  "a blank line ends the list",
			note1: "Sumber: " + known + "\n\nBuka siskop2mi.bp2mi.go.id di HP.",
		},
		{
			name:  "file names, e-mail and numbers are not addresses",
			note1: "Sumber: salinan KUHP (berkas KUHP_Baru.txt), quiz.toml paket ini, Laporan.PDF, surel humas@contoh.id, 1.107 paspor, Rp1.000.000, Pasal 1 angka 1, " + known,
		},
		{
			name:  "a file on a web site is an address",
			note1: "Sumber: contoh.id/laporan.pdf",
			want:  []string{"slides.md:15: slide 1 cites contoh.id/laporan.pdf"},
		},
		{
			name:  "a source list without addresses",
			note2: "Sumber: tidak ada fakta baru di slide ini.",
		},
		{
			name:  "English label and sentence punctuation",
			note2: "Sources: " + known + ". Also contoh.id/x.",
			want:  []string{"slides.md:28: slide 2 cites contoh.id/x,"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, probs := loadMem(t, map[string]string{"pack.toml": manifest, "slides.md": sourcedSlides(tt.note1, tt.note2)})
			if len(tt.want) == 0 {
				requireClean(t, probs)
				return
			}
			requireProblems(t, probs, tt.want...)
			if p != nil {
				t.Error("a note citing an unknown source is an error, but the pack loaded")
			}
			if n := strings.Count(strings.Join(problemStrings(probs), "\n"), " cites "); n != len(tt.want) {
				t.Errorf("%d citation problems, want %d:\n  %s", n, len(tt.want), strings.Join(problemStrings(probs), "\n  "))
			}
		})
	}
}

// A pack whose manifest has no sources gets that error, not one per note.
func TestNoteCitationsWithoutSources(t *testing.T) {
	manifest := validManifest[:strings.Index(validManifest, "[[source]]")]
	_, probs := loadMem(t, map[string]string{"pack.toml": manifest, "slides.md": sourcedSlides("Sumber: contoh.id/a", "")})
	requireProblems(t, probs, "pack.toml: missing sources")
	for _, p := range probs {
		if strings.Contains(p.Message, " cites ") {
			t.Errorf("unexpected %s", p)
		}
	}
}

func tfQuestion(id, phase, answer string) string {
	return "\n[[question]]\nid = \"" + id + "\"\ntext = \"Pernyataan " + id + "\"\noptions = [\"Benar\", \"Salah\"]\nanswer = \"" + answer +
		"\"\nexplanation = \".\"\nphase = \"" + phase + "\"\n"
}

func TestAnswerBalance(t *testing.T) {
	tests := []struct {
		name string
		quiz string
		want []string // warnings; none means clean
	}{
		{
			name: "three of four in both tests",
			quiz: tfQuestion("a", "both", "Salah") + tfQuestion("b", "both", "Salah") + tfQuestion("c", "both", "Salah") + tfQuestion("d", "both", "Benar"),
			want: []string{
				`quiz.toml: warning: in the pre-test 3 of the 4 questions answered "Benar" or "Salah" have the answer "Salah" (a, b, c): guessing "Salah" scores 75%`,
				`quiz.toml: warning: in the post-test 3 of the 4 questions answered "Benar" or "Salah" have the answer "Salah" (a, b, c)`,
			},
		},
		{
			name: "three of five is balanced enough",
			quiz: tfQuestion("a", "both", "Salah") + tfQuestion("b", "both", "Salah") + tfQuestion("c", "both", "Salah") +
				tfQuestion("d", "both", "Benar") + tfQuestion("e", "both", "Benar"),
		},
		{
			name: "each test counted on its own",
			quiz: tfQuestion("a", "both", "Benar") + tfQuestion("b", "both", "Salah") + tfQuestion("c", "pre", "Benar") +
				tfQuestion("d", "pre", "Benar") + tfQuestion("e", "post", "Salah"),
			want: []string{`in the pre-test 3 of the 4 questions answered "Benar" or "Salah" have the answer "Benar" (a, c, d): guessing "Benar" scores 75%`},
		},
		{
			name: "options in either order are one format",
			quiz: tfQuestion("a", "both", "Benar") + strings.Replace(tfQuestion("b", "both", "Benar"), `["Benar", "Salah"]`, `["Salah", "Benar"]`, 1),
			want: []string{
				`in the pre-test 2 of the 2 questions answered "Benar" or "Salah" have the answer "Benar" (a, b): guessing "Benar" scores 100%`,
				`in the post-test 2 of the 2 questions answered "Benar" or "Salah" have the answer "Benar" (a, b)`,
			},
		},
		{
			name: "different pairs are not mixed",
			quiz: tfQuestion("a", "both", "Benar") + strings.Replace(tfQuestion("b", "both", "Ya"), `["Benar", "Salah"]`, `["Ya", "Tidak"]`, 1),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, probs := loadMem(t, map[string]string{"quiz.toml": strings.TrimPrefix(tt.quiz, "\n")})
			if p == nil {
				t.Fatalf("the pack did not load:\n  %s", strings.Join(problemStrings(probs), "\n  "))
			}
			if len(tt.want) == 0 {
				requireClean(t, probs)
				return
			}
			requireProblems(t, probs, tt.want...)
			if len(probs) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n  %s", len(probs), len(tt.want), strings.Join(problemStrings(probs), "\n  "))
			}
		})
	}
}

func TestPictureTitleLength(t *testing.T) {
	long := edit(validSlides, "# Judul Satu", "# Jalur Resmi, Langkah demi Langkah")
	_, probs := loadMem(t, map[string]string{"slides.md": long})
	requireProblems(t, probs, "slides.md:6: warning: slide 1 shows a picture under a title of 33 characters")
	if len(probs) != 1 {
		t.Errorf("problems:\n  %s", strings.Join(problemStrings(probs), "\n  "))
	}
	// a long title over text alone is fine; a short one over a picture too
	_, probs = loadMem(t, map[string]string{"slides.md": edit(validSlides, "# Judul Dua", "# Jalur Resmi, Langkah demi Langkah")})
	requireClean(t, probs)
	_, probs = loadMem(t, map[string]string{"slides.md": edit(validSlides, "# Judul Satu", "# Kenali Tanda Bahaya")})
	requireClean(t, probs)
}
