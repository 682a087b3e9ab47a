package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

func intp(v int) *int { return &v }

func mustSession(t testing.TB, s *store.Store) store.Session {
	t.Helper()
	return mustCreate(t, s, validSession())
}

func TestParticipantNames(t *testing.T) {
	tests := []struct {
		name, typed, stored string
		code                string // "" when accepted
	}{
		{"Balinese", "Ni Made Ayu Sri Wahyuni", "Ni Made Ayu Sri Wahyuni", ""},
		{"Sasak", "Baiq Nurul Hidayati", "Baiq Nurul Hidayati", ""},
		{"straight apostrophe", "Ma'ruf", "Ma'ruf", ""},
		{"curly apostrophe", "Syafi’i", "Syafi’i", ""},
		{"one word", "Isa", "Isa", ""},
		{"title", "Hj. Siti Aminah", "Hj. Siti Aminah", ""},
		{"spaces collapsed", "  Lalu   Muhammad \t Zaini ", "Lalu Muhammad Zaini", ""},
		{"NFC", "Nengah Sute\u0301ja", "Nengah Sutéja", ""},
		{"other script", "ᬦᬶ ᬫᬤᬾ", "ᬦᬶ ᬫᬤᬾ", ""},
		{"emoji", "Dewi 🌸", "Dewi 🌸", ""},
		{"200 characters", strings.Repeat("a", 200), strings.Repeat("a", 200), ""},
		{"201 characters", strings.Repeat("a", 201), "", store.CodeTooLong},
		{"control character", "Siti\x00Aminah", "", store.CodeControlChars},
		{"bell", "Siti\aAminah", "", store.CodeControlChars},
		{"invalid UTF-8", "Siti \xc3\x28", "", store.CodeInvalidUTF8},
		{"empty", "   ", "", store.CodeRequired},
	}
	s := mustOpen(t)
	sess := mustSession(t, s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: tt.typed, Gender: "P"},
				store.AddParticipantOptions{AllowDuplicate: true})
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				got, _ := s.Participant(ctx, p.ID)
				if got.Name != tt.stored {
					t.Fatalf("stored %q, want %q", got.Name, tt.stored)
				}
				return
			}
			verr, ok := store.AsValidation(err)
			if fe, found := verr.For(store.FieldName); !ok || !found || fe.Code != tt.code {
				t.Fatalf("want %s, got %v", tt.code, err)
			}
		})
	}
}

func TestPhones(t *testing.T) {
	tests := []struct {
		typed, want string
		ok          bool
	}{
		{"0812-3456-7890", "+6281234567890", true},
		{"0812 3456 7890", "+6281234567890", true},
		{"+62 812 3456 7890", "+6281234567890", true},
		{"6281234567890", "+6281234567890", true},
		{"+62-370-621234", "+62370621234", true}, // Mataram landline
		{"12345", "", false},
		{"0812", "", false},
		{"nomor saya", "", false},
		{"+1 202 555 0100 9999 9999", "", false},
	}
	for _, tt := range tests {
		got, ok := store.NormalizePhone(tt.typed)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%q: got %q %v, want %q %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPhoneNeedsConsent(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	p := store.Participant{SessionID: sess.ID, Name: "Baiq Nurul", Gender: "P", Phone: "081234567890"}
	_, err := s.AddParticipant(ctx, p, store.AddParticipantOptions{})
	if verr, _ := store.AsValidation(err); len(verr) == 0 || verr[0].Code != store.CodeNeedsConsent {
		t.Fatalf("phone without consent: %v", err)
	}
	p.Consent = true
	saved, err := s.AddParticipant(ctx, p, store.AddParticipantOptions{})
	if err != nil || saved.Phone != "+6281234567890" {
		t.Fatalf("with consent: %+v %v", saved, err)
	}
}

func TestLikelyDuplicateIsFlagged(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	first, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Ma'ruf", Gender: "L", Village: "Sakra"}, store.AddParticipantOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: " ma’ruf ", Gender: "L", Village: "Sakra"}, store.AddParticipantOptions{})
	var dup store.ErrLikelyDuplicate
	if !errors.As(err, &dup) || dup.Existing.ID != first.ID {
		t.Fatalf("duplicate not flagged: %v", err)
	}
	if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Ma'ruf", Gender: "L", Village: "Pringgabaya"}, store.AddParticipantOptions{}); err != nil {
		t.Fatalf("same name, other village refused: %v", err)
	}
	if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Ma'ruf", Gender: "L", Village: "Sakra"}, store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
		t.Fatalf("confirmed duplicate refused: %v", err)
	}
	list, _ := s.Participants(ctx, sess.ID)
	if len(list) != 3 {
		t.Fatalf("%d participants", len(list))
	}
}

