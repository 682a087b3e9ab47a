package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// How answer sheets are stored (migration 0008): the sorted item ids of a
// sheet once in quiz_layouts, and the sheet as one letter per item in that
// order, A for option 0 … Z for option 25, - for Blank. A sheet that does
// not fit (an odd key, a choice outside that range, no choices at all) is
// stored as its JSON, as before; so is every row an older version wrote and
// the migration could not convert. Bundles, conflicts and the undo log
// never see the compact form: readRows and writeRow translate at the table's
// edge, AnswerSheets and SaveAnswers do the same.

const (
	blankLetter = '-'
	maxLetter   = 'Z'
)

// compactChoices gives a sheet's layout (its item ids, sorted and joined by
// commas) and its letters, or ok false when the sheet must stay JSON.
func compactChoices(c AnswerChoices) (items, letters string, ok bool) {
	if len(c) == 0 {
		return "", "", false
	}
	keys := make([]string, 0, len(c))
	for k, v := range c {
		if k == "" || !plainJSONKey(k) || v < Blank || v > maxLetter-'A' {
			return "", "", false
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := make([]byte, len(keys))
	for i, k := range keys {
		if c[k] == Blank {
			b[i] = blankLetter
		} else {
			b[i] = byte('A' + c[k])
		}
	}
	return strings.Join(keys, ","), string(b), true
}

// isCompact tells the two stored forms apart: JSON starts with { (or is
// null); letters never do.
func isCompact(stored string, layout sql.NullString) bool {
	return layout.Valid && stored != "" && stored[0] != '{' && stored != "null"
}

// expandChoices reads a stored sheet in either form.
func expandChoices(stored string, layout sql.NullString) (AnswerChoices, error) {
	if !isCompact(stored, layout) {
		var c AnswerChoices
		if err := c.UnmarshalJSON([]byte(stored)); err != nil {
			return nil, err
		}
		return c, nil
	}
	keys := strings.Split(layout.String, ",")
	if len(keys) != len(stored) {
		return nil, fmt.Errorf("answer sheet: %d letters for %d items", len(stored), len(keys))
	}
	c := make(AnswerChoices, len(keys))
	for i, k := range keys {
		switch l := stored[i]; {
		case l == blankLetter:
			c[k] = Blank
		case l >= 'A' && l <= maxLetter:
			c[k] = int(l - 'A')
		default:
			return nil, fmt.Errorf("answer sheet: letter %q", l)
		}
	}
	return c, nil
}

// choicesJSON is a stored sheet as the JSON text a bundle carries.
func choicesJSON(stored string, layout sql.NullString) (string, error) {
	if !isCompact(stored, layout) {
		return stored, nil
	}
	c, err := expandChoices(stored, layout)
	if err != nil {
		return "", err
	}
	return string(c.appendJSON(nil)), nil
}

// storeChoices turns a sheet into what its row stores: the letters and the
// layout's id, or the JSON and a NULL layout. The layout is added when new.
func storeChoices(ctx context.Context, tx *sql.Tx, stmts map[string]*sql.Stmt, c AnswerChoices) (string, any, error) {
	items, letters, ok := compactChoices(c)
	if !ok {
		return string(c.appendJSON(nil)), nil, nil
	}
	id, err := layoutID(ctx, tx, stmts, items)
	if err != nil {
		return "", nil, fmt.Errorf("answer layout: %w", err)
	}
	return letters, id, nil
}

const (
	// By the layout's first item (the index quiz_layouts_by_first, since
	// migration 0010), then whole.
	layoutSelect = "SELECT id FROM quiz_layouts WHERE substr(items, 1, 37) = substr(?1, 1, 37) AND items = ?1 ORDER BY id LIMIT 1"
	layoutInsert = "INSERT INTO quiz_layouts (items) VALUES (?) RETURNING id"
)

// layoutID finds or adds a layout. stmts (may be nil) keeps prepared
// statements for a transaction that writes many sheets.
func layoutID(ctx context.Context, tx *sql.Tx, stmts map[string]*sql.Stmt, items string) (int64, error) {
	var id int64
	err := prepared(ctx, tx, stmts, layoutSelect).QueryRowContext(ctx, items).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = prepared(ctx, tx, stmts, layoutInsert).QueryRowContext(ctx, items).Scan(&id)
	}
	return id, err
}

// preparedStmt is a statement to run in tx, prepared once per stmts map.
type preparedStmt struct {
	tx    *sql.Tx
	stmt  *sql.Stmt
	query string
}

func prepared(ctx context.Context, tx *sql.Tx, stmts map[string]*sql.Stmt, query string) preparedStmt {
	if stmts != nil {
		if s, ok := stmts[query]; ok {
			return preparedStmt{tx: tx, stmt: s, query: query}
		}
		if s, err := tx.PrepareContext(ctx, query); err == nil {
			stmts[query] = s
			return preparedStmt{tx: tx, stmt: s, query: query}
		}
	}
	return preparedStmt{tx: tx, query: query}
}

func (p preparedStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	if p.stmt != nil {
		return p.stmt.QueryRowContext(ctx, args...)
	}
	return p.tx.QueryRowContext(ctx, p.query, args...)
}

// answerLayoutColumn is read after a quiz_answers row's columns so that
// its choices can be expanded.
const answerLayoutColumn = "(SELECT items FROM quiz_layouts WHERE id = quiz_answers.layout)"

// expandAnswerRow replaces the stored choices of a row read with
// answerLayoutColumn last by their JSON, and drops that column.
func expandAnswerRow(vals []any) ([]any, error) {
	i := quizAnswersTable.index["choices"]
	last := len(vals) - 1
	var layout sql.NullString
	switch v := vals[last].(type) {
	case string:
		layout = sql.NullString{String: v, Valid: true}
	case []byte:
		layout = sql.NullString{String: string(v), Valid: true}
	}
	stored := asString(vals[i])
	text, err := choicesJSON(stored, layout)
	if err != nil {
		return nil, err
	}
	vals[i] = text
	return vals[:last], nil
}
