package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sync by file, the data side. ExportSession reads every row a session owns
// (deleted ones too) exactly as stored; MergeSession merges such an export
// into this database in one transaction. Rows are matched by id and the
// higher version wins: laptop clocks are never compared. The sync package
// wraps this in bundles (zip, hashes, age encryption).

var (
	// ErrInvalidExport means a session export breaks the rules of
	// SessionExport.Validate; nothing was written.
	ErrInvalidExport = errors.New("invalid session data")
	// ErrOriginMismatch means the session is already here, created on
	// another laptop than the bundle says.
	ErrOriginMismatch = errors.New("the session is already here from another laptop")
	// ErrStaleConflict means the row changed after the conflict was
	// recorded; the conflict no longer applies.
	ErrStaleConflict = errors.New("the row changed after the conflict was recorded")
)

// SessionExport is one session's data as a bundle carries it (session.json):
// every row of every table that belongs to the session, deleted rows
// included (a deletion travels as a row with deleted_at set; a missing row
// never deletes anything), with versions and timestamps exactly as stored.
// It is part of the bundle format: a change an older Penyuluh could not
// read needs a new bundle format version.
type SessionExport struct {
	Session      SessionRow       `json:"session"`
	Participants []ParticipantRow `json:"participants"`
	QuizItems    []QuizItemRow    `json:"quiz_items"`
	QuizAnswers  []QuizAnswerRow  `json:"quiz_answers"`
	QuizTallies  []QuizTallyRow   `json:"quiz_tallies"`
	Questions    []QuestionRow    `json:"questions"`
	Photos       []PhotoRow       `json:"photos"`
	// WithheldConfidential counts the live confidential questions left out
	// because the export is not encrypted (deleted ones are left out too).
	WithheldConfidential int `json:"withheld_confidential"`

	state string // sum of the versions when read, for MarkExported
}

// SessionRow is a row of sessions. OriginLaptop is the id of the laptop
// that created the session and OriginOfficer the officer there (for a
// session created on the exporting laptop: its own id and officer).
type SessionRow struct {
	ID            string    `json:"id"`
	PackID        string    `json:"pack_id"`
	PackVersion   string    `json:"pack_version"`
	Title         string    `json:"title"`
	Date          string    `json:"date"`
	StartTime     string    `json:"start_time"`
	Village       string    `json:"village"`
	District      string    `json:"district"`
	Regency       string    `json:"regency"`
	Province      string    `json:"province"`
	Venue         string    `json:"venue"`
	Officers      []Officer `json:"officers"`
	Partners      string    `json:"partners"`
	Notes         string    `json:"notes"`
	Status        Status    `json:"status"`
	FinalizedAt   *string   `json:"finalized_at"`
	CreatedAt     string    `json:"created_at"`
	UpdatedAt     string    `json:"updated_at"`
	Version       int       `json:"version"`
	DeletedAt     *string   `json:"deleted_at"`
	OriginLaptop  string    `json:"origin_laptop"`
	OriginOfficer string    `json:"origin_officer"`
}

// ParticipantRow is a row of participants (the search key is derived, not
// carried).
type ParticipantRow struct {
	ID              string   `json:"id"`
	SessionID       string   `json:"session_id"`
	Number          int      `json:"number"`
	Name            string   `json:"name"`
	Gender          string   `json:"gender"`
	Age             *int     `json:"age"`
	Category        Category `json:"category"`
	Village         string   `json:"village"`
	Phone           string   `json:"phone"`
	Consent         bool     `json:"consent"`
	GuardianPresent *bool    `json:"guardian_present"`
	CreatedAt       string   `json:"created_at"`
	UpdatedAt       string   `json:"updated_at"`
	Version         int      `json:"version"`
	DeletedAt       *string  `json:"deleted_at"`
}

// QuizItemRow is a row of quiz_items, the session's quiz snapshot.
type QuizItemRow struct {
	ID          string   `json:"id"`
	SessionID   string   `json:"session_id"`
	Position    int      `json:"position"`
	QuestionID  string   `json:"question_id"`
	Phase       Phase    `json:"phase"`
	Text        string   `json:"text"`
	Options     []string `json:"options"`
	Letters     []string `json:"letters"`
	Answer      int      `json:"answer"`
	Explanation string   `json:"explanation"`
	Topic       string   `json:"topic"`
	PackID      string   `json:"pack_id"`
	PackVersion string   `json:"pack_version"`
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`
	Version     int      `json:"version"`
	DeletedAt   *string  `json:"deleted_at"`
}

// QuizAnswerRow is a row of quiz_answers: one participant's choices in one
// phase, by quiz item id (Blank for an empty answer).
type QuizAnswerRow struct {
	ID            string        `json:"id"`
	SessionID     string        `json:"session_id"`
	ParticipantID string        `json:"participant_id"`
	Phase         Phase         `json:"phase"`
	Choices       AnswerChoices `json:"choices"`
	CreatedAt     string        `json:"created_at"`
	UpdatedAt     string        `json:"updated_at"`
	Version       int           `json:"version"`
	DeletedAt     *string       `json:"deleted_at"`
	// Source is SourcePhone for answers from the phone quiz; typed answers
	// leave it out, so bundles without phone answers read as before.
	Source string `json:"source,omitempty"`
}

// AnswerChoices are an answer sheet's choices by quiz item id. It is JSON
// exactly as map[string]int is (keys sorted), read and written without
// reflection: a session's answers are most of a bundle's data.
type AnswerChoices map[string]int

// MarshalJSON writes the choices as encoding/json writes a map[string]int.
func (c AnswerChoices) MarshalJSON() ([]byte, error) { return c.appendJSON(nil), nil }

func (c AnswerChoices) appendJSON(b []byte) []byte {
	if c == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		if !plainJSONKey(k) {
			return append(b, jsonText(map[string]int(c))...)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, '"', ':')
		b = strconv.AppendInt(b, int64(c[k]), 10)
	}
	return append(b, '}')
}

// plainJSONKey reports whether encoding/json writes k as it is.
func plainJSONKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// UnmarshalJSON reads the usual shape, {"id":n,...}, directly, and hands
// anything else (escapes, odd numbers, errors) to encoding/json.
func (c *AnswerChoices) UnmarshalJSON(data []byte) error {
	if m, ok := parseChoices(data); ok {
		*c = m
		return nil
	}
	var m map[string]int
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*c = m
	return nil
}

func parseChoices(data []byte) (AnswerChoices, bool) {
	p := 0
	skip := func() {
		for p < len(data) && (data[p] == ' ' || data[p] == '\t' || data[p] == '\n' || data[p] == '\r') {
			p++
		}
	}
	skip()
	if string(data[p:]) == "null" {
		return nil, true
	}
	if p >= len(data) || data[p] != '{' {
		return nil, false
	}
	p++
	m := AnswerChoices{}
	skip()
	if p < len(data) && data[p] == '}' {
		p++
		skip()
		return m, p == len(data)
	}
	for {
		skip()
		if p >= len(data) || data[p] != '"' {
			return nil, false
		}
		start := p + 1
		for p = start; p < len(data) && data[p] != '"'; p++ {
			if data[p] == '\\' || data[p] < 0x20 || data[p] >= 0x80 {
				return nil, false
			}
		}
		if p >= len(data) {
			return nil, false
		}
		key := string(data[start:p])
		p++
		skip()
		if p >= len(data) || data[p] != ':' {
			return nil, false
		}
		p++
		skip()
		numStart := p
		if p < len(data) && data[p] == '-' {
			p++
		}
		digits := p
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
		if p == digits || p-digits > 9 || (data[digits] == '0' && p-digits > 1) {
			return nil, false
		}
		n, err := strconv.Atoi(string(data[numStart:p]))
		if err != nil {
			return nil, false
		}
		m[key] = n
		skip()
		if p >= len(data) {
			return nil, false
		}
		if data[p] == '}' {
			p++
			skip()
			return m, p == len(data)
		}
		if data[p] != ',' {
			return nil, false
		}
		p++
	}
}

// QuizTallyRow is a row of quiz_tallies (a show of hands).
type QuizTallyRow struct {
	ID        string  `json:"id"`
	SessionID string  `json:"session_id"`
	ItemID    string  `json:"item_id"`
	Phase     Phase   `json:"phase"`
	Counts    []int   `json:"counts"`
	Correct   *int    `json:"correct"`
	Present   *int    `json:"present"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
	Version   int     `json:"version"`
	DeletedAt *string `json:"deleted_at"`
}

