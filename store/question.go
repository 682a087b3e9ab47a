package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Topic of a participant's question.
type Topic string

// Topics, in form order.
const (
	TopicLegalRoute Topic = "jalur_resmi"
	TopicCosts      Topic = "biaya"
	TopicDocuments  Topic = "dokumen"
	TopicScams      Topic = "modus"
	TopicReporting  Topic = "melapor"
	TopicOther      Topic = "lainnya"
)

// Topics lists every topic in form order.
var Topics = []Topic{TopicLegalRoute, TopicCosts, TopicDocuments, TopicScams, TopicReporting, TopicOther}

// Label is the topic's name in Bahasa Indonesia, as printed.
func (t Topic) Label() string {
	switch t {
	case TopicLegalRoute:
		return "Jalur resmi"
	case TopicCosts:
		return "Biaya"
	case TopicDocuments:
		return "Dokumen"
	case TopicScams:
		return "Modus/penipuan"
	case TopicReporting:
		return "Melapor"
	}
	return "Lainnya"
}

// QuestionStatus says what happened with a question.
type QuestionStatus string

// A question is answered on the spot, needs follow-up, or is referred.
const (
	QuestionAnswered QuestionStatus = "answered"
	QuestionFollowUp QuestionStatus = "follow_up"
	QuestionReferred QuestionStatus = "referred"
)

// QuestionStatuses lists the statuses in form order.
var QuestionStatuses = []QuestionStatus{QuestionAnswered, QuestionFollowUp, QuestionReferred}

// Label is the status in Bahasa Indonesia, as printed.
func (s QuestionStatus) Label() string {
	switch s {
	case QuestionFollowUp:
		return "Perlu tindak lanjut"
	case QuestionReferred:
		return "Dirujuk"
	}
	return "Dijawab"
}

// Referral targets offered in the form; any other text is accepted too.
var ReferralTargets = []string{"Unit PPA/PPO", "Disnaker", "BP3MI", "UPTD PPA", "Kantor Imigrasi"}

// Question is one question asked during the session. Urgent ones may be a
// case in progress; confidential ones are never printed and are sealed to
// the coordinator when saved (see seal.go).
type Question struct {
	ID           string
	SessionID    string
	Number       int
	Text         string
	AskedBy      string // participant id, "" when anonymous
	Topic        Topic
	Answer       string
	Status       QuestionStatus
	ReferredTo   string
	Urgent       bool
	Confidential bool
	ClosedOn     string // YYYY-MM-DD when a follow-up was closed
	ClosedNote   string
	// Sealed: a confidential question whose text, asker, answer and notes
	// only the coordinator can read. They read back empty here; a closing
	// note given when saving is sealed too, and an empty one keeps the
	// sealed note as it is.
	Sealed      bool
	SealedNotes int // notes added later (AddSealedNote)
	// OfficerFollowUp is the officer's own follow-up of an imported
	// question when the coordinator closed it differently here (it may hold
	// a police report number); nil otherwise.
	OfficerFollowUp *FollowUp
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int
	DeletedAt       *time.Time
}

// Open reports whether the question still needs someone to act.
func (q Question) Open() bool { return q.Status != QuestionAnswered && q.ClosedOn == "" }

// Field names used in FieldError for questions.
const (
	FieldQuestionText = "text"
	FieldAnswer       = "answer"
	FieldTopic        = "topic"
	FieldStatus       = "status"
	FieldReferredTo   = "referred_to"
	FieldClosedOn     = "closed_on"
	FieldClosedNote   = "closed_note"
)

