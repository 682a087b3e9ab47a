package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

// Tabs of the verification screen.
const (
	trustTabAuto      = -1 // the first one with something waiting
	trustTabPending   = 0
	trustTabOfficers  = 1
	trustTabConflicts = 2
)

// trustScreen is the coordinator's "Verification & conflicts": bundles held
// until somebody decides (a key nobody enrolled yet, a whole session
// deleted, versions far ahead), the officers' keys enrolled or refused
// here, and the conflicts still to be decided.
type trustScreen struct {
	mw  *mainWindow
	tab int

	tabs                                  *container.AppTabs
	pendingTab, officersTab, conflictsTab *container.TabItem
	pendingBox, officersBox               *fyne.Container
	conflicts                             *conflictsView

	pending []store.Pending
	keys    []store.OfficerKey
	loaded  bool
}

func newTrustScreen(mw *mainWindow, tab int) *trustScreen {
	return &trustScreen{mw: mw, tab: tab}
}

func (t *trustScreen) show() {
	t.loaded = false
	t.mw.setScreen(t.buildUI(), t.show)
	t.load()
}

func (t *trustScreen) buildUI() fyne.CanvasObject {
	back := &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: t.mw.showSessions}
	importBtn := &widget.Button{Text: lang.L("Import bundles…"), Icon: theme.DownloadIcon(), Importance: widget.LowImportance,
		OnTapped: func() { t.mw.onImportBundles(t.load) }}
	top := container.NewBorder(nil, nil, container.NewHBox(back, heading(lang.L("Verification & conflicts"))), importBtn)

	t.pendingBox = container.NewVBox()
	t.officersBox = container.NewVBox()
	t.conflicts = newConflictsView(t.mw)
	t.conflicts.onDecided = t.load

	pendingHint := muted(lang.L("A bundle signed by a key you have not enrolled is not merged until you phone its officer and compare the fingerprint. Bundles that delete a whole session or jump far ahead wait here too."))
	enrol := &widget.Button{Text: lang.L("Enrol a key…"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance,
		OnTapped: func() { t.onEnrol(store.OfficerKey{}, "") }}
	officersHint := muted(lang.L("Enrol each officer's laptop key once: paste the key text or open the key file, then phone the officer and compare the fingerprint. A new or reinstalled laptop has a new key: enrol it again under the same name."))
	officers := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(enrol), officersHint), t.officersHeader()), nil, nil, nil,
		container.NewVScroll(t.officersBox))

	t.pendingTab = container.NewTabItemWithIcon(lang.L("Waiting for verification"), theme.WarningIcon(),
		container.NewBorder(pendingHint, nil, nil, nil, container.NewVScroll(t.pendingBox)))
	t.officersTab = container.NewTabItemWithIcon(lang.L("Enrolled officers"), theme.AccountIcon(), officers)
	t.conflictsTab = container.NewTabItemWithIcon(lang.L("Conflicts"), theme.ContentCopyIcon(), t.conflicts.buildUI())
	t.tabs = container.NewAppTabs(t.pendingTab, t.officersTab, t.conflictsTab)
	t.tabs.OnSelected = func(*container.TabItem) { t.tab = t.tabs.SelectedIndex() }
	return container.NewBorder(top, nil, nil, nil, t.tabs)
}

