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
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/store"
)

// quizScreen runs the pre-test and the post-test: it shows the questions on
// the projector, records answers per person (typed as one letter string) or
// as a show of hands, and shows the results as they come in.
type quizScreen struct {
	mw       *mainWindow
	session  store.Session
	readOnly bool

	phase store.Phase
	hands bool // show-of-hands mode instead of individual answers

	items   []store.QuizItem // the snapshot, or the pack's quiz before first use
	saved   bool             // items are the session's snapshot (they have ids)
	data    store.QuizData
	results store.Results

	phaseButtons [2]*widget.Button
	modeButtons  [2]*widget.Button
	entry        *fyne.Container

	// individual answers
	people    []store.Participant
	list      *widget.List
	selected  int
	answers   *field
	answerMsg *widget.Label

	// show of hands
	handsBox *fyne.Container

	summary *widget.Label
	chart   *prePostChart
	weak    *widget.Label

	phones   *phoneQuiz      // the quiz on phones, while it runs (phonequiz.go)
	phoneBox *fyne.Container // its panel above the entry and results
	root     *fyne.Container
}

func newQuizScreen(mw *mainWindow, session store.Session) *quizScreen {
	return &quizScreen{mw: mw, session: session, readOnly: session.ReadOnly(),
		phase: store.PhasePre, selected: -1}
}

func (q *quizScreen) buildUI() fyne.CanvasObject {
	q.phaseButtons = [2]*widget.Button{
		{Text: lang.L("Pre-test"), OnTapped: func() { q.setPhase(store.PhasePre) }},
		{Text: lang.L("Post-test"), OnTapped: func() { q.setPhase(store.PhasePost) }},
	}
	q.modeButtons = [2]*widget.Button{
		{Text: lang.L("Per person"), Icon: theme.AccountIcon(), OnTapped: func() { q.setMode(false) }},
		{Text: lang.L("Show of hands"), Icon: theme.ListIcon(), OnTapped: func() { q.setMode(true) }},
	}
	project := &widget.Button{Text: lang.L("Show on projector"), Icon: theme.ComputerIcon(), OnTapped: q.onProject}
	phones := &widget.Button{Text: lang.L("Quiz on phones"), Icon: theme.RadioButtonCheckedIcon(), OnTapped: q.onPhones}
	bar := container.NewHBox(q.phaseButtons[0], q.phaseButtons[1], widget.NewSeparator(),
		q.modeButtons[0], q.modeButtons[1], layout.NewSpacer(), phones, project)
	q.phoneBox = container.NewVBox()

	q.answers = newField(lang.L("e.g. ABDCA BBSSA …"))
	q.answers.TextStyle = fyne.TextStyle{Monospace: true}
	q.answers.OnChanged = func(string) { q.checkAnswers() }
	q.answers.OnSubmitted = func(string) { q.onSaveAnswers() }
	q.answerMsg = widget.NewLabel("")
	q.answerMsg.Wrapping = fyne.TextWrapWord
	q.list = &widget.List{
		Length:     func() int { return len(q.people) },
		CreateItem: func() fyne.CanvasObject { return newRow(quizPeopleColumns, 3) },
		UpdateItem: q.updatePerson,
		OnSelected: q.onSelectPerson,
	}
	q.list.ExtendBaseWidget(q.list)
	q.handsBox = container.NewVBox()
	q.entry = container.NewStack()

	q.summary = widget.NewLabel("")
	q.summary.Wrapping = fyne.TextWrapWord
	q.chart = newPrePostChart()
	q.weak = widget.NewLabel("")
	q.weak.Wrapping = fyne.TextWrapWord
	results := container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Results"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		q.summary, q.chart,
		widget.NewLabelWithStyle(lang.L("Explain better next time"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		q.weak))

	split := container.NewHSplit(q.entry, results)
	split.SetOffset(0.55)
	q.load()
	q.root = container.NewBorder(container.NewVBox(bar, q.phoneBox), nil, nil, nil, split)
	return q.root
}

var quizPeopleColumns = columnsLayout{widths: []float32{44, -3, -3}}

// load reads the quiz (the snapshot, or the pack's quiz before first use),
// the answers and the attendance, then rebuilds the entry and results.
func (q *quizScreen) load() {
	var items []store.QuizItem
	var data store.QuizData
	q.mw.work.run(func() (err error) {
		if data, err = q.mw.store.QuizData(context.Background(), q.session.ID); err != nil {
			return err
		}
		items = data.Items
		return nil
	}, func(err error) {
		if err != nil {
			q.mw.showError(lang.L("The quiz could not be read."), err)
			return
		}
		q.saved = len(items) > 0
		if !q.saved {
			items = packs.Quiz(q.mw.pack(q.session.PackID, q.session.PackVersion))
		}
		q.items, q.data, q.people = items, data, data.Participants
		q.results = store.ComputeResults(data)
		q.refresh()
	})
}

// ensureSnapshot gives the session its quiz snapshot before the first
// answer is saved or a question is shown, so a later pack version never
// changes it. It runs on the worker.
func (q *quizScreen) ensureSnapshot() ([]store.QuizItem, error) {
	return q.mw.store.SnapshotQuiz(context.Background(), q.session.ID, packs.Quiz(q.mw.pack(q.session.PackID, q.session.PackVersion)))
}

