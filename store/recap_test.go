package store_test

import (
	"errors"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// recapFixture: four held sessions in two regencies and three districts,
// a draft and a deleted session that a recap leaves out.
func recapFixture(t *testing.T) (*store.Store, []store.Session) {
	t.Helper()
	s := mustOpen(t)
	places := []struct{ date, district, regency string }{
		{"2026-02-10", "Sakra", "Lombok Timur"},
		{"2026-02-20", "Sakra", "Lombok Timur"},
		{"2026-03-05", "Aikmel", "Lombok Timur"},
		{"2026-02-15", "Pujut", "Lombok Tengah"},
	}
	var list []store.Session
	for i, p := range places {
		sess := exSession(t, s, 8+i)
		sess.Date, sess.District, sess.Regency = p.date, p.district, p.regency
		sess, err := s.UpdateSession(ctx, sess)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, sess)
	}
	draft := validSession()
	draft.Regency = "Lombok Timur"
	mustCreate(t, s, draft)
	gone := exSession(t, s, 3)
	gone.Regency = "Lombok Timur"
	s.UpdateSession(ctx, gone)
	if err := s.DeleteSession(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	return s, list
}

func TestRecapTotals(t *testing.T) {
	s, list := recapFixture(t)
	r, err := s.Recap(ctx, store.RecapFilter{}, store.RecapOptions{Questions: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Totals.Sessions != 4 || len(r.Sessions) != 4 {
		t.Fatalf("%d sessions", r.Totals.Sessions)
	}
	var people, open, urgent, withheld int
	for _, sess := range list {
		ps, _ := s.Participants(ctx, sess.ID)
		people += len(ps)
		qs, _ := s.Questions(ctx, sess.ID)
		for _, q := range qs {
			if q.Open() {
				open++
				if q.Urgent {
					urgent++
				}
			}
			if q.Confidential {
				withheld++
			}
		}
	}
	tt := r.Totals
	if tt.Participants != people || tt.Male+tt.Female != people || tt.OpenFollowUps != open || tt.UrgentFollowUps != urgent {
		t.Fatalf("totals %+v, want %d people, %d open, %d urgent", tt, people, open, urgent)
	}
	sum := 0
	for _, n := range tt.ByCategory {
		sum += n
	}
	if sum != people {
		t.Fatalf("categories add up to %d, want %d", sum, people)
	}
	if tt.PreMean == nil || tt.PostMean == nil || tt.Gain == nil {
		t.Fatalf("quiz means %+v", tt)
	}
	questions := 0
	for _, rs := range r.Sessions {
		for _, q := range rs.Questions {
			if q.Confidential {
				t.Fatal("a confidential question in the recap")
			}
		}
		questions += len(rs.Questions)
	}
	if withheld == 0 || questions == 0 {
		t.Fatal("the fixture needs confidential and other questions")
	}
	if len(r.Regencies) != 2 || r.Regencies[0].Name != "Lombok Tengah" || r.Regencies[1].Name != "Lombok Timur" {
		t.Fatalf("regencies %+v", r.Regencies)
	}
	timur := r.Regencies[1]
	if timur.Totals.Sessions != 3 || len(timur.Districts) != 2 || timur.Districts[0].Name != "Aikmel" ||
		timur.Districts[1].Name != "Sakra" || timur.Districts[1].Totals.Sessions != 2 {
		t.Fatalf("Lombok Timur %+v", timur)
	}
	if r.Sessions[0].Session.Date != "2026-02-10" || r.Sessions[3].Session.Date != "2026-03-05" {
		t.Fatal("sessions are not in date order")
	}
}

func TestRecapFilter(t *testing.T) {
	s, _ := recapFixture(t)
	tests := []struct {
		filter store.RecapFilter
		want   int
	}{
		{store.RecapFilter{Regency: "lombok timur"}, 3},
		{store.RecapFilter{Regency: " Lombok Timur ", District: "SAKRA"}, 2},
		{store.RecapFilter{From: "2026-02-15", To: "2026-02-28"}, 2},
		{store.RecapFilter{From: "2026-03-01"}, 1},
		{store.RecapFilter{To: "2026-02-10"}, 1},
		{store.RecapFilter{Regency: "Sumbawa"}, 0},
	}
	for _, tt := range tests {
		r, err := s.Recap(ctx, tt.filter, store.RecapOptions{})
		if err != nil || r.Totals.Sessions != tt.want {
			t.Errorf("%+v: %d sessions, %v", tt.filter, r.Totals.Sessions, err)
		}
	}
	for _, bad := range []store.RecapFilter{{From: "2026-13-01"}, {From: "2026-03-01", To: "2026-02-01"}} {
		if _, err := s.Recap(ctx, bad, store.RecapOptions{}); !errors.As(err, new(store.ValidationError)) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	empty, err := mustOpen(t).Recap(ctx, store.RecapFilter{}, store.RecapOptions{})
	if err != nil || empty.Totals.Sessions != 0 || empty.Totals.PreMean != nil || empty.Regencies == nil {
		t.Fatalf("%+v %v", empty, err)
	}
}