// Clean normalises the question and reports every invalid field.
func (q *Question) Clean() error {
	var c checker
	q.Text = c.block(FieldQuestionText, q.Text, 2000)
	switch {
	case q.Text == "" && !q.Sealed:
		c.add(FieldQuestionText, CodeRequired, 0)
	case IsSealed(q.Text) || IsSealed(q.Answer) || IsSealed(q.ClosedNote):
		c.add(FieldQuestionText, CodeInvalid, 0)
	}
	q.Answer = c.block(FieldAnswer, q.Answer, MaxAnswer)
	if q.Topic == "" {
		q.Topic = TopicOther
	}
	if !oneOf(q.Topic, Topics) {
		c.add(FieldTopic, CodeInvalid, 0)
	}
	if q.Status == "" {
		q.Status = QuestionAnswered
	}
	if !oneOf(q.Status, QuestionStatuses) {
		c.add(FieldStatus, CodeInvalid, 0)
	}
	q.ReferredTo = c.line(FieldReferredTo, q.ReferredTo, false, MaxVenue)
	if q.Status == QuestionReferred && q.ReferredTo == "" {
		c.add(FieldReferredTo, CodeRequired, 0)
	}
	if q.ClosedOn != "" {
		q.ClosedOn = c.date(FieldClosedOn, q.ClosedOn)
	}
	q.ClosedNote = c.block(FieldClosedNote, q.ClosedNote, 2000)
	return c.err()
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

var questionColumns = questionColumnsOf("")

// questionColumnsOf lists the columns scanQuestion reads, qualified by a
// table alias such as "q." for joins.
func questionColumnsOf(a string) string {
	return a + "id, " + a + "session_id, " + a + "number, " + a + "text, coalesce(" + a + "asked_by, ''), " +
		a + "topic, " + a + "answer, " + a + "status, " + a + "referred_to, " + a + "urgent, " +
		a + "confidential, coalesce(" + a + "closed_on, ''), " + a + "closed_note, " + a + "created_at, " +
		a + "updated_at, " + a + "version, " + a + "deleted_at, " + a + "officer_followup, " + a + "sealed_notes"
}

// AddQuestion validates q and saves it in its own durable transaction.
func (st *Store) AddQuestion(ctx context.Context, q Question) (Question, error) {
	q.Sealed = false // only the store seals
	if err := q.Clean(); err != nil {
		return q, err
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		var err error
		q, err = st.insertQuestion(ctx, tx, q)
		return err
	})
	return q, err
}

func (st *Store) insertQuestion(ctx context.Context, tx *sql.Tx, q Question) (Question, error) {
	if err := sessionWritable(ctx, tx, q.SessionID); err != nil {
		return q, err
	}
	if err := checkAsker(ctx, tx, q); err != nil {
		return q, err
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(number), 0) + 1 FROM questions WHERE session_id = ?",
		q.SessionID).Scan(&q.Number); err != nil {
		return q, err
	}
	if q.Number > MaxQuestions {
		return q, fmt.Errorf("%w: %d questions", ErrSessionFull, MaxQuestions)
	}
	if q.Confidential {
		keys, err := sealingKeys(ctx, tx)
		if err != nil {
			return q, err
		}
		if err := sealQuestion(ctx, tx, keys, &q); err != nil {
			return q, err
		}
	}
	now := st.Now().UTC()
	q.ID, q.Version, q.CreatedAt, q.UpdatedAt = NewID(), 1, now, now
	_, err := tx.ExecContext(ctx, `INSERT INTO questions (id, session_id, number, text, asked_by, topic,
		answer, status, referred_to, urgent, confidential, closed_on, closed_note, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		q.ID, q.SessionID, q.Number, q.Text, nullIfEmpty(q.AskedBy), q.Topic, q.Answer, q.Status, q.ReferredTo,
		q.Urgent, q.Confidential, nullIfEmpty(q.ClosedOn), q.ClosedNote, formatTime(now), formatTime(now))
	if err != nil {
		return q, fmt.Errorf("add question: %w", err)
	}
	if q.Sealed {
		q.Text, q.ClosedNote = "", ""
	}
	return q, nil
}

// checkAsker makes sure the asker is a live participant of the same session.
func checkAsker(ctx context.Context, tx *sql.Tx, q Question) error {
	if q.AskedBy == "" {
		return nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM participants WHERE id = ? AND session_id = ?
		AND deleted_at IS NULL`, q.AskedBy, q.SessionID).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return ValidationError{{Field: "asked_by", Code: CodeInvalid}}
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// UpdateQuestion saves an edited question. In a finalized session only the
// follow-up (status, referral, closing) may change.
func (st *Store) UpdateQuestion(ctx context.Context, q Question) (Question, error) {
	if err := q.Clean(); err != nil {
		return q, err
	}
	var saved Question
	var sealedNow bool
	err := st.write(ctx, func(tx *sql.Tx) error {
		old, err := getQuestion(ctx, tx, q.ID)
		if err != nil {
			return err
		}
		if err := sessionWritable(ctx, tx, old.SessionID); errors.Is(err, ErrReadOnly) {
			if !onlyFollowUpChanged(old, q) {
				return ErrReadOnly
			}
		} else if err != nil {
			return err
		}
		q.SessionID = old.SessionID
		if old.Sealed {
			if q.Text != "" || q.AskedBy != "" || q.Answer != "" || !q.Confidential {
				// Nothing sealed can be changed or unsealed here.
				return ValidationError{{Field: FieldQuestionText, Code: CodeInvalid}}
			}
			q.Sealed = true
		} else if err := checkAsker(ctx, tx, q); err != nil {
			return err
		}
		if sameQuestion(old, q) {
			saved = old
			return nil
		}
		if err := sealChanges(ctx, tx, old, &q); err != nil {
			return err
		}
		sealedNow = q.Sealed && !old.Sealed
		_, err = tx.ExecContext(ctx, `UPDATE questions SET text = ?, asked_by = ?, topic = ?, answer = ?,
			status = ?, referred_to = ?, urgent = ?, confidential = ?, closed_on = ?, closed_note = ?,
			updated_at = ?, version = version + 1 WHERE id = ?`,
			q.Text, nullIfEmpty(q.AskedBy), q.Topic, q.Answer, q.Status, q.ReferredTo, q.Urgent,
			q.Confidential, nullIfEmpty(q.ClosedOn), q.ClosedNote, st.now(), q.ID)
		if err != nil {
			return err
		}
		saved, err = getQuestion(ctx, tx, q.ID)
		return err
	})
	if err == nil && sealedNow {
		_ = st.Checkpoint(ctx) // the clear text it had must leave the WAL
	}
	return saved, err
}

