package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// DataDir picks the data folder: the --data flag, else PENYULUH_DATA, else the
// per-user default. On Windows that is Local AppData, never Roaming: domain
// PCs sync Roaming folders, which breaks SQLite's WAL.
func DataDir(flag string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	if env := os.Getenv("PENYULUH_DATA"); env != "" {
		return filepath.Abs(env)
	}
	switch runtime.GOOS {
	case "windows":
		if local := os.Getenv("LOCALAPPDATA"); local != "" {
			return filepath.Join(local, "Penyuluh"), nil
		}
		return "", errors.New("LOCALAPPDATA is not set; use --data DIR")
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support", "Penyuluh"), nil
	default:
		if xdg := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
			return filepath.Join(xdg, "penyuluh"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share", "penyuluh"), nil
	}
}
