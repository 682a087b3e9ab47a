package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"sync/atomic"
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
	// sheetBlocksAhead is how many blocks of sheets (a megabyte or so
	// each) are read ahead while the attendance is still being counted: a
	// province's year is about 60, so they are all read by then and both
	// cores can score them.
	sheetBlocksAhead = 128
)

// recapBlock is how many rows one pass reads at a time: the joined string
// stays a few hundred kilobytes, so SQLite's buffer for it is reused warm
// instead of grown and copied through fresh memory (on a province's year,
// 20,000 took a fifth less time than 100,000). Tests make it small.
var recapBlock = 20_000

// recapQuiz is a picked session's quiz while the recap is read.
type recapQuiz struct {
	items   [2][]recapItem // live, in position order: pre, post
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
	// Four connections read at once. The answer sheets, which need nothing
	// else, from the start; their blocks wait to be scored until the
	// attendance (which tells whose sheets count) and the quiz items are
	// read. The others from when the sessions are known: where they came
	// from, follow-ups and questions (each pass fills its own fields).
	reads, cancel := context.WithCancel(ctx)
	blocks := make(chan sheetBlock, sheetBlocksAhead)
	reading := make(chan struct{})
	var readErr error
	go func() {
		defer close(reading)
		readErr = st.readSheets(reads, blocks)
	}()
	defer func() {
		cancel()
		<-reading
	}()
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
	var people personSessions
	var attendanceErr, othersErr error
	var wg, others gosync.WaitGroup
	others.Go(func() { othersErr = st.recapOthers(reads, f, opts, list, picked) })
	wg.Go(func() { people, attendanceErr = st.recapAttendance(reads, list, picked) })
	quiz := make([]recapQuiz, len(list))
	itemsErr := st.recapItems(reads, quiz, picked)
	wg.Wait()
	sheetsErr := errors.Join(attendanceErr, itemsErr)
	if sheetsErr == nil {
		sheetsErr = st.recapSheets(reads, quiz, &people, blocks)
	}
	if sheetsErr != nil {
		cancel()
	}
	others.Wait()
	cancel()
	<-reading
	switch {
	case attendanceErr != nil:
		return nil, fmt.Errorf("attendance: %w", attendanceErr)
	case itemsErr != nil:
		return nil, fmt.Errorf("quiz items: %w", itemsErr)
	case sheetsErr != nil:
		return nil, fmt.Errorf("answers: %w", sheetsErr)
	case readErr != nil:
		return nil, fmt.Errorf("answers: %w", readErr)
	case othersErr != nil:
		return nil, othersErr
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
	if opts.Participants {
		if err := st.recapParticipants(ctx, f, list, picked); err != nil {
			return nil, fmt.Errorf("participants: %w", err)
		}
	}
	return list, nil
}

// eachBlock runs query over the whole table in blocks of recapBlock
// rowids (rowid >= ? AND rowid < ?), and hands fn each block's columns
// after the first, which must be count(*): how many rows the others join.
// Empty stretches of rowids are skipped, not walked a block at a time.
func (st *Store) eachBlock(ctx context.Context, table, query string, fn func(n int, columns []string) error) error {
	size := int64(recapBlock)
	var first, last sql.NullInt64
	if err := st.db.QueryRowContext(ctx, "SELECT min(rowid), max(rowid) FROM "+table).Scan(&first, &last); err != nil {
		return err
	}
	for lo := first.Int64; first.Valid && lo <= last.Int64; lo += size {
		columns, err := scanJoined(st.db.QueryContext(ctx, query, lo, lo+size))
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(columns[0])
		if err != nil {
			return fmt.Errorf("%s: count %q", table, columns[0])
		}
		if n == 0 {
			var next sql.NullInt64
			if err := st.db.QueryRowContext(ctx, "SELECT min(rowid) FROM "+table+" WHERE rowid >= ?", lo+size).Scan(&next); err != nil {
				return err
			}
			if !next.Valid {
				return nil
			}
			lo = next.Int64 - size
			continue
		}
		if err := fn(n, columns[1:]); err != nil {
			return err
		}
	}
	return nil
}

// scanJoined reads the one row of a query of group_concats (NULL, when no
// rows were joined, is read as empty).
func scanJoined(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	joined := make([]sql.NullString, len(names))
	dest := make([]any, len(names))
	for c := range joined {
		dest[c] = &joined[c]
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	columns := make([]string, 0, len(joined))
	for _, j := range joined {
		columns = append(columns, j.String)
	}
	return columns, rows.Close()
}

// splitJoined splits a column of n records joined by recordSep into
// records (reused), or fails when it holds another number of them.
func splitJoined(records []string, joined string, n int) ([]string, error) {
	records = records[:0]
	if n == 0 {
		if joined != "" {
			return nil, fmt.Errorf("%q: records without rows", joined)
		}
		return records, nil
	}
	for rest, more := joined, true; more; {
		var rec string
		rec, rest, more = strings.Cut(rest, recordSep)
		records = append(records, rec)
	}
	if len(records) != n {
		return nil, fmt.Errorf("%d records for %d rows", len(records), n)
	}
	return records, nil
}

// eachRecord hands each record of a joined column to fn.
func eachRecord(joined string, fn func(record string) error) error {
	for rest := joined; rest != ""; {
		var rec string
		rec, rest, _ = strings.Cut(rest, recordSep)
		if err := fn(rec); err != nil {
			return err
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
// does, and returns where each of them belongs.
func (st *Store) recapAttendance(ctx context.Context, list []RecapSession, picked map[string]int) (personSessions, error) {
	var last sql.NullInt64
	if err := st.db.QueryRowContext(ctx, "SELECT max(rowid) FROM participants").Scan(&last); err != nil {
		return personSessions{}, err
	}
	// Room for everyone when rowids are dense, as they are; the list grows
	// when they are not.
	people := newPersonSessions(int(min(max(last.Int64, 0), 1<<22)))
	index := pickedIndex{m: picked}
	// One column per field (a record per row, a letter per row for the
	// gender): joining each row's fields into one string first cost SQLite
	// an allocation per row, and its allocator is shared by all passes.
	var sessions, ids, categories, ages []string
	// Every column is coalesced: group_concat leaves out a NULL, and a
	// record one short in one column must not pair each later id with its
	// neighbour's session.
	err := st.eachBlock(ctx, "participants", `SELECT count(*), count(id), group_concat(coalesce(session_id, ''), char(30)),
		group_concat(coalesce(id, ''), char(30)), group_concat(gender, ''), group_concat(coalesce(category, ''), char(30)),
		group_concat(coalesce(age, ''), char(30))
		FROM participants WHERE rowid >= ? AND rowid < ? AND deleted_at IS NULL`, func(n int, columns []string) error {
		genders := columns[3]
		if columns[0] != strconv.Itoa(n) {
			return fmt.Errorf("participants: only %s of %d people have an id", columns[0], n)
		}
		if len(genders) != n {
			return fmt.Errorf("participants: %d letters of gender for %d people", len(genders), n)
		}
		var err error
		if sessions, err = splitJoined(sessions, columns[1], n); err == nil {
			if ids, err = splitJoined(ids, columns[2], n); err == nil {
				if categories, err = splitJoined(categories, columns[4], n); err == nil {
					ages, err = splitJoined(ages, columns[5], n)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("participants: %w", err)
		}
		for k := range n {
			i, ok := index.find(sessions[k])
			if !ok {
				continue
			}
			var age *int
			if ages[k] != "" {
				a, err := strconv.Atoi(ages[k])
				if err != nil {
					return fmt.Errorf("participant age %q", ages[k])
				}
				age = &a
			}
			people.add(ids[k], i)
			t := &list[i].Totals
			t.Total++
			if genders[k] == Male[0] {
				t.Male++
			} else {
				t.Female++
			}
			if age != nil && *age < AdultAge {
				t.Children++
			}
			t.ByCategory[Category(categories[k])]++
			t.ByAgeBand[AgeBand(age)]++
		}
		return nil
	})
	people.sort()
	return people, err
}

// recapItems reads the picked sessions' live quiz items (id, phase and
// answer: what scoring needs) in position order, and their tallies.
func (st *Store) recapItems(ctx context.Context, quiz []recapQuiz, picked map[string]int) error {
	items := make([][]recapItem, len(quiz))
	// The rows of the view quiz_items (migration 0010), by their table's
	// rowids.
	err := st.eachBlock(ctx, "quiz_item_rows", `SELECT count(*), group_concat(concat_ws(char(31), r.session_id, r.id, r.phase, t.answer,
		r.position), char(30)) FROM quiz_item_rows r JOIN quiz_texts t ON t.id = r.text_id
		WHERE r.rowid >= ? AND r.rowid < ? AND r.deleted_at IS NULL`, func(n int, columns []string) error {
		records := 0
		err := eachRecord(columns[0], func(rec string) error {
			records++
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
		if err == nil && records != n {
			err = fmt.Errorf("quiz items: %d records for %d rows", records, n)
		}
		return err
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

// sheetsQuery reads the live answer sheets keyed by 16 bytes (answerIDKey
// of a canonical id) after a key, in key order, a block at a time, as four
// columns: the keys' bytes one after the other, the phases (a digit each),
// the layouts (empty when NULL) and the stored choices. answer_sheets has
// no rowid (migration 0010), and reading it in its own order, with the
// person's session found in Go, took a quarter of the time that joining it
// to each participant did.
const sheetsQuery = `SELECT count(*), group_concat(participant_id, ''), group_concat(phase, ''),
	group_concat(coalesce(layout, ''), char(30)), group_concat(coalesce(choices, ''), char(30))
	FROM (SELECT participant_id, phase, layout, choices FROM answer_sheets
	WHERE (participant_id, phase) > (?, ?) AND length(participant_id) = 16 AND deleted_at IS NULL
	ORDER BY participant_id, phase LIMIT ?)`

// textSheetsQuery reads, in the same columns, the live sheets of people
// whose ids are not canonical: their keys are the text (joined by
// recordSep), which SQLite sorts before any bytes. A bundle from another
// laptop can bring a few.
const textSheetsQuery = `SELECT count(*), group_concat(participant_id, char(30)), group_concat(phase, ''),
	group_concat(coalesce(layout, ''), char(30)), group_concat(coalesce(choices, ''), char(30))
	FROM (SELECT participant_id, phase, layout, choices FROM answer_sheets
	WHERE participant_id < x'' AND deleted_at IS NULL ORDER BY participant_id, phase)`

// sheetBlock is a block of sheetsQuery or of textSheetsQuery.
type sheetBlock struct {
	text                           bool
	keys, phases, layouts, choices string
}

// readSheets sends the blocks of textSheetsQuery and sheetsQuery, all of
// them, until ctx ends.
func (st *Store) readSheets(ctx context.Context, blocks chan<- sheetBlock) error {
	defer close(blocks)
	send := func(b sheetBlock) error {
		select {
		case blocks <- b:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// A block's count of sheets tells its columns apart: a letter of phase
	// and (but for the text keys) 16 bytes of key each.
	block := func(text bool, rows *sql.Rows, err error) (sheetBlock, int, error) {
		columns, err := scanJoined(rows, err)
		if err != nil {
			return sheetBlock{}, 0, err
		}
		b := sheetBlock{text, columns[1], columns[2], columns[3], columns[4]}
		n := len(b.phases)
		if columns[0] != strconv.Itoa(n) || !text && len(b.keys) != 16*n {
			return b, n, fmt.Errorf("answer sheets: %s sheets, %d phases, %d bytes of keys", columns[0], n, len(b.keys))
		}
		return b, n, nil
	}
	rows, err := st.db.QueryContext(ctx, textSheetsQuery)
	b, _, err := block(true, rows, err)
	if err != nil {
		return err
	}
	if err := send(b); err != nil {
		return err
	}
	// Any key of 16 bytes comes after the empty one. Keys of another
	// length belong to nobody (answerIDKey makes 16 bytes or text).
	from, fromPhase := []byte{}, int64(-1)
	for {
		rows, err := st.db.QueryContext(ctx, sheetsQuery, from, fromPhase, recapBlock)
		b, n, err := block(false, rows, err)
		if err != nil {
			return err
		}
		// The block's largest key, wherever group_concat put it.
		for k := range n {
			key, phase := b.keys[16*k:16*k+16], int64(b.phases[k]-'0')
			if c := strings.Compare(key, string(from)); c > 0 || c == 0 && phase > fromPhase {
				from, fromPhase = []byte(key), phase
			}
		}
		if err := send(b); err != nil {
			return err
		}
		if n < recapBlock {
			return nil
		}
	}
}

// recapSheets sums the live answer sheets of the picked sessions' live
// participants, from the blocks readSheets sends. A sheet belongs to its
// participant's session (SaveAnswers takes the session from the
// participant, a bundle's sheets are checked against its people, and since
// migration 0010 answer_sheets keeps no session of its own and its
// triggers hold the rule).
func (st *Store) recapSheets(ctx context.Context, quiz []recapQuiz, people *personSessions, blocks <-chan sheetBlock) error {
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
	// Blocks are scored by two counters at once, each with its own sums:
	// when the attendance is counted the sheets are mostly read already.
	counters := make([]sheetCounter, 2)
	errs := make([]error, len(counters))
	var failed atomic.Bool
	var wg gosync.WaitGroup
	for w := range counters {
		sc := &counters[w]
		*sc = sheetCounter{quiz: quiz, people: personCursor{ps: people}, layouts: layouts,
			scorers: map[scorerKey]sheetScorer{}, sums: make([][2]sheetSums, len(quiz))}
		wg.Go(func() {
			for block := range blocks {
				if failed.Load() {
					return // the caller's cancel stops the reader
				}
				if errs[w] = sc.addBlock(block); errs[w] != nil {
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, sc := range counters {
		for i, sums := range sc.sums {
			for p := range sums {
				quiz[i].sums[p].sheets += sums[p].sheets
				quiz[i].sums[p].right += sums[p].right
			}
		}
	}
	return nil
}

type scorerKey struct {
	session, phase int
	layout         int64
}

// sheetCounter adds answer sheets to their session's sums.
type sheetCounter struct {
	quiz    []recapQuiz
	people  personCursor
	sums    [][2]sheetSums // by session and phase
	layouts map[int64]string
	scorers map[scorerKey]sheetScorer
	lastKey scorerKey
	last    *sheetScorer
	// the last layout field read, its id and items
	lastField  string
	lastLayout int64
	lastItems  string
	// a block's fields, reused
	layoutFields, choiceFields, textKeys []string
}

// addBlock counts a block of sheets.
func (sc *sheetCounter) addBlock(b sheetBlock) error {
	n := len(b.phases)
	var err error
	if sc.layoutFields, err = splitJoined(sc.layoutFields, b.layouts, n); err != nil {
		return fmt.Errorf("answer layouts: %w", err)
	}
	if sc.choiceFields, err = splitJoined(sc.choiceFields, b.choices, n); err != nil {
		return fmt.Errorf("answer choices: %w", err)
	}
	if b.text {
		if sc.textKeys, err = splitJoined(sc.textKeys, b.keys, n); err != nil {
			return fmt.Errorf("answer sheets' people: %w", err)
		}
	}
	for k := range n {
		var i int
		var ok bool
		if b.text {
			i, ok = sc.people.findText(sc.textKeys[k])
		} else {
			i, ok = sc.people.find(b.keys[16*k : 16*k+16])
		}
		if !ok {
			continue // a deleted person's, or another session's
		}
		phase := b.phases[k]
		if phase != '0' && phase != '1' {
			return fmt.Errorf("answer sheet phase %q", phase)
		}
		if err := sc.add(i, int(phase-'0'), sc.layoutFields[k], sc.choiceFields[k]); err != nil {
			return err
		}
	}
	return nil
}

// add counts one sheet of session i's phase p: its layout field (empty
// for none) and its stored choices.
func (sc *sheetCounter) add(i, p int, layoutField, stored string) error {
	items := sc.quiz[i].items[p]
	if len(items) == 0 {
		return nil // no test in this phase: no result, whatever the sheets
	}
	var layout sql.NullString
	var layoutID int64
	if layoutField != "" {
		if layoutField != sc.lastField || sc.lastItems == "" {
			n, err := strconv.ParseInt(layoutField, 10, 64)
			if err != nil {
				return fmt.Errorf("answer layout %q", layoutField)
			}
			text, ok := sc.layouts[n]
			if !ok {
				return fmt.Errorf("answer layout %d is missing", n)
			}
			sc.lastField, sc.lastLayout, sc.lastItems = layoutField, n, text
		}
		layoutID, layout = sc.lastLayout, sql.NullString{String: sc.lastItems, Valid: true}
	}
	var n int
	if isCompact(stored, layout) {
		// A session's sheets mostly share one layout per phase and come
		// one after the other.
		if sk := (scorerKey{i, p, layoutID}); sc.last == nil || sk != sc.lastKey {
			s, ok := sc.scorers[sk]
			if !ok {
				s = newSheetScorer(layout.String, items)
				sc.scorers[sk] = s
			}
			sc.last, sc.lastKey = &s, sk
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
	sums := &sc.sums[i][p]
	sums.sheets++
	sums.right += n
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

// recapOthers reads where the sessions came from, their open follow-ups,
// and their questions when asked for.
func (st *Store) recapOthers(ctx context.Context, f RecapFilter, opts RecapOptions, list []RecapSession, picked map[string]int) error {
	origins, err := st.SessionOrigins(ctx)
	if err != nil {
		return fmt.Errorf("origins: %w", err)
	}
	for i := range list {
		list[i].Origin = origins[list[i].Session.ID]
	}
	if err := st.recapFollowUps(ctx, list, picked); err != nil {
		return fmt.Errorf("follow-ups: %w", err)
	}
	if opts.Questions {
		if err := st.recapQuestions(ctx, f, list, picked); err != nil {
			return fmt.Errorf("questions: %w", err)
		}
	}
	return nil
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
	// All of them (a province's year, say) are read in the table's order, a
	// third faster than session by session through the index; a period or
	// a region picks its sessions' questions by the index.
	query := "SELECT " + questionColumns + " FROM questions WHERE deleted_at IS NULL AND confidential = 0"
	var args []any
	if f != (RecapFilter{}) {
		query += " AND session_id IN (SELECT id FROM sessions WHERE " + recapWhere + ")"
		args = recapArgs(f)
	}
	rows, err := st.db.QueryContext(ctx, query, args...)
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
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range list {
		qs := list[i].Questions
		sort.SliceStable(qs, func(a, b int) bool { return qs[a].Number < qs[b].Number })
	}
	return nil
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
