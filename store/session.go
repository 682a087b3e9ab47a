package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Status is where a session is in its life.
type Status string

// A session starts as a draft, is held in the village, and is finalized
// ("Selesai") when its report is signed.
const (
	StatusDraft     Status = "draft"
	StatusHeld      Status = "held"
	StatusFinalized Status = "finalized"
)

// Officer is one person who ran the session.
type Officer struct {
	Name string `json:"name"`
	NRP  string `json:"nrp"` // NRP (police) or NIP (civil servant)
	Unit string `json:"unit"`
}

// Session is one sosialisasi event in one village.
type Session struct {
	ID          string
	PackID      string
	PackVersion string
	Title       string
	Date        string // YYYY-MM-DD, local to the village
	StartTime   string // HH:MM or empty
	Village     string // desa/kelurahan
	District    string // kecamatan
	Regency     string // kabupaten/kota
	Province    string
	Venue       string
	Officers    []Officer
	Partners    string // partner agencies, free text
	Notes       string
	Status      Status
	FinalizedAt *time.Time
	ExportedAt  *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Version     int
	DeletedAt   *time.Time
	// OriginLaptop and OriginOfficer name where an imported session came
	// from; both are empty for a session created on this laptop.
	OriginLaptop, OriginOfficer string
	// PurgedAt is when the retention setting removed the session's
	// personal data here (names, phones, villages, photos); its totals
	// and results stay.
	PurgedAt *time.Time
}

// ReadOnly reports whether the session can no longer be edited here: it is
// finalized, it was imported from another laptop, or its personal data was
// purged. Follow-ups of its questions can still be closed.
func (s Session) ReadOnly() bool {
	return s.Status == StatusFinalized || s.OriginLaptop != "" || s.PurgedAt != nil
}

// Field names used in FieldError for sessions.
const (
	FieldTitle     = "title"
	FieldDate      = "date"
	FieldStartTime = "start_time"
	FieldVillage   = "village"
	FieldDistrict  = "district"
	FieldRegency   = "regency"
	FieldProvince  = "province"
	FieldVenue     = "venue"
	FieldOfficers  = "officers"
	FieldPartners  = "partners"
	FieldNotes     = "notes"
)

// Limits on session fields, in characters.
const (
	MaxTitle    = 200
	MaxPlace    = 100
	MaxVenue    = 200
	MaxPartners = 500
	MaxNotes    = 5000
	MaxOfficers = 20
)

// Clean normalises the session's text and reports every invalid field.
func (s *Session) Clean() error {
	var c checker
	s.Title = c.line(FieldTitle, s.Title, true, MaxTitle)
	s.Date = c.date(FieldDate, s.Date)
	s.StartTime = c.clock(FieldStartTime, s.StartTime)
	s.Village = c.line(FieldVillage, s.Village, true, MaxPlace)
	s.District = c.line(FieldDistrict, s.District, true, MaxPlace)
	s.Regency = c.line(FieldRegency, s.Regency, true, MaxPlace)
	s.Province = c.line(FieldProvince, s.Province, false, MaxPlace)
	s.Venue = c.line(FieldVenue, s.Venue, false, MaxVenue)
	s.Partners = c.block(FieldPartners, s.Partners, MaxPartners)
	s.Notes = c.block(FieldNotes, s.Notes, MaxNotes)
	officers := s.Officers[:0:0]
	for _, o := range s.Officers {
		o.Name = c.line(FieldOfficers, o.Name, false, MaxPlace)
		o.NRP = c.line(FieldOfficers, o.NRP, false, 30)
		o.Unit = c.line(FieldOfficers, o.Unit, false, MaxVenue)
		if o != (Officer{}) {
			officers = append(officers, o)
		}
	}
	if len(officers) > MaxOfficers {
		c.add(FieldOfficers, CodeOutOfRange, MaxOfficers)
	}
	s.Officers = officers
	if s.Status == "" {
		s.Status = StatusDraft
	}
	return c.err()
}

