//go:build frametime

// The window's frame time while sixty phones answer, in the real GLFW
// driver (Xvfb is enough):
//
//	xvfb-run -s '-screen 0 1366x768x24' go test -tags frametime -run TestFrameTime -v ./ui/
//
// It needs the cgo/GL build of Fyne, so it is behind a build tag: the
// ordinary ui tests keep to fyne's test driver.
package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/store"
)

var (
	frameApp fyne.App
	frameWin fyne.Window
)

// TestMain runs the GLFW event loop on the main goroutine, as it must, and
// the tests beside it.
func TestMain(m *testing.M) {
	frameApp = app.NewWithID("id.penyuluh.frametime")
	frameApp.Settings().SetTheme(newTheme())
	frameWin = frameApp.NewWindow("Penyuluh frame time")
	frameWin.Resize(fyne.NewSize(1366, 768))
	frameWin.Show()
	code := 0
	go func() {
		code = m.Run()
		fyne.Do(frameApp.Quit)
	}()
	frameApp.Run()
	os.Exit(code)
}

// frames records the time between frames: an animation ticks once per
// frame, on the loop that draws the window and runs every fyne.Do.
type frames struct {
	mu   sync.Mutex
	last time.Time
	gaps []time.Duration
}

func (f *frames) tick(float32) {
	now := time.Now()
	f.mu.Lock()
	if !f.last.IsZero() {
		f.gaps = append(f.gaps, now.Sub(f.last))
	}
	f.last = now
	f.mu.Unlock()
}

func (f *frames) take() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := f.gaps
	f.gaps = nil
	sort.Slice(g, func(i, j int) bool { return g[i] < g[j] })
	return g
}

func summary(g []time.Duration) string {
	if len(g) == 0 {
		return "no frames"
	}
	q := func(p float64) time.Duration { return g[int(p*float64(len(g)-1))].Round(100 * time.Microsecond) }
	slow := 0
	for _, d := range g {
		if d > 50*time.Millisecond {
			slow++
		}
	}
	return fmt.Sprintf("%d frames, p50 %v, p95 %v, p99 %v, max %v, %d over 50 ms", len(g), q(0.5), q(0.95), q(0.99), q(1), slow)
}

func TestFrameTime(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pack := content.Default()
	sess, err := st.Demo(context.Background(), store.DemoOptions{Participants: 20, PackID: pack.ID, PackVersion: pack.Version, Quiz: packs.Quiz(pack)})
	if err != nil {
		t.Fatal(err)
	}
	var mw *mainWindow
	var q *quizScreen
	var screen *sessionScreen
	fyne.DoAndWait(func() {
		mw = newMainWindow(frameApp, frameWin, st, newWorker(false))
		mw.start()
		screen = newSessionScreen(mw, sess.ID)
		screen.show()
	})
	defer mw.work.stop()
	until := func(what string, ok func() bool) {
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			var done bool
			fyne.DoAndWait(func() { done = ok() })
			if done {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("waited 10 s for %s", what)
			}
		}
	}
	until("the session", func() bool { return screen.tabs != nil })
	fyne.DoAndWait(func() { screen.tabs.SelectIndex(2) })
	until("the quiz tab", func() bool { return screen.quiz != nil && screen.quiz.phoneBox != nil })
	fyne.DoAndWait(func() {
		q = screen.quiz
		q.startPhones("127.0.0.1")
	})
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; {
		if time.Now().After(deadline) {
			t.Fatal("the quiz on phones did not start")
		}
		time.Sleep(50 * time.Millisecond)
		fyne.DoAndWait(func() {
			if q.phones != nil {
				base = q.phones.srv.URL()
			}
		})
	}
	items := q.phones.srv.Items()
	f := &frames{}
	anim := fyne.NewAnimation(time.Hour, f.tick)
	fyne.DoAndWait(anim.Start)
	defer fyne.Do(anim.Stop)

	time.Sleep(3 * time.Second)
	idle := f.take()

	const phones = 60
	// run has sixty phones sign in and answer every question, each waiting
	// think (a random part of it) between taps; 0 is a burst no hall makes.
	run := func(round int, think time.Duration) ([]time.Duration, time.Duration) {
		f.take()
		start := time.Now()
		var wg sync.WaitGroup
		for n := range phones {
			wg.Add(1)
			go func(n int) {
				defer wg.Done()
				local := &net.TCPAddr{IP: net.IPv4(127, 0, byte(2+round), byte(n+2))}
				client := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: local}).DialContext}, Timeout: 30 * time.Second}
				post := func(path string, form url.Values) map[string]any {
					resp, err := client.PostForm(base+path, form)
					if err != nil {
						t.Error(err)
						return nil
					}
					defer resp.Body.Close()
					var v map[string]any
					json.NewDecoder(resp.Body).Decode(&v)
					return v
				}
				st := post("join", url.Values{"name": {fmt.Sprintf("Peserta HP %d-%d", round, n)}, "gender": {"L"}})
				if st == nil {
					return
				}
				key, _ := st["key"].(string)
				for i := range items {
					if think > 0 {
						time.Sleep(think/2 + time.Duration(rand.Int64N(int64(think))))
					}
					st = post("answer", url.Values{"key": {key}, "item": {items[i].ID}, "choice": {fmt.Sprint((n + i) % len(items[i].Options))}})
					if st == nil || (st["s"] != "q" && st["s"] != "done") {
						t.Errorf("phone %d answer %d: %v", n, i+1, st)
						return
					}
				}
			}(n)
		}
		wg.Wait()
		return f.take(), time.Since(start)
	}
	burst, burstTook := run(0, 0)
	paced, pacedTook := run(1, 2*time.Second)
	time.Sleep(3 * time.Second)
	after := f.take()

	var stats string
	fyne.DoAndWait(func() { stats = q.phones.stats.Text })
	t.Logf("idle: %s", summary(idle))
	t.Logf("60 phones at once, no pause (%v, %d answers): %s", burstTook.Round(time.Millisecond), phones*len(items), summary(burst))
	t.Logf("60 phones, 1-3 s between taps (%v, %d answers): %s", pacedTook.Round(time.Millisecond), phones*len(items), summary(paced))
	t.Logf("after: %s", summary(after))
	t.Logf("panel: %s", stats)
	for _, g := range [][]time.Duration{burst, paced} {
		if len(g) == 0 || g[len(g)-1] > time.Second {
			t.Fatalf("the window stalled while phones answered: %s", summary(g))
		}
	}
	fyne.DoAndWait(func() { q.phones.onStop() })
	until("the quiz to stop", func() bool { return q.phones == nil })
	mw.work.wait()
}
