package store_test

import (
	"errors"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// quizFixture is a session with three people and a four-item quiz: two
// items in both tests, one pre only, one post only.
func quizFixture(t *testing.T) (*store.Store, store.Session, []store.Participant, []store.QuizItem) {
	t.Helper()
	s := mustOpen(t)
	sess := mustSession(t, s)
	var people []store.Participant
	for _, p := range []store.Participant{{Name: "Lalu Ahmad", Gender: "L"}, {Name: "Baiq Rina", Gender: "P"}, {Name: "Inaq Sumiati", Gender: "P"}} {
		p.SessionID = sess.ID
		saved, err := s.AddParticipant(ctx, p, store.AddParticipantOptions{})
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, saved)
	}
	tf := []string{"Benar", "Salah"}
	items, err := s.SnapshotQuiz(ctx, sess.ID, []store.QuizItem{
		{QuestionID: "q01", Phase: store.PhaseBoth, Text: "TPPO hanya dengan kekerasan.", Options: tf, Letters: []string{"B", "S"}, Answer: 1, PackID: "p", PackVersion: "1"},
		{QuestionID: "q02", Phase: store.PhaseBoth, Text: "Usia minimal PMI?", Options: []string{"15", "17", "18", "21"}, Letters: []string{"A", "B", "C", "D"}, Answer: 2, PackID: "p", PackVersion: "1"},
		{QuestionID: "q03", Phase: store.PhasePre, Text: "Pre saja", Options: tf, Letters: []string{"B", "S"}, Answer: 0, PackID: "p", PackVersion: "1"},
		{QuestionID: "q04", Phase: store.PhasePost, Text: "Post saja", Options: tf, Letters: []string{"B", "S"}, Answer: 0, PackID: "p", PackVersion: "1"},
	})
	if err != nil || len(items) != 4 {
		t.Fatalf("snapshot: %d %v", len(items), err)
	}
	return s, sess, people, items
}

func TestSnapshotIsKeptWhenThePackChanges(t *testing.T) {
	s, sess, _, items := quizFixture(t)
	// A newer pack version dropped q03 and reworded q01: the session keeps its snapshot.
	again, err := s.SnapshotQuiz(ctx, sess.ID, []store.QuizItem{
		{QuestionID: "q01", Phase: store.PhaseBoth, Text: "Baru", Options: []string{"Benar", "Salah"}, Letters: []string{"B", "S"}, Answer: 1},
	})
	if err != nil || len(again) != 4 || again[0].Text != items[0].Text {
		t.Fatalf("snapshot changed: %+v %v", again, err)
	}
}

func TestParseAnswers(t *testing.T) {
	_, _, _, items := quizFixture(t)
	pre := store.PhaseItems(items, store.PhasePre) // q01 (B/S), q02 (A–D), q03 (B/S)
	tests := []struct {
		typed   string
		choices []int
		errPos  int // 0: no character error
		count   bool
	}{
		{"SCB", []int{1, 2, 0}, 0, false},
		{"s c b", []int{1, 2, 0}, 0, false},
		{"-C.", []int{store.Blank, 2, store.Blank}, 0, false},
		{"SC", []int{1, 2}, 0, true},      // fewer answers than questions
		{"SCBB", []int{1, 2, 0}, 0, true}, // more
		{"SE", []int{1}, 2, false},        // E is not an option of q02
		{"A", []int{}, 1, false},          // A is not B/S
	}
	for _, tt := range tests {
		choices, err := store.ParseAnswers(pre, tt.typed)
		var aerr store.AnswerError
		errors.As(err, &aerr)
		if len(choices) != len(tt.choices) || aerr.Position != tt.errPos || (aerr.Want > 0) != tt.count {
			t.Errorf("%q: %v %+v", tt.typed, choices, aerr)
			continue
		}
		for i := range choices {
			if choices[i] != tt.choices[i] {
				t.Errorf("%q: choices %v, want %v", tt.typed, choices, tt.choices)
			}
		}
	}
}

