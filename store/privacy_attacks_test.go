package store_test

// Attacks and office events on sealing, deletion and retention, found by a
// review that tried to break them. Each test fails when the weakness it
// names comes back.

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

func rawSQL(t *testing.T, s *store.Store, query string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

func liveFiles(s *store.Store) []string { return []string{s.Path(), s.Path() + "-wal"} }

// Weakness: deleting a whole session keeps every participant's name and phone
// (and photos, questions) in clear, in the database and after CleanBackups.
func TestPrivacyDeletedSessionKeepsPeople(t *testing.T) {
	s := mustOpen(t)
	sess, person := privacySession(t, s)
	if _, err := s.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	// "Sesi terhapus" can bring it back for UndoDays; then it is emptied.
	if _, err := s.Tidy(ctx); err != nil {
		t.Fatal(err)
	}
	if !hasTrace(t, liveFiles(s), []byte(person.Name)) {
		t.Fatal("a session deleted just now should still be restorable")
	}
	s.Now = func() time.Time { return time.Now().AddDate(0, 0, store.UndoDays+1) }
	if td, err := s.Tidy(ctx); err != nil || td.Erased != 1 {
		t.Fatalf("tidy %+v %v", td, err)
	}
	if err := s.UndeleteSession(ctx, sess.ID); !errors.Is(err, store.ErrContentGone) {
		t.Fatalf("undelete an erased session: %v", err)
	}
	if list, _ := s.DeletedSessions(ctx); len(list) != 0 {
		t.Fatalf("an erased session is offered for restore: %+v", list)
	}
	if _, err := s.CleanBackups(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	noTrace(t, diskFiles(t, s), []byte(person.Name), []byte(person.Phone))
}

// Weakness: a question saved in clear and then marked confidential is sealed in
// the table, but its clear page stays in the WAL and in the database file:
// UpdateQuestion does not checkpoint as deletions do.
func TestPrivacyMarkConfidentialLeavesWAL(t *testing.T) {
	s := mustOpen(t)
	sess, _ := privacySession(t, s)
	q, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Checkpoint(ctx) // an autocheckpoint or a deletion since: the clear page is in the file
	q.Confidential = true
	if _, err := s.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Orang Lain", Gender: "L"},
		store.AddParticipantOptions{}); err != nil {
		t.Fatal(err)
	}
	noTrace(t, liveFiles(s), []byte(tipText))
}

// Weakness: a deletion while another connection reads (the deferred quick_check,
// a report, a backup) cannot truncate the WAL; nothing retries, so the
// deleted name stays in the database file and the WAL after the reader is
// gone, for the rest of the run (and after a crash).
func TestPrivacyCheckpointBlockedByReader(t *testing.T) {
	s := mustOpen(t)
	sess, person := privacySession(t, s)
	_ = sess
	if err := s.Checkpoint(ctx); err != nil { // the name is in the db file now
		t.Fatal(err)
	}
	reader, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.Path())+"?mode=ro&_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	tx, err := reader.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM participants").Scan(&n); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.DeleteParticipant(ctx, person.ID); err != nil {
		t.Fatal(err)
	}
	t.Logf("delete took %v (busy_timeout waits)", time.Since(start))
	tx.Rollback()
	reader.Close()
	// The reader is gone; an ordinary edit follows.
	if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Orang Lain", Gender: "L"},
		store.AddParticipantOptions{}); err != nil {
		t.Fatal(err)
	}
	noTrace(t, liveFiles(s), []byte(person.Name), []byte(person.Phone))
}

