package ui

import (
	"bytes"
	"image"
	_ "image/jpeg" // packs may hold JPEG photos
	_ "image/png"
	"log"
	"math"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/penyuluh/penyuluh/content"
)

// A slide is laid out in design units on a page designHeight tall and
// between 4:3 and 16:9 wide, matching the window's shape, then scaled to
// the window. Filling a 4:3 projector instead of letterboxing a 16:9 page
// keeps the type large: at 1024×768 the scale is 768/900, so a title is
// 68 px (over 768/12 = 64) and body text 41 px (over 768/20 = 38.4).
// Windows wider than 16:9 or taller than 4:3 get bars.
const (
	designHeight   float32 = 900
	designMinWidth float32 = 1200 // 4:3
	designMaxWidth float32 = 1600 // 16:9
	slideMarginX   float32 = 64
	slideMarginY   float32 = 48

	titleSize      float32 = 80
	bodySize       float32 = 48
	pageNumberSize float32 = 26

	// minImageHeight is the least height a diagram keeps before the text
	// around it shrinks.
	minImageHeight float32 = 320
	// minShrink is how far a long slide's type shrinks while its lines are
	// wrapped again; past it the whole slide is scaled down uniformly.
	minShrink float32 = 0.5
	// wrapSlack leaves room for text rendered a little wider than measured
	// (font sizes are rounded to whole pixels when drawn).
	wrapSlack float32 = 0.96
)

// headingSizes are the sizes of ##-style headings inside a slide, by level.
var headingSizes = [4]float32{bodySize, 68, 58, 52}

// textRole picks a text's colour.
type textRole int

const (
	roleTitle textRole = iota
	roleHeading
	roleBody
	roleMarker
	roleMuted
)

// textRun is text in one style; a line is a row of runs.
type textRun struct {
	text string
	bold bool
}

// layoutLine is one line of text. x, y and w are its box in design units
// (w is the width it may be centred in); height is its line height.
type layoutLine struct {
	x, y, w, height float32
	size            float32
	role            textRole
	center          bool
	runs            []textRun
}

type layoutImage struct {
	x, y, w, h float32
	path       string
	img        image.Image
}

// slideLayout is a slide placed on a page of the given design width.
type slideLayout struct {
	width  float32
	lines  []layoutLine
	images []layoutImage
	// shrink is 1 when the slide fits at full size, less when its type was
	// made smaller to fit.
	shrink float32
	height float32 // of the content, between the margins
}

// designWidthFor returns the page width for a window of the given size,
// rounded so that resizing a window does not lay a slide out again for
// every pixel.
func designWidthFor(size fyne.Size) float32 {
	if size.Height <= 0 {
		return designMaxWidth
	}
	w := designHeight * size.Width / size.Height
	w = float32(math.Floor(float64(w)/16) * 16)
	return min(max(w, designMinWidth), designMaxWidth)
}

// slideDeck lays out the slides of a pack and keeps what it measured,
// laid out and decoded, shared by every view of a presentation. Its
// methods run on the UI goroutine, except the image cache, which
// preloadImages fills in the background.
type slideDeck struct {
	pack    *content.Pack
	widths  map[textRun]float32 // at measureRef
	layouts map[layoutKey]*slideLayout

	mu     sync.Mutex
	images map[string]*deckImage
}

type layoutKey struct {
	slide int
	width float32
}

type deckImage struct {
	once sync.Once
	img  image.Image
}

// measureRef is the size words are measured at; other sizes scale.
const measureRef = 100

func newSlideDeck(pack *content.Pack) *slideDeck {
	return &slideDeck{
		pack:    pack,
		widths:  map[textRun]float32{},
		layouts: map[layoutKey]*slideLayout{},
		images:  map[string]*deckImage{},
	}
}

func (d *slideDeck) count() int {
	if d.pack == nil {
		return 0
	}
	return len(d.pack.Slides)
}

// layout returns slide i (0-based) laid out for a page of the given width.
func (d *slideDeck) layout(i int, width float32) *slideLayout {
	k := layoutKey{i, width}
	if l, ok := d.layouts[k]; ok {
		return l
	}
	b := layoutBuilder{deck: d, slide: &d.pack.Slides[i], width: width}
	l := b.layout()
	d.layouts[k] = l
	return l
}

