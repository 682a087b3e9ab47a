package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Phase is when a quiz is taken.
type Phase string

// A session has a pre-test and a post-test; a pack's item may serve both.
const (
	PhasePre  Phase = "pre"
	PhasePost Phase = "post"
	PhaseBoth Phase = "both"
)

// QuizItem is one question as the session snapshotted it from its pack.
type QuizItem struct {
	ID          string   `json:"id"`
	SessionID   string   `json:"session_id"`
	Position    int      `json:"position"`
	QuestionID  string   `json:"question_id"` // the pack's id, e.g. q01
	Phase       Phase    `json:"phase"`
	Text        string   `json:"text"`
	Options     []string `json:"options"`
	Letters     []string `json:"letters"` // what is typed for each option: A, B, C… or B/S
	Answer      int      `json:"answer"`  // index of the correct option
	Explanation string   `json:"explanation"`
	Topic       string   `json:"topic"`
	PackID      string   `json:"pack_id"`
	PackVersion string   `json:"pack_version"`
	Version     int      `json:"version"`
}

// In reports whether the item belongs to the pre- or post-test.
func (i QuizItem) In(p Phase) bool { return i.Phase == p || i.Phase == PhaseBoth }

// PhaseItems keeps the items of one phase, in order.
func PhaseItems(items []QuizItem, p Phase) []QuizItem {
	var out []QuizItem
	for _, i := range items {
		if i.In(p) {
			out = append(out, i)
		}
	}
	return out
}

// SnapshotQuiz gives the session its quiz: the items passed in (from its
// pack) the first time, and the same stored items on every later call, so
// a newer pack version never changes a session's quiz.
func (st *Store) SnapshotQuiz(ctx context.Context, sessionID string, items []QuizItem) ([]QuizItem, error) {
	existing, err := st.QuizItems(ctx, sessionID)
	if err != nil || len(existing) > 0 || len(items) == 0 {
		return existing, err
	}
	err = st.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM quiz_items WHERE session_id = ?", sessionID).Scan(&n); err != nil || n > 0 {
			return err
		}
		if err := sessionWritable(ctx, tx, sessionID); err != nil {
			return err
		}
		return st.insertQuizItems(ctx, tx, sessionID, items)
	})
	if err != nil {
		return nil, fmt.Errorf("snapshot quiz: %w", err)
	}
	return st.QuizItems(ctx, sessionID)
}

func (st *Store) insertQuizItems(ctx context.Context, tx *sql.Tx, sessionID string, items []QuizItem) error {
	now := st.now()
	for pos, item := range items {
		if len(item.Options) < 2 || len(item.Letters) != len(item.Options) || item.Answer < 0 || item.Answer >= len(item.Options) {
			return fmt.Errorf("quiz item %s is malformed", item.QuestionID)
		}
		options, _ := json.Marshal(item.Options)
		letters, _ := json.Marshal(item.Letters)
		_, err := tx.ExecContext(ctx, `INSERT INTO quiz_items (id, session_id, position, question_id, phase, text,
			options, letters, answer, explanation, topic, pack_id, pack_version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			NewID(), sessionID, pos+1, item.QuestionID, item.Phase, item.Text, string(options), string(letters),
			item.Answer, item.Explanation, item.Topic, item.PackID, item.PackVersion, now, now)
		if err != nil {
			return err
		}
	}
	return nil
}

// QuizItems is the session's snapshot, in order; empty before first use.
func (st *Store) QuizItems(ctx context.Context, sessionID string) ([]QuizItem, error) {
	return quizItems(ctx, st.db, sessionID)
}

type rowsQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func quizItems(ctx context.Context, q rowsQueryer, sessionID string) ([]QuizItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, session_id, position, question_id, phase, text, options,
		letters, answer, explanation, topic, pack_id, pack_version, version FROM quiz_items
		WHERE session_id = ? AND deleted_at IS NULL ORDER BY position`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("quiz items: %w", err)
	}
	defer rows.Close()
	var items []QuizItem
	for rows.Next() {
		var i QuizItem
		var options, letters string
		if err := rows.Scan(&i.ID, &i.SessionID, &i.Position, &i.QuestionID, &i.Phase, &i.Text, &options, &letters,
			&i.Answer, &i.Explanation, &i.Topic, &i.PackID, &i.PackVersion, &i.Version); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(options), &i.Options); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(letters), &i.Letters); err != nil {
			return nil, err
		}
		items = append(items, i)
	}
	return items, rows.Err()
}

// Blank is the choice recorded for an unanswered item.
const Blank = -1

