package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Merges lists the merges that changed a session, newest first.
func (st *Store) Merges(ctx context.Context, sessionID string) ([]MergeRecord, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT m.id, m.session_id, m.officer, coalesce(k.fingerprint, ''), m.bundle,
		m.forwarded, m.rows, m.created_at, m.undone_at, m.expired_at FROM merges m LEFT JOIN officer_keys k ON k.public_key = m.public_key
		WHERE m.session_id = ? ORDER BY m.created_at DESC, m.rowid DESC`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("merges: %w", err)
	}
	defer rows.Close()
	list := []MergeRecord{}
	for rows.Next() {
		var r MergeRecord
		var created string
		var undone, expired sql.NullString
		if err := rows.Scan(&r.ID, &r.SessionID, &r.Officer, &r.Fingerprint, &r.Bundle, &r.Forwarded, &r.Rows,
			&created, &undone, &expired); err != nil {
			return nil, err
		}
		r.CreatedAt = mustTime(created)
		r.ExpiredAt = parseTime(expired)
		if undone.Valid {
			t := mustTime(undone.String)
			r.UndoneAt = &t
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].UndoneAt == nil {
			list[i].Undoable = list[i].ExpiredAt == nil
			break
		}
	}
	return list, nil
}

// UndoMerge puts every row a merge changed back as it was before; a
// session the merge brought is removed. Only the latest merge of a session
// not undone yet can be undone, and only while its rows are as it left
// them (ErrStaleMerge); ErrNotFound for an unknown or undone one.
func (st *Store) UndoMerge(ctx context.Context, id string) error {
	return st.write(ctx, func(tx *sql.Tx) error {
		var sessionID string
		var expired bool
		err := tx.QueryRowContext(ctx, "SELECT session_id, expired_at IS NOT NULL FROM merges WHERE id = ? AND undone_at IS NULL",
			id).Scan(&sessionID, &expired)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if expired {
			return ErrMergeExpired
		}
		var latest string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM merges WHERE session_id = ? AND undone_at IS NULL
			ORDER BY created_at DESC, rowid DESC LIMIT 1`, sessionID).Scan(&latest); err != nil {
			return err
		}
		if latest != id {
			return ErrStaleMerge
		}
		// A conflict decided for the incoming row since changed rows this
		// merge does not know about.
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM conflicts WHERE session_id = ? AND resolution = 'incoming'
			AND resolved_at >= (SELECT created_at FROM merges WHERE id = ?)`, sessionID, id).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return ErrStaleMerge
		}
		logged, err := mergeRows(ctx, tx, id)
		if err != nil {
			return err
		}
		stmts := map[string]*sql.Stmt{}
		defer func() {
			for _, s := range stmts {
				s.Close()
			}
		}()
		for _, r := range logged {
			if err := r.checkUnchanged(ctx, tx); err != nil {
				return err
			}
		}
		var origin string
		if err := tx.QueryRowContext(ctx, "SELECT origin_laptop FROM sessions WHERE id = ?", sessionID).Scan(&origin); err != nil &&
			!errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if len(logged) > 0 && logged[0].table == sessionsTable && !logged[0].before.Valid {
			// The merge brought the session: its conflicts and exports go too.
			for _, t := range []string{"conflicts", "exports"} {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE session_id = ?", sessionID); err != nil {
					return err
				}
			}
		}
		for i := len(logged) - 1; i >= 0; i-- {
			if err := logged[i].undo(ctx, tx, stmts, origin != ""); err != nil {
				return fmt.Errorf("undo merge %s: %s %s: %w", id, logged[i].table.name, logged[i].id, err)
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE merges SET undone_at = ? WHERE id = ?", st.now(), id); err != nil {
			return err
		}
		// What the undo put back is kept as private as everything else:
		// a tip that was in clear is sealed, a purged session stays purged.
		if err := keepPrivate(ctx, tx, sessionID, st.now()); err != nil {
			return err
		}
		// The epoch the merge recorded is forgotten with it: the same
		// bundle, or the next one of that epoch, replaces again.
		_, err = tx.ExecContext(ctx, "DELETE FROM session_epochs WHERE merge_id = ?", id)
		return err
	})
}

type undoRow struct {
	table  *exchangeTable
	id     string
	before sql.NullString
	image  any
	after  sql.NullInt64
}

func mergeRows(ctx context.Context, tx *sql.Tx, mergeID string) ([]undoRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, row_id, before, before_image, after_version FROM merge_rows
		WHERE merge_id = ? ORDER BY seq`, mergeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []undoRow
	for rows.Next() {
		var r undoRow
		var table string
		if err := rows.Scan(&table, &r.id, &r.before, &r.image, &r.after); err != nil {
			return nil, err
		}
		if r.table = tableNamed(table); r.table == nil {
			return nil, fmt.Errorf("unknown table %q", table)
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// checkUnchanged refuses when the row is not as the merge left it.
func (r undoRow) checkUnchanged(ctx context.Context, tx *sql.Tx) error {
	var version int64
	err := tx.QueryRowContext(ctx, "SELECT version FROM "+r.table.storage()+" WHERE id = ?", r.table.key(r.id)).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if r.after.Valid {
			return ErrStaleMerge
		}
		return nil
	case err != nil:
		return err
	case !r.after.Valid:
		// Removed by the merge; here again only if a later change brought it.
		return ErrStaleMerge
	case version != r.after.Int64:
		return ErrStaleMerge
	}
	return nil
}

// undo puts one row back: removed when the merge added it, written back as
// it was otherwise.
func (r undoRow) undo(ctx context.Context, tx *sql.Tx, stmts map[string]*sql.Stmt, imported bool) error {
	t := r.table
	if !r.before.Valid {
		_, err := tx.ExecContext(ctx, "DELETE FROM "+t.storage()+" WHERE id = ?", t.key(r.id))
		return err
	}
	row := t.newRow()
	dec := json.NewDecoder(strings.NewReader(r.before.String))
	dec.DisallowUnknownFields()
	if err := dec.Decode(row); err != nil {
		return err
	}
	if p, ok := row.(*PhotoRow); ok {
		p.Image, _ = r.image.([]byte)
	}
	vals := row.values()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t.storage()+" WHERE id = ?", t.key(r.id)).Scan(&n); err != nil {
		return err
	}
	return writeRow(ctx, tx, stmts, t, vals, nil, n == 0, imported)
}
