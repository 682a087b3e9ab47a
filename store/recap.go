package store

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	gosync "sync"
)

// RecapFilter picks the sessions a coordinator's recap sums: held and
// finalized sessions (not drafts, not deleted) in a period and a region.
type RecapFilter struct {
	From     string `json:"from"`     // YYYY-MM-DD, inclusive; "" leaves it open
	To       string `json:"to"`       // YYYY-MM-DD, inclusive; "" leaves it open
	Regency  string `json:"regency"`  // "" for every regency; case does not matter
	District string `json:"district"` // "" for every district
}

// Field names used in FieldError for a recap filter.
const (
	FieldFrom = "from"
	FieldTo   = "to"
)

// Clean checks the dates and trims the names.
func (f *RecapFilter) Clean() error {
	var c checker
	if f.From = strings.TrimSpace(f.From); f.From != "" {
		f.From = c.date(FieldFrom, f.From)
	}
	if f.To = strings.TrimSpace(f.To); f.To != "" {
		f.To = c.date(FieldTo, f.To)
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		c.add(FieldTo, CodeOutOfRange, 0)
	}
	f.Regency = c.line(FieldRegency, f.Regency, false, MaxPlace)
	f.District = c.line(FieldDistrict, f.District, false, MaxPlace)
	return c.err()
}

// RecapTotals sum a group of sessions. The quiz means are in percent,
// weighted by the people (or, for a show of hands, the hands) counted in
// each session; Gain is the post-test mean minus the pre-test mean over the
// sessions that have both, in percentage points.
type RecapTotals struct {
	Sessions        int              `json:"sessions"`
	Participants    int              `json:"participants"`
	Male            int              `json:"male"`
	Female          int              `json:"female"`
	Children        int              `json:"children"`
	ByCategory      map[Category]int `json:"by_category"`
	ByAgeBand       map[string]int   `json:"by_age_band"` // "" counts unknown ages
	PreN            int              `json:"pre_n"`
	PreMean         *float64         `json:"pre_mean"`
	PostN           int              `json:"post_n"`
	PostMean        *float64         `json:"post_mean"`
	Gain            *float64         `json:"gain"`
	OpenFollowUps   int              `json:"open_follow_ups"`
	UrgentFollowUps int              `json:"urgent_follow_ups"`

	pre, post, bothPre, bothPost weighted
}

// weighted accumulates a weighted mean.
type weighted struct{ sum, n float64 }

func (w *weighted) add(mean float64, n int) { w.sum += mean * float64(n); w.n += float64(n) }

func (w weighted) mean() *float64 {
	if w.n == 0 {
		return nil
	}
	return ptr(round1(w.sum / w.n))
}

func newRecapTotals() RecapTotals {
	return RecapTotals{ByCategory: map[Category]int{}, ByAgeBand: map[string]int{}}
}

func (t *RecapTotals) add(s RecapSession) {
	t.Sessions++
	t.Participants += s.Totals.Total
	t.Male += s.Totals.Male
	t.Female += s.Totals.Female
	t.Children += s.Totals.Children
	for k, n := range s.Totals.ByCategory {
		t.ByCategory[k] += n
	}
	for k, n := range s.Totals.ByAgeBand {
		t.ByAgeBand[k] += n
	}
	t.OpenFollowUps += s.OpenFollowUps
	t.UrgentFollowUps += s.UrgentFollowUps
	pre, post := s.Results.Pre, s.Results.Post
	if pre != nil && pre.N > 0 {
		t.pre.add(pre.Mean, pre.N)
		t.PreN += pre.N
	}
	if post != nil && post.N > 0 {
		t.post.add(post.Mean, post.N)
		t.PostN += post.N
	}
	if pre != nil && post != nil && pre.N > 0 && post.N > 0 {
		t.bothPre.add(pre.Mean, pre.N)
		t.bothPost.add(post.Mean, post.N)
	}
	t.PreMean, t.PostMean = t.pre.mean(), t.post.mean()
	if a, b := t.bothPre.mean(), t.bothPost.mean(); a != nil && b != nil {
		t.Gain = ptr(round1(*b - *a))
	}
}

// RecapSession is one session of a recap with its computed numbers.
// Questions leaves out confidential ones; the follow-up counts include them.
// Questions and Participants are read only when RecapOptions ask for them
// (nil otherwise, empty when there are none).
type RecapSession struct {
	Session         Session
	Origin          Origin
	Totals          AttendanceTotals
	Results         RecapResults
	Participants    []Participant
	Questions       []Question
	OpenFollowUps   int
	UrgentFollowUps int
}

// RecapResults are a session's quiz numbers as a recap shows them: the
// mean and count of each test and the gain, the same numbers as
// ComputeResults gives (a recap has no per-question results).
type RecapResults struct {
	Pre  *RecapPhase `json:"pre"`
	Post *RecapPhase `json:"post"`
	Gain *float64    `json:"gain"` // post mean − pre mean, percentage points
}

