// Package content reads and checks content packs: the slides, speaker notes
// and quiz an officer presents. A pack is a folder (or a zip of one) holding
// pack.toml, slides.md, quiz.toml and img/; see Load for the rules.
package content

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// A Pack is a loaded, valid content pack. Treat it as read-only: Default
// returns the same Pack to every caller.
type Pack struct {
	ID          string
	Title       string
	Language    string // BCP-47, e.g. "id"
	Version     string
	ConfirmWith string // who must confirm local facts (penalties, hotlines) before use
	Description string
	License     string
	CheckedOn   time.Time // the date the facts were checked, at 00:00 UTC
	Authors     []string
	Sources     []Source

	FrontMatter map[string]string // the keys of the slides' front matter, as written
	Slides      []Slide
	Questions   []Question

	fsys   fs.FS
	images map[string]bool // paths of the images the slides show
}

// A Source is a reference the pack's facts come from. Speaker notes cite
// it by its URL (see checkCitations).
type Source struct {
	Title     string
	Publisher string // who published it: a newspaper, a ministry, a website
	Date      string // when it was published: YYYY-MM-DD, YYYY-MM, YYYY, or "n.d." when the page gives no date
	URL       string
}

var (
	idPattern      = lazyRegexp(`^[a-z0-9-]{2,64}$`)
	versionPattern = lazyRegexp(`^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$`)
)

// Load reads and checks the pack in a folder or a .zip file. In a zip the
// pack may sit at the root or in a single top-level folder.
//
// Every problem found is returned, warnings included, sorted by file and
// line; problems of the pack as a whole (and of a zip's entries) name path
// as their file. The pack is nil when any problem is an error. The error is
// non-nil only when the pack cannot be read at all: the path is missing, is
// neither a folder nor a zip, the zip is damaged or unsafe, or the pack is
// over a size or file-count limit as a whole; that reason is also among the
// problems.
func Load(path string) (*Pack, []Problem, error) {
	fsys, probs, err := openPack(path)
	if err != nil {
		return nil, probs, err
	}
	p, probs, err := LoadFS(fsys)
	for i := range probs {
		if probs[i].File == "" {
			probs[i].File = path
		}
	}
	if err != nil {
		err = fmt.Errorf("load pack %s: %w", path, err)
	}
	return p, probs, err
}

// LoadFS reads and checks the pack whose files are at the root of fsys.
// See Load for what it returns; problems of the pack as a whole have an
// empty File. The pack keeps fsys to read images from (see Pack.Image).
func LoadFS(fsys fs.FS) (*Pack, []Problem, error) {
	var probs problemList
	files, err := readPackFiles(fsys, &probs)
	if err != nil {
		probs.errorf("", 0, "%v", err)
		return nil, probs.sorted(), err
	}
	p := &Pack{fsys: fsys}
	if src, ok := requiredText(files, manifestFile, &probs); ok {
		parseManifest(src, p, &probs)
	}
	if src, ok := requiredText(files, slidesFile, &probs); ok {
		var cites []citation
		p.FrontMatter, p.Slides, cites = parseSlides(src, &probs)
		checkSlides(p.Slides, &probs)
		if len(p.Sources) > 0 { // without them the manifest has its own error
			checkCitations(cites, p.Sources, &probs)
		}
	}
	if data, ok := files.text[quizFile]; ok {
		if src, ok := decodeText(quizFile, data, &probs); ok {
			p.Questions = parseQuiz(src, &probs)
			checkAnswerBalance(p.Questions, &probs)
		}
	} else if !probs.has(quizFile) {
		probs.warnf(quizFile, 0, "file is missing, so the pack has no quiz")
	}
	p.images = checkImages(p.Slides, files, &probs)
	checkLayout(files.names, &probs)

	if probs.hasErrors() {
		return nil, probs.sorted(), nil
	}
	return p, probs.sorted(), nil
}

// requiredText returns a text file's decoded content, reporting it if missing.
func requiredText(files *packFiles, name string, probs *problemList) (string, bool) {
	data, ok := files.text[name]
	if !ok {
		if !probs.has(name) { // e.g. already reported as too large
			probs.errorf(name, 0, "file is missing")
		}
		return "", false
	}
	return decodeText(name, data, probs)
}

// openPack returns the files of the pack at path, a folder or a zip.
func openPack(path string) (fs.FS, []Problem, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, []Problem{{File: path, Message: fmt.Sprintf("cannot open: %v", unwrapPath(err))}}, err
	}
	if info.IsDir() {
		abs, err := filepath.Abs(path) // Image must work after a change of working folder
		if err != nil {
			return nil, []Problem{{File: path, Message: fmt.Sprintf("cannot open: %v", err)}}, err
		}
		return dirFS(abs), nil, nil
	}
	if !strings.EqualFold(filepath.Ext(path), ".zip") {
		err := fmt.Errorf("%s is neither a folder nor a .zip file", path)
		return nil, []Problem{{File: path, Message: "is neither a folder nor a .zip file"}}, err
	}
	return openZip(path)
}

// unwrapPath drops the path an *fs.PathError repeats, for a shorter message.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// dirFS reads a pack folder through os.Root, so that a symbolic link cannot
// lead outside it. It holds no open descriptor between calls, so a Pack can
// be kept for as long as the program runs.
type dirFS string

func (d dirFS) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close() // files opened through the root stay open
	return root.FS().Open(name)
}

var manifestKeys = []string{"id", "title", "language", "version", "checked_on", "confirm_with",
	"description", "authors", "license", "source"}

