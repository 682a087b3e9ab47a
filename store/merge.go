package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// MaxVersionJump is how far one merge may raise a row's version (or how
// high a new row's may be) before the coordinator is asked: a real edit
// raises a version by one, and a hundred edits of one row between two
// bundles is not what an officer does. A forged or broken bundle that
// tried to win every later merge would need this.
const MaxVersionJump = 100

// MergeSource says where an export came from. The sync package has checked
// the bundle's signature and that its key was enrolled for LaptopID.
type MergeSource struct {
	LaptopID    string // the laptop that signed the bundle
	Officer     string // the officer that laptop's key was enrolled for
	Bundle      string // the bundle's file name
	PublicKey   string // the signing key (base64)
	Fingerprint string
	Epoch       string // the sending laptop's sync epoch
	Generation  int    // and its generation (raised by every restore there)
	Sent        string // when the bundle was made (RFC 3339 in UTC, the sending laptop's clock)
	// ConfidentialIncluded says the bundle was encrypted and carries the
	// confidential questions; a plain one leaves them out, which is no
	// deletion.
	ConfidentialIncluded bool
	// Force merges what would be held otherwise (a whole session deleted,
	// versions far ahead): the coordinator agreed.
	Force bool
}

func (s MergeSource) String() string {
	return fmt.Sprintf("%s (%s, laptop %s)", s.Bundle, s.Officer, s.LaptopID)
}

// TableCounts is what a merge did to the rows of one table.
type TableCounts struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Removed   int `json:"removed"`   // gone from the officer's laptop after a restore there
	Unchanged int `json:"unchanged"` // identical, older, or a conflict already decided
	Conflicts int `json:"conflicts"` // kept for the coordinator to decide
}

func (c *TableCounts) add(o TableCounts) {
	c.Added += o.Added
	c.Updated += o.Updated
	c.Removed += o.Removed
	c.Unchanged += o.Unchanged
	c.Conflicts += o.Conflicts
}

// MergeSummary is what merging one session did: totals, per table, and
// warnings about implausible dates.
type MergeSummary struct {
	SessionID  string `json:"session_id"`
	NewSession bool   `json:"new_session"`
	// Forwarded: the bundle came from another laptop than the session's
	// own; its changes to a session already here are conflicts.
	Forwarded bool `json:"forwarded"`
	// Replaced: the officer restored a backup since the last bundle, and
	// this copy was made equal to the officer's.
	Replaced bool `json:"replaced"`
	// Superseded: the bundle was made before such a restore; it changed
	// nothing.
	Superseded bool   `json:"superseded"`
	MergeID    string `json:"merge_id,omitempty"` // for UndoMerge; "" when nothing changed
	TableCounts
	Tables   map[string]TableCounts `json:"tables"`
	Warnings []MergeWarning         `json:"warnings"`
}

// Changed reports whether the merge wrote any row.
func (s MergeSummary) Changed() bool { return s.Added+s.Updated+s.Removed > 0 }

// MergeSession merges an export into this database in one transaction.
//
// Only the laptop that created a session changes it: rows are matched by
// id, the higher version wins, identical rows are skipped, the same version
// with different content is kept as a conflict. A bundle from any other
// laptop (a forwarded session) adds a session new here, but its changes to
// one already here are all conflicts for the coordinator. After a restore
// on the officer's laptop (a new epoch) the officer's bundle is taken as
// it is: rows it no longer has are removed. A question's follow-up changed
// here stays; the officer's own is kept beside it. A merge that would
// delete a whole session or raise versions far (MaxVersionJump) returns
// *ErrHeld unless src.Force. Every change is logged so that UndoMerge can
// take it back. Merging the same export twice changes nothing. On any
// error nothing is written.
func (st *Store) MergeSession(ctx context.Context, exp *SessionExport, src MergeSource) (MergeSummary, error) {
	sum := MergeSummary{SessionID: exp.Session.ID, Tables: map[string]TableCounts{}, Warnings: []MergeWarning{}}
	if err := exp.Validate(); err != nil {
		return sum, err
	}
	tables := exp.incoming()
	sum.Warnings = append(sum.Warnings, exp.dateWarnings(tables, st.Now())...)
	err := st.write(ctx, func(tx *sql.Tx) error {
		m := &merger{ctx: ctx, tx: tx, src: src, now: st.now(), stmts: map[string]*sql.Stmt{}}
		defer m.close()
		if err := m.merge(exp, tables, &sum); err != nil {
			return err
		}
		return m.keepPrivate(sum)
	})
	var held *ErrHeld
	if errors.As(err, &held) {
		return MergeSummary{SessionID: exp.Session.ID}, err
	}
	if err != nil {
		return MergeSummary{SessionID: exp.Session.ID}, fmt.Errorf("merge session %s: %w", exp.Session.ID, err)
	}
	return sum, nil
}

