package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/penyuluh/penyuluh/content"
)

// renderSlide shows slide index of deck alone in a window of the given
// size, as the audience window does.
func renderSlide(t testing.TB, deck *slideDeck, index int, size fyne.Size) *slideRenderer {
	t.Helper()
	v := newSlideView(deck, false)
	v.index = index
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(size)
	return test.WidgetRenderer(v).(*slideRenderer)
}

func newTestDeck(t testing.TB, slides ...content.Slide) *slideDeck {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	if len(slides) == 0 {
		return newSlideDeck(content.Default())
	}
	for i := range slides {
		slides[i].Number = i + 1
	}
	return newSlideDeck(&content.Pack{ID: "test", Slides: slides})
}

func bullets(texts ...string) []content.Block {
	var blocks []content.Block
	for _, t := range texts {
		blocks = append(blocks, content.Block{Kind: content.Bullet, Text: t})
	}
	return blocks
}

// The sizes a hall needs: at 1024×768 (and 1366×768) a title is at least
// 1/12 of the screen height and body text 1/20, on every bundled slide that
// fits at full size; a slide that does not is logged.
func TestSlideTextIsReadableFromTheBack(t *testing.T) {
	deck := newTestDeck(t)
	for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1366, Height: 768}} {
		for i := range deck.count() {
			r := renderSlide(t, deck, i, size)
			if r.layout.shrink < 1 {
				t.Logf("%v slide %d is shrunk to %.2f to fit", size, i+1, r.layout.shrink)
				continue
			}
			for j, txt := range r.texts {
				var least float32
				switch r.layout.lines[r.textLine[j]].role {
				case roleTitle:
					least = size.Height / 12
				case roleBody, roleHeading, roleMarker:
					least = size.Height / 20
				default:
					continue
				}
				if txt.TextSize < least {
					t.Errorf("%v slide %d: %q is %.1f px, want at least %.1f", size, i+1, txt.Text, txt.TextSize, least)
				}
			}
		}
	}
}

// Every slide stays inside the window at any size: long ones shrink.
func TestSlidesNeverClip(t *testing.T) {
	long := content.Slide{
		Title: "Sebuah judul yang sangat panjang sekali untuk menguji pembungkusan baris judul di layar",
		Blocks: bullets(
			strings.Repeat("Kalimat panjang tentang jalur resmi bekerja ke luar negeri. ", 4),
			strings.Repeat("Biaya penempatan tidak boleh dibebankan kepada PMI. ", 4),
			"Satu", "Dua", "Tiga", "Empat", "Lima", "Enam", "Tujuh", "Delapan", "Sembilan", "Sepuluh",
		),
	}
	longWord := content.Slide{Title: "Alamat", Blocks: []content.Block{
		{Kind: content.Paragraph, Text: "siskop2mi.bp2mi.go.id/" + strings.Repeat("sangat-panjang-", 12)},
	}}
	deck := newTestDeck(t, long, longWord)
	check := func(deck *slideDeck, i int, size fyne.Size) *slideRenderer {
		r := renderSlide(t, deck, i, size)
		for _, o := range r.Objects() {
			if o == r.outer || o == r.page || o == r.blank {
				continue
			}
			p, s := o.Position(), o.Size()
			if p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width+0.5 || p.Y+s.Height > size.Height+0.5 {
				t.Errorf("%v slide %d: %T at %v size %v is outside the window", size, i+1, o, p, s)
			}
		}
		return r
	}
	sizes := []fyne.Size{{Width: 1024, Height: 768}, {Width: 1366, Height: 768}, {Width: 800, Height: 600},
		{Width: 1920, Height: 1080}, {Width: 2560, Height: 1080}, {Width: 600, Height: 900}, {Width: 320, Height: 180}}
	for _, size := range sizes {
		if r := check(deck, 0, size); r.layout.shrink >= 1 {
			t.Errorf("%v: the long slide was not shrunk", size)
		}
		check(deck, 1, size)
	}
	bundled := newSlideDeck(content.Default())
	for _, size := range sizes {
		for i := range bundled.count() {
			check(bundled, i, size)
		}
	}
}

