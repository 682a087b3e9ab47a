package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// oddAnswerIDs are ids that are not our canonical lowercase UUIDs, or are
// canonical but not version 7: each must read back exactly as it came.
var oddAnswerIDs = []string{
	"ABCDEF00-0000-7000-8000-000000000001", // upper case
	"not-a-uuid",
	"00000000-0000-0000-0000-000000000000", // canonical, not v7
	"f47ac10b-58cc-4372-a567-0e02b2c3d479", // v4
	"f47ac10b58cc4372a5670e02b2c3d479",     // no dashes
	"{f47ac10b-58cc-4372-a567-0e02b2c3d479}",
	"f47ac10b-58cc-4372-a567-0e02b2c3d47",   // one digit short
	"f47ac10b-58cc-4372-a567-0e02b2c3d4790", // one too many
	"f47ac10b-58cc-4372-a567_0e02b2c3d479",
	"F47AC10B-58CC-4372-A567-0E02B2C3D479",
	"123",
	"",
	"f47ac10b-58cc-4372-a567-0e02b2c3d4-9", // a dash between two digits of a pair
	"f47ac10b-58cc-4372-a567-0e02b2c3d4g9",
	"f47ac10b--8cc-4372-a567-0e02b2c3d479",
	"f47ac10b-58cc-4372-a567-0e02b2c3d479 ",
	"f47ac10b-58cc-4372-a567-0e02b2c3d4é",
}

// oddTimes are times as a bundle or an older version may have written
// them; only formatTime's own form is stored as a number.
var oddTimes = []string{
	"2026-12-01T00:32:48.457Z",
	"2026-12-01T00:32:48Z",
	"2026-12-01 00:32:48.457",
	"2026-12-01T00:32:48.457+07:00",
	"1969-12-31T23:59:59.999Z",
	"1970-01-01T00:00:00.000Z",
	"2026-02-30T00:00:00.000Z",
	"2026-12-01T24:00:00.000Z",
	"2026-12-31T23:59:60.000Z",
	"9999-12-31T23:59:59.999Z",
	"0001-01-01T00:00:00.000Z",
	"2026-12-01t00:32:48.457z",
	"１２３",
	"1764548000000",
	"",
}

