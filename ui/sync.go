package ui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

// onExportBundle writes the session's bundle into a folder the officer
// picks (a USB stick), encrypted to the coordinator's keys when set.
func (m *mainWindow) onExportBundle(sessionID string) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		dir := u.Path()
		var res sync.ExportResult
		m.work.run(func() error {
			keys, err := m.store.SyncSettings(context.Background())
			if err != nil {
				return err
			}
			res, err = sync.Export(context.Background(), m.store, sessionID, sync.ExportOptions{Dir: dir,
				Recipients: keys.Recipients, AppVersion: m.opts.Version, Report: sync.SessionReport(m.packsDir(), m.opts.Version)})
			return err
		}, func(err error) {
			if err != nil {
				m.showError(lang.L("The bundle could not be written."), err)
				return
			}
			msg := lang.L("Bundle written, encrypted for the coordinator: {{.File}}", map[string]any{"File": filepath.Base(res.Path)})
			if !res.Encrypted {
				msg = lang.L("Bundle written WITHOUT encryption: {{.File}}. {{.N}} confidential questions were left out; set the coordinator's key in Settings to send them.",
					map[string]any{"File": filepath.Base(res.Path), "N": res.WithheldConfidential})
			}
			info := dialog.NewInformation(lang.L("Bundle for the coordinator"), msg, m.win)
			showDialog(info, m.win, info.Hide)
		})
	}, m.win)
	showFileDialog(d, "")
}

// onImportBundles merges every bundle in a folder (a USB stick) and shows
// what each one added, updated, left unchanged or why it was rejected.
func (m *mainWindow) onImportBundles(done func()) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		var results []sync.ImportResult
		progress := widget.NewProgressBarInfinite()
		wait := dialog.NewCustomWithoutButtons(lang.L("Importing bundles…"), progress, m.win)
		wait.Show()
		m.work.run(func() error {
			keys, err := m.store.SyncSettings(context.Background())
			if err != nil {
				return err
			}
			var opts sync.ImportOptions
			if keys.IdentityFile != "" {
				if opts.Identities, err = sync.LoadIdentities(keys.IdentityFile); err != nil {
					return err
				}
			}
			results, err = sync.Import(context.Background(), m.store, []string{u.Path()}, opts)
			return err
		}, func(err error) {
			wait.Hide()
			if err != nil {
				m.showError(lang.L("The bundles could not be imported."), err)
				return
			}
			m.showImportSummary(results)
			if done != nil {
				done()
			}
		})
	}, m.win)
	showFileDialog(d, "")
}

func (m *mainWindow) showImportSummary(results []sync.ImportResult) {
	merged, rejected, rows := sync.Summarize(results)
	var lines []string
	for _, r := range results {
		if !r.OK() {
			reason := r.Rejected
			if r.Reason == sync.ReasonNeedsKey {
				reason = lang.L("encrypted: set the coordinator's identity file in Settings")
			}
			lines = append(lines, "✗ "+filepath.Base(r.Path)+": "+reason)
			continue
		}
		s := r.Summary
		lines = append(lines, fmt.Sprintf("✓ %s · %s · %s — %s", r.Date, r.Village, r.Officer,
			lang.L("added {{.A}}, updated {{.U}}, unchanged {{.S}}, conflicts {{.C}}",
				map[string]any{"A": s.Added, "U": s.Updated, "S": s.Unchanged, "C": s.Conflicts})))
		for _, w := range r.Warnings {
			lines = append(lines, "   ! "+w)
		}
	}
	if len(results) == 0 {
		lines = append(lines, lang.L("No bundles were found in that folder."))
	}
	head := widget.NewLabel(lang.L("{{.M}} bundles merged, {{.R}} rejected; rows added {{.A}}, updated {{.U}}, unchanged {{.S}}, conflicts {{.C}}.",
		map[string]any{"M": merged, "R": rejected, "A": rows.Added, "U": rows.Updated, "S": rows.Unchanged, "C": rows.Conflicts}))
	head.Wrapping = fyne.TextWrapWord
	body := widget.NewLabel(strings.Join(lines, "\n"))
	body.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("Import summary"), lang.L("Close"), container.NewBorder(head, nil, nil, nil, container.NewVScroll(body)), m.win)
	d.Resize(fyne.NewSize(860, 520))
	showDialog(d, m.win, d.Hide)
}

