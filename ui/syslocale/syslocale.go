// Package syslocale repairs locale variables that Fyne cannot parse, before
// Fyne reads them.
//
// Fyne's lang package reads LC_ALL, LC_MESSAGES, LANG and LANGUAGE in its
// init and logs "Error parsing user locale" for values such as C.UTF-8 (the
// default in many containers and minimal installs), which would put a stray
// line on stderr of every headless command. Go initialises packages in
// import-path order among those whose imports are ready; this package imports
// only os and strings and its path sorts before golang.org/x/text, which
// Fyne's lang needs, so its init runs first. main imports it.
package syslocale

import (
	"os"
	"strings"
)

func init() { Repair() }

// Repair replaces unparseable locale values with "C" (LANGUAGE is dropped),
// which Fyne reads as "no preference".
func Repair() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" && !parseable(v) {
			os.Setenv(name, "C")
		}
	}
	if v := os.Getenv("LANGUAGE"); v != "" {
		for _, part := range strings.Split(v, ":") {
			if !parseable(part) {
				os.Unsetenv("LANGUAGE")
				break
			}
		}
	}
}

// parseable reports whether a locale like id_ID.UTF-8 or en has a language
// part of two or three letters. "C" and "POSIX" themselves are fine: Fyne
// skips them.
func parseable(v string) bool {
	if v == "C" || v == "POSIX" {
		return true
	}
	lang, _, _ := strings.Cut(v, ".")
	lang, _, _ = strings.Cut(lang, "@")
	lang, _, _ = strings.Cut(lang, "_")
	lang, _, _ = strings.Cut(lang, "-")
	if len(lang) < 2 || len(lang) > 3 {
		return false
	}
	for _, r := range lang {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