// QuestionRow is a row of questions (asked by participants).
type QuestionRow struct {
	ID           string         `json:"id"`
	SessionID    string         `json:"session_id"`
	Number       int            `json:"number"`
	Text         string         `json:"text"`
	AskedBy      *string        `json:"asked_by"`
	Topic        Topic          `json:"topic"`
	Answer       string         `json:"answer"`
	Status       QuestionStatus `json:"status"`
	ReferredTo   string         `json:"referred_to"`
	Urgent       bool           `json:"urgent"`
	Confidential bool           `json:"confidential"`
	ClosedOn     *string        `json:"closed_on"`
	ClosedNote   string         `json:"closed_note"`
	CreatedAt    string         `json:"created_at"`
	UpdatedAt    string         `json:"updated_at"`
	Version      int            `json:"version"`
	DeletedAt    *string        `json:"deleted_at"`
	// AskerWithheld: a plain bundle leaves out who asked an urgent or
	// confidential question; the asker kept where it merges stays.
	AskerWithheld bool `json:"asker_withheld,omitempty"`
	// SealedNotes are notes added to a sealed question, each sealed.
	SealedNotes []SealedNote `json:"sealed_notes,omitempty"`
}

// PhotoRow is a row of photos. The image itself is not in the JSON: a
// bundle carries it as its own entry, named after the id, and SHA256 names
// its bytes.
type PhotoRow struct {
	ID        string  `json:"id"`
	SessionID string  `json:"session_id"`
	Position  int     `json:"position"`
	Caption   string  `json:"caption"`
	Image     []byte  `json:"-"`
	SHA256    string  `json:"sha256"`
	Width     int     `json:"width"`
	Height    int     `json:"height"`
	CreatedAt string  `json:"created_at"`
	UpdatedAt string  `json:"updated_at"`
	Version   int     `json:"version"`
	DeletedAt *string `json:"deleted_at"`
}

// Tables and their merged columns. A row travels as its values in this
// order; local-only columns (origin, exported_at, followup ownership) and
// derived ones (name_key) never travel.
var (
	sessionsTable = newExchangeTable("sessions", "id", `id, pack_id, pack_version, title, date, start_time,
		village, district, regency, province, venue, officers, partners, notes, status, finalized_at,
		created_at, updated_at, version, deleted_at`, func() exchangeRow { return &SessionRow{} })
	participantsTable = newExchangeTable("participants", "number, id", `id, session_id, number, name, gender,
		age, category, village, phone, consent, guardian_present, created_at, updated_at, version, deleted_at`,
		func() exchangeRow { return &ParticipantRow{} })
	quizItemsTable = newExchangeTable("quiz_items", "position, id", `id, session_id, position, question_id,
		phase, text, options, letters, answer, explanation, topic, pack_id, pack_version, created_at,
		updated_at, version, deleted_at`, func() exchangeRow { return &QuizItemRow{} })
	quizAnswersTable = newExchangeTable("quiz_answers", "id", `id, session_id, participant_id, phase, choices,
		created_at, updated_at, version, deleted_at, source`, func() exchangeRow { return &QuizAnswerRow{} })
	quizTalliesTable = newExchangeTable("quiz_tallies", "id", `id, session_id, item_id, phase, counts,
		correct, present, created_at, updated_at, version, deleted_at`, func() exchangeRow { return &QuizTallyRow{} })
	questionsTable = newExchangeTable("questions", "number, id", `id, session_id, number, text, asked_by,
		topic, answer, status, referred_to, urgent, confidential, closed_on, closed_note, created_at,
		updated_at, version, deleted_at, sealed_notes`, func() exchangeRow { return &QuestionRow{} })
	photosTable = newExchangeTable("photos", "position, id", `id, session_id, position, caption, image,
		sha256, width, height, created_at, updated_at, version, deleted_at`, func() exchangeRow { return &PhotoRow{} })

	// exchangeTables in merge order: a row's references come before it.
	exchangeTables = []*exchangeTable{sessionsTable, participantsTable, quizItemsTable, quizAnswersTable,
		quizTalliesTable, questionsTable, photosTable}

	// followUpColumns belong to the coordinator once changed there.
	followUpColumns = []string{"status", "referred_to", "closed_on", "closed_note"}
)

// exchangeRow is one row of a SessionExport: its values in the table's
// column order (as SQLite gives them back: string, int64, []byte or nil)
// and the way back.
type exchangeRow interface {
	values() []any
	fromValues(r *valueReader)
}

type exchangeTable struct {
	name    string
	order   string
	columns []string
	index   map[string]int
	newRow  func() exchangeRow
}

