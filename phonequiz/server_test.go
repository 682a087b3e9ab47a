package phonequiz_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/phonequiz"
	"github.com/penyuluh/penyuluh/store"
)

// packQuiz is the bundled pack's quiz as a session snapshots it.
func packQuiz(pack *content.Pack) []store.QuizItem {
	var items []store.QuizItem
	for _, q := range pack.Questions {
		items = append(items, store.QuizItem{QuestionID: q.ID, Phase: store.Phase(q.Phase), Text: q.Text,
			Options: q.Options, Letters: q.Letters(), Answer: slices.Index(q.Options, q.Answer),
			PackID: pack.ID, PackVersion: pack.Version})
	}
	return items
}

// fixture is a store with a session of the bundled pack: attendance of
// three people (names the phones may match) and no quiz snapshot yet.
func fixture(t *testing.T) (*store.Store, store.Session, []store.Participant, []store.QuizItem) {
	t.Helper()
	s, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pack := content.Default()
	seed := uint64(15)
	sess, err := s.Demo(context.Background(), store.DemoOptions{Seed: &seed, PackID: pack.ID, PackVersion: pack.Version})
	if err != nil {
		t.Fatal(err)
	}
	var people []store.Participant
	for _, p := range []store.Participant{{Name: "Baiq Nurul Aini", Gender: "P"}, {Name: "Lalu Muhammad Zaini", Gender: "L"}, {Name: "Inaq Sumiati", Gender: "P"}} {
		p.SessionID = sess.ID
		saved, err := s.AddParticipant(context.Background(), p, store.AddParticipantOptions{})
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, saved)
	}
	return s, sess, people, packQuiz(pack)
}

// phoneClient is one simulated phone: its own loopback address (the rate
// limits are per address, as on a hall's Wi-Fi) and its own connections.
type phoneClient struct {
	t    *testing.T
	base string
	http *http.Client
	key  string
}

