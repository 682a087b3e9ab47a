package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// The cases of issue 12, each as it was reproduced against the old
// importer: forged bundles, restores, two officers, what plain bundles
// carry, and small files that become huge databases.

// send exports a session from one laptop and imports it on another.
func send(t testing.TB, from, to *store.Store, id string, recipients ...string) ImportResult {
	t.Helper()
	res := exportBundle(t, from, id, recipients...)
	return ImportFile(ctx, to, res.Path, ImportOptions{Identities: testIdentities(t)})
}

// officerNamed opens a laptop whose officer is name.
func officerNamed(t testing.TB, name string) *store.Store {
	t.Helper()
	s := openStore(t)
	settings, _ := s.Settings(ctx)
	settings.OfficerName = name
	if _, err := s.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	return s
}

// tamper rewrites a plain bundle's session.json (and the manifest, whose
// hashes it recomputes) and signs it with signer's key: what anyone with
// a bundle and a laptop of their own can do.
func tamper(t testing.TB, bundle []byte, signer *store.Store, editData func(*store.SessionExport), editManifest func(*Manifest)) []byte {
	t.Helper()
	entries := bundleEntries(t, bundle)
	for i, e := range entries {
		if e.name == SessionName && editData != nil {
			var exp store.SessionExport
			if err := json.Unmarshal(e.data, &exp); err != nil {
				t.Fatal(err)
			}
			editData(&exp)
			entries[i].data, _ = json.Marshal(exp)
		}
		if e.name == ManifestName && signer != nil {
			var m Manifest
			json.Unmarshal(e.data, &m)
			k, _ := ThisLaptop(ctx, signer)
			m.Signer = k.PublicKey
			entries[i].data, _ = json.Marshal(m)
		}
	}
	return makeZip(t, withManifest(t, entries, editManifest))
}

// keepSignature puts the original bundle's signature back on a changed one.
func keepSignature(t testing.TB, changed, original []byte) []byte {
	t.Helper()
	var sig []byte
	for _, e := range bundleEntries(t, original) {
		if e.name == SignatureName {
			sig = e.data
		}
	}
	entries := bundleEntries(t, changed)
	for i := range entries {
		if entries[i].name == SignatureName {
			entries[i].data = sig
		}
	}
	return makeZip(t, entries)
}

func importBytes(t testing.TB, s *store.Store, data []byte) ImportResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bundle.zip")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return ImportFile(ctx, s, path, ImportOptions{Identities: testIdentities(t)})
}

