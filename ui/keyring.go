package ui

import (
	"context"
	"errors"
	gosync "sync"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/sync"
)

// keyring keeps the coordinator's identities in memory once their
// passphrase was typed, for this run of the app only: they are never
// written anywhere.
type keyring struct {
	mu   gosync.Mutex
	path string
	ids  []age.Identity
}

func (k *keyring) get(path string) []age.Identity {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.path != path {
		return nil
	}
	return k.ids
}

func (k *keyring) set(path string, ids []age.Identity) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.path, k.ids = path, ids
}

// keep holds the opened identities for this run and, on a laptop without
// a coordinator key yet (the coordinator's own), makes the identity's
// public key the one confidential questions are sealed to. It runs on the
// worker.
func (m *mainWindow) keep(path string, ids []age.Identity) error {
	m.keyring.set(path, ids)
	_, err := sync.AdoptIdentity(context.Background(), m.store, ids)
	return err
}

// unlock opens the coordinator's identity file for this run, asking for its
// passphrase when it has one, then calls next on the UI goroutine. Without
// an identity file, or once it is open, next runs at once.
func (m *mainWindow) unlock(next func()) {
	var path string
	var protected bool
	m.work.run(func() error {
		keys, err := m.store.SyncSettings(context.Background())
		if err != nil || keys.IdentityFile == "" || m.keyring.get(keys.IdentityFile) != nil {
			return err
		}
		path = keys.IdentityFile
		if protected, err = sync.Protected(path); err != nil || protected {
			return err
		}
		ids, err := sync.LoadIdentities(path, nil)
		if err == nil {
			err = m.keep(path, ids)
		}
		return err
	}, func(err error) {
		switch {
		case err != nil:
			m.showError(lang.L("The coordinator's identity file could not be read."), err)
		case protected:
			m.askPassphrase(path, "", next)
		default:
			next()
		}
	})
}

// askPassphrase asks for the identity file's passphrase until it opens the
// file or the coordinator cancels.
func (m *mainWindow) askPassphrase(path, problem string, next func()) {
	entry := widget.NewPasswordEntry()
	note := widget.NewLabel(lang.L("Encrypted bundles and confidential tips open with the passphrase of the coordinator's identity file. It is kept in memory until Penyuluh closes."))
	note.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{note, entry}
	if problem != "" {
		msg := widget.NewLabel(problem)
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
		items = append(items, msg)
	}
	var d *dialog.ConfirmDialog
	submit := func() {
		pass := entry.Text
		d.Hide()
		var ids []age.Identity
		m.work.run(func() (err error) {
			if ids, err = sync.LoadIdentities(path, func() (string, error) { return pass, nil }); err != nil {
				return err
			}
			return m.keep(path, ids)
		}, func(err error) {
			switch {
			case errors.Is(err, sync.ErrWrongPassphrase):
				m.askPassphrase(path, lang.L("That passphrase does not open the identity file. Try again."), next)
			case err != nil:
				m.showError(lang.L("The coordinator's identity file could not be read."), err)
			default:
				next()
			}
		})
	}
	entry.OnSubmitted = func(string) { submit() }
	d = dialog.NewCustomConfirm(lang.L("Passphrase of the coordinator's key"), lang.L("Open"), lang.L("Cancel"),
		container.NewVBox(items...), func(ok bool) {
			if ok {
				submit()
			}
		}, m.win)
	d.Resize(fyne.NewSize(620, 0))
	showDialog(d, m.win, d.Hide)
	m.win.Canvas().Focus(entry)
}
