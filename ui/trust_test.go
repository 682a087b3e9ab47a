package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

// officerExport gives the officer's laptop a name and a demo session, and
// writes the session's bundle into a fresh folder, as "Kirim…" does.
func officerExport(t *testing.T, officer *mainWindow, name string, participants int) (store.Session, string) {
	t.Helper()
	setOfficerName(t, officer, name)
	sess, err := officer.store.Demo(ctx, store.DemoOptions{Participants: participants})
	if err != nil {
		t.Fatal(err)
	}
	return sess, exportTo(t, officer, sess.ID)
}

func setOfficerName(t *testing.T, mw *mainWindow, name string) {
	t.Helper()
	s, err := mw.store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.OfficerName = name
	if mw.settings, err = mw.store.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
}

func exportTo(t *testing.T, mw *mainWindow, sessionID string) string {
	t.Helper()
	res, err := sync.Export(ctx, mw.store, sessionID, sync.ExportOptions{Dir: t.TempDir(), AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return res.Path
}

func importInto(t *testing.T, mw *mainWindow, paths ...string) []sync.ImportResult {
	t.Helper()
	results, err := sync.Import(ctx, mw.store, paths, sync.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return results
}

// enrolDirect enrols the officer's key on the coordinator's laptop without
// the screens, for tests about something else.
func enrolDirect(t *testing.T, coordinator, officer *mainWindow) {
	t.Helper()
	k, err := sync.ThisLaptop(ctx, officer.store)
	if err != nil {
		t.Fatal(err)
	}
	key, err := sync.ParseKey(k.Text)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sync.Enrol(ctx, coordinator.store, key, k.Officer, sync.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// overlayText is every label and text in the topmost dialog.
func overlayText(mw *mainWindow) string {
	var b strings.Builder
	top := mw.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		}
	})
	return b.String()
}

func overlayButton(t *testing.T, mw *mainWindow, text string) *widget.Button {
	t.Helper()
	top := mw.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open, looking for %q", text)
	}
	return findButton(t, top, text)
}

func overlayFields(mw *mainWindow) []*field {
	var fields []*field
	walk(mw.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if f, ok := o.(*field); ok {
			fields = append(fields, f)
		}
	})
	return fields
}

func closeDialogs(mw *mainWindow) {
	for mw.win.Canvas().Overlays().Top() != nil {
		mw.win.Canvas().Overlays().Top().Hide()
	}
}

var fingerprintShape = regexp.MustCompile(`^\d{4} \d{4} \d{4} \d{4} \d{4}$`)

func TestSettingsShowsThisLaptopsKey(t *testing.T) {
	mw := newTestWindow(t)
	setOfficerName(t, mw, "Bripka Made Sudarsana")
	screen := newSettingsScreen(mw)
	screen.show()
	want, err := sync.ThisLaptop(ctx, mw.store)
	if err != nil {
		t.Fatal(err)
	}
	v := screen.laptopKey
	if v.fingerprint.Text != want.Fingerprint || !fingerprintShape.MatchString(v.fingerprint.Text) {
		t.Fatalf("fingerprint %q, want %q in groups of four", v.fingerprint.Text, want.Fingerprint)
	}
	if v.text.Text != want.Text || !v.text.Selectable {
		t.Fatalf("key text %q (selectable %v), want %q", v.text.Text, v.text.Selectable, want.Text)
	}
	if !strings.Contains(v.officer.Text, "Bripka Made Sudarsana") {
		t.Fatalf("officer line %q", v.officer.Text)
	}
	if len(v.qr.Objects) != 1 {
		t.Fatal("no QR code")
	}
	if img, ok := v.qr.Objects[0].(*canvas.Image); !ok || img.MinSize().Width < 150 {
		t.Fatalf("QR code is %T, min size %v", v.qr.Objects[0], v.qr.Objects[0].MinSize())
	}
	test.Tap(findButton(t, mw.win.Content(), "Salin"))
	if got := fyne.CurrentApp().Clipboard().Content(); got != want.Text {
		t.Fatalf("clipboard %q, want the key", got)
	}
	findButton(t, mw.win.Content(), "Simpan ke file…")
	// The key the screen shows is one the coordinator can enrol.
	if k, err := sync.ParseKey(v.text.Text); err != nil || k.Fingerprint != want.Fingerprint {
		t.Fatalf("ParseKey of the shown text: %+v %v", k, err)
	}
	if got := keyFileOfficer(string(want.KeyFile())); got != "Bripka Made Sudarsana" {
		t.Fatalf("officer read back from the key file: %q", got)
	}
}

