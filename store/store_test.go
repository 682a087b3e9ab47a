package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

var ctx = context.Background()

// coordinator is the coordinator's key every test store seals
// confidential questions to.
var coordinator = func() *age.X25519Identity {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		panic(err)
	}
	return id
}()

// mustOpen opens a store on a fresh folder, with the coordinator's key
// set, and closes it when the test ends.
func mustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	s := mustOpenDir(tb, store.TempDir(tb))
	if _, err := s.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{coordinator.Recipient().String()}}); err != nil {
		tb.Fatal(err)
	}
	return s
}

func mustOpenDir(tb testing.TB, dir string) *store.Store {
	tb.Helper()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func validSession() store.Session {
	return store.Session{
		Title:    "Sosialisasi Pencegahan TPPO",
		Date:     "2026-02-12",
		Village:  "Desa Sakra",
		District: "Sakra",
		Regency:  "Lombok Timur",
		Province: "Nusa Tenggara Barat",
		Officers: []store.Officer{{Name: "Bripka Ni Made Ayu", NRP: "85010123", Unit: "Ditres PPA-PPO"}},
	}
}

func mustCreate(tb testing.TB, s *store.Store, sess store.Session) store.Session {
	tb.Helper()
	created, err := s.CreateSession(ctx, sess)
	if err != nil {
		tb.Fatalf("create session: %v", err)
	}
	return created
}

func TestCreateSessionValidation(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*store.Session)
		field  string
		code   string
		stored bool
	}{
		{"valid", func(*store.Session) {}, "", "", true},
		{"empty village", func(s *store.Session) { s.Village = "   " }, store.FieldVillage, store.CodeRequired, false},
		{"impossible date", func(s *store.Session) { s.Date = "2026-02-30" }, store.FieldDate, store.CodeInvalidDate, false},
		{"date in another format", func(s *store.Session) { s.Date = "12/02/2026" }, store.FieldDate, store.CodeInvalidDate, false},
		{"500-character title", func(s *store.Session) { s.Title = strings.Repeat("a", 500) }, store.FieldTitle, store.CodeTooLong, false},
		{"control character", func(s *store.Session) { s.Title = "Sosialisasi\x07" }, store.FieldTitle, store.CodeControlChars, false},
		{"invalid UTF-8", func(s *store.Session) { s.Venue = "Balai \xff" }, store.FieldVenue, store.CodeInvalidUTF8, false},
		{"bad start time", func(s *store.Session) { s.StartTime = "25:00" }, store.FieldStartTime, store.CodeInvalidTime, false},
		{"dotted start time", func(s *store.Session) { s.StartTime = "9.30" }, "", "", true},
		{"title of 200 characters", func(s *store.Session) { s.Title = strings.Repeat("é", 200) }, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			sess := validSession()
			tt.edit(&sess)
			_, err := s.CreateSession(ctx, sess)
			if tt.field == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.field != "" {
				verr, ok := store.AsValidation(err)
				if !ok {
					t.Fatalf("want a validation error, got %v", err)
				}
				if fe, ok := verr.For(tt.field); !ok || fe.Code != tt.code {
					t.Fatalf("want %s/%s, got %v", tt.field, tt.code, verr)
				}
			}
			list, err := s.Sessions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(list) == 1; got != tt.stored {
				t.Fatalf("stored = %v, want %v", got, tt.stored)
			}
		})
	}
}

func TestCreateSessionNormalisesText(t *testing.T) {
	s := mustOpen(t)
	sess := validSession()
	sess.Title = "  Sosialisasi   TPPO\u00a0 di  Desa  "
	sess.Village = "Pringgabaya Utara" // already clean
	sess.StartTime = "9.30"
	sess.Notes = "baris satu  \r\nbaris dua\n"
	created := mustCreate(t, s, sess)
	got, err := s.Session(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Sosialisasi TPPO di Desa" || got.StartTime != "09:30" || got.Notes != "baris satu\nbaris dua" {
		t.Fatalf("not normalised: %q %q %q", got.Title, got.StartTime, got.Notes)
	}
	if !store.IsID(got.ID) || got.Version != 1 || got.Status != store.StatusDraft {
		t.Fatalf("bad new row: %+v", got)
	}
	if len(got.Officers) != 1 || got.Officers[0].Name != "Bripka Ni Made Ayu" {
		t.Fatalf("officers: %+v", got.Officers)
	}
}

func TestUpdateSessionRaisesVersionOnlyOnChange(t *testing.T) {
	s := mustOpen(t)
	created := mustCreate(t, s, validSession())

	same, err := s.UpdateSession(ctx, created)
	if err != nil || same.Version != 1 {
		t.Fatalf("no-op update: version %d, err %v", same.Version, err)
	}
	created.Venue = "Aula Kantor Desa"
	edited, err := s.UpdateSession(ctx, created)
	if err != nil || edited.Version != 2 || edited.Venue != "Aula Kantor Desa" {
		t.Fatalf("edit: %+v, %v", edited, err)
	}
	edited.Village = ""
	if _, err := s.UpdateSession(ctx, edited); err == nil {
		t.Fatal("invalid edit saved")
	}
	got, _ := s.Session(ctx, created.ID)
	if got.Village != "Desa Sakra" || got.Version != 2 {
		t.Fatalf("invalid edit changed the row: %+v", got)
	}
}

