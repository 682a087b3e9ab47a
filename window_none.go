//go:build nowindow

package main

// The command-line build (go build -tags nowindow) links neither Fyne nor
// the graphics libraries: it starts in about half the time (no GUI toolkit
// to initialise), runs on a server without X or OpenGL, and is what
// penyuluh-cli.exe is on Windows.
func openWindow(*invocation) error {
	return usagef("this is the command-line build of Penyuluh: it has no window (open Penyuluh.exe, or run a command; 'penyuluh help' lists them)")
}
