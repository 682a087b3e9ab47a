package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Gender as written on Indonesian attendance lists.
const (
	Male   = "L" // laki-laki
	Female = "P" // perempuan
)

// Category is why a participant is in the room.
type Category string

// The categories of DESIGN.md, in the order forms show them.
const (
	CategoryProspectiveMigrant Category = "calon_pmi"
	CategoryMigrantFamily      Category = "keluarga_pmi"
	CategoryReturnedMigrant    Category = "purna_pmi"
	CategoryStudent            Category = "pelajar"
	CategoryVillageOfficial    Category = "perangkat_desa"
	CategoryCommunityLeader    Category = "tokoh"
	CategoryPublic             Category = "umum"
)

// Categories lists every category in form order.
var Categories = []Category{
	CategoryProspectiveMigrant, CategoryMigrantFamily, CategoryReturnedMigrant, CategoryStudent,
	CategoryVillageOfficial, CategoryCommunityLeader, CategoryPublic,
}

// Label is the category's name in Bahasa Indonesia, as printed on reports.
func (c Category) Label() string {
	switch c {
	case CategoryProspectiveMigrant:
		return "Calon PMI"
	case CategoryMigrantFamily:
		return "Keluarga PMI"
	case CategoryReturnedMigrant:
		return "Purna PMI"
	case CategoryStudent:
		return "Pelajar/Mahasiswa"
	case CategoryVillageOfficial:
		return "Perangkat Desa"
	case CategoryCommunityLeader:
		return "Tokoh Masyarakat/Agama"
	case CategoryPublic:
		return "Umum"
	}
	return string(c)
}

func validCategory(c Category) bool {
	for _, k := range Categories {
		if c == k {
			return true
		}
	}
	return false
}

// AdultAge is the age from which a person is not a child (UU 21/2007).
const AdultAge = 18

// Age bands used by every report.
var AgeBands = []string{"< 18", "18–24", "25–39", "40–59", "≥ 60"}

// AgeBand names the band of an age; an unknown age has no band ("").
func AgeBand(age *int) string {
	switch {
	case age == nil:
		return ""
	case *age < 18:
		return AgeBands[0]
	case *age < 25:
		return AgeBands[1]
	case *age < 40:
		return AgeBands[2]
	case *age < 60:
		return AgeBands[3]
	}
	return AgeBands[4]
}

// Participant is one row of the attendance list.
type Participant struct {
	ID              string
	SessionID       string
	Number          int // running number in the session, kept after deletions
	Name            string
	Gender          string // Male or Female
	Age             *int   // nil when not asked
	Category        Category
	Village         string // village or address
	Phone           string // +62… (E.164), only with Consent
	Consent         bool   // agreed to be contacted
	GuardianPresent *bool  // asked for children; nil when not asked
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int
	DeletedAt       *time.Time
}

// IsChild reports whether the participant is known to be under 18.
func (p Participant) IsChild() bool { return p.Age != nil && *p.Age < AdultAge }

// Field names used in FieldError for participants.
const (
	FieldName     = "name"
	FieldGender   = "gender"
	FieldAge      = "age"
	FieldCategory = "category"
	FieldAddress  = "village"
	FieldPhone    = "phone"
	FieldConsent  = "consent"
)

// Codes for participant problems beyond the generic ones.
const (
	CodeInvalidPhone   = "invalid_phone"
	CodeNeedsConsent   = "needs_consent"
	CodeInvalidGender  = "invalid_gender"
	CodeInvalidAgeText = "invalid_age"
)

// MaxName is the longest name accepted, in characters.
const MaxName = 200

// ErrLikelyDuplicate means a participant with the same name and village is
// already on this session's list; the caller may save anyway.
type ErrLikelyDuplicate struct{ Existing Participant }

func (e ErrLikelyDuplicate) Error() string {
	return fmt.Sprintf("likely duplicate of no. %d %s", e.Existing.Number, e.Existing.Name)
}

