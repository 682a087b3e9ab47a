package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// questionsScreen captures the questions people ask during Q&A. Enter in
// the question or answer saves (these are short paragraphs, not letters).
// Urgent questions show the officer what to do at once; confidential ones
// are never printed.
type questionsScreen struct {
	mw       *mainWindow
	session  store.Session
	readOnly bool

	questions []store.Question
	people    []store.Participant

	formTitle    *widget.Label
	text         *field
	askedBy      *choice
	topic        *choice
	answer       *field
	status       *choice
	referredTo   *suggestField
	urgent       *tick
	confidential *tick
	guidance     fyne.CanvasObject
	errs         map[string]*errorText
	deleteBtn    *widget.Button
	cancelBtn    *widget.Button
	list         *widget.List
	count        *widget.Label

	editing   *store.Question
	onChanged func()
	// detail shows a selected question in a read-only session (an imported
	// one: with the officer's own follow-up when it differs).
	detail *fyne.Container
}

func newQuestionsScreen(mw *mainWindow, session store.Session) *questionsScreen {
	return &questionsScreen{mw: mw, session: session, readOnly: session.ReadOnly(),
		errs: map[string]*errorText{}}
}

var questionColumns = columnsLayout{widths: []float32{48, -5, -2, -2, 100}}

func (q *questionsScreen) buildUI() fyne.CanvasObject {
	q.formTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	q.text = newMultiLineField(lang.L("What was asked"), 2)
	q.text.submitOnEnter = true
	q.text.OnSubmitted = func(string) { q.onSave() }
	q.answer = newMultiLineField(lang.L("The answer given (optional)"), 2)
	q.answer.submitOnEnter = true
	q.answer.OnSubmitted = func(string) { q.onSave() }
	q.askedBy = newChoice(nil, q.onSave)
	q.topic = newChoice(topicLabels(), q.onSave)
	q.status = newChoice(statusLabels(), q.onSave)
	q.status.OnChanged = func(string) { q.showReferral() }
	q.referredTo = newSuggestField(lang.L("Unit or agency"))
	q.referredTo.setOptions(store.ReferralTargets)
	q.referredTo.OnSubmitted = func(string) { q.onSave() }
	q.urgent = newTick(lang.L("Urgent: a case may be happening now"), q.onSave)
	q.urgent.OnChanged = func(bool) { q.showGuidance() }
	q.confidential = newTick(lang.L("Confidential: never printed, the asker stays unnamed"), q.onSave)
	for _, f := range []*field{q.text, q.answer, q.referredTo.field} {
		f.onEscape = q.onEscape
	}
	for _, name := range []string{store.FieldQuestionText, store.FieldAnswer, store.FieldReferredTo, "asked_by"} {
		q.errs[name] = newErrorText()
	}
	q.guidance = urgentGuidance()

	save := &widget.Button{Text: lang.L("Save (Enter)"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: q.onSave}
	q.cancelBtn = &widget.Button{Text: lang.L("Cancel (Esc)"), OnTapped: q.onEscape}
	q.deleteBtn = &widget.Button{Text: lang.L("Delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: q.onDelete}

	form := container.NewVBox(
		q.formTitle,
		labelled(lang.L("Question"), true, q.text, q.errs[store.FieldQuestionText]),
		container.NewGridWithColumns(2,
			labelled(lang.L("Asked by"), false, q.askedBy, q.errs["asked_by"]),
			labelled(lang.L("Topic"), false, q.topic, nil)),
		labelled(lang.L("Answer"), false, q.answer, q.errs[store.FieldAnswer]),
		container.NewGridWithColumns(2,
			labelled(lang.L("Status"), false, q.status, nil),
			labelled(lang.L("Referred to"), false, q.referredTo.content(), q.errs[store.FieldReferredTo])),
		q.urgent, q.guidance, q.confidential,
		container.NewHBox(q.deleteBtn, layout.NewSpacer(), q.cancelBtn, save),
	)
	if q.readOnly {
		note := lang.L("This session is finalized: questions can no longer be added. Open follow-ups can still be closed from the session list.")
		if q.session.OriginLaptop != "" {
			note = lang.L("This session was imported: read-only here. Select a question to see it in full; open follow-ups can be closed from the session list.")
		}
		q.detail = container.NewVBox()
		form = container.NewVBox(muted(note), q.detail)
	}

	q.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	q.list = &widget.List{
		Length:     func() int { return len(q.questions) },
		CreateItem: q.createRow,
		UpdateItem: q.updateRow,
		OnSelected: q.onSelected,
	}
	q.list.ExtendBaseWidget(q.list)
	header := container.New(questionColumns, columnHeader(lang.L("No.")), columnHeader(lang.L("Question")),
		columnHeader(lang.L("Topic")), columnHeader(lang.L("Status")), columnHeader(""))
	right := container.NewBorder(container.NewVBox(q.count, header, widget.NewSeparator()), nil, nil, nil, q.list)

	q.resetForm()
	split := container.NewHSplit(container.NewVScroll(form), right)
	split.SetOffset(0.45)
	return split
}

// urgentGuidance is what the officer should do when a question may be a
// case in progress. The numbers are those of the bundled pack's sources.
func urgentGuidance() fyne.CanvasObject {
	text := widget.NewLabel(lang.L("Possible case in progress. Do not discuss the person in front of the audience; note what you can (who, where, when) and contact the PPA/PPO unit today. Hotlines: Polri 110 · SAPA 129 (WhatsApp 08111-129-129) · KP2MI 0-800-1000 (WhatsApp 0811-8080-141)."))
	text.Wrapping = fyne.TextWrapWord
	text.Importance = widget.DangerImportance
	text.TextStyle = fyne.TextStyle{Bold: true}
	box := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, text)
	box.Hide()
	return box
}

func topicLabels() []string {
	out := make([]string, len(store.Topics))
	for i, t := range store.Topics {
		out[i] = fmt.Sprintf("%d. %s", i+1, t.Label())
	}
	return out
}

func statusLabels() []string {
	out := make([]string, len(store.QuestionStatuses))
	for i, s := range store.QuestionStatuses {
		out[i] = fmt.Sprintf("%d. %s", i+1, s.Label())
	}
	return out
}

func (q *questionsScreen) createRow() fyne.CanvasObject {
	row := newRow(questionColumns, 5)
	flags := row.Objects[4].(*widget.Label)
	flags.TextStyle = fyne.TextStyle{Bold: true}
	flags.Importance = widget.DangerImportance
	return row
}

func (q *questionsScreen) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(q.questions) {
		return
	}
	item := q.questions[id]
	var flags []string
	if item.Urgent {
		flags = append(flags, lang.L("URGENT"))
	}
	if item.Confidential {
		flags = append(flags, lang.L("SECRET"))
	}
	status := item.Status.Label()
	if item.ClosedOn != "" {
		status = lang.L("Closed")
	}
	if item.OfficerFollowUp != nil {
		status += " · " + lang.L("officer's note")
	}
	setRow(obj, strconv.Itoa(item.Number), strings.ReplaceAll(item.Text, "\n", " "), item.Topic.Label(), status, strings.Join(flags, " "))
}

func (q *questionsScreen) load() {
	var questions []store.Question
	var people []store.Participant
	q.mw.work.run(func() (err error) {
		if questions, err = q.mw.store.Questions(context.Background(), q.session.ID); err != nil {
			return err
		}
		people, err = q.mw.store.Participants(context.Background(), q.session.ID)
		return err
	}, func(err error) {
		if err != nil {
			q.mw.showError(lang.L("The questions could not be read."), err)
			return
		}
		q.questions, q.people = questions, people
		options := []string{lang.L("Anonymous")}
		for _, p := range people {
			options = append(options, fmt.Sprintf("%d · %s", p.Number, p.Name))
		}
		selected := q.askedBy.SelectedIndex()
		q.askedBy.Options = options
		q.askedBy.SetSelectedIndex(max(0, min(selected, len(options)-1)))
		q.count.SetText(lang.L("{{.N}} questions", map[string]any{"N": len(questions)}))
		q.list.Refresh()
		if q.onChanged != nil {
			q.onChanged()
		}
	})
}

func (q *questionsScreen) read() store.Question {
	item := store.Question{SessionID: q.session.ID}
	if q.editing != nil {
		item = *q.editing
	}
	item.Text, item.Answer, item.ReferredTo = q.text.Text, q.answer.Text, q.referredTo.Text
	item.Topic = store.Topics[max(0, q.topic.SelectedIndex())]
	item.Status = store.QuestionStatuses[max(0, q.status.SelectedIndex())]
	if item.Status != store.QuestionReferred {
		item.ReferredTo = ""
	}
	item.Urgent, item.Confidential = q.urgent.Checked, q.confidential.Checked
	item.AskedBy = ""
	if i := q.askedBy.SelectedIndex(); i > 0 && i-1 < len(q.people) {
		item.AskedBy = q.people[i-1].ID
	}
	return item
}

func (q *questionsScreen) onSave() {
	if q.readOnly {
		return
	}
	item := q.read()
	if err := item.Clean(); q.showErrors(err) {
		return
	}
	editing := q.editing != nil
	var saved store.Question
	q.mw.work.run(func() (err error) {
		if editing {
			saved, err = q.mw.store.UpdateQuestion(context.Background(), item)
		} else {
			saved, err = q.mw.store.AddQuestion(context.Background(), item)
		}
		return err
	}, func(err error) {
		if q.showErrors(err) {
			return
		}
		if err != nil {
			q.mw.showError(lang.L("The question could not be saved."), err)
			return
		}
		q.mw.showNotice(lang.L("Question {{.No}} saved.", map[string]any{"No": saved.Number}), "", nil)
		q.resetForm()
		q.load()
	})
}

func (q *questionsScreen) showErrors(err error) bool {
	return showFieldErrors(q.errs, err, func(fe store.FieldError) string {
		if fe.Field == "asked_by" {
			return lang.L("That person is no longer on the list; choose again.")
		}
		return fieldMessage(fe)
	})
}

func (q *questionsScreen) resetForm() {
	q.editing = nil
	q.formTitle.SetText(lang.L("New question"))
	q.text.SetText("")
	q.answer.SetText("")
	q.referredTo.SetText("")
	q.askedBy.SetSelectedIndex(0)
	q.topic.SetSelectedIndex(len(store.Topics) - 1)
	q.status.SetSelectedIndex(0)
	q.urgent.SetChecked(false)
	q.confidential.SetChecked(false)
	q.showErrors(nil)
	q.deleteBtn.Hide()
	q.cancelBtn.Hide()
	q.showReferral()
	q.showGuidance()
	q.focusText()
}

func (q *questionsScreen) focusText() {
	if q.readOnly {
		return
	}
	q.mw.later(func() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(q.text); c != nil {
			c.Focus(q.text)
		}
	})
}

