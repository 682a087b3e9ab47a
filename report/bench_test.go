package report_test

import (
	"io"
	"testing"

	"github.com/penyuluh/penyuluh/report"
)

// benchmarkReport writes the report of a demo session with n participants,
// both quizzes and the given number of participants' questions, no photos.
func benchmarkReport(b *testing.B, n, questions int) {
	_, data := demoSession(b, n, questions)
	opts := report.Options{}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := report.SessionReport(io.Discard, data, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSessionReport1000(b *testing.B) { benchmarkReport(b, 1000, 100) }

func BenchmarkSessionReport60(b *testing.B) { benchmarkReport(b, 60, 6) }

// BenchmarkLoad1000 reads what the report of 1,000 participants needs.
func BenchmarkLoad1000(b *testing.B) {
	st, data := demoSession(b, 1000, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := report.Load(ctx, st, "", data.Session.ID); err != nil {
			b.Fatal(err)
		}
	}
}
