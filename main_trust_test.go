package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

// The command line of issue 12: officers' keys, held bundles, conflicts
// and merges, run through the same entry as every other command test.

var bg = context.Background()

// mustCLI runs a command that must succeed and returns its stdout.
func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := cli(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
	}
	return out
}

// withStore opens a data folder for writing, runs f and closes it.
func withStore(t *testing.T, dir string, f func(s *store.Store)) {
	t.Helper()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f(s)
}

// officerLaptop makes an officer's data folder with the officer's name set
// and one session of three participants; it returns the folder and the
// session's id.
func officerLaptop(t *testing.T, officer string) (dir, session string) {
	t.Helper()
	dir = t.TempDir()
	session = lastLine(mustCLI(t, "demo", "--participants", "3", "--seed", "7", "--data", dir))
	withStore(t, dir, func(s *store.Store) {
		settings, err := s.Settings(bg)
		if err != nil {
			t.Fatal(err)
		}
		settings.OfficerName = officer
		if _, err := s.SaveSettings(bg, settings); err != nil {
			t.Fatal(err)
		}
	})
	return dir, session
}

// exportBundle writes a session's plain bundle into a folder of its own
// and returns its path.
func exportBundle(t *testing.T, dir, session string) string {
	t.Helper()
	return lastLine(mustCLI(t, "export", session, "-o", t.TempDir(), "--data", dir))
}

// setNotes edits a session's notes on a laptop.
func setNotes(t *testing.T, dir, session, notes string) {
	t.Helper()
	withStore(t, dir, func(s *store.Store) {
		sess, err := s.Session(bg, session)
		if err != nil {
			t.Fatal(err)
		}
		sess.Notes = notes
		if _, err := s.UpdateSession(bg, sess); err != nil {
			t.Fatal(err)
		}
	})
}

// notesOf reads a session's notes, "" with ok false when it is not there
// (or deleted).
func notesOf(t *testing.T, dir, session string) (notes string, ok bool) {
	t.Helper()
	withStore(t, dir, func(s *store.Store) {
		sess, err := s.Session(bg, session)
		if err == nil && sess.DeletedAt == nil {
			notes, ok = sess.Notes, true
		}
	})
	return notes, ok
}

// laptopKey is the key an officer's laptop prints.
func laptopKey(t *testing.T, dir string) (text string, key store.OfficerKey) {
	t.Helper()
	text = lastLine(mustCLI(t, "officer-key", "--data", dir))
	key, err := sync.ParseKey(text)
	if err != nil {
		t.Fatalf("officer-key's last line %q: %v", text, err)
	}
	return text, key
}

func pendingList(t *testing.T, dir string) []store.Pending {
	t.Helper()
	var list []store.Pending
	if err := json.Unmarshal([]byte(mustCLI(t, "pending", "--json", "--data", dir)), &list); err != nil {
		t.Fatal(err)
	}
	return list
}

func conflictList(t *testing.T, dir string) []store.Conflict {
	t.Helper()
	var list []store.Conflict
	if err := json.Unmarshal([]byte(mustCLI(t, "conflicts", "--json", "--data", dir)), &list); err != nil {
		t.Fatal(err)
	}
	return list
}

func mergeList(t *testing.T, dir, session string) []store.MergeRecord {
	t.Helper()
	var list []store.MergeRecord
	if err := json.Unmarshal([]byte(mustCLI(t, "merges", session, "--json", "--data", dir)), &list); err != nil {
		t.Fatal(err)
	}
	return list
}

// trustState is what the trust commands may change on a coordinator's
// laptop, to check that a refused command changed nothing.
func trustState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{{"pending", "--json"}, {"conflicts", "--json"}, {"sessions", "--json"}} {
		b.WriteString(mustCLI(t, append(args, "--data", dir)...))
	}
	withStore(t, dir, func(s *store.Store) {
		keys, err := s.OfficerKeys(bg)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(keys)
		b.Write(data)
	})
	return b.String()
}

var heldLineRE = regexp.MustCompile(`^held (.+): waiting for the coordinator to enrol key ([0-9]{4}( [0-9]{4}){4}) \(officer (.+)\); penyuluh enrol ([0-9a-f-]{36})$`)