func (q *questionsScreen) showReferral() {
	if q.status.SelectedIndex() >= 0 && store.QuestionStatuses[q.status.SelectedIndex()] == store.QuestionReferred {
		q.referredTo.Enable()
	} else {
		q.referredTo.Disable()
	}
}

func (q *questionsScreen) showGuidance() {
	if q.urgent.Checked {
		q.guidance.Show()
	} else {
		q.guidance.Hide()
	}
}

func (q *questionsScreen) onSelected(id widget.ListItemID) {
	q.list.UnselectAll()
	if id < len(q.questions) && q.readOnly {
		q.showDetail(q.questions[id])
		return
	}
	if id >= len(q.questions) || q.readOnly {
		return
	}
	item := q.questions[id]
	q.editing = &item
	q.formTitle.SetText(lang.L("Edit question {{.No}}", map[string]any{"No": item.Number}))
	q.text.SetText(item.Text)
	q.answer.SetText(item.Answer)
	q.referredTo.SetText(item.ReferredTo)
	q.askedBy.SetSelectedIndex(0)
	for i, p := range q.people {
		if p.ID == item.AskedBy {
			q.askedBy.SetSelectedIndex(i + 1)
		}
	}
	for i, t := range store.Topics {
		if t == item.Topic {
			q.topic.SetSelectedIndex(i)
		}
	}
	for i, s := range store.QuestionStatuses {
		if s == item.Status {
			q.status.SetSelectedIndex(i)
		}
	}
	q.urgent.SetChecked(item.Urgent)
	q.confidential.SetChecked(item.Confidential)
	q.deleteBtn.Show()
	q.cancelBtn.Show()
	q.showErrors(nil)
}