func newExchangeTable(name, order, columns string, newRow func() exchangeRow) *exchangeTable {
	t := &exchangeTable{name: name, order: order, index: map[string]int{}, newRow: newRow}
	for _, c := range strings.Split(columns, ",") {
		c = strings.TrimSpace(c)
		t.index[c] = len(t.columns)
		t.columns = append(t.columns, c)
	}
	return t
}

func tableNamed(name string) *exchangeTable {
	for _, t := range exchangeTables {
		if t.name == name {
			return t
		}
	}
	return nil
}

func (t *exchangeTable) version(vals []any) int64 { v, _ := vals[t.index["version"]].(int64); return v }

// ExportSession reads everything a session owns, deleted rows included, in
// one consistent read. Without includeConfidential (an unencrypted bundle)
// confidential questions are left out and counted. A deleted session can be
// exported too, so that its deletion reaches the coordinator.
func (st *Store) ExportSession(ctx context.Context, id string, includeConfidential bool) (*SessionExport, error) {
	tx, err := st.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("export session %s: %w", id, err)
	}
	defer tx.Rollback()
	exp, err := exportSession(ctx, tx, id, includeConfidential)
	if err != nil {
		return nil, fmt.Errorf("export session %s: %w", id, err)
	}
	return exp, nil
}

func exportSession(ctx context.Context, tx *sql.Tx, id string, includeConfidential bool) (*SessionExport, error) {
	exp := &SessionExport{Participants: []ParticipantRow{}, QuizItems: []QuizItemRow{}, QuizAnswers: []QuizAnswerRow{},
		QuizTallies: []QuizTallyRow{}, Questions: []QuestionRow{}, Photos: []PhotoRow{}}
	sessions, err := readTable[SessionRow](ctx, tx, sessionsTable, id)
	if err != nil {
		return nil, err
	}
	if len(sessions) == 0 {
		return nil, ErrNotFound
	}
	exp.Session = sessions[0]
	var purged bool
	if err := tx.QueryRowContext(ctx, "SELECT origin_laptop, origin_officer, purged_at IS NOT NULL FROM sessions WHERE id = ?", id).
		Scan(&exp.Session.OriginLaptop, &exp.Session.OriginOfficer, &purged); err != nil {
		return nil, err
	}
	if purged {
		return nil, ErrPurged
	}
	if exp.Session.OriginLaptop == "" {
		if exp.Session.OriginLaptop, err = settingValue(ctx, tx, keyLaptopID); err != nil {
			return nil, err
		}
		if exp.Session.OriginOfficer, err = settingValue(ctx, tx, keyOfficerName); err != nil {
			return nil, err
		}
		if exp.Session.OriginOfficer == "" && len(exp.Session.Officers) > 0 {
			exp.Session.OriginOfficer = exp.Session.Officers[0].Name
		}
	}
	if exp.Participants, err = readTable[ParticipantRow](ctx, tx, participantsTable, id); err != nil {
		return nil, err
	}
	for i := range exp.Participants {
		if p := &exp.Participants[i]; p.DeletedAt != nil {
			*p = ParticipantRow{ID: p.ID, SessionID: p.SessionID, Number: p.Number, Gender: p.Gender,
				Category: p.Category, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version, DeletedAt: p.DeletedAt}
		}
	}
	if exp.QuizItems, err = readTable[QuizItemRow](ctx, tx, quizItemsTable, id); err != nil {
		return nil, err
	}
	if exp.QuizAnswers, err = readTable[QuizAnswerRow](ctx, tx, quizAnswersTable, id); err != nil {
		return nil, err
	}
	if exp.QuizTallies, err = readTable[QuizTallyRow](ctx, tx, quizTalliesTable, id); err != nil {
		return nil, err
	}
	questions, err := readTable[QuestionRow](ctx, tx, questionsTable, id)
	if err != nil {
		return nil, err
	}
	for _, q := range questions {
		switch {
		case q.DeletedAt != nil:
			exp.Questions = append(exp.Questions, QuestionRow{ID: q.ID, SessionID: q.SessionID, Number: q.Number,
				Topic: q.Topic, Status: q.Status, Confidential: q.Confidential, CreatedAt: q.CreatedAt,
				UpdatedAt: q.UpdatedAt, Version: q.Version, DeletedAt: q.DeletedAt})
		case !q.Confidential || includeConfidential || IsSealed(q.Text):
			if (q.Urgent || q.Confidential) && !includeConfidential && q.AskedBy != nil {
				q.AskedBy, q.AskerWithheld = nil, true
			}
			exp.Questions = append(exp.Questions, q)
		default:
			exp.WithheldConfidential++
		}
	}
	photos, err := hasPhotos(ctx, tx)
	if err != nil {
		return nil, err
	}
	if photos {
		if exp.Photos, err = readTable[PhotoRow](ctx, tx, photosTable, id); err != nil {
			return nil, err
		}
		for i := range exp.Photos {
			if p := &exp.Photos[i]; p.DeletedAt != nil {
				*p = PhotoRow{ID: p.ID, SessionID: p.SessionID, Position: p.Position, Image: []byte{}, Width: p.Width,
					Height: p.Height, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version, DeletedAt: p.DeletedAt}
			}
		}
	}
	state, err := sessionStates(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	exp.state = state[id]
	return exp, nil
}

// readTable reads a session's rows of one table into their export type.
func readTable[T any, P interface {
	*T
	exchangeRow
}](ctx context.Context, q rowsQueryer, t *exchangeTable, sessionID string) ([]T, error) {
	where := "session_id = ?"
	if t == sessionsTable {
		where = "id = ?"
	}
	rows, err := readRows(ctx, q, t, nil, where, sessionID)
	if err != nil {
		return nil, err
	}
	list := make([]T, len(rows))
	for i, vals := range rows {
		r := &valueReader{vals: vals}
		P(&list[i]).fromValues(r)
		if r.err != nil {
			return nil, fmt.Errorf("%s %v: %w", t.name, vals[0], r.err)
		}
	}
	return list, nil
}

// readRows reads rows as SQLite gives them back, the table's columns then
// extra ones.
func readRows(ctx context.Context, q rowsQueryer, t *exchangeTable, extra []string, where string, args ...any) ([][]any, error) {
	cols := append(append([]string(nil), t.columns...), extra...)
	rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+t.name+" WHERE "+where+
		" ORDER BY "+t.order, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	defer rows.Close()
	var list [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read %s: %w", t.name, err)
		}
		list = append(list, vals)
	}
	return list, rows.Err()
}

func hasPhotos(ctx context.Context, q queryer) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'photos'").Scan(&n)
	return n > 0, err
}