// load reads everything off the UI goroutine and swaps it in once.
func (t *trustScreen) load() {
	var pending []store.Pending
	var keys []store.OfficerKey
	var conflicts []store.Conflict
	t.mw.work.run(func() (err error) {
		ctx := context.Background()
		if pending, err = t.mw.store.PendingBundles(ctx); err != nil {
			return err
		}
		if keys, err = t.mw.store.OfficerKeys(ctx); err != nil {
			return err
		}
		conflicts, err = t.mw.store.Conflicts(ctx)
		return err
	}, func(err error) {
		if err != nil {
			t.mw.showError(lang.L("The bundles waiting for verification could not be read."), err)
			return
		}
		t.pending, t.keys = pending, keys
		t.fillPending()
		t.fillOfficers()
		t.conflicts.set(conflicts)
		t.pendingTab.Text = lang.L("Waiting for verification ({{.N}})", map[string]any{"N": len(pending)})
		t.officersTab.Text = lang.L("Enrolled officers ({{.N}})", map[string]any{"N": enrolledCount(keys)})
		t.conflictsTab.Text = lang.L("Conflicts ({{.N}})", map[string]any{"N": len(conflicts)})
		tab := t.tab
		if !t.loaded && tab == trustTabAuto {
			tab = trustTabPending
			if len(pending) == 0 && len(conflicts) > 0 {
				tab = trustTabConflicts
			}
		}
		t.loaded = true
		if tab >= 0 && tab != t.tabs.SelectedIndex() {
			t.tabs.SelectIndex(tab)
		}
		t.tabs.Refresh()
	})
}

func enrolledCount(keys []store.OfficerKey) int {
	n := 0
	for _, k := range keys {
		if k.Status == store.KeyEnrolled {
			n++
		}
	}
	return n
}

// pendingGroup is what the coordinator decides at once: every bundle of a
// key nobody enrolled yet, or one bundle held for what it does.
type pendingGroup struct {
	unknownKey bool
	items      []store.Pending
}

func groupPending(list []store.Pending) []pendingGroup {
	var groups []pendingGroup
	byKey := map[string]int{}
	for _, p := range list {
		if p.Reason != store.HoldUnknownKey {
			groups = append(groups, pendingGroup{items: []store.Pending{p}})
			continue
		}
		if i, ok := byKey[p.PublicKey]; ok {
			groups[i].items = append(groups[i].items, p)
			continue
		}
		byKey[p.PublicKey] = len(groups)
		groups = append(groups, pendingGroup{unknownKey: true, items: []store.Pending{p}})
	}
	return groups
}

func (t *trustScreen) fillPending() {
	t.pendingBox.Objects = nil
	if len(t.pending) == 0 {
		t.pendingBox.Add(emptyNote(lang.L("Nothing is waiting. Bundles from keys you have not enrolled will appear here when you import them.")))
	}
	for _, g := range groupPending(t.pending) {
		if g.unknownKey {
			t.pendingBox.Add(t.unknownKeyCard(g))
		} else {
			t.pendingBox.Add(t.heldCard(g.items[0]))
		}
	}
	t.pendingBox.Refresh()
}

// unknownKeyCard shows a key nobody enrolled yet: the officer its bundles
// name, the fingerprint to compare over the phone and the sessions held.
func (t *trustScreen) unknownKeyCard(g pendingGroup) fyne.CanvasObject {
	p := g.items[0]
	name := p.Officer
	if strings.TrimSpace(name) == "" {
		name = lang.L("(the bundle names no officer)")
	}
	title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel(lang.L("Laptop {{.Laptop}} · key not enrolled · {{.N}} bundles held",
		map[string]any{"Laptop": shortID(p.LaptopID), "N": len(g.items)}))
	sub.Truncation = fyne.TextTruncateEllipsis
	accept := &widget.Button{Text: lang.L("Accept…"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: func() { t.onAcceptKey(p, len(g.items)) }}
	refuse := &widget.Button{Text: lang.L("Refuse"), Icon: theme.CancelIcon(), Importance: widget.DangerImportance,
		OnTapped: func() { t.onRefuseKey(p, len(g.items)) }}
	var lines []string
	for _, item := range g.items {
		lines = append(lines, "• "+pendingSessionLine(item))
	}
	sessions := widget.NewLabel(strings.Join(lines, "\n"))
	sessions.Wrapping = fyne.TextWrapWord
	return panel(container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(refuse, accept)), container.NewVBox(title, sub)),
		container.NewHBox(container.NewCenter(widget.NewLabel(lang.L("Fingerprint")+":")), fingerprintText(p.Fingerprint, 26)),
		sessions))
}