const sessionColumns = `id, pack_id, pack_version, title, date, start_time, village, district,
	regency, province, venue, officers, partners, notes, status, finalized_at, exported_at,
	created_at, updated_at, version, deleted_at, origin_laptop, origin_officer, purged_at`

// CreateSession validates s and saves it as a new session with a fresh id.
// Nothing is saved when a field is invalid.
func (st *Store) CreateSession(ctx context.Context, s Session) (Session, error) {
	s.Status = StatusDraft
	if err := s.Clean(); err != nil {
		return s, err
	}
	officers, err := json.Marshal(s.Officers)
	if err != nil {
		return s, err
	}
	now := st.Now()
	s.ID, s.Version, s.CreatedAt, s.UpdatedAt = NewID(), 1, now.UTC(), now.UTC()
	err = st.write(ctx, func(tx *sql.Tx) error { return insertSession(ctx, tx, s, string(officers), now) })
	if err != nil {
		return s, fmt.Errorf("create session: %w", err)
	}
	return s, nil
}

func insertSession(ctx context.Context, tx *sql.Tx, s Session, officers string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, pack_id, pack_version, title, date,
		start_time, village, district, regency, province, venue, officers, partners, notes,
		status, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		s.ID, s.PackID, s.PackVersion, s.Title, s.Date, s.StartTime, s.Village, s.District,
		s.Regency, s.Province, s.Venue, officers, s.Partners, s.Notes, s.Status,
		formatTime(now), formatTime(now))
	return err
}

// UpdateSession saves the editable fields of s. An edit that changes
// nothing writes nothing; otherwise the version goes up by one. A finalized
// session is read-only.
func (st *Store) UpdateSession(ctx context.Context, s Session) (Session, error) {
	if err := s.Clean(); err != nil {
		return s, err
	}
	var saved Session
	err := st.write(ctx, func(tx *sql.Tx) error {
		old, err := getSession(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		if err := sessionWritable(ctx, tx, old.ID); err != nil {
			return err
		}
		if sameEditableFields(old, s) {
			saved = old
			return nil
		}
		officers, err := json.Marshal(s.Officers)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sessions SET pack_id = ?, pack_version = ?, title = ?,
			date = ?, start_time = ?, village = ?, district = ?, regency = ?, province = ?, venue = ?,
			officers = ?, partners = ?, notes = ?, updated_at = ?, version = version + 1
			WHERE id = ?`,
			s.PackID, s.PackVersion, s.Title, s.Date, s.StartTime, s.Village, s.District, s.Regency,
			s.Province, s.Venue, string(officers), s.Partners, s.Notes, st.now(), s.ID)
		if err != nil {
			return err
		}
		saved, err = getSession(ctx, tx, s.ID)
		return err
	})
	if err != nil {
		return s, fmt.Errorf("update session: %w", err)
	}
	return saved, nil
}

func sameEditableFields(a, b Session) bool {
	if len(a.Officers) != len(b.Officers) {
		return false
	}
	for i := range a.Officers {
		if a.Officers[i] != b.Officers[i] {
			return false
		}
	}
	return a.PackID == b.PackID && a.PackVersion == b.PackVersion && a.Title == b.Title &&
		a.Date == b.Date && a.StartTime == b.StartTime && a.Village == b.Village &&
		a.District == b.District && a.Regency == b.Regency && a.Province == b.Province &&
		a.Venue == b.Venue && a.Partners == b.Partners && a.Notes == b.Notes
}

// DeleteSession soft-deletes a session; UndeleteSession takes it back.
func (st *Store) DeleteSession(ctx context.Context, id string) error {
	return st.setDeleted(ctx, id, true)
}

// UndeleteSession restores a soft-deleted session (the undo of a delete),
// also an imported one whose deletion came in a bundle.
func (st *Store) UndeleteSession(ctx context.Context, id string) error {
	return st.setDeleted(ctx, id, false)
}

func (st *Store) setDeleted(ctx context.Context, id string, deleted bool) error {
	return st.write(ctx, func(tx *sql.Tx) error {
		now := st.now()
		var deletedAt any
		if deleted {
			deletedAt = now
		}
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET deleted_at = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND (deleted_at IS NULL) = ? AND (origin_laptop = '' OR ? = 0)
			AND (? OR deleted_at IS NULL OR purged_at IS NULL)`,
			deletedAt, now, id, deleted, deleted, deleted)
		if err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var erased bool
			if tx.QueryRowContext(ctx, "SELECT deleted_at IS NOT NULL AND purged_at IS NOT NULL FROM sessions WHERE id = ?",
				id).Scan(&erased) == nil && erased && !deleted {
				return ErrContentGone
			}
			if imported(ctx, tx, id) {
				return ErrReadOnly
			}
			return ErrNotFound
		}
		return nil
	})
}

