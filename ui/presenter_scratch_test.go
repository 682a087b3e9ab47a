package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestScratchMeasure(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	for _, s := range []float32{10, 48, 100, 37.3} {
		sz := fyne.MeasureText("Kerja ke Luar Negeri", s, fyne.TextStyle{})
		w1 := fyne.MeasureText("Kerja", s, fyne.TextStyle{}).Width + fyne.MeasureText(" ", s, fyne.TextStyle{}).Width + fyne.MeasureText("ke", s, fyne.TextStyle{}).Width
		t.Logf("size %v: %v w/s=%v h/s=%v  parts=%v vs %v", s, sz, sz.Width/s, sz.Height/s, w1, fyne.MeasureText("Kerja ke", s, fyne.TextStyle{}).Width)
	}
}
