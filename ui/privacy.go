package ui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// retentionChoices are the periods offered, in months (0: never).
var retentionChoices = []int{0, 6, 12, 24, 36}

// privacyView is the "Privacy" part of the settings: how long personal
// data of sessions already sent stays, cleaning the backups, and a warning
// while confidential questions wait in clear for the coordinator's key.
type privacyView struct {
	mw       *mainWindow
	months   []int
	current  int
	loading  bool
	onLayout func() // lay the settings out again when a part shows or hides
	// onKeys runs after the coordinator's key was imported here.
	onKeys func(store.SyncSettings)

	retention *widget.Select
	explain   *widget.Label
	warning   *fyne.Container
	warnText  *widget.Label
	clean     *widget.Button
	box       *fyne.Container
}

func newPrivacyView(mw *mainWindow) *privacyView { return &privacyView{mw: mw} }

func (p *privacyView) buildUI() fyne.CanvasObject {
	p.retention = widget.NewSelect(nil, nil)
	p.setChoices(0)
	p.retention.OnChanged = func(string) { p.onRetention() }
	p.explain = muted("")
	p.warnText = widget.NewLabel("")
	p.warnText.Wrapping = fyne.TextWrapWord
	p.warnText.Importance = widget.DangerImportance
	p.warnText.TextStyle = fyne.TextStyle{Bold: true}
	importKey := &widget.Button{Text: lang.L("Import the coordinator's key…"), Icon: theme.LoginIcon(), Importance: widget.HighImportance,
		OnTapped: func() { p.mw.importCoordinatorKey(p.onKeys, p.load) }}
	p.warning = container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, p.warnText),
		container.NewHBox(importKey))
	p.warning.Hide()
	p.clean = &widget.Button{Text: lang.L("Clean backups now"), Icon: theme.DeleteIcon(), OnTapped: p.onClean}
	p.box = container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Privacy"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		labelled(lang.L("Remove personal data of sessions already sent"), false, p.retention, nil),
		p.explain,
		p.warning,
		container.NewHBox(p.clean),
		muted(lang.L("Older backups can still hold what was deleted, sealed or removed since. Cleaning brings each one in line with the data now; they stay restorable. It also runs each time Penyuluh opens.")))
	p.showExplanation()
	return p.box
}

// setChoices fills the retention list, with the current value even when
// it is not one of the usual ones (set on the command line).
func (p *privacyView) setChoices(current int) {
	p.months = slices.Clone(retentionChoices)
	if !slices.Contains(p.months, current) {
		p.months = append(p.months, current)
		slices.Sort(p.months)
	}
	labels := make([]string, len(p.months))
	for i, n := range p.months {
		labels[i] = retentionLabel(n)
	}
	p.loading = true
	p.retention.Options = labels
	p.retention.SetSelectedIndex(slices.Index(p.months, current))
	p.loading = false
	p.current = current
}

func retentionLabel(months int) string {
	if months == 0 {
		return lang.L("Never removed")
	}
	return lang.L("After {{.N}} months", map[string]any{"N": months})
}

func (p *privacyView) showExplanation() {
	if p.current == 0 {
		p.explain.SetText(lang.L("Names, phone numbers, villages and photos stay on this laptop until a session is deleted. Choose a period to remove them from sessions already sent to the coordinator."))
		return
	}
	p.explain.SetText(lang.L("Names, phone numbers, villages and photos of sessions already sent to the coordinator are removed from this laptop {{.N}} months after the session date. The counts, quiz results and the report's totals stay; each age becomes its age band. The session then stays read-only.",
		map[string]any{"N": p.current}))
}

// load reads the retention setting and how many confidential questions
// still wait in clear.
func (p *privacyView) load() {
	var months, clear int
	p.mw.work.run(func() (err error) {
		if months, err = p.mw.store.RetentionMonths(context.Background()); err != nil {
			return err
		}
		clear, err = p.mw.store.ClearConfidential(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			p.mw.showError(lang.L("The privacy settings could not be read."), err)
			return
		}
		p.setChoices(months)
		p.showExplanation()
		if clear > 0 {
			p.warnText.SetText(lang.L("{{.N}} confidential questions are still stored in clear on this laptop, waiting for the coordinator's key. Import the coordinator's public key to seal them.",
				map[string]any{"N": clear}))
			p.warning.Show()
		} else {
			p.warning.Hide()
		}
		p.relayout()
	})
}

func (p *privacyView) relayout() {
	p.box.Refresh()
	if p.onLayout != nil {
		p.onLayout()
	}
}

// onRetention saves a new period. A shorter one removes data at once, for
// good, so it is confirmed first.
func (p *privacyView) onRetention() {
	i := p.retention.SelectedIndex()
	if p.loading || i < 0 || i >= len(p.months) || p.months[i] == p.current {
		return
	}
	months := p.months[i]
	if months > 0 && (p.current == 0 || months < p.current) {
		msg := lang.L("Names, phone numbers, villages and photos of sessions already sent and older than {{.N}} months are removed now from this laptop and its backups. This cannot be undone.\n\nRemove them?",
			map[string]any{"N": months})
		d := dialog.NewConfirm(lang.L("Remove personal data of old sessions"), msg, func(ok bool) {
			if ok {
				p.saveRetention(months)
				return
			}
			p.setChoices(p.current)
		}, p.mw.win)
		d.SetConfirmText(lang.L("Remove"))
		d.SetDismissText(lang.L("Cancel"))
		showDialog(d, p.mw.win, d.Confirm)
		return
	}
	p.saveRetention(months)
}

func (p *privacyView) saveRetention(months int) {
	p.mw.work.run(func() error {
		return p.mw.store.SetRetentionMonths(context.Background(), months)
	}, func(err error) {
		if err != nil {
			p.setChoices(p.current)
			p.mw.showError(lang.L("The setting could not be saved."), err)
			return
		}
		p.setChoices(months)
		p.showExplanation()
		p.relayout()
		p.runClean(lang.L("Saved."))
	})
}

func (p *privacyView) onClean() { p.runClean("") }

// runClean applies the settings now and cleans the backups, then says what
// was done.
func (p *privacyView) runClean(prefix string) {
	p.clean.Disable()
	p.clean.SetText(lang.L("Cleaning backups…"))
	p.mw.tidyAndClean(func(t store.Tidied, c store.CleanedBackups, err error) {
		p.clean.SetText(lang.L("Clean backups now"))
		p.clean.Enable()
		if err != nil {
			p.mw.showError(lang.L("The backups could not be cleaned."), err)
			return
		}
		msg := cleanedMessage(t, c)
		if prefix != "" {
			msg = prefix + " " + msg
		}
		p.mw.showNotice(msg, "", nil)
		p.load()
	})
}
