package sync

import (
	"io"
	"os"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// largeRecap is the recap of every session in a large data folder made
// beforehand, e.g. a province's year:
//
//	penyuluh demo --sessions 10000 --data /tmp/year
//	PENYULUH_BENCH_DATA=/tmp/year go test -run '^$' -bench Large ./sync/
//
// Without the variable the benchmarks are skipped.
func largeRecap(b *testing.B) store.Recap {
	b.Helper()
	dir := os.Getenv("PENYULUH_BENCH_DATA")
	if dir == "" {
		b.Skip("PENYULUH_BENCH_DATA names no data folder")
	}
	s, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	r, err := s.Recap(ctx, store.RecapFilter{}, store.RecapOptions{Questions: true})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkLargeRecapXLSX writes the recap workbook of every session.
func BenchmarkLargeRecapXLSX(b *testing.B) {
	r := largeRecap(b)
	b.ResetTimer()
	for b.Loop() {
		if err := WriteRecapXLSX(io.Discard, r, RecapXLSXOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
