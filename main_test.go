package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// asMainEnv makes the test binary behave as the penyuluh binary, so tests
// can run whole processes (stray output, exit codes, timing).
const asMainEnv = "PENYULUH_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// cli runs the command line in-process and returns stdout, stderr and the
// exit code.
func cli(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// process runs the command line as a separate process with env added.
func process(t testing.TB, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), asMainEnv+"=1"), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	forms := [][]string{
		{"demo", "--data", dir, "--seed", "3", "--participants", "0"},
		{"--data", dir, "demo", "-seed", "3", "-participants=0"},
		{"-data=" + dir, "demo", "--seed=3", "--participants", "0"},
		{"demo", "--participants", "0", "--seed", "3", "-data", dir},
	}
	for _, args := range forms {
		out, errOut, code := cli(t, args...)
		if code != 0 || !store.IsID(lastLine(out)) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	out, _, _ := cli(t, "sessions", "--json", "--data", dir)
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != len(forms) {
		t.Fatalf("sessions --json: %v, %d rows: %s", err, len(list), out)
	}
	for _, key := range []string{"id", "title", "date", "village", "district", "regency", "status", "participants", "questions"} {
		if _, ok := list[0][key]; !ok {
			t.Errorf("sessions --json lacks %q", key)
		}
	}
}

func TestSeedFixesNamesNotIDs(t *testing.T) {
	dir := t.TempDir()
	a, _, _ := cli(t, "demo", "--seed", "42", "--participants", "3", "--data", dir)
	b, _, _ := cli(t, "demo", "--seed", "42", "--participants", "3", "--data", dir)
	if lastLine(a) == lastLine(b) {
		t.Fatal("the same seed gave the same id")
	}
	out, _, _ := cli(t, "sessions", "--json", "--data", dir)
	var list []store.SessionSummary
	json.Unmarshal([]byte(out), &list)
	if len(list) != 2 || list[0].Village != list[1].Village || list[0].Date != list[1].Date {
		t.Fatalf("the same seed gave different data: %+v", list)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"version", []string{"version"}, 0},
		{"help", []string{"--help"}, 0},
		{"unknown command", []string{"frobnicate"}, 2},
		{"unknown flag", []string{"sessions", "--frob", "--data", dir}, 2},
		{"flag of another command", []string{"sessions", "--seed", "1", "--data", dir}, 2},
		{"missing value", []string{"sessions", "--data"}, 2},
		{"bad number", []string{"demo", "--participants", "-3", "--data", dir}, 2},
		{"missing argument", []string{"restore", "--data", dir}, 2},
		{"restore a missing file", []string{"restore", filepath.Join(dir, "nope.db"), "--data", dir}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := cli(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if code != 0 && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Fatalf("want one line on stderr, got %q", errOut)
			}
		})
	}
}

func TestEmptyListIsEmptyJSONArray(t *testing.T) {
	out, _, code := cli(t, "sessions", "--json", "--data", t.TempDir())
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("exit %d, %q", code, out)
	}
}

// printJSON streams lists; what it writes must stay byte for byte what
// json.Encoder with an indent wrote, which scripts already parse.
func TestPrintJSONMatchesTheEncoder(t *testing.T) {
	type row struct {
		ID    string   `json:"id"`
		Count int      `json:"count"`
		Tags  []string `json:"tags,omitempty"`
		Note  string   `json:"note"`
	}
	tests := []struct {
		name string
		v    any
	}{
		{"one element", []row{{ID: "a", Count: 1}}},
		{"several, nested and escaped", []row{{ID: "a", Tags: []string{"x", "y"}}, {ID: "b", Note: "<\"é\">\n"}, {}}},
		{"empty list", []row{}},
		{"a struct", row{ID: "s", Tags: []string{"z"}}},
		{"a map", map[string]int{"b": 2, "a": 1}},
		{"a list of strings", []string{"one", "two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want, got bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			if err := enc.Encode(tt.v); err != nil {
				t.Fatal(err)
			}
			inv := &invocation{stdout: &got}
			if err := inv.printJSON(tt.v); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("got\n%s\nwant\n%s", got.String(), want.String())
			}
		})
	}
	var got bytes.Buffer
	if err := (&invocation{stdout: &got}).printJSON([]row(nil)); err != nil || got.String() != "[]\n" {
		t.Fatalf("a nil list printed %q (%v), want []", got.String(), err)
	}
}

