package store

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDataDirOrder(t *testing.T) {
	plain := TempDir(t)
	marked := TempDir(t)
	if err := os.WriteFile(filepath.Join(marked, PortableMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	withData := TempDir(t)
	if err := os.Mkdir(filepath.Join(withData, PortableDataDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(withData, PortableDataDir, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// Someone else's "data" folder beside the program.
	foreign := TempDir(t)
	if err := os.MkdirAll(filepath.Join(foreign, PortableDataDir, "foto"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	winUser := `C:\Users\Baiq Nurul\AppData\Local`
	tests := []struct {
		name, flag, exe, goos string
		vars                  map[string]string
		want                  string
	}{
		{"flag wins", "/tmp/from-flag", filepath.Join(marked, "penyuluh"), "linux", map[string]string{"PENYULUH_DATA": "/tmp/env"}, abs("/tmp/from-flag")},
		{"environment before portable", "", filepath.Join(marked, "penyuluh"), "linux", map[string]string{"PENYULUH_DATA": "/tmp/env"}, abs("/tmp/env")},
		{"portable marker", "", filepath.Join(marked, "penyuluh"), "windows", map[string]string{"LOCALAPPDATA": winUser}, filepath.Join(marked, "data")},
		{"Penyuluh data folder beside the program", "", filepath.Join(withData, "penyuluh"), "windows", map[string]string{"LOCALAPPDATA": winUser}, filepath.Join(withData, "data")},
		{"someone else's data folder is not adopted", "", filepath.Join(foreign, "penyuluh"), "windows", map[string]string{"LOCALAPPDATA": winUser}, filepath.Join(winUser, "Penyuluh")},
		{"windows per-user, never Roaming", "", filepath.Join(plain, "penyuluh"), "windows", map[string]string{"LOCALAPPDATA": winUser, "APPDATA": `C:\Users\Baiq Nurul\AppData\Roaming`}, filepath.Join(winUser, "Penyuluh")},
		{"linux XDG", "", filepath.Join(plain, "penyuluh"), "linux", map[string]string{"XDG_DATA_HOME": "/tmp/xdg"}, "/tmp/xdg/penyuluh"},
		{"relative XDG ignored", "", "", "linux", map[string]string{"XDG_DATA_HOME": "xdg", "HOME": "/home/siti"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.goos == "linux" && runtime.GOOS == "windows" && strings.Contains(tc.name, "XDG") {
				t.Skip("an XDG path is not absolute on Windows")
			}
			got, err := dataDir(tc.flag, tc.exe, env(tc.vars), tc.goos)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				home, _ := os.UserHomeDir()
				tc.want = filepath.Join(home, ".local", "share", "penyuluh")
			}
			if got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := dataDir("", "", env(nil), "windows"); err == nil {
		t.Fatal("windows without LOCALAPPDATA gave a folder")
	}
}

func abs(path string) string {
	a, err := filepath.Abs(path)
	if err != nil {
		panic(err)
	}
	return a
}
