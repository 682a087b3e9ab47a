package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// TestDeletedSessionCanBeRestoredLater deletes a session, lets the Undo
// notice go, and finds it again under "Sesi terhapus".
func TestDeletedSessionCanBeRestoredLater(t *testing.T) {
	mw := newTestWindow(t)
	kept, _ := mw.store.Demo(ctx, store.DemoOptions{Participants: 3})
	gone, _ := mw.store.Demo(ctx, store.DemoOptions{Participants: 5})
	mw.showSessions()
	if b := deletedLink(mw); b != nil {
		t.Fatalf("%q shown with nothing deleted", b.Text)
	}

	mw.openSession(gone.ID)
	test.Tap(findButton(t, mw.win.Content(), "Hapus sesi"))
	dismissNotice(mw)
	if list := sessionsIn(t, mw); len(list) != 1 || list[0].ID != kept.ID {
		t.Fatalf("after delete: %+v", list)
	}

	test.Tap(findButton(t, mw.body, "Sesi terhapus (1)"))
	list := shownList(t, mw)
	if list.Length() != 1 {
		t.Fatalf("%d rows in Sesi terhapus", list.Length())
	}
	row := textOf(listRow(list, 0))
	for _, want := range []string{shortDate(gone.Date), gone.Village, gone.Title, "5"} {
		if !strings.Contains(row, want) {
			t.Errorf("the row lacks %q:\n%s", want, row)
		}
	}
	if got := textOf(mw.body); !strings.Contains(got, "1 terhapus") {
		t.Errorf("no count on the screen:\n%s", got)
	}

	test.Tap(findButton(t, mw.body, "Pulihkan"))
	if list := sessionsIn(t, mw); len(list) != 2 {
		t.Fatalf("%d sessions after Pulihkan", len(list))
	}
	if n := shownList(t, mw).Length(); n != 2 {
		t.Fatalf("the session list shows %d rows after Pulihkan", n)
	}
	if b := deletedLink(mw); b != nil {
		t.Fatalf("%q still shown after restoring the only deleted session", b.Text)
	}
	if got := textOf(mw.notice); !strings.Contains(got, "Sesi “"+gone.Title+"” dipulihkan.") {
		t.Fatalf("no notice of the restore:\n%s", got)
	}
	test.Tap(findButton(t, mw.notice, "Buka")) // the notice opens it
	findButton(t, mw.body, "Hapus sesi")
}

// TestDeletionByABundleCanBeRestoredLater: on a coordinator's laptop a
// session deleted by an applied bundle is listed and restored too.
func TestDeletionByABundleCanBeRestoredLater(t *testing.T) {
	officer, coordinator := newTestWindow(t), newTestWindow(t)
	sess, path := officerExport(t, officer, "Iptu Ayu Lestari", 3)
	enrolDirect(t, coordinator, officer)
	importInto(t, coordinator, path)
	if err := officer.store.DeleteSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	importInto(t, coordinator, exportTo(t, officer, sess.ID))
	screen := newTrustScreen(coordinator, trustTabAuto)
	screen.show()
	test.Tap(findButton(t, screen.pendingBox, "Terapkan"))
	test.Tap(overlayButton(t, coordinator, "Terapkan"))
	closeDialogs(coordinator)
	dismissNotice(coordinator)
	if _, err := coordinator.store.Session(ctx, sess.ID); err == nil {
		t.Fatal("applying the deletion left the session")
	}

	coordinator.showSessions()
	test.Tap(findButton(t, coordinator.body, "Sesi terhapus (1)"))
	if got := textOf(listRow(shownList(t, coordinator), 0)); !strings.Contains(got, sess.Title) {
		t.Fatalf("the deleted session is not listed:\n%s", got)
	}
	test.Tap(findButton(t, coordinator.body, "Pulihkan"))
	got, err := coordinator.store.Session(ctx, sess.ID)
	if err != nil || !got.ReadOnly() {
		t.Fatalf("not restored as an imported session: %v %+v", err, got)
	}
	if n := shownList(t, coordinator).Length(); n != 1 {
		t.Fatalf("the session list shows %d rows", n)
	}
}

// TestDeletedScreenEmptySaysSo: with nothing deleted (the last one was
// restored meanwhile) the screen says so instead of an empty table.
func TestDeletedScreenEmptySaysSo(t *testing.T) {
	mw := newTestWindow(t)
	newDeletedScreen(mw).show()
	if got := textOf(mw.body); !strings.Contains(got, "Tidak ada sesi terhapus.") {
		t.Fatalf("empty screen:\n%s", got)
	}
}

// deletedLink is the "Sesi terhapus (N)" button, or nil when hidden.
func deletedLink(mw *mainWindow) (found *widget.Button) {
	walk(mw.body, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Sesi terhapus") {
			found = b
		}
	})
	return found
}

// shownList is the first list on the current screen.
func shownList(t *testing.T, mw *mainWindow) (found *widget.List) {
	t.Helper()
	walk(mw.body, func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch l := o.(type) {
		case *widget.List:
			found = l
		case *enterList:
			found = &l.List
		}
	})
	if found == nil {
		t.Fatal("no list on screen")
	}
	return found
}

// dismissNotice closes the notice bar, as its timer would.
func dismissNotice(mw *mainWindow) {
	mw.notice.Objects = nil
	mw.notice.Refresh()
}

func TestClip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Desa Sakra", "Desa Sakra"},
		{"Desa Sakra 1", "Desa Sakra 1"},      // exactly 12
		{"Sosialisasi TPPO", "Sosialisasi…"},  // cut at a word's end
		{"Penyuluhan Lombok", "Penyuluhan…"},  // no space before the ellipsis
		{"Pemberdayaan desa", "Pemberdayaa…"}, // cut inside a word
		{"Ñandú ñandú ñandú", "Ñandú ñandú…"}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := clip(tt.in, 12); got != tt.want {
			t.Errorf("clip(%q, 12) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