func (q *quizScreen) phaseItems() []store.QuizItem { return store.PhaseItems(q.items, q.phase) }

func (q *quizScreen) setPhase(p store.Phase) {
	q.phase = p
	q.selected = -1
	q.refresh()
}

func (q *quizScreen) setMode(hands bool) {
	q.hands = hands
	q.refresh()
}

func (q *quizScreen) refresh() {
	for i, p := range []store.Phase{store.PhasePre, store.PhasePost} {
		q.phaseButtons[i].Importance = importanceIf(q.phase == p)
		q.phaseButtons[i].Refresh()
	}
	for i, h := range []bool{false, true} {
		q.modeButtons[i].Importance = importanceIf(q.hands == h)
		q.modeButtons[i].Refresh()
	}
	if q.hands {
		q.buildHands()
		q.entry.Objects = []fyne.CanvasObject{container.NewVScroll(q.handsBox)}
	} else {
		q.entry.Objects = []fyne.CanvasObject{q.individualUI()}
		q.list.Refresh()
	}
	q.entry.Refresh()
	q.showResults()
}

func importanceIf(on bool) widget.Importance {
	if on {
		return widget.HighImportance
	}
	return widget.MediumImportance
}

func (q *quizScreen) individualUI() fyne.CanvasObject {
	n := len(q.phaseItems())
	hint := muted(lang.L("{{.N}} questions. Pick a person, type one letter per question (B/S for Benar/Salah, - for blank), Enter saves and goes to the next person.",
		map[string]any{"N": n}))
	if q.readOnly {
		q.answers.Disable()
	}
	form := container.NewVBox(hint, labelled(lang.L("Answers"), false, q.answers, nil), q.answerMsg)
	header := container.New(quizPeopleColumns, columnHeader(lang.L("No.")), columnHeader(lang.L("Name")), columnHeader(lang.L("Answers")))
	return container.NewBorder(container.NewVBox(form, header, widget.NewSeparator()), nil, nil, nil, q.list)
}

func (q *quizScreen) sheetOf(participantID string) (store.AnswerSheet, bool) {
	for _, s := range q.data.Sheets {
		if s.ParticipantID == participantID && s.Phase == q.phase {
			return s, true
		}
	}
	return store.AnswerSheet{}, false
}

func (q *quizScreen) updatePerson(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(q.people) {
		return
	}
	p := q.people[id]
	answers := "–"
	if s, ok := q.sheetOf(p.ID); ok {
		answers = store.FormatAnswers(q.phaseItems(), s)
	}
	obj.(*fyne.Container).Objects[2].(*widget.Label).TextStyle = fyne.TextStyle{Monospace: true}
	setRow(obj, strconv.Itoa(p.Number), p.Name, answers)
}

func (q *quizScreen) onSelectPerson(id widget.ListItemID) {
	if id >= len(q.people) {
		return
	}
	q.selected = id
	q.answers.SetText("")
	if s, ok := q.sheetOf(q.people[id].ID); ok {
		q.answers.SetText(store.FormatAnswers(q.phaseItems(), s))
	}
	q.checkAnswers()
	q.mw.later(func() { q.mw.win.Canvas().Focus(q.answers) })
}

// checkAnswers validates the typed string as the user types.
func (q *quizScreen) checkAnswers() {
	items := q.phaseItems()
	choices, err := store.ParseAnswers(items, q.answers.Text)
	var aerr store.AnswerError
	switch {
	case q.selected < 0:
		q.answerMsg.Importance = widget.MediumImportance
		q.answerMsg.SetText(lang.L("Choose a person in the list first."))
	case errors.As(err, &aerr) && aerr.Char != "":
		q.answerMsg.Importance = widget.DangerImportance
		q.answerMsg.SetText(lang.L("Answer {{.N}}: “{{.C}}” is not one of the options ({{.Opts}}).",
			map[string]any{"N": aerr.Position, "C": aerr.Char, "Opts": strings.Join(items[aerr.Position-1].Letters, ", ")}))
	case errors.As(err, &aerr) && aerr.Got > aerr.Want:
		q.answerMsg.Importance = widget.DangerImportance
		q.answerMsg.SetText(lang.L("Too many answers: {{.Got}} for {{.Want}} questions.", map[string]any{"Got": aerr.Got, "Want": aerr.Want}))
	case err != nil:
		q.answerMsg.Importance = widget.MediumImportance
		q.answerMsg.SetText(lang.L("{{.Got}} of {{.Want}} answers typed.", map[string]any{"Got": len(choices), "Want": len(items)}))
	default:
		right := 0
		for i, c := range choices {
			if c == items[i].Answer {
				right++
			}
		}
		q.answerMsg.Importance = widget.SuccessImportance
		q.answerMsg.SetText(lang.L("Complete: {{.R}} of {{.N}} correct ({{.P}}%). Enter saves.",
			map[string]any{"R": right, "N": len(items), "P": 100 * right / max(1, len(items))}))
	}
	q.answerMsg.Refresh()
}

