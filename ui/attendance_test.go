package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/penyuluh/penyuluh/store"
)

// openAttendance opens a new session's workspace on the attendance tab.
func openAttendance(t *testing.T, participants int) (*mainWindow, *sessionScreen) {
	t.Helper()
	mw := newTestWindow(t)
	sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: participants})
	if err != nil {
		t.Fatal(err)
	}
	screen := newSessionScreen(mw, sess.ID)
	screen.show()
	screen.tabs.SelectIndex(1)
	return mw, screen
}

// pressOnFocused sends a key to whatever has the keyboard, as a user would.
func pressOnFocused(t *testing.T, w fyne.Window, key fyne.KeyName) {
	t.Helper()
	f := w.Canvas().Focused()
	if f == nil {
		t.Fatal("nothing has the keyboard focus")
	}
	f.TypedKey(&fyne.KeyEvent{Name: key})
}

// typeOnFocused types runes into whatever has the keyboard.
func typeOnFocused(t *testing.T, w fyne.Window, chars string) {
	t.Helper()
	f := w.Canvas().Focused()
	if f == nil {
		t.Fatal("nothing has the keyboard focus")
	}
	for _, r := range chars {
		f.TypedRune(r)
	}
}

func TestAttendanceEnterSavesAndClears(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	a := screen.attendance
	c := mw.win.Canvas()
	if c.Focused() != a.name {
		t.Fatalf("focus is on %T, want the name field", c.Focused())
	}
	test.Type(a.name, "Ni Made Ayu Sri Wahyuni")
	test.FocusNext(c) // Tab to L/P
	if c.Focused() != a.gender {
		t.Fatalf("Tab went to %T, want the L/P picker", c.Focused())
	}
	typeOnFocused(t, mw.win, "p")
	test.FocusNext(c) // Tab to the age
	typeOnFocused(t, mw.win, "34")
	pressOnFocused(t, mw.win, fyne.KeyReturn)

	list, _ := mw.store.Participants(ctx, screen.session.ID)
	if len(list) != 1 || list[0].Name != "Ni Made Ayu Sri Wahyuni" || list[0].Gender != "P" || *list[0].Age != 34 {
		t.Fatalf("saved: %+v", list)
	}
	if a.name.Text != "" || a.gender.value != "" || a.age.Text != "" || c.Focused() != a.name {
		t.Fatalf("form not cleared for the next person (name %q, focus %T)", a.name.Text, c.Focused())
	}
	if !strings.HasPrefix(a.totals.Text, "1 peserta · L 0 · P 1") {
		t.Fatalf("totals: %q", a.totals.Text)
	}
	// The next person, keypad Enter from the name field after choosing L.
	test.Type(a.name, "Ma'ruf")
	a.gender.TypedRune('L')
	pressOnFocused(t, mw.win, fyne.KeyEnter)
	if list, _ := mw.store.Participants(ctx, screen.session.ID); len(list) != 2 || list[1].Gender != "L" {
		t.Fatalf("second person: %+v", list)
	}
}

func TestAttendanceInvalidInputSavesNothing(t *testing.T) {
	tests := []struct {
		name  string
		fill  func(a *attendanceScreen)
		field string
		want  string
	}{
		{"no name", func(a *attendanceScreen) { a.gender.set("L") }, store.FieldName, "Wajib diisi."},
		{"no gender", func(a *attendanceScreen) { test.Type(a.name, "Isa") }, store.FieldGender, "Pilih L atau P"},
		{"201 characters", func(a *attendanceScreen) { a.name.SetText(strings.Repeat("a", 201)); a.gender.set("P") }, store.FieldName, "paling banyak 200"},
		{"control character", func(a *attendanceScreen) { a.name.SetText("Siti\x07"); a.gender.set("P") }, store.FieldName, "karakter kontrol"},
		{"age in words", func(a *attendanceScreen) { test.Type(a.name, "Isa"); a.gender.set("L"); test.Type(a.age, "dua") }, store.FieldAge, "berupa angka"},
		{"phone without consent", func(a *attendanceScreen) {
			test.Type(a.name, "Isa")
			a.gender.set("L")
			test.Type(a.phone, "081234567890")
		}, store.FieldPhone, "setuju dihubungi"},
		{"not a phone", func(a *attendanceScreen) {
			test.Type(a.name, "Isa")
			a.gender.set("L")
			test.Type(a.phone, "12345")
			a.consent.SetChecked(true)
		}, store.FieldPhone, "Bukan nomor telepon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mw, screen := openAttendance(t, 0)
			a := screen.attendance
			tt.fill(a)
			press(a.name, fyne.KeyReturn)
			if list, _ := mw.store.Participants(ctx, screen.session.ID); len(list) != 0 {
				t.Fatalf("invalid input saved %d rows", len(list))
			}
			msg := a.errs[tt.field]
			if !msg.Visible() || !strings.Contains(msg.Text, tt.want) {
				t.Fatalf("message for %s: visible %v %q, want %q", tt.field, msg.Visible(), msg.Text, tt.want)
			}
		})
	}
}

