package ui

import (
	"context"
	"reflect"
	"time"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// An officer keeps the window open for hours on battery. A focused entry's
// blinking cursor is a Fyne animation: while it runs, the window ticks
// sixty times a second and repaints at every fade, which costs a tenth of
// a core for nothing. As GTK does, the cursor stops blinking after a while
// without input and stays visible and steady; the next key or click on the
// field (anything that refreshes it) starts the blink again.

// blinkFor is how long the cursor blinks after the last input.
const blinkFor = 10 * time.Second

// cursorWatch looks once a second at the focused entry and stills its
// cursor once nothing has changed in it for blinkFor.
type cursorWatch struct {
	canvas fyne.Canvas
	now    func() time.Time

	entry *widget.Entry
	state entryState
	since time.Time
}

// entryState is what input changes in a focused entry: its text, its
// cursor, and the blink animation that a refresh restarts.
type entryState struct {
	text     string
	row, col int
	blink    *fyne.Animation
}

// watchCursor runs the watch until ctx ends.
func watchCursor(ctx context.Context, c fyne.Canvas) {
	w := &cursorWatch{canvas: c, now: time.Now}
	everySecond(ctx, w.check)
}

// everySecond runs fn on the UI goroutine once a second until ctx ends.
// A tick already on its way when ctx ends does nothing.
func everySecond(ctx context.Context, fn func()) {
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				fyne.Do(func() {
					if ctx.Err() == nil {
						fn()
					}
				})
			}
		}
	}()
}

// check runs on the UI goroutine.
func (w *cursorWatch) check() {
	e := focusedEntry(w.canvas.Focused())
	if e == nil {
		w.entry = nil
		return
	}
	blink := cursorBlink(e)
	state := entryState{text: e.Text, row: e.CursorRow, col: e.CursorColumn, blink: blink}
	now := w.now()
	if e != w.entry || state != w.state {
		w.entry, w.state, w.since = e, state, now
		return
	}
	if blink != nil && now.Sub(w.since) >= blinkFor {
		stillCursor(e)
		w.state.blink = nil
	}
}

// focusedEntry finds the widget.Entry inside what has the keyboard: our
// fields embed one.
func focusedEntry(obj fyne.Focusable) *widget.Entry {
	switch e := obj.(type) {
	case *widget.Entry:
		return e
	case *field:
		return &e.Entry
	case interface{ entry() *widget.Entry }:
		return e.entry()
	}
	return nil
}

// Fyne offers no way to stop one entry's cursor animation (only a build tag
// or the user's global settings file turn all animations off), so these two
// reach into widget.Entry's cursorAnim {cursor *canvas.Rectangle; anim
// *fyne.Animation}. TestCursorStopsBlinking fails if a Fyne upgrade renames
// them; they then do nothing rather than crash.

// cursorBlink returns the entry's running blink animation, or nil.
func cursorBlink(e *widget.Entry) *fyne.Animation {
	anim, ok := cursorField(e, "anim")
	if !ok || anim.IsNil() {
		return nil
	}
	a, _ := anim.Interface().(*fyne.Animation)
	return a
}

// stillCursor stops the blink and shows the cursor fully opaque. The
// animation is dropped, not only stopped, so that the entry's next refresh
// (a key, a click) creates and starts a new one.
func stillCursor(e *widget.Entry) {
	anim, ok := cursorField(e, "anim")
	cursor, ok2 := cursorField(e, "cursor")
	if !ok || !ok2 || anim.IsNil() {
		return
	}
	anim.Interface().(*fyne.Animation).Stop()
	anim.Set(reflect.Zero(anim.Type()))
	if r, ok := cursor.Interface().(*canvas.Rectangle); ok && r != nil {
		r.FillColor = e.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
		r.Refresh()
	}
}

// cursorField returns a settable view of the named field of the entry's
// cursor animation.
func cursorField(e *widget.Entry, name string) (reflect.Value, bool) {
	ca := reflect.ValueOf(e).Elem().FieldByName("cursorAnim")
	if !ca.IsValid() || ca.Kind() != reflect.Pointer || ca.IsNil() {
		return reflect.Value{}, false
	}
	f := ca.Elem().FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Pointer {
		return reflect.Value{}, false
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), true
}
