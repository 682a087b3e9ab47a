// Package store keeps Penyuluh's data in one SQLite file: the domain types,
// schema migrations, queries, backups and restore. It knows nothing of Fyne.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database file inside the data folder.
const FileName = "penyuluh.db"

var (
	// ErrLocked means another Penyuluh already runs on this data folder.
	ErrLocked = errors.New("penyuluh is already running with this data folder")
	// ErrDamaged means quick_check found the database file damaged.
	ErrDamaged = errors.New("the database file is damaged")
	// ErrNewerSchema means the file was written by a newer Penyuluh.
	ErrNewerSchema = errors.New("the database was written by a newer version of Penyuluh")
	// ErrOlderSchema means a read-only open met a file that needs a migration.
	ErrOlderSchema = errors.New("the database needs an upgrade: open it once with the app or a writing command")
	// ErrNotFound means no live row has that id.
	ErrNotFound = errors.New("not found")
	// ErrReadOnly means the store was opened read-only or the row is locked.
	ErrReadOnly = errors.New("read-only")
)

// Store is an open database in a data folder.
type Store struct {
	dir      string
	db       *sql.DB
	lock     *folderLock
	readOnly bool

	// writeMu lets one write transaction run at a time in this process.
	// SQLite takes one writer anyway; queueing here instead of in SQLite's
	// busy handler means a burst of saves on a slow disk waits its turn
	// rather than failing with SQLITE_BUSY once busy_timeout runs out.
	writeMu sync.Mutex

	deferCheck bool
	checked    chan struct{} // closed when a deferred quick_check is done
	checkErr   error
	stopCheck  context.CancelFunc // interrupts the deferred quick_check
	hurryCheck func()             // starts the deferred quick_check now

	// backupMu keeps snapshots from being taken, pruned or cleaned at the
	// same time.
	backupMu sync.Mutex

	// removed keeps what the last deletions removed, in memory only, so
	// that an undo can put it back; the database keeps only the tombstone.
	removed removedRows
	// checkpointDue: a Checkpoint could not finish; the next commit
	// tries again.
	checkpointDue atomic.Bool

	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Options change how Open behaves.
type Options struct {
	// ReadOnly opens without the folder lock and refuses every write, so
	// reading commands work while the window is open. It never migrates,
	// and it skips quick_check: reading cannot make a damaged file worse,
	// and the check of a large file takes longer than the read.
	ReadOnly bool
	// DeferCheck runs quick_check in the background (the window opens at
	// once on a large database); every write waits for its verdict and a
	// damaged file refuses them all. When a migration is due the check runs
	// first, as without this option.
	DeferCheck bool
}

// Open opens (or creates) the database in dir, holding the folder lock for as
// long as the store is open. A damaged file is reported with ErrDamaged and is
// left exactly as it was; so is a file from a newer version (ErrNewerSchema).
func Open(dir string, opts Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	s := &Store{dir: dir, readOnly: opts.ReadOnly, deferCheck: opts.DeferCheck, Now: time.Now}
	if !opts.ReadOnly {
		lock, err := lockFolder(dir)
		if err != nil {
			return nil, err
		}
		s.lock = lock
	}
	if err := s.open(); err != nil {
		s.lock.release()
		return nil, err
	}
	if !opts.ReadOnly {
		err := s.ensureLaptopID(context.Background())
		if err == nil {
			err = ensureSigningKey(dir)
		}
		if err != nil {
			if cerr := quickCheck(s.db); cerr != nil {
				err = cerr // the read failed because the file is damaged
			}
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// ownerOnly makes the database file (created empty when missing, which
// SQLite takes as a new database) readable by its owner only, and so its
// WAL and shared-memory files (SQLite gives them the database's mode), the
// snapshots and the folder. Best effort: a FAT stick has no modes, and
// Windows keeps the profile folder's access rules.
func ownerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	if runtime.GOOS == "windows" {
		return nil
	}
	dir := filepath.Dir(path)
	backups := filepath.Join(dir, backupDir)
	files, _ := filepath.Glob(filepath.Join(backups, "*"))
	for _, p := range append(files, path, path+"-wal", path+"-shm") {
		_ = os.Chmod(p, 0o600)
	}
	_ = os.Chmod(backups, 0o700)
	_ = os.Chmod(dir, 0o700)
	return nil
}

func (s *Store) open() error {
	path := s.Path()
	if s.readOnly {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("open database: %w", err)
		}
	}
	if !s.readOnly {
		if err := ownerOnly(path); err != nil {
			return fmt.Errorf("open database: %w", err)
		}
	}
	db, err := sql.Open("sqlite", dsn(path, s.readOnly))
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	v, err := schemaVersion(db)
	if err == nil && v > LatestSchema() {
		err = fmt.Errorf("%w (schema %d, this app knows up to %d)", ErrNewerSchema, v, LatestSchema())
	}
	deferred := s.deferCheck && !s.readOnly && v == LatestSchema()
	if err == nil && !s.readOnly && !deferred {
		err = quickCheck(db)
	}
	if err != nil {
		db.Close()
		return err
	}
	if !s.readOnly {
		// WAL is a property of the file, so setting it once reaches every
		// connection; it is set only after the checks so that a damaged or
		// newer file is never written to.
		if _, err := db.Exec("PRAGMA journal_mode=WAL"); err != nil {
			db.Close()
			return fmt.Errorf("enable WAL: %w", err)
		}
		if err := migrate(db, s.Now); err != nil {
			db.Close()
			return err
		}
	} else if v < LatestSchema() {
		db.Close()
		return fmt.Errorf("%w (schema %d, this app writes %d)", ErrOlderSchema, v, LatestSchema())
	}
	s.db = db
	s.deferCheck = false // a reopen after a restore checks at once
	if deferred {
		s.checked = make(chan struct{})
		ctx, stop := context.WithCancel(context.Background())
		s.stopCheck = stop
		hurry := make(chan struct{})
		s.hurryCheck = sync.OnceFunc(func() { close(hurry) })
		go func() {
			// The check reads the whole file: on a province's year, a
			// second of both cores that the window needs to open and
			// list the sessions. It waits until something waits for it.
			select {
			case <-hurry:
			case <-ctx.Done():
			case <-time.After(deferredCheckDelay):
			}
			s.checkErr = quickCheckContext(ctx, db)
			close(s.checked)
		}()
	}
	return nil
}

// deferredCheckDelay is how long a deferred quick_check waits, unless a
// write (or WaitChecked) wants its verdict sooner.
const deferredCheckDelay = 2 * time.Second

// stopDeferredCheck interrupts the deferred quick_check and waits for it,
// before the file is closed or replaced: the check holds a connection, and so
// the file open, and Windows refuses to replace or move aside a file that
// this process still has open. Its verdict goes with the file it was about.
func (s *Store) stopDeferredCheck() {
	if s.stopCheck != nil {
		s.stopCheck()
		<-s.checked
		s.stopCheck, s.checked, s.checkErr = nil, nil, nil
	}
}

// WaitChecked waits for the deferred quick_check and returns its verdict.
func (s *Store) WaitChecked() error {
	if s.checked == nil {
		return nil
	}
	s.hurryCheck()
	<-s.checked
	return s.checkErr
}

// dsn puts the pragmas in the connection string so that every pooled
// connection gets them, not only the first.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	// Freed space is overwritten with zeros, so that a deleted name or a
	// sealed question's former clear text does not linger in the file.
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		// A reading command (sessions, results, report) reads a province's
		// year through the page cache's 2 MB otherwise, one system call per
		// page: mapped, 10,000 sessions list in about a third less time.
		q.Add("_pragma", "mmap_size(268435456)")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// verify runs before anything writes: a damaged file or one from a newer
// version must stay byte for byte as it was.
func verify(db *sql.DB) error {
	if err := quickCheck(db); err != nil {
		return err
	}
	v, err := schemaVersion(db)
	if err != nil {
		return err
	}
	if v > LatestSchema() {
		return fmt.Errorf("%w (schema %d, this app knows up to %d)", ErrNewerSchema, v, LatestSchema())
	}
	return nil
}

func quickCheck(db *sql.DB) error { return quickCheckContext(context.Background(), db) }

func quickCheckContext(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrDamaged, strings.Join(problems, "; "))
	}
	return nil
}