// Weakness: the conflicts table keeps a participant's name and phone after the
// participant is deleted (tombstone merged) and after CleanBackups.
func TestPrivacyConflictKeepsDeletedParticipant(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	sess, person := privacySession(t, officer)
	exportTo(t, officer, coord, sess.ID, true)
	base, err := officer.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	forked := reencode(t, base)
	forked.Participants[0].Village = "Dusun Lain"
	src := store.MergeSource{LaptopID: base.Session.OriginLaptop, Officer: "X", Bundle: "forked.zip"}
	if sum, err := coord.MergeSession(ctx, forked, src); err != nil || sum.Conflicts != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	cs, _ := coord.Conflicts(ctx)
	if err := coord.ResolveConflict(ctx, cs[0].ID, false); err != nil {
		t.Fatal(err)
	}
	if err := officer.DeleteParticipant(ctx, person.ID); err != nil {
		t.Fatal(err)
	}
	exportTo(t, officer, coord, sess.ID, true)
	coord.Now = func() time.Time { return time.Now().AddDate(0, 0, store.UndoDays+1) }
	if _, err := coord.Tidy(ctx); err != nil { // the undo log expires
		t.Fatal(err)
	}
	if _, err := coord.CleanBackups(ctx); err != nil {
		t.Fatal(err)
	}
	if err := coord.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := coord.Participant(ctx, person.ID); got.Name != "" {
		t.Fatalf("not deleted: %+v", got)
	}
	t.Logf("name found in %v", whereIs(t, coord, person.Name))
	noTrace(t, diskFiles(t, coord), []byte(person.Name), []byte(person.Phone))
}

// Weakness: a session purged by retention at the coordinator gets every name
// and phone back into the conflicts table when a forwarded copy arrives.
func TestPrivacyForwardedCopyRefillsPurgedSession(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	old := validSession()
	old.Date = "2025-01-10"
	sess := mustCreate(t, officer, old)
	person, err := officer.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Baiq Purge Rahmawati",
		Gender: "P", Phone: "081355501234", Consent: true}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	exp, _ := officer.ExportSession(ctx, sess.ID, true)
	exp = reencode(t, exp)
	if _, err := coord.MergeSession(ctx, exp, store.MergeSource{LaptopID: exp.Session.OriginLaptop}); err != nil {
		t.Fatal(err)
	}
	if err := coord.SetRetentionMonths(ctx, 6); err != nil {
		t.Fatal(err)
	}
	if td, err := coord.Tidy(ctx); err != nil || td.Purged != 1 {
		t.Fatalf("%+v %v", td, err)
	}
	if err := coord.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	noTrace(t, liveFiles(coord), []byte(person.Name))
	// The same session, forwarded by a district coordinator.
	fwd := reencode(t, exp)
	sum, err := coord.MergeSession(ctx, fwd, store.MergeSource{LaptopID: "laptop-kabupaten", Officer: "Kab", Bundle: "fwd.zip"})
	t.Logf("forwarded: %+v %v", sum.TableCounts, err)
	if err := coord.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("name found in %v", whereIs(t, coord, person.Name))
	noTrace(t, liveFiles(coord), []byte(person.Name), []byte(person.Phone))
}

// Weakness: an undo log written before the coordinator's key (an older version,
// within UndoDays) holds the clear tip after Tidy sealed the table, and
// undoing that merge writes the clear tip back into questions, unsealed.
func TestPrivacyUndoRestoresClearTip(t *testing.T) {
	officer := mustOpenDir(t, store.TempDir(t)) // an older version: no key, clear tips
	coord := mustOpenDir(t, store.TempDir(t))
	sess, _ := privacySession(t, officer)
	qid := store.NewID()
	rawSQL(t, officer, `INSERT INTO questions (id, session_id, number, text, confidential, created_at, updated_at)
		VALUES (?, ?, 1, ?, 1, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`, qid, sess.ID, tipText)
	exportTo(t, officer, coord, sess.ID, true)
	rawSQL(t, officer, `UPDATE questions SET status = 'referred', referred_to = 'Unit PPA/PPO', version = 2,
		updated_at = '2026-02-02T00:00:00.000Z' WHERE id = ?`, qid)
	second := exportTo(t, officer, coord, sess.ID, true)
	// Now the upgrade: the coordinator opens the identity (AdoptIdentity).
	if _, err := coord.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{coordinator.Recipient().String()}}); err != nil {
		t.Fatal(err)
	}
	if td, err := coord.Tidy(ctx); err != nil || td.Sealed != 1 {
		t.Fatalf("%+v %v", td, err)
	}
	if err := coord.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if hasTrace(t, liveFiles(coord), []byte(tipText)) {
		t.Errorf("after Tidy sealed the tip the coordinator's database still holds it in clear: %v", whereIs(t, coord, tipText))
	}
	// The undo log held the tip in clear: it was dropped, so the import can
	// no longer be undone (an undo would have put the tip back in clear).
	if err := coord.UndoMerge(ctx, second.MergeID); !errors.Is(err, store.ErrMergeExpired) {
		t.Fatalf("undo of an import whose log held a clear tip: %v", err)
	}
	if q, _ := coord.Question(ctx, qid); !q.Sealed {
		t.Errorf("the tip is not sealed: %+v", q)
	}
	if n, _ := coord.ClearConfidential(ctx); n != 0 {
		t.Errorf("%d confidential questions in clear after the undo", n)
	}
}

