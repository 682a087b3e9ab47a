package ui

import (
	"slices"
	"testing"

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
