// Package phonequiz runs a session's pre-test or post-test on participants'
// phones over the local network alone: a small web server on the laptop,
// bound to one private address, reachable only with a random per-run token
// in its address, that serves one page and saves every answer durably
// through store the moment it arrives. The window and the headless
// command both use it.
package phonequiz

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/penyuluh/penyuluh/store"
)

// DefaultPort is the port tried first, so that a firewall rule made once
// for it keeps working; when it is taken any free port is used.
const DefaultPort = 8642

// Limits of one run. A village hall holds a few hundred people at most.
const (
	maxBody        = 2 << 10 // a sign-in or an answer is well under 1 KB
	maxHeader      = 8 << 10
	maxConns       = 256 // open connections at once (60 phones keep one or two each)
	maxConnsPerIP  = 8   // a phone's browser opens at most six
	maxPhonesPerIP = 3   // sign-ins from one phone: a couple sharing one, not a row of people
	maxPhones      = store.MaxHands
	badTokenLimit  = 20 // wrong-token requests before an address is ignored for the run
	rateBurst      = 40 // requests a phone may make at once…
	ratePerSecond  = 10 // …and per second after that
	longPoll       = 15 * time.Second
	tokenLength    = 10
)

// tokenAlphabet leaves out letters that read alike (i, l, o, 0, 1) so the
// address can be typed from the screen: 31^10 ≈ 2^49 tokens.
const tokenAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// Options say what a run serves and where.
type Options struct {
	SessionID string
	Phase     store.Phase
	Host      string // the IPv4 address to listen on (see Addresses); 127.0.0.1 in tests
	Port      int    // 0: DefaultPort, or any free port when it is taken
	// Paced starts in step with the projector: phones show the question
	// the officer opened (Next) rather than their own next one.
	Paced bool
	// ConfirmMatches holds a sign-in whose name is already on the
	// attendance list until the officer says who it is (Confirm or
	// AddAsNew). Without it (headless) the person is added as a new row
	// marked "daftar lewat HP", for the officer to tidy later.
	ConfirmMatches bool
	Log            *log.Logger // technical events, never names; nil: discarded
	// Quiz is the session's pack quiz, snapshotted if the session has no
	// quiz yet (as the Kuis tab does on first use).
	Quiz []store.QuizItem
}

// Server is one running phone quiz.
type Server struct {
	st    *store.Store
	opt   Options
	items []store.QuizItem
	token string
	url   string
	ln    net.Listener
	http  *http.Server
	done  chan struct{}
	log   *log.Logger

	mu       sync.Mutex
	phones   map[string]*phone // by key
	byPerson map[string]*phone // by participant id
	pending  []*Pending
	ips      map[string]*client
	paced    bool
	current  int // paced: index of the open question, -1 before the first
	version  uint64
	changed  chan struct{} // closed and replaced on every change phones wait for
	answers  int           // answers saved this run
	closed   bool
	lastSave time.Duration // time of the last durable save, for the officer's screen
}

// phone is one signed-in participant's phone.
type phone struct {
	key         string
	ip          string
	participant string // "" while the officer decides
	choices     []int  // by item index; store.Blank until answered
	save        sync.Mutex
	revoked     bool
}

// client is what the server remembers about one network address.
type client struct {
	tokens    float64
	last      time.Time
	badTokens int
	phones    int
}

// Pending is a sign-in whose name is already on the attendance list: the
// officer says whether it is one of Candidates or someone new. Person is
// what the phone sent.
type Pending struct {
	ID         string
	Person     store.Participant
	Candidates []store.Participant
	key        string
}

// Stats are what the officer's screen shows while a run goes on.
type Stats struct {
	Joined   int           `json:"joined"`   // phones signed in (with a person)
	Waiting  int           `json:"waiting"`  // sign-ins waiting for the officer
	Finished int           `json:"finished"` // phones that answered every question
	Answers  int           `json:"answers"`  // answers saved this run
	Current  int           `json:"current"`  // paced: 1-based open question, 0 before the first
	AtItem   int           `json:"at_item"`  // paced: phones that answered the open question
	Items    int           `json:"items"`
	Paced    bool          `json:"paced"`
	LastSave time.Duration `json:"-"`
}

