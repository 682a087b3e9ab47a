package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/store"
)

// sessionsScreen is the list of sessions, the app's home.
type sessionsScreen struct {
	mw       *mainWindow
	all      []store.SessionSummary
	hay      []string // what the search looks in, for each of all
	shown    []store.SessionSummary
	list     *enterList
	filter   *field
	count    *widget.Label
	search   *fyne.Container // the filter, and the count beside it
	body     *fyne.Container // listView, or the greeting of an empty folder
	listView *fyne.Container

	followUps *widget.Button  // "Follow-ups (N)", shown when some are open
	unsent    map[string]bool // changed since their last export ("belum dikirim")
	verify    *widget.Button  // "Verification & conflicts (N)", on a coordinator's laptop
	conflicts map[string]int  // undecided conflicts by session
	origins   map[string]store.Origin
	deleted   *widget.Button // "Deleted sessions (N)", shown when there are some
	root      *fyne.Container
	partial   bool // all holds only the newest sessions; the whole list is being read
}

// firstScreenful is how many of the newest sessions show at once while the
// whole list is read: more than a 1080-pixel screen holds.
const firstScreenful = 40

func newSessionsScreen(mw *mainWindow) *sessionsScreen { return &sessionsScreen{mw: mw} }

func (s *sessionsScreen) show() {
	s.mw.setScreen(s.buildUI(), s.show)
	s.load()
}

// sessionColumns are the list's column widths: fixed pixels, or negative
// weights that share what is left (so the list fits 1024 px and uses 1920).
// Date, title over place, participants, status over "not sent": the title
// and the place each get the whole width of the wide column, where side by
// side they were cut to a few words on a 1024-pixel screen.
var sessionColumns = columnsLayout{widths: []float32{160, -1, 80, 175}}

func (s *sessionsScreen) buildUI() fyne.CanvasObject {
	s.count = &widget.Label{TextStyle: fyne.TextStyle{Italic: true}}
	s.filter = newField(lang.L("Search title, place or date…"))
	s.filter.OnChanged = func(string) { s.applyFilter() }
	s.filter.onEscape = func() { s.filter.SetText("") }
	newButton := &widget.Button{Text: lang.L("New session"), Icon: theme.ContentAddIcon(),
		Importance: widget.HighImportance, OnTapped: s.mw.newSession}
	s.followUps = &widget.Button{Icon: theme.WarningIcon(), Importance: widget.WarningImportance,
		OnTapped: func() { newFollowUpsScreen(s.mw).show() }}
	s.followUps.Hide()
	importBtn := &widget.Button{Text: lang.L("Import bundles…"), Icon: theme.DownloadIcon(), Importance: widget.LowImportance,
		OnTapped: func() { s.mw.onImportBundles(s.load) }}
	recapBtn := &widget.Button{Text: lang.L("Recap…"), Icon: theme.DocumentIcon(), Importance: widget.LowImportance, OnTapped: s.mw.onRecap}
	s.verify = &widget.Button{Text: lang.L("Verification & conflicts"), Icon: theme.VisibilityIcon(), Importance: widget.LowImportance,
		OnTapped: func() { newTrustScreen(s.mw, trustTabAuto).show() }}
	s.verify.Hide()
	s.deleted = &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance,
		OnTapped: func() { newDeletedScreen(s.mw).show() }}
	s.deleted.Hide()

	s.list = newEnterList(func() int { return len(s.shown) }, s.createRow, s.updateRow, s.onSelected)
	// Keyboard first: type, then Enter opens the top row, or Down goes
	// into the list (Up, Down, Enter there).
	s.filter.OnSubmitted = func(string) {
		if len(s.shown) > 0 && len(searchWords(s.filter.Text)) > 0 {
			s.mw.openSession(s.shown[0].ID)
		}
	}
	s.filter.onDown = func() {
		if len(s.shown) > 0 {
			s.list.home()
			s.list.ScrollTo(0)
			s.mw.win.Canvas().Focus(s.list)
		}
	}
	header := container.New(sessionColumns,
		columnHeader(lang.L("Date")), columnHeader(lang.L("Title")+" · "+lang.L("Place")),
		columnHeader(lang.L("Participants")), columnHeader(lang.L("Status")))

	top := container.NewBorder(nil, nil, heading(lang.L("Sessions")),
		container.NewCenter(container.NewHBox(recapBtn, importBtn, s.verify, s.followUps, newButton)))
	s.search = container.NewBorder(nil, nil, nil, s.count, s.filter)
	s.listView = container.NewBorder(container.NewVBox(s.search, header, widget.NewSeparator()), nil, nil, nil, s.list)
	s.body = container.NewStack(s.listView)
	s.body.Hide() // until the first load says whether it is empty
	s.root = container.NewBorder(top, container.NewHBox(s.deleted), nil, nil, s.body)
	return s.root
}

