package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
)

// Retention: personal data of old sessions that are safely elsewhere is
// removed from this laptop. Names, phones and villages are emptied, photos
// removed and each age becomes a representative age of its band, so that
// every count, table and result the report prints stays as it was.

const keyRetentionMonths = "privacy.retention_months"

// ErrPurged: a purged session is not sent again; the copy that was sent
// is the whole one.
var ErrPurged = errors.New("the personal data of this session was removed from this laptop (retention setting): the copy already sent is the complete one")

// UndoDays is how long an import can be undone: the rows it replaced are
// kept that long (they may hold what was deleted since), then removed.
const UndoDays = 30

// ErrMergeExpired: the import is older than UndoDays; what it replaced is
// no longer kept.
var ErrMergeExpired = fmt.Errorf("the import is older than %d days: what it replaced is no longer kept, so it cannot be undone", UndoDays)

// MaxRetentionMonths bounds the retention setting (ten years).
const MaxRetentionMonths = 120

// FieldRetention names the retention setting in a FieldError.
const FieldRetention = "retention_months"

// RetentionMonths is how many months a session's personal data is kept
// after the session; 0 keeps it for ever (the default).
func (st *Store) RetentionMonths(ctx context.Context) (int, error) {
	return retentionMonths(ctx, st.db)
}

func retentionMonths(ctx context.Context, q queryer) (int, error) {
	v, err := settingValue(ctx, q, keyRetentionMonths)
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.Atoi(v)
}

// SetRetentionMonths saves the retention setting (0: keep for ever).
// Tidy applies it.
func (st *Store) SetRetentionMonths(ctx context.Context, months int) error {
	if months < 0 || months > MaxRetentionMonths {
		return ValidationError{{Field: FieldRetention, Code: CodeOutOfRange, Limit: MaxRetentionMonths}}
	}
	return st.write(ctx, func(tx *sql.Tx) error {
		return putSetting(ctx, tx, keyRetentionMonths, strconv.Itoa(months), st.now())
	})
}

