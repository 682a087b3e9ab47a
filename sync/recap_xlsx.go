package sync

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	gosync "sync"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/penyuluh/penyuluh/store"
)

// The recap as an Excel workbook for the coordinator to hand upward. The
// recap PDF belongs to the report package.

// RecapXLSXOptions change what the workbook holds.
type RecapXLSXOptions struct {
	// Participants adds the Peserta sheet, one row per person, from the
	// recap's attendance lists (store.RecapOptions.Participants). Off by
	// default: a workbook travels further than the app, and a province's
	// year is 600,000 names (Excel holds 1,048,576 rows).
	Participants bool
	// Phones adds to the Peserta sheet the phone numbers participants gave
	// with consent to be contacted; without Participants it adds nothing.
	Phones bool
	// Now is the generation time written on the summary sheet; nil is now.
	Now func() time.Time
}

// Sheet names, in the workbook's order.
const (
	SheetSummary      = "Ringkasan"
	SheetSessions     = "Sesi"
	SheetParticipants = "Peserta"
	SheetQuestions    = "Pertanyaan"
)

// SaveRecapXLSX writes the workbook to path (written aside, then renamed),
// making its folder if needed, as the recap PDF's writer does.
func SaveRecapXLSX(path string, r store.Recap, opts RecapXLSXOptions) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return store.WriteFileAtomic(path, func(f *os.File) error { return WriteRecapXLSX(f, r, opts) })
}

// WriteRecapXLSX writes the recap as a workbook: Ringkasan (totals and a
// table per regency and district), Sesi (one row per session with its
// counts by gender, category and age band), Peserta (one row per
// participant, only when asked; phones only when asked too) and Pertanyaan
// (participants' questions; confidential ones are never in a recap). The
// recap must have been read with its questions, and with its participants
// for the Peserta sheet.
func WriteRecapXLSX(w io.Writer, r store.Recap, opts RecapXLSXOptions) error {
	for _, rs := range r.Sessions {
		if rs.Questions == nil {
			return errors.New("recap workbook: the recap was read without its questions")
		}
		if opts.Participants && rs.Participants == nil {
			return errors.New("recap workbook: the recap was read without its participants")
		}
	}
	now := time.Now()
	if opts.Now != nil {
		now = opts.Now()
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	x := &workbook{f: f}
	x.styles()
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	sheets := []string{SheetSessions, SheetQuestions}
	if opts.Participants {
		sheets = []string{SheetSessions, SheetParticipants, SheetQuestions}
	}
	for _, name := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// Each sheet is streamed by its own goroutine: a stream writer's rows
	// are its own, and the File is only touched here, to make the writers
	// and to flush them, one after the other.
	fills := []sheetFill{x.summary(r, now), x.sessions(r), x.questions(r)}
	if opts.Participants {
		fills = append(fills, x.participants(r, opts.Phones))
	}
	var wg gosync.WaitGroup
	for _, sf := range fills {
		wg.Go(sf.fill)
	}
	wg.Wait()
	for _, sf := range fills {
		sf.s.flush()
	}
	if x.err != nil {
		return fmt.Errorf("recap workbook: %w", x.err)
	}
	// Ringkasan is the active sheet as the new file's first one;
	// SetActiveSheet would read every streamed sheet back to mark it.
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Rekap Sosialisasi Pencegahan TPPO", Creator: "Penyuluh",
		Created: now.UTC().Format(time.RFC3339), Modified: now.UTC().Format(time.RFC3339), Language: "id-ID"}); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// fastZip compresses a workbook's parts at flate's fastest level: a
// province's year (60,000 questions, 10,000 sessions) was compressed in a
// third of the time, the file a little bigger.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return zw
}

// workbook keeps the first error, like gofpdf: build, then check once.
type workbook struct {
	f                   *excelize.File
	head, bold, percent int
	err                 error
}

func (x *workbook) styles() {
	var err error
	x.head, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDDDDD"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	x.keep(err)
	x.bold, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	x.keep(err)
	x.percent, err = x.f.NewStyle(&excelize.Style{NumFmt: 0, CustomNumFmt: ptrTo("0.0")})
	x.keep(err)
}

func ptrTo[T any](v T) *T { return &v }