// onSaveAnswers saves the selected person's answers, then moves to the
// next person who has none yet in this phase.
func (q *quizScreen) onSaveAnswers() {
	if q.readOnly || q.selected < 0 || q.selected >= len(q.people) {
		return
	}
	items := q.phaseItems()
	choices, err := store.ParseAnswers(items, q.answers.Text)
	if err != nil {
		q.checkAnswers()
		return
	}
	person, phase := q.people[q.selected], q.phase
	q.mw.work.run(func() error {
		if _, err := q.ensureSnapshot(); err != nil {
			return err
		}
		_, err := q.mw.store.SaveAnswers(context.Background(), person.ID, phase, choices)
		return err
	}, func(err error) {
		if err != nil {
			q.mw.showError(lang.L("The answers could not be saved."), err)
			return
		}
		q.mw.showNotice(lang.L("Answers of no. {{.No}} {{.Name}} saved.", map[string]any{"No": person.Number, "Name": person.Name}), "", nil)
		q.afterSave(func() { q.selectNext(person.ID) })
	})
}

// afterSave reloads the data and then runs next.
func (q *quizScreen) afterSave(next func()) {
	var data store.QuizData
	q.mw.work.run(func() (err error) {
		data, err = q.mw.store.QuizData(context.Background(), q.session.ID)
		return err
	}, func(err error) {
		if err != nil {
			q.mw.showError(lang.L("The quiz could not be read."), err)
			return
		}
		q.items, q.saved, q.data, q.people = data.Items, true, data, data.Participants
		q.results = store.ComputeResults(data)
		q.list.Refresh()
		q.showResults()
		next()
	})
}

func (q *quizScreen) selectNext(after string) {
	start := 0
	for i, p := range q.people {
		if p.ID == after {
			start = i + 1
		}
	}
	for i := start; i < len(q.people); i++ {
		if _, ok := q.sheetOf(q.people[i].ID); !ok {
			q.list.Select(i)
			q.list.ScrollTo(i)
			return
		}
	}
	q.selected = -1
	q.answers.SetText("")
	q.checkAnswers()
}

func (q *quizScreen) showResults() {
	r := q.results
	var lines []string
	for _, ph := range []struct {
		name string
		res  *store.PhaseResult
	}{{lang.L("Pre-test"), r.Pre}, {lang.L("Post-test"), r.Post}} {
		lines = append(lines, phaseSummary(ph.name, ph.res))
	}
	if r.Gain != nil {
		lines = append(lines, lang.L("Gain: {{.G}} points", map[string]any{"G": oneDecimal(*r.Gain, true)}))
	}
	if r.MatchedGain != nil {
		lines = append(lines, lang.L("Matched gain ({{.N}} people who took both): {{.G}} points",
			map[string]any{"N": r.Matched, "G": oneDecimal(*r.MatchedGain, true)}))
	}
	q.summary.SetText(strings.Join(lines, "\n"))

	var rows []barRow
	byID := map[string]*barRow{}
	for _, item := range q.items {
		rows = append(rows, barRow{label: item.QuestionID})
	}
	for i := range rows {
		byID[rows[i].label] = &rows[i]
	}
	for _, c := range r.Weakest {
		if row := byID[c.ID]; row != nil {
			row.pre, row.post = c.Pre, c.Post
		}
	}
	q.chart.set(rows)

	var weak []string
	for i, c := range r.Weakest {
		if i == 5 {
			break
		}
		weak = append(weak, fmt.Sprintf("%s · %s", c.ID, c.Text))
	}
	if len(weak) == 0 {
		weak = []string{lang.L("No answers yet.")}
	}
	q.weak.SetText(strings.Join(weak, "\n"))
}

// phaseSummary says where a phase's numbers come from and what they are.
func phaseSummary(name string, res *store.PhaseResult) string {
	if res == nil {
		return lang.L("{{.Phase}}: no answers yet.", map[string]any{"Phase": name})
	}
	if res.Source == store.SourceHands {
		return lang.L("{{.Phase}} (show of hands, up to {{.N}} people): mean {{.Mean}}% correct per question.",
			map[string]any{"Phase": name, "N": res.N, "Mean": oneDecimal(res.Mean, false)})
	}
	text := lang.L("{{.Phase}} (individual answers, {{.N}} people): mean {{.Mean}}%, median {{.Median}}%.",
		map[string]any{"Phase": name, "N": res.N, "Mean": oneDecimal(res.Mean, false), "Median": oneDecimal(*res.Median, false)})
	if m, f := res.ByGender[store.Male], res.ByGender[store.Female]; m.N > 0 || f.N > 0 {
		text += " " + lang.L("L {{.M}}% ({{.MN}}), P {{.F}}% ({{.FN}}).", map[string]any{
			"M": oneDecimal(m.Mean, false), "MN": m.N, "F": oneDecimal(f.Mean, false), "FN": f.N})
	}
	if res.HandsIgnored {
		text += " " + lang.L("(Show-of-hands counts for this phase are not used.)")
	}
	return text
}
