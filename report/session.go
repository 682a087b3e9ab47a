package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"github.com/penyuluh/penyuluh/store"
)

// Titles printed on the documents.
const (
	reportTitle    = "LAPORAN KEGIATAN"
	reportSubtitle = "SOSIALISASI PENCEGAHAN TINDAK PIDANA PERDAGANGAN ORANG (TPPO)"
)

// SessionReport writes the session's report: letterhead, details,
// participants, quiz results, questions, photos, signatures and the
// attendance list as an attachment. A session that is not finalized is
// marked DRAF on every page.
func SessionReport(w io.Writer, data *SessionData, opts Options) error {
	d := newDoc(opts, "Laporan Kegiatan – "+data.Session.Title)
	d.draft = !data.Finalized()
	d.running = "Laporan Kegiatan Sosialisasi Pencegahan TPPO · " + placeLine(data.Session) + " · " + LongDate(data.Session.Date)
	d.footer = fmt.Sprintf("Sidik data %s · versi %d", data.Fingerprint, data.Session.Version)
	d.newPage()
	d.letterhead(data)
	d.title(reportTitle, reportSubtitle, placeLine(data.Session)+" · "+LongDate(data.Session.Date))

	d.heading("I. DATA KEGIATAN", 20)
	d.sessionDetails(data)
	d.heading("II. PESERTA", 60)
	d.participantsSection(data)
	d.heading("III. HASIL PRE-TEST DAN POST-TEST", 45)
	d.quizSection(data)
	d.heading("IV. PERTANYAAN PESERTA DAN TINDAK LANJUT", 20)
	d.questionsSection(data)
	d.heading("V. DOKUMENTASI", photosKeep(data))
	d.photosSection(data)
	d.heading("VI. PENUTUP", signatureH+12)
	d.signatures(data)

	d.newPage()
	d.attendanceHeading("LAMPIRAN: DAFTAR HADIR PESERTA", data)
	if data.Session.PurgedAt != nil {
		d.paragraph(marginL, contentW, bodyLineH, purgedNotice(data.Session, "Nama, nomor telepon dan alamat "+
			number(data.Totals.Total)+" peserta"), "L")
	} else {
		d.attendanceList(data.Participants)
	}
	return d.write(w)
}

// purgedNotice says that what was removed under the retention setting is
// no longer on this laptop, and that the counts still stand.
func purgedNotice(s store.Session, what string) string {
	return what + " telah dihapus dari laptop ini pada " + Date(s.PurgedAt.Local()) +
		" sesuai pengaturan retensi data pribadi. Jumlah dan rekap dalam laporan ini tetap seperti yang tercatat."
}

// placeLine is "Desa Sakra, Kec. Sakra, Lombok Timur".
func placeLine(s store.Session) string {
	var parts []string
	if s.Village != "" {
		parts = append(parts, s.Village)
	}
	if s.District != "" {
		parts = append(parts, "Kec. "+s.District)
	}
	if s.Regency != "" {
		parts = append(parts, s.Regency)
	}
	return orDash(strings.Join(parts, ", "))
}

// Letterhead geometry.
const (
	logoH         = 22.0
	logoMaxW      = 26.0
	letterLineH   = 5.4
	letterheadGap = 3.0
)

// letterhead prints the settings' letterhead lines (the kop surat) centred,
// with the logo on the left when there is one, and the double rule under it.
func (d *doc) letterhead(data *SessionData) {
	lines := data.Settings.DisplayLetterhead()
	top := d.y()
	x, w := marginL, contentW
	bottom := top
	if name, info := d.registerImage("logo", data.Logo); info != nil {
		scale := min(logoMaxW/info.Width(), logoH/info.Height())
		lw, lh := info.Width()*scale, info.Height()*scale
		d.pdf.ImageOptions(name, marginL, top, lw, lh, false, gofpdf.ImageOptions{}, 0, "")
		bottom = top + lh
		// The lines stay centred on the page, clear of the logo.
		x, w = marginL+lw+letterheadGap, contentW-2*(lw+letterheadGap)
	}
	if len(lines) == 0 && bottom == top {
		return
	}
	d.font("B", headSize)
	var wrapped []string
	for _, l := range lines {
		wrapped = append(wrapped, d.lines(l, w)...)
	}
	y := top
	if h := float64(len(wrapped)) * letterLineH; bottom-top > h {
		y += (bottom - top - h) / 2 // centre the lines beside the logo
	}
	for _, l := range wrapped {
		d.text(x, y, w, letterLineH, l, "C")
		y += letterLineH
	}
	y = max(y, bottom) + 1.5
	d.rule(y, 0.8)
	d.rule(y+1.1, 0.2)
	d.pdf.SetY(y + 4)
	d.font("", bodySize)
}

