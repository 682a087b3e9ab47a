package content

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// A Problem is one thing wrong with a pack, found while loading it.
// Errors stop the pack from loading; warnings do not.
type Problem struct {
	File    string // path inside the pack, e.g. "slides.md"; the pack itself when empty
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Message string
	Warning bool
}

// String formats the problem the way the command line prints it:
// "file:line: message", "file:line: warning: message", or without the line
// when it is 0.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// HasErrors reports whether any of the problems is an error rather than a warning.
func HasErrors(problems []Problem) bool {
	return slices.ContainsFunc(problems, func(p Problem) bool { return !p.Warning })
}

// A PackError says why a pack was refused: it lists the pack's problems.
type PackError struct {
	Path     string    // the folder or zip that was loaded
	Problems []Problem // every problem found, warnings included
}

// Error lists the errors (not the warnings), one per line after a summary.
func (e *PackError) Error() string {
	var errs []string
	for _, p := range e.Problems {
		if !p.Warning {
			errs = append(errs, p.String())
		}
	}
	if len(errs) == 0 {
		return fmt.Sprintf("pack %s cannot be used", e.Path)
	}
	noun := "errors"
	if len(errs) == 1 {
		noun = "error"
	}
	return fmt.Sprintf("pack %s has %d %s:\n%s", e.Path, len(errs), noun, strings.Join(errs, "\n"))
}

// PackErrors is returned by Installed, next to the packs that did load, for
// the installed folders it had to skip.
type PackErrors []*PackError

func (e PackErrors) Error() string {
	msgs := make([]string, len(e))
	for i, pe := range e {
		msgs[i] = pe.Error()
	}
	return strings.Join(msgs, "\n")
}

// maxProblemsPerFile bounds the problems kept for one file: a damaged
// 1 MiB file could otherwise yield half a million of them.
const maxProblemsPerFile = 200

// problemList collects the problems of one load.
type problemList struct {
	list    []Problem
	perFile map[string]int
	dropped map[string]Problem // per file: a count of the problems left out, and whether any was an error
}

func (l *problemList) errorf(file string, line int, format string, args ...any) {
	l.add(Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (l *problemList) warnf(file string, line int, format string, args ...any) {
	l.add(Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...), Warning: true})
}

func (l *problemList) add(p Problem) {
	if l.perFile == nil {
		l.perFile, l.dropped = map[string]int{}, map[string]Problem{}
	}
	if l.perFile[p.File] < maxProblemsPerFile {
		l.perFile[p.File]++
		l.list = append(l.list, p)
		return
	}
	d := l.dropped[p.File]
	d.Line++ // counts the dropped problems until sorted() writes the message
	d.Warning = (d.Line == 1 || d.Warning) && p.Warning
	l.dropped[p.File] = d
}

func (l *problemList) has(file string) bool { return l.perFile[file] > 0 }

func (l *problemList) hasErrors() bool {
	return HasErrors(l.list) || slices.ContainsFunc(slices.Collect(maps.Values(l.dropped)), func(p Problem) bool { return !p.Warning })
}

// sorted returns the problems ordered by file (the pack itself first, then
// the manifest, slides and quiz, then other files by name) and line, each
// file's list ending with how many problems were left out, if any.
func (l *problemList) sorted() []Problem {
	out := slices.Clone(l.list)
	for file, d := range l.dropped {
		out = append(out, Problem{File: file, Line: math.MaxInt, Warning: d.Warning,
			Message: fmt.Sprintf("%d more problems not listed", d.Line)})
	}
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(fileRank(a.File), fileRank(b.File)),
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
		)
	})
	for i := range out {
		if out[i].Line == math.MaxInt {
			out[i].Line = 0
		}
	}
	return out
}

func fileRank(name string) int {
	switch name {
	case "":
		return 0
	case manifestFile:
		return 1
	case slidesFile:
		return 2
	case quizFile:
		return 3
	}
	return 4
}
