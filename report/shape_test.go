package report

import (
	"strings"
	"testing"
	"unicode"
)

// TestShapedLinesFit wraps and cuts text in scripts that need shaping:
// every line fits its width as drawn (shaped widths), nothing is lost or
// added but the spaces the lines break at, and no line starts with a
// mark or right after a virama (a cluster is never split).
func TestShapedLinesFit(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
	}{
		{"Javanese words", "ꦱꦸꦥꦿꦥ꧀ꦠꦺ ꦱꦸꦥꦿꦥ꧀ꦠꦺ ꦱꦸꦥꦿꦥ꧀ꦠꦺ ꦱꦸꦥꦿꦥ꧀ꦠꦺ", 30},
		{"one long Javanese word", strings.Repeat("ꦱꦸꦥꦿꦥ꧀ꦠꦺ", 6), 25},
		{"Arabic", "محمد عبد الله بن عبد الرحمن الجاوي", 30},
		{"Balinese", "ᬇ ᬕᬸᬲ᭄ᬢᬶ ᬗᬸᬭᬄ ᬅᬃᬬ ᬯᬾᬤᬓᬃᬡ", 25},
		{"mixed", "Tan Siok Lan (陈淑兰) binti ڠاتيمن ᮞᮥᮔ᮪ᮓ", 35},
		{"combining marks", strings.Repeat("Nguye\u0302\u0303n ", 8), 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDoc(Options{}, "test")
			d.newPage()
			d.font("", bodySize)
			lines := d.lines(tt.text, tt.width)
			if len(lines) < 2 {
				t.Fatalf("%q did not wrap in %.0f mm: %q", tt.text, tt.width, lines)
			}
			for _, l := range lines {
				if w := d.width(l); w > tt.width-2*cellMargin+1e-9 {
					t.Errorf("line %q is %.2f mm wide, more than %.2f", l, w, tt.width-2*cellMargin)
				}
				runes := []rune(l)
				if unicode.In(runes[0], unicode.Mn, unicode.Mc, unicode.Me) {
					t.Errorf("line %q starts with a mark", l)
				}
				if last := runes[len(runes)-1]; last == 0xA9C0 || last == 0x1B44 || last == 0x1BAA {
					t.Errorf("line %q ends with a virama: the next consonant stacks under it", l)
				}
			}
			if got, want := strings.ReplaceAll(strings.Join(lines, ""), " ", ""), strings.ReplaceAll(tt.text, " ", ""); got != want {
				t.Errorf("lines %q do not add up to %q", lines, tt.text)
			}
			cut := truncate(d, tt.text, tt.width)
			if !strings.HasSuffix(cut, "…") || d.width(cut) > tt.width-2*cellMargin+1e-9 {
				t.Errorf("truncate(%q) = %q, %.2f mm", tt.text, cut, d.width(cut))
			}
			if err := d.pdf.Error(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
