package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// genderPicker chooses L or P. It takes the keyboard: L and P set the
// value, Left/Right switch, Enter submits the form it sits in.
type genderPicker struct {
	widget.BaseWidget
	value     string // "L", "P" or ""
	focused   bool
	onChanged func(string)
	onEnter   func()
	labels    [2]string
}

func newGenderPicker(male, female string) *genderPicker {
	g := &genderPicker{labels: [2]string{male, female}}
	g.ExtendBaseWidget(g)
	return g
}

func (g *genderPicker) set(v string) {
	if v != "L" && v != "P" {
		v = ""
	}
	if v == g.value {
		return
	}
	g.value = v
	g.Refresh()
	if g.onChanged != nil {
		g.onChanged(v)
	}
}

func (g *genderPicker) Tapped(e *fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(g); c != nil {
		c.Focus(g)
	}
	if e.Position.X < g.Size().Width/2 {
		g.set("L")
	} else {
		g.set("P")
	}
}

func (g *genderPicker) FocusGained() { g.focused = true; g.Refresh() }
func (g *genderPicker) FocusLost()   { g.focused = false; g.Refresh() }

// TypedRune handles the letters; TypedKey handles only non-letter keys, so a
// letter that arrives as both key and rune acts once.
func (g *genderPicker) TypedRune(r rune) {
	switch r {
	case 'l', 'L':
		g.set("L")
	case 'p', 'P':
		g.set("P")
	}
}

func (g *genderPicker) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyLeft:
		g.set("L")
	case fyne.KeyRight:
		g.set("P")
	case fyne.KeyReturn, fyne.KeyEnter:
		if g.onEnter != nil {
			g.onEnter()
		}
	}
}

func (g *genderPicker) CreateRenderer() fyne.WidgetRenderer {
	r := &genderRenderer{g: g, border: canvas.NewRectangle(color.Transparent)}
	for i := range r.chips {
		r.chips[i] = canvas.NewRectangle(color.Transparent)
		r.chips[i].CornerRadius = theme.InputRadiusSize()
		r.texts[i] = canvas.NewText(g.labels[i], theme.Color(theme.ColorNameForeground))
		r.texts[i].TextStyle = fyne.TextStyle{Bold: true}
		r.texts[i].Alignment = fyne.TextAlignCenter
	}
	r.border.StrokeWidth = 2
	r.border.CornerRadius = theme.InputRadiusSize()
	r.Refresh()
	return r
}

type genderRenderer struct {
	g      *genderPicker
	border *canvas.Rectangle
	chips  [2]*canvas.Rectangle
	texts  [2]*canvas.Text
}

func (r *genderRenderer) Layout(size fyne.Size) {
	r.border.Resize(size)
	pad := theme.Padding()
	half := (size.Width - 3*pad) / 2
	for i := range r.chips {
		pos := fyne.NewPos(pad+float32(i)*(half+pad), pad)
		chip := fyne.NewSize(half, size.Height-2*pad)
		r.chips[i].Move(pos)
		r.chips[i].Resize(chip)
		ts := r.texts[i].MinSize()
		r.texts[i].Move(pos.AddXY(0, (chip.Height-ts.Height)/2))
		r.texts[i].Resize(fyne.NewSize(chip.Width, ts.Height))
	}
}

func (r *genderRenderer) MinSize() fyne.Size {
	w := max(r.texts[0].MinSize().Width, r.texts[1].MinSize().Width) + 4*theme.Padding()
	return fyne.NewSize(2*w+3*theme.Padding(), r.texts[0].MinSize().Height+4*theme.Padding())
}

func (r *genderRenderer) Refresh() {
	values := [2]string{"L", "P"}
	for i := range r.chips {
		if r.g.value == values[i] {
			r.chips[i].FillColor = theme.Color(theme.ColorNamePrimary)
			r.texts[i].Color = theme.Color(theme.ColorNameForegroundOnPrimary)
		} else {
			r.chips[i].FillColor = theme.Color(theme.ColorNameInputBackground)
			r.texts[i].Color = theme.Color(theme.ColorNameForeground)
		}
		r.texts[i].TextSize = theme.TextSize()
		r.chips[i].Refresh()
		r.texts[i].Refresh()
	}
	if r.g.focused {
		r.border.StrokeColor = theme.Color(theme.ColorNamePrimary)
	} else {
		r.border.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	}
	r.border.Refresh()
}

func (r *genderRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.border, r.chips[0], r.chips[1], r.texts[0], r.texts[1]}
}

func (r *genderRenderer) Destroy() {}

// choice is a Select that Enter does not swallow: Enter submits the form.
// Digits 1–9 pick an option directly.
type choice struct {
	widget.Select
	onEnter func()
}

func newChoice(options []string, onEnter func()) *choice {
	c := &choice{onEnter: onEnter}
	c.Options = options
	c.ExtendBaseWidget(c)
	return c
}

func (c *choice) TypedKey(k *fyne.KeyEvent) {
	if (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && c.onEnter != nil {
		c.onEnter()
		return
	}
	c.Select.TypedKey(k)
}

func (c *choice) TypedRune(r rune) {
	if r >= '1' && r <= '9' && int(r-'1') < len(c.Options) {
		c.SetSelectedIndex(int(r - '1'))
	}
}

// tick is a Check that passes Enter on to the form.
type tick struct {
	widget.Check
	onEnter func()
}

func newTick(label string, onEnter func()) *tick {
	t := &tick{onEnter: onEnter}
	t.Text = label
	t.ExtendBaseWidget(t)
	return t
}

func (t *tick) TypedKey(k *fyne.KeyEvent) {
	if (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && t.onEnter != nil {
		t.onEnter()
		return
	}
	t.Check.TypedKey(k)
}

// suggestField is a field with the matching values typed before (villages
// in this session) shown under it as you type; a click fills the field. The
// suggestions are not focusable, so Tab still goes to the next field.
type suggestField struct {
	*field
	options   []string
	chips     *fyne.Container
	onChanged func() // after the suggestions, when the text changes
}

func newSuggestField(placeholder string) *suggestField {
	s := &suggestField{field: newField(placeholder), chips: container.NewHBox()}
	s.field.OnChanged = s.suggest
	return s
}

// setOptions replaces the suggestions.
func (s *suggestField) setOptions(options []string) { s.options = options }

// suggest shows up to four options that contain what was typed.
func (s *suggestField) suggest(typed string) {
	q := strings.ToLower(strings.TrimSpace(typed))
	s.chips.Objects = nil
	for _, o := range s.options {
		if len(s.chips.Objects) == 4 {
			break
		}
		if q != "" && strings.Contains(strings.ToLower(o), q) && !strings.EqualFold(o, strings.TrimSpace(typed)) {
			option := o
			s.chips.Add(newTapLabel(option, func() { s.SetText(option) }))
		}
	}
	s.chips.Refresh()
	if s.onChanged != nil {
		s.onChanged()
	}
}

// content is the field with its suggestion line.
func (s *suggestField) content() fyne.CanvasObject {
	return container.NewVBox(s.field, s.chips)
}

// tapLabel is a label that acts on a tap but never takes the keyboard.
type tapLabel struct {
	widget.Label
	onTap func()
}

func newTapLabel(text string, onTap func()) *tapLabel {
	t := &tapLabel{onTap: onTap}
	t.Text = text
	t.Importance = widget.HighImportance
	t.TextStyle = fyne.TextStyle{Underline: true}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapLabel) Tapped(*fyne.PointEvent) { t.onTap() }
