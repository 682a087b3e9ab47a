package ui

import (
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/store"
)

// newTestPresentation starts a show of the bundled pack headless, both
// windows at the size of a laptop mirrored to a projector.
func newTestPresentation(t testing.TB) (*presentation, *int) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	if err := applyLanguage(store.LangIndonesian); err != nil {
		t.Fatal(err)
	}
	ended := 0
	p := startPresentation(a, content.Default(), "Sosialisasi TPPO Desa Sakra", func() { ended++ })
	p.audience.win.Resize(fyne.NewSize(1024, 768))
	p.presenter.win.Resize(fyne.NewSize(1024, 768))
	t.Cleanup(p.end)
	return p, &ended
}

// key is a key press as Fyne's desktop driver delivers it: to the focused
// widget if there is one, else to the window; a key that types a
// character (Space, letters, digits) arrives as a rune as well.
type key struct {
	name fyne.KeyName
	char rune
}

var (
	keySpace = key{fyne.KeySpace, ' '}
	keyB     = key{"B", 'b'}
	keyW     = key{"W", 'w'}
)

func named(n fyne.KeyName) key { return key{name: n} }

func digit(d rune) key { return key{fyne.KeyName(string(d)), d} }

func pressKeys(w fyne.Window, keys ...key) {
	c := w.Canvas()
	for _, k := range keys {
		ev := &fyne.KeyEvent{Name: k.name}
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else if h := c.OnTypedKey(); h != nil {
			h(ev)
		}
		if k.char == 0 {
			continue
		}
		if f := c.Focused(); f != nil {
			f.TypedRune(k.char)
		} else if h := c.OnTypedRune(); h != nil {
			h(k.char)
		}
	}
}

func TestPresenterKeys(t *testing.T) {
	steps := []struct {
		key  key
		want int
	}{
		{named(fyne.KeyRight), 2},
		{named(fyne.KeyDown), 3},
		{keySpace, 4}, // arrives as key and rune: one step only
		{named(fyne.KeyPageDown), 5},
		{named(fyne.KeyReturn), 6},
		{named(fyne.KeyEnter), 7}, // keypad Enter
		{named(fyne.KeyLeft), 6},
		{named(fyne.KeyUp), 5},
		{named(fyne.KeyPageUp), 4},
		{named(fyne.KeyBackspace), 3},
		{named(fyne.KeyEnd), 26},
		{named(fyne.KeyPageDown), 26}, // stays on the last slide
		{named(fyne.KeyHome), 1},
		{named(fyne.KeyPageUp), 1},
	}
	windows := []struct {
		name string
		win  func(p *presentation) fyne.Window
	}{
		{"presenter", func(p *presentation) fyne.Window { return p.presenter.win }},
		{"audience", func(p *presentation) fyne.Window { return p.audience.win }},
		{"presenter with the slide list focused", func(p *presentation) fyne.Window {
			p.presenter.win.Canvas().Focus(p.presenter.list)
			return p.presenter.win
		}},
		{"presenter with a button focused", func(p *presentation) fyne.Window {
			p.presenter.win.Canvas().Focus(p.presenter.black)
			return p.presenter.win
		}},
	}
	for _, tw := range windows {
		t.Run(tw.name, func(t *testing.T) {
			p, _ := newTestPresentation(t)
			w := tw.win(p)
			for i, s := range steps {
				pressKeys(w, s.key)
				if got := p.current(); got != s.want {
					t.Fatalf("step %d (%s): slide %d, want %d", i, s.key.name, got, s.want)
				}
			}
			if p.blank != blankNone {
				t.Fatalf("Space blanked the screen: %v", p.blank)
			}
		})
	}
}

