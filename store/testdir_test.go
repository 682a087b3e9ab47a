package store

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
)

// TempDir is tb.TempDir, except that on Windows it removes the folder with
// os.Remove one entry at a time. Go's RemoveAll deletes with POSIX semantics
// there (NtSetInformationFile, FileDispositionInformationEx), which Wine 8
// does not implement, so under Wine every t.TempDir cleanup fails although
// the test passed; os.Remove uses DeleteFile, which Wine has. CI runs these
// tests under Wine to check locking and durability on Windows.
func TempDir(tb testing.TB) string {
	tb.Helper()
	if runtime.GOOS != "windows" {
		return tb.TempDir()
	}
	dir, err := os.MkdirTemp("", "penyuluh-test-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		var paths []string
		_ = filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
			paths = append(paths, path)
			return nil
		})
		// Deepest first: files and subfolders before their folder.
		sort.Sort(sort.Reverse(sort.StringSlice(paths)))
		for _, p := range paths {
			if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
				tb.Errorf("remove test folder: %v", err)
				return
			}
		}
	})
	return dir
}
