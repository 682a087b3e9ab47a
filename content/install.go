package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Install checks the pack at src (a folder or a .zip) and copies it into
// packsDir/<id>/<version>/, replacing an earlier copy of the same id and
// version. A pack with any error is refused whole with a *PackError that
// lists its problems. The copy is written to a temporary folder inside
// packsDir, checked again, and renamed into place, so a half-copied pack is
// never seen. The bundled pack's own id and version cannot be installed over.
func Install(src, packsDir string) (*Pack, error) {
	p, probs, _ := Load(src)
	if p == nil {
		return nil, &PackError{Path: src, Problems: probs}
	}
	if def := Default(); p.ID == def.ID && p.Version == def.Version {
		return nil, fmt.Errorf("install pack %s: %s %s is the bundled pack; give the new pack another version", src, p.ID, p.Version)
	}
	if err := os.MkdirAll(packsDir, 0o755); err != nil {
		return nil, fmt.Errorf("install pack %s: %w", src, err)
	}
	tmp, err := os.MkdirTemp(packsDir, ".install-")
	if err != nil {
		return nil, fmt.Errorf("install pack %s: %w", src, err)
	}
	defer os.RemoveAll(tmp) // nothing left to remove once renamed into place

	if err := copyPack(p.fsys, tmp); err != nil {
		return nil, fmt.Errorf("install pack %s: copy: %w", src, err)
	}
	installed, probs, _ := Load(tmp)
	if installed == nil || installed.ID != p.ID || installed.Version != p.Version {
		return nil, &PackError{Path: src, Problems: append(probs,
			Problem{File: src, Message: "the pack changed while it was being installed; try again"})}
	}
	target := filepath.Join(packsDir, p.ID, p.Version)
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return nil, fmt.Errorf("install pack %s: %w", src, err)
	}
	if err := replaceDir(tmp, target); err != nil {
		return nil, fmt.Errorf("install pack %s: %w", src, err)
	}
	syncDir(filepath.Dir(target))
	installed.fsys = dirFS(target)
	return installed, nil
}

// copyPack copies every file of a pack into dir, through the same limits
// as loading, each file flushed to disk.
func copyPack(src fs.FS, dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	var total int64
	return fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case name == ".":
			return nil
		case ignoredName(d.Name()) && d.IsDir():
			return fs.SkipDir
		case ignoredName(d.Name()):
			return nil
		case d.IsDir():
			return root.Mkdir(name, 0o755)
		case !d.Type().IsRegular():
			return fmt.Errorf("%s is not a regular file", name)
		}
		data, err := readLimited(src, name, sizeLimit(name))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if total += int64(len(data)); total > MaxPackSize {
			return fmt.Errorf("the pack is larger than %s", sizeText(MaxPackSize))
		}
		return writeFileSynced(root, name, data)
	})
}

func writeFileSynced(root *os.Root, name string, data []byte) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// replaceDir renames dir to target, moving an existing target aside first
// and putting it back if the rename fails.
func replaceDir(dir, target string) error {
	old := ""
	if _, err := os.Lstat(target); err == nil {
		old = dir + "-old" // dir's name is unique, so this one is too
		if err := os.Rename(target, old); err != nil {
			return err
		}
	}
	if err := os.Rename(dir, target); err != nil {
		if old != "" {
			_ = os.Rename(old, target)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// syncDir flushes a folder's entries to disk where the system allows it
// (Windows does not; there the rename is already durable enough).
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}

// Installed returns the bundled pack followed by the packs installed in
// packsDir, sorted by id and then version (1.10 after 1.9). A missing
// packsDir holds no packs.
//
// An installed folder that does not load is skipped: the packs that did
// load are returned together with a PackErrors error that has one
// *PackError per skipped folder. Any other error (packsDir unreadable)
// comes with the bundled pack alone.
func Installed(packsDir string) ([]*Pack, error) {
	packs := []*Pack{Default()}
	dirs, err := installedDirs(packsDir)
	if err != nil {
		return packs, err
	}
	var broken PackErrors
	var found []*Pack
	for _, dir := range dirs {
		p, err := loadInstalled(packsDir, dir.id, dir.version)
		if err != nil {
			var pe *PackError
			if !errors.As(err, &pe) {
				pe = &PackError{Path: dir.path(packsDir), Problems: []Problem{{File: dir.path(packsDir), Message: err.Error()}}}
			}
			broken = append(broken, pe)
			continue
		}
		found = append(found, p)
	}
	slices.SortFunc(found, func(a, b *Pack) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), compareVersions(a.Version, b.Version))
	})
	packs = append(packs, found...)
	if len(broken) > 0 {
		return packs, broken
	}
	return packs, nil
}

