// Package report writes Penyuluh's printed documents as PDF: the session
// report ("laporan kegiatan") with its attendance list, the blank
// attendance sheet for when the laptop cannot be used, and the quiz answer
// sheet. Each writes to an io.Writer; Load gathers what a session's
// documents need from the store.
//
// Everything is A4 portrait in Bahasa Indonesia, set in the embedded DejaVu
// Sans. A character DejaVu lacks is printed with a fallback font chosen per
// character (fonts.go), and scripts that join or stack are shaped
// (shape.go), so a name prints as it was typed in any script with a bundled
// font. What no font has (most emoji) is left out of print, never shown as
// a box or U+FFFD (see printable); Unprintable lists it for the forms.
package report
