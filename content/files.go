package content

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register the decoders image.DecodeConfig uses
	_ "image/png"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on what a pack may contain. They are enforced while reading, so a
// damaged or hostile pack is refused without exhausting memory.
const (
	MaxTextSize  = 1 << 20  // pack.toml, slides.md and quiz.toml each
	MaxImageSize = 8 << 20  // each image, and any other file
	MaxPackSize  = 64 << 20 // all files together
	MaxFiles     = 500
)

const (
	manifestFile = "pack.toml"
	slidesFile   = "slides.md"
	quizFile     = "quiz.toml"
	imageDir     = "img"
	sourceDir    = "src"
)

var errTooLarge = errors.New("file is too large")

// packFiles is what one pass over a pack's files found.
type packFiles struct {
	text    map[string][]byte    // the raw manifest, slides and quiz, when present and within limits
	sniffed map[string]imageInfo // what every other file that was read holds, by path
	names   []string             // every file in the pack, in walk order
}

// imageInfo says whether a file holds a usable PNG or JPEG.
type imageInfo struct {
	problem string // why it cannot be shown; "" for a good PNG or JPEG
	isSVG   bool
}

// readPackFiles walks fsys once, reading every file through the size limits.
// It returns an error only when the pack as a whole is over a limit (the
// walk stops there), or cannot be listed.
func readPackFiles(fsys fs.FS, probs *problemList) (*packFiles, error) {
	files := &packFiles{text: map[string][]byte{}, sniffed: map[string]imageInfo{}}
	var total int64
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && ignoredName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			probs.errorf(name, 0, "is a symbolic link; a pack holds plain files only")
			return nil
		case !d.Type().IsRegular():
			probs.errorf(name, 0, "is not a regular file")
			return nil
		}
		files.names = append(files.names, name)
		if len(files.names) > MaxFiles {
			return fmt.Errorf("the pack has more than %d files", MaxFiles)
		}
		limit := sizeLimit(name)
		readLimit := min(limit, MaxPackSize-total)
		data, err := readLimited(fsys, name, readLimit)
		total += int64(len(data))
		switch {
		case errors.Is(err, errTooLarge) && readLimit < limit:
			return fmt.Errorf("the pack is larger than %s", sizeText(MaxPackSize))
		case errors.Is(err, errTooLarge):
			probs.errorf(name, 0, "file is larger than %s", sizeText(limit))
			return nil
		case err != nil:
			probs.errorf(name, 0, "cannot read the file: %v", err)
			return nil
		}
		if limit == MaxTextSize {
			files.text[name] = data
		} else {
			files.sniffed[name] = sniffImage(name, data)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// ignoredName reports files and folders that are never part of a pack:
// hidden ones (.git, .DS_Store) and the resource forks macOS adds to zips.
func ignoredName(base string) bool {
	return strings.HasPrefix(base, ".") || base == "__MACOSX"
}

func sizeLimit(name string) int64 {
	switch name {
	case manifestFile, slidesFile, quizFile:
		return MaxTextSize
	}
	return MaxImageSize
}

func sizeText(n int64) string {
	return fmt.Sprintf("%d MiB", n>>20)
}

// readLimited reads a whole file, failing with errTooLarge as soon as it
// has read more than limit bytes: the size a file claims is never trusted.
func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return data, err
	}
	if int64(len(data)) > limit {
		return data[:limit], errTooLarge
	}
	return data, nil
}

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xff, 0xd8, 0xff}
)

func sniffImage(name string, data []byte) imageInfo {
	info := imageInfo{isSVG: isSVG(name, data)}
	if !bytes.HasPrefix(data, pngMagic) && !bytes.HasPrefix(data, jpegMagic) {
		info.problem = "is not a PNG or JPEG"
		return info
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		info.problem = fmt.Sprintf("is damaged (%v)", err)
	}
	return info
}

func isSVG(name string, data []byte) bool {
	if strings.EqualFold(path.Ext(name), ".svg") {
		return true
	}
	head := bytes.ToLower(data[:min(len(data), 512)])
	return bytes.Contains(head, []byte("<svg"))
}

// decodeText turns a text file into the string the parsers read: a UTF-8
// byte-order mark is dropped, line endings become "\n" and the text is NFC,
// so an answer typed with combining accents still equals its option.
// Invalid UTF-8 is reported at the line of the first bad byte.
func decodeText(file string, data []byte, probs *problemList) (string, bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		bad := firstInvalidUTF8(data)
		probs.errorf(file, bytes.Count(data[:bad], []byte("\n"))+1, "invalid UTF-8 (save the file as UTF-8)")
		return "", false
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return norm.NFC.String(text), true
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}
