package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// PortableMarker is the file that, beside the program, makes it keep its data
// in the "data" folder next to it: a USB stick then carries program and data
// together.
const (
	PortableMarker  = "portable"
	PortableDataDir = "data"
)

// DataDir picks the data folder: the --data flag, else PENYULUH_DATA, else a
// portable "data" folder beside the program (when a "portable" file is there,
// or that "data" folder already holds a Penyuluh database), else the per-user
// default. On Windows that is
// Local AppData, never Roaming: domain PCs sync Roaming folders, which
// breaks SQLite's WAL.
func DataDir(flag string) (string, error) {
	exe, err := os.Executable()
	if err == nil {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
	}
	return dataDir(flag, exe, os.Getenv, runtime.GOOS)
}

func dataDir(flag, exe string, getenv func(string) string, goos string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	if env := getenv("PENYULUH_DATA"); env != "" {
		return filepath.Abs(env)
	}
	if dir, ok := portableDir(exe); ok {
		return dir, nil
	}
	switch goos {
	case "windows":
		if local := getenv("LOCALAPPDATA"); local != "" {
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
		if xdg := getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
			return filepath.Join(xdg, "penyuluh"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share", "penyuluh"), nil
	}
}

// portableDir reports the "data" folder beside the program when the program
// is a portable copy. Any folder named "data" is not enough: a program copied
// next to someone else's "data" folder must not quietly adopt it and leave
// the officer's own sessions behind.
func portableDir(exe string) (string, bool) {
	if exe == "" {
		return "", false
	}
	beside := filepath.Dir(exe)
	data := filepath.Join(beside, PortableDataDir)
	if fi, err := os.Stat(filepath.Join(beside, PortableMarker)); err == nil && !fi.IsDir() {
		return data, true
	}
	if fi, err := os.Stat(filepath.Join(data, FileName)); err == nil && fi.Mode().IsRegular() {
		return data, true
	}
	return "", false
}