func (x *workbook) keep(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

// sheet streams one sheet: column widths and a frozen header first.
type sheet struct {
	x     *workbook
	sw    *excelize.StreamWriter
	row   int
	cells []any
	err   error // the first, kept by flush in the workbook's
}

// sheetFill is a sheet made and the rows to fill it with.
type sheetFill struct {
	s    *sheet
	fill func()
}

func (x *workbook) sheet(name string, widths []float64, freeze bool) *sheet {
	sw, err := x.f.NewStreamWriter(name)
	x.keep(err)
	if err != nil {
		return &sheet{x: x}
	}
	for i, w := range widths {
		x.keep(sw.SetColWidth(i+1, i+1, w))
	}
	if freeze {
		x.keep(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	}
	return &sheet{x: x, sw: sw}
}

// add writes a row; style applies to every cell (0 for none).
func (s *sheet) add(style int, values ...any) {
	if s.sw == nil {
		return
	}
	s.row++
	// The row's cells are reused: SetRow writes them out at once.
	s.cells = slices.Grow(s.cells[:0], len(values))
	for _, v := range values {
		switch p, isScore := v.(*float64); {
		case isScore && p == nil && style == 0:
			v = nil
		case isScore && p == nil:
			v = excelize.Cell{StyleID: style}
		case isScore:
			v = excelize.Cell{StyleID: max(style, s.x.percent), Value: *p}
		case v == "" && style == 0:
			v = nil // no cell: Excel sees it blank, and a year of questions has many
		case style != 0:
			v = excelize.Cell{StyleID: style, Value: v}
		}
		s.cells = append(s.cells, v)
	}
	cell, err := excelize.CoordinatesToCellName(1, s.row)
	if err == nil {
		err = s.sw.SetRow(cell, s.cells)
	}
	if s.err == nil {
		s.err = err
	}
}

func (s *sheet) blank() { s.row++ }

func (s *sheet) flush() {
	s.x.keep(s.err)
	if s.sw != nil {
		s.x.keep(s.sw.Flush())
	}
}

func (x *workbook) summary(r store.Recap, now time.Time) sheetFill {
	s := x.sheet(SheetSummary, []float64{28, 22, 10, 10, 8, 8, 8, 10, 10, 10, 12, 12}, false)
	return sheetFill{s, func() { x.summaryRows(s, r, now) }}
}

func (x *workbook) summaryRows(s *sheet, r store.Recap, now time.Time) {
	s.add(x.bold, "Rekap Sosialisasi Pencegahan TPPO")
	s.add(0, "Periode", period(r.Filter))
	s.add(0, "Wilayah", region(r.Filter))
	s.add(0, "Dibuat", now.Format("02-01-2006 15.04"))
	s.blank()
	t := r.Totals
	s.add(x.head, "Jumlah", "")
	s.add(0, "Sesi", t.Sessions)
	s.add(0, "Peserta", t.Participants)
	s.add(0, "Laki-laki", t.Male)
	s.add(0, "Perempuan", t.Female)
	s.add(0, "Anak (< 18 tahun)", t.Children)
	for _, c := range store.Categories {
		s.add(0, "Kategori: "+c.Label(), t.ByCategory[c])
	}
	for _, band := range store.AgeBands {
		s.add(0, "Umur "+band, t.ByAgeBand[band])
	}
	s.add(0, "Umur tidak diketahui", t.ByAgeBand[""])
	s.add(0, "Rata-rata pre-test (%)", t.PreMean)
	s.add(0, "Rata-rata post-test (%)", t.PostMean)
	s.add(0, "Kenaikan (poin)", t.Gain)
	s.add(0, "Tindak lanjut terbuka", t.OpenFollowUps)
	s.add(0, "Tindak lanjut mendesak", t.UrgentFollowUps)
	s.blank()
	s.add(x.head, "Kabupaten/Kota", "Kecamatan", "Sesi", "Peserta", "L", "P", "Anak", "Pre-test (%)",
		"Post-test (%)", "Kenaikan", "TL terbuka", "TL mendesak")
	for _, reg := range r.Regencies {
		areaRow(s, x.bold, orNone(reg.Name), "Semua", reg.Totals)
		for _, d := range reg.Districts {
			areaRow(s, 0, "", orNone(d.Name), d.Totals)
		}
	}
	areaRow(s, x.bold, "Jumlah", "", r.Totals)
}

func areaRow(s *sheet, style int, regency, district string, t store.RecapTotals) {
	s.add(style, regency, district, t.Sessions, t.Participants, t.Male, t.Female, t.Children, t.PreMean, t.PostMean,
		t.Gain, t.OpenFollowUps, t.UrgentFollowUps)
}

func (x *workbook) sessions(r store.Recap) sheetFill {
	widths := []float64{11, 7, 36, 20, 16, 18, 18, 22, 30, 10, 8, 6, 6, 6}
	head := []any{"Tanggal", "Mulai", "Judul", "Desa/Kelurahan", "Kecamatan", "Kabupaten/Kota", "Provinsi", "Tempat",
		"Petugas", "Status", "Peserta", "L", "P", "Anak"}
	for _, c := range store.Categories {
		widths = append(widths, 10)
		head = append(head, c.Label())
	}
	for _, band := range store.AgeBands {
		widths = append(widths, 8)
		head = append(head, "Umur "+band)
	}
	widths = append(widths, 8, 10, 10, 9, 10, 9, 9, 24, 38)
	head = append(head, "Umur tidak diketahui", "Pre-test (%)", "Post-test (%)", "Kenaikan", "Pertanyaan",
		"TL terbuka", "TL mendesak", "Dikirim oleh", "ID sesi")
	s := x.sheet(SheetSessions, widths, true)
	return sheetFill{s, func() { x.sessionRows(s, head, r) }}
}

func (x *workbook) sessionRows(s *sheet, head []any, r store.Recap) {
	s.add(x.head, head...)
	for _, rs := range r.Sessions {
		ss, t := rs.Session, rs.Totals
		var pre, post *float64
		if rs.Results.Pre != nil {
			pre = &rs.Results.Pre.Mean
		}
		if rs.Results.Post != nil {
			post = &rs.Results.Post.Mean
		}
		row := []any{ss.Date, ss.StartTime, ss.Title, ss.Village, ss.District, ss.Regency, ss.Province, ss.Venue,
			officers(ss.Officers), statusLabel(ss.Status), t.Total, t.Male, t.Female, t.Children}
		for _, c := range store.Categories {
			row = append(row, t.ByCategory[c])
		}
		for _, band := range store.AgeBands {
			row = append(row, t.ByAgeBand[band])
		}
		row = append(row, t.ByAgeBand[""], pre, post, rs.Results.Gain, len(rs.Questions), rs.OpenFollowUps,
			rs.UrgentFollowUps, rs.Origin.Officer, ss.ID)
		s.add(0, row...)
	}
}

func (x *workbook) participants(r store.Recap, phones bool) sheetFill {
	widths := []float64{11, 20, 16, 18, 5, 32, 5, 6, 9, 22, 24}
	head := []any{"Tanggal", "Desa (sesi)", "Kecamatan", "Kabupaten/Kota", "No", "Nama", "L/P", "Umur",
		"Kelompok umur", "Kategori", "Desa/Alamat"}
	if phones {
		widths = append(widths, 16)
		head = append(head, "Telepon")
	}
	widths = append(widths, 38)
	head = append(head, "ID sesi")
	s := x.sheet(SheetParticipants, widths, true)
	return sheetFill{s, func() { x.participantRows(s, head, r, phones) }}
}

func (x *workbook) participantRows(s *sheet, head []any, r store.Recap, phones bool) {
	s.add(x.head, head...)
	for _, rs := range r.Sessions {
		ss := rs.Session
		for _, p := range rs.Participants {
			var age any
			if p.Age != nil {
				age = *p.Age
			}
			row := []any{ss.Date, ss.Village, ss.District, ss.Regency, p.Number, p.Name, p.Gender, age,
				store.AgeBand(p.Age), p.Category.Label(), p.Village}
			if phones {
				row = append(row, p.Phone)
			}
			s.add(0, append(row, ss.ID)...)
		}
	}
}

func (x *workbook) questions(r store.Recap) sheetFill {
	s := x.sheet(SheetQuestions, []float64{11, 20, 18, 5, 50, 16, 50, 18, 18, 9, 11, 30, 38}, true)
	return sheetFill{s, func() { x.questionRows(s, r) }}
}

func (x *workbook) questionRows(s *sheet, r store.Recap) {
	s.add(x.head, "Tanggal", "Desa (sesi)", "Kabupaten/Kota", "No", "Pertanyaan", "Topik", "Jawaban", "Status",
		"Dirujuk ke", "Mendesak", "Ditutup", "Catatan penutupan", "ID sesi")
	for _, rs := range r.Sessions {
		ss := rs.Session
		for _, q := range rs.Questions {
			if q.Confidential {
				continue // never in a recap, even if a caller forgot to leave it out
			}
			urgent := ""
			if q.Urgent {
				urgent = "Ya"
			}
			s.add(0, ss.Date, ss.Village, ss.Regency, q.Number, q.Text, q.Topic.Label(), q.Answer, q.Status.Label(),
				q.ReferredTo, urgent, q.ClosedOn, q.ClosedNote, ss.ID)
		}
	}
}

func period(f store.RecapFilter) string {
	switch {
	case f.From == "" && f.To == "":
		return "Semua tanggal"
	case f.From == "":
		return "sampai " + f.To
	case f.To == "":
		return "sejak " + f.From
	}
	return f.From + " s.d. " + f.To
}

func region(f store.RecapFilter) string {
	parts := []string{}
	if f.Regency != "" {
		parts = append(parts, f.Regency)
	}
	if f.District != "" {
		parts = append(parts, "Kec. "+f.District)
	}
	if len(parts) == 0 {
		return "Semua wilayah"
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "(tidak diisi)"
	}
	return s
}

func officers(list []store.Officer) string {
	names := make([]string, 0, len(list))
	for _, o := range list {
		names = append(names, o.Name)
	}
	return strings.Join(names, "; ")
}

func statusLabel(s store.Status) string {
	switch s {
	case store.StatusFinalized:
		return "Selesai"
	case store.StatusHeld:
		return "Terlaksana"
	}
	return "Draf"
}
