package ui

import (
	"image/color"
	"reflect"
	"slices"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// field is an Entry that reports when the user leaves it (Tab, a click
// elsewhere) and when Esc is pressed, which widget.Entry does not expose.
// Enter still arrives through OnSubmitted.
type field struct {
	widget.Entry
	onLeave  func()
	onEscape func()
	onDown   func() // the Down arrow in a one-line field, e.g. from a search into its list
	// submitOnEnter makes Enter submit a multi-line field too (short
	// paragraphs such as a question, where speed beats line breaks).
	submitOnEnter bool
}

func newField(placeholder string) *field {
	f := &field{}
	f.PlaceHolder = placeholder
	f.Wrapping = fyne.TextWrapOff
	f.Scroll = container.ScrollHorizontalOnly
	f.ExtendBaseWidget(f)
	return f
}

func newMultiLineField(placeholder string, rows int) *field {
	f := &field{}
	f.PlaceHolder = placeholder
	f.MultiLine = true
	f.Wrapping = fyne.TextWrapWord
	f.SetMinRowsVisible(rows)
	f.ExtendBaseWidget(f)
	return f
}

func (f *field) FocusLost() {
	f.Entry.FocusLost()
	if f.onLeave != nil {
		f.onLeave()
	}
}

func (f *field) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && f.onEscape != nil {
		f.onEscape()
		return
	}
	if k.Name == fyne.KeyDown && f.onDown != nil && !f.MultiLine {
		f.onDown()
		return
	}
	if f.submitOnEnter && (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && f.OnSubmitted != nil {
		f.OnSubmitted(f.Text)
		return
	}
	f.Entry.TypedKey(k)
}

// errorText is the red line under a field that says what is wrong with it.
type errorText struct{ *widget.Label }

func newErrorText() *errorText {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return &errorText{l}
}

func (e *errorText) set(msg string) {
	e.SetText(msg)
	if msg == "" {
		e.Hide()
	} else {
		e.Show()
	}
}

// labelled stacks a field's label (with * when required), the field and its
// error line.
func labelled(label string, required bool, obj fyne.CanvasObject, errText *errorText) fyne.CanvasObject {
	if required {
		label += " *"
	}
	// A bare text, not a Label: a Label's inner padding would make every
	// form a third taller and push Save below a 768-pixel screen.
	l := canvas.NewText(label, theme.Color(theme.ColorNameForeground))
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.TextSize = theme.TextSize() - 1
	items := []fyne.CanvasObject{container.NewPadded(l), obj}
	if errText != nil {
		items = append(items, errText)
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(2), items...)
}

// heading is a large bold title.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

// muted is secondary text: a hint, a path, a saved-at time. It keeps the
// normal colour (the theme's low-importance grey is too faint on a
// borrowed projector or a cheap screen) and is set in italics instead.
func muted(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Italic: true}
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showDialog shows d and makes Esc close it (Fyne's dialogs do not), and
// Enter run onEnter when it is set (a confirm dialog passes its Confirm).
// The window's key handler comes back when the dialog closes.
func showDialog(d dialog.Dialog, w fyne.Window, onEnter func()) {
	c := w.Canvas()
	previous := c.OnTypedKey()
	d.SetOnClosed(func() { c.SetOnTypedKey(previous) })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			d.Hide()
		case fyne.KeyReturn, fyne.KeyEnter:
			if onEnter != nil {
				onEnter()
			}
		}
	})
	d.Show()
}

// band is a coloured strip behind content, used for the top bar.
func band(fill color.Color, content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(fill)
	return container.NewStack(bg, container.NewPadded(content))
}

// showFieldErrors puts each problem of a validation error under its field
// (message turns it into a sentence) and clears the other fields' lines.
// It reports whether there were any problems.
func showFieldErrors(errs map[string]*errorText, err error, message func(store.FieldError) string) bool {
	verr, _ := store.AsValidation(err)
	for name, t := range errs {
		if fe, ok := verr.For(name); ok {
			t.set(message(fe))
		} else {
			t.set("")
		}
	}
	return len(verr) > 0
}

// newRow makes a list row template: n truncating labels in a column layout.
func newRow(columns columnsLayout, n int) *fyne.Container {
	cells := make([]fyne.CanvasObject, n)
	for i := range cells {
		cells[i] = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	}
	return container.New(columns, cells...)
}

// setRow fills a row made by newRow.
func setRow(obj fyne.CanvasObject, texts ...string) {
	for i, t := range texts {
		obj.(*fyne.Container).Objects[i].(*widget.Label).SetText(t)
	}
}