// Case 1: nobody but the session's own laptop changes it.
func TestForgedBundlesCannotRewriteASession(t *testing.T) {
	officer, coordinator, other := officerNamed(t, "Budi"), officerNamed(t, "Koordinator"), officerNamed(t, "Mallory")
	enrol(t, coordinator, officer)
	sess := demoSession(t, officer, 6, 41)
	if r := send(t, officer, coordinator, sess.ID); !r.Merged() {
		t.Fatalf("the officer's own bundle: %+v %v", r, r.Err)
	}
	before := dumpAll(t, coordinator)
	plain, _ := os.ReadFile(exportBundle(t, officer, sess.ID).Path)
	officerKey, _ := ThisLaptop(ctx, officer)
	otherKey, _ := ThisLaptop(ctx, other)
	destroy := func(exp *store.SessionExport) {
		now := "2026-03-01T00:00:00Z"
		exp.Session.Version, exp.Session.DeletedAt = 99, &now
		exp.Participants[0].Name, exp.Participants[0].Version = "Nama Palsu", 99
	}
	cases := []struct {
		name   string
		bundle []byte
		reason string // a Reason, or a Hold when held
	}{
		{"changed and not signed again", keepSignature(t, tamper(t, plain, nil, destroy, nil), plain), ReasonBadSignature},
		{"signed by a stranger's key", tamper(t, plain, other, destroy, func(m *Manifest) {
			m.LaptopID, m.Officer = otherKey.LaptopID, "Mallory"
		}), store.HoldUnknownKey},
		{"the officer's key, another laptop named", tamper(t, plain, nil, nil, func(m *Manifest) {
			m.LaptopID = otherKey.LaptopID
		}), ReasonSignerMismatch},
		{"the officer's key, another officer named", tamper(t, plain, nil, nil, func(m *Manifest) {
			m.Officer = "Kapolda"
		}), store.HoldOfficerRenamed},
		{"a stranger's key claiming the officer's laptop", tamper(t, plain, other, destroy, func(m *Manifest) {
			m.LaptopID = officerKey.LaptopID
		}), store.HoldUnknownKey},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := importBytes(t, coordinator, c.bundle)
			if got := r.Reason + r.Held; got != c.reason || r.Merged() {
				t.Fatalf("got %q (%v), want %q", got, r.Err, c.reason)
			}
		})
	}
	// The stranger is enrolled later (say, a real officer turned hostile):
	// a bundle naming their own laptop is a forwarded one, and its changes
	// to the officer's session are only conflicts.
	if _, err := Refuse(ctx, coordinator, otherKey.Fingerprint); err != nil {
		t.Fatal(err)
	}
	r := importBytes(t, coordinator, tamper(t, plain, other, destroy, func(m *Manifest) { m.LaptopID, m.Officer = otherKey.LaptopID, "Mallory" }))
	if r.Reason != ReasonRefusedKey {
		t.Fatalf("a refused key: %+v", r)
	}
	// A key that claims the officer's laptop cannot be enrolled under
	// another name: it could change the officer's sessions.
	claim := store.OfficerKey{PublicKey: otherKey.PublicKey, Fingerprint: otherKey.Fingerprint, LaptopID: officerKey.LaptopID}
	if _, err := Enrol(ctx, coordinator, claim, "Mallory", ImportOptions{}); !errors.Is(err, ErrLaptopTaken) {
		t.Fatalf("enrolled a key for the officer's laptop under another name: %v", err)
	}
	enrol(t, coordinator, other)
	r = importBytes(t, coordinator, tamper(t, plain, other, destroy, func(m *Manifest) { m.LaptopID, m.Officer = otherKey.LaptopID, "Mallory" }))
	if !r.Merged() || !r.Forwarded || r.Summary.Changed() || r.Summary.Conflicts != 2 {
		t.Fatalf("a forwarded rewrite: %+v %v", r.Summary, r.Err)
	}
	got, err := coordinator.Session(ctx, sess.ID)
	if err != nil || got.DeletedAt != nil {
		t.Fatalf("the session was deleted by a forwarded bundle: %v", err)
	}
	people, _ := coordinator.Participants(ctx, sess.ID)
	for _, p := range people {
		if p.Name == "Nama Palsu" {
			t.Fatal("a forwarded bundle renamed a participant")
		}
	}
	conflicts, _ := coordinator.Conflicts(ctx)
	if len(conflicts) != 2 || !strings.Contains(conflicts[0].Source, "Mallory") {
		t.Fatalf("conflicts %+v", conflicts)
	}
	// The officer's next real bundle still wins: no version was raised.
	list, _ := officer.Participants(ctx, sess.ID)
	list[0].Village = "Dusun Baru"
	if _, err := officer.UpdateParticipant(ctx, list[0], store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
		t.Fatal(err)
	}
	if r := send(t, officer, coordinator, sess.ID); !r.Merged() || r.Summary.Updated != 1 {
		t.Fatalf("the officer's correction: %+v %v", r.Summary, r.Err)
	}
	_ = before
}

