package report

import (
	"fmt"
	"io"

	"github.com/penyuluh/penyuluh/store"
)

// Recap table layout: the area's name, then the counts and the quiz. No
// widths: fit makes the numbers' columns as wide as their widest value,
// and the area's name takes the rest.
var recapCols = []column{
	{"Wilayah", 0, "L"}, {"Sesi", 0, "R"}, {"Peserta", 0, "R"}, {"L", 0, "R"}, {"P", 0, "R"},
	{"Anak", 0, "R"}, {"Pre", 0, "R"}, {"Post", 0, "R"}, {"Naik", 0, "R"},
	{"Tindak lanjut (mendesak)", 0, "R"},
}

// Session list layout; fit sizes the date, the numbers and the status to
// their widest value, and the place takes the rest.
var recapSessionCols = []column{
	{"Tanggal", 0, "L"}, {"Desa / Kecamatan / Kabupaten", 0, "L"}, {"Peserta", 0, "R"},
	{"Pre", 0, "R"}, {"Post", 0, "R"}, {"Status", 0, "L"}, {"Asal", 30, "L"},
}

const (
	recapLineH   = 4.0
	recapPadY    = 1.0
	recapMinRowH = 6.0
	recapHeadH   = 8.0
)

// RecapPDF writes the coordinator's recap of a period and region: the
// totals, a table of regencies with their districts, a chart of
// participants per regency, and the sessions it counts. The numbers are
// store.Recap's, computed as the session reports compute them.
func RecapPDF(w io.Writer, r store.Recap, settings store.Settings, opts Options) error {
	d := newDoc(opts, "Rekapitulasi Sosialisasi Pencegahan TPPO")
	period := recapPeriod(r.Filter)
	d.running = "Rekapitulasi sosialisasi pencegahan TPPO · " + period
	d.newPage()
	d.letterhead(&SessionData{Settings: settings})
	d.font("B", titleSize)
	d.text(marginL, d.y(), contentW, 7, "REKAPITULASI SOSIALISASI PENCEGAHAN TPPO", "C")
	d.down(7)
	d.font("", bodySize)
	d.text(marginL, d.y(), contentW, bodyLineH, period, "C")
	d.down(bodyLineH + 3)

	t := r.Totals
	d.paragraph(marginL, contentW, bodyLineH, fmt.Sprintf(
		"%s sesi dengan %s peserta (laki-laki %s, perempuan %s; %s anak di bawah 18 tahun). "+
			"Rata-rata pre-test %s, post-test %s, kenaikan %s. Tindak lanjut terbuka: %s, di antaranya %s mendesak.",
		number(t.Sessions), number(t.Participants), number(t.Male), number(t.Female), number(t.Children),
		percent(t.PreMean), percent(t.PostMean), points(t.Gain), number(t.OpenFollowUps), number(t.UrgentFollowUps)), "L")

	d.heading("I. MENURUT WILAYAH", recapHeadH+recapMinRowH)
	tab := &table{d: d, x: marginL, cols: recapCols, size: smallSize, lineH: recapLineH, padY: recapPadY,
		minRowH: recapMinRowH, headerH: recapHeadH}
	var areas [][]string
	for _, reg := range r.Regencies {
		areas = append(areas, recapRow(reg.Name, reg.Totals))
		for _, dist := range reg.Districts {
			areas = append(areas, recapRow("   Kec. "+dist.Name, dist.Totals))
		}
	}
	areas = append(areas, recapRow("Jumlah", r.Totals))
	tab.fit(areas, contentW, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	tab.begin()
	for i, cells := range areas {
		tab.row(i, cells...)
	}
	tab.end()

	if len(r.Regencies) > 0 {
		d.heading("II. PESERTA MENURUT KABUPATEN/KOTA", 20)
		chart := barChart{x: marginL, w: contentW, labelW: 50, valueW: 16, rowH: 6, barH: 3.6,
			shades: []int{greyStrong}, grid: []float64{0}, max: 1}
		var rows []barRow
		for _, reg := range r.Regencies {
			v := float64(reg.Totals.Participants)
			chart.max = max(chart.max, v)
			rows = append(rows, barRow{label: reg.Name, values: []*float64{&v}, texts: []string{number(reg.Totals.Participants)}})
		}
		d.ensure(chart.height(len(rows)))
		chart.draw(d, rows, true)
	}

	d.heading("III. DAFTAR SESI", recapHeadH+recapMinRowH)
	list := &table{d: d, x: marginL, cols: recapSessionCols, size: smallSize, lineH: recapLineH, padY: recapPadY,
		minRowH: recapMinRowH, headerH: recapHeadH}
	var sessions [][]string
	for _, s := range r.Sessions {
		origin := "laptop ini"
		if s.Origin.Imported {
			origin = s.Origin.Officer
		}
		sessions = append(sessions, []string{DateISO(s.Session.Date), placeLine(s.Session), number(s.Totals.Total),
			phaseMean(s.Results.Pre), phaseMean(s.Results.Post), statusText(s.Session.Status), origin})
	}
	if len(r.Sessions) == 0 {
		sessions = append(sessions, []string{dash, "Tidak ada sesi pada periode dan wilayah ini", dash, dash, dash, dash, dash})
	}
	list.fit(sessions, contentW, 1, 0, 2, 3, 4, 5)
	list.begin()
	for i, cells := range sessions {
		list.row(i, cells...)
	}
	list.end()
	return d.write(w)
}

func recapRow(name string, t store.RecapTotals) []string {
	gain := dash
	if t.Gain != nil {
		gain = signed(*t.Gain)
	}
	return []string{name, number(t.Sessions), number(t.Participants), number(t.Male), number(t.Female), number(t.Children),
		percent(t.PreMean), percent(t.PostMean), gain,
		number(t.OpenFollowUps) + " (" + number(t.UrgentFollowUps) + ")"}
}

func recapPeriod(f store.RecapFilter) string {
	from, to := "awal", "sekarang"
	if f.From != "" {
		from = LongDate(f.From)
	}
	if f.To != "" {
		to = LongDate(f.To)
	}
	area := "semua wilayah"
	switch {
	case f.District != "" && f.Regency != "":
		area = "Kec. " + f.District + ", " + f.Regency
	case f.District != "":
		area = "Kec. " + f.District
	case f.Regency != "":
		area = f.Regency
	}
	return fmt.Sprintf("Periode %s s.d. %s · %s", from, to, area)
}

func phaseMean(p *store.RecapPhase) string {
	if p == nil {
		return dash
	}
	return wholePercent(p.Mean)
}

func statusText(s store.Status) string {
	switch s {
	case store.StatusFinalized:
		return "Selesai"
	case store.StatusHeld:
		return "Terlaksana"
	}
	return "Draf"
}
