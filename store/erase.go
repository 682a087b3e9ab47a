package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	gosync "sync"
)

// Deleting a participant, question or photo removes its content: what stays
// is a tombstone (id, session, number, version, deletion time) so that
// bundles still carry the deletion. secure_delete (see dsn) overwrites the
// freed bytes, and the WAL is checkpointed and truncated afterwards so that
// no earlier page image keeps them either. The undo offered just after a
// deletion puts the content back from memory.

// erasedColumns are the content columns a deletion empties, with the empty
// value each gets. Whatever else a row holds (gender and category of a
// person, topic and status of a question) counts nobody and names nobody.
var erasedColumns = map[string][]struct {
	name  string
	empty any
}{
	"participants": {{"name", ""}, {"name_key", ""}, {"age", nil}, {"village", ""}, {"phone", ""},
		{"consent", 0}, {"guardian_present", nil}},
	"questions": {{"text", ""}, {"asked_by", nil}, {"answer", ""}, {"referred_to", ""}, {"closed_note", ""},
		{"officer_followup", ""}, {"sealed_notes", ""}},
	"photos": {{"image", []byte{}}, {"caption", ""}, {"sha256", ""}},
}

// maxRemembered bounds how many deletions can be undone in one run.
const maxRemembered = 200

// ErrContentGone: the row's content was removed when it was deleted and is
// no longer in memory (the app was closed since), so it cannot come back.
var ErrContentGone = errors.New("the deleted content is gone: it can be restored only just after the deletion, before the app is closed")

type removedRows struct {
	mu    gosync.Mutex
	order []string
	rows  map[string][]any // table+id → the erased columns' values
}

func (r *removedRows) put(key string, vals []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rows == nil {
		r.rows = map[string][]any{}
	}
	if _, ok := r.rows[key]; !ok {
		r.order = append(r.order, key)
	}
	r.rows[key] = vals
	for len(r.order) > maxRemembered {
		delete(r.rows, r.order[0])
		r.order = r.order[1:]
	}
}

func (r *removedRows) take(key string) ([]any, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	vals, ok := r.rows[key]
	delete(r.rows, key)
	return vals, ok
}

// setRowDeleted deletes a row of a session's child table, removing its
// content, or restores it with the content the deletion removed.
func (st *Store) setRowDeleted(ctx context.Context, table, id string, deleted bool) error {
	cols := erasedColumns[table]
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	key := table + "/" + id
	var kept []any
	if !deleted {
		var ok bool
		if kept, ok = st.removed.take(key); !ok {
			return ErrContentGone
		}
	}
	var removed []any
	err := st.write(ctx, func(tx *sql.Tx) error {
		if err := rowWritable(ctx, tx, "SELECT session_id FROM "+table+" WHERE id = ?", id); err != nil {
			return err
		}
		now := st.now()
		sets := make([]string, len(cols))
		args := make([]any, 0, len(cols)+4)
		for i, c := range cols {
			sets[i] = c.name + " = ?"
			if deleted {
				args = append(args, c.empty)
			} else {
				args = append(args, kept[i])
			}
		}
		if deleted {
			removed = make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range removed {
				ptrs[i] = &removed[i]
			}
			if err := tx.QueryRowContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+table+
				" WHERE id = ? AND deleted_at IS NULL", id).Scan(ptrs...); errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			} else if err != nil {
				return err
			}
		}
		var deletedAt any
		if deleted {
			deletedAt = now
		}
		args = append(args, deletedAt, now, id, deleted)
		res, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+strings.Join(sets, ", ")+`, deleted_at = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND (deleted_at IS NULL) = ?`, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	switch {
	case err != nil && !deleted:
		st.removed.put(key, kept)
	case err == nil && deleted:
		st.removed.put(key, removed)
		_ = st.Checkpoint(ctx)
	}
	return err
}

// Checkpoint copies the WAL into the database file and truncates it, so
// that page images holding removed content leave the disk. It never waits:
// a reader that holds an old snapshot (the daily backup, the deferred
// check, a command reading) keeps it from finishing, and then the next
// write commit tries again until one finishes.
func (st *Store) Checkpoint(ctx context.Context) error {
	err := st.checkpointNow(ctx)
	st.checkpointDue.Store(err != nil)
	return err
}

func (st *Store) checkpointNow(ctx context.Context) error {
	conn, err := st.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	defer conn.ExecContext(context.Background(), "PRAGMA busy_timeout = 5000") // as dsn sets it
	var busy, logged, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return errors.New("checkpoint: a reader holds the database; it is tried again after the next save")
	}
	return nil
}
