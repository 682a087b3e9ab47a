package report

import (
	"slices"
	"strings"
)

// column is one column of a table.
type column struct {
	title string
	width float64
	align string // L, C or R
}

// table draws rows whose cells wrap: each row is measured first and drawn
// at the height of its tallest cell, never split across pages; the header
// row is repeated at the top of every page the table continues on.
type table struct {
	d       *doc
	x       float64
	cols    []column
	size    float64 // type size of the cells
	lineH   float64 // height of one line of text in a cell
	padY    float64 // space above and below the text of a cell
	minRowH float64
	headerH float64
	// decorate draws extra marks in a row after its text (the signature
	// column's numbers), given the row's index, top and height.
	decorate func(i int, y, h float64)
	// numbers gives the number the signature cell of row i shows.
	numbers func(i int) string
	// boldLast tells fit that the last row (the totals) is set in bold.
	boldLast bool
}

// begin draws the header and makes later page breaks repeat it. The
// header is made tall enough for its longest title.
func (t *table) begin() {
	t.d.font("B", t.size)
	for _, c := range t.cols {
		t.headerH = max(t.headerH, float64(len(t.d.lines(c.title, c.width)))*t.lineH+2*t.padY)
	}
	t.d.ensure(t.headerH + t.minRowH)
	t.header()
	t.d.onNewPage = t.header
}

// end stops repeating the header.
func (t *table) end() { t.d.onNewPage = nil }

func (t *table) header() {
	d := t.d
	d.font("B", t.size)
	d.pdf.SetFillColor(greyFill, greyFill, greyFill)
	y, x := d.y(), t.x
	for _, c := range t.cols {
		d.pdf.Rect(x, y, c.width, t.headerH, "FD")
		lines := d.lines(c.title, c.width)
		top := y + (t.headerH-float64(len(lines))*t.lineH)/2
		for k, l := range lines {
			d.text(x, top+float64(k)*t.lineH, c.width, t.lineH, l, "C")
		}
		x += c.width
	}
	d.pdf.SetY(y + t.headerH)
	d.font("", t.size)
}

// row draws one row; i is its index in the table (for decorate).
func (t *table) row(i int, cells ...string) {
	d := t.d
	wrapped := make([][]string, len(t.cols))
	h := t.minRowH
	for k, c := range t.cols {
		if k < len(cells) {
			wrapped[k] = d.lines(cells[k], c.width)
		}
		h = max(h, float64(len(wrapped[k]))*t.lineH+2*t.padY)
	}
	d.ensure(h)
	y, x := d.y(), t.x
	for k, c := range t.cols {
		d.pdf.Rect(x, y, c.width, h, "D")
		lines := wrapped[k]
		top := y + t.padY
		if len(lines) == 1 { // a single line sits in the middle of a tall row
			top = y + (h-t.lineH)/2
		}
		for n, l := range lines {
			if l != "" {
				d.text(x, top+float64(n)*t.lineH, c.width, t.lineH, l, c.align)
			}
		}
		x += c.width
	}
	if t.decorate != nil {
		t.decorate(i, y, h)
	}
	d.pdf.SetY(y + h)
}

// width is the sum of the column widths.
func (t *table) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.width
	}
	return w
}

// Sizes for fitting a table to its numbers.
const (
	fitSlack   = 1.2 // room beyond the widest value: numbers of neighbouring columns never touch
	fitMinFlex = 32.0
	fitStep    = 0.5 // type size given up at a time when the table is too wide
)

// fit lays the table out for its rows so that no value of the whole
// columns is ever broken across lines: each of them is made as wide as its
// widest value (and its title's longest word), never narrower than the
// width it was given (0 leaves it to its values), and column flex, the one
// with names, takes what is left of width and wraps. When that leaves flex
// narrower than fitMinFlex, the type gets smaller until it does not, down
// to tinySize. The columns are copied, never changed in place.
func (t *table) fit(rows [][]string, width float64, flex int, whole ...int) {
	given := t.cols
	cols := make([]column, len(given))
	copy(cols, given)
	t.cols = cols
	base := t.size
	for size := base; ; size -= fitStep {
		t.size = size
		rest := width
		for k := range cols {
			if k != flex && !slices.Contains(whole, k) {
				rest -= cols[k].width
			}
		}
		for _, k := range whole {
			title, value := t.widest(rows, k)
			cols[k].width = max(given[k].width, title+2*cellMargin, value+2*cellMargin+fitSlack)
			rest -= cols[k].width
		}
		cols[flex].width = rest
		if rest >= fitMinFlex || size-fitStep < tinySize {
			break
		}
	}
	if t.size != base { // smaller type takes smaller lines
		t.lineH *= t.size / base
	}
	t.d.font("", base)
}

// widest measures column k: its title's longest word in the header's bold
// type, and its widest value (the last row's in bold when boldLast says so).
func (t *table) widest(rows [][]string, k int) (title, value float64) {
	d := t.d
	d.font("B", t.size)
	for _, word := range strings.Fields(t.cols[k].title) {
		title = max(title, d.width(word))
	}
	for i, r := range slices.Backward(rows) {
		if i == len(rows)-1 && t.boldLast {
			d.font("B", t.size)
		} else {
			d.font("", t.size)
		}
		if k < len(r) {
			value = max(value, d.width(r[k]))
		}
	}
	return title, value
}