func TestPresenterJump(t *testing.T) {
	p, _ := newTestPresentation(t)
	w := p.presenter.win
	pressKeys(w, digit('1'), digit('2'), named(fyne.KeyReturn))
	if p.current() != 12 {
		t.Fatalf("1 2 Enter: slide %d", p.current())
	}
	pressKeys(w, digit('7'), named(fyne.KeyEnter)) // keypad Enter
	if p.current() != 7 {
		t.Fatalf("7 keypad-Enter: slide %d", p.current())
	}
	pressKeys(w, digit('2'), digit('3'))
	if !strings.Contains(p.presenter.jump.Text, "23") {
		t.Fatalf("typed number not shown: %q", p.presenter.jump.Text)
	}
	pressKeys(w, named(fyne.KeyBackspace), named(fyne.KeyReturn)) // 23, corrected to 2
	if p.current() != 2 {
		t.Fatalf("2 3 Backspace Enter: slide %d", p.current())
	}
	pressKeys(w, digit('9'), digit('9'), named(fyne.KeyReturn))
	if p.current() != 2 || !strings.Contains(p.presenter.jump.Text, "99") {
		t.Fatalf("99 Enter: slide %d, message %q", p.current(), p.presenter.jump.Text)
	}
	pressKeys(w, named(fyne.KeyReturn)) // the refused number is gone: Enter is next
	if p.current() != 3 || p.presenter.jump.Text != "" {
		t.Fatalf("Enter after a refused jump: slide %d, message %q", p.current(), p.presenter.jump.Text)
	}
	pressKeys(w, digit('5'), named(fyne.KeyEscape)) // Esc drops the number, the show goes on
	pressKeys(w, named(fyne.KeyReturn))
	if p.current() != 4 || p.ended {
		t.Fatalf("5 Esc Enter: slide %d, ended %v", p.current(), p.ended)
	}
	// from the audience window and with the list focused too
	pressKeys(p.audience.win, digit('2'), digit('0'), named(fyne.KeyReturn))
	if p.current() != 20 {
		t.Fatalf("20 Enter on the audience window: slide %d", p.current())
	}
	w.Canvas().Focus(p.presenter.list)
	pressKeys(w, digit('9'), named(fyne.KeyReturn))
	if p.current() != 9 {
		t.Fatalf("9 Enter with the list focused: slide %d", p.current())
	}
}

func TestPresenterBlankScreens(t *testing.T) {
	p, _ := newTestPresentation(t)
	w := p.presenter.win
	pressKeys(w, keyB) // arrives as key "B" and rune 'b': toggles once
	if p.blank != blankBlack || p.audience.view.blank != blankBlack {
		t.Fatalf("B: blank %v, audience %v", p.blank, p.audience.view.blank)
	}
	if !audienceShowsOnly(p, blankBlack) {
		t.Fatal("the audience still sees the slide behind the black screen")
	}
	if p.presenter.black.Importance != widget.HighImportance {
		t.Fatal("the presenter is not told that the screen is black")
	}
	pressKeys(w, keyB)
	if p.blank != blankNone || audienceShowsOnly(p, blankBlack) {
		t.Fatalf("second B: blank %v", p.blank)
	}
	pressKeys(p.audience.win, keyW)
	if p.blank != blankWhite {
		t.Fatalf("W: blank %v", p.blank)
	}
	pressKeys(w, keyB) // from white straight to black
	if p.blank != blankBlack {
		t.Fatalf("W then B: blank %v", p.blank)
	}
	pressKeys(w, named(fyne.KeyPageDown)) // the next slide lifts the black screen
	if p.blank != blankNone || p.current() != 2 {
		t.Fatalf("PageDown on a black screen: blank %v, slide %d", p.blank, p.current())
	}
	w.Canvas().Focus(p.presenter.list)
	pressKeys(w, keyB)
	if p.blank != blankBlack {
		t.Fatalf("B with the list focused: blank %v", p.blank)
	}
}

// audienceShowsOnly reports whether the audience window shows nothing but
// a black or white screen.
func audienceShowsOnly(p *presentation, b blankMode) bool {
	r := test.WidgetRenderer(p.audience.view).(*slideRenderer)
	objs := r.Objects()
	last := objs[len(objs)-1]
	if last != r.blank || r.blank.Size() != p.audience.view.Size() {
		return false
	}
	for _, o := range objs {
		if _, ok := o.(*canvas.Text); ok {
			return false
		}
	}
	return (b == blankBlack) == (r.blank.FillColor == color.Black)
}

func TestPresenterListTapThenKeys(t *testing.T) {
	p, _ := newTestPresentation(t)
	w := p.presenter.win
	item := listItem(t, p.presenter.list, 4)
	test.Tap(item) // as the desktop driver does: focuses the list, selects
	if p.current() != 5 {
		t.Fatalf("tapping the fifth item: slide %d", p.current())
	}
	// a real tap focuses the list (test.Tap does it too); the list must
	// not keep arrows and Space for itself
	w.Canvas().Focus(p.presenter.list)
	for _, k := range []key{keySpace, named(fyne.KeyDown), named(fyne.KeyRight), named(fyne.KeyPageDown)} {
		pressKeys(w, k)
	}
	if p.current() != 9 {
		t.Fatalf("four steps forward after a tap: slide %d, want 9", p.current())
	}
	pressKeys(w, named(fyne.KeyUp), named(fyne.KeyPageUp))
	if p.current() != 7 {
		t.Fatalf("two steps back: slide %d, want 7", p.current())
	}
	if !isSelected(p.presenter.list, 6) {
		t.Fatal("the list does not highlight slide 7")
	}
}

