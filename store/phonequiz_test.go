package store_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// TestAnswerSources: a sheet remembers where it came from, the last save
// decides, and results count the sheets by source only when phones took part.
func TestAnswerSources(t *testing.T) {
	tests := []struct {
		name    string
		saves   []string // source of each save, in order, for person 0; person 1 is always typed
		want    string   // person 0's stored source
		sources map[string]int
	}{
		{"typed only", []string{store.SourceTyped}, store.SourceTyped, nil},
		{"phone", []string{store.SourcePhone}, store.SourcePhone, map[string]int{"phone": 1, "typed": 1}},
		{"typed, then the phone", []string{store.SourceTyped, store.SourcePhone}, store.SourcePhone, map[string]int{"phone": 1, "typed": 1}},
		{"phone, then corrected by typing", []string{store.SourcePhone, store.SourceTyped}, store.SourceTyped, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, sess, people, items := quizFixture(t)
			pre := store.PhaseItems(items, store.PhasePre)
			var last store.AnswerSheet
			for i, src := range tt.saves {
				var err error
				if last, err = s.SaveAnswersFrom(ctx, people[0].ID, store.PhasePre, []int{1, 2, i % 2}, src); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.SaveAnswers(ctx, people[1].ID, store.PhasePre, []int{0, 0, 0}); err != nil {
				t.Fatal(err)
			}
			if last.Source != tt.want {
				t.Fatalf("saved source %q, want %q", last.Source, tt.want)
			}
			sheets, err := s.AnswerSheets(ctx, sess.ID)
			if err != nil || len(sheets) != 2 {
				t.Fatalf("%d sheets, %v", len(sheets), err)
			}
			if sheets[0].Source != tt.want || sheets[1].Source != store.SourceTyped {
				t.Fatalf("sources read back %q, %q", sheets[0].Source, sheets[1].Source)
			}
			if sheets[0].Version != len(tt.saves) {
				t.Fatalf("version %d after %d different saves", sheets[0].Version, len(tt.saves))
			}
			data, err := s.QuizData(ctx, sess.ID)
			if err != nil {
				t.Fatal(err)
			}
			r := store.ComputeResults(data)
			if r.Pre == nil || r.Pre.N != 2 || len(r.Pre.Sources) != len(tt.sources) {
				t.Fatalf("pre results %+v", r.Pre)
			}
			for k, n := range tt.sources {
				if r.Pre.Sources[k] != n {
					t.Fatalf("sources %v, want %v", r.Pre.Sources, tt.sources)
				}
			}
			if len(pre) != 3 {
				t.Fatalf("%d pre items", len(pre))
			}
		})
	}
}

func TestSaveAnswersFromRefusesUnknownSource(t *testing.T) {
	s, _, people, _ := quizFixture(t)
	if _, err := s.SaveAnswersFrom(ctx, people[0].ID, store.PhasePre, []int{0, 0, 0}, "sms"); err == nil {
		t.Fatal("an unknown source was saved")
	}
}

func TestAddPhoneParticipant(t *testing.T) {
	s, sess, people, _ := quizFixture(t)
	tests := []struct {
		name    string
		p       store.Participant
		wantErr bool
	}{
		{"new person", store.Participant{Name: "Baiq Nurul", Gender: "P"}, false},
		{"same name as no. 1, the officer said another person", store.Participant{Name: "lalu  ahmad", Gender: "L"}, false},
		{"no gender", store.Participant{Name: "Tanpa"}, true},
		{"phone without consent", store.Participant{Name: "Amaq", Gender: "L", Phone: "081234567890"}, true},
	}
	added := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.SessionID = sess.ID
			p, err := s.AddPhoneParticipant(ctx, tt.p)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v", err)
			}
			if err == nil {
				added++
				ids, err := s.PhoneRegistered(ctx, sess.ID)
				if err != nil || !ids[p.ID] || len(ids) != added {
					t.Fatalf("registered by phone %v %v", ids, err)
				}
			}
		})
	}
	list, _ := s.Participants(ctx, sess.ID)
	if len(list) != len(people)+added {
		t.Fatalf("%d on the list", len(list))
	}
	if m := store.NameMatches(list, "LALU AHMAD "); len(m) != 2 || m[0].ID != people[0].ID {
		t.Fatalf("matches %+v", m)
	}
	if m := store.NameMatches(list, ""); len(m) != 0 {
		t.Fatalf("empty name matched %d", len(m))
	}
}

// TestPhoneSourceTravels: a bundle carries "source":"phone" for phone
// answers only, so a bundle without phone answers is what older versions
// wrote and read, and the coordinator's copy keeps the source.
func TestPhoneSourceTravels(t *testing.T) {
	tests := []struct {
		name  string
		phone bool
	}{{"typed only", false}, {"one sheet from a phone", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := mustOpen(t), mustOpen(t)
			sess := exSession(t, a, 6)
			people, _ := a.Participants(ctx, sess.ID)
			items, _ := a.QuizItems(ctx, sess.ID)
			if tt.phone {
				choices := make([]int, len(store.PhaseItems(items, store.PhasePost)))
				if _, err := a.SaveAnswersFrom(ctx, people[0].ID, store.PhasePost, choices, store.SourcePhone); err != nil {
					t.Fatal(err)
				}
			}
			exp, err := a.ExportSession(ctx, sess.ID, true)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(exp)
			if n := bytes.Count(data, []byte(`"source":"phone"`)); (n == 1) != tt.phone || bytes.Count(data, []byte(`"source"`)) != n {
				t.Fatalf("%d phone sources in the bundle", n)
			}
			exportTo(t, a, b, sess.ID, true)
			sheets, err := b.AnswerSheets(ctx, sess.ID)
			if err != nil {
				t.Fatal(err)
			}
			phones := 0
			for _, s := range sheets {
				if s.Source == store.SourcePhone {
					phones++
					if s.ParticipantID != people[0].ID || s.Phase != store.PhasePost {
						t.Fatalf("phone sheet %+v", s)
					}
				}
			}
			if (phones == 1) != tt.phone || phones > 1 {
				t.Fatalf("%d phone sheets merged", phones)
			}
			exp.QuizAnswers[0].Source = "sms"
			if _, err := b.MergeSession(ctx, exp, store.MergeSource{LaptopID: exp.Session.OriginLaptop, Officer: "AKP Baiq", Bundle: "bad.zip"}); err == nil {
				t.Fatal("a bundle with an unknown answer source merged")
			}
		})
	}
}
