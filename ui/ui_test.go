package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/assets"
	"github.com/penyuluh/penyuluh/store"
	_ "github.com/penyuluh/penyuluh/ui/syslocale"
)

var ctx = context.Background()

// newTestWindow opens the real main window on a fresh data folder, headless,
// at the size of a laptop mirrored to a projector.
func newTestWindow(t *testing.T) *mainWindow {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1024, 768))
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	mw := newMainWindow(a, w, st, newWorker(true))
	mw.start()
	return mw
}

func press(obj fyne.Focusable, key fyne.KeyName) {
	obj.TypedKey(&fyne.KeyEvent{Name: key})
}

// typeInto focuses a field and types as a user would.
func typeInto(w fyne.Window, f *field, text string) {
	w.Canvas().Focus(f)
	f.SetText("")
	test.Type(f, text)
}

func sessionsIn(t *testing.T, mw *mainWindow) []store.SessionSummary {
	t.Helper()
	list, err := mw.store.Sessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestEmptyStateOffersSampleData(t *testing.T) {
	mw := newTestWindow(t)
	demo := findButton(t, mw.win.Content(), "Coba dengan data contoh")
	findButton(t, mw.win.Content(), "Buat sesi baru")
	test.Tap(demo)
	list := sessionsIn(t, mw)
	if len(list) != 1 || !strings.HasPrefix(list[0].Title, store.DemoTitlePrefix) {
		t.Fatalf("sample session not created: %+v", list)
	}
	findButton(t, mw.win.Content(), "Hapus sesi") // the workspace is open
}

func TestNewSessionEnterSaves(t *testing.T) {
	mw := newTestWindow(t)
	form := newSessionForm(mw)
	form.show()
	f := form.fields
	typeInto(mw.win, f.title, "Sosialisasi TPPO Desa Sakra")
	typeInto(mw.win, f.date, "12-02-2026")
	typeInto(mw.win, f.village, "Desa Sakra")
	typeInto(mw.win, f.district, "Sakra")
	typeInto(mw.win, f.regency, "Lombok Timur")
	press(f.regency, fyne.KeyReturn)

	list := sessionsIn(t, mw)
	if len(list) != 1 || list[0].Date != "2026-02-12" || list[0].Village != "Desa Sakra" {
		t.Fatalf("Enter did not save the session: %+v", list)
	}
	findButton(t, mw.win.Content(), "Hapus sesi")
}

func TestNewSessionInvalidInputSavesNothing(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(f *sessionFields, w fyne.Window)
		field string
		want  string
	}{
		{"empty village", func(f *sessionFields, w fyne.Window) { typeInto(w, f.village, "  ") }, store.FieldVillage, "Wajib diisi."},
		{"impossible date", func(f *sessionFields, w fyne.Window) { typeInto(w, f.date, "30-02-2026") }, store.FieldDate, "Tanggal tidak valid"},
		{"500-character title", func(f *sessionFields, w fyne.Window) { typeInto(w, f.title, strings.Repeat("x", 500)) }, store.FieldTitle, "Terlalu panjang: paling banyak 200 karakter."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw := newTestWindow(t)
			form := newSessionForm(mw)
			form.show()
			f := form.fields
			typeInto(mw.win, f.title, "Sosialisasi")
			typeInto(mw.win, f.village, "Desa Sakra")
			typeInto(mw.win, f.district, "Sakra")
			typeInto(mw.win, f.regency, "Lombok Timur")
			tt.edit(f, mw.win)
			press(f.title, fyne.KeyEnter) // keypad Enter submits too

			if n := len(sessionsIn(t, mw)); n != 0 {
				t.Fatalf("invalid input saved %d sessions", n)
			}
			msg := f.errs[tt.field]
			if !msg.Visible() || !strings.Contains(msg.Text, tt.want) {
				t.Fatalf("message next to %s: visible=%v %q, want %q", tt.field, msg.Visible(), msg.Text, tt.want)
			}
		})
	}
}

func TestNewSessionEscGoesBack(t *testing.T) {
	mw := newTestWindow(t)
	form := newSessionForm(mw)
	form.show()
	typeInto(mw.win, form.fields.title, "Tidak jadi")
	press(form.fields.title, fyne.KeyEscape)
	if n := len(sessionsIn(t, mw)); n != 0 {
		t.Fatalf("Esc saved %d sessions", n)
	}
	findButton(t, mw.win.Content(), "Buat sesi baru")
}