// ErrNoQuiz means the session has no questions for the phase.
var ErrNoQuiz = errors.New("the session has no quiz questions for this test")

// Start checks the session, listens on opt.Host and serves until Close.
func Start(ctx context.Context, st *store.Store, opt Options) (*Server, error) {
	if opt.Phase != store.PhasePre && opt.Phase != store.PhasePost {
		return nil, fmt.Errorf("phase %q", opt.Phase)
	}
	ip := net.ParseIP(opt.Host)
	if ip == nil || ip.To4() == nil || ip.IsUnspecified() {
		return nil, fmt.Errorf("listen address %q: need one IPv4 address, not all of them", opt.Host)
	}
	sess, err := st.Session(ctx, opt.SessionID)
	if err != nil {
		return nil, fmt.Errorf("session %s: %w", opt.SessionID, err)
	}
	if sess.Status == store.StatusFinalized {
		return nil, store.ErrReadOnly
	}
	all, err := st.SnapshotQuiz(ctx, opt.SessionID, opt.Quiz)
	if err != nil {
		return nil, err
	}
	items := store.PhaseItems(all, opt.Phase)
	if len(items) == 0 {
		return nil, ErrNoQuiz
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	ln, err := listen(opt.Host, opt.Port)
	if err != nil {
		return nil, err
	}
	s := &Server{st: st, opt: opt, items: items, token: token, ln: limitListener(ln, maxConns),
		done: make(chan struct{}), log: opt.Log, phones: map[string]*phone{}, byPerson: map[string]*phone{},
		ips: map[string]*client{}, paced: opt.Paced, current: -1, changed: make(chan struct{})}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	s.url = fmt.Sprintf("http://%s:%d/%s/", opt.Host, port, token)
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second, // slowloris
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      longPoll + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    maxHeader,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(s.done)
		if err := s.http.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Printf("phone quiz: %v", err)
		}
	}()
	return s, nil
}

func listen(host string, port int) (net.Listener, error) {
	if port != 0 {
		ln, err := net.Listen("tcp4", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			return nil, fmt.Errorf("listen on %s port %d: %w", host, port, err)
		}
		return ln, nil
	}
	if ln, err := net.Listen("tcp4", net.JoinHostPort(host, strconv.Itoa(DefaultPort))); err == nil {
		return ln, nil
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort(host, "0"))
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", host, err)
	}
	return ln, nil
}

func randomToken() (string, error) {
	b := make([]byte, tokenLength)
	out := make([]byte, 0, tokenLength)
	for len(out) < tokenLength {
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		for _, c := range b {
			// 248 = 8 × 31: reject the rest so every letter is equally likely.
			if c < 248 && len(out) < tokenLength {
				out = append(out, tokenAlphabet[int(c)%len(tokenAlphabet)])
			}
		}
	}
	return string(out), nil
}

func randomKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// URL is the address phones open, token included.
func (s *Server) URL() string { return s.url }

// Items are the questions of this run, in order.
func (s *Server) Items() []store.QuizItem { return s.items }

// Close stops the server: the port is closed and every phone's next request
// fails. Answers already acknowledged are in the database.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.bump()
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if err != nil {
		err = s.http.Close()
	}
	<-s.done
	return err
}

// bump tells waiting phones that something changed. s.mu is held.
func (s *Server) bump() {
	s.version++
	close(s.changed)
	s.changed = make(chan struct{})
}

// Stats counts the run so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Waiting: len(s.pending), Answers: s.answers, Items: len(s.items), Paced: s.paced, LastSave: s.lastSave}
	if s.paced {
		st.Current = s.current + 1
	}
	for _, p := range s.phones {
		if p.revoked || p.participant == "" {
			continue
		}
		st.Joined++
		if firstBlank(p.choices) < 0 {
			st.Finished++
		}
		if s.paced && s.current >= 0 && s.current < len(p.choices) && p.choices[s.current] != store.Blank {
			st.AtItem++
		}
	}
	return st
}

