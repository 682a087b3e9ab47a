package ui

import (
	"image/color"

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