// importHeld imports a bundle from a key not enrolled yet: it is held,
// reported as such, and the import exits 0. It returns the held bundle's
// id.
func importHeld(t *testing.T, coordinator, bundle string, key store.OfficerKey, officer string) string {
	t.Helper()
	out, errOut, code := cli(t, "import", bundle, "--data", coordinator)
	if code != 0 {
		t.Fatalf("a held bundle is not a rejection: exit %d, %q, %q", code, out, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("import: %q", out)
	}
	m := heldLineRE.FindStringSubmatch(lines[0])
	if m == nil || m[1] != bundle || m[2] != key.Fingerprint || m[4] != officer {
		t.Fatalf("held line %q (want %s, key %s, officer %s)", lines[0], bundle, key.Fingerprint, officer)
	}
	if !strings.HasPrefix(lines[1], "0 bundles merged, 1 held, 0 rejected;") {
		t.Fatalf("totals %q", lines[1])
	}
	list := pendingList(t, coordinator)
	if len(list) != 1 || list[0].ID != m[5] || list[0].Reason != store.HoldUnknownKey || list[0].Fingerprint != key.Fingerprint {
		t.Fatalf("pending %+v, held line %q", list, lines[0])
	}
	return m[5]
}

func TestOfficerKey(t *testing.T) {
	dir, _ := officerLaptop(t, "Baiq Nurul")
	out := mustCLI(t, "officer-key", "--data", dir)
	if n := strings.Count(out, "\n"); n != 4 {
		t.Fatalf("officer, laptop, fingerprint and key: want 4 lines, got %d: %q", n, out)
	}
	key, err := sync.ParseKey(lastLine(out))
	if err != nil {
		t.Fatalf("last line %q: %v", lastLine(out), err)
	}
	if !regexp.MustCompile(`^[0-9]{4}( [0-9]{4}){4}$`).MatchString(key.Fingerprint) {
		t.Fatalf("fingerprint %q", key.Fingerprint)
	}
	if !strings.Contains(out, "officer: Baiq Nurul\n") || !strings.Contains(out, "fingerprint: "+key.Fingerprint+"\n") ||
		!strings.Contains(out, key.LaptopID) {
		t.Fatalf("stdout %q", out)
	}
	if again := mustCLI(t, "-data", dir, "officer-key"); again != out {
		t.Fatalf("the key changed between two runs: %q, %q", out, again)
	}

	// JSON: the LaptopKey object.
	var lk sync.LaptopKey
	var fields map[string]any
	jsonOut := mustCLI(t, "officer-key", "--json", "--data", dir)
	if err := json.Unmarshal([]byte(jsonOut), &lk); err != nil || json.Unmarshal([]byte(jsonOut), &fields) != nil {
		t.Fatalf("--json: %v: %q", err, jsonOut)
	}
	if lk.Text != lastLine(out) || lk.Fingerprint != key.Fingerprint || lk.Officer != "Baiq Nurul" || lk.LaptopID != key.LaptopID {
		t.Fatalf("--json %+v", lk)
	}
	for _, k := range []string{"key", "public_key", "fingerprint", "laptop_id", "officer"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("--json lacks %q", k)
		}
	}

	// -o writes the key file, and never over an existing file.
	file := filepath.Join(t.TempDir(), "kunci-baiq.txt")
	if last := lastLine(mustCLI(t, "officer-key", "-o", file, "--data", dir)); last != lk.Text {
		t.Fatalf("with -o the last line is %q", last)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if fromFile, err := sync.ParseKey(string(data)); err != nil || fromFile != key {
		t.Fatalf("the key file: %v, %+v", err, fromFile)
	}
	if !strings.Contains(string(data), key.Fingerprint) || !strings.Contains(string(data), "Baiq Nurul") {
		t.Fatalf("the key file does not say whose it is: %q", data)
	}
	os.WriteFile(file, []byte("something else"), 0o644)
	if out, errOut, code := cli(t, "officer-key", "-o", file, "--data", dir); code != 1 || out != "" || !strings.Contains(errOut, "already exists") {
		t.Fatalf("over an existing file: exit %d, %q, %q", code, out, errOut)
	}
	if after, _ := os.ReadFile(file); string(after) != "something else" {
		t.Fatal("officer-key overwrote a file")
	}

	// It works while the window holds the folder.
	held, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if beside := mustCLI(t, "officer-key", "--data", dir); beside != out {
		t.Fatalf("beside the window: %q", beside)
	}
}

func TestEnrolByKeyOrFile(t *testing.T) {
	officer, session := officerLaptop(t, "Baiq Nurul")
	keyText, key := laptopKey(t, officer)
	keyFile := filepath.Join(t.TempDir(), "kunci.txt")
	mustCLI(t, "officer-key", "-o", keyFile, "--data", officer)
	fileContent, _ := os.ReadFile(keyFile)
	notepadFile := filepath.Join(t.TempDir(), "kunci notepad.txt")
	os.WriteFile(notepadFile, []byte("\ufeff"+strings.ReplaceAll(string(fileContent), "\n", "\r\n")), 0o644)
	bundle := exportBundle(t, officer, session)

	tests := []struct {
		name string
		arg  string
		// heldFirst: the bundle came before the key was enrolled.
		heldFirst bool
	}{
		{"key text, bundle held first", keyText, true},
		{"key file, bundle held first", keyFile, true},
		{"key file from Notepad", notepadFile, true},
		{"key text before any bundle", keyText, false},
		{"key text with spaces around it", "  " + keyText + "\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			coordinator := t.TempDir()
			if tt.heldFirst {
				importHeld(t, coordinator, bundle, key, "Baiq Nurul")
				if _, ok := notesOf(t, coordinator, session); ok {
					t.Fatal("a held bundle was merged")
				}
			}
			// The name is the officer's as their bundles name them;
			// spaces do not matter.
			out := mustCLI(t, "enrol", tt.arg, "--name", " Baiq  Nurul ", "--data", coordinator)
			merged := "0 held bundles merged"
			if tt.heldFirst {
				merged = "1 held bundle merged"
				if !strings.HasPrefix(out, "merged "+filepath.Base(bundle)+": ") { // the held file, by name
					t.Fatalf("the held bundle's line: %q", out)
				}
			}
			if want := "enrolled Baiq Nurul (fingerprint " + key.Fingerprint + "); " + merged; lastLine(out) != want {
				t.Fatalf("last line %q, want %q", lastLine(out), want)
			}
			if list := pendingList(t, coordinator); len(list) != 0 {
				t.Fatalf("still pending: %+v", list)
			}
			if !tt.heldFirst {
				if out := mustCLI(t, "import", bundle, "--data", coordinator); !strings.HasPrefix(lastLine(out), "1 bundles merged, 0 held, 0 rejected;") {
					t.Fatalf("import after enrolling: %q", out)
				}
			}
			if _, ok := notesOf(t, coordinator, session); !ok {
				t.Fatal("the session is not there after enrolling")
			}
			withStore(t, coordinator, func(s *store.Store) {
				k, err := s.OfficerKey(bg, key.PublicKey)
				if err != nil || k.Name != "Baiq Nurul" || k.Status != store.KeyEnrolled || k.LaptopID != key.LaptopID {
					t.Fatalf("enrolled %+v, %v", k, err)
				}
			})
		})
	}
}

