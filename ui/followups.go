package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// followUpsScreen lists the questions that still need action across all
// sessions, urgent first, and closes them with a date and a note.
type followUpsScreen struct {
	mw    *mainWindow
	items []store.OpenFollowUp
	list  *widget.List
	count *widget.Label
}

func newFollowUpsScreen(mw *mainWindow) *followUpsScreen { return &followUpsScreen{mw: mw} }

func (f *followUpsScreen) show() {
	f.mw.setScreen(f.buildUI(), f.show)
	f.load()
}

var followUpColumns = columnsLayout{widths: []float32{96, -3, -6, -2, 110}}

func (f *followUpsScreen) buildUI() fyne.CanvasObject {
	f.count = &widget.Label{Importance: widget.LowImportance}
	f.list = &widget.List{
		Length: func() int { return len(f.items) },
		CreateItem: func() fyne.CanvasObject {
			cells := make([]fyne.CanvasObject, 4)
			for i := range cells {
				cells[i] = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
			}
			return container.New(followUpColumns, append(cells, &widget.Button{Text: lang.L("Close…"), Icon: theme.ConfirmIcon()})...)
		},
		UpdateItem: f.updateRow,
	}
	f.list.ExtendBaseWidget(f.list)
	back := &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: f.mw.showSessions}
	title := container.NewHBox(back, heading(lang.L("Open follow-ups")), container.NewCenter(f.count))
	header := container.New(followUpColumns, columnHeader(lang.L("Date")), columnHeader(lang.L("Session")),
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
	cells[2].(*widget.Label).SetText(text)
	cells[2].(*widget.Label).Importance = widget.MediumImportance
	if item.Urgent {
		cells[2].(*widget.Label).Importance = widget.DangerImportance
	}
	cells[2].(*widget.Label).Refresh()
	cells[3].(*widget.Label).SetText(status)
	cells[4].(*widget.Button).OnTapped = func() { f.confirmClose(item.Question) }
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
	if q.OfficerFollowUp != nil {
		officer := widget.NewLabel(officerNote(q.OfficerFollowUp))
		officer.Wrapping = fyne.TextWrapWord
		officer.TextStyle = fyne.TextStyle{Bold: true}
		content.Add(panel(officer))
	}
	content.Add(container.NewVBox(
		labelled(lang.L("Closed on"), true, date, dateErr),
		labelled(lang.L("Note"), false, note, nil)))
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