func sameQuestion(a, b Question) bool {
	return a.Text == b.Text && a.AskedBy == b.AskedBy && a.Topic == b.Topic && a.Answer == b.Answer &&
		a.Urgent == b.Urgent && a.Confidential == b.Confidential && sameFollowUp(a, b)
}

func sameFollowUp(a, b Question) bool {
	return a.Status == b.Status && a.ReferredTo == b.ReferredTo && a.ClosedOn == b.ClosedOn && a.ClosedNote == b.ClosedNote
}

func onlyFollowUpChanged(old, q Question) bool {
	q.Status, q.ReferredTo, q.ClosedOn, q.ClosedNote = old.Status, old.ReferredTo, old.ClosedOn, old.ClosedNote
	return sameQuestion(old, q)
}

// CloseFollowUp records that an open follow-up was dealt with, on a date
// and with a note. It is allowed in finalized sessions too.
func (st *Store) CloseFollowUp(ctx context.Context, id, date, note string) (Question, error) {
	q, err := st.Question(ctx, id)
	if err != nil {
		return q, err
	}
	q.ClosedOn, q.ClosedNote = date, note
	if strings.TrimSpace(date) == "" {
		return q, ValidationError{{Field: FieldClosedOn, Code: CodeRequired}}
	}
	return st.UpdateQuestion(ctx, q)
}

// DeleteQuestion soft-deletes a question; UndeleteQuestion is its undo.
func (st *Store) DeleteQuestion(ctx context.Context, id string) error {
	return st.setRowDeleted(ctx, "questions", id, true)
}

// UndeleteQuestion brings back a deleted question.
func (st *Store) UndeleteQuestion(ctx context.Context, id string) error {
	return st.setRowDeleted(ctx, "questions", id, false)
}

// Question reads one live question.
func (st *Store) Question(ctx context.Context, id string) (Question, error) {
	q, err := getQuestion(ctx, st.db, id)
	if err == nil && q.DeletedAt != nil {
		return Question{}, ErrNotFound
	}
	return q, err
}

