package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Conflict is a row that two laptops changed differently at the same
// version. Local and Incoming are the row's JSON as in a bundle; Fields
// names the columns that differ.
type Conflict struct {
	ID           string          `json:"id"`
	SessionID    string          `json:"session_id"`
	SessionTitle string          `json:"session_title"`
	Table        string          `json:"table"`
	RowID        string          `json:"row_id"`
	Fields       []string        `json:"fields"`
	Local        json.RawMessage `json:"local"`
	Incoming     json.RawMessage `json:"incoming"`
	Source       string          `json:"source"`
	CreatedAt    time.Time       `json:"created_at"`
}

// Conflicts lists the conflicts still to be decided, oldest first.
func (st *Store) Conflicts(ctx context.Context) ([]Conflict, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT c.id, c.session_id, s.title, c.table_name, c.row_id, c.local,
		c.incoming, c.source, c.created_at FROM conflicts c JOIN sessions s ON s.id = c.session_id
		WHERE c.resolved_at IS NULL ORDER BY c.created_at, c.id`)
	if err != nil {
		return nil, fmt.Errorf("list conflicts: %w", err)
	}
	defer rows.Close()
	list := []Conflict{}
	for rows.Next() {
		var c Conflict
		var local, incoming, created string
		if err := rows.Scan(&c.ID, &c.SessionID, &c.SessionTitle, &c.Table, &c.RowID, &local, &incoming,
			&c.Source, &created); err != nil {
			return nil, err
		}
		c.Local, c.Incoming, c.CreatedAt = json.RawMessage(local), json.RawMessage(incoming), mustTime(created)
		c.Fields = differingFields(c.Local, c.Incoming)
		list = append(list, c)
	}
	return list, rows.Err()
}

// notCompared are fields a person cannot act on: when a row was saved, and
// a session's origin, which the row kept here does not carry.
var notCompared = map[string]bool{"updated_at": true, "origin_laptop": true, "origin_officer": true, "asker_withheld": true}

func differingFields(a, b json.RawMessage) []string {
	var x, y map[string]json.RawMessage
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return nil
	}
	fields := []string{}
	for k, v := range y {
		if !notCompared[k] && string(x[k]) != string(v) {
			fields = append(fields, k)
		}
	}
	sort.Strings(fields)
	return fields
}

// ResolveConflict decides a conflict: keep the row as it is here, or take
// the incoming row (at the same version; a follow-up the coordinator owns
// stays). A conflict whose row changed since is refused with
// ErrStaleConflict; an unknown or decided one with ErrNotFound.
func (st *Store) ResolveConflict(ctx context.Context, id string, takeIncoming bool) error {
	return st.write(ctx, func(tx *sql.Tx) error {
		var sessionID, table, rowID, local, incoming string
		var image any
		err := tx.QueryRowContext(ctx, `SELECT session_id, table_name, row_id, local, incoming, incoming_image
			FROM conflicts WHERE id = ? AND resolved_at IS NULL`, id).Scan(&sessionID, &table, &rowID, &local, &incoming, &image)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		resolution := "local"
		if takeIncoming {
			resolution = "incoming"
			if err := st.takeIncoming(ctx, tx, sessionID, table, rowID, local, incoming, image); err != nil {
				return fmt.Errorf("resolve conflict %s: %w", id, err)
			}
		}
		_, err = tx.ExecContext(ctx, "UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE id = ?", st.now(), resolution, id)
		return err
	})
}

func (st *Store) takeIncoming(ctx context.Context, tx *sql.Tx, sessionID, table, rowID, local, incoming string, image any) error {
	t := tableNamed(table)
	if t == nil {
		return fmt.Errorf("unknown table %q", table)
	}
	row := t.newRow()
	dec := json.NewDecoder(strings.NewReader(incoming))
	dec.DisallowUnknownFields()
	if err := dec.Decode(row); err != nil {
		return err
	}
	if p, ok := row.(*PhotoRow); ok {
		p.Image, _ = image.([]byte)
	}
	vals := row.values()
	var origin string
	if err := tx.QueryRowContext(ctx, "SELECT origin_laptop FROM sessions WHERE id = ?", sessionID).Scan(&origin); err != nil {
		return err
	}
	imported := origin != ""
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	var extra []string
	if t == questionsTable {
		extra = questionLocalColumns
	}
	rows, err := readRows(ctx, tx, t, extra, "id = ?", rowID)
	if err != nil {
		return err
	}
	if local == "null" {
		// A row a forwarded bundle would add.
		if len(rows) > 0 {
			return ErrStaleConflict
		}
		return writeRow(ctx, tx, stmts, t, vals, nil, true, imported)
	}
	if len(rows) == 0 {
		return ErrNotFound
	}
	loc := localRow(rows[0])
	var was struct{ Version int64 }
	if err := json.Unmarshal([]byte(local), &was); err != nil {
		return err
	}
	if t.version(loc[:len(t.columns)]) != was.Version {
		return ErrStaleConflict
	}
	if t == questionsTable && imported && followUpOwned(loc) {
		for _, col := range followUpColumns {
			vals[t.index[col]] = loc[t.index[col]]
		}
		vals[t.index["version"]] = loc[t.index["version"]]
		return writeRow(ctx, tx, stmts, t, vals, map[string]any{"origin_version": t.version(row.values()),
			"followup_local": int64(1)}, false, imported)
	}
	return writeRow(ctx, tx, stmts, t, vals, nil, false, imported)
}
