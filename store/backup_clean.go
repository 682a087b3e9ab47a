package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
)

// Snapshots in backups/ were taken before later deletions, sealings and
// purges, so they may still hold what the database no longer does.
// CleanBackups brings each one in line, in place: the same snapshots stay
// (same names, same count, still restorable), but every row deleted here
// is emptied in them too, every question confidential here is sealed
// there, and every purged session is purged there. SQLite's rollback
// journal makes each change atomic, and secure_delete (see dsn) zeroes the
// bytes each change frees, in the page and on the freelist, so no VACUUM
// (which would rewrite every snapshot whole) is needed.

// CleanedBackups says what CleanBackups did.
type CleanedBackups struct {
	Checked int      `json:"checked"`
	Cleaned []string `json:"cleaned"` // paths of the snapshots that changed
}

// CleanBackups removes from every snapshot what was removed from the
// database. It needs the coordinator's key to seal what is in clear there;
// without one, confidential questions that are in clear everywhere stay
// as they are (they are in clear in the database too).
func (s *Store) CleanBackups(ctx context.Context) (CleanedBackups, error) {
	s.backupMu.Lock()
	defer s.backupMu.Unlock()
	var done CleanedBackups
	s.removeParts()
	list, err := s.Backups()
	if err != nil {
		return done, err
	}
	keys, err := sealingKeys(ctx, s.db)
	if err != nil {
		return done, err
	}
	_ = s.Checkpoint(ctx) // the snapshots read the database file itself
	for _, b := range list {
		changed, err := s.cleanSnapshot(ctx, b.Path, len(keys) > 0)
		if err != nil {
			return done, fmt.Errorf("clean %s: %w", filepath.Base(b.Path), err)
		}
		done.Checked++
		if changed {
			done.Cleaned = append(done.Cleaned, b.Path)
		}
	}
	return done, nil
}

// snapshotOnly are the rows a snapshot holds that the database no longer
// has at all because an import that brought a session was undone (the
// merge record says so; a session missing for any other reason, such as a
// restore of an older backup, is left alone). Child tables come first for
// the foreign keys.
var snapshotOnly = func() []struct{ table, where string } {
	const removed = `(SELECT session_id FROM live.merges WHERE undone_at IS NOT NULL
		AND session_id NOT IN (SELECT id FROM live.sessions))`
	list := []struct{ table, where string }{
		{"merge_rows", "merge_id IN (SELECT id FROM main.merges WHERE session_id IN " + removed + ")"},
	}
	for _, t := range []string{"merges", "session_epochs", "conflicts", "exports", "quiz_tallies", "quiz_answers",
		"quiz_items", "questions", "photos", "participants"} {
		list = append(list, struct{ table, where string }{t, "session_id IN " + removed})
	}
	return append(list, struct{ table, where string }{"sessions", "id IN " + removed})
}()

