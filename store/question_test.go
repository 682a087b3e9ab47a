package store_test

import (
	"errors"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

func TestQuestionsAndFollowUps(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	asker, _ := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Inaq Sumiati", Gender: "P"}, store.AddParticipantOptions{})

	if _, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "  "}); err == nil {
		t.Fatal("empty question saved")
	}
	if _, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Ke mana?", Status: store.QuestionReferred}); err == nil {
		t.Fatal("a referral without a target saved")
	}
	if _, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Siapa?", AskedBy: store.NewID()}); err == nil {
		t.Fatal("a question asked by a stranger saved")
	}
	answered, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Berapa biaya resmi?", Topic: store.TopicCosts,
		Answer: "PMI tidak boleh dibebani biaya penempatan.", AskedBy: asker.ID})
	if err != nil {
		t.Fatal(err)
	}
	tip, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: "Ada sponsor membawa anak tetangga minggu depan.",
		Topic: store.TopicReporting, Status: store.QuestionReferred, ReferredTo: "Unit PPA/PPO", Urgent: true, Confidential: true})
	if err != nil {
		t.Fatal(err)
	}
	if answered.Number != 1 || tip.Number != 2 || answered.Open() || !tip.Open() {
		t.Fatalf("numbers %d %d, open %v %v", answered.Number, tip.Number, answered.Open(), tip.Open())
	}
	open, _ := s.OpenFollowUps(ctx)
	if n, _ := s.CountOpenFollowUps(ctx); n != 1 || len(open) != 1 || open[0].ID != tip.ID || open[0].Village != sess.Village {
		t.Fatalf("open follow-ups: %d %+v", n, open)
	}

	// A finalized session is read-only except for the follow-up.
	if _, err := s.FinalizeSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	edit := answered
	edit.Text = "diubah"
	if _, err := s.UpdateQuestion(ctx, edit); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("editing a finalized question: %v", err)
	}
	if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Baru", Gender: "L"}, store.AddParticipantOptions{}); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("adding to a finalized session: %v", err)
	}
	if _, err := s.CloseFollowUp(ctx, tip.ID, "", "note"); err == nil {
		t.Fatal("closed without a date")
	}
	closed, err := s.CloseFollowUp(ctx, tip.ID, "2026-03-01", "Ditangani Unit PPA; keberangkatan dicegah.")
	if err != nil || closed.Open() {
		t.Fatalf("close follow-up: %+v %v", closed, err)
	}
	if n, _ := s.CountOpenFollowUps(ctx); n != 0 {
		t.Fatalf("%d open after closing", n)
	}
	reopened, err := s.ReopenSession(ctx, sess.ID)
	if err != nil || reopened.Status != store.StatusHeld {
		t.Fatalf("reopen: %+v %v", reopened, err)
	}
	if err := s.DeleteQuestion(ctx, answered.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Questions(ctx, sess.ID); len(list) != 1 {
		t.Fatalf("%d questions after delete", len(list))
	}
}
