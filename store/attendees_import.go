package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// MaxImportBytes bounds an attendance file; a real list is a few KB.
const MaxImportBytes = 20 << 20

// ImportRow is one line of an attendance file, ready to save or not.
type ImportRow struct {
	Line        int // the file's line (the header is line 1)
	Participant Participant
	Problems    []string // why the row cannot be imported (Indonesian)
	Warnings    []string // imported anyway, but worth a look
}

// ImportPreview is what a file would add, shown before anything is saved.
type ImportPreview struct {
	File           string
	Rows           []ImportRow
	IgnoredColumns []string
}

// Valid reports whether every row can be imported.
func (p *ImportPreview) Valid() bool { return len(p.Problems()) == 0 }

// Problems lists every refused row as "baris N: reason".
func (p *ImportPreview) Problems() []string {
	var out []string
	for _, r := range p.Rows {
		for _, msg := range r.Problems {
			out = append(out, fmt.Sprintf("baris %d: %s", r.Line, msg))
		}
	}
	return out
}

// Warnings lists every warning as "baris N: reason".
func (p *ImportPreview) Warnings() []string {
	var out []string
	for _, r := range p.Rows {
		for _, msg := range r.Warnings {
			out = append(out, fmt.Sprintf("baris %d: %s", r.Line, msg))
		}
	}
	return out
}

// importColumns maps the headers people write to our fields.
var importColumns = map[string]string{
	"nama": FieldName, "nama lengkap": FieldName, "name": FieldName,
	"l/p": FieldGender, "lp": FieldGender, "jk": FieldGender, "jenis kelamin": FieldGender, "gender": FieldGender,
	"umur": FieldAge, "usia": FieldAge, "age": FieldAge,
	"kategori": FieldCategory, "category": FieldCategory,
	"desa": FieldAddress, "alamat": FieldAddress, "desa/alamat": FieldAddress, "desa/kelurahan": FieldAddress,
	"telepon": FieldPhone, "telp": FieldPhone, "hp": FieldPhone, "no hp": FieldPhone, "no. hp": FieldPhone, "phone": FieldPhone,
	"setuju_dihubungi": FieldConsent, "setuju dihubungi": FieldConsent, "consent": FieldConsent,
}

// ReadAttendees reads a CSV (UTF-8 with or without BOM, or Windows-1252;
// comma or semicolon) or XLSX attendance list into a preview. An error
// means the file as a whole cannot be used (no name column, unreadable).
func ReadAttendees(name string, r io.Reader) (*ImportPreview, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, fmt.Errorf("berkas lebih besar dari %d MB", MaxImportBytes>>20)
	}
	var records [][]string
	var lines []int
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		records, lines, err = readXLSX(data)
	case ".csv", ".txt":
		records, lines, err = readCSV(data)
	default:
		return nil, fmt.Errorf("jenis berkas %q tidak dikenal: pakai .csv atau .xlsx", filepath.Ext(name))
	}
	if err != nil {
		return nil, err
	}
	return previewRecords(filepath.Base(name), records, lines)
}

func readCSV(data []byte) ([][]string, []int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, nil, fmt.Errorf("teks berkas tidak terbaca: %w", err)
		}
		data = decoded
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = guessDelimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("CSV rusak: %w", err)
		}
		line, _ := r.FieldPos(0)
		records = append(records, rec)
		lines = append(lines, line)
	}
	return records, lines, nil
}

// guessDelimiter picks ';' (Excel in an Indonesian locale) or ','
// by counting them in the header line, outside quotes.
func guessDelimiter(data []byte) rune {
	header, _, _ := bytes.Cut(data, []byte("\n"))
	var commas, semicolons int
	quoted := false
	for _, b := range header {
		switch b {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semicolons++
			}
		}
	}
	if semicolons > commas {
		return ';'
	}
	return ','
}

func readXLSX(data []byte) ([][]string, []int, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("berkas Excel tidak terbaca: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, errors.New("berkas Excel tidak punya lembar kerja")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, nil, fmt.Errorf("berkas Excel tidak terbaca: %w", err)
	}
	lines := make([]int, len(rows))
	for i := range rows {
		lines[i] = i + 1
	}
	return rows, lines, nil
}

func previewRecords(file string, records [][]string, lines []int) (*ImportPreview, error) {
	start := firstNonEmpty(records)
	if start < 0 {
		return nil, errors.New("berkas kosong")
	}
	preview := &ImportPreview{File: file}
	columns := map[string]int{}
	for i, h := range records[start] {
		key := strings.ToLower(CleanLine(strings.TrimPrefix(h, "\ufeff")))
		field, ok := importColumns[key]
		if !ok {
			if key != "" {
				preview.IgnoredColumns = append(preview.IgnoredColumns, CleanLine(h))
			}
			continue
		}
		if _, dup := columns[field]; dup {
			return nil, fmt.Errorf("kolom %q muncul dua kali", CleanLine(h))
		}
		columns[field] = i
	}
	for _, need := range []struct{ field, label string }{{FieldName, "nama"}, {FieldGender, "L/P"}} {
		if _, ok := columns[need.field]; !ok {
			return nil, fmt.Errorf("baris %d: kolom %q tidak ada (kolom wajib: nama, L/P)", lines[start], need.label)
		}
	}
	seen := map[string]int{}
	for i := start + 1; i < len(records); i++ {
		rec := records[i]
		if blankRecord(rec) {
			continue
		}
		row := importRow(rec, columns, lines[i])
		key := nameKey(row.Participant.Name) + "\x00" + row.Participant.Village
		if first, ok := seen[key]; ok {
			row.Warnings = append(row.Warnings, fmt.Sprintf("kemungkinan ganda dengan baris %d", first))
		} else {
			seen[key] = row.Line
		}
		preview.Rows = append(preview.Rows, row)
	}
	return preview, nil
}

