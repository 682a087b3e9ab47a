package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/penyuluh/penyuluh/store"
)

// DefaultSheetRows is how many numbered rows a blank attendance sheet has.
const DefaultSheetRows = 50

// sheetTotalsH is the line under the rows for the counts written by hand.
const sheetTotalsH = 4 + bodyLineH

// MaxSheetRows bounds a blank sheet (about 30 pages).
const MaxSheetRows = 1000

// AttendanceSheet writes a blank attendance list with rows numbered rows
// to fill in by hand, for when the laptop cannot be used. With a session
// in data its details are printed at the top; without one (Session.ID
// empty) they are lines to write on.
func AttendanceSheet(w io.Writer, data *SessionData, rows int, opts Options) error {
	if rows < 1 || rows > MaxSheetRows {
		return fmt.Errorf("attendance sheet: %d rows is not between 1 and %d", rows, MaxSheetRows)
	}
	if data == nil {
		data = &SessionData{}
	}
	d := newDoc(opts, "Daftar Hadir")
	d.running = "Daftar hadir sosialisasi pencegahan TPPO"
	if data.Session.ID != "" {
		d.running += " · " + placeLine(data.Session) + " · " + LongDate(data.Session.Date)
	}
	d.newPage()
	d.letterhead(data)
	d.attendanceHeading("DAFTAR HADIR SOSIALISASI PENCEGAHAN TPPO", data)
	d.categoryLegend()

	t := d.attendanceTable(attendanceRowH)
	t.cols = append([]column(nil), t.cols...)
	t.cols[5].title = "Kategori (1–7)"
	t.begin()
	for i := 0; i < rows; i++ {
		if i == rows-1 { // the totals line stays with the last row
			d.ensure(attendanceRowH + sheetTotalsH)
		}
		t.row(i, strconv.Itoa(i+1))
	}
	t.end()
	d.down(sheetTotalsH - bodyLineH)
	d.text(marginL, d.y(), contentW, bodyLineH, "Jumlah peserta: laki-laki ........ orang, perempuan ........ orang, jumlah ........ orang.", "L")
	return d.write(w)
}

// categoryLegend explains the numbers written in the category column;
// they are the numbers of the categories in the app's attendance form.
func (d *doc) categoryLegend() {
	var parts []string
	for i, c := range store.Categories {
		parts = append(parts, fmt.Sprintf("%d = %s", i+1, c.Label()))
	}
	d.font("", smallSize)
	d.paragraph(marginL, contentW, smallLineH, "Kategori: "+strings.Join(parts, ", ")+".", "L")
	d.down(2)
	d.font("", bodySize)
}
