package store_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/store"
)

// exQuiz is a small quiz: two items in both tests, one pre, one post.
func exQuiz() []store.QuizItem {
	tf, letters := []string{"Benar", "Salah"}, []string{"B", "S"}
	return []store.QuizItem{
		{QuestionID: "q01", Phase: store.PhaseBoth, Text: "TPPO hanya dengan kekerasan.", Options: tf, Letters: letters, Answer: 1, PackID: "p", PackVersion: "1"},
		{QuestionID: "q02", Phase: store.PhaseBoth, Text: "Usia minimal PMI?", Options: []string{"15", "17", "18", "21"}, Letters: []string{"A", "B", "C", "D"}, Answer: 2, PackID: "p", PackVersion: "1"},
		{QuestionID: "q03", Phase: store.PhasePre, Text: "Pre saja", Options: tf, Letters: letters, Answer: 0, PackID: "p", PackVersion: "1"},
		{QuestionID: "q04", Phase: store.PhasePost, Text: "Post saja", Options: tf, Letters: letters, Answer: 0, PackID: "p", PackVersion: "1"},
	}
}

// exSession makes a realistic session on s: demo attendance, quiz answers,
// questions (one urgent, one confidential), a show of hands and a photo,
// and one deleted participant.
func exSession(t testing.TB, s *store.Store, people int) store.Session {
	t.Helper()
	seed := uint64(7)
	sess, err := s.Demo(ctx, store.DemoOptions{Seed: &seed, Participants: people, PackID: "p", PackVersion: "1", Quiz: exQuiz()})
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.QuizItems(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	three := 3
	if _, err := s.SaveTally(ctx, items[0].ID, store.PhasePre, store.Tally{Correct: &three, Present: &three}); err != nil &&
		!errors.Is(err, store.ErrTallyExceedsAttendance) {
		t.Fatal(err)
	}
	if _, err := s.AddPhoto(ctx, sess.ID, "Suasana sosialisasi", bytes.NewReader(exJPEG(t))); err != nil {
		t.Fatal(err)
	}
	list, err := s.Participants(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteParticipant(ctx, list[len(list)-1].ID); err != nil {
		t.Fatal(err)
	}
	return sess
}

func exJPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exportTo exports a session from one store and merges it into another.
func exportTo(t testing.TB, from, to *store.Store, id string, confidential bool) store.MergeSummary {
	t.Helper()
	exp, err := from.ExportSession(ctx, id, confidential)
	if err != nil {
		t.Fatal(err)
	}
	exp = reencode(t, exp)
	sum, err := to.MergeSession(ctx, exp, store.MergeSource{LaptopID: exp.Session.OriginLaptop, Officer: "AKP Baiq", Bundle: "test.zip"})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// reencode sends the export through its JSON, as a bundle does (the photo
// bytes travel beside it).
func reencode(t testing.TB, exp *store.SessionExport) *store.SessionExport {
	t.Helper()
	data, err := json.Marshal(exp)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var out store.SessionExport
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	for i := range out.Photos {
		out.Photos[i].Image = exp.Photos[i].Image
	}
	return &out
}

// localColumns are kept per laptop and never travel.
var localColumns = map[string]bool{
	"sessions.exported_at": true, "sessions.origin_laptop": true, "sessions.origin_officer": true,
	"questions.origin_version": true, "questions.followup_local": true,
	"sessions.origin_epoch": true, "sessions.forwarded_by": true, "questions.officer_followup": true,
}

// tombstoneColumns are what a deletion leaves behind: a deleted row travels
// without them, so the two sides need not agree on them.
var tombstoneColumns = map[string]bool{
	"participants.name": true, "participants.name_key": true, "participants.age": true, "participants.village": true,
	"participants.phone": true, "participants.consent": true, "participants.guardian_present": true,
	"questions.text": true, "questions.asked_by": true, "questions.answer": true, "questions.referred_to": true,
	"questions.urgent": true, "questions.closed_on": true, "questions.closed_note": true, "questions.status": true,
	"photos.caption": true, "photos.image": true, "photos.sha256": true,
}

var sessionTables = []string{"sessions", "participants", "quiz_items", "quiz_answers", "quiz_tallies", "questions", "photos"}

// dumpTables renders every row of every session table, every column but
// the local ones, reading the database file directly.
func dumpTables(t testing.TB, s *store.Store, skip func(table string, row map[string]any) bool) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.Path())+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][]string{}
	for _, table := range sessionTables {
		rows, err := db.Query("SELECT * FROM " + table + " ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := map[string]any{}
			for i, c := range cols {
				row[c] = vals[i]
			}
			var parts []string
			for i, c := range cols {
				if !localColumns[table+"."+c] && !(tombstoneColumns[table+"."+c] && row["deleted_at"] != nil) {
					parts = append(parts, fmt.Sprintf("%s=%v", c, vals[i]))
				}
			}
			if skip == nil || !skip(table, row) {
				out[table] = append(out[table], strings.Join(parts, " "))
			}
		}
		rows.Close()
	}
	return out
}