func settingValue(ctx context.Context, q queryer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Values in column order. Integers are int64 and booleans 0/1, as SQLite
// gives them back, so that a stored row and a bundle's row compare equal.

func (r SessionRow) values() []any {
	return []any{r.ID, r.PackID, r.PackVersion, r.Title, r.Date, r.StartTime, r.Village, r.District, r.Regency,
		r.Province, r.Venue, jsonText(r.Officers), r.Partners, r.Notes, string(r.Status), optString(r.FinalizedAt),
		r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *SessionRow) fromValues(v *valueReader) {
	r.ID, r.PackID, r.PackVersion, r.Title, r.Date = v.str(), v.str(), v.str(), v.str(), v.str()
	r.StartTime, r.Village, r.District, r.Regency, r.Province, r.Venue = v.str(), v.str(), v.str(), v.str(), v.str(), v.str()
	v.json(&r.Officers)
	r.Partners, r.Notes, r.Status, r.FinalizedAt = v.str(), v.str(), Status(v.str()), v.strPtr()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r ParticipantRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Number), r.Name, r.Gender, optInt(r.Age), string(r.Category), r.Village,
		r.Phone, boolInt(r.Consent), optBool(r.GuardianPresent), r.CreatedAt, r.UpdatedAt, int64(r.Version),
		optString(r.DeletedAt)}
}

func (r *ParticipantRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Number, r.Name, r.Gender = v.str(), v.str(), v.int(), v.str(), v.str()
	r.Age, r.Category, r.Village, r.Phone, r.Consent, r.GuardianPresent = v.intPtr(), Category(v.str()), v.str(), v.str(), v.bool(), v.boolPtr()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r QuizItemRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Position), r.QuestionID, string(r.Phase), r.Text, jsonText(r.Options),
		jsonText(r.Letters), int64(r.Answer), r.Explanation, r.Topic, r.PackID, r.PackVersion, r.CreatedAt,
		r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *QuizItemRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Position, r.QuestionID, r.Phase, r.Text = v.str(), v.str(), v.int(), v.str(), Phase(v.str()), v.str()
	v.json(&r.Options)
	v.json(&r.Letters)
	r.Answer, r.Explanation, r.Topic, r.PackID, r.PackVersion = v.int(), v.str(), v.str(), v.str(), v.str()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r QuizAnswerRow) values() []any {
	return []any{r.ID, r.SessionID, r.ParticipantID, string(r.Phase), string(r.Choices.appendJSON(nil)), r.CreatedAt, r.UpdatedAt,
		int64(r.Version), optString(r.DeletedAt), r.Source}
}

func (r *QuizAnswerRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.ParticipantID, r.Phase = v.str(), v.str(), v.str(), Phase(v.str())
	v.json(&r.Choices)
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
	r.Source = v.str()
}

func (r QuizTallyRow) values() []any {
	return []any{r.ID, r.SessionID, r.ItemID, string(r.Phase), jsonText(r.Counts), optInt(r.Correct), optInt(r.Present),
		r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *QuizTallyRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.ItemID, r.Phase = v.str(), v.str(), v.str(), Phase(v.str())
	v.json(&r.Counts)
	r.Correct, r.Present = v.intPtr(), v.intPtr()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r QuestionRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Number), r.Text, optString(r.AskedBy), string(r.Topic), r.Answer,
		string(r.Status), r.ReferredTo, boolInt(r.Urgent), boolInt(r.Confidential), optString(r.ClosedOn),
		r.ClosedNote, r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt), sealedNotesText(r.SealedNotes)}
}

func (r *QuestionRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Number, r.Text, r.AskedBy = v.str(), v.str(), v.int(), v.str(), v.strPtr()
	r.Topic, r.Answer, r.Status, r.ReferredTo = Topic(v.str()), v.str(), QuestionStatus(v.str()), v.str()
	r.Urgent, r.Confidential, r.ClosedOn, r.ClosedNote = v.bool(), v.bool(), v.strPtr(), v.str()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
	if notes, err := parseSealedNotes(v.str()); err == nil {
		r.SealedNotes = notes
	} else {
		v.fail("%v", err)
	}
}

func (r PhotoRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Position), r.Caption, r.Image, r.SHA256, int64(r.Width), int64(r.Height),
		r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *PhotoRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Position, r.Caption, r.Image = v.str(), v.str(), v.int(), v.str(), v.bytes()
	r.SHA256, r.Width, r.Height = v.str(), v.int(), v.int()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func optString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func optInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func optBool(p *bool) any {
	if p == nil {
		return nil
	}
	return boolInt(*p)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// jsonText is how the app stores lists and maps in a TEXT column.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only slices, maps, strings and numbers: cannot fail
	}
	return string(b)
}

// valueReader reads a row's values in column order; the first value of an
// unexpected type is kept as its error.
type valueReader struct {
	vals []any
	i    int
	err  error
}

func (r *valueReader) next() any {
	if r.i >= len(r.vals) {
		r.fail("too few columns")
		return nil
	}
	r.i++
	return r.vals[r.i-1]
}

func (r *valueReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("column %d: "+format, append([]any{r.i}, args...)...)
	}
}

func (r *valueReader) str() string {
	if p := r.strPtr(); p != nil {
		return *p
	}
	return ""
}

func (r *valueReader) strPtr() *string {
	switch v := r.next().(type) {
	case nil:
		return nil
	case string:
		return &v
	case []byte:
		s := string(v)
		return &s
	default:
		r.fail("%T is not text", v)
		return nil
	}
}

func (r *valueReader) int() int {
	if p := r.intPtr(); p != nil {
		return *p
	}
	return 0
}

func (r *valueReader) intPtr() *int {
	switch v := r.next().(type) {
	case nil:
		return nil
	case int64:
		n := int(v)
		return &n
	default:
		r.fail("%T is not an integer", v)
		return nil
	}
}

func (r *valueReader) bool() bool { return r.int() != 0 }

func (r *valueReader) boolPtr() *bool {
	p := r.intPtr()
	if p == nil {
		return nil
	}
	b := *p != 0
	return &b
}

func (r *valueReader) bytes() []byte {
	switch v := r.next().(type) {
	case nil:
		return nil
	case []byte:
		return v
	case string:
		return []byte(v)
	default:
		r.fail("%T is not a blob", v)
		return nil
	}
}

func (r *valueReader) json(dst any) {
	s := r.str()
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		r.fail("%v", err)
	}
}

// incomingTable is one table's rows of an export with their values,
// computed once per merge.
type incomingTable struct {
	t    *exchangeTable
	rows []exchangeRow
	vals [][]any
}

