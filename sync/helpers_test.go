package sync

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/store"
)

var ctx = context.Background()

// A fixed key pair for tests and the fuzz corpus; never used for real data.
const (
	testSecret = "AGE-SECRET-KEY-1T7RPPGU3MR7PVKUGP8TKN52ND20XFS8ECJ98UFKCSRY2X5Z9S6XQ099WEC"
	testPublic = "age109hu3lvv6m6rc7z9q7exf9xur9ch6fdhl76jnthx9gz43wrh0q5s2gytun"
)

func testIdentities(t testing.TB) []age.Identity {
	t.Helper()
	id, err := age.ParseX25519Identity(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return []age.Identity{id}
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// Confidential questions are sealed to the coordinator's key.
	if _, err := s.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{testPublic}}); err != nil {
		t.Fatal(err)
	}
	key, err := s.SigningKey()
	if err != nil {
		t.Fatal(err)
	}
	testSigners.Store(base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)), key)
	return s
}

// testSigners are the private keys of the test stores, by public key, so
// that a test can change a manifest and sign it again as its laptop would.
var testSigners gosync.Map

// enrol makes the coordinator trust the officer's laptop key, as the
// coordinator does once per officer.
func enrol(t testing.TB, coordinator, officer *store.Store) store.OfficerKey {
	t.Helper()
	k, err := ThisLaptop(ctx, officer)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ParseKey(k.Text)
	if err != nil {
		t.Fatal(err)
	}
	name := k.Officer
	if name == "" {
		name = "Petugas " + k.LaptopID[len(k.LaptopID)-4:]
	}
	if _, err := Enrol(ctx, coordinator, key, name, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	key.Name = name
	return key
}

// testQuiz is the bundled pack's quiz, as a session snapshots it.
func testQuiz() []store.QuizItem {
	pack := content.Default()
	items := make([]store.QuizItem, 0, len(pack.Questions))
	for _, q := range pack.Questions {
		items = append(items, store.QuizItem{QuestionID: q.ID, Phase: store.Phase(q.Phase), Text: q.Text,
			Options: q.Options, Letters: q.Letters(), Answer: slices.Index(q.Options, q.Answer),
			Explanation: q.Explanation, Topic: q.Topic, PackID: pack.ID, PackVersion: pack.Version})
	}
	return items
}

// demoSession is a realistic session: attendance, quiz answers, questions
// (one urgent, one confidential and sealed), a show of hands, a photo and a deleted
// participant.
func demoSession(t testing.TB, s *store.Store, people int, seed uint64) store.Session {
	t.Helper()
	pack := content.Default()
	sess, err := s.Demo(ctx, store.DemoOptions{Seed: &seed, Participants: people, PackID: pack.ID, PackVersion: pack.Version, Quiz: testQuiz()})
	if err != nil {
		t.Fatal(err)
	}
	if people == 0 {
		return sess
	}
	items, _ := s.QuizItems(ctx, sess.ID)
	two := 2
	if _, err := s.SaveTally(ctx, items[0].ID, store.PhasePre, store.Tally{Correct: &two, Present: &two}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPhoto(ctx, sess.ID, "Foto bersama", bytes.NewReader(testJPEG(t))); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Participants(ctx, sess.ID)
	if err := s.DeleteParticipant(ctx, list[len(list)-1].ID); err != nil {
		t.Fatal(err)
	}
	return sess
}

func testJPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{20, 90, 200, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// stubReport stands in for the PDF where the report does not matter.
func stubReport(context.Context, *store.Store, string) ([]byte, error) {
	return []byte("%PDF-1.4\n% stub\n%%EOF\n"), nil
}

func exportBundle(t testing.TB, s *store.Store, id string, recipients ...string) ExportResult {
	t.Helper()
	res, err := Export(ctx, s, id, ExportOptions{Dir: t.TempDir(), Recipients: recipients, AppVersion: "test",
		Report: stubReport})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var sessionTables = []string{"sessions", "participants", "quiz_items", "quiz_answers", "quiz_tallies", "questions", "photos"}

// localColumns are kept per laptop and never travel.
var localColumns = map[string]bool{
	"sessions.exported_at": true, "sessions.origin_laptop": true, "sessions.origin_officer": true,
	"questions.origin_version": true, "questions.followup_local": true,
	"sessions.origin_epoch": true, "sessions.forwarded_by": true, "questions.officer_followup": true,
}

// tombstoneColumns are what a deletion leaves behind: a deleted row travels
// without them.
var tombstoneColumns = map[string]bool{
	"participants.name": true, "participants.name_key": true, "participants.age": true, "participants.village": true,
	"participants.phone": true, "participants.consent": true, "participants.guardian_present": true,
	"questions.text": true, "questions.asked_by": true, "questions.answer": true, "questions.referred_to": true,
	"questions.urgent": true, "questions.closed_on": true, "questions.closed_note": true, "questions.status": true,
	"photos.caption": true, "photos.image": true, "photos.sha256": true,
}

// dumpSession renders every row of every table of one session, all columns
// but the local ones, reading the database file directly; keep drops rows.
func dumpSession(t testing.TB, s *store.Store, sessionID string, keep func(table string, row map[string]any) bool) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	eachRow(t, s, sessionTables, func(table string, cols []string, vals []any) {
		row := map[string]any{}
		for i, c := range cols {
			row[c] = vals[i]
		}
		var parts []string
		for i, c := range cols {
			if !localColumns[table+"."+c] && !(tombstoneColumns[table+"."+c] && row["deleted_at"] != nil) {
				parts = append(parts, fmt.Sprintf("%s=%v", c, vals[i]))
			}
		}
		id := row["session_id"]
		if table == "sessions" {
			id = row["id"]
		}
		if id == sessionID && (keep == nil || keep(table, row)) {
			out[table] = append(out[table], strings.Join(parts, " "))
		}
	})
	return out
}

// dumpAll is the whole database, to prove that nothing was written.
func dumpAll(t testing.TB, s *store.Store) string {
	t.Helper()
	var b strings.Builder
	eachRow(t, s, append(append([]string(nil), sessionTables...), "conflicts", "exports", "settings",
		"merges", "merge_rows", "pending_bundles", "officer_keys"),
		func(table string, _ []string, vals []any) { fmt.Fprintln(&b, table, vals) })
	return b.String()
}

func eachRow(t testing.TB, s *store.Store, tables []string, fn func(table string, cols []string, vals []any)) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.Path())+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range tables {
		rows, err := db.Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
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
			fn(table, cols, vals)
		}
		rows.Close()
	}
}

