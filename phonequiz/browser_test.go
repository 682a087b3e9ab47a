package phonequiz_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"github.com/penyuluh/penyuluh/phonequiz"
	"github.com/penyuluh/penyuluh/store"
)

// cdp is a minimal Chrome DevTools Protocol client: enough to tap, type,
// reload and take screenshots in a real headless Chromium.
type cdp struct {
	t  *testing.T
	ws *websocket.Conn
	id int
}

func (c *cdp) call(method string, params map[string]any) map[string]any {
	c.t.Helper()
	c.id++
	if err := websocket.JSON.Send(c.ws, map[string]any{"id": c.id, "method": method, "params": params}); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
	for {
		var msg struct {
			ID     int            `json:"id"`
			Result map[string]any `json:"result"`
			Error  map[string]any `json:"error"`
		}
		if err := websocket.JSON.Receive(c.ws, &msg); err != nil {
			c.t.Fatalf("%s: %v", method, err)
		}
		if msg.ID == c.id {
			if msg.Error != nil {
				c.t.Fatalf("%s: %v", method, msg.Error)
			}
			return msg.Result
		}
	}
}

// eval runs JavaScript in the page and returns its value.
func (c *cdp) eval(js string) any {
	c.t.Helper()
	r := c.call("Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true})
	if res, ok := r["result"].(map[string]any); ok {
		return res["value"]
	}
	return nil
}

// waitFor polls a JavaScript condition until it is true.
func (c *cdp) waitFor(what, js string) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if v, _ := c.eval(js).(bool); v {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.t.Fatalf("waited 10 s for %s; page says: %v", what, c.eval("document.body.innerText"))
}

// tap presses and releases the mouse at the middle of the element the
// selector finds, as a finger would.
func (c *cdp) tap(selector string) {
	c.t.Helper()
	v := c.eval(fmt.Sprintf(`(function(){var e=document.querySelector(%q);e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();return [r.left+r.width/2,r.top+r.height/2]})()`, selector))
	xy, ok := v.([]any)
	if !ok {
		c.t.Fatalf("no %s on the page", selector)
	}
	for _, typ := range []string{"mousePressed", "mouseReleased"} {
		c.call("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": xy[0], "y": xy[1], "button": "left", "clickCount": 1})
	}
}

func (c *cdp) typeText(selector, text string) {
	c.t.Helper()
	c.tap(selector)
	c.call("Input.insertText", map[string]any{"text": text})
}

func (c *cdp) screenshot(dir, name string) {
	c.t.Helper()
	r := c.call("Page.captureScreenshot", map[string]any{"format": "png"})
	data, err := base64.StdEncoding.DecodeString(r["data"].(string))
	if err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// startChromium runs Debian's chromium headless and connects to its page.
func startChromium(t *testing.T) *cdp {
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium)")
	}
	// Not t.TempDir: chromium's helper processes outlive the one we kill
	// by a moment and keep writing their profile, which fails its cleanup.
	profile, err := os.MkdirTemp("", "penyuluh-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 50 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, path, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir="+profile,
		"--window-size=360,740", "about:blank")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
	lines := bufio.NewScanner(stderr)
	var browserWS string
	for lines.Scan() {
		if m := re.FindStringSubmatch(lines.Text()); m != nil {
			browserWS = m[1]
			break
		}
	}
	go func() {
		for lines.Scan() {
		}
	}()
	if browserWS == "" {
		t.Fatal("chromium printed no DevTools address")
	}
	host := strings.TrimPrefix(browserWS, "ws://")
	host = host[:strings.Index(host, "/")]
	resp, err := http.Get("http://" + host + "/json/list")
	if err != nil {
		t.Fatal(err)
	}
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	json.NewDecoder(resp.Body).Decode(&targets)
	resp.Body.Close()
	for _, tg := range targets {
		if tg.Type == "page" {
			ws, err := websocket.Dial(tg.WS, "", "http://localhost/")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ws.Close() })
			c := &cdp{t: t, ws: ws}
			c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": true})
			c.call("Emulation.setTouchEmulationEnabled", map[string]any{"enabled": true})
			c.call("Page.enable", nil)
			return c
		}
	}
	t.Fatal("chromium has no page")
	return nil
}