func TestCheckReportsDamageAndLeavesTheFile(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := cli(t, "demo", "--sessions", "100", "--participants", "0", "--data", dir); code != 0 {
		t.Fatal(errOut)
	}
	out, _, code := cli(t, "check", "--data", dir)
	if code != 0 || !strings.HasPrefix(lastLine(out), "ok schema ") {
		t.Fatalf("healthy check: exit %d, %q", code, out)
	}
	path := filepath.Join(dir, store.FileName)
	data, _ := os.ReadFile(path)
	for i := 3 * 4096; i < 6*4096 && i < len(data); i++ {
		data[i] ^= 0xa5
	}
	os.WriteFile(path, data, 0o600)
	_, errOut, code := cli(t, "check", "--data", dir)
	if code != 1 || !strings.Contains(errOut, "damaged") {
		t.Fatalf("damaged check: exit %d, stderr %q", code, errOut)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Fatal("check modified the damaged file")
	}
}

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	cli(t, "demo", "--participants", "0", "--data", dir)
	out, _, code := cli(t, "backup", "--data", dir)
	backup := lastLine(out)
	if code != 0 || !strings.HasSuffix(backup, ".db") {
		t.Fatalf("backup: exit %d, %q", code, out)
	}
	cli(t, "demo", "--participants", "0", "--data", dir)
	if _, errOut, code := cli(t, "restore", backup, "--data", dir); code != 0 {
		t.Fatalf("restore: exit %d, %s", code, errOut)
	}
	out, _, _ = cli(t, "sessions", "--json", "--data", dir)
	var list []store.SessionSummary
	json.Unmarshal([]byte(out), &list)
	if len(list) != 1 {
		t.Fatalf("%d sessions after restoring a one-session backup", len(list))
	}
}

func TestReadingWhileTheWindowHoldsTheFolder(t *testing.T) {
	dir := t.TempDir()
	cli(t, "demo", "--participants", "0", "--data", dir)
	held, err := store.Open(dir, store.Options{}) // stands in for the open window
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if out, _, code := cli(t, "sessions", "--json", "--data", dir); code != 0 || !strings.Contains(out, `"id"`) {
		t.Fatalf("sessions beside the window: exit %d", code)
	}
	_, errOut, code := cli(t, "demo", "--participants", "0", "--data", dir)
	if code != 1 || !strings.Contains(errOut, "already running") {
		t.Fatalf("writing beside the window: exit %d, %q", code, errOut)
	}
}

// TestNoStrayOutput runs whole processes on a C.UTF-8 locale, where Fyne
// would log a locale error if nothing repaired it.
func TestNoStrayOutput(t *testing.T) {
	dir := t.TempDir()
	for _, locale := range []string{"C.UTF-8", "C", "POSIX", "", "id_ID.UTF-8"} {
		env := []string{"LANG=" + locale, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}
		out, errOut, code := process(t, env, "sessions", "--json", "--data", dir)
		if code != 0 || errOut != "" || strings.TrimSpace(out) != "[]" {
			t.Fatalf("LANG=%q: exit %d, stdout %q, stderr %q", locale, code, out, errOut)
		}
	}
}

// BenchmarkSessionsJSONProcess is the whole `penyuluh sessions --json`
// process on 1,000 sessions: start, open, list, print.
func BenchmarkSessionsJSONProcess(b *testing.B) {
	dir := b.TempDir()
	if _, errOut, code := cli(b, "demo", "--sessions", "1000", "--data", dir); code != 0 {
		b.Fatal(errOut)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, errOut, code := process(b, nil, "sessions", "--json", "--data", dir); code != 0 {
			b.Fatal(errOut)
		}
	}
}

// deletedFixture is a data folder with three sessions, the last deleted.
func deletedFixture(t *testing.T) (dir string, live, deleted string) {
	t.Helper()
	dir = t.TempDir()
	out, errOut, code := cli(t, "demo", "--sessions", "3", "--participants", "2", "--data", dir)
	if code != 0 {
		t.Fatal(errOut)
	}
	ids := strings.Fields(out)
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.DeleteSession(t.Context(), ids[2]); err != nil {
		t.Fatal(err)
	}
	return dir, ids[0], ids[2]
}

