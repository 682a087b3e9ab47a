package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
)

// fakeWindow records what applyPlacement asks of the operating system.
type fakeWindow struct {
	sw, sh    int
	placed    *placement
	maximized bool
}

func (f *fakeWindow) placement() (placement, bool) { return placement{}, false }
func (f *fakeWindow) place(p placement)            { f.placed = &p }
func (f *fakeWindow) maximize()                    { f.maximized = true }
func (f *fakeWindow) screen() (int, int, bool)     { return f.sw, f.sh, f.sw > 0 }

func TestApplyPlacement(t *testing.T) {
	normal := placement{X: 200, Y: 100, W: 900, H: 600}
	for _, tc := range []struct {
		name      string
		sw, sh    int
		saved     *placement
		placed    *placement
		maximized bool
	}{
		{"first start on a 1366×768 laptop", 1366, 768, nil, nil, true},
		{"first start on a 1280×720 screen", 1280, 720, nil, nil, true},
		{"first start on a 1920×1080 screen", 1920, 1080, nil, nil, false},
		{"first start, screen unknown", 0, 0, nil, nil, false},
		{"where it was closed", 1920, 1080, &normal, &normal, false},
		{"maximized when closed", 1366, 768, &placement{X: 10, Y: 10, W: 1000, H: 700, Maximized: true},
			&placement{X: 10, Y: 10, W: 1000, H: 700, Maximized: true}, true},
		// Closed on the projector, which is unplugged now: centred, shrunk to fit.
		{"off screen", 1366, 768, &placement{X: 1500, Y: 50, W: 1600, H: 900},
			&placement{X: 0, Y: 0, W: 1366, H: 768}, false},
		{"title bar above the screen", 1920, 1080, &placement{X: 100, Y: -300, W: 800, H: 600},
			&placement{X: 560, Y: 240, W: 800, H: 600}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeWindow{sw: tc.sw, sh: tc.sh}
			var p placement
			if tc.saved != nil {
				p = *tc.saved
			}
			applyPlacement(f, p, tc.saved != nil)
			if (f.placed == nil) != (tc.placed == nil) || f.placed != nil && *f.placed != *tc.placed {
				t.Errorf("placed %+v, want %+v", f.placed, tc.placed)
			}
			if f.maximized != tc.maximized {
				t.Errorf("maximized %v, want %v", f.maximized, tc.maximized)
			}
		})
	}
}

// nativePanics is a window whose native calls panic, as GLFW's do once the
// run loop has ended.
type nativePanics struct {
	fyne.Window
	value any
}

func (w nativePanics) RunNative(func(any)) { panic(w.value) }

// A late look at the window's place after GLFW is gone ends quietly; any
// other panic still panics.
func TestWithNativeAfterTheLoop(t *testing.T) {
	tests := []struct {
		name   string
		value  any
		panics bool
	}{
		{"GLFW gone", errors.New("NotInitialized: The GLFW library is not initialized"), false},
		{"another error", errors.New("index out of range"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if r := recover(); (r != nil) != tt.panics {
					t.Fatalf("panic %v, want a panic: %v", r, tt.panics)
				}
			}()
			withNative(nativePanics{value: tt.value}, func(nativeWindow) { t.Fatal("fn ran") })
		})
	}
}