func TestHeldBundleIsAcceptedFromTheVerificationScreen(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, path := officerExport(t, officer, "Iptu Ayu Lestari", 3)
	officerKey, _ := sync.ThisLaptop(ctx, officer.store)

	results := importInto(t, coordinator, path)
	if len(results) != 1 || results[0].Held != store.HoldUnknownKey {
		t.Fatalf("a bundle from an unknown key was not held: %+v", results)
	}
	coordinator.showImportSummary(results)
	summary := overlayText(coordinator)
	if !strings.Contains(summary, "Ditahan: menunggu verifikasi kunci petugas (sidik jari "+officerKey.Fingerprint+")") ||
		!strings.Contains(summary, "0 bundel digabung, 1 ditahan, 0 ditolak") {
		t.Fatalf("summary does not say the bundle is held:\n%s", summary)
	}
	test.Tap(overlayButton(t, coordinator, "Buka Verifikasi & konflik"))

	tabs := shownTabs(t, coordinator)
	if tabs.Items[0].Text != "Menunggu verifikasi (1)" || tabs.SelectedIndex() != 0 {
		t.Fatalf("pending tab %q, selected %q", tabs.Items[0].Text, tabs.Selected().Text)
	}
	card := textOf(tabs.Items[0].Content)
	for _, want := range []string{"Iptu Ayu Lestari", officerKey.Fingerprint, sess.Title, shortID(officerKey.LaptopID)} {
		if !strings.Contains(card, want) {
			t.Fatalf("the held bundle's card lacks %q:\n%s", want, card)
		}
	}
	test.Tap(findButton(t, tabs.Items[0].Content, "Terima…"))
	dialogText := overlayText(coordinator)
	if !strings.Contains(dialogText, "Telepon petugas dan cocokkan sidik jari ini:") || !strings.Contains(dialogText, officerKey.Fingerprint) {
		t.Fatalf("the accept dialog does not ask to compare the fingerprint:\n%s", dialogText)
	}
	fields := overlayFields(coordinator)
	if len(fields) != 1 || fields[0].Text != "Iptu Ayu Lestari" {
		t.Fatalf("name not prefilled: %d fields", len(fields))
	}
	// A name other than the one the officer's laptop writes into its
	// bundles would make them all rejected: the dialog says so.
	typeInto(coordinator.win, fields[0], "Iptu Ayu Lestari, S.H.")
	test.Tap(overlayButton(t, coordinator, "Terima dan gabungkan"))
	if got := overlayText(coordinator); !strings.Contains(got, "berbeda dari nama di bundel") {
		t.Fatalf("no warning for a name the bundles do not use:\n%s", got)
	}
	if keys, _ := coordinator.store.OfficerKeys(ctx); len(keys) != 0 {
		t.Fatalf("enrolled under a name its bundles do not use: %+v", keys)
	}
	typeInto(coordinator.win, fields[0], "IPTU AYU  LESTARI")
	test.Tap(overlayButton(t, coordinator, "Terima dan gabungkan"))

	if _, err := coordinator.store.Session(ctx, sess.ID); err != nil {
		t.Fatalf("accepting did not merge the session: %v\n%s", err, overlayText(coordinator))
	}
	if !strings.Contains(overlayText(coordinator), "1 bundel digabung, 0 ditahan, 0 ditolak") {
		t.Fatalf("no import summary after accepting:\n%s", overlayText(coordinator))
	}
	keys, _ := coordinator.store.OfficerKeys(ctx)
	if len(keys) != 1 || keys[0].Status != store.KeyEnrolled || keys[0].Name != "IPTU AYU LESTARI" {
		t.Fatalf("key not enrolled under the typed name: %+v", keys)
	}
	closeDialogs(coordinator)
	if tabs.Items[0].Text != "Menunggu verifikasi (0)" || tabs.Items[1].Text != "Petugas terdaftar (1)" {
		t.Fatalf("tabs after accepting: %q, %q", tabs.Items[0].Text, tabs.Items[1].Text)
	}
	tabs.SelectIndex(1)
	if got := textOf(tabs.Items[1].Content); !strings.Contains(got, "IPTU AYU LESTARI") || !strings.Contains(got, officerKey.Fingerprint) {
		t.Fatalf("the enrolled officer is not listed:\n%s", got)
	}
}

