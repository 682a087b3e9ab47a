// Package report writes Penyuluh's printed documents as PDF: the session
// report ("laporan kegiatan") with its attendance list, the blank
// attendance sheet for when the laptop cannot be used, and the quiz answer
// sheet. Each writes to an io.Writer; Load gathers what a session's
// documents need from the store.
//
// Everything is A4 portrait in Bahasa Indonesia, set in the embedded DejaVu
// Sans. Text that the font cannot show is replaced by a visible mark before
// it reaches gofpdf (see printable), so any name the app accepted prints.
package report