// AnswerSheet is one participant's answers in one phase.
type AnswerSheet struct {
	ID            string         `json:"id"`
	SessionID     string         `json:"session_id"`
	ParticipantID string         `json:"participant_id"`
	Phase         Phase          `json:"phase"`
	Choices       map[string]int `json:"choices"`          // quiz item id → option index, Blank when left empty
	Source        string         `json:"source,omitempty"` // SourceTyped or SourcePhone
	Version       int            `json:"version"`
}

// AnswerError says what is wrong with a typed answer string.
type AnswerError struct {
	Position int    // 1-based question number, 0 for the whole string
	Char     string // the character that does not fit
	Want     int    // number of questions
	Got      int    // number of answers typed
}

func (e AnswerError) Error() string {
	if e.Char != "" {
		return fmt.Sprintf("answer %d: %q is not an option", e.Position, e.Char)
	}
	return fmt.Sprintf("%d answers for %d questions", e.Got, e.Want)
}

// ParseAnswers reads answers typed as one string, one character per
// question in order (spaces ignored, any case): the option letters (A, B,
// C… or B/S for Benar/Salah) and - or . for a blank. It returns the choices
// typed so far; the error tells the first character that does not fit, or
// that the count differs from the number of questions.
func ParseAnswers(items []QuizItem, typed string) ([]int, error) {
	var choices []int
	for _, r := range typed {
		if unicode.IsSpace(r) {
			continue
		}
		pos := len(choices)
		if pos >= len(items) {
			return choices, AnswerError{Want: len(items), Got: pos + 1}
		}
		if r == '-' || r == '.' || r == '_' {
			choices = append(choices, Blank)
			continue
		}
		found := Blank
		for i, l := range items[pos].Letters {
			if strings.EqualFold(l, string(r)) {
				found = i
			}
		}
		if found == Blank {
			return choices, AnswerError{Position: pos + 1, Char: string(r)}
		}
		choices = append(choices, found)
	}
	if len(choices) != len(items) {
		return choices, AnswerError{Want: len(items), Got: len(choices)}
	}
	return choices, nil
}

// FormatAnswers writes choices back as letters, five to a group, the way
// they are typed.
func FormatAnswers(items []QuizItem, sheet AnswerSheet) string {
	var b strings.Builder
	for n, item := range items {
		if n > 0 && n%5 == 0 {
			b.WriteByte(' ')
		}
		c, ok := sheet.Choices[item.ID]
		if !ok || c < 0 || c >= len(item.Letters) {
			b.WriteByte('-')
		} else {
			b.WriteString(item.Letters[c])
		}
	}
	return b.String()
}

// SaveAnswers records a participant's answers for a phase (replacing any
// earlier ones) in one durable commit. choices follow the phase's items.
func (st *Store) SaveAnswers(ctx context.Context, participantID string, phase Phase, choices []int) (AnswerSheet, error) {
	return st.SaveAnswersFrom(ctx, participantID, phase, choices, SourceTyped)
}

// SaveAnswersFrom is SaveAnswers for answers that came from source
// (SourceTyped or SourcePhone).
func (st *Store) SaveAnswersFrom(ctx context.Context, participantID string, phase Phase, choices []int, source string) (AnswerSheet, error) {
	if phase != PhasePre && phase != PhasePost {
		return AnswerSheet{}, fmt.Errorf("phase %q", phase)
	}
	if source != SourceTyped && source != SourcePhone {
		return AnswerSheet{}, fmt.Errorf("answer source %q", source)
	}
	var sheet AnswerSheet
	err := st.write(ctx, func(tx *sql.Tx) error {
		p, err := getParticipant(ctx, tx, participantID)
		if err != nil || p.DeletedAt != nil {
			return ErrNotFound
		}
		if err := sessionWritable(ctx, tx, p.SessionID); err != nil {
			return err
		}
		items, err := quizItems(ctx, tx, p.SessionID)
		if err != nil {
			return err
		}
		items = PhaseItems(items, phase)
		if len(choices) != len(items) {
			return AnswerError{Want: len(items), Got: len(choices)}
		}
		sheet = AnswerSheet{SessionID: p.SessionID, ParticipantID: participantID, Phase: phase, Choices: map[string]int{}, Source: source}
		for i, item := range items {
			if choices[i] < Blank || choices[i] >= len(item.Options) {
				return AnswerError{Position: i + 1, Char: fmt.Sprint(choices[i])}
			}
			sheet.Choices[item.ID] = choices[i]
		}
		stored, layout, err := storeChoices(ctx, tx, nil, sheet.Choices)
		if err != nil {
			return err
		}
		now := st.now()
		// updated_at is stored after created_at: a new sheet's is 0, an
		// edited one's is set from the time the row already has.
		_, err = tx.ExecContext(ctx, `INSERT INTO answer_sheets (id, participant_id, phase, choices,
			layout, created_at, updated_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (participant_id, phase) DO UPDATE SET choices = excluded.choices, layout = excluded.layout,
			updated_at = `+answerUpdatedSet("?9")+`, deleted_at = NULL, version = version + 1, source = excluded.source
			WHERE choices <> excluded.choices OR layout IS NOT excluded.layout OR deleted_at IS NOT NULL
			OR source <> excluded.source`,
			answerIDKey(NewID()), answerIDKey(participantID), answerPhaseKey(string(phase)), stored, layout,
			answerTimeKey(now), answerUpdatedKey(now, now), source, now)
		if err != nil {
			return err
		}
		var id any
		if err := tx.QueryRowContext(ctx, "SELECT id, version FROM answer_sheets WHERE participant_id = ? AND phase = ?",
			answerIDKey(participantID), answerPhaseKey(string(phase))).Scan(&id, &sheet.Version); err != nil {
			return err
		}
		sheet.ID, err = answerIDText(id)
		return err
	})
	return sheet, err
}

// answerUpdatedSet sets a stored sheet's updated_at to the time in the
// parameter p (text), after the sheet's created_at.
func answerUpdatedSet(p string) string {
	return "CASE WHEN typeof(created_at) = 'integer' AND typeof(" + sqlTimeKey(p) + ") = 'integer' THEN " +
		sqlTimeKey(p) + " - created_at ELSE " + p + " END"
}

// DeleteAnswers removes a participant's answers for a phase (soft delete).
func (st *Store) DeleteAnswers(ctx context.Context, participantID string, phase Phase) error {
	return st.write(ctx, func(tx *sql.Tx) error {
		if err := rowWritable(ctx, tx, `SELECT p.session_id FROM answer_sheets a JOIN participants p ON p.id = ?
			WHERE a.participant_id = ? AND a.phase = ? AND a.deleted_at IS NULL`,
			participantID, answerIDKey(participantID), answerPhaseKey(string(phase))); err != nil {
			return err
		}
		now := st.now()
		_, err := tx.ExecContext(ctx, `UPDATE answer_sheets SET deleted_at = ?2, updated_at = `+answerUpdatedSet("?1")+`,
			version = version + 1 WHERE participant_id = ?3 AND phase = ?4`, now, now, answerIDKey(participantID),
			answerPhaseKey(string(phase)))
		return err
	})
}

// AnswerSheets lists a session's live answer sheets (both phases).
func (st *Store) AnswerSheets(ctx context.Context, sessionID string) ([]AnswerSheet, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT a.id, p.session_id, p.id, a.phase, a.choices, l.items, a.version, a.source
		FROM participants p CROSS JOIN answer_sheets a ON a.participant_id = `+sqlIDKey("p.id")+`
		LEFT JOIN quiz_layouts l ON l.id = a.layout
		WHERE p.session_id = ? AND a.deleted_at IS NULL AND p.deleted_at IS NULL
		ORDER BY p.number, a.phase DESC`, sessionID) // post (1) before pre (0), as when phase was text
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	defer rows.Close()
	var list []AnswerSheet
	for rows.Next() {
		var s AnswerSheet
		var id, phase any
		var choices string
		var layout sql.NullString
		if err := rows.Scan(&id, &s.SessionID, &s.ParticipantID, &phase, &choices, &layout, &s.Version, &s.Source); err != nil {
			return nil, err
		}
		if s.ID, err = answerIDText(id); err != nil {
			return nil, fmt.Errorf("answers: %w", err)
		}
		p, err := answerPhaseText(phase)
		if err != nil {
			return nil, fmt.Errorf("answers %s: %w", s.ID, err)
		}
		s.Phase = Phase(p)
		c, err := expandChoices(choices, layout)
		if err != nil {
			return nil, fmt.Errorf("answers %s: %w", s.ID, err)
		}
		s.Choices = c
		list = append(list, s)
	}
	return list, rows.Err()
}

// Tally is a show of hands for one item: the count for each option, or
// only how many were right out of how many present.
type Tally struct {
	ID      string `json:"id"`
	ItemID  string `json:"item_id"`
	Phase   Phase  `json:"phase"`
	Counts  []int  `json:"counts,omitempty"`
	Correct *int   `json:"correct,omitempty"`
	Present *int   `json:"present,omitempty"`
	Version int    `json:"version"`
}

// Right and Total are the tally's correct answers and people counted.
func (t Tally) Right(item QuizItem) (right, total int) {
	if len(t.Counts) > 0 {
		for i, n := range t.Counts {
			total += n
			if i == item.Answer {
				right = n
			}
		}
		return right, total
	}
	if t.Correct != nil {
		right = *t.Correct
	}
	if t.Present != nil {
		total = *t.Present
	}
	return right, total
}

// MaxHands bounds a show-of-hands count: no village hall holds more.
const MaxHands = 2000

// ErrTallyExceedsAttendance is returned with a saved tally whose count is
// larger than the people registered: attendance is often incomplete when
// the pre-test runs, so it is a warning, not a refusal.
var ErrTallyExceedsAttendance = errors.New("more hands than registered participants")

// SaveTally records a show of hands. Negative or absurd numbers are refused;
// more hands than registered participants is saved and reported with
// ErrTallyExceedsAttendance.
func (st *Store) SaveTally(ctx context.Context, itemID string, phase Phase, t Tally) (Tally, error) {
	if phase != PhasePre && phase != PhasePost {
		return t, fmt.Errorf("phase %q", phase)
	}
	t.ItemID, t.Phase = itemID, phase
	var c checker
	for _, n := range t.Counts {
		if n < 0 || n > MaxHands {
			c.add("counts", CodeOutOfRange, MaxHands)
			break
		}
	}
	for _, v := range []*int{t.Correct, t.Present} {
		if v != nil && (*v < 0 || *v > MaxHands) {
			c.add("counts", CodeOutOfRange, MaxHands)
		}
	}
	if t.Correct != nil && t.Present != nil && *t.Correct > *t.Present {
		c.add("correct", CodeOutOfRange, *t.Present)
	}
	if err := c.err(); err != nil {
		return t, err
	}
	var exceeds bool
	err := st.write(ctx, func(tx *sql.Tx) error {
		var sessionID string
		var options string
		var answer int
		err := tx.QueryRowContext(ctx, "SELECT session_id, options, answer FROM quiz_items WHERE id = ?", itemID).Scan(&sessionID, &options, &answer)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := sessionWritable(ctx, tx, sessionID); err != nil {
			return err
		}
		var opts []string
		json.Unmarshal([]byte(options), &opts)
		if len(t.Counts) > 0 && len(t.Counts) != len(opts) {
			return fmt.Errorf("%d counts for %d options", len(t.Counts), len(opts))
		}
		var registered int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM participants WHERE session_id = ? AND deleted_at IS NULL",
			sessionID).Scan(&registered); err != nil {
			return err
		}
		_, total := t.Right(QuizItem{Answer: answer})
		exceeds = total > registered
		counts, _ := json.Marshal(t.Counts)
		if t.Counts == nil {
			counts = []byte("[]")
		}
		now := st.now()
		_, err = tx.ExecContext(ctx, `INSERT INTO quiz_tallies (id, session_id, item_id, phase, counts, correct, present,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (item_id, phase) DO UPDATE SET counts = excluded.counts, correct = excluded.correct,
			present = excluded.present, updated_at = excluded.updated_at, deleted_at = NULL, version = version + 1`,
			NewID(), sessionID, itemID, phase, string(counts), t.Correct, t.Present, now, now)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT id, version FROM quiz_tallies WHERE item_id = ? AND phase = ?", itemID, phase).Scan(&t.ID, &t.Version)
	})
	if err == nil && exceeds {
		err = ErrTallyExceedsAttendance
	}
	return t, err
}

// Tallies lists a session's live show-of-hands counts.
func (st *Store) Tallies(ctx context.Context, sessionID string) ([]Tally, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT id, item_id, phase, counts, correct, present, version FROM quiz_tallies
		WHERE session_id = ? AND deleted_at IS NULL`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("tallies: %w", err)
	}
	defer rows.Close()
	var list []Tally
	for rows.Next() {
		t, err := scanTally(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// scanTally reads the columns id, item_id, phase, counts, correct, present
// and version, after any extra ones.
func scanTally(row scanner, extra ...any) (Tally, error) {
	var t Tally
	var counts string
	var correct, present sql.NullInt64
	if err := row.Scan(append(extra, &t.ID, &t.ItemID, &t.Phase, &counts, &correct, &present, &t.Version)...); err != nil {
		return t, err
	}
	json.Unmarshal([]byte(counts), &t.Counts)
	if correct.Valid {
		v := int(correct.Int64)
		t.Correct = &v
	}
	if present.Valid {
		v := int(present.Int64)
		t.Present = &v
	}
	return t, nil
}

// QuizData is everything the results are computed from.
type QuizData struct {
	Items        []QuizItem
	Sheets       []AnswerSheet
	Tallies      []Tally
	Participants []Participant
}

// QuizData reads a session's quiz, answers, tallies and attendance.
func (st *Store) QuizData(ctx context.Context, sessionID string) (QuizData, error) {
	var d QuizData
	var err error
	if d.Items, err = st.QuizItems(ctx, sessionID); err != nil {
		return d, err
	}
	if d.Sheets, err = st.AnswerSheets(ctx, sessionID); err != nil {
		return d, err
	}
	if d.Tallies, err = st.Tallies(ctx, sessionID); err != nil {
		return d, err
	}
	d.Participants, err = st.Participants(ctx, sessionID)
	return d, err
}
