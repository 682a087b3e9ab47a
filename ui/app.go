// Package ui is Penyuluh's Fyne interface. It talks to store (and later
// content, report and sync) through their functions and never runs SQL.
package ui

import (
	"context"
	"log"
	"os"

	"fyne.io/fyne/v2"

	"github.com/penyuluh/penyuluh/assets"
	"github.com/penyuluh/penyuluh/store"
)

// Options configure the window.
type Options struct {
	DataDir string
	Version string
	// Quit closes the window when a signal arrives (SIGTERM, Ctrl+C), the
	// same way as the close button.
	Quit <-chan os.Signal
}

// Run opens the main window on the data folder and blocks until it closes.
// When the database cannot be opened the window explains why instead.
func Run(a fyne.App, opts Options) error {
	a.Settings().SetTheme(newTheme())
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Penyuluh")
	w.SetMaster()
	restoreWindowSize(a, w)

	st, err := store.Open(opts.DataDir, store.Options{})
	var mw *mainWindow
	if err != nil {
		log.Printf("open data folder %s: %v", opts.DataDir, err)
		_ = applyLanguage(store.LangIndonesian)
		w.SetContent(newStartupProblem(a, w, opts.DataDir, err).buildUI())
	} else {
		mw = newMainWindow(a, w, st, newWorker(false))
		mw.opts = opts
		mw.start()
	}

	if opts.Quit != nil {
		go func() {
			if _, ok := <-opts.Quit; ok {
				fyne.Do(a.Quit)
			}
		}()
	}
	w.ShowAndRun()
	saveWindowSize(a, w)

	if mw != nil {
		mw.work.stop()
		return st.Close()
	}
	return nil
}

// dailyBackup takes the day's snapshot in the background once the window is
// up; headless commands never do.
func (m *mainWindow) dailyBackup() {
	m.work.run(func() error {
		_, err := m.store.DailyBackup(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			log.Printf("daily backup: %v", err)
		}
	})
}

// Preference keys for the window size; the size is a property of this
// laptop's screen, not of the data, so it stays out of the database.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

// restoreWindowSize opens the window as large as it was last closed. The
// first time it fits 1024×768, the smallest screen it must work on (a
// laptop mirrored to a projector); Fyne cannot ask the screen's size.
func restoreWindowSize(a fyne.App, w fyne.Window) {
	p := a.Preferences()
	width := max(float32(p.FloatWithFallback(prefWidth, 1024)), 800)
	height := max(float32(p.FloatWithFallback(prefHeight, 700)), 560)
	w.Resize(fyne.NewSize(width, height))
}

func saveWindowSize(a fyne.App, w fyne.Window) {
	size := w.Canvas().Size()
	if size.Width > 0 && size.Height > 0 {
		a.Preferences().SetFloat(prefWidth, float64(size.Width))
		a.Preferences().SetFloat(prefHeight, float64(size.Height))
	}
}
