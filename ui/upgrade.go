package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// upgradeScreen is what the window shows while a new version converts the
// database (once, and on a province's year for a minute or more) instead of
// a blank window that looks hung. The store's settings, and so the chosen
// language, cannot be read before the conversion: it speaks Indonesian.
type upgradeScreen struct {
	elapsed *widget.Label
	started time.Time
}

func newUpgradeScreen() *upgradeScreen {
	return &upgradeScreen{elapsed: muted(""), started: time.Now()}
}

func (u *upgradeScreen) buildUI() fyne.CanvasObject {
	icon := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64),
		widget.NewIcon(theme.NewPrimaryThemedResource(theme.StorageIcon()))))
	title := heading(lang.L("Updating Penyuluh's data"))
	title.Alignment = fyne.TextAlignCenter
	what := widget.NewLabel(lang.L("This version keeps the data in a new form. The update runs once; on a large data folder it takes a few minutes."))
	what.Wrapping = fyne.TextWrapWord
	safe := widget.NewLabel(lang.L("Your data is safe: if the laptop switches off before the end, nothing is lost and the update starts again the next time Penyuluh opens."))
	safe.Wrapping = fyne.TextWrapWord
	bar := widget.NewProgressBarInfinite()
	u.tick()
	box := container.NewVBox(icon, title, what, safe, bar, u.elapsed)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(640, box.MinSize().Height), box))
}

// tick shows how long the update has run, so that a long one visibly moves.
func (u *upgradeScreen) tick() {
	d := time.Since(u.started).Round(time.Second)
	u.elapsed.SetText(lang.L("Running for {{.Time}}", map[string]any{"Time": fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)}))
}

// openAfterUpgrade shows the upgrade screen, opens the store (open) off the UI
// goroutine, and hands the result to opened on the UI goroutine. Closing the
// window meanwhile asks first (the returned func is that question): the
// conversion is one transaction, so quitting loses nothing but the time spent.
func openAfterUpgrade(w fyne.Window, open func() (*store.Store, error), opened func(*store.Store, error)) (closing func()) {
	_ = applyLanguage(store.LangIndonesian)
	u := newUpgradeScreen()
	w.SetContent(u.buildUI())
	ctx, stop := context.WithCancel(context.Background())
	everySecond(ctx, u.tick)
	upgrading := true
	closing = func() {
		if !upgrading {
			w.Close()
			return
		}
		showDialog(dialog.NewConfirm(lang.L("Stop the update?"),
			lang.L("The update is not finished. If Penyuluh closes now your data stays as it was, and the update starts again next time."),
			func(ok bool) {
				if ok {
					w.Close()
				}
			}, w), w, nil)
	}
	w.SetCloseIntercept(closing)
	go func() {
		st, err := open()
		fyne.Do(func() {
			stop()
			upgrading = false
			opened(st, err)
		})
	}()
	return closing
}