// Clean normalises the participant and reports every invalid field.
func (p *Participant) Clean() error {
	var c checker
	p.Name = c.line(FieldName, p.Name, true, MaxName)
	switch strings.ToUpper(strings.TrimSpace(p.Gender)) {
	case "L", "LAKI-LAKI", "LAKI LAKI", "LK", "PRIA":
		p.Gender = Male
	case "P", "PEREMPUAN", "PR", "WANITA":
		p.Gender = Female
	default:
		if strings.TrimSpace(p.Gender) == "" {
			c.add(FieldGender, CodeRequired, 0)
		} else {
			c.add(FieldGender, CodeInvalidGender, 0)
		}
	}
	if p.Age != nil && (*p.Age < 0 || *p.Age > 120) {
		c.add(FieldAge, CodeOutOfRange, 120)
	}
	if p.Category == "" {
		p.Category = CategoryPublic
	} else if !validCategory(p.Category) {
		c.add(FieldCategory, CodeInvalid, 0)
	}
	p.Village = c.line(FieldAddress, p.Village, false, MaxVenue)
	if strings.TrimSpace(p.Phone) != "" {
		phone, ok := NormalizePhone(p.Phone)
		switch {
		case !ok:
			c.add(FieldPhone, CodeInvalidPhone, 0)
		case !p.Consent:
			c.add(FieldPhone, CodeNeedsConsent, 0)
		default:
			p.Phone = phone
		}
	} else {
		p.Phone = ""
	}
	if !p.IsChild() {
		p.GuardianPresent = nil
	}
	return c.err()
}

// nameKey is how names are compared for duplicates and search: case and
// apostrophe style do not matter, nor do spaces.
func nameKey(name string) string {
	name = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "`", "'", "´", "'").Replace(CleanLine(name))
	return strings.ToLower(name)
}

// SearchKey is nameKey for callers that filter lists as the user types.
func SearchKey(s string) string { return nameKey(s) }

// AddParticipantOptions change how a participant is added.
type AddParticipantOptions struct {
	// AllowDuplicate saves even when the same name and village is listed.
	AllowDuplicate bool
}

const participantColumns = `id, session_id, number, name, gender, age, category, village, phone,
	consent, guardian_present, created_at, updated_at, version, deleted_at`

// AddParticipant validates p and appends it to the session's list in its
// own durable transaction. A likely duplicate is refused with
// ErrLikelyDuplicate unless opts allow it.
func (st *Store) AddParticipant(ctx context.Context, p Participant, opts AddParticipantOptions) (Participant, error) {
	if err := p.Clean(); err != nil {
		return p, err
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = st.insertParticipant(ctx, tx, p, opts)
		return err
	})
	return p, err
}

func (st *Store) insertParticipant(ctx context.Context, tx *sql.Tx, p Participant, opts AddParticipantOptions) (Participant, error) {
	if err := sessionWritable(ctx, tx, p.SessionID); err != nil {
		return p, err
	}
	if !opts.AllowDuplicate {
		row := tx.QueryRowContext(ctx, "SELECT "+participantColumns+` FROM participants
			WHERE session_id = ? AND name_key = ? AND village = ? AND deleted_at IS NULL LIMIT 1`,
			p.SessionID, nameKey(p.Name), p.Village)
		existing, err := scanParticipant(row)
		if err == nil {
			return p, ErrLikelyDuplicate{Existing: existing}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return p, err
		}
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(number), 0) + 1 FROM participants WHERE session_id = ?",
		p.SessionID).Scan(&p.Number); err != nil {
		return p, err
	}
	if p.Number > MaxParticipants {
		return p, fmt.Errorf("%w: %d participants", ErrSessionFull, MaxParticipants)
	}
	now := st.Now().UTC()
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = NewID(), 1, now, now
	_, err := tx.ExecContext(ctx, `INSERT INTO participants (id, session_id, number, name, name_key, gender,
		age, category, village, phone, consent, guardian_present, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		p.ID, p.SessionID, p.Number, p.Name, nameKey(p.Name), p.Gender, p.Age, p.Category, p.Village,
		p.Phone, p.Consent, p.GuardianPresent, formatTime(now), formatTime(now))
	if err != nil {
		return p, fmt.Errorf("add participant: %w", err)
	}
	return p, markHeld(ctx, tx, p.SessionID, formatTime(now))
}

// sessionWritable refuses changes to a deleted, missing or finalized
// session, and to one imported from another laptop (see SessionOrigin).
func sessionWritable(ctx context.Context, tx *sql.Tx, sessionID string) error {
	var status Status
	var deleted sql.NullString
	var origin string
	var purged bool
	err := tx.QueryRowContext(ctx, "SELECT status, deleted_at, origin_laptop, purged_at IS NOT NULL FROM sessions WHERE id = ?",
		sessionID).Scan(&status, &deleted, &origin, &purged)
	if errors.Is(err, sql.ErrNoRows) || deleted.Valid {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if status == StatusFinalized || origin != "" || purged {
		return ErrReadOnly
	}
	return nil
}

// rowWritable checks that the session of the row query selects (by its
// session_id) may be edited; ErrNotFound when there is no such row.
func rowWritable(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	var sessionID string
	err := tx.QueryRowContext(ctx, query, args...).Scan(&sessionID)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return sessionWritable(ctx, tx, sessionID)
}

// markHeld moves a draft session to held once people are recorded in it.
func markHeld(ctx context.Context, tx *sql.Tx, sessionID, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET status = 'held', updated_at = ?, version = version + 1
		WHERE id = ? AND status = 'draft'`, now, sessionID)
	return err
}

