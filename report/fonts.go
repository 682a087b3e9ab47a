package report

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"golang.org/x/image/font/sfnt"

	"github.com/penyuluh/penyuluh/assets"
)

// A face is one embedded font as the report uses it. gofpdf draws a
// character with its default glyph only, so a face that may have to show
// shaped text (joined Arabic, stacked Javanese) is given to gofpdf with an
// extra cmap that maps the Private Use Area to its glyphs, U+E000+id to
// glyph id: a glyph the shaper chose is drawn as that code point.
type face struct {
	family string // gofpdf family name, starting "pn-" (see subsetNames)
	style  string // gofpdf style: "" or "B"
	data   []byte // the font file as shipped
	// cmap answers which characters the face has: x/image's parser reads
	// only the table directory, where go-text's reads the whole font
	// (100 ms for the Chinese one), so go-text parses a face only when
	// text in it is shaped (shaper).
	cmap   *sfnt.Font
	shaper func() *font.Font
	shaped bool // glyph ids can be drawn through the PUA
	// scripts are the scripts this face is the first choice for, even
	// where an earlier face has the character too (DejaVu has Arabic
	// letters, but not the joined forms of Pegon).
	scripts []language.Script

	pdfOnce sync.Once
	pdfData []byte // data with the PUA cmap (shaped faces), for gofpdf
	pdfErr  error
}

// puaBase is the code point of glyph 0 in a shaped face's extra cmap. The
// Private Use Area U+E000–U+F8FF has room for 6,400 glyphs; every shaped
// face has fewer (DejaVu Sans 6,253).
const (
	puaBase = 0xE000
	puaEnd  = 0xF8FF
)

// pdfBytes returns the font file gofpdf gets: for a shaped face, the font
// with the PUA cmap, made once.
func (f *face) pdfBytes() ([]byte, error) {
	if !f.shaped {
		return f.data, nil
	}
	f.pdfOnce.Do(func() { f.pdfData, f.pdfErr = withPUACmap(f.data, f.glyph) })
	return f.pdfData, f.pdfErr
}

// has reports whether the face has a glyph for r.
func (f *face) has(r rune) bool { return f.glyph(r) != 0 }

// glyph is the id of r's glyph in the face's cmap, 0 for none.
func (f *face) glyph(r rune) sfnt.GlyphIndex {
	b := sfntBuffers.Get().(*sfnt.Buffer)
	defer sfntBuffers.Put(b)
	g, err := f.cmap.GlyphIndex(b, r)
	if err != nil {
		return 0
	}
	return g
}

var sfntBuffers = sync.Pool{New: func() any { return new(sfnt.Buffer) }}

// fontSet is the list of faces tried in order for one style: the first
// that has a character prints it, except that a face made for a script
// comes first for its script.
type fontSet struct {
	regular, bold []*face
	all           []*face
}

var fonts = sync.OnceValue(func() *fontSet {
	mk := func(family, style string, data []byte, shaped bool, scripts ...language.Script) *face {
		cmap, err := sfnt.Parse(data)
		if err != nil {
			panic("report: embedded font " + family + ": " + err.Error())
		}
		shaper := sync.OnceValue(func() *font.Font {
			ft, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				panic("report: embedded font " + family + ": " + err.Error())
			}
			return ft.Font
		})
		return &face{family: family, style: style, data: data, cmap: cmap, shaper: shaper, shaped: shaped, scripts: scripts}
	}
	regular := mk(fontFamily, "", assets.FontRegular, true)
	bold := mk(fontFamily, "B", assets.FontBold, true)
	fallback := []*face{
		mk("pn-noto-arabic", "", assets.FontArabic, true, language.Arabic),
		mk("pn-noto-balinese", "", assets.FontBalinese, true, language.Balinese),
		mk("pn-noto-javanese", "", assets.FontJavanese, true, language.Javanese),
		mk("pn-noto-sundanese", "", assets.FontSundanese, true, language.Sundanese),
		mk("pn-noto-buginese", "", assets.FontBuginese, true, language.Buginese),
		mk("pn-noto-batak", "", assets.FontBatak, true, language.Batak),
		mk("pn-noto-rejang", "", assets.FontRejang, true, language.Rejang),
		// Chinese characters need no shaping; the font is large, so it
		// is given to gofpdf as it is (its own cmap, subset on output).
		mk("pn-droid-cjk", "", assets.FontCJK, false),
	}
	return &fontSet{
		regular: append([]*face{regular}, fallback...),
		bold:    append([]*face{bold, regular}, fallback...),
		all:     append([]*face{regular, bold}, fallback...),
	}
})

