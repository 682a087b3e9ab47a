package report

// Printable exposes printable to the tests.
var Printable = printable
