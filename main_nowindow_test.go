//go:build nowindow

package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestCommandLineBuildHasNoWindow: the command-line build runs commands
// and, asked for the window, says it has none (a usage error) instead of
// failing to load a graphics library.
func TestCommandLineBuildHasNoWindow(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"--data", t.TempDir()}, &out, &errOut); code != exitUsage || !strings.Contains(errOut.String(), "no window") {
		t.Fatalf("no command: exit %d, stderr %q", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"version"}, &out, &errOut); code != exitOK || !strings.HasPrefix(out.String(), "penyuluh ") {
		t.Fatalf("version: exit %d, stdout %q", code, out.String())
	}
}
