package ui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

const tipText = "Pak Rahmat dari PT Maju Jaya merekrut anak SMP ke Malaysia tanpa paspor"

// giveCoordinatorKey sets a new coordinator public key on mw's laptop and
// returns the identity that opens what is sealed to it.
func giveCoordinatorKey(t *testing.T, mw *mainWindow) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mw.store.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{id.Recipient().String()}}); err != nil {
		t.Fatal(err)
	}
	return id
}

// noticeText is the message in the notice bar at the bottom of the window.
func noticeText(mw *mainWindow) string {
	var b strings.Builder
	walk(mw.notice, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text)
		}
	})
	return b.String()
}

// screenText is every text on the window and in its dialogs.
func screenText(mw *mainWindow) string {
	var b strings.Builder
	visit := func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		case *widget.Entry:
			b.WriteString(x.Text + "\n")
		case *field:
			b.WriteString(x.Text + "\n")
		}
	}
	walk(mw.win.Content(), visit)
	for _, o := range mw.win.Canvas().Overlays().List() {
		walk(o, visit)
	}
	return b.String()
}

// diskHolds reports whether the database, its WAL or a backup holds secret.
func diskHolds(t *testing.T, mw *mainWindow, secret string) bool {
	t.Helper()
	files := []string{mw.store.Path(), mw.store.Path() + "-wal"}
	backups, _ := filepath.Glob(filepath.Join(mw.store.Dir(), "backups", "*"))
	for _, f := range append(files, backups...) {
		data, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(secret)) {
			return true
		}
	}
	return false
}