func diffTables(t *testing.T, got, want map[string][]string) {
	t.Helper()
	for _, table := range sessionTables {
		g, w := got[table], want[table]
		if len(g) != len(w) {
			t.Errorf("%s: %d rows, want %d", table, len(g), len(w))
			continue
		}
		for i := range w {
			if g[i] != w[i] {
				t.Errorf("%s row %d differs\n got: %.300s\nwant: %.300s", table, i, g[i], w[i])
			}
		}
	}
}

// dumpAll also covers the local tables, to prove a no-op writes nothing.
func dumpAll(t testing.TB, s *store.Store) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.Path())+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, table := range append(append([]string(nil), sessionTables...), "conflicts", "exports", "settings") {
		rows, err := db.Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			fmt.Fprintln(&b, table, vals)
		}
		rows.Close()
	}
	return b.String()
}

// clearQuestion is a session's first question that is not sealed.
func clearQuestion(t *testing.T, s *store.Store, sessionID string) store.Question {
	t.Helper()
	qs, err := s.Questions(ctx, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if !q.Sealed {
			return q
		}
	}
	t.Fatal("no question in clear")
	return store.Question{}
}

func TestExportMergeRoundTrip(t *testing.T) {
	for _, confidential := range []bool{true, false} {
		t.Run(fmt.Sprintf("confidential=%v", confidential), func(t *testing.T) {
			a, b := mustOpen(t), mustOpen(t)
			sess := exSession(t, a, 40)
			exSession(t, a, 5) // another session that must not travel
			exp, err := a.ExportSession(ctx, sess.ID, confidential)
			if err != nil {
				t.Fatal(err)
			}
			// Confidential questions are sealed: they travel in plain
			// bundles too, as ciphertext.
			var sealed int
			questions, _ := a.Questions(ctx, sess.ID)
			for _, q := range questions {
				if q.Confidential && q.Sealed {
					sealed++
				}
			}
			if sealed == 0 {
				t.Fatal("the fixture has no sealed confidential question")
			}
			if exp.WithheldConfidential != 0 {
				t.Fatalf("withheld %d sealed questions", exp.WithheldConfidential)
			}
			sum := exportTo(t, a, b, sess.ID, confidential)
			if !sum.NewSession || sum.Updated != 0 || sum.Conflicts != 0 || sum.Added == 0 {
				t.Fatalf("first merge: %+v", sum)
			}
			only := func(table string, row map[string]any) bool {
				id := row["session_id"]
				if table == "sessions" {
					id = row["id"]
				}
				if id != sess.ID {
					return true
				}
				return false
			}
			want := dumpTables(t, a, only)
			for _, table := range sessionTables {
				if len(want[table]) == 0 {
					t.Fatalf("the fixture has no %s", table)
				}
			}
			diffTables(t, dumpTables(t, b, nil), want)

			before := dumpAll(t, b)
			again := exportTo(t, a, b, sess.ID, confidential)
			if again.Added+again.Updated+again.Conflicts != 0 || again.Unchanged != sum.Added {
				t.Fatalf("second merge: %+v", again)
			}
			if after := dumpAll(t, b); after != before {
				t.Fatal("merging the same export twice changed the database")
			}
		})
	}
}