// imported reports whether a session came in a bundle from another laptop
// (read-only here, except for follow-ups).
func imported(ctx context.Context, q queryer, id string) bool {
	var origin string
	err := q.QueryRowContext(ctx, "SELECT origin_laptop FROM sessions WHERE id = ?", id).Scan(&origin)
	return err == nil && origin != ""
}

// Session returns a live (not deleted) session.
func (st *Store) Session(ctx context.Context, id string) (Session, error) {
	s, err := getSession(ctx, st.db, id)
	if err == nil && s.DeletedAt != nil {
		return Session{}, ErrNotFound
	}
	return s, err
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getSession(ctx context.Context, q queryer, id string) (Session, error) {
	row := q.QueryRowContext(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE id = ?", id)
	s, err := scanSession(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	return s, err
}

type scanner interface{ Scan(dest ...any) error }

func scanSession(row scanner) (Session, error) {
	var s Session
	var officers string
	var finalized, exported, deleted, purged sql.NullString
	var created, updated string
	err := row.Scan(&s.ID, &s.PackID, &s.PackVersion, &s.Title, &s.Date, &s.StartTime, &s.Village,
		&s.District, &s.Regency, &s.Province, &s.Venue, &officers, &s.Partners, &s.Notes, &s.Status,
		&finalized, &exported, &created, &updated, &s.Version, &deleted, &s.OriginLaptop, &s.OriginOfficer, &purged)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(officers), &s.Officers); err != nil {
		return s, fmt.Errorf("session %s officers: %w", s.ID, err)
	}
	s.FinalizedAt, s.ExportedAt, s.DeletedAt = parseTime(finalized), parseTime(exported), parseTime(deleted)
	s.PurgedAt = parseTime(purged)
	if t := parseTime(sql.NullString{String: created, Valid: true}); t != nil {
		s.CreatedAt = *t
	}
	if t := parseTime(sql.NullString{String: updated, Valid: true}); t != nil {
		s.UpdatedAt = *t
	}
	return s, nil
}

// SessionSummary is one row of the session list.
type SessionSummary struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Date         string `json:"date"`
	StartTime    string `json:"start_time"`
	Village      string `json:"village"`
	District     string `json:"district"`
	Regency      string `json:"regency"`
	Province     string `json:"province"`
	Status       Status `json:"status"`
	Participants int    `json:"participants"`
	Questions    int    `json:"questions"`
	Version      int    `json:"version"`
}

// Sessions lists live sessions, newest date first, with their counts.
func (st *Store) Sessions(ctx context.Context) ([]SessionSummary, error) {
	return st.sessions(ctx, false, -1)
}

// RecentSessions is the first n of Sessions, in the same order: what the
// window shows at once on a large database while the whole list (a third of
// a second for a province's year) is still being read.
func (st *Store) RecentSessions(ctx context.Context, n int) ([]SessionSummary, error) {
	return st.sessions(ctx, false, max(n, 0))
}

// DeletedSessions lists deleted sessions, newest date first: deleted here
// or by a bundle the coordinator applied. UndeleteSession takes one back.
func (st *Store) DeletedSessions(ctx context.Context) ([]SessionSummary, error) {
	return st.sessions(ctx, true, -1)
}

// sessions lists live or deleted sessions, at most limit of them (-1 for all).
func (st *Store) sessions(ctx context.Context, deleted bool, limit int) ([]SessionSummary, error) {
	if !deleted && limit < 0 {
		return st.allSessions(ctx)
	}
	where := "s.deleted_at IS NULL" // as the index has it
	if deleted {
		where = "s.deleted_at IS NOT NULL AND s.purged_at IS NULL" // erased ones cannot come back
	}
	list, err := scanAll(ctx, st.db, func(r *sql.Rows) (SessionSummary, error) {
		var s SessionSummary
		err := r.Scan(&s.ID, &s.Title, &s.Date, &s.StartTime, &s.Village, &s.District,
			&s.Regency, &s.Province, &s.Status, &s.Version, &s.Participants, &s.Questions)
		return s, err
	}, `SELECT `+summaryColumns+`,
		(SELECT count(*) FROM participants p WHERE p.session_id = s.id AND p.deleted_at IS NULL),
		(SELECT count(*) FROM questions q WHERE q.session_id = s.id AND q.deleted_at IS NULL)
		FROM sessions s WHERE `+where+` ORDER BY `+summaryOrder+` LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return list, nil
}

const (
	summaryColumns = "s.id, s.title, s.date, s.start_time, s.village, s.district, s.regency, s.province, s.status, s.version"
	summaryOrder   = "s.date DESC, s.start_time DESC, s.id DESC"
)

// allSessions is Sessions. The counts come from one pass over each table's
// session index instead of a lookup per session: on a province's year,
// 10,000 lookups cost about three times the pass. One read transaction
// keeps the three reads consistent.
func (st *Store) allSessions(ctx context.Context) ([]SessionSummary, error) {
	tx, err := st.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer tx.Rollback()
	counts := [2]map[string]int{}
	for i, table := range []string{"participants", "questions"} {
		if counts[i], err = countBySession(ctx, tx, table); err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+summaryColumns+` FROM sessions s
		WHERE s.deleted_at IS NULL ORDER BY `+summaryOrder)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	list := []SessionSummary{}
	for rows.Next() {
		var s SessionSummary
		if err := rows.Scan(&s.ID, &s.Title, &s.Date, &s.StartTime, &s.Village, &s.District,
			&s.Regency, &s.Province, &s.Status, &s.Version); err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		s.Participants, s.Questions = counts[0][s.ID], counts[1][s.ID]
		list = append(list, s)
	}
	return list, rows.Err()
}

// countBySession counts a table's live rows per session (table is ours).
func countBySession(ctx context.Context, tx *sql.Tx, table string) (map[string]int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT session_id, count(*) FROM "+table+" WHERE deleted_at IS NULL GROUP BY session_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		counts[id] = n
	}
	return counts, rows.Err()
}

// FinalizeSession locks a session ("Selesai"): from then on only follow-up
// status may change.
func (st *Store) FinalizeSession(ctx context.Context, id string) (Session, error) {
	return st.setFinalized(ctx, id, true)
}

// ReopenSession unlocks a finalized session. Its version goes up, so its
// fingerprint changes and an old printout no longer matches.
func (st *Store) ReopenSession(ctx context.Context, id string) (Session, error) {
	return st.setFinalized(ctx, id, false)
}

func (st *Store) setFinalized(ctx context.Context, id string, finalize bool) (Session, error) {
	var saved Session
	err := st.write(ctx, func(tx *sql.Tx) error {
		now := st.now()
		var res sql.Result
		var err error
		if finalize {
			res, err = tx.ExecContext(ctx, `UPDATE sessions SET status = 'finalized', finalized_at = ?,
				updated_at = ?, version = version + 1 WHERE id = ? AND status <> 'finalized' AND deleted_at IS NULL
				AND origin_laptop = ''`,
				now, now, id)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE sessions SET status = 'held', finalized_at = NULL,
				updated_at = ?, version = version + 1 WHERE id = ? AND status = 'finalized' AND deleted_at IS NULL
				AND origin_laptop = ''`,
				now, id)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := getSession(ctx, tx, id); err != nil {
				return err
			}
			if imported(ctx, tx, id) {
				return ErrReadOnly
			}
		}
		saved, err = getSession(ctx, tx, id)
		return err
	})
	return saved, err
}
