//go:build !nowindow

package main

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
	"golang.org/x/sys/windows"
)

// checkGraphics opens a hidden window with the OpenGL 2.1 context Fyne
// needs. Without a graphics driver (Windows' basic display adapter offers
// only OpenGL 1.1), in a remote-desktop session or in a VM, Fyne would log
// the failure to a console the Windows app does not have and vanish; this
// lets the app say so instead. Fyne's driver locked the main goroutine to
// the main thread in its init, as GLFW requires. On success GLFW stays
// initialised for Fyne, whose own Init is then free.
func checkGraphics() (err error) {
	defer func(start time.Time) { log.Printf("OpenGL 2.1 check: %s", time.Since(start).Round(time.Millisecond)) }(time.Now())
	// go-gl/glfw panics on errors it does not expect (a missing pixel
	// format, for one); any of them means no usable OpenGL here.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("OpenGL 2.1 window: %v", r)
		}
		if err != nil {
			glfw.Terminate()
		}
	}()
	if err := glfw.Init(); err != nil {
		return fmt.Errorf("initialise GLFW: %w", err)
	}
	glfw.WindowHint(glfw.Visible, glfw.False)
	glfw.WindowHint(glfw.ContextVersionMajor, 2)
	glfw.WindowHint(glfw.ContextVersionMinor, 1)
	w, err := glfw.CreateWindow(64, 64, "Penyuluh", nil, nil)
	if err != nil {
		return fmt.Errorf("OpenGL 2.1 window: %w", err)
	}
	// A platform error (e.g. "WGL: Failed to set pixel format") comes back
	// as no window and no error; go-gl has logged it.
	if w == nil {
		return errors.New("OpenGL 2.1 window: none was created (the platform error is logged above)")
	}
	w.Destroy()
	glfw.DefaultWindowHints()
	return nil
}

// tellNoGraphics shows a native message box, in Bahasa Indonesia, saying
// what happened and what to do.
func tellNoGraphics(logPath string) {
	text := "Penyuluh tidak dapat membuka jendelanya karena laptop ini belum mendukung OpenGL 2.1.\n\n" +
		"Yang dapat dilakukan:\n" +
		"• Pasang driver kartu grafis (Intel, AMD atau NVIDIA) dari situs pembuat laptop, lalu nyalakan ulang. " +
		"Setelah Windows dipasang ulang, driver ini sering belum terpasang.\n" +
		"• Jika Penyuluh dibuka lewat Remote Desktop atau di mesin virtual, bukalah langsung di laptop.\n\n" +
		"Data Anda aman. Perintah baris penyuluh-cli.exe tetap dapat dipakai untuk laporan, cadangan dan pengiriman data."
	if logPath != "" {
		text += "\n\nRincian teknis tercatat di:\n" + logPath
	}
	caption, _ := windows.UTF16PtrFromString("Penyuluh")
	body, _ := windows.UTF16PtrFromString(text)
	_, _ = windows.MessageBox(0, body, caption, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND)
}