type merger struct {
	ctx       context.Context
	tx        *sql.Tx
	src       MergeSource
	now       string
	sessionID string
	imported  bool // the session was created on another laptop
	forwarded bool // the bundle is not from the session's own laptop, and the session is here already
	replace   bool // a new epoch: take the officer's rows as they are
	purged    bool // the retention setting removed the session's personal data here
	stmts     map[string]*sql.Stmt
	log       []loggedRow
}

// loggedRow is a row as it was before a merge changed it (before is nil
// for a row the merge added) and the version the merge left (nil: removed).
type loggedRow struct {
	table  string
	id     string
	before *string
	image  any
	after  *int64
}

func (m *merger) close() {
	for _, s := range m.stmts {
		s.Close()
	}
}

func (m *merger) merge(exp *SessionExport, tables []incomingTable, sum *MergeSummary) error {
	m.sessionID = exp.Session.ID
	laptop, err := settingValue(m.ctx, m.tx, keyLaptopID)
	if err != nil {
		return err
	}
	origin := exp.Session.OriginLaptop
	if origin == laptop {
		origin = "" // our own session coming back
	}
	var local string
	err = m.tx.QueryRowContext(m.ctx, "SELECT origin_laptop FROM sessions WHERE id = ?", m.sessionID).Scan(&local)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		sum.NewSession = true
	case err != nil:
		return err
	case local != origin:
		return fmt.Errorf("%w (here from %q, the bundle says %q)", ErrOriginMismatch, local, origin)
	}
	m.imported = origin != ""
	if !sum.NewSession {
		if err := m.tx.QueryRowContext(m.ctx, "SELECT purged_at IS NOT NULL FROM sessions WHERE id = ?",
			m.sessionID).Scan(&m.purged); err != nil {
			return err
		}
	}
	sum.Forwarded = m.src.LaptopID != exp.Session.OriginLaptop
	if sum.NewSession && !m.imported && m.src.LaptopID != laptop {
		return fmt.Errorf("%w (a session new here that claims to be made here, sent from laptop %s)", ErrOriginMismatch, m.src.LaptopID)
	}
	m.forwarded = sum.Forwarded && !sum.NewSession
	var newEpoch bool
	if !sum.Forwarded {
		age, err := m.epochAge(sum.NewSession)
		if err != nil {
			return err
		}
		switch age {
		case epochOlder:
			sum.Superseded = true
			for _, in := range tables {
				sum.Unchanged += len(in.rows)
			}
			return nil
		case epochNewer:
			m.replace = !sum.NewSession
			sum.Replaced = m.replace
			newEpoch = true
		}
	}
	photos, err := hasPhotos(m.ctx, m.tx)
	if err != nil {
		return err
	}
	if !photos && len(exp.Photos) > 0 {
		return errors.New("this database has no photos table")
	}
	locals := make(map[*exchangeTable]map[string]localRow, len(tables))
	for _, in := range tables {
		if in.t == photosTable && !photos {
			continue
		}
		if locals[in.t], err = m.localRows(in.t); err != nil {
			return err
		}
	}
	if !m.src.Force && !m.forwarded {
		if err := m.checkHold(exp, tables, locals); err != nil {
			return err
		}
	}
	if m.replace {
		for i := len(tables) - 1; i >= 0; i-- {
			t := tables[i].t
			if locals[t] == nil {
				continue
			}
			n, err := m.removeMissing(tables[i], locals[t])
			if err != nil {
				return err
			}
			c := sum.Tables[t.name]
			c.Removed += n
			sum.Tables[t.name] = c
			sum.Removed += n
		}
	}
	for _, in := range tables {
		t := in.t
		if locals[t] == nil {
			continue
		}
		var extra map[string]any
		if t == sessionsTable && sum.NewSession && m.imported {
			extra = map[string]any{"origin_laptop": origin, "origin_officer": exp.Session.OriginOfficer}
			if sum.Forwarded {
				extra["forwarded_by"] = m.src.Officer
			}
		}
		counts, err := m.mergeTable(in, locals[t], extra)
		if err != nil {
			return err
		}
		c := sum.Tables[t.name]
		c.add(counts)
		sum.Tables[t.name] = c
		sum.TableCounts.add(counts)
	}
	if err := m.saveLog(sum); err != nil {
		return err
	}
	if _, err := m.tx.ExecContext(m.ctx, "UPDATE officer_keys SET last_sent = ? WHERE public_key = ? AND last_sent < ?",
		m.src.Sent, m.src.PublicKey, m.src.Sent); err != nil {
		return err
	}
	if newEpoch {
		return m.recordEpoch(sum.MergeID)
	}
	return nil
}

