package report

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	fx "golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
)

// Text that is not simple (see simple) is laid out here: split into runs
// by direction, script and font (a fallback font chosen per character),
// the runs that need it shaped with HarfBuzz (go-text/typesetting), and
// the runs put in visual order. A shaped run is drawn glyph by glyph
// through its face's PUA cmap and wrapped in marked-content spans whose
// /ActualText is the text the glyphs stand for, so that copying or
// pdftotext gives back what was typed, not private-use code points: one
// span for a left-to-right run; one per cluster for a right-to-left run,
// because readers (poppler) lay a span's text out left to right across
// its glyphs and read right-to-left text back by position — so the
// characters of one right-to-left cluster (a letter and its vowel marks,
// a lam-alef) are given in visual order too.

// piece is one run of a laid-out line, in visual order.
type piece struct {
	face *face
	text string // the run's text in logical order
	// groups are the shaped glyphs, each group with the text it stands
	// for (see above); nil means the text is drawn by gofpdf as it is
	// (one glyph per character, left to right).
	groups []glyphGroup
	adv    float64 // a shaped run's advance, in thousandths of an em
}

type glyphGroup struct {
	text   string // the /ActualText of the group
	glyphs []placedGlyph
}

// placedGlyph is a glyph at its position from the start of its run, in
// thousandths of an em, y upwards.
type placedGlyph struct {
	id   uint16
	x, y float64
}

// shapeUnits is the size text is shaped at: advances come out in
// thousandths of an em, as gofpdf's widths are.
const shapeUnits = 1000

// layoutKey identifies a laid-out text; layouts do not depend on size.
type layoutKey struct{ style, text string }

// The shaper, the segmenter and the go-text faces are not safe for
// concurrent use: one lock guards them and the cache of layouts.
var shaper = struct {
	sync.Mutex
	seg    shaping.Segmenter
	hb     shaping.HarfbuzzShaper
	faces  map[*face]*font.Face
	byFace map[*font.Face]*face
	cache  map[layoutKey][]piece
}{}

// layoutCacheMax bounds the cache of layouts; it is emptied when full.
const layoutCacheMax = 8192

// fontmap resolves runes to faces for the segmenter.
type fontmap struct {
	style string
	fs    *fontSet
}

func (m fontmap) ResolveFace(r rune) *font.Face {
	f := m.fs.pick(m.style, r)
	if f == nil {
		f = m.fs.faces(m.style)[0]
	}
	return goFace(f)
}

// goFace returns the go-text face of f; the shaper lock is held.
func goFace(f *face) *font.Face {
	if g, ok := shaper.faces[f]; ok {
		return g
	}
	if shaper.faces == nil {
		shaper.faces = map[*face]*font.Face{}
		shaper.byFace = map[*font.Face]*face{}
	}
	g := font.NewFace(f.font)
	shaper.faces[f] = g
	shaper.byFace[g] = f
	return g
}

// layout returns printable text s (one line, not simple) in style as
// pieces in visual order.
func layout(style, s string) []piece {
	key := layoutKey{style, s}
	shaper.Lock()
	defer shaper.Unlock()
	if p, ok := shaper.cache[key]; ok {
		return p
	}
	p := layoutLocked(style, s)
	if shaper.cache == nil || len(shaper.cache) >= layoutCacheMax {
		shaper.cache = map[layoutKey][]piece{}
	}
	shaper.cache[key] = p
	return p
}

func layoutLocked(style, s string) []piece {
	runes := []rune(s)
	if len(runes) == 0 {
		return nil
	}
	base := baseDirection(runes)
	input := shaping.Input{
		Text: runes, RunStart: 0, RunEnd: len(runes),
		Direction: base, Size: fx.I(shapeUnits),
	}
	runs := shaper.seg.Split(input, fontmap{style, fonts()})
	pieces := make([]piece, 0, len(runs))
	rtl := make([]bool, 0, len(runs))
	for _, run := range runs {
		f := shaper.byFace[run.Face]
		text := runes[run.RunStart:run.RunEnd]
		isRTL := run.Direction.Progression() == di.TowardTopLeft
		p := piece{face: f, text: string(text)}
		if f.shaped && (isRTL || anyNeedsShaping(text)) {
			p.groups, p.adv = shapeRun(run, isRTL)
		}
		pieces = append(pieces, p)
		rtl = append(rtl, isRTL)
	}
	return visualOrder(pieces, rtl, base == di.DirectionRTL)
}