func TestMergeUpdatesEditedSession(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 10)
	exportTo(t, a, b, sess.ID, true)

	sess.Notes = "Catatan baru"
	if _, err := a.UpdateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	list, _ := a.Participants(ctx, sess.ID)
	p := list[0]
	p.Village = "Dusun Baru"
	if _, err := a.UpdateParticipant(ctx, p, store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteParticipant(ctx, list[1].ID); err != nil {
		t.Fatal(err)
	}
	added, err := a.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Inaq Rohani", Gender: "P"}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sum := exportTo(t, a, b, sess.ID, true)
	if sum.NewSession || sum.Added != 1 || sum.Updated != 3 || sum.Conflicts != 0 {
		t.Fatalf("summary %+v", sum)
	}
	if got := sum.Tables["participants"]; got.Updated != 2 || got.Added != 1 {
		t.Fatalf("participants %+v", got)
	}
	got, err := b.Session(ctx, sess.ID)
	if err != nil || got.Notes != "Catatan baru" {
		t.Fatalf("notes %q %v", got.Notes, err)
	}
	if _, err := b.Participant(ctx, list[1].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted participant: %v", err)
	}
	if _, err := b.Participant(ctx, added.ID); err != nil {
		t.Fatal(err)
	}
	diffTables(t, dumpTables(t, b, nil), dumpTables(t, a, func(table string, row map[string]any) bool {
		id := row["session_id"]
		if table == "sessions" {
			id = row["id"]
		}
		return id != sess.ID
	}))
}

