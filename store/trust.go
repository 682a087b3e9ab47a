package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Trust between laptops, the data side: the officers' keys this laptop
// enrolled or refused, and bundles held until somebody decides. The sync
// package verifies signatures and decides what to hold; this file only
// keeps the records.

// Statuses of an OfficerKey.
const (
	KeyEnrolled = "enrolled"
	KeyRefused  = "refused"
)

// Reasons a bundle is held (Pending.Reason).
const (
	HoldUnknownKey     = "unknown_key"     // signed by a key nobody enrolled or refused yet
	HoldVersionJump    = "version_jump"    // versions far beyond what its sender could have reached
	HoldDeletesSession = "deletes_session" // it deletes a whole session
	// HoldOfficerRenamed: the bundle names another officer than its key
	// was enrolled for (a promotion changes the rank in the name).
	HoldOfficerRenamed = "officer_renamed"
)

// ErrHeld means a merge needs the coordinator's decision first; nothing was
// written. Its Reason is one of the Hold constants.
type ErrHeld struct {
	Reason string
	Detail string
}

func (e *ErrHeld) Error() string { return "held for the coordinator: " + e.Detail }

// OfficerKey is an officer's laptop key as a coordinator enrolled (or
// refused) it: the Ed25519 public key (base64), its fingerprint to read
// aloud, the laptop it speaks for and the officer's name.
type OfficerKey struct {
	PublicKey   string    `json:"public_key"`
	Fingerprint string    `json:"fingerprint"`
	LaptopID    string    `json:"laptop_id"`
	Name        string    `json:"name"`
	Status      string    `json:"status"`
	DecidedAt   time.Time `json:"decided_at"`
	// LastSent is when the newest bundle merged from the key was made
	// (RFC 3339, the sending laptop's clock); "" before the first.
	LastSent string `json:"last_sent,omitempty"`
}

// SameOfficer compares officers' names as people would: case, spacing and
// Unicode form do not matter.
func SameOfficer(a, b string) bool { return foldName(a) == foldName(b) }

var nameFolder = cases.Fold()

func foldName(s string) string {
	return strings.Join(strings.Fields(nameFolder.String(norm.NFC.String(s))), " ")
}

// OfficerKeys lists the keys enrolled or refused here, by name.
func (st *Store) OfficerKeys(ctx context.Context) ([]OfficerKey, error) {
	return st.officerKeys(ctx, "")
}

// OfficerKey gives the record of one public key, or ErrNotFound.
func (st *Store) OfficerKey(ctx context.Context, publicKey string) (OfficerKey, error) {
	keys, err := st.officerKeys(ctx, publicKey)
	if err != nil {
		return OfficerKey{}, err
	}
	if len(keys) == 0 {
		return OfficerKey{}, ErrNotFound
	}
	return keys[0], nil
}

func (st *Store) officerKeys(ctx context.Context, publicKey string) ([]OfficerKey, error) {
	q := "SELECT public_key, fingerprint, laptop_id, name, status, decided_at, last_sent FROM officer_keys"
	var args []any
	if publicKey != "" {
		q += " WHERE public_key = ?"
		args = append(args, publicKey)
	}
	keys, err := scanAll(ctx, st.db, func(r *sql.Rows) (OfficerKey, error) {
		var k OfficerKey
		var decided string
		err := r.Scan(&k.PublicKey, &k.Fingerprint, &k.LaptopID, &k.Name, &k.Status, &decided, &k.LastSent)
		k.DecidedAt = mustTime(decided)
		return k, err
	}, q+" ORDER BY name, decided_at", args...)
	if err != nil {
		return nil, fmt.Errorf("officer keys: %w", err)
	}
	return keys, nil
}