func newPhone(t *testing.T, base string, n int) *phoneClient {
	local := &net.TCPAddr{IP: net.IPv4(127, 0, byte(n/250+1), byte(n%250+2))}
	tr := &http.Transport{DialContext: (&net.Dialer{LocalAddr: local, Timeout: 5 * time.Second}).DialContext, MaxIdleConnsPerHost: 2}
	t.Cleanup(tr.CloseIdleConnections)
	return &phoneClient{t: t, base: base, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

type phoneState struct {
	Key     string   `json:"key"`
	S       string   `json:"s"`
	V       uint64   `json:"v"`
	N       int      `json:"n"`
	Total   int      `json:"total"`
	Item    string   `json:"item"`
	Text    string   `json:"text"`
	Options []string `json:"opts"`
	Chosen  int      `json:"chosen"`
	Done    int      `json:"answered"`
	Msg     string   `json:"msg"`
	Field   string   `json:"field"`
}

func (p *phoneClient) do(method, path string, form url.Values) (int, phoneState, []byte) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, p.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := p.http.Do(req)
	if err != nil {
		p.t.Errorf("%s %s: %v", method, path, err)
		return 0, phoneState{}, nil
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var st phoneState
	json.Unmarshal(raw, &st)
	return resp.StatusCode, st, raw
}

func (p *phoneClient) join(form url.Values) (int, phoneState) {
	code, st, _ := p.do("POST", "join", form)
	if code == http.StatusOK {
		p.key = st.Key
	}
	return code, st
}

func (p *phoneClient) state() phoneState {
	_, st, _ := p.do("GET", "state?key="+p.key, nil)
	return st
}

func (p *phoneClient) answer(item string, choice int) (int, phoneState) {
	code, st, _ := p.do("POST", "answer", url.Values{"key": {p.key}, "item": {item}, "choice": {fmt.Sprint(choice)}})
	return code, st
}

// wantChoice is what phone n picks for the i-th question.
func wantChoice(n, i int, item store.QuizItem) int { return (n + i) % len(item.Options) }

// TestSixtyPhones drives sixty phones at once through sign-in and every
// question of the pre-test, with one phone reloading half-way, one signing
// in under a name on the list (the officer confirms it), one under another
// listed name (the officer says it is someone new), one attacker sending
// garbage and oversized requests and one guessing the token; then checks
// what the database holds and the results.
func TestSixtyPhones(t *testing.T) {
	const phones = 60
	s, sess, people, quiz := fixture(t)
	ctx := context.Background()
	srv, err := phonequiz.Start(ctx, s, phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Host: "127.0.0.1",
		ConfirmMatches: true, Quiz: quiz})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	items := srv.Items()
	if len(items) < 5 {
		t.Fatalf("%d pre-test items", len(items))
	}
	if err := srv.SelfCheck(ctx); err != nil {
		t.Fatal(err)
	}
	base := srv.URL()
	token := strings.TrimSuffix(base[strings.LastIndex(strings.TrimSuffix(base, "/"), "/")+1:], "/")

	// The officer's side: decide sign-ins as they come.
	officerDone := make(chan struct{})
	go func() {
		defer close(officerDone)
		decided := 0
		for decided < 2 {
			for _, p := range srv.Pending() {
				switch {
				case strings.EqualFold(p.Person.Name, people[0].Name):
					if len(p.Candidates) != 1 || p.Candidates[0].ID != people[0].ID {
						t.Errorf("candidates %+v", p.Candidates)
					}
					if err := srv.Confirm(ctx, p.ID, people[0].ID); err != nil {
						t.Error(err)
					}
				default:
					if err := srv.AddAsNew(ctx, p.ID); err != nil {
						t.Error(err)
					}
				}
				decided++
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()

	names := make([]string, phones)
	for n := range names {
		names[n] = fmt.Sprintf("Peserta HP %02d", n)
	}
	names[0] = strings.ToUpper(people[0].Name) // on the list: the officer confirms
	names[1] = people[1].Name                  // on the list, but someone else
	names[2] = `<script>alert("x")</script> Amaq`

	var mu sync.Mutex
	var latencies []time.Duration
	keys := make([]string, phones)
	var wg sync.WaitGroup
	for n := 0; n < phones; n++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			ph := newPhone(t, base, n)
			if code, _, raw := ph.do("GET", "", nil); code != 200 || !bytes.Contains(raw, []byte("Kuis Penyuluh")) {
				t.Errorf("phone %d: page %d", n, code)
				return
			}
			form := url.Values{"name": {names[n]}, "gender": {[]string{"L", "P"}[n%2]}}
			if n%3 == 0 {
				form.Set("age", fmt.Sprint(16+n))
				form.Set("village", "Desa Sakra")
				form.Set("category", "calon_pmi")
			}
			if n == 0 {
				form.Set("gender", people[0].Gender)
			}
			code, st := ph.join(form)
			if code != 200 {
				t.Errorf("phone %d: join %d %+v", n, code, st)
				return
			}
			for st.S == "confirm" {
				time.Sleep(200 * time.Millisecond)
				st = ph.state()
			}
			keys[n] = ph.key
			for i := 0; i < len(items); i++ {
				if st.S != "q" || st.Item != items[i].ID || st.N != i+1 {
					t.Errorf("phone %d before answer %d: %+v", n, i+1, st)
					return
				}
				if n == 3 && i == len(items)/2 {
					// Reload: a new page load, the key from storage, the state.
					fresh := newPhone(t, base, n)
					fresh.key = ph.key
					fresh.do("GET", "", nil)
					if again := fresh.state(); again.S != "q" || again.N != i+1 || again.Done != i {
						t.Errorf("after reload: %+v", again)
					}
					ph = fresh
				}
				start := time.Now()
				code, next := ph.answer(items[i].ID, wantChoice(n, i, items[i]))
				took := time.Since(start)
				if code != 200 {
					t.Errorf("phone %d answer %d: %d %+v", n, i+1, code, next)
					return
				}
				if n == 4 {
					// The Wi-Fi dropped before the reply: the same answer again.
					if code, again := ph.answer(items[i].ID, wantChoice(n, i, items[i])); code != 200 || again.N != next.N {
						t.Errorf("resend: %d %+v", code, again)
					}
				}
				mu.Lock()
				latencies = append(latencies, took)
				mu.Unlock()
				st = next
			}
			if st.S != "done" || st.Done != len(items) {
				t.Errorf("phone %d at the end: %+v", n, st)
			}
		}(n)
	}

	// The attacker in the hall, with the right address but bad requests.
	wg.Add(1)
	go func() {
		defer wg.Done()
		ph := newPhone(t, base, 200)
		huge := url.Values{"name": {strings.Repeat("A", 1<<20)}, "gender": {"L"}}
		if code, _ := ph.join(huge); code != http.StatusRequestEntityTooLarge {
			t.Errorf("1 MB sign-in: %d", code)
		}
		bad := []url.Values{
			{"name": {""}, "gender": {"L"}},
			{"name": {"Tanpa Kelamin"}},
			{"name": {"Umur Aneh"}, "gender": {"P"}, "age": {"-3"}},
			{"name": {"Nomor"}, "gender": {"P"}, "phone": {"0812 3456 7890"}}, // no consent
			{"name": {"Bidi\u202egnirts"}, "gender": {"L"}},
			{"name": {"Null\x00Byte"}, "gender": {"L"}},
			{"name": {"Kategori"}, "gender": {"L"}, "category": {"admin"}},
			{"name": {"Dua", "Nama"}, "gender": {"L"}},
		}
		for _, f := range bad {
			if code, st := ph.join(f); code != http.StatusBadRequest || st.Msg == "" {
				t.Errorf("bad sign-in %v: %d %+v", f, code, st)
			}
		}
		garbage := []struct {
			method, path, body string
			want               int
		}{
			{"POST", "answer", "key=deadbeef&item=x&choice=1", http.StatusConflict},
			{"POST", "answer", "%%%", http.StatusBadRequest},
			{"POST", "answer", strings.Repeat("x", 64<<10), http.StatusRequestEntityTooLarge},
			{"GET", "../../etc/passwd", "", http.StatusNotFound},
			{"DELETE", "", "", http.StatusNotFound},
			{"GET", "state?key=" + strings.Repeat("f", 32), "", http.StatusOK},
		}
		for _, g := range garbage {
			req, _ := http.NewRequest(g.method, base+g.path, strings.NewReader(g.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := ph.http.Do(req)
			if err != nil {
				t.Errorf("%s %s: %v", g.method, g.path, err)
				continue
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != g.want {
				t.Errorf("%s %s: %d, want %d", g.method, g.path, resp.StatusCode, g.want)
			}
			if bytes.Contains(raw, []byte("Peserta")) || bytes.Contains(raw, []byte(people[0].Name)) {
				t.Errorf("%s %s gave someone's name: %s", g.method, g.path, raw)
			}
		}
		// A real sign-in, then answers that do not fit the quiz.
		code, st := ph.join(url.Values{"name": {"Penyusup"}, "gender": {"L"}})
		if code != 200 || st.S != "q" {
			t.Errorf("attacker sign-in: %d %+v", code, st)
			return
		}
		for _, a := range []struct {
			item   string
			choice string
		}{{items[0].ID, "9"}, {items[0].ID, "-1"}, {items[0].ID, "B"}, {"no-such-item", "0"}, {items[2].ID, "0"}} {
			code, _, _ := ph.do("POST", "answer", url.Values{"key": {ph.key}, "item": {a.item}, "choice": {a.choice}})
			if code != http.StatusUnprocessableEntity {
				t.Errorf("answer %s=%s: %d", a.item, a.choice, code)
			}
		}
		// A flood: the rate limit answers 429 before long.
		limited := 0
		for range 100 {
			if code, _, _ := ph.do("GET", "state?key="+ph.key, nil); code == http.StatusTooManyRequests {
				limited++
			}
		}
		if limited == 0 {
			t.Error("100 requests at once were all served")
		}
	}()

	// Someone guessing the token gets nothing, then not even the right one.
	wg.Add(1)
	go func() {
		defer wg.Done()
		ph := newPhone(t, base, 201)
		wrong := strings.Replace(base, token, "aaaaaaaaaa", 1)
		for i := range 25 {
			resp, err := ph.http.Get(wrong + []string{"", "state", "ping"}[i%3])
			if err != nil {
				t.Error(err)
				return
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound || len(raw) != 0 {
				t.Errorf("wrong token: %d %q", resp.StatusCode, raw)
			}
		}
		if code, _, raw := ph.do("GET", "", nil); code != http.StatusNotFound || len(raw) != 0 {
			t.Errorf("after guessing, the right token still served: %d", code)
		}
	}()
	wg.Wait()
	<-officerDone
	if t.Failed() {
		t.FailNow()
	}

	stats := srv.Stats()
	if stats.Joined != phones+1 || stats.Finished != phones || stats.Waiting != 0 {
		t.Errorf("stats %+v", stats)
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	q := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d answers from %d phones: tap to stored answer p50 %v, p95 %v, max %v; page %d bytes",
		len(latencies), phones, q(0.5), q(0.95), q(1), phonequiz.PageSize())

	// What the database holds.
	list, err := s.Participants(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]store.Participant{}
	for _, p := range list {
		byName[p.Name] = p
	}
	if len(list) != len(people)+phones-1+1 { // phone 0 was confirmed, the attacker signed in
		for _, p := range list {
			t.Log(p.Number, p.Name)
		}
		t.Fatalf("%d on the list", len(list))
	}
	viaPhone, _ := s.PhoneRegistered(ctx, sess.ID)
	if len(viaPhone) != phones {
		t.Fatalf("%d registered by phone", len(viaPhone))
	}
	if viaPhone[people[0].ID] || viaPhone[people[1].ID] {
		t.Fatal("a listed person was marked as registered by phone")
	}
	if p, ok := byName[names[2]]; !ok || !viaPhone[p.ID] {
		t.Fatalf("the name with markup was not kept as typed: %+v", p)
	}
	sheets, err := s.AnswerSheets(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	sheetOf := map[string]store.AnswerSheet{}
	for _, sh := range sheets {
		if sh.Phase != store.PhasePre || sh.Source != store.SourcePhone {
			t.Fatalf("sheet %+v", sh)
		}
		if _, dup := sheetOf[sh.ParticipantID]; dup {
			t.Fatalf("two sheets for %s", sh.ParticipantID)
		}
		sheetOf[sh.ParticipantID] = sh
	}
	if len(sheets) != phones { // the attacker's answers were all refused
		t.Fatalf("%d answer sheets", len(sheets))
	}
	for n := 0; n < phones; n++ {
		id := people[0].ID
		if n > 0 {
			var matches []store.Participant
			for _, p := range list {
				if p.Name == store.CleanLine(names[n]) && viaPhone[p.ID] {
					matches = append(matches, p)
				}
			}
			if len(matches) != 1 {
				t.Fatalf("phone %d: %d rows", n, len(matches))
			}
			id = matches[0].ID
		}
		sh := sheetOf[id]
		for i, item := range items {
			if got := sh.Choices[item.ID]; got != wantChoice(n, i, item) {
				t.Fatalf("phone %d question %d: stored %d, chose %d", n, i+1, got, wantChoice(n, i, item))
			}
		}
		if n == 4 && sh.Version != len(items) {
			t.Fatalf("phone 4 resent every answer: version %d, want %d", sh.Version, len(items))
		}
	}
	data, err := s.QuizData(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := store.ComputeResults(data)
	if r.Pre == nil || r.Pre.N != phones || r.Pre.Sources["phone"] != phones || r.Pre.Sources["typed"] != 0 {
		t.Fatalf("results %+v", r.Pre)
	}
	// The same numbers as typed answers would give: score the sheets here.
	var total float64
	for _, sh := range sheets {
		right := 0
		for _, item := range items {
			if sh.Choices[item.ID] == item.Answer {
				right++
			}
		}
		total += 100 * float64(right) / float64(len(items))
	}
	if want := float64(int(total/float64(len(sheets))*10+0.5)) / 10; r.Pre.Mean != want {
		t.Fatalf("mean %.1f, want %.1f", r.Pre.Mean, want)
	}

	// Stopped: the port is closed.
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(base); err == nil {
		t.Fatal("the server still answers after Close")
	}
}

// TestPaced: phones follow the officer's Next within a moment and cannot
// answer a question that is not open.
func TestPaced(t *testing.T) {
	s, sess, _, quiz := fixture(t)
	ctx := context.Background()
	srv, err := phonequiz.Start(ctx, s, phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePost, Host: "127.0.0.1", Paced: true, Quiz: quiz})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	items := srv.Items()
	const n = 5
	phones := make([]*phoneClient, n)
	for i := range phones {
		phones[i] = newPhone(t, srv.URL(), i)
		if code, st := phones[i].join(url.Values{"name": {fmt.Sprintf("Pemuda %d", i)}, "gender": {"L"}}); code != 200 || st.S != "wait" {
			t.Fatalf("join: %d %+v", code, st)
		}
		if code, _ := phones[i].answer(items[0].ID, 0); code != http.StatusUnprocessableEntity {
			t.Fatalf("answered before the officer opened the question: %d", code)
		}
	}
	for q := range items {
		// Every phone waits for a change, as the page does.
		var wg sync.WaitGroup
		var worst time.Duration
		var mu sync.Mutex
		var opened time.Time
		for _, ph := range phones {
			wg.Add(1)
			st := ph.state()
			go func(ph *phoneClient, v uint64) {
				defer wg.Done()
				_, got, _ := ph.do("GET", fmt.Sprintf("state?key=%s&w=%d", ph.key, v), nil)
				mu.Lock()
				worst = max(worst, time.Since(opened))
				mu.Unlock()
				if got.S != "q" || got.N != q+1 {
					t.Errorf("question %d: phone shows %+v", q+1, got)
				}
			}(ph, st.V)
		}
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		opened = time.Now()
		mu.Unlock()
		if got := srv.Step(1); got != q+1 {
			t.Fatalf("step gave %d", got)
		}
		wg.Wait()
		if worst > time.Second {
			t.Fatalf("question %d reached the last phone after %v", q+1, worst)
		}
		for i, ph := range phones {
			if code, _ := ph.answer(items[q].ID, (i+q)%len(items[q].Options)); code != 200 {
				t.Fatalf("answer: %d", code)
			}
		}
		if q+1 < len(items) {
			if code, _ := phones[0].answer(items[q+1].ID, 0); code != http.StatusUnprocessableEntity {
				t.Fatal("answered ahead of the projector")
			}
		}
		if st := srv.Stats(); st.AtItem != n || st.Current != q+1 {
			t.Fatalf("stats %+v", st)
		}
	}
	srv.Step(1)
	if st := phones[0].state(); st.S != "done" || st.Done != len(items) {
		t.Fatalf("after the last: %+v", st)
	}
	srv.Close()
	if _, err := phones[0].http.Get(srv.URL()); err == nil {
		t.Fatal("still serving")
	}
}

func TestAddresses(t *testing.T) {
	list, err := phonequiz.Addresses()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		ip := net.ParseIP(a.IP)
		if ip == nil || ip.To4() == nil || !ip.IsPrivate() || a.Interface == "" {
			t.Fatalf("not a private IPv4 address: %+v", a)
		}
	}
	t.Logf("%d addresses: %+v", len(list), list)
}

func TestStartRefuses(t *testing.T) {
	s, sess, _, quiz := fixture(t)
	tests := []struct {
		name string
		opt  phonequiz.Options
	}{
		{"every address", phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Host: "0.0.0.0", Quiz: quiz}},
		{"no address", phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Quiz: quiz}},
		{"IPv6", phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Host: "::1", Quiz: quiz}},
		{"no phase", phonequiz.Options{SessionID: sess.ID, Phase: store.PhaseBoth, Host: "127.0.0.1", Quiz: quiz}},
		{"no session", phonequiz.Options{SessionID: store.NewID(), Phase: store.PhasePre, Host: "127.0.0.1", Quiz: quiz}},
		{"no quiz", phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Host: "127.0.0.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if srv, err := phonequiz.Start(context.Background(), s, tt.opt); err == nil {
				srv.Close()
				t.Fatal("started")
			}
		})
	}
}

// TestTapToStored measures one phone alone, as in a quiet hall: the time
// from the request leaving the phone to the durable save's reply.
func TestTapToStored(t *testing.T) {
	s, sess, _, quiz := fixture(t)
	srv, err := phonequiz.Start(context.Background(), s, phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Host: "127.0.0.1", Quiz: quiz})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ph := newPhone(t, srv.URL(), 0)
	if code, _ := ph.join(url.Values{"name": {"Sendiri"}, "gender": {"P"}}); code != 200 {
		t.Fatal(code)
	}
	var took []time.Duration
	for i, item := range srv.Items() {
		start := time.Now()
		if code, _ := ph.answer(item.ID, i%len(item.Options)); code != 200 {
			t.Fatal(code)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.Logf("one phone: tap to stored answer median %v, max %v (%d answers)", took[len(took)/2], took[len(took)-1], len(took))
	if took[len(took)/2] > 250*time.Millisecond {
		t.Fatalf("a lone answer took %v to be stored", took[len(took)/2])
	}
}

// TestConnectionHog: one device holding many idle connections open (a
// slowloris) is cut off at a few, and a phone still gets through.
func TestConnectionHog(t *testing.T) {
	s, sess, _, quiz := fixture(t)
	srv, err := phonequiz.Start(context.Background(), s, phonequiz.Options{SessionID: sess.ID, Phase: store.PhasePre, Host: "127.0.0.1", Quiz: quiz})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL(), "http://")
	addr = addr[:strings.Index(addr, "/")]
	var open []net.Conn
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 9, 9)}}
	for range 300 {
		c, err := dialer.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("GET /")) // never finishes its request line
		open = append(open, c)
	}
	// The server closes all but a few; reading tells which.
	time.Sleep(300 * time.Millisecond)
	alive := 0
	for _, c := range open {
		c.SetReadDeadline(time.Now().Add(5 * time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err != nil && strings.Contains(err.Error(), "timeout") {
			alive++
		}
	}
	if alive > 8 {
		t.Fatalf("%d of 300 idle connections from one address kept open", alive)
	}
	ph := newPhone(t, srv.URL(), 1)
	start := time.Now()
	if code, _ := ph.join(url.Values{"name": {"Tetap Bisa"}, "gender": {"P"}}); code != 200 {
		t.Fatalf("a phone beside the hog: %d", code)
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("a phone beside the hog waited %v", took)
	}
}
