package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/content"
)

// presenterWindow is the officer's view on the laptop: the current slide,
// the next one, the speaker notes, the elapsed time and the slide list.
type presenterWindow struct {
	showWindow
	p       *presentation
	current *slideView
	next    *slideView
	list    *slideList

	counter, clock, jump *widget.Label
	nextCaption, notes   *widget.Label
	notesScroll          *container.Scroll
	black, white, dark   *presenterButton
}

func newPresenterWindow(p *presentation, a fyne.App, title string) *presenterWindow {
	w := &presenterWindow{p: p, showWindow: showWindow{win: a.NewWindow(presenterTitle(title))}}
	w.win.SetContent(w.buildUI())
	w.win.Resize(fyne.NewSize(1024, 720))
	c := w.win.Canvas()
	c.SetOnTypedKey(p.typedKey)
	c.SetOnTypedRune(p.typedRune)
	w.win.SetOnClosed(w.onClosed(p))
	return w
}

func (w *presenterWindow) buildUI() fyne.CanvasObject {
	w.current = newSlideView(w.p.deck, true)
	w.next = newSlideView(w.p.deck, true)
	w.counter = bigLabel()
	w.clock = bigLabel()
	w.clock.SetText(formatElapsed(0))
	w.jump = widget.NewLabel("")
	w.jump.Importance = widget.HighImportance
	w.nextCaption = widget.NewLabelWithStyle(lang.L("Next"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.notes = widget.NewLabel("")
	w.notes.Wrapping = fyne.TextWrapWord
	w.notesScroll = container.NewVScroll(w.notes)
	w.list = newSlideList(w.p)

	top := container.NewHBox(
		w.button("", theme.NavigateBackIcon(), w.p.prev),
		w.button("", theme.NavigateNextIcon(), w.p.next),
		w.counter, w.jump, layout.NewSpacer(),
		widget.NewIcon(theme.HistoryIcon()), w.clock)
	w.black = w.button(lang.L("Black screen (B)"), nil, w.p.toggleBlack)
	w.white = w.button(lang.L("White screen (W)"), nil, w.p.toggleWhite)
	w.dark = w.button(lang.L("Dark background"), nil, w.p.toggleDark)
	end := w.button(lang.L("End show (Esc)"), theme.CancelIcon(), w.p.end)
	end.Importance = widget.DangerImportance
	bottom := container.NewHBox(
		w.button(lang.L("Full screen (F5)"), theme.ViewFullScreenIcon(), w.p.toggleFullScreen),
		w.button(lang.L("One screen"), theme.ComputerIcon(), func() { w.p.setSingleScreen(true) }),
		w.black, w.white, w.dark, layout.NewSpacer(), end)

	notesTitle := widget.NewLabelWithStyle(lang.L("Speaker notes"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	notes := container.NewBorder(notesTitle, nil, nil, nil,
		container.NewThemeOverride(w.notesScroll, notesTheme{newTheme()}))
	listTitle := widget.NewLabelWithStyle(lang.L("Slides"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	help := muted(lang.L("Next: → ↓ Space PageDown Enter. Back: ← ↑ PageUp Backspace. Jump: type the number, then Enter."))
	list := container.NewBorder(listTitle, help, nil, nil, w.list)

	body := container.New(&presenterLayout{}, w.current, notes, w.nextCaption, w.next, list)
	return container.NewBorder(top, bottom, nil, nil, body)
}

// button makes a button that passes keys on to the show when it has the
// keyboard focus (after Tab), instead of swallowing them.
func (w *presenterWindow) button(text string, icon fyne.Resource, tapped func()) *presenterButton {
	b := &presenterButton{p: w.p}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// show brings the view up to date with slide index.
func (w *presenterWindow) show(index int, blank blankMode, dark bool) {
	count := w.p.deck.count()
	w.counter.SetText(lang.L("Slide {{.N}} of {{.Total}}", map[string]any{"N": index + 1, "Total": count}))
	w.current.dark, w.current.blank, w.current.index = dark, blank, index
	w.current.Refresh()
	w.next.dark = dark
	if index+1 < count {
		w.nextCaption.SetText(lang.L("Next"))
		w.next.index = index + 1
	} else {
		w.nextCaption.SetText(lang.L("This is the last slide."))
		w.next.index = -1
	}
	w.next.Refresh()

	notes := ""
	if index < count {
		notes = w.p.deck.pack.Slides[index].Notes
	}
	if notes == "" {
		notes = lang.L("No notes for this slide.")
	}
	if notes != w.notes.Text {
		w.notes.SetText(notes)
		w.notesScroll.ScrollToTop()
	}
	w.list.show(index)

	setImportance(w.black, blank == blankBlack)
	setImportance(w.white, blank == blankWhite)
	setImportance(w.dark, dark)
}

func setImportance(b *presenterButton, on bool) {
	want := widget.MediumImportance
	if on {
		want = widget.HighImportance
	}
	if b.Importance != want {
		b.Importance = want
		b.Refresh()
	}
}

// setPageWidth lays the previews out for the audience window's shape.
func (w *presenterWindow) setPageWidth(width float32) {
	w.current.setPageWidth(width)
	w.next.setPageWidth(width)
}

func (w *presenterWindow) showJump(digits, bad string) {
	switch {
	case bad != "":
		w.jump.Importance = widget.DangerImportance
		w.jump.SetText(lang.L("There is no slide {{.N}}.", map[string]any{"N": bad}))
	case digits != "":
		w.jump.Importance = widget.HighImportance
		w.jump.SetText(lang.L("Go to slide {{.N}}: press Enter", map[string]any{"N": digits}))
	default:
		w.jump.SetText("")
	}
}

func (w *presenterWindow) showElapsed(d time.Duration) {
	w.clock.SetText(formatElapsed(d))
}

// formatElapsed shows minutes and seconds, and hours once there are any.
func formatElapsed(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

func bigLabel() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// presenterLayout puts the current slide top left with the notes under
// it, and a column on the right with the next slide above the slide list.
// Objects: current, notes, next caption, next, list.
type presenterLayout struct{}

func (presenterLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(600, 400) }

func (presenterLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	current, notes, caption, next, list := objs[0], objs[1], objs[2], objs[3], objs[4]
	pad := theme.Padding()
	right := min(max(size.Width*0.3, 240), 420)
	left := size.Width - right - 2*pad
	slideH := min(left*9/16, size.Height*0.56)
	current.Move(fyne.NewPos(0, 0))
	current.Resize(fyne.NewSize(left, slideH))
	notes.Move(fyne.NewPos(0, slideH+pad))
	notes.Resize(fyne.NewSize(left, size.Height-slideH-pad))

	x := left + 2*pad
	captionH := caption.MinSize().Height
	caption.Move(fyne.NewPos(x, 0))
	caption.Resize(fyne.NewSize(right, captionH))
	nextH := right * 9 / 16
	next.Move(fyne.NewPos(x, captionH))
	next.Resize(fyne.NewSize(right, nextH))
	list.Move(fyne.NewPos(x, captionH+nextH+pad))
	list.Resize(fyne.NewSize(right, size.Height-captionH-nextH-pad))
}

// notesTheme sets the speaker notes larger than the rest of the window:
// they are read standing, at arm's length from the laptop.
type notesTheme struct{ fyne.Theme }

func (t notesTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 19
	}
	return t.Theme.Size(n)
}

// presenterButton is a button that hands keys to the show when focused.
// A focused widget gets every key before the window does, so a plain
// button reached with Tab would swallow the clicker's PageDown.
type presenterButton struct {
	widget.Button
	p *presentation
}

func (b *presenterButton) TypedKey(k *fyne.KeyEvent) { b.p.typedKey(k) }

func (b *presenterButton) TypedRune(r rune) { b.p.typedRune(r) }

// slideList lists the slides by number and title; tapping one jumps to
// it. Tapping a list item gives the list the keyboard focus, and a focused
// widget.List takes the arrows and Space for itself, so this one hands
// every key to the show instead, and gives up the focus after a jump.
type slideList struct {
	widget.List
	p         *presentation
	selecting bool // show is selecting: not a tap
}

func newSlideList(p *presentation) *slideList {
	l := &slideList{p: p}
	l.Length = p.deck.count
	l.CreateItem = func() fyne.CanvasObject {
		label := widget.NewLabel("")
		label.Truncation = fyne.TextTruncateEllipsis
		return label
	}
	l.UpdateItem = l.updateItem
	l.OnSelected = l.onSelected
	l.ExtendBaseWidget(l)
	return l
}

func (l *slideList) updateItem(id widget.ListItemID, obj fyne.CanvasObject) {
	s := l.p.deck.pack.Slides[id]
	obj.(*widget.Label).SetText(fmt.Sprintf("%d. %s", s.Number, plainTitle(s.Title)))
}

func (l *slideList) onSelected(id widget.ListItemID) {
	if l.selecting {
		return
	}
	l.p.clearAnd(func() { l.p.goTo(id + 1) })
	if c := l.p.presenter.win.Canvas(); c.Focused() == l {
		c.Unfocus()
	}
}

// show selects the slide shown, without jumping again.
func (l *slideList) show(index int) {
	if index < 0 || index >= l.p.deck.count() {
		return
	}
	l.selecting = true
	l.Select(index) // scrolls to it too
	l.selecting = false
}

func (l *slideList) TypedKey(k *fyne.KeyEvent) { l.p.typedKey(k) }

func (l *slideList) TypedRune(r rune) { l.p.typedRune(r) }

// plainTitle drops a title's **bold** markers.
func plainTitle(t string) string {
	var b strings.Builder
	for _, span := range content.Spans(t) {
		b.WriteString(span.Text)
	}
	return b.String()
}
