package sync

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/penyuluh/penyuluh/store"
)

func recapWorkbook(t *testing.T, participants, phones bool) (*excelize.File, store.Recap, *store.Store) {
	t.Helper()
	s := openStore(t)
	for i := 0; i < 3; i++ {
		demoSession(t, s, 20, uint64(50+i))
	}
	r, err := s.Recap(ctx, store.RecapFilter{}, store.RecapOptions{Questions: true, Participants: participants})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rekap.xlsx")
	if err := SaveRecapXLSX(path, r, RecapXLSXOptions{Participants: participants, Phones: phones,
		Now: func() time.Time { return time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC) }}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, r, s
}

func sheetText(t *testing.T, f *excelize.File, sheet string) (string, [][]string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.String(), rows
}

// phonesOf lists the phone numbers of the recap's participants.
func phonesOf(t *testing.T, s *store.Store) []string {
	t.Helper()
	r, err := s.Recap(ctx, store.RecapFilter{}, store.RecapOptions{Participants: true})
	if err != nil {
		t.Fatal(err)
	}
	var phones []string
	for _, rs := range r.Sessions {
		for _, p := range rs.Participants {
			if p.Phone != "" {
				phones = append(phones, p.Phone)
			}
		}
	}
	if len(phones) == 0 {
		t.Fatal("the fixture has no phone numbers")
	}
	return phones
}

func workbookText(t *testing.T, f *excelize.File) string {
	t.Helper()
	all := ""
	for _, sheet := range f.GetSheetList() {
		text, _ := sheetText(t, f, sheet)
		all += text
	}
	return all
}

func TestRecapXLSX(t *testing.T) {
	tests := []struct {
		name                 string
		participants, phones bool
		sheets               string
	}{
		{"default", false, false, "Ringkasan,Sesi,Pertanyaan"},
		{"phones alone add nothing", false, true, "Ringkasan,Sesi,Pertanyaan"},
		{"participants", true, false, "Ringkasan,Sesi,Peserta,Pertanyaan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, r, s := recapWorkbook(t, tt.participants, tt.phones)
			if got := strings.Join(f.GetSheetList(), ","); got != tt.sheets {
				t.Fatalf("sheets %s, want %s", got, tt.sheets)
			}
			if i := f.GetActiveSheetIndex(); i != 0 {
				t.Errorf("active sheet %d, want Ringkasan", i)
			}
			summary, _ := sheetText(t, f, SheetSummary)
			for _, want := range []string{"Rekap Sosialisasi Pencegahan TPPO", "Semua tanggal", "Kabupaten/Kota", "01-04-2026 09.30", "Jumlah"} {
				if !strings.Contains(summary, want) {
					t.Errorf("Ringkasan lacks %q", want)
				}
			}
			if v, _ := f.GetCellValue(SheetSummary, "B8"); v != strconv.Itoa(r.Totals.Participants) {
				t.Errorf("participants cell %q, want %d", v, r.Totals.Participants)
			}
			checkSessionCounts(t, f, r)
			if tt.participants {
				_, people := sheetText(t, f, SheetParticipants)
				if len(people) != 1+r.Totals.Participants {
					t.Fatalf("%d participant rows, want %d", len(people)-1, r.Totals.Participants)
				}
			}
			all := workbookText(t, f)
			for _, p := range phonesOf(t, s) {
				if strings.Contains(all, p) || strings.Contains(all, strings.TrimPrefix(p, "+62")) {
					t.Fatalf("phone %s in a workbook without --phones", p)
				}
			}
			if strings.Contains(all, "Rp15 juta") {
				t.Fatal("a confidential question in the workbook")
			}
			questions, _ := sheetText(t, f, SheetQuestions)
			if !strings.Contains(questions, "Pertanyaan") || strings.Count(questions, "\n") < 3 {
				t.Fatalf("Pertanyaan:\n%s", questions)
			}
		})
	}
}

// checkSessionCounts reads the Sesi sheet's counts back: each row's
// categories and age bands add up to its participants, as the recap has them.
func checkSessionCounts(t *testing.T, f *excelize.File, r store.Recap) {
	t.Helper()
	_, rows := sheetText(t, f, SheetSessions)
	if len(rows) != 1+len(r.Sessions) {
		t.Fatalf("%d session rows", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(row []string, name string) int {
		i, ok := col[name]
		if !ok {
			t.Fatalf("Sesi has no column %q: %v", name, rows[0])
		}
		n, err := strconv.Atoi(row[i])
		if err != nil {
			t.Fatalf("%s %q", name, row[i])
		}
		return n
	}
	for k, rs := range r.Sessions {
		row := rows[k+1]
		total, cats, bands := num(row, "Peserta"), 0, num(row, "Umur tidak diketahui")
		for _, c := range store.Categories {
			n := num(row, c.Label())
			if n != rs.Totals.ByCategory[c] {
				t.Errorf("session %d: %s %d, want %d", k, c.Label(), n, rs.Totals.ByCategory[c])
			}
			cats += n
		}
		for _, b := range store.AgeBands {
			n := num(row, "Umur "+b)
			if n != rs.Totals.ByAgeBand[b] {
				t.Errorf("session %d: umur %s %d, want %d", k, b, n, rs.Totals.ByAgeBand[b])
			}
			bands += n
		}
		if total != rs.Totals.Total || cats != total || bands != total {
			t.Errorf("session %d: %d people, %d by category, %d by age band; want %d", k, total, cats, bands, rs.Totals.Total)
		}
	}
}

func TestRecapXLSXWithPhones(t *testing.T) {
	f, r, _ := recapWorkbook(t, true, true)
	text, rows := sheetText(t, f, SheetParticipants)
	if rows[0][11] != "Telepon" {
		t.Fatalf("header %v", rows[0])
	}
	for _, rs := range r.Sessions {
		for _, p := range rs.Participants {
			if p.Phone != "" && !strings.Contains(text, p.Phone) {
				t.Fatalf("phone %s missing", p.Phone)
			}
		}
	}
}

// A workbook from a recap read without the lists it needs is refused, not
// written with empty sheets.
func TestRecapXLSXNeedsTheLists(t *testing.T) {
	s := openStore(t)
	demoSession(t, s, 5, 3)
	tests := []struct {
		name string
		read store.RecapOptions
		opts RecapXLSXOptions
	}{
		{"no questions", store.RecapOptions{}, RecapXLSXOptions{}},
		{"no participants", store.RecapOptions{Questions: true}, RecapXLSXOptions{Participants: true}},
	}
	for _, tt := range tests {
		r, err := s.Recap(ctx, store.RecapFilter{}, tt.read)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteRecapXLSX(&bytes.Buffer{}, r, tt.opts); err == nil {
			t.Errorf("%s: written", tt.name)
		}
	}
}

func TestRecapXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRecapXLSX(&buf, store.Recap{Regencies: []store.RecapArea{}}, RecapXLSXOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := excelize.OpenReader(&buf); err != nil {
		t.Fatal(err)
	}
}
