// Package assets holds the files embedded in the binary: the app icon, the
// UI translations and the report fonts.
package assets

import (
	"embed"
	_ "embed"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
)

//go:embed icon/penyuluh.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("penyuluh.png", iconPNG)

// The report font, DejaVu Sans (Bitstream Vera licence, fonts/LICENSE):
// a TrueType font with Latin, Greek and Cyrillic for embedding in PDFs.
var (
	//go:embed fonts/DejaVuSans.ttf
	FontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	FontBold []byte
)

// Translations holds the UI strings as JSON files named [part.]LANG.json,
// e.g. id.json and presenter.id.json: each part of the UI may keep its own
// pair of files, and every file of a language is loaded.
//
//go:embed translations/*.json
var Translations embed.FS

// Translation returns every JSON translation file for a language code
// ("id", "en"), keyed by file name.
func Translation(code string) (map[string][]byte, error) {
	entries, err := Translations.ReadDir("translations")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		name := e.Name()
		if name != code+".json" && !strings.HasSuffix(name, "."+code+".json") {
			continue
		}
		data, err := Translations.ReadFile("translations/" + name)
		if err != nil {
			return nil, err
		}
		files[name] = data
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no translations for %q", code)
	}
	return files, nil
}
