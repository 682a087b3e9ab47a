package store

import (
	"database/sql"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestMigrationsAreNumberedWithoutGaps(t *testing.T) {
	for i, m := range migrations() {
		if m.version != i+1 {
			t.Fatalf("migration %d is numbered %d", i+1, m.version)
		}
	}
}

// TestMigrationsFromEveryVersion builds a database at each earlier schema
// version (with a session in it once the table exists), opens it with the
// current code and checks that it reaches the same schema as a fresh one
// and keeps its data.
func TestMigrationsFromEveryVersion(t *testing.T) {
	want := schemaOf(t, freshDir(t))
	for from := 0; from < LatestSchema(); from++ {
		dir := TempDir(t)
		db, err := sql.Open("sqlite", dsn(filepath.Join(dir, FileName), false))
		if err != nil {
			t.Fatal(err)
		}
		if err := migrateTo(db, from, time.Now); err != nil {
			t.Fatalf("build version %d: %v", from, err)
		}
		if from >= 1 {
			if _, err := db.Exec(`INSERT INTO sessions (id, title, date, village, created_at, updated_at)
				VALUES ('0190f5d2-0000-7000-8000-000000000001', 'Lama', '2025-01-02', 'Desa', '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z')`); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		if due, err := UpgradeDue(dir); err != nil || due != (from > 0 && from < LatestSchema()) {
			t.Fatalf("from %d: UpgradeDue says %v, %v", from, due, err)
		}
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("open version %d: %v", from, err)
		}
		if v, _ := s.SchemaVersion(); v != LatestSchema() {
			t.Fatalf("from %d: reached %d", from, v)
		}
		if from >= 1 {
			if _, err := s.Session(t.Context(), "0190f5d2-0000-7000-8000-000000000001"); err != nil {
				t.Fatalf("from %d: old session lost: %v", from, err)
			}
		}
		s.Close()
		if due, err := UpgradeDue(dir); err != nil || due {
			t.Fatalf("from %d: UpgradeDue after the upgrade says %v, %v", from, due, err)
		}
		if got := schemaOf(t, dir); got != want {
			t.Fatalf("from %d: schema differs\n got: %s\nwant: %s", from, got, want)
		}
	}
}

func TestUpgradeDueOnANewFolder(t *testing.T) {
	dir := TempDir(t)
	for _, where := range []string{dir, filepath.Join(dir, "not-yet")} {
		if due, err := UpgradeDue(where); err != nil || due {
			t.Fatalf("%s: UpgradeDue says %v, %v", where, due, err)
		}
	}
}

func freshDir(t *testing.T) string {
	dir := TempDir(t)
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return dir
}

func schemaOf(t *testing.T, dir string) string {
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, FileName), true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Each entry on one line (whitespace folded), in name order.
	parts := strings.Split(queryLines(t, db, "SELECT replace(replace(type || ' ' || name || ': ' || coalesce(sql, ''), char(10), ' '), char(13), ' ') FROM sqlite_master"), "\n")
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), " ")
	}
	sort.Strings(parts)
	return strings.Join(parts, "\n")
}
