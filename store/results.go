package store

import (
	"math"
	"sort"
)

// Sources of a phase's numbers; they are never mixed silently.
const (
	SourceIndividual = "individual"
	SourceHands      = "hands"
)

// QuestionResult is how one item went in one phase.
type QuestionResult struct {
	ID         string   `json:"id"` // the pack's question id
	ItemID     string   `json:"-"`
	Text       string   `json:"-"`
	CorrectPct *float64 `json:"correct_pct"` // nil when nobody answered it
	Answered   int      `json:"answered"`
}

// GenderResult is a phase's mean score for one gender (individual only).
type GenderResult struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
}

// PhaseResult is a pre- or post-test: where the numbers come from, how many
// took it, mean and median score in percent, the distribution of the
// number of correct answers, and each question's percentage correct.
type PhaseResult struct {
	Source       string                  `json:"source"`
	N            int                     `json:"n"`
	Mean         float64                 `json:"mean"`
	Median       *float64                `json:"median"` // nil for a show of hands: there are no individual scores
	Distribution []int                   `json:"distribution"`
	Questions    []QuestionResult        `json:"questions"`
	ByGender     map[string]GenderResult `json:"by_gender,omitempty"`
	// Sources counts the answer sheets by where they came from ("phone",
	// "typed"), when some came from phones.
	Sources map[string]int `json:"sources,omitempty"`
	// HandsIgnored says that show-of-hands counts exist for this phase too
	// but the numbers come from the individual answers.
	HandsIgnored bool `json:"hands_ignored,omitempty"`
}

// QuestionComparison is one item's percentage correct before and after.
type QuestionComparison struct {
	ID   string   `json:"id"`
	Text string   `json:"text"`
	Pre  *float64 `json:"pre"`
	Post *float64 `json:"post"`
}

// Results are a session's quiz results, computed from the answers every time
// they are shown (never stored). The report uses the same numbers.
type Results struct {
	Pre         *PhaseResult `json:"pre"`
	Post        *PhaseResult `json:"post"`
	Gain        *float64     `json:"gain"`         // post mean − pre mean, percentage points
	MatchedGain *float64     `json:"matched_gain"` // mean gain of the people who took both (individual)
	Matched     int          `json:"matched"`
	// Weakest lists the questions most often answered wrong first (post
	// when there is a post-test, else pre): what to explain better.
	Weakest []QuestionComparison `json:"weakest"`
}

// ComputeResults scores a session's quiz.
func ComputeResults(d QuizData) Results {
	gender := map[string]string{}
	for _, p := range d.Participants {
		gender[p.ID] = p.Gender
	}
	var r Results
	scores := map[Phase]map[string]float64{}
	for _, phase := range []Phase{PhasePre, PhasePost} {
		items := PhaseItems(d.Items, phase)
		if len(items) == 0 {
			continue
		}
		var sheets []AnswerSheet
		for _, s := range d.Sheets {
			if s.Phase == phase && gender[s.ParticipantID] != "" {
				sheets = append(sheets, s)
			}
		}
		var tallies []Tally
		for _, t := range d.Tallies {
			if t.Phase == phase {
				tallies = append(tallies, t)
			}
		}
		var res *PhaseResult
		switch {
		case len(sheets) > 0:
			res, scores[phase] = individualResult(items, sheets, gender)
			res.HandsIgnored = len(tallies) > 0
		case len(tallies) > 0:
			res = handsResult(items, tallies)
		}
		if phase == PhasePre {
			r.Pre = res
		} else {
			r.Post = res
		}
	}
	if r.Pre != nil && r.Post != nil {
		r.Gain = ptr(round1(r.Post.Mean - r.Pre.Mean))
	}
	var gains []float64
	for id, post := range scores[PhasePost] {
		if pre, ok := scores[PhasePre][id]; ok {
			gains = append(gains, post-pre)
		}
	}
	if len(gains) > 0 {
		r.MatchedGain, r.Matched = ptr(round1(mean(gains))), len(gains)
	}
	r.Weakest = weakest(d.Items, r.Pre, r.Post)
	return r
}

func individualResult(items []QuizItem, sheets []AnswerSheet, gender map[string]string) (*PhaseResult, map[string]float64) {
	res := &PhaseResult{Source: SourceIndividual, N: len(sheets), Distribution: make([]int, len(items)+1)}
	right := make([]int, len(items))
	scores := map[string]float64{}
	var all []float64
	byGender := map[string][]float64{}
	for _, s := range sheets {
		if s.Source == SourcePhone {
			if res.Sources == nil {
				res.Sources = map[string]int{}
			}
			res.Sources[SourcePhone]++
		}
		n := 0
		for i, item := range items {
			if c, ok := s.Choices[item.ID]; ok && c == item.Answer {
				n++
				right[i]++
			}
		}
		score := 100 * float64(n) / float64(len(items))
		res.Distribution[n]++
		scores[s.ParticipantID] = score
		all = append(all, score)
		g := gender[s.ParticipantID]
		byGender[g] = append(byGender[g], score)
	}
	if res.Sources != nil && res.Sources[SourcePhone] < len(sheets) {
		res.Sources["typed"] = len(sheets) - res.Sources[SourcePhone]
	}
	res.Mean = round1(mean(all))
	res.Median = ptr(round1(median(all)))
	res.ByGender = map[string]GenderResult{}
	for g, list := range byGender {
		res.ByGender[g] = GenderResult{N: len(list), Mean: round1(mean(list))}
	}
	for i, item := range items {
		res.Questions = append(res.Questions, QuestionResult{ID: item.QuestionID, ItemID: item.ID, Text: item.Text,
			CorrectPct: ptr(round1(100 * float64(right[i]) / float64(len(sheets)))), Answered: len(sheets)})
	}
	return res, scores
}

func handsResult(items []QuizItem, tallies []Tally) *PhaseResult {
	byItem := map[string]Tally{}
	for _, t := range tallies {
		byItem[t.ItemID] = t
	}
	res := &PhaseResult{Source: SourceHands}
	var pcts []float64
	for _, item := range items {
		q := QuestionResult{ID: item.QuestionID, ItemID: item.ID, Text: item.Text}
		if t, ok := byItem[item.ID]; ok {
			right, total := t.Right(item)
			if total > 0 {
				q.CorrectPct = ptr(round1(100 * float64(right) / float64(total)))
				q.Answered = total
				pcts = append(pcts, *q.CorrectPct)
				res.N = max(res.N, total)
			}
		}
		res.Questions = append(res.Questions, q)
	}
	res.Mean = round1(mean(pcts))
	return res
}

// weakest orders the questions by how often they were answered wrong.
func weakest(items []QuizItem, pre, post *PhaseResult) []QuestionComparison {
	pct := func(r *PhaseResult, itemID string) *float64 {
		if r == nil {
			return nil
		}
		for _, q := range r.Questions {
			if q.ItemID == itemID {
				return q.CorrectPct
			}
		}
		return nil
	}
	list := []QuestionComparison{}
	for _, item := range items {
		c := QuestionComparison{ID: item.QuestionID, Text: item.Text, Pre: pct(pre, item.ID), Post: pct(post, item.ID)}
		if c.Pre != nil || c.Post != nil {
			list = append(list, c)
		}
	}
	key := func(c QuestionComparison) float64 {
		switch {
		case c.Post != nil:
			return *c.Post
		case c.Pre != nil:
			return *c.Pre
		}
		return 101
	}
	sort.SliceStable(list, func(i, j int) bool { return key(list[i]) < key(list[j]) })
	return list
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

func ptr[T any](v T) *T { return &v }
