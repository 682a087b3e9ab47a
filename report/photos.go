package report

import (
	"fmt"

	"github.com/jung-kurt/gofpdf"
)

// Photo grid geometry: two photos a row, each fitted into a 4:3 box with
// its caption under it.
const (
	photoBoxW    = halfW
	photoBoxH    = photoBoxW * 3 / 4
	photoGap     = 6.0
	captionLines = 3
)

// photosKeep is how much of the section must follow its heading: the
// first row of photos, or the sentence that there are none.
func photosKeep(data *SessionData) float64 {
	if len(data.Photos) == 0 {
		return bodyLineH
	}
	return photoBoxH + 2*smallLineH
}

func (d *doc) photosSection(data *SessionData) {
	if len(data.Photos) == 0 {
		text := "Tidak ada foto dokumentasi yang dilampirkan."
		if data.Session.PurgedAt != nil {
			text = purgedNotice(data.Session, "Foto dokumentasi")
		}
		d.paragraph(marginL, contentW, bodyLineH, text, "L")
		return
	}
	d.font("", smallSize)
	for i := 0; i < len(data.Photos); i += 2 {
		pair := data.Photos[i:min(i+2, len(data.Photos))]
		captions := make([][]string, len(pair))
		lines := 1
		for k, p := range pair {
			caption := fmt.Sprintf("Foto %d", i+k+1)
			if p.Caption != "" {
				caption += ". " + p.Caption
			}
			captions[k] = d.lines(caption, photoBoxW)
			if len(captions[k]) > captionLines {
				captions[k] = captions[k][:captionLines]
				captions[k][captionLines-1] = truncate(d, captions[k][captionLines-1]+"…", photoBoxW)
			}
			lines = max(lines, len(captions[k]))
		}
		d.ensure(photoBoxH + float64(lines)*smallLineH + 2)
		y := d.y()
		for k, p := range pair {
			x := marginL + float64(k)*(photoBoxW+halfGap)
			d.photo(fmt.Sprintf("photo-%d", i+k), p.Image, x, y)
			for n, l := range captions[k] {
				d.text(x, y+photoBoxH+1+float64(n)*smallLineH, photoBoxW, smallLineH, l, "C")
			}
		}
		d.pdf.SetY(y + photoBoxH + 1 + float64(lines)*smallLineH + photoGap)
	}
	d.font("", bodySize)
}

// photo fits an image into the photo box at x, y, centred; an image gofpdf
// cannot read leaves an empty frame rather than failing the report.
func (d *doc) photo(name string, data []byte, x, y float64) {
	d.pdf.SetDrawColor(greyLight, greyLight, greyLight)
	d.pdf.Rect(x, y, photoBoxW, photoBoxH, "D")
	d.pdf.SetDrawColor(0, 0, 0)
	name, info := d.registerImage(name, data)
	if info == nil {
		return
	}
	scale := min(photoBoxW/info.Width(), photoBoxH/info.Height())
	w, h := info.Width()*scale, info.Height()*scale
	d.pdf.ImageOptions(name, x+(photoBoxW-w)/2, y+(photoBoxH-h)/2, w, h, false, gofpdf.ImageOptions{}, 0, "")
}