func TestEditSavesFieldWhenLeft(t *testing.T) {
	mw := newTestWindow(t)
	sess, err := mw.store.Demo(ctx, store.DemoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	screen := newSessionScreen(mw, sess.ID)
	screen.show()
	f := screen.fields
	typeInto(mw.win, f.venue, "Aula Kantor Desa Sakra")
	mw.win.Canvas().Focus(f.notes) // leaving the field saves it

	got, _ := mw.store.Session(ctx, sess.ID)
	if got.Venue != "Aula Kantor Desa Sakra" || got.Version != 2 {
		t.Fatalf("leaving the field did not save: venue %q version %d", got.Venue, got.Version)
	}
	typeInto(mw.win, f.village, "")
	press(f.village, fyne.KeyReturn)
	got, _ = mw.store.Session(ctx, sess.ID)
	if got.Village != sess.Village || got.Version != 2 {
		t.Fatalf("an invalid edit was saved: %q v%d", got.Village, got.Version)
	}
	if !f.errs[store.FieldVillage].Visible() {
		t.Fatal("no message next to the emptied village")
	}
}

func TestDeleteOffersUndo(t *testing.T) {
	mw := newTestWindow(t)
	sess, _ := mw.store.Demo(ctx, store.DemoOptions{})
	mw.openSession(sess.ID)
	test.Tap(findButton(t, mw.win.Content(), "Hapus sesi"))
	if n := len(sessionsIn(t, mw)); n != 0 {
		t.Fatalf("%d sessions after delete", n)
	}
	test.Tap(findButton(t, mw.win.Content(), "Urungkan"))
	if n := len(sessionsIn(t, mw)); n != 1 {
		t.Fatalf("%d sessions after undo", n)
	}
}

func TestSessionListShowsRows(t *testing.T) {
	mw := newTestWindow(t)
	for i := 0; i < 3; i++ {
		mw.store.Demo(ctx, store.DemoOptions{})
	}
	screen := newSessionsScreen(mw)
	screen.show()
	if screen.list.Length() != 3 || screen.count.Text != "3 sesi · 3 belum dikirim ke koordinator" {
		t.Fatalf("list shows %d rows, count %q", screen.list.Length(), screen.count.Text)
	}
	// Shown once loaded, the list must get room: Wine's window showed an
	// empty screen when nothing laid it out again.
	if h := screen.list.Size().Height; h < 200 {
		t.Fatalf("the list is %v high", h)
	}
	countFits(t, screen)
	test.Type(screen.filter, "zzz-no-such-place")
	if screen.list.Length() != 0 {
		t.Fatalf("filter left %d rows", screen.list.Length())
	}
	countFits(t, screen)
}

// countFits: the count beside the search has room for its whole text,
// whatever its text was when the row was last laid out.
func countFits(t *testing.T, screen *sessionsScreen) {
	t.Helper()
	if got, need := screen.count.Size().Width, screen.count.MinSize().Width; got < need {
		t.Errorf("the count %q has %v of the %v it needs", screen.count.Text, got, need)
	}
}

// TestNewestSessionsShowFirst: on a large database the newest sessions
// show while the whole list is read, the count says it is still reading,
// and the whole list then replaces them, search included.
func TestNewestSessionsShowFirst(t *testing.T) {
	mw := newTestWindow(t)
	for i := 0; i < firstScreenful+5; i++ {
		if _, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 1}); err != nil {
			t.Fatal(err)
		}
	}
	screen := newSessionsScreen(mw)
	mw.setScreen(screen.buildUI(), screen.show)
	screen.loadNewest()
	if screen.list.Length() != firstScreenful || screen.count.Text != "Membaca semua sesi…" {
		t.Fatalf("first: %d rows, count %q", screen.list.Length(), screen.count.Text)
	}
	screen.load()
	if n := firstScreenful + 5; screen.list.Length() != n || !strings.HasPrefix(screen.count.Text, fmt.Sprintf("%d sesi", n)) {
		t.Fatalf("then: %d rows, count %q", screen.list.Length(), screen.count.Text)
	}
}