// Case 1: a bundle from a key nobody enrolled waits in the list; enrolling
// merges it, refusing drops it and rejects the key's later bundles.
func TestUnknownKeyIsHeldUntilEnrolledOrRefused(t *testing.T) {
	officer, coordinator := officerNamed(t, "Siti Aminah"), officerNamed(t, "Koordinator")
	sess := demoSession(t, officer, 4, 42)
	r := send(t, officer, coordinator, sess.ID)
	if r.Held != store.HoldUnknownKey || r.PendingID == "" || r.Merged() || !r.OK() {
		t.Fatalf("not held: %+v %v", r, r.Err)
	}
	if _, err := coordinator.Session(ctx, sess.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a held bundle was merged")
	}
	sess.Notes = "Diubah"
	if _, err := officer.UpdateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	again := send(t, officer, coordinator, sess.ID)
	pending, _ := coordinator.PendingBundles(ctx)
	if again.Held == "" || len(pending) != 2 {
		t.Fatalf("%d held", len(pending))
	}
	if _, err := Accept(ctx, coordinator, r.PendingID, "Siti Aminah, S.H.", ImportOptions{}); !errors.Is(err, ErrNameMismatch) {
		t.Fatalf("enrolled under a name the bundles do not use: %v", err)
	}
	if keys, _ := coordinator.OfficerKeys(ctx); len(keys) != 0 {
		t.Fatal("a refused enrolment saved the key")
	}
	results, err := Accept(ctx, coordinator, r.PendingID, "", ImportOptions{Identities: testIdentities(t)})
	if err != nil || len(results) != 2 || !results[0].Merged() {
		t.Fatalf("accept: %+v %v", results, err)
	}
	if k, _ := ThisLaptop(ctx, officer); !strings.Contains(k.Text, k.LaptopID) {
		t.Fatal("the key text does not name its laptop")
	}
	keys, _ := coordinator.OfficerKeys(ctx)
	if len(keys) != 1 || keys[0].Name != "Siti Aminah" || keys[0].Status != store.KeyEnrolled {
		t.Fatalf("keys %+v", keys)
	}
	if pending, _ := coordinator.PendingBundles(ctx); len(pending) != 0 {
		t.Fatalf("%d still held", len(pending))
	}

	stranger := officerNamed(t, "Tidak Dikenal")
	s2 := demoSession(t, stranger, 3, 43)
	held := send(t, stranger, coordinator, s2.ID)
	if n, err := Refuse(ctx, coordinator, held.PendingID); err != nil || n != 1 {
		t.Fatalf("refuse: %d %v", n, err)
	}
	if r := send(t, stranger, coordinator, s2.ID); r.Reason != ReasonRefusedKey {
		t.Fatalf("after refusal: %+v", r)
	}
	if _, err := coordinator.Session(ctx, s2.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("a refused key's session arrived")
	}
}

// A promotion changes the rank in an officer's name: the bundle waits, and
// accepting it renames the enrolled key.
func TestRenamedOfficerIsHeldThenRenamed(t *testing.T) {
	officer, coordinator := officerNamed(t, "Bripka Made Sudarsana"), officerNamed(t, "Koordinator")
	enrol(t, coordinator, officer)
	settings, _ := officer.Settings(ctx)
	settings.OfficerName = "Aipda Made Sudarsana"
	officer.SaveSettings(ctx, settings)
	sess := demoSession(t, officer, 3, 49)
	r := send(t, officer, coordinator, sess.ID)
	if r.Held != store.HoldOfficerRenamed {
		t.Fatalf("a renamed officer: %+v %v", r, r.Err)
	}
	results, err := Accept(ctx, coordinator, r.PendingID, "", ImportOptions{})
	if err != nil || len(results) != 1 || !results[0].Merged() || results[0].Officer != "Aipda Made Sudarsana" {
		t.Fatalf("accept: %+v %v", results, err)
	}
	keys, _ := coordinator.OfficerKeys(ctx)
	if len(keys) != 1 || keys[0].Name != "Aipda Made Sudarsana" {
		t.Fatalf("keys %+v", keys)
	}
}

