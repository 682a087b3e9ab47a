package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/content"
)

// packsSection lists the content packs and installs new ones from a folder
// or a zip; a broken pack is refused whole with every problem listed.
func (s *settingsScreen) packsSection() fyne.CanvasObject {
	s.packList = container.NewVBox()
	fromFolder := &widget.Button{Text: lang.L("Install from a folder…"), Icon: theme.FolderOpenIcon(), OnTapped: s.onInstallFolder}
	fromZip := &widget.Button{Text: lang.L("Install from a zip…"), Icon: theme.FileIcon(), OnTapped: s.onInstallZip}
	s.loadPacks()
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Content packs"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		muted(lang.L("Slides, speaker notes and quiz questions. A session keeps the pack and version it used.")),
		s.packList, container.NewHBox(fromFolder, fromZip))
}

func (s *settingsScreen) loadPacks() {
	s.packList.Objects = nil
	for _, p := range s.mw.packs() {
		text := fmt.Sprintf("%s · %s %s · %s", p.Title, p.ID, p.Version,
			lang.L("checked {{.Date}}", map[string]any{"Date": p.CheckedOn.Format("02-01-2006")}))
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		s.packList.Add(l)
	}
	s.packList.Refresh()
}

func (s *settingsScreen) onInstallFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err == nil && u != nil {
			s.install(u.Path())
		}
	}, s.mw.win)
	showFileDialog(d, "")
}

func (s *settingsScreen) onInstallZip() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.install(path)
	}, s.mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".zip", ".ZIP"}))
	showFileDialog(d, "")
}

func (s *settingsScreen) install(path string) {
	var pack *content.Pack
	s.mw.work.run(func() (err error) {
		pack, err = content.Install(path, s.mw.packsDir())
		return err
	}, func(err error) {
		if err != nil {
			msg := widget.NewLabel(err.Error())
			msg.Wrapping = fyne.TextWrapWord
			d := dialog.NewCustom(lang.L("The pack was not installed"), lang.L("Close"),
				container.NewVScroll(msg), s.mw.win)
			d.Resize(fyne.NewSize(760, 480))
			showDialog(d, s.mw.win, d.Hide)
			return
		}
		s.mw.showNotice(lang.L("Installed {{.Title}} ({{.Version}}).", map[string]any{"Title": pack.Title, "Version": pack.Version}), "", nil)
		s.loadPacks()
	})
}