// TestRealBrowser signs in and answers through the page in headless
// Chromium at a phone's size (360×740), by taps and typing: a name on the
// list (the officer confirms), every question, a reload half-way, the end.
// It measures tap to stored answer and checks that the page loads nothing
// else and leaves nothing in the phone's storage. PENYULUH_SCREENSHOTS
// names a folder for the phone's screens (docs/screenshots).
func TestRealBrowser(t *testing.T) {
	c := startChromium(t)
	shots := os.Getenv("PENYULUH_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	s, sess, people, quiz := fixture(t)
	ctx := context.Background()
	srv, err := phonequiz.Start(ctx, s, phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Host: "127.0.0.1", ConfirmMatches: true, Quiz: quiz})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	items := srv.Items()

	c.call("Page.navigate", map[string]any{"url": srv.URL()})
	c.waitFor("the sign-in form", `document.getElementById('form').className === ''`)
	if n := c.eval(`performance.getEntriesByType('resource').length`); n != float64(0) {
		t.Fatalf("the page loaded %v other files", n)
	}
	c.screenshot(shots, "hp-1-daftar.png")
	c.tap("#join")
	c.waitFor("the missing name said", `document.getElementById('ferr').textContent.indexOf('nama') >= 0`)
	c.screenshot(shots, "hp-1b-belum-lengkap.png")
	c.typeText("#name", people[0].Name)
	c.tap("#gP")
	c.typeText("#village", "Dusun Lendang")
	c.tap("#join")
	c.waitFor("the officer's confirmation", `document.getElementById('mbig').textContent === 'Tunggu sebentar'`)
	c.screenshot(shots, "hp-2-tunggu-petugas.png")
	if v := c.eval(`document.getElementById('name').value`); v != "" {
		t.Fatalf("the name stays in the form: %v", v)
	}
	pending := srv.Pending()
	if len(pending) != 1 {
		t.Fatalf("%d sign-ins wait", len(pending))
	}
	if err := srv.Confirm(ctx, pending[0].ID, people[0].ID); err != nil {
		t.Fatal(err)
	}
	var taps []time.Duration
	for i, item := range items {
		c.waitFor(fmt.Sprintf("question %d", i+1), fmt.Sprintf(`document.getElementById('qn').textContent === 'Soal %d dari %d' && document.getElementById('quiz').className === ''`, i+1, len(items)))
		if i == 0 {
			c.screenshot(shots, "hp-3-soal.png")
		}
		if i == len(items)/2 {
			c.call("Page.reload", nil)
			c.waitFor("the same question after a reload", fmt.Sprintf(`document.getElementById('qn').textContent === 'Soal %d dari %d'`, i+1, len(items)))
			c.screenshot(shots, "hp-5-setelah-muat-ulang.png")
		}
		choice := (i + 1) % len(item.Options)
		start := time.Now()
		c.tap(fmt.Sprintf("#opts button:nth-child(%d)", choice+1))
		for {
			sheets, err := s.AnswerSheets(ctx, sess.ID)
			if err != nil {
				t.Fatal(err)
			}
			stored := false
			for _, sh := range sheets {
				if sh.ParticipantID == people[0].ID && sh.Choices[item.ID] == choice && sh.Source == store.SourcePhone {
					stored = true
				}
			}
			if stored {
				break
			}
			if time.Since(start) > 5*time.Second {
				t.Fatalf("answer %d not stored after 5 s; page: %v; stats %+v", i+1, c.eval("document.body.innerText"), srv.Stats())
			}
			time.Sleep(time.Millisecond)
		}
		taps = append(taps, time.Since(start))
		if i == 1 {
			c.waitFor("the saved note", `document.getElementById('qsaved').textContent === 'Jawaban soal 2 tersimpan.'`)
			c.screenshot(shots, "hp-4-tersimpan.png")
		}
	}
	c.waitFor("the end", `document.getElementById('mbig').textContent === 'Terima kasih!'`)
	c.screenshot(shots, "hp-6-selesai.png")
	if n := c.eval(`localStorage.length + sessionStorage.length`); n != float64(0) {
		t.Fatalf("the phone keeps %v items in storage after the quiz", n)
	}
	var sum time.Duration
	for _, d := range taps {
		sum += d
	}
	t.Logf("real browser: %d taps, tap to stored answer mean %v, max %v", len(taps), sum/time.Duration(len(taps)), maxDur(taps))

}

func maxDur(list []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range list {
		m = max(m, d)
	}
	return m
}