func importRow(rec []string, columns map[string]int, line int) ImportRow {
	cell := func(field string) string {
		if i, ok := columns[field]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := ImportRow{Line: line}
	p := Participant{Name: cell(FieldName), Gender: cell(FieldGender), Village: cell(FieldAddress)}
	if age := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(cell(FieldAge)), "tahun"), "th")); age != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(age)); err == nil {
			p.Age = &n
		} else {
			row.Problems = append(row.Problems, fmt.Sprintf("umur %q bukan angka", cell(FieldAge)))
		}
	}
	if c := cell(FieldCategory); c != "" {
		cat, ok := categoryFromText(c)
		if !ok {
			row.Problems = append(row.Problems, fmt.Sprintf("kategori %q tidak dikenal", c))
		}
		p.Category = cat
	}
	consent, ok := yesNo(cell(FieldConsent))
	if !ok {
		row.Problems = append(row.Problems, fmt.Sprintf("setuju_dihubungi %q harus ya atau tidak", cell(FieldConsent)))
	}
	p.Consent = consent
	if phone := cell(FieldPhone); phone != "" {
		if consent {
			p.Phone = phone
		} else {
			row.Warnings = append(row.Warnings, "nomor telepon tidak disimpan karena tidak ada persetujuan dihubungi")
		}
	}
	if err := p.Clean(); err != nil {
		verr, _ := AsValidation(err)
		for _, fe := range verr {
			row.Problems = append(row.Problems, importMessage(fe))
		}
	}
	row.Participant = p
	return row
}

// importMessage says in Bahasa Indonesia what is wrong with a field.
func importMessage(fe FieldError) string {
	label := map[string]string{FieldName: "nama", FieldGender: "L/P", FieldAge: "umur", FieldCategory: "kategori",
		FieldAddress: "desa", FieldPhone: "telepon"}[fe.Field]
	switch fe.Code {
	case CodeRequired:
		return label + " kosong"
	case CodeTooLong:
		return fmt.Sprintf("%s lebih dari %d karakter", label, fe.Limit)
	case CodeControlChars:
		return label + " berisi karakter kontrol"
	case CodeInvalidUTF8:
		return label + " berisi karakter yang tidak terbaca"
	case CodeOutOfRange:
		return fmt.Sprintf("%s harus 0 sampai %d", label, fe.Limit)
	case CodeInvalidGender:
		return "L/P harus L, P, Laki-laki, atau Perempuan"
	case CodeInvalidPhone:
		return "nomor telepon tidak valid"
	}
	return label + " tidak valid"
}

func categoryFromText(s string) (Category, bool) {
	key := strings.ToLower(CleanLine(s))
	for _, c := range Categories {
		if key == string(c) || key == strings.ToLower(c.Label()) {
			return c, true
		}
	}
	switch key {
	case "pelajar", "mahasiswa", "siswa":
		return CategoryStudent, true
	case "tokoh", "tokoh masyarakat", "tokoh agama":
		return CategoryCommunityLeader, true
	case "calon pmi", "cpmi":
		return CategoryProspectiveMigrant, true
	case "purna pmi", "mantan pmi":
		return CategoryReturnedMigrant, true
	case "keluarga pmi":
		return CategoryMigrantFamily, true
	case "perangkat desa", "aparat desa":
		return CategoryVillageOfficial, true
	}
	return CategoryPublic, false
}

func yesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ya", "y", "yes", "1", "setuju", "true":
		return true, true
	case "", "tidak", "t", "no", "n", "0", "false", "tdk":
		return false, true
	}
	return false, false
}

func firstNonEmpty(records [][]string) int {
	for i, r := range records {
		if !blankRecord(r) {
			return i
		}
	}
	return -1
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ImportAttendees saves every row of a valid preview into the session in
// one transaction: all rows or none.
func (st *Store) ImportAttendees(ctx context.Context, sessionID string, preview *ImportPreview) (int, error) {
	if !preview.Valid() {
		return 0, fmt.Errorf("%d baris tidak valid; tidak ada yang diimpor", len(preview.Problems()))
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		for _, row := range preview.Rows {
			p := row.Participant
			p.SessionID = sessionID
			if _, err := st.insertParticipant(ctx, tx, p, AddParticipantOptions{AllowDuplicate: true}); err != nil {
				return fmt.Errorf("baris %d: %w", row.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(preview.Rows), nil
}