// An older bundle arriving after a newer one changes nothing: a deletion
// stays a deletion and an edit is not undone.
func TestMergeOlderBundleChangesNothing(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 10)
	old, err := a.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	old = reencode(t, old)
	list, _ := a.Participants(ctx, sess.ID)
	if err := a.DeleteParticipant(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	sess.Title = "Judul baru"
	if _, err := a.UpdateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	exportTo(t, a, b, sess.ID, true)
	before := dumpAll(t, b)
	sum, err := b.MergeSession(ctx, old, store.MergeSource{Bundle: "old.zip"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added+sum.Updated+sum.Conflicts != 0 {
		t.Fatalf("older bundle: %+v", sum)
	}
	if dumpAll(t, b) != before {
		t.Fatal("an older bundle changed the database")
	}
	if _, err := b.Participant(ctx, list[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted participant came back: %v", err)
	}
}

func TestMergeConflict(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 5)
	base, err := a.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	base = reencode(t, base)
	exportTo(t, a, b, sess.ID, true)

	// The same version with different content: e.g. a database restored
	// from a backup and edited again, or a copied database.
	forked := reencode(t, base)
	forked.Participants[0].Name = "Nama Lain"
	forked.Participants[0].UpdatedAt = "2026-03-01T10:00:00.000Z"
	src := store.MergeSource{LaptopID: base.Session.OriginLaptop, Officer: "X", Bundle: "forked.zip"}
	sum, err := b.MergeSession(ctx, forked, src)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Conflicts != 1 || sum.Updated != 0 {
		t.Fatalf("summary %+v", sum)
	}
	p, _ := b.Participant(ctx, base.Participants[0].ID)
	if p.Name != base.Participants[0].Name {
		t.Fatalf("conflict overwrote the row: %q", p.Name)
	}
	conflicts, err := b.Conflicts(ctx)
	if err != nil || len(conflicts) != 1 {
		t.Fatalf("%d conflicts, %v", len(conflicts), err)
	}
	c := conflicts[0]
	if c.Table != "participants" || c.RowID != p.ID || len(c.Fields) != 1 || c.Fields[0] != "name" ||
		!strings.Contains(c.Source, "forked.zip") || c.SessionID != sess.ID {
		t.Fatalf("conflict %+v", c)
	}

	// Importing it again records nothing new.
	before := dumpAll(t, b)
	if again, _ := b.MergeSession(ctx, forked, src); again.Conflicts != 1 || dumpAll(t, b) != before {
		t.Fatalf("second import: %+v", again)
	}

	if err := b.ResolveConflict(ctx, c.ID, true); err != nil {
		t.Fatal(err)
	}
	if p, _ := b.Participant(ctx, p.ID); p.Name != "Nama Lain" || p.Version != base.Participants[0].Version {
		t.Fatalf("took incoming: %q v%d", p.Name, p.Version)
	}
	if err := b.ResolveConflict(ctx, c.ID, false); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("resolving twice: %v", err)
	}
	// The original bundle now conflicts the other way; keeping local ends it.
	sum, _ = b.MergeSession(ctx, base, src)
	if sum.Conflicts != 1 {
		t.Fatalf("after taking incoming: %+v", sum)
	}
	conflicts, _ = b.Conflicts(ctx)
	if err := b.ResolveConflict(ctx, conflicts[0].ID, false); err != nil {
		t.Fatal(err)
	}
	before = dumpAll(t, b)
	if sum, _ := b.MergeSession(ctx, base, src); sum.Conflicts != 0 || sum.Updated != 0 || dumpAll(t, b) != before {
		t.Fatalf("a decided conflict came back: %+v", sum)
	}
	if list, _ := b.Conflicts(ctx); len(list) != 0 {
		t.Fatalf("%d open conflicts", len(list))
	}
}

func TestResolveStaleConflict(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 3)
	base, _ := a.ExportSession(ctx, sess.ID, true)
	base = reencode(t, base)
	exportTo(t, a, b, sess.ID, true)
	forked := reencode(t, base)
	forked.Session.Notes = "lain"
	if _, err := b.MergeSession(ctx, forked, store.MergeSource{}); err != nil {
		t.Fatal(err)
	}
	sess.Notes = "versi baru"
	if _, err := a.UpdateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	exportTo(t, a, b, sess.ID, true)
	conflicts, _ := b.Conflicts(ctx)
	if len(conflicts) != 1 {
		t.Fatalf("%d conflicts", len(conflicts))
	}
	if err := b.ResolveConflict(ctx, conflicts[0].ID, true); !errors.Is(err, store.ErrStaleConflict) {
		t.Fatalf("got %v", err)
	}
	if got, _ := b.Session(ctx, sess.ID); got.Notes != "versi baru" {
		t.Fatalf("notes %q", got.Notes)
	}
}

func TestImportedSessionIsReadOnlyExceptFollowUp(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 5)
	exportTo(t, a, b, sess.ID, true)

	origin, err := b.SessionOrigin(ctx, sess.ID)
	settingsA, _ := a.Settings(ctx)
	if err != nil || !origin.Imported || origin.LaptopID != settingsA.LaptopID || origin.Officer == "" {
		t.Fatalf("origin %+v %v", origin, err)
	}
	if o, _ := a.SessionOrigin(ctx, sess.ID); o.Imported || o.LaptopID != "" {
		t.Fatalf("a session made here: %+v", o)
	}
	if origins, _ := b.SessionOrigins(ctx); origins[sess.ID] != origin {
		t.Fatalf("origins %+v", origins)
	}
	if _, err := b.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Baru", Gender: "L"}, store.AddParticipantOptions{}); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("add participant: %v", err)
	}
	list, _ := b.Participants(ctx, sess.ID)
	if err := b.DeleteParticipant(ctx, list[0].ID); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("delete participant: %v", err)
	}
	qs, _ := b.Questions(ctx, sess.ID)
	q := qs[0]
	q.Text = "diubah"
	if _, err := b.UpdateQuestion(ctx, q); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("edit question text: %v", err)
	}
	q = qs[0]
	q.Status, q.ReferredTo = store.QuestionReferred, "BP3MI"
	if _, err := b.UpdateQuestion(ctx, q); err != nil {
		t.Fatalf("follow-up: %v", err)
	}
	// The session row itself: details, finalize, reopen and delete.
	got, _ := b.Session(ctx, sess.ID)
	got.Venue = "diubah"
	if _, err := b.UpdateSession(ctx, got); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("edit imported session: %v", err)
	}
	if _, err := b.FinalizeSession(ctx, sess.ID); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("finalize imported session: %v", err)
	}
	if err := b.DeleteSession(ctx, sess.ID); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("delete imported session: %v", err)
	}
}

