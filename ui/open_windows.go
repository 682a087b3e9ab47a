package ui

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/windows"
)

// openInSystem hands a file to its default viewer, or a folder to Explorer.
// ShellExecute takes the path as it is: Fyne's OpenURL goes through a
// file:// URL, which mangles spaces and letters such as "é" in
// C:\Users\Baiq Nurul\…. ShellExecute may use COM (shell extensions), so it
// runs on a thread of its own with COM initialised, as its documentation
// asks.
func openInSystem(path string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err == nil {
			defer windows.CoUninitialize()
		}
		done <- windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL)
	}()
	if err := <-done; err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	return nil
}
