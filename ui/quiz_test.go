package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/store"
)

// openQuiz opens a session with people but no answers on the quiz tab.
func openQuiz(t *testing.T) (*mainWindow, *sessionScreen) {
	t.Helper()
	mw := newTestWindow(t)
	pack := content.Default()
	sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 5, PackID: pack.ID, PackVersion: pack.Version})
	if err != nil {
		t.Fatal(err)
	}
	screen := newSessionScreen(mw, sess.ID)
	screen.show()
	screen.tabs.SelectIndex(2)
	return mw, screen
}

func TestQuizIndividualAnswersScore(t *testing.T) {
	mw, screen := openQuiz(t)
	q := screen.quiz
	items := q.phaseItems()
	if q.saved || len(items) == 0 || len(items) != len(content.Default().QuizFor(content.PhasePre)) {
		t.Fatalf("before first use the quiz comes from the pack: saved %v, %d items", q.saved, len(items))
	}
	q.list.Select(0)
	if !strings.Contains(q.answerMsg.Text, "0 dari") {
		t.Fatalf("message before typing: %q", q.answerMsg.Text)
	}
	test.Type(q.answers, "Z")
	if !strings.Contains(q.answerMsg.Text, "bukan salah satu pilihan") {
		t.Fatalf("a wrong letter is not flagged as typed: %q", q.answerMsg.Text)
	}
	// All correct answers, typed the way officers do, in groups of five.
	var typed strings.Builder
	for i, item := range items {
		if i > 0 && i%5 == 0 {
			typed.WriteByte(' ')
		}
		typed.WriteString(strings.ToLower(item.Letters[item.Answer]))
	}
	q.answers.SetText(typed.String())
	if !strings.Contains(q.answerMsg.Text, "(100%)") {
		t.Fatalf("the score does not appear: %q", q.answerMsg.Text)
	}
	press(q.answers, fyne.KeyReturn)

	d, _ := mw.store.QuizData(ctx, screen.session.ID)
	if len(d.Items) == 0 || len(d.Sheets) != 1 {
		t.Fatalf("snapshot %d items, %d sheets", len(d.Items), len(d.Sheets))
	}
	r := store.ComputeResults(d)
	if r.Pre == nil || r.Pre.Mean != 100 || !strings.Contains(q.summary.Text, "rata-rata 100,0%") {
		t.Fatalf("results: %+v, summary %q", r.Pre, q.summary.Text)
	}
	if q.selected != 1 {
		t.Fatalf("Enter did not move to the next person (selected %d)", q.selected)
	}
}

func TestQuizShowOfHandsUpdatesChart(t *testing.T) {
	mw, screen := openQuiz(t)
	q := screen.quiz
	q.setMode(true)
	row := q.handsBox.Objects
	if len(row) < 3 {
		t.Fatalf("no rows for the show of hands")
	}
	// The first question's option boxes: type counts, leave the last box.
	var boxes []*field
	walk(q.handsBox, func(o fyne.CanvasObject) {
		if f, ok := o.(*field); ok {
			boxes = append(boxes, f)
		}
	})
	first := q.phaseItems()[0]
	for i := range first.Options {
		n := "1"
		if i == first.Answer {
			n = "4"
		}
		boxes[i].SetText(n)
	}
	boxes[len(first.Options)-1].FocusLost()
	d, _ := mw.store.QuizData(ctx, screen.session.ID)
	if len(d.Tallies) != 1 {
		t.Fatalf("%d tallies saved", len(d.Tallies))
	}
	if len(q.chart.rows) == 0 || q.chart.rows[0].pre == nil || *q.chart.rows[0].pre == 0 {
		t.Fatalf("the chart was not updated: %+v", q.chart.rows)
	}
	if !strings.Contains(q.summary.Text, "angkat tangan") {
		t.Fatalf("the summary does not say the numbers come from hands: %q", q.summary.Text)
	}
}

func TestQuizProjectorRevealsThenAdvances(t *testing.T) {
	mw := newTestWindow(t)
	items := store.PhaseItems(packs.Quiz(content.Default()), store.PhasePre)
	p := openQuizProjector(mw.app, "Pre-test", items)
	defer p.win.Close()
	p.onKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if !p.revealed || p.index != 0 {
		t.Fatal("the first next did not reveal the answer")
	}
	p.onRune(' ')
	if p.revealed || p.index != 1 {
		t.Fatal("the second next did not go to question 2")
	}
	p.onKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if p.index != len(items)-1 {
		t.Fatal("End did not go to the last question")
	}
	p.onRune('b')
	if !p.black {
		t.Fatal("B did not black the screen")
	}
}
