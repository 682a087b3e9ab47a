package report

import (
	"fmt"
	"io"

	"github.com/penyuluh/penyuluh/store"
)

// Recap table layout: the area's name, then the counts and the quiz.
var recapCols = []column{
	{"Wilayah", 42, "L"}, {"Sesi", 11, "R"}, {"Peserta", 18, "R"}, {"L", 10, "R"}, {"P", 10, "R"},
	{"Anak", 12, "R"}, {"Pre", 17, "R"}, {"Post", 17, "R"}, {"Naik", 17, "R"},
	{"Tindak lanjut (mendesak)", 25, "R"},
}

// Session list layout.
var recapSessionCols = []column{
	{"Tanggal", 28, "L"}, {"Desa / Kecamatan / Kabupaten", 56, "L"}, {"Peserta", 18, "R"},
	{"Pre", 13, "R"}, {"Post", 13, "R"}, {"Status", 20, "L"}, {"Asal", 32, "L"},
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
		"%d sesi dengan %d peserta (laki-laki %d, perempuan %d; %d anak di bawah 18 tahun). "+
			"Rata-rata pre-test %s, post-test %s, kenaikan %s. Tindak lanjut terbuka: %d, di antaranya %d mendesak.",
		t.Sessions, t.Participants, t.Male, t.Female, t.Children, percentOrDash(t.PreMean), percentOrDash(t.PostMean),
		pointsOrDash(t.Gain), t.OpenFollowUps, t.UrgentFollowUps), "L")

	d.heading("I. MENURUT WILAYAH", recapHeadH+recapMinRowH)
	tab := &table{d: d, x: marginL, cols: recapCols, size: smallSize, lineH: recapLineH, padY: recapPadY,
		minRowH: recapMinRowH, headerH: recapHeadH}
	tab.begin()
	n := 0
	for _, reg := range r.Regencies {
		tab.row(n, recapRow(reg.Name, reg.Totals)...)
		n++
		for _, dist := range reg.Districts {
			tab.row(n, recapRow("   Kec. "+dist.Name, dist.Totals)...)
			n++
		}
	}
	tab.row(n, recapRow("Jumlah", r.Totals)...)
	tab.end()

	if len(r.Regencies) > 0 {
		d.heading("II. PESERTA MENURUT KABUPATEN/KOTA", 20)
		chart := barChart{x: marginL, w: contentW, labelW: 50, valueW: 16, rowH: 6, barH: 3.6,
			shades: []int{greyStrong}, grid: []float64{0}, max: 1}
		var rows []barRow
		for _, reg := range r.Regencies {
			v := float64(reg.Totals.Participants)
			chart.max = max(chart.max, v)
			rows = append(rows, barRow{label: reg.Name, values: []*float64{&v}, texts: []string{itoa(reg.Totals.Participants)}})
		}
		d.ensure(chart.height(len(rows)))
		chart.draw(d, rows, true)
	}

	d.heading("III. DAFTAR SESI", recapHeadH+recapMinRowH)
	list := &table{d: d, x: marginL, cols: recapSessionCols, size: smallSize, lineH: recapLineH, padY: recapPadY,
		minRowH: recapMinRowH, headerH: recapHeadH}
	list.begin()
	for i, s := range r.Sessions {
		origin := "laptop ini"
		if s.Origin.Imported {
			origin = s.Origin.Officer
		}
		list.row(i, DateISO(s.Session.Date), placeLine(s.Session), itoa(s.Totals.Total),
			phaseMean(s.Results.Pre), phaseMean(s.Results.Post), statusText(s.Session.Status), origin)
	}
	if len(r.Sessions) == 0 {
		list.row(0, "–", "Tidak ada sesi pada periode dan wilayah ini", "–", "–", "–", "–", "–")
	}
	list.end()
	return d.write(w)
}

func recapRow(name string, t store.RecapTotals) []string {
	return []string{name, itoa(t.Sessions), itoa(t.Participants), itoa(t.Male), itoa(t.Female), itoa(t.Children),
		percentOrDash(t.PreMean), percentOrDash(t.PostMean), pointsOrDash(t.Gain),
		fmt.Sprintf("%d (%d)", t.OpenFollowUps, t.UrgentFollowUps)}
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

func percentOrDash(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", *v)
}

func pointsOrDash(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%+.1f", *v)
}

func phaseMean(p *store.PhaseResult) string {
	if p == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", p.Mean)
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
