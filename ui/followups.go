package ui

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// followUpsScreen lists the questions that still need action across all
// sessions, urgent first, and closes them with a date and a note. A sealed
// question shows only its topic; on the coordinator's laptop it can be
// unsealed for reading.
type followUpsScreen struct {
	mw    *mainWindow
	items []store.OpenFollowUp
	list  *widget.List
	count *widget.Label
	// canUnseal: this laptop holds the coordinator's identity file.
	canUnseal bool
	columns   columnsLayout
}

func newFollowUpsScreen(mw *mainWindow) *followUpsScreen { return &followUpsScreen{mw: mw} }

// show reads whether this laptop can unseal before building the screen:
// the coordinator's rows get an Unseal button.
func (f *followUpsScreen) show() {
	var keys store.SyncSettings
	f.mw.work.run(func() (err error) {
		keys, err = f.mw.store.SyncSettings(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			f.mw.showError(lang.L("The follow-ups could not be read."), err)
			return
		}
		f.canUnseal = keys.IdentityFile != ""
		f.mw.setScreen(f.buildUI(), f.show)
		f.load()
	})
}

// followUpColumns: date, session, question, status, the buttons (Unseal
// on the coordinator's laptop, Close).
var followUpColumns = []float32{96, -3, -6, -2, 110}

func (f *followUpsScreen) buildUI() fyne.CanvasObject {
	f.columns = columnsLayout{widths: slices.Clone(followUpColumns)}
	if f.canUnseal {
		f.columns.widths[4] = 270
	}
	f.count = &widget.Label{Importance: widget.LowImportance}
	f.list = &widget.List{
		Length: func() int { return len(f.items) },
		CreateItem: func() fyne.CanvasObject {
			cells := make([]fyne.CanvasObject, 4)
			for i := range cells {
				cells[i] = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
			}
			cells[2] = lockedCell()
			unseal := &widget.Button{Text: lang.L("Unseal…"), Icon: theme.VisibilityIcon()}
			unseal.Hide()
			buttons := container.NewHBox(layout.NewSpacer(), unseal, &widget.Button{Text: lang.L("Close…"), Icon: theme.ConfirmIcon()})
			return container.New(f.columns, append(cells, buttons)...)
		},
		UpdateItem: f.updateRow,
	}
	f.list.ExtendBaseWidget(f.list)
	back := &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: f.mw.showSessions}
	title := container.NewHBox(back, heading(lang.L("Open follow-ups")), container.NewCenter(f.count))
	header := container.New(f.columns, columnHeader(lang.L("Date")), columnHeader(lang.L("Session")),
		columnHeader(lang.L("Question")), columnHeader(lang.L("Status")), columnHeader(""))
	hint := muted(lang.L("Questions marked “needs follow-up” or “referred” stay here until they are closed with a date and a note. Confidential questions are listed here but never printed."))
	return container.NewBorder(container.NewVBox(title, hint, header, widget.NewSeparator()), nil, nil, nil, f.list)
}

func (f *followUpsScreen) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(f.items) {
		return
	}
	item := f.items[id]
	cells := obj.(*fyne.Container).Objects
	text := item.Text
	if item.Sealed {
		text = sealedLabel() + " · " + item.Topic.Label()
	}
	if item.Urgent {
		text = lang.L("URGENT") + " · " + text
	}
	status := item.Status.Label()
	if item.ReferredTo != "" {
		status += " → " + item.ReferredTo
	}
	if item.OfficerFollowUp != nil {
		status += " · " + officerNote(item.OfficerFollowUp)
	}
	cells[0].(*widget.Label).SetText(shortDate(item.SessionDate))
	cells[1].(*widget.Label).SetText(item.Village + " · " + item.SessionTitle)
	question := setLocked(cells[2], text, item.Sealed)
	question.Importance = widget.MediumImportance
	if item.Urgent {
		question.Importance = widget.DangerImportance
	}
	question.Refresh()
	cells[3].(*widget.Label).SetText(status)
	buttons := cells[4].(*fyne.Container).Objects
	unseal := buttons[1].(*widget.Button)
	unseal.OnTapped = func() { f.mw.openSealed(item.Question) }
	if item.Sealed && f.canUnseal {
		unseal.Show()
	} else {
		unseal.Hide()
	}
	cells[4].(*fyne.Container).Refresh()
	buttons[2].(*widget.Button).OnTapped = func() { f.confirmClose(item.Question) }
}

func (f *followUpsScreen) load() {
	var items []store.OpenFollowUp
	f.mw.work.run(func() (err error) {
		items, err = f.mw.store.OpenFollowUps(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			f.mw.showError(lang.L("The follow-ups could not be read."), err)
			return
		}
		f.items = items
		f.count.SetText(lang.L("{{.N}} open", map[string]any{"N": len(items)}))
		f.list.Refresh()
	})
}

// confirmClose asks for the closing date and a note (what was done).
func (f *followUpsScreen) confirmClose(q store.Question) {
	date := newField(lang.L("DD-MM-YYYY"))
	date.SetText(time.Now().Format("02-01-2006"))
	note := newMultiLineField(lang.L("What was done, e.g. handled by the PPA unit"), 3)
	dateErr := newErrorText()
	question := widget.NewLabel(q.Text)
	question.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(question)
	if q.Sealed {
		question.SetText(sealedInfo(q))
		content = container.NewVBox(sealedMark(theme.SizeNameText), question)
	}
	if q.OfficerFollowUp != nil {
		officer := widget.NewLabel(officerNote(q.OfficerFollowUp))
		officer.Wrapping = fyne.TextWrapWord
		officer.TextStyle = fyne.TextStyle{Bold: true}
		content.Add(panel(officer))
	}
	content.Add(container.NewVBox(
		labelled(lang.L("Closed on"), true, date, dateErr),
		labelled(lang.L("Note"), false, note, nil)))
	switch {
	case q.Confidential && f.canUnseal:
		content.Add(muted(lang.L("The note is sealed for the coordinator, like the question: Unseal shows it again.")))
	case q.Confidential:
		content.Add(muted(lang.L("The note is sealed for the coordinator, like the question: it cannot be read back on this laptop.")))
	}
	var d *dialog.ConfirmDialog
	save := func() {
		var saved store.Question
		iso := dateFromEntry(date.Text)
		f.mw.work.run(func() (err error) {
			saved, err = f.mw.store.CloseFollowUp(context.Background(), q.ID, iso, note.Text)
			return err
		}, func(err error) {
			if verr, ok := store.AsValidation(err); ok {
				fe, _ := verr.For(store.FieldClosedOn)
				dateErr.set(fieldMessage(fe))
				d.Show()
				return
			}
			if err != nil {
				f.mw.showError(lang.L("The follow-up could not be closed."), err)
				return
			}
			f.mw.showNotice(lang.L("Follow-up closed on {{.Date}}.", map[string]any{"Date": dateForEntry(saved.ClosedOn)}), "", nil)
			f.load()
		})
	}
	d = dialog.NewCustomConfirm(lang.L("Close follow-up"), lang.L("Close"), lang.L("Cancel"), content, func(ok bool) {
		if ok {
			save()
		}
	}, f.mw.win)
	d.Resize(fyne.NewSize(640, 420))
	date.OnSubmitted = func(string) { d.Confirm() }
	date.onEscape, note.onEscape = d.Hide, d.Hide
	showDialog(d, f.mw.win, d.Confirm)
}
