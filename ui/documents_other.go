//go:build !windows

package ui

import (
	"os"
	"path/filepath"
)

// documentsDir is ~/Documents when it exists, else "".
func documentsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	dir := filepath.Join(home, "Documents")
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return dir
}
