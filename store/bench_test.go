package store_test

import (
	"fmt"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// BenchmarkOpenAndList1000 opens the store (lock, quick_check, migrations
// check) and lists 1,000 sessions with their counts, as the window does.
func BenchmarkOpenAndList1000(b *testing.B) {
	dir := b.TempDir()
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
