package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// barRow is one question in the pre/post chart; nil means no result.
type barRow struct {
	label     string
	pre, post *float64
}

// Bar colours: pre-test grey-blue, post-test the app's blue, both readable
// in black-and-white printouts of a screenshot.
var (
	preColor  = color.NRGBA{R: 0x9d, G: 0xb4, B: 0xd6, A: 0xff}
	postColor = brandBlue
)

// prePostChart draws, for each question, a pre-test bar over a post-test bar
// (percent correct), with the value at the end of each bar.
type prePostChart struct {
	widget.BaseWidget
	rows []barRow
}

func newPrePostChart() *prePostChart {
	c := &prePostChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *prePostChart) set(rows []barRow) {
	c.rows = rows
	c.Refresh()
}

const (
	chartLabelWidth = 56
	chartBarHeight  = 12
	chartRowGap     = 8
	chartValueWidth = 44
)

func (c *prePostChart) MinSize() fyne.Size {
	h := float32(len(c.rows))*(2*chartBarHeight+chartRowGap) + 24
	return fyne.NewSize(chartLabelWidth+chartValueWidth+120, h)
}

func (c *prePostChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{chart: c}
	r.Refresh()
	return r
}

type chartRenderer struct {
	chart   *prePostChart
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.build()
}

func (r *chartRenderer) MinSize() fyne.Size { return r.chart.MinSize() }

func (r *chartRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.chart)
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chartRenderer) Destroy()                     {}

// build lays the bars out for the current size; the objects are cheap and
// a quiz has a few dozen questions at most.
func (r *chartRenderer) build() {
	fg := theme.Color(theme.ColorNameForeground)
	small := theme.CaptionTextSize() + 1
	width := max(r.size.Width, r.chart.MinSize().Width)
	barSpace := width - chartLabelWidth - chartValueWidth
	var objs []fyne.CanvasObject
	legend := func(x float32, col color.Color, text string) {
		box := canvas.NewRectangle(col)
		box.Move(fyne.NewPos(x, 4))
		box.Resize(fyne.NewSize(12, 12))
		t := canvas.NewText(text, fg)
		t.TextSize = small
		t.Move(fyne.NewPos(x+16, 1))
		objs = append(objs, box, t)
	}
	legend(chartLabelWidth, preColor, "Pre-test")
	legend(chartLabelWidth+100, postColor, "Post-test")
	y := float32(24)
	for _, row := range r.chart.rows {
		label := canvas.NewText(row.label, fg)
		label.TextSize = small
		label.TextStyle = fyne.TextStyle{Bold: true}
		label.Move(fyne.NewPos(0, y+chartBarHeight-small/2-2))
		objs = append(objs, label)
		for i, v := range []*float64{row.pre, row.post} {
			by := y + float32(i)*chartBarHeight
			col := preColor
			if i == 1 {
				col = postColor
			}
			text := "–"
			if v != nil {
				bar := canvas.NewRectangle(col)
				bar.Move(fyne.NewPos(chartLabelWidth, by+1))
				bar.Resize(fyne.NewSize(max(1, barSpace*float32(*v)/100), chartBarHeight-2))
				objs = append(objs, bar)
				text = fmt.Sprintf("%.0f%%", *v)
			}
			value := canvas.NewText(text, fg)
			value.TextSize = small - 1
			vx := float32(chartLabelWidth + 4)
			if v != nil {
				vx = chartLabelWidth + barSpace*float32(*v)/100 + 4
			}
			value.Move(fyne.NewPos(vx, by-2))
			objs = append(objs, value)
		}
		y += 2*chartBarHeight + chartRowGap
	}
	r.objects = objs
}