func (exp *SessionExport) incoming() []incomingTable {
	out := make([]incomingTable, len(exchangeTables))
	for i, t := range exchangeTables {
		rows := exp.rows(t)
		vals := make([][]any, len(rows))
		for j, r := range rows {
			vals[j] = r.values()
		}
		out[i] = incomingTable{t: t, rows: rows, vals: vals}
	}
	return out
}

// rows gives the export's rows of table t.
func (exp *SessionExport) rows(t *exchangeTable) []exchangeRow {
	switch t {
	case sessionsTable:
		return []exchangeRow{&exp.Session}
	case participantsTable:
		return rowsOf(exp.Participants)
	case quizItemsTable:
		return rowsOf(exp.QuizItems)
	case quizAnswersTable:
		return rowsOf(exp.QuizAnswers)
	case quizTalliesTable:
		return rowsOf(exp.QuizTallies)
	case questionsTable:
		return rowsOf(exp.Questions)
	case photosTable:
		return rowsOf(exp.Photos)
	}
	return nil
}

func rowsOf[T any, P interface {
	*T
	exchangeRow
}](list []T) []exchangeRow {
	out := make([]exchangeRow, len(list))
	for i := range list {
		out[i] = P(&list[i])
	}
	return out
}

// Validate checks what the database cannot: ids are our UUIDs and unique,
// every row belongs to the session, references stay inside it, lists and
// choices fit the quiz, and every timestamp and date parses. The database's
// own constraints check the rest when the rows are written.
func (exp *SessionExport) Validate() error {
	v := &exportCheck{ids: make(map[string]bool, 1+len(exp.Participants)+len(exp.QuizAnswers)+len(exp.Questions))}
	s := exp.Session
	v.id("session", s.ID)
	if !isID(s.OriginLaptop) {
		v.fail("session origin_laptop is not an id")
	}
	if !validDate(s.Date) {
		v.fail("session date %q is not a date", s.Date)
	}
	if !oneOf(s.Status, []Status{StatusDraft, StatusHeld, StatusFinalized}) {
		v.fail("session status %q", s.Status)
	}
	v.row("session", s.ID, s.CreatedAt, s.UpdatedAt, s.Version, s.DeletedAt, s.FinalizedAt)
	v.lengths("session", s.ID, lim{s.Title, MaxTitle}, lim{s.Village, MaxPlace}, lim{s.District, MaxPlace},
		lim{s.Regency, MaxPlace}, lim{s.Province, MaxPlace}, lim{s.Venue, MaxVenue}, lim{s.Partners, MaxPartners},
		lim{s.Notes, MaxNotes}, lim{s.PackID, MaxPlace}, lim{s.PackVersion, MaxPlace}, lim{s.StartTime, 5},
		lim{s.OriginOfficer, MaxPlace})
	if len(s.Officers) > MaxOfficers {
		v.fail("session: %d officers", len(s.Officers))
	}
	for _, o := range s.Officers {
		v.lengths("session officer", s.ID, lim{o.Name, MaxPlace}, lim{o.NRP, 30}, lim{o.Unit, MaxVenue})
	}
	if exp.WithheldConfidential < 0 {
		v.fail("withheld_confidential is negative")
	}

	if len(exp.Participants) > MaxParticipants {
		v.fail("%d participants; a session holds at most %d", len(exp.Participants), MaxParticipants)
	}
	if len(exp.Questions) > MaxQuestions {
		v.fail("%d questions; a session holds at most %d", len(exp.Questions), MaxQuestions)
	}
	if n := livePhotos(exp.Photos); n > MaxPhotos {
		v.fail("%d photos; a session holds at most %d", n, MaxPhotos)
	}
	people := make(map[string]bool, len(exp.Participants))
	for _, p := range exp.Participants {
		v.child("participant", p.ID, p.SessionID, s.ID)
		v.row("participant", p.ID, p.CreatedAt, p.UpdatedAt, p.Version, p.DeletedAt)
		if p.Gender != Male && p.Gender != Female {
			v.fail("participant %s gender %q", p.ID, p.Gender)
		}
		if !validCategory(p.Category) {
			v.fail("participant %s category %q", p.ID, p.Category)
		}
		v.lengths("participant", p.ID, lim{p.Name, MaxName}, lim{p.Village, MaxVenue}, lim{p.Phone, 30})
		if p.Phone != "" && !p.Consent {
			v.fail("participant %s: a phone without consent", p.ID)
		}
		if p.Age != nil && (*p.Age < 0 || *p.Age > 120) {
			v.fail("participant %s age %d", p.ID, *p.Age)
		}
		people[p.ID] = true
	}
	items := make(map[string]QuizItemRow, len(exp.QuizItems))
	snapshot := make(map[string]bool, len(exp.QuizItems))
	for _, i := range exp.QuizItems {
		v.child("quiz item", i.ID, i.SessionID, s.ID)
		v.row("quiz item", i.ID, i.CreatedAt, i.UpdatedAt, i.Version, i.DeletedAt)
		v.lengths("quiz item", i.ID, lim{i.Text, MaxQuizText}, lim{i.Explanation, MaxQuizText}, lim{i.QuestionID, MaxPlace},
			lim{i.Topic, MaxPlace}, lim{i.PackID, MaxPlace}, lim{i.PackVersion, MaxPlace})
		if len(i.Options) > MaxQuizOptions {
			v.fail("quiz item %s: %d options", i.ID, len(i.Options))
		}
		for k := range i.Options {
			v.lengths("quiz item", i.ID, lim{i.Options[k], MaxQuizText})
			if k < len(i.Letters) {
				v.lengths("quiz item", i.ID, lim{i.Letters[k], 8})
			}
		}
		if !oneOf(i.Phase, []Phase{PhasePre, PhasePost, PhaseBoth}) {
			v.fail("quiz item %s phase %q", i.ID, i.Phase)
		}
		if len(i.Options) < 2 || len(i.Letters) != len(i.Options) || i.Answer < 0 || i.Answer >= len(i.Options) {
			v.fail("quiz item %s: options, letters and answer do not fit", i.ID)
		}
		if snapshot[i.QuestionID] {
			v.fail("quiz item %s: question %q twice in the snapshot", i.ID, i.QuestionID)
		}
		snapshot[i.QuestionID] = true
		items[i.ID] = i
	}
	sheets := make(map[string]bool, len(exp.QuizAnswers))
	for _, a := range exp.QuizAnswers {
		v.child("quiz answer", a.ID, a.SessionID, s.ID)
		v.row("quiz answer", a.ID, a.CreatedAt, a.UpdatedAt, a.Version, a.DeletedAt)
		if !people[a.ParticipantID] {
			v.fail("quiz answer %s: participant is not in the session", a.ID)
		}
		if a.Phase != PhasePre && a.Phase != PhasePost {
			v.fail("quiz answer %s phase %q", a.ID, a.Phase)
		}
		if a.Source != SourceTyped && a.Source != SourcePhone {
			v.fail("quiz answer %s source %q", a.ID, a.Source)
		}
		if sheets[a.ParticipantID+"/"+string(a.Phase)] {
			v.fail("quiz answer %s: a second answer sheet for one person and test", a.ID)
		}
		sheets[a.ParticipantID+"/"+string(a.Phase)] = true
		for item, c := range a.Choices {
			if i, ok := items[item]; !ok || c < Blank || c >= len(i.Options) {
				v.fail("quiz answer %s: choice %d for item %s", a.ID, c, item)
			}
		}
	}
	for _, t := range exp.QuizTallies {
		v.child("quiz tally", t.ID, t.SessionID, s.ID)
		v.row("quiz tally", t.ID, t.CreatedAt, t.UpdatedAt, t.Version, t.DeletedAt)
		i, ok := items[t.ItemID]
		if !ok {
			v.fail("quiz tally %s: item is not in the session", t.ID)
		}
		if t.Phase != PhasePre && t.Phase != PhasePost {
			v.fail("quiz tally %s phase %q", t.ID, t.Phase)
		}
		if sheets[t.ItemID+"/"+string(t.Phase)] {
			v.fail("quiz tally %s: a second tally for one item and test", t.ID)
		}
		sheets[t.ItemID+"/"+string(t.Phase)] = true
		if len(t.Counts) != 0 && len(t.Counts) != len(i.Options) {
			v.fail("quiz tally %s: counts do not fit the item", t.ID)
		}
		for _, n := range append(append([]int(nil), t.Counts...), derefInts(t.Correct, t.Present)...) {
			if n < 0 || n > MaxHands {
				v.fail("quiz tally %s: count %d", t.ID, n)
			}
		}
	}
	for _, q := range exp.Questions {
		v.child("question", q.ID, q.SessionID, s.ID)
		v.row("question", q.ID, q.CreatedAt, q.UpdatedAt, q.Version, q.DeletedAt)
		if q.AskedBy != nil && !people[*q.AskedBy] {
			v.fail("question %s: asker is not in the session", q.ID)
		}
		v.lengths("question", q.ID, lim{q.Text, textLimit(q.Text)}, lim{q.Answer, MaxAnswer},
			lim{q.ReferredTo, MaxVenue}, lim{q.ClosedNote, textLimit(q.ClosedNote)})
		v.sealed(q)
		if !oneOf(q.Topic, Topics) {
			v.fail("question %s topic %q", q.ID, q.Topic)
		}
		if !oneOf(q.Status, QuestionStatuses) {
			v.fail("question %s status %q", q.ID, q.Status)
		}
		if q.ClosedOn != nil && !validDate(*q.ClosedOn) {
			v.fail("question %s closed_on is not a date", q.ID)
		}
	}
	for _, p := range exp.Photos {
		v.child("photo", p.ID, p.SessionID, s.ID)
		v.row("photo", p.ID, p.CreatedAt, p.UpdatedAt, p.Version, p.DeletedAt)
		sum := sha256.Sum256(p.Image)
		switch {
		case p.DeletedAt != nil:
			if len(p.Image) > 0 || p.SHA256 != "" {
				v.fail("photo %s: a deleted photo travels without its image", p.ID)
			}
		case len(p.Image) == 0 || hex.EncodeToString(sum[:]) != p.SHA256:
			v.fail("photo %s: image missing or not matching its sha256", p.ID)
		}
		v.lengths("photo", p.ID, lim{p.Caption, MaxCaption})
		if p.Width <= 0 || p.Height <= 0 {
			v.fail("photo %s: size %d × %d", p.ID, p.Width, p.Height)
		}
	}
	return v.err()
}

