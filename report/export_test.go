package report

// Printable exposes printable to the tests.
var Printable = printable

// The number formats, for their table test.
var (
	Number = number
	Fixed  = fixed
	Signed = signed
)
