package store_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

// diskFiles are every file on disk that may hold what the store was given:
// the database, its WAL, and every snapshot in backups/.
func diskFiles(t *testing.T, s *store.Store) []string {
	t.Helper()
	files := []string{s.Path(), s.Path() + "-wal"}
	backups, _ := filepath.Glob(filepath.Join(s.BackupDir(), "*"))
	return append(files, backups...)
}

// noTrace fails when any of the files holds any of the secrets, byte for
// byte. A file that does not exist holds nothing.
func noTrace(t *testing.T, files []string, secrets ...[]byte) {
	t.Helper()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range secrets {
			if bytes.Contains(data, secret) {
				t.Errorf("%s holds %q", filepath.Base(f), shorten(secret))
			}
		}
	}
}

// hasTrace reports whether any file holds the secret: the proof that the
// test would notice it.
func hasTrace(t *testing.T, files []string, secret []byte) bool {
	t.Helper()
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil && bytes.Contains(data, secret) {
			return true
		}
	}
	return false
}

func shorten(b []byte) string {
	if len(b) > 24 {
		return string(b[:24]) + "…"
	}
	return string(b)
}

func privacySession(t *testing.T, s *store.Store) (store.Session, store.Participant) {
	t.Helper()
	sess := mustCreate(t, s, validSession())
	asker, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Baiq Penanya Zulaikha", Gender: "P",
		Phone: "081299887766", Consent: true}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return sess, asker
}

const (
	tipText   = "Calo bernama Haji Mansur dari Dusun Kelor menjanjikan kerja di Malaysia tanpa paspor"
	tipAnswer = "Dicatat; diteruskan ke Unit PPA secara tertutup"
	tipNote   = "Korban menghubungi lagi pada malam hari, nomor calo 0819-7777-3131"
	tipClosed = "Laporan polisi LP/B/77/XI/2026 dibuat"
)