// RecapPhase is a pre- or post-test in a recap: where its numbers come
// from (SourceIndividual or SourceHands), how many took it and the mean
// score in percent.
type RecapPhase struct {
	Source string  `json:"source"`
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
}

// recapResults keeps what a recap shows of a session's full results.
func recapResults(r Results) RecapResults {
	phase := func(p *PhaseResult) *RecapPhase {
		if p == nil {
			return nil
		}
		return &RecapPhase{Source: p.Source, N: p.N, Mean: p.Mean}
	}
	return RecapResults{Pre: phase(r.Pre), Post: phase(r.Post), Gain: r.Gain}
}

// RecapArea is a regency with its districts, or a district.
type RecapArea struct {
	Name      string      `json:"name"`
	Totals    RecapTotals `json:"totals"`
	Districts []RecapArea `json:"districts,omitempty"`
}

// Recap is the coordinator's summary of a period and region.
type Recap struct {
	Filter    RecapFilter    `json:"filter"`
	Totals    RecapTotals    `json:"totals"`
	Regencies []RecapArea    `json:"regencies"` // by name, each with its districts by name
	Sessions  []RecapSession `json:"-"`         // by date
}

// RecapOptions change what a recap reads besides its numbers.
type RecapOptions struct {
	// Questions fills each session's questions (never confidential ones),
	// for a workbook with one row per question. The follow-up counts are
	// there either way.
	Questions bool
	// Participants fills each session's attendance list, for a workbook
	// with one row per person. A province's year is 600,000 people.
	Participants bool
}

// Recap sums the sessions the filter picks: totals, per regency and
// district, and each session with its attendance totals, quiz results and
// questions. The numbers are those of the session report (Totals,
// ComputeResults), read for all sessions at once (recap_load.go).
func (st *Store) Recap(ctx context.Context, f RecapFilter, opts RecapOptions) (Recap, error) {
	if err := f.Clean(); err != nil {
		return Recap{}, err
	}
	r := Recap{Filter: f, Totals: newRecapTotals(), Regencies: []RecapArea{}}
	sessions, err := st.recapLoad(ctx, f, opts)
	if err != nil {
		return r, fmt.Errorf("recap: %w", err)
	}
	r.Sessions = sessions
	regencies := map[string]*RecapArea{}
	districts := map[[2]string]*RecapArea{}
	for _, rs := range sessions {
		s := rs.Session
		r.Totals.add(rs)
		reg := regencies[s.Regency]
		if reg == nil {
			reg = &RecapArea{Name: s.Regency, Totals: newRecapTotals()}
			regencies[s.Regency] = reg
		}
		reg.Totals.add(rs)
		key := [2]string{s.Regency, s.District}
		dis := districts[key]
		if dis == nil {
			dis = &RecapArea{Name: s.District, Totals: newRecapTotals()}
			districts[key] = dis
		}
		dis.Totals.add(rs)
	}
	for name, reg := range regencies {
		for key, dis := range districts {
			if key[0] == name {
				reg.Districts = append(reg.Districts, *dis)
			}
		}
		sort.Slice(reg.Districts, func(i, j int) bool { return reg.Districts[i].Name < reg.Districts[j].Name })
		r.Regencies = append(r.Regencies, *reg)
	}
	sort.Slice(r.Regencies, func(i, j int) bool { return r.Regencies[i].Name < r.Regencies[j].Name })
	return r, nil
}

// recapHeadroom counts the recaps running with a roomier collector, and
// what the setting was before the first.
var recapHeadroom struct {
	gosync.Mutex
	running, before int
}

// WithRecapHeadroom runs fn, which reads and writes a recap, with the
// garbage collector starting at three times the live heap instead of twice
// (GOGC 200) unless it was set roomier or off. A province's year makes a
// few hundred megabytes of short-lived strings; collecting them half as
// often took a tenth off the workbook on two cores, for a peak heap of
// 370 MB instead of 290. Calls may overlap: the last to end puts the
// setting back.
func WithRecapHeadroom(fn func() error) error {
	recapHeadroom.Lock()
	if recapHeadroom.running == 0 {
		recapHeadroom.before = debug.SetGCPercent(recapGCPercent)
		if recapHeadroom.before < 0 || recapHeadroom.before >= recapGCPercent {
			debug.SetGCPercent(recapHeadroom.before)
		}
	}
	recapHeadroom.running++
	recapHeadroom.Unlock()
	defer func() {
		recapHeadroom.Lock()
		if recapHeadroom.running--; recapHeadroom.running == 0 {
			debug.SetGCPercent(recapHeadroom.before)
		}
		recapHeadroom.Unlock()
	}()
	return fn()
}

const recapGCPercent = 200