// keepPrivacySettings carries the coordinator's keys and the retention
// setting into a backup about to be restored when it has none: a backup
// from before the key was set must not leave the laptop unable to save a
// confidential question, or keeping what retention removed.
func (st *Store) keepPrivacySettings(ctx context.Context, candidate string) error {
	db, err := sql.Open("sqlite", dsn(candidate, false))
	if err != nil {
		return err
	}
	defer db.Close()
	for _, key := range []string{keySyncRecipients, keyRetentionMonths} {
		current, err := settingValue(ctx, st.db, key)
		if err != nil {
			return err
		}
		if current == "" || current == "[]" || current == "0" {
			continue
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, version = version + 1
			WHERE settings.value IN ('', '[]', '0')`, key, current, st.now()); err != nil {
			return err
		}
	}
	return nil
}

// Tidied says what Tidy removed.
type Tidied struct {
	Sealed  int `json:"sealed"`  // confidential questions that were still in clear
	Purged  int `json:"purged"`  // sessions whose personal data the retention setting removed
	Expired int `json:"expired"` // imports whose undo log was removed (older than UndoDays)
	Erased  int `json:"erased"`  // sessions deleted more than UndoDays ago, now emptied
}

// Changed reports whether anything was removed.
func (t Tidied) Changed() bool { return t.Sealed+t.Purged+t.Expired+t.Erased > 0 }

// Tidy removes what must no longer be on this laptop: it seals the
// confidential questions still in clear (from before the coordinator's key
// was set, or from an older bundle) and applies the retention setting.
// Afterwards the WAL is truncated so that no old page keeps the removed
// bytes; backups taken before still hold them until CleanBackups.
func (st *Store) Tidy(ctx context.Context) (Tidied, error) {
	var done Tidied
	err := st.write(ctx, func(tx *sql.Tx) error {
		var err error
		done, err = tidy(ctx, tx, st.Now())
		return err
	})
	if err == nil {
		// Also when nothing changed now: a deletion's checkpoint that a
		// reader kept from finishing finishes here.
		_ = st.Checkpoint(ctx)
	}
	return done, err
}

func tidy(ctx context.Context, tx *sql.Tx, now time.Time) (Tidied, error) {
	var done Tidied
	keys, err := sealingKeys(ctx, tx)
	if err != nil {
		return done, err
	}
	if len(keys) > 0 {
		if done.Sealed, err = sealClear(ctx, tx, keys, formatTime(now)); err != nil {
			return done, err
		}
	}
	if done.Expired, err = expireMerges(ctx, tx, now, len(keys) > 0); err != nil {
		return done, err
	}
	if done.Erased, err = eraseDeletedSessions(ctx, tx, now); err != nil {
		return done, err
	}
	months, err := retentionMonths(ctx, tx)
	if err != nil || months == 0 {
		return done, err
	}
	done.Purged, err = purgeExpired(ctx, tx, now, months)
	return done, err
}

// expireMerges removes the undo log of imports older than UndoDays, and
// of any import whose log holds a confidential question in clear (an undo
// would put it back so) once a key can seal it. Conflicts decided more
// than UndoDays ago keep only what recognises the same row again.
func expireMerges(ctx context.Context, tx *sql.Tx, now time.Time, canSeal bool) (int, error) {
	stamp, cutoff := formatTime(now), formatTime(now.AddDate(0, 0, -UndoDays))
	var before int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM merges WHERE expired_at IS NOT NULL").Scan(&before); err != nil {
		return 0, err
	}
	if err := dropUndoLog(ctx, tx, "created_at < ?", stamp, cutoff); err != nil {
		return 0, err
	}
	if canSeal {
		if err := dropUndoLog(ctx, tx, `id IN (SELECT merge_id FROM merge_rows WHERE table_name = 'questions'
			AND json_extract(before, '$.confidential') AND json_extract(before, '$.deleted_at') IS NULL
			AND substr(json_extract(before, '$.text'), 1, 34) <> '`+sealedPrefix+`')`, stamp); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conflicts SET local = 'null', incoming = 'null', incoming_image = NULL
		WHERE resolved_at < ? AND incoming <> 'null'`, cutoff); err != nil {
		return 0, err
	}
	var after int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM merges WHERE expired_at IS NOT NULL").Scan(&after)
	return after - before, err
}

// clearConfidential matches the partial index questions_clear_confidential.
const clearConfidential = `q.confidential = 1 AND q.deleted_at IS NULL
	AND substr(q.text, 1, 34) <> '-----BEGIN AGE ENCRYPTED FILE-----'`

// sealClear seals confidential questions still in clear. A session made
// here gets a new version, so that the sealed row replaces the clear one
// where the session was sent; an imported one keeps its version (a clear
// row of the same version arriving again is the same row).
func sealClear(ctx context.Context, tx *sql.Tx, keys []age.Recipient, now string) (int, error) {
	type clearRow struct {
		q       Question
		officer string
		own     bool
	}
	rows, err := tx.QueryContext(ctx, `SELECT q.id, q.text, coalesce(q.asked_by, ''), q.answer, q.closed_note,
		q.officer_followup, s.origin_laptop = '' FROM questions q INDEXED BY questions_clear_confidential
		JOIN sessions s ON s.id = q.session_id WHERE `+clearConfidential)
	if err != nil {
		return 0, fmt.Errorf("seal confidential questions: %w", err)
	}
	var list []clearRow
	for rows.Next() {
		var r clearRow
		if err := rows.Scan(&r.q.ID, &r.q.Text, &r.q.AskedBy, &r.q.Answer, &r.q.ClosedNote, &r.officer, &r.own); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range list {
		if err := sealQuestion(ctx, tx, keys, &r.q); err != nil {
			return 0, err
		}
		if r.officer != "" {
			var fu FollowUp
			if err := json.Unmarshal([]byte(r.officer), &fu); err == nil && fu.ClosedNote != "" && !IsSealed(fu.ClosedNote) {
				if fu.ClosedNote, err = seal(keys, fu.ClosedNote); err != nil {
					return 0, err
				}
				r.officer = jsonText(fu)
			}
		}
		bump := 0
		if r.own {
			bump = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET text = ?, asked_by = NULL, answer = '', closed_note = ?,
			officer_followup = ?, version = version + ?, updated_at = CASE WHEN ? THEN ? ELSE updated_at END WHERE id = ?`,
			r.q.Text, r.q.ClosedNote, r.officer, bump, r.own, now, r.q.ID); err != nil {
			return 0, fmt.Errorf("seal question %s: %w", r.q.ID, err)
		}
	}
	return len(list), nil
}

// ClearConfidential counts confidential questions still in clear: they
// wait for the coordinator's key.
func (st *Store) ClearConfidential(ctx context.Context) (int, error) {
	var n int
	err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM questions q INDEXED BY questions_clear_confidential
		WHERE `+clearConfidential).Scan(&n)
	return n, err
}

// representativeAge is the age a purged person keeps: one of the same band,
// so that every count by age, and the count of children, stays the same.
const representativeAge = `CASE WHEN age IS NULL THEN NULL WHEN age < 18 THEN 17 WHEN age < 25 THEN 18
	WHEN age < 40 THEN 25 WHEN age < 60 THEN 40 ELSE 60 END`

// purgeExpired removes the personal data of sessions older than the
// retention period that are safe elsewhere: imported ones (the officer's
// laptop has them), and those made here whose last export is current. A
// session with an open follow-up or an undecided conflict waits until it
// is closed (and sent) or decided.
func purgeExpired(ctx context.Context, tx *sql.Tx, now time.Time, months int) (int, error) {
	cutoff := now.AddDate(0, -months, 0).Format("2006-01-02")
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.origin_laptop <> '', coalesce(e.state, '') FROM sessions s
		LEFT JOIN exports e ON e.session_id = s.id
		WHERE s.purged_at IS NULL AND s.date < ? AND (s.origin_laptop <> '' OR e.state IS NOT NULL)
		AND NOT EXISTS (SELECT 1 FROM questions q WHERE q.session_id = s.id AND q.closed_on IS NULL
			AND q.status <> 'answered' AND q.deleted_at IS NULL)
		AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.session_id = s.id AND c.resolved_at IS NULL)`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("retention: %w", err)
	}
	type candidate struct {
		id, state string
		imported  bool
	}
	var list []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.imported, &c.state); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, c := range list {
		if !c.imported {
			current, err := sessionStates(ctx, tx, c.id)
			if err != nil {
				return n, err
			}
			if current[c.id] != c.state {
				continue // changed since it was sent: kept until it is sent again
			}
		}
		if err := purgeSession(ctx, tx, c.id, formatTime(now)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// purgeSession empties a session's personal data without changing any
// version: the session is not edited, this laptop only forgets. Questions
// keep their text (a sealed one stays sealed) but no longer name the asker.
// The undo log of its imports goes too: an undo would bring the names back.
func purgeSession(ctx context.Context, tx *sql.Tx, id, now string) error {
	for _, stmt := range []string{
		`UPDATE participants SET name = '', name_key = '', phone = '', consent = 0, village = '',
			age = ` + representativeAge + ` WHERE session_id = ?`,
		`UPDATE questions SET asked_by = NULL WHERE session_id = ?`,
		`UPDATE photos SET image = x'', caption = '', sha256 = '' WHERE session_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, stmt, id); err != nil {
			return fmt.Errorf("retention, session %s: %w", id, err)
		}
	}
	if err := dropUndoLog(ctx, tx, "session_id = ?", now, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE sessions SET purged_at = coalesce(purged_at, ?) WHERE id = ?", now, id)
	return err
}

// dropUndoLog expires the merges that where selects and removes the rows
// they replaced: those imports can no longer be undone.
func dropUndoLog(ctx context.Context, tx *sql.Tx, where, now string, args ...any) error {
	if _, err := tx.ExecContext(ctx, "UPDATE merges SET expired_at = ? WHERE expired_at IS NULL AND ("+where+")",
		append([]any{now}, args...)...); err != nil {
		return fmt.Errorf("expire imports: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM merge_rows WHERE merge_id IN
		(SELECT id FROM merges WHERE expired_at IS NOT NULL)`); err != nil {
		return fmt.Errorf("expire imports: %w", err)
	}
	return nil
}

// eraseDeletedSessions empties every row of sessions deleted more than
// UndoDays ago, as deleting a participant does at once: until then
// "Sesi terhapus" can bring the whole session back.
func eraseDeletedSessions(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	stamp, cutoff := formatTime(now), formatTime(now.AddDate(0, 0, -UndoDays))
	rows, err := tx.QueryContext(ctx, `SELECT id FROM sessions WHERE deleted_at IS NOT NULL AND deleted_at < ?
		AND purged_at IS NULL`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("erase deleted sessions: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := eraseSession(ctx, tx, id, stamp); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// eraseSession empties the content of every row of a deleted session, its
// conflicts and its undo log; purged_at says when.
func eraseSession(ctx context.Context, tx *sql.Tx, id, now string) error {
	for table, cols := range erasedColumns {
		sets := make([]string, len(cols))
		args := make([]any, 0, len(cols)+1)
		for i, c := range cols {
			sets[i] = c.name + " = ?"
			args = append(args, c.empty)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+strings.Join(sets, ", ")+" WHERE session_id = ?",
			append(args, id)...); err != nil {
			return fmt.Errorf("erase deleted session %s: %w", id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conflicts SET local = 'null', incoming = 'null', incoming_image = NULL,
		resolved_at = coalesce(resolved_at, ?), resolution = coalesce(resolution, 'local') WHERE session_id = ?`, now, id); err != nil {
		return err
	}
	if err := dropUndoLog(ctx, tx, "session_id = ?", now, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "UPDATE sessions SET purged_at = coalesce(purged_at, ?) WHERE id = ?", now, id)
	return err
}
