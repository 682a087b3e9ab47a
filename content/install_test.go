package content_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/content"
)

func manifestVersion(version string) string {
	return edit(validManifest, `version = "1.0.0"`, `version = "`+version+`"`)
}

func packIDs(packs []*content.Pack) []string {
	var ids []string
	for _, p := range packs {
		ids = append(ids, p.ID+" "+p.Version)
	}
	return ids
}

func TestInstall(t *testing.T) {
	packsDir := filepath.Join(t.TempDir(), "packs")
	src := writeDir(t, packFiles(t, map[string]string{"README.md": "baca saya", "src/alur.svg": "<svg/>"}))

	p, err := content.Install(src, packsDir)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(packsDir, "uji", "1.0.0")
	for _, name := range []string{"pack.toml", "slides.md", "quiz.toml", "img/alur.png", "README.md", "src/alur.svg"} {
		if _, err := os.Stat(filepath.Join(target, filepath.FromSlash(name))); err != nil {
			t.Errorf("installed pack lacks %s: %v", name, err)
		}
	}
	if _, err := p.Image("img/alur.png"); err != nil {
		t.Errorf("Image of the installed pack: %v", err)
	}
	if err := os.RemoveAll(src); err != nil { // the installed pack must not need its source
		t.Fatal(err)
	}
	found, err := content.Find(packsDir, "uji", "1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := found.Image("img/alur.png"); err != nil {
		t.Errorf("Image of the found pack: %v", err)
	}

	// Installing the same id and version again replaces it.
	src = writeDir(t, packFiles(t, map[string]string{"pack.toml": edit(validManifest, "Paket Uji", "Paket Uji Baru")}))
	if _, err := content.Install(src, packsDir); err != nil {
		t.Fatal(err)
	}
	found, err = content.Find(packsDir, "uji", "1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	if found.Title != "Paket Uji Baru" {
		t.Errorf("after reinstalling, title = %q", found.Title)
	}
	if _, err := os.Stat(filepath.Join(target, "README.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the replaced pack's files remain: %v", err)
	}
	entries, _ := os.ReadDir(packsDir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary folder %s left behind", e.Name())
		}
	}
}

func TestInstallZip(t *testing.T) {
	packsDir := t.TempDir()
	zipPath := writeZip(t, zipEntries(packFiles(t, nil), "uji-1.0.0/"))
	p, err := content.Install(zipPath, packsDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(packsDir, "uji", "1.0.0", "img", "alur.png")); err != nil {
		t.Errorf("zip not extracted: %v", err)
	}
	if _, err := p.Image("img/alur.png"); err != nil {
		t.Errorf("Image: %v", err)
	}
}

func TestInstallRefusesInvalidPack(t *testing.T) {
	packsDir := filepath.Join(t.TempDir(), "packs")
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "content errors",
			src: writeDir(t, packFiles(t, map[string]string{
				"quiz.toml": edit(validQuiz, `answer = "Salah"`, `answer = "Salah "`),
				"slides.md": edit(validSlides, "img/alur.png", "img/alur.svg"),
			})),
			want: []string{"has 2 errors", `quiz.toml:5: answer "Salah " is not one of the options`, "slides.md:10: image img/alur.svg"},
		},
		{
			name: "unsafe zip",
			src:  writeZip(t, append(zipEntries(packFiles(t, nil), ""), zipEntry{name: "../evil", body: "x"})),
			want: []string{`entry "../evil" escapes the pack`},
		},
		{
			name: "missing",
			src:  filepath.Join(t.TempDir(), "tidak-ada.zip"),
			want: []string{"cannot open"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := content.Install(tt.src, packsDir)
			var pe *content.PackError
			if !errors.As(err, &pe) {
				t.Fatalf("Install error = %v, want a *PackError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if _, err := os.Stat(filepath.Join(packsDir, "uji")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("an invalid pack was installed: %v", err)
			}
		})
	}
}

func TestInstallRefusesBundledVersion(t *testing.T) {
	def := content.Default()
	manifest := edit(edit(validManifest, `id = "uji"`, `id = "`+def.ID+`"`), `version = "1.0.0"`, `version = "`+def.Version+`"`)
	src := writeDir(t, packFiles(t, map[string]string{"pack.toml": manifest}))
	if _, err := content.Install(src, t.TempDir()); err == nil || !strings.Contains(err.Error(), "is the bundled pack") {
		t.Errorf("Install over the bundled pack: %v", err)
	}
}

