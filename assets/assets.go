// Package assets holds the files embedded in the binary: the app icon and
// the UI translations (later also the report fonts).
package assets

import (
	"embed"
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon/penyuluh.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("penyuluh.png", iconPNG)

// Translations holds one JSON file per UI language: id.json and en.json.
//
//go:embed translations/*.json
var Translations embed.FS

// Translation returns the JSON translations for a language code ("id", "en").
func Translation(code string) ([]byte, error) {
	return Translations.ReadFile("translations/" + code + ".json")
}