// TestAnswerKeysGoAndSQLAgree: what Go stores, the view (SQL) reads back
// exactly; what the view's triggers (SQL) store, Go reads back exactly.
func TestAnswerKeysGoAndSQLAgree(t *testing.T) {
	ctx := t.Context()
	s, err := Open(TempDir(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sess, err := s.CreateSession(ctx, Session{Title: "Kunci", Date: "2026-01-01", Village: "Sakra", District: "Sakra", Regency: "Lombok Timur", PackID: "p", PackVersion: "1"})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	number := 0
	person := func(id string) string {
		number++
		if _, err := tx.Exec(`INSERT INTO participants (id, session_id, number, name, name_key, gender, created_at, updated_at)
			VALUES (?, ?, ?, 'A', 'a', 'L', 'x', 'x')`, id, sess.ID, number); err != nil {
			t.Fatal(err)
		}
		return id
	}
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	n := 0
	row := func(id, person string, phase Phase, created, updated string) []any {
		n++
		var deleted any
		if n%3 == 0 {
			deleted = updated
		}
		return []any{id, sess.ID, person, string(phase), `{"a":1,"b":-1}`, created, updated, int64(n), deleted, SourcePhone}
	}
	type written struct {
		vals []any
		how  string
	}
	var all []written
	for i, id := range append([]string{NewID()}, oddAnswerIDs...) {
		for j, created := range oddTimes {
			updated := oddTimes[(j+i+1)%len(oddTimes)]
			who := NewID()
			if j == 0 {
				who = id + "/person" // odd or not, as the sheet's id
				if isID(id) {
					who = NewID()
				}
			}
			who = person(who)
			for k, phase := range []Phase{PhasePre, PhasePost} {
				sheetID := fmt.Sprintf("%s/%d/%d", id, j, k)
				if j == 0 && k == 0 {
					sheetID = id
				}
				vals := row(sheetID, who, phase, created, updated)
				if (i+j+k)%2 == 0 {
					// Go writes.
					if err := writeRow(ctx, tx, stmts, quizAnswersTable, vals, nil, true, false); err != nil {
						t.Fatalf("write %v: %v", vals, err)
					}
					all = append(all, written{vals, "Go"})
				} else {
					// SQL writes, through the view.
					if _, err := tx.Exec(`INSERT INTO quiz_answers (id, session_id, participant_id, phase, choices, layout,
						created_at, updated_at, version, deleted_at, source) VALUES (?, ?, ?, ?, '{"a":1,"b":-1}', NULL, ?, ?, ?, ?, ?)`,
						vals[0], vals[1], vals[2], vals[3], vals[5], vals[6], vals[7], vals[8], vals[9]); err != nil {
						t.Fatalf("insert %v: %v", vals, err)
					}
					all = append(all, written{vals, "SQL"})
				}
			}
		}
	}
	// Read by Go, without the view, and through the view (readRows falls
	// back to it for any other condition).
	direct, err := readRows(ctx, tx, quizAnswersTable, nil, "session_id = ?", sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	viewed, err := readRows(ctx, tx, quizAnswersTable, nil, "session_id = ? AND 1 = 1", sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(direct) != len(all) || !reflect.DeepEqual(direct, viewed) {
		t.Fatalf("%d written, %d read directly, %d through the view; equal %v", len(all), len(direct), len(viewed),
			reflect.DeepEqual(direct, viewed))
	}
	byID := map[string][]any{}
	for _, r := range direct {
		byID[r[0].(string)] = r
	}
	for _, w := range all {
		got := byID[w.vals[0].(string)]
		want := append([]any(nil), w.vals...)
		want[4] = `{"a":1,"b":-1}`
		if !reflect.DeepEqual(got, want) {
			t.Errorf("written by %s:\n want %#v\n  got %#v", w.how, want, got)
		}
		one, err := readRows(ctx, tx, quizAnswersTable, nil, "id = ?", w.vals[0])
		if err != nil || len(one) != 1 || !reflect.DeepEqual(one[0], got) {
			t.Errorf("by id %q: %v %v", w.vals[0], one, err)
		}
	}
	// Each stored form: a canonical id as 16 bytes, any other as its text.
	var blobs, texts int
	tx.QueryRow("SELECT count(*) FILTER (WHERE typeof(id) = 'blob'), count(*) FILTER (WHERE typeof(id) = 'text') FROM answer_sheets").
		Scan(&blobs, &texts)
	var canonical int
	for _, w := range all {
		if isID(w.vals[0].(string)) {
			canonical++
		}
	}
	if blobs != canonical || texts != len(all)-canonical {
		t.Errorf("%d ids stored as bytes, %d as text; want %d and %d", blobs, texts, canonical, len(all)-canonical)
	}
}

// TestAnswerSheetsSessionRule: a sheet belongs to its person's session;
// a write that disagrees, a sheet of nobody and a person removed under
// their sheets all fail as the foreign keys of quiz_answers made them.
func TestAnswerSheetsSessionRule(t *testing.T) {
	ctx := t.Context()
	s, err := Open(TempDir(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seed := uint64(9)
	a, err := s.Demo(ctx, DemoOptions{Seed: &seed, Participants: 3, PackID: "p", PackVersion: "1", Quiz: compactQuiz()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Demo(ctx, DemoOptions{Seed: &seed, Participants: 3, PackID: "p", PackVersion: "1", Quiz: compactQuiz()})
	if err != nil {
		t.Fatal(err)
	}
	people, err := s.Participants(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := s.ExportSession(ctx, a.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	sheet := exp.QuizAnswers[0]
	for name, q := range map[string]string{
		"other session": fmt.Sprintf(`INSERT INTO quiz_answers (id, session_id, participant_id, phase, choices, created_at, updated_at)
			VALUES ('%s', '%s', '%s', 'pre', '{}', 'x', 'x')`, NewID(), b.ID, people[0].ID),
		"nobody": fmt.Sprintf(`INSERT INTO answer_sheets (id, participant_id, phase, choices, created_at, updated_at)
			VALUES (x'00', '%s', 0, '{}', 'x', 'x')`, NewID()),
		"person removed": fmt.Sprintf(`DELETE FROM participants WHERE id = '%s'`, sheet.ParticipantID),
		"person moved":   fmt.Sprintf(`UPDATE participants SET session_id = '%s' WHERE id = '%s'`, b.ID, sheet.ParticipantID),
	} {
		if _, err := s.db.Exec(q); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
			t.Errorf("%s: %v", name, err)
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	vals := sheet.values()
	vals[0] = NewID()
	vals[quizAnswersTable.index["session_id"]] = b.ID
	if err := writeRow(ctx, tx, map[string]*sql.Stmt{}, quizAnswersTable, vals, nil, true, false); err == nil ||
		!strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("a merged sheet in another session than its person's: %v", err)
	}
}

// dumpTables is every row of the tables a migration must keep, each value
// with its storage class, in id order.
func dumpTables(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"sessions", "participants", "questions", "quiz_items", "quiz_answers", "quiz_tallies",
		"quiz_layouts", "photos", "conflicts", "merges", "merge_rows", "exports", "settings"} {
		order := "id"
		switch table {
		case "merge_rows":
			order = "merge_id, seq"
		case "exports":
			order = "session_id"
		case "settings":
			order = "key"
		}
		rows, err := db.Query("SELECT * FROM " + table + " ORDER BY " + order)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				fmt.Fprintf(&b, "%s=%T:%v ", cols[i], v, v)
			}
			out[table] = append(out[table], b.String())
		}
		rows.Close()
	}
	return out
}

// TestAnswerSheetsMigration converts a database of the version before (9), with what an
// office meets (deleted people and sheets, sheets that stayed JSON, odd
// ids and times from other laptops or older versions, a quiz reordered,
// an item deleted and one whose text was changed, a show of hands), and
// proves that every row of every table reads back the same, and that the
// results, fingerprints and exports of the sessions are those from before.
func TestAnswerSheetsMigration(t *testing.T) {
	ctx := t.Context()
	src, ids := fourDemoSessions(t)
	people := withDeletions(t, src, ids)
	if _, err := src.SaveAnswersFrom(ctx, people[2].ID, PhasePost, []int{1, Blank, 0, 3}, SourcePhone); err != nil {
		t.Fatal(err)
	}
	items, err := src.QuizItems(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.SaveTally(ctx, items[0].ID, PhasePre, Tally{Counts: []int{3, 4}}); err != nil {
		t.Fatal(err)
	}
	type before struct {
		results     Results
		fingerprint string
		export      string
	}
	want := map[string]before{}
	for _, id := range ids {
		exp, err := src.ExportSession(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(exp)
		fp, err := src.Fingerprint(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want[id] = before{ComputeResults(mustQuizData(t, src, id)), fp, string(b)}
	}

	dir, db := databaseAt(t, src, answerSheetsSchema-1)
	// Session 2: items reordered and one deleted; session 3: an item's
	// text changed (a second text row) and odd ids and times in every
	// column that changes form.
	for _, q := range []string{
		"UPDATE quiz_items SET position = 100 - position WHERE session_id = ?1",
		"UPDATE quiz_items SET deleted_at = updated_at WHERE session_id = ?1 AND question_id = 'q02'",
	} {
		if _, err := db.Exec(q, ids[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec("UPDATE quiz_items SET text = 'Teks diubah ✓', explanation = 'ℹ', topic = 'x' WHERE session_id = ? AND question_id = 'q01'", ids[2]); err != nil {
		t.Fatal(err)
	}
	for i, id := range oddAnswerIDs {
		person := id
		if person == "" {
			person = "p-empty"
		}
		if _, err := db.Exec(`INSERT INTO participants (id, session_id, number, name, name_key, gender, created_at, updated_at)
			VALUES (?, ?, ?, 'Odd', 'odd', 'L', ?, ?)`, person, ids[3], 100+i, oddTimes[i%len(oddTimes)], oddTimes[(i+1)%len(oddTimes)]); err != nil {
			t.Fatal(err)
		}
		for k, phase := range []string{"pre", "post"} {
			created, updated := oddTimes[(2*i+k)%len(oddTimes)], oddTimes[(3*i+k+1)%len(oddTimes)]
			sheetID := id
			if k == 1 {
				sheetID = id + "/post"
			}
			choices, layout := `{"x y":1}`, any(nil)
			if k == 1 {
				db.QueryRow("SELECT choices, layout FROM quiz_answers WHERE session_id = ? AND layout IS NOT NULL LIMIT 1", ids[3]).
					Scan(&choices, &layout)
			}
			var deleted any
			if i%4 == 0 {
				deleted = updated
			}
			if _, err := db.Exec(`INSERT INTO quiz_answers (id, session_id, participant_id, phase, choices, layout, created_at,
				updated_at, version, deleted_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sheetID, ids[3], person, phase, choices, layout, created, updated, i+1, deleted, []string{"", "phone"}[k]); err != nil {
				t.Fatal(err)
			}
		}
	}
	beforeTables := dumpTables(t, db)
	beforeResults := map[string]Results{}
	for _, id := range ids[1:3] {
		beforeResults[id] = ComputeResults(oldLetterQuizData(t, db, id))
	}
	db.Close()

	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := schemaVersion(s.db); v != LatestSchema() {
		t.Fatalf("schema %d", v)
	}
	afterTables := dumpTables(t, s.db)
	for table, rows := range beforeTables {
		if !reflect.DeepEqual(afterTables[table], rows) {
			t.Errorf("%s: %d rows before, %d after, not the same", table, len(rows), len(afterTables[table]))
			for i := range min(len(rows), len(afterTables[table])) {
				if rows[i] != afterTables[table][i] {
					t.Errorf("first difference:\n%s\n%s", rows[i], afterTables[table][i])
					break
				}
			}
		}
	}
	var texts, itemRows int
	s.db.QueryRow("SELECT (SELECT count(*) FROM quiz_texts), (SELECT count(*) FROM quiz_item_rows)").Scan(&texts, &itemRows)
	if texts != len(compactQuiz())+1 || itemRows != 4*len(compactQuiz()) {
		t.Errorf("%d texts for %d items", texts, itemRows)
	}
	for _, id := range ids {
		d := mustQuizData(t, s, id)
		if r, ok := beforeResults[id]; ok {
			if got := ComputeResults(d); !reflect.DeepEqual(got, r) {
				t.Errorf("session %s: results differ after the migration", id)
			}
			continue
		}
		if id == ids[3] {
			continue // odd rows added in the old database only; the tables compare above
		}
		if got := ComputeResults(d); !reflect.DeepEqual(got, want[id].results) {
			t.Errorf("session %s: results differ", id)
		}
		fp, err := s.Fingerprint(ctx, id)
		if err != nil || fp != want[id].fingerprint {
			t.Errorf("session %s: fingerprint %s, was %s (%v)", id, fp, want[id].fingerprint, err)
		}
		exp, err := s.ExportSession(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(exp); string(b) != want[id].export {
			t.Errorf("session %s: the export differs after the migration", id)
		}
	}

	// The migrated database takes edits and bundles as before: an edited
	// sheet, a deleted one, and the sessions merged into a new laptop and
	// back unchanged.
	p, err := s.Participants(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2027, 1, 2, 3, 4, 5, 6e6, time.UTC) }
	sheet, err := s.SaveAnswers(ctx, p[3].ID, PhasePre, []int{0, 0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAnswers(ctx, p[4].ID, PhasePost); err != nil {
		t.Fatal(err)
	}
	var updated, deleted string
	s.db.QueryRow("SELECT updated_at FROM quiz_answers WHERE id = ?", sheet.ID).Scan(&updated)
	s.db.QueryRow("SELECT updated_at || ' ' || deleted_at FROM quiz_answers WHERE participant_id = ? AND phase = 'post'", p[4].ID).Scan(&deleted)
	if updated != "2027-01-02T03:04:05.006Z" || deleted != "2027-01-02T03:04:05.006Z 2027-01-02T03:04:05.006Z" {
		t.Errorf("after an edit %q, after a deletion %q", updated, deleted)
	}
	other, err := Open(TempDir(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, id := range ids[:3] {
		exp, err := s.ExportSession(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		if sum, err := other.MergeSession(ctx, exp, MergeSource{LaptopID: exp.Session.OriginLaptop, Bundle: "a.zip"}); err != nil || sum.Added == 0 {
			t.Fatalf("merge into a new laptop: %+v %v", sum, err)
		}
		back, err := other.ExportSession(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(exp)
		b, _ := json.Marshal(back)
		if string(a) != string(b) {
			t.Errorf("session %s: exported again from the new laptop, it differs", id)
		}
		if sum, err := s.MergeSession(ctx, back, MergeSource{LaptopID: exp.Session.OriginLaptop, Bundle: "b.zip"}); err != nil || sum.Changed() {
			t.Errorf("merged back: %+v %v", sum, err)
		}
	}
}

// oldLetterQuizData reads a session's quiz from a database of the version before (9) with
// SQL of its own, so that the results before the migration do not depend
// on the code under test (beyond expandChoices, which 0008's test holds).
func oldLetterQuizData(t *testing.T, db *sql.DB, sessionID string) QuizData {
	t.Helper()
	d := oldQuizDataItems(t, db, sessionID)
	rows, err := db.Query(`SELECT a.id, a.session_id, a.participant_id, a.phase, a.choices, l.items, a.version
		FROM quiz_answers a JOIN participants p ON p.id = a.participant_id LEFT JOIN quiz_layouts l ON l.id = a.layout
		WHERE a.session_id = ? AND a.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY p.number, a.phase`, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s AnswerSheet
		var choices string
		var layout sql.NullString
		if err := rows.Scan(&s.ID, &s.SessionID, &s.ParticipantID, &s.Phase, &choices, &layout, &s.Version); err != nil {
			t.Fatal(err)
		}
		if s.Choices, err = expandChoices(choices, layout); err != nil {
			t.Fatal(err)
		}
		d.Sheets = append(d.Sheets, s)
	}
	return d
}

// TestAnswerSheetsMigrationInterrupted: a failure late in the migration
// (a power cut) leaves the database of the version before (9) as it was, and the next
// start migrates it.
func TestAnswerSheetsMigrationInterrupted(t *testing.T) {
	ctx := t.Context()
	src, err := Open(TempDir(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(3)
	sess, err := src.Demo(ctx, DemoOptions{Seed: &seed, Participants: 20, PackID: "p", PackVersion: "1", Quiz: compactQuiz()})
	if err != nil {
		t.Fatal(err)
	}
	dir, db := databaseAt(t, src, answerSheetsSchema-1)
	src.Close()
	schema := func() string {
		return queryLines(t, db, "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
	}
	// The quiz items are converted after the answer sheets, and their
	// new table comes after the old ones were dropped: a table in its way
	// stops the migration there.
	if _, err := db.Exec(`CREATE TABLE quiz_item_rows (power_cut)`); err != nil {
		t.Fatal(err)
	}
	wantTables, wantSchema := dumpTables(t, db), schema()
	db.Close()
	if s, err := Open(dir, Options{}); err == nil {
		s.Close()
		t.Fatal("the migration went through the failing row")
	}
	db, err = sql.Open("sqlite", dsn(filepath.Join(dir, FileName), false))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := schemaVersion(db); v != answerSheetsSchema-1 {
		t.Fatalf("schema %d after a failed migration", v)
	}
	if got := dumpTables(t, db); !reflect.DeepEqual(got, wantTables) {
		t.Fatal("the data changed although the migration failed")
	}
	if got := schema(); got != wantSchema {
		t.Fatalf("the schema changed although the migration failed:\n%s", got)
	}
	if _, err := db.Exec("DROP TABLE quiz_item_rows"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sheets, err := s.AnswerSheets(ctx, sess.ID)
	if err != nil || len(sheets) == 0 {
		t.Fatalf("%d sheets after the second start: %v", len(sheets), err)
	}
}

// oldQuizDataItems reads a session's quiz items, tallies and people from
// an older database.
func oldQuizDataItems(t *testing.T, db *sql.DB, sessionID string) QuizData {
	t.Helper()
	old := &Store{db: db}
	ctx := t.Context()
	var d QuizData
	var err error
	if d.Items, err = old.QuizItems(ctx, sessionID); err != nil {
		t.Fatal(err)
	}
	if d.Tallies, err = old.Tallies(ctx, sessionID); err != nil {
		t.Fatal(err)
	}
	if d.Participants, err = old.Participants(ctx, sessionID); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestAnswerQueryPlans: the queries that run per session or per row find
// their rows through indexes, never by reading every answer sheet or
// quiz item (a year of a province holds a million sheets).
func TestAnswerQueryPlans(t *testing.T) {
	s, err := Open(TempDir(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{
		answerSelect + answersOfSession,
		answerSelect + answerByID,
		"SELECT session_id, version FROM quiz_answers WHERE session_id = ?",
		"SELECT t.session_id, t.version FROM exports e CROSS JOIN quiz_answers t ON t.session_id = e.session_id",
		"SELECT * FROM quiz_answers WHERE participant_id = ? AND phase = 'pre'",
		"SELECT * FROM quiz_items WHERE session_id = ? ORDER BY position",
		"SELECT * FROM quiz_items WHERE id = ?",
		"SELECT t.session_id, t.version FROM exports e CROSS JOIN quiz_items t ON t.session_id = e.session_id",
		"DELETE FROM quiz_answers WHERE session_id IN (SELECT session_id FROM merges)",
		"UPDATE quiz_items SET version = 2 WHERE id = ?",
		"SELECT count(*) FROM participants p WHERE p.session_id = ? AND p.deleted_at IS NULL",
		layoutSelect,
	} {
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q, "x")
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			// A write through a view reads the view's rows it found
			// (SCAN quiz_items), then its triggers run.
			viewRows := step == "SCAN quiz_answers" || step == "SCAN quiz_items"
			if strings.HasPrefix(step, "SCAN ") && !viewRows && !strings.HasPrefix(step, "SCAN e ") && !strings.Contains(step, "merges") {
				t.Errorf("%s\nreads a whole table: %s", q, strings.Join(plan, "; "))
			}
		}
	}
}
