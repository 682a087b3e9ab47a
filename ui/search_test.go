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
// list shows it, as officers write it and as the report prints it, and a
// day and month typed (26/03, 8-2) find that day, not others that happen
// to hold the same digits.
func TestSessionSearch(t *testing.T) {
	list := []store.SessionSummary{
		{ID: "sakra", Title: "Sosialisasi TPPO", Village: "Sakra", District: "Sakra", Regency: "Lombok Timur", Date: "2026-02-28"},
		{ID: "pringgabaya", Title: "Migrasi aman", Village: "Pringgabaya", District: "Pringgabaya", Regency: "Lombok Timur", Date: "2026-03-02"},
		{ID: "praya", Title: "Sosialisasi TPPO", Village: "Praya", District: "Praya", Regency: "Lombok Tengah", Date: "2025-12-05"},
		{ID: "undated", Title: "Sosialisasi di sekolah", Village: "Masbagik", Regency: "Lombok Timur", Date: ""},
		{ID: "tanjung", Title: "Sesi No.1.2", Village: "Tanjung", District: "Tanjung", Regency: "Lombok Utara", Date: "2026-03-01"},
		{ID: "gangga", Title: "Penyuluhan", Village: "Gangga", District: "Gangga", Regency: "Lombok Utara", Date: "2026-03-26"},
		{ID: "bayan", Title: "Penyuluhan", Village: "Bayan", District: "Bayan", Regency: "Lombok Utara", Date: "2026-02-08"},
		{ID: "kayangan", Title: "Penyuluhan", Village: "Kayangan", District: "Kayangan", Regency: "Lombok Utara", Date: "2026-08-15"},
	}
	all := []string{"sakra", "pringgabaya", "praya", "undated", "tanjung", "gangga", "bayan", "kayangan"}
	if err := applyLanguage(store.LangIndonesian); err != nil {
		t.Fatal(err)
	}
	hay := searchTexts(list, uiDateNames())
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"", all},
		{"sakra 2026-02", []string{"sakra"}}, // place and month, with the regency between them
		{"2026-02 SAKRA", []string{"sakra"}}, // any order, any case
		{"  lombok   timur  ", []string{"sakra", "pringgabaya", "undated"}},
		{"timur tppo", []string{"sakra"}},
		{"sab, 28 feb", []string{"sakra"}},       // as the list shows it
		{"februari", []string{"sakra", "bayan"}}, // as the report prints it
		{"sabtu", []string{"sakra", "kayangan"}}, // 28 Feb and 15 Aug 2026
		{"28-02-2026", []string{"sakra"}},        // as officers write it
		{"28/02/2026", []string{"sakra"}},
		{"28.02", []string{"sakra"}},
		{"2/3/2026", []string{"pringgabaya"}}, // no leading zeros
		{"2/3", []string{"pringgabaya"}},
		{"26/03", []string{"gangga"}}, // not 2026-03-01 and 2026-03-02
		{"26-03", []string{"gangga"}},
		{"26.03", []string{"gangga"}},
		{"26/", []string{"gangga"}},                              // still typing
		{"8/2", []string{"bayan"}},                               // not 15-08-2026
		{"8-1", nil},                                             // 8 January
		{"3/2026", []string{"pringgabaya", "tanjung", "gangga"}}, // a month
		{"03-2026", []string{"pringgabaya", "tanjung", "gangga"}},
		{"no.1.2", []string{"tanjung"}},
		{"2026-3", []string{"pringgabaya", "tanjung", "gangga"}},
		{"2026/03", []string{"pringgabaya", "tanjung", "gangga"}},
		{"1.2", []string{"tanjung"}}, // the title; no session on 1 February
		{"31/02/2026", nil},
		{"des 2025", []string{"praya"}},
		{"2026", []string{"sakra", "pringgabaya", "tanjung", "gangga", "bayan", "kayangan"}},
		{"utara utara", []string{"tanjung", "gangga", "bayan", "kayangan"}},
		{"tppo tengah 2026", nil}, // each word alone matches, not all together
		{"/", all},                // punctuation alone says nothing
		{"- . —", all},
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

