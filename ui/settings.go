package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// settingsScreen edits the officer profile, report letterhead, default
// place and language (each saved as the user leaves the field), and holds
// backup and restore.
type settingsScreen struct {
	mw *mainWindow

	name, nrp, unit *field
	// the superior who signs "Mengetahui" on reports
	bossTitle, bossName, bossRank, bossNRP *field
	letterhead                             *field
	province, regency                      *field
	language                               *widget.Select
	errs                                   map[string]*errorText
	saved                                  *widget.Label
	backups                                *fyne.Container
	packList                               *fyne.Container
	laptopKey                              *laptopKeyView
	privacy                                *privacyView
	// setCoordKeys shows keys saved elsewhere (imported from the privacy
	// part) in the coordinator section.
	setCoordKeys func(store.SyncSettings)
}

var languageNames = []string{"Bahasa Indonesia", "English"}

func newSettingsScreen(mw *mainWindow) *settingsScreen {
	return &settingsScreen{mw: mw, errs: map[string]*errorText{}}
}

func (s *settingsScreen) show() {
	s.mw.setScreen(s.buildUI(), s.show)
	s.loadBackups()
	s.laptopKey.load()
	s.privacy.load()
}

func (s *settingsScreen) line(text string) *field {
	f := newField("")
	f.SetText(text)
	f.OnSubmitted = func(string) { s.save() }
	f.onLeave = s.save
	return f
}

func (s *settingsScreen) buildUI() fyne.CanvasObject {
	st := s.mw.settings
	s.name = s.line(st.OfficerName)
	s.nrp = s.line(st.OfficerNRP)
	s.unit = s.line(st.OfficerUnit)
	s.bossTitle, s.bossName = s.line(st.SuperiorTitle), s.line(st.SuperiorName)
	s.bossRank, s.bossNRP = s.line(st.SuperiorRank), s.line(st.SuperiorNRP)
	s.bossTitle.PlaceHolder = lang.L("e.g. Kanit PPA Satreskrim Polres Lombok Timur")
	s.province = s.line(st.DefaultProvince)
	s.regency = s.line(st.DefaultRegency)
	s.letterhead = newMultiLineField(lang.L("One line per row, e.g.\nKEPOLISIAN NEGARA REPUBLIK INDONESIA\nDAERAH NUSA TENGGARA BARAT"), 4)
	s.letterhead.SetText(strings.Join(st.Letterhead, "\n"))
	s.letterhead.onLeave = s.save
	for _, name := range []string{store.FieldOfficerName, store.FieldOfficerNRP, store.FieldOfficerUnit,
		store.FieldLetterhead, store.FieldProvince, store.FieldRegency,
		store.FieldSuperiorTitle, store.FieldSuperiorName, store.FieldSuperiorRank, store.FieldSuperiorNRP} {
		s.errs[name] = newErrorText()
	}
	s.language = widget.NewSelect(languageNames, nil)
	if st.Language == store.LangEnglish {
		s.language.SetSelectedIndex(1)
	} else {
		s.language.SetSelectedIndex(0)
	}
	s.language.OnChanged = func(string) { s.save() }
	s.saved = muted("")

	profile := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Officer profile"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		labelled(lang.L("Name and rank"), false, s.name, s.errs[store.FieldOfficerName]),
		container.NewGridWithColumns(2,
			labelled(lang.L("NRP / NIP"), false, s.nrp, s.errs[store.FieldOfficerNRP]),
			labelled(lang.L("Unit"), false, s.unit, s.errs[store.FieldOfficerUnit])),
		container.NewGridWithColumns(2,
			labelled(lang.L("Default province"), false, s.province, s.errs[store.FieldProvince]),
			labelled(lang.L("Default regency / city"), false, s.regency, s.errs[store.FieldRegency])),
		labelled(lang.L("Language"), false, s.language, nil),
	)
	report := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Reports"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		labelled(lang.L("Letterhead lines"), false, s.letterhead, s.errs[store.FieldLetterhead]),
		muted(lang.L("Superior who signs \"Mengetahui\" (left empty: dotted lines to fill in by hand)")),
		labelled(lang.L("Position"), false, s.bossTitle, s.errs[store.FieldSuperiorTitle]),
		labelled(lang.L("Name"), false, s.bossName, s.errs[store.FieldSuperiorName]),
		container.NewGridWithColumns(2,
			labelled(lang.L("Rank"), false, s.bossRank, s.errs[store.FieldSuperiorRank]),
			labelled(lang.L("NRP / NIP"), false, s.bossNRP, s.errs[store.FieldSuperiorNRP])),
	)

	s.backups = container.NewVBox()
	backupNow := &widget.Button{Text: lang.L("Back up now"), Icon: theme.DocumentSaveIcon(), OnTapped: s.onBackup}
	fromFile := &widget.Button{Text: lang.L("Restore from a file…"), Icon: theme.FolderOpenIcon(), OnTapped: s.onRestoreFile}
	folder := muted(lang.L("Data folder: {{.Dir}}", map[string]any{"Dir": s.mw.store.Dir()}))
	backup := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Backups"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		muted(lang.L("A backup is made automatically once a day when Penyuluh opens; the last 14 are kept.")),
		container.NewHBox(backupNow, fromFile), s.backups, folder,
		muted(lang.L("Penyuluh version {{.Version}}", map[string]any{"Version": s.mw.opts.Version})))

	s.laptopKey = newLaptopKeyView(s.mw)
	s.privacy = newPrivacyView(s.mw)
	left := container.NewVBox(profile, report, widget.NewSeparator(), s.laptopKey.buildUI())
	right := container.NewVBox(s.privacy.buildUI(), widget.NewSeparator(), backup, widget.NewSeparator(), s.packsSection(),
		widget.NewSeparator(), s.coordinatorSection())
	content := container.NewGridWithColumns(2, left, right)
	top := container.NewVBox(heading(lang.L("Settings")), muted(lang.L("Changes are saved as you leave each field.")))
	scroll := container.NewVScroll(content)
	s.laptopKey.onLoaded = scroll.Refresh
	s.privacy.onLayout = scroll.Refresh
	s.privacy.onKeys = s.keysImported
	return container.NewBorder(top, s.saved, nil, nil, scroll)
}