// shapeRun shapes one run into glyph groups: the whole run for left to
// right, a group per cluster for right to left (see the top of the file).
func shapeRun(run shaping.Input, isRTL bool) ([]glyphGroup, float64) {
	out := shaper.hb.Shape(run)
	groups := []glyphGroup{}
	if !isRTL {
		groups = append(groups, glyphGroup{text: string(run.Text[run.RunStart:run.RunEnd])})
	}
	pen := 0.0
	cluster := -1
	for _, g := range out.Glyphs {
		if isRTL && g.ClusterIndex != cluster {
			cluster = g.ClusterIndex
			end := min(g.ClusterIndex+g.RuneCount, run.RunEnd)
			text := slices.Clone(run.Text[g.ClusterIndex:end])
			slices.Reverse(text)
			groups = append(groups, glyphGroup{text: string(text)})
		}
		if g.GlyphID != 0 && g.GlyphID <= 0xFFFF {
			last := &groups[len(groups)-1]
			last.glyphs = append(last.glyphs, placedGlyph{
				id: uint16(g.GlyphID),
				x:  pen + float64(g.XOffset)/64,
				y:  float64(g.YOffset) / 64,
			})
		}
		pen += float64(g.XAdvance) / 64
	}
	return groups, pen
}

func anyNeedsShaping(text []rune) bool {
	for _, r := range text {
		if needsShaping(r) {
			return true
		}
	}
	return false
}

// baseDirection is the paragraph direction: that of the first strong
// character (Unicode bidi rules P2 and P3), left to right without one.
func baseDirection(runes []rune) di.Direction {
	for _, r := range runes {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return di.DirectionLTR
		case bidi.R, bidi.AL:
			return di.DirectionRTL
		}
	}
	return di.DirectionLTR
}

// visualOrder reorders runs given in logical order for display (Unicode
// bidi rule L2 with the two levels a line of names has): in a
// left-to-right line each sequence of right-to-left runs is reversed; in
// a right-to-left line the whole line is, except the left-to-right
// sequences in it.
func visualOrder(p []piece, rtl []bool, baseRTL bool) []piece {
	reverseWhere := func(want bool) {
		for i := 0; i < len(p); {
			if rtl[i] != want {
				i++
				continue
			}
			j := i
			for j < len(p) && rtl[j] == want {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				p[a], p[b] = p[b], p[a]
				rtl[a], rtl[b] = rtl[b], rtl[a]
			}
			i = j
		}
	}
	if !baseRTL {
		reverseWhere(true)
		return p
	}
	for a, b := 0, len(p)-1; a < b; a, b = a+1, b-1 {
		p[a], p[b] = p[b], p[a]
		rtl[a], rtl[b] = rtl[b], rtl[a]
	}
	reverseWhere(false)
	return p
}

// use makes sure f is registered with gofpdf in this document: the
// fallback fonts are added only to the documents that need them.
func (d *doc) use(f *face) {
	if d.used[f] {
		return
	}
	d.used[f] = true
	data, err := f.pdfBytes()
	if err != nil {
		d.pdf.SetError(fmt.Errorf("font %s: %w", f.family, err))
		return
	}
	d.pdf.AddUTF8FontFromBytes(f.family, f.style, data)
}

// setFace switches gofpdf to face f at the document's current size.
func (d *doc) setFace(f *face) {
	d.use(f)
	d.pdf.SetFont(f.family, f.style, d.size)
}

