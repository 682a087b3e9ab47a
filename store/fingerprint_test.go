package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/penyuluh/penyuluh/store"
)

// fingerprintFixture is a session with two people (one with a phone),
// a quiz answered by one of them, a question and a photo.
type fingerprintFixture struct {
	s        *store.Store
	sess     store.Session
	withTel  store.Participant
	other    store.Participant
	question store.Question
	photo    store.Photo
	items    []store.QuizItem
}

func newFingerprintFixture(t *testing.T) *fingerprintFixture {
	t.Helper()
	f := &fingerprintFixture{s: mustOpen(t)}
	f.sess = mustSession(t, f.s)
	var err error
	f.withTel, err = f.s.AddParticipant(ctx, store.Participant{SessionID: f.sess.ID, Name: "Ma'ruf", Gender: "L",
		Phone: "0812-3456-7890", Consent: true}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.other, _ = f.s.AddParticipant(ctx, store.Participant{SessionID: f.sess.ID, Name: "Ni Made Ayu Sri Wahyuni", Gender: "P"}, store.AddParticipantOptions{})
	f.items, err = f.s.SnapshotQuiz(ctx, f.sess.ID, []store.QuizItem{{QuestionID: "q01", Phase: store.PhaseBoth,
		Text: "Usia minimal PMI?", Options: []string{"17", "18"}, Letters: []string{"A", "B"}, Answer: 1, PackID: "p", PackVersion: "1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SaveAnswers(ctx, f.other.ID, store.PhasePre, []int{0}); err != nil {
		t.Fatal(err)
	}
	f.question, _ = f.s.AddQuestion(ctx, store.Question{SessionID: f.sess.ID, Text: "Berapa biaya resmi?"})
	f.photo, err = f.s.AddPhoto(ctx, f.sess.ID, "Pembukaan", bytes.NewReader(testJPEG(t, 16, 8, 0)))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fingerprintFixture) print(t *testing.T) string {
	t.Helper()
	fp, err := f.s.Fingerprint(ctx, f.sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

var fingerprintShape = regexp.MustCompile(`^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$`)

func TestFingerprintIsStable(t *testing.T) {
	dir := store.TempDir(t)
	s := mustOpenDir(t, dir)
	sess := mustSession(t, s)
	first, err := s.Fingerprint(ctx, sess.ID)
	if err != nil || !fingerprintShape.MatchString(first) {
		t.Fatalf("fingerprint %q: %v", first, err)
	}
	s.Close()
	reopened := mustOpenDir(t, dir)
	again, err := reopened.Fingerprint(ctx, sess.ID)
	if err != nil || again != first {
		t.Fatalf("after reopening: %q, before %q (%v)", again, first, err)
	}
	if _, err := reopened.Fingerprint(ctx, store.NewID()); err == nil {
		t.Fatal("a fingerprint for a missing session")
	}
}

func TestFingerprintFollowsPrintedData(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(t *testing.T, f *fingerprintFixture) error
		changes bool
	}{
		{"participant name", func(t *testing.T, f *fingerprintFixture) error {
			p := f.other
			p.Name = "Ni Made Ayu Sri Wahyuni S.Pd."
			_, err := f.s.UpdateParticipant(ctx, p, store.AddParticipantOptions{})
			return err
		}, true},
		{"participant deleted", func(t *testing.T, f *fingerprintFixture) error {
			return f.s.DeleteParticipant(ctx, f.withTel.ID)
		}, true},
		{"session venue", func(t *testing.T, f *fingerprintFixture) error {
			sess, _ := f.s.Session(ctx, f.sess.ID)
			sess.Venue = "Balai Desa"
			_, err := f.s.UpdateSession(ctx, sess)
			return err
		}, true},
		{"session version (finalized and reopened)", func(t *testing.T, f *fingerprintFixture) error {
			if _, err := f.s.FinalizeSession(ctx, f.sess.ID); err != nil {
				return err
			}
			_, err := f.s.ReopenSession(ctx, f.sess.ID)
			return err
		}, true},
		{"an answer", func(t *testing.T, f *fingerprintFixture) error {
			_, err := f.s.SaveAnswers(ctx, f.other.ID, store.PhasePre, []int{1})
			return err
		}, true},
		{"question status", func(t *testing.T, f *fingerprintFixture) error {
			q := f.question
			q.Status, q.ReferredTo = store.QuestionReferred, "BP3MI"
			_, err := f.s.UpdateQuestion(ctx, q)
			return err
		}, true},
		{"photo caption", func(t *testing.T, f *fingerprintFixture) error {
			_, err := f.s.UpdatePhotoCaption(ctx, f.photo.ID, "Pembukaan oleh Kepala Desa")
			return err
		}, true},
		{"phone edit", func(t *testing.T, f *fingerprintFixture) error {
			p := f.withTel
			p.Phone = "0813-1111-2222"
			_, err := f.s.UpdateParticipant(ctx, p, store.AddParticipantOptions{})
			return err
		}, false},
		{"phone added with consent", func(t *testing.T, f *fingerprintFixture) error {
			p := f.other
			p.Phone, p.Consent = "0813-1111-2222", true
			_, err := f.s.UpdateParticipant(ctx, p, store.AddParticipantOptions{})
			return err
		}, false},
		{"confidential question added", func(t *testing.T, f *fingerprintFixture) error {
			_, err := f.s.AddQuestion(ctx, store.Question{SessionID: f.sess.ID, Text: "Saya sudah membayar Rp15 juta ke sponsor.",
				Confidential: true, Status: store.QuestionFollowUp})
			return err
		}, false},
		{"edit that changes nothing", func(t *testing.T, f *fingerprintFixture) error {
			_, err := f.s.UpdateParticipant(ctx, f.other, store.AddParticipantOptions{})
			return err
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFingerprintFixture(t)
			before := f.print(t)
			if err := tt.edit(t, f); err != nil {
				t.Fatal(err)
			}
			after := f.print(t)
			if (after != before) != tt.changes {
				t.Fatalf("fingerprint %s → %s, want changed=%v", before, after, tt.changes)
			}
		})
	}
}

func TestCanonicalJSON(t *testing.T) {
	name := "Ni Made Ayu Sri Wahyuni"
	composed := store.SessionContent{
		Session: store.Session{ID: "s", Title: "Café <Sakra> & Désa", Version: 3},
		Quiz:    store.QuizData{Participants: []store.Participant{{ID: "p", Number: 1, Name: name + " é", Phone: "+6281234567890"}}},
	}
	decomposed := composed
	decomposed.Session.Title = norm.NFD.String(composed.Session.Title)
	decomposed.Quiz.Participants = []store.Participant{{ID: "p", Number: 1, Name: norm.NFD.String(name + " é")}}
	js := string(store.CanonicalJSON(composed))
	if !strings.HasPrefix(js, `{"answers":[],"format":1,"participants":[{"age":null,"category":"","gender":"","guardian_present":null,"id":"p","name":"Ni Made Ayu Sri Wahyuni é"`) {
		t.Fatalf("keys not sorted or not compact: %s", js)
	}
	if strings.Contains(js, "\n") || strings.Contains(js, `": `) || strings.Contains(js, "+628") || !strings.Contains(js, "<Sakra> &") {
		t.Fatalf("white space, a phone or escaped HTML in %s", js)
	}
	if store.SessionFingerprint(composed) != store.SessionFingerprint(decomposed) {
		t.Fatal("NFD text gives another fingerprint than NFC")
	}
	bumped := composed
	bumped.Session.Version++
	if store.SessionFingerprint(composed) == store.SessionFingerprint(bumped) {
		t.Fatal("the version is not in the fingerprint")
	}
}

// referenceJSON is CanonicalJSON written with encoding/json and maps
// (which sorts keys), to check the hand-written encoder against.
func referenceJSON(t *testing.T, c store.SessionContent) []byte {
	t.Helper()
	type obj = map[string]any
	s := c.Session
	officers := []any{}
	for _, o := range s.Officers {
		officers = append(officers, obj{"name": nfc(o.Name), "nrp": nfc(o.NRP), "unit": nfc(o.Unit)})
	}
	people := append([]store.Participant(nil), c.Quiz.Participants...)
	sort.Slice(people, func(i, j int) bool { return people[i].Number < people[j].Number })
	participants := []any{}
	for _, p := range people {
		participants = append(participants, obj{"id": p.ID, "number": p.Number, "name": nfc(p.Name), "gender": p.Gender,
			"age": p.Age, "category": string(p.Category), "village": nfc(p.Village), "guardian_present": p.GuardianPresent})
	}
	items := []any{}
	for _, i := range c.Quiz.Items {
		options := make([]string, len(i.Options))
		for k, o := range i.Options {
			options[k] = nfc(o)
		}
		items = append(items, obj{"id": i.ID, "position": i.Position, "question_id": i.QuestionID, "phase": string(i.Phase),
			"text": nfc(i.Text), "options": options, "letters": i.Letters, "answer": i.Answer,
			"explanation": nfc(i.Explanation), "topic": i.Topic, "pack_id": i.PackID, "pack_version": i.PackVersion})
	}
	sheets := append([]store.AnswerSheet(nil), c.Quiz.Sheets...)
	sort.Slice(sheets, func(i, j int) bool {
		return sheets[i].ParticipantID+string(sheets[i].Phase) < sheets[j].ParticipantID+string(sheets[j].Phase)
	})
	answers := []any{}
	for _, a := range sheets {
		answers = append(answers, obj{"participant_id": a.ParticipantID, "phase": string(a.Phase), "choices": a.Choices})
	}
	tallies := []any{}
	for _, x := range c.Quiz.Tallies {
		counts := x.Counts
		if counts == nil {
			counts = []int{}
		}
		tallies = append(tallies, obj{"item_id": x.ItemID, "phase": string(x.Phase), "counts": counts, "correct": x.Correct, "present": x.Present})
	}
	questions := []any{}
	for _, q := range c.Questions {
		if !q.Confidential {
			questions = append(questions, obj{"id": q.ID, "number": q.Number, "text": nfc(q.Text), "asked_by": q.AskedBy,
				"topic": string(q.Topic), "answer": nfc(q.Answer), "status": string(q.Status), "referred_to": nfc(q.ReferredTo),
				"urgent": q.Urgent, "closed_on": q.ClosedOn, "closed_note": nfc(q.ClosedNote)})
		}
	}
	photos := []any{}
	for _, p := range c.Photos {
		photos = append(photos, obj{"id": p.ID, "position": p.Position, "caption": nfc(p.Caption), "sha256": p.SHA256})
	}
	doc := obj{"format": 1, "answers": answers, "participants": participants, "quiz_items": items, "tallies": tallies,
		"questions": questions, "photos": photos, "session": obj{
			"id": s.ID, "pack_id": s.PackID, "pack_version": s.PackVersion, "title": nfc(s.Title), "date": s.Date,
			"start_time": s.StartTime, "village": nfc(s.Village), "district": nfc(s.District), "regency": nfc(s.Regency),
			"province": nfc(s.Province), "venue": nfc(s.Venue), "officers": officers, "partners": nfc(s.Partners),
			"notes": nfc(s.Notes), "status": string(s.Status), "version": s.Version}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func nfc(s string) string { return norm.NFC.String(s) }

func TestCanonicalJSONMatchesEncodingJSON(t *testing.T) {
	f := newFingerprintFixture(t)
	if _, err := f.s.AddQuestion(ctx, store.Question{SessionID: f.sess.ID, Text: "Rahasia", Confidential: true}); err != nil {
		t.Fatal(err)
	}
	correct, present := 3, 9
	if _, err := f.s.SaveTally(ctx, f.items[0].ID, store.PhasePost, store.Tally{Correct: &correct, Present: &present}); err != nil && !errors.Is(err, store.ErrTallyExceedsAttendance) {
		t.Fatal(err)
	}
	sess, _ := f.s.Session(ctx, f.sess.ID)
	quiz, _ := f.s.QuizData(ctx, f.sess.ID)
	questions, _ := f.s.Questions(ctx, f.sess.ID)
	photos, _ := f.s.Photos(ctx, f.sess.ID)
	real := store.SessionContent{Session: sess, Quiz: quiz, Questions: questions, Photos: photos}

	odd := real
	odd.Session.Title = "Tanda \"kutip\" \\ <b>&</b> \u2028\u2029 \x01\x1f \t\r\n é \xff 🙏🏽"
	odd.Session.Notes = norm.NFD.String("Café Désa")
	odd.Quiz.Tallies = append(odd.Quiz.Tallies, store.Tally{ItemID: "a", Phase: store.PhasePre, Counts: []int{1, 2}})
	empty := store.SessionContent{Session: store.Session{ID: "s"}}
	for name, c := range map[string]store.SessionContent{"stored session": real, "odd text": odd, "empty": empty} {
		t.Run(name, func(t *testing.T) {
			got, want := store.CanonicalJSON(c), referenceJSON(t, c)
			if !bytes.Equal(got, want) {
				t.Fatalf("hand-written JSON differs from encoding/json:\n got %s\nwant %s", got, want)
			}
		})
	}
}