func (q *questionsScreen) onEscape() {
	if q.editing != nil {
		q.resetForm()
	}
}

func (q *questionsScreen) onDelete() {
	if q.editing == nil {
		return
	}
	item := *q.editing
	q.resetForm()
	q.mw.deleteWithUndo(undoable{
		remove:     func(ctx context.Context) error { return q.mw.store.DeleteQuestion(ctx, item.ID) },
		restore:    func(ctx context.Context) error { return q.mw.store.UndeleteQuestion(ctx, item.ID) },
		done:       lang.L("Question {{.No}} deleted.", map[string]any{"No": item.Number}),
		failed:     lang.L("The question could not be deleted."),
		failedUndo: lang.L("The question could not be restored."),
		after:      q.load,
	})
}

// showDetail shows a question of a read-only session in full, with the
// coordinator's follow-up and, beside it, the officer's own when the two
// differ (it may hold a police report number).
func (q *questionsScreen) showDetail(item store.Question) {
	if q.detail == nil {
		return
	}
	title := widget.NewLabelWithStyle(lang.L("Question {{.No}}", map[string]any{"No": item.Number}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel(item.Text)
	text.Wrapping = fyne.TextWrapWord
	text.TextStyle = fyne.TextStyle{Bold: true}
	objs := []fyne.CanvasObject{title, text}
	add := func(label, value string) {
		if strings.TrimSpace(value) == "" {
			return
		}
		l := widget.NewLabel(value)
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, labelled(label, false, l, nil))
	}
	add(lang.L("Answer"), item.Answer)
	status := item.Status.Label()
	if item.ReferredTo != "" {
		status += " → " + item.ReferredTo
	}
	if item.Urgent {
		status += " · " + lang.L("URGENT")
	}
	add(lang.L("Status"), status)
	if item.ClosedOn != "" {
		add(lang.L("Follow-up closed"), strings.Join(nonEmpty(dateForEntry(item.ClosedOn), item.ClosedNote), " · "))
	}
	if item.OfficerFollowUp != nil {
		note := widget.NewLabel(officerNote(item.OfficerFollowUp))
		note.Wrapping = fyne.TextWrapWord
		note.TextStyle = fyne.TextStyle{Bold: true}
		objs = append(objs, panel(note))
	}
	q.detail.Objects = objs
	q.detail.Refresh()
}

// officerNote is the officer's own follow-up of a question the coordinator
// closed differently: "Officer's note: Referred → Unit PPA · closed
// 10-02-2026 · LP/B/123/II/2026".
func officerNote(fu *store.FollowUp) string {
	status := fu.Status.Label()
	if fu.ReferredTo != "" {
		status += " → " + fu.ReferredTo
	}
	parts := []string{status}
	if fu.ClosedOn != "" {
		parts = append(parts, lang.L("closed {{.Date}}", map[string]any{"Date": dateForEntry(fu.ClosedOn)}))
	}
	if note := strings.TrimSpace(fu.ClosedNote); note != "" {
		parts = append(parts, note)
	}
	return lang.L("Officer's note: {{.Note}}", map[string]any{"Note": strings.Join(parts, " · ")})
}