func sameTables(t *testing.T, got, want map[string][]string) {
	t.Helper()
	for _, table := range sessionTables {
		g, w := got[table], want[table]
		if len(w) == 0 {
			t.Errorf("%s: the fixture has no rows", table)
		}
		if len(g) != len(w) {
			t.Errorf("%s: %d rows, want %d", table, len(g), len(w))
			continue
		}
		for i := range w {
			if g[i] != w[i] {
				t.Errorf("%s row %d differs\n got: %.300s\nwant: %.300s", table, i, g[i], w[i])
			}
		}
	}
}

// rawEntry is a zip entry as a test crafts it.
type rawEntry struct {
	name string
	data []byte
	mode os.FileMode // 0 is a plain 0644 file
}

// bundleEntries reads a bundle's entries in order.
func bundleEntries(t testing.TB, data []byte) []rawEntry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []rawEntry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, rawEntry{name: f.Name, data: b})
	}
	return out
}

// makeZip writes entries as they are: names, modes and duplicates included.
func makeZip(t testing.TB, entries []rawEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Date(2026, 2, 12, 10, 0, 0, 0, time.UTC)}
		mode := e.mode
		if mode == 0 {
			mode = 0o644
		}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withManifest replaces the manifest with one listing the other entries'
// hashes, after edit changes it.
func withManifest(t testing.TB, entries []rawEntry, edit func(m *Manifest)) []rawEntry {
	t.Helper()
	var m Manifest
	var rest []rawEntry
	for _, e := range entries {
		switch e.name {
		case ManifestName:
			if err := decodeStrict(e.data, &m); err != nil {
				t.Fatal(err)
			}
		case SignatureName:
		default:
			rest = append(rest, e)
		}
	}
	if edit == nil {
		edit = func(*Manifest) {}
	}
	signer := m.Signer
	m.Files = map[string]string{}
	for _, e := range rest {
		sum := sha256.Sum256(e.data)
		m.Files[e.name] = hex.EncodeToString(sum[:])
	}
	edit(&m)
	data, _ := json.MarshalIndent(m, "", "  ")
	key, ok := testSigners.Load(signer)
	if !ok {
		t.Fatal("the bundle was not signed by a test store")
	}
	sig := base64.StdEncoding.EncodeToString(sign(key.(ed25519.PrivateKey), data))
	return append([]rawEntry{{name: ManifestName, data: data}, {name: SignatureName, data: []byte(sig)}}, rest...)
}

func reasonOf(err error) string {
	var be *BundleError
	if errors.As(err, &be) {
		return be.Reason
	}
	return fmt.Sprintf("not a BundleError: %v", err)
}
