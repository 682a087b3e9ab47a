package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCompactChoicesRoundTrip(t *testing.T) {
	id := func(n int) string { return "0190f5d2-0000-7000-8000-00000000000" + string(rune('0'+n)) }
	tests := []struct {
		name    string
		choices AnswerChoices
		compact bool
		letters string
	}{
		{"letters in sorted item order", AnswerChoices{id(2): 1, id(1): 0, id(3): Blank}, true, "AB-"},
		{"26 options still fit", AnswerChoices{id(1): 25}, true, "Z"},
		{"a choice beyond Z stays JSON", AnswerChoices{id(1): 26}, false, ""},
		{"below blank stays JSON", AnswerChoices{id(1): -2}, false, ""},
		{"an odd key stays JSON", AnswerChoices{"a,b": 1}, false, ""},
		{"an empty key stays JSON", AnswerChoices{"": 1}, false, ""},
		{"no choices stays JSON", AnswerChoices{}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, letters, ok := compactChoices(tt.choices)
			if ok != tt.compact || letters != tt.letters {
				t.Fatalf("compact %v %q, want %v %q", ok, letters, tt.compact, tt.letters)
			}
			stored, layout := string(tt.choices.appendJSON(nil)), sql.NullString{}
			if ok {
				stored, layout = letters, sql.NullString{String: items, Valid: true}
			}
			back, err := expandChoices(stored, layout)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, tt.choices) {
				t.Fatalf("read back %v, want %v", back, tt.choices)
			}
		})
	}
	// A JSON row beside a layout (an older version's erasure, say) reads as JSON.
	if c, err := expandChoices("{}", sql.NullString{String: id(1), Valid: true}); err != nil || len(c) != 0 {
		t.Fatalf("JSON with a layout: %v %v", c, err)
	}
	if _, err := expandChoices("AB", sql.NullString{String: id(1), Valid: true}); err == nil {
		t.Fatal("two letters for one item read without error")
	}
}