// Check runs quick_check again on the open database.
func (s *Store) Check() error { return quickCheck(s.db) }

// IntegrityCheck runs the thorough integrity_check.
func (s *Store) IntegrityCheck() error {
	var res string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if res != "ok" {
		return fmt.Errorf("%w: %s", ErrDamaged, res)
	}
	return nil
}

// SchemaVersion is the number of the last migration applied.
func (s *Store) SchemaVersion() (int, error) { return schemaVersion(s.db) }

// Dir is the data folder.
func (s *Store) Dir() string { return s.dir }

// Path is the database file.
func (s *Store) Path() string { return filepath.Join(s.dir, FileName) }

// Close checkpoints and closes the database and releases the folder lock.
func (s *Store) Close() error {
	s.stopDeferredCheck()
	var err error
	if s.db != nil {
		err = s.db.Close()
		s.db = nil
	}
	s.lock.release()
	s.lock = nil
	return err
}

// write runs fn in one immediate transaction and commits it durably.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return ErrReadOnly
	}
	if err := s.WaitChecked(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if s.checkpointDue.Load() {
		_ = s.Checkpoint(ctx)
	}
	return nil
}

func (s *Store) now() string { return formatTime(s.Now()) }

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func parseTime(v sql.NullString) *time.Time {
	if !v.Valid || v.String == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, v.String)
	if err != nil {
		return nil
	}
	return &t
}

// NewID returns a time-ordered UUIDv7 as lowercase text.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// IsID reports whether s looks like one of our ids (a lowercase UUID).
func IsID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}
