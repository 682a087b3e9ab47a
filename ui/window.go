package ui

import (
	"context"
	"errors"
	"log"
	"path/filepath"
	gosync "sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/store"
)

// mainWindow owns the window, the store and the navigation between screens.
// Screens are structs of their own (one per file) that it wires together.
type mainWindow struct {
	app      fyne.App
	win      fyne.Window
	store    *store.Store
	work     *worker
	opts     Options
	traced   map[string]bool // startup steps already logged
	settings store.Settings

	// starting is set while Run builds the first screen, before the window
	// is on screen: the first screen then reads its first rows at once
	// (nothing waits on the UI goroutine yet) so that the first frame
	// shows them, and its steps are logged once that frame is drawn.
	starting   bool
	startTrace []func()
	// fonts closes once the fonts of the first screen are loaded
	// (warmFonts); nil when nothing loads them.
	fonts <-chan struct{}
	// newest is the session list's first rows, read by start while the
	// fonts load.
	newest *newestRead

	body   *fyne.Container // the current screen
	notice *fyne.Container // the undo / message bar at the bottom

	// current rebuilds the current screen (after a language change).
	current func()
	// closed is set when the store was closed because the file is damaged.
	closed bool
	// keyring holds the coordinator's identities once opened in this run.
	keyring keyring

	// Background jobs that do not queue on the worker (cleaning backups);
	// closing the window cancels them and waits (inBackground).
	bg        gosync.WaitGroup
	bgMu      gosync.Mutex
	bgStopped bool
	bgCtx     context.Context
	bgCancel  context.CancelFunc
}

func newMainWindow(a fyne.App, w fyne.Window, st *store.Store, work *worker) *mainWindow {
	m := &mainWindow{app: a, win: w, store: st, work: work}
	m.bgCtx, m.bgCancel = context.WithCancel(context.Background())
	return m
}

// start loads the settings, applies the language, shows the session list
// and schedules the daily backup.
func (m *mainWindow) start() {
	s, err := m.store.Settings(context.Background())
	if err != nil {
		log.Printf("read settings: %v", err)
	}
	m.settings = s
	if err := applyLanguage(s.Language); err != nil {
		log.Print(err)
	}
	if m.starting {
		// The window is not on screen yet, so nothing waits on this
		// goroutine, and the fonts are still loading on the other core:
		// the newest sessions are read now for the first frame.
		rows, err := m.store.RecentSessions(context.Background(), firstScreenful)
		m.newest = &newestRead{rows: rows, err: err}
	}
	if m.fonts != nil {
		<-m.fonts
	}
	m.buildFrame()
	m.showSessions()
	m.dailyBackup()
}

// buildFrame lays out the top bar, the body and the notice bar. It runs
// again after a language change so that every label is rebuilt.
func (m *mainWindow) buildFrame() {
	title := canvas.NewText("Penyuluh", theme.Color(theme.ColorNameForegroundOnPrimary))
	title.TextSize = 24
	title.TextStyle = fyne.TextStyle{Bold: true}
	tagline := canvas.NewText(lang.L("Awareness sessions on trafficking prevention and safe migration"), theme.Color(theme.ColorNameForegroundOnPrimary))
	tagline.TextSize = 14

	sessions := &widget.Button{Text: lang.L("Sessions"), Icon: theme.ListIcon(), OnTapped: m.showSessions}
	settings := &widget.Button{Text: lang.L("Settings"), Icon: theme.SettingsIcon(), OnTapped: m.showSettings}
	top := band(theme.Color(theme.ColorNamePrimary), container.NewHBox(
		container.NewVBox(title, tagline), layout.NewSpacer(), container.NewCenter(container.NewHBox(sessions, settings))))

	m.body = container.NewStack()
	m.notice = container.NewStack()
	m.win.SetContent(container.NewBorder(top, m.notice, nil, nil, m.body))
}

// setScreen replaces the body; rebuild recreates it after a language change.
func (m *mainWindow) setScreen(obj fyne.CanvasObject, rebuild func()) {
	// Fyne keeps the keyboard on a widget that has left the window: keys
	// would still reach the old screen's field.
	m.win.Canvas().Unfocus()
	m.current = rebuild
	m.body.Objects = []fyne.CanvasObject{container.NewPadded(obj)}
	m.body.Refresh()
	m.win.Canvas().SetOnTypedKey(nil)
}

// commitEdits ends the editing of the field that has the keyboard, which
// saves it (fields save as they are left). A click on a button leaves the
// keyboard where it was, so what the button does next (delete, finalize,
// send, print) would miss the edit, or meet it afterwards when the screen
// changes, e.g. saving into a session just deleted.
func (m *mainWindow) commitEdits() { m.win.Canvas().Unfocus() }

// showing reports whether obj is the screen shown.
func (m *mainWindow) showing(obj fyne.CanvasObject) bool {
	if len(m.body.Objects) != 1 {
		return false
	}
	padded, ok := m.body.Objects[0].(*fyne.Container)
	return ok && len(padded.Objects) == 1 && padded.Objects[0] == obj
}

func (m *mainWindow) showSessions() {
	newSessionsScreen(m).show()
}

func (m *mainWindow) showSettings() {
	newSettingsScreen(m).show()
}

// openSession shows a session's workspace.
func (m *mainWindow) openSession(id string) {
	newSessionScreen(m, id).show()
}

// newSession shows the form for a new session.
func (m *mainWindow) newSession() {
	newSessionForm(m).show()
}

