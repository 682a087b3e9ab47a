package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// handsRow is the entry for one question's show of hands.
type handsRow struct {
	item    store.QuizItem
	counts  []*field // one per option, or
	correct *field   // how many were right
	present *field   // out of how many present
	msg     *errorText
}

// buildHands lays out one row per question of the phase: a count per
// option (type a number, Enter goes to the next), or in the simple mode
// only how many answered correctly out of those present.
func (q *quizScreen) buildHands() {
	simple := newTick(lang.L("Only count correct answers"), nil)
	simple.Checked = q.handsSimple()
	simple.OnChanged = func(on bool) {
		q.mw.store.SetPreference(context.Background(), "quiz.hands.simple", strconv.FormatBool(on))
		q.refresh()
	}
	q.handsBox.Objects = []fyne.CanvasObject{
		muted(lang.L("Count the hands for each option and type the number; Enter goes to the next box and saves the question. More hands than people registered is allowed (attendance may be incomplete).")),
		simple,
	}
	var all []*field
	tallies := map[string]store.Tally{}
	for _, t := range q.data.Tallies {
		if t.Phase == q.phase {
			tallies[t.ItemID] = t
		}
	}
	for n, item := range q.phaseItems() {
		row := &handsRow{item: item, msg: newErrorText()}
		title := widget.NewLabel(fmt.Sprintf("%d. %s", n+1, item.Text))
		title.Wrapping = fyne.TextWrapWord
		var boxes []fyne.CanvasObject
		t := tallies[item.ID]
		if simple.Checked {
			row.correct, row.present = q.handsField(row, "", t.Correct), q.handsField(row, "", t.Present)
			boxes = append(boxes, labelled(lang.L("Correct"), false, row.correct, nil), labelled(lang.L("Present"), false, row.present, nil))
			all = append(all, row.correct, row.present)
		} else {
			for i, letter := range item.Letters {
				var v *int
				if i < len(t.Counts) {
					v = &t.Counts[i]
				}
				f := q.handsField(row, letter, v)
				row.counts = append(row.counts, f)
				label := letter
				if i == item.Answer {
					label += " ✓"
				}
				boxes = append(boxes, labelled(label, false, f, nil))
				all = append(all, f)
			}
		}
		q.handsBox.Add(container.NewVBox(title, container.NewGridWithColumns(max(4, len(boxes)), boxes...), row.msg, widget.NewSeparator()))
	}
	// Enter moves to the next box; leaving the last box of a row saves it.
	for i, f := range all {
		next := i + 1
		f.OnSubmitted = func(string) {
			if next < len(all) {
				q.mw.win.Canvas().Focus(all[next])
			}
		}
	}
	if q.readOnly {
		for _, f := range all {
			f.Disable()
		}
	}
}

func (q *quizScreen) handsSimple() bool {
	v, _ := q.mw.store.Preference(context.Background(), "quiz.hands.simple")
	return v == "true"
}

func (q *quizScreen) handsField(row *handsRow, placeholder string, v *int) *field {
	f := newField(placeholder)
	if v != nil {
		f.SetText(strconv.Itoa(*v))
	}
	f.onLeave = func() { q.saveHands(row) }
	return f
}

// saveHands saves a row once its numbers are complete. A number that is
// not a whole number, negative or absurd is refused; more hands than
// registered people is saved with a warning.
func (q *quizScreen) saveHands(row *handsRow) {
	if q.readOnly {
		return
	}
	parse := func(f *field) (*int, bool) {
		s := strings.TrimSpace(f.Text)
		if s == "" {
			return nil, true
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > store.MaxHands {
			return nil, false
		}
		return &n, true
	}
	var t store.Tally
	if row.correct != nil {
		c, ok1 := parse(row.correct)
		p, ok2 := parse(row.present)
		if !ok1 || !ok2 {
			row.msg.set(lang.L("Type whole numbers from 0 to {{.Max}}.", map[string]any{"Max": store.MaxHands}))
			return
		}
		if c == nil || p == nil {
			return
		}
		if *c > *p {
			row.msg.set(lang.L("More correct answers than people present."))
			return
		}
		t.Correct, t.Present = c, p
	} else {
		empty := true
		for _, f := range row.counts {
			n, ok := parse(f)
			if !ok {
				row.msg.set(lang.L("Type whole numbers from 0 to {{.Max}}.", map[string]any{"Max": store.MaxHands}))
				return
			}
			if n == nil {
				t.Counts = append(t.Counts, 0)
				continue
			}
			empty = false
			t.Counts = append(t.Counts, *n)
		}
		if empty {
			return
		}
	}
	row.msg.set("")
	phase, questionID := q.phase, row.item.QuestionID
	q.mw.work.run(func() error {
		items, err := q.ensureSnapshot()
		if err != nil {
			return err
		}
		for _, item := range items {
			if item.QuestionID == questionID {
				_, err = q.mw.store.SaveTally(context.Background(), item.ID, phase, t)
				return err
			}
		}
		return store.ErrNotFound
	}, func(err error) {
		switch {
		case errors.Is(err, store.ErrTallyExceedsAttendance):
			row.msg.set(lang.L("Saved. Note: more hands than people registered; is the attendance complete?"))
		case err != nil:
			q.mw.showError(lang.L("The count could not be saved."), err)
			return
		}
		q.afterSave(func() {})
	})
}