func TestScoring(t *testing.T) {
	s, sess, people, items := quizFixture(t)
	pre, post := store.PhaseItems(items, store.PhasePre), store.PhaseItems(items, store.PhasePost)
	save := func(p store.Participant, phase store.Phase, typed string) {
		t.Helper()
		list := pre
		if phase == store.PhasePost {
			list = post
		}
		choices, err := store.ParseAnswers(list, typed)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveAnswers(ctx, p.ID, phase, choices); err != nil {
			t.Fatal(err)
		}
	}
	results := func() store.Results {
		d, err := s.QuizData(ctx, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		return store.ComputeResults(d)
	}

	if r := results(); r.Pre != nil || r.Post != nil || r.Gain != nil || r.MatchedGain != nil {
		t.Fatalf("no answers: %+v", r)
	}
	save(people[0], store.PhasePre, "SAB")  // 2 of 3 (q02 wrong)
	save(people[1], store.PhasePre, "B--")  // 0 of 3, blanks
	save(people[0], store.PhasePost, "SCB") // 3 of 3
	save(people[2], store.PhasePost, "SAS") // 1 of 3
	r := results()
	if r.Pre.Source != store.SourceIndividual || r.Pre.N != 2 || r.Pre.Mean != 33.3 || *r.Pre.Median != 33.3 {
		t.Fatalf("pre: %+v", r.Pre)
	}
	if r.Post.N != 2 || r.Post.Mean != 66.7 || r.Pre.Distribution[0] != 1 || r.Pre.Distribution[2] != 1 {
		t.Fatalf("post: %+v / pre distribution %v", r.Post, r.Pre.Distribution)
	}
	if *r.Gain != 33.4 || r.Matched != 1 || *r.MatchedGain != 33.3 {
		t.Fatalf("gain %v, matched %d %v", *r.Gain, r.Matched, *r.MatchedGain)
	}
	if g := r.Pre.ByGender[store.Female]; g.N != 1 || g.Mean != 0 {
		t.Fatalf("by gender: %+v", r.Pre.ByGender)
	}
	if r.Weakest[0].Pre == nil || r.Weakest[len(r.Weakest)-1].ID != "q01" {
		t.Fatalf("weakest first: %+v", r.Weakest)
	}
	// Editing answers replaces them; a deleted participant no longer counts.
	save(people[1], store.PhasePre, "SCB")
	if err := s.DeleteParticipant(ctx, people[1].ID); err != nil {
		t.Fatal(err)
	}
	if r := results(); r.Pre.N != 1 {
		t.Fatalf("deleted participant still counted: %+v", r.Pre)
	}
}

func TestShowOfHands(t *testing.T) {
	s, sess, _, items := quizFixture(t)
	// q02 asked with counts per option: 3 people registered, 7 hands (a warning, still saved).
	_, err := s.SaveTally(ctx, items[1].ID, store.PhasePre, store.Tally{Counts: []int{1, 2, 3, 1}})
	if !errors.Is(err, store.ErrTallyExceedsAttendance) {
		t.Fatalf("more hands than registered: %v", err)
	}
	correct, present := 2, 3
	if _, err := s.SaveTally(ctx, items[0].ID, store.PhasePre, store.Tally{Correct: &correct, Present: &present}); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]store.Tally{
		"negative":      {Counts: []int{-1, 2, 0, 0}},
		"absurd":        {Counts: []int{1000000, 0, 0, 0}},
		"more right":    {Correct: &present, Present: &correct},
		"wrong options": {Counts: []int{1, 2}},
	} {
		if _, err := s.SaveTally(ctx, items[1].ID, store.PhasePost, bad); err == nil || errors.Is(err, store.ErrTallyExceedsAttendance) {
			t.Errorf("%s: saved (%v)", name, err)
		}
	}
	d, _ := s.QuizData(ctx, sess.ID)
	r := store.ComputeResults(d)
	if r.Pre.Source != store.SourceHands || r.Pre.Median != nil || r.Pre.N != 7 {
		t.Fatalf("hands: %+v", r.Pre)
	}
	// q01: 2 of 3 = 66.7; q02: 3 of 7 = 42.9; q03 none. Mean of what was counted.
	if r.Pre.Mean != 54.8 || r.Pre.Questions[2].CorrectPct != nil {
		t.Fatalf("hands mean %v, questions %+v", r.Pre.Mean, r.Pre.Questions)
	}
	if r.Post != nil || r.Gain != nil {
		t.Fatalf("post should be empty: %+v", r.Post)
	}
}

func TestZeroParticipantsNoQuiz(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	d, err := s.QuizData(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := store.ComputeResults(d)
	if r.Pre != nil || r.Post != nil || r.Weakest == nil || len(r.Weakest) != 0 {
		t.Fatalf("%+v", r)
	}
}