// The coordinator's follow-up stays when the officer sends the question
// again, whatever the officer's version; the officer's other edits arrive.
func TestFollowUpBelongsToCoordinator(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 5)
	exportTo(t, a, b, sess.ID, true)
	q := clearQuestion(t, b, sess.ID)
	closed, err := b.CloseFollowUp(ctx, q.ID, "2026-03-02", "Sudah dihubungi BP3MI")
	if err != nil {
		t.Fatal(err)
	}

	// The officer edits the answer twice and the follow-up once.
	oq, _ := a.Question(ctx, q.ID)
	oq.Answer = "Jawaban lengkap"
	if oq, err = a.UpdateQuestion(ctx, oq); err != nil {
		t.Fatal(err)
	}
	oq.Status, oq.ReferredTo = store.QuestionReferred, "Disnaker"
	if oq, err = a.UpdateQuestion(ctx, oq); err != nil {
		t.Fatal(err)
	}
	oq.Answer = "Jawaban lengkap sekali"
	if _, err = a.UpdateQuestion(ctx, oq); err != nil {
		t.Fatal(err)
	}
	sum := exportTo(t, a, b, sess.ID, true)
	if sum.Tables["questions"].Updated != 1 || sum.Conflicts != 0 {
		t.Fatalf("summary %+v", sum)
	}
	got, _ := b.Question(ctx, q.ID)
	if got.Answer != "Jawaban lengkap sekali" {
		t.Fatalf("officer's answer lost: %q", got.Answer)
	}
	if got.ClosedOn != closed.ClosedOn || got.ClosedNote != closed.ClosedNote || got.Status != closed.Status || got.ReferredTo != closed.ReferredTo {
		t.Fatalf("coordinator's follow-up undone: %+v", got)
	}
	before := dumpAll(t, b)
	if again := exportTo(t, a, b, sess.ID, true); again.Updated+again.Added+again.Conflicts != 0 || dumpAll(t, b) != before {
		t.Fatalf("re-import: %+v", again)
	}
	// Even a follow-up-only change of the officer's leaves it alone.
	oq, _ = a.Question(ctx, q.ID)
	oq.ClosedOn, oq.ClosedNote = "2026-03-05", "petugas"
	if _, err := a.UpdateQuestion(ctx, oq); err != nil {
		t.Fatal(err)
	}
	exportTo(t, a, b, sess.ID, true)
	if got, _ := b.Question(ctx, q.ID); got.ClosedNote != closed.ClosedNote {
		t.Fatalf("closed note %q", got.ClosedNote)
	}
}

// Until the coordinator touches a follow-up, the officer's changes to it
// arrive like any other edit.
func TestOfficersFollowUpArrivesUntilCoordinatorActs(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 5)
	exportTo(t, a, b, sess.ID, true)
	q := clearQuestion(t, a, sess.ID)
	if _, err := a.CloseFollowUp(ctx, q.ID, "2026-03-01", "selesai di desa"); err != nil {
		t.Fatal(err)
	}
	exportTo(t, a, b, sess.ID, true)
	if got, _ := b.Question(ctx, q.ID); got.ClosedNote != "selesai di desa" {
		t.Fatalf("closed note %q", got.ClosedNote)
	}
}