// listItem returns the tappable row of a list showing item id.
func listItem(t *testing.T, l *slideList, id int) fyne.Tappable {
	t.Helper()
	var rows []fyne.Tappable
	walk(l, func(o fyne.CanvasObject) {
		if tp, ok := o.(fyne.Tappable); ok && o != l {
			rows = append(rows, tp)
		}
	})
	if len(rows) <= id {
		t.Fatalf("the list shows %d rows", len(rows))
	}
	return rows[id]
}

// isSelected reports whether the list highlights item id: selecting the
// item already selected does nothing.
func isSelected(l *slideList, id int) bool {
	called := false
	l.OnSelected = func(widget.ListItemID) { called = true }
	defer func() { l.OnSelected = l.onSelected }()
	l.Select(id)
	return !called
}

func TestPresenterFullScreenAndEnd(t *testing.T) {
	p, ended := newTestPresentation(t)
	pressKeys(p.presenter.win, named(fyne.KeyF5))
	if !p.audience.win.FullScreen() || p.presenter.win.FullScreen() {
		t.Fatal("F5 on the presenter window did not make the audience window full screen")
	}
	pressKeys(p.audience.win, named(fyne.KeyF11))
	if p.audience.win.FullScreen() {
		t.Fatal("F11 did not leave full screen")
	}
	pressKeys(p.audience.win, named(fyne.KeyF11))
	pressKeys(p.presenter.win, named(fyne.KeyEscape))
	if p.audience.win.FullScreen() || p.ended {
		t.Fatalf("first Esc: full screen %v, ended %v", p.audience.win.FullScreen(), p.ended)
	}
	pressKeys(p.presenter.win, named(fyne.KeyEscape))
	if !p.ended || *ended != 1 {
		t.Fatalf("second Esc: ended %v, onEnd called %d times", p.ended, *ended)
	}
	assertClosed(t, p)
	p.end()
	if *ended != 1 {
		t.Fatalf("onEnd called %d times", *ended)
	}
}

func TestPresenterClosingAWindowEndsTheShow(t *testing.T) {
	p, ended := newTestPresentation(t)
	p.audience.win.Close()
	if !p.ended || *ended != 1 {
		t.Fatalf("closing the audience window: ended %v, onEnd %d", p.ended, *ended)
	}
	assertClosed(t, p)
}

// assertClosed fails unless both windows of the show are closed.
func assertClosed(t *testing.T, p *presentation) {
	t.Helper()
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		if w == p.audience.win || w == p.presenter.win {
			t.Fatalf("window %q still open", w.Title())
		}
	}
}

func TestPresenterSingleScreen(t *testing.T) {
	p, ended := newTestPresentation(t)
	test.Tap(findPresenterButton(t, p, "Satu layar"))
	if !p.single || !p.audience.win.FullScreen() {
		t.Fatalf("one screen: single %v, full screen %v", p.single, p.audience.win.FullScreen())
	}
	w := p.audience.win
	pressKeys(w, named(fyne.KeyPageDown), keySpace, digit('1'), digit('0'), named(fyne.KeyEnter))
	if p.current() != 10 {
		t.Fatalf("keys on the audience window: slide %d", p.current())
	}
	pressKeys(w, keyB, keyB)
	if p.blank != blankNone {
		t.Fatalf("B B: %v", p.blank)
	}
	pressKeys(w, named(fyne.KeyEscape))
	if p.single || p.audience.win.FullScreen() || p.ended {
		t.Fatalf("Esc: single %v, full screen %v, ended %v", p.single, p.audience.win.FullScreen(), p.ended)
	}
	pressKeys(w, named(fyne.KeyEscape))
	if *ended != 1 {
		t.Fatal("second Esc did not end the show")
	}
}

