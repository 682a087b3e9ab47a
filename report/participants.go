package report

import (
	"fmt"

	"github.com/penyuluh/penyuluh/store"
)

// Geometry of the participants' section: two tables side by side, and a
// chart under each.
const (
	halfGap    = 5.0
	halfW      = (contentW - halfGap) / 2
	countColW  = 12.0
	totalColW  = 15.0
	summaryRow = 6.0
)

// genderCount is how many men and women fall in one group.
type genderCount struct{ male, female int }

// crossTab splits the groups of AttendanceTotals by gender, for the tables.
func crossTab(list []store.Participant) (byCategory, byAge map[string]genderCount) {
	byCategory, byAge = map[string]genderCount{}, map[string]genderCount{}
	add := func(m map[string]genderCount, key string, p store.Participant) {
		g := m[key]
		if p.Gender == store.Male {
			g.male++
		} else {
			g.female++
		}
		m[key] = g
	}
	for _, p := range list {
		add(byCategory, string(p.Category), p)
		add(byAge, store.AgeBand(p.Age), p)
	}
	return byCategory, byAge
}

// ageUnknown labels the participants whose age was not asked.
const ageUnknown = "Tidak diketahui"

func (d *doc) participantsSection(data *SessionData) {
	t := data.Totals
	if t.Total == 0 {
		d.paragraph(marginL, contentW, bodyLineH, "Belum ada peserta yang tercatat dalam daftar hadir.", "L")
	} else {
		attached := "Daftar hadir lengkap terlampir."
		if data.Session.PurgedAt != nil {
			attached = "Nama peserta sudah dihapus dari laptop ini (retensi data pribadi)."
		}
		d.paragraph(marginL, contentW, bodyLineH, fmt.Sprintf(
			"Jumlah peserta %s orang: laki-laki %s orang, perempuan %s orang; di antaranya %s anak (di bawah %d tahun). %s",
			number(t.Total), number(t.Male), number(t.Female), number(t.Children), store.AdultAge, attached), "L")
	}
	d.down(2)
	byCategory, byAge := crossTab(data.Participants)

	var catRows, ageRows []groupRow
	for _, c := range store.Categories {
		catRows = append(catRows, groupRow{c.Label(), byCategory[string(c)], t.ByCategory[c]})
	}
	for _, band := range store.AgeBands {
		ageRows = append(ageRows, groupRow{band + " tahun", byAge[band], t.ByAgeBand[band]})
	}
	if n := t.ByAgeBand[""]; n > 0 {
		ageRows = append(ageRows, groupRow{ageUnknown, byAge[""], n})
	}

	rows := max(len(catRows), len(ageRows)) + 1
	d.ensure(summaryRow*float64(rows+1) + 4)
	top := d.y()
	d.groupTable(marginL, "Kategori", catRows, t)
	left := d.y()
	d.pdf.SetY(top)
	d.groupTable(marginL+halfW+halfGap, "Kelompok umur", ageRows, t)
	d.pdf.SetY(max(left, d.y()) + 4)

	chart := barChart{w: halfW, labelW: 38, valueW: 16, rowH: 4.6, barH: 3.2, shades: []int{greyStrong}}
	chart.max = 1
	for _, r := range append(append([]groupRow{}, catRows...), ageRows...) {
		chart.max = max(chart.max, float64(r.total))
	}
	chart.grid = []float64{0}
	d.ensure(chart.height(max(len(catRows), len(ageRows))) + 6)
	d.font("B", smallSize)
	top = d.y()
	d.text(marginL, top, halfW, 4.5, "Peserta menurut kategori", "L")
	d.text(marginL+halfW+halfGap, top, halfW, 4.5, "Peserta menurut kelompok umur", "L")
	d.pdf.SetY(top + 5)
	top = d.y()
	chart.x = marginL
	chart.draw(d, groupBars(catRows, t.Total), false)
	left = d.y()
	d.pdf.SetY(top)
	chart.x = marginL + halfW + halfGap
	chart.draw(d, groupBars(ageRows, t.Total), false)
	d.pdf.SetY(max(left, d.y()))
	d.font("", bodySize)
}

// groupRow is one line of a participants' table.
type groupRow struct {
	label string
	split genderCount
	total int // from AttendanceTotals
}

func (d *doc) groupTable(x float64, title string, rows []groupRow, t store.AttendanceTotals) {
	tab := table{d: d, x: x, size: smallSize, lineH: smallLineH, padY: 0.8, minRowH: summaryRow, headerH: summaryRow,
		cols: []column{{title, halfW - 2*countColW - totalColW, "L"}, {"L", countColW, "R"}, {"P", countColW, "R"}, {"Jumlah", totalColW, "R"}}}
	var cells [][]string
	for _, r := range rows {
		cells = append(cells, []string{r.label, number(r.split.male), number(r.split.female), number(r.total)})
	}
	sum := []string{"Jumlah", number(t.Male), number(t.Female), number(t.Total)}
	tab.boldLast = true
	tab.fit(append(cells, sum), halfW, 0, 1, 2, 3)
	tab.begin()
	for i, c := range cells {
		tab.row(i, c...)
	}
	d.font("B", smallSize)
	tab.row(len(cells), sum...)
	tab.end()
	d.font("", bodySize)
}

// groupBars turns table rows into chart rows: the count and its share.
func groupBars(rows []groupRow, total int) []barRow {
	out := make([]barRow, len(rows))
	for i, r := range rows {
		text := number(r.total)
		if total > 0 {
			text += fmt.Sprintf(" (%s%%)", decimal(100*float64(r.total)/float64(total)))
		}
		out[i] = barRow{label: r.label, values: []*float64{floatPtr(float64(r.total))}, texts: []string{text}}
	}
	return out
}