// A coordinator who exports an imported session keeps its origin, and the
// officer's laptop takes the coordinator's follow-up back as a newer row.
func TestCoordinatorSendsSessionBack(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 5)
	exportTo(t, a, b, sess.ID, true)
	q := clearQuestion(t, b, sess.ID)
	if _, err := b.CloseFollowUp(ctx, q.ID, "2026-03-02", "koordinator"); err != nil {
		t.Fatal(err)
	}
	sum := exportTo(t, b, a, sess.ID, true)
	if sum.NewSession || sum.Updated != 1 || sum.Conflicts != 0 {
		t.Fatalf("summary %+v", sum)
	}
	if o, _ := a.SessionOrigin(ctx, sess.ID); o.Imported {
		t.Fatal("the officer's own session became imported")
	}
	if got, _ := a.Question(ctx, q.ID); got.ClosedNote != "koordinator" {
		t.Fatalf("closed note %q", got.ClosedNote)
	}
	// A third laptop gets the officer's laptop as the origin, not b.
	c := mustOpen(t)
	exportTo(t, b, c, sess.ID, true)
	settingsA, _ := a.Settings(ctx)
	if o, _ := c.SessionOrigin(ctx, sess.ID); o.LaptopID != settingsA.LaptopID {
		t.Fatalf("origin %+v", o)
	}
}

func TestMergeRejectsOriginMismatch(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 3)
	exp, _ := a.ExportSession(ctx, sess.ID, true)
	exp = reencode(t, exp)
	exportTo(t, a, b, sess.ID, true)
	exp.Session.OriginLaptop = store.NewID()
	before := dumpAll(t, b)
	if _, err := b.MergeSession(ctx, exp, store.MergeSource{}); !errors.Is(err, store.ErrOriginMismatch) {
		t.Fatalf("got %v", err)
	}
	if dumpAll(t, b) != before {
		t.Fatal("a refused merge wrote something")
	}
}

func TestMergeRejectsInvalidExport(t *testing.T) {
	a := mustOpen(t)
	sess := exSession(t, a, 4)
	good, err := a.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	other := store.NewID()
	tests := []struct {
		name   string
		change func(e *store.SessionExport)
	}{
		{"session id", func(e *store.SessionExport) { e.Session.ID = "X" }},
		{"uppercase id", func(e *store.SessionExport) { e.Participants[0].ID = strings.ToUpper(e.Participants[0].ID) }},
		{"duplicate id", func(e *store.SessionExport) { e.Participants[1].ID = e.Participants[0].ID }},
		{"foreign session", func(e *store.SessionExport) { e.Participants[0].SessionID = other }},
		{"origin", func(e *store.SessionExport) { e.Session.OriginLaptop = "" }},
		{"date", func(e *store.SessionExport) { e.Session.Date = "2026-02-30" }},
		{"status", func(e *store.SessionExport) { e.Session.Status = "archived" }},
		{"version", func(e *store.SessionExport) { e.Participants[0].Version = 0 }},
		{"timestamp", func(e *store.SessionExport) { e.Participants[0].UpdatedAt = "yesterday" }},
		{"gender", func(e *store.SessionExport) { e.Participants[0].Gender = "X" }},
		{"category", func(e *store.SessionExport) { e.Participants[0].Category = "vip" }},
		{"answer participant", func(e *store.SessionExport) { e.QuizAnswers[0].ParticipantID = other }},
		{"answer choice", func(e *store.SessionExport) {
			for k := range e.QuizAnswers[0].Choices {
				e.QuizAnswers[0].Choices[k] = 9
			}
		}},
		{"answer item", func(e *store.SessionExport) { e.QuizAnswers[0].Choices[other] = 0 }},
		{"quiz item answer", func(e *store.SessionExport) { e.QuizItems[0].Answer = 5 }},
		{"tally item", func(e *store.SessionExport) { e.QuizTallies[0].ItemID = other }},
		{"asker", func(e *store.SessionExport) { e.Questions[0].AskedBy = &other }},
		{"topic", func(e *store.SessionExport) { e.Questions[0].Topic = "gosip" }},
		{"photo hash", func(e *store.SessionExport) { e.Photos[0].Image = []byte("not the image") }},
		{"withheld", func(e *store.SessionExport) { e.WithheldConfidential = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustOpen(t)
			exp := reencode(t, good)
			tt.change(exp)
			before := dumpAll(t, b)
			_, err := b.MergeSession(ctx, exp, store.MergeSource{})
			if !errors.Is(err, store.ErrInvalidExport) {
				t.Fatalf("got %v", err)
			}
			if dumpAll(t, b) != before {
				t.Fatal("a refused merge wrote something")
			}
		})
	}
	// A constraint the database checks fails the whole merge too.
	b := mustOpen(t)
	exp := reencode(t, good)
	exp.Participants[len(exp.Participants)-1].Phone = "+6281234567890"
	exp.Participants[len(exp.Participants)-1].Consent = false
	if _, err := b.MergeSession(ctx, exp, store.MergeSource{}); err == nil {
		t.Fatal("a phone without consent was merged")
	}
	if list, _ := b.Sessions(ctx); len(list) != 0 {
		t.Fatalf("half a merge: %d sessions", len(list))
	}
}