func TestSettingsSaveAndSwitchLanguage(t *testing.T) {
	mw := newTestWindow(t)
	screen := newSettingsScreen(mw)
	screen.show()
	typeInto(mw.win, screen.name, "AKBP Siti Rahmah")
	press(screen.name, fyne.KeyReturn)
	st, _ := mw.store.Settings(ctx)
	if st.OfficerName != "AKBP Siti Rahmah" {
		t.Fatalf("officer name not saved: %+v", st)
	}
	// The superior who signs reports, each field saved as it is left.
	for _, f := range []struct {
		field *field
		text  string
	}{{screen.bossTitle, "Kanit PPA Satreskrim"}, {screen.bossName, "I Made Wirawan"}, {screen.bossRank, "AKP"}, {screen.bossNRP, "78010123"}} {
		typeInto(mw.win, f.field, f.text)
		press(f.field, fyne.KeyReturn)
	}
	st, _ = mw.store.Settings(ctx)
	if st.SuperiorTitle != "Kanit PPA Satreskrim" || st.SuperiorName != "I Made Wirawan" || st.SuperiorRank != "AKP" || st.SuperiorNRP != "78010123" {
		t.Fatalf("superior not saved: %+v", st)
	}
	screen.language.SetSelectedIndex(1)
	st, _ = mw.store.Settings(ctx)
	if st.Language != store.LangEnglish {
		t.Fatalf("language not saved: %q", st.Language)
	}
	findButton(t, mw.win.Content(), "Back up now") // relabelled in English
	t.Cleanup(func() { applyLanguage(store.LangIndonesian) })
}

func TestBackupAndRestoreFromSettings(t *testing.T) {
	mw := newTestWindow(t)
	kept, _ := mw.store.Demo(ctx, store.DemoOptions{})
	screen := newSettingsScreen(mw)
	screen.show()
	test.Tap(findButton(t, mw.win.Content(), "Buat cadangan sekarang"))
	list, _ := mw.store.Backups()
	if len(list) < 2 { // the daily one and ours
		t.Fatalf("%d backups", len(list))
	}
	mw.store.Demo(ctx, store.DemoOptions{})
	screen.restore(list[0].Path)
	if got := sessionsIn(t, mw); len(got) != 1 || got[0].ID != kept.ID {
		t.Fatalf("after restore: %+v", got)
	}
}

func TestTranslationsHaveTheSameKeys(t *testing.T) {
	keys := func(code string) map[string]bool {
		files, err := assets.Translation(code)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for name, data := range files {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for k := range m {
				out[k] = true
			}
		}
		return out
	}
	id, en := keys("id"), keys("en")
	for k := range id {
		if !en[k] {
			t.Errorf("en.json lacks %q", k)
		}
	}
	for k := range en {
		if !id[k] {
			t.Errorf("id.json lacks %q", k)
		}
	}
	// Every literal key in the code is translated.
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`lang\.L\("((?:[^"\\]|\\.)*)"`)
	for _, file := range files {
		src, _ := os.ReadFile(file)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			var key string
			json.Unmarshal([]byte(`"`+m[1]+`"`), &key)
			if !id[key] {
				t.Errorf("%s: %q has no translation", file, key)
			}
		}
	}
}

// findButton finds a visible button by its text anywhere under obj.
func findButton(t *testing.T, obj fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(obj, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return found
}

func walk(obj fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if obj == nil || !obj.Visible() {
		return
	}
	visit(obj)
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walk(c, visit)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(o)
		for _, c := range r.Objects() {
			walk(c, visit)
		}
	}
}

