//go:build !nowindow

package main

import (
	"errors"
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/ui"
	_ "github.com/penyuluh/penyuluh/ui/syslocale" // must run before Fyne reads the locale
)

// started is as close to the process start as Go code gets (after the
// packages' initialisation): the window logs its start-up steps against it.
var started = time.Now()

// openWindow runs the GUI until the window closes or SIGTERM/SIGINT arrive,
// which close it the same way: pending work finishes, the database closes.
// Fyne's driver quits on those signals itself; a second handler of ours
// raced it and, when it lost, called Quit off the main goroutine.
func openWindow(inv *invocation) error {
	dir, err := store.DataDir(inv.data)
	if err != nil {
		return err
	}
	logPath, closeLog := logToDataFolder(dir)
	defer closeLog()
	log.Printf("Penyuluh %s, data folder %s", version, dir)
	if err := checkGraphics(); err != nil {
		log.Printf("no usable OpenGL 2.1: %v", err)
		tellNoGraphics(logPath)
		return errors.New("this computer's graphics cannot show the window (OpenGL 2.1 is missing): install the graphics driver; the command line still works")
	}
	// No Icon here: the window would decode it before its first frame
	// (ui.Run sets it just after).
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: details.Name, Version: version, Build: details.Build})
	a := app.NewWithID(appID)
	return ui.Run(a, ui.Options{DataDir: dir, Version: version, Started: started})
}