func TestMergeWarnsAboutImplausibleDates(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	a.Now = func() time.Time { return time.Date(2031, 5, 1, 8, 0, 0, 0, time.UTC) } // a laptop clock years ahead
	sess := exSession(t, a, 3)
	exp, _ := a.ExportSession(ctx, sess.ID, true)
	b.Now = func() time.Time { return time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC) }
	sum, err := b.MergeSession(ctx, reencode(t, exp), store.MergeSource{})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, w := range sum.Warnings {
		codes = append(codes, w.Table+":"+w.Code)
		if w.String() == "" || w.Count == 0 {
			t.Fatalf("warning %+v", w)
		}
	}
	sort.Strings(codes)
	want := "participants:future_time questions:future_time quiz_answers:future_time quiz_items:future_time quiz_tallies:future_time photos:future_time sessions:future_time sessions:session_date"
	wantList := strings.Fields(want)
	sort.Strings(wantList)
	if strings.Join(codes, " ") != strings.Join(wantList, " ") {
		t.Fatalf("warnings %v", codes)
	}
}

func TestChangedSinceExport(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	s1 := exSession(t, a, 3)
	s2 := mustCreate(t, a, validSession())
	changed, err := a.ChangedSinceExport(ctx)
	if err != nil || len(changed) != 2 || !changed[s1.ID] || !changed[s2.ID] {
		t.Fatalf("before export: %v %v", changed, err)
	}
	exp, _ := a.ExportSession(ctx, s1.ID, false)
	before, _ := a.Session(ctx, s1.ID)
	if err := a.MarkExported(ctx, exp); err != nil {
		t.Fatal(err)
	}
	after, _ := a.Session(ctx, s1.ID)
	if after.Version != before.Version || after.ExportedAt == nil {
		t.Fatalf("marking changed the version or missed exported_at: %+v", after)
	}
	if changed, _ = a.ChangedSinceExport(ctx); len(changed) != 1 || !changed[s2.ID] {
		t.Fatalf("after export: %v", changed)
	}
	list, _ := a.Participants(ctx, s1.ID)
	p := list[0]
	p.Name += " Jr"
	if _, err := a.UpdateParticipant(ctx, p, store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
		t.Fatal(err)
	}
	if changed, _ = a.ChangedSinceExport(ctx); !changed[s1.ID] {
		t.Fatalf("an edit after the export: %v", changed)
	}
	// Imported sessions are not ours to send.
	exportTo(t, a, b, s1.ID, true)
	if changed, _ := b.ChangedSinceExport(ctx); len(changed) != 0 {
		t.Fatalf("imported session counted as not sent: %v", changed)
	}
	if err := a.MarkExported(ctx, &store.SessionExport{}); err == nil {
		t.Fatal("marked an export that was not read from the store")
	}
}

