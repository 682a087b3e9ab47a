package report

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"

	"github.com/penyuluh/penyuluh/assets"
)

// missingMark stands in for a character the font cannot show.
const missingMark = '\uFFFD'

// coverage is a bit per rune of the Basic Multilingual Plane: set when both
// the regular and the bold font have a glyph for it. gofpdf handles only
// 16-bit runes (anything above makes the whole document fail) and draws an
// empty box for a rune its font lacks.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool { return r < 0x10000 && c[r>>6]&(1<<(r&63)) != 0 }

var fontCoverage = sync.OnceValue(func() *coverage {
	c := new(coverage)
	for i := range c {
		c[i] = ^uint64(0)
	}
	for _, data := range [][]byte{assets.FontRegular, assets.FontBold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			panic("report: embedded font: " + err.Error())
		}
		var buf sfnt.Buffer
		for r := rune(0); r < 0x10000; r++ {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				c[r>>6] &^= 1 << (r & 63)
			}
		}
	}
	return c
})

// printable returns s as the report font can draw it: a character the font
// lacks (another script, an emoji, anything above U+FFFF) becomes U+FFFD,
// joiners, variation selectors and emoji modifiers vanish (they only shape
// a character that is replaced anyway), tabs become spaces and other
// control characters are dropped. New lines are kept. The stored text is
// never changed; this is for print only.
func printable(s string) string {
	cov := fontCoverage()
	clean := true
	for _, r := range s {
		if !keep(cov, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case keep(cov, r):
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError: // invalid UTF-8
			b.WriteRune(missingMark)
		case unicode.IsControl(r), ignorable(r):
		default:
			b.WriteRune(missingMark)
		}
	}
	return b.String()
}

// keep reports whether r goes to print as it is.
func keep(cov *coverage, r rune) bool {
	if r < 0x80 {
		return r >= ' ' && r != 0x7f || r == '\n'
	}
	return cov.has(r) && r != utf8.RuneError && !ignorable(r)
}

// ignorable runes only modify their neighbour: zero-width joiners, variation
// selectors, skin-tone modifiers, tag characters.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		(r >= 0x1F3FB && r <= 0x1F3FF)
}