// A confidential question is sealed before it reaches the disk: neither the
// database, nor its WAL, nor a backup, nor a plain or encrypted export holds
// its text, answer, notes or who asked; the coordinator opens all of it.
func TestConfidentialSealedOnDisk(t *testing.T) {
	s := mustOpen(t)
	sess, asker := privacySession(t, s)
	q, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Answer: tipAnswer, AskedBy: asker.ID,
		Topic: store.TopicScams, Status: store.QuestionFollowUp, Urgent: true, Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	if !q.Sealed || q.Text != "" || q.Answer != "" || q.AskedBy != "" {
		t.Fatalf("saved question reads back in clear: %+v", q)
	}
	if _, err := s.AddSealedNote(ctx, q.ID, tipNote); err != nil {
		t.Fatal(err)
	}
	closed, err := s.CloseFollowUp(ctx, q.ID, "2026-11-02", tipClosed)
	if err != nil {
		t.Fatal(err)
	}
	if closed.ClosedNote != "" || closed.ClosedOn != "2026-11-02" || closed.SealedNotes != 1 || !closed.Sealed {
		t.Fatalf("closed: %+v", closed)
	}
	// The clear fields the follow-up list needs stay usable.
	open, _ := s.OpenFollowUps(ctx)
	if len(open) != 0 {
		t.Fatalf("closed follow-up still open: %+v", open)
	}
	if _, err := s.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	plain, err := s.ExportSession(ctx, sess.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	encrypted, err := s.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if plain.WithheldConfidential != 0 || len(plain.Questions) != 1 {
		t.Fatalf("the sealed question did not travel in the plain export: %+v", plain.Questions)
	}
	dir := store.TempDir(t)
	for name, exp := range map[string]*store.SessionExport{"plain.json": plain, "encrypted.json": encrypted} {
		if err := os.WriteFile(filepath.Join(dir, name), mustJSON(t, exp), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	files := append(diskFiles(t, s), filepath.Join(dir, "plain.json"), filepath.Join(dir, "encrypted.json"))
	secrets := [][]byte{[]byte(tipText), []byte("Haji Mansur"), []byte(tipAnswer), []byte(tipNote), []byte("0819-7777-3131"),
		[]byte(tipClosed)}
	noTrace(t, files, secrets...)
	for _, exp := range []*store.SessionExport{plain, encrypted} {
		if q := exp.Questions[0]; q.AskedBy != nil || !store.IsSealed(q.Text) || len(q.SealedNotes) != 1 {
			t.Fatalf("exported %+v", q)
		}
	}
	if !hasTrace(t, files, []byte(asker.Name)) {
		t.Fatal("the check cannot see clear text: the participant's name should be in the database")
	}

	got, err := s.Unseal(ctx, q.ID, []age.Identity{coordinator})
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != tipText || got.Answer != tipAnswer || got.AskedBy != asker.ID || got.AskerName != asker.Name ||
		got.ClosedNote != tipClosed || len(got.Notes) != 1 || got.Notes[0].Text != tipNote {
		t.Fatalf("unsealed %+v", got)
	}
	other, _ := age.GenerateX25519Identity()
	if _, err := s.Unseal(ctx, q.ID, []age.Identity{other}); !errors.Is(err, store.ErrNotSealedForKey) {
		t.Fatalf("another key: %v", err)
	}

	// The coordinator's database holds the same ciphertext, and opens it.
	c := mustOpen(t)
	if _, err := c.MergeSession(ctx, plain, store.MergeSource{LaptopID: plain.Session.OriginLaptop}); err != nil {
		t.Fatal(err)
	}
	if err := c.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	noTrace(t, diskFiles(t, c), secrets...)
	if got, err := c.Unseal(ctx, q.ID, []age.Identity{coordinator}); err != nil || got.Text != tipText {
		t.Fatalf("coordinator unseals %+v %v", got, err)
	}
}

// Without the coordinator's key a confidential question is refused, and
// nothing of it is written.
func TestConfidentialNeedsCoordinatorKey(t *testing.T) {
	s := mustOpenDir(t, store.TempDir(t))
	sess, _ := privacySession(t, s)
	_, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Confidential: true})
	if !errors.Is(err, store.ErrNoCoordinatorKey) {
		t.Fatalf("saved without a key: %v", err)
	}
	clear, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText})
	if err != nil {
		t.Fatal(err)
	}
	clear.Confidential = true
	if _, err := s.UpdateQuestion(ctx, clear); !errors.Is(err, store.ErrNoCoordinatorKey) {
		t.Fatalf("marked confidential without a key: %v", err)
	}
	if got, _ := s.Question(ctx, clear.ID); got.Confidential {
		t.Fatal("the refused edit was saved")
	}
	if list, _ := s.Questions(ctx, sess.ID); len(list) != 1 {
		t.Fatalf("%d questions", len(list))
	}
	// Sealed text is never accepted as typed text.
	if _, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "-----BEGIN AGE ENCRYPTED FILE-----\nxyz"}); err == nil {
		t.Fatal("a typed text that looks sealed was saved")
	}
}

// A question made confidential after it was saved in clear is sealed, and
// once sealed it stays sealed: the laptop cannot unseal it.
func TestMarkConfidentialLater(t *testing.T) {
	s := mustOpen(t)
	sess, asker := privacySession(t, s)
	q, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, AskedBy: asker.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	q.Confidential = true
	sealed, err := s.UpdateQuestion(ctx, q)
	if err != nil || !sealed.Sealed || sealed.Version != q.Version+1 {
		t.Fatalf("sealed %+v %v", sealed, err)
	}
	for name, edit := range map[string]func(q *store.Question){
		"not confidential": func(q *store.Question) { q.Confidential = false },
		"new text":         func(q *store.Question) { q.Text = "teks baru" },
		"new answer":       func(q *store.Question) { q.Answer = "jawaban baru" },
		"new asker":        func(q *store.Question) { q.AskedBy = asker.ID },
	} {
		q := sealed
		edit(&q)
		var ve store.ValidationError
		if _, err := s.UpdateQuestion(ctx, q); !errors.As(err, &ve) {
			t.Errorf("%s: %v", name, err)
		}
	}
	sealed.Topic = store.TopicReporting
	again, err := s.UpdateQuestion(ctx, sealed)
	if err != nil || !again.Confidential || !again.Sealed || again.Topic != store.TopicReporting || again.Version != sealed.Version+1 {
		t.Fatalf("edit of a sealed question's topic: %+v %v", again, err)
	}
	files := diskFiles(t, s)
	if !hasTrace(t, files, []byte(tipText)) {
		t.Fatal("the backup taken before should still hold the text")
	}
	cleaned, err := s.CleanBackups(ctx)
	if err != nil || len(cleaned.Cleaned) != 1 {
		t.Fatalf("clean backups: %+v %v", cleaned, err)
	}
	noTrace(t, diskFiles(t, s), []byte(tipText))
	if got, err := s.Unseal(ctx, q.ID, []age.Identity{coordinator}); err != nil || got.Text != tipText || got.AskerName != asker.Name {
		t.Fatalf("unsealed %+v %v", got, err)
	}
}

