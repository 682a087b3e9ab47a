package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// sessionScreen is one session's workspace. Its details save field by field
// as the user leaves each one; later tabs (presentation, attendance, quiz,
// questions, report) are added here.
type sessionScreen struct {
	mw      *mainWindow
	id      string
	session store.Session
	origin  store.Origin
	fields  *sessionFields
	title   *widget.Label
	saved   *widget.Label

	tabs       *container.AppTabs
	attendance *attendanceScreen
	questions  *questionsScreen
	quiz       *quizScreen
	history    *mergesView // imported sessions only
}

func newSessionScreen(mw *mainWindow, id string) *sessionScreen {
	return &sessionScreen{mw: mw, id: id}
}

func (s *sessionScreen) show() {
	var sess store.Session
	var origin store.Origin
	s.mw.work.run(func() (err error) {
		if sess, err = s.mw.store.Session(context.Background(), s.id); err != nil {
			return err
		}
		origin, err = s.mw.store.SessionOrigin(context.Background(), s.id)
		return err
	}, func(err error) {
		if err != nil {
			s.mw.showSessions() // first: the error dialog would take the screen's focus calls
			s.mw.showError(lang.L("The session could not be opened."), err)
			return
		}
		s.session, s.origin = sess, origin
		s.mw.setScreen(s.buildUI(), s.show)
	})
}

func (s *sessionScreen) buildUI() fyne.CanvasObject {
	s.fields = newSessionFields(s.mw.win, s.onEdit, s.onEdit)
	s.fields.fill(s.session)
	s.fields.setDisabled(s.session.ReadOnly())
	s.title = heading(s.session.Title)
	s.title.Truncation = fyne.TextTruncateEllipsis
	s.saved = muted("")
	back := &widget.Button{Icon: theme.NavigateBackIcon(), Importance: widget.LowImportance, OnTapped: s.mw.showSessions}
	del := &widget.Button{Text: lang.L("Delete session"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: s.onDelete}
	send := &widget.Button{Text: lang.L("Send…"), Icon: theme.MailSendIcon(), OnTapped: func() { s.mw.onExportBundle(s.session.ID) }}
	if s.session.ReadOnly() {
		del.Disable()
	}
	status := widget.NewLabel(statusLabel(s.session.Status))
	present := &widget.Button{Text: lang.L("Start presentation"), Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: s.onPresent}
	var top fyne.CanvasObject = container.NewBorder(nil, nil, back, container.NewHBox(status, present, send, del), s.title)
	if s.session.PurgedAt != nil {
		top = container.NewVBox(top, purgedNote(*s.session.PurgedAt))
	}

	if s.session.OriginLaptop != "" {
		s.saved.SetText(lang.L("Imported from {{.Officer}} (laptop {{.Laptop}}): read-only here; follow-ups can still be closed.",
			map[string]any{"Officer": s.session.OriginOfficer, "Laptop": shortID(s.session.OriginLaptop)}))
		if s.origin.ForwardedBy != "" {
			s.saved.SetText(lang.L("Imported from {{.Officer}} (laptop {{.Laptop}}), forwarded by {{.By}}: read-only here; follow-ups can still be closed.",
				map[string]any{"Officer": s.session.OriginOfficer, "Laptop": shortID(s.session.OriginLaptop), "By": s.origin.ForwardedBy}))
		}
	}
	pack := s.mw.pack(s.session.PackID, s.session.PackVersion)
	packLabel := muted(lang.L("Content pack: {{.Title}} ({{.ID}} {{.Version}})",
		map[string]any{"Title": pack.Title, "ID": pack.ID, "Version": pack.Version}))
	details := container.NewBorder(nil, s.saved, nil, nil,
		container.NewVScroll(container.NewVBox(s.fields.buildUI(), packLabel)))

	attendance := newAttendanceScreen(s.mw, s.session)
	questions := newQuestionsScreen(s.mw, s.session)
	attendanceTab := container.NewTabItemWithIcon(lang.L("Attendance"), theme.AccountIcon(), attendance.buildUI())
	questionsTab := container.NewTabItemWithIcon(lang.L("Questions"), theme.QuestionIcon(), questions.buildUI())
	quiz := newQuizScreen(s.mw, s.session)
	quizTab := container.NewTabItemWithIcon(lang.L("Quiz"), theme.CheckButtonCheckedIcon(), quiz.buildUI())
	rep := newReportScreen(s.mw, s.session)
	reportTab := container.NewTabItemWithIcon(lang.L("Report"), theme.DocumentPrintIcon(), rep.buildUI())
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Details"), theme.InfoIcon(), details),
		attendanceTab, quizTab, questionsTab, reportTab)
	var historyTab *container.TabItem
	var history *mergesView
	if s.session.OriginLaptop != "" {
		history = newMergesView(s.mw, s.session)
		history.onUndone = func(removed bool) {
			if removed {
				s.mw.showSessions()
				return
			}
			s.show()
		}
		historyTab = container.NewTabItemWithIcon(lang.L("Import history"), theme.HistoryIcon(), history.buildUI())
		s.tabs.Append(historyTab)
		s.history = history
	}
	attendance.onChanged = func() {
		attendanceTab.Text = lang.L("Attendance ({{.N}})", map[string]any{"N": len(attendance.all)})
		s.tabs.Refresh()
	}
	questions.onChanged = func() {
		questionsTab.Text = lang.L("Questions ({{.N}})", map[string]any{"N": len(questions.questions)})
		s.tabs.Refresh()
	}
	s.tabs.OnSelected = func(t *container.TabItem) {
		switch t {
		case attendanceTab:
			attendance.focusName()
		case questionsTab:
			questions.load() // the attendance may have changed the askers
			questions.focusText()
		case quizTab:
			quiz.load() // the attendance may have changed
		case reportTab:
			rep.load() // attendance, quiz or questions may have changed
		case historyTab:
			history.load()
		}
	}
	s.attendance, s.questions, s.quiz = attendance, questions, quiz
	attendance.load()
	questions.load()
	return container.NewBorder(top, nil, nil, nil, s.tabs)
}