// Weakness: a conflict whose incoming row is a clear confidential question (a
// forwarded copy from a laptop that had it in clear) keeps the clear tip
// in the conflicts table; taking it writes it in clear into questions.
func TestPrivacyConflictClearTip(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	sess, _ := privacySession(t, officer)
	q, err := officer.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Topic: store.TopicScams,
		Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	exportTo(t, officer, coord, sess.ID, true)
	// A district coordinator's older copy: the same question in clear,
	// one version ahead (they closed the follow-up).
	fwd, _ := officer.ExportSession(ctx, sess.ID, true)
	fwd = reencode(t, fwd)
	for i := range fwd.Questions {
		if fwd.Questions[i].ID == q.ID {
			fwd.Questions[i].Text = tipText
			fwd.Questions[i].SealedNotes = nil
			fwd.Questions[i].Version++
			fwd.Questions[i].Status = store.QuestionReferred
			fwd.Questions[i].ReferredTo = "Unit PPA/PPO"
		}
	}
	sum, err := coord.MergeSession(ctx, fwd, store.MergeSource{LaptopID: "laptop-kabupaten", Officer: "Kab", Bundle: "fwd.zip"})
	if err != nil || sum.Conflicts == 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	if err := coord.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if hasTrace(t, liveFiles(coord), []byte(tipText)) {
		t.Errorf("the database holds the tip in clear: %v", whereIs(t, coord, tipText))
	}
	cs, _ := coord.Conflicts(ctx)
	for _, c := range cs {
		if c.Table == "questions" {
			if err := coord.ResolveConflict(ctx, c.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, _ := coord.Question(ctx, q.ID); !got.Sealed {
		t.Errorf("taking the incoming row stored the tip in clear: %q", got.Text)
	}
}

// Weakness: CleanBackups misses rows that left the live database by a hard
// DELETE: an import undone (the session it brought is removed).
func TestPrivacyUndoneImportStaysInBackups(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	sess, person := privacySession(t, officer)
	sum := exportTo(t, officer, coord, sess.ID, true)
	if _, err := coord.Backup(ctx); err != nil { // the daily snapshot
		t.Fatal(err)
	}
	if err := coord.UndoMerge(ctx, sum.MergeID); err != nil { // wrong bundle: taken back
		t.Fatal(err)
	}
	if _, err := coord.CleanBackups(ctx); err != nil {
		t.Fatal(err)
	}
	if err := coord.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	noTrace(t, liveFiles(coord), []byte(person.Name))
	noTrace(t, diskFiles(t, coord), []byte(person.Name), []byte(person.Phone))
}

// whereIs lists the tables whose text holds s.
func whereIs(t *testing.T, st *store.Store, s string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(st.Path())+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for table, cols := range map[string][]string{"conflicts": {"local", "incoming"}, "merge_rows": {"before"},
		"participants": {"name"}, "questions": {"text", "officer_followup"}, "pending_bundles": {"file"}} {
		for _, c := range cols {
			var n int
			if err := db.QueryRow("SELECT count(*) FROM "+table+" WHERE instr(CAST("+c+" AS BLOB), CAST(? AS BLOB)) > 0", s).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				out = append(out, table+"."+c)
			}
		}
	}
	return out
}

// B10 (expected to hold): a participant renamed many times among many
// rows (page splits, overflow), then deleted: none of the earlier names
// is left in the file or the WAL.
func TestPrivacyEditsThenDeleteFreelist(t *testing.T) {
	s := mustOpen(t)
	sess, _ := privacySession(t, s)
	for i := 0; i < 300; i++ {
		if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Pengisi " + string(rune('A'+i%26)) + string(rune('a'+i/26)),
			Gender: "L", Village: strings.Repeat("Dusun Panjang ", 5)}, store.AddParticipantOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Lalu Versi 0 Hamdani", Gender: "L",
		Phone: "081299887700", Consent: true}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var secrets [][]byte
	for i := 1; i <= 40; i++ {
		p.Name = fmt.Sprintf("Lalu Versi %d Hamdani", i)
		p.Phone = fmt.Sprintf("0812998877%02d", i)
		p.Village = strings.Repeat(fmt.Sprintf("Kampung%02d ", i), 10)
		secrets = append(secrets, []byte(p.Name), []byte(fmt.Sprintf("Kampung%02d Kampung%02d", i, i)))
		if p, err = s.UpdateParticipant(ctx, p, store.AddParticipantOptions{}); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			s.Checkpoint(ctx)
		}
	}
	if err := s.DeleteParticipant(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	noTrace(t, liveFiles(s), secrets...)
}

// Weakness: a confidential question the form accepts (text 2000 and answer 4000
// characters) seals to more than MaxSealedValue; the officer's laptop saves
// and exports it, and the coordinator refuses the whole bundle.
func TestPrivacyLongTipRefusedAtCoordinator(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	sess, _ := privacySession(t, officer)
	text := strings.Repeat("ᬅ", 2000)   // Balinese script, 3 bytes a character
	answer := strings.Repeat("ᬅ", 4000) // the form allows 4000
	q, err := officer.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: text, Answer: answer, Confidential: true})
	if err != nil {
		t.Fatalf("the form refused it: %v", err)
	}
	exp, err := officer.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	exp = reencode(t, exp)
	for _, r := range exp.Questions {
		if r.ID == q.ID {
			t.Logf("sealed text: %d bytes (limit %d)", len(r.Text), store.MaxSealedValue)
		}
	}
	if _, err := coord.MergeSession(ctx, exp, store.MergeSource{LaptopID: exp.Session.OriginLaptop}); err != nil {
		t.Fatalf("the coordinator refuses the session: %v", err)
	}
}