// Confidential questions saved in clear by an older version are sealed as
// soon as the coordinator's key is set, and the backups that hold them are
// cleaned; the backups keep their number and stay restorable.
func TestKeySetSealsOldQuestions(t *testing.T) {
	dir := store.TempDir(t)
	s := mustOpenDir(t, dir)
	sess, asker := privacySession(t, s)
	// An older version stored confidential questions in clear.
	db, err := sql.Open("sqlite", "file:"+s.Path())
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO questions (id, session_id, number, text, asked_by, answer, confidential, closed_note,
		created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, 1, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
		store.NewID(), sess.ID, tipText, asker.ID, tipAnswer, tipClosed)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := s.Backup(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.ClearConfidential(ctx); n != 1 {
		t.Fatalf("%d in clear", n)
	}
	if !hasTrace(t, diskFiles(t, s), []byte(tipText)) {
		t.Fatal("the fixture has no clear text")
	}
	if _, err := s.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{coordinator.Recipient().String()}}); err != nil {
		t.Fatal(err)
	}
	tidied, err := s.Tidy(ctx)
	if err != nil || tidied.Sealed != 1 {
		t.Fatalf("tidy %+v %v", tidied, err)
	}
	cleaned, err := s.CleanBackups(ctx)
	if err != nil || cleaned.Checked != 3 || len(cleaned.Cleaned) != 3 {
		t.Fatalf("clean %+v %v", cleaned, err)
	}
	noTrace(t, diskFiles(t, s), []byte(tipText), []byte(tipAnswer), []byte(tipClosed))
	if again, _ := s.CleanBackups(ctx); len(again.Cleaned) != 0 {
		t.Fatalf("cleaned twice: %+v", again)
	}
	qs, _ := s.Questions(ctx, sess.ID)
	if len(qs) != 1 || !qs[0].Sealed {
		t.Fatalf("questions %+v", qs)
	}
	got, err := s.Unseal(ctx, qs[0].ID, []age.Identity{coordinator})
	if err != nil || got.Text != tipText || got.AskerName != asker.Name || got.ClosedNote != tipClosed {
		t.Fatalf("unsealed %+v %v", got, err)
	}
	// A cleaned backup is still a good backup.
	list, _ := s.Backups()
	if _, err := s.Restore(ctx, list[len(list)-1].Path); err != nil {
		t.Fatal(err)
	}
	if qs, _ := s.Questions(ctx, sess.ID); len(qs) != 1 || !qs[0].Sealed {
		t.Fatalf("restored questions %+v", qs)
	}
}