// ErrSessionFull means a session holds as many participants or questions as
// a bundle may carry (deleted ones count: they travel too).
var ErrSessionFull = errors.New("the session is full")

// Limits of one session, checked when a row is added and before a bundle
// is written.
const (
	MaxParticipants = 5000 // rows, deleted ones included
	MaxQuestions    = 2000
	// MaxQuestionText bounds a question's text and closing note, MaxAnswer
	// its answer, as the form does.
	MaxQuestionText = 2000
	MaxAnswer       = 4000
	MaxQuizText     = 2000 // a quiz item's text, options and explanation in a snapshot
	MaxQuizOptions  = 10
)

func livePhotos(photos []PhotoRow) int {
	n := 0
	for _, p := range photos {
		if p.DeletedAt == nil {
			n++
		}
	}
	return n
}

func derefInts(ps ...*int) []int {
	var out []int
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// isID is IsID without allocating: a lowercase UUID in its canonical form.
func isID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// exportCheck collects the first problems of an export. Its checks format
// a message only for a problem, so that a valid export costs little.
type exportCheck struct {
	ids      map[string]bool
	problems []string
	more     int
}

const maxProblems = 5

func (v *exportCheck) fail(format string, args ...any) {
	if len(v.problems) < maxProblems {
		v.problems = append(v.problems, fmt.Sprintf(format, args...))
	} else {
		v.more++
	}
}

func (v *exportCheck) id(what, id string) {
	if !isID(id) {
		v.fail("%s id %q is not a lowercase UUID", what, id)
	}
	if v.ids[id] {
		v.fail("%s id %s appears twice", what, id)
	}
	v.ids[id] = true
}

func (v *exportCheck) child(what, id, sessionID, want string) {
	v.id(what, id)
	if sessionID != want {
		v.fail("%s %s belongs to another session", what, id)
	}
}

func (v *exportCheck) row(what, id, created, updated string, version int, stamps ...*string) {
	if version < 1 {
		v.fail("%s %s version %d", what, id, version)
	}
	v.stamp(what, id, created)
	v.stamp(what, id, updated)
	for _, t := range stamps {
		if t != nil {
			v.stamp(what, id, *t)
		}
	}
}

// lim is a text and the most characters it may have.
type lim struct {
	text string
	max  int
}

// lengths applies the limits that entry on a laptop applies, so that a
// small bundle cannot become a huge database or an unprintable report.
func (v *exportCheck) lengths(what, id string, fields ...lim) {
	for _, f := range fields {
		if len(f.text) > f.max && utf8.RuneCountInString(f.text) > f.max {
			v.fail("%s %s: a text of %d characters, more than %d", what, id, utf8.RuneCountInString(f.text), f.max)
		}
	}
}

// textLimit is a text's limit: a sealed one is longer than what it holds.
func textLimit(s string) int {
	if IsSealed(s) {
		return MaxSealedValue
	}
	return MaxQuestionText
}

// sealed checks a sealed question: it names no asker and carries no answer
// in clear, and its notes are sealed and few.
func (v *exportCheck) sealed(q QuestionRow) {
	if !IsSealed(q.Text) {
		if len(q.SealedNotes) > 0 {
			v.fail("question %s: sealed notes on a question that is not sealed", q.ID)
		}
		return
	}
	if !q.Confidential || q.AskedBy != nil || q.Answer != "" {
		v.fail("question %s: a sealed question is confidential and names no asker or answer in clear", q.ID)
	}
	if !wellSealed(q.Text) || (IsSealed(q.ClosedNote) && !wellSealed(q.ClosedNote)) {
		v.fail("question %s: the sealed text is not an age message", q.ID)
	}
	if q.ClosedNote != "" && !IsSealed(q.ClosedNote) && q.DeletedAt == nil {
		v.fail("question %s: the closing note of a sealed question is in clear", q.ID)
	}
	if len(q.SealedNotes) > MaxSealedNotes {
		v.fail("question %s: %d sealed notes, more than %d", q.ID, len(q.SealedNotes), MaxSealedNotes)
	}
	for _, n := range q.SealedNotes {
		if !IsSealed(n.Note) || len(n.Note) > MaxSealedValue || !wellSealed(n.Note) {
			v.fail("question %s: a sealed note is not sealed or too long", q.ID)
		}
		v.stamp("question", q.ID, n.At)
	}
}

func (v *exportCheck) stamp(what, id, t string) {
	if _, err := time.Parse(time.RFC3339Nano, t); err != nil {
		v.fail("%s %s: time %q", what, id, t)
	}
}

func (v *exportCheck) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	msg := strings.Join(v.problems, "; ")
	if v.more > 0 {
		msg += fmt.Sprintf(" (and %d more)", v.more)
	}
	return fmt.Errorf("%w: %s", ErrInvalidExport, msg)
}

