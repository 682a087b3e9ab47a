package content_test

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/penyuluh/penyuluh/content"
)

// The files of a small valid pack. Tests change one thing at a time.
const (
	validManifest = `id = "uji"
title = "Paket Uji"
language = "id"
version = "1.0.0"
checked_on = 2026-01-15
confirm_with = "Bidkum Polda NTB"
authors = ["Tim Uji"]

[[source]]
title = "UU 21/2007"
url = "https://peraturan.go.id/id/uu-no-21-tahun-2007"
publisher = "Kementerian Sekretariat Negara"
date = 2007-04-19
`
	validSlides = `---
marp: true
paginate: true
---

# Judul Satu

Teks **penting** di sini.

![Alur](img/alur.png)

<!-- Catatan slide satu. -->

---

# Judul Dua

- Satu
- Dua

<!-- Catatan slide dua. -->
`
	validQuiz = `[[question]]
id = "q1"
text = "Bekerja ke luar negeri lewat calo itu aman."
options = ["Benar", "Salah"]
answer = "Salah"
explanation = "Calo tidak resmi."
phase = "both"
topic = "migrasi"

[[question]]
id = "q2"
text = "Di mana mendaftar kerja ke luar negeri?"
options = ["Calo", "Disnaker atau LTSA", "Media sosial", "Teman"]
answer = "Disnaker atau LTSA"
explanation = "Pendaftaran resmi lewat Disnaker atau LTSA."
phase = "post"
topic = "prosedur"
`
)

// deleted, as a file's new content, removes the file from the pack.
const deleted = "\x00deleted"

func pngBytes(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// packFiles returns the valid pack's files with changes applied.
func packFiles(t testing.TB, changes map[string]string) map[string]string {
	files := map[string]string{
		"pack.toml":    validManifest,
		"slides.md":    validSlides,
		"quiz.toml":    validQuiz,
		"img/alur.png": string(pngBytes(t)),
	}
	for name, body := range changes {
		if body == deleted {
			delete(files, name)
		} else {
			files[name] = body
		}
	}
	return files
}

// writeDir writes files into a new folder and returns its path.
func writeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadChanged writes the valid pack with changes and loads it from disk.
func loadChanged(t testing.TB, changes map[string]string) (*content.Pack, []content.Problem) {
	t.Helper()
	p, probs, err := content.Load(writeDir(t, packFiles(t, changes)))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return p, probs
}

// loadMem loads the valid pack with changes from memory.
func loadMem(t testing.TB, changes map[string]string) (*content.Pack, []content.Problem) {
	t.Helper()
	p, probs, err := content.LoadFS(mapFS(packFiles(t, changes)))
	if err != nil {
		t.Fatalf("LoadFS: %v", err)
	}
	return p, probs
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body), Mode: 0o644}
	}
	return fsys
}

func problemStrings(probs []content.Problem) []string {
	out := make([]string, len(probs))
	for i, p := range probs {
		out[i] = p.String()
	}
	return out
}

// requireProblems fails unless each wanted text is part of some problem.
func requireProblems(t testing.TB, probs []content.Problem, want ...string) {
	t.Helper()
	got := problemStrings(probs)
	for _, w := range want {
		found := false
		for _, g := range got {
			if strings.Contains(g, w) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no problem contains %q; got:\n  %s", w, strings.Join(got, "\n  "))
		}
	}
}

// requireClean fails if there is any problem at all.
func requireClean(t testing.TB, probs []content.Problem) {
	t.Helper()
	if len(probs) > 0 {
		t.Fatalf("unexpected problems:\n  %s", strings.Join(problemStrings(probs), "\n  "))
	}
}

// zipEntry is one entry of a zip written by writeZip.
type zipEntry struct {
	name string
	body string
	mode fs.FileMode // 0 for a plain file
}

func writeZip(t testing.TB, entries []zipEntry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return writeZipBytes(t, buf.Bytes())
}

func writeZipBytes(t testing.TB, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pack.zip")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// zipEntries turns pack files into zip entries, under prefix.
func zipEntries(files map[string]string, prefix string) []zipEntry {
	var entries []zipEntry
	for _, name := range slices.Sorted(maps.Keys(files)) {
		entries = append(entries, zipEntry{name: prefix + name, body: files[name]})
	}
	return entries
}