func (d *slideDeck) textWidth(r textRun, size float32) float32 {
	w, ok := d.widths[r]
	if !ok {
		w = fyne.MeasureText(r.text, measureRef, fyne.TextStyle{Bold: r.bold}).Width
		d.widths[r] = w
	}
	return w * size / measureRef
}

// image returns a slide's picture, decoded once; nil if it cannot be read.
func (d *slideDeck) image(path string) image.Image {
	d.mu.Lock()
	e, ok := d.images[path]
	if !ok {
		e = &deckImage{}
		d.images[path] = e
	}
	d.mu.Unlock()
	e.once.Do(func() {
		data, err := d.pack.Image(path)
		if err == nil {
			e.img, _, err = image.Decode(bytes.NewReader(data))
		}
		if err != nil {
			log.Printf("slide image %s: %v", path, err)
		}
	})
	return e.img
}

// preloadImages decodes every picture of the pack, so that the first
// slide showing one appears at once. It touches no widget.
func (d *slideDeck) preloadImages() {
	for _, s := range d.pack.Slides {
		for _, b := range s.Blocks {
			if b.Kind == content.Image {
				d.image(b.Path)
			}
		}
	}
}

// layoutBuilder places one slide's blocks for one page width.
type layoutBuilder struct {
	deck  *slideDeck
	slide *content.Slide
	width float32
	lead  bool
	imgs  []image.Image // per block; nil for blocks that are not pictures
	out   *slideLayout
	y     float32
}

// isLeadSlide reports a slide shown centred, like Marp's "lead" class: a
// slide with that class, or one of headings and paragraphs only (a title
// or closing slide).
func isLeadSlide(s *content.Slide) bool {
	if strings.Contains(" "+s.Directives["class"]+" ", " lead ") {
		return true
	}
	for _, b := range s.Blocks {
		if b.Kind != content.Heading && b.Kind != content.Paragraph {
			return false
		}
	}
	return true
}

func (b *layoutBuilder) contentWidth() float32 { return b.width - 2*slideMarginX }

func (b *layoutBuilder) available() float32 { return designHeight - 2*slideMarginY }

// layout finds the largest type that fits, wrapping lines again at each
// try; if even the smallest does not fit, the slide is scaled down whole.
func (b *layoutBuilder) layout() *slideLayout {
	b.lead = isLeadSlide(b.slide)
	b.imgs = make([]image.Image, len(b.slide.Blocks))
	for i, blk := range b.slide.Blocks {
		if blk.Kind == content.Image {
			b.imgs[i] = b.deck.image(blk.Path)
		}
	}
	l, ok := b.fit(1)
	if !ok {
		var best *slideLayout
		lo, hi := minShrink, float32(1)
		if l, ok := b.fit(lo); ok {
			best = l
			for range 6 {
				mid := (lo + hi) / 2
				if l, ok := b.fit(mid); ok {
					best, lo = l, mid
				} else {
					hi = mid
				}
			}
		}
		if best != nil {
			l = best
		} else {
			l, _ = b.fit(minShrink)
			b.squeeze(l)
		}
	}
	b.position(l)
	b.pageNumber(l)
	return l
}

// fit lays the slide out with its type scaled by f and reports whether it
// fits: every line within the width and everything within the height,
// pictures keeping at least minImageHeight (or their natural height).
func (b *layoutBuilder) fit(f float32) (*slideLayout, bool) {
	fixed, overflow := b.place(f, nil)
	n := 0
	for _, img := range b.imgs {
		if img != nil {
			n++
		}
	}
	if n == 0 {
		return fixed, !overflow && fixed.height <= b.available()
	}
	share := (b.available() - fixed.height) / float32(n)
	heights := make([]float32, len(b.imgs))
	ok := !overflow
	for i, img := range b.imgs {
		if img == nil {
			continue
		}
		natural := b.naturalHeight(img)
		heights[i] = min(natural, share)
		if heights[i] < min(natural, minImageHeight) {
			ok = false
			heights[i] = min(natural, minImageHeight)
		}
	}
	l, _ := b.place(f, heights)
	return l, ok
}