// coordinatorSection holds the coordinator's public keys (officers'
// bundles are encrypted to them) and, on the coordinator's own laptop, the
// identity file that opens them.
func (s *settingsScreen) coordinatorSection() fyne.CanvasObject {
	keys := newMultiLineField(lang.L("age1… (one public key per line)"), 2)
	identity := newField(lang.L("Path of the identity file (coordinator only)"))
	msg := newErrorText()
	var current store.SyncSettings
	if v, err := s.mw.store.SyncSettings(context.Background()); err == nil {
		current = v
		keys.SetText(strings.Join(v.Recipients, "\n"))
		identity.SetText(v.IdentityFile)
	}
	save := func() {
		edited := current
		edited.Recipients = nonEmpty(strings.Fields(keys.Text)...)
		edited.IdentityFile = strings.TrimSpace(identity.Text)
		if _, err := sync.ParseRecipients(edited.Recipients); err != nil {
			msg.set(lang.L("Not a valid public key: {{.Err}}", map[string]any{"Err": err.Error()}))
			return
		}
		msg.set("")
		s.mw.work.run(func() (err error) {
			current, err = s.mw.store.SaveSyncSettings(context.Background(), edited)
			return err
		}, func(err error) {
			if err != nil {
				msg.set(err.Error())
			}
		})
	}
	keys.onLeave, identity.onLeave = save, save
	identity.OnSubmitted = func(string) { save() }
	keygen := &widget.Button{Text: lang.L("Create the coordinator's key pair…"), Icon: theme.LoginIcon(), OnTapped: func() {
		s.onKeygen(func(path, pub string) {
			identity.SetText(path)
			keys.SetText(strings.TrimSpace(keys.Text + "\n" + pub))
			save()
		})
	}}
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Sending to the coordinator"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		muted(lang.L("Bundles are encrypted to these public keys, so a lost USB stick leaks nothing. Confidential questions travel only in encrypted bundles.")),
		labelled(lang.L("Coordinator's public keys"), false, keys, msg),
		labelled(lang.L("Identity file"), false, identity, nil),
		keygen)
}

// onKeygen creates the coordinator's identity in the data folder and says
// plainly that it must be backed up.
func (s *settingsScreen) onKeygen(done func(path, pub string)) {
	path := filepath.Join(s.mw.store.Dir(), "kunci-koordinator-"+time.Now().Format("20060102-150405")+".txt")
	var pub string
	s.mw.work.run(func() (err error) {
		pub, err = sync.Keygen(path, time.Now())
		return err
	}, func(err error) {
		if err != nil {
			s.mw.showError(lang.L("The key pair could not be created."), err)
			return
		}
		key := widget.NewEntry()
		key.SetText(pub)
		text := widget.NewLabel(lang.L("The identity file is {{.Path}}.\n\nBACK IT UP NOW (for example on a second USB stick kept locked away): without it, the bundles sent to you can never be opened. Give officers only the public key below.",
			map[string]any{"Path": path}))
		text.Wrapping = fyne.TextWrapWord
		copyKey := &widget.Button{Text: lang.L("Copy the public key"), Icon: theme.ContentCopyIcon(), OnTapped: func() {
			fyne.CurrentApp().Clipboard().SetContent(pub)
		}}
		d := dialog.NewCustom(lang.L("Coordinator's key pair"), lang.L("Close"), container.NewVBox(text, key, copyKey), s.mw.win)
		d.Resize(fyne.NewSize(760, 360))
		showDialog(d, s.mw.win, d.Hide)
		done(path, pub)
	})
}

// onRecap asks for a period and region, then writes the coordinator's
// recap as PDF and Excel into a folder the user picks.
func (m *mainWindow) onRecap() {
	from, to, regency := newField(lang.L("DD-MM-YYYY")), newField(lang.L("DD-MM-YYYY")), newField(lang.L("All regencies"))
	msg := newErrorText()
	content := container.NewVBox(
		container.NewGridWithColumns(2, labelled(lang.L("From"), false, from, nil), labelled(lang.L("To"), false, to, nil)),
		labelled(lang.L("Regency / city"), false, regency, msg))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(lang.L("Recap"), lang.L("Save PDF and Excel…"), lang.L("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		filter := store.RecapFilter{Regency: regency.Text}
		if strings.TrimSpace(from.Text) != "" {
			filter.From = dateFromEntry(from.Text)
		}
		if strings.TrimSpace(to.Text) != "" {
			filter.To = dateFromEntry(to.Text)
		}
		if err := filter.Clean(); err != nil {
			msg.set(lang.L("Not a real date. Write it as DD-MM-YYYY, e.g. 12-02-2026."))
			d.Show()
			return
		}
		m.saveRecap(filter)
	}, m.win)
	for _, f := range []*field{from, to, regency} {
		f.OnSubmitted = func(string) { d.Confirm() }
		f.onEscape = d.Hide
	}
	d.Resize(fyne.NewSize(560, 300))
	showDialog(d, m.win, d.Confirm)
}

func (m *mainWindow) saveRecap(filter store.RecapFilter) {
	picker := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		base := filepath.Join(u.Path(), "Rekap TPPO "+time.Now().Format("2006-01-02"))
		m.work.run(func() error {
			r, err := m.store.Recap(context.Background(), filter)
			if err != nil {
				return err
			}
			settings, err := m.store.Settings(context.Background())
			if err != nil {
				return err
			}
			if err := report.WriteFile(base+".pdf", func(w io.Writer) error {
				return report.RecapPDF(w, r, settings, report.Options{AppVersion: m.opts.Version})
			}); err != nil {
				return err
			}
			return sync.SaveRecapXLSX(base+".xlsx", r, sync.RecapXLSXOptions{})
		}, func(err error) {
			if err != nil {
				m.showError(lang.L("The recap could not be written."), err)
				return
			}
			m.showNotice(lang.L("Recap saved: {{.File}} (.pdf and .xlsx)", map[string]any{"File": filepath.Base(base)}), "", nil)
		})
	}, m.win)
	showFileDialog(picker, "")
}