// shownTabs finds the tabs of the screen the window shows.
func shownTabs(t *testing.T, mw *mainWindow) *container.AppTabs {
	t.Helper()
	var found *container.AppTabs
	walk(mw.body, func(o fyne.CanvasObject) {
		if tabs, ok := o.(*container.AppTabs); ok && found == nil {
			found = tabs
		}
	})
	if found == nil {
		t.Fatal("no tabs on screen")
	}
	return found
}

// textOf is every label and text under obj.
func textOf(obj fyne.CanvasObject) string {
	var b strings.Builder
	walk(obj, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		}
	})
	return b.String()
}

func TestRefusedKeyIsRejectedLater(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, path := officerExport(t, officer, "Bripka Made", 2)
	importInto(t, coordinator, path)
	screen := newTrustScreen(coordinator, trustTabAuto)
	screen.show()
	test.Tap(findButton(t, screen.pendingBox, "Tolak"))
	test.Tap(overlayButton(t, coordinator, "Tolak"))
	if p, _ := coordinator.store.PendingBundles(ctx); len(p) != 0 {
		t.Fatalf("%d bundles still held after refusing the key", len(p))
	}
	if _, err := coordinator.store.Session(ctx, sess.ID); err == nil {
		t.Fatal("a refused key's session was merged")
	}
	if !strings.Contains(textOf(screen.officersBox), "Ditolak") {
		t.Fatal("the refused key is not listed as refused")
	}
	results := importInto(t, coordinator, exportTo(t, officer, sess.ID))
	if len(results) != 1 || results[0].Reason != sync.ReasonRefusedKey {
		t.Fatalf("a bundle from a refused key: %+v", results)
	}
	closeDialogs(coordinator)
	coordinator.showImportSummary(results)
	if got := overlayText(coordinator); !strings.Contains(got, "ditandatangani kunci yang sudah Anda tolak") {
		t.Fatalf("no clear reason for a refused key:\n%s", got)
	}
}

