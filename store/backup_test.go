package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/store"
)

func TestBackupKeepsTheNewest14(t *testing.T) {
	s := mustOpen(t)
	clock := time.Date(2026, 1, 1, 8, 0, 0, 0, time.Local)
	s.Now = func() time.Time { return clock }
	var last string
	for i := 0; i < store.KeepBackups+3; i++ {
		mustCreate(t, s, validSession())
		path, err := s.Backup(ctx)
		if err != nil {
			t.Fatal(err)
		}
		last = path
		clock = clock.Add(time.Hour)
	}
	list, err := s.Backups()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != store.KeepBackups || list[0].Path != last {
		t.Fatalf("%d backups, newest %s; want %d, newest %s", len(list), list[0].Path, store.KeepBackups, last)
	}
}

func TestTwoBackupsInOneSecondBothKept(t *testing.T) {
	s := mustOpen(t)
	s.Now = func() time.Time { return time.Date(2026, 1, 1, 8, 0, 0, 0, time.Local) }
	a, errA := s.Backup(ctx)
	b, errB := s.Backup(ctx)
	if errA != nil || errB != nil || a == b {
		t.Fatalf("%s %v / %s %v", a, errA, b, errB)
	}
	if list, _ := s.Backups(); len(list) != 2 || list[0].Path != b {
		t.Fatalf("the second snapshot is not listed first: %+v", list)
	}
}

func TestDailyBackupOncePerDay(t *testing.T) {
	s := mustOpen(t)
	clock := time.Date(2026, 3, 4, 7, 0, 0, 0, time.Local)
	s.Now = func() time.Time { return clock }
	first, err := s.DailyBackup(ctx)
	if err != nil || first == "" {
		t.Fatalf("first: %q %v", first, err)
	}
	clock = clock.Add(10 * time.Hour)
	if again, _ := s.DailyBackup(ctx); again != "" {
		t.Fatalf("second backup on the same day: %s", again)
	}
	clock = clock.Add(24 * time.Hour)
	if next, _ := s.DailyBackup(ctx); next == "" {
		t.Fatal("no backup on the next day")
	}
}

func TestRestorePutsBackupBackAndSnapshotsCurrent(t *testing.T) {
	s := mustOpen(t)
	kept := mustCreate(t, s, validSession())
	backup, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	later := mustCreate(t, s, validSession())

	snapshot, err := s.Restore(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, kept.ID); err != nil {
		t.Fatalf("restored database lacks the backed-up session: %v", err)
	}
	if _, err := s.Session(ctx, later.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("later session still there: %v", err)
	}
	if err := s.IntegrityCheck(); err != nil {
		t.Fatal(err)
	}
	// The snapshot taken before restoring holds the later session.
	other := store.TempDir(t)
	if err := copyTo(snapshot, filepath.Join(other, store.FileName)); err != nil {
		t.Fatal(err)
	}
	o := mustOpenDir(t, other)
	if _, err := o.Session(ctx, later.ID); err != nil {
		t.Fatalf("snapshot lacks the later session: %v", err)
	}
	// The store still writes after a restore.
	mustCreate(t, s, validSession())
}

func TestRestoreRefusesBadFiles(t *testing.T) {
	dir := store.TempDir(t)
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte("this is not a database at all, just text"), 0o600)
	_, newer := closedDatabase(t, 1)
	setUserVersion(t, newer, store.LatestSchema()+5)

	for name, file := range map[string]string{"garbage": garbage, "newer": newer, "missing": filepath.Join(dir, "nope.db")} {
		t.Run(name, func(t *testing.T) {
			s := mustOpen(t)
			keep := mustCreate(t, s, validSession())
			if _, err := s.Restore(ctx, file); err == nil {
				t.Fatal("restore accepted a bad file")
			}
			if _, err := s.Session(ctx, keep.ID); err != nil {
				t.Fatalf("current data lost after a refused restore: %v", err)
			}
			if list, _ := s.Backups(); len(list) != 0 {
				t.Fatalf("a refused restore took %d snapshots", len(list))
			}
		})
	}
}

func copyTo(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o600)
}

func TestRecoverFromBackupKeepsTheDamagedFile(t *testing.T) {
	dir, path := closedDatabase(t, 200)
	s := mustOpenDir(t, dir)
	backup, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	damaged, _ := os.ReadFile(path)
	for i := 2 * 4096; i < 4*4096; i++ {
		damaged[i] = 0x5a
	}
	os.WriteFile(path, damaged, 0o600)
	if _, err := store.Open(dir, store.Options{}); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("want damaged, got %v", err)
	}
	list, err := store.ListBackups(dir)
	if err != nil || len(list) != 1 {
		t.Fatalf("backups of a damaged folder: %v %v", list, err)
	}
	kept, err := store.RecoverFromBackup(dir, backup, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(kept); !bytesEqual(got, damaged) {
		t.Fatal("the damaged file was not kept as it was")
	}
	s2 := mustOpenDir(t, dir)
	if list, _ := s2.Sessions(ctx); len(list) != 200 {
		t.Fatalf("recovered %d sessions, want 200", len(list))
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }
