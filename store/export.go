package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Export: a session's rows read as a bundle carries them, and what was
// sent (MarkExported, ChangedSinceExport).

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
// extra ones; an answer sheet's choices as the JSON a bundle carries.
func readRows(ctx context.Context, q rowsQueryer, t *exchangeTable, extra []string, where string, args ...any) ([][]any, error) {
	if t == quizAnswersTable && len(extra) == 0 && len(args) == 1 && (where == "session_id = ?" || where == "id = ?") {
		return readAnswerRows(ctx, q, where, args[0]) // the same rows, read without the view
	}
	cols := append(append([]string(nil), t.columns...), extra...)
	if t == quizAnswersTable {
		cols = append(cols, answerLayoutColumn)
	}
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
		if t == quizAnswersTable {
			id := vals[0]
			if vals, err = expandAnswerRow(vals); err != nil {
				return nil, fmt.Errorf("read %s %v: %w", t.name, id, err)
			}
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
		// Driven by exports (CROSS JOIN keeps it the outer loop): a
		// coordinator holds 10,000 imported sessions and has exported none,
		// and a scan of every table took a second at every start.
		parts = append(parts, "SELECT s.id AS sid, s.version FROM exports e CROSS JOIN sessions s ON s.id = e.session_id")
		for _, t := range tables {
			parts = append(parts, "SELECT t.session_id, t.version FROM exports e CROSS JOIN "+t+" t ON t.session_id = e.session_id")
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
