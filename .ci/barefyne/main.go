// Command barefyne is the baseline for the idle-CPU check: a bare Fyne
// window with one focused entry (barefyne entry) or one label (barefyne),
// nothing else. "barefyne started" prints "started" once the window is on
// screen and quits: the floor for .ci/launch-time.
package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("barefyne")
	w.Resize(fyne.NewSize(1366, 768))
	if len(os.Args) > 1 && os.Args[1] == "started" {
		a.Lifecycle().SetOnStarted(func() {
			fmt.Println("started")
			go fyne.Do(a.Quit)
		})
	}
	if len(os.Args) > 1 && os.Args[1] == "entry" {
		e := widget.NewEntry()
		w.SetContent(e)
		w.Canvas().Focus(e)
	} else {
		w.SetContent(widget.NewLabel("Penyuluh"))
	}
	w.ShowAndRun()
}