// Case 1: a deletion of a whole session and a version jump wait for the
// coordinator; any merge can be undone; an imported session's deletion
// can be undone here.
func TestDeletionsAndVersionJumpsWaitAndMergesUndo(t *testing.T) {
	officer, coordinator := officerNamed(t, "Budi"), officerNamed(t, "Koordinator")
	enrol(t, coordinator, officer)
	sess := demoSession(t, officer, 5, 44)
	first := send(t, officer, coordinator, sess.ID)
	if !first.Merged() {
		t.Fatal(first.Err)
	}
	afterFirst := dumpSession(t, coordinator, sess.ID, nil)

	plain, _ := os.ReadFile(exportBundle(t, officer, sess.ID).Path)
	jump := tamper(t, plain, nil, func(exp *store.SessionExport) {
		exp.Participants[0].Name, exp.Participants[0].Version = "Nama Baru", exp.Participants[0].Version+store.MaxVersionJump+1
	}, nil)
	r := importBytes(t, coordinator, jump)
	if r.Held != store.HoldVersionJump {
		t.Fatalf("a version jump was not held: %+v", r)
	}
	sameTables(t, dumpSession(t, coordinator, sess.ID, nil), afterFirst)
	applied, err := Accept(ctx, coordinator, r.PendingID, "", ImportOptions{})
	if err != nil || len(applied) != 1 || !applied[0].Merged() || applied[0].Summary.Updated != 1 {
		t.Fatalf("apply: %+v %v", applied, err)
	}
	merges, _ := coordinator.Merges(ctx, sess.ID)
	if len(merges) != 2 || !merges[0].Undoable || merges[1].Undoable {
		t.Fatalf("merges %+v", merges)
	}
	if err := coordinator.UndoMerge(ctx, merges[1].ID); !errors.Is(err, store.ErrStaleMerge) {
		t.Fatalf("undid an older merge: %v", err)
	}
	if err := coordinator.UndoMerge(ctx, merges[0].ID); err != nil {
		t.Fatal(err)
	}
	sameTables(t, dumpSession(t, coordinator, sess.ID, nil), afterFirst)

	if err := officer.DeleteSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	del := send(t, officer, coordinator, sess.ID)
	if del.Held != store.HoldDeletesSession {
		t.Fatalf("a whole session's deletion was not held: %+v", del)
	}
	if _, err := coordinator.Session(ctx, sess.ID); err != nil {
		t.Fatal("the held deletion took effect")
	}
	if _, err := Accept(ctx, coordinator, del.PendingID, "", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := coordinator.Session(ctx, sess.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("accepted deletion: %v", err)
	}
	if gone, _ := coordinator.DeletedSessions(ctx); len(gone) != 1 || gone[0].ID != sess.ID {
		t.Fatalf("deleted sessions %+v", gone)
	}
	if err := coordinator.UndeleteSession(ctx, sess.ID); err != nil {
		t.Fatalf("undelete an imported session: %v", err)
	}
	// The first merge brought the session; undone in order, it is gone.
	for {
		merges, _ := coordinator.Merges(ctx, sess.ID)
		if len(merges) == 0 || !merges[0].Undoable {
			break
		}
		if err := coordinator.UndoMerge(ctx, merges[0].ID); err != nil {
			if errors.Is(err, store.ErrStaleMerge) {
				break // the undelete above changed the session since
			}
			t.Fatal(err)
		}
	}
}

// Case 2: after a restore on the officer's laptop, the next bundle makes
// the coordinator's copy equal to the officer's, and every later bundle
// merges.
func TestRestoreOnTheOfficersLaptopThenSync(t *testing.T) {
	officer, coordinator := officerNamed(t, "Budi"), officerNamed(t, "Koordinator")
	enrol(t, coordinator, officer)
	sess := demoSession(t, officer, 5, 45)
	if r := send(t, officer, coordinator, sess.ID); !r.Merged() {
		t.Fatal(r.Err)
	}
	backup, err := officer.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	people, _ := officer.Participants(ctx, sess.ID)
	rename := func(p store.Participant, name string) {
		t.Helper()
		p.Name = name
		if _, err := officer.UpdateParticipant(ctx, p, store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
			t.Fatal(err)
		}
	}
	rename(people[0], "Nama Satu")
	p0, _ := officer.Participant(ctx, people[0].ID)
	rename(p0, "Nama Dua")
	if _, err := officer.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Sebelum Pulih", Gender: "L"}, store.AddParticipantOptions{}); err != nil {
		t.Fatal(err)
	}
	oldBundle := exportBundle(t, officer, sess.ID)
	if r := ImportFile(ctx, coordinator, oldBundle.Path, ImportOptions{}); !r.Merged() {
		t.Fatal(r.Err)
	}

	if _, err := officer.Restore(ctx, backup); err != nil {
		t.Fatal(err)
	}
	people, _ = officer.Participants(ctx, sess.ID)
	rename(people[0], "Nama Setelah Pulih")
	added, err := officer.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Sesudah Pulih", Gender: "P"}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := officer.DeleteAnswers(ctx, people[1].ID, store.PhasePre); err != nil {
		t.Fatal(err)
	}
	items, _ := officer.QuizItems(ctx, sess.ID)
	choices := make([]int, 0)
	for _, it := range items {
		if it.Phase != store.PhasePost {
			choices = append(choices, 0)
		}
	}
	if _, err := officer.SaveAnswers(ctx, added.ID, store.PhasePre, choices); err != nil {
		t.Fatal(err)
	}
	if _, err := officer.SaveAnswers(ctx, people[1].ID, store.PhasePre, choices); err != nil {
		t.Fatal(err)
	}
	r := send(t, officer, coordinator, sess.ID)
	if !r.Merged() || !r.Summary.Replaced || r.Summary.Removed == 0 {
		t.Fatalf("after the restore: %+v %v", r.Summary, r.Err)
	}
	live := func(table string, row map[string]any) bool {
		return row["deleted_at"] == nil && row["confidential"] != int64(1) // a plain bundle leaves confidential ones out
	}
	sameTables(t, dumpSession(t, coordinator, sess.ID, live), dumpSession(t, officer, sess.ID, live))
	got, _ := coordinator.Participant(ctx, people[0].ID)
	if got.Name != "Nama Setelah Pulih" {
		t.Fatalf("the rename after the restore was lost: %q", got.Name)
	}

	// The bundle from before the restore, imported late, changes nothing.
	if late := ImportFile(ctx, coordinator, oldBundle.Path, ImportOptions{}); !late.Merged() || !late.Summary.Superseded || late.Summary.Changed() {
		t.Fatalf("a bundle from before the restore: %+v %v", late.Summary, late.Err)
	}
	// Later edits merge as usual, and so does re-entering a pre-test.
	if err := officer.DeleteAnswers(ctx, people[2].ID, store.PhasePre); err != nil {
		t.Fatal(err)
	}
	if _, err := officer.SaveAnswers(ctx, people[2].ID, store.PhasePre, choices); err != nil {
		t.Fatal(err)
	}
	if r := send(t, officer, coordinator, sess.ID); !r.Merged() || r.Summary.Replaced || r.Summary.Updated == 0 {
		t.Fatalf("the next bundle: %+v %v", r.Summary, r.Err)
	}
	sameTables(t, dumpSession(t, coordinator, sess.ID, live), dumpSession(t, officer, sess.ID, live))
}