// faces returns the faces for a style ("" or "B").
func (s *fontSet) faces(style string) []*face {
	if style == "B" {
		return s.bold
	}
	return s.regular
}

// pick returns the face that prints r in the given style, or nil when none
// can: a face made for r's script first, then the first that has r. A
// rune above U+FFFF can only be drawn through a shaped face's PUA cmap.
func (s *fontSet) pick(style string, r rune) *face {
	list := s.faces(style)
	script := language.LookupScript(r)
	for _, f := range list {
		if slices.Contains(f.scripts, script) && f.has(r) {
			return f
		}
	}
	for _, f := range list {
		if f.has(r) && (r <= 0xFFFF || f.shaped) {
			return f
		}
	}
	return nil
}

// withPUACmap returns the font file data with its cmap replaced by one
// format 4 subtable (the only format gofpdf reads) that keeps every BMP
// mapping of the font outside the Private Use Area and adds U+E000+id →
// glyph id for every glyph.
func withPUACmap(data []byte, glyph func(rune) sfnt.GlyphIndex) ([]byte, error) {
	n, err := numGlyphs(data)
	if err != nil {
		return nil, err
	}
	if n > puaEnd-puaBase+1 {
		return nil, fmt.Errorf("font has %d glyphs, more than the Private Use Area holds", n)
	}
	var pairs []cmapPair
	for r := rune(0); r < puaBase; r++ {
		if g := glyph(r); g != 0 {
			pairs = append(pairs, cmapPair{uint16(r), uint16(g)})
		}
	}
	for g := range n {
		pairs = append(pairs, cmapPair{uint16(puaBase + g), uint16(g)})
	}
	for r := rune(puaEnd + 1); r < 0xFFFF; r++ {
		if g := glyph(r); g != 0 {
			pairs = append(pairs, cmapPair{uint16(r), uint16(g)})
		}
	}
	sub, err := cmapFormat4(pairs)
	if err != nil {
		return nil, err
	}
	cmap := make([]byte, 12, 12+len(sub))
	binary.BigEndian.PutUint16(cmap[0:], 0)  // version
	binary.BigEndian.PutUint16(cmap[2:], 1)  // one subtable
	binary.BigEndian.PutUint16(cmap[4:], 3)  // Windows
	binary.BigEndian.PutUint16(cmap[6:], 1)  // Unicode BMP
	binary.BigEndian.PutUint32(cmap[8:], 12) // offset of the subtable
	cmap = append(cmap, sub...)
	return replaceTable(data, "cmap", cmap)
}

type cmapPair struct{ code, glyph uint16 }