// forgetMissing removes from a snapshot the sessions an undone import
// removed, and empties the conflicts the database emptied.
func forgetMissing(ctx context.Context, tx *sql.Tx) (int, error) {
	n := 0
	for _, d := range snapshotOnly {
		res, err := tx.ExecContext(ctx, "DELETE FROM main."+d.table+" WHERE "+d.where)
		if err != nil {
			return n, fmt.Errorf("%s: %w", d.table, err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	res, err := tx.ExecContext(ctx, `UPDATE main.conflicts SET local = 'null', incoming = 'null', incoming_image = NULL
		WHERE incoming <> 'null' AND id IN (SELECT id FROM live.conflicts WHERE incoming = 'null')`)
	if err != nil {
		return n, err
	}
	k, _ := res.RowsAffected()
	return n + int(k), nil
}

// cleanSnapshot applies the database's deletions, sealings and purges to one
// snapshot and reports whether it changed.
func (s *Store) cleanSnapshot(ctx context.Context, path string, canSeal bool) (bool, error) {
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return false, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // ATTACH belongs to one connection
	if err := migrate(db, s.Now); err != nil {
		return false, err
	}
	live := "file:" + filepath.ToSlash(s.Path()) + "?mode=ro"
	if _, err := db.ExecContext(ctx, "ATTACH DATABASE ? AS live", live); err != nil {
		return false, err
	}
	defer db.ExecContext(context.Background(), "DETACH DATABASE live")
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	changed := 0
	for table, cols := range erasedColumns {
		sets := make([]string, len(cols))
		args := make([]any, len(cols))
		var nonEmpty []string
		for i, c := range cols {
			sets[i] = c.name + " = ?"
			args[i] = c.empty
			if c.empty == nil {
				nonEmpty = append(nonEmpty, c.name+" IS NOT NULL")
			} else if c.name != "consent" {
				nonEmpty = append(nonEmpty, "length("+c.name+") > 0")
			}
		}
		res, err := tx.ExecContext(ctx, "UPDATE main."+table+" AS t SET "+strings.Join(sets, ", ")+
			`, deleted_at = coalesce(t.deleted_at, (SELECT l.deleted_at FROM live.`+table+` l WHERE l.id = t.id))
			WHERE t.id IN (SELECT id FROM live.`+table+` WHERE deleted_at IS NOT NULL) AND (`+
			strings.Join(nonEmpty, " OR ")+")", args...)
		if err != nil {
			return false, fmt.Errorf("%s: %w", table, err)
		}
		n, _ := res.RowsAffected()
		changed += int(n)
	}
	// The undo log of imports expired here goes from the snapshot too.
	res, err := tx.ExecContext(ctx, `DELETE FROM main.merge_rows WHERE merge_id IN
		(SELECT id FROM live.merges WHERE expired_at IS NOT NULL)`)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		changed += int(n)
		if _, err := tx.ExecContext(ctx, `UPDATE main.merges SET expired_at = (SELECT l.expired_at FROM live.merges l
			WHERE l.id = main.merges.id) WHERE expired_at IS NULL AND id IN (SELECT id FROM live.merges WHERE expired_at IS NOT NULL)`); err != nil {
			return false, err
		}
	}
	// A question made confidential here after the snapshot is confidential
	// there too, so that sealClear seals it.
	res, err = tx.ExecContext(ctx, `UPDATE main.questions SET confidential = 1 WHERE confidential = 0
		AND id IN (SELECT id FROM live.questions WHERE confidential = 1)`)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n > 0 && canSeal {
		changed += int(n)
	}
	if canSeal {
		keys, err := sealingKeys(ctx, s.db)
		if err != nil {
			return false, err
		}
		n, err := sealClear(ctx, tx, keys, s.now())
		if err != nil {
			return false, err
		}
		changed += n
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id, l.deleted_at IS NOT NULL FROM main.sessions s
		JOIN live.sessions l ON l.id = s.id WHERE l.purged_at IS NOT NULL AND s.purged_at IS NULL`)
	if err != nil {
		return false, err
	}
	type purge struct {
		id     string
		erased bool
	}
	var purged []purge
	for rows.Next() {
		var p purge
		if err := rows.Scan(&p.id, &p.erased); err != nil {
			rows.Close()
			return false, err
		}
		purged = append(purged, p)
	}
	rows.Close()
	for _, p := range purged {
		erase := purgeSession
		if p.erased {
			erase = eraseSession
		}
		if err := erase(ctx, tx, p.id, s.now()); err != nil {
			return false, err
		}
		changed++
	}
	n, err := forgetMissing(ctx, tx)
	if err != nil {
		return false, err
	}
	changed += n
	if changed == 0 {
		return false, nil
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	if _, err := db.ExecContext(ctx, "DETACH DATABASE live"); err != nil {
		return true, err
	}
	if err := db.Close(); err != nil {
		return true, err
	}
	return true, syncFile(path)
}