// Find returns the pack with this id and version: the bundled one or one
// installed in packsDir. An empty version means the newest one. A pack that
// is not there gives an error wrapping fs.ErrNotExist; one that is there
// but does not load gives a *PackError.
func Find(packsDir, id, version string) (*Pack, error) {
	def := Default()
	if !idPattern().MatchString(id) || (version != "" && !versionPattern().MatchString(version)) {
		return nil, fmt.Errorf("find pack: %q %q is not a valid pack id and version", id, version)
	}
	if version == "" {
		version = newestVersion(packsDir, id)
	}
	if id == def.ID && version == def.Version {
		return def, nil
	}
	if version == "" {
		return nil, fmt.Errorf("find pack %s: %w", id, fs.ErrNotExist)
	}
	dir := installedDir{id, version}
	if _, err := os.Stat(dir.path(packsDir)); err != nil {
		return nil, fmt.Errorf("find pack %s %s: %w", id, version, err)
	}
	return loadInstalled(packsDir, id, version)
}

// Resolve returns the pack that a session made with id and version uses
// now: that version when it is bundled or installed, else the newest one of
// the same id, bundled or installed. A session keeps the quiz it has
// snapshotted either way (see store.SnapshotQuiz), so an older session shows
// a newer version's corrected slides, and a quiz it has not used yet comes
// from that version too. A version that is there but does not load is not
// replaced: its *PackError is returned, as from Find.
func Resolve(packsDir, id, version string) (*Pack, error) {
	p, err := Find(packsDir, id, version)
	if err == nil || version == "" || !errors.Is(err, fs.ErrNotExist) {
		return p, err
	}
	return Find(packsDir, id, "")
}

// newestVersion returns the newest version of id, bundled or installed,
// or "" if there is none.
func newestVersion(packsDir, id string) string {
	var versions []string
	if def := Default(); def.ID == id {
		versions = append(versions, def.Version)
	}
	dirs, _ := installedDirs(packsDir)
	for _, d := range dirs {
		if d.id == id {
			versions = append(versions, d.version)
		}
	}
	if len(versions) == 0 {
		return ""
	}
	return slices.MaxFunc(versions, compareVersions)
}

type installedDir struct{ id, version string }

func (d installedDir) path(packsDir string) string {
	return filepath.Join(packsDir, d.id, d.version)
}

// installedDirs lists packsDir/<id>/<version>/ folders, leaving out hidden
// ones (installs in progress) and names that cannot be a pack's.
func installedDirs(packsDir string) ([]installedDir, error) {
	ids, err := os.ReadDir(packsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list packs: %w", err)
	}
	var dirs []installedDir
	for _, id := range ids {
		if !id.IsDir() || ignoredName(id.Name()) {
			continue
		}
		versions, err := os.ReadDir(filepath.Join(packsDir, id.Name()))
		if err != nil {
			return nil, fmt.Errorf("list packs: %w", err)
		}
		for _, v := range versions {
			if v.IsDir() && !ignoredName(v.Name()) {
				dirs = append(dirs, installedDir{id.Name(), v.Name()})
			}
		}
	}
	return dirs, nil
}

// loadInstalled loads packsDir/id/version and checks that the folder's
// names match the pack inside.
func loadInstalled(packsDir, id, version string) (*Pack, error) {
	dir := installedDir{id, version}.path(packsDir)
	p, probs, _ := Load(dir)
	if p == nil {
		return nil, &PackError{Path: dir, Problems: probs}
	}
	if p.ID != id || p.Version != version {
		return nil, &PackError{Path: dir, Problems: append(probs, Problem{File: manifestFile,
			Message: fmt.Sprintf("the pack is %s %s but is installed as %s %s", p.ID, p.Version, id, version)})}
	}
	if def := Default(); p.ID == def.ID && p.Version == def.Version {
		return nil, &PackError{Path: dir, Problems: append(probs, Problem{File: manifestFile,
			Message: fmt.Sprintf("%s %s is the bundled pack; this copy is ignored", p.ID, p.Version)})}
	}
	return p, nil
}

// compareVersions orders versions like "1.9.0" < "1.10.0" < "2.0":
// dot-separated parts compare as numbers when both are, as text otherwise,
// and a pre-release ("1.0.0-rc1") comes before its release.
func compareVersions(a, b string) int {
	aRelease, aPre, aHasPre := strings.Cut(a, "-")
	bRelease, bPre, bHasPre := strings.Cut(b, "-")
	if c := compareParts(strings.Split(aRelease, "."), strings.Split(bRelease, ".")); c != 0 {
		return c
	}
	switch {
	case aHasPre && !bHasPre:
		return -1
	case !aHasPre && bHasPre:
		return 1
	}
	return compareParts(strings.Split(aPre, "."), strings.Split(bPre, "."))
}

func compareParts(a, b []string) int {
	for i := range min(len(a), len(b)) {
		an, aErr := strconv.ParseUint(a[i], 10, 64)
		bn, bErr := strconv.ParseUint(b[i], 10, 64)
		var c int
		if aErr == nil && bErr == nil {
			c = cmp.Compare(an, bn)
		} else {
			c = strings.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}
