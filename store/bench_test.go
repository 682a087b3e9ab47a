package store_test

import (
	"fmt"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// BenchmarkOpenAndList1000 opens the store (lock, quick_check, migrations
// check) and lists 1,000 sessions with their counts, as the window does.
func BenchmarkOpenAndList1000(b *testing.B) {
	dir := store.TempDir(b)
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		mustCreate(b, s, validSession())
	}
	s.Close()
	b.ResetTimer()
	for b.Loop() {
		s, err := store.Open(dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		list, err := s.Sessions(ctx)
		if err != nil || len(list) != 1000 {
			b.Fatalf("%d sessions, %v", len(list), err)
		}
		s.Close()
	}
}

// BenchmarkCreateSession is one durable commit of a new session.
func BenchmarkCreateSession(b *testing.B) {
	s := mustOpen(b)
	sess := validSession()
	for b.Loop() {
		mustCreate(b, s, sess)
	}
}

// BenchmarkAddParticipant is one Enter in the attendance form: validation,
// the duplicate check and one durable commit.
func BenchmarkAddParticipant(b *testing.B) {
	s := mustOpen(b)
	sess := mustSession(b, s)
	i := 0
	for b.Loop() {
		i++
		_, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: fmt.Sprintf("Baiq Nurul %d", i),
			Gender: "P", Village: "Desa Sakra", Phone: "0812-3456-7890", Consent: true}, store.AddParticipantOptions{})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchParticipants is one keystroke in the search field over a
// list of 1,000 people.
func BenchmarkSearchParticipants(b *testing.B) {
	s := mustOpen(b)
	sess, err := s.Demo(ctx, store.DemoOptions{Participants: 1000})
	if err != nil {
		b.Fatal(err)
	}
	list, _ := s.Participants(ctx, sess.ID)
	idx := store.NewParticipantIndex(list)
	b.ResetTimer()
	for b.Loop() {
		idx.Search("nurul")
	}
}

// BenchmarkResults1000x20 scores 1,000 participants on 20 questions in both
// phases, as the quiz tab and the report do on every refresh.
func BenchmarkResults1000x20(b *testing.B) {
	var d store.QuizData
	for i := 0; i < 20; i++ {
		d.Items = append(d.Items, store.QuizItem{ID: fmt.Sprintf("item%d", i), QuestionID: fmt.Sprintf("q%02d", i),
			Phase: store.PhaseBoth, Options: []string{"A", "B", "C", "D"}, Letters: []string{"A", "B", "C", "D"}, Answer: i % 4})
	}
	for p := 0; p < 1000; p++ {
		id := fmt.Sprintf("p%d", p)
		d.Participants = append(d.Participants, store.Participant{ID: id, Gender: []string{"L", "P"}[p%2]})
		for _, phase := range []store.Phase{store.PhasePre, store.PhasePost} {
			choices := map[string]int{}
			for i, item := range d.Items {
				choices[item.ID] = (p + i) % 4
			}
			d.Sheets = append(d.Sheets, store.AnswerSheet{ParticipantID: id, Phase: phase, Choices: choices})
		}
	}
	b.ResetTimer()
	for b.Loop() {
		store.ComputeResults(d)
	}
}

// privacyBenchStore is 300 demo sessions of 60 people with both tests, one
// sealed tip each, and 14 backups: a coordinator's half year.
func privacyBenchStore(b *testing.B) *store.Store {
	b.Helper()
	s := mustOpen(b)
	for i := 0; i < 300; i++ {
		seed := uint64(i)
		if _, err := s.Demo(ctx, store.DemoOptions{Seed: &seed, Participants: 60, PackID: "p", PackVersion: "1", Quiz: exQuiz()}); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < store.KeepBackups; i++ {
		if _, err := s.Backup(ctx); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkTidy is what the window runs at every start: seal what is in
// clear, expire old undo logs, erase old deleted sessions, apply retention.
func BenchmarkTidy(b *testing.B) {
	s := privacyBenchStore(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Tidy(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeleteParticipant is one deletion: its content emptied, the WAL
// checkpointed and truncated.
func BenchmarkDeleteParticipant(b *testing.B) {
	s := privacyBenchStore(b)
	sessions, _ := s.Sessions(ctx)
	var people []store.Participant
	for _, sess := range sessions {
		list, _ := s.Participants(ctx, sess.ID)
		people = append(people, list...)
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		if err := s.DeleteParticipant(ctx, people[i%len(people)].ID); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCleanBackups checks and cleans 14 snapshots after one deletion.
func BenchmarkCleanBackups(b *testing.B) {
	s := privacyBenchStore(b)
	sessions, _ := s.Sessions(ctx)
	people, _ := s.Participants(ctx, sessions[0].ID)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if err := s.DeleteParticipant(ctx, people[i%len(people)].ID); err != nil {
			b.Fatal(err)
		}
		i++
		b.StartTimer()
		if _, err := s.CleanBackups(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
