package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	gosync "sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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
	m.commitEdits()
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
	m.unlock(func() { m.importFromFolder(done) })
}

func (m *mainWindow) importFromFolder(done func()) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		var results []sync.ImportResult
		progress := newImportProgress()
		wait := dialog.NewCustomWithoutButtons(lang.L("Importing bundles…"), progress.content(), m.win)
		wait.Show()
		m.work.run(func() error {
			opts, err := m.importOptions()
			if err != nil {
				return err
			}
			opts.Progress = progress.report
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

// importProgress shows how many of a folder's bundles are merged: a
// province's year is a thousand bundles and takes a while.
type importProgress struct {
	bar   *widget.ProgressBar
	label *widget.Label
	last  time.Time // of the last update shown, on the importing goroutine
}

// importProgressEvery spaces the updates: a bundle may take 10 ms, and a
// thousand redraws would cost more than the import.
const importProgressEvery = 100 * time.Millisecond

func newImportProgress() *importProgress {
	return &importProgress{bar: widget.NewProgressBar(), label: widget.NewLabel(lang.L("Looking for bundles…"))}
}

func (p *importProgress) content() fyne.CanvasObject { return container.NewVBox(p.bar, p.label) }

// report is sync.ImportOptions.Progress: it runs on the importing goroutine
// and hands the numbers to the window.
func (p *importProgress) report(done, total int, _ sync.ImportResult) {
	if done < total && time.Since(p.last) < importProgressEvery {
		return
	}
	p.last = time.Now()
	fyne.Do(func() { p.show(done, total) })
}

func (p *importProgress) show(done, total int) {
	p.bar.Max = float64(total)
	p.bar.SetValue(float64(done))
	p.label.SetText(lang.L("{{.Done}} of {{.Total}} bundles merged or checked", map[string]any{"Done": done, "Total": total}))
}

func (m *mainWindow) showImportSummary(results []sync.ImportResult) {
	var merged, held, rejected int
	var rows store.TableCounts
	var lines []string
	for _, r := range results {
		name := filepath.Base(r.Path)
		switch {
		case r.Held != "":
			held++
			lines = append(lines, "⏸ "+name+": "+heldMessage(r))
		case !r.OK():
			rejected++
			lines = append(lines, "✗ "+name+": "+rejectMessage(r))
		default:
			merged++
			s := r.Summary
			if s == nil {
				s = &store.MergeSummary{}
			}
			rows.Added += s.Added
			rows.Updated += s.Updated
			rows.Removed += s.Removed
			rows.Unchanged += s.Unchanged
			rows.Conflicts += s.Conflicts
			officer := r.Officer
			if r.Forwarded {
				officer = lang.L("forwarded by {{.Officer}}", map[string]any{"Officer": r.Officer})
			}
			lines = append(lines, fmt.Sprintf("✓ %s · %s · %s — %s", shortDate(r.Date), r.Village, officer, mergeCounts(s.TableCounts)))
			if s.Replaced {
				lines = append(lines, "   "+lang.L("The officer restored a backup: this copy is now the same as theirs."))
			}
			if s.Superseded {
				lines = append(lines, "   "+lang.L("Made before a backup was restored on the officer's laptop: nothing changed."))
			}
			for _, w := range r.Warnings {
				lines = append(lines, "   ! "+w)
			}
		}
	}
	if len(results) == 0 {
		lines = append(lines, lang.L("No bundles were found in that folder."))
	}
	head := widget.NewLabel(lang.L("{{.M}} bundles merged, {{.H}} held, {{.R}} rejected; rows {{.Rows}}.",
		map[string]any{"M": merged, "H": held, "R": rejected, "Rows": mergeCounts(rows)}))
	head.Wrapping = fyne.TextWrapWord
	head.TextStyle = fyne.TextStyle{Bold: true}
	body := widget.NewLabel(strings.Join(lines, "\n"))
	body.Wrapping = fyne.TextWrapWord
	top := fyne.CanvasObject(head)
	var d *dialog.CustomDialog
	if held > 0 || rows.Conflicts > 0 {
		tab := trustTabPending
		if held == 0 {
			tab = trustTabConflicts
		}
		open := &widget.Button{Text: lang.L("Open Verification & conflicts"), Icon: theme.WarningIcon(), Importance: widget.WarningImportance,
			OnTapped: func() {
				d.Hide()
				newTrustScreen(m, tab).show()
			}}
		top = container.NewVBox(head, container.NewHBox(open))
	}
	d = dialog.NewCustom(lang.L("Import summary"), lang.L("Close"), container.NewBorder(top, nil, nil, nil, container.NewVScroll(body)), m.win)
	d.Resize(fyne.NewSize(860, 520))
	showDialog(d, m.win, d.Hide)
}

// mergeCounts says what a merge did to rows, leaving out "removed" when
// nothing was (rows are removed only after a restore on the officer's
// laptop).
func mergeCounts(c store.TableCounts) string {
	data := map[string]any{"A": c.Added, "U": c.Updated, "S": c.Unchanged, "C": c.Conflicts, "D": c.Removed}
	if c.Removed > 0 {
		return lang.L("added {{.A}}, updated {{.U}}, removed {{.D}}, unchanged {{.S}}, conflicts {{.C}}", data)
	}
	return lang.L("added {{.A}}, updated {{.U}}, unchanged {{.S}}, conflicts {{.C}}", data)
}

// heldMessage says why a bundle waits for the coordinator.
func heldMessage(r sync.ImportResult) string {
	switch r.Held {
	case store.HoldDeletesSession:
		return lang.L("Held: it deletes the whole session “{{.Title}}”; decide in Verification & conflicts", map[string]any{"Title": r.Title})
	case store.HoldVersionJump:
		return lang.L("Held: its versions are far ahead of what the sender could reach; decide in Verification & conflicts")
	case store.HoldOfficerRenamed:
		return lang.L("Held: it names the officer {{.Officer}}, not the name their key was enrolled for; decide in Verification & conflicts", map[string]any{"Officer": r.Officer})
	}
	return lang.L("Held: waiting for the officer's key to be verified (fingerprint {{.Fingerprint}})", map[string]any{"Fingerprint": r.Fingerprint})
}

// rejectMessage says in the UI language why a bundle was rejected.
func rejectMessage(r sync.ImportResult) string {
	switch r.Reason {
	case sync.ReasonNeedsKey:
		return lang.L("encrypted: set the coordinator's identity file in Settings")
	case sync.ReasonWrongKey:
		return lang.L("encrypted for another coordinator: this laptop's identity file cannot open it")
	case sync.ReasonUnsigned:
		return lang.L("not signed: made by an older Penyuluh. Update Penyuluh on the sending laptop and send the session again")
	case sync.ReasonBadSignature:
		return lang.L("the signature does not match: the bundle was changed after it was signed. Do not use it; ask the officer to send it again")
	case sync.ReasonRefusedKey:
		return lang.L("signed by a key you refused (fingerprint {{.Fingerprint}})", map[string]any{"Fingerprint": r.Fingerprint})
	case sync.ReasonSignerMismatch:
		return lang.L("the bundle names another laptop or officer than the key that signed it was enrolled for")
	case sync.ReasonNewerFormat:
		return lang.L("made by a newer Penyuluh: update Penyuluh on this laptop")
	case sync.ReasonDamaged:
		return lang.L("the file is damaged or cut short; copy it again")
	case sync.ReasonNotBundle:
		return lang.L("not a Penyuluh session bundle")
	case sync.ReasonHashMismatch:
		return lang.L("its contents do not match its list (changed or damaged)")
	case sync.ReasonTooLarge, sync.ReasonTooManyFiles:
		return lang.L("larger than a real bundle can be")
	case sync.ReasonTooManyHeld:
		return lang.L("too many bundles already wait for a decision: decide them in Verification & conflicts, then import this one again")
	case sync.ReasonOtherOrigin:
		return lang.L("this session is already here from another laptop")
	}
	if r.Rejected != "" {
		return r.Rejected
	}
	return lang.L("rejected")
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
	s.setCoordKeys = func(saved store.SyncSettings) {
		current = saved
		keys.SetText(strings.Join(saved.Recipients, "\n"))
	}
	save := func() {
		edited := current
		edited.Recipients = nonEmpty(strings.Fields(keys.Text)...)
		edited.IdentityFile = strings.TrimSpace(identity.Text)
		if _, err := store.ParseRecipients(edited.Recipients); err != nil {
			msg.set(lang.L("Not a valid public key: {{.Err}}", map[string]any{"Err": err.Error()}))
			return
		}
		msg.set("")
		added := false
		for _, k := range edited.Recipients {
			added = added || !slices.Contains(current.Recipients, k)
		}
		s.mw.work.run(func() (err error) {
			current, err = s.mw.store.SaveSyncSettings(context.Background(), edited)
			return err
		}, func(err error) {
			if err != nil {
				msg.set(err.Error())
				return
			}
			if added {
				// What waited in clear for a key is sealed now, and the
				// backups that hold it are cleaned.
				s.mw.afterKeysSaved(s.privacy.load)
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
	importKey := &widget.Button{Text: lang.L("Import the coordinator's key…"), Icon: theme.DownloadIcon(), OnTapped: func() {
		s.mw.importCoordinatorKey(s.setCoordKeys, s.privacy.load)
	}}
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Sending to the coordinator"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		muted(lang.L("Bundles are encrypted to these public keys, so a lost USB stick leaks nothing. Confidential questions are sealed to these keys as soon as they are saved: only the coordinator can read them, not this laptop.")),
		labelled(lang.L("Coordinator's public keys"), false, keys, msg),
		container.NewHBox(importKey, &widget.Button{Text: lang.L("Show as QR code…"), Icon: theme.GridIcon(),
			Importance: widget.LowImportance, OnTapped: func() { s.mw.showKeysQR(nonEmpty(strings.Fields(keys.Text)...)) }}),
		labelled(lang.L("Identity file"), false, identity, nil),
		keygen)
}

// onKeygen creates the coordinator's identity in the data folder and says
// plainly that it must be backed up.
func (s *settingsScreen) onKeygen(done func(path, pub string)) {
	first, second := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	warning := widget.NewLabel(lang.L("The identity file is protected by this passphrase. Write it down and keep it apart from the file: a lost passphrase means every bundle and confidential tip sent to you is lost for good. At least {{.N}} characters.",
		map[string]any{"N": sync.MinPassphrase}))
	warning.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(warning, labelled(lang.L("Passphrase"), true, first, nil),
		labelled(lang.L("The passphrase again"), true, second, nil), problem)
	var d *dialog.CustomDialog
	create := func() {
		switch {
		case len([]rune(first.Text)) < sync.MinPassphrase:
			problem.SetText(lang.L("The passphrase needs at least {{.N}} characters.", map[string]any{"N": sync.MinPassphrase}))
		case first.Text != second.Text:
			problem.SetText(lang.L("The two passphrases differ."))
		default:
			d.Hide()
			s.keygen(first.Text, done)
			return
		}
		problem.Show()
	}
	second.OnSubmitted = func(string) { create() }
	d = dialog.NewCustomWithoutButtons(lang.L("Coordinator's key pair"), form, s.mw.win)
	d.SetButtons([]fyne.CanvasObject{
		&widget.Button{Text: lang.L("Cancel"), OnTapped: d.Hide},
		&widget.Button{Text: lang.L("Create"), Importance: widget.HighImportance, OnTapped: create},
	})
	d.Resize(fyne.NewSize(640, 0))
	showDialog(d, s.mw.win, d.Hide)
	s.mw.win.Canvas().Focus(first)
}

// keygen creates the identity with the passphrase, keeps it open for this
// run, and says plainly that it must be backed up.
func (s *settingsScreen) keygen(pass string, done func(path, pub string)) {
	path := filepath.Join(s.mw.store.Dir(), "kunci-koordinator-"+time.Now().Format("20060102-150405")+".age")
	var pub string
	s.mw.work.run(func() (err error) {
		if pub, err = sync.Keygen(path, time.Now(), pass); err != nil {
			return err
		}
		ids, err := sync.LoadIdentities(path, func() (string, error) { return pass, nil })
		if err == nil {
			err = s.mw.keep(path, ids)
		}
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
	// Off by default: the workbook goes up the chain of command, and names
	// of villagers need not travel with it.
	people := &widget.Check{Text: lang.L("List every participant in Excel (name, village, age)")}
	content := container.NewVBox(
		container.NewGridWithColumns(2, labelled(lang.L("From"), false, from, nil), labelled(lang.L("To"), false, to, nil)),
		labelled(lang.L("Regency / city"), false, regency, msg), people)
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
		m.saveRecap(filter, people.Checked)
	}, m.win)
	for _, f := range []*field{from, to, regency} {
		f.OnSubmitted = func(string) { d.Confirm() }
		f.onEscape = d.Hide
	}
	d.Resize(fyne.NewSize(560, 340))
	showDialog(d, m.win, d.Confirm)
}

// saveRecap writes the recap PDF and workbook into a folder the user picks;
// participants adds the workbook's sheet of every participant.
func (m *mainWindow) saveRecap(filter store.RecapFilter, participants bool) {
	picker := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		base := filepath.Join(u.Path(), "Rekap TPPO "+time.Now().Format("2006-01-02"))
		m.work.run(func() error {
			return writeRecapFiles(m.store, filter, participants, base, m.opts.Version)
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

// writeRecapFiles writes base.pdf and base.xlsx, the recap of what filter
// picks; participants adds the workbook's sheet of every participant.
func writeRecapFiles(st *store.Store, filter store.RecapFilter, participants bool, base, version string) error {
	return store.WithRecapHeadroom(func() error {
		r, err := st.Recap(context.Background(), filter, store.RecapOptions{Questions: true, Participants: participants})
		if err != nil {
			return err
		}
		settings, err := st.Settings(context.Background())
		if err != nil {
			return err
		}
		// Both files at once: they only read the recap.
		var pdfErr error
		var wg gosync.WaitGroup
		wg.Go(func() {
			pdfErr = report.WriteFile(base+".pdf", func(w io.Writer) error {
				return report.RecapPDF(w, r, settings, report.Options{AppVersion: version})
			})
		})
		xlsxErr := sync.SaveRecapXLSX(base+".xlsx", r, sync.RecapXLSXOptions{Participants: participants})
		wg.Wait()
		return errors.Join(pdfErr, xlsxErr)
	})
}

// showKeysQR shows each public key as a QR code with its text, so that an
// officer can photograph or scan the coordinator's key from the screen
// instead of retyping 62 characters.
func (m *mainWindow) showKeysQR(keys []string) {
	if len(keys) == 0 {
		m.showNotice(lang.L("No public key is set yet."), "", nil)
		return
	}
	if _, err := store.ParseRecipients(keys); err != nil {
		m.showNotice(lang.L("Not a valid public key: {{.Err}}", map[string]any{"Err": err.Error()}), "", nil)
		return
	}
	body := container.NewVBox()
	for _, k := range keys {
		qr, side, err := qrImage(k)
		if err != nil {
			m.showError(lang.L("The QR code could not be made."), err)
			return
		}
		img := canvas.NewImageFromImage(qr)
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSquareSize(side))
		text := &widget.Label{Text: k, Wrapping: fyne.TextWrapBreak, TextStyle: fyne.TextStyle{Monospace: true}}
		body.Add(container.NewBorder(nil, nil, img, nil, text))
	}
	d := dialog.NewCustom(lang.L("Coordinator's public keys"), lang.L("Close"), container.NewVScroll(body), m.win)
	d.Resize(fyne.NewSize(min(640, m.win.Canvas().Size().Width-40), min(float32(len(keys))*220+120, m.win.Canvas().Size().Height-40)))
	d.Show()
}
