package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/penyuluh/penyuluh/store"
)

// Kinds of document, for their file names.
const (
	KindReport      = "Laporan"
	KindSheet       = "Daftar hadir"
	KindAnswerSheet = "Lembar jawaban"
)

// FileName names a session's document the way it is saved in the reports
// folder: "Laporan 2026-02-12 Desa Sakra 3f9a.pdf". The end of the session
// id keeps two sessions on one day in one village apart; a report that is
// not final says so.
func FileName(kind string, s store.Session) string {
	if s.ID == "" {
		return kind + " kosong.pdf"
	}
	name := kind + " " + s.Date + " " + s.Village + " " + s.ID[max(0, len(s.ID)-4):]
	if kind == KindReport && s.Status != store.StatusFinalized {
		name += " (DRAF)"
	}
	return safeFileName(name) + ".pdf"
}

// safeFileName keeps letters, digits, spaces and a little punctuation, so
// that the name works on Windows too.
func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), strings.ContainsRune(" -_.,()'", r):
			return r
		case unicode.IsSpace(r):
			return ' '
		}
		return -1
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if runes := []rune(s); len(runes) > 120 {
		s = string(runes[:120])
	}
	return strings.Trim(s, " .")
}

// WriteFile writes a document to path through a temporary file in the
// same folder, so that a failed export never leaves half a PDF behind (or
// destroys the previous one), and on to the disk before it says so: a
// power cut after "saved" leaves the whole file. The folder is created if
// needed.
func WriteFile(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	err := store.WriteFileAtomic(path, func(f *os.File) error {
		if err := f.Chmod(0o644); err != nil { // a temporary file is private
			return err
		}
		return write(f)
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