// onPresent opens the audience and presenter windows on the session's pack.
func (s *sessionScreen) onPresent() {
	pack := s.mw.pack(s.session.PackID, s.session.PackVersion)
	startPresentation(s.mw.app, pack, s.session.Title, nil)
}

// onEdit saves the details when a field is left or Enter is pressed. An
// invalid value is shown next to its field and nothing is saved.
func (s *sessionScreen) onEdit() {
	if s.session.ReadOnly() {
		return
	}
	edited := s.fields.read(s.session)
	if err := edited.Clean(); s.fields.showErrors(err) {
		s.saved.SetText(lang.L("Not saved: correct the field marked in red."))
		return
	}
	var saved store.Session
	s.mw.work.run(func() (err error) {
		saved, err = s.mw.store.UpdateSession(context.Background(), edited)
		return err
	}, func(err error) {
		if s.fields.showErrors(err) {
			return
		}
		if err != nil {
			s.mw.showError(lang.L("The change could not be saved."), err)
			return
		}
		if saved.Version != s.session.Version {
			s.saved.SetText(lang.L("Saved at {{.Time}}", map[string]any{"Time": time.Now().Format("15:04:05")}))
		}
		s.session = saved
		s.title.SetText(saved.Title)
	})
}

// onDelete soft-deletes the session and offers Undo for a few seconds.
func (s *sessionScreen) onDelete() {
	s.mw.commitEdits()
	id, title := s.session.ID, s.session.Title
	s.mw.work.run(func() error {
		return s.mw.store.DeleteSession(context.Background(), id)
	}, func(err error) {
		if err != nil {
			s.mw.showError(lang.L("The session could not be deleted."), err)
			return
		}
		s.mw.showSessions()
		s.mw.showNotice(lang.L("Deleted “{{.Title}}”.", map[string]any{"Title": title}), lang.L("Undo"), func() {
			s.mw.work.run(func() error {
				return s.mw.store.UndeleteSession(context.Background(), id)
			}, func(err error) {
				if err != nil {
					s.mw.showError(lang.L("The session could not be restored."), err)
					return
				}
				s.mw.showSessions()
			})
		})
	})
}

// purgedNote says that the retention setting removed a session's personal
// data, and when.
func purgedNote(at time.Time) fyne.CanvasObject {
	text := widget.NewLabel(lang.L("The personal data of this session (names, phone numbers, villages, photos) was removed from this laptop on {{.Date}} under the retention setting. Its counts and results stay; it is read-only.",
		map[string]any{"Date": at.Local().Format("02-01-2006")}))
	text.Wrapping = fyne.TextWrapWord
	return panel(container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, text))
}

// shortID is the last eight hex digits of an id: enough to tell laptops
// apart in a sentence.
func shortID(id string) string {
	if len(id) > 8 {
		return id[len(id)-8:]
	}
	return id
}
