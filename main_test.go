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
