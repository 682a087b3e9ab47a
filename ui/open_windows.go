package ui

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// openInSystem hands a file to its default viewer, or a folder to Explorer.
// ShellExecute takes the path as it is: Fyne's OpenURL goes through a
// file:// URL, which mangles spaces and letters such as "é" in
// C:\Users\Baiq Nurul\….
func openInSystem(path string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	if err := windows.ShellExecute(0, verb, file, nil, nil, windows.SW_SHOWNORMAL); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	return nil
}