// keysImported shows the coordinator's keys just imported in the
// coordinator section.
func (s *settingsScreen) keysImported(keys store.SyncSettings) {
	s.setCoordKeys(keys)
}

func (s *settingsScreen) read() store.Settings {
	st := s.mw.settings
	st.OfficerName, st.OfficerNRP, st.OfficerUnit = s.name.Text, s.nrp.Text, s.unit.Text
	st.SuperiorTitle, st.SuperiorName = s.bossTitle.Text, s.bossName.Text
	st.SuperiorRank, st.SuperiorNRP = s.bossRank.Text, s.bossNRP.Text
	st.DefaultProvince, st.DefaultRegency = s.province.Text, s.regency.Text
	st.Letterhead = strings.Split(s.letterhead.Text, "\n")
	st.Language = store.LangIndonesian
	if s.language.SelectedIndex() == 1 {
		st.Language = store.LangEnglish
	}
	return st
}

func (s *settingsScreen) showErrors(err error) bool {
	return showFieldErrors(s.errs, err, fieldMessage)
}

func (s *settingsScreen) save() {
	edited := s.read()
	if err := edited.Clean(); s.showErrors(err) {
		return
	}
	languageChanged := edited.Language != s.mw.settings.Language
	var saved store.Settings
	s.mw.work.run(func() (err error) {
		saved, err = s.mw.store.SaveSettings(context.Background(), edited)
		return err
	}, func(err error) {
		if s.showErrors(err) {
			return
		}
		if err != nil {
			s.mw.showError(lang.L("The settings could not be saved."), err)
			return
		}
		s.mw.settings = saved
		s.laptopKey.setOfficer(saved.OfficerName)
		if languageChanged {
			s.mw.relabel()
			return
		}
		s.saved.SetText(lang.L("Settings saved."))
	})
}

func (s *settingsScreen) loadBackups() {
	var list []store.Backup
	s.mw.work.run(func() (err error) {
		list, err = s.mw.store.Backups()
		return err
	}, func(err error) {
		if err != nil {
			s.mw.showError(lang.L("The backups could not be listed."), err)
			return
		}
		s.backups.Objects = nil
		if len(list) == 0 {
			s.backups.Add(muted(lang.L("No backups yet.")))
		}
		for _, b := range list {
			path := b.Path
			label := widget.NewLabel(fmt.Sprintf("%s  ·  %s", b.Time.Format("02-01-2006 15:04"), humanSize(b.Size)))
			restore := &widget.Button{Text: lang.L("Restore"), Icon: theme.HistoryIcon(), Importance: widget.LowImportance,
				OnTapped: func() { s.confirmRestore(path) }}
			s.backups.Add(container.NewBorder(nil, nil, nil, restore, label))
		}
		s.backups.Refresh()
	})
}

func (s *settingsScreen) onBackup() {
	var path string
	s.mw.work.run(func() (err error) {
		path, err = s.mw.store.Backup(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			s.mw.showError(lang.L("The backup could not be written."), err)
			return
		}
		s.mw.showNotice(lang.L("Backup saved: {{.File}}", map[string]any{"File": filepath.Base(path)}), "", nil)
		s.loadBackups()
	})
}

func (s *settingsScreen) onRestoreFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.confirmRestore(path)
	}, s.mw.win)
	showFileDialog(d, "")
}

// confirmRestore asks before putting a backup back; the current data is
// snapshotted first, so a restore can itself be undone.
func (s *settingsScreen) confirmRestore(path string) {
	msg := lang.L("Replace the current data with the backup {{.File}}?\n\nThe current data is saved as a new backup first.", map[string]any{"File": filepath.Base(path)})
	s.mw.confirm(lang.L("Restore backup"), msg, lang.L("Restore"), func() { s.restore(path) })
}

func (s *settingsScreen) restore(path string) {
	var settings store.Settings
	// A backup from an older version is converted as it comes back: on a
	// province's year that takes a minute or more.
	s.mw.showNotice(lang.L("Restoring the backup… A backup from an older version is updated first, which can take a few minutes."), "", nil)
	s.mw.work.run(func() error {
		if _, err := s.mw.store.Restore(context.Background(), path); err != nil {
			return err
		}
		var err error
		settings, err = s.mw.store.Settings(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			s.mw.showError(lang.L("The backup could not be restored. Your current data was not changed."), err)
			return
		}
		s.mw.settings = settings
		s.mw.current = s.mw.showSessions
		s.mw.relabel()
		s.mw.showNotice(lang.L("Backup restored."), "", nil)
	})
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