// Deleting a participant, a photo or a question removes its content from
// the database and its WAL at once and from the backups when they are
// cleaned; the undo just after puts it back, and after a restart it is
// gone for good.
func TestDeletedContentGone(t *testing.T) {
	dir := store.TempDir(t)
	s := mustOpenDir(t, dir)
	sess, person := privacySession(t, s)
	photo, err := s.AddPhoto(ctx, sess.ID, "Foto pribadi Inaq Sumenep", bytes.NewReader(noiseJPEG(t)))
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Answer: tipAnswer})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	imageBytes := photo.Image[len(photo.Image)/2 : len(photo.Image)/2+256]
	secrets := [][]byte{[]byte(person.Name), []byte(person.Phone), imageBytes, []byte("Inaq Sumenep"), []byte(tipText), []byte(tipAnswer)}
	for _, secret := range secrets {
		if !hasTrace(t, diskFiles(t, s), secret) {
			t.Fatalf("the fixture lacks %q", shorten(secret))
		}
	}
	if err := s.DeleteParticipant(ctx, person.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePhoto(ctx, photo.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteQuestion(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	live := []string{s.Path(), s.Path() + "-wal"}
	noTrace(t, live, secrets...)

	// The undo, in the same run, brings everything back.
	if err := s.UndeleteParticipant(ctx, person.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Participant(ctx, person.ID); got.Name != person.Name || got.Phone != person.Phone {
		t.Fatalf("restored %+v", got)
	}
	if err := s.UndeletePhoto(ctx, photo.ID); err != nil {
		t.Fatal(err)
	}
	if photos, _ := s.Photos(ctx, sess.ID); len(photos) != 1 || !bytes.Equal(photos[0].Image, photo.Image) {
		t.Fatal("the photo did not come back whole")
	}
	if err := s.UndeleteQuestion(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Question(ctx, q.ID); got.Text != tipText {
		t.Fatalf("restored question %+v", got)
	}

	for _, del := range []func() error{
		func() error { return s.DeleteParticipant(ctx, person.ID) },
		func() error { return s.DeletePhoto(ctx, photo.ID) },
		func() error { return s.DeleteQuestion(ctx, q.ID) },
	} {
		if err := del(); err != nil {
			t.Fatal(err)
		}
	}
	cleaned, err := s.CleanBackups(ctx)
	if err != nil || len(cleaned.Cleaned) != 1 {
		t.Fatalf("clean %+v %v", cleaned, err)
	}
	noTrace(t, diskFiles(t, s), secrets...)

	// The export still carries the deletions.
	exp, err := s.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(exp.Participants) != 1 || exp.Participants[0].DeletedAt == nil || len(exp.Photos) != 1 || exp.Photos[0].DeletedAt == nil {
		t.Fatalf("tombstones: %+v %+v", exp.Participants, exp.Photos)
	}

	s.Close()
	s = mustOpenDir(t, dir)
	if err := s.UndeleteParticipant(ctx, person.ID); !errors.Is(err, store.ErrContentGone) {
		t.Fatalf("undelete after a restart: %v", err)
	}
}

func noiseJPEG(t *testing.T) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, 200, 150))
	for y := 0; y < 150; y++ {
		for x := 0; x < 200; x++ {
			img.Set(x, y, color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The retention setting removes names, phones, villages and photos of old
// sessions that were sent and not changed since, keeps every total, and
// leaves other sessions alone.
func TestRetentionPurgesSentSessions(t *testing.T) {
	s := mustOpen(t)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	old := validSession()
	old.Date = "2025-06-01"
	sent := mustCreate(t, s, old)
	kept := mustCreate(t, s, old) // never sent
	old.Date = "2026-10-01"
	recent := mustCreate(t, s, old) // sent, but recent
	ages := []int{9, 17, 19, 33, 45, 70}
	for i, sess := range []store.Session{sent, kept, recent} {
		for j, a := range ages {
			age := a
			if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Orang Retensi " + string(rune('A'+i)) + string(rune('a'+j)),
				Gender: []string{"L", "P"}[j%2], Age: &age, Village: "Dusun Rahasia " + string(rune('A'+i)),
				Phone: "0812340" + string(rune('0'+i)) + "000" + string(rune('0'+j)), Consent: true,
				GuardianPresent: guardian(age)}, store.AddParticipantOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := s.AddPhoto(ctx, sent.ID, "", bytes.NewReader(noiseJPEG(t))); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{sent.ID, recent.ID} {
		exp, err := s.ExportSession(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.MarkExported(ctx, exp); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := s.Participants(ctx, sent.ID)
	quizBefore, _ := s.AnswerSheets(ctx, sent.ID)
	if _, err := s.Backup(ctx); err != nil {
		t.Fatal(err)
	}

	if err := s.SetRetentionMonths(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetentionMonths(ctx, -1); err == nil {
		t.Fatal("a negative retention was saved")
	}
	tidied, err := s.Tidy(ctx)
	if err != nil || tidied.Purged != 1 {
		t.Fatalf("tidy %+v %v", tidied, err)
	}
	after, _ := s.Participants(ctx, sent.ID)
	if !reflect.DeepEqual(store.Totals(before), store.Totals(after)) {
		t.Fatalf("totals changed:\n%+v\n%+v", store.Totals(before), store.Totals(after))
	}
	for _, p := range after {
		if p.Name != "" || p.Phone != "" || p.Village != "" {
			t.Fatalf("personal data left: %+v", p)
		}
	}
	if quizAfter, _ := s.AnswerSheets(ctx, sent.ID); !reflect.DeepEqual(quizBefore, quizAfter) {
		t.Fatal("quiz data changed")
	}
	if photos, _ := s.Photos(ctx, sent.ID); len(photos) != 0 && len(photos[0].Image) != 0 {
		t.Fatal("the photo stayed")
	}
	purged, _ := s.Session(ctx, sent.ID)
	if purged.PurgedAt == nil || !purged.ReadOnly() {
		t.Fatalf("session %+v", purged)
	}
	if _, err := s.ExportSession(ctx, sent.ID, true); !errors.Is(err, store.ErrPurged) {
		t.Fatalf("export of a purged session: %v", err)
	}
	if changed, _ := s.ChangedSinceExport(ctx); changed[sent.ID] {
		t.Fatal("a purged session counts as not sent")
	}
	for _, id := range []string{kept.ID, recent.ID} {
		if list, _ := s.Participants(ctx, id); list[0].Name == "" {
			t.Fatalf("session %s purged", id)
		}
	}
	if _, err := s.CleanBackups(ctx); err != nil {
		t.Fatal(err)
	}
	noTrace(t, diskFiles(t, s), []byte("Orang Retensi Aa"), []byte("8123400000"), []byte("Dusun Rahasia A"))
	if !hasTrace(t, diskFiles(t, s), []byte("Orang Retensi Ba")) {
		t.Fatal("the session never sent lost its names")
	}
	if again, _ := s.Tidy(ctx); again.Changed() {
		t.Fatalf("tidy twice: %+v", again)
	}
}

// guardian is whether a child came with a guardian; adults are not asked.
func guardian(age int) *bool {
	if age >= store.AdultAge {
		return nil
	}
	yes := true
	return &yes
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// An import can be undone for UndoDays; after that what it replaced (here a
// participant it deleted) is removed from the undo log, in the database
// and in the backups.
func TestUndoLogExpires(t *testing.T) {
	officer, coordinator := mustOpen(t), mustOpen(t)
	sess, person := privacySession(t, officer)
	first, err := officer.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	src := store.MergeSource{LaptopID: first.Session.OriginLaptop}
	if _, err := coordinator.MergeSession(ctx, first, src); err != nil {
		t.Fatal(err)
	}
	if err := officer.DeleteParticipant(ctx, person.ID); err != nil {
		t.Fatal(err)
	}
	second, err := officer.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := coordinator.MergeSession(ctx, second, src); err != nil {
		t.Fatal(err)
	}
	if _, err := coordinator.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	if !hasTrace(t, diskFiles(t, coordinator), []byte(person.Name)) {
		t.Fatal("the undo log should keep the deleted person for now")
	}
	coordinator.Now = func() time.Time { return time.Now().AddDate(0, 0, store.UndoDays+1) }
	tidied, err := coordinator.Tidy(ctx)
	if err != nil || tidied.Expired != 2 {
		t.Fatalf("tidy %+v %v", tidied, err)
	}
	if _, err := coordinator.CleanBackups(ctx); err != nil {
		t.Fatal(err)
	}
	noTrace(t, diskFiles(t, coordinator), []byte(person.Name), []byte(person.Phone))
	merges, _ := coordinator.Merges(ctx, sess.ID)
	if len(merges) != 2 || merges[0].Undoable || merges[0].ExpiredAt == nil {
		t.Fatalf("merges %+v", merges)
	}
	if err := coordinator.UndoMerge(ctx, merges[0].ID); !errors.Is(err, store.ErrMergeExpired) {
		t.Fatalf("undo an expired import: %v", err)
	}
}
