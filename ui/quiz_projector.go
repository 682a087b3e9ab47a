package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"

	"github.com/penyuluh/penyuluh/store"
)

// quizProjector shows one question at a time in large type on the
// projector. The clicker's "next" first reveals the answer and its
// explanation, then goes to the next question.
type quizProjector struct {
	win      fyne.Window
	title    string
	items    []store.QuizItem
	index    int
	revealed bool
	black    bool
	view     *quizSlide
}

// onProject snapshots the quiz (the first use) and opens the projector
// window on the current phase.
func (q *quizScreen) onProject() {
	phase := q.phase
	var items []store.QuizItem
	q.mw.work.run(func() (err error) {
		if q.readOnly {
			items, err = q.mw.store.QuizItems(context.Background(), q.session.ID)
		} else {
			items, err = q.ensureSnapshot()
		}
		return err
	}, func(err error) {
		if err != nil {
			q.mw.showError(lang.L("The quiz could not be shown."), err)
			return
		}
		items = store.PhaseItems(items, phase)
		if len(items) == 0 {
			q.mw.showNotice(lang.L("This session has no quiz questions for this test."), "", nil)
			return
		}
		name := lang.L("Pre-test")
		if phase == store.PhasePost {
			name = lang.L("Post-test")
		}
		openQuizProjector(q.mw.app, name, items)
		q.load()
	})
}

func openQuizProjector(a fyne.App, title string, items []store.QuizItem) *quizProjector {
	p := &quizProjector{title: title, items: items, view: newQuizSlide()}
	p.win = a.NewWindow(title + " — Penyuluh")
	p.win.SetContent(p.view.root)
	p.win.Resize(fyne.NewSize(1024, 640))
	p.win.Canvas().SetOnTypedKey(p.onKey)
	p.win.Canvas().SetOnTypedRune(p.onRune)
	p.show()
	p.win.Show()
	return p
}

func (p *quizProjector) show() {
	item := p.items[p.index]
	p.view.set(quizSlideContent{
		header:   lang.L("{{.Test}} · question {{.N}} of {{.Total}}", map[string]any{"Test": p.title, "N": p.index + 1, "Total": len(p.items)}),
		question: item.Text,
		options:  optionLines(item),
		answer:   item.Answer,
		revealed: p.revealed,
		note:     item.Explanation,
		black:    p.black,
	})
}

func optionLines(item store.QuizItem) []string {
	lines := make([]string, len(item.Options))
	for i, o := range item.Options {
		lines[i] = fmt.Sprintf("%s.  %s", item.Letters[i], o)
	}
	return lines
}

// next reveals the answer, or goes on to the next question once revealed.
func (p *quizProjector) next() {
	if !p.revealed {
		p.revealed = true
	} else if p.index < len(p.items)-1 {
		p.index++
		p.revealed = false
	}
	p.show()
}

func (p *quizProjector) prev() {
	if p.revealed {
		p.revealed = false
	} else if p.index > 0 {
		p.index--
	}
	p.show()
}

func (p *quizProjector) onKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyRight, fyne.KeyDown, fyne.KeyPageDown, fyne.KeyReturn, fyne.KeyEnter:
		p.next()
	case fyne.KeyLeft, fyne.KeyUp, fyne.KeyPageUp, fyne.KeyBackspace:
		p.prev()
	case fyne.KeyHome:
		p.index, p.revealed = 0, false
		p.show()
	case fyne.KeyEnd:
		p.index, p.revealed = len(p.items)-1, false
		p.show()
	case fyne.KeyF5, fyne.KeyF11:
		p.win.SetFullScreen(!p.win.FullScreen())
	case fyne.KeyEscape:
		if p.win.FullScreen() {
			p.win.SetFullScreen(false)
		} else {
			p.win.Close()
		}
	}
}

// onRune handles Space and letters (they also arrive as keys; only the
// rune is used so that B does not toggle twice).
func (p *quizProjector) onRune(r rune) {
	switch r {
	case ' ':
		p.next()
	case 'b', 'B':
		p.black = !p.black
		p.show()
	}
}

// quizSlideContent is what the projector shows.
type quizSlideContent struct {
	header, question, note string
	options                []string
	answer                 int
	revealed, black        bool
}

// quizSlide draws a question in type that scales with the window: the
// question at 1/14 of the height, options at 1/18, shrunk to fit if long.
type quizSlide struct {
	content quizSlideContent
	root    *fyne.Container
	size    fyne.Size
}

func newQuizSlide() *quizSlide {
	s := &quizSlide{}
	s.root = &fyne.Container{Layout: quizSlideLayout{s}}
	return s
}

func (s *quizSlide) set(c quizSlideContent) {
	s.content = c
	s.layout(s.size)
	s.root.Refresh()
}

// quizSlideLayout lets the slide rebuild its text whenever the window
// changes size.
type quizSlideLayout struct{ s *quizSlide }

func (l quizSlideLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) { l.s.layout(size) }
func (l quizSlideLayout) MinSize([]fyne.CanvasObject) fyne.Size        { return fyne.NewSize(320, 200) }

var (
	slideInk     = color.NRGBA{R: 0x10, G: 0x18, B: 0x28, A: 0xff}
	slideMuted   = color.NRGBA{R: 0x4a, G: 0x55, B: 0x68, A: 0xff}
	slideCorrect = color.NRGBA{R: 0x0b, G: 0x6e, B: 0x2e, A: 0xff}
)

// layout rebuilds the text for the current size.
func (s *quizSlide) layout(size fyne.Size) {
	if size.IsZero() {
		return
	}
	s.size = size
	bg := canvas.NewRectangle(color.White)
	bg.Resize(size)
	objs := []fyne.CanvasObject{bg}
	if s.content.black {
		bg.FillColor = color.Black
		s.root.Objects = objs
		return
	}
	margin := size.Width * 0.05
	width := size.Width - 2*margin
	for scale := float32(1); scale > 0.3; scale -= 0.1 {
		h := size.Height
		qSize, oSize, small := h/14*scale, h/18*scale, h/26*scale
		var texts []fyne.CanvasObject
		y := margin / 2
		add := func(text string, sz float32, col color.Color, bold bool) {
			for _, line := range wrapLines(text, sz, width, bold) {
				t := canvas.NewText(line, col)
				t.TextSize = sz
				t.TextStyle = fyne.TextStyle{Bold: bold}
				t.Move(fyne.NewPos(margin, y))
				texts = append(texts, t)
				y += sz * 1.3
			}
		}
		add(s.content.header, small, slideMuted, false)
		y += small * 0.5
		add(s.content.question, qSize, slideInk, true)
		y += oSize * 0.6
		for i, o := range s.content.options {
			col, bold := slideInk, false
			if s.content.revealed && i == s.content.answer {
				col, bold = slideCorrect, true
				o += "  ✓"
			}
			add(o, oSize, col, bold)
		}
		if s.content.revealed && s.content.note != "" {
			y += oSize * 0.4
			add(s.content.note, small, slideMuted, false)
		}
		if y <= size.Height-margin/2 || scale <= 0.4 {
			s.root.Objects = append(objs, texts...)
			return
		}
	}
}

// wrapLines breaks text into lines no wider than width at this size.
func wrapLines(text string, size, width float32, bold bool) []string {
	style := fyne.TextStyle{Bold: bold}
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && fyne.MeasureText(try, size, style).Width > width {
			lines = append(lines, line)
			line = word
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
