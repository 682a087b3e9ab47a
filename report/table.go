package report

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
}

// begin draws the header and makes later page breaks repeat it.
func (t *table) begin() {
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