func TestParticipantFields(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	tests := []struct {
		name  string
		p     store.Participant
		field string
	}{
		{"no gender", store.Participant{Name: "Isa"}, store.FieldGender},
		{"odd gender", store.Participant{Name: "Isa", Gender: "X"}, store.FieldGender},
		{"age 121", store.Participant{Name: "Isa", Gender: "L", Age: intp(121)}, store.FieldAge},
		{"negative age", store.Participant{Name: "Isa", Gender: "L", Age: intp(-1)}, store.FieldAge},
		{"unknown category", store.Participant{Name: "Isa", Gender: "L", Category: "vip"}, store.FieldCategory},
		{"bad phone", store.Participant{Name: "Isa", Gender: "L", Phone: "123", Consent: true}, store.FieldPhone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.SessionID = sess.ID
			_, err := s.AddParticipant(ctx, tt.p, store.AddParticipantOptions{})
			verr, _ := store.AsValidation(err)
			if _, ok := verr.For(tt.field); !ok {
				t.Fatalf("want a problem with %s, got %v", tt.field, err)
			}
		})
	}
	if list, _ := s.Participants(ctx, sess.ID); len(list) != 0 {
		t.Fatalf("invalid rows saved: %d", len(list))
	}
	for _, g := range []string{"l", "Laki-laki", "PEREMPUAN", "p"} {
		if _, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: "Nama " + g, Gender: g}, store.AddParticipantOptions{}); err != nil {
			t.Errorf("gender %q refused: %v", g, err)
		}
	}
}

func TestAttendanceLifecycle(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	yes := true
	add := func(name, gender string, age *int, cat store.Category) store.Participant {
		p, err := s.AddParticipant(ctx, store.Participant{SessionID: sess.ID, Name: name, Gender: gender, Age: age,
			Category: cat, GuardianPresent: &yes}, store.AddParticipantOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := add("Lalu Ahmad", "L", intp(34), store.CategoryProspectiveMigrant)
	b := add("Baiq Rina", "P", intp(16), store.CategoryStudent)
	add("Inaq Sumiati", "P", nil, store.CategoryMigrantFamily)
	if a.Number != 1 || b.Number != 2 || a.GuardianPresent != nil || b.GuardianPresent == nil {
		t.Fatalf("numbers %d %d, guardian %v %v", a.Number, b.Number, a.GuardianPresent, b.GuardianPresent)
	}
	if got, _ := s.Session(ctx, sess.ID); got.Status != store.StatusHeld {
		t.Fatalf("session status %s after attendance, want held", got.Status)
	}

	list, _ := s.Participants(ctx, sess.ID)
	tot := store.Totals(list)
	if tot.Total != 3 || tot.Male != 1 || tot.Female != 2 || tot.Children != 1 ||
		tot.ByCategory[store.CategoryStudent] != 1 || tot.ByAgeBand["25–39"] != 1 || tot.ByAgeBand[""] != 1 {
		t.Fatalf("totals: %+v", tot)
	}

	if err := s.DeleteParticipant(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	c := add("Amaq Rahman", "L", intp(61), store.CategoryCommunityLeader)
	if c.Number != 4 {
		t.Fatalf("running number after a deletion: %d, want 4", c.Number)
	}
	summaries, _ := s.Sessions(ctx)
	if summaries[0].Participants != 3 {
		t.Fatalf("session list counts %d participants, want 3", summaries[0].Participants)
	}
	if err := s.UndeleteParticipant(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	a.Age = intp(35)
	edited, err := s.UpdateParticipant(ctx, a, store.AddParticipantOptions{})
	if err != nil || edited.Version != 2 || *edited.Age != 35 {
		t.Fatalf("edit: %+v %v", edited, err)
	}
	if villages, _ := s.Villages(ctx, sess.ID); len(villages) != 0 {
		t.Fatalf("villages: %v", villages)
	}
}

func TestSearchParticipants(t *testing.T) {
	list := []store.Participant{
		{Number: 1, Name: "Syafi’i", Village: "Sakra"},
		{Number: 2, Name: "Ni Made Ayu", Village: "Pringgabaya"},
		{Number: 12, Name: "Hj. Siti Aminah", Village: "Masbagik"},
	}
	tests := map[string]int{"syafi'i": 1, "  made  ": 1, "PRINGGA": 1, "12": 1, "": 3, "zz": 0, "a": 3}
	for q, want := range tests {
		if got := len(store.SearchParticipants(list, q)); got != want {
			t.Errorf("%q: %d matches, want %d", q, got, want)
		}
	}
}