func TestEnrolKeyFromPastedText(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, path := officerExport(t, officer, "Aipda Baiq Nurul", 2)
	key, _ := sync.ThisLaptop(ctx, officer.store)

	screen := newTrustScreen(coordinator, trustTabOfficers)
	screen.show()
	if screen.tabs.Selected() != screen.officersTab {
		t.Fatal("the officers tab is not open")
	}
	test.Tap(findButton(t, coordinator.win.Content(), "Daftarkan kunci…"))
	fields := overlayFields(coordinator)
	if len(fields) != 2 {
		t.Fatalf("%d fields in the enrol dialog", len(fields))
	}
	keyField, nameField := fields[0], fields[1]
	typeInto(coordinator.win, keyField, "bukan kunci")
	typeInto(coordinator.win, nameField, "Aipda Baiq Nurul")
	test.Tap(overlayButton(t, coordinator, "Daftarkan"))
	if keys, _ := coordinator.store.OfficerKeys(ctx); len(keys) != 0 {
		t.Fatalf("text that is not a key was enrolled: %+v", keys)
	}
	if got := overlayText(coordinator); !strings.Contains(got, "Ini bukan kunci laptop Penyuluh") {
		t.Fatalf("no message for a wrong key:\n%s", got)
	}
	keyField.SetText(string(key.KeyFile())) // the whole file pasted, comments and all
	if got := overlayText(coordinator); !strings.Contains(got, key.Fingerprint) {
		t.Fatalf("the fingerprint to compare is not shown:\n%s", got)
	}
	test.Tap(overlayButton(t, coordinator, "Daftarkan"))
	keys, _ := coordinator.store.OfficerKeys(ctx)
	if len(keys) != 1 || keys[0].Fingerprint != key.Fingerprint || keys[0].Name != "Aipda Baiq Nurul" {
		t.Fatalf("enrolled: %+v", keys)
	}
	// From now on the officer's bundles merge at once.
	if r := importInto(t, coordinator, path); len(r) != 1 || !r[0].Merged() {
		t.Fatalf("a bundle from an enrolled key: %+v", r)
	}
	if _, err := coordinator.store.Session(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
}

// conflictOnParticipant merges the officer's session into the coordinator's
// laptop, then the same version of its first participant with another
// name: a conflict, as two laptops changing one row would make.
func conflictOnParticipant(t *testing.T, officer, coordinator *mainWindow) (store.Session, store.ParticipantRow) {
	t.Helper()
	setOfficerName(t, officer, "Iptu Ayu Lestari")
	sess, err := officer.store.Demo(ctx, store.DemoOptions{Participants: 3})
	if err != nil {
		t.Fatal(err)
	}
	exp, err := officer.store.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := officer.store.Settings(ctx)
	src := store.MergeSource{LaptopID: st.LaptopID, Officer: "Iptu Ayu Lestari", Bundle: "a.zip"}
	if _, err := coordinator.store.MergeSession(ctx, exp, src); err != nil {
		t.Fatal(err)
	}
	row := exp.Participants[0]
	exp.Participants[0].Name = "Nama Yang Lain"
	exp.Participants[0].Village = "Dusun Lendang Bajur"
	src.Bundle = "b.zip"
	sum, err := coordinator.store.MergeSession(ctx, exp, src)
	if err != nil || sum.Conflicts != 1 {
		t.Fatalf("no conflict: %+v %v", sum, err)
	}
	return sess, row
}

func TestConflictShownSideBySideAndResolved(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, row := conflictOnParticipant(t, officer, coordinator)

	list := newSessionsScreen(coordinator)
	list.show()
	if !list.verify.Visible() || list.verify.Text != "Verifikasi & konflik (1)" {
		t.Fatalf("verification button: visible %v %q", list.verify.Visible(), list.verify.Text)
	}
	if got := textOf(listRow(&list.list.List, 0)); !strings.Contains(got, "1 konflik") {
		t.Fatalf("the session list does not count the conflict:\n%s", got)
	}
	test.Tap(list.verify)
	tabs := shownTabs(t, coordinator)
	if tabs.SelectedIndex() != 2 || tabs.Items[2].Text != "Konflik (1)" {
		t.Fatalf("conflicts tab %q selected=%v", tabs.Items[2].Text, tabs.SelectedIndex())
	}
	pane := tabs.Items[2].Content
	detail := textOf(pane)
	for _, want := range []string{"Peserta: No. 1 " + row.Name, "Di sini (laptop ini)", "Masuk (dari bundel)", row.Name, "Nama Yang Lain", "Dusun Lendang Bajur", "Nama", "Desa"} {
		if !strings.Contains(detail, want) {
			t.Fatalf("the conflict detail lacks %q:\n%s", want, detail)
		}
	}
	if strings.ContainsAny(detail, "{}") {
		t.Fatalf("raw JSON in the conflict detail:\n%s", detail)
	}
	if n := highlightedRows(pane); n != 2 {
		t.Fatalf("%d rows highlighted, want the 2 that differ", n)
	}
	test.Tap(findButton(t, pane, "Pakai versi masuk"))
	people, _ := coordinator.store.Participants(ctx, sess.ID)
	if people[0].Name != "Nama Yang Lain" {
		t.Fatalf("the incoming version was not taken: %q", people[0].Name)
	}
	if tabs.Items[2].Text != "Konflik (0)" {
		t.Fatalf("after deciding: %q", tabs.Items[2].Text)
	}
}

// listRow renders row id of a list as the list would.
func listRow(l *widget.List, id widget.ListItemID) fyne.CanvasObject {
	row := l.CreateItem()
	l.UpdateItem(id, row)
	return row
}

func highlightedRows(obj fyne.CanvasObject) int {
	n := 0
	want := highlight()
	walk(obj, func(o fyne.CanvasObject) {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == want {
			n++
		}
	})
	return n
}

func TestStaleConflictSaysSo(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	_, _ = conflictOnParticipant(t, officer, coordinator)
	screen := newTrustScreen(coordinator, trustTabConflicts)
	screen.show()
	c := screen.conflicts.items[0]
	// The row moves on after the conflict was recorded: a later bundle.
	exp, _ := officer.store.ExportSession(ctx, c.SessionID, true)
	exp.Participants[0].Version++
	exp.Participants[0].Name = "Nama Terbaru"
	st, _ := officer.store.Settings(ctx)
	if _, err := coordinator.store.MergeSession(ctx, exp, store.MergeSource{LaptopID: st.LaptopID, Officer: "Iptu Ayu Lestari", Bundle: "c.zip"}); err != nil {
		t.Fatal(err)
	}
	test.Tap(findButton(t, screen.conflicts.detail, "Pakai versi masuk"))
	if got := overlayText(coordinator); !strings.Contains(got, "Konflik tidak berlaku lagi") {
		n, _ := coordinator.store.Conflicts(ctx)
		t.Fatalf("no clear message for a stale conflict (%d open):\n%s", len(n), got)
	}
}

func TestImportHistoryUndoesTheLastImport(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, path := officerExport(t, officer, "Iptu Ayu Lestari", 3)
	enrolDirect(t, coordinator, officer)
	if r := importInto(t, coordinator, path); !r[0].Merged() {
		t.Fatalf("not merged: %+v", r)
	}
	screen := newSessionScreen(coordinator, sess.ID)
	screen.show()
	if screen.history == nil {
		t.Fatal("an imported session has no import history")
	}
	screen.tabs.SelectIndex(len(screen.tabs.Items) - 1)
	if got := textOf(screen.history.rows); !strings.Contains(got, "Iptu Ayu Lestari") || !strings.Contains(got, "dapat dibatalkan") {
		t.Fatalf("history:\n%s", got)
	}
	test.Tap(findButton(t, coordinator.win.Content(), "Batalkan impor terakhir…"))
	test.Tap(overlayButton(t, coordinator, "Batalkan impor"))
	if _, err := coordinator.store.Session(ctx, sess.ID); err == nil {
		t.Fatal("undoing the import that brought the session left it here")
	}
	findButton(t, coordinator.win.Content(), "Impor bundel…") // back on the session list
}

func TestOfficersFollowUpNoteIsShown(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, _ := officerExport(t, officer, "Iptu Ayu Lestari", 0)
	q, err := officer.store.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Kakak saya ditahan agen di Malaysia",
		Topic: store.Topics[0], Status: store.QuestionFollowUp, Urgent: true})
	if err != nil {
		t.Fatal(err)
	}
	enrolDirect(t, coordinator, officer)
	importInto(t, coordinator, exportTo(t, officer, sess.ID))
	if _, err := coordinator.store.CloseFollowUp(ctx, q.ID, "2026-02-14", "Diserahkan ke UPTD PPA"); err != nil {
		t.Fatal(err)
	}
	if _, err := officer.store.CloseFollowUp(ctx, q.ID, "2026-02-13", "LP/B/123/II/2026/NTB"); err != nil {
		t.Fatal(err)
	}
	importInto(t, coordinator, exportTo(t, officer, sess.ID))
	got, _ := coordinator.store.Questions(ctx, sess.ID)
	if len(got) != 1 || got[0].OfficerFollowUp == nil {
		t.Fatalf("the officer's follow-up was not kept: %+v", got)
	}

	screen := newSessionScreen(coordinator, sess.ID)
	screen.show()
	screen.questions.onSelected(0)
	detail := textOf(screen.questions.detail)
	if !strings.Contains(detail, "Catatan petugas:") || !strings.Contains(detail, "LP/B/123/II/2026/NTB") ||
		!strings.Contains(detail, "Diserahkan ke UPTD PPA") {
		t.Fatalf("the officer's note is not shown beside the coordinator's:\n%s", detail)
	}
	if row := textOf(listRow(screen.questions.list, 0)); !strings.Contains(row, "ada catatan petugas") {
		t.Fatalf("the question row does not mention the officer's note:\n%s", row)
	}
}