func TestSlideBoldSpans(t *testing.T) {
	deck := newTestDeck(t, content.Slide{Title: "Hukuman", Blocks: bullets("Penjara **3 sampai 15 tahun** dan denda")})
	r := renderSlide(t, deck, 0, fyne.NewSize(1024, 768))
	var texts []string
	for _, txt := range r.texts {
		texts = append(texts, fmt.Sprintf("%q bold=%v", txt.Text, txt.TextStyle.Bold))
		if strings.Contains(txt.Text, "**") {
			t.Errorf("bold markers shown: %q", txt.Text)
		}
	}
	want := []string{`"Hukuman" bold=true`, `"•" bold=false`, `"Penjara " bold=false`,
		`"3 sampai 15 tahun " bold=true`, `"dan denda" bold=false`}
	if strings.Join(texts, ", ") != strings.Join(want, ", ") {
		t.Fatalf("runs:\n%s\nwant:\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
	// the runs of a line meet: no gap, no overlap
	for i := 3; i < 5; i++ {
		prev, cur := r.texts[i-1], r.texts[i]
		if d := cur.Position().X - (prev.Position().X + prev.Size().Width); d < -0.5 || d > 0.5 {
			t.Errorf("%q starts %.1f px from the end of %q", cur.Text, d, prev.Text)
		}
	}
}

// diagramMinLabel is the smallest text in the bundled pack's diagrams, in
// pixels of their 1600-px-wide pictures (content/packs/tppo-ntb/src/diagrams.sh
// refuses smaller text).
const diagramMinLabel = 48

// Every bundled diagram shows as large as its slide allows: on a 4:3 and a
// 16:9 projector its smallest text is at least 1/30 of the screen height,
// readable from the back of a hall.
func TestSlideShowsDiagram(t *testing.T) {
	deck := newTestDeck(t)
	for i, s := range deck.pack.Slides {
		if len(s.Blocks) == 0 || s.Blocks[0].Kind != content.Image {
			continue
		}
		for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1366, Height: 768}} {
			r := renderSlide(t, deck, i, size)
			if len(r.shown) != 1 {
				t.Fatalf("slide %d shows %d pictures", i+1, len(r.shown))
			}
			img := r.shown[0]
			if img.FillMode != canvas.ImageFillContain || img.Image == nil {
				t.Fatalf("slide %d: picture %+v", i+1, img)
			}
			scale := img.Size().Height / float32(img.Image.Bounds().Dy())
			if label := diagramMinLabel * scale; label < size.Height/30 {
				t.Errorf("%v slide %d: picture %.0f px high, its smallest text %.1f px, want at least %.1f",
					size, i+1, img.Size().Height, label, size.Height/30)
			}
		}
	}
}

func TestSlideMissingPictureShowsItsText(t *testing.T) {
	deck := newTestDeck(t, content.Slide{Title: "Alur", Blocks: []content.Block{
		{Kind: content.Image, Path: "img/hilang.png", Alt: "Alur pengaduan"},
	}})
	r := renderSlide(t, deck, 0, fyne.NewSize(1024, 768))
	if len(r.shown) != 0 || len(r.texts) != 2 || r.texts[1].Text != "Alur pengaduan" {
		t.Fatalf("pictures %d, texts %v", len(r.shown), r.texts)
	}
}

func TestSlidePageShape(t *testing.T) {
	tests := []struct {
		size  fyne.Size
		width float32
	}{
		{fyne.NewSize(1024, 768), 1200},  // 4:3 fills the screen
		{fyne.NewSize(1366, 768), 1600},  // 16:9
		{fyne.NewSize(1280, 800), 1440},  // 16:10
		{fyne.NewSize(2560, 1080), 1600}, // wider: bars left and right
		{fyne.NewSize(600, 900), 1200},   // taller: bars above and below
	}
	for _, tt := range tests {
		if got := designWidthFor(tt.size); got != tt.width {
			t.Errorf("%v: page width %v, want %v", tt.size, got, tt.width)
		}
	}
}

// BenchmarkNextSlide measures what pressing "next" costs on the UI
// goroutine: laying out and building the object trees of the audience
// slide, the presenter's current and next slides, notes and list.
func BenchmarkNextSlide(b *testing.B) {
	p, _ := newTestPresentation(b)
	for i := range p.deck.count() { // every slide once: decoded pictures, measured words
		p.goTo(i + 1)
	}
	b.ResetTimer()
	for b.Loop() {
		if p.current() == p.deck.count() {
			p.goTo(1)
		} else {
			p.next()
		}
	}
}

// BenchmarkNextSlideCold is the same without the layouts and pictures
// kept from earlier slides: the first pass through a deck.
func BenchmarkNextSlideCold(b *testing.B) {
	p, _ := newTestPresentation(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		p.deck.layouts = map[layoutKey]*slideLayout{}
		b.StartTimer()
		if p.current() == p.deck.count() {
			p.goTo(1)
		} else {
			p.next()
		}
	}
}

// BenchmarkAudienceSlideCold is the audience window's part alone: laying
// a slide out afresh and building its objects.
func BenchmarkAudienceSlideCold(b *testing.B) {
	p, _ := newTestPresentation(b)
	i := 0
	for b.Loop() {
		b.StopTimer()
		p.deck.layouts = map[layoutKey]*slideLayout{}
		i = (i + 1) % p.deck.count()
		b.StartTimer()
		p.audience.show(i, blankNone, false)
	}
}

// BenchmarkSlidePaint paints the audience window in software, which is
// slower than the OpenGL painter a real window uses: an upper bound.
func BenchmarkSlidePaint(b *testing.B) {
	p, _ := newTestPresentation(b)
	c := p.audience.win.Canvas()
	for b.Loop() {
		if p.current() == p.deck.count() {
			p.goTo(1)
		} else {
			p.next()
		}
		c.Capture()
	}
}