// Case 3: two officers on one session. A forwarded bundle names the
// officer who forwarded it, its changes are conflicts the coordinator can
// see and decide, and an officer's closing note is kept beside the
// coordinator's.
func TestTwoOfficersOnOneSession(t *testing.T) {
	budi, siti, coordinator := officerNamed(t, "Budi"), officerNamed(t, "Siti"), officerNamed(t, "Koordinator")
	enrol(t, coordinator, budi)
	enrol(t, coordinator, siti)
	enrol(t, siti, budi)
	sess := demoSession(t, budi, 4, 46)
	if r := send(t, budi, siti, sess.ID); !r.Merged() {
		t.Fatal(r.Err)
	}
	fwd := send(t, siti, coordinator, sess.ID)
	if !fwd.Merged() || !fwd.Forwarded || fwd.Officer != "Siti" || !fwd.Summary.NewSession {
		t.Fatalf("forwarded: %+v %v", fwd, fwd.Err)
	}
	if o, _ := coordinator.SessionOrigin(ctx, sess.ID); o.ForwardedBy != "Siti" {
		t.Fatalf("origin %+v", o)
	}
	// Budi corrects a question; Siti gets it and forwards it first.
	var questions []store.Question
	all, _ := budi.Questions(ctx, sess.ID)
	for _, q := range all {
		if !q.Confidential {
			questions = append(questions, q)
		}
	}
	q := questions[0]
	q.Answer = "Jawaban yang diperbaiki"
	if _, err := budi.UpdateQuestion(ctx, q); err != nil {
		t.Fatal(err)
	}
	send(t, budi, siti, sess.ID)
	fwd = send(t, siti, coordinator, sess.ID)
	if !fwd.Merged() || fwd.Summary.Conflicts != 1 || fwd.Summary.Changed() {
		t.Fatalf("forwarded correction: %+v %v", fwd.Summary, fwd.Err)
	}
	conflicts, _ := coordinator.Conflicts(ctx)
	if len(conflicts) != 1 || !slicesContain(conflicts[0].Fields, "answer") || !strings.Contains(conflicts[0].Source, "Siti") {
		t.Fatalf("conflicts %+v", conflicts)
	}
	counts, _ := coordinator.ConflictCounts(ctx)
	if counts[sess.ID] != 1 {
		t.Fatalf("counts %v", counts)
	}
	if err := coordinator.ResolveConflict(ctx, conflicts[0].ID, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := coordinator.Question(ctx, q.ID); got.Answer != q.Answer {
		t.Fatalf("answer %q", got.Answer)
	}
	// Budi's own bundle then agrees.
	if r := send(t, budi, coordinator, sess.ID); !r.Merged() || r.Summary.Conflicts != 0 {
		t.Fatalf("the officer's own: %+v %v", r.Summary, r.Err)
	}

	// Both close a follow-up, differently.
	q2 := questions[len(questions)-1]
	q2.Status = store.QuestionFollowUp
	q2, _ = budi.UpdateQuestion(ctx, q2)
	send(t, budi, coordinator, sess.ID)
	if _, err := coordinator.CloseFollowUp(ctx, q2.ID, "2026-03-02", "Diteruskan ke Unit PPA"); err != nil {
		t.Fatal(err)
	}
	if _, err := budi.CloseFollowUp(ctx, q2.ID, "2026-03-03", "LP/B/123/III/2026"); err != nil {
		t.Fatal(err)
	}
	send(t, budi, coordinator, sess.ID)
	got, _ := coordinator.Question(ctx, q2.ID)
	if got.ClosedNote != "Diteruskan ke Unit PPA" || got.OfficerFollowUp == nil || got.OfficerFollowUp.ClosedNote != "LP/B/123/III/2026" {
		t.Fatalf("follow-up %q, officer's %+v", got.ClosedNote, got.OfficerFollowUp)
	}
}

func slicesContain(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Case 4: a plain bundle carries no deleted person, photo or protected
// asker; an encrypted one carries the asker.
func TestPlainBundlesCarryNoDeletedOrProtectedData(t *testing.T) {
	officer := officerNamed(t, "Budi")
	sess := demoSession(t, officer, 6, 47)
	people, _ := officer.Participants(ctx, sess.ID)
	gone := people[0]
	gone.Phone, gone.Consent = "081234567890", true
	gone, err := officer.UpdateParticipant(ctx, gone, store.AddParticipantOptions{AllowDuplicate: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := officer.DeleteParticipant(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	photo, err := officer.AddPhoto(ctx, sess.ID, "Foto terhapus", bytes.NewReader(testJPEG(t)))
	if err != nil {
		t.Fatal(err)
	}
	if err := officer.DeletePhoto(ctx, photo.ID); err != nil {
		t.Fatal(err)
	}
	urgent, err := officer.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Ada calo di dusun kami", AskedBy: people[1].ID,
		Topic: store.Topics[0], Urgent: true, Status: store.QuestionFollowUp})
	if err != nil {
		t.Fatal(err)
	}
	inflate := func(bundle []byte) string {
		var all bytes.Buffer
		for _, e := range bundleEntries(t, bundle) {
			all.Write(e.data)
		}
		return all.String()
	}
	plainData, _ := os.ReadFile(exportBundle(t, officer, sess.ID).Path)
	plain := inflate(plainData)
	for _, leak := range []string{gone.Name, "081234567890", "Foto terhapus"} {
		if strings.Contains(plain, leak) {
			t.Errorf("the plain bundle carries %q", leak)
		}
	}
	b, err := ReadBundle(plainData, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range b.Data.Questions {
		if q.ID == urgent.ID && (q.AskedBy != nil || !q.AskerWithheld) {
			t.Error("the plain bundle names who asked an urgent question")
		}
	}
	photos := 0
	for _, e := range bundleEntries(t, plainData) {
		if strings.HasPrefix(e.name, photoPrefix) {
			photos++
		}
	}
	if photos != 1 {
		t.Errorf("%d photo images in the bundle; the deleted one travels without its image", photos)
	}
	coordinator := officerNamed(t, "Koordinator")
	enrol(t, coordinator, officer)
	if r := send(t, officer, coordinator, sess.ID, testPublic); !r.Merged() {
		t.Fatal(r.Err)
	}
	if got, _ := coordinator.Question(ctx, urgent.ID); got.AskedBy != people[1].ID {
		t.Fatalf("the encrypted bundle lost the asker: %q", got.AskedBy)
	}
	// A plain bundle afterwards keeps the asker the coordinator has.
	if r := send(t, officer, coordinator, sess.ID); !r.Merged() || r.Summary.Conflicts != 0 {
		t.Fatalf("plain after encrypted: %+v %v", r.Summary, r.Err)
	}
	if got, _ := coordinator.Question(ctx, urgent.ID); got.AskedBy != people[1].ID {
		t.Fatalf("a plain bundle removed the asker: %q", got.AskedBy)
	}
	if _, err := coordinator.Participant(ctx, gone.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the deleted participant: %v", err)
	}
}

// Case 5: fake photos and oversized sessions are rejected before anything
// is written.
func TestSmallFilesCannotBecomeHugeDatabases(t *testing.T) {
	officer, coordinator := officerNamed(t, "Budi"), officerNamed(t, "Koordinator")
	enrol(t, coordinator, officer)
	sess := demoSession(t, officer, 3, 48)
	plain, _ := os.ReadFile(exportBundle(t, officer, sess.ID).Path)
	before := dumpAll(t, coordinator)

	fake := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 6<<20)...)
	entries := bundleEntries(t, plain)
	for i, e := range entries {
		if strings.HasPrefix(e.name, photoPrefix) {
			entries[i].data = fake
		}
		if e.name == SessionName {
			var exp store.SessionExport
			json.Unmarshal(e.data, &exp)
			exp.Photos[0].SHA256 = sha256Hex(fake)
			entries[i].data, _ = json.Marshal(exp)
		}
	}
	r := importBytes(t, coordinator, makeZip(t, withManifest(t, entries, nil)))
	if r.Reason != ReasonInvalidData || !strings.Contains(r.Rejected, "JPEG") {
		t.Fatalf("zeros after a JPEG header: %+v", r)
	}

	huge := tamper(t, plain, nil, func(exp *store.SessionExport) {
		p := exp.Participants[0]
		for i := 0; i < store.MaxParticipants+1; i++ {
			p.ID, p.Number = store.NewID(), 100+i
			exp.Participants = append(exp.Participants, p)
		}
	}, nil)
	if r := importBytes(t, coordinator, huge); r.Reason != ReasonInvalidData || !strings.Contains(r.Rejected, "at most") {
		t.Fatalf("%d participants: %+v", store.MaxParticipants+1, r)
	}
	if dumpAll(t, coordinator) != before {
		t.Fatal("a rejected bundle wrote something")
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