func TestPresenterShowsNotesNextAndTime(t *testing.T) {
	p, _ := newTestPresentation(t)
	pack := content.Default()
	pw := p.presenter
	if pw.notes.Text != pack.Slides[0].Notes || pw.next.index != 1 || pw.current.index != 0 {
		t.Fatalf("slide 1: notes %.30q, next %d", pw.notes.Text, pw.next.index)
	}
	if !strings.Contains(pw.counter.Text, "1 dari 26") {
		t.Fatalf("counter %q", pw.counter.Text)
	}
	p.goTo(26)
	if pw.next.index != -1 || pw.nextCaption.Text != "Ini slide terakhir." {
		t.Fatalf("last slide: next %d, caption %q", pw.next.index, pw.nextCaption.Text)
	}
	p.started = time.Now().Add(-(65*time.Minute + 7*time.Second))
	p.tick()
	if pw.clock.Text != "1:05:07" {
		t.Fatalf("clock %q", pw.clock.Text)
	}
	for d, want := range map[time.Duration]string{0: "00:00", 59 * time.Second: "00:59", 754 * time.Second: "12:34"} {
		if got := formatElapsed(d); got != want {
			t.Errorf("formatElapsed(%v) = %q, want %q", d, got, want)
		}
	}
}

func findPresenterButton(t *testing.T, p *presentation, text string) *presenterButton {
	t.Helper()
	var found *presenterButton
	walk(p.presenter.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*presenterButton); ok && b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q in the presenter view", text)
	}
	return found
}

// TestPresenterScreenshots renders the slides and the presenter view to
// PNG files when PENYULUH_SCREENSHOTS names a folder (docs/ for the
// manual): go test ./ui -run Screenshots with PENYULUH_SCREENSHOTS=../docs
func TestPresenterScreenshots(t *testing.T) {
	dir := os.Getenv("PENYULUH_SCREENSHOTS")
	if dir == "" {
		t.Skip("set PENYULUH_SCREENSHOTS to a folder to write screenshots")
	}
	p, _ := newTestPresentation(t)
	save := func(name string, w fyne.Window, size fyne.Size) {
		w.Resize(size)
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	shots := []struct {
		slide int
		name  string
		dark  bool
		size  fyne.Size
	}{
		{1, "slide-title.png", false, fyne.NewSize(1024, 768)},
		{6, "slide-diagram.png", false, fyne.NewSize(1024, 768)},
		{11, "slide-list.png", false, fyne.NewSize(1024, 768)},
		{18, "slide-diagram-wide.png", false, fyne.NewSize(1366, 768)},
		{2, "slide-dark.png", true, fyne.NewSize(1366, 768)},
	}
	for _, s := range shots {
		p.goTo(s.slide)
		if p.dark != s.dark {
			p.toggleDark()
		}
		save(s.name, p.audience.win, s.size)
	}
	p.toggleDark()
	p.goTo(11) // the projector at 1024×768 too: the previews take its shape
	p.audience.win.Resize(fyne.NewSize(1024, 768))
	save("presenter.png", p.presenter.win, fyne.NewSize(1024, 768))
	p.goTo(18)
	p.audience.win.Resize(fyne.NewSize(1920, 1080))
	save("presenter-1366.png", p.presenter.win, fyne.NewSize(1366, 768))
	if all := os.Getenv("PENYULUH_SCREENSHOTS_ALL"); all != "" {
		dir = all
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, size := range []fyne.Size{{Width: 1024, Height: 768}, {Width: 1366, Height: 768}} {
			for i := range p.deck.count() {
				p.goTo(i + 1)
				save(fmt.Sprintf("slide-%02d-%.0f.png", i+1, size.Width), p.audience.win, size)
			}
		}
	}
}

// A click on the audience window's slide advances and a right click goes
// back, as in presentation software; a half-typed slide number is dropped.
func TestPresenterClickOnAudienceSlide(t *testing.T) {
	p, _ := newTestPresentation(t)
	view := p.audience.view
	for i, s := range []struct {
		secondary bool
		want      int
	}{{false, 2}, {false, 3}, {true, 2}, {true, 1}, {true, 1}} {
		if s.secondary {
			test.TapSecondary(view)
		} else {
			test.Tap(view)
		}
		if got := p.current(); got != s.want {
			t.Fatalf("click %d: slide %d, want %d", i, got, s.want)
		}
	}
	p.typedRune('7')
	test.Tap(view)
	if p.current() != 2 || p.digits != "" {
		t.Fatalf("after a half-typed number and a click: slide %d, digits %q", p.current(), p.digits)
	}
	// The presenter's own preview of the slide is not a clicker.
	test.Tap(p.presenter.current)
	if p.current() != 2 {
		t.Fatalf("a click on the presenter's preview moved the show to %d", p.current())
	}
}
