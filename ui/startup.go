package ui

import (
	"errors"
	"log"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// startupProblem explains why the data folder could not be opened and,
// for a damaged file, offers the latest backup. The damaged file is never
// changed: recovery sets it aside under a new name.
type startupProblem struct {
	app  fyne.App
	win  fyne.Window
	dir  string
	err  error
	note *widget.Label
}

func newStartupProblem(a fyne.App, w fyne.Window, dir string, err error) *startupProblem {
	return &startupProblem{app: a, win: w, dir: dir, err: err}
}

func (p *startupProblem) buildUI() fyne.CanvasObject {
	title := heading(lang.L("Penyuluh cannot open its data"))
	msg := widget.NewLabel(errorMessage(p.err))
	msg.Wrapping = fyne.TextWrapWord
	p.note = muted(lang.L("Data folder: {{.Dir}}", map[string]any{"Dir": p.dir}))
	icon := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))))
	items := []fyne.CanvasObject{icon, title, msg}
	if errors.Is(p.err, store.ErrDamaged) {
		if list, err := store.ListBackups(p.dir); err == nil && len(list) > 0 {
			latest := list[0]
			restore := &widget.Button{
				Text:       lang.L("Restore the backup of {{.Time}}", map[string]any{"Time": latest.Time.Format("02-01-2006 15:04")}),
				Icon:       theme.HistoryIcon(),
				Importance: widget.HighImportance,
				OnTapped:   func() { p.recover(latest.Path) },
			}
			items = append(items, container.NewCenter(restore))
		} else {
			items = append(items, muted(lang.L("There is no backup in this data folder. Contact your coordinator.")))
		}
	}
	quit := &widget.Button{Text: lang.L("Close"), OnTapped: p.app.Quit}
	items = append(items, p.note, container.NewCenter(quit))
	box := container.NewVBox(items...)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(640, box.MinSize().Height), box))
}

// recover puts the backup in place and reopens the app on it. The work is
// a few file renames, quick enough for the UI goroutine.
func (p *startupProblem) recover(backup string) {
	kept, err := store.RecoverFromBackup(p.dir, backup, time.Now())
	if err != nil {
		log.Printf("recover from %s: %v", backup, err)
		p.note.SetText(lang.L("The backup could not be restored. Your current data was not changed.") + " " + errorMessage(err))
		return
	}
	log.Printf("damaged database kept as %s", kept)
	st, err := store.Open(p.dir, store.Options{})
	if err != nil {
		p.err = err
		p.win.SetContent(p.buildUI())
		return
	}
	mw := newMainWindow(p.app, p.win, st, newWorker(false))
	mw.start()
	mw.showNotice(lang.L("Backup restored. The damaged file was kept as {{.File}}.", map[string]any{"File": filepath.Base(kept)}), "", nil)
	p.win.SetOnClosed(func() {
		mw.work.stop()
		st.Close()
	})
}