// UpdateParticipant saves an edited participant; an edit that changes
// nothing writes nothing. A changed name or village is checked for a likely
// duplicate like a new one.
func (st *Store) UpdateParticipant(ctx context.Context, p Participant, opts AddParticipantOptions) (Participant, error) {
	if err := p.Clean(); err != nil {
		return p, err
	}
	var saved Participant
	err := st.write(ctx, func(tx *sql.Tx) error {
		old, err := getParticipant(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := sessionWritable(ctx, tx, old.SessionID); err != nil {
			return err
		}
		if sameParticipant(old, p) {
			saved = old
			return nil
		}
		if !opts.AllowDuplicate && (nameKey(old.Name) != nameKey(p.Name) || old.Village != p.Village) {
			row := tx.QueryRowContext(ctx, "SELECT "+participantColumns+` FROM participants
				WHERE session_id = ? AND name_key = ? AND village = ? AND id <> ? AND deleted_at IS NULL LIMIT 1`,
				old.SessionID, nameKey(p.Name), p.Village, p.ID)
			if existing, err := scanParticipant(row); err == nil {
				return ErrLikelyDuplicate{Existing: existing}
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE participants SET name = ?, name_key = ?, gender = ?, age = ?,
			category = ?, village = ?, phone = ?, consent = ?, guardian_present = ?, updated_at = ?,
			version = version + 1 WHERE id = ?`,
			p.Name, nameKey(p.Name), p.Gender, p.Age, p.Category, p.Village, p.Phone, p.Consent,
			p.GuardianPresent, st.now(), p.ID)
		if err != nil {
			return err
		}
		saved, err = getParticipant(ctx, tx, p.ID)
		return err
	})
	return saved, err
}

func sameParticipant(a, b Participant) bool {
	return a.Name == b.Name && a.Gender == b.Gender && equalIntPtr(a.Age, b.Age) && a.Category == b.Category &&
		a.Village == b.Village && a.Phone == b.Phone && a.Consent == b.Consent &&
		equalBoolPtr(a.GuardianPresent, b.GuardianPresent)
}

func equalIntPtr(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func equalBoolPtr(a, b *bool) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// DeleteParticipant soft-deletes a row; UndeleteParticipant is its undo.
func (st *Store) DeleteParticipant(ctx context.Context, id string) error {
	return st.setRowDeleted(ctx, "participants", id, true)
}

// UndeleteParticipant brings back a deleted participant.
func (st *Store) UndeleteParticipant(ctx context.Context, id string) error {
	return st.setRowDeleted(ctx, "participants", id, false)
}

// Participants lists a session's live attendance in running-number order.
func (st *Store) Participants(ctx context.Context, sessionID string) ([]Participant, error) {
	rows, err := st.db.QueryContext(ctx, "SELECT "+participantColumns+` FROM participants
		WHERE session_id = ? AND deleted_at IS NULL ORDER BY number`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("list participants: %w", err)
	}
	defer rows.Close()
	list := []Participant{}
	for rows.Next() {
		p, err := scanParticipant(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, p)
	}
	return list, rows.Err()
}

// Participant reads one live participant.
func (st *Store) Participant(ctx context.Context, id string) (Participant, error) {
	p, err := getParticipant(ctx, st.db, id)
	if err == nil && p.DeletedAt != nil {
		return Participant{}, ErrNotFound
	}
	return p, err
}

func getParticipant(ctx context.Context, q queryer, id string) (Participant, error) {
	p, err := scanParticipant(q.QueryRowContext(ctx, "SELECT "+participantColumns+" FROM participants WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	return p, err
}

func scanParticipant(row scanner) (Participant, error) {
	var p Participant
	var age sql.NullInt64
	var guardian sql.NullBool
	var created, updated string
	var deleted sql.NullString
	err := row.Scan(&p.ID, &p.SessionID, &p.Number, &p.Name, &p.Gender, &age, &p.Category, &p.Village,
		&p.Phone, &p.Consent, &guardian, &created, &updated, &p.Version, &deleted)
	if err != nil {
		return p, err
	}
	if age.Valid {
		a := int(age.Int64)
		p.Age = &a
	}
	if guardian.Valid {
		g := guardian.Bool
		p.GuardianPresent = &g
	}
	p.CreatedAt, p.UpdatedAt = mustTime(created), mustTime(updated)
	p.DeletedAt = parseTime(deleted)
	return p, nil
}

func mustTime(v string) time.Time {
	if t := parseTime(sql.NullString{String: v, Valid: true}); t != nil {
		return *t
	}
	return time.Time{}
}

// Villages lists the distinct villages already typed in a session, most
// used first, for suggestions while typing.
func (st *Store) Villages(ctx context.Context, sessionID string) ([]string, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT village FROM participants WHERE session_id = ?
		AND deleted_at IS NULL AND village <> '' GROUP BY village ORDER BY count(*) DESC, village`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// AttendanceTotals are the live counts shown beside the list and printed.
type AttendanceTotals struct {
	Total      int              `json:"total"`
	Male       int              `json:"male"`
	Female     int              `json:"female"`
	Children   int              `json:"children"`
	ByCategory map[Category]int `json:"by_category"`
	ByAgeBand  map[string]int   `json:"by_age_band"` // "" counts unknown ages
}

// Totals counts a list of participants.
func Totals(list []Participant) AttendanceTotals {
	t := AttendanceTotals{ByCategory: map[Category]int{}, ByAgeBand: map[string]int{}}
	for _, p := range list {
		t.Total++
		if p.Gender == Male {
			t.Male++
		} else {
			t.Female++
		}
		if p.IsChild() {
			t.Children++
		}
		t.ByCategory[p.Category]++
		t.ByAgeBand[AgeBand(p.Age)]++
	}
	return t
}

// ParticipantIndex searches a list of participants as the user types. It
// prepares each row's search text once, so a keystroke over 1,000 people
// is a plain substring scan.
type ParticipantIndex struct {
	list []Participant
	keys []string
}

// NewParticipantIndex prepares list for searching.
func NewParticipantIndex(list []Participant) *ParticipantIndex {
	idx := &ParticipantIndex{list: list, keys: make([]string, len(list))}
	for i, p := range list {
		idx.keys[i] = nameKey(p.Name) + "\x00" + strings.ToLower(p.Village) + "\x00" + strconv.Itoa(p.Number) + "\x00"
	}
	return idx
}

// Search keeps the participants whose name or village contains the query,
// or whose running number is the query; case, apostrophe style and extra
// spaces do not matter. An empty query keeps everyone.
func (idx *ParticipantIndex) Search(query string) []Participant {
	q := nameKey(query)
	if q == "" {
		return idx.list
	}
	number := "\x00" + q + "\x00"
	out := make([]Participant, 0, len(idx.list))
	for i, key := range idx.keys {
		name, rest, _ := strings.Cut(key, "\x00")
		village, _, _ := strings.Cut(rest, "\x00")
		if strings.Contains(name, q) || strings.Contains(village, q) || strings.HasSuffix(key, number) {
			out = append(out, idx.list[i])
		}
	}
	return out
}

// SearchParticipants is NewParticipantIndex(list).Search(query), for a
// one-off search.
func SearchParticipants(list []Participant, query string) []Participant {
	return NewParticipantIndex(list).Search(query)
}