func TestDeleteAndUndo(t *testing.T) {
	s := mustOpen(t)
	created := mustCreate(t, s, validSession())
	if err := s.DeleteSession(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Sessions(ctx); len(list) != 0 {
		t.Fatal("deleted session still listed")
	}
	if _, err := s.Session(ctx, created.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted session readable: %v", err)
	}
	if err := s.DeleteSession(ctx, created.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if err := s.UndeleteSession(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(ctx, created.ID)
	if err != nil || got.Version != 3 {
		t.Fatalf("undo: version %d, err %v (delete and undo each raise the version)", got.Version, err)
	}
}

func TestSessionsNewestFirst(t *testing.T) {
	s := mustOpen(t)
	for i, d := range []string{"2026-01-05", "2026-03-01", "2025-12-31"} {
		sess := validSession()
		sess.Date = d
		sess = mustCreate(t, s, sess)
		// live and deleted participants and questions: the whole list and
		// the newest (counted two ways) must agree, deleted ones left out
		for j := 0; j <= i; j++ {
			p, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: fmt.Sprintf("Orang %d", j), Gender: "P"}, store.AddParticipantOptions{})
			if err != nil {
				t.Fatal(err)
			}
			q, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: fmt.Sprintf("Pertanyaan %d", j)})
			if err != nil {
				t.Fatal(err)
			}
			if j == 1 {
				if err := s.DeleteParticipant(ctx, p.ID); err != nil {
					t.Fatal(err)
				}
				if err := s.DeleteQuestion(ctx, q.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	list, err := s.Sessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, l := range list {
		dates = append(dates, l.Date)
	}
	if strings.Join(dates, ",") != "2026-03-01,2026-01-05,2025-12-31" {
		t.Fatalf("order: %v", dates)
	}
	for i, want := range []int{1, 1, 2} { // 2 added, 1 deleted; 1; 3 added, 1 deleted
		if list[i].Participants != want || list[i].Questions != want {
			t.Fatalf("%s: %d participants, %d questions, want %d", list[i].Date, list[i].Participants, list[i].Questions, want)
		}
	}
	for n, want := range map[int]int{0: 0, 2: 2, 3: 3, 10: 3} {
		recent, err := s.RecentSessions(ctx, n)
		if err != nil || len(recent) != want {
			t.Fatalf("RecentSessions(%d): %d sessions, %v", n, len(recent), err)
		}
		for i := range recent {
			if recent[i] != list[i] {
				t.Fatalf("RecentSessions(%d)[%d] = %+v, Sessions has %+v", n, i, recent[i], list[i])
			}
		}
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	s := mustOpen(t)
	got, err := s.Settings(ctx)
	if err != nil || got.Language != store.LangIndonesian || !store.IsID(got.LaptopID) {
		t.Fatalf("defaults: %+v, %v", got, err)
	}
	want := store.Settings{
		OfficerName: "AKBP Siti Rahmah", OfficerNRP: "7801 0012", OfficerUnit: "Ditres PPA-PPO Polda NTB",
		Letterhead:      []string{"KEPOLISIAN NEGARA REPUBLIK INDONESIA", " DAERAH NUSA TENGGARA BARAT ", ""},
		DefaultProvince: "Nusa Tenggara Barat", DefaultRegency: "Lombok Timur", Language: store.LangEnglish,
	}
	saved, err := s.SaveSettings(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if saved.OfficerName != want.OfficerName || saved.Language != store.LangEnglish ||
		len(saved.Letterhead) != 2 || saved.Letterhead[1] != "DAERAH NUSA TENGGARA BARAT" || saved.LaptopID != got.LaptopID {
		t.Fatalf("saved: %+v", saved)
	}
	if _, err := s.SaveSettings(ctx, store.Settings{Language: "fr"}); err == nil {
		t.Fatal("unknown language accepted")
	}
}

func TestSecondInstanceRefused(t *testing.T) {
	dir := store.TempDir(t)
	first := mustOpenDir(t, dir)
	if _, err := store.Open(dir, store.Options{}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	ro, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open beside the window: %v", err)
	}
	if _, err := ro.CreateSession(ctx, validSession()); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("read-only store wrote: %v", err)
	}
	ro.Close()
	first.Close()
	again, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	again.Close()
}

// closedCopy makes a database with some sessions, closes it and returns the
// path of its file.
func closedDatabase(t *testing.T, sessions int) (dir, path string) {
	t.Helper()
	dir = store.TempDir(t)
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < sessions; i++ {
		sess := validSession()
		sess.Notes = strings.Repeat("catatan panjang ", 40)
		mustCreate(t, s, sess)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, s.Path()
}

func TestDamagedFileReportedAndUntouched(t *testing.T) {
	dir, path := closedDatabase(t, 200)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite pages 3–5 (4 KiB pages) with garbage; the header stays.
	for i := 2 * 4096; i < 5*4096 && i < len(data); i++ {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(dir, store.Options{})
	if !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("open damaged: %v, want ErrDamaged", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Fatal("damaged file was modified")
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if info, err := os.Stat(path + suffix); err == nil && info.Size() > 0 {
			t.Fatalf("%s left with %d bytes", suffix, info.Size())
		}
	}
}

func TestNewerSchemaRefusedUntouched(t *testing.T) {
	dir, path := closedDatabase(t, 1)
	setUserVersion(t, path, store.LatestSchema()+1)
	before, _ := os.ReadFile(path)
	if _, err := store.Open(dir, store.Options{}); !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("open newer: %v", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("newer database was modified")
	}
}

func TestConcurrentWritersNeverBusy(t *testing.T) {
	s := mustOpen(t)
	const writers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				created, err := s.CreateSession(ctx, validSession())
				if err == nil {
					created.Venue = "Balai Desa"
					_, err = s.UpdateSession(ctx, created)
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("writer failed: %v", err)
	}
	if list, _ := s.Sessions(ctx); len(list) != writers*each {
		t.Fatalf("%d sessions, want %d", len(list), writers*each)
	}
}

func TestReadOnlyNeedsExistingDatabase(t *testing.T) {
	if _, err := store.Open(store.TempDir(t), store.Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only open created a database")
	}
}

func TestDataDir(t *testing.T) {
	t.Setenv("PENYULUH_DATA", "/tmp/from-env")
	t.Setenv("XDG_DATA_HOME", "/tmp/xdg")
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	if d, _ := store.DataDir("/tmp/from-flag"); d != abs("/tmp/from-flag") {
		t.Fatalf("flag: %s", d)
	}
	if d, _ := store.DataDir(""); d != abs("/tmp/from-env") {
		t.Fatalf("env: %s", d)
	}
	if runtime.GOOS == "windows" {
		return // no XDG there; the per-system defaults are in TestDataDirOrder
	}
	t.Setenv("PENYULUH_DATA", "")
	if d, _ := store.DataDir(""); d != filepath.Join("/tmp/xdg", "penyuluh") {
		t.Fatalf("xdg: %s", d)
	}
}

func TestClockIsUTC(t *testing.T) {
	s := mustOpen(t)
	wita := time.FixedZone("WITA", 8*3600)
	s.Now = func() time.Time { return time.Date(2026, 2, 12, 9, 0, 0, 0, wita) }
	created := mustCreate(t, s, validSession())
	got, _ := s.Session(ctx, created.ID)
	if got.CreatedAt.Location() != time.UTC || got.CreatedAt.Hour() != 1 {
		t.Fatalf("created_at %v, want 01:00 UTC", got.CreatedAt)
	}
}

func setUserVersion(t *testing.T, path string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
}

// A window opened with the check deferred must still refuse every write to
// a damaged file and leave it untouched.
func TestDeferredCheckRefusesWritesToDamagedFile(t *testing.T) {
	dir, path := closedDatabase(t, 200)
	data, _ := os.ReadFile(path)
	for i := 5 * 4096; i < 8*4096 && i < len(data); i++ {
		data[i] = byte(i * 13)
	}
	os.WriteFile(path, data, 0o600)
	s, err := store.Open(dir, store.Options{DeferCheck: true})
	if err != nil {
		if !errors.Is(err, store.ErrDamaged) {
			t.Fatalf("open: %v", err)
		}
		return // damage found while opening: as good
	}
	defer s.Close()
	if err := s.WaitChecked(); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("deferred check: %v", err)
	}
	if _, err := s.CreateSession(ctx, validSession()); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("write to a damaged file: %v", err)
	}
	if _, err := s.DailyBackup(ctx); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("backup of a damaged file: %v", err)
	}
	s.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Fatal("the damaged file was modified")
	}
}

func TestDeferredCheckOnHealthyFile(t *testing.T) {
	dir, _ := closedDatabase(t, 3)
	s, err := store.Open(dir, store.Options{DeferCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateSession(ctx, validSession()); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitChecked(); err != nil {
		t.Fatal(err)
	}
}

// The window opens with the check deferred; restoring a backup or closing
// before it is done must neither keep the file open (Windows refuses to
// replace an open file) nor leave a stale verdict that blocks every save.
func TestRestoreAndCloseWhileTheDeferredCheckRuns(t *testing.T) {
	dir, path := closedDatabase(t, 400)
	backup := filepath.Join(store.TempDir(t), "cadangan.db")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(backup, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(dir, store.Options{DeferCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Restore(ctx, backup); err != nil {
		t.Fatalf("restore while the check runs: %v", err)
	}
	if _, err := s.CreateSession(ctx, validSession()); err != nil {
		t.Fatalf("save after the restore: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(dir, store.Options{DeferCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Nothing may hold the file now: it can be moved aside at once.
	if err := os.Rename(path, path+".aside"); err != nil {
		t.Fatalf("the closed database is still held: %v", err)
	}
}
