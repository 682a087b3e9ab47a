package report

// barChart is a horizontal bar chart drawn with rectangles and text: one
// row per label, one bar per series in each row, the value written after
// each bar, and vertical guides with their values on top.
type barChart struct {
	x, w   float64
	labelW float64 // the labels' column on the left
	valueW float64 // room after the longest bar for its value
	rowH   float64
	barH   float64 // one series' bar; the series are stacked inside a row
	max    float64 // the value of a full-width bar
	shades []int   // grey level of each series
	grid   []float64
	// gridText writes a guide's value; nil leaves the guides unlabelled.
	gridText func(float64) string
}

// barRow is one label with a value per series; nil values draw no bar.
type barRow struct {
	label  string
	values []*float64
	texts  []string
}

// Chart geometry shared by the charts.
const (
	chartScaleH = 4.0 // the guides' values above the bars
	chartSize   = 7.5
	chartLineH  = 3.2
)

func (c barChart) barsW() float64 { return c.w - c.labelW - c.valueW }

func (c barChart) height(rows int) float64 { return chartScaleH + float64(rows)*c.rowH + 1 }

// draw draws the chart from the current position. With breakable the rows
// may continue on the next page (the scale is drawn again there);
// otherwise the caller has made room for all of it.
func (c barChart) draw(d *doc, rows []barRow, breakable bool) {
	scale := func() {
		y := d.y()
		c.drawScale(d, y)
		d.pdf.SetY(y + chartScaleH)
	}
	if breakable {
		d.ensure(chartScaleH + c.rowH)
		d.onNewPage = scale
		defer func() { d.onNewPage = nil }()
	}
	scale()
	for _, r := range rows {
		if breakable {
			d.ensure(c.rowH)
		}
		c.drawRow(d, d.y(), r)
		d.down(c.rowH)
	}
	d.down(1)
}

func (c barChart) drawScale(d *doc, y float64) {
	if c.gridText == nil {
		return
	}
	d.font("", tinySize)
	d.grey(greyText)
	for _, g := range c.grid {
		x := c.x + c.labelW + c.barsW()*g/c.max
		d.text(x-8, y, 16, chartScaleH-0.5, c.gridText(g), "C")
	}
	d.black()
}

func (c barChart) drawRow(d *doc, y float64, r barRow) {
	d.font("", chartSize)
	lines := d.lines(r.label, c.labelW)
	if len(lines) > 1 { // one line only: the label is cut short
		lines[0] = truncate(d, r.label, c.labelW)
	}
	d.text(c.x, y+(c.rowH-chartLineH)/2, c.labelW, chartLineH, lines[0], "L")
	barsX := c.x + c.labelW
	d.pdf.SetDrawColor(greyLight, greyLight, greyLight)
	d.pdf.SetLineWidth(0.1)
	d.pdf.Line(barsX, y, barsX, y+c.rowH)
	for _, g := range c.grid[min(1, len(c.grid)):] {
		x := barsX + c.barsW()*g/c.max
		d.pdf.SetDashPattern([]float64{0.6, 0.8}, 0)
		d.pdf.Line(x, y, x, y+c.rowH)
		d.pdf.SetDashPattern(nil, 0)
	}
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.2)
	top := y + (c.rowH-float64(len(r.values))*c.barH)/2
	for i, v := range r.values {
		by := top + float64(i)*c.barH
		w := 0.0
		if v != nil && *v > 0 {
			w = c.barsW() * min(*v, c.max) / c.max
			shade := c.shades[i%len(c.shades)]
			d.pdf.SetFillColor(shade, shade, shade)
			d.pdf.Rect(barsX, by+0.15, w, c.barH-0.3, "F")
		}
		if i < len(r.texts) {
			d.font("", tinySize)
			d.text(barsX+w+0.3, by+(c.barH-chartLineH)/2, c.valueW+c.barsW()-w, chartLineH, r.texts[i], "L")
		}
	}
	d.font("", bodySize)
}

// legend draws small squares with the series' names from x at the current
// line.
func (d *doc) legend(x float64, names []string, shades []int) {
	y := d.y()
	d.font("", chartSize)
	for i, n := range names {
		d.pdf.SetFillColor(shades[i], shades[i], shades[i])
		d.pdf.Rect(x, y+0.8, 3, 3, "F")
		w := d.width(n) + 2*cellMargin
		d.text(x+3.5, y, w, 4.5, n, "L")
		x += 3.5 + w + 4
	}
	d.pdf.SetY(y + 5)
	d.font("", bodySize)
}

// truncate shortens s with an ellipsis to fit width w in the current font.
func truncate(d *doc, s string, w float64) string {
	s = printable(s)
	room := w - 2*cellMargin
	if d.width(s) <= room {
		return s
	}
	runes := []rune(s)
	for n := len(runes) - 1; n > 0; n-- {
		if !breakable(runes, n) {
			continue
		}
		if t := string(runes[:n]) + "…"; d.width(t) <= room {
			return t
		}
	}
	return "…"
}

func floatPtr(x float64) *float64 { return &x }
