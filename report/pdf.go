package report

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Options change how a document is written.
type Options struct {
	// Now is the clock for the generation date printed on every page; nil
	// means time.Now. Tests fix it so that the output is the same each run.
	Now func() time.Time
	// Uncompressed leaves the page streams readable (for tests).
	Uncompressed bool
	// AppVersion is Penyuluh's version, printed in every page's footer.
	AppVersion string
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Page geometry in millimetres (A4 portrait) and type sizes in points.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginL    = 20.0
	marginR    = 15.0
	marginT    = 12.0
	contentW   = pageW - marginL - marginR
	footerTop  = pageH - 13.0 // the footer's rule
	pageBottom = footerTop - 3.0
	// runningHeadH is the running head on every page but the first.
	runningHeadH = 9.0

	fontFamily = "pn-dejavu"
	bodySize   = 10.0
	smallSize  = 8.5
	tinySize   = 7.0
	titleSize  = 13.0
	headSize   = 11.0
	bodyLineH  = 5.0
	smallLineH = 3.8
	cellMargin = 1.2
)

// Grey levels, so that everything reads on a black-and-white printer.
const (
	greyRule   = 120
	greyFill   = 225
	greyText   = 90
	greyLight  = 185
	greyStrong = 55
)

// doc is one PDF being written. Page breaks are ours, not gofpdf's: every
// block asks for its room with ensure first, so a table row or a chart bar
// is never split and a table header can be repeated on the new page.
type doc struct {
	pdf        *gofpdf.Fpdf
	now        time.Time
	draft      bool   // prints DRAF on every page
	running    string // running head on the pages after the first
	footer     string // right side of the footer, e.g. the fingerprint
	appVersion string
	// style and size are the current font's (see font); used holds the
	// faces registered with gofpdf so far.
	style string
	size  float64
	used  map[*face]bool
	// onNewPage runs after a page break inside a block (e.g. a table
	// repeats its header).
	onNewPage func()
}

func newDoc(opts Options, title string) *doc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	d := &doc{pdf: pdf, now: opts.now(), appVersion: opts.AppVersion, used: map[*face]bool{}}
	pdf.SetCompression(!opts.Uncompressed)
	pdf.SetCreationDate(d.now)
	pdf.SetModificationDate(d.now)
	pdf.SetCatalogSort(true)
	pdf.SetProducer("Penyuluh", true)
	pdf.SetCreator(strings.TrimSpace("Penyuluh "+opts.AppVersion), true)
	pdf.SetTitle(metaText(title), true)
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(cellMargin)
	fs := fonts()
	d.use(fs.regular[0])
	d.use(fs.bold[0])
	// After the fonts: gofpdf then keeps the digits in the font subset,
	// which the page total put in at the end needs.
	pdf.AliasNbPages(pageTotal)
	pdf.SetFooterFunc(d.drawFooter)
	d.font("", bodySize)
	return d
}

// pageTotal is replaced by the number of pages when the PDF is written.
const pageTotal = "{nb}"

// write finishes the document; gofpdf's errors are sticky, so this is the
// one place they are checked.
func (d *doc) write(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	if _, err := w.Write(d.subsetNames(buf.Bytes())); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}

// subsetNames gives the embedded fonts the names the PDF standard asks of
// subset fonts (ISO 32000 9.6.4): a tag of six capital letters and a plus
// sign before the name, so that pdffonts and prepress checks see subsets.
// gofpdf names a font "utf8" and its lower-case family and style; every
// family here starts with three characters ("pn-"), so "utf8pn-" becomes
// the tag and "+" at the same length and no offset in the file moves.
func (d *doc) subsetNames(pdf []byte) []byte {
	for f := range d.used {
		name := "utf8" + strings.ToLower(f.family) + strings.ToUpper(f.style)
		if !strings.HasPrefix(name, "utf8pn-") {
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(name))
		sum := h.Sum32()
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = byte('A' + sum%26)
			sum /= 26
		}
		renamed := string(tag) + "+" + name[len("utf8pn-"):]
		pdf = bytes.ReplaceAll(pdf, []byte("/"+name+"\n"), []byte("/"+renamed+"\n"))
	}
	return pdf
}

func (d *doc) font(style string, size float64) {
	d.style, d.size = style, size
	d.pdf.SetFont(fontFamily, style, size)
}

func (d *doc) grey(level int) { d.pdf.SetTextColor(level, level, level) }

func (d *doc) black() { d.pdf.SetTextColor(0, 0, 0) }

