package ui

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/phonequiz"
	"github.com/penyuluh/penyuluh/store"
)

// noPhoneAfter is how long the officer's panel waits for a first phone
// before it says that phones may not reach the laptop and what to do.
var noPhoneAfter = 90 * time.Second

// phoneQuiz is a running "Kuis lewat HP": the server, the officer's panel
// at the top of the Kuis tab (numbers, pacing, sign-ins to confirm, stop)
// and the audience window with the QR code for the projector. Names appear
// only in the officer's panel, never on the projector or on phones.
type phoneQuiz struct {
	q       *quizScreen
	srv     *phonequiz.Server
	phase   store.Phase
	stop    chan struct{}
	started time.Time

	panel      *fyne.Container
	address    *widget.Label
	stats      *widget.Label
	paced      *widget.Check
	prev, next *widget.Button
	current    *widget.Label
	pendingBox *fyne.Container
	warning    *widget.Label
	pendingIDs string
	selfCheck  error

	audience *phoneAudience

	answers    int       // answers seen at the last results reload
	joined     int       // phones joined at the last reload (new people on the list)
	reloadedAt time.Time // the last results reload
}

// onPhones starts the phone quiz for the test shown (or brings its
// audience window back when one runs).
func (q *quizScreen) onPhones() {
	if q.phones != nil {
		q.phones.showAudience()
		return
	}
	if q.readOnly {
		q.mw.showInfo(lang.L("Quiz on phones"), lang.L("This session can no longer change: its answers are closed."))
		return
	}
	addrs, err := phonequiz.Addresses()
	if err != nil || len(addrs) == 0 {
		q.mw.showInfo(lang.L("Quiz on phones"), noNetworkText())
		return
	}
	if len(addrs) == 1 {
		q.startPhones(addrs[0].IP)
		return
	}
	// Several networks (Wi-Fi and a cable, or a hotspot and a router): the
	// officer picks the one the phones are on.
	labels := make([]string, len(addrs))
	for i, a := range addrs {
		labels[i] = fmt.Sprintf("%s  (%s)", a.IP, a.Interface)
	}
	pick := widget.NewRadioGroup(labels, nil)
	pick.SetSelected(labels[0])
	body := container.NewVBox(wrapped(lang.L("This laptop is on several networks. Pick the one the phones are connected to (usually the Wi-Fi or the hotspot):")), pick)
	d := dialog.NewCustomConfirm(lang.L("Quiz on phones"), lang.L("Start"), lang.L("Cancel"), body, func(ok bool) {
		if !ok {
			return
		}
		for i, l := range labels {
			if l == pick.Selected {
				q.startPhones(addrs[i].IP)
			}
		}
	}, q.mw.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

func noNetworkText() string {
	return lang.L("This laptop is not on a local network, so phones cannot reach it. Turn on a phone's hotspot (mobile data may stay off) or the laptop's own hotspot, or join the hall's Wi-Fi, connect the laptop to it, then press Quiz on phones again. People without a phone can still answer on paper.")
}

// startPhones snapshots the quiz if needed and starts the server on host.
func (q *quizScreen) startPhones(host string) {
	phase := q.phase
	var srv *phonequiz.Server
	quiz := packs.Quiz(q.mw.pack(q.session.PackID, q.session.PackVersion))
	q.mw.work.run(func() (err error) {
		srv, err = phonequiz.Start(context.Background(), q.mw.store, phonequiz.Options{SessionID: q.session.ID, Phase: phase,
			Host: host, ConfirmMatches: true, Quiz: quiz})
		return err
	}, func(err error) {
		switch {
		case err == phonequiz.ErrNoQuiz:
			q.mw.showInfo(lang.L("Quiz on phones"), lang.L("This session has no quiz questions for this test."))
			return
		case err != nil:
			q.mw.showError(lang.L("The quiz on phones could not start."), err)
			return
		}
		p := &phoneQuiz{q: q, srv: srv, phase: phase, stop: make(chan struct{}), started: time.Now()}
		q.phones = p
		q.phoneBox.Objects = []fyne.CanvasObject{p.buildPanel()}
		q.root.Refresh()
		p.showAudience()
		if q.mw.work.inline {
			return // tests: no goroutine; they call update and onStop themselves
		}
		q.mw.inBackground(p.watch, func(error) { p.stopped() })
	})
}

// watch runs while the quiz runs: it checks that the laptop reaches its own
// address, then passes the numbers to the screen twice a second. It closes
// the server when the officer stops or the window closes.
func (p *phoneQuiz) watch(ctx context.Context) error {
	check := p.srv.SelfCheck(ctx)
	fyne.Do(func() { p.selfCheck = check })
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return p.srv.Close()
		case <-p.stop:
			return p.srv.Close()
		case <-tick.C:
			stats, pending := p.srv.Stats(), p.srv.Pending()
			fyne.Do(func() { p.update(stats, pending) })
		}
	}
}

