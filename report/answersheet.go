package report

import (
	"fmt"
	"io"

	"github.com/penyuluh/penyuluh/store"
)

// Answer sheet geometry: each slip has a head (title, number and name
// lines, instructions) and a grid of question numbers with one box per
// option, numbered down the columns. Two slips share a page when they fit.
const (
	slipHeadH   = 34.0
	slipRowH    = 7.5
	slipNumberW = 9.0
	optionBox   = 5.0
	optionGap   = 1.6
	slipCutGap  = 10.0 // between two slips on a page, with the cutting line
)

// AnswerSheet writes the paper answer sheets of a session's quiz, for a
// pre-test or post-test taken on paper and typed in later: the pre-test
// slips, then the post-test slips, numbered as the app numbers the
// questions of each phase.
func AnswerSheet(w io.Writer, data *SessionData, opts Options) error {
	d := newDoc(opts, "Lembar Jawaban – "+data.Session.Title)
	d.running = "Lembar jawaban · " + data.Session.Title
	phases := []struct {
		phase store.Phase
		title string
	}{{store.PhasePre, "LEMBAR JAWABAN PRE-TEST"}, {store.PhasePost, "LEMBAR JAWABAN POST-TEST"}}
	printed := false
	for _, p := range phases {
		items := store.PhaseItems(data.Items, p.phase)
		if len(items) == 0 {
			continue
		}
		printed = true
		d.answerSlips(data, p.title, items)
	}
	if !printed {
		d.newPage()
		d.title("LEMBAR JAWABAN", "", data.Session.Title)
		d.paragraph(marginL, contentW, bodyLineH, "Sesi ini tidak memiliki soal pre-test atau post-test.", "C")
	}
	return d.write(w)
}

// answerSlips prints the slips of one phase: two to a page, cut apart,
// when the questions fit in half a page, otherwise one slip over as many
// pages as it needs.
func (d *doc) answerSlips(data *SessionData, title string, items []store.QuizItem) {
	g := slipGridFor(items)
	rows := (len(items) + g.columns - 1) / g.columns
	half := (pageBottom - marginT - slipCutGap) / 2
	d.newPage()
	if slipHeadH+float64(rows)*slipRowH <= half {
		top := d.y()
		d.answerSlip(data, title, items, g, rows, 0)
		cut := top + half + slipCutGap/2
		d.pdf.SetDrawColor(greyRule, greyRule, greyRule)
		d.pdf.SetDashPattern([]float64{2, 1.5}, 0)
		d.pdf.Line(marginL, cut, pageW-marginR, cut)
		d.pdf.SetDashPattern(nil, 0)
		d.pdf.SetDrawColor(0, 0, 0)
		d.font("", tinySize)
		d.grey(greyText)
		d.text(marginL, cut-3.5, 30, 3, "✂ gunting di sini", "L")
		d.black()
		d.pdf.SetY(cut + slipCutGap/2)
		d.answerSlip(data, title, items, g, rows, 0)
		return
	}
	// One slip too long for half a page: fill whole pages, column by column.
	perPage := rowsPerPage(marginT+slipHeadH, slipRowH)
	for start := 0; start < len(items); start += perPage * g.columns {
		if start > 0 {
			d.newPage()
		}
		part := items[start:min(len(items), start+perPage*g.columns)]
		d.answerSlip(data, title, part, g, min(perPage, (len(part)+g.columns-1)/g.columns), start)
	}
}

// slipGrid is how the questions of a slip are laid out.
type slipGrid struct {
	columns int
	colW    float64
}

// slipGridFor fits as many columns as the question with the most options
// allows.
func slipGridFor(items []store.QuizItem) slipGrid {
	options := 2
	for _, i := range items {
		options = max(options, len(i.Letters))
	}
	itemW := slipNumberW + 1 + float64(options)*(optionBox+optionGap) + 3
	cols := max(1, min(5, int(contentW/itemW)))
	return slipGrid{columns: cols, colW: contentW / float64(cols)}
}

// answerSlip prints one slip of rows rows whose first question has the
// number offset+1.
func (d *doc) answerSlip(data *SessionData, title string, items []store.QuizItem, g slipGrid, rows, offset int) {
	top := d.y()
	d.font("B", headSize+1)
	d.text(marginL, top, contentW, 6, title, "C")
	d.font("", smallSize)
	s := data.Session
	d.text(marginL, top+6, contentW, 4.5, truncate(d, s.Title+" · "+placeLine(s)+" · "+LongDate(s.Date), contentW), "C")
	d.font("", bodySize)
	y := top + 14
	d.text(marginL, y, 46, bodyLineH, "No. daftar hadir: ...........", "L")
	d.text(marginL+48, y, contentW-48, bodyLineH, "Nama: ..............................................................................", "L")
	y += bodyLineH + 3
	d.font("", smallSize)
	d.text(marginL, y, contentW, 4, instructions(items), "L")
	y = top + slipHeadH
	for i, item := range items {
		col, row := i/rows, i%rows
		d.answerItem(marginL+float64(col)*g.colW, y+float64(row)*slipRowH, offset+i+1, item.Letters)
	}
	d.pdf.SetY(y + float64(rows)*slipRowH)
	d.font("", bodySize)
}

// instructions tell how to mark an answer, and what B and S mean when a
// true/false question is on the slip.
func instructions(items []store.QuizItem) string {
	s := "Beri tanda silang (X) pada satu huruf jawaban untuk setiap soal."
	for _, i := range items {
		if len(i.Letters) == 2 && i.Letters[0] == "B" && i.Letters[1] == "S" {
			return s + " B = Benar, S = Salah."
		}
	}
	return s
}

// answerItem draws "12." and a box with each option's letter.
func (d *doc) answerItem(x, y float64, number int, letters []string) {
	d.font("B", smallSize)
	d.text(x, y+(slipRowH-optionBox)/2, slipNumberW, optionBox, fmt.Sprintf("%d.", number), "R")
	d.font("", smallSize)
	d.pdf.SetDrawColor(greyStrong, greyStrong, greyStrong)
	bx := x + slipNumberW + 1
	for _, l := range letters {
		by := y + (slipRowH-optionBox)/2
		d.pdf.Rect(bx, by, optionBox, optionBox, "D")
		d.text(bx, by, optionBox, optionBox, l, "C")
		bx += optionBox + optionGap
	}
	d.pdf.SetDrawColor(0, 0, 0)
}
