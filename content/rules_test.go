package content_test

import (
	"strings"
	"testing"
)

func edit(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("edit: " + old + " not found")
	}
	return strings.Replace(s, old, new, 1)
}

// TestRules checks each validation rule on a pack that breaks only that rule.
func TestRules(t *testing.T) {
	manyBullets := "# Banyak\n\n" + strings.Repeat("- butir\n", 11) + "\n<!-- catatan -->\n"
	manyWords := "# Panjang\n\n" + strings.Repeat("kata ", 61) + "\n\n<!-- catatan -->\n"
	tests := []struct {
		name    string
		changes map[string]string
		want    []string
		loads   bool // the pack loads: every problem is a warning
	}{
		{"valid pack", nil, nil, true},
		{
			name:    "unknown manifest key",
			changes: map[string]string{"pack.toml": edit(validManifest, `version = "1.0.0"`, "version = \"1.0.0\"\ncolour = \"red\"")},
			want:    []string{`pack.toml:5: unknown key "colour"`},
		},
		{
			name:    "unknown source key",
			changes: map[string]string{"pack.toml": validManifest + "penerbit = \"x\"\n"},
			want:    []string{`pack.toml:14: source 1: unknown key "penerbit" (known keys: title, publisher, date, url)`},
		},
		{
			name:    "source without publisher and date",
			changes: map[string]string{"pack.toml": edit(edit(validManifest, "publisher = \"Kementerian Sekretariat Negara\"\n", ""), "date = 2007-04-19\n", "")},
			want: []string{
				"pack.toml:9: warning: source 1: no publisher (who published it",
				"pack.toml:9: warning: source 1: no date (when it was published",
			},
			loads: true,
		},
		{
			name: "source dates as a year or a month, or none given",
			changes: map[string]string{"pack.toml": edit(validManifest, "date = 2007-04-19", `date = "2007-04"`) +
				"\n[[source]]\ntitle = \"Lain\"\npublisher = \"X\"\ndate = \"2025\"\nurl = \"https://contoh.id/a\"\n" +
				"\n[[source]]\ntitle = \"Tanpa tanggal\"\npublisher = \"X\"\ndate = \"n.d.\"\nurl = \"https://contoh.id/b\"\n"},
			loads: true,
		},
		{
			name: "bad source dates",
			changes: map[string]string{"pack.toml": edit(validManifest, "date = 2007-04-19", `date = "19 April 2007"`) +
				"\n[[source]]\ntitle = \"Lain\"\npublisher = \"X\"\ndate = 2025-06-30T10:00:00\nurl = \"https://contoh.id/a\"\n" +
				"\n[[source]]\ntitle = \"Lagi\"\npublisher = \"X\"\ndate = 2025\nurl = \"https://contoh.id/b\"\n"},
			want: []string{
				`pack.toml:13: source 1: date "19 April 2007" must look like 2025-06-30, "2025-06", "2025" or "n.d." (no date given)`,
				"pack.toml:18: source 2: date must be a day like 2025-06-30, without a time",
				`pack.toml:24: source 3: date must look like 2025-06-30, "2025-06", "2025" or "n.d." (no date given)`,
			},
		},
		{
			name: "two sources with one url",
			changes: map[string]string{"pack.toml": validManifest +
				"\n[[source]]\ntitle = \"Sama\"\npublisher = \"X\"\ndate = \"2025\"\nurl = \"http://www.peraturan.go.id/id/uu-no-21-tahun-2007/\"\n"},
			want:  []string{"pack.toml:19: warning: source 2: same url as source 1"},
			loads: true,
		},
		{
			name:    "missing id and title",
			changes: map[string]string{"pack.toml": edit(edit(validManifest, "id = \"uji\"\n", ""), "title = \"Paket Uji\"\n", "")},
			want:    []string{"pack.toml: missing id", "pack.toml: missing title"},
		},
		{
			name:    "bad id",
			changes: map[string]string{"pack.toml": edit(validManifest, `id = "uji"`, `id = "Uji Coba"`)},
			want:    []string{`pack.toml:1: id "Uji Coba" must be 2 to 64 lowercase letters`},
		},
		{
			name:    "id of a different type",
			changes: map[string]string{"pack.toml": edit(validManifest, `id = "uji"`, `id = 12`)},
			want:    []string{"pack.toml:1: id must be a string in quotes"},
		},
		{
			name:    "bad version",
			changes: map[string]string{"pack.toml": edit(validManifest, `version = "1.0.0"`, `version = "../1"`)},
			want:    []string{`pack.toml:4: version "../1" must start with a letter or digit`},
		},
		{
			name:    "bad language",
			changes: map[string]string{"pack.toml": edit(validManifest, `language = "id"`, `language = "bahasa indonesia"`)},
			want:    []string{`pack.toml:3: language "bahasa indonesia" is not a BCP-47 tag`},
		},
		{
			name:    "missing sources",
			changes: map[string]string{"pack.toml": validManifest[:strings.Index(validManifest, "[[source]]")]},
			want:    []string{"pack.toml: missing sources"},
		},
		{
			name:    "source without url",
			changes: map[string]string{"pack.toml": edit(validManifest, "url = \"https://peraturan.go.id/id/uu-no-21-tahun-2007\"\n", "")},
			want:    []string{"pack.toml:9: source 1: missing url"},
		},
		{
			name:    "source url not http",
			changes: map[string]string{"pack.toml": edit(validManifest, "https://peraturan", "ftp://peraturan")},
			want:    []string{`pack.toml:11: source 1: url "ftp://peraturan.go.id/id/uu-no-21-tahun-2007" is not an http or https address`},
		},
		{
			name:    "missing checked_on",
			changes: map[string]string{"pack.toml": edit(validManifest, "checked_on = 2026-01-15\n", "")},
			want:    []string{"pack.toml: missing checked_on date"},
		},
		{
			name:    "checked_on in quotes",
			changes: map[string]string{"pack.toml": edit(validManifest, "checked_on = 2026-01-15", `checked_on = "2026-01-15"`)},
			want:    []string{"pack.toml:5: checked_on must be a date like 2025-06-30"},
		},
		{
			name:    "TOML syntax error",
			changes: map[string]string{"pack.toml": edit(validManifest, `title = "Paket Uji"`, `title = "Paket Uji`)},
			want:    []string{"pack.toml:2: invalid TOML"},
		},
		{
			name:    "missing manifest",
			changes: map[string]string{"pack.toml": deleted},
			want:    []string{"pack.toml: file is missing"},
		},
		{
			name:    "unknown question key",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `topic = "prosedur"`, "topic = \"prosedur\"\nanswers = [\"x\"]")},
			want:    []string{`quiz.toml:18: unknown key "answers"`},
		},
		{
			name:    "unknown top-level quiz key",
			changes: map[string]string{"quiz.toml": "title = \"Kuis\"\n" + validQuiz},
			want:    []string{`quiz.toml:1: unknown key "title"`},
		},
		{
			name:    "missing question id",
			changes: map[string]string{"quiz.toml": edit(validQuiz, "id = \"q2\"\n", "")},
			want:    []string{"quiz.toml:10: missing id"},
		},
		{
			name:    "duplicate question ids",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `id = "q2"`, `id = "q1"`)},
			want:    []string{`quiz.toml:11: duplicate question id "q1" (also on line 2)`},
		},
		{
			name:    "bad question id",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `id = "q2"`, `id = "Q 2"`)},
			want:    []string{`quiz.toml:11: id "Q 2" must be lowercase letters, digits or hyphens`},
		},
		{
			name:    "answer not in options",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `answer = "Salah"`, `answer = "Salah "`)},
			want:    []string{`quiz.toml:5: answer "Salah " is not one of the options`},
		},
		{
			name:    "one option",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `options = ["Benar", "Salah"]`, `options = ["Salah"]`)},
			want:    []string{"quiz.toml:4: 1 options; a question needs 2 to 6"},
		},
		{
			name:    "seven options",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `options = ["Benar", "Salah"]`, `options = ["Benar", "Salah", "a", "b", "c", "d", "e"]`)},
			want:    []string{"quiz.toml:4: 7 options; a question needs 2 to 6"},
		},
		{
			name:    "empty and repeated options",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `options = ["Benar", "Salah"]`, `options = ["Benar", "Salah", " ", "Salah"]`)},
			want:    []string{"quiz.toml:4: option 3 is empty", `quiz.toml:4: option "Salah" appears twice`},
		},
		{
			name:    "options not strings",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `options = ["Benar", "Salah"]`, `options = [1, 2]`)},
			want:    []string{"quiz.toml:4: options must be an array of strings"},
		},
		{
			name:    "bad phase",
			changes: map[string]string{"quiz.toml": edit(validQuiz, `phase = "post"`, `phase = "akhir"`)},
			want:    []string{`quiz.toml:16: phase "akhir" must be "pre", "post" or "both"`},
		},
		{
			name:    "question without explanation",
			changes: map[string]string{"quiz.toml": edit(validQuiz, "explanation = \"Calo tidak resmi.\"\n", "")},
			want:    []string{"quiz.toml:1: warning: question q1 has no explanation"},
			loads:   true,
		},
		{
			name:    "no quiz questions",
			changes: map[string]string{"quiz.toml": "# belum ada soal\n"},
			want:    []string{"quiz.toml: warning: no quiz questions"},
			loads:   true,
		},
		{
			name:    "no quiz file",
			changes: map[string]string{"quiz.toml": deleted},
			want:    []string{"quiz.toml: warning: file is missing"},
			loads:   true,
		},
		{
			name:    "missing image",
			changes: map[string]string{"slides.md": edit(validSlides, "img/alur.png", "img/tidak-ada.png"), "img/alur.png": deleted},
			want:    []string{"slides.md:10: image img/tidak-ada.png is not in the pack"},
		},
		{
			name:    "SVG image",
			changes: map[string]string{"slides.md": edit(validSlides, "img/alur.png", "img/alur.svg"), "img/alur.svg": `<svg xmlns="http://www.w3.org/2000/svg"><text>Alur</text></svg>`},
			want:    []string{"slides.md:10: image img/alur.svg is not a PNG or JPEG (labels in SVG do not render)"},
		},
		{
			name:    "SVG content named .png",
			changes: map[string]string{"img/alur.png": `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`},
			want:    []string{"slides.md:10: image img/alur.png is not a PNG or JPEG (labels in SVG do not render)"},
		},
		{
			name:    "text named .png",
			changes: map[string]string{"img/alur.png": "this is not an image"},
			want:    []string{"slides.md:10: image img/alur.png is not a PNG or JPEG"},
		},
		{
			name:    "truncated png",
			changes: map[string]string{"img/alur.png": "\x89PNG\r\n\x1a\n\x00\x00"},
			want:    []string{"slides.md:10: image img/alur.png is damaged"},
		},
		{
			name:    "image path escaping the pack",
			changes: map[string]string{"slides.md": edit(validSlides, "img/alur.png", "../alur.png")},
			want:    []string{"slides.md:10: image ../alur.png is outside the pack"},
		},
		{
			name:    "absolute image path",
			changes: map[string]string{"slides.md": edit(validSlides, "img/alur.png", "/etc/alur.png")},
			want:    []string{"slides.md:10: image /etc/alur.png is outside the pack"},
		},
		{
			name:    "drive letter image path",
			changes: map[string]string{"slides.md": edit(validSlides, "img/alur.png", "C:/alur.png")},
			want:    []string{"slides.md:10: image C:/alur.png is outside the pack"},
		},
		{
			name:    "web image",
			changes: map[string]string{"slides.md": edit(validSlides, "img/alur.png", "https://example.org/alur.png")},
			want:    []string{"slides.md:10: image https://example.org/alur.png is not a file in the pack"},
		},
		{
			name:    "image not used",
			changes: map[string]string{"img/lain.png": string(pngBytes(t))},
			want:    []string{"img/lain.png: warning: not used by any slide"},
			loads:   true,
		},
		{
			name:    "unexpected root file and folder",
			changes: map[string]string{"catatan.txt": "x", "lama/slides.md": "x", "README.md": "x", "LICENSE": "x", "src/alur.svg": "<svg/>", ".git/config": "x"},
			want: []string{
				"catatan.txt: warning: unexpected file in the pack",
				"lama/: warning: unexpected folder in the pack",
			},
			loads: true,
		},
		{
			name:    "empty slide",
			changes: map[string]string{"slides.md": validSlides + "\n---\n\n"},
			want:    []string{"slides.md:23: slide 3 is empty"},
		},
		{
			name:    "no slides",
			changes: map[string]string{"slides.md": "---\nmarp: true\n---\n\n"},
			want:    []string{"slides.md: no slides"},
		},
		{
			name:    "missing slides",
			changes: map[string]string{"slides.md": deleted},
			want:    []string{"slides.md: file is missing"},
		},
		{
			name:    "slide without title",
			changes: map[string]string{"slides.md": edit(validSlides, "# Judul Dua\n", "")},
			want:    []string{"slides.md:17: warning: slide 2 has no title"},
			loads:   true,
		},
		{
			name:    "too many bullets",
			changes: map[string]string{"slides.md": validSlides + "\n---\n\n" + manyBullets},
			want:    []string{"slides.md:25: warning: slide 3 has 11 bullets (more than 8 is hard to read from the back of a hall)"},
			loads:   true,
		},
		{
			name:    "too many words",
			changes: map[string]string{"slides.md": validSlides + "\n---\n\n" + manyWords},
			want:    []string{"slides.md:25: warning: slide 3 has 62 words"},
			loads:   true,
		},
		{
			name:    "slide without notes",
			changes: map[string]string{"slides.md": edit(validSlides, "<!-- Catatan slide dua. -->", "<!-- _class: lead -->")},
			want:    []string{"slides.md:16: warning: slide 2 has no speaker notes"},
			loads:   true,
		},
		{
			name:    "unclosed comment",
			changes: map[string]string{"slides.md": edit(validSlides, "<!-- Catatan slide dua. -->", "<!-- Catatan slide dua.")},
			want:    []string{"slides.md:21: comment is not closed with -->"},
		},
		{
			name:    "unsupported markdown",
			changes: map[string]string{"slides.md": validSlides + "\n| a | b |\n| - | - |\n\n```\nkode\n```\n\n> kutipan\n\n<div>x</div>\n\n#### kecil\n"},
			want: []string{
				"slides.md:23: warning: tables are not supported",
				"slides.md:26: warning: code blocks are not supported",
				"slides.md:30: warning: block quotes are not supported",
				"slides.md:32: warning: HTML is not supported",
				"slides.md:34: warning: heading level 4 is not supported",
			},
			loads: true,
		},
		{
			name:    "slide break right after text",
			changes: map[string]string{"slides.md": edit(validSlides, "Teks **penting** di sini.\n", "Teks **penting** di sini.\n---\n")},
			want:    []string{"slides.md:9: warning: --- right after text is not a slide break"},
			loads:   true,
		},
		{
			name:    "invalid UTF-8 in slides",
			changes: map[string]string{"slides.md": edit(validSlides, "Teks", "Te\xffks")},
			want:    []string{"slides.md:8: invalid UTF-8"},
		},
		{
			name:    "invalid UTF-8 in manifest",
			changes: map[string]string{"pack.toml": edit(validManifest, "Paket", "Pa\xc3ket")},
			want:    []string{"pack.toml:2: invalid UTF-8"},
		},
		{
			name:    "invalid UTF-8 in quiz",
			changes: map[string]string{"quiz.toml": edit(validQuiz, "Calo tidak", "Calo \xe2\x28tidak")},
			want:    []string{"quiz.toml:6: invalid UTF-8"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, probs := loadChanged(t, tt.changes)
			if len(tt.want) == 0 {
				requireClean(t, probs)
			}
			requireProblems(t, probs, tt.want...)
			if loaded := p != nil; loaded != tt.loads {
				t.Errorf("pack loaded = %v, want %v; problems:\n  %s", loaded, tt.loads, strings.Join(problemStrings(probs), "\n  "))
			}
		})
	}
}