// How a bundle's epoch compares with the latest one seen for its session.
const (
	epochSame = iota
	epochNewer
	epochOlder
)

// epochAge places the bundle's epoch among those seen for the session from
// its own laptop. A session known only from forwarded bundles (or from
// before epochs) takes its own laptop's copy as it is; so does a new key
// for that laptop (a reinstall). Within one key a higher generation is a
// restore there; a key seen before the latest one is an old laptop.
func (m *merger) epochAge(newSession bool) (int, error) {
	var key, epoch string
	var generation int
	err := m.tx.QueryRowContext(m.ctx, `SELECT public_key, epoch, generation FROM session_epochs WHERE session_id = ?
		ORDER BY seq DESC LIMIT 1`, m.sessionID).Scan(&key, &epoch, &generation)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return epochNewer, nil
	case err != nil:
		return 0, err
	case key == m.src.PublicKey:
		switch {
		case m.src.Generation > generation:
			return epochNewer, nil
		case m.src.Generation < generation:
			return epochOlder, nil
		case m.src.Epoch == epoch:
			return epochSame, nil
		}
		return epochNewer, nil // the same generation twice: a copied database; its own laptop's word wins
	}
	var seen int
	if err := m.tx.QueryRowContext(m.ctx, "SELECT count(*) FROM session_epochs WHERE session_id = ? AND public_key = ?",
		m.sessionID, m.src.PublicKey).Scan(&seen); err != nil {
		return 0, err
	}
	if seen > 0 {
		return epochOlder, nil
	}
	return epochNewer, nil
}

// recordEpoch remembers the bundle's epoch as the session's latest.
func (m *merger) recordEpoch(mergeID string) error {
	_, err := m.tx.ExecContext(m.ctx, `INSERT INTO session_epochs (session_id, seq, public_key, epoch, generation,
		merge_id, seen_at) VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM session_epochs WHERE session_id = ?),
		?, ?, ?, ?, ?)`, m.sessionID, m.sessionID, m.src.PublicKey, m.src.Epoch, m.src.Generation,
		sql.NullString{String: mergeID, Valid: mergeID != ""}, m.now)
	return err
}

