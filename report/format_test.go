package report_test

import (
	"testing"

	"github.com/penyuluh/penyuluh/report"
)

// TestNumberFormats pins the Indonesian way of writing numbers: a dot
// between thousands, a decimal comma, a real minus sign.
func TestNumberFormats(t *testing.T) {
	counts := []struct {
		n    int
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1.000"}, {7012, "7.012"}, {60000, "60.000"},
		{123456, "123.456"}, {1234567, "1.234.567"}, {-7012, "−7.012"},
	}
	for _, tt := range counts {
		if got := report.Number(tt.n); got != tt.want {
			t.Errorf("Number(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	decimals := []struct {
		x    float64
		n    int
		want string
	}{
		{48.7, 1, "48,7"}, {50.06, 1, "50,1"}, {100, 1, "100,0"}, {1234.5, 1, "1.234,5"},
		{72.4, 0, "72"}, {72.5, 0, "72"}, {-3.25, 1, "−3,2"}, {-0.04, 1, "0,0"}, {60000, 0, "60.000"},
	}
	for _, tt := range decimals {
		if got := report.Fixed(tt.x, tt.n); got != tt.want {
			t.Errorf("Fixed(%v, %d) = %q, want %q", tt.x, tt.n, got, tt.want)
		}
	}
	for x, want := range map[float64]string{22.34: "+22,3", -4: "−4,0", 0: "+0,0"} {
		if got := report.Signed(x); got != want {
			t.Errorf("Signed(%v) = %q, want %q", x, got, want)
		}
	}
}