// TestSessionSearchKeyboard: the search has the keyboard on arrival; type,
// Enter opens the top row; or Down into the list, Down again and Enter
// opens that row. Enter on an empty search opens nothing; the list's row
// starts at the top whenever Down enters it; and the opened screen does
// not leave the keyboard on the list's hidden search.
func TestSessionSearchKeyboard(t *testing.T) {
	mw := newTestWindow(t)
	for _, village := range []string{"Sakra", "Praya", "Masbagik", "Praya Barat"} {
		sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 1})
		if err != nil {
			t.Fatal(err)
		}
		// A place no other session has: Demo picks its places at random.
		sess.Title, sess.Village, sess.District, sess.Regency = "Sosialisasi di "+village, village, "Kecamatan "+village, "Kabupaten Uji"
		if _, err := mw.store.UpdateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	focused := func() fyne.Focusable { return mw.win.Canvas().Focused() }
	listed := func() *sessionsScreen {
		t.Helper()
		s := newSessionsScreen(mw)
		s.show()
		if focused() != s.filter {
			t.Fatalf("the list arrives with the keyboard on %T, not the search", focused())
		}
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
	if s.list.Length() != 4 || opened() != "" {
		t.Fatalf("Enter on an empty search left %d rows, opened %q", s.list.Length(), opened())
	}

	s = listed()
	test.Type(s.filter, "praya")
	top := s.shown[0].Title
	if s.list.Length() != 2 {
		t.Fatalf("praya shows %d rows", s.list.Length())
	}
	press(s.filter, fyne.KeyReturn)
	if got := opened(); got != top {
		t.Fatalf("typing praya and Enter opened %q, want the top row %q", got, top)
	}
	if f := focused(); f == s.filter || f == s.list {
		t.Fatalf("the opened session left the keyboard on the list's %T", f)
	}

	s = listed()
	second := s.shown[1].Title
	press(s.filter, fyne.KeyDown)
	if focused() != s.list {
		t.Fatalf("Down from the search focused %T", focused())
	}
	press(s.list, fyne.KeyDown)
	press(s.list, fyne.KeyReturn)
	if got := opened(); got != second {
		t.Fatalf("Down, Down, Enter opened %q, want the second row %q", got, second)
	}

	// Down to the last row, back to the search, a narrower search: Down
	// and Enter, or Shift+Tab and Enter, open its first row, not a row
	// that is no longer there.
	narrowed := func() *sessionsScreen {
		s := listed()
		press(s.filter, fyne.KeyDown)
		for range 5 {
			press(s.list, fyne.KeyDown)
		}
		mw.win.Canvas().Focus(s.filter)
		test.Type(s.filter, "masbagik")
		return s
	}
	s = narrowed()
	press(s.filter, fyne.KeyDown)
	press(s.list, fyne.KeyReturn)
	if got := opened(); got != "Sosialisasi di Masbagik" {
		t.Fatalf("after a narrower search, Down and Enter opened %q", got)
	}
	s = narrowed()
	mw.win.Canvas().FocusPrevious()
	if focused() != s.list {
		t.Fatalf("Shift+Tab from the search focused %T", focused())
	}
	press(s.list, fyne.KeyReturn)
	if got := opened(); got != "Sosialisasi di Masbagik" {
		t.Fatalf("after a narrower search, Shift+Tab and Enter opened %q", got)
	}
}

// TestEnterList: Enter chooses the keyboard's row, and home finds Fyne's
// own record of that row (a private field: this fails if it is renamed).
func TestEnterList(t *testing.T) {
	mw := newTestWindow(t)
	chosen := -1
	l := newEnterList(func() int { return 5 }, func() fyne.CanvasObject { return widget.NewLabel("row") },
		func(widget.ListItemID, fyne.CanvasObject) {}, func(id widget.ListItemID) { chosen = id })
	mw.win.SetContent(l)
	mw.win.Canvas().Focus(l)
	for range 3 {
		press(l, fyne.KeyDown)
	}
	row, ok := l.keyboardRow()
	if !ok || row.Int() != 3 {
		t.Fatalf("Fyne's keyboard row: found %v, %v after three Downs", ok, row)
	}
	press(l, fyne.KeyReturn)
	if chosen != 3 {
		t.Fatalf("Enter chose %d, want 3", chosen)
	}
	l.home()
	press(l, fyne.KeyEnter)
	if chosen != 0 {
		t.Fatalf("Enter after home chose %d, want 0", chosen)
	}
}

// TestImportIntoEmptyFolderShowsList: the greeting of an empty folder gives
// way to the list once sessions arrive (bundles imported from it).
func TestImportIntoEmptyFolderShowsList(t *testing.T) {
	mw := newTestWindow(t)
	s := newSessionsScreen(mw)
	s.show()
	if s.listView.Visible() && len(s.body.Objects) == 1 && s.body.Objects[0] == s.listView {
		t.Fatal("an empty folder shows the list, not the greeting")
	}
	for range 2 {
		if _, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 1}); err != nil {
			t.Fatal(err)
		}
	}
	s.load() // as onImportBundles does once the bundles are in
	if len(s.body.Objects) != 1 || s.body.Objects[0] != s.listView || s.list.Length() != 2 {
		t.Fatalf("after sessions arrived the screen shows %d rows, list on screen: %v", s.list.Length(), s.body.Objects[0] == s.listView)
	}
	if h := s.list.Size().Height; h < 200 {
		t.Fatalf("the list is %v high", h)
	}
}
