package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// TestSessionSearch: every word typed must be somewhere in the session's
// title, place or date, in any order; the date is found as stored, as the
// list shows it, as officers write it and as the report prints it.
func TestSessionSearch(t *testing.T) {
	list := []store.SessionSummary{
		{ID: "sakra", Title: "Sosialisasi TPPO", Village: "Sakra", District: "Sakra", Regency: "Lombok Timur", Date: "2026-02-28"},
		{ID: "pringgabaya", Title: "Migrasi aman", Village: "Pringgabaya", District: "Pringgabaya", Regency: "Lombok Timur", Date: "2026-03-02"},
		{ID: "praya", Title: "Sosialisasi TPPO", Village: "Praya", District: "Praya", Regency: "Lombok Tengah", Date: "2025-12-05"},
		{ID: "undated", Title: "Sosialisasi di sekolah", Village: "Masbagik", Regency: "Lombok Timur", Date: ""},
	}
	if err := applyLanguage(store.LangIndonesian); err != nil {
		t.Fatal(err)
	}
	hay := searchTexts(list, uiDateNames())
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"", []string{"sakra", "pringgabaya", "praya", "undated"}},
		{"sakra 2026-02", []string{"sakra"}}, // place and month, with the regency between them
		{"2026-02 SAKRA", []string{"sakra"}}, // any order, any case
		{"  lombok   timur  ", []string{"sakra", "pringgabaya", "undated"}},
		{"timur tppo", []string{"sakra"}},
		{"sab, 28 feb", []string{"sakra"}}, // as the list shows it
		{"februari", []string{"sakra"}},    // as the report prints it
		{"sabtu", []string{"sakra"}},
		{"28-02-2026", []string{"sakra"}}, // as officers write it
		{"28/02/2026", []string{"sakra"}},
		{"28.02", []string{"sakra"}},
		{"2/3/2026", []string{"pringgabaya"}}, // no leading zeros
		{"des 2025", []string{"praya"}},
		{"2026", []string{"sakra", "pringgabaya"}},
		{"tppo tengah 2026", nil}, // each word alone matches, not all together
		{"zzz", nil},
		{"masbagik", []string{"undated"}},
	} {
		var got []string
		words := searchWords(tc.typed)
		for i, row := range list {
			if holdsAll(hay[i], words) {
				got = append(got, row.ID)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("searching %q found %v, want %v", tc.typed, got, tc.want)
		}
	}
}

// TestSessionSearchKeyboard: type, Enter opens the top row; or Down into
// the list, Down again and Enter opens that row. Enter on an empty search
// opens nothing.
func TestSessionSearchKeyboard(t *testing.T) {
	mw := newTestWindow(t)
	for _, village := range []string{"Sakra", "Praya", "Masbagik"} {
		sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 1})
		if err != nil {
			t.Fatal(err)
		}
		sess.Title, sess.Village = "Sosialisasi di "+village, village
		if _, err := mw.store.UpdateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	listed := func() *sessionsScreen {
		s := newSessionsScreen(mw)
		s.show()
		mw.win.Canvas().Focus(s.filter)
		return s
	}
	opened := func() string {
		t.Helper()
		title := ""
		walk(mw.body, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "Sosialisasi di ") && title == "" {
				title = l.Text
			}
		})
		return title
	}

	s := listed()
	press(s.filter, fyne.KeyReturn)
	if s.list.Length() != 3 || opened() != "" {
		t.Fatalf("Enter on an empty search left %d rows, opened %q", s.list.Length(), opened())
	}

	s = listed()
	test.Type(s.filter, "praya")
	press(s.filter, fyne.KeyReturn)
	if got := opened(); got != "Sosialisasi di Praya" {
		t.Fatalf("typing praya and Enter opened %q", got)
	}

	s = listed()
	second := s.shown[1].Title
	press(s.filter, fyne.KeyDown)
	if mw.win.Canvas().Focused() != s.list {
		t.Fatalf("Down from the search focused %T", mw.win.Canvas().Focused())
	}
	press(s.list, fyne.KeyDown)
	press(s.list, fyne.KeyReturn)
	if got := opened(); got != second {
		t.Fatalf("Down, Down, Enter opened %q, want the second row %q", got, second)
	}
}