func (p *phoneQuiz) testName() string {
	if p.phase == store.PhasePost {
		return lang.L("Post-test")
	}
	return lang.L("Pre-test")
}

func (p *phoneQuiz) buildPanel() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.L("Quiz on phones: {{.Test}}", map[string]any{"Test": p.testName()}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.address = widget.NewLabelWithStyle(p.srv.URL(), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	p.address.Selectable = true
	p.stats = widget.NewLabel("")
	p.paced = &widget.Check{Text: lang.L("In step with the projector"), OnChanged: p.onPaced}
	p.prev = &widget.Button{Text: lang.L("Previous question"), Icon: theme.NavigateBackIcon(), OnTapped: func() { p.step(-1) }}
	p.next = &widget.Button{Text: lang.L("Next question"), Icon: theme.NavigateNextIcon(), Importance: widget.HighImportance, OnTapped: func() { p.step(1) }}
	p.current = widget.NewLabel("")
	p.pendingBox = container.NewVBox()
	p.warning = wrapped("")
	p.warning.Importance = widget.DangerImportance
	p.warning.Hide()
	show := &widget.Button{Text: lang.L("Show QR on projector"), Icon: theme.ComputerIcon(), OnTapped: p.showAudience}
	stop := &widget.Button{Text: lang.L("Stop quiz on phones"), Icon: theme.MediaStopIcon(), Importance: widget.DangerImportance, OnTapped: p.onStop}
	top := container.NewHBox(title, p.address, layout.NewSpacer(), show, stop)
	pacing := container.NewHBox(p.paced, p.prev, p.next, p.current, layout.NewSpacer(), p.stats)
	p.panel = container.NewVBox(top, pacing, p.warning, p.pendingBox, widget.NewSeparator())
	p.update(p.srv.Stats(), nil)
	return p.panel
}

func (p *phoneQuiz) onPaced(on bool) {
	p.srv.SetPaced(on)
	p.update(p.srv.Stats(), p.srv.Pending())
}

func (p *phoneQuiz) step(delta int) {
	p.srv.Step(delta)
	p.update(p.srv.Stats(), p.srv.Pending())
}

// update shows the numbers, the open question, the sign-ins waiting and
// any warning; it reloads the results when new answers came in (at most
// every two seconds, on the worker).
func (p *phoneQuiz) update(st phonequiz.Stats, pending []phonequiz.Pending) {
	if p.q.phones != p {
		return
	}
	p.stats.SetText(lang.L("{{.Joined}} phones · {{.Finished}} finished · {{.Answers}} answers",
		map[string]any{"Joined": st.Joined, "Finished": st.Finished, "Answers": st.Answers}))
	if st.Paced {
		p.prev.Enable()
		p.next.Enable()
		switch {
		case st.Current == 0:
			p.current.SetText(lang.L("No question open yet"))
		case st.Current > st.Items:
			p.current.SetText(lang.L("All questions done"))
		default:
			p.current.SetText(lang.L("Question {{.N}}/{{.Total}}: {{.Answered}} of {{.Joined}} answered",
				map[string]any{"N": st.Current, "Total": st.Items, "Answered": st.AtItem, "Joined": st.Joined}))
		}
	} else {
		p.prev.Disable()
		p.next.Disable()
		p.current.SetText(lang.L("Each phone at its own pace"))
	}
	p.showPending(pending)
	p.showWarning(st)
	if p.audience != nil {
		p.audience.update(st)
	}
	if (st.Answers != p.answers || st.Joined != p.joined) && time.Since(p.reloadedAt) > 2*time.Second {
		p.answers, p.joined, p.reloadedAt = st.Answers, st.Joined, time.Now()
		p.q.reloadResults()
	}
}

func (p *phoneQuiz) showWarning(st phonequiz.Stats) {
	var msg string
	switch {
	case p.selfCheck != nil:
		msg = lang.L("This laptop cannot reach its own address {{.Address}}, so phones cannot either. Check that the Wi-Fi or hotspot is still on, then stop and start the quiz on phones again.",
			map[string]any{"Address": p.srv.URL()}) + " " + firewallText()
	case st.Joined == 0 && st.Waiting == 0 && time.Since(p.started) > noPhoneAfter:
		msg = lang.L("No phone has joined yet. Check that the phones are on the same Wi-Fi as this laptop (not on mobile data) and that the address is typed exactly.") + " " + firewallText()
	}
	if msg == "" {
		if p.warning.Visible() {
			p.warning.Hide()
			p.q.root.Refresh()
		}
		return
	}
	p.warning.SetText(msg)
	if !p.warning.Visible() {
		p.warning.Show()
		p.q.root.Refresh()
	}
}

// firewallText says what to do when the system's firewall blocks phones.
func firewallText() string {
	if runtime.GOOS == "windows" {
		return lang.L("On Windows, the firewall may block phones: when Windows asks, allow Penyuluh on private networks (this needs an administrator). Without one, ask your IT officer to allow Penyuluh once, or let people answer on paper or by show of hands.")
	}
	return lang.L("On Linux, a firewall (ufw or firewalld) may block phones: allow the port shown in the address once, e.g. sudo ufw allow 8642/tcp.")
}

// showPending lists the sign-ins whose names are on the attendance list:
// the officer says who each one is. Tab reaches the buttons and Space
// presses them, so the keyboard is enough.
func (p *phoneQuiz) showPending(pending []phonequiz.Pending) {
	var ids []string
	for _, w := range pending {
		ids = append(ids, w.ID)
	}
	key := strings.Join(ids, ",")
	if key == p.pendingIDs {
		return
	}
	p.pendingIDs = key
	p.pendingBox.Objects = nil
	if len(pending) > 0 {
		p.pendingBox.Add(muted(lang.L("These names are already on the attendance list. Is it the same person? (Tab moves between the buttons, Space presses.)")))
	}
	for i, w := range pending {
		if i == 3 {
			p.pendingBox.Add(muted(lang.L("… and {{.N}} more.", map[string]any{"N": len(pending) - 3})))
			break
		}
		row := container.NewHBox(widget.NewLabelWithStyle(lang.L("Phone: {{.Person}}", map[string]any{"Person": personLine(w.Person)}),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, c := range w.Candidates {
			row.Add(&widget.Button{Text: lang.L("Same as no. {{.N}} {{.Person}}", map[string]any{"N": c.Number, "Person": personLine(c)}),
				Icon: theme.ConfirmIcon(), OnTapped: func() { p.decide(w.ID, c.ID) }})
		}
		row.Add(&widget.Button{Text: lang.L("Someone else: add as new"), Icon: theme.ContentAddIcon(), OnTapped: func() { p.decide(w.ID, "") }})
		p.pendingBox.Add(row)
	}
	p.q.root.Refresh() // the panel's height changed
}

// personLine is a person as the officer tells people apart: name, L/P,
// age, village. Plain text in a label: markup typed on a phone stays text.
func personLine(person store.Participant) string {
	parts := []string{person.Name, person.Gender}
	if person.Age != nil {
		parts = append(parts, fmt.Sprint(*person.Age))
	}
	if person.Village != "" {
		parts = append(parts, person.Village)
	}
	return strings.Join(parts, " · ")
}

// decide confirms a waiting sign-in as participantID, or adds it as a new
// person ("").
func (p *phoneQuiz) decide(pendingID, participantID string) {
	p.q.mw.work.run(func() error {
		if participantID == "" {
			return p.srv.AddAsNew(context.Background(), pendingID)
		}
		return p.srv.Confirm(context.Background(), pendingID, participantID)
	}, func(err error) {
		if err != nil && err != phonequiz.ErrNoPending {
			p.q.mw.showError(lang.L("The sign-in could not be saved."), err)
		}
		p.pendingIDs = "-"
		p.update(p.srv.Stats(), p.srv.Pending())
		p.q.reloadResults()
	})
}

func (p *phoneQuiz) onStop() {
	if p.q.mw.work.inline {
		p.srv.Close()
		p.stopped()
		return
	}
	close(p.stop)
}

// stopped runs once the server is closed: the panel and the audience
// window go, the results are read again.
func (p *phoneQuiz) stopped() {
	if p.q.mw.bgCtx.Err() != nil {
		return // the window is closing: the server is closed, the worker gone
	}
	if p.q.phones == p {
		p.q.phones = nil
		p.q.phoneBox.Objects = nil
		p.q.root.Refresh()
		st := p.srv.Stats()
		p.q.mw.showNotice(lang.L("Quiz on phones stopped: {{.Joined}} phones, {{.Answers}} answers saved.",
			map[string]any{"Joined": st.Joined, "Answers": st.Answers}), "", nil)
		p.q.reloadResults()
	}
	if p.audience != nil {
		p.audience.win.Close()
		p.audience = nil
	}
}

// reloadResults reads the answers and attendance again and redraws the
// results and the list, leaving the answer field (and what is typed in
// it) alone.
func (q *quizScreen) reloadResults() {
	var data store.QuizData
	q.mw.work.run(func() (err error) {
		data, err = q.mw.store.QuizData(context.Background(), q.session.ID)
		return err
	}, func(err error) {
		if err != nil {
			return
		}
		q.data, q.people = data, data.Participants
		if len(data.Items) > 0 {
			q.items, q.saved = data.Items, true
		}
		q.results = store.ComputeResults(data)
		q.list.Refresh()
		q.showResults()
	})
}

// phoneAudience is the window for the projector: the QR code and the
// address in large type, how many joined, and in step with the projector
// the open question. Nobody's name is on it.
type phoneAudience struct {
	p       *phoneQuiz
	win     fyne.Window
	join    *fyne.Container
	slide   *quizSlide
	center  *fyne.Container
	counts  *canvas.Text
	small   *canvas.Text
	showing int // the question shown, 0 for the QR
}

func (p *phoneQuiz) showAudience() {
	if p.audience != nil {
		p.audience.win.Show()
		p.audience.win.RequestFocus()
		return
	}
	a := &phoneAudience{p: p, slide: newQuizSlide()}
	a.win = p.q.mw.app.NewWindow(lang.L("Quiz on phones") + " — Penyuluh")
	a.win.SetContent(a.build())
	a.win.Resize(fyne.NewSize(1024, 640))
	a.win.Canvas().SetOnTypedKey(a.onKey)
	a.win.SetOnClosed(func() {
		if p.audience == a {
			p.audience = nil
		}
	})
	p.audience = a
	a.update(p.srv.Stats())
	a.win.Show()
}

func (a *phoneAudience) build() fyne.CanvasObject {
	url := a.p.srv.URL()
	var qr fyne.CanvasObject = widget.NewLabel("")
	if code, err := qrcode.New(url, qrcode.Medium); err == nil {
		img := canvas.NewImageFromImage(code.Image(-12))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSize(380, 380))
		qr = img
	}
	big := func(text string, size float32, bold bool) *canvas.Text {
		t := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
		t.TextSize, t.TextStyle = size, fyne.TextStyle{Bold: bold}
		return t
	}
	address := big(strings.TrimPrefix(url, "http://"), 38, true)
	address.TextStyle.Monospace = true
	a.counts = big("", 30, false)
	a.small = big(strings.TrimPrefix(url, "http://"), 20, true)
	a.small.TextStyle.Monospace = true
	a.small.Hide()
	steps := container.NewVBox(
		big(lang.L("Quiz on phones: {{.Test}}", map[string]any{"Test": a.p.testName()}), 40, true),
		big(lang.L("1. Connect your phone to the same Wi-Fi"), 28, false),
		big(lang.L("2. Scan the code, or open in the browser:"), 28, false),
		address,
		big(lang.L("No internet needed. No app to install."), 24, false),
		layout.NewSpacer(),
		a.counts)
	a.join = container.NewCenter(container.NewHBox(qr, widget.NewLabel(" "), steps))
	a.center = container.NewStack(a.join)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	return container.NewStack(bg, container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), a.small), nil, nil, a.center))
}

