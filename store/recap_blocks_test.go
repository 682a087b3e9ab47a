package store

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestRecapReadsInAnyBlockSize holds the recap's block reading to the
// sessions' own results. The recap reads its tables a block at a time and
// continues the answer sheets after the largest key it read: with blocks
// of one row a person's two sheets fall in different blocks, and people
// with odd ids (whose sheets keep the id as text, which SQLite sorts
// before the 16-byte ones) are read between them. A deleted person's
// sheets and a deleted sheet must not count at any size.
func TestRecapReadsInAnyBlockSize(t *testing.T) {
	ctx := t.Context()
	s, ids := fourDemoSessions(t)
	withDeletions(t, s, ids)
	// Odd people in the second session, answering as its first person did
	// (a bundle from another laptop can bring such ids).
	var choices [2]string
	var layout [2]any
	for k, phase := range []string{"pre", "post"} {
		if err := s.db.QueryRowContext(ctx, `SELECT a.choices, a.layout FROM quiz_answers a JOIN participants p ON p.id = a.participant_id
			WHERE p.session_id = ? AND a.phase = ? AND a.deleted_at IS NULL ORDER BY p.number LIMIT 1`, ids[1], phase).
			Scan(&choices[k], &layout[k]); err != nil {
			t.Fatal(err)
		}
	}
	// The last is canonical, kept as 16 bytes that hold the separators
	// the recap joins its columns with, and NULs.
	for i, id := range append(oddAnswerIDs, "t", "tABCDEF", "001e1f00-1e1f-7000-8000-00001e1f0000") {
		if id == "" {
			continue
		}
		now := s.now()
		if _, err := s.db.ExecContext(ctx, `INSERT INTO participants (id, session_id, number, name, name_key, gender, created_at, updated_at)
			VALUES (?, ?, ?, 'Odd', 'odd', 'P', ?, ?)`, id, ids[1], 100+i, now, now); err != nil {
			t.Fatal(err)
		}
		for k, phase := range []string{"pre", "post"} {
			if k == 1 && i%3 == 0 {
				continue // some answered only the pre-test
			}
			if _, err := s.db.ExecContext(ctx, `INSERT INTO quiz_answers (id, session_id, participant_id, phase, choices, layout,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				NewID(), ids[1], id, phase, choices[k], layout[k], now, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	var textKeys int
	if err := s.db.QueryRow("SELECT count(*) FROM answer_sheets WHERE typeof(participant_id) = 'text'").Scan(&textKeys); err != nil || textKeys < 10 {
		t.Fatalf("%d sheets keyed by text (%v): the test needs odd ids among the sheets", textKeys, err)
	}

	want := map[string]RecapResults{}
	for _, id := range ids {
		want[id] = recapResults(ComputeResults(mustQuizData(t, s, id)))
	}
	defer func(size int) { recapBlock = size }(recapBlock)
	for _, size := range []int{recapBlock, 1, 2, 3, 7, 50} {
		recapBlock = size
		r, err := s.Recap(ctx, RecapFilter{}, RecapOptions{})
		if err != nil {
			t.Fatalf("blocks of %d: %v", size, err)
		}
		if len(r.Sessions) != len(ids) {
			t.Fatalf("blocks of %d: %d sessions, want %d", size, len(r.Sessions), len(ids))
		}
		for _, rs := range r.Sessions {
			if got := rs.Results; !reflect.DeepEqual(got, want[rs.Session.ID]) {
				t.Errorf("blocks of %d, session %s: %s, want %s", size, rs.Session.ID, resultsText(got), resultsText(want[rs.Session.ID]))
			}
			list, err := s.Participants(ctx, rs.Session.ID)
			if err != nil {
				t.Fatal(err)
			}
			if totals := Totals(list); !reflect.DeepEqual(rs.Totals, totals) {
				t.Errorf("blocks of %d, session %s: totals %+v, want %+v", size, rs.Session.ID, rs.Totals, totals)
			}
		}
	}
}

// TestRecapSheetsQueryPlan: each block of sheets starts where the last
// ended by the table's key, not by reading the table from its start, and
// the sheets keyed by text are found by the key too.
func TestRecapSheetsQueryPlan(t *testing.T) {
	s, _ := fourDemoSessions(t)
	for _, tc := range []struct {
		query, want string
		args        []any
	}{
		{sheetsQuery, "SEARCH answer_sheets USING PRIMARY KEY ((participant_id,phase)>(?,?))", []any{[]byte("0123456789abcdef"), 0, 10}},
		{textSheetsQuery, "SEARCH answer_sheets USING PRIMARY KEY (participant_id<?)", nil},
	} {
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+tc.query, tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if text := strings.Join(plan, "; "); !strings.Contains(text, tc.want) {
			t.Errorf("plan: %s, want %s", text, tc.want)
		}
	}
}

func resultsText(r RecapResults) string {
	phase := func(p *RecapPhase) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprintf("%s/%d/%v", p.Source, p.N, p.Mean)
	}
	return "pre " + phase(r.Pre) + " post " + phase(r.Post)
}

// TestRecapQuestionsInNumberOrder: the whole recap reads the questions in
// the table's order, which need not be their numbers' (renumbered, or
// brought by a bundle in another order); each session's list is still in
// number order, as the session's own list.
func TestRecapQuestionsInNumberOrder(t *testing.T) {
	ctx := t.Context()
	s, ids := fourDemoSessions(t)
	most := ids[1]
	for _, text := range []string{"Berapa biaya resmi?", "Di mana BP3MI?", "Apakah visa kerja wajib?"} {
		if _, err := s.AddQuestion(ctx, Question{SessionID: most, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE questions SET number = 1000 - number WHERE session_id = ?", most); err != nil {
		t.Fatal(err)
	}
	for _, f := range []RecapFilter{{}, {From: "2000-01-01"}} {
		r, err := s.Recap(ctx, f, RecapOptions{Questions: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, rs := range r.Sessions {
			own, err := s.Questions(ctx, rs.Session.ID)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []int
			for _, q := range own {
				if !q.Confidential && q.DeletedAt == nil {
					want = append(want, q.Number)
				}
			}
			for _, q := range rs.Questions {
				got = append(got, q.Number)
			}
			if rs.Session.ID == most && len(want) < 2 {
				t.Fatalf("session %s has %d questions: the test needs two to reverse", most, len(want))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("filter %+v, session %s: questions %v, want %v", f, rs.Session.ID, got, want)
			}
		}
	}
}

// TestRecapRefusesColumnsThatDisagree: a person without an id (SQLite lets
// a rowid table's TEXT PRIMARY KEY be NULL) and one whose id holds the
// record separator would cancel out in a column of ids; the recap must
// stop with the reason rather than pair every id between them with its
// neighbour's session (a reviewer's case: the numbers came out wrong and
// no error was given).
func TestRecapRefusesColumnsThatDisagree(t *testing.T) {
	s, ids := fourDemoSessions(t)
	now := s.now()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO participants (id, session_id, number, name, name_key, gender, created_at, updated_at)
			VALUES (NULL, ?, 500, 'Null', 'null', 'P', ?, ?)`, []any{ids[0], now, now}},
		{`UPDATE participants SET rowid = rowid + 1000 WHERE session_id = ?`, []any{ids[1]}},
		{`INSERT INTO participants (id, session_id, number, name, name_key, gender, created_at, updated_at)
			VALUES ('odd'||char(30)||'id', ?, 501, 'Odd', 'odd', 'P', ?, ?)`, []any{ids[2], now, now}},
	} {
		if _, err := s.db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	for _, size := range []int{recapBlock, 2000, 7} {
		defer func(old int) { recapBlock = old }(recapBlock)
		recapBlock = size
		if _, err := s.Recap(t.Context(), RecapFilter{}, RecapOptions{}); err == nil || !strings.Contains(err.Error(), "participants") {
			t.Errorf("blocks of %d: recap error %v, want one about the participants", size, err)
		}
	}
}

// TestRecapReadsRowidsAnywhere: rows moved to negative rowids or far
// beyond the others (a repaired or hand-edited file) are counted, and the
// gap between is skipped rather than walked a block at a time.
func TestRecapReadsRowidsAnywhere(t *testing.T) {
	ctx := t.Context()
	s, ids := fourDemoSessions(t)
	if _, err := s.db.ExecContext(ctx, "UPDATE participants SET rowid = -rowid WHERE session_id = ?", ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE participants SET rowid = rowid + (1 << 50) WHERE session_id = ?", ids[3]); err != nil {
		t.Fatal(err)
	}
	r, err := s.Recap(ctx, RecapFilter{}, RecapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range r.Sessions {
		if want := recapResults(ComputeResults(mustQuizData(t, s, rs.Session.ID))); !reflect.DeepEqual(rs.Results, want) {
			t.Errorf("session %s: %s, want %s", rs.Session.ID, resultsText(rs.Results), resultsText(want))
		}
		list, err := s.Participants(ctx, rs.Session.ID)
		if err != nil {
			t.Fatal(err)
		}
		if totals := Totals(list); !reflect.DeepEqual(rs.Totals, totals) || totals.Total == 0 {
			t.Errorf("session %s: totals %+v, want %+v", rs.Session.ID, rs.Totals, totals)
		}
	}
}
