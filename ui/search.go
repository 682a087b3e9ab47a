package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// searchTexts are what the search looks in for each session, lower case:
// its title and place, and its date as stored (2026-02-28), as the list
// shows it (Sab, 28 Feb 2026), as officers type it (28-02-2026, and its
// month 02-2026) and as the report prints it (Sabtu, 28 Februari 2026). Made once per list: made at
// every keystroke they were most of its time on a province's year. names
// come from the UI goroutine (this runs on the worker).
func searchTexts(list []store.SessionSummary, names dateNames) []string {
	hay := make([]string, len(list))
	dates := map[string]string{} // a year has a few hundred days, not 10,000
	var b strings.Builder
	for i, row := range list {
		date, ok := dates[row.Date]
		if !ok {
			date = row.Date
			if shown := names.short(row.Date); shown != row.Date {
				typed := dateForEntry(row.Date)
				date += " " + shown + " " + typed + " " + typed[3:] + " " + report.LongDate(row.Date)
			}
			date = strings.ToLower(date)
			dates[row.Date] = date
		}
		b.Reset()
		for _, s := range []string{row.Title, row.Village, row.District, row.Regency} {
			b.WriteString(s)
			b.WriteByte(' ')
		}
		hay[i] = strings.ToLower(b.String()) + date
	}
	return hay
}

// searchWord is one word typed into the search, lower case: found anywhere
// in a session's text, or, for a date or part of one (26/03, 8-2,
// 2026.3), only where a word starts, in the forms the text holds: "26-03"
// is 26 March, not every day of March 2026 (2026-03-01).
type searchWord struct {
	anywhere string
	starts   []string
}

// searchWords splits the search into words: a session is shown when its
// text holds every one of them, in any order. Words of punctuation alone
// say nothing and are left out, as are repeats.
func searchWords(typed string) []searchWord {
	var words []searchWord
	seen := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(store.CleanLine(typed))) {
		if seen[w] || !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		seen[w] = true
		if strings.Trim(w, "0123456789/.-") == "" && strings.ContainsAny(w, "/.-") {
			words = append(words, searchWord{starts: dateForms(w)})
		} else {
			words = append(words, searchWord{anywhere: w})
		}
	}
	return words
}

// dateForms are the forms a typed date or part of one may take in the
// search texts: as typed (a title's "1.2"), and with - between its parts
// and each one-digit day or month written with two (8/2 → 08-02).
func dateForms(w string) []string {
	parts := strings.FieldsFunc(w, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if strings.ContainsAny(w[len(w)-1:], "/.-") {
		parts = append(parts, "") // 26/ while typing 26/03
	}
	for i, p := range parts {
		if len(p) == 1 {
			parts[i] = "0" + p
		}
	}
	return []string{w, strings.Join(parts, "-")}
}

func holdsAll(hay string, words []searchWord) bool {
	for _, w := range words {
		if !holds(hay, w) {
			return false
		}
	}
	return true
}

func holds(hay string, w searchWord) bool {
	if w.anywhere != "" {
		return strings.Contains(hay, w.anywhere)
	}
	for _, form := range w.starts {
		if startsAWord(hay, form) {
			return true
		}
	}
	return false
}

// startsAWord reports whether hay holds w where a word starts: at its
// beginning, or after a character that is neither a letter nor a digit,
// except a date's - / . after a digit (08-2 does not start inside
// 15-08-2026, but 1.2 does in "No.1.2").
func startsAWord(hay, w string) bool {
	for from := 0; ; {
		i := strings.Index(hay[from:], w)
		if i < 0 {
			return false
		}
		i += from
		if startsAt(hay, i) {
			return true
		}
		from = i + 1
	}
}

func startsAt(hay string, i int) bool {
	before, n := utf8.DecodeLastRuneInString(hay[:i])
	switch {
	case n == 0:
		return true
	case before == '-' || before == '/' || before == '.':
		digit, _ := utf8.DecodeLastRuneInString(hay[:i-n])
		return !unicode.IsDigit(digit)
	default:
		return !unicode.IsLetter(before) && !unicode.IsDigit(before)
	}
}