// Pending lists the sign-ins waiting for the officer, oldest first.
func (s *Server) Pending() []Pending {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Pending, len(s.pending))
	for i, p := range s.pending {
		out[i] = *p
	}
	return out
}

// ErrNoPending means the sign-in was already decided (or never existed).
var ErrNoPending = errors.New("no such sign-in waits")

func (s *Server) takePending(id string) (*Pending, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.pending {
		if p.ID == id {
			s.pending = append(s.pending[:i], s.pending[i+1:]...)
			return p, nil
		}
	}
	return nil, ErrNoPending
}

// Confirm says that a waiting sign-in is the participant already listed
// (one of its Candidates): the phone answers for that row. A phone that
// answered for the same row before is signed out.
func (s *Server) Confirm(ctx context.Context, pendingID, participantID string) error {
	p, err := s.takePending(pendingID)
	if err != nil {
		return err
	}
	ok := false
	for _, c := range p.Candidates {
		ok = ok || c.ID == participantID
	}
	if !ok {
		s.requeue(p)
		return fmt.Errorf("participant %s is not a candidate of this sign-in", participantID)
	}
	if err := s.bind(ctx, p.key, participantID); err != nil {
		s.requeue(p)
		return err
	}
	return nil
}

// AddAsNew says that a waiting sign-in is someone not on the list yet: the
// person is added, marked "daftar lewat HP".
func (s *Server) AddAsNew(ctx context.Context, pendingID string) error {
	p, err := s.takePending(pendingID)
	if err != nil {
		return err
	}
	added, err := s.st.AddPhoneParticipant(ctx, p.Person)
	if err != nil {
		s.requeue(p)
		return err
	}
	return s.bind(ctx, p.key, added.ID)
}

func (s *Server) requeue(p *Pending) {
	s.mu.Lock()
	s.pending = append([]*Pending{p}, s.pending...)
	s.mu.Unlock()
}

