package report

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/language"
	"golang.org/x/text/unicode/bidi"
)

// coverage is a bit per rune of the Basic Multilingual Plane: set when
// both the regular and the bold DejaVu Sans draw the rune by itself, with
// its default glyph, left to right. Text made only of such runes goes to
// gofpdf as it is (the fast path); anything else is laid out by shape.go
// with fallback fonts and shaping.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool { return r < 0x10000 && c[r>>6]&(1<<(r&63)) != 0 }

var fontCoverage = sync.OnceValue(func() *coverage {
	c := new(coverage)
	fs := fonts()
	for r := rune(0); r < 0x10000; r++ {
		if fs.regular[0].has(r) && fs.bold[0].has(r) && !needsShaping(r) {
			c[r>>6] |= 1 << (r & 63)
		}
	}
	return c
})

// simpleScripts are the scripts whose letters print one by one, each
// with its default glyph, left to right.
var simpleScripts = map[language.Script]bool{
	language.Latin: true, language.Greek: true, language.Cyrillic: true,
	language.Common: true, language.Han: true, language.Hiragana: true,
	language.Katakana: true, language.Hangul: true, language.Bopomofo: true,
	language.Armenian: true, language.Georgian: true,
}

// needsShaping reports whether r cannot be drawn by itself with its
// default glyph: combining marks, joiners, right-to-left letters and the
// letters of scripts that join or stack (Arabic, Javanese, Balinese…).
func needsShaping(r rune) bool {
	if r > 0xFFFF || unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc, unicode.Cf) {
		return true
	}
	if p, _ := bidi.LookupRune(r); p.Class() == bidi.R || p.Class() == bidi.AL {
		return true
	}
	return !simpleScripts[language.LookupScript(r)]
}

// What print does with a character.
const (
	printKeep  = iota // printed
	printSpace        // printed as a space (tab)
	printDrop         // invisible anyway: dropped without a word
	printLeave        // visible, but no font has it: left out of print
)

// printClass says what print does with r. A joiner (ZWJ, ZWNJ) is kept
// for shaping; other format characters, controls and variation selectors
// only affect their neighbours and are dropped. U+FFFD (also what invalid
// UTF-8 decodes to) and the Private Use Area, whose code points the
// shaped faces use for glyphs, are left out, as is anything no font has.
func printClass(r rune) int {
	switch {
	case r == '\n':
		return printKeep
	case r == '\t':
		return printSpace
	case r < 0x80:
		if r >= ' ' && r != 0x7f {
			return printKeep
		}
		return printDrop
	case r == 0x200C || r == 0x200D:
		return printKeep
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
		return printDrop
	case r == utf8.RuneError, unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r):
		return printLeave
	case fontCoverage().has(r), fonts().pick("", r) != nil:
		return printKeep
	}
	return printLeave
}

// printable returns s as it goes to print: characters left out or
// dropped (see printClass) are removed and tabs become spaces. New lines
// are kept. The stored text is never changed; this is for print only.
func printable(s string) string {
	cov := fontCoverage()
	clean := true
	for _, r := range s {
		if !keep(cov, r) && (printClass(r) != printKeep || isJoiner(r)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	runes := []rune(s)
	left := false // a character was just left out
	for i, r := range runes {
		switch printClass(r) {
		case printKeep:
			if isJoiner(r) && !(i > 0 && joins(runes[i-1]) && i+1 < len(runes) && joins(runes[i+1])) {
				continue
			}
			// "Balai 🏛️ Desa" prints "Balai Desa", "Siti 🌸" "Siti".
			if r == ' ' && left && (b.Len() == 0 || strings.HasSuffix(b.String(), " ")) {
				continue
			}
			left = false
			b.WriteRune(r)
		case printSpace:
			b.WriteByte(' ')
		case printLeave:
			left = true
		}
	}
	out := b.String()
	if left {
		out = strings.TrimRight(out, " ")
	}
	return out
}

func isJoiner(r rune) bool { return r == 0x200C || r == 0x200D }

// joins reports whether a joiner next to r may change how r prints: r is
// a printed letter or mark of a script that joins or stacks. Elsewhere
// (between emoji left out, inside Latin words) a joiner is dropped.
func joins(r rune) bool {
	return !isJoiner(r) && needsShaping(r) && !unicode.Is(unicode.Cf, r) &&
		!simpleScripts[language.LookupScript(r)] && printClass(r) == printKeep
}

// simple reports whether printable text s goes through gofpdf's own text
// drawing as it is: every rune in DejaVu Sans, none needing shaping.
func simple(s string) bool {
	cov := fontCoverage()
	for _, r := range s {
		if !keep(cov, r) {
			return false
		}
	}
	return true
}

// keep reports whether r is printed by the fast path as it is.
func keep(cov *coverage, r rune) bool {
	if r < 0x80 {
		return r >= ' ' && r != 0x7f || r == '\n'
	}
	return cov.has(r) && r != utf8.RuneError
}

// metaText returns s for the document's metadata (the title): a PDF text
// string, so every script is fine, but gofpdf's encoder only takes the
// Basic Multilingual Plane and control characters have no place there.
func metaText(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || r == utf8.RuneError || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cs, r) {
			return -1
		}
		return r
	}, s)
}
