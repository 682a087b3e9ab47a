package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// KeepBackups is how many snapshots stay in backups/; older ones are removed.
const KeepBackups = 14

const (
	backupDir    = "backups"
	backupPrefix = "penyuluh-"
	backupLayout = "20060102-150405"
)

// Backup is one snapshot file.
type Backup struct {
	Path string
	Time time.Time // local time the snapshot was taken, from its name
	Size int64
	seq  int // the counter of a second snapshot within the same second
}

// BackupDir is where snapshots are kept.
func (s *Store) BackupDir() string { return filepath.Join(s.dir, backupDir) }

// Backup writes a consistent snapshot with VACUUM INTO (never a copy of the
// live file, which could catch a half-written page) and keeps the newest
// KeepBackups. It returns the snapshot's path.
func (s *Store) Backup(ctx context.Context) (string, error) {
	// A snapshot of a damaged file would push a good old one out of the 14.
	if err := s.WaitChecked(); err != nil {
		return "", err
	}
	s.backupMu.Lock()
	defer s.backupMu.Unlock()
	if err := os.MkdirAll(s.BackupDir(), 0o700); err != nil {
		return "", fmt.Errorf("create backup folder: %w", err)
	}
	s.removeParts()
	path := s.nextBackupPath()
	tmp := path + ".part"
	os.Remove(tmp)
	// VACUUM INTO fills an empty file: made first, it is the owner's only.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	f.Close()
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("backup: %w", err)
	}
	syncDir(s.BackupDir())
	if err := s.pruneBackups(); err != nil {
		return path, fmt.Errorf("remove old backups: %w", err)
	}
	return path, nil
}

// nextBackupPath names a snapshot after the local time; two in one second
// get a counter rather than overwriting each other.
func (s *Store) nextBackupPath() string {
	stamp := s.Now().Local().Format(backupLayout)
	path := filepath.Join(s.BackupDir(), backupPrefix+stamp+".db")
	for i := 2; fileExists(path); i++ {
		path = filepath.Join(s.BackupDir(), fmt.Sprintf("%s%s-%d.db", backupPrefix, stamp, i))
	}
	return path
}

// Backups lists the snapshots, newest first.
func (s *Store) Backups() ([]Backup, error) { return ListBackups(s.dir) }

// ListBackups lists the snapshots in a data folder, newest first. It needs
// no open store, so a damaged database can still be offered its backups.
func ListBackups(dataDir string) ([]Backup, error) {
	backups := filepath.Join(dataDir, backupDir)
	entries, err := os.ReadDir(backups)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []Backup
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, backupPrefix) || !strings.HasSuffix(name, ".db") {
			continue
		}
		stamp := strings.TrimSuffix(strings.TrimPrefix(name, backupPrefix), ".db")
		if len(stamp) < len(backupLayout) {
			continue
		}
		t, err := time.ParseInLocation(backupLayout, stamp[:len(backupLayout)], time.Local)
		if err != nil {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		seq, _ := strconv.Atoi(strings.TrimPrefix(stamp[len(backupLayout):], "-"))
		list = append(list, Backup{Path: filepath.Join(backups, name), Time: t, Size: info.Size(), seq: seq})
	}
	sort.Slice(list, func(i, j int) bool {
		if !list[i].Time.Equal(list[j].Time) {
			return list[i].Time.After(list[j].Time)
		}
		return list[i].seq > list[j].seq
	})
	return list, nil
}

// removeParts removes snapshots cut short (a crash or power cut during
// VACUUM INTO): each is a copy of the database that no list shows. The
// caller holds backupMu, so none is being written.
func (s *Store) removeParts() {
	parts, _ := filepath.Glob(filepath.Join(s.BackupDir(), backupPrefix+"*.part"))
	for _, p := range parts {
		os.Remove(p)
	}
}

func (s *Store) pruneBackups() error {
	list, err := s.Backups()
	if err != nil {
		return err
	}
	for _, b := range list[min(len(list), KeepBackups):] {
		if err := os.Remove(b.Path); err != nil {
			return err
		}
	}
	return nil
}

// DailyBackup takes a snapshot unless one was already taken today (local
// time). It reports the new path, or "" when none was needed.
func (s *Store) DailyBackup(ctx context.Context) (string, error) {
	list, err := s.Backups()
	if err != nil {
		return "", err
	}
	today := s.Now().Local().Format("20060102")
	if len(list) > 0 && list[0].Time.Format("20060102") == today {
		return "", nil
	}
	return s.Backup(ctx)
}

