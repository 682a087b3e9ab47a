package store

import (
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the files NNNN_name.sql, in order. Their numbers must run
// 1, 2, 3… without gaps: a test guards this. They are read when first
// needed: 'version' and the window's first frame have no use for them.
var migrations = sync.OnceValue(loadMigrations)

func loadMigrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("migration file without a number: " + e.Name())
		}
		body, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, migration{version: v, name: name, sql: expandSQLMacros(string(body))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
}

// LatestSchema is the schema version this build writes.
func LatestSchema() int { return len(migrations()) }

// schemaVersion reads user_version, which every migration sets in the same
// transaction as its changes. A brand-new file reads 0.
func schemaVersion(db *sql.DB) (int, error) {
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return v, nil
}

func migrate(db *sql.DB, now func() time.Time) error {
	return migrateTo(db, LatestSchema(), now)
}

// migrateTo applies the migrations after the current version up to target,
// each in its own transaction together with its record and user_version.
func migrateTo(db *sql.DB, target int, now func() time.Time) error {
	current, err := schemaVersion(db)
	if err != nil {
		return err
	}
	if current == 0 {
		if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	for _, m := range migrations() {
		if m.version <= current || m.version > target {
			continue
		}
		if err := applyMigration(db, m, now); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	if current > 0 && (current < compactAnswersSchema && target >= compactAnswersSchema ||
		current < answerSheetsSchema && target >= answerSheetsSchema) {
		// Compacting the answers leaves most of the old pages nearly empty;
		// the file shrinks (a year of a province: by two fifths at 0008,
		// by two fifths again at 0010) only when rewritten. The data is safe either way: a failed VACUUM (a full
		// disk) changes nothing, and the next one is the daily snapshot's.
		_, _ = db.Exec("VACUUM")
	}
	return nil
}

// compactAnswersSchema is the migration that stores answer sheets as
// letters (0008_compact_answers.sql); answerSheetsSchema the one that
// moves them to answer_sheets and keeps quiz texts once
// (0010_answer_sheets.sql).
const (
	compactAnswersSchema = 8
	answerSheetsSchema   = 10
)

// afterMigration is Go work a migration needs in its transaction, after
// its SQL.
var afterMigration = map[int]func(tx *sql.Tx) error{
	answerSheetsSchema: func(tx *sql.Tx) error {
		if err := checkAnswerSheets(tx); err != nil {
			return err
		}
		return checkQuizTexts(tx)
	},
}

// checkQuizTexts holds 0010 to its promise for quiz items: the view
// quiz_items gives back every row of the old table exactly, and nothing
// else; the rebuilt quiz_tallies and quiz_layouts every row of their own.
func checkQuizTexts(tx *sql.Tx) error {
	for _, table := range []string{"quiz_items", "quiz_tallies", "quiz_layouts"} {
		var old, now, missing int
		if err := tx.QueryRow(`SELECT (SELECT count(*) FROM temp.`+table+`_0010), (SELECT count(*) FROM main.`+table+`),
			(SELECT count(*) FROM (SELECT * FROM temp.`+table+`_0010 EXCEPT SELECT * FROM main.`+table+`))`).
			Scan(&old, &now, &missing); err != nil {
			return err
		}
		if old != now || missing != 0 {
			return fmt.Errorf("%s: %d rows, %d seen, %d not read back the same", table, old, now, missing)
		}
		if _, err := tx.Exec("DROP TABLE temp." + table + "_0010"); err != nil {
			return err
		}
	}
	return nil
}

// checkAnswerSheets holds 0010 to its promise before the old table goes:
// the view quiz_answers gives back every row of the old table exactly,
// and nothing else. Any difference fails the migration, which then leaves
// the database as it was.
func checkAnswerSheets(tx *sql.Tx) error {
	const cols = "id, session_id, participant_id, phase, choices, created_at, updated_at, version, deleted_at, layout, source"
	var old, sheets, view, missing int
	if err := tx.QueryRow(`SELECT (SELECT count(*) FROM quiz_answers_0009), (SELECT count(*) FROM answer_sheets),
		(SELECT count(*) FROM quiz_answers)`).Scan(&old, &sheets, &view); err != nil {
		return err
	}
	if err := tx.QueryRow("SELECT count(*) FROM (SELECT " + cols + " FROM quiz_answers_0009 EXCEPT SELECT " + cols +
		" FROM quiz_answers)").Scan(&missing); err != nil {
		return err
	}
	if old != sheets || old != view || missing != 0 {
		return fmt.Errorf("answer sheets: %d rows, %d moved, %d seen, %d not read back the same", old, sheets, view, missing)
	}
	_, err := tx.Exec("DROP TABLE quiz_answers_0009")
	return err
}

func applyMigration(db *sql.DB, m migration, now func() time.Time) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(m.sql); err != nil {
		return err
	}
	if after := afterMigration[m.version]; after != nil {
		if err := after(tx); err != nil {
			return err
		}
	}
	if _, err := tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, formatTime(now())); err != nil {
		return err
	}
	// PRAGMA takes no bound parameters; the version is our own integer.
	if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}
