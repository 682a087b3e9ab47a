package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// blankMode hides the slide behind a black or white screen.
type blankMode int

const (
	blankNone blankMode = iota
	blankBlack
	blankWhite
)

// slidePalette is a high-contrast colour scheme for slides.
type slidePalette struct {
	page, title, text, marker, muted color.Color
}

var (
	lightSlide = slidePalette{
		page:   color.White,
		title:  brandBlue,
		text:   color.NRGBA{R: 0x14, G: 0x14, B: 0x14, A: 0xff},
		marker: brandBlue,
		muted:  color.NRGBA{R: 0x5f, G: 0x63, B: 0x68, A: 0xff},
	}
	darkSlide = slidePalette{
		page:   color.NRGBA{R: 0x0d, G: 0x11, B: 0x17, A: 0xff},
		title:  color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff},
		text:   color.NRGBA{R: 0xf5, G: 0xf5, B: 0xf5, A: 0xff},
		marker: color.NRGBA{R: 0xff, G: 0xd5, B: 0x4f, A: 0xff},
		muted:  color.NRGBA{R: 0xb0, G: 0xb6, B: 0xbd, A: 0xff},
	}
	slideFrameColor = color.NRGBA{R: 0x9a, G: 0xa0, B: 0xa6, A: 0xff}
)

func (p slidePalette) color(r textRole) color.Color {
	switch r {
	case roleTitle, roleHeading:
		return p.title
	case roleMarker:
		return p.marker
	case roleMuted:
		return p.muted
	}
	return p.text
}

// slideView draws one slide of a deck, scaled to its size. The audience
// window shows one filling the screen; the presenter view shows smaller,
// framed ones.
type slideView struct {
	widget.BaseWidget
	deck   *slideDeck
	index  int // 0-based; -1 shows an empty page
	dark   bool
	blank  blankMode
	framed bool // a thin border, and no bars in the page colour

	// pageWidth, when set, is the design width to lay out for whatever
	// this view's shape, so that the presenter sees the lines break as on
	// the projector; onPageWidth hears when this view's own width changes.
	pageWidth   float32
	onPageWidth func(float32)

	// onTap and onSecondaryTap, when set, hear a click and a right click
	// on the slide (the audience window: next and previous, as
	// presentation software does).
	onTap, onSecondaryTap func()
}

func newSlideView(deck *slideDeck, framed bool) *slideView {
	v := &slideView{deck: deck, framed: framed}
	v.ExtendBaseWidget(v)
	return v
}

func (v *slideView) setPageWidth(w float32) {
	if w == v.pageWidth {
		return
	}
	v.pageWidth = w
	v.Refresh()
}

func (v *slideView) palette() slidePalette {
	if v.dark {
		return darkSlide
	}
	return lightSlide
}

func (v *slideView) CreateRenderer() fyne.WidgetRenderer {
	r := &slideRenderer{
		view:   v,
		outer:  &canvas.Rectangle{},
		page:   &canvas.Rectangle{},
		blank:  &canvas.Rectangle{},
		images: map[string]*canvas.Image{},
	}
	r.rebuild()
	return r
}

// slideRenderer places the laid-out lines as canvas.Text runs (so it
// controls their size, which RichText takes from the theme) and the
// pictures as images. Lines are wrapped once per slide and page width by
// slideDeck; Layout only scales and positions them.
type slideRenderer struct {
	view               *slideView
	outer, page, blank *canvas.Rectangle
	layout             *slideLayout
	texts              []*canvas.Text
	textLine           []int // the layout line of each text
	shown              []*canvas.Image
	images             map[string]*canvas.Image // kept across slides: a picture is uploaded once
	objects            []fyne.CanvasObject
	dirty              bool    // colours or blanking changed: make the objects again
	width              float32 // the design width last laid out for
}

func (r *slideRenderer) Destroy() {}

func (r *slideRenderer) MinSize() fyne.Size { return fyne.NewSize(64, 36) }

func (r *slideRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *slideRenderer) Refresh() {
	r.dirty = true
	r.Layout(r.view.Size())
	canvas.Refresh(r.view)
}

