package content_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/content"
)

func loadSlides(t *testing.T, slides string) ([]content.Slide, []content.Problem) {
	t.Helper()
	p, probs := loadMem(t, map[string]string{"slides.md": slides})
	if p == nil {
		t.Fatalf("pack did not load:\n  %s", strings.Join(problemStrings(probs), "\n  "))
	}
	return p.Slides, probs
}

func TestSlidesValidPack(t *testing.T) {
	slides, probs := loadSlides(t, validSlides)
	requireClean(t, probs)
	want := []content.Slide{
		{
			Number: 1, Line: 6, Title: "Judul Satu",
			Blocks: []content.Block{
				{Kind: content.Paragraph, Text: "Teks **penting** di sini.", Line: 8},
				{Kind: content.Image, Alt: "Alur", Path: "img/alur.png", Line: 10},
			},
			Notes:      "Catatan slide satu.",
			Directives: map[string]string{"paginate": "true"},
		},
		{
			Number: 2, Line: 16, Title: "Judul Dua",
			Blocks: []content.Block{
				{Kind: content.Bullet, Text: "Satu", Line: 18},
				{Kind: content.Bullet, Text: "Dua", Line: 19},
			},
			Notes:      "Catatan slide dua.",
			Directives: map[string]string{"paginate": "true"},
		},
	}
	if !reflect.DeepEqual(slides, want) {
		t.Errorf("slides:\n got %+v\nwant %+v", slides, want)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	crlf := func(s string) string { return "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n") }
	p, probs := loadChanged(t, map[string]string{
		"pack.toml": crlf(validManifest),
		"slides.md": crlf(validSlides),
		"quiz.toml": crlf(validQuiz),
	})
	requireClean(t, probs)
	want, _ := loadMem(t, nil)
	if !reflect.DeepEqual(p.Slides, want.Slides) || !reflect.DeepEqual(p.Questions, want.Questions) || p.ID != want.ID {
		t.Errorf("a BOM and CRLF changed the result:\n got %+v\nwant %+v", p.Slides, want.Slides)
	}
}

func TestNotesAndDirectives(t *testing.T) {
	src := `---
marp: true
class: normal
---

<!-- _class: lead -->
<!-- backgroundColor: "#fff" -->
# Satu <!-- fit -->

Teks <!-- catatan sebaris --> lanjut.

<!--
Catatan panjang
  baris kedua
-->

<!--
paginate: false
bukan direktif
-->

---

# Dua

<!-- footer: Polda NTB -->
<!-- catatan dua -->

---
<!-- _paginate: true -->

# Tiga

<!-- catatan tiga -->
`
	slides, _ := loadSlides(t, src)
	if len(slides) != 3 {
		t.Fatalf("got %d slides, want 3", len(slides))
	}
	tests := []struct {
		notes      string
		directives map[string]string
	}{
		{
			notes:      "catatan sebaris\n\nCatatan panjang\nbaris kedua\n\npaginate: false\nbukan direktif",
			directives: map[string]string{"class": "lead", "backgroundColor": "#fff"},
		},
		{
			notes:      "catatan dua",
			directives: map[string]string{"class": "normal", "backgroundColor": "#fff", "footer": "Polda NTB"},
		},
		{
			notes:      "catatan tiga",
			directives: map[string]string{"class": "normal", "backgroundColor": "#fff", "footer": "Polda NTB", "paginate": "true"},
		},
	}
	for i, tt := range tests {
		s := slides[i]
		if s.Notes != tt.notes {
			t.Errorf("slide %d notes = %q, want %q", i+1, s.Notes, tt.notes)
		}
		if !reflect.DeepEqual(s.Directives, tt.directives) {
			t.Errorf("slide %d directives = %v, want %v", i+1, s.Directives, tt.directives)
		}
	}
	if got := slides[0].Title; got != "Satu" {
		t.Errorf("title = %q, want %q", got, "Satu")
	}
	if got := slides[0].Blocks[0].Text; got != "Teks lanjut." && got != "Teks  lanjut." {
		t.Errorf("paragraph = %q", got)
	}
}

