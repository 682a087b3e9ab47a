package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/lang"

	"github.com/penyuluh/penyuluh/content"
)

// presentation is a running slide show: the audience window (the slide
// alone, for the projector) and the presenter window (notes, next slide,
// clock and slide list on the laptop). Both windows take the same keys.
// Every method runs on the UI goroutine.
type presentation struct {
	deck    *slideDeck
	onEnd   func()
	index   int // 0-based
	blank   blankMode
	dark    bool
	single  bool   // one screen: the audience window alone, full screen
	digits  string // a slide number being typed, jumped to on Enter
	badJump string // a number past the end, shown until the next key
	started time.Time
	ended   bool
	stop    chan struct{} // closed when the show ends; nil without a clock

	audience  *audienceWindow
	presenter *presenterWindow
}

// startPresentation opens the presenter window and the audience window on
// the first slide of pack. onEnd runs once when the show ends (Esc, the
// end button or closing either window). Call setSingleScreen(true) on the
// result to present on one (mirrored) screen.
func startPresentation(a fyne.App, pack *content.Pack, title string, onEnd func()) *presentation {
	p := newPresentation(a, pack, title, onEnd)
	p.show()
	return p
}

func newPresentation(a fyne.App, pack *content.Pack, title string, onEnd func()) *presentation {
	p := &presentation{deck: newSlideDeck(pack), onEnd: onEnd}
	p.audience = newAudienceWindow(p, a, pack.Title)
	p.presenter = newPresenterWindow(p, a, title)
	p.audience.view.onPageWidth = p.presenter.setPageWidth
	return p
}

// show opens both windows, the presenter's last so that it has the
// keyboard, and starts the clock.
func (p *presentation) show() {
	go p.deck.preloadImages()
	p.started = time.Now()
	p.refresh()
	p.audience.win.Show()
	p.presenter.win.Show()
	p.startClock()
}

// startClock updates the elapsed time every second until the show ends.
// A headless test window has no native window and no event loop, so
// fyne.Do would run on the ticker's goroutine there: tests call tick.
func (p *presentation) startClock() {
	if _, native := p.presenter.win.(driver.NativeWindow); !native {
		return
	}
	stop := make(chan struct{})
	p.stop = stop
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(p.tick)
			}
		}
	}()
}

func (p *presentation) tick() {
	if !p.ended {
		p.presenter.showElapsed(time.Since(p.started))
	}
}

// current returns the number (1-based) of the slide shown.
func (p *presentation) current() int { return p.index + 1 }

func (p *presentation) next() { p.goTo(p.current() + 1) }

func (p *presentation) prev() { p.goTo(p.current() - 1) }

// goTo shows slide n (1-based), clamped to the deck; a black or white
// screen gives way to the slide.
func (p *presentation) goTo(n int) {
	n = min(max(n, 1), p.deck.count())
	if n == 0 || (n == p.current() && p.blank == blankNone) {
		return
	}
	p.index = n - 1
	p.blank = blankNone
	p.refresh()
}

func (p *presentation) toggleBlack() { p.toggleBlank(blankBlack) }

func (p *presentation) toggleWhite() { p.toggleBlank(blankWhite) }

func (p *presentation) toggleBlank(b blankMode) {
	if p.blank == b {
		b = blankNone
	}
	p.blank = b
	p.refresh()
}

func (p *presentation) toggleDark() {
	p.dark = !p.dark
	p.refresh()
}

func (p *presentation) refresh() {
	p.audience.show(p.index, p.blank, p.dark)
	p.presenter.show(p.index, p.blank, p.dark)
}

// toggleFullScreen makes the audience window full screen on the screen it
// is on (Fyne cannot pick the screen, so it is dragged to the projector
// first), or back.
func (p *presentation) toggleFullScreen() {
	p.audience.win.SetFullScreen(!p.audience.win.FullScreen())
}

// setSingleScreen shows the audience window alone, full screen, for a
// projector that mirrors the laptop; off brings the presenter window back.
func (p *presentation) setSingleScreen(on bool) {
	p.single = on
	if on {
		p.presenter.win.Hide()
		p.audience.win.SetFullScreen(true)
		p.audience.win.RequestFocus()
		return
	}
	p.presenter.win.Show()
}

// escape clears a half-typed slide number, else leaves full screen (and
// one-screen mode), else ends the show.
func (p *presentation) escape() {
	switch {
	case p.digits != "" || p.badJump != "":
		p.setDigits("")
	case p.audience.win.FullScreen():
		p.audience.win.SetFullScreen(false)
		if p.single {
			p.setSingleScreen(false)
		}
	default:
		p.end()
	}
}

