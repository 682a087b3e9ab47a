package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// deletedScreen lists the deleted sessions ("Sesi terhapus"): deleted on
// this laptop after the Undo notice was gone, or by a bundle the
// coordinator applied. Each can be restored.
type deletedScreen struct {
	mw    *mainWindow
	items []store.SessionSummary
	list  *widget.List
	count *widget.Label
	body  *fyne.Container // the list, or a sentence when nothing is deleted
}

func newDeletedScreen(mw *mainWindow) *deletedScreen { return &deletedScreen{mw: mw} }

func (d *deletedScreen) show() {
	d.mw.setScreen(d.buildUI(), d.show)
	d.load()
}

// deletedColumns: date, village, title, participants, the Restore button.
// Titles are long and villages short, so the title takes the most room.
var deletedColumns = columnsLayout{widths: []float32{165, -2, -5, 80, 150}}

func (d *deletedScreen) buildUI() fyne.CanvasObject {
	d.count = &widget.Label{TextStyle: fyne.TextStyle{Italic: true}}
	d.list = &widget.List{
		Length:     func() int { return len(d.items) },
		CreateItem: d.createRow,
		UpdateItem: d.updateRow,
		// A row is not a link: only its button acts, so no highlight stays.
		OnSelected: func(widget.ListItemID) { d.list.UnselectAll() },
	}
	d.list.ExtendBaseWidget(d.list)
	back := &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: d.mw.showSessions}
	title := container.NewHBox(back, heading(lang.L("Deleted sessions")), container.NewCenter(d.count))
	hint := muted(lang.L("Sessions deleted on this laptop, or by a bundle you applied. Restoring one puts it back in the session list with its participants, answers and questions."))
	header := container.New(deletedColumns, columnHeader(lang.L("Date")), columnHeader(lang.L("Village")),
		columnHeader(lang.L("Title")), columnHeader(lang.L("Participants")), columnHeader(""))
	d.body = container.NewStack(container.NewBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, d.list))
	return container.NewBorder(container.NewVBox(title, hint), nil, nil, nil, d.body)
}

func (d *deletedScreen) createRow() fyne.CanvasObject {
	row := newRow(deletedColumns, 4)
	row.Objects[2].(*widget.Label).TextStyle = fyne.TextStyle{Bold: true}
	row.Add(&widget.Button{Text: lang.L("Restore"), Icon: theme.ContentUndoIcon()})
	return row
}

func (d *deletedScreen) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(d.items) {
		return
	}
	item := d.items[id]
	setRow(obj, shortDate(item.Date), item.Village, item.Title, fmt.Sprint(item.Participants))
	obj.(*fyne.Container).Objects[4].(*widget.Button).OnTapped = func() { d.onRestore(item) }
}

// load reads the deleted sessions off the UI goroutine.
func (d *deletedScreen) load() {
	var items []store.SessionSummary
	d.mw.work.run(func() (err error) {
		items, err = d.mw.store.DeletedSessions(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			d.mw.showError(lang.L("The deleted sessions could not be read."), err)
			return
		}
		d.items = items
		d.count.SetText(lang.L("{{.N}} deleted", map[string]any{"N": len(items)}))
		if len(items) == 0 {
			d.body.Objects = []fyne.CanvasObject{emptyNote(lang.L("No deleted sessions."))}
			d.body.Refresh()
			return
		}
		d.list.Refresh()
	})
}

// onRestore takes a session back in the background, then shows it in the
// session list with a notice that opens it.
func (d *deletedScreen) onRestore(item store.SessionSummary) {
	d.mw.work.run(func() error {
		return d.mw.store.UndeleteSession(context.Background(), item.ID)
	}, func(err error) {
		if err != nil {
			d.mw.showError(lang.L("The session could not be restored."), err)
			d.load() // it may have changed meanwhile
			return
		}
		d.mw.showSessions()
		d.mw.showNotice(lang.L("Session “{{.Title}}” restored.", map[string]any{"Title": clip(item.Title, noticeTitleRunes)}),
			lang.L("Open"), func() { d.mw.openSession(item.ID) })
	})
}

// noticeTitleRunes is as much of a title as the notice bar shows: the bar's
// text does not wrap, and a 200-character title would widen the window
// past a 1024-pixel screen.
const noticeTitleRunes = 70

// clip shortens text to at most n runes, ending in "…" when cut.
func clip(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