func (a *phoneAudience) update(st phonequiz.Stats) {
	a.counts.Text = lang.L("{{.Joined}} phones joined · {{.Finished}} finished", map[string]any{"Joined": st.Joined, "Finished": st.Finished})
	a.counts.Refresh()
	show := 0
	if st.Paced && st.Current > 0 && st.Current <= st.Items {
		show = st.Current
	}
	if show != 0 {
		item := a.p.srv.Items()[show-1]
		a.slide.set(quizSlideContent{
			header: lang.L("{{.Test}} · question {{.N}} of {{.Total}}", map[string]any{"Test": a.p.testName(), "N": show, "Total": st.Items}) +
				" · " + lang.L("{{.Answered}} of {{.Joined}} answered", map[string]any{"Answered": st.AtItem, "Joined": st.Joined}),
			question: item.Text,
			options:  optionLines(item),
			answer:   item.Answer,
		})
	}
	if show == a.showing {
		return
	}
	a.showing = show
	if show == 0 {
		a.center.Objects = []fyne.CanvasObject{a.join}
		a.small.Hide()
	} else {
		a.center.Objects = []fyne.CanvasObject{a.slide.root}
		a.small.Show()
	}
	a.center.Refresh()
}

// onKey lets a clicker on the projector's window open the next or the
// previous question when phones follow the projector.
func (a *phoneAudience) onKey(ev *fyne.KeyEvent) {
	if !a.p.paced.Checked {
		return
	}
	switch ev.Name {
	case fyne.KeyRight, fyne.KeyPageDown, fyne.KeyDown, fyne.KeySpace:
		a.p.step(1)
	case fyne.KeyLeft, fyne.KeyPageUp, fyne.KeyUp:
		a.p.step(-1)
	}
}
