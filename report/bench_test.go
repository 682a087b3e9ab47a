package report_test

import (
	"io"
	"testing"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
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

// BenchmarkSessionReport60Scripts is the 60-person report with every
// participant's name in another script (scriptNames in turn): fallback
// fonts, shaping and the ActualText spans.
func BenchmarkSessionReport60Scripts(b *testing.B) {
	_, data := demoSession(b, 60, 6)
	quiz := data.Quiz
	quiz.Participants = append([]store.Participant(nil), quiz.Participants...)
	for i := range quiz.Participants {
		quiz.Participants[i].Name = scriptNames[i%len(scriptNames)].name
	}
	data = report.NewSessionData(data.Session, data.Settings, quiz, data.Questions, data.Photos, "")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := report.SessionReport(io.Discard, data, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