// MergeWarning says that a bundle's dates look wrong. Laptop clocks are not
// trusted (versions decide), so this only warns; Code says which check.
type MergeWarning struct {
	Code    string `json:"code"`
	Table   string `json:"table"`
	Count   int    `json:"count"`
	Example string `json:"example"`
}

// Codes of MergeWarning.
const (
	WarnFutureTime     = "future_time"    // a timestamp after the importing laptop's today
	WarnAncientTime    = "ancient_time"   // a timestamp before 2020
	WarnUpdatedBefore  = "updated_before" // updated before it was created
	WarnSessionDateOdd = "session_date"   // the session's date far from when it was entered
	earliestPlausible  = "2020-01-01T00:00:00Z"
	clockSlack         = 48 * time.Hour
	sessionDateSlack   = 366 * 24 * time.Hour
)

func (w MergeWarning) String() string {
	switch w.Code {
	case WarnFutureTime:
		return fmt.Sprintf("%s: %d timestamps in the future (e.g. %s): the laptop's clock may be wrong", w.Table, w.Count, w.Example)
	case WarnAncientTime:
		return fmt.Sprintf("%s: %d timestamps before 2020 (e.g. %s): the laptop's clock may be wrong", w.Table, w.Count, w.Example)
	case WarnUpdatedBefore:
		return fmt.Sprintf("%s: %d rows changed before they were created (e.g. %s): the laptop's clock was changed", w.Table, w.Count, w.Example)
	case WarnSessionDateOdd:
		return fmt.Sprintf("session date %s is more than a year away from when it was entered", w.Example)
	}
	return w.Code
}

// dateWarnings looks for implausible timestamps, counted per table and kind.
func (exp *SessionExport) dateWarnings(tables []incomingTable, now time.Time) []MergeWarning {
	var out []MergeWarning
	future := now.Add(clockSlack)
	ancient, _ := time.Parse(time.RFC3339, earliestPlausible)
	for _, in := range tables {
		t := in.t
		counts := map[string]*MergeWarning{}
		note := func(code, example string) {
			w := counts[code]
			if w == nil {
				w = &MergeWarning{Code: code, Table: t.name, Example: example}
				counts[code] = w
			}
			w.Count++
		}
		for _, vals := range in.vals {
			created := mustTime(vals[t.index["created_at"]].(string))
			updated := mustTime(vals[t.index["updated_at"]].(string))
			for _, ts := range []time.Time{created, updated} {
				switch {
				case ts.After(future):
					note(WarnFutureTime, formatTime(ts))
				case ts.Before(ancient):
					note(WarnAncientTime, formatTime(ts))
				}
			}
			if updated.Before(created) {
				note(WarnUpdatedBefore, formatTime(updated))
			}
		}
		for _, code := range []string{WarnFutureTime, WarnAncientTime, WarnUpdatedBefore} {
			if w := counts[code]; w != nil {
				out = append(out, *w)
			}
		}
	}
	if d, err := time.Parse("2006-01-02", exp.Session.Date); err == nil {
		created := mustTime(exp.Session.CreatedAt)
		if diff := d.Sub(created); diff > sessionDateSlack || diff < -sessionDateSlack {
			out = append(out, MergeWarning{Code: WarnSessionDateOdd, Table: "sessions", Count: 1, Example: exp.Session.Date})
		}
	}
	return out
}