// bind lets the phone with key answer for a participant, starting from the
// answers already stored for that person in this phase.
func (s *Server) bind(ctx context.Context, key, participantID string) error {
	choices := make([]int, len(s.items))
	for i := range choices {
		choices[i] = store.Blank
	}
	sheets, err := s.st.AnswerSheets(ctx, s.opt.SessionID)
	if err != nil {
		return err
	}
	for _, sh := range sheets {
		if sh.ParticipantID == participantID && sh.Phase == s.opt.Phase {
			for i, item := range s.items {
				if c, ok := sh.Choices[item.ID]; ok {
					choices[i] = c
				}
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ph := s.phones[key]
	if ph == nil {
		return ErrNoPending
	}
	if old := s.byPerson[participantID]; old != nil && old != ph {
		old.revoked = true
	}
	ph.participant, ph.choices = participantID, choices
	s.byPerson[participantID] = ph
	s.bump()
	return nil
}

// SetPaced switches between following the projector and self-paced.
func (s *Server) SetPaced(paced bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paced = paced
	s.bump()
}

// Step opens the next (+1) or previous (-1) question on every phone when
// paced; it returns the open question's 1-based number (0: none yet,
// Items+1: closed after the last).
func (s *Server) Step(delta int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.current = min(max(s.current+delta, -1), len(s.items))
	s.bump()
	return s.current + 1
}

// ServeHTTP answers only under /TOKEN/; anything else gets an empty 404.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	ip := remoteIP(r)
	rest, ok := strings.CutPrefix(r.URL.Path, "/"+s.token+"/")
	if code := s.allow(ip, ok); code != http.StatusOK {
		w.Header().Set("Connection", "close")
		w.WriteHeader(code)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	switch {
	case rest == "" && r.Method == http.MethodGet:
		s.servePage(w)
	case rest == "ping" && r.Method == http.MethodGet:
		io.WriteString(w, "ok")
	case rest == "join" && r.Method == http.MethodPost:
		s.serveJoin(w, r, ip)
	case rest == "state" && r.Method == http.MethodGet:
		s.serveState(w, r)
	case rest == "answer" && r.Method == http.MethodPost:
		s.serveAnswer(w, r)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// allow applies the per-address rate limit (429: the page retries) and
// gives nothing (404) to a wrong token or to an address that kept guessing.
func (s *Server) allow(ip string, goodToken bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.ips[ip]
	now := time.Now()
	if c == nil {
		if len(s.ips) > 4*maxPhones {
			return http.StatusNotFound
		}
		c = &client{tokens: rateBurst, last: now}
		s.ips[ip] = c
	}
	if c.badTokens >= badTokenLimit {
		return http.StatusNotFound
	}
	if !goodToken {
		c.badTokens++
		return http.StatusNotFound
	}
	c.tokens = min(rateBurst, c.tokens+now.Sub(c.last).Seconds()*ratePerSecond)
	c.last = now
	if c.tokens < 1 {
		return http.StatusTooManyRequests
	}
	c.tokens--
	return http.StatusOK
}

// state is what a phone is told after every request.
type state struct {
	S       string   `json:"s"` // confirm, q, wait, done, gone, closed
	V       uint64   `json:"v"` // the change number, for the next long poll
	N       int      `json:"n,omitempty"`
	Total   int      `json:"total"`
	Item    string   `json:"item,omitempty"`
	Text    string   `json:"text,omitempty"`
	Options []string `json:"opts,omitempty"`
	Letters []string `json:"letters,omitempty"`
	Chosen  int      `json:"chosen"`
	Paced   bool     `json:"paced"`
	Done    int      `json:"answered"`
}

// stateOf is a phone's screen. s.mu is held.
func (s *Server) stateOf(ph *phone) state {
	st := state{V: s.version, Total: len(s.items), Paced: s.paced, Chosen: store.Blank}
	switch {
	case s.closed:
		st.S = "closed"
		return st
	case ph == nil || ph.revoked:
		st.S = "gone"
		return st
	case ph.participant == "":
		st.S = "confirm"
		return st
	}
	for _, c := range ph.choices {
		if c != store.Blank {
			st.Done++
		}
	}
	i := firstBlank(ph.choices)
	if s.paced {
		switch {
		case s.current < 0:
			st.S = "wait"
			return st
		case s.current >= len(s.items):
			st.S = "done"
			return st
		}
		i = s.current
	} else if i < 0 {
		st.S = "done"
		return st
	}
	item := s.items[i]
	st.S, st.N, st.Item, st.Text, st.Options, st.Letters, st.Chosen = "q", i+1, item.ID, item.Text, item.Options, item.Letters, ph.choices[i]
	return st
}

func firstBlank(choices []int) int {
	for i, c := range choices {
		if c == store.Blank {
			return i
		}
	}
	return -1
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := jsonEncoder(w)
	enc.Encode(v)
}

// problem is a refusal the page shows as it is (Bahasa Indonesia).
type problem struct {
	Field string `json:"field,omitempty"`
	Msg   string `json:"msg"`
}

func (s *Server) serveJoin(w http.ResponseWriter, r *http.Request, ip string) {
	if !parseForm(w, r) {
		return
	}
	p, prob := personFromForm(r.PostForm)
	if prob != nil {
		writeJSON(w, http.StatusBadRequest, prob)
		return
	}
	p.SessionID = s.opt.SessionID
	if err := p.Clean(); err != nil {
		writeJSON(w, http.StatusBadRequest, cleanProblem(err))
		return
	}
	s.mu.Lock()
	c := s.ips[ip]
	if s.closed || c.phones >= maxPhonesPerIP || len(s.phones) >= maxPhones {
		s.mu.Unlock()
		writeJSON(w, http.StatusTooManyRequests, problem{Msg: "HP ini sudah dipakai mendaftar. Tiap orang memakai HP sendiri; tanpa HP, jawab di kertas."})
		return
	}
	c.phones++
	ph := &phone{key: randomKey(), ip: ip}
	s.phones[ph.key] = ph
	s.mu.Unlock()

	ctx := r.Context()
	list, err := s.st.Participants(ctx, s.opt.SessionID)
	if err != nil {
		s.fail(w, "list participants", err)
		return
	}
	if matches := store.NameMatches(list, p.Name); len(matches) > 0 && s.opt.ConfirmMatches {
		s.mu.Lock()
		s.pending = append(s.pending, &Pending{ID: randomKey(), Person: p, Candidates: matches, key: ph.key})
		s.bump()
		st := s.stateOf(ph)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, joined{Key: ph.key, state: st})
		return
	}
	added, err := s.st.AddPhoneParticipant(ctx, p)
	if err != nil {
		s.mu.Lock()
		delete(s.phones, ph.key)
		c.phones--
		s.mu.Unlock()
		if errors.Is(err, store.ErrSessionFull) || errors.Is(err, store.ErrReadOnly) {
			writeJSON(w, http.StatusConflict, problem{Msg: "Daftar hadir sudah ditutup. Silakan lapor ke petugas."})
			return
		}
		s.fail(w, "add participant", err)
		return
	}
	if err := s.bind(ctx, ph.key, added.ID); err != nil {
		s.fail(w, "bind phone", err)
		return
	}
	s.mu.Lock()
	st := s.stateOf(ph)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, joined{Key: ph.key, state: st})
}

type joined struct {
	Key string `json:"key"`
	state
}

func (s *Server) fail(w http.ResponseWriter, what string, err error) {
	s.log.Printf("phone quiz: %s: %v", what, err)
	writeJSON(w, http.StatusInternalServerError, problem{Msg: "Gagal menyimpan di laptop. Coba lagi, atau lapor ke petugas."})
}

func (s *Server) phoneOf(key string) *phone {
	if key == "" {
		return nil
	}
	return s.phones[key]
}

// serveState answers at once, or waits (up to longPoll) while the phone's
// screen is as it last saw it (w=the v it has), so that phones follow the
// projector within a moment without asking every second.
func (s *Server) serveState(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	key := q.Get("key")
	seen, _ := strconv.ParseUint(q.Get("w"), 10, 64)
	timer := time.NewTimer(longPoll)
	defer timer.Stop()
	for {
		s.mu.Lock()
		st := s.stateOf(s.phoneOf(key))
		ch := s.changed
		s.mu.Unlock()
		if q.Get("w") == "" || st.V != seen || st.S == "closed" || st.S == "gone" {
			writeJSON(w, http.StatusOK, st)
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			writeJSON(w, http.StatusOK, st)
			return
		case <-r.Context().Done():
			return
		}
	}
}

func (s *Server) serveAnswer(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	f := r.PostForm
	s.mu.Lock()
	ph := s.phoneOf(f.Get("key"))
	if ph == nil || ph.revoked || ph.participant == "" || s.closed {
		st := s.stateOf(ph)
		s.mu.Unlock()
		writeJSON(w, http.StatusConflict, st)
		return
	}
	idx := -1
	for i, item := range s.items {
		if item.ID == f.Get("item") {
			idx = i
		}
	}
	choice, err := strconv.Atoi(f.Get("choice"))
	valid := idx >= 0 && err == nil && choice >= 0 && choice < len(s.items[idx].Options)
	// Paced: only the open question. Self-paced: an answered one (a
	// change, or a resend after the Wi-Fi dropped) or the next one.
	if valid && s.paced {
		valid = idx == s.current
	} else if valid {
		next := firstBlank(ph.choices)
		valid = ph.choices[idx] != store.Blank || idx == next
	}
	if !valid {
		st := s.stateOf(ph)
		s.mu.Unlock()
		writeJSON(w, http.StatusUnprocessableEntity, st)
		return
	}
	s.mu.Unlock()

	// One save at a time per phone, so two quick taps cannot overwrite a
	// newer choice with an older one.
	ph.save.Lock()
	defer ph.save.Unlock()
	s.mu.Lock()
	choices := append([]int(nil), ph.choices...)
	participant := ph.participant
	s.mu.Unlock()
	choices[idx] = choice
	start := time.Now()
	if _, err := s.st.SaveAnswersFrom(r.Context(), participant, s.opt.Phase, choices, store.SourcePhone); err != nil {
		if errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrNotFound) {
			writeJSON(w, http.StatusConflict, problem{Msg: "Jawaban tidak dapat disimpan lagi: sesi sudah ditutup. Lapor ke petugas."})
			return
		}
		s.fail(w, "save answer", err)
		return
	}
	took := time.Since(start)
	s.mu.Lock()
	if ph.participant == participant {
		ph.choices[idx] = choice
	}
	s.answers++
	s.lastSave = took
	st := s.stateOf(ph)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, st)
}

// personFromForm reads a sign-in: name and gender required, the rest
// optional, as on the attendance form.
func personFromForm(f map[string][]string) (store.Participant, *problem) {
	get := func(k string) string {
		if v := f[k]; len(v) == 1 {
			return v[0]
		}
		return ""
	}
	p := store.Participant{Name: get("name"), Gender: get("gender"), Village: get("village"),
		Category: store.Category(get("category")), Phone: get("phone"), Consent: get("consent") == "1"}
	if g := strings.TrimSpace(p.Gender); g != store.Male && g != store.Female {
		return p, &problem{Field: "gender", Msg: "Pilih L (laki-laki) atau P (perempuan)."}
	}
	if a := strings.TrimSpace(get("age")); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n < 0 || n > 120 {
			return p, &problem{Field: "age", Msg: "Umur ditulis dengan angka, misalnya 27."}
		}
		p.Age = &n
	}
	for _, r := range p.Name + p.Village {
		if unicode.Is(unicode.Cf, r) {
			return p, &problem{Field: "name", Msg: "Nama memuat tanda yang tidak dapat disimpan."}
		}
	}
	return p, nil
}

