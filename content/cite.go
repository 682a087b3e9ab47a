package content

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// A citation is a web address a speaker note gives as its source.
type citation struct {
	slide   int    // the slide's number
	line    int    // line in slides.md
	address string // as written, e.g. "regional.kompas.com/read/2023/06/15/233026778"
}

// citationLabels start a note's list of sources: "Sumber: a ; b". The list
// runs on over the following lines until a blank line.
var citationLabels = []string{"sumber:", "sumber :", "source:", "sources:"}

// addressPattern finds web addresses, with or without a scheme:
// host.tld followed by an optional path. Brackets, quotes, commas and
// semicolons end an address, so that "a.id/x (Kompas, 2023); b.id" gives two.
var addressPattern = lazyRegexp(`(?i)(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?:/[^\s;,()<>"'\[\]]*)?`)

// noteCitations returns the addresses cited in a comment's source lists.
// first is the line the comment starts on (its text's first line is there).
func noteCitations(text string, first, slide int) []citation {
	var cites []citation
	inList := false
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			inList = false
			continue
		}
		if rest, ok := cutLabel(t); ok {
			inList, t = true, rest
		}
		if !inList {
			continue
		}
		for _, addr := range findAddresses(t) {
			cites = append(cites, citation{slide: slide, line: first + i, address: addr})
		}
	}
	return cites
}

func cutLabel(t string) (string, bool) {
	lower := strings.ToLower(t)
	for _, l := range citationLabels {
		if strings.HasPrefix(lower, l) {
			return t[len(l):], true
		}
	}
	return t, false
}

// fileExtensions end names that look like web hosts but are files a note
// may mention ("quiz.toml", "laporan.pdf"); with a scheme or a path they are
// addresses again.
var fileExtensions = map[string]bool{
	"md": true, "toml": true, "txt": true, "png": true, "jpg": true, "jpeg": true, "gif": true,
	"svg": true, "pdf": true, "zip": true, "csv": true, "json": true, "xls": true, "xlsx": true,
	"doc": true, "docx": true, "ppt": true, "pptx": true, "sh": true, "go": true, "htm": true, "html": true,
}

// findAddresses returns the web addresses in text. A match that continues
// a longer word ("KUHP_Baru.txt", "nama@contoh.id") is not one, nor is a
// bare file name ("quiz.toml").
func findAddresses(text string) []string {
	var out []string
	for _, m := range addressPattern().FindAllStringIndex(text, -1) {
		if m[0] > 0 && (strings.ContainsRune("_.@/-:", rune(text[m[0]-1])) || isWordByte(text[m[0]-1])) {
			continue
		}
		addr := strings.TrimRight(text[m[0]:m[1]], ".:!?")
		if !strings.Contains(addr, "/") && fileExtensions[strings.ToLower(addr[strings.LastIndexByte(addr, '.')+1:])] {
			continue
		}
		out = append(out, addr)
	}
	return out
}

func isWordByte(b byte) bool {
	return b >= 0x80 || b == '_' || ('0' <= b && b <= '9') || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')
}

// citationKey is what two addresses must share to name the same page: the
// host without "www." in lower case and the path without a trailing slash;
// the scheme and any #fragment do not count.
func citationKey(addr string) string {
	a := strings.TrimSpace(addr)
	lower := strings.ToLower(a)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(lower, scheme) {
			a = a[len(scheme):]
			break
		}
	}
	a, _, _ = strings.Cut(a, "#")
	host, rest := a, ""
	if i := strings.IndexAny(a, "/?"); i >= 0 {
		host, rest = a[:i], a[i:]
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if unescaped, err := url.PathUnescape(rest); err == nil {
		rest = unescaped
	}
	return host + strings.TrimRight(rest, "/")
}

// checkCitations reports every address a note cites that is not the url
// of one of the pack's sources, so that each fact on a slide can be traced
// to an entry of pack.toml with its title, publisher and date.
func checkCitations(cites []citation, sources []Source, probs *problemList) {
	known := map[string]bool{}
	for _, s := range sources {
		if s.URL != "" {
			known[citationKey(s.URL)] = true
		}
	}
	for _, c := range cites {
		if !known[citationKey(c.address)] {
			probs.errorf(slidesFile, c.line, "slide %d cites %s, which is not the url of any [[source]] in %s (add it there with its title, publisher and date, or cite the url as written there)",
				c.slide, c.address, manifestFile)
		}
	}
}

// lazyRegexp compiles a pattern the first time it is used, not when the
// program starts: every command (penyuluh version too) would pay for it.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
