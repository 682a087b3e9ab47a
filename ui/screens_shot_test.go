package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/penyuluh/penyuluh/store"
)

// longNames are names as people in Nusa Tenggara Barat and Bali write them:
// the attendance list must tell them apart at 1366×768 and 1024×768.
var longNames = []struct{ name, gender, village string }{
	{"I Gusti Ngurah Ārya Wédakarna Mahendradatta", "L", "Desa Sukamulia, Kec. Pringgabaya"},
	{"Baiq Nurul Hidayati Fitriani", "P", "Dusun Lendang Nangka Utara"},
	{"Baiq Nurul Hikmawati", "P", "Dusun Lendang Nangka Utara"},
	{"Lalu Muhammad Zainul Majdi", "L", "Desa Kembang Kerang Daya"},
	{"Lalu Muhammad Zulkarnain", "L", "Desa Kembang Kerang Daya"},
	{"Ni Made Ayu Sri Wahyuni Pratiwi", "P", "Banjar Dinas Kaja Kauh"},
	{"Tan Siok Lan", "P", "Kelurahan Ampenan Tengah"},
}

// addLongNames adds the names above to a session, numbered after what is there.
func addLongNames(t *testing.T, mw *mainWindow, sessionID string) {
	t.Helper()
	age := 34
	for _, n := range longNames {
		if _, err := mw.store.AddParticipant(ctx, store.Participant{SessionID: sessionID, Name: n.name,
			Gender: n.gender, Age: &age, Category: store.Categories[0], Village: n.village}, store.AddParticipantOptions{}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestScreenScreenshots writes the sessions list and the attendance list at
// both laptop sizes when PENYULUH_SCREENSHOTS names a folder:
// PENYULUH_SCREENSHOTS=../docs/screenshots go test ./ui -run ScreenScreenshots
func TestScreenScreenshots(t *testing.T) {
	dir := os.Getenv("PENYULUH_SCREENSHOTS")
	if dir == "" {
		t.Skip("set PENYULUH_SCREENSHOTS to a folder to write screenshots")
	}
	mw, screen := openAttendance(t, 0)
	addLongNames(t, mw, screen.session.ID)
	for i := 0; i < 12; i++ {
		if _, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 1}); err != nil {
			t.Fatal(err)
		}
	}
	save := func(name string, size fyne.Size) {
		mw.win.Resize(size)
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, mw.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []float32{1366, 1024} {
		screen = newSessionScreen(mw, screen.session.ID)
		screen.show()
		screen.tabs.SelectIndex(1)
		screen.attendance.list.Select(0)
		save(shotName("daftar-hadir", w), fyne.NewSize(w, 768))
		newSessionsScreen(mw).show()
		save(shotName("daftar-sesi", w), fyne.NewSize(w, 768))
	}
}

func shotName(base string, width float32) string {
	return base + "-" + map[float32]string{1366: "1366", 1024: "1024"}[width] + ".png"
}

// TestAttendanceNamesFit: on a 1366×768 laptop and a 1024×768 projector the
// name column shows a name of thirty characters whole; on the narrow one
// the category gives way, on the wide one every column shows.
func TestAttendanceNamesFit(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	addLongNames(t, mw, screen.session.ID)
	a := screen.attendance
	a.load()
	want := fyne.MeasureText("Lalu Muhammad Zainul Majdi Putra", theme.TextSize(), fyne.TextStyle{}).Width
	for _, tc := range []struct {
		width    float32
		category bool
	}{{1366, true}, {1024, false}, {1920, true}} {
		mw.win.Resize(fyne.NewSize(tc.width, 768))
		var name, category fyne.CanvasObject
		walk(a.list, func(o fyne.CanvasObject) {
			if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 6 && name == nil {
				name, category = c.Objects[1], c.Objects[5]
			}
		})
		if name == nil {
			t.Fatal("no row in the attendance list")
		}
		if got := name.Size().Width; got < want {
			t.Errorf("%v px wide: the name column is %.0f px, a 32-character name needs %.0f", tc.width, got, want)
		}
		if category.Visible() != tc.category {
			t.Errorf("%v px wide: category shown %v, want %v", tc.width, category.Visible(), tc.category)
		}
	}
}

func TestColumnsGiveWay(t *testing.T) {
	cols := columnsLayout{widths: []float32{40, -2, -1, -1}, mins: []float32{0, 200, 80, 80}, giveWay: []int{3, 2}}
	for _, tc := range []struct {
		width float32
		shown []bool
	}{
		{800, []bool{true, true, true, true}},
		{420, []bool{true, true, true, false}},
		{300, []bool{true, true, false, false}},
		{100, []bool{true, true, false, false}}, // nothing more to drop
	} {
		if got := cols.shown(tc.width); !slices.Equal(got, tc.shown) {
			t.Errorf("%v px: shown %v, want %v", tc.width, got, tc.shown)
		}
	}
}

// TestSessionRowsShowTitleAndPlace: the title and the place each get the
// wide column's whole width, so at 1024 px neither is cut.
func TestSessionRowsShowTitleAndPlace(t *testing.T) {
	mw := newTestWindow(t)
	sess, err := mw.store.Demo(ctx, store.DemoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := newSessionsScreen(mw)
	s.show()
	row := s.list.CreateItem()
	s.list.UpdateItem(0, row)
	cell := row.(*fyne.Container).Objects[1].(*twoLines)
	title, place := cell.lines()
	if title != sess.Title || !strings.HasPrefix(place, sess.Village) {
		t.Fatalf("row shows %q over %q", title, place)
	}
	row.Resize(fyne.NewSize(1024-2*theme.Padding(), row.MinSize().Height))
	need := fyne.MeasureText(title, theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	if got := cell.Size().Width; got < need+2*theme.InnerPadding() {
		t.Fatalf("the title needs %.0f px, its cell is %.0f", need, got)
	}
}