func TestAttendanceDuplicateNeedsSecondEnter(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	a := screen.attendance
	add := func(name string) {
		a.name.SetText(name)
		a.gender.set("L")
		a.village.SetText("Sakra")
		press(a.name, fyne.KeyReturn)
	}
	add("Syafi’i")
	add("syafi'i")
	if list, _ := mw.store.Participants(ctx, screen.session.ID); len(list) != 1 {
		t.Fatalf("a likely duplicate was saved at once (%d rows)", len(list))
	}
	if !a.notice.Visible() || !strings.Contains(a.notice.Text, "no. 1 Syafi’i") {
		t.Fatalf("duplicate notice: %q", a.notice.Text)
	}
	press(a.name, fyne.KeyReturn)
	if list, _ := mw.store.Participants(ctx, screen.session.ID); len(list) != 2 {
		t.Fatalf("the confirmed duplicate was not saved (%d rows)", len(list))
	}
}

func TestAttendanceGuardianAskedForChildren(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	a := screen.attendance
	test.Type(a.name, "Baiq Rina")
	a.gender.set("P")
	if a.guardian.Visible() {
		t.Fatal("guardian asked before an age")
	}
	test.Type(a.age, "15")
	if !a.guardian.Visible() {
		t.Fatal("guardian not asked for a 15-year-old")
	}
	a.guardian.SetChecked(true)
	press(a.age, fyne.KeyReturn)
	list, _ := mw.store.Participants(ctx, screen.session.ID)
	if len(list) != 1 || list[0].GuardianPresent == nil || !*list[0].GuardianPresent {
		t.Fatalf("guardian flag not saved: %+v", list)
	}
}

func TestAttendanceEditSearchDeleteUndo(t *testing.T) {
	mw, screen := openAttendance(t, 20)
	a := screen.attendance
	if a.list.Length() != 20 {
		t.Fatalf("list shows %d rows", a.list.Length())
	}
	first := a.shown[0]
	test.Type(a.search, first.Name)
	if a.list.Length() == 0 || a.list.Length() == 20 {
		t.Fatalf("search for %q shows %d rows", first.Name, a.list.Length())
	}
	a.search.SetText("")

	a.onSelected(0) // tap the first row: it loads into the form
	if a.name.Text != first.Name || !a.deleteBtn.Visible() {
		t.Fatalf("row not loaded for editing: %q", a.name.Text)
	}
	a.age.SetText("70")
	press(a.age, fyne.KeyReturn)
	got, _ := mw.store.Participant(ctx, first.ID)
	if got.Age == nil || *got.Age != 70 || got.Version != 2 {
		t.Fatalf("edit not saved: %+v", got)
	}

	a.onSelected(0)
	test.Tap(a.deleteBtn)
	if list, _ := mw.store.Participants(ctx, screen.session.ID); len(list) != 19 {
		t.Fatalf("%d rows after delete", len(list))
	}
	test.Tap(findButton(t, mw.win.Content(), "Urungkan"))
	if list, _ := mw.store.Participants(ctx, screen.session.ID); len(list) != 20 {
		t.Fatalf("%d rows after undo", len(list))
	}
}