func TestEnrolJSON(t *testing.T) {
	officer, session := officerLaptop(t, "Baiq Nurul")
	_, key := laptopKey(t, officer)
	coordinator := t.TempDir()
	importHeld(t, coordinator, exportBundle(t, officer, session), key, "Baiq Nurul")
	keyFile := filepath.Join(t.TempDir(), "kunci.txt")
	mustCLI(t, "officer-key", "-o", keyFile, "--data", officer)
	out := mustCLI(t, "enrol", keyFile, "--name", "Baiq Nurul", "--json", "--data", coordinator)
	var doc struct {
		Key      *store.OfficerKey   `json:"key"`
		Merged   *int                `json:"merged"`
		Held     *int                `json:"held"`
		Rejected *int                `json:"rejected"`
		Results  []sync.ImportResult `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if doc.Key == nil || doc.Key.Fingerprint != key.Fingerprint || doc.Key.Name != "Baiq Nurul" || doc.Key.Status != store.KeyEnrolled ||
		doc.Merged == nil || *doc.Merged != 1 || *doc.Held != 0 || *doc.Rejected != 0 || len(doc.Results) != 1 ||
		doc.Results[0].SessionID != session {
		t.Fatalf("--json %s", out)
	}
}

func TestEnrolByPendingID(t *testing.T) {
	officer, session := officerLaptop(t, "Baiq Nurul")
	_, key := laptopKey(t, officer)
	coordinator := t.TempDir()
	id := importHeld(t, coordinator, exportBundle(t, officer, session), key, "Baiq Nurul")

	// The name defaults to the officer the bundle names; ids may be typed
	// in capitals.
	out := mustCLI(t, "enrol", strings.ToUpper(id), "--data", coordinator)
	if want := "enrolled Baiq Nurul (fingerprint " + key.Fingerprint + "); 1 held bundle merged"; lastLine(out) != want {
		t.Fatalf("last line %q, want %q", lastLine(out), want)
	}
	if _, ok := notesOf(t, coordinator, session); !ok {
		t.Fatal("the held session was not merged")
	}
	if list := pendingList(t, coordinator); len(list) != 0 {
		t.Fatalf("pending %+v", list)
	}
	// The next bundle of that key merges at once.
	setNotes(t, officer, session, "catatan baru")
	if out := mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator); !strings.HasPrefix(lastLine(out), "1 bundles merged, 0 held") {
		t.Fatalf("the next bundle: %q", out)
	}
	if notes, _ := notesOf(t, coordinator, session); notes != "catatan baru" {
		t.Fatalf("notes %q", notes)
	}
	// A decided bundle is gone.
	if _, errOut, code := cli(t, "enrol", id, "--data", coordinator); code != 1 || !strings.Contains(errOut, "no held bundle") {
		t.Fatalf("enrolling a decided bundle: exit %d, %q", code, errOut)
	}
}

// TestHeldDeletion: a bundle that deletes a whole session waits for the
// coordinator; enrol ID applies it, refuse ID drops it.
func TestHeldDeletion(t *testing.T) {
	for _, decide := range []string{"enrol", "refuse"} {
		t.Run(decide, func(t *testing.T) {
			officer, session := officerLaptop(t, "Baiq Nurul")
			keyText, _ := laptopKey(t, officer)
			coordinator := t.TempDir()
			mustCLI(t, "enrol", keyText, "--name", "Baiq Nurul", "--data", coordinator)
			mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
			withStore(t, officer, func(s *store.Store) {
				if err := s.DeleteSession(bg, session); err != nil {
					t.Fatal(err)
				}
			})
			bundle := exportBundle(t, officer, session)
			out, errOut, code := cli(t, "import", bundle, "--data", coordinator)
			if code != 0 || !strings.HasPrefix(lastLine(out), "0 bundles merged, 1 held, 0 rejected") {
				t.Fatalf("import: exit %d, %q, %q", code, out, errOut)
			}
			list := pendingList(t, coordinator)
			if len(list) != 1 || list[0].Reason != store.HoldDeletesSession || list[0].SessionID != session {
				t.Fatalf("pending %+v", list)
			}
			id := list[0].ID
			if line := strings.Split(out, "\n")[0]; !strings.HasPrefix(line, "held "+bundle+": it deletes the whole session") ||
				!strings.Contains(line, "penyuluh enrol "+id) || !strings.Contains(line, "penyuluh refuse "+id) {
				t.Fatalf("held line %q", line)
			}
			if _, ok := notesOf(t, coordinator, session); !ok {
				t.Fatal("the deletion took effect before the coordinator decided")
			}
			out = mustCLI(t, decide, id, "--data", coordinator)
			_, there := notesOf(t, coordinator, session)
			if decide == "enrol" {
				if there || !strings.HasPrefix(lastLine(out), "merged held bundle "+id+": ") {
					t.Fatalf("enrol: there %v, %q", there, out)
				}
				// Undoing that import brings the session back.
				merges := mergeList(t, coordinator, session)
				if len(merges) == 0 || !merges[0].Undoable {
					t.Fatalf("merges %+v", merges)
				}
				mustCLI(t, "undo", merges[0].ID, "--data", coordinator)
				if _, ok := notesOf(t, coordinator, session); !ok {
					t.Fatal("undoing the deletion did not bring the session back")
				}
			} else if !there || !strings.HasPrefix(lastLine(out), "refused held bundle "+id+" ") || !strings.HasSuffix(lastLine(out), "; 1 held bundle dropped") {
				t.Fatalf("refuse: there %v, %q", there, out)
			}
			if list := pendingList(t, coordinator); len(list) != 0 {
				t.Fatalf("pending %+v", list)
			}
		})
	}
}

func TestRefuse(t *testing.T) {
	officer, session := officerLaptop(t, "Baiq Nurul")
	keyText, key := laptopKey(t, officer)
	keyFile := filepath.Join(t.TempDir(), "kunci.txt")
	mustCLI(t, "officer-key", "-o", keyFile, "--data", officer)
	bundle := exportBundle(t, officer, session)
	spaced := strings.Fields(key.Fingerprint)
	tests := []struct {
		name string
		args func(id string) []string
	}{
		{"held bundle's id", func(id string) []string { return []string{id} }},
		{"fingerprint", func(string) []string { return []string{key.Fingerprint} }},
		{"fingerprint as five words", func(string) []string { return spaced }},
		{"fingerprint without spaces", func(string) []string { return []string{strings.Join(spaced, "")} }},
		{"key text", func(string) []string { return []string{keyText} }},
		{"key file", func(string) []string { return []string{keyFile} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			coordinator := t.TempDir()
			id := importHeld(t, coordinator, bundle, key, "Baiq Nurul")
			args := append([]string{"refuse"}, tt.args(id)...)
			out := mustCLI(t, append(args, "--data", coordinator)...)
			if want := "refused key " + key.Fingerprint + " (officer Baiq Nurul); 1 held bundle dropped"; lastLine(out) != want {
				t.Fatalf("last line %q, want %q", lastLine(out), want)
			}
			if list := pendingList(t, coordinator); len(list) != 0 {
				t.Fatalf("pending %+v", list)
			}
			// The refused key's bundles are rejected from now on, not held.
			out, errOut, code := cli(t, "import", bundle, "--data", coordinator)
			if code != 1 || !strings.HasPrefix(out, "rejected "+bundle+": ") {
				t.Fatalf("a refused key's bundle: exit %d, %q, %q", code, out, errOut)
			}
			if _, ok := notesOf(t, coordinator, session); ok || len(pendingList(t, coordinator)) != 0 {
				t.Fatal("a refused key's bundle was merged or held")
			}
		})
	}

	// A key refused before any of its bundles came; --json.
	coordinator := t.TempDir()
	var doc map[string]any
	out := mustCLI(t, "refuse", keyText, "--json", "--data", coordinator)
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if doc["refused"] != "key" || doc["fingerprint"] != key.Fingerprint || doc["dropped"] != float64(0) {
		t.Fatalf("--json %s", out)
	}
	withStore(t, coordinator, func(s *store.Store) {
		if k, err := s.OfficerKey(bg, key.PublicKey); err != nil || k.Status != store.KeyRefused {
			t.Fatalf("%+v %v", k, err)
		}
	})
}

func TestPendingList(t *testing.T) {
	coordinator := t.TempDir()
	if out := mustCLI(t, "pending", "--json", "--data", coordinator); strings.TrimSpace(out) != "[]" {
		t.Fatalf("no held bundles: %q", out)
	}
	if out := mustCLI(t, "pending", "--data", coordinator); out != "0 held bundles\n" {
		t.Fatalf("no held bundles: %q", out)
	}
	officer, session := officerLaptop(t, "Baiq Nurul")
	_, key := laptopKey(t, officer)
	bundle := exportBundle(t, officer, session)
	id := importHeld(t, coordinator, bundle, key, "Baiq Nurul")
	// The same file again is the same held bundle.
	mustCLI(t, "import", bundle, "--data", coordinator)

	out := mustCLI(t, "pending", "--data", coordinator)
	var title, date, village string
	withStore(t, officer, func(s *store.Store) {
		sess, _ := s.Session(bg, session)
		title, date, village = sess.Title, sess.Date, sess.Village
	})
	for _, want := range []string{id, "key not enrolled", "Baiq Nurul", key.Fingerprint, title, date, village, filepath.Base(bundle)} {
		if !strings.Contains(out, want) {
			t.Errorf("pending lacks %q:\n%s", want, out)
		}
	}
	if lastLine(out) != "1 held bundle" {
		t.Fatalf("last line %q", lastLine(out))
	}

	var list []map[string]any
	json.Unmarshal([]byte(mustCLI(t, "pending", "--json", "--data", coordinator)), &list)
	if len(list) != 1 {
		t.Fatalf("%d held", len(list))
	}
	for _, k := range []string{"id", "reason", "officer", "fingerprint", "public_key", "laptop_id", "session_id", "title", "date", "village", "file_name", "received_at"} {
		if _, ok := list[0][k]; !ok {
			t.Errorf("pending --json lacks %q", k)
		}
	}
	if list[0]["reason"] != store.HoldUnknownKey || list[0]["session_id"] != session || list[0]["date"] != date {
		t.Fatalf("pending --json %+v", list[0])
	}
	if _, ok := list[0]["file"]; ok {
		t.Fatal("pending --json carries the file")
	}
}

func TestImportJSONReportsHeld(t *testing.T) {
	officer, session := officerLaptop(t, "Baiq Nurul")
	_, key := laptopKey(t, officer)
	coordinator := t.TempDir()
	out, errOut, code := cli(t, "import", exportBundle(t, officer, session), "--json", "--data", coordinator)
	var results []sync.ImportResult
	if code != 0 || json.Unmarshal([]byte(out), &results) != nil || len(results) != 1 {
		t.Fatalf("exit %d, %q, %q", code, out, errOut)
	}
	r := results[0]
	if r.Held != store.HoldUnknownKey || !store.IsID(r.PendingID) || r.Fingerprint != key.Fingerprint || r.Summary != nil && r.Summary.Added > 0 {
		t.Fatalf("held result %+v", r)
	}
}

// twoCopies makes a coordinator that enrolled an officer and merged one
// bundle of a session, and a second copy of the officer's laptop (the same
// database and key, as if copied): both copies edit the same session at
// the same version, which the coordinator keeps as a conflict.
func twoCopies(t *testing.T) (officer, copied, coordinator, session string) {
	t.Helper()
	officer, session = officerLaptop(t, "Baiq Nurul")
	keyText, _ := laptopKey(t, officer)
	coordinator = t.TempDir()
	mustCLI(t, "enrol", keyText, "--name", "Baiq Nurul", "--data", coordinator)
	mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
	copied = t.TempDir()
	if err := copyDir(officer, copied); err != nil {
		t.Fatal(err)
	}
	return officer, copied, coordinator, session
}

func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		dst, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(dst, src)
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

func TestConflictsAndResolve(t *testing.T) {
	officer, copied, coordinator, session := twoCopies(t)
	if out := mustCLI(t, "conflicts", "--data", coordinator); out != "0 conflicts\n" {
		t.Fatalf("no conflicts: %q", out)
	}
	if out := mustCLI(t, "conflicts", "--json", "--data", coordinator); strings.TrimSpace(out) != "[]" {
		t.Fatalf("no conflicts: %q", out)
	}
	setNotes(t, officer, session, "catatan laptop")
	setNotes(t, copied, session, "catatan salinan")
	mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
	out := mustCLI(t, "import", exportBundle(t, copied, session), "--data", coordinator)
	if !strings.HasSuffix(lastLine(out), "conflicts 1") {
		t.Fatalf("import: %q", out)
	}

	out = mustCLI(t, "conflicts", "--data", coordinator)
	list := conflictList(t, coordinator)
	if len(list) != 1 || list[0].SessionID != session || list[0].Table != "sessions" || list[0].RowID != session {
		t.Fatalf("conflicts %+v", list)
	}
	c := list[0]
	if !strings.Contains(strings.Join(c.Fields, ","), "notes") {
		t.Fatalf("fields %v", c.Fields)
	}
	if !regexp.MustCompile(`(?m)^  notes +"catatan laptop" +"catatan salinan"$`).MatchString(out) ||
		!strings.Contains(out, "conflict "+c.ID+": session ") || !strings.Contains(out, c.SessionTitle) {
		t.Fatalf("conflicts:\n%s", out)
	}
	if lastLine(out) != "1 conflict" {
		t.Fatalf("last line %q", lastLine(out))
	}
	var raw []map[string]any
	json.Unmarshal([]byte(mustCLI(t, "conflicts", "--json", "--data", coordinator)), &raw)
	for _, k := range []string{"id", "session_id", "session_title", "table", "row_id", "fields", "local", "incoming", "source", "created_at"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("conflicts --json lacks %q", k)
		}
	}
	if local, ok := raw[0]["local"].(map[string]any); !ok || local["notes"] != "catatan laptop" {
		t.Fatalf("local %v", raw[0]["local"])
	}

	// Bad --take changes nothing.
	before := trustState(t, coordinator)
	for _, args := range [][]string{{"resolve", c.ID}, {"resolve", c.ID, "--take", "theirs"}, {"resolve", c.ID, "--take", ""}} {
		if _, errOut, code := cli(t, append(args, "--data", coordinator)...); code != 2 || !strings.Contains(errOut, "--take local|incoming") {
			t.Fatalf("%v: exit %d, %q", args, code, errOut)
		}
	}
	if trustState(t, coordinator) != before {
		t.Fatal("a refused resolve changed something")
	}

	if out := mustCLI(t, "resolve", c.ID, "-take=incoming", "--data", coordinator); lastLine(out) != "resolved "+c.ID+": took incoming" {
		t.Fatalf("resolve: %q", out)
	}
	if notes, _ := notesOf(t, coordinator, session); notes != "catatan salinan" {
		t.Fatalf("notes %q after taking incoming", notes)
	}
	if len(conflictList(t, coordinator)) != 0 {
		t.Fatal("the conflict is still open")
	}
	if _, errOut, code := cli(t, "resolve", c.ID, "--take", "local", "--data", coordinator); code != 1 || !strings.Contains(errOut, "no undecided conflict") {
		t.Fatalf("resolving twice: exit %d, %q", code, errOut)
	}

	// Keep local.
	setNotes(t, officer, session, "kedua laptop")
	setNotes(t, copied, session, "kedua salinan")
	mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
	mustCLI(t, "import", exportBundle(t, copied, session), "--data", coordinator)
	list = conflictList(t, coordinator)
	if len(list) != 1 {
		t.Fatalf("%d conflicts", len(list))
	}
	if out := mustCLI(t, "resolve", list[0].ID, "--take", "local", "--data", coordinator); lastLine(out) != "resolved "+list[0].ID+": kept local" {
		t.Fatalf("resolve: %q", out)
	}
	if notes, _ := notesOf(t, coordinator, session); notes != "kedua laptop" {
		t.Fatalf("notes %q after keeping local", notes)
	}

	// A conflict whose row changed since cannot take incoming.
	setNotes(t, officer, session, "ketiga laptop")
	setNotes(t, copied, session, "ketiga salinan")
	mustCLI(t, "import", exportBundle(t, copied, session), "--data", coordinator)
	mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
	list = conflictList(t, coordinator)
	if len(list) != 1 {
		t.Fatalf("%d conflicts", len(list))
	}
	setNotes(t, officer, session, "keempat laptop")
	mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
	before = trustState(t, coordinator)
	_, errOut, code := cli(t, "resolve", list[0].ID, "--take", "incoming", "--data", coordinator)
	if code != 1 || !strings.Contains(errOut, "changed after the conflict was recorded") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Fatalf("stale: exit %d, %q", code, errOut)
	}
	if trustState(t, coordinator) != before {
		t.Fatal("a stale resolve changed something")
	}
	if notes, _ := notesOf(t, coordinator, session); notes != "keempat laptop" {
		t.Fatalf("notes %q", notes)
	}
}

func TestMergesAndUndo(t *testing.T) {
	officer, _, coordinator, session := twoCopies(t)
	setNotes(t, officer, session, "catatan kedua")
	mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)

	list := mergeList(t, coordinator, session)
	if len(list) != 2 {
		t.Fatalf("%d merges: %+v", len(list), list)
	}
	newest, older := list[0], list[1]
	if !newest.Undoable || older.Undoable || newest.CreatedAt.Before(older.CreatedAt) || newest.SessionID != session ||
		newest.Officer != "Baiq Nurul" || newest.Rows == 0 || newest.UndoneAt != nil {
		t.Fatalf("merges %+v", list)
	}
	out := mustCLI(t, "merges", session, "--data", coordinator)
	if lastLine(out) != "2 merges" || !strings.Contains(out, newest.ID) || !strings.Contains(out, older.ID) ||
		!regexp.MustCompile(`(?m)^.*`+newest.ID+`.*can be undone$`).MatchString(out) ||
		regexp.MustCompile(`(?m)^.*`+older.ID+`.*can be undone$`).MatchString(out) {
		t.Fatalf("merges:\n%s", out)
	}
	var raw []map[string]any
	json.Unmarshal([]byte(mustCLI(t, "merges", session, "--json", "--data", coordinator)), &raw)
	for _, k := range []string{"id", "session_id", "officer", "fingerprint", "bundle", "forwarded", "rows", "created_at", "undone_at", "undoable"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("merges --json lacks %q", k)
		}
	}

	// Only the latest can be undone.
	before := trustState(t, coordinator)
	if _, errOut, code := cli(t, "undo", older.ID, "--data", coordinator); code != 1 || !strings.Contains(errOut, "cannot be undone") {
		t.Fatalf("undoing the older merge: exit %d, %q", code, errOut)
	}
	if trustState(t, coordinator) != before {
		t.Fatal("a refused undo changed something")
	}
	if out := mustCLI(t, "undo", newest.ID, "--data", coordinator); lastLine(out) != "undid merge "+newest.ID {
		t.Fatalf("undo: %q", out)
	}
	if notes, ok := notesOf(t, coordinator, session); !ok || notes == "catatan kedua" {
		t.Fatalf("notes %q after the undo", notes)
	}
	list = mergeList(t, coordinator, session)
	if list[0].ID != newest.ID || list[0].UndoneAt == nil || list[0].Undoable || !list[1].Undoable {
		t.Fatalf("after the undo: %+v", list)
	}
	if out := mustCLI(t, "merges", session, "--data", coordinator); !strings.Contains(out, "undone ") {
		t.Fatalf("merges after the undo:\n%s", out)
	}
	if _, errOut, code := cli(t, "undo", newest.ID, "--data", coordinator); code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Fatalf("undoing twice: exit %d, %q", code, errOut)
	}
	// Undoing the first merge removes the session it brought.
	mustCLI(t, "undo", older.ID, "--data", coordinator)
	if _, ok := notesOf(t, coordinator, session); ok {
		t.Fatal("the session the first merge brought is still there")
	}
}

func TestBadTrustInput(t *testing.T) {
	officer, session := officerLaptop(t, "Baiq Nurul")
	keyText, key := laptopKey(t, officer)
	coordinator := t.TempDir()
	held := importHeld(t, coordinator, exportBundle(t, officer, session), key, "Baiq Nurul")
	files := t.TempDir()
	notKey := filepath.Join(files, "catatan.txt")
	os.WriteFile(notKey, []byte("# a comment\nhello\n"), 0o644)
	huge := filepath.Join(files, "huge.txt")
	os.WriteFile(huge, []byte(strings.Repeat("#\n", 40<<10)+keyText+"\n"), 0o644)
	unknown := store.NewID()
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"enrol not a key", []string{"enrol", "bukan-kunci", "--name", "X"}, 1, "is not a laptop key"},
		{"enrol a damaged key", []string{"enrol", keyText[:len(keyText)-8], "--name", "X"}, 1, "is not a laptop key"},
		{"enrol a file without a key", []string{"enrol", notKey, "--name", "X"}, 1, "holds no Penyuluh laptop key"},
		{"enrol a huge file", []string{"enrol", huge, "--name", "X"}, 1, "larger than 64 KiB"},
		{"enrol a folder", []string{"enrol", files, "--name", "X"}, 1, "is a folder"},
		{"enrol without --name", []string{"enrol", keyText}, 2, "--name NAME"},
		{"enrol with a blank name", []string{"enrol", keyText, "--name", "  "}, 2, "--name"},
		{"enrol an unknown id", []string{"enrol", unknown}, 1, "no held bundle " + unknown},
		{"enrol under another name than the held bundles'", []string{"enrol", keyText, "--name", "Orang Lain"}, 1, `name officer "Baiq Nurul", not "Orang Lain"`},
		{"accept under another name than the bundle's", []string{"enrol", held, "--name", "Orang Lain"}, 1, `name officer "Baiq Nurul", not "Orang Lain"`},
		{"enrol two things", []string{"enrol", keyText, keyText, "--name", "X"}, 2, "usage"},
		{"refuse not a key", []string{"refuse", "bukan-kunci"}, 1, "is not a laptop key"},
		{"refuse an unknown id", []string{"refuse", unknown}, 1, "no held bundle " + unknown},
		{"refuse an unknown fingerprint", []string{"refuse", "1234 5678 9012 3456 7890"}, 1, "no enrolled key and no held bundle"},
		{"refuse a short fingerprint", []string{"refuse", "1234", "5678"}, 2, "usage"},
		{"refuse without argument", []string{"refuse"}, 2, "usage"},
		{"resolve an unknown id", []string{"resolve", unknown, "--take", "local"}, 1, "no undecided conflict " + unknown},
		{"resolve without --take", []string{"resolve", unknown}, 2, "--take local|incoming"},
		{"resolve --take other", []string{"resolve", unknown, "--take", "mine"}, 2, "--take local|incoming"},
		{"merges of an unknown session", []string{"merges", unknown}, 1, "no session " + unknown},
		{"undo an unknown merge", []string{"undo", unknown}, 1, "no merge " + unknown},
		{"undo without argument", []string{"undo"}, 2, "usage"},
		{"--name on another command", []string{"pending", "--name", "X"}, 2, "does not take --name"},
	}
	before := trustState(t, coordinator)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cli(t, append(tt.args, "--data", coordinator)...)
			if code != tt.code || !strings.Contains(errOut, tt.says) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tt.code, errOut, tt.says)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") != 0 || out != "" {
				t.Fatalf("want one line on stderr and nothing on stdout, got %q, %q", out, errOut)
			}
		})
	}
	if trustState(t, coordinator) != before {
		t.Fatal("refused commands changed the coordinator's data")
	}
}

func TestHelpListsTrustCommands(t *testing.T) {
	out := mustCLI(t, "--help")
	for _, c := range []string{"officer-key", "enrol KEY|FILE|PENDING-ID", "refuse KEY|FILE|FINGERPRINT|PENDING-ID", "pending", "conflicts",
		"resolve CONFLICT-ID", "merges SESSION", "undo MERGE-ID"} {
		if !strings.Contains(out, "penyuluh "+c) {
			t.Errorf("--help lacks %q", c)
		}
	}
}

// TestForwardedSession: a session another officer forwards is named after
// that officer, and its changes to a session already here are conflicts.
func TestForwardedSession(t *testing.T) {
	ani, session := officerLaptop(t, "Ani")
	budi, _ := officerLaptop(t, "Budi")
	aniKey, _ := laptopKey(t, ani)
	budiKey, _ := laptopKey(t, budi)
	coordinator := t.TempDir()
	mustCLI(t, "enrol", aniKey, "--name", "Ani", "--data", budi)
	mustCLI(t, "enrol", aniKey, "--name", "Ani", "--data", coordinator)
	mustCLI(t, "enrol", budiKey, "--name", "Budi", "--data", coordinator)
	first := exportBundle(t, ani, session)
	mustCLI(t, "import", first, "--data", budi)
	mustCLI(t, "import", first, "--data", coordinator)

	setNotes(t, ani, session, "koreksi Ani")
	mustCLI(t, "import", exportBundle(t, ani, session), "--data", budi)
	out := mustCLI(t, "import", exportBundle(t, budi, session), "--data", coordinator)
	if line := strings.Split(out, "\n")[0]; !strings.Contains(line, "from Budi, forwarded)") || !strings.HasSuffix(line, "conflicts 1") {
		t.Fatalf("forwarded: %q", out)
	}
	if notes, _ := notesOf(t, coordinator, session); notes == "koreksi Ani" {
		t.Fatal("a forwarded bundle changed the session")
	}
	list := conflictList(t, coordinator)
	if len(list) != 1 || list[0].SessionID != session || !strings.Contains(strings.Join(list[0].Fields, " "), "notes") {
		t.Fatalf("conflicts %+v", list)
	}
	mustCLI(t, "resolve", list[0].ID, "--take", "incoming", "--data", coordinator)
	if notes, _ := notesOf(t, coordinator, session); notes != "koreksi Ani" {
		t.Fatalf("notes %q after taking the forwarded version", notes)
	}
}

// TestNewLaptopEnrolledAgain: an officer's backup restored on a new laptop
// signs with a new key; once the coordinator enrols it under the same
// name, the sessions continue.
func TestNewLaptopEnrolledAgain(t *testing.T) {
	old, session := officerLaptop(t, "Ani")
	oldText, oldKey := laptopKey(t, old)
	coordinator := t.TempDir()
	mustCLI(t, "enrol", oldText, "--name", "Ani", "--data", coordinator)
	mustCLI(t, "import", exportBundle(t, old, session), "--data", coordinator)
	backup := lastLine(mustCLI(t, "backup", "--data", old))

	replacement := t.TempDir()
	mustCLI(t, "restore", backup, "--data", replacement)
	newText, newKey := laptopKey(t, replacement)
	if newKey.PublicKey == oldKey.PublicKey || newKey.LaptopID != oldKey.LaptopID {
		t.Fatalf("the new laptop: key %v, laptop %s (was %s)", newKey.PublicKey == oldKey.PublicKey, newKey.LaptopID, oldKey.LaptopID)
	}
	setNotes(t, replacement, session, "dari laptop baru")
	importHeld(t, coordinator, exportBundle(t, replacement, session), newKey, "Ani")
	out := mustCLI(t, "enrol", newText, "--name", "Ani", "--data", coordinator)
	if want := "enrolled Ani (fingerprint " + newKey.Fingerprint + "); 1 held bundle merged"; lastLine(out) != want {
		t.Fatalf("last line %q, want %q", lastLine(out), want)
	}
	if notes, _ := notesOf(t, coordinator, session); notes != "dari laptop baru" {
		t.Fatalf("notes %q", notes)
	}
}

// TestRestoreOnOfficerLaptop: after a restore, the officer's next bundle
// makes the coordinator's copy equal to the officer's.
func TestRestoreOnOfficerLaptop(t *testing.T) {
	officer, session := officerLaptop(t, "Ani")
	keyText, _ := laptopKey(t, officer)
	coordinator := t.TempDir()
	mustCLI(t, "enrol", keyText, "--name", "Ani", "--data", coordinator)
	mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
	backup := lastLine(mustCLI(t, "backup", "--data", officer))
	setNotes(t, officer, session, "sebelum pemulihan")
	beforeRestore := exportBundle(t, officer, session)
	mustCLI(t, "import", beforeRestore, "--data", coordinator)

	mustCLI(t, "restore", backup, "--data", officer)
	setNotes(t, officer, session, "sesudah pemulihan")
	out := mustCLI(t, "import", exportBundle(t, officer, session), "--data", coordinator)
	if !strings.Contains(out, "made equal to the officer's copy") || !strings.HasSuffix(lastLine(out), "conflicts 0") {
		t.Fatalf("after the restore: %q", out)
	}
	if notes, _ := notesOf(t, coordinator, session); notes != "sesudah pemulihan" {
		t.Fatalf("notes %q", notes)
	}
	// A bundle from before the restore changes nothing any more.
	mustCLI(t, "import", beforeRestore, "--data", coordinator)
	if notes, _ := notesOf(t, coordinator, session); notes != "sesudah pemulihan" {
		t.Fatalf("an old bundle won: notes %q", notes)
	}
}