// An officer without the coordinator's key cannot save a confidential
// question: the form says why and how to fix it and keeps what was typed;
// once the key is imported, Enter seals it. The laptop then shows only the
// locked panel and takes sealed notes it never shows back.
func TestConfidentialQuestionIsSealedForTheCoordinator(t *testing.T) {
	mw, screen := openAttendance(t, 3)
	screen.tabs.SelectIndex(3)
	q := screen.questions
	before := len(q.questions) // the demo's own
	if q.sealInfo.Visible() {
		t.Fatal("the sealing note shows before Confidential is ticked")
	}
	test.Type(q.text, tipText)
	q.askedBy.SetSelectedIndex(1)
	q.answer.SetText("Akan diteruskan ke Unit PPA")
	q.status.SetSelectedIndex(1) // perlu tindak lanjut
	q.confidential.SetChecked(true)
	if !q.sealInfo.Visible() || !q.noKey.Visible() {
		t.Fatal("ticking Confidential without a key says nothing")
	}
	info := screenText(mw)
	for _, want := range []string{"disegel untuk koordinator", "tidak bisa dibaca lagi di laptop ini", "Belum ada kunci koordinator"} {
		if !strings.Contains(info, want) {
			t.Errorf("the form does not say %q", want)
		}
	}

	press(q.text, fyne.KeyReturn)
	if list, _ := mw.store.Questions(ctx, screen.session.ID); len(list) != before {
		t.Fatalf("saved without a key: %+v", list)
	}
	if q.text.Text != tipText || q.answer.Text == "" || q.askedBy.SelectedIndex() != 1 || !q.confidential.Checked {
		t.Fatal("the refused save lost what was typed")
	}
	if !strings.Contains(noticeText(mw), "Belum disimpan") || !q.noKey.Visible() {
		t.Fatalf("the refusal is not explained: %q", noticeText(mw))
	}
	if diskHolds(t, mw, tipText) {
		t.Fatal("the refused tip reached the disk")
	}

	// The coordinator's secret identity file is refused; the public key,
	// with the comments of a key file around it, is taken.
	coordinator, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(findButton(t, q.form, "Impor kunci koordinator…"))
	fields := overlayFields(mw)
	if len(fields) != 1 {
		t.Fatalf("%d fields in the import dialog", len(fields))
	}
	fields[0].SetText(coordinator.String())
	test.Tap(overlayButton(t, mw, "Simpan kunci"))
	if keys, _ := mw.store.SyncSettings(ctx); len(keys.Recipients) != 0 || !strings.Contains(overlayText(mw), "berkas identitas rahasia") {
		t.Fatalf("the secret key file was taken: %+v\n%s", keys, overlayText(mw))
	}
	fields = overlayFields(mw)
	fields[0].SetText("# kunci publik koordinator NTB\n" + coordinator.Recipient().String() + "\n")
	press(fields[0], fyne.KeyReturn)
	if keys, _ := mw.store.SyncSettings(ctx); len(keys.Recipients) != 1 || keys.Recipients[0] != coordinator.Recipient().String() {
		t.Fatalf("the key was not saved: %+v", keys)
	}
	if q.noKey.Visible() || !q.sealInfo.Visible() || q.text.Text != tipText {
		t.Fatal("after the import the form should still hold the question, without the missing-key warning")
	}

	press(q.text, fyne.KeyReturn)
	list, _ := mw.store.Questions(ctx, screen.session.ID)
	if len(list) != before+1 {
		t.Fatalf("%d questions after saving", len(list))
	}
	sealed := list[before]
	if !sealed.Sealed || sealed.Text != "" || sealed.AskedBy != "" || sealed.Answer != "" {
		t.Fatalf("saved: %+v", sealed)
	}
	no := strconv.Itoa(sealed.Number)
	if got := noticeText(mw); !strings.Contains(got, "Pertanyaan "+no+" disegel untuk koordinator.") {
		t.Fatalf("notice %q", got)
	}
	if q.text.Text != "" || q.sealInfo.Visible() {
		t.Fatal("the form was not cleared after saving")
	}
	if diskHolds(t, mw, tipText) || diskHolds(t, mw, "Akan diteruskan") {
		t.Fatal("the tip is on the disk in clear")
	}
	row := q.createRow()
	q.updateRow(before, row)
	if got, locked := cellText(row.(*fyne.Container).Objects[1]); got != "Tersegel untuk koordinator" || !locked {
		t.Fatalf("the list shows %q, lock shown %v", got, locked)
	}
	if before > 0 {
		q.updateRow(0, row) // a clear question in the same row
		if got, locked := cellText(row.(*fyne.Container).Objects[1]); locked || got != q.questions[0].Text {
			t.Fatalf("a clear question shows %q, lock shown %v", got, locked)
		}
	}

	// Selecting it shows the locked panel: the clear fields can change,
	// the content cannot be read, Confidential stays ticked.
	q.onSelected(before)
	if !q.locked.Visible() || q.textBox.Visible() || q.answerBox.Visible() || q.askedByBox.Visible() || !q.sealedNoteBox.Visible() {
		t.Fatal("a sealed question does not show the locked panel")
	}
	if !q.confidential.Checked || !q.confidential.Disabled() || q.sealInfo.Visible() {
		t.Fatal("Confidential can be unticked on a sealed question")
	}
	shown := screenText(mw)
	if strings.Contains(shown, "Pak Rahmat") || strings.Contains(shown, "Akan diteruskan") {
		t.Fatal("the sealed text is on screen")
	}
	if !strings.Contains(shown, "Tersegel untuk koordinator") || !strings.Contains(shown, "0 catatan tersegel") {
		t.Fatalf("the locked panel says too little:\n%s", shown)
	}
	if findButtonOrNil(q.form, "Buka segel…") != nil {
		t.Fatal("an officer's laptop offers to unseal")
	}

	// A sealed note and a new topic, saved with Enter.
	q.topic.SetSelectedIndex(3) // modus/penipuan
	test.Type(q.sealedNote, "Sponsor datang lagi hari Senin membawa dua anak")
	press(q.sealedNote, fyne.KeyReturn)
	got, _ := mw.store.Question(ctx, sealed.ID)
	if got.SealedNotes != 1 || got.Topic != store.TopicScams || !got.Sealed {
		t.Fatalf("after the note: %+v", got)
	}
	if !strings.Contains(noticeText(mw), "Catatan tersegel ditambahkan ke pertanyaan "+no+".") || q.sealedNote.Text != "" {
		t.Fatalf("notice %q, note field %q", noticeText(mw), q.sealedNote.Text)
	}
	if q.locked.Visible() {
		t.Fatal("the form did not go back to a new question")
	}
	q.onSelected(before)
	if strings.Contains(screenText(mw), "Sponsor datang") || !strings.Contains(screenText(mw), "1 catatan tersegel") {
		t.Fatal("the sealed note shows, or its count does not")
	}
	if diskHolds(t, mw, "Sponsor datang") {
		t.Fatal("the sealed note is on the disk in clear")
	}

	// The coordinator reads all of it.
	people, _ := mw.store.Participants(ctx, screen.session.ID)
	opened, err := mw.store.Unseal(ctx, sealed.ID, []age.Identity{coordinator})
	if err != nil || opened.Text != tipText || opened.AskerName != people[0].Name || len(opened.Notes) != 1 {
		t.Fatalf("unsealed %+v %v", opened, err)
	}
}