// newPage starts a page with the DRAF mark and, after the first page, the
// running head; the cursor is left at the top of the content.
func (d *doc) newPage() {
	d.pdf.AddPage()
	y := marginT
	if d.pdf.PageNo() > 1 && d.running != "" {
		d.font("", tinySize)
		d.grey(greyText)
		d.text(marginL, y, contentW, 4, truncate(d, d.running, contentW), "L")
		d.black()
		d.rule(y+5, 0.2)
		y += runningHeadH
	}
	if d.draft {
		d.font("B", smallSize)
		d.pdf.SetTextColor(180, 0, 0)
		d.text(pageW-marginR-40, marginT-6, 40, 4, "DRAF – belum final", "R")
		d.black()
	}
	d.pdf.SetY(y)
	d.font("", bodySize)
}

// ensure makes room for a block of height h: when it does not fit on the
// page any more, a new page starts (and onNewPage runs).
func (d *doc) ensure(h float64) bool {
	if d.y()+h <= pageBottom+layoutSlack {
		return false
	}
	d.newPage()
	if d.onNewPage != nil {
		d.onNewPage()
	}
	return true
}

func (d *doc) y() float64 { return d.pdf.GetY() }

func (d *doc) down(h float64) { d.pdf.SetY(d.y() + h) }

// text draws one line of text in a box of width w; align is L, C or R.
// Text in DejaVu Sans alone goes to gofpdf as it is; other text is laid
// out with fallback fonts and shaping (shape.go).
func (d *doc) text(x, y, w, h float64, s, align string) {
	s = printable(s)
	if !simple(s) {
		d.drawShaped(x, y, w, h, s, align)
		return
	}
	d.pdf.SetXY(x, y)
	d.pdf.CellFormat(w, h, s, "", 0, align, false, 0, "")
}

// lines wraps s into lines that fit width w in the current font. Text is
// measured with SplitText, which counts runes (SplitLines counts bytes and
// is for the core fonts only).
func (d *doc) lines(s string, w float64) []string {
	s = printable(s)
	if s == "" {
		return []string{""}
	}
	if !simple(s) {
		return d.wrapShaped(s, w)
	}
	if d.pdf.GetStringWidth(s) <= w-2*cellMargin && !containsNewline(s) {
		return []string{s}
	}
	out := d.pdf.SplitText(s, w)
	if len(out) == 0 {
		return []string{""}
	}
	return out
}

func containsNewline(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return true
		}
	}
	return false
}

// paragraph writes wrapped text across width w from x, breaking pages
// between lines.
func (d *doc) paragraph(x, w, lineH float64, s, align string) {
	for _, l := range d.lines(s, w) {
		d.ensure(lineH)
		y := d.y()
		d.text(x, y, w, lineH, l, align)
		d.pdf.SetY(y + lineH)
	}
}

// rule draws a horizontal line across the content width.
func (d *doc) rule(y, width float64) {
	d.pdf.SetLineWidth(width)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.Line(marginL, y, pageW-marginR, y)
	d.pdf.SetLineWidth(0.2)
}

// heading starts a numbered section; it keeps at least keep millimetres
// of the section's content on the same page.
func (d *doc) heading(s string, keep float64) {
	d.down(3)
	d.ensure(8 + keep)
	d.font("B", headSize)
	y := d.y()
	d.text(marginL, y, contentW, 6, s, "L")
	d.pdf.SetY(y + 8)
	d.font("", bodySize)
}

// drawFooter prints the page number, the generation date and (for a
// session) the fingerprint and version on every page.
func (d *doc) drawFooter() {
	d.pdf.SetDrawColor(greyRule, greyRule, greyRule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginL, footerTop, pageW-marginR, footerTop)
	d.pdf.SetDrawColor(0, 0, 0)
	d.font("", tinySize)
	d.grey(greyStrong)
	y := footerTop + 1.5
	// Left-aligned: the total is filled in after the layout, so a right-
	// or centre-aligned cell would be measured with the placeholder.
	d.text(marginL, y, 40, 4, fmt.Sprintf("Halaman %d dari %s", d.pdf.PageNo(), pageTotal), "L")
	middle := strings.TrimSpace("Dibuat " + stamp(d.now) + " dengan Penyuluh " + d.appVersion)
	if d.draft {
		middle = "DRAF · " + middle
	}
	d.text(marginL+40, y, contentW-40-62, 4, middle, "C")
	d.text(pageW-marginR-62, y, 62, 4, d.footer, "R")
	d.black()
}