func columnHeader(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (s *sessionsScreen) createRow() fyne.CanvasObject {
	row := newRow(sessionColumns, 4)
	row.Objects[1] = newTwoLines()
	row.Objects[3] = newTwoLines()
	return row
}

func (s *sessionsScreen) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(s.shown) {
		return
	}
	row := s.shown[id]
	place := strings.Join(nonEmpty(row.Village, row.District, row.Regency), ", ")
	status, second := statusLabel(row.Status), ""
	if s.unsent[row.ID] {
		second = lang.L("not sent")
	}
	statusStyle := widget.RichTextStyleInline
	if n := s.conflicts[row.ID]; n > 0 {
		status, second = lang.L("{{.N}} conflicts", map[string]any{"N": n}), status
		statusStyle = widget.RichTextStyle{ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}}
	}
	title := row.Title
	if by := s.origins[row.ID].ForwardedBy; by != "" {
		title += " · " + lang.L("forwarded by {{.Officer}}", map[string]any{"Officer": by})
	}
	cells := obj.(*fyne.Container).Objects
	setRow(obj, shortDate(row.Date))
	cells[1].(*twoLines).set(title, widget.RichTextStyleStrong, place)
	cells[2].(*widget.Label).SetText(fmt.Sprint(row.Participants))
	cells[3].(*twoLines).set(status, statusStyle, second)
}

func (s *sessionsScreen) onSelected(id widget.ListItemID) {
	s.list.UnselectAll()
	if id < len(s.shown) {
		s.mw.openSession(s.shown[id].ID)
	}
}

// load reads the list off the UI goroutine and swaps it in once. The
// first time, the newest sessions show first: on a province's year the
// whole list takes a third of a second and its counts more.
func (s *sessionsScreen) load() {
	if s.all == nil {
		s.loadNewest()
	}
	var list []store.SessionSummary
	var hay []string
	var open, deleted int
	var unsent map[string]bool
	var trust trustCounts
	names := uiDateNames()
	s.mw.work.run(func() (err error) {
		if list, err = s.mw.store.Sessions(context.Background()); err != nil {
			return err
		}
		hay = searchTexts(list, names)
		if unsent, err = s.mw.store.ChangedSinceExport(context.Background()); err != nil {
			return err
		}
		if trust, err = s.mw.trustCounts(); err != nil {
			return err
		}
		gone, err := s.mw.store.DeletedSessions(context.Background())
		if err != nil {
			return err
		}
		deleted = len(gone)
		open, err = s.mw.store.CountOpenFollowUps(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			s.mw.showError(lang.L("The sessions could not be read."), err)
			if s.partial {
				s.partial = false
				s.applyFilter()
			}
			return
		}
		if open > 0 {
			s.followUps.SetText(lang.L("Follow-ups ({{.N}})", map[string]any{"N": open}))
			s.followUps.Show()
		}
		s.showVerify(trust)
		if deleted > 0 {
			s.deleted.SetText(lang.L("Deleted sessions ({{.N}})", map[string]any{"N": deleted}))
			s.deleted.Show()
		}
		s.all, s.hay, s.unsent, s.conflicts, s.origins = list, hay, unsent, trust.bySession, trust.origins
		s.partial = false
		s.mw.traceStartup("whole session list", len(list))
		if len(list) == 0 {
			s.showEmpty()
			return
		}
		s.showList()
	})
}

// loadNewest shows the newest sessions before the whole list is read.
// Their "not sent" and conflict marks follow with the whole list.
func (s *sessionsScreen) loadNewest() {
	if r := s.mw.newest; r != nil {
		// Read before the window opened (mainWindow.start): the rows are
		// on its first frame instead of a frame after it.
		s.mw.newest = nil
		s.showNewest(r.rows, r.err)
		return
	}
	var newest []store.SessionSummary
	s.mw.work.run(func() (err error) {
		newest, err = s.mw.store.RecentSessions(context.Background(), firstScreenful)
		return err
	}, func(err error) { s.showNewest(newest, err) })
}

// newestRead is the newest sessions read ahead of the screen.
type newestRead struct {
	rows []store.SessionSummary
	err  error
}

func (s *sessionsScreen) showNewest(newest []store.SessionSummary, err error) {
	if err != nil || len(newest) == 0 || s.all != nil {
		return // the whole list tells (an empty folder, an error)
	}
	s.all, s.hay, s.partial = newest, searchTexts(newest, uiDateNames()), true
	s.showList()
	s.mw.traceStartup("newest sessions", len(newest))
}

