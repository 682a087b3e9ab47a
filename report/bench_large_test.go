package report_test

import (
	"io"
	"os"
	"testing"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// largeRecap is the recap of every session in a large data folder made
// beforehand, e.g. a province's year:
//
//	penyuluh demo --sessions 10000 --data /tmp/year
//	PENYULUH_BENCH_DATA=/tmp/year go test -run '^$' -bench Large ./report/
//
// Without the variable the benchmarks are skipped.
func largeRecap(b *testing.B) (store.Recap, store.Settings) {
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
	r, err := s.Recap(ctx, store.RecapFilter{}, store.RecapOptions{})
	if err != nil {
		b.Fatal(err)
	}
	settings, err := s.Settings(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return r, settings
}

// BenchmarkLargeRecapPDF writes the recap PDF of every session.
func BenchmarkLargeRecapPDF(b *testing.B) {
	r, settings := largeRecap(b)
	b.ResetTimer()
	for b.Loop() {
		if err := report.RecapPDF(io.Discard, r, settings, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