func cleanProblem(err error) problem {
	v, ok := store.AsValidation(err)
	if !ok || len(v) == 0 {
		return problem{Msg: "Isian tidak dapat disimpan."}
	}
	e := v[0]
	msgs := map[string]string{
		store.FieldName + "/" + store.CodeRequired:      "Tulis nama Anda.",
		store.FieldName + "/" + store.CodeTooLong:       "Nama terlalu panjang.",
		store.FieldAddress + "/" + store.CodeTooLong:    "Desa/alamat terlalu panjang.",
		store.FieldPhone + "/" + store.CodeInvalidPhone: "Nomor HP tidak valid. Contoh: 0812 3456 7890.",
		store.FieldPhone + "/" + store.CodeNeedsConsent: "Nomor HP hanya disimpan jika Anda bersedia dihubungi: centang persetujuan, atau kosongkan nomornya.",
		store.FieldCategory + "/" + store.CodeInvalid:   "Pilih kategori dari daftar.",
		store.FieldAge + "/" + store.CodeOutOfRange:     "Umur ditulis dengan angka, misalnya 27.",
	}
	if m, ok := msgs[e.Field+"/"+e.Code]; ok {
		return problem{Field: e.Field, Msg: m}
	}
	return problem{Field: e.Field, Msg: "Isian tidak dapat disimpan: periksa lagi."}
}

// parseForm reads a posted form of at most maxBody bytes; anything larger
// or malformed is refused with a sentence the page can show.
func parseForm(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseForm()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeJSON(w, http.StatusRequestEntityTooLarge, problem{Msg: "Isian terlalu panjang."})
	case err != nil:
		writeJSON(w, http.StatusBadRequest, problem{Msg: "Permintaan tidak dapat dibaca."})
	default:
		return true
	}
	return false
}