// naturalHeight is a picture's height at the full content width.
func (b *layoutBuilder) naturalHeight(img image.Image) float32 {
	sz := img.Bounds().Size()
	if sz.X <= 0 {
		return 0
	}
	return b.contentWidth() * float32(sz.Y) / float32(sz.X)
}

// place lays the blocks out from the top of the content area with type
// scaled by f. Pictures take imageHeights (none when nil). It reports
// whether a word is wider than a line.
func (b *layoutBuilder) place(f float32, imageHeights []float32) (*slideLayout, bool) {
	b.out = &slideLayout{width: b.width, shrink: f}
	b.y = 0
	overflow := false
	body := bodySize * f
	if t := b.slide.Title; t != "" {
		overflow = b.text(t, titleSize*f, 1.15, true, roleTitle, slideMarginX, b.contentWidth(), b.lead)
		b.y += 0.8 * body
	}
	numberIndent := b.numberIndent(body)
	var prev content.BlockKind
	for i, blk := range b.slide.Blocks {
		if i > 0 {
			b.y += blockGap(prev, blk.Kind, body)
		}
		prev = blk.Kind
		x, w := slideMarginX, b.contentWidth()
		switch blk.Kind {
		case content.Heading:
			size := headingSizes[min(max(blk.Level, 1), 3)] * f
			overflow = b.text(blk.Text, size, 1.2, true, roleHeading, x, w, b.lead) || overflow
		case content.Paragraph:
			overflow = b.text(blk.Text, body, 1.3, false, roleBody, x, w, b.lead) || overflow
		case content.Bullet, content.Numbered:
			marker, indent := "•", 1.1*body
			if blk.Kind == content.Numbered {
				marker, indent = strconv.Itoa(blk.Level)+".", numberIndent
			}
			lineH := body * 1.3
			b.out.lines = append(b.out.lines, layoutLine{x: x, y: b.y, w: indent, height: lineH,
				size: body, role: roleMarker, runs: []textRun{{text: marker, bold: blk.Kind == content.Numbered}}})
			overflow = b.text(blk.Text, body, 1.3, false, roleBody, x+indent, w-indent, false) || overflow
		case content.Image:
			if b.imgs[i] == nil {
				alt := blk.Alt
				if alt == "" {
					alt = blk.Path
				}
				overflow = b.text(alt, body*0.75, 1.3, false, roleMuted, x, w, true) || overflow
				continue
			}
			if imageHeights == nil {
				continue
			}
			h := imageHeights[i]
			sz := b.imgs[i].Bounds().Size()
			iw := h * float32(sz.X) / float32(sz.Y)
			b.out.images = append(b.out.images, layoutImage{x: x + (w-iw)/2, y: b.y, w: iw, h: h, path: blk.Path, img: b.imgs[i]})
			b.y += h
		}
	}
	b.out.height = b.y
	return b.out, overflow
}

// blockGap is the space between two blocks: less between items of one
// list than between paragraphs.
func blockGap(prev, next content.BlockKind, body float32) float32 {
	switch {
	case prev == next && (next == content.Bullet || next == content.Numbered):
		return 0.25 * body
	case prev == content.Image || next == content.Image:
		return 0.5 * body
	}
	return 0.45 * body
}

// numberIndent is where the text of numbered items starts: past the widest
// number, so that the items line up.
func (b *layoutBuilder) numberIndent(body float32) float32 {
	widest := float32(0)
	for _, blk := range b.slide.Blocks {
		if blk.Kind == content.Numbered {
			widest = max(widest, b.deck.textWidth(textRun{text: strconv.Itoa(blk.Level) + ".", bold: true}, body))
		}
	}
	return widest + 0.45*body
}

// text wraps text (with **bold** spans) into lines of the given width and
// appends them. It reports whether a single word is wider than the line.
func (b *layoutBuilder) text(text string, size, lineHeight float32, bold bool, role textRole, x, w float32, center bool) bool {
	lines, overflow := b.wrap(splitWords(text, bold), size, w*wrapSlack)
	for _, runs := range lines {
		b.out.lines = append(b.out.lines, layoutLine{x: x, y: b.y, w: w, height: size * lineHeight,
			size: size, role: role, center: center, runs: runs})
		b.y += size * lineHeight
	}
	return overflow
}