// pieceWidth is the width of a piece in millimetres at the current size.
func (d *doc) pieceWidth(p piece) float64 {
	if p.groups != nil {
		_, unit := d.pdf.GetFontSize()
		return p.adv / shapeUnits * unit
	}
	d.setFace(p.face)
	return d.pdf.GetStringWidth(p.text)
}

// width is the width of s in the current font, as text draws it.
func (d *doc) width(s string) float64 {
	s = printable(s)
	if simple(s) {
		return d.pdf.GetStringWidth(s)
	}
	w := 0.0
	for _, p := range layout(d.style, oneLine(s)) {
		w += d.pieceWidth(p)
	}
	d.restoreFont()
	return w
}

// oneLine turns new lines into spaces, for text drawn as one line.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

func (d *doc) restoreFont() { d.pdf.SetFont(fontFamily, d.style, d.size) }

// drawShaped draws printable, not simple text s in a box like CellFormat
// does: aligned with the cell margin, baseline where gofpdf puts it.
func (d *doc) drawShaped(x, y, w, h float64, s, align string) {
	pieces := layout(d.style, oneLine(s))
	widths := make([]float64, len(pieces))
	total := 0.0
	for i, p := range pieces {
		widths[i] = d.pieceWidth(p)
		total += widths[i]
	}
	_, unit := d.pdf.GetFontSize()
	pen := x + cellMargin
	switch align {
	case "R":
		pen = x + w - cellMargin - total
	case "C":
		pen = x + (w-total)/2
	}
	baseline := y + 0.5*h + 0.3*unit
	for i, p := range pieces {
		d.setFace(p.face)
		if p.groups == nil {
			d.pdf.Text(pen, baseline, p.text)
		}
		em := unit / shapeUnits
		for _, g := range p.groups {
			d.pdf.RawWriteStr("/Span <</ActualText " + pdfTextString(g.text) + ">> BDC")
			for _, gl := range g.glyphs {
				d.pdf.Text(pen+gl.x*em, baseline-gl.y*em, string(rune(puaBase+int(gl.id))))
			}
			d.pdf.RawWriteStr("EMC")
		}
		pen += widths[i]
	}
	d.restoreFont()
	d.pdf.SetXY(x+w, y)
}

// pdfTextString encodes s as a PDF text string: UTF-16BE with a byte
// order mark, in hexadecimal.
func pdfTextString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// breakable reports whether a line may be broken before runes[i]: never
// inside a cluster (before a mark or joiner, or after a joiner or an
// Indic virama, which stacks the next consonant).
func breakable(runes []rune, i int) bool {
	if i <= 0 || i >= len(runes) {
		return true
	}
	r, prev := runes[i], runes[i-1]
	if unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me, unicode.Cf) || unicode.Is(unicode.Cf, prev) {
		return false
	}
	switch prev {
	case 0xA9C0, 0x1B44, 0x1BAA, 0x1BAB, 0x1A60: // Javanese pangkon, Balinese adeg adeg, Sundanese pamaaeh/virama
		return false
	}
	return true
}

// wrapShaped wraps printable, not simple text into lines that fit width w
// (less the cell margins): at spaces, and inside a word only when the
// word alone is too wide, never inside a cluster.
func (d *doc) wrapShaped(s string, w float64) []string {
	room := w - 2*cellMargin
	var out []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		line := ""
		for _, word := range words {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if d.width(cand) <= room {
				line = cand
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			line = word
			for d.width(line) > room {
				head, rest := d.splitWord(line, room)
				if rest == "" {
					break
				}
				out = append(out, head)
				line = rest
			}
		}
		out = append(out, line)
	}
	return out
}

// splitWord cuts the longest head of word that fits room, at least one
// cluster.
func (d *doc) splitWord(word string, room float64) (head, rest string) {
	runes := []rune(word)
	for n := len(runes) - 1; n > 0; n-- {
		if breakable(runes, n) && d.width(string(runes[:n])) <= room {
			return string(runes[:n]), string(runes[n:])
		}
	}
	for n := 1; n < len(runes); n++ {
		if breakable(runes, n) {
			return string(runes[:n]), string(runes[n:])
		}
	}
	return word, ""
}