// columnsLayout places objects side by side: a positive width is fixed
// pixels, a negative one a weight sharing the remaining space. A weighted
// column may have a minimum (mins, 0 for none): when the window is too
// narrow for it, the columns in giveWay are hidden one after the other, so
// that the column that matters (a person's name) keeps its room. The header
// and every row share the layout, so they hide the same columns.
type columnsLayout struct {
	widths  []float32
	mins    []float32
	giveWay []int
}

// shown tells which columns fit in width.
func (c columnsLayout) shown(width float32) []bool {
	show := make([]bool, len(c.widths))
	for i := range show {
		show[i] = true
	}
	for _, drop := range c.giveWay {
		if c.fits(show, width) {
			break
		}
		show[drop] = false
	}
	return show
}

// share returns the fixed width, the sum of weights and the number of the
// shown columns.
func (c columnsLayout) share(show []bool) (fixed, weights float32, n int) {
	for i, w := range c.widths {
		if !show[i] {
			continue
		}
		n++
		if w > 0 {
			fixed += w
		} else {
			weights -= w
		}
	}
	return fixed, weights, n
}

// fits reports whether every shown weighted column gets its minimum.
func (c columnsLayout) fits(show []bool, width float32) bool {
	fixed, weights, n := c.share(show)
	rest := width - fixed - theme.Padding()*float32(n-1)
	for i, w := range c.widths {
		if show[i] && w < 0 && i < len(c.mins) && rest*(-w)/weights < c.mins[i] {
			return false
		}
	}
	return true
}

func (c columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	show := c.shown(size.Width)
	fixed, weights, n := c.share(show)
	pad := theme.Padding()
	rest := size.Width - fixed - pad*float32(n-1)
	x := float32(0)
	for i, o := range objs {
		if i >= len(c.widths) || !show[i] {
			o.Hide()
			continue
		}
		if len(c.giveWay) > 0 { // only these layouts hide cells
			o.Show()
		}
		w := c.widths[i]
		if w < 0 {
			w = max(0, rest*(-w)/weights)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

// MinSize counts the columns that never give way.
func (c columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var width, height float32
	n := 0
	for i, o := range objs {
		if i >= len(c.widths) || slices.Contains(c.giveWay, i) {
			continue
		}
		n++
		switch w := c.widths[i]; {
		case w > 0:
			width += w
		case i < len(c.mins) && c.mins[i] > 0:
			width += c.mins[i]
		default:
			width += 60
		}
		height = max(height, o.MinSize().Height)
	}
	return fyne.NewSize(width+theme.Padding()*float32(max(n-1, 0)), height)
}

// twoLines is a list cell of two lines, each cut with an ellipsis when it
// does not fit: a first line in the given style over a muted second one.
type twoLines struct{ widget.RichText }

func newTwoLines() *twoLines {
	t := &twoLines{}
	t.Scroll = container.ScrollNone
	t.Truncation = fyne.TextTruncateEllipsis
	t.ExtendBaseWidget(t)
	t.set(" ", widget.RichTextStyleInline, " ")
	return t
}

func (t *twoLines) set(first string, style widget.RichTextStyle, second string) {
	style.Inline = false
	muted := widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameText}
	t.Segments = []widget.RichTextSegment{
		&widget.TextSegment{Text: first, Style: style},
		&widget.TextSegment{Text: second, Style: muted},
	}
	t.Refresh()
}

// lines returns the two lines' text (for tests).
func (t *twoLines) lines() (string, string) {
	return t.Segments[0].(*widget.TextSegment).Text, t.Segments[1].(*widget.TextSegment).Text
}

// enterList is a List where Enter chooses the row the keyboard is on, as
// Space does in Fyne's, and home takes the keyboard back to the first row.
type enterList struct{ widget.List }

func newEnterList(length func() int, create func() fyne.CanvasObject,
	update func(widget.ListItemID, fyne.CanvasObject), selected func(widget.ListItemID)) *enterList {
	l := &enterList{}
	l.Length, l.CreateItem, l.UpdateItem, l.OnSelected = length, create, update, selected
	l.ExtendBaseWidget(l)
	return l
}

func (l *enterList) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		k = &fyne.KeyEvent{Name: fyne.KeySpace}
	}
	l.List.TypedKey(k)
}

// home puts the keyboard's row back on the first row: the rows change
// under it as the search changes, and a row past the end would choose
// nothing. Fyne keeps that row to itself (currentFocus); TestEnterList
// fails if it is ever renamed.
func (l *enterList) home() {
	if row, ok := l.keyboardRow(); ok && row.Int() != 0 {
		old := int(row.Int())
		row.SetInt(0)
		l.RefreshItem(old)
		l.RefreshItem(0)
	}
}

func (l *enterList) keyboardRow() (reflect.Value, bool) {
	f := reflect.ValueOf(&l.List).Elem().FieldByName("currentFocus")
	if !f.IsValid() || f.Kind() != reflect.Int {
		return reflect.Value{}, false
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), true
}
