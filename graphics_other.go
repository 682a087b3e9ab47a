//go:build !windows && !nowindow

package main

// checkGraphics is a Windows concern: on Linux the X server's OpenGL (Mesa
// at worst, in software) is always new enough for Fyne.
func checkGraphics() error { return nil }

func tellNoGraphics(logPath string) {}