// B12 (expected to hold): Validate refuses the hostile shapes of a sealed
// question.
func TestPrivacyHostileSealedShapes(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	sess, asker := privacySession(t, officer)
	q, err := officer.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := officer.AddSealedNote(ctx, q.ID, tipNote); err != nil {
		t.Fatal(err)
	}
	base, _ := officer.ExportSession(ctx, sess.ID, true)
	base = reencode(t, base)
	sealed := base.Questions[0].Text
	askerID := asker.ID
	for name, edit := range map[string]func(r *store.QuestionRow){
		"not confidential":   func(r *store.QuestionRow) { r.Confidential = false },
		"asker":              func(r *store.QuestionRow) { r.AskedBy = &askerID },
		"answer":             func(r *store.QuestionRow) { r.Answer = "jawaban" },
		"clear closing note": func(r *store.QuestionRow) { r.ClosedNote = "catatan" },
		"clear note":         func(r *store.QuestionRow) { r.SealedNotes[0].Note = "catatan" },
		"too many notes": func(r *store.QuestionRow) {
			for len(r.SealedNotes) <= store.MaxSealedNotes {
				r.SealedNotes = append(r.SealedNotes, r.SealedNotes[0])
			}
		},
		"huge note":        func(r *store.QuestionRow) { r.SealedNotes[0].Note = sealed + strings.Repeat("A", store.MaxSealedValue) },
		"notes on clear":   func(r *store.QuestionRow) { r.Text = "teks biasa" },
		"bad note time":    func(r *store.QuestionRow) { r.SealedNotes[0].At = "kemarin" },
		"huge sealed text": func(r *store.QuestionRow) { r.Text = sealed + strings.Repeat("A", store.MaxSealedValue) },
	} {
		exp := reencode(t, base)
		edit(&exp.Questions[0])
		if _, err := coord.MergeSession(ctx, exp, store.MergeSource{LaptopID: exp.Session.OriginLaptop}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Garbage after the armor header passes (IsSealed is a prefix test).
	exp := reencode(t, base)
	exp.Questions[0].Text = "-----BEGIN AGE ENCRYPTED FILE-----\nbukan pesan age\n-----END AGE ENCRYPTED FILE-----\n"
	if _, err := coord.MergeSession(ctx, exp, store.MergeSource{LaptopID: exp.Session.OriginLaptop}); err == nil {
		t.Logf("garbage sealed text accepted")
	}
}

// Weakness: the API on a sealed question.
func TestPrivacySealedAPI(t *testing.T) {
	s, coord := mustOpen(t), mustOpen(t)
	sess, asker := privacySession(t, s)
	other, _ := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Lain", Gender: "L"}, store.AddParticipantOptions{})
	q, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, AskedBy: asker.ID, Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	edit := q
	edit.Text, edit.AskedBy, edit.Answer, edit.Confidential = "teks baru", other.ID, "jawaban baru", false
	got, err := s.UpdateQuestion(ctx, edit)
	t.Logf("edit of a sealed question: err=%v sealed=%v confidential=%v text=%q", err, got.Sealed, got.Confidential, got.Text)
	u, err := s.Unseal(ctx, q.ID, []age.Identity{coordinator})
	if err != nil || u.Text != tipText || u.AskedBy != asker.ID || u.Answer != "" {
		t.Errorf("the sealed content changed: %+v %v", u, err)
	}
	// A sealed question imported elsewhere: notes only on the origin laptop.
	exportTo(t, s, coord, sess.ID, true)
	if _, err := coord.AddSealedNote(ctx, q.ID, "catatan koordinator"); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("a note on an imported sealed question: %v", err)
	}
	// Sealed: true lets a question without text through Clean.
	empty, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Sealed: true})
	if err == nil {
		got, _ := s.Question(ctx, empty.ID)
		t.Errorf("a question with no text was saved by setting Sealed: %+v", got)
	}
}

