package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	fx "golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
)

// Text that is not simple (see simple) is laid out here: split into runs
// by direction, script and font (a fallback font chosen per character),
// the runs that need it shaped with HarfBuzz (go-text/typesetting), and
// the runs put in visual order. A shaped run is drawn glyph by glyph
// through its face's PUA cmap and wrapped in a marked-content span whose
// /ActualText is the run's text, so that copying or pdftotext gives back
// what was typed, not private-use code points. Readers (poppler) spread a
// span's text across its glyphs from left to right and read right-to-left
// text back by position, right to left, as they do for any PDF: so a
// right-to-left run's text is given in visual order (reversed), and comes
// back in the order it was typed. Spans per cluster were tried and come
// back with spaces inside words that carry vowel marks.

// piece is one run of a laid-out line, in visual order.
type piece struct {
	face *face
	text string // the run's text in logical order
	// groups are the shaped glyphs, each group with the text it stands
	// for (one group per run, see above); nil means the text is drawn by gofpdf as it is
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

// The shaper and the go-text faces are not safe for concurrent use: one
// lock guards them and the cache of layouts.
var shaper = struct {
	sync.Mutex
	hb    shaping.HarfbuzzShaper
	faces map[*face]*font.Face
	cache map[layoutKey][]piece
}{}

// layoutCacheMax bounds the cache of layouts; it is emptied when full.
const layoutCacheMax = 8192

// goFace returns the go-text face of f; the shaper lock is held.
func goFace(f *face) *font.Face {
	if g, ok := shaper.faces[f]; ok {
		return g
	}
	if shaper.faces == nil {
		shaper.faces = map[*face]*font.Face{}
	}
	g := font.NewFace(f.shaper())
	shaper.faces[f] = g
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
	runs := split(style, runes)
	pieces := make([]piece, 0, len(runs))
	rtl := make([]bool, 0, len(runs))
	for _, run := range runs {
		text := runes[run.start:run.end]
		p := piece{face: run.face, text: string(text)}
		if run.face.shaped && (run.rtl || anyNeedsShaping(text)) {
			dir := di.DirectionLTR
			if run.rtl {
				dir = di.DirectionRTL
			}
			p.groups, p.adv = shapeRun(shaping.Input{
				Text: runes, RunStart: run.start, RunEnd: run.end, Direction: dir,
				Face: goFace(run.face), Size: fx.I(shapeUnits), Script: run.script,
			}, run.rtl)
		}
		pieces = append(pieces, p)
		rtl = append(rtl, run.rtl)
	}
	return visualOrder(pieces, rtl)
}

// textRun is a run of runes with one direction, script and face.
type textRun struct {
	start, end int
	rtl        bool
	script     language.Script
	face       *face
}

// split cuts a line into runs of one direction, script and face. Every
// line of a report is part of a left-to-right Indonesian document
// (paragraph level 0): right-to-left letters make a right-to-left run,
// and so do the neutral characters (spaces, punctuation) between two of
// them; other neutrals, digits included, stay left to right (Unicode
// bidi rules N1 and N2 at the two levels a line of names has), so "2.
// محمد (NRP 1)" keeps its number and brackets where they were typed.
// Marks, joiners and spaces stay with the face and script before them
// when it has them.
func split(style string, runes []rune) []textRun {
	fs := fonts()
	n := len(runes)
	rtl := make([]bool, n)
	strong := make([]int, n) // 1 right to left, -1 left to right, 0 neutral
	for i, r := range runes {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL:
			strong[i] = 1
		case bidi.L, bidi.EN, bidi.AN:
			strong[i] = -1
		case bidi.NSM:
			if i > 0 {
				strong[i] = strong[i-1]
			}
		}
	}
	for i := 0; i < n; {
		if strong[i] != 0 {
			rtl[i] = strong[i] > 0
			i++
			continue
		}
		j := i
		for j < n && strong[j] == 0 {
			j++
		}
		between := i > 0 && strong[i-1] > 0 && j < n && strong[j] > 0
		for k := i; k < j; k++ {
			rtl[k] = between
		}
		i = j
	}
	faces := make([]*face, n)
	scripts := make([]language.Script, n)
	for i, r := range runes {
		sc := language.LookupScript(r)
		inherit := i > 0 && (unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me, unicode.Zs) || isJoiner(r))
		if inherit && (faces[i-1].has(r) || unicode.Is(unicode.Cf, r)) {
			faces[i] = faces[i-1]
		} else if f := fs.pick(style, r); f != nil {
			faces[i] = f
		} else {
			faces[i] = fs.faces(style)[0]
		}
		if sc == language.Common || sc == language.Inherited {
			sc = 0 // resolved below from the neighbours
		}
		scripts[i] = sc
	}
	// A common character takes the script before it, or after it at the
	// start of the line.
	for i := range scripts {
		if scripts[i] == 0 && i > 0 {
			scripts[i] = scripts[i-1]
		}
	}
	for i := n - 1; i >= 0; i-- {
		if scripts[i] == 0 {
			if i+1 < n {
				scripts[i] = scripts[i+1]
			} else {
				scripts[i] = language.Latin
			}
		}
	}
	var runs []textRun
	for i := 0; i < n; i++ {
		if len(runs) > 0 {
			last := &runs[len(runs)-1]
			if last.rtl == rtl[i] && last.face == faces[i] && last.script == scripts[i] {
				last.end = i + 1
				continue
			}
		}
		runs = append(runs, textRun{start: i, end: i + 1, rtl: rtl[i], script: scripts[i], face: faces[i]})
	}
	return runs
}

// shapeRun shapes one run into its glyphs, with the run's text for the
// /ActualText, reversed for right to left (see the top of the file).
func shapeRun(run shaping.Input, isRTL bool) ([]glyphGroup, float64) {
	out := shaper.hb.Shape(run)
	text := slices.Clone(run.Text[run.RunStart:run.RunEnd])
	if isRTL {
		slices.Reverse(text)
	}
	groups := []glyphGroup{{text: string(text)}}
	pen := 0.0
	for _, g := range out.Glyphs {
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

// visualOrder reorders runs given in logical order for display in a
// left-to-right line (Unicode bidi rule L2 with the two levels a line of
// names has): each sequence of right-to-left runs is reversed.
func visualOrder(p []piece, rtl []bool) []piece {
	for i := 0; i < len(p); {
		if !rtl[i] {
			i++
			continue
		}
		j := i
		for j < len(p) && rtl[j] {
			j++
		}
		slices.Reverse(p[i:j])
		i = j
	}
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
	// A copy for each document: gofpdf pads tables by appending to slices
	// of the bytes it is given, which writes into the shared font file
	// when two documents are written at once (the race detector saw it).
	d.pdf.AddUTF8FontFromBytes(f.family, f.style, bytes.Clone(data))
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
