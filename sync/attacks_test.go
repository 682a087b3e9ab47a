package sync

// Attacks and office events found by an adversarial review of signed sync
// (issue 12), kept as tests: each failed before its fix.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

func renameP(t *testing.T, s *store.Store, id, name string) {
	t.Helper()
	p, err := s.Participant(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	p.Name = name
	if _, err := s.UpdateParticipant(ctx, p, store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
		t.Fatal(err)
	}
}

func keepFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(path))
	os.WriteFile(p, data, 0o644)
	return p
}

// R1: two restores on the officer's laptop, bundle of the middle epoch
// arrives late: it replaces the newer data, and every later bundle of the
// newest epoch is "superseded" forever.
func TestAttackDoubleRestoreOutOfOrder(t *testing.T) {
	officer, coord := officerNamed(t, "Budi"), officerNamed(t, "Koordinator")
	enrol(t, coord, officer)
	sess := demoSession(t, officer, 5, 45)
	if r := send(t, officer, coord, sess.ID); !r.Merged() {
		t.Fatal(r.Err)
	}
	backup, _ := officer.Backup(ctx)
	people, _ := officer.Participants(ctx, sess.ID)
	pid := people[0].ID

	officer.Restore(ctx, backup) // epoch E1
	renameP(t, officer, pid, "E1 name")
	late := keepFile(t, exportBundle(t, officer, sess.ID).Path) // delayed on a USB stick

	officer.Restore(ctx, backup) // epoch E2 (wrong backup the first time)
	renameP(t, officer, pid, "E2 name")
	if r := send(t, officer, coord, sess.ID); !r.Merged() || !r.Summary.Replaced {
		t.Fatalf("E2: %+v %v", r.Summary, r.Err)
	}
	r := ImportFile(ctx, coord, late, ImportOptions{})
	if !r.Merged() || !r.Summary.Superseded || r.Summary.Changed() {
		t.Fatalf("the late bundle of an older epoch: %+v %v", r.Summary, r.Err)
	}
	if got, _ := coord.Participant(ctx, pid); got.Name != "E2 name" {
		t.Fatalf("the late bundle of an older epoch changed the name to %q", got.Name)
	}

	renameP(t, officer, pid, "E2 later name")
	send(t, officer, coord, sess.ID)
	got, _ := coord.Participant(ctx, pid)
	if got.Name != "E2 later name" {
		t.Errorf("DIVERGED: coordinator %q, officer %q", got.Name, "E2 later name")
	}
}

// R2: undoing the replace merge after a restore makes every later bundle of
// the new epoch "superseded".
func TestAttackUndoReplaceMergeStrandsEpoch(t *testing.T) {
	officer, coord := officerNamed(t, "Budi"), officerNamed(t, "Koordinator")
	enrol(t, coord, officer)
	sess := demoSession(t, officer, 5, 45)
	send(t, officer, coord, sess.ID)
	backup, _ := officer.Backup(ctx)
	people, _ := officer.Participants(ctx, sess.ID)
	pid := people[0].ID
	officer.Restore(ctx, backup)
	renameP(t, officer, pid, "after restore")
	r := send(t, officer, coord, sess.ID)
	if !r.Summary.Replaced {
		t.Fatal("no replace")
	}
	if err := coord.UndoMerge(ctx, r.Summary.MergeID); err != nil {
		t.Fatal(err)
	}
	renameP(t, officer, pid, "later edit")
	r = send(t, officer, coord, sess.ID)
	got, _ := coord.Participant(ctx, pid)
	t.Logf("after undo, next bundle: superseded=%v changed=%v coordinator=%q", r.Summary.Superseded, r.Summary.Changed(), got.Name)
	if got.Name != "later edit" {
		t.Errorf("STRANDED: the officer's later bundles change nothing (%q)", got.Name)
	}
}

