package store

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
)

// Sync by file, the data side. ExportSession reads every row a session owns
// (deleted ones too) exactly as stored; MergeSession merges such an export
// into this database in one transaction. Rows are matched by id and the
// higher version wins: laptop clocks are never compared. The sync package
// wraps this in bundles (zip, hashes, age encryption).
//
// This file holds the format (SessionExport, its rows and tables);
// exchange_values.go a row as column values, export.go the reading,
// validate_bundle.go what an export must satisfy, merge.go the merge,
// merge_warnings.go the date warnings, conflicts.go the conflicts,
// undo.go the undo of a merge, origin.go and sync_settings.go the rest.

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
