package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

// A confidential question is sealed for the coordinator when it is saved
// (store/seal.go): this laptop shows only its clear fields and can add
// sealed notes; the coordinator opens it for display with the identity
// file and its passphrase. Sealing needs the coordinator's public key,
// which an officer imports here from a key file or pasted (QR) text.

// sealedLabel stands where a sealed question's text would be, after the
// lock icon (sealedMark) where there is room for one.
func sealedLabel() string { return lang.L("Sealed for the coordinator") }

// lockIcon is Material Design's "lock" (the set Fyne's own icons come
// from). The 🔒 emoji renders in Fyne's bundled emoji font but sits a few
// pixels higher than the text beside it in a list row, so rows use this.
var lockIcon = theme.NewThemedResource(&fyne.StaticResource{StaticName: "lock.svg", StaticContent: []byte(
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zm-6 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2zm3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1 1.71 0 3.1 1.39 3.1 3.1v2z"/></svg>`)})

// lockedCell is a list cell whose text gets the lock icon in front when
// it stands for a sealed question (setLocked).
func lockedCell() *fyne.Container {
	icon := widget.NewIcon(lockIcon)
	icon.Hide()
	return container.NewBorder(nil, nil, icon, nil, &widget.Label{Truncation: fyne.TextTruncateEllipsis})
}

// setLocked fills a lockedCell: text, and the icon when locked.
func setLocked(cell fyne.CanvasObject, text string, locked bool) *widget.Label {
	c := cell.(*fyne.Container)
	var label *widget.Label
	for _, o := range c.Objects {
		switch x := o.(type) {
		case *widget.Label:
			label = x
		case *widget.Icon:
			if locked {
				x.Show()
			} else {
				x.Hide()
			}
		}
	}
	label.SetText(text)
	c.Refresh()
	return label
}

// sealedMark is the lock icon and "Sealed for the coordinator", bold.
func sealedMark(size fyne.ThemeSizeName) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(sealedLabel(), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = size
	return container.NewBorder(nil, nil, widget.NewIcon(lockIcon), nil, l)
}

// sealedInfo is the clear part of a sealed question: its topic, the day it
// was recorded and how many sealed notes it has.
func sealedInfo(q store.Question) string {
	parts := []string{lang.L("Topic: {{.Topic}}", map[string]any{"Topic": q.Topic.Label()})}
	if !q.CreatedAt.IsZero() {
		parts = append(parts, lang.L("recorded {{.Date}}", map[string]any{"Date": q.CreatedAt.Local().Format("02-01-2006")}))
	}
	parts = append(parts, lang.L("{{.N}} sealed notes", map[string]any{"N": q.SealedNotes}))
	return strings.Join(parts, " · ")
}

// sealedPanel shows a sealed question without its content; onUnseal, when
// set (a laptop with the coordinator's identity file), offers to open it.
func sealedPanel(q store.Question, onUnseal func()) fyne.CanvasObject {
	info := widget.NewLabel(sealedInfo(q))
	info.Wrapping = fyne.TextWrapWord
	note := lang.L("The question, who asked it and the answer can be read only by the coordinator, not on this laptop.")
	if onUnseal != nil {
		note = lang.L("The question, who asked it and the answer stay sealed here; Unseal shows them with the passphrase of the coordinator's key, without saving them.")
	}
	objs := []fyne.CanvasObject{sealedMark(theme.SizeNameSubHeadingText), info, muted(note)}
	if onUnseal != nil {
		objs = append(objs, container.NewHBox(&widget.Button{Text: lang.L("Unseal…"), Icon: theme.VisibilityIcon(),
			Importance: widget.HighImportance, OnTapped: onUnseal}))
	}
	return panel(container.NewVBox(objs...))
}

// importCoordinatorKey asks for the coordinator's public key: pasted
// (also the text of its QR code) or read from the key file the coordinator
// gave. saved runs with the new settings; then the confidential questions
// that waited in clear are sealed and the backups cleaned, and cleaned
// runs (either may be nil).
func (m *mainWindow) importCoordinatorKey(saved func(store.SyncSettings), cleaned func()) {
	text := newMultiLineField(lang.L("age1… (paste the key or the text of its QR code)"), 3)
	text.submitOnEnter = true
	problem := newErrorText()
	intro := widget.NewLabel(lang.L("Paste the coordinator's public key (it starts with age1…) or the text of its QR code, or open the key file the coordinator gave you. Only the public key belongs on this laptop; the coordinator's identity file never does."))
	intro.Wrapping = fyne.TextWrapWord
	open := &widget.Button{Text: lang.L("Open a key file…"), Icon: theme.FolderOpenIcon(), OnTapped: func() {
		m.readKeyFile(func(keys []string, err error) {
			if err != nil {
				problem.set(keyProblem(err))
				return
			}
			problem.set("")
			text.SetText(strings.Join(keys, "\n"))
		})
	}}
	content := container.NewVBox(intro, labelled(lang.L("Coordinator's public key"), true, text, problem), container.NewHBox(open))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(lang.L("Import the coordinator's key"), lang.L("Save key"), lang.L("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		keys, err := sync.PublicKeysIn([]byte(text.Text))
		if err != nil {
			problem.set(keyProblem(err))
			showDialog(d, m.win, d.Confirm)
			return
		}
		m.saveCoordinatorKeys(keys, saved, cleaned)
	}, m.win)
	text.OnSubmitted = func(string) { d.Confirm() }
	text.onEscape = d.Hide
	d.Resize(fyne.NewSize(720, 0))
	showDialog(d, m.win, d.Confirm)
	m.win.Canvas().Focus(text)
}

// maxKeyFileRead bounds what is read of a file picked as a key file.
const maxKeyFileRead = 64 << 10

// readKeyFile lets the officer pick the coordinator's key file and finds
// the public keys in it (never accepting the secret identity file).
func (m *mainWindow) readKeyFile(done func([]string, error)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		var keys []string
		m.work.run(func() error {
			info, err := os.Stat(path)
			if err != nil {
				return err
			}
			if info.Size() > maxKeyFileRead {
				return sync.ErrNoPublicKey
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			keys, err = sync.PublicKeysIn(data)
			return err
		}, func(err error) { done(keys, err) })
	}, m.win)
	showFileDialog(d, "")
}

// keyProblem says why a text or file gives no usable public key.
func keyProblem(err error) string {
	switch {
	case errors.Is(err, sync.ErrSecretKeyFile):
		return lang.L("This is the coordinator's secret identity file: it must never be copied to an officer's laptop. Ask the coordinator for the public key (age1…).")
	case errors.Is(err, sync.ErrNoPublicKey):
		return lang.L("No public key (age1…) was found in it.")
	case errors.Is(err, store.ErrPostQuantum):
		return lang.L("This is a post-quantum key, which Penyuluh cannot use: ask the coordinator for an age1… key made by Penyuluh or age-keygen.")
	case errors.Is(err, os.ErrNotExist), errors.Is(err, os.ErrPermission):
		return lang.L("The key file could not be read.")
	}
	return lang.L("Not a valid public key: check that it was copied whole.")
}

// saveCoordinatorKeys adds keys to the coordinator's public keys, then
// seals what waited for them and cleans the backups in the background.
func (m *mainWindow) saveCoordinatorKeys(keys []string, saved func(store.SyncSettings), cleaned func()) {
	var settings store.SyncSettings
	m.work.run(func() error {
		current, err := m.store.SyncSettings(context.Background())
		if err != nil {
			return err
		}
		for _, k := range keys {
			if !slices.Contains(current.Recipients, k) {
				current.Recipients = append(current.Recipients, k)
			}
		}
		settings, err = m.store.SaveSyncSettings(context.Background(), current)
		return err
	}, func(err error) {
		if err != nil {
			m.showError(lang.L("The coordinator's key could not be saved."), err)
			return
		}
		if saved != nil {
			saved(settings)
		}
		m.afterKeysSaved(cleaned)
	})
}

// afterKeysSaved seals the confidential questions that waited for the
// coordinator's key and cleans the backups that still hold them in clear;
// then done runs (when not nil).
func (m *mainWindow) afterKeysSaved(done func()) {
	m.showNotice(lang.L("Coordinator's key saved: confidential questions are sealed to it when saved. Cleaning the backups…"), "", nil)
	m.tidyAndClean(func(t store.Tidied, c store.CleanedBackups, err error) {
		if done != nil {
			defer done()
		}
		if err != nil {
			m.showError(lang.L("The key was saved, but the backups could not be cleaned. Try “Clean backups now” in Settings."), err)
			return
		}
		m.showNotice(lang.L("Coordinator's key saved.")+" "+cleanedMessage(t, c), "", nil)
	})
}

// openSealed opens a sealed question with the coordinator's identity,
// asking its passphrase once per run, and shows it; nothing opened is
// stored.
func (m *mainWindow) openSealed(q store.Question) {
	m.unlock(func() {
		var opened store.Unsealed
		noIdentity := false
		m.work.run(func() error {
			opts, err := m.importOptions()
			if err != nil {
				return err
			}
			if len(opts.Identities) == 0 {
				noIdentity = true
				return nil
			}
			opened, err = m.store.Unseal(context.Background(), q.ID, opts.Identities)
			return err
		}, func(err error) {
			switch {
			case err == nil && noIdentity:
				m.showInfo(lang.L("Unseal"), lang.L("Only the coordinator can open a sealed question: this laptop has no coordinator identity file (Settings, “Sending to the coordinator”)."))
			case errors.Is(err, store.ErrNotSealedForKey):
				m.showInfo(lang.L("Unseal"), lang.L("The coordinator's key on this laptop does not open this question: it was sealed for another coordinator's key."))
			case err != nil:
				m.showError(lang.L("The sealed question could not be opened."), err)
			default:
				m.showUnsealed(q, opened)
			}
		})
	})
}

// showUnsealed shows an opened question in a dialog; closing it forgets it.
func (m *mainWindow) showUnsealed(q store.Question, u store.Unsealed) {
	text := widget.NewLabel(u.Text)
	text.Wrapping = fyne.TextWrapWord
	text.TextStyle = fyne.TextStyle{Bold: true}
	asker := u.AskerName
	if asker == "" {
		asker = lang.L("Anonymous")
	}
	objs := []fyne.CanvasObject{
		muted(lang.L("Opened for reading only: it stays sealed on this laptop and nothing opened here is saved.")),
		labelled(lang.L("Question"), false, text, nil),
		labelled(lang.L("Asked by"), false, wrapped(asker), nil),
		labelled(lang.L("Topic"), false, wrapped(q.Topic.Label()), nil),
	}
	add := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			objs = append(objs, labelled(label, false, wrapped(value), nil))
		}
	}
	add(lang.L("Answer"), u.Answer)
	add(lang.L("Closing note"), u.ClosedNote)
	add(lang.L("The officer's closing note"), u.OfficerNote)
	if len(u.Notes) > 0 {
		var lines []string
		for _, n := range u.Notes {
			lines = append(lines, fmt.Sprintf("%s — %s", n.At.Local().Format("02-01-2006 15:04"), n.Text))
		}
		add(lang.L("Sealed notes"), strings.Join(lines, "\n"))
	}
	d := dialog.NewCustom(lang.L("Question {{.No}}, unsealed", map[string]any{"No": q.Number}), lang.L("Close"),
		container.NewVScroll(container.NewVBox(objs...)), m.win)
	d.Resize(fyne.NewSize(780, 560))
	showDialog(d, m.win, d.Hide)
}

// wrapped is a word-wrapped label.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showInfo tells the user something in a dialog that Enter or Esc closes.
func (m *mainWindow) showInfo(title, msg string) {
	d := dialog.NewInformation(title, msg, m.win)
	showDialog(d, m.win, d.Hide)
}