// end closes both windows and calls onEnd, once.
func (p *presentation) end() {
	if p.ended {
		return
	}
	p.ended = true
	if p.stop != nil {
		close(p.stop)
	}
	p.audience.close()
	p.presenter.close()
	if p.onEnd != nil {
		p.onEnd()
	}
}

// typedKey handles the keys without a character. Space is handled here
// and letters and digits in typedRune: each arrives both ways.
func (p *presentation) typedKey(k *fyne.KeyEvent) {
	if p.ended {
		return
	}
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter: // Enter on the keypad is KeyEnter
		if p.digits != "" {
			p.jump()
		} else {
			p.clearAnd(p.next)
		}
	case fyne.KeyBackspace:
		if p.digits != "" {
			p.setDigits(p.digits[:len(p.digits)-1])
		} else {
			p.clearAnd(p.prev)
		}
	case fyne.KeyRight, fyne.KeyDown, fyne.KeyPageDown, fyne.KeySpace:
		p.clearAnd(p.next)
	case fyne.KeyLeft, fyne.KeyUp, fyne.KeyPageUp:
		p.clearAnd(p.prev)
	case fyne.KeyHome:
		p.clearAnd(func() { p.goTo(1) })
	case fyne.KeyEnd:
		p.clearAnd(func() { p.goTo(p.deck.count()) })
	case fyne.KeyF5, fyne.KeyF11:
		p.toggleFullScreen()
	case fyne.KeyEscape:
		p.escape()
	}
}

// typedRune handles digits (a slide number to jump to), B and W (or "."
// and ",", as PowerPoint and some clickers use) for a black or white
// screen.
func (p *presentation) typedRune(r rune) {
	if p.ended {
		return
	}
	switch {
	case r >= '0' && r <= '9':
		if len(p.digits) < 3 {
			p.setDigits(p.digits + string(r))
		}
	case r == 'b' || r == 'B' || r == '.':
		p.clearAnd(p.toggleBlack)
	case r == 'w' || r == 'W' || r == ',':
		p.clearAnd(p.toggleWhite)
	}
}

// clearAnd forgets a half-typed slide number, then acts.
func (p *presentation) clearAnd(action func()) {
	if p.digits != "" || p.badJump != "" {
		p.setDigits("")
	}
	action()
}

func (p *presentation) setDigits(d string) {
	p.digits, p.badJump = d, ""
	p.presenter.showJump(p.digits, p.badJump)
}

// jump goes to the typed slide number; a number past the end is refused
// with a message, not clamped, since it is most likely a typing slip.
func (p *presentation) jump() {
	n, _ := strconv.Atoi(p.digits)
	if n < 1 || n > p.deck.count() {
		p.digits, p.badJump = "", p.digits
		p.presenter.showJump(p.digits, p.badJump)
		return
	}
	p.setDigits("")
	p.goTo(n)
}

// showWindow is a window of the show that knows whether it was closed: a
// window closed by its own close button must not be closed again.
type showWindow struct {
	win    fyne.Window
	closed bool
}

func (w *showWindow) onClosed(p *presentation) func() {
	return func() {
		w.closed = true
		p.end()
	}
}

func (w *showWindow) close() {
	if !w.closed {
		w.closed = true
		w.win.Close()
	}
}

// audienceWindow shows the slide alone, filling the window.
type audienceWindow struct {
	showWindow
	view *slideView
}

func newAudienceWindow(p *presentation, a fyne.App, title string) *audienceWindow {
	w := &audienceWindow{showWindow: showWindow{win: a.NewWindow(title)}, view: newSlideView(p.deck, false)}
	w.win.SetPadded(false)
	// A click on the projected slide advances and a right click goes
	// back, as in presentation software, also after the show ended
	// (typedKey ignores it then).
	w.view.onTap = func() { p.typedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) }
	w.view.onSecondaryTap = func() { p.typedKey(&fyne.KeyEvent{Name: fyne.KeyLeft}) }
	w.win.SetContent(w.view)
	w.win.Resize(fyne.NewSize(960, 540))
	c := w.win.Canvas()
	c.SetOnTypedKey(p.typedKey)
	c.SetOnTypedRune(p.typedRune)
	w.win.SetOnClosed(w.onClosed(p))
	return w
}

func (w *audienceWindow) show(index int, blank blankMode, dark bool) {
	w.view.dark = dark
	w.view.blank = blank
	w.view.index = index
	w.view.Refresh()
}

// presenterTitle is the presenter window's title.
func presenterTitle(title string) string {
	return lang.L("Presenter view: {{.Title}}", map[string]any{"Title": title})
}
