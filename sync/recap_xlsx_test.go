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

func recapWorkbook(t *testing.T, phones bool) (*excelize.File, store.Recap) {
	t.Helper()
	s := openStore(t)
	for i := 0; i < 3; i++ {
		demoSession(t, s, 20, uint64(50+i))
	}
	r, err := s.Recap(ctx, store.RecapFilter{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rekap.xlsx")
	if err := SaveRecapXLSX(path, r, RecapXLSXOptions{Phones: phones,
		Now: func() time.Time { return time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC) }}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, r
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

func TestRecapXLSX(t *testing.T) {
	f, r := recapWorkbook(t, false)
	if got := strings.Join(f.GetSheetList(), ","); got != "Ringkasan,Sesi,Peserta,Pertanyaan" {
		t.Fatalf("sheets %s", got)
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
	_, sessions := sheetText(t, f, SheetSessions)
	if len(sessions) != 1+len(r.Sessions) {
		t.Fatalf("%d session rows", len(sessions))
	}
	_, people := sheetText(t, f, SheetParticipants)
	if len(people) != 1+r.Totals.Participants {
		t.Fatalf("%d participant rows, want %d", len(people)-1, r.Totals.Participants)
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
	all := ""
	for _, sheet := range f.GetSheetList() {
		text, _ := sheetText(t, f, sheet)
		all += text
	}
	for _, p := range phones {
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
}

func TestRecapXLSXWithPhones(t *testing.T) {
	f, r := recapWorkbook(t, true)
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

func TestRecapXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRecapXLSX(&buf, store.Recap{Regencies: []store.RecapArea{}}, RecapXLSXOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := excelize.OpenReader(&buf); err != nil {
		t.Fatal(err)
	}
}
