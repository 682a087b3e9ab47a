package content

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

const (
	// maxZipSize allows for the zip's own headers around a full-size pack.
	maxZipSize = MaxPackSize + 1<<20
	// maxZipDirectory bounds what reading the zip's central directory may
	// read (and so allocate): a real pack's needs a few hundred KiB.
	maxZipDirectory = 2 << 20
)

var errZipDirectory = errors.New("the zip's directory is too large")

// openZip reads a zipped pack into memory and checks every entry's name,
// type and declared size before any entry is opened. Declared sizes only
// serve to refuse early: LoadFS still reads each entry through its limit.
// Any problem refuses the whole zip.
func openZip(zipPath string) (fs.FS, []Problem, error) {
	refuse := func(msg string, err error) (fs.FS, []Problem, error) {
		return nil, []Problem{{File: zipPath, Message: msg}}, fmt.Errorf("open pack %s: %w", zipPath, err)
	}
	f, err := os.Open(zipPath)
	if err != nil {
		return refuse(fmt.Sprintf("cannot open: %v", unwrapPath(err)), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxZipSize+1))
	if err != nil {
		return refuse(fmt.Sprintf("cannot read: %v", unwrapPath(err)), err)
	}
	if len(data) > maxZipSize {
		return refuse(fmt.Sprintf("zip file is larger than %s", sizeText(maxZipSize)), errTooLarge)
	}

	ra := &budgetReaderAt{r: bytes.NewReader(data), limited: true, left: maxZipDirectory}
	zr, err := zip.NewReader(ra, int64(len(data)))
	switch {
	case ra.spent:
		return refuse("the zip has too many entries", errZipDirectory)
	case err != nil && !errors.Is(err, zip.ErrInsecurePath): // insecure names are reported below
		return refuse(fmt.Sprintf("not a valid zip file: %v", err), err)
	}
	ra.limited = false // entries are bounded by LoadFS's limits instead

	root, probs := checkZipEntries(zipPath, zr.File)
	if len(probs) > 0 {
		return nil, probs, &PackError{Path: zipPath, Problems: probs}
	}
	if root == "" {
		return zr, nil, nil
	}
	sub, err := fs.Sub(zr, root)
	if err != nil {
		return refuse(err.Error(), err)
	}
	return sub, nil, nil
}

// checkZipEntries reports unsafe entries and returns the folder inside the
// zip that holds the pack ("" for the zip's root).
func checkZipEntries(zipPath string, entries []*zip.File) (string, []Problem) {
	var probs problemList
	if len(entries) > 2*MaxFiles { // files and folders
		probs.errorf(zipPath, 0, "the zip has %d entries; a pack may hold %d files", len(entries), MaxFiles)
		return "", probs.sorted()
	}
	seen := map[string]string{} // case-folded name → name, as Windows and macOS see them
	var packEntries []*zip.File
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name, "/")
		problem := zipEntryProblem(e)
		if problem == "" {
			if first, dup := seen[strings.ToLower(name)]; dup {
				problem = fmt.Sprintf("has the same name as %q", first)
			}
			seen[strings.ToLower(name)] = e.Name
		}
		if problem != "" {
			probs.errorf(zipPath, 0, "entry %q %s", e.Name, problem)
			continue
		}
		if !ignoredPath(name) {
			packEntries = append(packEntries, e)
		}
	}
	if len(probs.list) > 0 {
		return "", probs.sorted()
	}

	root := zipRoot(packEntries)
	var files int
	var total uint64
	for _, e := range packEntries {
		if e.FileInfo().IsDir() {
			continue
		}
		files++
		inPack := strings.TrimPrefix(e.Name, root+"/")
		if limit := sizeLimit(inPack); e.UncompressedSize64 > uint64(limit) {
			probs.errorf(inPack, 0, "file is larger than %s", sizeText(limit))
		}
		total += e.UncompressedSize64
	}
	if files > MaxFiles {
		probs.errorf(zipPath, 0, "the pack has more than %d files", MaxFiles)
	}
	if total > MaxPackSize {
		probs.errorf(zipPath, 0, "the pack is larger than %s", sizeText(MaxPackSize))
	}
	return root, probs.sorted()
}

func zipEntryProblem(e *zip.File) string {
	name := e.Name
	mode := e.Mode()
	switch {
	case strings.Contains(name, `\`):
		return "contains a backslash"
	case strings.HasPrefix(name, "/"):
		return "is an absolute path"
	case strings.Contains(name, ":"):
		return "contains a drive letter or a colon"
	case slices.Contains(strings.Split(name, "/"), ".."):
		return "escapes the pack (..)"
	case strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return "contains a control character"
	case !fs.ValidPath(strings.TrimSuffix(name, "/")):
		return "is not a valid path"
	case mode&fs.ModeSymlink != 0:
		return "is a symbolic link"
	case !mode.IsDir() && !mode.IsRegular():
		return "is not a regular file"
	case e.Flags&0x1 != 0:
		return "is encrypted"
	}
	return ""
}

// ignoredPath reports entries inside an ignored folder, or ignored files.
func ignoredPath(name string) bool {
	for elem := range strings.SplitSeq(name, "/") {
		if ignoredName(elem) {
			return true
		}
	}
	return false
}

// zipRoot returns the single top-level folder that holds the whole pack, if
// the zip was made from the folder rather than from its contents.
func zipRoot(entries []*zip.File) string {
	root := ""
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name, "/")
		if name == manifestFile {
			return ""
		}
		top, _, inFolder := strings.Cut(name, "/")
		if !inFolder && !e.FileInfo().IsDir() {
			return "" // a file at the root
		}
		if root != "" && top != root {
			return ""
		}
		root = top
	}
	return root
}

// budgetReaderAt fails, while limited, once more than left bytes have been
// asked for. limited is switched off before the reader is shared, so that
// concurrent reads afterwards touch no field.
type budgetReaderAt struct {
	r       io.ReaderAt
	limited bool
	left    int64
	spent   bool
}

func (b *budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if b.limited {
		if int64(len(p)) > b.left {
			b.spent = true
			return 0, errZipDirectory
		}
		b.left -= int64(len(p))
	}
	return b.r.ReadAt(p, off)
}
