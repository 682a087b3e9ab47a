package ui

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// penyuluhTheme is Fyne's light theme with larger type, for tired eyes in a
// hall and budget screens, and the app's blue as the primary colour. It is
// always light: dark grey on black washes out on borrowed projectors and in
// daylight, and the screenshots in the manual should match what people see.
type penyuluhTheme struct{ fyne.Theme }

func newTheme() fyne.Theme { return penyuluhTheme{theme.DefaultTheme()} }

var brandBlue = color.NRGBA{R: 0x1f, G: 0x3a, B: 0x68, A: 0xff}

func (t penyuluhTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if n == theme.ColorNamePrimary {
		return brandBlue
	}
	return t.Theme.Color(n, theme.VariantLight)
}

func (t penyuluhTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 16
	case theme.SizeNameHeadingText:
		return 26
	case theme.SizeNameSubHeadingText:
		return 20
	case theme.SizeNameCaptionText:
		return 13
	case theme.SizeNameInputBorder:
		return 2
	}
	return t.Theme.Size(n)
}

// warmFonts loads the fonts of the styles the session list uses (regular,
// bold, italic) on goroutines of their own while the window and the
// database open. Fyne parses a style's font files (its own and the emoji
// font, 4 MB), and scans the system's fonts for a fallback, the first time
// a text in that style is measured: about 0.2 s of a two-core laptop's
// start that the first screen would otherwise pay on the UI goroutine. One
// goroutine per style, so that both cores work once the UI goroutine waits
// for them. The channel closes when all are loaded; the caller waits for it
// before building a screen, which would otherwise parse the same files again.
func warmFonts() <-chan struct{} {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		wg.Go(func() { fyne.MeasureText("Penyuluh", 16, style) })
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}