// SaveOfficerKey enrols or refuses a key (a later decision replaces an
// earlier one). Refusing also drops the bundles held from that key.
func (st *Store) SaveOfficerKey(ctx context.Context, k OfficerKey) (OfficerKey, error) {
	k.Name = strings.Join(strings.Fields(k.Name), " ")
	switch {
	case k.PublicKey == "" || k.Fingerprint == "" || !IsID(k.LaptopID):
		return k, errors.New("officer key: key, fingerprint and laptop are needed")
	case k.Status != KeyEnrolled && k.Status != KeyRefused:
		return k, fmt.Errorf("officer key: status %q", k.Status)
	case k.Status == KeyEnrolled && k.Name == "":
		return k, errors.New("officer key: an enrolled key needs the officer's name")
	case len([]rune(k.Name)) > MaxPlace:
		return k, fmt.Errorf("officer key: the name is longer than %d characters", MaxPlace)
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		now := st.now()
		k.DecidedAt = mustTime(now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO officer_keys (public_key, fingerprint, laptop_id, name, status,
			decided_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (public_key) DO UPDATE SET name = excluded.name,
			status = excluded.status, decided_at = excluded.decided_at`,
			k.PublicKey, k.Fingerprint, k.LaptopID, k.Name, k.Status, now); err != nil {
			return err
		}
		if k.Status == KeyRefused {
			_, err := tx.ExecContext(ctx, "DELETE FROM pending_bundles WHERE public_key = ?", k.PublicKey)
			return err
		}
		return nil
	})
	if err != nil {
		return k, fmt.Errorf("save officer key: %w", err)
	}
	return k, nil
}

// Pending is a bundle held until somebody decides (File is only filled by
// PendingBundle).
type Pending struct {
	ID          string    `json:"id"`
	Reason      string    `json:"reason"` // a Hold constant
	Detail      string    `json:"detail"`
	PublicKey   string    `json:"public_key"`
	Fingerprint string    `json:"fingerprint"`
	LaptopID    string    `json:"laptop_id"`
	Officer     string    `json:"officer"` // as the bundle names them
	SessionID   string    `json:"session_id"`
	Title       string    `json:"title"`
	Date        string    `json:"date"`
	Village     string    `json:"village"`
	FileName    string    `json:"file_name"`
	Sent        string    `json:"sent"` // when the bundle was made (RFC 3339, the sender's clock)
	Encrypted   bool      `json:"encrypted"`
	ReceivedAt  time.Time `json:"received_at"`
	File        []byte    `json:"-"`
}

// HoldBundle keeps a bundle file until somebody decides. The same file held
// twice is one record (under the latest reason), so importing a folder
// again adds nothing.
func (st *Store) HoldBundle(ctx context.Context, p Pending) (Pending, error) {
	sum := sha256.Sum256(p.File)
	hash := hex.EncodeToString(sum[:])
	err := st.write(ctx, func(tx *sql.Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM pending_bundles WHERE file_hash = ?", hash).Scan(&id)
		if err == nil {
			p.ID = id
			_, err = tx.ExecContext(ctx, "UPDATE pending_bundles SET reason = ?, detail = ? WHERE id = ?", p.Reason, p.Detail, id)
			return err
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := holdRoom(ctx, tx, p); err != nil {
			return err
		}
		p.ID = NewID()
		now := st.now()
		p.ReceivedAt = mustTime(now)
		_, err = tx.ExecContext(ctx, `INSERT INTO pending_bundles (id, reason, detail, public_key, fingerprint,
			laptop_id, officer, session_id, title, date, village, file_name, encrypted, file, file_hash, sent, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.Reason, p.Detail, p.PublicKey,
			p.Fingerprint, p.LaptopID, p.Officer, p.SessionID, p.Title, p.Date, p.Village, p.FileName,
			boolInt(p.Encrypted), p.File, hash, p.Sent, now)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("hold bundle: %w", err)
	}
	return p, nil
}

// Limits on what waits for a decision: anybody can make a key and send
// bundles, so held files must not fill the disk (or every backup).
const (
	MaxHeldPerKey      = 30
	MaxHeldBytesPerKey = 64 << 20
	MaxHeld            = 300
	MaxHeldBytes       = 256 << 20
)

// ErrHoldFull means no more bundles can wait: the coordinator decides the
// held ones first.
var ErrHoldFull = errors.New("too many bundles wait for a decision")

func holdRoom(ctx context.Context, tx *sql.Tx, p Pending) error {
	var n, bytes, keyN, keyBytes int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(length(file)), 0),
		coalesce(sum(public_key = ?), 0), coalesce(sum(CASE WHEN public_key = ? THEN length(file) END), 0)
		FROM pending_bundles`, p.PublicKey, p.PublicKey).Scan(&n, &bytes, &keyN, &keyBytes); err != nil {
		return err
	}
	size := int64(len(p.File))
	switch {
	case keyN+1 > MaxHeldPerKey || keyBytes+size > MaxHeldBytesPerKey:
		return fmt.Errorf("%w from this key (%d bundles, %d MiB): enrol or refuse it first", ErrHoldFull, keyN, keyBytes>>20)
	case n+1 > MaxHeld || bytes+size > MaxHeldBytes:
		return fmt.Errorf("%w (%d bundles, %d MiB): decide them in Verifikasi & konflik first", ErrHoldFull, n, bytes>>20)
	}
	return nil
}

const pendingColumns = `id, reason, detail, public_key, fingerprint, laptop_id, officer, session_id, title, date,
	village, file_name, sent, encrypted, received_at`

func scanPending(s interface{ Scan(...any) error }, extra ...any) (Pending, error) {
	var p Pending
	var received string
	err := s.Scan(append([]any{&p.ID, &p.Reason, &p.Detail, &p.PublicKey, &p.Fingerprint, &p.LaptopID, &p.Officer,
		&p.SessionID, &p.Title, &p.Date, &p.Village, &p.FileName, &p.Sent, &p.Encrypted, &received}, extra...)...)
	p.ReceivedAt = mustTime(received)
	return p, err
}

// PendingBundles lists the held bundles, oldest first, without their files.
func (st *Store) PendingBundles(ctx context.Context) ([]Pending, error) {
	list, err := scanAll(ctx, st.db, func(r *sql.Rows) (Pending, error) { return scanPending(r) },
		"SELECT "+pendingColumns+" FROM pending_bundles ORDER BY received_at, id")
	if err != nil {
		return nil, fmt.Errorf("pending bundles: %w", err)
	}
	return list, nil
}

// scanAll runs a query and reads every row with scan.
func scanAll[T any](ctx context.Context, db *sql.DB, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// PendingBundle gives one held bundle with its file, or ErrNotFound.
func (st *Store) PendingBundle(ctx context.Context, id string) (Pending, error) {
	row := st.db.QueryRowContext(ctx, "SELECT "+pendingColumns+", file FROM pending_bundles WHERE id = ?", id)
	var file []byte
	p, err := scanPending(row, &file)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	p.File = file
	return p, err
}

// DropPending forgets a held bundle (it was merged, or refused).
func (st *Store) DropPending(ctx context.Context, id string) error {
	return st.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM pending_bundles WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// ConflictCounts gives the number of undecided conflicts by session, for
// the session list.
func (st *Store) ConflictCounts(ctx context.Context) (map[string]int, error) {
	rows, err := st.db.QueryContext(ctx, "SELECT session_id, count(*) FROM conflicts WHERE resolved_at IS NULL GROUP BY session_id")
	if err != nil {
		return nil, fmt.Errorf("conflict counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// ErrStaleMerge means a merge cannot be undone: a later merge or an edit
// here changed its rows since.
var ErrStaleMerge = errors.New("the session changed after this merge; undo the later changes first")

// MergeRecord is one merge that changed a session, newest first in Merges.
type MergeRecord struct {
	ID          string     `json:"id"`
	SessionID   string     `json:"session_id"`
	Officer     string     `json:"officer"`
	Fingerprint string     `json:"fingerprint"`
	Bundle      string     `json:"bundle"`
	Forwarded   bool       `json:"forwarded"`
	Rows        int        `json:"rows"`
	CreatedAt   time.Time  `json:"created_at"`
	UndoneAt    *time.Time `json:"undone_at"`
	// ExpiredAt: the merge is older than UndoDays and its undo log was
	// removed.
	ExpiredAt *time.Time `json:"expired_at"`
	// Undoable is set on the latest merge not undone yet, unless expired.
	Undoable bool `json:"undoable"`
}

// FollowUp is the follow-up of a question as one laptop recorded it.
type FollowUp struct {
	Status     QuestionStatus `json:"status"`
	ReferredTo string         `json:"referred_to"`
	ClosedOn   string         `json:"closed_on"`
	ClosedNote string         `json:"closed_note"`
}