// cellText reads a lockedCell: its text and whether the lock shows.
func cellText(cell fyne.CanvasObject) (text string, locked bool) {
	for _, o := range cell.(*fyne.Container).Objects {
		switch x := o.(type) {
		case *widget.Label:
			text = x.Text
		case *widget.Icon:
			locked = x.Visible()
		}
	}
	return text, locked
}

// findButtonOrNil is findButton that does not fail.
func findButtonOrNil(obj fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(obj, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
		}
	})
	return found
}

// sealedAtCoordinator makes an officer's session with a sealed tip and a
// sealed note, and merges it into a coordinator whose identity file is
// protected by pass.
func sealedAtCoordinator(t *testing.T, pass string, otherKey bool) (coordinator *mainWindow, sess store.Session, tip store.Question, asker string) {
	t.Helper()
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	path := filepath.Join(t.TempDir(), "kunci.age")
	pub, err := sync.Keygen(path, time.Now(), pass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := coordinator.store.SaveSyncSettings(ctx, store.SyncSettings{IdentityFile: path, Recipients: []string{pub}}); err != nil {
		t.Fatal(err)
	}
	if otherKey {
		giveCoordinatorKey(t, officer)
	} else if _, err := officer.store.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{pub}}); err != nil {
		t.Fatal(err)
	}
	sess, err = officer.store.Demo(ctx, store.DemoOptions{Participants: 3})
	if err != nil {
		t.Fatal(err)
	}
	people, _ := officer.store.Participants(ctx, sess.ID)
	tip, err = officer.store.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, AskedBy: people[1].ID,
		Answer: "Dirujuk ke Unit PPA", Status: store.QuestionFollowUp, Topic: store.TopicScams, Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := officer.store.AddSealedNote(ctx, tip.ID, "Sponsor datang lagi hari Senin"); err != nil {
		t.Fatal(err)
	}
	exp, err := officer.store.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := coordinator.store.MergeSession(ctx, exp, store.MergeSource{LaptopID: "01a21e18-eb1b-70eb-add0-e5f4ca0af85c", Officer: "Iptu Ayu", Bundle: "b.zip"}); err != nil {
		t.Fatal(err)
	}
	return coordinator, sess, tip, people[1].Name
}

