package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// TestUpgradeScreenWhileConverting: while a new version converts the
// database the window says so (not a blank window that looks hung), closing
// it asks first, and when the conversion ends the store reaches the caller.
func TestUpgradeScreenWhileConverting(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1024, 768))
	dir := t.TempDir()
	release := make(chan struct{})
	got := make(chan *store.Store, 1)
	closing := openAfterUpgrade(w, func() (*store.Store, error) {
		<-release
		return store.Open(dir, store.Options{})
	}, func(st *store.Store, err error) {
		if err != nil {
			t.Error(err)
		}
		got <- st
	})

	text := labelText(w.Content())
	for _, want := range []string{"Memperbarui data Penyuluh", "Data Anda aman", "Berjalan 0:00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the upgrade screen lacks %q:\n%s", want, text)
		}
	}
	closing() // the close button asks instead of closing mid-way
	if overlay := w.Canvas().Overlays().Top(); overlay == nil || !strings.Contains(labelText(overlay), "Pembaruan belum selesai") {
		t.Fatal("closing during the upgrade did not ask first")
	}
	close(release)
	st := <-got
	if st == nil {
		t.Fatal("no store after the upgrade")
	}
	st.Close()
}

func labelText(obj fyne.CanvasObject) string {
	var b strings.Builder
	walk(obj, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}
