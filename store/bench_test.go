package store_test

import (
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