// sessionState is both lists as JSON: what a refused command must leave.
func sessionState(t *testing.T, dir string) string {
	t.Helper()
	live, _, _ := cli(t, "sessions", "--json", "--data", dir)
	deleted, _, _ := cli(t, "sessions", "--deleted", "--json", "--data", dir)
	return live + deleted
}

func TestSessionsDeleted(t *testing.T) {
	dir, _, deleted := deletedFixture(t)
	out, _, code := cli(t, "sessions", "-deleted", "--json", "--data", dir)
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil || len(list) != 1 || list[0]["id"] != deleted {
		t.Fatalf("sessions --deleted --json: exit %d, %v: %s", code, err, out)
	}
	for _, key := range []string{"id", "title", "date", "start_time", "village", "district", "regency", "province", "status", "participants", "questions", "version"} {
		if _, ok := list[0][key]; !ok {
			t.Errorf("sessions --deleted --json lacks %q", key)
		}
	}
	out, _, code = cli(t, "--data", dir, "--deleted", "sessions")
	if code != 0 || lastLine(out) != "1 deleted session" || !strings.Contains(out, deleted) || !strings.HasPrefix(out, "DATE") {
		t.Fatalf("sessions --deleted: exit %d:\n%s", code, out)
	}
	if out, _, _ := cli(t, "sessions", "--data", dir); lastLine(out) != "2 sessions" || strings.Contains(out, deleted) {
		t.Fatalf("sessions lists the deleted one:\n%s", out)
	}
	out, _, code = cli(t, "sessions", "--deleted", "--json", "--data", t.TempDir())
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("nothing deleted: exit %d, %q", code, out)
	}
}

func TestUndeleteRefusesBadInput(t *testing.T) {
	dir, live, deleted := deletedFixture(t)
	tests := []struct {
		name string
		args []string
		code int
		want string // on stderr
	}{
		{"unknown id", []string{"undelete", "0190a6f4-0000-7000-8000-000000000000"}, 1, "no deleted session 0190a6f4-0000-7000-8000-000000000000"},
		{"not an id", []string{"undelete", "desa-sakra"}, 1, "no deleted session desa-sakra"},
		{"a live session", []string{"undelete", live}, 1, "session " + live + " is not deleted"},
		{"no argument", []string{"undelete"}, 2, "usage: penyuluh undelete SESSION"},
		{"two sessions", []string{"undelete", deleted, live}, 2, "usage: penyuluh undelete SESSION"},
		{"a flag it does not take", []string{"undelete", deleted, "--json"}, 2, "undelete does not take --json"},
		{"--deleted with a value", []string{"sessions", "--deleted=yes"}, 2, "flag --deleted takes no value"},
	}
	before := sessionState(t, dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := cli(t, append(tt.args, "--data", dir)...)
			if code != tt.code || !strings.Contains(errOut, tt.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tt.code, errOut, tt.want)
			}
			if out != "" {
				t.Fatalf("refused, yet stdout %q", out)
			}
			if after := sessionState(t, dir); after != before {
				t.Fatalf("a refused command changed the sessions:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

func TestUndeleteRestores(t *testing.T) {
	dir, _, deleted := deletedFixture(t)
	out, errOut, code := cli(t, "--data", dir, "undelete", strings.ToUpper(deleted))
	if code != 0 || lastLine(out) != "restored "+deleted {
		t.Fatalf("undelete: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "back in the session list") {
		t.Errorf("stderr does not say which session: %q", errOut)
	}
	if out, _, _ := cli(t, "sessions", "--data", dir); lastLine(out) != "3 sessions" || !strings.Contains(out, deleted) {
		t.Fatalf("not back in the list:\n%s", out)
	}
	if out, _, _ := cli(t, "sessions", "--deleted", "--data", dir); lastLine(out) != "0 deleted sessions" {
		t.Fatalf("still listed as deleted:\n%s", out)
	}
	_, errOut, code = cli(t, "undelete", deleted, "--data", dir)
	if code != 1 || !strings.Contains(errOut, "is not deleted") {
		t.Fatalf("a second undelete: exit %d, %q", code, errOut)
	}
}
