package report

import "slices"

// Unprintable returns the characters of s that the report PDFs leave out
// because no bundled font can draw them (emoji, most symbols, U+FFFD,
// private-use characters), in the order they first appear and without
// repeats; nil when everything prints. Invisible characters that only
// modify their neighbours (variation selectors, joiners, controls) are not
// listed: they have nothing to print. The attendance form uses it to warn
// ("Emoji tidak ikut tercetak") before a name is saved.
func Unprintable(s string) []rune {
	var out []rune
	for _, r := range s {
		if printClass(r) == printLeave && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