// R3: an enrolled insider forwards a tampered copy of another officer's
// session (from a lost USB stick) before the real one arrives, versions
// raised to 100: the real officer's edits never win, silently.
func TestAttackForwardedFirstWithInflatedVersions(t *testing.T) {
	ani, mallory, coord := officerNamed(t, "Ani"), officerNamed(t, "Mallory"), officerNamed(t, "Koordinator")
	enrol(t, coord, ani)
	enrol(t, coord, mallory)
	sess := demoSession(t, ani, 5, 45)
	lost := exportBundle(t, ani, sess.ID) // plain bundle on a lost stick
	data, _ := os.ReadFile(lost.Path)
	people, _ := ani.Participants(ctx, sess.ID)
	pid := people[0].ID
	forged := tamper(t, data, mallory, func(e *store.SessionExport) {
		e.Session.Version = 100
		e.Session.Title = "Judul palsu"
		for i := range e.Participants {
			e.Participants[i].Version = 100
		}
		e.Participants[0].Name = "Nama palsu"
	}, func(m *Manifest) {
		k, _ := ThisLaptop(ctx, mallory)
		m.LaptopID, m.Officer = k.LaptopID, "Mallory"
	})
	if r := importBytes(t, coord, forged); !r.Merged() || !r.Forwarded {
		t.Fatalf("the forwarded copy: %+v %v", r, r.Err)
	}

	renameP(t, ani, pid, "Nama asli diperbaiki")
	r := send(t, ani, coord, sess.ID)
	got, _ := coord.Participant(ctx, pid)
	s, _ := coord.Session(ctx, sess.ID)
	if !r.Summary.Replaced || s.Title == "Judul palsu" {
		t.Errorf("the session's own laptop did not replace the forwarded copy: %+v, title %q", r.Summary, s.Title)
	}
	if got.Name != "Nama asli diperbaiki" {
		t.Errorf("the session's own officer can no longer change it")
	}
}

// R4: Ani's session reaches the coordinator forwarded by Siti first; then
// Ani restores a backup and re-enters a pre-test: no replace (no epoch yet),
// and every bundle of that session fails on the unique answer sheet.
func TestAttackForwardedFirstThenRestore(t *testing.T) {
	ani, siti, coord := officerNamed(t, "Ani"), officerNamed(t, "Siti"), officerNamed(t, "Koordinator")
	enrol(t, coord, ani)
	enrol(t, coord, siti)
	enrol(t, siti, ani)
	sess := demoSession(t, ani, 5, 45)
	p, err := ani.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Tanpa Kuis", Gender: "P"}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	backup, _ := ani.Backup(ctx)
	items, _ := ani.QuizItems(ctx, sess.ID)
	var choices []int
	for _, it := range items {
		if it.Phase != store.PhasePost {
			choices = append(choices, 0)
		}
	}
	if _, err := ani.SaveAnswers(ctx, p.ID, store.PhasePre, choices); err != nil {
		t.Fatal(err)
	}
	if r := send(t, ani, siti, sess.ID); !r.Merged() {
		t.Fatal(r.Err)
	}
	if r := send(t, siti, coord, sess.ID); !r.Merged() || !r.Forwarded {
		t.Fatal(r.Err)
	}
	ani.Restore(ctx, backup)
	if _, err := ani.SaveAnswers(ctx, p.ID, store.PhasePre, choices); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		r := send(t, ani, coord, sess.ID)
		t.Logf("Ani after restore #%d: merged=%v replaced=%v reason=%q err=%v", i, r.Merged(), r.Summary != nil && r.Summary.Replaced, r.Reason, r.Err)
		if !r.Merged() {
			t.Errorf("UNMERGEABLE: %v", r.Err)
		}
		renameP(t, ani, p.ID, "lagi")
	}
}

// R5: a key that claims the coordinator's own laptop id can be enrolled
// (from a held bundle) and then rewrites the coordinator's own sessions.
func TestAttackKeyClaimingCoordinatorsLaptop(t *testing.T) {
	mallory, coord := officerNamed(t, "Mallory"), officerNamed(t, "Koordinator")
	own := demoSession(t, coord, 5, 47) // the coordinator's own session
	plain, _ := os.ReadFile(exportBundle(t, coord, own.ID).Path)
	ck, _ := ThisLaptop(ctx, coord)
	people, _ := coord.Participants(ctx, own.ID)
	forged := tamper(t, plain, mallory, func(e *store.SessionExport) {
		for i := range e.Participants {
			if e.Participants[i].ID == people[0].ID {
				e.Participants[i].Version += 50
				e.Participants[i].Name = "Diubah Mallory"
			}
		}
	}, func(m *Manifest) { m.LaptopID, m.Officer = ck.LaptopID, "Mallory" })
	r := importBytes(t, coord, forged)
	t.Logf("first: held=%q pending=%s err=%v", r.Held, r.PendingID, r.Err)
	if r.Held != store.HoldUnknownKey {
		t.Fatalf("a stranger's key: %+v", r)
	}
	if _, err := Accept(ctx, coord, r.PendingID, "", ImportOptions{}); !errors.Is(err, ErrLaptopTaken) {
		t.Fatalf("enrolled a key that claims this laptop: %v", err)
	}
	got, _ := coord.Participant(ctx, people[0].ID)
	if got.Name == "Diubah Mallory" {
		t.Errorf("the coordinator's OWN session was rewritten by another laptop's key (not even shown as forwarded)")
	}
}

