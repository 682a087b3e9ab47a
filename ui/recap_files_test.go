package ui

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// TestWriteRecapFiles: the window's Rekap writes the PDF and the workbook
// at once from one recap; both are whole, and when they cannot be written
// nothing is left behind.
func TestWriteRecapFiles(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for range 3 {
		if _, err := st.Demo(ctx, store.DemoOptions{Participants: 30}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	base := filepath.Join(dir, "Rekap TPPO 2026-12-01")
	if err := writeRecapFiles(st, store.RecapFilter{}, false, base, "test"); err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(base + ".pdf")
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(0, len(pdf)-32):], []byte("%%EOF")) {
		t.Fatalf("PDF of %d bytes (%v) is not whole", len(pdf), err)
	}
	z, err := zip.OpenReader(base + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var workbook string
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r)
			r.Close()
			workbook = string(b)
		}
	}
	for _, sheet := range []string{"Ringkasan", "Sesi", "Pertanyaan"} {
		if !strings.Contains(workbook, `name="`+sheet+`"`) {
			t.Errorf("workbook lacks the sheet %s", sheet)
		}
	}

	// A folder that went away is made again; a file where the folder
	// should be fails the recap, and nothing is left behind.
	if err := writeRecapFiles(st, store.RecapFilter{}, false, filepath.Join(dir, "gone", "Rekap"), "test"); err != nil {
		t.Fatal(err)
	}
	if made, _ := filepath.Glob(filepath.Join(dir, "gone", "Rekap.*")); len(made) != 2 {
		t.Fatalf("in a folder made again: %v", made)
	}
	blocked := filepath.Join(dir, "file")
	if err := os.WriteFile(blocked, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeRecapFiles(st, store.RecapFilter{}, false, filepath.Join(blocked, "Rekap"), "test"); err == nil {
		t.Fatal("a recap under a file was written")
	}
	if left, _ := os.ReadDir(dir); len(left) != 4 {
		t.Fatalf("%d entries in the folder, want the first recap's two, the folder and the file", len(left))
	}
}
