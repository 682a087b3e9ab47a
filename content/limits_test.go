package content_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/content"
)

// sparseFile makes a file of size bytes without writing them.
func sparseFile(t *testing.T, path string, size int64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

func TestOversizedFiles(t *testing.T) {
	tests := []struct {
		name string
		file string
		size int64
		want string
	}{
		{"slides", "slides.md", content.MaxTextSize + 1, "slides.md: file is larger than 1 MiB"},
		{"quiz", "quiz.toml", 3 << 20, "quiz.toml: file is larger than 1 MiB"},
		{"manifest", "pack.toml", 1 << 30, "pack.toml: file is larger than 1 MiB"},
		{"image", "img/alur.png", content.MaxImageSize + 1, "img/alur.png: file is larger than 8 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDir(t, packFiles(t, nil))
			sparseFile(t, filepath.Join(dir, tt.file), tt.size)
			p, probs, err := content.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			requireProblems(t, probs, tt.want)
			if p != nil {
				t.Error("an oversized file was accepted")
			}
		})
	}
}

func TestPackLimits(t *testing.T) {
	t.Run("too many files", func(t *testing.T) {
		dir := writeDir(t, packFiles(t, nil))
		for i := range content.MaxFiles {
			if err := os.WriteFile(filepath.Join(dir, "img", fmt.Sprintf("x%03d.png", i)), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		p, probs, err := content.Load(dir)
		if err == nil || p != nil {
			t.Fatalf("Load = %v, %v; want an error", p, err)
		}
		requireProblems(t, probs, "the pack has more than 500 files")
	})
	t.Run("too many bytes", func(t *testing.T) {
		dir := writeDir(t, packFiles(t, nil))
		for i := range 9 {
			sparseFile(t, filepath.Join(dir, "src", fmt.Sprintf("big%d.bin", i)), content.MaxImageSize)
		}
		p, probs, err := content.Load(dir)
		if err == nil || p != nil {
			t.Fatalf("Load = %v, %v; want an error", p, err)
		}
		requireProblems(t, probs, "the pack is larger than 64 MiB")
	})
}

func TestUnreadablePacks(t *testing.T) {
	dir := t.TempDir()
	notZip := filepath.Join(dir, "slides.txt")
	if err := os.WriteFile(notZip, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	badZip := filepath.Join(dir, "rusak.zip")
	if err := os.WriteFile(badZip, []byte("PK not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want string
	}{
		{filepath.Join(dir, "tidak-ada"), "cannot open"},
		{notZip, "is neither a folder nor a .zip file"},
		{badZip, "not a valid zip file"},
	}
	for _, tt := range tests {
		p, probs, err := content.Load(tt.path)
		if err == nil || p != nil {
			t.Errorf("Load(%s) = %v, %v; want an error", tt.path, p, err)
		}
		requireProblems(t, probs, tt.path+": "+tt.want)
	}
}

func TestSymlinkInFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	outside := filepath.Join(t.TempDir(), "rahasia.png")
	if err := os.WriteFile(outside, pngBytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeDir(t, packFiles(t, map[string]string{"img/alur.png": deleted}))
	if err := os.Mkdir(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "img", "alur.png")); err != nil {
		t.Fatal(err)
	}
	p, probs, err := content.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	requireProblems(t, probs, "img/alur.png: is a symbolic link")
	if p != nil {
		t.Error("a pack with a symbolic link was accepted")
	}
}

func TestImage(t *testing.T) {
	for _, kind := range []string{"folder", "memory"} {
		t.Run(kind, func(t *testing.T) {
			var p *content.Pack
			if kind == "folder" {
				p, _ = loadChanged(t, nil)
			} else {
				p, _ = loadMem(t, nil)
			}
			data, err := p.Image("img/alur.png")
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != string(pngBytes(t)) {
				t.Error("Image returned other bytes")
			}
			if _, err := p.Image("pack.toml"); err == nil {
				t.Error("Image read a file no slide shows")
			}
		})
	}
}

// TestHostileText feeds files near the size limit that once took minutes
// (the TOML decoder is quadratic in nesting depth) or that produce a flood
// of problems. Each must be answered quickly, with few problems.
func TestHostileText(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"nested arrays", "quiz.toml", "a = " + strings.Repeat("[", 500_000), "quiz.toml:1: keys or values nested more than 16 levels deep"},
		{"nested inline tables", "quiz.toml", "a = " + strings.Repeat("{b=", 300_000), "quiz.toml:1: keys or values nested"},
		{"long dotted key", "pack.toml", strings.Repeat("a.", 300_000) + "b = 1", "pack.toml:1: keys or values nested"},
		{"long dotted header", "quiz.toml", "[" + strings.Repeat("a.", 300_000) + "b]", "quiz.toml:1: keys or values nested"},
		{"dotted key in a table", "quiz.toml", "a = {" + strings.Repeat("b.", 300_000) + "c = 1}", "quiz.toml:1: keys or values nested"},
		{"empty questions", "quiz.toml", strings.Repeat("[[question]]\n", 80_000), "more problems not listed"},
		{"one long paragraph", "slides.md", "# A\n<!-- n -->\n" + strings.Repeat("a\n", 500_000), "slides.md:1: warning: slide 1 has 500001 words"},
		{"one long table", "slides.md", "# A\n<!-- n -->\n" + strings.Repeat("| a\n", 250_000), "slides.md:3: warning: tables are not supported"},
		{"many empty slides", "slides.md", strings.Repeat("\n\n---\n", 150_000), "more problems not listed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Each case takes well under a second; the quadratic versions
			// took minutes. The bound only catches that (it is generous
			// because -race on a busy machine slows these loops 40-fold).
			start := time.Now()
			_, probs := loadMem(t, map[string]string{tt.file: tt.text})
			if elapsed := time.Since(start); elapsed > 2*time.Minute {
				t.Errorf("took %v", elapsed)
			}
			requireProblems(t, probs, tt.want)
			if len(probs) > 2*200+10 {
				t.Errorf("%d problems", len(probs))
			}
		})
	}
}