// packsDir is where content packs are installed in the data folder.
func (m *mainWindow) packsDir() string { return filepath.Join(m.store.Dir(), "packs") }

// packs lists the bundled pack and the installed ones. A broken installed
// pack is left out (and logged); the bundled one is always there.
func (m *mainWindow) packs() []*content.Pack {
	packs, err := content.Installed(m.packsDir())
	if err != nil {
		log.Printf("installed packs: %v", err)
	}
	return packs
}

// pack finds the pack a session uses; the bundled one when it is not
// installed (any more).
func (m *mainWindow) pack(id, version string) *content.Pack {
	if id != "" {
		if p, err := content.Find(m.packsDir(), id, version); err == nil {
			return p
		}
	}
	return content.Default()
}

// later runs fn on the UI goroutine after the current event has been
// handled, e.g. to move the keyboard focus after a tap has finished with it.
func (m *mainWindow) later(fn func()) {
	if m.work.inline {
		fn()
		return
	}
	go fyne.Do(fn)
}

// relabel rebuilds every screen in the current language.
func (m *mainWindow) relabel() {
	if err := applyLanguage(m.settings.Language); err != nil {
		log.Print(err)
	}
	m.buildFrame()
	if m.current != nil {
		m.current()
	}
}

// showNotice puts a message at the bottom of the window, with an optional
// action (such as Undo), for a few seconds.
func (m *mainWindow) showNotice(msg, action string, onAction func()) {
	text := widget.NewLabelWithStyle(msg, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	row := container.NewHBox(widget.NewIcon(theme.InfoIcon()), text, layout.NewSpacer())
	bar := container.NewStack()
	hide := func() {
		if len(m.notice.Objects) > 0 && m.notice.Objects[0] == bar {
			m.notice.Objects = nil
			m.notice.Refresh()
		}
	}
	if onAction != nil {
		row.Add(&widget.Button{Text: action, Importance: widget.HighImportance, OnTapped: func() {
			hide()
			onAction()
		}})
	}
	row.Add(&widget.Button{Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: hide})
	bar.Objects = []fyne.CanvasObject{canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground)), container.NewPadded(row)}
	m.notice.Objects = []fyne.CanvasObject{bar}
	m.notice.Refresh()
	if !m.work.inline {
		time.AfterFunc(12*time.Second, func() { fyne.Do(hide) })
	}
}

// undoable is a soft delete the user can take back from the notice bar.
type undoable struct {
	remove, restore func(ctx context.Context) error
	done            string // the notice, e.g. "No. 12 Baiq Nurul deleted."
	failed          string // what could not be done, for the error dialog
	failedUndo      string
	after           func() // reload the screen after either step
}

// deleteWithUndo runs a soft delete off the UI goroutine and offers Undo.
func (m *mainWindow) deleteWithUndo(u undoable) {
	m.work.run(func() error { return u.remove(context.Background()) }, func(err error) {
		if err != nil {
			m.showError(u.failed, err)
			return
		}
		u.after()
		m.showNotice(u.done, lang.L("Undo"), func() {
			m.work.run(func() error { return u.restore(context.Background()) }, func(err error) {
				if err != nil {
					m.showError(u.failedUndo, err)
					return
				}
				u.after()
			})
		})
	})
}

// confirm asks before an action that is hard to take back; Enter confirms
// and Esc cancels.
func (m *mainWindow) confirm(title, message, action string, onYes func()) {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			onYes()
		}
	}, m.win)
	d.SetConfirmText(action)
	d.SetDismissText(lang.L("Cancel"))
	showDialog(d, m.win, d.Confirm)
}

// showError tells the user what went wrong in one sentence; the technical
// cause goes to the log.
func (m *mainWindow) showError(what string, err error) {
	log.Printf("%s: %v", what, err)
	msg := errorMessage(err)
	d := dialog.NewInformation(lang.L("Something went wrong"), what+"\n\n"+msg, m.win)
	showDialog(d, m.win, d.Hide)
}

// errorMessage says in the UI language what an error means for the user.
func errorMessage(err error) string {
	switch {
	case errors.Is(err, store.ErrLocked):
		return lang.L("Penyuluh is already open with this data folder. Close the other window first.")
	case errors.Is(err, store.ErrDamaged):
		return lang.L("The database file is damaged. It was not changed. Restore the latest backup.")
	case errors.Is(err, store.ErrNewerSchema):
		return lang.L("The data was saved by a newer version of Penyuluh. Install that version; the file was not changed.")
	case errors.Is(err, store.ErrReadOnly):
		return lang.L("This session is finalized and can no longer be changed.")
	case errors.Is(err, store.ErrNotFound):
		return lang.L("It no longer exists; it may have been deleted.")
	case errors.Is(err, store.ErrContentGone):
		return lang.L("Its content was removed for good when it was deleted, and Penyuluh has been closed since: it cannot be restored.")
	case errors.Is(err, store.ErrNoCoordinatorKey):
		return lang.L("No coordinator key is set on this laptop: confidential questions are sealed to it. Import the coordinator's public key in Settings, “Sending to the coordinator”.")
	case errors.Is(err, store.ErrNotSealedForKey):
		return lang.L("It was sealed for another coordinator's key.")
	case errors.Is(err, store.ErrPurged):
		return lang.L("The personal data of this session was removed from this laptop under the retention setting; the copy already sent is the complete one.")
	}
	return lang.L("Try again. If it keeps happening, make a backup and contact your coordinator.")
}
