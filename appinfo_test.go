package main

import (
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// The version has one source, FyneApp.toml; the release script reads the same
// line with sed, so it must stay a plain X.Y.Z on its own line.
func TestVersionComesFromFyneAppTOML(t *testing.T) {
	text, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"(\d+\.\d+\.\d+)"\s*$`).FindStringSubmatch(string(text))
	if m == nil {
		t.Fatal(`FyneApp.toml has no line Version = "X.Y.Z"`)
	}
	out, _, code := cli(t, "version")
	if code != 0 || lastLine(out) != "penyuluh "+m[1] {
		t.Fatalf("version printed %q (exit %d), want %q", out, code, "penyuluh "+m[1])
	}
	if details.Build < 1 || appID != "id.penyuluh.app" {
		t.Fatalf("FyneApp.toml details: %+v", details)
	}
}

func TestMalformedFyneAppTOMLPanics(t *testing.T) {
	for _, text := range []string{"", "[Details]\nID = \"x\"\n", "not toml ["} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%q was accepted", text)
				}
			}()
			mustReadDetails(text)
		}()
	}
}

func TestWindowLogGoesToTheDataFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Baiq Nurul", "Data Penyuluh")
	path, closeLog := logToDataFolder(dir)
	if path != filepath.Join(dir, logName) {
		t.Fatalf("log at %q", path)
	}
	logLine(t, "first run")
	closeLog()
	// A log past its limit is kept once as .1 and a new one started.
	if err := os.WriteFile(path, []byte(strings.Repeat("x", logMaxSize+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, closeLog = logToDataFolder(dir)
	logLine(t, "second run")
	closeLog()
	got, _ := os.ReadFile(path)
	if !strings.Contains(string(got), "second run") || len(got) > 200 {
		t.Fatalf("new log: %q", got)
	}
	if fi, err := os.Stat(path + ".1"); err != nil || fi.Size() <= logMaxSize {
		t.Fatalf("the previous log was not kept: %v", err)
	}
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatalf("a data folder with a log must still open: %v", err)
	}
	s.Close()
}

func logLine(t *testing.T, text string) {
	t.Helper()
	log.Print(text)
}

// A missing file is named in the same plain words on Linux and Windows.
func TestMissingFileIsNamed(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "Baiq Nurul", "tidak-ada.zip")
	for _, args := range [][]string{{"import", missing}, {"restore", missing}} {
		_, errOut, code := cli(t, append(args, "--data", dir)...)
		if code != 1 || strings.TrimSpace(errOut) != "penyuluh: "+missing+" does not exist" {
			t.Errorf("%s: exit %d, stderr %q", args[0], code, errOut)
		}
	}
}

func TestLogStopsAtItsLimitForOneRun(t *testing.T) {
	var buf strings.Builder
	w := &cappedWriter{w: &buf, left: 11}
	for _, line := range []string{"12345\n", "6789\n", "too much\n", "and more\n"} {
		if n, err := w.Write([]byte(line)); n != len(line) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", line, n, err)
		}
	}
	if got := buf.String(); got != "12345\n6789\n… the log is full for this run; later lines are left out\n" {
		t.Fatalf("log: %q", got)
	}
}
