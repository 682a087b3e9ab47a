package report_test

import (
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// TestSignatureFromSettings: the superior set in Settings signs the left
// block with title, name, rank and NRP; without one the block keeps dotted
// lines to fill in by hand.
func TestSignatureFromSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		superior func(*store.Settings)
		want     []string
		not      []string
	}{
		{"set", func(s *store.Settings) {
			s.SuperiorTitle, s.SuperiorName = "Kanit PPA Satreskrim Polres Lombok Timur", "I Made Wirawan, S.H."
			s.SuperiorRank, s.SuperiorNRP = "AKP", "78010123"
		}, []string{"Mengetahui,", "Kanit PPA Satreskrim Polres Lombok", "Timur", "I Made Wirawan, S.H.", "AKP NRP/NIP 78010123",
			"Yang melaporkan,", "Iptu Ni Made Ayu Sri Wahyuni", "NRP/NIP 86070145"}, []string{"Atasan langsung", "......"}},
		{"rank without NRP", func(s *store.Settings) { s.SuperiorName, s.SuperiorRank = "I Made Wirawan", "AKP" },
			[]string{"Atasan langsung", "I Made Wirawan", "AKP NRP/NIP ......"}, nil},
		{"none", func(*store.Settings) {}, []string{"Atasan langsung", "(.......................................)",
			"NRP/NIP ............................"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := goldenData(t, store.StatusHeld, 0)
			tc.superior(&data.Settings)
			pdf := sessionReport(t, "signature-"+strings.ReplaceAll(tc.name, " ", "-"), data)
			pages := pdfPages(t, pdf)
			flat := strings.Join(strings.Fields(pages[len(pages)-1]+pages[max(len(pages)-2, 0)]), " ")
			for _, want := range tc.want {
				if !strings.Contains(flat, want) {
					t.Errorf("the signature lacks %q", want)
				}
			}
			for _, not := range tc.not {
				if strings.Contains(flat, not) {
					t.Errorf("the signature still prints %q", not)
				}
			}
		})
	}
}