func TestQuestionsUrgentAndFollowUp(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	giveCoordinatorKey(t, mw) // a confidential question is sealed to it
	screen.tabs.SelectIndex(3)
	q := screen.questions
	test.Type(q.text, "Tetangga akan diberangkatkan sponsor minggu depan.")
	q.status.SetSelectedIndex(2) // dirujuk
	test.Type(q.referredTo.field, "Unit PPA/PPO")
	q.urgent.SetChecked(true)
	if !q.guidance.Visible() {
		t.Fatal("no guidance shown for an urgent question")
	}
	q.confidential.SetChecked(true)
	press(q.text, fyne.KeyReturn) // Enter saves even in the multi-line question

	list, _ := mw.store.Questions(ctx, screen.session.ID)
	if len(list) != 1 || !list[0].Urgent || !list[0].Confidential || list[0].ReferredTo != "Unit PPA/PPO" {
		t.Fatalf("saved: %+v", list)
	}
	if q.text.Text != "" || q.guidance.Visible() {
		t.Fatal("form not cleared after saving")
	}

	follow := newFollowUpsScreen(mw)
	follow.show()
	if len(follow.items) != 1 {
		t.Fatalf("%d open follow-ups", len(follow.items))
	}
	if _, err := mw.store.CloseFollowUp(ctx, follow.items[0].ID, "2026-03-01", "ditangani"); err != nil {
		t.Fatal(err)
	}
	follow.load()
	if len(follow.items) != 0 {
		t.Fatal("closed follow-up still listed")
	}
}

func TestQuestionRequiresText(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	q := screen.questions
	press(q.text, fyne.KeyReturn)
	if list, _ := mw.store.Questions(ctx, screen.session.ID); len(list) != 0 {
		t.Fatal("an empty question was saved")
	}
	if !q.errs[store.FieldQuestionText].Visible() {
		t.Fatal("no message for the empty question")
	}
}

// TestAttendanceWarnsWhatDoesNotPrint: an emoji in a name is flagged as it
// is typed, before saving; the name is saved as typed; names in other
// scripts print, so they raise nothing.
func TestAttendanceWarnsWhatDoesNotPrint(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	a := screen.attendance
	for _, tc := range []struct{ name, village, hint string }{
		{"Siti Aminah", "Desa Sakra", ""},
		{"Tan Siok Lan (陈淑兰)", "", ""},
		{"ᬇ ᬕᬸᬲ᭄ᬢᬶ", "", ""},
		{"Siti 🌸", "", "Emoji tidak ikut tercetak: 🌸"},
		{"Siti", "Balai 🏛 Desa", "Emoji tidak ikut tercetak: 🏛"},
	} {
		a.name.SetText("")
		a.village.SetText("")
		test.Type(a.name, tc.name)
		test.Type(a.village.field, tc.village)
		if tc.hint == "" && a.printHint.Visible() {
			t.Errorf("%q, %q: warned %q", tc.name, tc.village, a.printHint.Text)
		}
		if tc.hint != "" && (!a.printHint.Visible() || !strings.HasPrefix(a.printHint.Text, tc.hint)) {
			t.Errorf("%q, %q: hint %q (shown %v), want %q…", tc.name, tc.village, a.printHint.Text, a.printHint.Visible(), tc.hint)
		}
	}
	a.village.SetText("")
	a.name.SetText("")
	test.Type(a.name, "Siti 🌸")
	a.gender.set("P")
	a.onSave()
	list, _ := mw.store.Participants(ctx, screen.session.ID)
	if len(list) != 1 || list[0].Name != "Siti 🌸" {
		t.Fatalf("saved %+v, want the name as typed", list)
	}
	if a.printHint.Visible() {
		t.Error("the hint stays after the form is cleared for the next person")
	}
}

// TestAttendanceMarksPhoneSignIns: who signed in on a phone during the quiz
// and was not on the list is marked "daftar lewat HP" in the list and in the
// form's title.
func TestAttendanceMarksPhoneSignIns(t *testing.T) {
	mw, screen := openAttendance(t, 0)
	p, err := mw.store.AddPhoneParticipant(ctx, store.Participant{SessionID: screen.session.ID, Name: "Rina Lestari", Gender: "P",
		Category: store.Categories[0]})
	if err != nil {
		t.Fatal(err)
	}
	a := screen.attendance
	a.load()
	if got := a.categoryText(a.shown[0]); !strings.HasSuffix(got, "· daftar lewat HP") || a.shown[0].ID != p.ID {
		t.Fatalf("category cell %q", got)
	}
	a.list.Select(0)
	if !strings.Contains(a.formTitle.Text, "daftar lewat HP") {
		t.Fatalf("form title %q", a.formTitle.Text)
	}
}