// cmapFormat4 encodes sorted code → glyph pairs as a cmap format 4
// subtable: runs of consecutive codes with consecutive glyphs take one
// segment with a delta, other runs of consecutive codes list their glyphs.
func cmapFormat4(pairs []cmapPair) ([]byte, error) {
	type segment struct {
		start, end uint16
		delta      uint16
		glyphs     []uint16 // nil for a delta segment
	}
	var segs []segment
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j].code == pairs[j-1].code+1 {
			j++
		}
		run := pairs[i:j]
		delta := run[0].glyph - run[0].code
		constant := true
		for _, p := range run {
			if p.glyph-p.code != delta {
				constant = false
				break
			}
		}
		s := segment{start: run[0].code, end: run[len(run)-1].code}
		if constant {
			s.delta = delta
		} else {
			for _, p := range run {
				s.glyphs = append(s.glyphs, p.glyph)
			}
		}
		segs = append(segs, s)
		i = j
	}
	segs = append(segs, segment{start: 0xFFFF, end: 0xFFFF, delta: 1})
	segCount := len(segs)
	glyphCount := 0
	for _, s := range segs {
		glyphCount += len(s.glyphs)
	}
	length := 16 + 8*segCount + 2*glyphCount
	if length > 0xFFFF {
		return nil, errors.New("cmap format 4 subtable too large")
	}
	b := make([]byte, length)
	be := binary.BigEndian
	be.PutUint16(b[0:], 4)
	be.PutUint16(b[2:], uint16(length))
	be.PutUint16(b[6:], uint16(2*segCount))
	searchRange, entrySelector := 2, 0
	for searchRange*2 <= 2*segCount {
		searchRange *= 2
		entrySelector++
	}
	be.PutUint16(b[8:], uint16(searchRange))
	be.PutUint16(b[10:], uint16(entrySelector))
	be.PutUint16(b[12:], uint16(2*segCount-searchRange))
	endAt := 14
	startAt := endAt + 2*segCount + 2
	deltaAt := startAt + 2*segCount
	rangeAt := deltaAt + 2*segCount
	arrayAt := rangeAt + 2*segCount
	next := 0 // index into the glyph array
	for i, s := range segs {
		be.PutUint16(b[endAt+2*i:], s.end)
		be.PutUint16(b[startAt+2*i:], s.start)
		be.PutUint16(b[deltaAt+2*i:], s.delta)
		if s.glyphs != nil {
			be.PutUint16(b[rangeAt+2*i:], uint16(2*(segCount-i)+2*next))
			for k, g := range s.glyphs {
				be.PutUint16(b[arrayAt+2*(next+k):], g)
			}
			next += len(s.glyphs)
		}
	}
	return b, nil
}

// replaceTable returns an sfnt font file with one table's data replaced:
// the table directory, offsets, checksums and head's checkSumAdjustment
// are written anew.
func replaceTable(data []byte, tag string, table []byte) ([]byte, error) {
	be := binary.BigEndian
	if len(data) < 12 {
		return nil, errors.New("font file too short")
	}
	numTables := int(be.Uint16(data[4:]))
	if len(data) < 12+16*numTables {
		return nil, errors.New("font table directory truncated")
	}
	type record struct {
		tag  string
		data []byte
	}
	records := make([]record, 0, numTables)
	found := false
	for i := range numTables {
		e := data[12+16*i:]
		t := string(e[:4])
		off, n := int(be.Uint32(e[8:])), int(be.Uint32(e[12:]))
		if off < 0 || n < 0 || off+n > len(data) {
			return nil, fmt.Errorf("font table %q out of range", t)
		}
		d := data[off : off+n]
		if t == tag {
			d, found = table, true
		}
		records = append(records, record{t, d})
	}
	if !found {
		return nil, fmt.Errorf("font has no %q table", tag)
	}
	slices.SortFunc(records, func(a, b record) int { return bytes.Compare([]byte(a.tag), []byte(b.tag)) })
	head := 12 + 16*numTables
	out := make([]byte, head, len(data)+len(table))
	copy(out, data[:12])
	headAt := -1
	for i, r := range records {
		off := len(out)
		if r.tag == "head" {
			if len(r.data) < 12 {
				return nil, errors.New("font head table too short")
			}
			headAt = off
		}
		out = append(out, r.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		if r.tag == "head" {
			be.PutUint32(out[off+8:], 0) // checkSumAdjustment, set below
		}
		e := out[12+16*i:]
		copy(e, r.tag)
		be.PutUint32(e[4:], checksum(out[off:off+len(r.data)]))
		be.PutUint32(e[8:], uint32(off))
		be.PutUint32(e[12:], uint32(len(r.data)))
	}
	if headAt >= 0 {
		be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out, nil
}

// numGlyphs reads the glyph count from the font's maxp table.
func numGlyphs(data []byte) (int, error) {
	be := binary.BigEndian
	if len(data) < 12 {
		return 0, errors.New("font file too short")
	}
	for i := range int(be.Uint16(data[4:])) {
		e := data[12+16*i:]
		if len(e) < 16 {
			break
		}
		if string(e[:4]) == "maxp" {
			off := int(be.Uint32(e[8:]))
			if off+6 > len(data) {
				break
			}
			return int(be.Uint16(data[off+4:])), nil
		}
	}
	return 0, errors.New("font has no maxp table")
}

// checksum is the sfnt table checksum: the sum of big-endian uint32s,
// the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
