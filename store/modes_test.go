package store_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// The database, its WAL and every backup are the owner's only, in a folder
// only the owner can enter, also when an older version left them open.
func TestFilesAreTheOwnersOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps the profile folder's access rules")
	}
	dir := filepath.Join(t.TempDir(), "data")
	os.MkdirAll(filepath.Join(dir, "backups"), 0o755)
	os.WriteFile(filepath.Join(dir, "backups", "penyuluh-lama.db"), []byte("old"), 0o644)
	os.Chmod(dir, 0o755)
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateSession(ctx, store.Session{Title: "Uji", Date: "2026-02-12", Village: "Desa", District: "Kec", Regency: "Kab"}); err != nil {
		t.Fatal(err)
	}
	backup, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{
		dir: 0o700, filepath.Join(dir, "backups"): 0o700, s.Path(): 0o600, s.Path() + "-wal": 0o600,
		backup: 0o600, filepath.Join(dir, "backups", "penyuluh-lama.db"): 0o600,
		filepath.Join(dir, store.SigningKeyFile): 0o600,
	}
	for path, mode := range want {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), info.Mode().Perm(), mode)
		}
	}
}