func TestImportedSessionIsReadOnly(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, err := officer.store.Demo(ctx, store.DemoOptions{Participants: 3})
	if err != nil {
		t.Fatal(err)
	}
	exp, err := officer.store.ExportSession(ctx, sess.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := coordinator.store.MergeSession(ctx, exp, store.MergeSource{LaptopID: "01a21e18-eb1b-70eb-add0-e5f4ca0af85c", Officer: "Iptu Ayu", Bundle: "b.zip"}); err != nil {
		t.Fatal(err)
	}
	screen := newSessionScreen(coordinator, sess.ID)
	screen.show()
	if !screen.session.ReadOnly() || !screen.attendance.readOnly || !screen.quiz.readOnly || !screen.fields.title.Disabled() {
		t.Fatal("an imported session is editable")
	}
	if !strings.Contains(screen.saved.Text, "Diimpor dari") {
		t.Fatalf("origin not shown: %q", screen.saved.Text)
	}
	// No form to edit in, but a selected person is shown whole.
	a := screen.attendance
	a.list.Select(0)
	p := a.shown[0]
	if want := "No. 1 · " + p.Name + " · "; !strings.HasPrefix(a.detail.Text, want) || !strings.Contains(a.detail.Text, p.Category.Label()) {
		t.Fatalf("selected person shown as %q, want it to start %q", a.detail.Text, want)
	}
}

func TestRecapDialogRefusesABadDate(t *testing.T) {
	mw := newTestWindow(t)
	mw.onRecap()
	var fields []*field
	walk(mw.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if f, ok := o.(*field); ok {
			fields = append(fields, f)
		}
	})
	if len(fields) != 3 {
		t.Fatalf("%d fields in the recap dialog", len(fields))
	}
	fields[0].SetText("31-02-2026")
	press(fields[0], fyne.KeyReturn)
	found := false
	walk(mw.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*errorText); ok && strings.Contains(e.Text, "Tanggal tidak valid") {
			found = true
		}
	})
	if !found {
		t.Fatal("no message for an impossible date")
	}
}

// The recap dialog offers the workbook's list of every participant, off
// unless the coordinator ticks it.
func TestRecapDialogParticipantsOffByDefault(t *testing.T) {
	mw := newTestWindow(t)
	mw.onRecap()
	var checks []*widget.Check
	walk(mw.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok {
			checks = append(checks, c)
		}
	})
	if len(checks) != 1 || checks[0].Checked || !strings.Contains(checks[0].Text, "Daftar semua peserta di Excel") {
		t.Fatalf("recap dialog checks: %+v", checks)
	}
}

// TestButtonsSaveTheFieldBeingEdited: a click on a button leaves the
// keyboard in the field being edited (Fyne's desktop driver does not
// unfocus for a click on anything focusable, a Button included; the test
// driver's Tap does, so the buttons are pressed by their OnTapped). Delete, Finalize and the rest must
// save that edit first, not meet it afterwards: saving into the session
// just deleted popped up "cannot be saved", and Finalize would lock the
// session without it.
func TestButtonsSaveTheFieldBeingEdited(t *testing.T) {
	for _, tc := range []struct {
		name   string
		button func(t *testing.T, mw *mainWindow, screen *sessionScreen)
		check  func(t *testing.T, mw *mainWindow, id string) store.Session
	}{
		{"delete", func(t *testing.T, mw *mainWindow, _ *sessionScreen) {
			findButton(t, mw.win.Content(), "Hapus sesi").OnTapped()
		},
			func(t *testing.T, mw *mainWindow, id string) store.Session {
				gone, err := mw.store.DeletedSessions(ctx)
				if err != nil || len(gone) != 1 {
					t.Fatalf("deleted sessions: %v, %v", gone, err)
				}
				return store.Session{Title: gone[0].Title}
			}},
		{"finalize", func(t *testing.T, mw *mainWindow, screen *sessionScreen) {
			screen.tabs.SelectIndex(len(screen.tabs.Items) - 1) // Laporan
			findButton(t, mw.win.Content(), "Selesai…").OnTapped()
			findButton(t, mw.win.Canvas().Overlays().Top(), "Selesai").OnTapped()
		}, func(t *testing.T, mw *mainWindow, id string) store.Session {
			sess, err := mw.store.Session(ctx, id)
			if err != nil || sess.Status != store.StatusFinalized {
				t.Fatalf("session after Finalize: %s, %v", sess.Status, err)
			}
			return sess
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mw := newTestWindow(t)
			sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: 1})
			if err != nil {
				t.Fatal(err)
			}
			screen := newSessionScreen(mw, sess.ID)
			screen.show()
			typeInto(mw.win, screen.fields.title, "Judul yang baru diketik")
			tc.button(t, mw, screen)
			if top := mw.win.Canvas().Overlays().Top(); top != nil {
				t.Fatalf("a dialog is up:\n%s", textOf(top))
			}
			if got := tc.check(t, mw, sess.ID).Title; got != "Judul yang baru diketik" {
				t.Fatalf("the title being typed was not saved first: %q", got)
			}
		})
	}
}
