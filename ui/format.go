package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/penyuluh/penyuluh/store"
)

var (
	weekdaysShort = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthsShort   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// shortDate shows 2026-02-12 as "Thu, 12 Feb 2026" in the UI language.
func shortDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return shortDateWith(t, lang.L(weekdaysShort[t.Weekday()]+".day"), lang.L(monthsShort[t.Month()-1]+".month"))
}

func shortDateWith(t time.Time, day, month string) string {
	return fmt.Sprintf("%s, %d %s %d", day, t.Day(), month, t.Year())
}

// dateNames are the UI language's short day and month names, for dates
// written off the UI goroutine: lang.L is not safe there, since changing
// the language replaces its translator.
type dateNames struct {
	days   [7]string
	months [12]string
}

func uiDateNames() (n dateNames) {
	for i, d := range weekdaysShort {
		n.days[i] = lang.L(d + ".day")
	}
	for i, m := range monthsShort {
		n.months[i] = lang.L(m + ".month")
	}
	return n
}

// short is shortDate with these names.
func (n dateNames) short(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return shortDateWith(t, n.days[t.Weekday()], n.months[t.Month()-1])
}

// oneDecimal shows a score or a gain with one decimal in the UI language's
// way: 62,5 in Indonesian, 62.5 in English. signed adds + to a rise.
func oneDecimal(x float64, signed bool) string {
	f := "%.1f"
	if signed {
		f = "%+.1f"
	}
	return strings.Replace(fmt.Sprintf(f, x), ".", lang.L("decimal.separator"), 1)
}

// dateForEntry shows an ISO date the way officers write it: 12-02-2026.
func dateForEntry(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("02-01-2006")
}

// dateFromEntry accepts 12-02-2026, 12/02/2026, 12.02.2026 and 2026-02-12
// and returns the ISO date. Anything else is returned as typed, so the
// store reports it as not a date.
func dateFromEntry(typed string) string {
	typed = strings.TrimSpace(typed)
	for _, layout := range []string{"2006-01-02", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, typed); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return typed
}

// statusLabel names a session status in the UI language.
func statusLabel(s store.Status) string {
	switch s {
	case store.StatusHeld:
		return lang.L("Held")
	case store.StatusFinalized:
		return lang.L("Finalized")
	default:
		return lang.L("Draft")
	}
}

// fieldMessage says what is wrong with a field in the UI language.
func fieldMessage(fe store.FieldError) string {
	data := map[string]any{"Max": fe.Limit}
	switch fe.Code {
	case store.CodeRequired:
		return lang.L("Required: please fill this in.")
	case store.CodeTooLong:
		return lang.L("Too long: at most {{.Max}} characters.", data)
	case store.CodeControlChars:
		return lang.L("Contains invisible control characters; type it again.")
	case store.CodeInvalidUTF8:
		return lang.L("Contains unreadable characters; type it again.")
	case store.CodeInvalidDate:
		return lang.L("Not a real date. Write it as DD-MM-YYYY, e.g. 12-02-2026.")
	case store.CodeInvalidTime:
		return lang.L("Not a time. Write it as HH:MM, e.g. 09:30.")
	case store.CodeOutOfRange:
		return lang.L("Too many: at most {{.Max}}.", data)
	}
	return lang.L("Not valid.")
}