func bigNoiseJPEG(t *testing.T, seed uint64) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Weakness: a merge that seals a clear tip (an older app's encrypted bundle)
// with photos large enough to spill SQLite's page cache writes the clear
// page to the WAL before keepPrivate seals it; nothing checkpoints after a
// merge, so the WAL keeps the tip.
func TestPrivacyMergeSpillsClearTipToWAL(t *testing.T) {
	officer := mustOpenDir(t, store.TempDir(t)) // older app: no key
	coord := mustOpen(t)
	sess, _ := privacySession(t, officer)
	rawSQL(t, officer, `INSERT INTO questions (id, session_id, number, text, confidential, created_at, updated_at)
		VALUES (?, ?, 1, ?, 1, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`, store.NewID(), sess.ID, tipText)
	for i := range 4 {
		if _, err := officer.AddPhoto(ctx, sess.ID, "", bytes.NewReader(bigNoiseJPEG(t, uint64(i)))); err != nil {
			t.Fatal(err)
		}
	}
	exportTo(t, officer, coord, sess.ID, true)
	if n, _ := coord.ClearConfidential(ctx); n != 0 {
		t.Fatalf("%d in clear", n)
	}
	noTrace(t, liveFiles(coord), []byte(tipText))
}

// Weakness: the coordinator closed the follow-up of a tip that came in clear
// (older app) and was sealed here; the same old bundle imported again
// updates the row every time (version climbs, undo log grows).
func TestPrivacyReimportOwnedFollowUpChurns(t *testing.T) {
	officer := mustOpenDir(t, store.TempDir(t)) // older app: no key
	coord := mustOpen(t)
	sess, _ := privacySession(t, officer)
	qid := store.NewID()
	rawSQL(t, officer, `INSERT INTO questions (id, session_id, number, text, confidential, status, closed_on, closed_note,
		created_at, updated_at) VALUES (?, ?, 1, ?, 1, 'follow_up', '2026-02-03', 'ditutup petugas',
		'2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`, qid, sess.ID, tipText)
	exportTo(t, officer, coord, sess.ID, true)
	if _, err := coord.CloseFollowUp(ctx, qid, "2026-02-05", "ditutup koordinator"); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		sum := exportTo(t, officer, coord, sess.ID, true)
		q, _ := coord.Question(ctx, qid)
		t.Logf("re-import %d: updated %d unchanged %d conflicts %d, version %d", i, sum.Updated, sum.Unchanged, sum.Conflicts, q.Version)
		if i > 0 && sum.Changed() {
			t.Errorf("re-import %d of the same bundle changed the database", i)
		}
	}
}

