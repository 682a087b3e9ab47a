package ui

import (
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// phonePost signs in or answers as a phone would.
func phonePost(t *testing.T, base, path string, form url.Values) map[string]any {
	t.Helper()
	resp, err := http.PostForm(base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
	}
	return v
}

// TestPhoneQuizPanel starts the quiz on phones from the Kuis tab, lets a
// phone sign in under a name on the list, confirms it with the keyboard
// (Space on the focused button), answers from the phone and checks that
// the tab's numbers and results follow; Stop closes the server. With
// PENYULUH_SCREENSHOTS set it writes the tab at 1366×768 and the
// projector's window.
func TestPhoneQuizPanel(t *testing.T) {
	mw, screen := openQuiz(t)
	q := screen.quiz
	findButton(t, mw.win.Content(), "Kuis lewat HP")
	q.startPhones("127.0.0.1")
	p := q.phones
	if p == nil || p.audience == nil {
		t.Fatal("the quiz on phones did not start")
	}
	base := p.srv.URL()
	people := q.people
	typed := `<b>` + people[0].Name + `</b>`
	st := phonePost(t, base, "join", url.Values{"name": {people[0].Name}, "gender": {people[0].Gender}})
	if st["s"] != "confirm" {
		t.Fatalf("a listed name did not wait for the officer: %v", st)
	}
	other := phonePost(t, base, "join", url.Values{"name": {typed}, "gender": {"P"}, "village": {"Desa Sakra"}})
	if other["s"] != "q" {
		t.Fatalf("a new name: %v", other)
	}
	p.update(p.srv.Stats(), p.srv.Pending())
	same := findButtonPrefix(t, q.phoneBox, "Sama dengan no. 1 ")
	findButton(t, q.phoneBox, "Orang lain: tambah baru")
	if !strings.Contains(p.stats.Text, "1 HP · 0 selesai") {
		t.Fatalf("stats %q", p.stats.Text)
	}
	// The audience window shows no name, only the address and numbers.
	walk(p.audience.win.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, people[0].Name) {
			t.Fatalf("a name on the projector: %q", l.Text)
		}
	})
	shots := os.Getenv("PENYULUH_SCREENSHOTS")
	if shots != "" {
		capture(t, mw.win, filepath.Join(shots, "kuis-hp-konfirmasi.png"), fyne.NewSize(1366, 768))
		capture(t, p.audience.win, filepath.Join(shots, "kuis-hp-proyektor.png"), fyne.NewSize(1366, 768))
	}
	mw.win.Canvas().Focus(same)
	press(same, fyne.KeySpace)
	p.update(p.srv.Stats(), p.srv.Pending())
	if len(p.srv.Pending()) != 0 || len(q.phoneBox.Objects) == 0 {
		t.Fatal("Space did not confirm the sign-in")
	}
	key := st["key"].(string)
	resp, err := http.Get(base + "state?key=" + key)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	for st["s"] == "q" {
		st = phonePost(t, base, "answer", url.Values{"key": {key}, "item": {st["item"].(string)}, "choice": {"0"}})
	}
	p.answers = -1
	p.reloadedAt = p.reloadedAt.AddDate(-1, 0, 0)
	p.update(p.srv.Stats(), p.srv.Pending())
	if !strings.Contains(p.stats.Text, "2 HP · 1 selesai · 10 jawaban") {
		t.Fatalf("stats %q", p.stats.Text)
	}
	if q.results.Pre == nil || q.results.Pre.N != 1 || q.results.Pre.Sources[store.SourcePhone] != 1 {
		t.Fatalf("results %+v", q.results.Pre)
	}
	// Paced: the projector shows the open question, never a name.
	test.Tap(p.paced)
	p.step(1)
	if p.audience.showing != 1 || !strings.Contains(p.current.Text, "Soal 1/") {
		t.Fatalf("paced: showing %d, %q", p.audience.showing, p.current.Text)
	}
	if shots != "" {
		capture(t, p.audience.win, filepath.Join(shots, "kuis-hp-proyektor-soal.png"), fyne.NewSize(1366, 768))
		capture(t, mw.win, filepath.Join(shots, "kuis-hp-laptop.png"), fyne.NewSize(1366, 768))
	}
	test.Tap(findButton(t, q.phoneBox, "Hentikan kuis HP"))
	if q.phones != nil || len(q.phoneBox.Objects) != 0 {
		t.Fatal("the panel stayed after Stop")
	}
	if _, err := http.Get(base); err == nil {
		t.Fatal("the server still answers after Stop")
	}
}

// TestPhoneQuizWarnsWhenNoPhoneJoins: after a while without a phone the
// panel says what to check and what to do about the firewall.
func TestPhoneQuizWarnsWhenNoPhoneJoins(t *testing.T) {
	mw, screen := openQuiz(t)
	q := screen.quiz
	q.startPhones("127.0.0.1")
	p := q.phones
	p.update(p.srv.Stats(), nil)
	if p.warning.Visible() {
		t.Fatalf("a warning at once: %q", p.warning.Text)
	}
	p.started = p.started.Add(-2 * noPhoneAfter)
	p.update(p.srv.Stats(), nil)
	if !p.warning.Visible() || !strings.Contains(p.warning.Text, "Belum ada HP yang bergabung") || !strings.Contains(p.warning.Text, "firewall") {
		t.Fatalf("warning %v %q", p.warning.Visible(), p.warning.Text)
	}
	if shots := os.Getenv("PENYULUH_SCREENSHOTS"); shots != "" {
		capture(t, mw.win, filepath.Join(shots, "kuis-hp-peringatan.png"), fyne.NewSize(1366, 768))
	}
	ph := phonePost(t, p.srv.URL(), "join", url.Values{"name": {"Akhirnya"}, "gender": {"L"}})
	if ph["s"] != "q" {
		t.Fatalf("join %v", ph)
	}
	p.update(p.srv.Stats(), nil)
	if p.warning.Visible() {
		t.Fatal("the warning stays after a phone joined")
	}
	test.Tap(findButton(t, q.phoneBox, "Hentikan kuis HP"))
	if q.phones != nil {
		t.Fatal("still running after Stop")
	}
}

func findButtonPrefix(t *testing.T, obj fyne.CanvasObject, prefix string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(obj, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, prefix) && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button starting %q", prefix)
	}
	return found
}

func capture(t *testing.T, w fyne.Window, path string, size fyne.Size) {
	t.Helper()
	w.Resize(size)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