// The coordinator opens a sealed tip of an imported session with the
// identity's passphrase; it is shown, never stored. In the follow-ups the
// same question opens without asking again, and its closing note is sealed.
func TestCoordinatorUnsealsATip(t *testing.T) {
	const pass = "sandi koordinator NTB"
	mw, sess, tip, asker := sealedAtCoordinator(t, pass, false)
	screen := newSessionScreen(mw, sess.ID)
	screen.show()
	screen.tabs.SelectIndex(3)
	q := screen.questions
	row := -1
	for i, item := range q.questions {
		if item.ID == tip.ID {
			row = i
		}
	}
	if row < 0 || !q.questions[row].Sealed {
		t.Fatalf("the tip is not listed sealed: %+v", q.questions)
	}
	q.onSelected(row)
	if !strings.Contains(screenText(mw), "Tersegel untuk koordinator") || strings.Contains(screenText(mw), "Pak Rahmat") {
		t.Fatal("the detail does not show the sealed panel")
	}
	test.Tap(findButton(t, q.detail, "Buka segel…"))
	entries := overlayEntries(mw)
	if len(entries) != 1 || !entries[0].Password {
		t.Fatal("no passphrase asked")
	}
	test.Type(entries[0], pass)
	test.Tap(overlayButton(t, mw, "Buka"))
	opened := overlayText(mw)
	for _, want := range []string{tipText, asker, "Dirujuk ke Unit PPA", "Sponsor datang lagi hari Senin", "Pertanyaan " + strconv.Itoa(tip.Number) + ", segel dibuka"} {
		if !strings.Contains(opened, want) {
			t.Errorf("the opened question lacks %q:\n%s", want, opened)
		}
	}
	test.Tap(overlayButton(t, mw, "Tutup"))
	if got, _ := mw.store.Question(ctx, tip.ID); got.Text != "" || !got.Sealed {
		t.Fatalf("opening stored something: %+v", got)
	}
	if diskHolds(t, mw, tipText) {
		t.Fatal("the coordinator's disk holds the tip in clear")
	}

	follow := newFollowUpsScreen(mw)
	follow.show()
	var item store.OpenFollowUp
	for _, f := range follow.items {
		if f.ID == tip.ID {
			item = f
		}
	}
	if item.ID == "" {
		t.Fatal("the sealed follow-up is not listed")
	}
	cells := follow.list.CreateItem()
	for i, f := range follow.items {
		if f.ID == tip.ID {
			follow.updateRow(i, cells)
		}
	}
	objs := cells.(*fyne.Container).Objects
	if text, locked := cellText(objs[2]); !strings.Contains(text, "Tersegel untuk koordinator") || !locked {
		t.Fatalf("the follow-up shows %q, lock shown %v", text, locked)
	}
	unseal := objs[4].(*fyne.Container).Objects[1].(*widget.Button)
	if !unseal.Visible() || unseal.Text != "Buka segel…" {
		t.Fatal("no unseal button on the coordinator's follow-up")
	}
	test.Tap(unseal)
	if !strings.Contains(overlayText(mw), tipText) {
		t.Fatal("the passphrase was asked again, or the tip did not open")
	}
	test.Tap(overlayButton(t, mw, "Tutup"))

	follow.confirmClose(item.Question)
	if !strings.Contains(overlayText(mw), "Catatan ini disegel untuk koordinator") {
		t.Fatalf("closing does not say the note is sealed:\n%s", overlayText(mw))
	}
	fields := overlayFields(mw)
	fields[1].SetText("Ditangani Unit PPA, LP/B/123/XI/2026")
	test.Tap(overlayButton(t, mw, "Tutup"))
	closed, _ := mw.store.Question(ctx, tip.ID)
	if closed.ClosedOn == "" || closed.ClosedNote != "" {
		t.Fatalf("closed: %+v", closed)
	}
	if diskHolds(t, mw, "LP/B/123") {
		t.Fatal("the closing note is on the disk in clear")
	}
	keys, _ := mw.store.SyncSettings(ctx)
	if got, err := mw.store.Unseal(ctx, tip.ID, mw.keyring.get(keys.IdentityFile)); err != nil || got.ClosedNote != "Ditangani Unit PPA, LP/B/123/XI/2026" {
		t.Fatalf("the closing note, unsealed: %+v %v", got, err)
	}
}

// A tip sealed for another coordinator's key says so, in Indonesian.
func TestUnsealWithAnotherKeySaysSo(t *testing.T) {
	const pass = "sandi koordinator NTB"
	mw, _, tip, _ := sealedAtCoordinator(t, pass, true)
	mw.openSealed(tip)
	test.Type(overlayEntries(mw)[0], pass)
	test.Tap(overlayButton(t, mw, "Buka"))
	if !strings.Contains(overlayText(mw), "disegel untuk kunci koordinator lain") {
		t.Fatalf("a wrong key is not explained:\n%s", overlayText(mw))
	}
}

// A finalized session still takes sealed notes on its sealed questions,
// from the question's detail; the note is never shown back.
func TestSealedNoteInAFinalizedSession(t *testing.T) {
	mw := newTestWindow(t)
	giveCoordinatorKey(t, mw)
	sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 0})
	if err != nil {
		t.Fatal(err)
	}
	tip, err := mw.store.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Status: store.QuestionFollowUp, Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mw.store.FinalizeSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	screen := newSessionScreen(mw, sess.ID)
	screen.show()
	screen.tabs.SelectIndex(3)
	q := screen.questions
	if !q.readOnly || len(q.questions) != 1 {
		t.Fatalf("read-only %v, %d questions", q.readOnly, len(q.questions))
	}
	q.onSelected(0)
	var note *field
	walk(q.detail, func(o fyne.CanvasObject) {
		if f, ok := o.(*field); ok {
			note = f
		}
	})
	if note == nil || findButtonOrNil(q.detail, "Buka segel…") != nil {
		t.Fatal("no sealed-note field in the detail, or an unseal button on an officer's laptop")
	}
	test.Type(note, "Keluarga sudah melapor ke Polsek")
	press(note, fyne.KeyReturn)
	got, _ := mw.store.Question(ctx, tip.ID)
	if got.SealedNotes != 1 || !strings.Contains(noticeText(mw), "Catatan tersegel ditambahkan") {
		t.Fatalf("sealed notes %d, notice %q", got.SealedNotes, noticeText(mw))
	}
	if strings.Contains(screenText(mw), "Keluarga sudah melapor") || !strings.Contains(screenText(mw), "1 catatan tersegel") {
		t.Fatal("the note shows, or its count does not")
	}
}