// oldDatabase builds, in a new folder, a database at schema 7 (before
// compact answers) holding every row of src, with answer sheets as JSON
// exactly as version 7 wrote them.
func oldDatabase(t *testing.T, src *Store) (string, *sql.DB) {
	t.Helper()
	dir, db := databaseAt(t, src, 7)
	if _, err := db.Exec("ATTACH DATABASE ? AS src", "file:"+filepath.ToSlash(src.Path())+"?mode=ro"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA foreign_keys = OFF"); err != nil {
		t.Fatal(err)
	}
	// Version 7 kept choices as JSON: write them so, from the compact rows.
	rows, err := db.Query("SELECT a.id, a.choices, l.items FROM src.quiz_answers a LEFT JOIN src.quiz_layouts l ON l.id = a.layout")
	if err != nil {
		t.Fatal(err)
	}
	type sheet struct{ id, json string }
	var sheets []sheet
	for rows.Next() {
		var id, stored string
		var layout sql.NullString
		if err := rows.Scan(&id, &stored, &layout); err != nil {
			t.Fatal(err)
		}
		c, err := expandChoices(stored, layout)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := json.Marshal(map[string]int(c)) // as version 7's SaveAnswers wrote it
		sheets = append(sheets, sheet{id, string(plain)})
	}
	rows.Close()
	for _, s := range sheets {
		if _, err := db.Exec("UPDATE main.quiz_answers SET choices = ? WHERE id = ?", s.json, s.id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec("DETACH DATABASE src"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA foreign_keys = ON"); err != nil {
		t.Fatal(err)
	}
	return dir, db
}

// oldQuizData reads a session's quiz as version 7 did, with its own JSON
// decoding of the sheets, so that the results before the migration do not
// depend on the code under test.
func oldQuizData(t *testing.T, db *sql.DB, sessionID string) QuizData {
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
	rows, err := db.QueryContext(ctx, `SELECT a.id, a.session_id, a.participant_id, a.phase, a.choices, a.version
		FROM quiz_answers a JOIN participants p ON p.id = a.participant_id
		WHERE a.session_id = ? AND a.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY p.number, a.phase`, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s AnswerSheet
		var choices string
		if err := rows.Scan(&s.ID, &s.SessionID, &s.ParticipantID, &s.Phase, &choices, &s.Version); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(choices), &s.Choices); err != nil {
			t.Fatal(err)
		}
		d.Sheets = append(d.Sheets, s)
	}
	return d
}

func compactQuiz() []QuizItem {
	tf, letters := []string{"Benar", "Salah"}, []string{"B", "S"}
	abcd := []string{"A", "B", "C", "D"}
	return []QuizItem{
		{QuestionID: "q01", Phase: PhaseBoth, Text: "TPPO hanya dengan kekerasan.", Options: tf, Letters: letters, Answer: 1, PackID: "p", PackVersion: "1"},
		{QuestionID: "q02", Phase: PhaseBoth, Text: "Usia minimal PMI?", Options: abcd, Letters: abcd, Answer: 2, PackID: "p", PackVersion: "1"},
		{QuestionID: "q03", Phase: PhasePre, Text: "Pre saja", Options: tf, Letters: letters, Answer: 0, PackID: "p", PackVersion: "1"},
		{QuestionID: "q04", Phase: PhasePost, Text: "Post saja", Options: tf, Letters: letters, Answer: 0, PackID: "p", PackVersion: "1"},
		{QuestionID: "q05", Phase: PhaseBoth, Text: "Dokumen resmi?", Options: abcd, Letters: abcd, Answer: 3, PackID: "p", PackVersion: "1"},
	}
}

// queryLines runs a query of one text column and joins its rows by lines:
// a dump to compare before and after.
func queryLines(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// fourDemoSessions opens a new store with four demo sessions of 12 people
// on compactQuiz: what the migration tests start from.
func fourDemoSessions(t *testing.T) (*Store, []string) {
	src, err := Open(TempDir(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	var ids []string
	for i := range 4 {
		seed := uint64(i + 1)
		sess, err := src.Demo(t.Context(), DemoOptions{Seed: &seed, Participants: 12, PackID: "p", PackVersion: "1", Quiz: compactQuiz()})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sess.ID)
	}
	return src, ids
}

// withDeletions deletes, in the first session, its first person (a
// tombstone whose sheets stay) and its second person's pre-test sheet, and
// returns that session's people as they were.
func withDeletions(t *testing.T, s *Store, ids []string) []Participant {
	t.Helper()
	people, err := s.Participants(t.Context(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteParticipant(t.Context(), people[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAnswers(t.Context(), people[1].ID, PhasePre); err != nil {
		t.Fatal(err)
	}
	return people
}

// TestCompactAnswersMigration converts a version-7 database, with the
// sheets an office meets (blanks, a deleted person's sheet, a deleted
// sheet, a quiz whose items were later reordered and one deleted, sheets
// that do not fit the letters), and checks that every session's results,
// fingerprint and bundle data are the same before and after, that the
// sheets that fit are stored as letters and the others stay JSON.
func TestCompactAnswersMigration(t *testing.T) {
	ctx := t.Context()
	src, ids := fourDemoSessions(t)
	withDeletions(t, src, ids)
	wantExport := map[string]string{}
	for _, id := range ids {
		exp, err := src.ExportSession(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(exp)
		wantExport[id] = string(b)
	}

	dir, db := oldDatabase(t, src)
	// Session 2: the snapshot's items reordered and one deleted after the
	// sheets were written (bundle merges and older versions could do it).
	if _, err := db.Exec("UPDATE quiz_items SET position = 100 - position WHERE session_id = ?", ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE quiz_items SET deleted_at = updated_at WHERE session_id = ? AND question_id = 'q02'", ids[1]); err != nil {
		t.Fatal(err)
	}
	// Session 3: sheets that cannot be letters stay JSON.
	odd := []string{`{}`, `{"x y":1}`, `{"0190f5d2-0000-7000-8000-000000000001":40}`}
	var oddIDs []string
	rows, err := db.Query("SELECT id FROM quiz_answers WHERE session_id = ? ORDER BY id LIMIT ?", ids[2], len(odd))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		oddIDs = append(oddIDs, id)
	}
	rows.Close()
	for i, id := range oddIDs {
		if _, err := db.Exec("UPDATE quiz_answers SET choices = ? WHERE id = ?", odd[i], id); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string]Results{}
	beforeSheets := map[string][]AnswerSheet{}
	for _, id := range ids {
		d := oldQuizData(t, db, id)
		before[id] = ComputeResults(d)
		beforeSheets[id] = d.Sheets
	}
	var sheetsBefore int
	db.QueryRow("SELECT count(*) FROM quiz_answers").Scan(&sheetsBefore)
	db.Close()

	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, id := range ids {
		d, err := s.QuizData(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d.Sheets, beforeSheets[id]) {
			t.Errorf("session %s: sheets differ after the migration", id)
		}
		if got := ComputeResults(d); !reflect.DeepEqual(got, before[id]) {
			a, _ := json.Marshal(before[id])
			b, _ := json.Marshal(got)
			t.Errorf("session %s: results differ\nbefore %s\n after %s", id, a, b)
		}
		if id == ids[1] || id == ids[2] {
			continue // changed above, in the old database only
		}
		exp, err := s.ExportSession(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(exp); string(b) != wantExport[id] {
			t.Errorf("session %s: the bundle's data differ after the migration", id)
		}
		fpOld, err := src.Fingerprint(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if fp, _ := s.Fingerprint(ctx, id); fp != fpOld {
			t.Errorf("session %s: fingerprint %s, was %s", id, fp, fpOld)
		}
	}
	var total, compact, jsonRows int
	s.db.QueryRow("SELECT count(*), count(layout), sum(choices LIKE '{%') FROM quiz_answers").Scan(&total, &compact, &jsonRows)
	if total != sheetsBefore || compact != total-len(odd) || jsonRows != len(odd) {
		t.Fatalf("%d sheets (%d before), %d compact, %d JSON; want %d JSON", total, sheetsBefore, compact, jsonRows, len(odd))
	}
	var longest int
	s.db.QueryRow("SELECT max(length(choices)) FROM quiz_answers WHERE layout IS NOT NULL").Scan(&longest)
	if longest != 4 {
		t.Fatalf("a compact sheet of a 4-item test holds %d characters", longest)
	}
	var layouts int
	s.db.QueryRow("SELECT count(*) FROM quiz_layouts").Scan(&layouts)
	if layouts != 2*len(ids) {
		t.Fatalf("%d layouts for %d sessions of two tests", layouts, len(ids))
	}

	// A sheet saved again keeps its version when nothing changed, and is
	// stored compactly when it was JSON.
	live, err := s.Participants(ctx, ids[3])
	if err != nil {
		t.Fatal(err)
	}
	var version int
	s.db.QueryRow("SELECT version FROM quiz_answers WHERE participant_id = ? AND phase = 'post'", live[0].ID).Scan(&version)
	items := PhaseItems(mustItems(t, s, ids[3]), PhasePost)
	sheet := sheetOf(beforeSheets[ids[3]], live[0].ID, PhasePost)
	choices := make([]int, len(items))
	for i, it := range items {
		choices[i] = sheet.Choices[it.ID]
	}
	if got, err := s.SaveAnswers(ctx, live[0].ID, PhasePost, choices); err != nil || got.Version != version {
		t.Fatalf("saved again: version %d, was %d (%v)", got.Version, version, err)
	}
}

func mustItems(t *testing.T, s *Store, id string) []QuizItem {
	t.Helper()
	items, err := s.QuizItems(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func sheetOf(sheets []AnswerSheet, person string, phase Phase) AnswerSheet {
	for _, s := range sheets {
		if s.ParticipantID == person && s.Phase == phase {
			return s
		}
	}
	return AnswerSheet{}
}

// TestCompactAnswersMigrationInterrupted: a failure in the middle of the
// conversion (here a trigger on one row, standing for a power cut or a full
// disk) leaves the database exactly as version 7 had it, and the next start
// converts it.
func TestCompactAnswersMigrationInterrupted(t *testing.T) {
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
	dir, db := oldDatabase(t, src)
	src.Close()
	dump := func() string {
		return queryLines(t, db, "SELECT id || ' ' || choices || ' ' || version FROM quiz_answers ORDER BY id")
	}
	want := dump()
	var last string
	db.QueryRow("SELECT max(id) FROM quiz_answers").Scan(&last)
	if _, err := db.Exec(`CREATE TRIGGER power_cut BEFORE UPDATE OF choices ON quiz_answers
		WHEN NEW.id = '` + last + `' BEGIN SELECT RAISE(ABORT, 'power cut'); END`); err != nil {
		t.Fatal(err)
	}
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
	if v, _ := schemaVersion(db); v != 7 {
		t.Fatalf("schema %d after a failed migration", v)
	}
	if got := dump(); got != want {
		t.Fatal("the answers changed although the migration failed")
	}
	var n int
	db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'quiz_layouts'").Scan(&n)
	if n != 0 {
		t.Fatal("quiz_layouts exists after a failed migration")
	}
	if _, err := db.Exec("DROP TRIGGER power_cut"); err != nil {
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

// TestOldBackupCleanedAndRestored: a snapshot taken by version 7 is cleaned
// (a person deleted since is emptied there) and restored, and the restored
// session's results are those of the snapshot.
func TestOldBackupCleanedAndRestored(t *testing.T) {
	ctx := t.Context()
	s, err := Open(TempDir(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seed := uint64(5)
	sess, err := s.Demo(ctx, DemoOptions{Seed: &seed, Participants: 15, PackID: "p", PackVersion: "1", Quiz: compactQuiz()})
	if err != nil {
		t.Fatal(err)
	}
	oldDir, db := oldDatabase(t, s)
	db.Close()
	if err := os.MkdirAll(s.BackupDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	snapshot := filepath.Join(s.BackupDir(), backupPrefix+"20250101-080000.db")
	if err := copyFile(filepath.Join(oldDir, FileName), snapshot); err != nil {
		t.Fatal(err)
	}
	people, err := s.Participants(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteParticipant(ctx, people[0].ID); err != nil {
		t.Fatal(err)
	}
	want := ComputeResults(mustQuizData(t, s, sess.ID)) // what the cleaned snapshot must give back
	cleaned, err := s.CleanBackups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cleaned.Cleaned) != 1 {
		t.Fatalf("cleaned %v", cleaned.Cleaned)
	}
	if _, err := s.Restore(ctx, snapshot); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Participant(ctx, people[0].ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the deleted person came back from the cleaned snapshot: %v", err)
	}
	if got := ComputeResults(mustQuizData(t, s, sess.ID)); !reflect.DeepEqual(got, want) {
		t.Fatalf("restored results differ from those before the restore")
	}
}

func mustQuizData(t *testing.T, s *Store, id string) QuizData {
	t.Helper()
	d, err := s.QuizData(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// databaseAt builds, in a new folder, a database at the schema version
// given holding every row of src (the columns that version has).
func databaseAt(t *testing.T, src *Store, version int) (string, *sql.DB) {
	t.Helper()
	dir := TempDir(t)
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, FileName), false))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if err := migrateTo(db, version, time.Now); err != nil {
		t.Fatal(err)
	}
	if err := src.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("ATTACH DATABASE ? AS src", "file:"+filepath.ToSlash(src.Path())+"?mode=ro"); err != nil {
		t.Fatal(err)
	}
	tables, err := db.Query("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	if _, err := db.Exec("PRAGMA foreign_keys = OFF"); err != nil {
		t.Fatal(err)
	}
	for _, table := range names {
		cols, err := db.Query("SELECT name FROM pragma_table_info(?)", table)
		if err != nil {
			t.Fatal(err)
		}
		var list []string
		for cols.Next() {
			var c string
			cols.Scan(&c)
			list = append(list, c)
		}
		cols.Close()
		c := strings.Join(list, ", ")
		if _, err := db.Exec("INSERT INTO main." + table + " (" + c + ") SELECT " + c + " FROM src." + table); err != nil {
			t.Fatalf("copy %s: %v", table, err)
		}
	}
	if _, err := db.Exec("DETACH DATABASE src"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA foreign_keys = ON"); err != nil {
		t.Fatal(err)
	}
	return dir, db
}