// showVerify shows "Verification & conflicts" on a coordinator's laptop,
// with the number of things waiting for a decision.
func (s *sessionsScreen) showVerify(c trustCounts) {
	if !c.coordinator && c.waiting() == 0 {
		s.verify.Hide()
		return
	}
	s.verify.Text, s.verify.Importance, s.verify.Icon = lang.L("Verification & conflicts"), widget.LowImportance, theme.VisibilityIcon()
	if n := c.waiting(); n > 0 {
		s.verify.Text = lang.L("Verification & conflicts ({{.N}})", map[string]any{"N": n})
		s.verify.Importance, s.verify.Icon = widget.DangerImportance, theme.WarningIcon()
	}
	s.verify.Show()
	s.verify.Refresh()
}

func (s *sessionsScreen) applyFilter() {
	words := searchWords(s.filter.Text)
	s.shown = s.shown[:0]
	for i, row := range s.all {
		if holdsAll(s.hay[i], words) {
			s.shown = append(s.shown, row)
		}
	}
	searching := len(words) > 0
	if s.partial {
		s.count.SetText(lang.L("Reading all sessions…"))
	} else if !searching && len(s.unsent) > 0 {
		s.count.SetText(lang.L("{{.N}} sessions · {{.U}} not sent to the coordinator", map[string]any{"N": len(s.all), "U": len(s.unsent)}))
	} else if !searching {
		s.count.SetText(lang.L("{{.N}} sessions", map[string]any{"N": len(s.all)}))
	} else {
		s.count.SetText(lang.L("{{.N}} of {{.Total}} sessions", map[string]any{"N": len(s.shown), "Total": len(s.all)}))
	}
	if s.mw.win.Canvas().Focused() != s.list {
		s.list.home() // Shift+Tab into the list finds its first row
	}
	// The count's width changes with its text; nothing else is sure to
	// give it room (the docs' screenshots showed it clipped).
	s.search.Layout.Layout(s.search.Objects, s.search.Size())
	s.list.Refresh()
}

// showList shows the list, also in place of the first-time greeting (bundles
// imported into an empty folder), and gives the search the keyboard unless
// something else on the screen has it.
func (s *sessionsScreen) showList() {
	s.body.Objects = []fyne.CanvasObject{s.listView}
	s.body.Show()
	// A Border lays out only visible objects: lay it out again now that
	// the body shows (no later event is sure to, e.g. on Wine).
	s.root.Refresh()
	s.applyFilter()
	// Not behind a dialog: its cursor would blink there unseen, and the
	// canvas's focus calls act on the dialog.
	if c := s.mw.win.Canvas(); c.Overlays().Top() == nil && c.Focused() == nil && s.mw.showing(s.root) {
		c.Focus(s.filter)
	}
}

// showEmpty greets a first-time user with the two ways to begin.
func (s *sessionsScreen) showEmpty() {
	create := &widget.Button{Text: lang.L("Create a new session"), Icon: theme.ContentAddIcon(),
		Importance: widget.HighImportance, OnTapped: s.mw.newSession}
	demo := &widget.Button{Text: lang.L("Try it with sample data"), Icon: theme.MediaPlayIcon(), OnTapped: s.onDemo}
	title := heading(lang.L("No sessions yet"))
	title.Alignment = fyne.TextAlignCenter
	text := widget.NewLabel(lang.L("A session is one sosialisasi in one village: its details, slides, attendance, pre-test and post-test, questions and report."))
	text.Wrapping = fyne.TextWrapWord
	text.Alignment = fyne.TextAlignCenter
	icon := widget.NewIcon(theme.NewPrimaryThemedResource(theme.DocumentCreateIcon()))
	box := container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(96), icon)),
		title, text,
		container.NewCenter(container.NewHBox(create, demo)))
	s.body.Objects = []fyne.CanvasObject{container.NewCenter(container.New(layout.NewGridWrapLayout(fyne.NewSize(620, box.MinSize().Height)), box))}
	s.body.Show()
	s.root.Refresh()
}

// onDemo creates a sample session and opens it.
func (s *sessionsScreen) onDemo() {
	var sess store.Session
	s.mw.work.run(func() (err error) {
		pack := content.Default()
		sess, err = s.mw.store.Demo(context.Background(), store.DemoOptions{Participants: 60,
			PackID: pack.ID, PackVersion: pack.Version, Quiz: packs.Quiz(pack)})
		return err
	}, func(err error) {
		if err != nil {
			s.mw.showError(lang.L("The sample session could not be created."), err)
			return
		}
		s.mw.openSession(sess.ID)
	})
}

func nonEmpty(parts ...string) []string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
