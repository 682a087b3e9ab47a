package store_test

import (
	"os"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/store"
)

// TestLargeMigration opens (and so migrates) a large data folder made by an
// older version, e.g. a province's year, and says how long it took:
//
//	PENYULUH_MIGRATE_DATA=/tmp/copy-of-year go test -run LargeMigration -v ./store/
//
// It changes the folder: give it a copy. Without the variable it is skipped.
func TestLargeMigration(t *testing.T) {
	dir := os.Getenv("PENYULUH_MIGRATE_DATA")
	if dir == "" {
		t.Skip("PENYULUH_MIGRATE_DATA names no data folder")
	}
	start := time.Now()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open with migration: %v", time.Since(start))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