func TestInstalled(t *testing.T) {
	packsDir := t.TempDir()
	for _, version := range []string{"1.10.0", "1.9.0", "1.0.0-rc1", "1.0.0"} {
		src := writeDir(t, packFiles(t, map[string]string{"pack.toml": manifestVersion(version)}))
		if _, err := content.Install(src, packsDir); err != nil {
			t.Fatal(err)
		}
	}
	other := edit(validManifest, `id = "uji"`, `id = "aa-lain"`)
	if _, err := content.Install(writeDir(t, packFiles(t, map[string]string{"pack.toml": other})), packsDir); err != nil {
		t.Fatal(err)
	}

	packs, err := content.Installed(packsDir)
	if err != nil {
		t.Fatal(err)
	}
	def := content.Default()
	want := []string{def.ID + " " + def.Version, "aa-lain 1.0.0", "uji 1.0.0-rc1", "uji 1.0.0", "uji 1.9.0", "uji 1.10.0"}
	if got := packIDs(packs); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Installed = %q, want %q", got, want)
	}

	newest, err := content.Find(packsDir, "uji", "")
	if err != nil || newest.Version != "1.10.0" {
		t.Errorf("Find newest = %v, %v; want 1.10.0", newest, err)
	}

	// A broken folder is skipped and reported; the others still load.
	broken := filepath.Join(packsDir, "uji", "1.9.0", "quiz.toml")
	if err := os.WriteFile(broken, []byte("[[question]]\nid = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	misplaced := filepath.Join(packsDir, "salah-tempat", "2.0")
	if err := os.CopyFS(misplaced, os.DirFS(filepath.Join(packsDir, "aa-lain", "1.0.0"))); err != nil {
		t.Fatal(err)
	}
	packs, err = content.Installed(packsDir)
	var pe content.PackErrors
	if !errors.As(err, &pe) || len(pe) != 2 {
		t.Fatalf("Installed error = %v, want PackErrors for 2 folders", err)
	}
	if !strings.Contains(pe[0].Error()+pe[1].Error(), "quiz.toml:2: id must be a string") ||
		!strings.Contains(pe[0].Error()+pe[1].Error(), "installed as salah-tempat 2.0") {
		t.Errorf("PackErrors:\n%v", err)
	}
	if len(packs) != 5 {
		t.Errorf("Installed with a broken folder returned %q", packIDs(packs))
	}
	if _, err := content.Find(packsDir, "uji", "1.9.0"); !errors.As(err, new(*content.PackError)) {
		t.Errorf("Find of a broken pack: %v, want a *PackError", err)
	}
}

// A session made with a version that is no longer there (the bundled pack
// was 1.0.0 before it became 1.1.0) gets the newest one of its id.
func TestResolve(t *testing.T) {
	packsDir := t.TempDir()
	def := content.Default()
	if p, err := content.Resolve(packsDir, def.ID, "1.0.0"); err != nil || p != def {
		t.Errorf("Resolve of an older bundled version = %v, %v; want the bundled %s", p, err, def.Version)
	}
	for _, version := range []string{"1.0.0", "2.0.0"} {
		src := writeDir(t, packFiles(t, map[string]string{"pack.toml": manifestVersion(version)}))
		if _, err := content.Install(src, packsDir); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ version, want string }{
		{"1.0.0", "1.0.0"}, // installed: that one
		{"0.9.0", "2.0.0"}, // gone: the newest
		{"", "2.0.0"},
	}
	for _, tt := range tests {
		if p, err := content.Resolve(packsDir, "uji", tt.version); err != nil || p.Version != tt.want {
			t.Errorf("Resolve(uji, %q) = %v, %v; want %s", tt.version, p, err, tt.want)
		}
	}
	if _, err := content.Resolve(packsDir, "tidak-ada", "1.0.0"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Resolve of an unknown id: %v, want fs.ErrNotExist", err)
	}
	broken := filepath.Join(packsDir, "uji", "1.0.0", "quiz.toml")
	if err := os.WriteFile(broken, []byte("[[question]]\nid = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := content.Resolve(packsDir, "uji", "1.0.0"); !errors.As(err, new(*content.PackError)) {
		t.Errorf("Resolve of a broken version: %v, want its *PackError", err)
	}
}

func TestInstalledWithoutFolder(t *testing.T) {
	packs, err := content.Installed(filepath.Join(t.TempDir(), "belum-ada"))
	if err != nil || len(packs) != 1 || packs[0] != content.Default() {
		t.Errorf("Installed = %q, %v; want the bundled pack alone", packIDs(packs), err)
	}
}

func TestFind(t *testing.T) {
	packsDir := t.TempDir()
	def := content.Default()
	if p, err := content.Find(packsDir, def.ID, def.Version); err != nil || p != def {
		t.Errorf("Find bundled = %v, %v", p, err)
	}
	if p, err := content.Find(packsDir, def.ID, ""); err != nil || p != def {
		t.Errorf("Find bundled, newest = %v, %v", p, err)
	}
	tests := []struct{ id, version string }{
		{"uji", "1.0.0"},
		{"uji", ""},
		{"..", "1.0.0"},
		{"uji", "../../etc"},
	}
	for _, tt := range tests {
		if p, err := content.Find(packsDir, tt.id, tt.version); err == nil {
			t.Errorf("Find(%q, %q) = %v, want an error", tt.id, tt.version, p)
		}
	}
	if _, err := content.Find(packsDir, "uji", "1.0.0"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Find of a missing pack: %v, want fs.ErrNotExist", err)
	}
}
