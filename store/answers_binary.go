package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// How answer sheets are stored since migration 0010 (a year of a province
// holds a million of them): in the table answer_sheets, with
//   - ids as 16 bytes when they are our canonical lowercase UUIDs, and as
//     their exact text otherwise (so an odd id reads back as it came);
//   - created_at as milliseconds since 1970 when it is in formatTime's form
//     and reads back the same, its text otherwise; updated_at as
//     milliseconds after created_at when both are numbers, its text
//     otherwise;
//   - phase as 0 (pre) or 1 (post);
//   - no session_id: a sheet belongs to its person's session, which the
//     table's triggers enforce (a write that disagrees fails as a foreign
//     key would).
//
// The view quiz_answers shows the rows exactly as the old table held them,
// so any query written against it gives the same answers, and takes writes
// through its triggers. It finds a session's sheets through the session's
// people and their index, but a sheet by its id only by reading them all
// (the id it shows is computed), and every value it shows is translated in
// SQL; so the paths that run often (a bundle's export and merge, undo,
// saving and listing answer sheets, the demo) read and write answer_sheets
// directly and translate here, in Go. A test holds the Go and SQL
// translations to the same results.

const answerSheetsTable = "answer_sheets"

// answerIDKey is how an id is stored: 16 bytes for a canonical id.
func answerIDKey(s string) any {
	b, ok := idBytes(s)
	if !ok {
		return s
	}
	return b[:]
}

// idBytes is a canonical id's 16 bytes; ok is false for any other text.
func idBytes(s string) (b [16]byte, ok bool) {
	ok = isID(s) && decodeHex(b[0:4], s[0:8]) && decodeHex(b[4:6], s[9:13]) && decodeHex(b[6:8], s[14:18]) &&
		decodeHex(b[8:10], s[19:23]) && decodeHex(b[10:16], s[24:36])
	return b, ok
}

// answerIDText reads a stored id back.
func answerIDText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		if len(x) != 16 {
			return "", fmt.Errorf("stored id of %d bytes", len(x))
		}
		h := hex.EncodeToString(x)
		return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], nil
	}
	return "", fmt.Errorf("stored id %T", v)
}

const storedTimeLayout = "2006-01-02T15:04:05.000Z"

// answerTimeKey is how a time is stored: milliseconds when it reads back
// as the same text.
func answerTimeKey(s string) any {
	if len(s) != len(storedTimeLayout) {
		return s
	}
	t, err := time.Parse(storedTimeLayout, s)
	if err != nil || t.Year() < 1970 || t.UTC().Format(storedTimeLayout) != s {
		return s
	}
	return t.UnixMilli()
}

// answerTimeText reads a stored time back.
func answerTimeText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return time.UnixMilli(x).UTC().Format(storedTimeLayout), nil
	}
	return "", fmt.Errorf("stored time %T", v)
}

// answerUpdatedKey stores updated_at after created_at.
func answerUpdatedKey(created, updated string) any {
	c, ok1 := answerTimeKey(created).(int64)
	u, ok2 := answerTimeKey(updated).(int64)
	if ok1 && ok2 {
		return u - c
	}
	return updated
}

// answerUpdatedText reads updated_at back from its row's stored created_at.
func answerUpdatedText(created, updated any) (string, error) {
	d, ok := updated.(int64)
	if !ok {
		return answerTimeText(updated)
	}
	c, ok := created.(int64)
	if !ok {
		return "", fmt.Errorf("stored updated_at %d after a created_at %T", d, created)
	}
	return answerTimeText(c + d)
}

func answerPhaseKey(p string) any {
	switch p {
	case string(PhasePre):
		return int64(0)
	case string(PhasePost):
		return int64(1)
	}
	return p
}

func answerPhaseText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		switch x {
		case 0:
			return string(PhasePre), nil
		case 1:
			return string(PhasePost), nil
		}
	}
	return "", fmt.Errorf("stored phase %v", v)
}

// The same translations in SQL, for the view, its triggers and the
// migration (0010_answer_sheets.sql spells them out; a test compares).

// sqlIDText is the text of the stored id x.
func sqlIDText(x string) string {
	h := "hex(" + x + ")"
	return "CASE WHEN typeof(" + x + ") = 'blob' AND length(" + x + ") = 16 THEN lower(substr(" + h + ", 1, 8) || '-' || substr(" +
		h + ", 9, 4) || '-' || substr(" + h + ", 13, 4) || '-' || substr(" + h + ", 17, 4) || '-' || substr(" + h + ", 21)) ELSE " + x + " END"
}

