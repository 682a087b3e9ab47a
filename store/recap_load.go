package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// A recap reads a province's year (10,000 sessions, 600,000 people, a
// million answer sheets) in a few passes over whole tables instead of a
// handful of queries per session: SQLite joins each pass's rows into one
// string per block of rows (fields split by US, rows by RS; neither occurs
// in ids, names of places, letters or JSON), and Go sums them per session.
// Row by row through database/sql the same reading took ten times as long.

const (
	unitSep   = "\x1f"
	recordSep = "\x1e"
	// recapBlock is how many rowids one pass reads at a time, so that no
	// joined string grows with the database.
	recapBlock = 100_000
)

// recapQuiz is a picked session's quiz while the recap is read.
type recapQuiz struct {
	items   [2][]recapItem // live, in position order, by phaseIndex
	tallies []Tally
	sums    [2]sheetSums
}

// recapItem is what scoring needs of a quiz item.
type recapItem struct {
	id       string
	phase    Phase
	answer   int
	position int
}

// sheetSums add up a phase's answer sheets of live participants: how many
// and how many right answers among them.
type sheetSums struct{ sheets, right int }

func phaseIndex(p string) int {
	if p == string(PhasePost) {
		return 1
	}
	return 0
}

var recapPhases = [2]Phase{PhasePre, PhasePost}

// recapWhere picks the sessions of a recap: held or finalized, not deleted,
// in the period and region.
const recapWhere = `deleted_at IS NULL AND status <> 'draft'
	AND (? = '' OR date >= ?) AND (? = '' OR date <= ?)
	AND (? = '' OR lower(trim(regency)) = lower(?)) AND (? = '' OR lower(trim(district)) = lower(?))`

func recapArgs(f RecapFilter) []any {
	return []any{f.From, f.From, f.To, f.To, f.Regency, f.Regency, f.District, f.District}
}

// recapLoad reads the picked sessions, by date, with their numbers.
func (st *Store) recapLoad(ctx context.Context, f RecapFilter, opts RecapOptions) ([]RecapSession, error) {
	rows, err := st.db.QueryContext(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE "+recapWhere+
		" ORDER BY date, start_time, id", recapArgs(f)...)
	if err != nil {
		return nil, err
	}
	var list []RecapSession
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, RecapSession{Session: s,
			Totals: AttendanceTotals{ByCategory: map[Category]int{}, ByAgeBand: map[string]int{}}})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	picked := make(map[string]int, len(list))
	for i, rs := range list {
		picked[rs.Session.ID] = i
	}
	origins, err := st.SessionOrigins(ctx)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Origin = origins[list[i].Session.ID]
	}
	deleted, err := st.recapAttendance(ctx, list, picked)
	if err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	quiz := make([]recapQuiz, len(list))
	if err := st.recapItems(ctx, quiz, picked); err != nil {
		return nil, fmt.Errorf("quiz items: %w", err)
	}
	if err := st.recapSheets(ctx, quiz, picked, deleted); err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	for i := range list {
		res, ok := quiz[i].results()
		if !ok {
			// The one case the sums cannot tell apart (see meanScore):
			// score this session sheet by sheet, as its report does.
			d, err := st.QuizData(ctx, list[i].Session.ID)
			if err != nil {
				return nil, err
			}
			res = recapResults(ComputeResults(d))
		}
		list[i].Results = res
	}
	if err := st.recapFollowUps(ctx, list, picked); err != nil {
		return nil, fmt.Errorf("follow-ups: %w", err)
	}
	if opts.Questions {
		if err := st.recapQuestions(ctx, f, list, picked); err != nil {
			return nil, fmt.Errorf("questions: %w", err)
		}
	}
	if opts.Participants {
		if err := st.recapParticipants(ctx, f, list, picked); err != nil {
			return nil, fmt.Errorf("participants: %w", err)
		}
	}
	return list, nil
}

