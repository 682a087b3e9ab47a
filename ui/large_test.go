package ui

import (
	"os"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/penyuluh/penyuluh/store"
)

// TestLargeSessionList measures, on a large data folder made beforehand
// (PENYULUH_BENCH_DATA, e.g. demo --sessions 10000), what a coordinator
// waits for: from opening the store to the session list filled, the
// memory it then holds, and each keystroke of the search. Skipped
// without the variable.
func TestLargeSessionList(t *testing.T) {
	dir := os.Getenv("PENYULUH_BENCH_DATA")
	if dir == "" {
		t.Skip("PENYULUH_BENCH_DATA names no data folder")
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1366, 768))

	start := time.Now()
	st, err := store.Open(dir, store.Options{DeferCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mw := newMainWindow(a, w, st, newWorker(true))
	mw.start() // as the window opens: settings, the day's tidy and backup, the session list
	launch := time.Since(start)
	list := newSessionsScreen(mw) // the same list again, to type into
	list.show()
	if len(list.all) == 0 || list.list.Length() != len(list.all) {
		t.Fatalf("the list shows %d of %d sessions", list.list.Length(), len(list.all))
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)

	t0 := time.Now()
	searchTexts(list.all, uiDateNames())
	texts := time.Since(t0)

	var slowest time.Duration
	w.Canvas().Focus(list.filter)
	for _, r := range "lombok timur 2026-0 sab" {
		t0 := time.Now()
		test.Type(list.filter, string(r))
		if d := time.Since(t0); d > slowest {
			slowest = d
		}
	}
	t.Logf("%d sessions: list shown %v after opening; heap %d MiB (Go runtime total %d MiB); search texts made in %v; slowest search keystroke %v, %d shown",
		len(list.all), launch.Round(time.Millisecond), m.HeapAlloc>>20, m.Sys>>20, texts.Round(100*time.Microsecond), slowest.Round(100*time.Microsecond), len(list.shown))
}