func TestBlocks(t *testing.T) {
	src := `# Judul #

## Sub judul

Baris satu
baris dua.

3. tiga
1. empat
- butir
  sambungan
* bintang

![Peta **NTB**](<img/alur.png> "judul")

<!-- catatan -->
`
	slides, probs := loadSlides(t, src)
	requireClean(t, probs)
	want := []content.Block{
		{Kind: content.Heading, Level: 2, Text: "Sub judul", Line: 3},
		{Kind: content.Paragraph, Text: "Baris satu baris dua.", Line: 5},
		{Kind: content.Numbered, Level: 3, Text: "tiga", Line: 8},
		{Kind: content.Numbered, Level: 4, Text: "empat", Line: 9},
		{Kind: content.Bullet, Text: "butir sambungan", Line: 10},
		{Kind: content.Bullet, Text: "bintang", Line: 12},
		{Kind: content.Image, Alt: "Peta **NTB**", Path: "img/alur.png", Line: 14},
	}
	if slides[0].Title != "Judul" {
		t.Errorf("title = %q", slides[0].Title)
	}
	if !reflect.DeepEqual(slides[0].Blocks, want) {
		t.Errorf("blocks:\n got %+v\nwant %+v", slides[0].Blocks, want)
	}
}

func TestSlideBreaks(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		titles []string
	}{
		{"break at the start", "\n---\n\n# A\n<!-- n -->\n\n---\n\n# B\n<!-- n -->\n", []string{"A", "B"}},
		{"break after front matter", "---\nmarp: true\n---\n---\n# A\n<!-- n -->\n", []string{"A"}},
		{"trailing spaces", "# A\n<!-- n -->\n\n---   \n# B\n<!-- n -->\n", []string{"A", "B"}},
		{"after a comment line", "# A\n<!-- n -->\n---\n# B\n<!-- n -->\n", []string{"A", "B"}},
		{"inside a comment", "# A\n<!--\n\n---\n\n-->\n", []string{"A"}},
		{"inside a code block", "# A\n<!-- n -->\n\n```\n\n---\n```\n", []string{"A"}},
		{"indented is not a break", "# A\n<!-- n -->\n\n ---\n", []string{"A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slides, _ := loadSlides(t, tt.src)
			var titles []string
			for _, s := range slides {
				titles = append(titles, s.Title)
			}
			if !reflect.DeepEqual(titles, tt.titles) {
				t.Errorf("titles = %q, want %q", titles, tt.titles)
			}
		})
	}
}

func TestFrontMatter(t *testing.T) {
	p, probs := loadMem(t, map[string]string{"slides.md": "---\nmarp: true\ntheme: 'gaia'\nsize: 16:9\n  nested: x\n---\n\n# A\n<!-- n -->\n"})
	requireProblems(t, probs, `slides.md:5: warning: front matter line is not "key: value"`)
	want := map[string]string{"marp": "true", "theme": "gaia", "size": "16:9"}
	if !reflect.DeepEqual(p.FrontMatter, want) {
		t.Errorf("front matter = %v, want %v", p.FrontMatter, want)
	}
	if got := p.Slides[0].Directives; !reflect.DeepEqual(got, map[string]string{"theme": "gaia", "size": "16:9"}) {
		t.Errorf("directives = %v", got)
	}

	_, probs = loadMem(t, map[string]string{"slides.md": "---\nmarp: true\n\n# A\n"})
	requireProblems(t, probs, "slides.md:1: front matter is not closed")
}

func TestSpans(t *testing.T) {
	tests := []struct {
		text string
		want []content.Span
	}{
		{"", nil},
		{"biasa", []content.Span{{Text: "biasa"}}},
		{"**tebal**", []content.Span{{Text: "tebal", Bold: true}}},
		{"a **b** c **d**", []content.Span{{Text: "a "}, {Text: "b", Bold: true}, {Text: " c "}, {Text: "d", Bold: true}}},
		{"a ** b", []content.Span{{Text: "a ** b"}}},
		{"a **b** **c", []content.Span{{Text: "a "}, {Text: "b", Bold: true}, {Text: " **c"}}},
		{"a****b", []content.Span{{Text: "ab"}}},
		{"**Rp 200 juta**–**Rp 5 miliar**", []content.Span{{Text: "Rp 200 juta", Bold: true}, {Text: "–"}, {Text: "Rp 5 miliar", Bold: true}}},
	}
	for _, tt := range tests {
		if got := content.Spans(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Spans(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestBlockKindString(t *testing.T) {
	if got := content.Numbered.String(); got != "numbered" {
		t.Errorf("Numbered.String() = %q", got)
	}
}
