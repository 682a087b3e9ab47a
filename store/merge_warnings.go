package store

import (
	"fmt"
	"time"
)

// MergeWarning says that a bundle's dates look wrong. Laptop clocks are not
// trusted (versions decide), so this only warns; Code says which check.
type MergeWarning struct {
	Code    string `json:"code"`
	Table   string `json:"table"`
	Count   int    `json:"count"`
	Example string `json:"example"`
}

// Codes of MergeWarning.
const (
	WarnFutureTime     = "future_time"    // a timestamp after the importing laptop's today
	WarnAncientTime    = "ancient_time"   // a timestamp before 2020
	WarnUpdatedBefore  = "updated_before" // updated before it was created
	WarnSessionDateOdd = "session_date"   // the session's date far from when it was entered
	earliestPlausible  = "2020-01-01T00:00:00Z"
	clockSlack         = 48 * time.Hour
	sessionDateSlack   = 366 * 24 * time.Hour
)

func (w MergeWarning) String() string {
	switch w.Code {
	case WarnFutureTime:
		return fmt.Sprintf("%s: %d timestamps in the future (e.g. %s): the laptop's clock may be wrong", w.Table, w.Count, w.Example)
	case WarnAncientTime:
		return fmt.Sprintf("%s: %d timestamps before 2020 (e.g. %s): the laptop's clock may be wrong", w.Table, w.Count, w.Example)
	case WarnUpdatedBefore:
		return fmt.Sprintf("%s: %d rows changed before they were created (e.g. %s): the laptop's clock was changed", w.Table, w.Count, w.Example)
	case WarnSessionDateOdd:
		return fmt.Sprintf("session date %s is more than a year away from when it was entered", w.Example)
	}
	return w.Code
}

// dateWarnings looks for implausible timestamps, counted per table and kind.
func (exp *SessionExport) dateWarnings(tables []incomingTable, now time.Time) []MergeWarning {
	var out []MergeWarning
	future := now.Add(clockSlack)
	ancient, _ := time.Parse(time.RFC3339, earliestPlausible)
	for _, in := range tables {
		t := in.t
		counts := map[string]*MergeWarning{}
		note := func(code, example string) {
			w := counts[code]
			if w == nil {
				w = &MergeWarning{Code: code, Table: t.name, Example: example}
				counts[code] = w
			}
			w.Count++
		}
		for _, vals := range in.vals {
			created := mustTime(vals[t.index["created_at"]].(string))
			updated := mustTime(vals[t.index["updated_at"]].(string))
			for _, ts := range []time.Time{created, updated} {
				switch {
				case ts.After(future):
					note(WarnFutureTime, formatTime(ts))
				case ts.Before(ancient):
					note(WarnAncientTime, formatTime(ts))
				}
			}
			if updated.Before(created) {
				note(WarnUpdatedBefore, formatTime(updated))
			}
		}
		for _, code := range []string{WarnFutureTime, WarnAncientTime, WarnUpdatedBefore} {
			if w := counts[code]; w != nil {
				out = append(out, *w)
			}
		}
	}
	if d, err := time.Parse("2006-01-02", exp.Session.Date); err == nil {
		created := mustTime(exp.Session.CreatedAt)
		if diff := d.Sub(created); diff > sessionDateSlack || diff < -sessionDateSlack {
			out = append(out, MergeWarning{Code: WarnSessionDateOdd, Table: "sessions", Count: 1, Example: exp.Session.Date})
		}
	}
	return out
}