// eachBlock runs query, whose columns are group_concats over
// rowid >= ? AND rowid < ? (then args), over the whole table in blocks,
// and hands each record of column c to fn[c].
func (st *Store) eachBlock(ctx context.Context, table, query string, fn ...func(record string) error) error {
	return st.eachBlockOf(ctx, recapBlock, table, query, fn...)
}

// eachBlockOf is eachBlock with blocks of size rowids.
func (st *Store) eachBlockOf(ctx context.Context, size int64, table, query string, fn ...func(record string) error) error {
	var last sql.NullInt64
	if err := st.db.QueryRowContext(ctx, "SELECT max(rowid) FROM "+table).Scan(&last); err != nil {
		return err
	}
	joined := make([]sql.NullString, len(fn))
	dest := make([]any, len(fn))
	for c := range joined {
		dest[c] = &joined[c]
	}
	for lo := int64(0); lo <= last.Int64; lo += size {
		if err := st.db.QueryRowContext(ctx, query, lo, lo+size).Scan(dest...); err != nil {
			return err
		}
		for c, col := range joined {
			for rest := col.String; rest != ""; {
				var rec string
				rec, rest, _ = strings.Cut(rest, recordSep)
				if err := fn[c](rec); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// pickedIndex finds a session's place in the recap and remembers the last
// one: a table's rows of one session mostly come one after the other.
type pickedIndex struct {
	m    map[string]int
	last string
	i    int
	ok   bool
}

func (p *pickedIndex) find(id string) (int, bool) {
	if id != p.last || id == "" {
		p.last = id
		p.i, p.ok = p.m[id]
	}
	return p.i, p.ok
}

// recapAttendance counts each picked session's live participants as Totals
// does, and returns the ids of deleted participants.
func (st *Store) recapAttendance(ctx context.Context, list []RecapSession, picked map[string]int) ([]string, error) {
	var deleted []string
	index := pickedIndex{m: picked}
	// The age comes last: concat_ws leaves out a NULL.
	err := st.eachBlock(ctx, "participants", `SELECT
		group_concat(concat_ws(char(31), session_id, gender, category, age), char(30)) FILTER (WHERE deleted_at IS NULL),
		group_concat(id, char(30)) FILTER (WHERE deleted_at IS NOT NULL)
		FROM participants WHERE rowid >= ? AND rowid < ?`, func(rec string) error {
		session, rest, _ := strings.Cut(rec, unitSep)
		gender, rest, _ := strings.Cut(rest, unitSep)
		category, ageText, hasAge := strings.Cut(rest, unitSep)
		if gender == "" {
			return fmt.Errorf("participant record %q", rec)
		}
		i, ok := index.find(session)
		if !ok {
			return nil
		}
		var age *int
		if hasAge {
			a, err := strconv.Atoi(ageText)
			if err != nil {
				return fmt.Errorf("participant age %q", ageText)
			}
			age = &a
		}
		t := &list[i].Totals
		t.Total++
		if gender == Male {
			t.Male++
		} else {
			t.Female++
		}
		if age != nil && *age < AdultAge {
			t.Children++
		}
		t.ByCategory[Category(category)]++
		t.ByAgeBand[AgeBand(age)]++
		return nil
	}, func(id string) error {
		deleted = append(deleted, id)
		return nil
	})
	return deleted, err
}

// recapItems reads the picked sessions' live quiz items (id, phase and
// answer: what scoring needs) in position order, and their tallies.
func (st *Store) recapItems(ctx context.Context, quiz []recapQuiz, picked map[string]int) error {
	items := make([][]recapItem, len(quiz))
	// The rows of the view quiz_items (migration 0010), by their table's
	// rowids.
	err := st.eachBlock(ctx, "quiz_item_rows", `SELECT group_concat(concat_ws(char(31), r.session_id, r.id, r.phase, t.answer,
		r.position), char(30)) FROM quiz_item_rows r JOIN quiz_texts t ON t.id = r.text_id
		WHERE r.rowid >= ? AND r.rowid < ? AND r.deleted_at IS NULL`, func(rec string) error {
		f := strings.Split(rec, unitSep)
		if len(f) != 5 {
			return fmt.Errorf("quiz item record %q", rec)
		}
		i, ok := picked[f[0]]
		if !ok {
			return nil
		}
		answer, err1 := strconv.Atoi(f[3])
		pos, err2 := strconv.Atoi(f[4])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("quiz item record %q", rec)
		}
		items[i] = append(items[i], recapItem{id: f[1], phase: Phase(f[2]), answer: answer, position: pos})
		return nil
	})
	if err != nil {
		return err
	}
	for i, list := range items {
		// Rows came in rowid order; a stable sort keeps it for equal
		// positions, as the session's own index does.
		sort.SliceStable(list, func(a, b int) bool { return list[a].position < list[b].position })
		for _, it := range list {
			for p, phase := range recapPhases {
				if it.phase == phase || it.phase == PhaseBoth {
					quiz[i].items[p] = append(quiz[i].items[p], it)
				}
			}
		}
	}
	rows, err := st.db.QueryContext(ctx, `SELECT session_id, id, item_id, phase, counts, correct, present, version
		FROM quiz_tallies WHERE deleted_at IS NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sessionID string
		t, err := scanTally(rows, &sessionID)
		if err != nil {
			return err
		}
		if i, ok := picked[sessionID]; ok {
			quiz[i].tallies = append(quiz[i].tallies, t)
		}
	}
	return rows.Err()
}

// sheetScorer counts the right answers of compact sheets with one layout
// for one session's phase: at[k] is the letter position of the phase's
// k-th item in the layout (-1 when the sheet lacks it), want[k] its letter.
type sheetScorer struct {
	letters int
	at      []int
	want    []byte
}

func newSheetScorer(layout string, items []recapItem) sheetScorer {
	keys := strings.Split(layout, ",")
	pos := make(map[string]int, len(keys))
	for i, k := range keys {
		pos[k] = i
	}
	s := sheetScorer{letters: len(keys), at: make([]int, len(items)), want: make([]byte, len(items))}
	for k, item := range items {
		s.at[k] = -1
		if p, ok := pos[item.id]; ok {
			s.at[k] = p
		}
		s.want[k] = byte('A' + item.answer)
	}
	return s
}

// right counts a sheet's right answers; a sheet that does not fit its
// layout is an error, as expandChoices makes it.
func (s sheetScorer) right(letters string) (int, error) {
	if len(letters) != s.letters {
		return 0, fmt.Errorf("answer sheet: %d letters for %d items", len(letters), s.letters)
	}
	for i := 0; i < len(letters); i++ {
		if l := letters[i]; l != blankLetter && (l < 'A' || l > maxLetter) {
			return 0, fmt.Errorf("answer sheet: letter %q", l)
		}
	}
	n := 0
	for k, p := range s.at {
		if p >= 0 && letters[p] == s.want[k] {
			n++
		}
	}
	return n, nil
}

// sheetsQuery joins the answer sheets of each block of participants (by
// their rowids: answer_sheets has none, and a sheet's session is its
// person's, migration 0010): session, phase, layout (left out when NULL)
// and the stored choices.
var sheetsQuery = `SELECT group_concat(concat_ws(char(31), p.session_id, ` + sqlPhaseText("a.phase") + `, a.layout, a.choices), char(30))
	FROM participants p CROSS JOIN answer_sheets a ON a.participant_id = ` + sqlIDKey("p.id") + `
	WHERE p.rowid >= ? AND p.rowid < ? AND a.deleted_at IS NULL`

// recapSheets sums the answer sheets of the picked sessions' live
// participants: every live sheet, less those of deleted participants. A sheet belongs to its
// participant's session (SaveAnswers takes the session from the
// participant, a bundle's sheets are checked against its people, and since
// migration 0010 answer_sheets keeps no session of its own and its
// triggers hold the rule), so the session is the person's.
func (st *Store) recapSheets(ctx context.Context, quiz []recapQuiz, picked map[string]int, deleted []string) error {
	layouts := map[int64]string{}
	rows, err := st.db.QueryContext(ctx, "SELECT id, items FROM quiz_layouts")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var items string
		if err := rows.Scan(&id, &items); err != nil {
			rows.Close()
			return err
		}
		layouts[id] = items
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sc := sheetCounter{quiz: quiz, picked: pickedIndex{m: picked}, layouts: layouts, scorers: map[scorerKey]sheetScorer{}}
	// A block of people has about twice as many sheets.
	if err := st.eachBlockOf(ctx, recapBlock/2, "participants", sheetsQuery, func(rec string) error { return sc.add(rec, 1) }); err != nil {
		return err
	}
	if len(deleted) == 0 {
		return nil
	}
	ids, _ := json.Marshal(deleted)
	rows, err = st.db.QueryContext(ctx, `SELECT concat_ws(char(31), session_id, phase, layout, choices) FROM quiz_answers
		WHERE deleted_at IS NULL AND participant_id IN (SELECT value FROM json_each(?))`, string(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rec string
		if err := rows.Scan(&rec); err != nil {
			return err
		}
		if err := sc.add(rec, -1); err != nil {
			return err
		}
	}
	return rows.Err()
}

type scorerKey struct {
	session, phase int
	layout         int64
}

// sheetCounter adds answer sheets to their session's sums.
type sheetCounter struct {
	quiz    []recapQuiz
	picked  pickedIndex
	layouts map[int64]string
	scorers map[scorerKey]sheetScorer
	lastKey scorerKey
	last    *sheetScorer
	// the last layout field read, its id and items
	lastField  string
	lastLayout int64
	lastItems  string
}

// add counts one joined sheet (sign 1) or takes it back (-1).
func (sc *sheetCounter) add(rec string, sign int) error {
	session, rest, _ := strings.Cut(rec, unitSep)
	phase, rest, ok := strings.Cut(rest, unitSep)
	if !ok {
		return fmt.Errorf("answer record %q", rec)
	}
	i, ok := sc.picked.find(session)
	if !ok {
		return nil
	}
	p := phaseIndex(phase)
	items := sc.quiz[i].items[p]
	if len(items) == 0 {
		return nil // no test in this phase: no result, whatever the sheets
	}
	var layout sql.NullString
	var layoutID int64
	stored := rest
	if id, choices, ok := strings.Cut(rest, unitSep); ok {
		if id != sc.lastField || sc.lastItems == "" {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				return fmt.Errorf("answer layout %q", id)
			}
			text, ok := sc.layouts[n]
			if !ok {
				return fmt.Errorf("answer layout %d is missing", n)
			}
			sc.lastField, sc.lastLayout, sc.lastItems = id, n, text
		}
		layoutID, stored, layout = sc.lastLayout, choices, sql.NullString{String: sc.lastItems, Valid: true}
	}
	var n int
	if isCompact(stored, layout) {
		// A session's sheets mostly share one layout per phase and come
		// one after the other.
		if key := (scorerKey{i, p, layoutID}); sc.last == nil || key != sc.lastKey {
			s, ok := sc.scorers[key]
			if !ok {
				s = newSheetScorer(layout.String, items)
				sc.scorers[key] = s
			}
			sc.last, sc.lastKey = &s, key
		}
		var err error
		if n, err = sc.last.right(stored); err != nil {
			return err
		}
	} else {
		c, err := expandChoices(stored, layout)
		if err != nil {
			return err
		}
		for _, item := range items {
			if v, ok := c[item.id]; ok && v == item.answer {
				n++
			}
		}
	}
	sums := &sc.quiz[i].sums[p]
	sums.sheets += sign
	sums.right += sign * n
	return nil
}

// results are ComputeResults' pre and post means and counts; ok is false
// when a mean needs the sheets one by one (meanScore).
func (q recapQuiz) results() (RecapResults, bool) {
	var r RecapResults
	for p, phase := range recapPhases {
		items := q.items[p]
		if len(items) == 0 {
			continue
		}
		var res *RecapPhase
		var tallies []Tally
		for _, t := range q.tallies {
			if t.Phase == phase {
				tallies = append(tallies, t)
			}
		}
		switch sums := q.sums[p]; {
		case sums.sheets > 0:
			mean, ok := meanScore(sums.right, sums.sheets, len(items))
			if !ok {
				return r, false
			}
			res = &RecapPhase{Source: SourceIndividual, N: sums.sheets, Mean: mean}
		case len(tallies) > 0:
			full := make([]QuizItem, len(items))
			for k, it := range items {
				full[k] = QuizItem{ID: it.id, Phase: it.phase, Answer: it.answer, Position: it.position}
			}
			h := handsResult(full, tallies)
			res = &RecapPhase{Source: h.Source, N: h.N, Mean: h.Mean}
		}
		if p == 0 {
			r.Pre = res
		} else {
			r.Post = res
		}
	}
	if r.Pre != nil && r.Post != nil {
		r.Gain = ptr(round1(r.Post.Mean - r.Pre.Mean))
	}
	return r, true
}

// meanScore is the mean that individualResult gives for sheets sheets with
// right right answers in all on a k-item test. It sums each sheet's score
// 100·n/k in attendance order and rounds the mean to one decimal. When
// every score is exact in binary (k is a power of two times 1, 5 or 25)
// that sum is exact in any order. Otherwise the order moves the sum by
// far less than the distance (at least 1/(2·k·sheets)) between the true
// mean and a rounding boundary, unless the true mean lies on one: then ok
// is false and the sheets must be summed in order.
func meanScore(right, sheets, k int) (mean float64, ok bool) {
	if !exactScores(k) {
		if twice := 2000 * right; twice%(k*sheets) == 0 && (twice/(k*sheets))%2 == 1 {
			return 0, false
		}
	}
	return round1(float64(100*right) / float64(k) / float64(sheets)), true
}

func exactScores(k int) bool {
	for k%2 == 0 {
		k /= 2
	}
	return 25%k == 0
}

// recapFollowUps counts the picked sessions' open follow-ups, confidential
// ones too, as Question.Open tells them.
func (st *Store) recapFollowUps(ctx context.Context, list []RecapSession, picked map[string]int) error {
	rows, err := st.db.QueryContext(ctx, `SELECT session_id, count(*), sum(urgent) FROM questions
		WHERE deleted_at IS NULL AND status <> 'answered' AND coalesce(closed_on, '') = '' GROUP BY session_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var open, urgent int
		if err := rows.Scan(&id, &open, &urgent); err != nil {
			return err
		}
		if i, ok := picked[id]; ok {
			list[i].OpenFollowUps, list[i].UrgentFollowUps = open, urgent
		}
	}
	return rows.Err()
}

// recapQuestions reads the picked sessions' questions in number order,
// leaving out confidential ones.
func (st *Store) recapQuestions(ctx context.Context, f RecapFilter, list []RecapSession, picked map[string]int) error {
	for i := range list {
		list[i].Questions = []Question{}
	}
	rows, err := st.db.QueryContext(ctx, "SELECT "+questionColumns+` FROM questions
		WHERE deleted_at IS NULL AND confidential = 0 AND session_id IN (SELECT id FROM sessions WHERE `+recapWhere+`)
		ORDER BY session_id, number`, recapArgs(f)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return err
		}
		if i, ok := picked[q.SessionID]; ok {
			list[i].Questions = append(list[i].Questions, q)
		}
	}
	return rows.Err()
}

// recapParticipants reads the picked sessions' attendance lists.
func (st *Store) recapParticipants(ctx context.Context, f RecapFilter, list []RecapSession, picked map[string]int) error {
	for i := range list {
		list[i].Participants = []Participant{}
	}
	rows, err := st.db.QueryContext(ctx, "SELECT "+participantColumns+` FROM participants
		WHERE deleted_at IS NULL AND session_id IN (SELECT id FROM sessions WHERE `+recapWhere+`)
		ORDER BY session_id, number`, recapArgs(f)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanParticipant(rows)
		if err != nil {
			return err
		}
		if i, ok := picked[p.SessionID]; ok {
			list[i].Participants = append(list[i].Participants, p)
		}
	}
	return rows.Err()
}