// R6: a forwarded new session that names the coordinator's laptop as its
// origin becomes a session of the coordinator's own (editable, no
// forwarded_by).
func TestAttackForwardedSessionPosingAsCoordinators(t *testing.T) {
	mallory, coord := officerNamed(t, "Mallory"), officerNamed(t, "Koordinator")
	enrol(t, coord, mallory)
	ck, _ := ThisLaptop(ctx, coord)
	sess := demoSession(t, mallory, 5, 48)
	plain, _ := os.ReadFile(exportBundle(t, mallory, sess.ID).Path)
	forged := tamper(t, plain, mallory, func(e *store.SessionExport) {
		e.Session.OriginLaptop = ck.LaptopID
		e.Session.OriginOfficer = "Koordinator"
	}, nil)
	if r := importBytes(t, coord, forged); r.Merged() || r.Reason != ReasonOtherOrigin {
		t.Fatalf("a new session claiming to be made here: %+v", r)
	}
	if _, err := coord.Session(ctx, sess.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("the session arrived")
	}
}

// R7: a conflict "take incoming" that added a row, then undo of the merge
// that brought the session.
func TestAttackResolveThenUndoFirstMerge(t *testing.T) {
	budi, siti, coord := officerNamed(t, "Budi"), officerNamed(t, "Siti"), officerNamed(t, "Koordinator")
	enrol(t, coord, budi)
	enrol(t, coord, siti)
	enrol(t, siti, budi)
	sess := demoSession(t, budi, 4, 46)
	first := send(t, budi, coord, sess.ID)
	added, err := budi.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Tambahan", Gender: "L"}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	send(t, budi, siti, sess.ID)
	if fwd := send(t, siti, coord, sess.ID); fwd.Summary.Conflicts == 0 {
		t.Fatalf("forward: %+v", fwd.Summary)
	}
	cs, _ := coord.Conflicts(ctx)
	for _, c := range cs {
		if err := coord.ResolveConflict(ctx, c.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := coord.UndoMerge(ctx, first.Summary.MergeID); !errors.Is(err, store.ErrStaleMerge) {
		t.Fatalf("undo after a conflict was taken: %v", err)
	}
	if _, err := coord.Participant(ctx, added.ID); err != nil {
		t.Fatal(err)
	}
}

// R8: anybody (no enrolled key needed) can send bundles that wait: a key
// may hold only so many, and so may everybody together.
func TestAttackPendingFlood(t *testing.T) {
	stranger, coord := officerNamed(t, "Tidak Dikenal"), officerNamed(t, "Koordinator")
	sess := demoSession(t, stranger, 2, 49)
	plain, _ := os.ReadFile(exportBundle(t, stranger, sess.ID).Path)
	for i := 0; i <= store.MaxHeldPerKey; i++ {
		forged := tamper(t, plain, nil, func(e *store.SessionExport) { e.Session.Notes = fmt.Sprint("salinan ", i) }, nil)
		r := importBytes(t, coord, forged)
		switch {
		case i < store.MaxHeldPerKey && r.Held == "":
			t.Fatalf("bundle %d not held: %v", i, r.Err)
		case i == store.MaxHeldPerKey && r.Reason != ReasonTooManyHeld:
			t.Fatalf("bundle %d from one key: %+v", i, r)
		}
	}
	if p, _ := coord.PendingBundles(ctx); len(p) != store.MaxHeldPerKey {
		t.Fatalf("%d held", len(p))
	}
}

// R9: field lengths the app enforces locally (MaxName 200, MaxTitle 200...)
// are not checked on import.
func TestAttackHugeFields(t *testing.T) {
	officer := officerNamed(t, "Budi")
	coord := officerNamed(t, "Koordinator")
	enrol(t, coord, officer)
	sess := demoSession(t, officer, 5, 50)
	plain, _ := os.ReadFile(exportBundle(t, officer, sess.ID).Path)
	forged := tamper(t, plain, officer, func(e *store.SessionExport) {
		e.Session.Title = strings.Repeat("Judul sangat panjang ", 2000)
		e.Session.Village = strings.Repeat("Desa ", 2000)
		base := e.Participants[0]
		for i := range e.Participants {
			e.Participants[i].Name = strings.Repeat("Nama Panjang ", 400)
		}
		for i := len(e.Participants); i < 4000; i++ {
			p := base
			p.ID = store.NewID()
			p.Name = strings.Repeat("Nama Panjang ", 400) + fmt.Sprint(i)
			p.Phone, p.Consent = "", false
			e.Participants = append(e.Participants, p)
		}
	}, nil)
	if r := importBytes(t, coord, forged); r.Merged() || r.Reason != ReasonInvalidData || !strings.Contains(r.Rejected, "characters") {
		t.Fatalf("%d KiB with huge texts: %+v", len(forged)>>10, r)
	}
	if _, err := coord.Session(ctx, sess.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("the session arrived")
	}
}

// R10: a new (unknown) key sends one bundle under the old name and one
// after a rank change: neither name can be enrolled.
func TestAttackTwoNamesHeldFromOneKey(t *testing.T) {
	officer, coord := officerNamed(t, "Budi"), officerNamed(t, "Koordinator")
	sess := demoSession(t, officer, 5, 51)
	r1 := send(t, officer, coord, sess.ID)
	st, _ := officer.Settings(ctx)
	st.OfficerName = "AKP Budi"
	officer.SaveSettings(ctx, st)
	renameP(t, officer, func() string { p, _ := officer.Participants(ctx, sess.ID); return p[0].ID }(), "x")
	r2 := send(t, officer, coord, sess.ID)
	if r1.Held != store.HoldUnknownKey || r2.Held != store.HoldUnknownKey {
		t.Fatalf("held %q %q", r1.Held, r2.Held)
	}
	k, _ := ThisLaptop(ctx, officer)
	key, _ := ParseKey(k.Text)
	if _, err := Enrol(ctx, coord, key, "Kapolres", ImportOptions{}); !errors.Is(err, ErrNameMismatch) {
		t.Fatalf("enrolled under a name no bundle uses: %v", err)
	}
	results, err := Enrol(ctx, coord, key, "AKP Budi", ImportOptions{})
	if err != nil || len(results) != 2 {
		t.Fatalf("enrol under the newest name: %+v %v", results, err)
	}
	pending, _ := coord.PendingBundles(ctx)
	if len(pending) != 1 || pending[0].Reason != store.HoldOfficerRenamed || pending[0].Officer != "Budi" {
		t.Fatalf("pending %+v", pending)
	}
	// The older bundle is merged as it is; the key keeps the newer name.
	if res, err := Accept(ctx, coord, pending[0].ID, "", ImportOptions{}); err != nil || len(res) != 1 || !res[0].Merged() {
		t.Fatalf("accept the older bundle: %+v %v", res, err)
	}
	if keys, _ := coord.OfficerKeys(ctx); len(keys) != 1 || keys[0].Name != "AKP Budi" {
		t.Fatalf("keys %+v", keys)
	}
}

func TestAttackHeldUp(t *testing.T) {
	ani, mallory, coord := officerNamed(t, "Ani"), officerNamed(t, "Mallory"), officerNamed(t, "Koordinator")
	enrol(t, coord, ani)
	enrol(t, coord, mallory)
	sa := demoSession(t, ani, 5, 52)
	old, _ := os.ReadFile(exportBundle(t, ani, sa.ID).Path)
	send(t, ani, coord, sa.ID)
	pa, _ := ani.Participants(ctx, sa.ID)
	renameP(t, ani, pa[0].ID, "baru")
	send(t, ani, coord, sa.ID)
	r := importBytes(t, coord, old)
	if got, _ := coord.Participant(ctx, pa[0].ID); r.Summary.Changed() || got.Name != "baru" {
		t.Fatalf("replay of an older bundle: changed=%v name=%q", r.Summary.Changed(), got.Name)
	}
	// Mallory's new session reusing Ani's participant id, as a tombstone
	sm := demoSession(t, mallory, 5, 53)
	plain, _ := os.ReadFile(exportBundle(t, mallory, sm.ID).Path)
	forged := tamper(t, plain, mallory, func(e *store.SessionExport) {
		now := e.Participants[0].UpdatedAt
		for i := range e.QuizAnswers {
			if e.QuizAnswers[i].ParticipantID == e.Participants[0].ID {
				e.QuizAnswers[i].ParticipantID = pa[0].ID
			}
		}
		for i := range e.Questions {
			if e.Questions[i].AskedBy != nil && *e.Questions[i].AskedBy == e.Participants[0].ID {
				e.Questions[i].AskedBy = &pa[0].ID
			}
		}
		e.Participants[0].ID = pa[0].ID
		e.Participants[0].DeletedAt = &now
		e.Participants[0].Version = 50
	}, nil)
	r = importBytes(t, coord, forged)
	if got, _ := coord.Participant(ctx, pa[0].ID); r.Merged() || got.Name != "baru" || got.DeletedAt != nil {
		t.Fatalf("a tombstone for another session's row: merged=%v; %q deleted=%v", r.Merged(), got.Name, got.DeletedAt != nil)
	}
}
