package content

import (
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// Readability limits for one slide, as seen from the back of a village hall.
const (
	maxBullets    = 8
	maxSlideWords = 60
	// maxPictureTitle is about as many characters as a title fits on one
	// line of a 4:3 projector (1024×768). A picture gets the height its
	// title leaves, and a second title line makes its labels a sixth smaller.
	maxPictureTitle = 20
)

const hallReason = "hard to read from the back of a hall"

func checkSlides(slides []Slide, probs *problemList) {
	if len(slides) == 0 {
		probs.errorf(slidesFile, 0, "no slides")
	}
	for _, s := range slides {
		if s.Title == "" && len(s.Blocks) == 0 {
			probs.errorf(slidesFile, s.Line, "slide %d is empty", s.Number)
			continue
		}
		if s.Title == "" {
			probs.warnf(slidesFile, s.Line, "slide %d has no title (start it with a # heading)", s.Number)
		}
		if n := countItems(s); n > maxBullets {
			probs.warnf(slidesFile, s.Line, "slide %d has %d bullets (more than %d is %s)", s.Number, n, maxBullets, hallReason)
		}
		if n := countWords(s); n > maxSlideWords {
			probs.warnf(slidesFile, s.Line, "slide %d has %d words (more than %d is %s; move detail to the notes)", s.Number, n, maxSlideWords, hallReason)
		}
		if s.Notes == "" {
			probs.warnf(slidesFile, s.Line, "slide %d has no speaker notes", s.Number)
		}
		if n := utf8.RuneCountInString(plainText(s.Title)); n > maxPictureTitle && hasImage(s) {
			probs.warnf(slidesFile, s.Line, "slide %d shows a picture under a title of %d characters, which may take two lines on a 4:3 projector and shrink the picture (keep it to %d)",
				s.Number, n, maxPictureTitle)
		}
	}
}

func hasImage(s Slide) bool {
	return slices.ContainsFunc(s.Blocks, func(b Block) bool { return b.Kind == Image })
}

func countItems(s Slide) int {
	n := 0
	for _, b := range s.Blocks {
		if b.Kind == Bullet || b.Kind == Numbered {
			n++
		}
	}
	return n
}

// countWords counts the words the audience sees: title and body, not notes.
func countWords(s Slide) int {
	n := len(strings.Fields(plainText(s.Title)))
	for _, b := range s.Blocks {
		if b.Kind != Image {
			n += len(strings.Fields(plainText(b.Text)))
		}
	}
	return n
}

// checkImages checks every image the slides show, rewrites each image
// block's Path to its clean form, and warns about images no slide uses. It
// returns the set of paths the slides use.
func checkImages(slides []Slide, files *packFiles, probs *problemList) map[string]bool {
	used := map[string]bool{}
	for _, s := range slides {
		for i := range s.Blocks {
			b := &s.Blocks[i]
			if b.Kind != Image {
				continue
			}
			clean, problem := cleanImagePath(b.Path)
			if problem == "" {
				problem = imageProblem(clean, files)
			}
			if problem != "" {
				probs.errorf(slidesFile, b.Line, "image %s %s", b.Path, problem)
				continue
			}
			b.Path = clean
			used[clean] = true
		}
	}
	for _, name := range files.names {
		if strings.HasPrefix(name, imageDir+"/") && !used[name] {
			probs.warnf(name, 0, "not used by any slide")
		}
	}
	return used
}

// cleanImagePath turns a path written in a slide into a path inside the pack,
// or says why it cannot be one.
func cleanImagePath(p string) (string, string) {
	switch {
	case p == "":
		return "", "has no path"
	case strings.Contains(p, "://") || strings.HasPrefix(p, "data:"):
		return "", "is not a file in the pack (the app works offline)"
	case strings.Contains(p, `\`):
		return "", `uses \ in its path; use /`
	case path.IsAbs(p) || (len(p) >= 2 && p[1] == ':'):
		return "", "is outside the pack (use a path like img/name.png)"
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", "is outside the pack (use a path like img/name.png)"
	}
	return clean, ""
}

func imageProblem(name string, files *packFiles) string {
	if strings.EqualFold(path.Ext(name), ".svg") {
		return "is not a PNG or JPEG (labels in SVG do not render)"
	}
	if !slices.Contains(files.names, name) {
		return "is not in the pack"
	}
	info, read := files.sniffed[name]
	switch {
	case !read: // too large or unreadable, reported with the file
		return ""
	case info.problem != "" && info.isSVG:
		return "is not a PNG or JPEG (labels in SVG do not render)"
	case info.problem != "":
		return info.problem
	}
	return ""
}

// checkLayout warns about files and folders at the pack's root that a pack
// does not use. Sources, a README and licence files are welcome.
func checkLayout(names []string, probs *problemList) {
	warned := map[string]bool{}
	for _, name := range names {
		top, _, inFolder := strings.Cut(name, "/")
		switch {
		case inFolder && (top == imageDir || top == sourceDir):
		case !inFolder && (top == manifestFile || top == slidesFile || top == quizFile):
		case !inFolder && (strings.EqualFold(top, "README.md") || strings.HasPrefix(strings.ToUpper(top), "LICENSE")):
		case inFolder && !warned[top]:
			warned[top] = true
			probs.warnf(top+"/", 0, "unexpected folder in the pack (a pack holds pack.toml, slides.md, quiz.toml, img/ and src/)")
		case !inFolder:
			probs.warnf(name, 0, "unexpected file in the pack (a pack holds pack.toml, slides.md, quiz.toml, img/ and src/)")
		}
	}
}