func TestImportSummaryExplainsNewRejections(t *testing.T) {
	mw := newTestWindow(t)
	results := []sync.ImportResult{
		{Path: "/usb/a.zip", Reason: sync.ReasonUnsigned, Rejected: "x", Err: context.Canceled},
		{Path: "/usb/b.zip", Reason: sync.ReasonBadSignature, Rejected: "x", Err: context.Canceled},
		{Path: "/usb/c.zip", Reason: sync.ReasonSignerMismatch, Rejected: "x", Err: context.Canceled},
		{Path: "/usb/d.zip", Held: store.HoldDeletesSession, Title: "Sosialisasi Sakra"},
	}
	mw.showImportSummary(results)
	got := overlayText(mw)
	for _, want := range []string{"Penyuluh versi lama", "tanda tangan tidak cocok", "laptop atau petugas lain",
		"menghapus seluruh sesi “Sosialisasi Sakra”", "0 bundel digabung, 1 ditahan, 3 ditolak"} {
		if !strings.Contains(got, want) {
			t.Fatalf("summary lacks %q:\n%s", want, got)
		}
	}
	overlayButton(t, mw, "Buka Verifikasi & konflik")
}

func TestUndoImportAfterALaterChangeSaysSo(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, _ := officerExport(t, officer, "Iptu Ayu Lestari", 0)
	q, err := officer.store.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Berapa biaya resmi ke Taiwan?",
		Topic: store.Topics[0], Status: store.QuestionFollowUp})
	if err != nil {
		t.Fatal(err)
	}
	enrolDirect(t, coordinator, officer)
	importInto(t, coordinator, exportTo(t, officer, sess.ID))
	q.Answer = "Lihat daftar biaya BP2MI"
	if _, err := officer.store.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	importInto(t, coordinator, exportTo(t, officer, sess.ID))
	// The coordinator closes the follow-up after the second import.
	if _, err := coordinator.store.CloseFollowUp(ctx, q.ID, "2026-02-14", "Dijawab lewat telepon"); err != nil {
		t.Fatal(err)
	}
	screen := newSessionScreen(coordinator, sess.ID)
	screen.show()
	screen.tabs.SelectIndex(len(screen.tabs.Items) - 1)
	if n := len(screen.history.merges); n != 2 {
		t.Fatalf("%d merges in the history, want 2", n)
	}
	test.Tap(findButton(t, coordinator.win.Content(), "Batalkan impor terakhir…"))
	test.Tap(overlayButton(t, coordinator, "Batalkan impor"))
	if got := overlayText(coordinator); !strings.Contains(got, "Impor ini tidak dapat dibatalkan") {
		t.Fatalf("no clear message for an import changed since:\n%s", got)
	}
	got, _ := coordinator.store.Questions(ctx, sess.ID)
	if len(got) != 1 || got[0].Answer != q.Answer || got[0].ClosedOn != "2026-02-14" {
		t.Fatalf("a refused undo changed the question: %+v", got)
	}
}