// splitWords cuts text at spaces into words; a word is one or more runs,
// since a bold span may start or end inside it ("**dilarang**,").
func splitWords(text string, bold bool) [][]textRun {
	var words [][]textRun
	var cur []textRun
	for _, span := range content.Spans(text) {
		parts := strings.FieldsFunc(span.Text, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
		startsWithSpace := len(span.Text) > 0 && strings.ContainsRune(" \t\n", rune(span.Text[0]))
		if startsWithSpace && len(cur) > 0 {
			words, cur = append(words, cur), nil
		}
		for i, p := range parts {
			if i > 0 {
				words, cur = append(words, cur), nil
			}
			cur = append(cur, textRun{text: p, bold: bold || span.Bold})
		}
		endsWithSpace := len(span.Text) > 0 && strings.ContainsRune(" \t\n", rune(span.Text[len(span.Text)-1]))
		if endsWithSpace && len(cur) > 0 {
			words, cur = append(words, cur), nil
		}
	}
	if len(cur) > 0 {
		words = append(words, cur)
	}
	return words
}

// wrap fills lines greedily with words. Runs of one style are joined, the
// space between two words taking the style of the text before it.
func (b *layoutBuilder) wrap(words [][]textRun, size, width float32) ([][]textRun, bool) {
	var lines [][]textRun
	var line []textRun
	lineW, overflow := float32(0), false
	space := b.deck.textWidth(textRun{text: " "}, size)
	for _, word := range words {
		ww := float32(0)
		for _, r := range word {
			ww += b.deck.textWidth(r, size)
		}
		if ww > width {
			overflow = true
		}
		if len(line) > 0 && lineW+space+ww > width {
			lines, line, lineW = append(lines, line), nil, 0
		}
		if len(line) > 0 {
			line[len(line)-1].text += " "
			lineW += space
		}
		for _, r := range word {
			if n := len(line); n > 0 && line[n-1].bold == r.bold {
				line[n-1].text += r.text
			} else {
				line = append(line, r)
			}
		}
		lineW += ww
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines, overflow
}

// squeeze scales a layout that does not fit even at minShrink down as a
// whole, about the top-left corner of the content, so that nothing is
// clipped.
func (b *layoutBuilder) squeeze(l *slideLayout) {
	k := float32(1)
	if l.height > b.available() {
		k = b.available() / l.height
	}
	for _, ln := range l.lines {
		for _, r := range ln.runs {
			if w := b.deck.textWidth(r, ln.size); ln.x+w > b.width-slideMarginX {
				k = min(k, (b.width-2*slideMarginX)/(ln.x-slideMarginX+w))
			}
		}
	}
	for i := range l.lines {
		ln := &l.lines[i]
		if !ln.center { // a centred line stays centred in the full width
			ln.x = slideMarginX + (ln.x-slideMarginX)*k
			ln.w *= k
		}
		ln.y, ln.height, ln.size = ln.y*k, ln.height*k, ln.size*k
	}
	for i := range l.images {
		im := &l.images[i]
		im.x = slideMarginX + (im.x-slideMarginX)*k
		im.y, im.w, im.h = im.y*k, im.w*k, im.h*k
	}
	l.height *= k
	l.shrink *= k
}

// position moves the content from the top of the content area to its
// place on the page: below the top margin, or centred on a lead slide.
func (b *layoutBuilder) position(l *slideLayout) {
	top := slideMarginY
	if b.lead {
		top += max(0, (b.available()-l.height)/2)
	}
	for i := range l.lines {
		l.lines[i].y += top
	}
	for i := range l.images {
		l.images[i].y += top
	}
}

// pageNumber adds the slide's number in the bottom-right margin when the
// pack asks for it (Marp's paginate directive).
func (b *layoutBuilder) pageNumber(l *slideLayout) {
	if b.slide.Directives["paginate"] != "true" {
		return
	}
	n := textRun{text: strconv.Itoa(b.slide.Number)}
	w := b.deck.textWidth(n, pageNumberSize)
	h := pageNumberSize * 1.3
	l.lines = append(l.lines, layoutLine{x: b.width - slideMarginX/2 - w, y: designHeight - h - slideMarginY/4, w: w,
		height: h, size: pageNumberSize, role: roleMuted, runs: []textRun{n}})
}
