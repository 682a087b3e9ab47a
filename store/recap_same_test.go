package store_test

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// oldRecapSession is how a recap computed one session before it read all
// sessions at once (recap_load.go): QuizData, Totals, ComputeResults and
// Questions for that session alone. It is the reference the recap must
// equal.
func oldRecapSession(t *testing.T, s *store.Store, sess store.Session) store.RecapSession {
	t.Helper()
	rs := store.RecapSession{Session: sess, Questions: []store.Question{}}
	quiz, err := s.QuizData(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	rs.Participants = quiz.Participants
	rs.Totals = store.Totals(quiz.Participants)
	res := store.ComputeResults(quiz)
	phase := func(p *store.PhaseResult) *store.RecapPhase {
		if p == nil {
			return nil
		}
		return &store.RecapPhase{Source: p.Source, N: p.N, Mean: p.Mean}
	}
	rs.Results = store.RecapResults{Pre: phase(res.Pre), Post: phase(res.Post), Gain: res.Gain}
	questions, err := s.Questions(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range questions {
		if q.Open() {
			rs.OpenFollowUps++
			if q.Urgent {
				rs.UrgentFollowUps++
			}
		}
		if !q.Confidential {
			rs.Questions = append(rs.Questions, q)
		}
	}
	return rs
}

// answerAll gives each participant of a session the typed answers of
// its phase, person by person ("" leaves that person without a sheet).
func answerAll(t *testing.T, s *store.Store, id string, phase store.Phase, typed ...string) {
	t.Helper()
	items, err := s.QuizItems(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	items = store.PhaseItems(items, phase)
	people, err := s.Participants(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range people {
		if i >= len(typed) || typed[i] == "" {
			continue
		}
		choices, err := store.ParseAnswers(items, typed[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveAnswers(ctx, p.ID, phase, choices); err != nil {
			t.Fatal(err)
		}
	}
}

func addPeople(t *testing.T, s *store.Store, id string, n int) {
	t.Helper()
	for i := range n {
		age := 12 + i*7%60
		p := store.Participant{SessionID: id, Name: "Peserta " + string(rune('A'+i%26)) + strings.Repeat("i", i/26),
			Gender: []string{"L", "P"}[i%2], Age: &age, Category: store.Categories[i%len(store.Categories)], Village: "Desa Sakra"}
		if i%5 == 0 {
			p.Age = nil
		}
		if _, err := s.AddParticipant(ctx, p, store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
			t.Fatal(err)
		}
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestRecapSameAsPerSession builds sessions that exercise every rule of
// the scores and counts, and checks for each filter that the recap picks
// the right sessions and gives each the numbers the per-session
// computation gives.
func TestRecapSameAsPerSession(t *testing.T) {
	s := mustOpen(t)
	quiz := exQuiz() // pre: q01 q02 q03; post: q01 q02 q04
	made := map[string]store.Session{}
	place := func(name string, sess store.Session, date, district, regency string) {
		t.Helper()
		sess.Date, sess.District, sess.Regency = date, district, regency
		sess, err := s.UpdateSession(ctx, sess)
		if err != nil {
			t.Fatal(err)
		}
		made[name] = sess
	}
	blank := func(people int) store.Session {
		t.Helper()
		sess := mustCreate(t, s, validSession())
		addPeople(t, s, sess.ID, people)
		if people > 0 {
			if _, err := s.SnapshotQuiz(ctx, sess.ID, quiz); err != nil {
				t.Fatal(err)
			}
		}
		return sess
	}
	demo := func(seed uint64, people int) store.Session {
		t.Helper()
		sess, err := s.Demo(ctx, store.DemoOptions{Seed: &seed, Participants: people, PackID: "p", PackVersion: "1", Quiz: quiz})
		if err != nil {
			t.Fatal(err)
		}
		return sess
	}

	// Both tests typed, a show of hands beside them (ignored), questions
	// (urgent, confidential), a deleted participant who had answered.
	place("both", exSession(t, s, 30), "2026-02-10", "Sakra", "Lombok Timur")

	// A deleted quiz item: the tests have two items left.
	sess := demo(11, 25)
	items, _ := s.QuizItems(ctx, sess.ID)
	if err := s.DeleteQuizItemForTest(ctx, items[1].ID); err != nil {
		t.Fatal(err)
	}
	place("deleted item", sess, "2026-02-20", "Sakra", "Lombok Timur")

	// Shows of hands only: counts per option before, right of present after.
	sess = blank(6)
	items, _ = s.QuizItems(ctx, sess.ID)
	for i, item := range store.PhaseItems(items, store.PhasePre) {
		counts := make([]int, len(item.Options))
		counts[item.Answer], counts[0] = 4-i, counts[0]+2
		if _, err := s.SaveTally(ctx, item.ID, store.PhasePre, store.Tally{Counts: counts}); err != nil && !errors.Is(err, store.ErrTallyExceedsAttendance) {
			t.Fatal(err)
		}
	}
	right, present := 5, 6
	post := store.PhaseItems(items, store.PhasePost)[0]
	if _, err := s.SaveTally(ctx, post.ID, store.PhasePost, store.Tally{Correct: &right, Present: &present}); err != nil {
		t.Fatal(err)
	}
	place("hands", sess, "2026-03-05", "Aikmel", "Lombok Timur")

	// Pre-test only, post-test only, finalized.
	sess = blank(7)
	answerAll(t, s, sess.ID, store.PhasePre, "SCB", "BCB", "SAS", "", "S-B", "SCS", "BBB")
	place("pre only", sess, "2026-03-06", "Aikmel", "Lombok Timur")
	sess = blank(5)
	answerAll(t, s, sess.ID, store.PhasePost, "SCB", "SCB", "BAB", "SCS", "---")
	place("post only", sess, "2026-02-15", "Pujut", "Lombok Tengah")
	if _, err := s.FinalizeSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}

	// Three right answers among 16 sheets of three items: a mean of exactly
	// 6.25 %, where the order of the sum decides the rounding.
	sess = blank(16)
	answerAll(t, s, sess.ID, store.PhasePre, append(repeat("SAS", 3), repeat("BAS", 13)...)...)
	answerAll(t, s, sess.ID, store.PhasePost, append(repeat("SCB", 9), repeat("BAS", 7)...)...)
	place("tie", sess, "2026-04-01", "Pujut", "Lombok Tengah")

	// Attendance without a quiz; questions closed and open.
	sess = mustCreate(t, s, validSession())
	addPeople(t, s, sess.ID, 9)
	for i, status := range []store.QuestionStatus{store.QuestionFollowUp, store.QuestionReferred, store.QuestionFollowUp} {
		q, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Bagaimana melapor?", Status: status, Urgent: i == 1, ReferredTo: "Unit PPA/PPO"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if _, err := s.CloseFollowUp(ctx, q.ID, "2026-04-03", "Sudah dihubungi"); err != nil {
				t.Fatal(err)
			}
		}
	}
	place("no quiz", sess, "2026-04-02", "Pringgabaya", "lombok timur ")

	// Left out: a draft (no attendance) and a deleted session.
	place("draft", mustCreate(t, s, validSession()), "2026-02-11", "Sakra", "Lombok Timur")
	sess = demo(5, 12)
	place("deleted", sess, "2026-02-12", "Sakra", "Lombok Timur")
	if err := s.DeleteSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		filter store.RecapFilter
		want   []string
	}{
		{"everything", store.RecapFilter{}, []string{"both", "post only", "deleted item", "hands", "pre only", "tie", "no quiz"}},
		{"regency", store.RecapFilter{Regency: "Lombok Timur"}, []string{"both", "deleted item", "hands", "pre only", "no quiz"}},
		{"district", store.RecapFilter{Regency: "lombok timur", District: "aikmel"}, []string{"hands", "pre only"}},
		{"district alone", store.RecapFilter{District: "Pujut"}, []string{"post only", "tie"}},
		{"period", store.RecapFilter{From: "2026-02-15", To: "2026-03-05"}, []string{"post only", "deleted item", "hands"}},
		{"from", store.RecapFilter{From: "2026-04-01"}, []string{"tie", "no quiz"}},
		{"to", store.RecapFilter{To: "2026-02-10"}, []string{"both"}},
		{"nothing", store.RecapFilter{Regency: "Sumbawa"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.Recap(ctx, tt.filter, store.RecapOptions{Questions: true, Participants: true})
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, rs := range r.Sessions {
				got = append(got, rs.Session.ID)
			}
			for _, name := range tt.want {
				want = append(want, made[name].ID)
			}
			sort.Strings(got)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("sessions %v, want %v", got, want)
			}
			people, preN := 0, 0
			for _, rs := range r.Sessions {
				old := oldRecapSession(t, s, rs.Session)
				rs.Origin = store.Origin{}
				if !reflect.DeepEqual(rs, old) {
					t.Errorf("session %s:\n got  %s\n want %s", rs.Session.ID, recapText(rs), recapText(old))
				}
				people += old.Totals.Total
				if old.Results.Pre != nil {
					preN += old.Results.Pre.N
				}
			}
			if r.Totals.Sessions != len(want) || r.Totals.Participants != people || r.Totals.PreN != preN {
				t.Errorf("totals %+v, want %d sessions, %d people, %d pre-test sheets", r.Totals, len(want), people, preN)
			}
		})
	}
	// The tie really is one: its pre-test mean is what the sheets summed in
	// order give.
	r, err := s.Recap(ctx, store.RecapFilter{District: "Pujut", From: "2026-04-01"}, store.RecapOptions{})
	if err != nil || len(r.Sessions) != 1 || r.Sessions[0].Results.Pre.N != 16 {
		t.Fatalf("tie session: %+v %v", r.Sessions, err)
	}
	if r.Sessions[0].Participants != nil || len(r.Sessions[0].Questions) != 0 {
		t.Error("participants or questions read without being asked for")
	}
}

func recapText(rs store.RecapSession) string {
	phase := func(p *store.RecapPhase) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprintf("%s/%d/%v", p.Source, p.N, p.Mean)
	}
	gain := "nil"
	if rs.Results.Gain != nil {
		gain = fmt.Sprint(*rs.Results.Gain)
	}
	return fmt.Sprintf("totals %+v pre %s post %s gain %s open %d urgent %d, %d questions, %d people", rs.Totals,
		phase(rs.Results.Pre), phase(rs.Results.Post), gain, rs.OpenFollowUps, rs.UrgentFollowUps, len(rs.Questions), len(rs.Participants))
}
