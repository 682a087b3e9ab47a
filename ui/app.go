// Package ui is Penyuluh's Fyne interface. It talks to store (and later
// content, report and sync) through their functions and never runs SQL.
package ui

import (
	"context"
	"fmt"
	"log"
	"time"

	"fyne.io/fyne/v2"

	"github.com/penyuluh/penyuluh/assets"
	"github.com/penyuluh/penyuluh/store"
)

// Options configure the window.
type Options struct {
	DataDir string
	Version string
	// Started is when the process started; the log then says how long the
	// session list took to show (a coordinator's "it is slow" has a number).
	Started time.Time
}

// traceStartup logs, once per step, how long after the start a step of the
// first screen was shown.
func (m *mainWindow) traceStartup(step string, sessions int) {
	if m.opts.Started.IsZero() || m.traced[step] {
		return
	}
	if m.traced == nil {
		m.traced = map[string]bool{}
	}
	m.traced[step] = true
	logStep := func() {
		log.Printf("startup: %s (%d) shown %v after start", step, sessions, time.Since(m.opts.Started).Round(time.Millisecond))
	}
	if m.starting {
		m.startTrace = append(m.startTrace, logStep)
		return
	}
	logStep()
}

// onShown runs once the window's first frame is on screen: it logs the
// steps that frame shows and lets the held background jobs start.
func (m *mainWindow) onShown() {
	m.starting = false
	for _, logStep := range m.startTrace {
		logStep()
	}
	m.startTrace = nil
	m.work.release()
}

// Run opens the main window on the data folder and blocks until it closes.
// When the database cannot be opened the window explains why instead; when
// this version must first convert it, the window says so while it runs.
func Run(a fyne.App, opts Options) error {
	a.Settings().SetTheme(newTheme())
	fonts := warmFonts()
	w := a.NewWindow("Penyuluh")
	w.SetMaster()

	var st *store.Store
	var mw *mainWindow
	shown := false
	opened := func(s *store.Store, err error) {
		if err != nil {
			log.Printf("open data folder %s: %v", opts.DataDir, err)
			_ = applyLanguage(store.LangIndonesian)
			<-fonts
			w.SetContent(newStartupProblem(a, w, opts.DataDir, err).buildUI())
			return
		}
		st = s
		work := newWorker(false)
		if !shown {
			work = newHeldWorker() // released by onShown
		}
		mw = newMainWindow(a, w, st, work)
		mw.opts = opts
		mw.starting = !shown
		mw.fonts = fonts
		mw.start()
		mw.watchCheck(opts.DataDir)
		watchCursor(mw.bgCtx, w.Canvas())
		trackPlacement(mw.bgCtx, w, func(p placement) {
			mw.work.run(func() error { storePlacement(st, p); return nil }, nil)
		})
		// Saved while the native window still exists (after the run loop
		// it is gone); trackPlacement covers the ends that skip the close
		// button.
		w.SetCloseIntercept(func() {
			if !mw.closed {
				savePlacement(w, st)
			}
			w.Close()
		})
		if shown { // after an upgrade: the window is already on screen
			restoreWindowSize(w, st)
			restorePlacement(w, st)
		}
	}
	open := func() (*store.Store, error) { return store.Open(opts.DataDir, store.Options{DeferCheck: true}) }
	if due, err := store.UpgradeDue(opts.DataDir); err == nil && due {
		restoreWindowSize(w, nil)
		<-fonts
		openAfterUpgrade(w, open, opened)
	} else {
		s, err := open()
		restoreWindowSize(w, s)
		opened(s, err)
	}

	a.Lifecycle().SetOnStarted(func() {
		shown = true
		if mw != nil {
			mw.onShown()
		}
		// The icon comes after the first frame: decoding it (a 512-pixel,
		// 16-bit PNG) and handing it to the window system cost that frame
		// about 25 ms. Later windows get it from the app.
		a.SetIcon(assets.Icon)
		w.SetIcon(assets.Icon)
		if st != nil {
			restorePlacement(w, st)
		}
	})
	w.ShowAndRun()

	if mw != nil && !mw.closed {
		mw.work.stop()
		mw.stopBackground()
		saveWindowSize(w, st)
		return st.Close()
	}
	return nil
}

// watchCheck waits for the quick_check that runs while the window opens.
// A damaged file closes the store (nothing was written to it: writes wait
// for the check) and the window offers the latest backup instead.
func (m *mainWindow) watchCheck(dir string) {
	m.work.run(m.store.WaitChecked, func(err error) {
		if err == nil {
			return
		}
		log.Printf("quick_check: %v", err)
		m.closed = true
		go func() {
			m.work.stop()
			m.stopBackground()
			m.store.Close()
			fyne.Do(func() { m.win.SetContent(newStartupProblem(m.app, m.win, dir, err).buildUI()) })
		}()
	})
}

// dailyBackup tidies first (seals the confidential questions that waited
// for the coordinator's key, applies the retention setting), so that the
// day's snapshot holds none of it, then takes the snapshot, then cleans the
// older snapshots in the background. Headless commands never do.
func (m *mainWindow) dailyBackup() {
	m.work.run(func() error {
		if _, err := m.store.Tidy(context.Background()); err != nil {
			log.Printf("tidy: %v", err)
		}
		_, err := m.store.DailyBackup(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			log.Printf("daily backup: %v", err)
		}
		m.inBackground(func(ctx context.Context) error {
			_, err := m.store.CleanBackups(ctx)
			return err
		}, func(err error) { logBackground("clean backups", err) })
	})
}

// The window size is kept per data folder in the database rather than in
// Fyne's preferences, which two Penyuluh windows (on two data folders)
// would both rewrite, and which are not written atomically.
const prefWindowSize = "window.size"

// restoreWindowSize opens the window as large as it was last closed. The
// first time it fits 1024×768, the smallest screen it must work on (a
// laptop mirrored to a projector); Fyne cannot ask the screen's size.
func restoreWindowSize(w fyne.Window, st *store.Store) {
	width, height := float32(1024), float32(700)
	if st != nil {
		if v, ok := st.Preference(context.Background(), prefWindowSize); ok {
			var sw, sh float32
			if _, err := fmt.Sscanf(v, "%gx%g", &sw, &sh); err == nil {
				width, height = max(sw, 800), max(sh, 560)
			}
		}
	}
	w.Resize(fyne.NewSize(width, height))
}

func saveWindowSize(w fyne.Window, st *store.Store) {
	size := w.Canvas().Size()
	if size.Width > 0 && size.Height > 0 {
		value := fmt.Sprintf("%.0fx%.0f", size.Width, size.Height)
		if err := st.SetPreference(context.Background(), prefWindowSize, value); err != nil {
			log.Printf("save window size: %v", err)
		}
	}
}