func TestForwardedSessionNamesWhoForwardedIt(t *testing.T) {
	first, second, coordinator := newTestWindow(t), newTestWindow(t), newTestWindow(t)
	sess, path := officerExport(t, first, "Iptu Ayu Lestari", 2)
	setOfficerName(t, second, "Bripka Made Sudarsana")
	enrolDirect(t, second, first)
	importInto(t, second, path)
	forwarded := exportTo(t, second, sess.ID) // the second officer passes it on
	enrolDirect(t, coordinator, second)
	results := importInto(t, coordinator, forwarded)
	if len(results) != 1 || !results[0].Merged() || !results[0].Forwarded {
		t.Fatalf("forwarded bundle: %+v", results)
	}
	coordinator.showImportSummary(results)
	if got := overlayText(coordinator); !strings.Contains(got, "diteruskan oleh Bripka Made Sudarsana") {
		t.Fatalf("the summary does not say who forwarded it:\n%s", got)
	}
	closeDialogs(coordinator)
	list := newSessionsScreen(coordinator)
	list.show()
	if got := textOf(listRow(&list.list.List, 0)); !strings.Contains(got, "diteruskan oleh Bripka Made Sudarsana") {
		t.Fatalf("the session list does not say who forwarded it:\n%s", got)
	}
	screen := newSessionScreen(coordinator, sess.ID)
	screen.show()
	if !strings.Contains(screen.saved.Text, "diteruskan oleh Bripka Made Sudarsana") {
		t.Fatalf("the session does not say who forwarded it: %q", screen.saved.Text)
	}
}

func TestAppliedDeletionCanBeUndone(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, path := officerExport(t, officer, "Iptu Ayu Lestari", 3)
	enrolDirect(t, coordinator, officer)
	importInto(t, coordinator, path)
	if err := officer.store.DeleteSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	results := importInto(t, coordinator, exportTo(t, officer, sess.ID))
	if len(results) != 1 || results[0].Held != store.HoldDeletesSession {
		t.Fatalf("a deletion of a whole session was not held: %+v", results)
	}
	screen := newTrustScreen(coordinator, trustTabAuto)
	screen.show()
	if got := textOf(screen.pendingBox); !strings.Contains(got, "Menghapus seluruh sesi") || !strings.Contains(got, sess.Title) {
		t.Fatalf("the held deletion is not explained:\n%s", got)
	}
	test.Tap(findButton(t, screen.pendingBox, "Terapkan"))
	test.Tap(overlayButton(t, coordinator, "Terapkan"))
	if _, err := coordinator.store.Session(ctx, sess.ID); err == nil {
		t.Fatal("applying the deletion left the session")
	}
	closeDialogs(coordinator)
	test.Tap(findButton(t, coordinator.win.Content(), "Urungkan"))
	if _, err := coordinator.store.Session(ctx, sess.ID); err != nil {
		t.Fatalf("the coordinator could not take the deletion back: %v", err)
	}
}
