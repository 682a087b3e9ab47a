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

// Fallback fonts for the characters DejaVu Sans lacks, one per script
// (fonts/LICENSE): Noto Sans (SIL OFL 1.1, fonts/OFL-1.1.txt) for the
// scripts that need shaping, Droid Sans Fallback (Apache 2.0,
// fonts/Apache-2.0.txt) for Chinese characters. All are TrueType (glyf).
var (
	//go:embed fonts/NotoSansArabic-Regular.ttf
	FontArabic []byte
	//go:embed fonts/NotoSansBalinese-Regular.ttf
	FontBalinese []byte
	//go:embed fonts/NotoSansJavanese-Regular.ttf
	FontJavanese []byte
	//go:embed fonts/NotoSansSundanese-Regular.ttf
	FontSundanese []byte
	//go:embed fonts/NotoSansBuginese-Regular.ttf
	FontBuginese []byte
	//go:embed fonts/NotoSansBatak-Regular.ttf
	FontBatak []byte
	//go:embed fonts/NotoSansRejang-Regular.ttf
	FontRejang []byte
	//go:embed fonts/DroidSansFallbackFull.ttf
	FontCJK []byte
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
