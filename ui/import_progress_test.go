package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/penyuluh/penyuluh/sync"
)

// TestImportProgress: the import of a folder shows how far it is, spaced
// so that a thousand bundles do not mean a thousand redraws, and always
// the last one.
func TestImportProgress(t *testing.T) {
	test.NewTempApp(t)
	p := newImportProgress()
	tests := []struct {
		name        string
		wait        time.Duration
		done, total int
		wantValue   float64
	}{
		{"the first bundle shows", 0, 1, 1000, 1},
		{"the next at once waits", 0, 2, 1000, 1},
		{"after a pause it shows", importProgressEvery, 250, 1000, 250},
		{"the last always shows", 0, 1000, 1000, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			time.Sleep(tt.wait)
			p.report(tt.done, tt.total, sync.ImportResult{})
			// In whichever language the other tests left: "250 of 1000 …" or "250 dari 1000 …".
			want := fmt.Sprintf("%d ", int(tt.wantValue))
			if p.bar.Value != tt.wantValue || p.bar.Max != float64(tt.total) || !strings.HasPrefix(p.label.Text, want) ||
				!strings.Contains(p.label.Text, " 1000 ") {
				t.Fatalf("bar %v of %v, label %q; want %v of %d", p.bar.Value, p.bar.Max, p.label.Text, tt.wantValue, tt.total)
			}
		})
	}
}