// localRows reads this session's rows of one table, by id.
func (m *merger) localRows(t *exchangeTable) (map[string]localRow, error) {
	var extra []string
	if t == questionsTable {
		extra = questionLocalColumns
	}
	where := "session_id = ?"
	if t == sessionsTable {
		where = "id = ?"
	}
	rows, err := readRows(m.ctx, m.tx, t, extra, where, m.sessionID)
	if err != nil {
		return nil, err
	}
	local := make(map[string]localRow, len(rows))
	for _, r := range rows {
		local[r[0].(string)] = r
	}
	return local, nil
}

// checkHold returns *ErrHeld when the export would delete the whole
// session or raise a version beyond MaxVersionJump.
func (m *merger) checkHold(exp *SessionExport, tables []incomingTable, locals map[*exchangeTable]map[string]localRow) error {
	if loc, ok := locals[sessionsTable][m.sessionID]; ok && exp.Session.DeletedAt != nil &&
		loc[sessionsTable.index["deleted_at"]] == nil && (m.replace || exp.Session.Version > int(sessionsTable.version(loc))) {
		return &ErrHeld{Reason: HoldDeletesSession, Detail: fmt.Sprintf("the bundle deletes the whole session %q (%s, %s)",
			exp.Session.Title, exp.Session.Date, exp.Session.Village)}
	}
	for _, in := range tables {
		for i := range in.rows {
			vals := in.vals[i]
			iv, lv := in.t.version(vals), int64(0)
			if loc, ok := locals[in.t][vals[0].(string)]; ok {
				lv = in.t.version(loc)
			}
			if iv-lv > MaxVersionJump {
				return &ErrHeld{Reason: HoldVersionJump, Detail: fmt.Sprintf(
					"%s %s goes from version %d to %d at once; a real edit raises a version by one", in.t.name, vals[0], lv, iv)}
			}
		}
	}
	return nil
}

// localRow is a stored row: the table's columns, then for questions
// origin_version, followup_local and officer_followup.
type localRow []any

var questionLocalColumns = []string{"origin_version", "followup_local", "officer_followup"}

// mergeTable merges one table's incoming rows. insertExtra adds columns to
// a new row (the session's origin).
func (m *merger) mergeTable(in incomingTable, local map[string]localRow, insertExtra map[string]any) (TableCounts, error) {
	t := in.t
	var c TableCounts
	for i, row := range in.rows {
		vals := in.vals[i]
		id := vals[0].(string)
		loc, ok := local[id]
		if q, isQuestion := row.(*QuestionRow); isQuestion && q.AskerWithheld && ok {
			vals[t.index["asked_by"]] = loc[t.index["asked_by"]]
		}
		var err error
		switch {
		case m.purged && ok && t.version(vals) <= t.version(loc[:len(t.columns)]) && !m.replace:
			// This laptop forgot the session's personal data on purpose;
			// an older or equal row is not news, nor a conflict.
			c.Unchanged++
		case ok && t == questionsTable && unsealing(t, loc, vals):
			// A sealed tip never goes back to clear text: no version of
			// the app does that, so it waits for the coordinator.
			err = m.conflict(t, loc, row, vals, &c)
		case m.forwarded:
			err = m.mergeForwarded(t, loc, row, vals, &c)
		case !ok:
			err = m.write(t, nil, vals, insertExtra)
			c.Added++
		case t == questionsTable && m.imported && followUpOwned(loc):
			err = m.mergeOwnedQuestion(loc, row, vals, &c)
		default:
			lv, iv := t.version(loc[:len(t.columns)]), t.version(vals)
			bothDeleted := isTombstone(t, vals) && loc[t.index["deleted_at"]] != nil
			switch {
			case sameRow(t, loc, vals) || (bothDeleted && iv <= lv):
				c.Unchanged++
			case iv > lv || m.replace:
				err = m.write(t, loc, vals, nil)
				c.Updated++
			case iv < lv:
				c.Unchanged++
			default:
				err = m.conflict(t, loc, row, vals, &c)
			}
		}
		if err != nil {
			return c, fmt.Errorf("%s %s: %w", t.name, id, err)
		}
	}
	return c, nil
}

