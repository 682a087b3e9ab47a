package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"

	"github.com/penyuluh/penyuluh/store"
)

// Fyne can size a window but cannot place or maximize it, nor ask the
// screen's size, so the operating system's own window calls do that
// (placement_windows.go, placement_x11.go): the window opens where it was
// closed, maximized if it was, and maximized the first time on a screen of
// 1366×768 or smaller, where every pixel counts.

// placement is where the window was, in the screen's pixels: its normal
// (not maximized) rectangle and whether it was maximized.
type placement struct {
	X, Y, W, H int
	Maximized  bool
}

// smallScreen is the largest screen on which the window opens maximized.
var smallScreen = struct{ w, h int }{1366, 768}

const prefWindowPlacement = "window.placement"

// nativeWindow is what a platform offers for one window; nil on platforms
// without it (Wayland, macOS), where only the size is remembered.
type nativeWindow interface {
	placement() (placement, bool)
	place(p placement)
	maximize()
	screen() (w, h int, ok bool)
}

// withNative runs fn with the window's native handle, if it has one.
func withNative(w fyne.Window, fn func(nativeWindow)) {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return
	}
	// Fyne quits on SIGTERM by itself, and after its run loop ends
	// fyne.Do runs a late tick (trackPlacement's) on the ticker's own
	// goroutine with GLFW already gone, which panics. There is no window
	// left to look at then: that is the end of the program, not an error.
	defer func() {
		if r := recover(); r != nil {
			if !strings.Contains(fmt.Sprint(r), "not initialized") {
				panic(r)
			}
			log.Printf("window: gone before a late look at its place (%v)", r)
		}
	}()
	nw.RunNative(func(ctx any) {
		if n := nativeFor(ctx); n != nil {
			fn(n)
		}
	})
}

// restorePlacement puts the window back where it was closed (on the
// screen as it is now: a rectangle no longer visible, as after the
// projector is unplugged, is dropped), or maximizes it the first time on a
// small screen. Runs once the window exists.
func restorePlacement(w fyne.Window, st *store.Store) {
	withNative(w, func(n nativeWindow) {
		p, ok := savedPlacement(st)
		applyPlacement(n, p, ok)
	})
}

func applyPlacement(n nativeWindow, p placement, saved bool) {
	sw, sh, known := n.screen()
	if !saved {
		if known && sw <= smallScreen.w && sh <= smallScreen.h {
			n.maximize()
		}
		return
	}
	if known && !visible(p, sw, sh) {
		p.W, p.H = min(p.W, sw), min(p.H, sh)
		p.X, p.Y = (sw-p.W)/2, (sh-p.H)/2
	}
	n.place(p)
	if p.Maximized {
		n.maximize()
	}
}

// savePlacement keeps where the window is, for the next start.
func savePlacement(w fyne.Window, st *store.Store) {
	withNative(w, func(n nativeWindow) {
		if p, ok := n.placement(); ok {
			storePlacement(st, p)
		}
	})
}

func storePlacement(st *store.Store, p placement) {
	if p.W <= 0 || p.H <= 0 {
		return
	}
	b, _ := json.Marshal(p)
	if err := st.SetPreference(context.Background(), prefWindowPlacement, string(b)); err != nil {
		log.Printf("save window placement: %v", err)
	}
}

// trackPlacement saves where the window is whenever it has moved, looking
// every second: Fyne reports no moves, and a window ended by SIGTERM,
// a logout or a power cut never reaches its close button.
// save runs on the UI goroutine and must not block it.
func trackPlacement(ctx context.Context, w fyne.Window, save func(placement)) {
	var last placement
	everySecond(ctx, func() {
		withNative(w, func(n nativeWindow) {
			if p, ok := n.placement(); ok && p != last && ctx.Err() == nil {
				last = p
				save(p)
			}
		})
	})
}

func savedPlacement(st *store.Store) (placement, bool) {
	var p placement
	if st == nil {
		return p, false
	}
	v, ok := st.Preference(context.Background(), prefWindowPlacement)
	if !ok || json.Unmarshal([]byte(v), &p) != nil || p.W < 200 || p.H < 150 {
		return p, false
	}
	return p, true
}

// visible reports whether a good part of the window's title bar area is
// on a screen of sw×sh: at least 100 pixels of its top edge.
func visible(p placement, sw, sh int) bool {
	return p.Y >= 0 && p.Y < sh-50 && p.X+p.W-100 > 0 && p.X+100 < sw
}