// sessionStates sums the versions of every row of one session (id given)
// or of every session that was exported once (id ""): the state
// MarkExported records. Every edit raises a version and no row is ever
// removed, so the sum changes with every edit.
func sessionStates(ctx context.Context, tx *sql.Tx, id string) (map[string]string, error) {
	tables := []string{"participants", "quiz_items", "quiz_answers", "quiz_tallies", "questions"}
	photos, err := hasPhotos(ctx, tx)
	if err != nil {
		return nil, err
	}
	if photos {
		tables = append(tables, "photos")
	}
	var parts []string
	var args []any
	if id != "" {
		parts = append(parts, "SELECT id AS sid, version FROM sessions WHERE id = ?")
		for _, t := range tables {
			parts = append(parts, "SELECT session_id, version FROM "+t+" WHERE session_id = ?")
		}
		for range parts {
			args = append(args, id)
		}
	} else {
		parts = append(parts, "SELECT s.id AS sid, s.version FROM sessions s JOIN exports e ON e.session_id = s.id")
		for _, t := range tables {
			parts = append(parts, "SELECT t.session_id, t.version FROM "+t+" t JOIN exports e ON e.session_id = t.session_id")
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT sid, sum(version) FROM ("+strings.Join(parts, " UNION ALL ")+
		") GROUP BY sid", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	states := map[string]string{}
	for rows.Next() {
		var sid string
		var sum int64
		if err := rows.Scan(&sid, &sum); err != nil {
			return nil, err
		}
		states[sid] = strconv.FormatInt(sum, 10)
	}
	return states, rows.Err()
}

// MarkExported records that a session was exported as it was when exp was
// read: it leaves the list of sessions not yet sent until it changes again.
// No row's version changes.
func (st *Store) MarkExported(ctx context.Context, exp *SessionExport) error {
	if exp.state == "" {
		return errors.New("mark exported: the export was not read from this store")
	}
	return st.write(ctx, func(tx *sql.Tx) error {
		now := st.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO exports (session_id, state, exported_at) VALUES (?, ?, ?)
			ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, exported_at = excluded.exported_at`,
			exp.Session.ID, exp.state, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE sessions SET exported_at = ? WHERE id = ?", now, exp.Session.ID)
		return err
	})
}

// ChangedSinceExport gives the live sessions created on this laptop that
// were never exported or changed since their last export ("belum
// dikirim"); the count is the map's length.
func (st *Store) ChangedSinceExport(ctx context.Context) (map[string]bool, error) {
	tx, err := st.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	states, err := sessionStates(ctx, tx, "")
	if err != nil {
		return nil, fmt.Errorf("sessions not sent: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id, coalesce(e.state, '') FROM sessions s
		LEFT JOIN exports e ON e.session_id = s.id WHERE s.deleted_at IS NULL AND s.origin_laptop = ''`)
	if err != nil {
		return nil, fmt.Errorf("sessions not sent: %w", err)
	}
	defer rows.Close()
	changed := map[string]bool{}
	for rows.Next() {
		var id, state string
		if err := rows.Scan(&id, &state); err != nil {
			return nil, err
		}
		if state == "" || state != states[id] {
			changed[id] = true
		}
	}
	return changed, rows.Err()
}

// Origin says where a session came from. An imported session is read-only
// here except for the follow-up of its questions.
type Origin struct {
	Imported bool   `json:"imported"`
	LaptopID string `json:"laptop_id"` // "" for a session created here
	Officer  string `json:"officer"`
	// ForwardedBy names the officer who forwarded the session here when it
	// did not come from its own officer first.
	ForwardedBy string `json:"forwarded_by,omitempty"`
}

// SessionOrigin tells whether a session was imported, and from where.
func (st *Store) SessionOrigin(ctx context.Context, id string) (Origin, error) {
	var o Origin
	err := st.db.QueryRowContext(ctx, "SELECT origin_laptop, origin_officer, forwarded_by FROM sessions WHERE id = ?", id).
		Scan(&o.LaptopID, &o.Officer, &o.ForwardedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	o.Imported = o.LaptopID != ""
	return o, err
}

// SessionOrigins gives the origin of every imported session, by id, for
// the session list.
func (st *Store) SessionOrigins(ctx context.Context) (map[string]Origin, error) {
	rows, err := st.db.QueryContext(ctx, "SELECT id, origin_laptop, origin_officer, forwarded_by FROM sessions WHERE origin_laptop <> ''")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Origin{}
	for rows.Next() {
		var id string
		o := Origin{Imported: true}
		if err := rows.Scan(&id, &o.LaptopID, &o.Officer, &o.ForwardedBy); err != nil {
			return nil, err
		}
		out[id] = o
	}
	return out, rows.Err()
}

// SyncSettings are the coordinator's keys: the public keys bundles are
// encrypted to (on an officer's laptop) and the identity file that opens
// them (on the coordinator's).
type SyncSettings struct {
	Recipients   []string `json:"recipients"`    // age X25519 public keys, "age1…"
	IdentityFile string   `json:"identity_file"` // path of the coordinator's age identity file
}

// Settings keys of SyncSettings, and their limits.
const (
	keySyncRecipients   = "sync.recipients"
	keySyncIdentityFile = "sync.identity_file"
	FieldRecipients     = "recipients"
	FieldIdentityFile   = "identity_file"
	MaxRecipients       = 10
)

// Clean trims the keys and checks their shape (the sync package parses
// them for real).
func (s *SyncSettings) Clean() error {
	var c checker
	var keys []string
	for _, k := range s.Recipients {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if !strings.HasPrefix(k, "age1") || len(k) > 200 || strings.ContainsFunc(k, func(r rune) bool {
			return (r < 'a' || r > 'z') && (r < '0' || r > '9')
		}) {
			c.add(FieldRecipients, CodeInvalid, 0)
		}
		if !oneOf(k, keys) {
			keys = append(keys, k)
		}
	}
	if len(keys) > MaxRecipients {
		c.add(FieldRecipients, CodeOutOfRange, MaxRecipients)
	}
	s.Recipients = keys
	s.IdentityFile = c.line(FieldIdentityFile, s.IdentityFile, false, 1000)
	return c.err()
}

// SyncSettings reads the coordinator's keys.
func (st *Store) SyncSettings(ctx context.Context) (SyncSettings, error) {
	return syncSettings(ctx, st.db)
}

func syncSettings(ctx context.Context, q queryer) (SyncSettings, error) {
	var s SyncSettings
	recipients, err := settingValue(ctx, q, keySyncRecipients)
	if err != nil {
		return s, err
	}
	if recipients != "" {
		if err := json.Unmarshal([]byte(recipients), &s.Recipients); err != nil {
			return s, fmt.Errorf("read %s: %w", keySyncRecipients, err)
		}
	}
	s.IdentityFile, err = settingValue(ctx, q, keySyncIdentityFile)
	return s, err
}

// SaveSyncSettings validates and saves the coordinator's keys.
func (st *Store) SaveSyncSettings(ctx context.Context, s SyncSettings) (SyncSettings, error) {
	if err := s.Clean(); err != nil {
		return s, err
	}
	if s.Recipients == nil {
		s.Recipients = []string{}
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		if err := putSetting(ctx, tx, keySyncRecipients, jsonText(s.Recipients), st.now()); err != nil {
			return err
		}
		return putSetting(ctx, tx, keySyncIdentityFile, s.IdentityFile, st.now())
	})
	if err != nil {
		return s, fmt.Errorf("save sync settings: %w", err)
	}
	return s, nil
}
