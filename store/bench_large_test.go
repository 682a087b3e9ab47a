package store_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// The benchmarks below run on a large data folder made beforehand, e.g. a
// province's year:
//
//	penyuluh demo --sessions 10000 --data /tmp/year
//	PENYULUH_BENCH_DATA=/tmp/year go test -run '^$' -bench Large ./store/
//
// They add rows to it; without the variable they are skipped.
func largeStore(b *testing.B) *store.Store { return openLarge(b, store.Options{}) }

// largeReader opens the large data folder read-only, as the reading
// commands (recap, report, sessions) do.
func largeReader(b *testing.B) *store.Store { return openLarge(b, store.Options{ReadOnly: true}) }

func openLarge(b *testing.B, opts store.Options) *store.Store {
	b.Helper()
	dir := os.Getenv("PENYULUH_BENCH_DATA")
	if dir == "" {
		b.Skip("PENYULUH_BENCH_DATA names no data folder")
	}
	s, err := store.Open(dir, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkLargeAddParticipant is one Enter in the attendance form on the
// large database: one durable commit.
func BenchmarkLargeAddParticipant(b *testing.B) {
	s := largeStore(b)
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
	if err := s.DeleteSession(ctx, sess.ID); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLargeSessions lists every session with its counts, as the
// window's session list does at start.
func BenchmarkLargeSessions(b *testing.B) {
	s := largeStore(b)
	for b.Loop() {
		if list, err := s.Sessions(ctx); err != nil || len(list) == 0 {
			b.Fatalf("%d sessions: %v", len(list), err)
		}
	}
}

// BenchmarkLargeBackup is a snapshot of the large database.
func BenchmarkLargeBackup(b *testing.B) {
	s := largeStore(b)
	for b.Loop() {
		path, err := s.Backup(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(path)
		b.StartTimer()
	}
}

// BenchmarkLargeRecap computes the recap of every session, as
// `penyuluh recap` does before it writes the PDF or the workbook.
func BenchmarkLargeRecap(b *testing.B) {
	s := largeReader(b)
	for b.Loop() {
		if r, err := s.Recap(ctx, store.RecapFilter{}, store.RecapOptions{}); err != nil || r.Totals.Sessions == 0 {
			b.Fatalf("%d sessions: %v", r.Totals.Sessions, err)
		}
	}
}