// isTombstone reports whether an incoming row is a deletion.
func isTombstone(t *exchangeTable, vals []any) bool { return vals[t.index["deleted_at"]] != nil }

// mergeForwarded keeps every change a forwarded bundle would make to a
// session already here as a conflict: only the session's own laptop
// changes it, unless the coordinator decides otherwise.
func (m *merger) mergeForwarded(t *exchangeTable, loc localRow, row exchangeRow, vals []any, c *TableCounts) error {
	if loc != nil {
		lv, iv := t.version(loc[:len(t.columns)]), t.version(vals)
		if iv < lv || sameRow(t, loc, vals) {
			c.Unchanged++
			return nil
		}
	}
	return m.conflict(t, loc, row, vals, c)
}

// removeMissing removes the rows of a session that the officer's laptop no
// longer has after a restore there. Quiz answers, tallies and items go
// (their natural keys, such as one answer sheet per person and test, must
// be free for the officer's rows); people, questions and photos become
// deletions. A confidential question a plain bundle left out stays.
func (m *merger) removeMissing(in incomingTable, local map[string]localRow) (int, error) {
	t := in.t
	if t == sessionsTable {
		return 0, nil
	}
	present := make(map[string]bool, len(in.vals))
	for _, vals := range in.vals {
		present[vals[0].(string)] = true
	}
	ids := make([]string, 0, len(local))
	for id := range local {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	n := 0
	for _, id := range ids {
		loc := local[id]
		if present[id] {
			continue
		}
		if t == questionsTable && !m.src.ConfidentialIncluded && loc[t.index["confidential"]] == int64(1) {
			continue
		}
		switch t {
		case quizItemsTable, quizAnswersTable, quizTalliesTable:
			if err := m.logRow(t, id, loc, nil); err != nil {
				return n, err
			}
			if _, err := m.tx.ExecContext(m.ctx, "DELETE FROM "+t.storage()+" WHERE id = ?", t.key(id)); err != nil {
				return n, fmt.Errorf("%s %s: %w", t.name, id, err)
			}
			delete(local, id)
		default:
			if loc[t.index["deleted_at"]] != nil {
				continue
			}
			vals := append([]any(nil), loc[:len(t.columns)]...)
			vals[t.index["deleted_at"]] = m.now
			vals[t.index["updated_at"]] = m.now
			vals[t.index["version"]] = t.version(vals) + 1
			if err := m.write(t, loc, vals, nil); err != nil {
				return n, fmt.Errorf("%s %s: %w", t.name, id, err)
			}
		}
		n++
	}
	return n, nil
}

// followUpOwned reports whether the coordinator changed this imported
// question's follow-up here: flagged by an earlier merge, or its version
// moved past the officer's last merged one (an imported session allows no
// other edit).
func followUpOwned(loc localRow) bool {
	n := len(questionsTable.columns)
	if flag, _ := loc[n+1].(int64); flag == 1 {
		return true
	}
	base, ok := loc[n].(int64)
	return ok && questionsTable.version(loc[:n]) > base
}

// mergeOwnedQuestion merges an officer's question whose follow-up the
// coordinator owns: the officer's other fields follow the officer's
// versions (origin_version), the follow-up stays as it is here, and the
// officer's own follow-up is kept beside it when it differs.
func (m *merger) mergeOwnedQuestion(loc localRow, row exchangeRow, vals []any, c *TableCounts) error {
	t := questionsTable
	n := len(t.columns)
	base, _ := loc[n].(int64)
	iv := t.version(vals)
	merged := append([]any(nil), vals...)
	for _, col := range followUpColumns {
		merged[t.index[col]] = loc[t.index[col]]
	}
	officer := officerFollowUp(t, vals, loc)
	same := sameRowExcept(t, loc[:n], vals, followUpColumns...) && sameOfficerFollowUp(officer, asString(loc[n+2]))
	switch {
	case !m.replace && iv < base:
		c.Unchanged++
		return nil
	case !m.replace && iv == base && same:
		c.Unchanged++
		return nil
	case !m.replace && iv == base && !sameRowExcept(t, loc[:n], vals, followUpColumns...):
		return m.conflict(t, loc, row, vals, c)
	case same:
		// Only the officer's version moved: nothing to show, but remember
		// it so that the same bundle is a no-op next time.
		merged[t.index["version"]] = loc[t.index["version"]]
		merged[t.index["updated_at"]] = loc[t.index["updated_at"]]
		c.Unchanged++
	default:
		merged[t.index["version"]] = max(t.version(loc[:n])+1, iv)
		c.Updated++
	}
	return m.write(t, loc, merged, map[string]any{"origin_version": iv, "followup_local": int64(1),
		"officer_followup": officer})
}

// sameOfficerFollowUp compares the officer's follow-up as it came with the
// one kept here, where a closing note that came in clear was sealed since.
func sameOfficerFollowUp(incoming, kept string) bool {
	if incoming == kept {
		return true
	}
	var a, b FollowUp
	if json.Unmarshal([]byte(incoming), &a) != nil || json.Unmarshal([]byte(kept), &b) != nil {
		return false
	}
	if IsSealed(a.ClosedNote) != IsSealed(b.ClosedNote) {
		a.ClosedNote, b.ClosedNote = "", ""
	}
	return a == b
}

// officerFollowUp is the officer's follow-up of a question as JSON, when
// it differs from the one kept here; "" when they agree.
func officerFollowUp(t *exchangeTable, vals []any, loc localRow) string {
	differs := false
	for _, col := range followUpColumns {
		if !sameValue(vals[t.index[col]], loc[t.index[col]]) {
			differs = true
		}
	}
	if !differs {
		return ""
	}
	f := FollowUp{Status: QuestionStatus(asString(vals[t.index["status"]])), ReferredTo: asString(vals[t.index["referred_to"]]),
		ClosedOn: asString(vals[t.index["closed_on"]]), ClosedNote: asString(vals[t.index["closed_note"]])}
	b, _ := json.Marshal(f)
	return string(b)
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// write inserts (loc nil) or updates one row with its values and extra
// columns, and logs the row as it was. Questions of an imported session
// remember the officer's version.
func (m *merger) write(t *exchangeTable, loc localRow, vals []any, extra map[string]any) error {
	after := t.version(vals)
	if err := m.logRow(t, vals[0].(string), loc, &after); err != nil {
		return err
	}
	return writeRow(m.ctx, m.tx, m.stmts, t, vals, extra, loc == nil, m.imported)
}

// writeRow inserts or updates one row with its values, plus extra columns.
func writeRow(ctx context.Context, tx *sql.Tx, stmts map[string]*sql.Stmt, t *exchangeTable, vals []any,
	extra map[string]any, insert, imported bool) error {
	cols := append([]string(nil), t.columns...)
	args := append([]any(nil), vals...)
	if t == participantsTable {
		cols = append(cols, "name_key")
		args = append(args, nameKey(vals[t.index["name"]].(string)))
	}
	if t == quizAnswersTable {
		// The row arrives as quiz_answers's columns and is stored compactly.
		var err error
		if cols, args, err = answerToStore(ctx, tx, stmts, vals); err != nil {
			return err
		}
	}
	if t == questionsTable && imported {
		if _, ok := extra["origin_version"]; !ok {
			cols = append(cols, "origin_version")
			args = append(args, t.version(vals))
		}
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cols = append(cols, k)
		args = append(args, extra[k])
	}
	var query string
	if insert {
		query = "INSERT INTO " + t.storage() + " (" + strings.Join(cols, ", ") + ") VALUES (?" +
			strings.Repeat(", ?", len(cols)-1) + ")"
	} else {
		// The id is the key, not a value to set.
		query = "UPDATE " + t.storage() + " SET " + strings.Join(cols[1:], " = ?, ") + " = ? WHERE id = ?"
		args = append(args[1:], t.key(vals[0].(string)))
	}
	stmt, ok := stmts[query]
	if !ok {
		var err error
		if stmt, err = tx.PrepareContext(ctx, query); err != nil {
			return err
		}
		stmts[query] = stmt
	}
	_, err := stmt.ExecContext(ctx, args...)
	return err
}

// logRow remembers a row as it is before the merge changes it.
func (m *merger) logRow(t *exchangeTable, id string, loc localRow, after *int64) error {
	r := loggedRow{table: t.name, id: id, after: after}
	if loc != nil {
		before, err := t.rowJSON(loc[:len(t.columns)])
		if err != nil {
			return err
		}
		r.before = &before
		if t == photosTable {
			r.image = loc[t.index["image"]]
		}
	}
	m.log = append(m.log, r)
	return nil
}

// saveLog records the merge and its rows when it changed anything.
func (m *merger) saveLog(sum *MergeSummary) error {
	if !sum.Changed() {
		return nil
	}
	sum.MergeID = NewID()
	if _, err := m.tx.ExecContext(m.ctx, `INSERT INTO merges (id, session_id, public_key, officer, bundle, epoch,
		forwarded, rows, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sum.MergeID, m.sessionID, m.src.PublicKey,
		m.src.Officer, m.src.Bundle, m.src.Epoch, boolInt(sum.Forwarded), len(m.log), m.now); err != nil {
		return err
	}
	stmt, err := m.tx.PrepareContext(m.ctx, `INSERT INTO merge_rows (merge_id, seq, table_name, row_id, before,
		before_image, after_version) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, r := range m.log {
		if _, err := stmt.ExecContext(m.ctx, sum.MergeID, i, r.table, r.id, r.before, r.image, r.after); err != nil {
			return err
		}
	}
	return nil
}

// sameRow compares a stored row with an incoming one, all but updated_at:
// two laptops that reach the same content at the same version agree.
func sameRow(t *exchangeTable, loc localRow, vals []any) bool {
	return sameRowExcept(t, loc[:len(t.columns)], vals)
}

func sameRowExcept(t *exchangeTable, a, b []any, skip ...string) bool {
	skipped := map[int]bool{t.index["updated_at"]: true}
	for _, col := range skip {
		skipped[t.index[col]] = true
	}
	if len(skip) > 0 {
		skipped[t.index["version"]] = true
	}
	if t == questionsTable && sealedHere(t, a, b) {
		// The same question sealed on one side and in clear on the other
		// (a bundle from before the coordinator's key): the clear fields
		// are inside the sealed text.
		for _, col := range []string{"text", "asked_by", "answer", "closed_note"} {
			skipped[t.index[col]] = true
		}
	}
	for i := range t.columns {
		if !skipped[i] && !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

// unsealing reports whether an incoming live question would make a sealed
// one here no longer confidential. (A confidential one in clear, from an
// older version, is sealed again as it is merged.)
func unsealing(t *exchangeTable, loc localRow, vals []any) bool {
	return IsSealed(asString(loc[t.index["text"]])) && vals[t.index["confidential"]] != int64(1) && !isTombstone(t, vals)
}

func sealedHere(t *exchangeTable, a, b []any) bool {
	i := t.index["text"]
	return IsSealed(asString(a[i])) != IsSealed(asString(b[i]))
}

// keepPrivate applies to what was just merged what Tidy applies to the
// whole database: confidential questions that came in clear are sealed,
// and a purged session stays purged.
func (m *merger) keepPrivate(sum MergeSummary) error {
	if !sum.Changed() {
		return nil
	}
	return keepPrivate(m.ctx, m.tx, m.sessionID, m.now)
}

func keepPrivate(ctx context.Context, tx *sql.Tx, sessionID, now string) error {
	keys, err := sealingKeys(ctx, tx)
	if err != nil {
		return err
	}
	if len(keys) > 0 {
		if _, err := sealClear(ctx, tx, keys, now); err != nil {
			return err
		}
	}
	var purged bool
	err = tx.QueryRowContext(ctx, "SELECT purged_at IS NOT NULL FROM sessions WHERE id = ?", sessionID).Scan(&purged)
	if errors.Is(err, sql.ErrNoRows) || !purged {
		return nil
	}
	if err != nil {
		return err
	}
	return purgeSession(ctx, tx, sessionID, now)
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case []byte:
		switch y := b.(type) {
		case []byte:
			return string(x) == string(y)
		case string:
			return string(x) == y
		}
		return false
	case string:
		if y, ok := b.([]byte); ok {
			return x == string(y)
		}
	}
	return a == b
}

// conflict keeps the incoming row for the coordinator, once: the same
// incoming row again is counted as a conflict while undecided, and as
// unchanged once decided. loc is nil for a row a forwarded bundle would
// add.
func (m *merger) conflict(t *exchangeTable, loc localRow, row exchangeRow, vals []any, c *TableCounts) error {
	incoming, err := json.Marshal(row)
	if err != nil {
		return err
	}
	stored, err := m.sealedForStorage(row, incoming)
	if err != nil {
		return err
	}
	var image any
	if t == photosTable {
		image = vals[t.index["image"]]
	}
	h := sha256.New()
	h.Write(incoming)
	if b, ok := image.([]byte); ok {
		h.Write(b)
	}
	hash := hex.EncodeToString(h.Sum(nil))
	var resolved sql.NullString
	err = m.tx.QueryRowContext(m.ctx, `SELECT resolved_at FROM conflicts WHERE table_name = ? AND row_id = ?
		AND incoming_hash = ?`, t.name, vals[0], hash).Scan(&resolved)
	switch {
	case err == nil && resolved.Valid:
		c.Unchanged++
		return nil
	case err == nil:
		c.Conflicts++
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	local := "null"
	if loc != nil {
		if local, err = t.rowJSON(loc[:len(t.columns)]); err != nil {
			return err
		}
	}
	_, err = m.tx.ExecContext(m.ctx, `INSERT INTO conflicts (id, session_id, table_name, row_id, local, incoming,
		incoming_hash, incoming_image, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		NewID(), m.sessionID, t.name, vals[0], local, stored, hash, image, m.src.String(), m.now)
	c.Conflicts++
	return err
}

// sealedForStorage is the incoming row of a conflict as it is kept: a
// confidential question that came in clear (from an older version) is kept
// sealed, like every other copy of it here. The conflict's hash stays that
// of the row as it came, so the same row again is recognised.
func (m *merger) sealedForStorage(row exchangeRow, incoming []byte) (string, error) {
	q, ok := row.(*QuestionRow)
	if !ok || !q.Confidential || q.DeletedAt != nil || IsSealed(q.Text) {
		return string(incoming), nil
	}
	keys, err := sealingKeys(m.ctx, m.tx)
	if err != nil || len(keys) == 0 {
		return string(incoming), err
	}
	sealed := *q
	question := Question{Text: q.Text, Answer: q.Answer, ClosedNote: q.ClosedNote}
	if q.AskedBy != nil {
		question.AskedBy = *q.AskedBy
	}
	if err := sealQuestion(m.ctx, m.tx, keys, &question); err != nil {
		return "", err
	}
	sealed.Text, sealed.AskedBy, sealed.Answer, sealed.ClosedNote = question.Text, nil, "", question.ClosedNote
	b, err := json.Marshal(&sealed)
	return string(b), err
}

// rowJSON is a stored row as its export type's JSON.
func (t *exchangeTable) rowJSON(vals []any) (string, error) {
	row := t.newRow()
	r := &valueReader{vals: vals}
	row.fromValues(r)
	if r.err != nil {
		return "", r.err
	}
	b, err := json.Marshal(row)
	return string(b), err
}
