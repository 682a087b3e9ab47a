package ui

import (
	"fmt"

	"fyne.io/fyne/v2/lang"

	"github.com/penyuluh/penyuluh/assets"
	"github.com/penyuluh/penyuluh/store"
)

// applyLanguage makes lang.L answer in code ("id" or "en").
//
// Fyne's lang follows the operating system's locale and has no call to pick
// a language at run time, so the chosen file is registered as the
// translation for the system's own locale. Both files hold every key (a test
// checks), including Fyne's own dialog words, so a switch replaces every
// string. The caller rebuilds the window's content afterwards.
func applyLanguage(code string) error {
	if code != store.LangEnglish {
		code = store.LangIndonesian
	}
	files, err := assets.Translation(code)
	if err != nil {
		return fmt.Errorf("load %s translations: %w", code, err)
	}
	locale := lang.SystemLocale()
	for name, data := range files {
		if err := lang.AddTranslationsForLocale(data, locale); err != nil {
			return fmt.Errorf("load %s: %w", name, err)
		}
	}
	return nil
}
