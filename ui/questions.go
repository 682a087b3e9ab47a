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

	"github.com/penyuluh/penyuluh/store"
)

// questionsScreen captures the questions people ask during Q&A. Enter in
// the question or answer saves (these are short paragraphs, not letters).
// Urgent questions show the officer what to do at once; confidential ones
// are never printed and are sealed for the coordinator when saved: from
// then on the form shows a locked panel instead of the text, asker and
// answer, and takes only sealed notes (see seal.go).
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
	// The parts a sealed question hides (textBox, askedByBox, answerBox)
	// and those it shows instead (locked, sealedNoteBox); sealInfo says
	// what ticking Confidential means, and noKey what to do without the
	// coordinator's key.
	form          *fyne.Container
	textBox       fyne.CanvasObject
	askedByBox    fyne.CanvasObject
	answerBox     fyne.CanvasObject
	locked        *fyne.Container
	sealedNote    *field
	sealedNoteBox fyne.CanvasObject
	sealInfo      *fyne.Container
	noKey         fyne.CanvasObject
	importKey     *widget.Button // beside Save while the key is missing
	scroll        *container.Scroll
	// hasKey: the coordinator's public key is set, so a confidential
	// question can be saved; canUnseal: this laptop holds the
	// coordinator's identity file (the coordinator's own).
	hasKey, canUnseal bool
	errs              map[string]*errorText
	deleteBtn         *widget.Button
	cancelBtn         *widget.Button
	list              *widget.List
	count             *widget.Label

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
	q.confidential.OnChanged = func(bool) { q.showSealInfo() }
	q.sealedNote = newMultiLineField(lang.L("What you learned later; sealed when saved"), 2)
	q.sealedNote.submitOnEnter = true
	q.sealedNote.OnSubmitted = func(string) { q.onSave() }
	for _, f := range []*field{q.text, q.answer, q.referredTo.field, q.sealedNote} {
		f.onEscape = q.onEscape
	}
	for _, name := range []string{store.FieldQuestionText, store.FieldAnswer, store.FieldReferredTo, "asked_by", store.FieldClosedNote} {
		q.errs[name] = newErrorText()
	}
	q.guidance = urgentGuidance()
	q.sealInfo = q.sealGuidance()
	q.locked = container.NewVBox()
	q.locked.Hide()

	save := &widget.Button{Text: lang.L("Save (Enter)"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: q.onSave}
	q.cancelBtn = &widget.Button{Text: lang.L("Cancel (Esc)"), OnTapped: q.onEscape}
	q.deleteBtn = &widget.Button{Text: lang.L("Delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: q.onDelete}

	q.textBox = labelled(lang.L("Question"), true, q.text, q.errs[store.FieldQuestionText])
	q.askedByBox = labelled(lang.L("Asked by"), false, q.askedBy, q.errs["asked_by"])
	q.answerBox = labelled(lang.L("Answer"), false, q.answer, q.errs[store.FieldAnswer])
	q.sealedNoteBox = labelled(lang.L("Add a sealed note"), false, q.sealedNote, q.errs[store.FieldClosedNote])
	q.sealedNoteBox.Hide()
	q.form = container.NewVBox(
		q.formTitle,
		q.locked,
		q.textBox,
		container.NewGridWithColumns(2, q.askedByBox, labelled(lang.L("Topic"), false, q.topic, nil)),
		q.answerBox,
		q.sealedNoteBox,
		container.NewGridWithColumns(2,
			labelled(lang.L("Status"), false, q.status, nil),
			labelled(lang.L("Referred to"), false, q.referredTo.content(), q.errs[store.FieldReferredTo])),
		q.urgent, q.guidance, q.confidential, q.sealInfo,
		container.NewHBox(q.deleteBtn, layout.NewSpacer(), q.cancelBtn, q.importKey, save),
	)
	form := q.form
	if q.readOnly {
		note := lang.L("This session is finalized: questions can no longer be added. Open follow-ups can still be closed from the session list.")
		switch {
		case q.session.PurgedAt != nil:
			note = lang.L("The personal data of this session was removed under the retention setting: read-only here.")
		case q.session.OriginLaptop != "":
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
	q.scroll = container.NewVScroll(form)
	split := container.NewHSplit(q.scroll, right)
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

// sealGuidance says, before saving, what ticking Confidential does; and,
// while no coordinator key is set, why the question cannot be saved yet
// and how to fix it.
func (q *questionsScreen) sealGuidance() *fyne.Container {
	text := widget.NewLabel(lang.L("When saved, the question, who asked it and the answer are sealed for the coordinator and can never be read on this laptop again, not even by you."))
	text.Wrapping = fyne.TextWrapWord
	missing := widget.NewLabel(lang.L("No coordinator key yet, so it cannot be saved. Import the coordinator's public key (from a file or QR text); what you typed stays here."))
	missing.Wrapping = fyne.TextWrapWord
	missing.Importance = widget.DangerImportance
	q.importKey = &widget.Button{Text: lang.L("Import the coordinator's key…"), Icon: theme.LoginIcon(), Importance: widget.WarningImportance,
		OnTapped: func() { q.mw.importCoordinatorKey(q.keyImported, nil) }}
	q.importKey.Hide()
	q.noKey = missing
	box := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.VisibilityOffIcon())), nil, container.NewVBox(text, q.noKey))
	box.Hide()
	return box
}

// showSealInfo shows what saving will do when Confidential is ticked on a
// question not sealed yet.
func (q *questionsScreen) showSealInfo() {
	wasShown := q.sealInfo.Visible()
	if q.confidential.Checked && (q.editing == nil || !q.editing.Sealed) && !q.readOnly {
		q.sealInfo.Show()
	} else {
		q.sealInfo.Hide()
	}
	if q.hasKey {
		q.noKey.Hide()
		q.importKey.Hide()
	} else {
		q.noKey.Show()
		q.importKey.Show()
	}
	if !q.sealInfo.Visible() {
		q.importKey.Hide()
	}
	q.sealInfo.Refresh()
	q.form.Refresh()
	if q.sealInfo.Visible() && !wasShown && q.scroll != nil {
		// The note appears under the tick, at the bottom of the form:
		// bring it into view on a small screen.
		q.scroll.Refresh() // lays the grown form out first
		q.scroll.ScrollToBottom()
	}
}

// keyImported: the coordinator's key was just saved; the form, with what
// was typed, can now be saved.
func (q *questionsScreen) keyImported(s store.SyncSettings) {
	q.hasKey = len(s.Recipients) > 0
	q.showSealInfo()
	q.scroll.Refresh() // the form is shorter without the warning
	q.focusText()
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
	row.Objects[1] = lockedCell()
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
	text := strings.ReplaceAll(item.Text, "\n", " ")
	if item.Sealed {
		text = sealedLabel()
	}
	cells := obj.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(strconv.Itoa(item.Number))
	setLocked(cells[1], text, item.Sealed)
	cells[2].(*widget.Label).SetText(item.Topic.Label())
	cells[3].(*widget.Label).SetText(status)
	cells[4].(*widget.Label).SetText(strings.Join(flags, " "))
}

func (q *questionsScreen) load() {
	var questions []store.Question
	var people []store.Participant
	var keys store.SyncSettings
	q.mw.work.run(func() (err error) {
		if questions, err = q.mw.store.Questions(context.Background(), q.session.ID); err != nil {
			return err
		}
		if keys, err = q.mw.store.SyncSettings(context.Background()); err != nil {
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
		q.hasKey, q.canUnseal = len(keys.Recipients) > 0, keys.IdentityFile != ""
		q.showSealInfo()
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
	if q.editing != nil && q.editing.Sealed {
		q.saveSealed()
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
		if errors.Is(err, store.ErrNoCoordinatorKey) {
			// Nothing was saved and nothing is cleared: what was typed
			// stays in the form, in memory, until the key is imported.
			q.hasKey = false
			q.showSealInfo()
			q.mw.showNotice(lang.L("Not saved yet: a confidential question needs the coordinator's key first."), "", nil)
			q.mw.later(func() {
				// The notice took room: show the guidance and its button.
				q.scroll.Refresh()
				q.scroll.ScrollToBottom()
				q.mw.win.Canvas().Focus(q.importKey)
			})
			return
		}
		if err != nil {
			q.mw.showError(lang.L("The question could not be saved."), err)
			return
		}
		msg := lang.L("Question {{.No}} saved.", map[string]any{"No": saved.Number})
		if saved.Sealed {
			msg = lang.L("Question {{.No}} sealed for the coordinator.", map[string]any{"No": saved.Number})
		}
		q.mw.showNotice(msg, "", nil)
		q.resetForm()
		q.load()
	})
}

// saveSealed saves a sealed question: its clear fields (topic, status,
// referral, urgency) and, when one was typed, a new sealed note.
func (q *questionsScreen) saveSealed() {
	item := *q.editing
	item.Topic = store.Topics[max(0, q.topic.SelectedIndex())]
	item.Status = store.QuestionStatuses[max(0, q.status.SelectedIndex())]
	item.ReferredTo = q.referredTo.Text
	if item.Status != store.QuestionReferred {
		item.ReferredTo = ""
	}
	item.Urgent = q.urgent.Checked
	if err := item.Clean(); q.showErrors(err) {
		return
	}
	note := strings.TrimSpace(q.sealedNote.Text)
	var saved store.Question
	q.mw.work.run(func() (err error) {
		if saved, err = q.mw.store.UpdateQuestion(context.Background(), item); err != nil || note == "" {
			return err
		}
		saved, err = q.mw.store.AddSealedNote(context.Background(), item.ID, note)
		return err
	}, func(err error) {
		if q.showErrors(err) {
			return
		}
		if err != nil {
			q.mw.showError(lang.L("The question could not be saved."), err)
			return
		}
		msg := lang.L("Question {{.No}} saved.", map[string]any{"No": saved.Number})
		if note != "" {
			msg = lang.L("Sealed note added to question {{.No}}.", map[string]any{"No": saved.Number})
		}
		q.mw.showNotice(msg, "", nil)
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
	q.sealedNote.SetText("")
	q.referredTo.SetText("")
	q.askedBy.SetSelectedIndex(0)
	q.topic.SetSelectedIndex(len(store.Topics) - 1)
	q.status.SetSelectedIndex(0)
	q.urgent.SetChecked(false)
	q.confidential.SetChecked(false)
	q.showSealed(nil)
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
	target := q.text
	if q.editing != nil && q.editing.Sealed {
		target = q.sealedNote
	}
	q.mw.later(func() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(target); c != nil {
			c.Focus(target)
		}
	})
}

// showSealed switches the form between a clear question (item nil or not
// sealed) and a sealed one: the locked panel and the sealed-note field
// instead of the text, asker and answer, Confidential ticked for good.
func (q *questionsScreen) showSealed(item *store.Question) {
	sealed := item != nil && item.Sealed
	for _, o := range []fyne.CanvasObject{q.textBox, q.askedByBox, q.answerBox} {
		if sealed {
			o.Hide()
		} else {
			o.Show()
		}
	}
	if sealed {
		var onUnseal func()
		if q.canUnseal {
			opened := *item
			onUnseal = func() { q.mw.openSealed(opened) }
		}
		q.locked.Objects = []fyne.CanvasObject{sealedPanel(*item, onUnseal)}
		q.locked.Show()
		q.sealedNoteBox.Show()
		q.confidential.SetChecked(true)
		q.confidential.Disable()
	} else {
		q.locked.Objects = nil
		q.locked.Hide()
		q.sealedNoteBox.Hide()
		q.confidential.Enable()
	}
	q.locked.Refresh()
	q.showSealInfo()
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
	q.sealedNote.SetText("")
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
	q.showSealed(&item)
	q.deleteBtn.Show()
	q.cancelBtn.Show()
	q.showErrors(nil)
	if item.Sealed {
		q.focusText()
	}
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
	objs := []fyne.CanvasObject{title}
	if item.Sealed {
		var onUnseal func()
		if q.canUnseal {
			onUnseal = func() { q.mw.openSealed(item) }
		}
		objs = append(objs, sealedPanel(item, onUnseal))
		if q.session.OriginLaptop == "" && q.session.PurgedAt == nil {
			objs = append(objs, q.sealedNoteForm(item))
		}
	} else {
		text := widget.NewLabel(item.Text)
		text.Wrapping = fyne.TextWrapWord
		text.TextStyle = fyne.TextStyle{Bold: true}
		objs = append(objs, text)
	}
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

// sealedNoteForm adds a sealed note to a sealed question of a finalized
// session (allowed, as closing a follow-up is). The note is never shown
// back.
func (q *questionsScreen) sealedNoteForm(item store.Question) fyne.CanvasObject {
	note := newMultiLineField(lang.L("What you learned later; sealed when saved"), 2)
	note.submitOnEnter = true
	msg := newErrorText()
	save := func() {
		text := strings.TrimSpace(note.Text)
		if text == "" {
			msg.set(lang.L("Required: please fill this in."))
			return
		}
		var saved store.Question
		q.mw.work.run(func() (err error) {
			saved, err = q.mw.store.AddSealedNote(context.Background(), item.ID, text)
			return err
		}, func(err error) {
			if verr, ok := store.AsValidation(err); ok {
				fe, _ := verr.For(store.FieldClosedNote)
				msg.set(fieldMessage(fe))
				return
			}
			if err != nil {
				q.mw.showError(lang.L("The sealed note could not be saved."), err)
				return
			}
			q.mw.showNotice(lang.L("Sealed note added to question {{.No}}.", map[string]any{"No": saved.Number}), "", nil)
			q.load()
			q.showDetail(saved)
		})
	}
	note.OnSubmitted = func(string) { save() }
	btn := &widget.Button{Text: lang.L("Save sealed note (Enter)"), Icon: theme.ConfirmIcon(), OnTapped: save}
	return container.NewVBox(labelled(lang.L("Add a sealed note"), false, note, msg), container.NewHBox(btn))
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
	if note := strings.TrimSpace(fu.ClosedNote); store.IsSealed(note) {
		parts = append(parts, lang.L("note sealed for the coordinator"))
	} else if note != "" {
		parts = append(parts, note)
	}
	return lang.L("Officer's note: {{.Note}}", map[string]any{"Note": strings.Join(parts, " · ")})
}
