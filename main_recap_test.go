package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRecapCLI writes the recap as PDF and workbook, with and without the
// participants sheet, and refuses the options that make no sense.
func TestRecapCLI(t *testing.T) {
	dir := t.TempDir()
	for _, seed := range []string{"1", "2"} {
		if _, errOut, code := cli(t, "demo", "--data", dir, "--seed", seed, "--participants", "8"); code != 0 {
			t.Fatalf("demo: %s", errOut)
		}
	}
	out := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		sheets string // for a workbook
		stderr string
	}{
		{"pdf", []string{"recap", "-o", "r.pdf"}, 0, "", "2 sessions, 16 participants"},
		{"workbook", []string{"recap", "-o", "r.xlsx"}, 0, "Ringkasan,Sesi,Pertanyaan", ""},
		{"with participants", []string{"recap", "--participants", "-o", "p.xlsx"}, 0, "Ringkasan,Sesi,Peserta,Pertanyaan", ""},
		{"flag before the command", []string{"--participants", "--phones", "recap", "-o", "q.xlsx"}, 0, "Ringkasan,Sesi,Peserta,Pertanyaan", ""},
		{"phones alone", []string{"recap", "--phones", "-o", "f.xlsx"}, 2, "", "give --participants too"},
		{"participants in a PDF", []string{"recap", "--participants", "-o", "f.pdf"}, 2, "", "FILE.xlsx"},
		{"participants takes no value", []string{"recap", "--participants=1", "-o", "f.xlsx"}, 2, "", "takes no value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--data", dir}, tt.args...)
			for i, a := range args {
				if strings.HasSuffix(a, ".pdf") || strings.HasSuffix(a, ".xlsx") {
					args[i] = filepath.Join(out, a)
				}
			}
			stdout, stderr, code := cli(t, args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
			if code != 0 {
				if strings.Count(strings.TrimSpace(stderr), "\n") > 0 || stdout != "" {
					t.Errorf("a refusal is one line on stderr: %q, stdout %q", stderr, stdout)
				}
				return
			}
			path := lastLine(stdout)
			if !filepath.IsAbs(path) {
				t.Fatalf("last line %q is not the file", path)
			}
			if tt.sheets == "" {
				return
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := strings.Join(f.GetSheetList(), ","); got != tt.sheets {
				t.Errorf("sheets %s, want %s", got, tt.sheets)
			}
		})
	}
}