// registerImage adds a JPEG or PNG to the document; info is nil when data
// is empty or not an image gofpdf can place.
func (d *doc) registerImage(name string, data []byte) (string, *gofpdf.ImageInfoType) {
	kind := ""
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		kind = "JPG"
	case bytes.HasPrefix(data, []byte("\x89PNG")):
		kind = "PNG"
	default:
		return name, nil
	}
	info := d.pdf.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: kind}, bytes.NewReader(data))
	if d.pdf.Err() || info == nil || info.Width() <= 0 || info.Height() <= 0 {
		// A broken logo must not cost the report: forget the error.
		d.pdf.ClearError()
		return name, nil
	}
	return name, info
}

// title prints the document's title lines centred under the letterhead.
func (d *doc) title(title, subtitle, line string) {
	y := d.y()
	d.font("B", titleSize)
	d.text(marginL, y, contentW, 6.5, title, "C")
	y += 6.5
	d.font("B", headSize)
	for _, l := range d.lines(subtitle, contentW) {
		d.text(marginL, y, contentW, 5.5, l, "C")
		y += 5.5
	}
	if line != "" {
		d.font("", bodySize)
		d.text(marginL, y, contentW, bodyLineH, line, "C")
		y += bodyLineH
	}
	d.pdf.SetY(y + 3)
	d.font("", bodySize)
}

// Key–value block geometry.
const (
	keyW   = 42.0
	colonW = 4.0
)

// keyValues prints "Key : value" rows, values wrapped.
func (d *doc) keyValues(rows [][2]string) {
	valueW := contentW - keyW - colonW
	for _, r := range rows {
		lines := d.lines(orDash(r[1]), valueW)
		d.ensure(bodyLineH)
		y := d.y()
		d.text(marginL, y, keyW, bodyLineH, r[0], "L")
		d.text(marginL+keyW, y, colonW, bodyLineH, ":", "C")
		for i, l := range lines {
			if i > 0 && d.ensure(bodyLineH) {
				y = d.y()
			}
			d.text(marginL+keyW+colonW, y, valueW, bodyLineH, l, "L")
			y += bodyLineH
			d.pdf.SetY(y)
		}
	}
}

func (d *doc) sessionDetails(data *SessionData) {
	s := data.Session
	when := dash
	if s.StartTime != "" {
		when = "Pukul " + Clock(s.StartTime) + " s.d. selesai"
	}
	var officers []string
	for i, o := range s.Officers {
		line := o.Name
		if o.NRP != "" {
			line += " (NRP/NIP " + o.NRP + ")"
		}
		if o.Unit != "" {
			line += ", " + o.Unit
		}
		if len(s.Officers) > 1 {
			line = fmt.Sprintf("%d. %s", i+1, line)
		}
		officers = append(officers, line)
	}
	pack := dash
	if data.PackTitle != "" || s.PackVersion != "" {
		pack = strings.TrimSpace(fmt.Sprintf("%s (%s, versi %s)", data.PackTitle, s.PackID, orDash(s.PackVersion)))
	}
	rows := [][2]string{
		{"Kegiatan", s.Title},
		{"Hari, tanggal", LongDate(s.Date)},
		{"Waktu", when},
		{"Tempat", s.Venue},
		{"Desa/Kelurahan", s.Village},
		{"Kecamatan", s.District},
		{"Kabupaten/Kota", s.Regency},
		{"Provinsi", s.Province},
		{"Petugas", strings.Join(officers, "\n")},
		{"Instansi mitra", s.Partners},
		{"Materi", pack},
	}
	if strings.TrimSpace(s.Notes) != "" {
		rows = append(rows, [2]string{"Catatan", s.Notes})
	}
	d.keyValues(rows)
}