// Weakness: a snapshot taken before the key was set, cleaned after it was set,
// restored: the coordinator key (and the retention setting) are gone, so
// confidential questions are refused again and bundles go out unencrypted.
func TestPrivacyRestoreLosesKey(t *testing.T) {
	dir := store.TempDir(t)
	s := mustOpenDir(t, dir)
	sess, _ := privacySession(t, s)
	if _, err := s.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{coordinator.Recipient().String()}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRetentionMonths(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CleanBackups(ctx); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Backups()
	if _, err := s.Restore(ctx, list[len(list)-1].Path); err != nil {
		t.Fatal(err)
	}
	keys, _ := s.SyncSettings(ctx)
	months, _ := s.RetentionMonths(ctx)
	if len(keys.Recipients) == 0 || months != 12 {
		t.Errorf("after the restore: keys %v, retention %d", keys.Recipients, months)
	}
	if _, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Confidential: true}); err != nil {
		t.Errorf("a tip is refused after the restore: %v", err)
	}
}

// Weakness: no laptop can unseal a question (UpdateQuestion refuses), so a
// bundle whose next version of a sealed question is clear and not
// confidential is forged or broken; the coordinator takes it silently and
// the tip is gone (after UndoDays even from the undo log).
func TestPrivacyBundleUnsealsTip(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	sess, _ := privacySession(t, officer)
	q, err := officer.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: tipText, Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	exportTo(t, officer, coord, sess.ID, true)
	exp, _ := officer.ExportSession(ctx, sess.ID, true)
	exp = reencode(t, exp)
	exp.Questions[0].Text, exp.Questions[0].Confidential, exp.Questions[0].SealedNotes = "Kapan pendaftaran dibuka?", false, nil
	exp.Questions[0].Version++
	sum, err := coord.MergeSession(ctx, exp, store.MergeSource{LaptopID: exp.Session.OriginLaptop})
	if err == nil && sum.Updated > 0 {
		if _, err := coord.Unseal(ctx, q.ID, []age.Identity{coordinator}); err != nil {
			t.Errorf("a bundle unsealed (replaced) a tip without a conflict or hold: %v", err)
		}
	}
}

// Weakness: a backup interrupted (power cut, kill) leaves penyuluh-….db.part, a
// whole copy of the database; no later Backup, prune, CleanBackups or
// deletion ever removes or cleans it.
func TestPrivacyInterruptedBackupPartStays(t *testing.T) {
	s := mustOpen(t)
	sess, person := privacySession(t, s)
	_ = sess
	snap, err := s.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// What VACUUM INTO leaves when the process dies before the rename.
	part := filepath.Join(s.BackupDir(), "penyuluh-20260101-000000.db.part")
	data, _ := os.ReadFile(snap)
	if err := os.WriteFile(part, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteParticipant(ctx, person.ID); err != nil {
		t.Fatal(err)
	}
	for range store.KeepBackups + 1 {
		if _, err := s.Backup(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CleanBackups(ctx); err != nil {
		t.Fatal(err)
	}
	noTrace(t, diskFiles(t, s), []byte(person.Name), []byte(person.Phone))
}

// Weakness: retention purged an imported session; undoing the latest import of
// it (still within UndoDays) writes the names and phones back, and the
// session stays marked purged.
func TestPrivacyUndoRefillsPurgedSession(t *testing.T) {
	officer, coord := mustOpen(t), mustOpen(t)
	old := validSession()
	old.Date = "2025-01-10"
	sess := mustCreate(t, officer, old)
	person, err := officer.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Baiq Purge Rahmawati",
		Gender: "P", Phone: "081355501234", Consent: true}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	exportTo(t, officer, coord, sess.ID, true)
	person.Village = "Dusun Baru"
	if _, err := officer.UpdateParticipant(ctx, person, store.AddParticipantOptions{}); err != nil {
		t.Fatal(err)
	}
	second := exportTo(t, officer, coord, sess.ID, true)
	if err := coord.SetRetentionMonths(ctx, 6); err != nil {
		t.Fatal(err)
	}
	if td, err := coord.Tidy(ctx); err != nil || td.Purged != 1 {
		t.Fatalf("%+v %v", td, err)
	}
	if err := coord.UndoMerge(ctx, second.MergeID); err != nil {
		t.Logf("undo refused: %v", err)
	}
	if got, _ := coord.Participant(ctx, person.ID); got.Name != "" || got.Phone != "" {
		t.Errorf("the purged session has its names back: %q %q", got.Name, got.Phone)
	}
}
