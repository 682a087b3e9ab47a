package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/penyuluh/penyuluh/store"
)

func TestReadAttendeesCSV(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		data     string
		rows     int
		problems []string
		warnings int
		ignored  []string
	}{
		{
			name: "comma with BOM", file: "daftar.csv",
			data: "\ufeffNo,Nama,L/P,Umur,Kategori,Desa,Telepon,Setuju_Dihubungi,Tanda Tangan\n" +
				"1,Ni Made Ayu Sri Wahyuni,P,34,Calon PMI,Sakra,0812-3456-7890,ya,\n" +
				"2,\"Hj. Siti Aminah\",Perempuan,,keluarga pmi,Sakra,,,\n",
			rows: 2, ignored: []string{"No", "Tanda Tangan"},
		},
		{
			name: "semicolon, any column order and case", file: "daftar.csv",
			data: "DESA;l/p;NAMA;umur\r\nSakra;laki-laki;Ma'ruf;17\r\n;;;\r\nPringgabaya;L;Isa;60\r\n",
			rows: 2,
		},
		{
			name: "Windows-1252 from an old Excel", file: "daftar.csv",
			data: "nama;L/P\nSyafi\x92i;L\n", rows: 1,
		},
		{
			name: "phone without consent is a warning", file: "daftar.csv",
			data: "nama,L/P,telepon\nBaiq Nurul,P,081234567890\n", rows: 1, warnings: 1,
		},
		{
			name: "bad rows are named by line", file: "daftar.csv",
			data: "nama,L/P,umur,kategori,telepon,setuju_dihubungi\n" +
				"Isa,X,20,umum,,\n" +
				",P,20,umum,,\n" +
				"Rina,P,dua puluh,umum,,\n" +
				"Rini,P,200,artis,,\n" +
				"Dewi,P,30,umum,12345,ya\n" +
				"Dewa,P,30,umum,,mungkin\n",
			rows: 6, problems: []string{"baris 2: L/P", "baris 3: nama kosong", "baris 4: umur \"dua puluh\" bukan angka",
				"baris 5: kategori \"artis\"", "baris 5: umur harus 0 sampai 120", "baris 6: nomor telepon tidak valid", "baris 7: setuju_dihubungi"},
		},
		{
			name: "duplicate in the file is a warning", file: "daftar.csv",
			data: "nama,L/P,desa\nIsa,L,Sakra\nisa,L,Sakra\n", rows: 2, warnings: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := store.ReadAttendees(tt.file, strings.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Rows) != tt.rows || len(p.Warnings()) != tt.warnings {
				t.Fatalf("%d rows, warnings %v", len(p.Rows), p.Warnings())
			}
			problems := strings.Join(p.Problems(), "\n")
			for _, want := range tt.problems {
				if !strings.Contains(problems, want) {
					t.Errorf("missing problem %q in:\n%s", want, problems)
				}
			}
			if len(tt.problems) == 0 && problems != "" {
				t.Fatalf("unexpected problems:\n%s", problems)
			}
			if strings.Join(p.IgnoredColumns, ",") != strings.Join(tt.ignored, ",") {
				t.Fatalf("ignored columns %v, want %v", p.IgnoredColumns, tt.ignored)
			}
		})
	}
}

func TestReadAttendeesDecodesWindows1252(t *testing.T) {
	p, err := store.ReadAttendees("x.csv", strings.NewReader("nama;L/P\nSyafi\x92i;L\n"))
	if err != nil || p.Rows[0].Participant.Name != "Syafi’i" {
		t.Fatalf("%+v %v", p, err)
	}
}

func TestReadAttendeesRefusesWholeFile(t *testing.T) {
	tests := map[string]string{
		"no name column":  "L/P,umur\nL,20\n",
		"no gender":       "nama,umur\nIsa,20\n",
		"empty":           "\n\n",
		"unknown type":    "",
		"duplicate field": "nama,L/P,nama\nIsa,L,Isa\n",
	}
	for name, data := range tests {
		file := "x.csv"
		if name == "unknown type" {
			file = "x.pdf"
		}
		if _, err := store.ReadAttendees(file, strings.NewReader(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestReadAttendeesXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"No", "Nama", "L/P", "Umur", "Desa", "Telepon", "Setuju_dihubungi", "NIK"},
		{1, "Baiq Nurul Hidayati", "P", 22, "Sakra", 81234567890, "ya", "5203xxxxxxxxxxxx"},
		{2, "Lalu Ahmad", "L", nil, "Sakra", nil, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	p, err := store.ReadAttendees("daftar.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Valid() || len(p.Rows) != 2 || p.Rows[0].Participant.Phone != "+6281234567890" {
		t.Fatalf("problems %v, rows %+v", p.Problems(), p.Rows)
	}
	if strings.Join(p.IgnoredColumns, ",") != "No,NIK" {
		t.Fatalf("ignored %v", p.IgnoredColumns)
	}
}

func TestImportAttendeesAllOrNothing(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	bad, _ := store.ReadAttendees("x.csv", strings.NewReader("nama,L/P\nIsa,L\nRina,X\n"))
	if _, err := s.ImportAttendees(ctx, sess.ID, bad); err == nil {
		t.Fatal("an invalid file was imported")
	}
	if list, _ := s.Participants(ctx, sess.ID); len(list) != 0 {
		t.Fatalf("%d rows imported from an invalid file", len(list))
	}
	good, _ := store.ReadAttendees("x.csv", strings.NewReader("nama,L/P\nIsa,L\nRina,P\n"))
	n, err := s.ImportAttendees(ctx, sess.ID, good)
	if err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	list, _ := s.Participants(ctx, sess.ID)
	if len(list) != 2 || list[1].Number != 2 {
		t.Fatalf("%+v", list)
	}
}