// sqlIDKey is how the id text x is stored. Canonical: 36 characters,
// dashes at 9, 14, 19 and 24, and between them 32 lowercase hex digits
// (unhex ignores the dashes between pairs of digits and gives 16 bytes only
// for 32 of them); cheaper than a GLOB of 32 character classes, which a
// recap pays for each of 600,000 people.
func sqlIDKey(x string) string {
	return "CASE WHEN typeof(" + x + ") = 'text' AND length(" + x + ") = 36 AND substr(" + x + ", 9, 1) || substr(" + x +
		", 14, 1) || substr(" + x + ", 19, 1) || substr(" + x + ", 24, 1) = '----' AND length(unhex(" + x + ", '-')) = 16 AND lower(" +
		x + ") = " + x + " THEN unhex(" + x + ", '-') ELSE " + x + " END"
}

// sqlTimeText is the text of the stored time x (milliseconds or text).
func sqlTimeText(x string) string {
	return "CASE WHEN typeof(" + x + ") = 'integer' THEN strftime('%Y-%m-%dT%H:%M:%S', (" + x + ") / 1000, 'unixepoch') || printf('.%03dZ', (" +
		x + ") % 1000) ELSE " + x + " END"
}

// sqlTimeKey is how the time text x is stored.
func sqlTimeKey(x string) string {
	d := "[0-9]"
	pattern := d + d + d + d + "-" + d + d + "-" + d + d + "T" + d + d + ":" + d + d + ":" + d + d + "." + d + d + d + "Z"
	ms := "(unixepoch(substr(" + x + ", 1, 19)) * 1000 + CAST(substr(" + x + ", 21, 3) AS INTEGER))"
	return "CASE WHEN typeof(" + x + ") = 'text' AND " + x + " GLOB '" + pattern + "' AND " + x + " >= '1970' AND (" +
		sqlTimeText(ms) + ") IS " + x + " THEN " + ms + " ELSE " + x + " END"
}

// sqlUpdatedKey is how updated_at u is stored beside created_at c (texts).
func sqlUpdatedKey(c, u string) string {
	ck, uk := "("+sqlTimeKey(c)+")", "("+sqlTimeKey(u)+")"
	return "CASE WHEN typeof(" + ck + ") = 'integer' AND typeof(" + uk + ") = 'integer' THEN " + uk + " - " + ck + " ELSE " + u + " END"
}

// sqlUpdatedText is the text of updated_at u stored beside created_at c.
func sqlUpdatedText(c, u string) string {
	return "CASE WHEN typeof(" + u + ") = 'integer' THEN " + sqlTimeText("("+c+") + ("+u+")") + " ELSE " + u + " END"
}

func sqlPhaseKey(x string) string {
	return "CASE " + x + " WHEN 'pre' THEN 0 WHEN 'post' THEN 1 ELSE " + x + " END"
}

func sqlPhaseText(x string) string {
	return "CASE " + x + " WHEN 0 THEN 'pre' WHEN 1 THEN 'post' ELSE " + x + " END"
}

// sqlMacros are the translations a migration file may call as
// $NAME(args): the file then holds one spelling of each. A migration is
// applied once and its schema (views, triggers) keeps the expansion it got,
// so these must never change; a new form would be a new migration.
var sqlMacros = map[string]func(args []string) string{
	"ID_TEXT":      func(a []string) string { return sqlIDText(a[0]) },
	"ID_KEY":       func(a []string) string { return sqlIDKey(a[0]) },
	"TIME_TEXT":    func(a []string) string { return sqlTimeText(a[0]) },
	"TIME_KEY":     func(a []string) string { return sqlTimeKey(a[0]) },
	"UPDATED_KEY":  func(a []string) string { return sqlUpdatedKey(a[0], a[1]) },
	"UPDATED_TEXT": func(a []string) string { return sqlUpdatedText(a[0], a[1]) },
	"PHASE_KEY":    func(a []string) string { return sqlPhaseKey(a[0]) },
	"PHASE_TEXT":   func(a []string) string { return sqlPhaseText(a[0]) },
}

var sqlMacroCall = regexp.MustCompile(`\$([A-Z_]+)\(([^()]*)\)`)

// expandSQLMacros replaces each $NAME(a, b) by its SQL.
func expandSQLMacros(body string) string {
	return sqlMacroCall.ReplaceAllStringFunc(body, func(call string) string {
		m := sqlMacroCall.FindStringSubmatch(call)
		f, ok := sqlMacros[m[1]]
		if !ok {
			panic("migration: unknown macro " + m[1])
		}
		args := strings.Split(m[2], ",")
		for i := range args {
			args[i] = strings.TrimSpace(args[i])
		}
		return "(" + f(args) + ")"
	})
}