// Restore replaces the database with the snapshot in file. The file is
// checked first (readable, undamaged, not from a newer version) on a copy;
// the current database is snapshotted before it is replaced, and that
// snapshot's path is returned. On any failure the current database stays.
func (s *Store) Restore(ctx context.Context, file string) (string, error) {
	if s.readOnly {
		return "", ErrReadOnly
	}
	candidate := filepath.Join(s.dir, "restore-candidate.db")
	os.Remove(candidate)
	defer os.Remove(candidate)
	if err := copyFile(file, candidate); err != nil {
		return "", fmt.Errorf("read backup %s: %w", file, err)
	}
	if err := checkCandidate(candidate); err != nil {
		return "", fmt.Errorf("backup %s: %w", filepath.Base(file), err)
	}
	_, current, err := s.SyncEpoch(ctx)
	if err != nil {
		return "", err
	}
	if err := newEpoch(s.dir, candidate, s.now(), current); err != nil {
		return "", fmt.Errorf("backup %s: %w", filepath.Base(file), err)
	}
	if err := s.keepPrivacySettings(ctx, candidate); err != nil {
		return "", fmt.Errorf("backup %s: %w", filepath.Base(file), err)
	}
	snapshot, err := s.Backup(ctx)
	if err != nil {
		return "", err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.stopDeferredCheck()
	if err := s.db.Close(); err != nil {
		return snapshot, fmt.Errorf("close database: %w", err)
	}
	s.db = nil
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(s.Path() + suffix)
	}
	if err := os.Rename(candidate, s.Path()); err != nil {
		return snapshot, errors.Join(fmt.Errorf("replace database: %w", err), s.open())
	}
	syncDir(s.dir)
	if err := s.open(); err != nil {
		return snapshot, fmt.Errorf("open restored database (the previous one is saved as %s): %w", snapshot, err)
	}
	// What the backup still held in clear is sealed, and retention applies,
	// before anything reads it (writeMu is held: no s.write here).
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return snapshot, err
	}
	defer tx.Rollback()
	if _, err := tidy(ctx, tx, s.Now()); err != nil {
		return snapshot, err
	}
	return snapshot, tx.Commit()
}

// RecoverFromBackup is restore for a data folder whose database cannot be
// opened (damaged): the backup is checked, the damaged file is kept beside
// it under a new name (never overwritten or deleted), and the backup takes
// its place. It returns the name the damaged file was kept under.
func RecoverFromBackup(dataDir, file string, now time.Time) (string, error) {
	lock, err := lockFolder(dataDir)
	if err != nil {
		return "", err
	}
	defer lock.release()
	candidate := filepath.Join(dataDir, "restore-candidate.db")
	os.Remove(candidate)
	defer os.Remove(candidate)
	if err := copyFile(file, candidate); err != nil {
		return "", fmt.Errorf("read backup %s: %w", file, err)
	}
	if err := checkCandidate(candidate); err != nil {
		return "", fmt.Errorf("backup %s: %w", filepath.Base(file), err)
	}
	if err := newEpoch(dataDir, candidate, formatTime(now), databaseGeneration(filepath.Join(dataDir, FileName))); err != nil {
		return "", fmt.Errorf("backup %s: %w", filepath.Base(file), err)
	}
	db := filepath.Join(dataDir, FileName)
	kept := filepath.Join(dataDir, "penyuluh-damaged-"+now.Format(backupLayout)+".db")
	if fileExists(db) {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if fileExists(db + suffix) {
				if err := os.Rename(db+suffix, kept+suffix); err != nil {
					return "", fmt.Errorf("set the damaged file aside: %w", err)
				}
			}
		}
	}
	if err := os.Rename(candidate, db); err != nil {
		return kept, fmt.Errorf("put the backup in place: %w", err)
	}
	syncDir(dataDir)
	return kept, nil
}

// checkCandidate opens a would-be database without changing it: it must be
// a SQLite file of ours, undamaged and not newer than this app.
func checkCandidate(path string) error {
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := verify(db); err != nil {
		return err
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'sessions'").Scan(&n); err != nil || n == 0 {
		return errors.New("not a Penyuluh database")
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename durable; it is best effort (Windows cannot).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
