package ui

import "golang.org/x/sys/windows"

// documentsDir is the person's Documents folder as Windows knows it, which
// may be redirected (OneDrive, a domain share) away from %USERPROFILE%.
func documentsDir() string {
	dir, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		return ""
	}
	return dir
}