func parseManifest(src string, p *Pack, probs *problemList) {
	doc, lines, ok := decodeTOML(manifestFile, src, probs)
	if !ok {
		return
	}
	f := tomlFields{file: manifestFile, table: doc, lines: lines.top, probs: probs}
	f.rejectUnknown(manifestKeys...)

	p.ID = f.str("id", true)
	if p.ID != "" && !idPattern().MatchString(p.ID) {
		f.errorf("id", "id %q must be 2 to 64 lowercase letters, digits or hyphens", p.ID)
	} else if windowsReserved(p.ID) {
		f.errorf("id", "id %q is a reserved file name on Windows", p.ID)
	}
	p.Title = strings.TrimSpace(f.str("title", true))
	p.Language = f.str("language", true)
	if p.Language != "" {
		if tag, err := language.Parse(p.Language); err != nil {
			f.errorf("language", "language %q is not a BCP-47 tag like \"id\" or \"en\"", p.Language)
		} else {
			p.Language = tag.String()
		}
	}
	p.Version = f.str("version", true)
	if p.Version != "" && !versionPattern().MatchString(p.Version) {
		f.errorf("version", "version %q must start with a letter or digit and hold only letters, digits, dots and hyphens", p.Version)
	}
	p.CheckedOn = checkedOn(f)
	p.ConfirmWith = strings.TrimSpace(f.str("confirm_with", false))
	p.Description = strings.TrimSpace(f.str("description", false))
	p.License = strings.TrimSpace(f.str("license", false))
	p.Authors = f.strs("authors")
	p.Sources = parseSources(f, lines)
}

// checkedOn reads checked_on, which must be a TOML local date (no quotes, no time).
func checkedOn(f tomlFields) time.Time {
	v, ok := f.table["checked_on"]
	if !ok {
		f.errorf("checked_on", "missing checked_on date")
		return time.Time{}
	}
	t, ok := v.(time.Time)
	// BurntSushi/toml marks a local date with this zone name.
	if !ok || t.Location().String() != "date-local" {
		f.errorf("checked_on", "checked_on must be a date like 2025-06-30, without quotes or time")
		return time.Time{}
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func parseSources(f tomlFields, lines tomlLines) []Source {
	_, present := f.table["source"]
	tables := f.tables("source")
	if !present || (tables != nil && len(tables) == 0) {
		f.errorf("source", "missing sources (add [[source]] tables with title and url)")
		return nil
	}
	var sources []Source
	for i, t := range tables {
		sf := tomlFields{file: f.file, what: fmt.Sprintf("source %d: ", i+1), table: t,
			lines: lines.table("source", i), probs: f.probs}
		sf.rejectUnknown("title", "publisher", "date", "url")
		s := Source{
			Title:     strings.TrimSpace(sf.str("title", true)),
			Publisher: strings.TrimSpace(sf.str("publisher", false)),
			Date:      sourceDate(sf),
			URL:       strings.TrimSpace(sf.str("url", true)),
		}
		if s.URL != "" && !isWebURL(s.URL) {
			sf.errorf("url", "url %q is not an http or https address", s.URL)
		}
		if _, ok := t["publisher"]; !ok {
			sf.warnf("publisher", "no publisher (who published it: a newspaper, a ministry, a website)")
		}
		if _, ok := t["date"]; !ok {
			sf.warnf("date", "no date (when it was published, like 2025-06-30, \"2025-06\" or \"2025\"; \"n.d.\" if the page gives none)")
		}
		if s.URL != "" {
			for j, earlier := range sources {
				if citationKey(earlier.URL) == citationKey(s.URL) {
					sf.warnf("url", "same url as source %d", j+1)
					break
				}
			}
		}
		sources = append(sources, s)
	}
	return sources
}

var partialDate = lazyRegexp(`^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`)

// noDate is what a source's date says when the page gives none (the
// citation style's "no date"): stated, so that it is not merely forgotten.
const noDate = "n.d."

// sourceDate reads a source's date: a TOML date (2025-06-30, no quotes), a
// string holding a date, a year and month, or a year ("2025-06", "2025"),
// or "n.d." for a page that gives no date.
func sourceDate(f tomlFields) string {
	switch v := f.table["date"].(type) {
	case nil:
		return ""
	case time.Time:
		if v.Location().String() != "date-local" {
			f.errorf("date", "date must be a day like 2025-06-30, without a time")
			return ""
		}
		return v.Format("2006-01-02")
	case string:
		if v != noDate && !partialDate().MatchString(v) {
			f.errorf("date", "date %q must look like 2025-06-30, \"2025-06\", \"2025\" or \"n.d.\" (no date given)", v)
			return ""
		}
		return v
	}
	f.errorf("date", "date must look like 2025-06-30, \"2025-06\", \"2025\" or \"n.d.\" (no date given)")
	return ""
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// windowsReserved reports names Windows cannot use for a folder.
func windowsReserved(name string) bool {
	switch name {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(name) == 4 && (strings.HasPrefix(name, "com") || strings.HasPrefix(name, "lpt")) &&
		name[3] >= '1' && name[3] <= '9'
}

// Image returns the bytes of an image a slide shows, by the Path of its
// block. It works for every kind of pack (embedded, folder, zip) and checks
// again that the file is a PNG or JPEG within the size limit.
func (p *Pack) Image(path string) ([]byte, error) {
	if !p.images[path] {
		return nil, fmt.Errorf("image %s is not shown by pack %s", path, p.ID)
	}
	data, err := readLimited(p.fsys, path, MaxImageSize)
	if err != nil {
		return nil, fmt.Errorf("read image %s of pack %s: %w", path, p.ID, err)
	}
	if info := sniffImage(path, data); info.problem != "" {
		return nil, fmt.Errorf("image %s of pack %s %s", path, p.ID, info.problem)
	}
	return data, nil
}
