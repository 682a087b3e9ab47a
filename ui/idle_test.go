package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestCursorStopsBlinking: ten seconds after the last input the focused
// field's cursor stops blinking (its animation is gone, so the window draws
// nothing) and stays visible; typing starts the blink again. It also
// guards the reach into widget.Entry: a Fyne upgrade that renames its
// cursor animation fails here.
func TestCursorStopsBlinking(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	name := screen.attendance.name
	if mw.win.Canvas().Focused() != name {
		t.Fatal("the name field should have the keyboard")
	}
	clock := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	w := &cursorWatch{canvas: mw.win.Canvas(), now: func() time.Time { return clock }}
	if cursorBlink(&name.Entry) == nil {
		t.Fatal("a focused field's cursor should blink (no animation found: did Fyne rename entry.cursorAnim.anim?)")
	}
	for _, step := range []struct {
		after time.Duration
		typed string
		blink bool
	}{
		{0, "", true},
		{5 * time.Second, "", true},
		{5 * time.Second, "", false}, // 10 s without input
		{30 * time.Second, "", false},
		{time.Second, "Siti", true}, // a key starts it again
		{9 * time.Second, "", true},
		{time.Second, "", false},
	} {
		clock = clock.Add(step.after)
		if step.typed != "" {
			test.Type(name, step.typed)
		}
		w.check()
		if got := cursorBlink(&name.Entry) != nil; got != step.blink {
			t.Fatalf("%v later, typed %q: blinking %v, want %v", step.after, step.typed, got, step.blink)
		}
	}
	cursor, ok := cursorField(&name.Entry, "cursor")
	if !ok {
		t.Fatal("no cursor rectangle in widget.Entry")
	}
	if r := cursor.Interface().(interface{ Visible() bool }); !r.Visible() {
		t.Fatal("the still cursor must stay visible")
	}
	// Another field taking the keyboard starts its own ten seconds.
	mw.win.Canvas().Focus(screen.attendance.age)
	w.check()
	clock = clock.Add(blinkFor)
	w.check()
	if cursorBlink(&screen.attendance.age.Entry) != nil {
		t.Fatal("the age field's cursor still blinks after ten seconds")
	}
}