func TestExportDeletedSession(t *testing.T) {
	a, b := mustOpen(t), mustOpen(t)
	sess := exSession(t, a, 3)
	exportTo(t, a, b, sess.ID, true)
	if err := a.DeleteSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	exp, err := a.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	src := store.MergeSource{LaptopID: exp.Session.OriginLaptop, Officer: "Budi", Bundle: "b.zip"}
	var held *store.ErrHeld
	if _, err := b.MergeSession(ctx, reencode(t, exp), src); !errors.As(err, &held) || held.Reason != store.HoldDeletesSession {
		t.Fatalf("a whole session's deletion was not held: %v", err)
	}
	if _, err := b.Session(ctx, sess.ID); err != nil {
		t.Fatalf("the held deletion took effect: %v", err)
	}
	src.Force = true
	if sum, err := b.MergeSession(ctx, reencode(t, exp), src); err != nil || sum.Tables["sessions"].Updated != 1 {
		t.Fatalf("summary %+v %v", sum, err)
	}
	if _, err := b.Session(ctx, sess.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the deletion did not arrive: %v", err)
	}
	if _, err := a.ExportSession(ctx, store.NewID(), true); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}
}

func TestSyncSettings(t *testing.T) {
	s := mustOpen(t)
	key := "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
	saved, err := s.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{" " + key + " ", key, ""}, IdentityFile: "/home/k/kunci.txt"})
	if err != nil || len(saved.Recipients) != 1 {
		t.Fatalf("%+v %v", saved, err)
	}
	got, err := s.SyncSettings(ctx)
	if err != nil || len(got.Recipients) != 1 || got.Recipients[0] != key || got.IdentityFile != "/home/k/kunci.txt" {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := s.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{"ssh-ed25519 AAAA"}}); err == nil {
		t.Fatal("accepted a key that is not age's")
	}
	// The officer's settings form does not touch them.
	settings, _ := s.Settings(ctx)
	settings.OfficerName = "Bripka Ayu"
	if _, err := s.SaveSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.SyncSettings(ctx); len(got.Recipients) != 1 {
		t.Fatal("saving the settings lost the coordinator's key")
	}
}

// AnswerChoices reads and writes JSON exactly as encoding/json does for a
// map[string]int.
func TestAnswerChoicesJSON(t *testing.T) {
	inputs := []string{
		`{}`, `null`, ` { "a" : 1 , "b":-1 } `, `{"0190f5d2-0000-7000-8000-000000000001":2,"0190f5d2-0000-7000-8000-000000000000":0}`,
		`{"a":1,"a":2}`, `{"a\u0041":1}`, `{"<b>":1}`, `{"é":3}`, `{"a":01}`, `{"a":1.0}`, `{"a":1e2}`, `{"a":"1"}`,
		`{"a":1,}`, `{"a":1`, `[]`, `{"a":99999999999999999999}`, `{"a":-}`, `{"a":1} x`, ``, `nul`,
	}
	for _, in := range inputs {
		var want map[string]int
		wantErr := json.Unmarshal([]byte(in), &want)
		var got store.AnswerChoices
		gotErr := json.Unmarshal([]byte(in), &got)
		if (wantErr == nil) != (gotErr == nil) ||
			wantErr == nil && (fmt.Sprint(map[string]int(got)) != fmt.Sprint(want) || (got == nil) != (want == nil)) {
			t.Errorf("%s: got %v %v, want %v %v", in, got, gotErr, want, wantErr)
		}
		if wantErr == nil {
			a, _ := json.Marshal(want)
			b, _ := json.Marshal(got)
			if string(a) != string(b) {
				t.Errorf("%s: marshal %s, want %s", in, b, a)
			}
		}
	}
}

func FuzzAnswerChoices(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":-1}`))
	f.Add([]byte(`{"0190f5d2-0000-7000-8000-000000000001":2}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var want map[string]int
		wantErr := json.Unmarshal(data, &want)
		var got store.AnswerChoices
		gotErr := json.Unmarshal(data, &got)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("errors differ: %v / %v", gotErr, wantErr)
		}
		if wantErr != nil {
			return
		}
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		if string(a) != string(b) {
			t.Fatalf("%s / %s", b, a)
		}
	})
}
