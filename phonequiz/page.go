package phonequiz

import (
	_ "embed"
	"net/http"
	"strconv"
)

// page is the whole phone side: one HTML file with its CSS and ES5
// JavaScript inline (XMLHttpRequest, no fetch or promises), so a five-year-
// old Android browser runs it and nothing is loaded from elsewhere.
//
//go:embed page.html
var page []byte

// PageSize is the page's weight in bytes: everything a phone downloads.
func PageSize() int { return len(page) }

func (s *Server) servePage(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	// Nothing but this page's own inline code and requests to this server.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
	w.Write(page)
}
