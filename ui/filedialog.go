package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// showFileDialog opens a file or folder picker at a size that fits a
// 1366×768 laptop, in start when that folder exists, else in the person's
// Documents (where Windows users keep their files). Removable drives such as
// a USB stick are listed by the picker itself.
func showFileDialog(d *dialog.FileDialog, start string) {
	for _, dir := range []string{start, documentsDir()} {
		if dir == "" {
			continue
		}
		if lister, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(lister)
			break
		}
	}
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}