// rebuild makes the canvas objects for the current layout (none yet if
// the view has no size) and colours them.
func (r *slideRenderer) rebuild() {
	v, pal := r.view, r.view.palette()
	r.outer.FillColor = pal.page
	if v.framed {
		r.outer.FillColor = color.Transparent
		r.page.StrokeColor, r.page.StrokeWidth = slideFrameColor, 1
	}
	r.page.FillColor = pal.page
	r.blank.FillColor = color.Black
	if v.blank == blankWhite {
		r.blank.FillColor = color.White
	}
	r.texts, r.textLine, r.shown = r.texts[:0], r.textLine[:0], r.shown[:0]
	r.objects = append(r.objects[:0], r.outer, r.page)
	if l := r.layout; l != nil && v.blank == blankNone {
		for li, ln := range l.lines {
			for _, run := range ln.runs {
				t := &canvas.Text{Text: run.text, Color: pal.color(ln.role), TextStyle: fyne.TextStyle{Bold: run.bold}}
				r.texts, r.textLine = append(r.texts, t), append(r.textLine, li)
				r.objects = append(r.objects, t)
			}
		}
		for _, im := range l.images {
			img := r.images[im.path]
			if img == nil {
				img = canvas.NewImageFromImage(im.img)
				img.FillMode = canvas.ImageFillContain
				r.images[im.path] = img
			}
			r.shown = append(r.shown, img)
			r.objects = append(r.objects, img)
		}
	}
	if v.blank != blankNone {
		r.objects = append(r.objects, r.blank)
	}
}

func (r *slideRenderer) Layout(size fyne.Size) {
	v := r.view
	visible := size.Width > 0 && size.Height > 0
	width := designWidthFor(size)
	if v.pageWidth > 0 {
		width = v.pageWidth
	}
	if visible && width != r.width {
		r.width = width
		if v.onPageWidth != nil {
			v.onPageWidth(width)
		}
	}
	var l *slideLayout
	if visible && v.index >= 0 && v.index < v.deck.count() {
		l = v.deck.layout(v.index, width)
	}
	if l != r.layout || r.dirty {
		r.layout, r.dirty = l, false
		r.rebuild()
	}
	if !visible {
		return
	}

	scale := min(size.Width/width, size.Height/designHeight)
	origin := fyne.NewPos((size.Width-width*scale)/2, (size.Height-designHeight*scale)/2)
	pageSize := fyne.NewSize(width*scale, designHeight*scale)
	r.outer.Resize(size)
	r.page.Move(origin)
	r.page.Resize(pageSize)
	r.blank.Resize(size)
	if v.framed {
		r.blank.Move(origin)
		r.blank.Resize(pageSize)
	}
	if l == nil {
		return
	}
	r.placeTexts(l, origin, scale)
	for i, img := range r.shown {
		im := l.images[i]
		img.Move(origin.AddXY(im.x*scale, im.y*scale))
		img.Resize(fyne.NewSize(im.w*scale, im.h*scale))
	}
}

// placeTexts sets each run's size and position. Runs are measured at the
// size they are drawn, so that a bold run and the plain one after it meet
// exactly. Drawn sizes are rounded to whole pixels, which can make small
// text wider than measured in design units: such a line is made smaller.
func (r *slideRenderer) placeTexts(l *slideLayout, origin fyne.Position, scale float32) {
	for first := 0; first < len(r.texts); {
		ln := l.lines[r.textLine[first]]
		last := first
		for last < len(r.texts) && r.textLine[last] == r.textLine[first] {
			last++
		}
		runs := r.texts[first:last]
		limit := ln.w * scale
		if !ln.center {
			limit = (l.width - slideMarginX/2 - ln.x) * scale
		}
		sizes, total := measureRuns(runs, ln.size*scale)
		for try := 0; total > limit && try < 3; try++ {
			sizes, total = measureRuns(runs, runs[0].TextSize*limit/total)
		}
		x := origin.X + ln.x*scale
		if ln.center {
			x += (ln.w*scale - total) / 2
		}
		for i, t := range runs {
			y := origin.Y + ln.y*scale + (ln.height*scale-sizes[i].Height)/2
			t.Move(fyne.NewPos(x, y))
			t.Resize(sizes[i])
			x += sizes[i].Width
		}
		first = last
	}
}

func measureRuns(runs []*canvas.Text, size float32) ([]fyne.Size, float32) {
	sizes := make([]fyne.Size, len(runs))
	total := float32(0)
	for i, t := range runs {
		t.TextSize = size
		sizes[i] = fyne.MeasureText(t.Text, size, t.TextStyle)
		total += sizes[i].Width
	}
	return sizes, total
}

// Tapped is a click on the slide.
func (v *slideView) Tapped(*fyne.PointEvent) {
	if v.onTap != nil {
		v.onTap()
	}
}

// TappedSecondary is a right click (or a long press) on the slide.
func (v *slideView) TappedSecondary(*fyne.PointEvent) {
	if v.onSecondaryTap != nil {
		v.onSecondaryTap()
	}
}
