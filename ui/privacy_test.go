package ui

import (
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2/test"

	"github.com/penyuluh/penyuluh/store"
)

// The privacy settings: a warning while confidential questions wait in
// clear (and the import that seals them), the retention period (asked
// before it removes anything), and cleaning the backups.
func TestPrivacySettings(t *testing.T) {
	officer, mw := newTestWindow(t), newTestWindow(t)
	// An older bundle carried a confidential question in clear.
	sess, err := officer.store.Demo(ctx, store.DemoOptions{Participants: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := officer.store.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText}); err != nil {
		t.Fatal(err)
	}
	exp, err := officer.store.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range exp.Questions {
		if exp.Questions[i].Text == tipText {
			exp.Questions[i].Confidential = true
		}
	}
	if _, err := mw.store.MergeSession(ctx, exp, store.MergeSource{LaptopID: "01a21e18-eb1b-70eb-add0-e5f4ca0af85c", Officer: "Iptu Ayu", Bundle: "b.zip"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := mw.store.ClearConfidential(ctx); n != 1 {
		t.Fatalf("%d confidential questions in clear", n)
	}
	if _, err := mw.store.Backup(ctx); err != nil {
		t.Fatal(err)
	}

	screen := newSettingsScreen(mw)
	screen.show()
	p := screen.privacy
	if !p.warning.Visible() || !strings.Contains(p.warnText.Text, "1 pertanyaan rahasia masih tersimpan tanpa segel") {
		t.Fatalf("no warning: %q", p.warnText.Text)
	}
	if p.retention.Selected != "Tidak pernah dihapus" || !strings.Contains(p.explain.Text, "sampai sesinya dihapus") {
		t.Fatalf("retention %q: %q", p.retention.Selected, p.explain.Text)
	}

	// Importing the key from the warning seals the tip and cleans the
	// backups that held it.
	coordinator, _ := age.GenerateX25519Identity()
	test.Tap(findButton(t, p.box, "Impor kunci koordinator…"))
	overlayFields(mw)[0].SetText(coordinator.Recipient().String())
	test.Tap(overlayButton(t, mw, "Simpan kunci"))
	if n, _ := mw.store.ClearConfidential(ctx); n != 0 {
		t.Fatalf("%d still in clear", n)
	}
	if p.warning.Visible() {
		t.Fatal("the warning stayed after the import")
	}
	if msg := noticeText(mw); !strings.Contains(msg, "Kunci koordinator disimpan.") || !strings.Contains(msg, "1 pertanyaan rahasia disegel") {
		t.Fatalf("notice %q", msg)
	}
	if !strings.Contains(screenText(mw), coordinator.Recipient().String()) {
		t.Fatal("the coordinator section does not show the imported key")
	}
	if diskHolds(t, mw, tipText) {
		t.Fatal("a backup still holds the tip in clear")
	}

	// A shorter period is confirmed before it removes anything.
	p.retention.SetSelectedIndex(2)
	if months, _ := mw.store.RetentionMonths(ctx); months != 0 {
		t.Fatal("saved before it was confirmed")
	}
	if !strings.Contains(overlayText(mw), "tidak bisa dibatalkan") {
		t.Fatalf("no confirmation:\n%s", overlayText(mw))
	}
	test.Tap(overlayButton(t, mw, "Batal"))
	if months, _ := mw.store.RetentionMonths(ctx); months != 0 || p.retention.Selected != "Tidak pernah dihapus" {
		t.Fatalf("cancelled, yet %d months / %q", months, p.retention.Selected)
	}
	p.retention.SetSelectedIndex(2)
	test.Tap(overlayButton(t, mw, "Hapus"))
	if months, _ := mw.store.RetentionMonths(ctx); months != 12 {
		t.Fatalf("retention %d", months)
	}
	if !strings.Contains(p.explain.Text, "12 bulan setelah tanggal sesi") || !strings.Contains(p.explain.Text, "kelompok usianya") {
		t.Fatalf("explanation %q", p.explain.Text)
	}
	// A longer period removes nothing more: no question asked.
	p.retention.SetSelectedIndex(4)
	if months, _ := mw.store.RetentionMonths(ctx); months != 36 {
		t.Fatalf("retention %d", months)
	}

	test.Tap(findButton(t, p.box, "Bersihkan cadangan sekarang"))
	if msg := noticeText(mw); !strings.Contains(msg, "Cadangan diperiksa: ") {
		t.Fatalf("notice %q", msg)
	}
	if p.clean.Disabled() || p.clean.Text != "Bersihkan cadangan sekarang" {
		t.Fatal("the button stays busy")
	}
}

// A session whose personal data the retention setting removed says so.
func TestPurgedSessionSaysSo(t *testing.T) {
	mw := newTestWindow(t)
	sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mw.store.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Baiq Retensi", Gender: "P"},
		store.AddParticipantOptions{}); err != nil {
		t.Fatal(err)
	}
	sess, _ = mw.store.Session(ctx, sess.ID)
	sess.Date = time.Now().AddDate(-2, 0, 0).Format("2006-01-02")
	if sess, err = mw.store.UpdateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	exp, err := mw.store.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := mw.store.MarkExported(ctx, exp); err != nil {
		t.Fatal(err)
	}
	if err := mw.store.SetRetentionMonths(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if done, err := mw.store.Tidy(ctx); err != nil || done.Purged != 1 {
		t.Fatalf("tidy %+v %v", done, err)
	}
	screen := newSessionScreen(mw, sess.ID)
	screen.show()
	want := "dihapus dari laptop ini pada " + time.Now().Format("02-01-2006") + " sesuai pengaturan masa simpan"
	if !strings.Contains(screenText(mw), want) {
		t.Fatalf("no note %q:\n%s", want, screenText(mw))
	}
}

// Undo after a restart cannot bring deleted content back: it says so.
func TestContentGoneIsExplained(t *testing.T) {
	test.NewTempApp(t)
	if err := applyLanguage(store.LangIndonesian); err != nil {
		t.Fatal(err)
	}
	if msg := errorMessage(store.ErrContentGone); !strings.Contains(msg, "tidak bisa dipulihkan") {
		t.Fatalf("message %q", msg)
	}
	if msg := errorMessage(store.ErrNoCoordinatorKey); !strings.Contains(msg, "Impor kunci publik koordinator") {
		t.Fatalf("message %q", msg)
	}
}