func getQuestion(ctx context.Context, qr queryer, id string) (Question, error) {
	q, err := scanQuestion(qr.QueryRowContext(ctx, "SELECT "+questionColumns+" FROM questions WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return q, ErrNotFound
	}
	return q, err
}

// Questions lists a session's live questions in the order they were asked.
func (st *Store) Questions(ctx context.Context, sessionID string) ([]Question, error) {
	return st.queryQuestions(ctx, "SELECT "+questionColumns+` FROM questions
		WHERE session_id = ? AND deleted_at IS NULL ORDER BY number`, sessionID)
}

// OpenFollowUp is an open question with the session it belongs to.
type OpenFollowUp struct {
	Question
	SessionTitle string
	SessionDate  string
	Village      string
}

// OpenFollowUps lists questions that still need action across all live
// sessions, urgent first, then oldest first.
func (st *Store) OpenFollowUps(ctx context.Context) ([]OpenFollowUp, error) {
	return st.questionsWithSession(ctx, `q.closed_on IS NULL AND q.status <> 'answered'`, "q.urgent DESC, s.date, q.number")
}

// SealedQuestions lists the sealed questions of all live sessions, newest
// session first: what the coordinator opens with the identity.
func (st *Store) SealedQuestions(ctx context.Context) ([]OpenFollowUp, error) {
	return st.questionsWithSession(ctx, "substr(q.text, 1, 34) = '"+sealedPrefix+"'", "s.date DESC, s.id, q.number")
}

func (st *Store) questionsWithSession(ctx context.Context, where, order string) ([]OpenFollowUp, error) {
	rows, err := st.db.QueryContext(ctx, "SELECT "+questionColumnsOf("q.")+`, s.title, s.date, s.village
		FROM questions q JOIN sessions s ON s.id = q.session_id
		WHERE `+where+` AND q.deleted_at IS NULL AND s.deleted_at IS NULL ORDER BY `+order)
	if err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	defer rows.Close()
	list := []OpenFollowUp{}
	for rows.Next() {
		var f OpenFollowUp
		q, err := scanQuestion(rows, &f.SessionTitle, &f.SessionDate, &f.Village)
		if err != nil {
			return nil, err
		}
		f.Question = q
		list = append(list, f)
	}
	return list, rows.Err()
}

// CountOpenFollowUps is the number shown on the session list.
func (st *Store) CountOpenFollowUps(ctx context.Context) (int, error) {
	var n int
	err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM questions q JOIN sessions s ON s.id = q.session_id
		WHERE q.closed_on IS NULL AND q.status <> 'answered' AND q.deleted_at IS NULL AND s.deleted_at IS NULL`).Scan(&n)
	return n, err
}

func (st *Store) queryQuestions(ctx context.Context, query string, args ...any) ([]Question, error) {
	rows, err := st.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	defer rows.Close()
	list := []Question{}
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, q)
	}
	return list, rows.Err()
}

func scanQuestion(row scanner, extra ...any) (Question, error) {
	var q Question
	var created, updated string
	var deleted sql.NullString
	var officer, notes string
	dest := append([]any{&q.ID, &q.SessionID, &q.Number, &q.Text, &q.AskedBy, &q.Topic, &q.Answer, &q.Status,
		&q.ReferredTo, &q.Urgent, &q.Confidential, &q.ClosedOn, &q.ClosedNote, &created, &updated, &q.Version,
		&deleted, &officer, &notes}, extra...)
	if err := row.Scan(dest...); err != nil {
		return q, err
	}
	if IsSealed(q.Text) {
		q.Sealed, q.Text, q.Answer, q.AskedBy = true, "", "", ""
		if IsSealed(q.ClosedNote) {
			q.ClosedNote = ""
		}
		list, err := parseSealedNotes(notes)
		if err != nil {
			return q, fmt.Errorf("question %s: %w", q.ID, err)
		}
		q.SealedNotes = len(list)
	}
	if officer != "" {
		q.OfficerFollowUp = &FollowUp{}
		if err := json.Unmarshal([]byte(officer), q.OfficerFollowUp); err != nil {
			return q, fmt.Errorf("question %s: officer's follow-up: %w", q.ID, err)
		}
	}
	q.CreatedAt, q.UpdatedAt = mustTime(created), mustTime(updated)
	q.DeletedAt = parseTime(deleted)
	return q, nil
}
