package report

import (
	"math"
	"strconv"

	"github.com/penyuluh/penyuluh/store"
)

// Attendance list (daftar hadir) geometry. A row is tall enough to sign
// in and holds two lines of a wrapped name or address; longer ones make
// their row taller.
const (
	attendanceHeadH   = 30.0 // the title and the three lines under it
	attendanceHeaderH = 8.0
	attendanceRowH    = 8.5
	attendanceLineH   = 3.6
	attendancePadY    = 0.6
	signatureColW     = 34.0
)

// attendanceCols are the columns of the list; the last one is signed.
var attendanceCols = []column{
	{"No", 9, "C"},
	{"Nama", 44, "L"},
	{"L/P", 8, "C"},
	{"Umur", 12, "C"},
	{"Desa/Alamat", 36, "L"},
	{"Kategori", 32, "L"},
	{"Tanda Tangan", signatureColW, "L"},
}

// attendanceTable is the list's table; rowH is its smallest row.
func (d *doc) attendanceTable(rowH float64) *table {
	t := &table{d: d, x: marginL, cols: attendanceCols, size: smallSize, lineH: attendanceLineH,
		padY: attendancePadY, minRowH: rowH, headerH: attendanceHeaderH}
	// The signature cell carries the row's number, on the left on one row
	// and in the middle on the next, as on paper lists, so that
	// neighbouring signatures do not run into each other.
	signX := marginL + t.width() - signatureColW
	t.decorate = func(i int, y, h float64) {
		x := signX + 1
		if i%2 == 1 {
			x = signX + signatureColW/2
		}
		// In the row's own type size: switching fonts twice a row makes a
		// 1,000-row list noticeably slower.
		d.grey(greyLight - 40)
		d.text(x-cellMargin, y+0.6, 12, attendanceLineH, t.number(i)+".", "L")
		d.black()
	}
	return t
}

// number is what the signature cell of row i shows; set by the caller.
func (t *table) number(i int) string {
	if t.numbers != nil {
		return t.numbers(i)
	}
	return strconv.Itoa(i + 1)
}

// attendanceHeading prints the list's title and the session it belongs
// to, always in attendanceHeadH so that the rows per page are known.
func (d *doc) attendanceHeading(title string, data *SessionData) {
	top := d.y()
	d.font("B", headSize+1)
	d.text(marginL, top, contentW, 6, title, "C")
	s := data.Session
	values := [][2]string{{"Kegiatan", s.Title}, {"Hari, tanggal", LongDate(s.Date)}, {"Tempat", venueLine(s)}}
	if s.ID == "" {
		values = [][2]string{{"Kegiatan", dots}, {"Hari, tanggal", dots}, {"Tempat", dots}}
	}
	d.font("", bodySize)
	y := top + 9
	for _, v := range values {
		d.text(marginL, y, keyW, bodyLineH, v[0], "L")
		d.text(marginL+keyW, y, colonW, bodyLineH, ":", "C")
		d.text(marginL+keyW+colonW, y, contentW-keyW-colonW, bodyLineH, truncate(d, orDash(v[1]), contentW-keyW-colonW), "L")
		y += bodyLineH + 0.5
	}
	d.pdf.SetY(top + attendanceHeadH)
}

// dots is a line to write on.
const dots = "................................................................................"

// venueLine is where the session was held: the venue and the village.
func venueLine(s store.Session) string {
	if s.Venue == "" {
		return placeLine(s)
	}
	return s.Venue + ", " + placeLine(s)
}

// attendanceList prints the daftar hadir: one row per participant, no
// phone numbers.
func (d *doc) attendanceList(list []store.Participant) {
	t := d.attendanceTable(attendanceRowH)
	t.numbers = func(i int) string { return strconv.Itoa(list[i].Number) }
	t.begin()
	if len(list) == 0 {
		t.numbers = nil
		t.decorate = nil
		t.row(0, dash, "Belum ada peserta yang tercatat.")
	}
	for i, p := range list {
		age := dash
		if p.Age != nil {
			age = strconv.Itoa(*p.Age)
		}
		t.row(i, strconv.Itoa(p.Number), p.Name, p.Gender, age, orDash(p.Village), p.Category.Label(), "")
	}
	t.end()
}

// AttendancePages is how many pages the report's attendance list takes
// for n participants when no name, address or category needs more than
// two lines (a longer one makes its row, and maybe the list, longer).
func AttendancePages(n int) int {
	top := marginT + runningHeadH // the list starts on a page of its own, never the first
	later := rowsPerPage(top+attendanceHeaderH, attendanceRowH)
	first := rowsPerPage(top+attendanceHeadH+attendanceHeaderH, attendanceRowH)
	if n <= first {
		return 1
	}
	return 1 + int(math.Ceil(float64(n-first)/float64(later)))
}

func rowsPerPage(firstRowY, rowH float64) int {
	return int((pageBottom - firstRowY + layoutSlack) / rowH)
}

// layoutSlack absorbs floating-point error when rows add up to exactly
// the bottom of the page.
const layoutSlack = 1e-6
