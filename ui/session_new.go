package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/store"
)

// sessionForm creates a new session. Enter in any one-line field saves;
// invalid input shows a message next to the field and saves nothing; Esc
// goes back to the list.
type sessionForm struct {
	mw     *mainWindow
	fields *sessionFields
	packs  []*content.Pack
	pack   *choice
	saving bool
}

func newSessionForm(mw *mainWindow) *sessionForm { return &sessionForm{mw: mw} }

func (f *sessionForm) show() {
	f.mw.setScreen(f.buildUI(), f.show)
	f.mw.win.Canvas().Focus(f.fields.title)
}

func (f *sessionForm) buildUI() fyne.CanvasObject {
	f.fields = newSessionFields(f.mw.win, f.onSave, nil)
	st := f.mw.settings
	f.fields.fill(store.Session{
		Date:     time.Now().Format("2006-01-02"),
		Regency:  st.DefaultRegency,
		Province: st.DefaultProvince,
		Officers: []store.Officer{{Name: st.OfficerName, NRP: st.OfficerNRP, Unit: st.OfficerUnit}},
	})
	for _, e := range f.fields.all() {
		e.onEscape = f.mw.showSessions
	}
	f.packs = f.mw.packs()
	var names []string
	for _, p := range f.packs {
		names = append(names, fmt.Sprintf("%s (%s %s)", p.Title, p.ID, p.Version))
	}
	f.pack = newChoice(names, f.onSave)
	f.pack.SetSelectedIndex(0)
	save := &widget.Button{Text: lang.L("Save session"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: f.onSave}
	cancel := &widget.Button{Text: lang.L("Cancel"), OnTapped: f.mw.showSessions}
	hint := muted(lang.L("Fields marked * are required. Enter saves, Esc cancels."))
	top := container.NewVBox(heading(lang.L("New session")), hint)
	bottom := container.NewHBox(layout.NewSpacer(), cancel, save)
	form := container.NewVBox(f.fields.buildUI(), labelled(lang.L("Content pack"), false, f.pack, nil))
	return container.NewBorder(top, bottom, nil, nil, container.NewVScroll(form))
}

func (f *sessionForm) onSave() {
	if f.saving {
		return
	}
	sess := f.fields.read(store.Session{})
	if i := f.pack.SelectedIndex(); i >= 0 && i < len(f.packs) {
		sess.PackID, sess.PackVersion = f.packs[i].ID, f.packs[i].Version
	}
	if err := sess.Clean(); f.fields.showErrors(err) {
		return
	}
	f.saving = true
	var created store.Session
	f.mw.work.run(func() (err error) {
		created, err = f.mw.store.CreateSession(context.Background(), sess)
		return err
	}, func(err error) {
		f.saving = false
		if f.fields.showErrors(err) {
			return
		}
		if err != nil {
			f.mw.showError(lang.L("The session could not be saved."), err)
			return
		}
		f.mw.openSession(created.ID)
		f.mw.showNotice(lang.L("Session saved."), "", nil)
	})
}
