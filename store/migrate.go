package store

import (
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
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
// 1, 2, 3… without gaps: a test guards this.
var migrations = loadMigrations()

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
		out = append(out, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
}

// LatestSchema is the schema version this build writes.
func LatestSchema() int { return len(migrations) }

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
	for _, m := range migrations {
		if m.version <= current || m.version > target {
			continue
		}
		if err := applyMigration(db, m, now); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	if current > 0 && current < compactAnswersSchema && target >= compactAnswersSchema {
		// Compacting the answers leaves most of the old pages nearly empty;
		// the file shrinks (a year of a province: by two fifths) only when
		// rewritten. The data is safe either way: a failed VACUUM (a full
		// disk) changes nothing, and the next one is the daily snapshot's.
		_, _ = db.Exec("VACUUM")
	}
	return nil
}

// compactAnswersSchema is the migration that stores answer sheets as
// letters (0008_compact_answers.sql).
const compactAnswersSchema = 8

func applyMigration(db *sql.DB, m migration, now func() time.Time) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(m.sql); err != nil {
		return err
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