// storage is the table that holds t's rows; key is how a row's id is
// found there.
func (t *exchangeTable) storage() string {
	if t == quizAnswersTable {
		return answerSheetsTable
	}
	return t.name
}

func (t *exchangeTable) key(id string) any {
	if t == quizAnswersTable {
		return answerIDKey(id)
	}
	return id
}

// answerSelect reads answer_sheets a joined to its person p as the columns
// of quiz_answers, the layout's items last (see answerFromStore).
const answerSelect = `SELECT a.id, p.session_id, p.id, a.phase, a.choices, a.created_at, a.updated_at, a.version,
	a.deleted_at, a.source, (SELECT items FROM quiz_layouts WHERE id = a.layout)`

// answersOfSession are the sheets of the session given, found through its
// people (a sheet belongs to its person's session).
var answersOfSession = " FROM participants p CROSS JOIN answer_sheets a ON a.participant_id = " + sqlIDKey("p.id") +
	" WHERE p.session_id = ?"

// answerByID is one sheet, by its stored id.
var answerByID = " FROM answer_sheets a CROSS JOIN participants p ON p.id = " + sqlIDText("a.participant_id") +
	" WHERE a.id = ?"

// readAnswerRows is readRows for quiz_answers: where is a session's rows or
// one row by id, as readRows's callers ask.
func readAnswerRows(ctx context.Context, q rowsQueryer, where string, arg any) ([][]any, error) {
	var query string
	switch where {
	case "session_id = ?":
		query = answerSelect + answersOfSession
	case "id = ?":
		query = answerSelect + answerByID
		arg = answerIDKey(asString(arg))
	default:
		return nil, fmt.Errorf("read quiz_answers where %s", where)
	}
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, fmt.Errorf("read quiz_answers: %w", err)
	}
	defer rows.Close()
	var list [][]any
	for rows.Next() {
		vals := make([]any, 11)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read quiz_answers: %w", err)
		}
		if vals, err = answerFromStore(vals); err != nil {
			return nil, fmt.Errorf("read quiz_answers: %w", err)
		}
		list = append(list, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// In the order of their text ids, as the old table gave them.
	sort.Slice(list, func(i, j int) bool { return list[i][0].(string) < list[j][0].(string) })
	return list, nil
}

// answerFromStore turns a row read by answerSelect into quiz_answers's
// columns, the choices as the JSON a bundle carries.
func answerFromStore(v []any) ([]any, error) {
	id, err := answerIDText(v[0])
	if err != nil {
		return nil, err
	}
	phase, err := answerPhaseText(v[3])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	created, err := answerTimeText(v[5])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	updated, err := answerUpdatedText(v[5], v[6])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	var layout sql.NullString
	if v[10] != nil {
		layout = sql.NullString{String: asString(v[10]), Valid: true}
	}
	choices, err := choicesJSON(asString(v[4]), layout)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	return []any{id, v[1], v[2], phase, choices, created, updated, v[7], v[8], v[9]}, nil
}

// answerToStore gives the columns and values that store a row of
// quiz_answers (its values in the table's order, choices as JSON) in
// answer_sheets, adding the sheet's layout when new. The row's session
// must be its person's.
func answerToStore(ctx context.Context, tx *sql.Tx, stmts map[string]*sql.Stmt, vals []any) ([]string, []any, error) {
	t := quizAnswersTable
	col := func(name string) any { return vals[t.index[name]] }
	var c AnswerChoices
	if err := c.UnmarshalJSON([]byte(asString(col("choices")))); err != nil {
		return nil, nil, fmt.Errorf("choices: %w", err)
	}
	stored, layout, err := storeChoices(ctx, tx, stmts, c)
	if err != nil {
		return nil, nil, err
	}
	person, session := asString(col("participant_id")), asString(col("session_id"))
	var personSession string
	err = prepared(ctx, tx, stmts, "SELECT session_id FROM participants WHERE id = ?").QueryRowContext(ctx, person).Scan(&personSession)
	if errors.Is(err, sql.ErrNoRows) || err == nil && personSession != session {
		return nil, nil, fmt.Errorf("answer sheet %v of %s in session %s: FOREIGN KEY constraint failed", col("id"), person, session)
	}
	if err != nil {
		return nil, nil, err
	}
	created, updated := asString(col("created_at")), asString(col("updated_at"))
	cols := []string{"id", "participant_id", "phase", "choices", "layout", "created_at", "updated_at", "version", "deleted_at", "source"}
	args := []any{answerIDKey(asString(col("id"))), answerIDKey(person), answerPhaseKey(asString(col("phase"))), stored, layout,
		answerTimeKey(created), answerUpdatedKey(created, updated), col("version"), col("deleted_at"), col("source")}
	return cols, args, nil
}