// heldCard shows a bundle from an enrolled key held for what it would do.
func (t *trustScreen) heldCard(p store.Pending) fyne.CanvasObject {
	what, why := holdText(p.Reason)
	title := widget.NewLabelWithStyle(what, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Importance = widget.DangerImportance
	title.Truncation = fyne.TextTruncateEllipsis
	session := widget.NewLabelWithStyle(pendingSessionLine(p), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	session.Wrapping = fyne.TextWrapWord
	from := widget.NewLabel(lang.L("From {{.Officer}} · fingerprint {{.Fingerprint}} · received {{.When}}",
		map[string]any{"Officer": p.Officer, "Fingerprint": p.Fingerprint, "When": p.ReceivedAt.Local().Format("02-01-2006 15:04")}))
	from.Wrapping = fyne.TextWrapWord
	explain := muted(why)
	items := []fyne.CanvasObject{session, from}
	// The session line says what a deletion is; a version jump's row and
	// versions are technical, and said as the store logs them.
	if d := strings.TrimSpace(p.Detail); d != "" && p.Reason == store.HoldVersionJump {
		detail := widget.NewLabel(lang.L("Technical detail: {{.Detail}}", map[string]any{"Detail": d}))
		detail.Wrapping = fyne.TextWrapWord
		items = append(items, detail)
	}
	items = append(items, explain)
	apply := &widget.Button{Text: lang.L("Apply"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance,
		OnTapped: func() { t.onApply(p) }}
	discard := &widget.Button{Text: lang.L("Discard"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance,
		OnTapped: func() { t.onDiscard(p) }}
	head := container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), container.NewVBox(container.NewHBox(discard, apply)), title)
	return panel(container.NewVBox(append([]fyne.CanvasObject{head}, items...)...))
}

// holdText says why a bundle is held: a title and what applying it means.
func holdText(reason string) (string, string) {
	switch reason {
	case store.HoldDeletesSession:
		return lang.L("Deletes a whole session"),
			lang.L("Applying it deletes this session here with all its participants, answers and questions. Apply it only when the officer confirms they deleted it; it can be undone afterwards.")
	case store.HoldVersionJump:
		return lang.L("Versions far ahead of what the sender could reach"),
			lang.L("Such a bundle may have been made up to overwrite the session. Apply it only after checking with the officer; it can be undone afterwards.")
	case store.HoldUnknownKey:
		return lang.L("Key not enrolled yet"), ""
	case store.HoldOfficerRenamed:
		return lang.L("Another officer's name"),
			lang.L("The bundle names another officer than the one this laptop's key was enrolled for, for example after a promotion changed the rank. Apply it only after calling the officer: the key is then enrolled under the new name.")
	}
	return reason, ""
}

func pendingSessionLine(p store.Pending) string {
	parts := nonEmpty(shortDate(p.Date), p.Village)
	line := strings.Join(parts, " · ")
	if p.Title != "" {
		line += " — " + p.Title
	}
	if line == "" {
		line = p.FileName
	}
	return line
}

// onAcceptKey enrols a held bundle's key after the coordinator has compared
// the fingerprint with the officer, then merges its bundles.
func (t *trustScreen) onAcceptKey(p store.Pending, n int) {
	name := newField(lang.L("Name and rank, e.g. Bripka Made Sudarsana"))
	name.SetText(p.Officer)
	msg := newErrorText()
	remind := widget.NewLabelWithStyle(lang.L("Phone the officer and compare this fingerprint with them:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	remind.Wrapping = fyne.TextWrapWord
	where := muted(lang.L("They find it on their laptop under Settings → This laptop's key. Accept only when every digit matches: then the {{.N}} bundles held from this key are merged, and its later bundles are merged at once.",
		map[string]any{"N": n}))
	content := container.NewVBox(remind, container.NewCenter(fingerprintText(p.Fingerprint, 30)), where,
		labelled(lang.L("Officer's name"), true, name, msg))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(lang.L("Accept the officer's key"), lang.L("Accept and merge"), lang.L("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		if strings.TrimSpace(name.Text) == "" {
			msg.set(lang.L("Required: please fill this in."))
			d.Show()
			return
		}
		// The bundles name their officer as the laptop's Settings do; under
		// another name every one of them would be rejected.
		if p.Officer != "" && !store.SameOfficer(name.Text, p.Officer) {
			msg.set(lang.L("This name differs from the name in the bundle (“{{.Name}}”). Bundles from this laptop are accepted only under the name the officer set in their Settings: keep that name, or ask the officer to change theirs and send again.",
				map[string]any{"Name": p.Officer}))
			d.Show()
			return
		}
		t.decide(lang.L("The bundles could not be accepted."), func(opts sync.ImportOptions) ([]sync.ImportResult, error) {
			return sync.Accept(context.Background(), t.mw.store, p.ID, strings.TrimSpace(name.Text), opts)
		}, nil)
	}, t.mw.win)
	name.OnSubmitted = func(string) { d.Confirm() }
	name.onEscape = d.Hide
	d.Resize(fyne.NewSize(680, 420))
	showDialog(d, t.mw.win, d.Confirm)
	t.mw.win.Canvas().Focus(name)
}

func (t *trustScreen) onRefuseKey(p store.Pending, n int) {
	msg := lang.L("Refuse the key with fingerprint {{.Fingerprint}} ({{.Officer}})?\n\nIts {{.N}} held bundles are thrown away and every later bundle it signs is rejected. If this was a mistake, enrol the key under “Enrolled officers”.",
		map[string]any{"Fingerprint": p.Fingerprint, "Officer": p.Officer, "N": n})
	t.mw.confirm(lang.L("Refuse this key?"), msg, lang.L("Refuse"), func() {
		t.refuse(p.ID, func(dropped int) string {
			return lang.L("Key refused; {{.N}} held bundles thrown away.", map[string]any{"N": dropped})
		})
	})
}

// onApply merges a bundle held for deleting a session or jumping versions.
func (t *trustScreen) onApply(p store.Pending) {
	msg := lang.L("Merge the bundle for “{{.Title}}” as it is?", map[string]any{"Title": p.Title})
	if p.Reason == store.HoldDeletesSession {
		msg = lang.L("Delete the session “{{.Title}}” here, as the bundle says?\n\nYou can restore it right after, or later from Deleted sessions under the session list.", map[string]any{"Title": p.Title})
	}
	t.mw.confirm(lang.L("Apply this bundle?"), msg, lang.L("Apply"), func() {
		var after func()
		if p.Reason == store.HoldDeletesSession {
			after = func() { t.offerUndelete(p) }
		}
		t.decide(lang.L("The bundle could not be applied."), func(opts sync.ImportOptions) ([]sync.ImportResult, error) {
			return sync.Accept(context.Background(), t.mw.store, p.ID, "", opts)
		}, after)
	})
}

// offerUndelete lets the coordinator take back a deletion just applied.
func (t *trustScreen) offerUndelete(p store.Pending) {
	t.mw.showNotice(lang.L("Session “{{.Title}}” deleted as the bundle said.", map[string]any{"Title": p.Title}), lang.L("Undo"), func() {
		t.mw.work.run(func() error {
			return t.mw.store.UndeleteSession(context.Background(), p.SessionID)
		}, func(err error) {
			if err != nil {
				t.mw.showError(lang.L("The session could not be restored."), err)
				return
			}
			t.mw.showNotice(lang.L("Session “{{.Title}}” restored.", map[string]any{"Title": p.Title}), "", nil)
		})
	})
}

func (t *trustScreen) onDiscard(p store.Pending) {
	msg := lang.L("Throw away the bundle for “{{.Title}}”? Nothing of it is merged; the officer's key stays enrolled.", map[string]any{"Title": p.Title})
	t.mw.confirm(lang.L("Discard this bundle?"), msg, lang.L("Discard"), func() {
		t.refuse(p.ID, func(int) string { return lang.L("Bundle thrown away.") })
	})
}

// decide runs an Accept or Enrol in the background with the coordinator's
// identities, then shows what was merged.
func (t *trustScreen) decide(failed string, do func(sync.ImportOptions) ([]sync.ImportResult, error), after func()) {
	t.mw.unlock(func() { t.decideUnlocked(failed, do, after) })
}

func (t *trustScreen) decideUnlocked(failed string, do func(sync.ImportOptions) ([]sync.ImportResult, error), after func()) {
	var results []sync.ImportResult
	wait := dialog.NewCustomWithoutButtons(lang.L("Merging…"), widget.NewProgressBarInfinite(), t.mw.win)
	wait.Show()
	t.mw.work.run(func() error {
		opts, err := t.mw.importOptions()
		if err != nil {
			return err
		}
		results, err = do(opts)
		return err
	}, func(err error) {
		wait.Hide()
		t.load()
		if err != nil {
			t.mw.showError(failed, err)
			return
		}
		if len(results) > 0 {
			t.mw.showImportSummary(results)
		} else {
			t.mw.showNotice(lang.L("Done."), "", nil)
		}
		if after != nil {
			after()
		}
	})
}

func (t *trustScreen) refuse(what string, done func(dropped int) string) {
	var n int
	t.mw.work.run(func() (err error) {
		n, err = sync.Refuse(context.Background(), t.mw.store, what)
		return err
	}, func(err error) {
		t.load()
		if err != nil {
			t.mw.showError(lang.L("The refusal could not be saved."), err)
			return
		}
		t.mw.showNotice(done(n), "", nil)
	})
}

// officerColumns: name, fingerprint, laptop, status, action.
var officerColumns = columnsLayout{widths: []float32{-3, 270, 110, 200, 190}}

func (t *trustScreen) officersHeader() fyne.CanvasObject {
	return container.NewVBox(container.New(officerColumns, columnHeader(lang.L("Officer")), columnHeader(lang.L("Fingerprint")),
		columnHeader(lang.L("Laptop")), columnHeader(lang.L("Status")), columnHeader("")), widget.NewSeparator())
}

func (t *trustScreen) fillOfficers() {
	t.officersBox.Objects = nil
	if len(t.keys) == 0 {
		t.officersBox.Add(emptyNote(lang.L("No keys enrolled yet. Enrol an officer's key here, or accept it when their first bundle waits for verification.")))
	}
	for _, k := range t.keys {
		name := &widget.Label{Text: k.Name, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
		if k.Name == "" {
			name.Text = "—"
		}
		fp := &widget.Label{Text: k.Fingerprint, TextStyle: fyne.TextStyle{Monospace: true, Bold: true}}
		laptop := &widget.Label{Text: shortID(k.LaptopID), TextStyle: fyne.TextStyle{Monospace: true}}
		status := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
		var action *widget.Button
		key := k
		if k.Status == store.KeyEnrolled {
			status.Text = "✓ " + lang.L("Enrolled {{.Date}}", map[string]any{"Date": k.DecidedAt.Local().Format("02-01-2006")})
			action = &widget.Button{Text: lang.L("Refuse…"), Icon: theme.CancelIcon(), Importance: widget.LowImportance,
				OnTapped: func() { t.onRevoke(key) }}
		} else {
			status.Text = "✗ " + lang.L("Refused {{.Date}}", map[string]any{"Date": k.DecidedAt.Local().Format("02-01-2006")})
			status.Importance = widget.DangerImportance
			status.TextStyle = fyne.TextStyle{Bold: true}
			action = &widget.Button{Text: lang.L("Enrol…"), Icon: theme.ConfirmIcon(), Importance: widget.LowImportance,
				OnTapped: func() { t.onEnrol(key, key.Name) }}
		}
		t.officersBox.Add(container.New(officerColumns, name, fp, laptop, status, action))
	}
	t.officersBox.Refresh()
}

// onRevoke refuses an enrolled key: a lost or stolen laptop.
func (t *trustScreen) onRevoke(k store.OfficerKey) {
	msg := lang.L("Refuse the key of {{.Name}} (fingerprint {{.Fingerprint}})?\n\nBundles it signs are rejected from now on, e.g. after the laptop was lost or stolen. What was merged before stays.",
		map[string]any{"Name": k.Name, "Fingerprint": k.Fingerprint})
	t.mw.confirm(lang.L("Refuse this key?"), msg, lang.L("Refuse"), func() {
		t.refuse(sync.KeyText(k.LaptopID, k.PublicKey), func(dropped int) string {
			return lang.L("Key refused; {{.N}} held bundles thrown away.", map[string]any{"N": dropped})
		})
	})
}

// maxKeyFile is more than any key file: a larger file is not one.
const maxKeyFile = 64 << 10

// onEnrol takes an officer's key as pasted text or a key file, shows its
// fingerprint to compare over the phone, and enrols it under a name.
func (t *trustScreen) onEnrol(prefill store.OfficerKey, prefillName string) {
	keyText := newMultiLineField(lang.L("penyuluh-key1:… (paste the key the officer sent)"), 3)
	keyText.Wrapping = fyne.TextWrapBreak
	keyErr := newErrorText()
	name := newField(lang.L("Name and rank, e.g. Bripka Made Sudarsana"))
	name.SetText(prefillName)
	nameErr := newErrorText()
	fp := fingerprintText("", 30)
	check := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Phone the officer and compare this fingerprint with them:"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewCenter(fp))
	check.Hide()
	var parsed store.OfficerKey
	var ok bool
	var content *fyne.Container
	keyText.OnChanged = func(text string) {
		// The form lays out only what shows: again, once the check shows or hides.
		defer func() {
			if content != nil {
				content.Refresh()
			}
		}()
		parsed, ok = store.OfficerKey{}, false
		k, err := sync.ParseKey(text)
		switch {
		case strings.TrimSpace(text) == "":
			keyErr.set("")
			check.Hide()
		case err != nil:
			keyErr.set(lang.L("This is not a Penyuluh laptop key. The key is one line that starts with penyuluh-key1:"))
			check.Hide()
		default:
			parsed, ok = k, true
			keyErr.set("")
			fp.Text = k.Fingerprint
			fp.Refresh()
			check.Show()
		}
	}
	if prefill.PublicKey != "" {
		keyText.SetText(sync.KeyText(prefill.LaptopID, prefill.PublicKey))
	}
	open := &widget.Button{Text: lang.L("Open a key file…"), Icon: theme.FolderOpenIcon(), OnTapped: func() {
		t.openKeyFile(func(text string) {
			keyText.SetText(text)
			if strings.TrimSpace(name.Text) == "" {
				name.SetText(keyFileOfficer(text))
			}
		})
	}}
	content = container.NewVBox(
		labelled(lang.L("The officer's key"), true, keyText, keyErr),
		container.NewHBox(open),
		check,
		labelled(lang.L("Officer's name"), true, name, nameErr),
		muted(lang.L("Write the name exactly as the officer set it in their Settings: bundles that name another officer wait for your decision.")))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(lang.L("Enrol an officer's key"), lang.L("Enrol"), lang.L("Cancel"), content, func(confirmed bool) {
		if !confirmed {
			return
		}
		bad := false
		if !ok {
			keyErr.set(lang.L("This is not a Penyuluh laptop key. The key is one line that starts with penyuluh-key1:"))
			bad = true
		}
		if strings.TrimSpace(name.Text) == "" {
			nameErr.set(lang.L("Required: please fill this in."))
			bad = true
		} else {
			nameErr.set("")
		}
		if bad {
			d.Show()
			return
		}
		key, who := parsed, strings.TrimSpace(name.Text)
		t.decide(lang.L("The key could not be enrolled."), func(opts sync.ImportOptions) ([]sync.ImportResult, error) {
			return sync.Enrol(context.Background(), t.mw.store, key, who, opts)
		}, nil)
	}, t.mw.win)
	name.OnSubmitted = func(string) { d.Confirm() }
	keyText.onEscape, name.onEscape = d.Hide, d.Hide
	d.Resize(fyne.NewSize(720, 500))
	showDialog(d, t.mw.win, nil)
	t.mw.win.Canvas().Focus(keyText)
}

// openKeyFile reads a key file the coordinator picks.
func (t *trustScreen) openKeyFile(done func(text string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		var text string
		t.mw.work.run(func() error {
			info, err := os.Stat(path)
			if err != nil {
				return err
			}
			if info.Size() > maxKeyFile {
				return sync.ErrNotAKey
			}
			data, err := os.ReadFile(path)
			text = string(data)
			return err
		}, func(err error) {
			if errors.Is(err, sync.ErrNotAKey) {
				t.mw.showError(lang.L("This is not a Penyuluh laptop key. The key is one line that starts with penyuluh-key1:"), err)
				return
			}
			if err != nil {
				t.mw.showError(lang.L("The key file could not be read."), err)
				return
			}
			done(text)
		})
	}, t.mw.win)
	showFileDialog(d, "")
}

// keyFileOfficer reads the officer's name from a key file's comment
// ("# petugas / officer: …"), to prefill the name; the coordinator still
// checks it.
func keyFileOfficer(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "#") {
			continue
		}
		if _, name, ok := strings.Cut(line, "officer:"); ok {
			return strings.TrimSpace(name)
		}
	}
	return ""
}

// importOptions are the coordinator's identities for encrypted bundles, as
// unlock opened them (it runs on the worker).
func (m *mainWindow) importOptions() (sync.ImportOptions, error) {
	var opts sync.ImportOptions
	keys, err := m.store.SyncSettings(context.Background())
	if err != nil {
		return opts, err
	}
	if keys.IdentityFile == "" {
		return opts, nil
	}
	if opts.Identities = m.keyring.get(keys.IdentityFile); opts.Identities != nil {
		return opts, nil
	}
	if opts.Identities, err = sync.LoadIdentities(keys.IdentityFile, nil); err != nil {
		return opts, fmt.Errorf("identity file: %w", err)
	}
	return opts, nil
}

// panel is a card: a lightly shaded, rounded box around content.
func panel(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize() * 2
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewPadded(container.NewStack(bg, container.NewPadded(content)))
}

// emptyNote is the centred sentence of an empty list.
func emptyNote(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	l.TextStyle = fyne.TextStyle{Italic: true}
	return container.NewPadded(l)
}

// highlight is the background of a value that differs.
func highlight() color.Color {
	r, g, b, _ := theme.Color(theme.ColorNameWarning).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x40}
}

// trustCounts is what the session list needs to know about verification:
// whether this is a coordinator's laptop, and what waits for a decision.
type trustCounts struct {
	coordinator bool // an identity file is set, or keys were enrolled here
	pending     int
	conflicts   int
	bySession   map[string]int
	origins     map[string]store.Origin
}

func (c trustCounts) waiting() int { return c.pending + c.conflicts }

// trustCounts reads the counts; it runs on the worker.
func (m *mainWindow) trustCounts() (trustCounts, error) {
	ctx := context.Background()
	var c trustCounts
	pending, err := m.store.PendingBundles(ctx)
	if err != nil {
		return c, err
	}
	if c.bySession, err = m.store.ConflictCounts(ctx); err != nil {
		return c, err
	}
	if c.origins, err = m.store.SessionOrigins(ctx); err != nil {
		return c, err
	}
	keys, err := m.store.OfficerKeys(ctx)
	if err != nil {
		return c, err
	}
	settings, err := m.store.SyncSettings(ctx)
	if err != nil {
		return c, err
	}
	c.pending = len(pending)
	for _, n := range c.bySession {
		c.conflicts += n
	}
	c.coordinator = settings.IdentityFile != "" || len(keys) > 0 || len(c.origins) > 0
	return c, nil
}
