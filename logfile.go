package main

import (
	"io"
	"log"
	"os"
	"path/filepath"
)

const (
	logName    = "penyuluh.log"
	logMaxSize = 1 << 20
	// logRunMax bounds what one run writes: a loop that logs every frame
	// must not fill the officer's disk.
	logRunMax = 4 << 20
)

// logToDataFolder copies the window's log into penyuluh.log in the data
// folder, so that what went wrong on a laptop can be read afterwards: the
// Windows app has no console to print to. Past 1 MiB the old log is kept as
// penyuluh.log.1. It returns the log's path ("" when it cannot be written)
// and a function that closes it.
func logToDataFolder(dir string) (string, func()) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", func() {}
	}
	path := filepath.Join(dir, logName)
	if fi, err := os.Stat(path); err == nil && fi.Size() > logMaxSize {
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return "", func() {}
	}
	// The file first: MultiWriter stops at the first writer that fails, and
	// a Windows app's stderr is no file at all.
	log.SetOutput(io.MultiWriter(&cappedWriter{w: f, left: logRunMax}, os.Stderr))
	return path, func() {
		log.SetOutput(os.Stderr)
		f.Close()
	}
}

// cappedWriter writes until left bytes are used up, then notes once that the
// rest was left out. It never reports an error, so the writers after it in a
// MultiWriter still get every line.
type cappedWriter struct {
	w    io.Writer
	left int
	full bool
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	switch {
	case len(p) <= c.left:
		c.left -= len(p)
		_, _ = c.w.Write(p)
	case !c.full:
		c.full = true
		_, _ = io.WriteString(c.w, "… the log is full for this run; later lines are left out\n")
	}
	return len(p), nil
}
