package report

import (
	"github.com/penyuluh/penyuluh/store"
)

// Signature block geometry: the superior ("Mengetahui") on the left, the
// reporting officer on the right, room to sign between title and name.
const (
	signatureH     = 52.0
	signatureW     = 75.0
	signatureSpace = 22.0
	blankName      = "(.......................................)"
	blankNRP       = "NRP/NIP ............................"
)

// closingSentence is the customary last line of a laporan kegiatan.
const closingSentence = "Demikian laporan ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya."

// signer is the officer who signs the report: the session's first
// officer, or the laptop's officer profile.
func signer(data *SessionData) store.Officer {
	if len(data.Session.Officers) > 0 && data.Session.Officers[0].Name != "" {
		return data.Session.Officers[0]
	}
	s := data.Settings
	return store.Officer{Name: s.OfficerName, NRP: s.OfficerNRP, Unit: s.OfficerUnit}
}

func (d *doc) signatures(data *SessionData) {
	d.paragraph(marginL, contentW, bodyLineH, closingSentence, "L")
	d.down(6)
	d.ensure(signatureH)
	top := d.y()
	left, right := marginL, pageW-marginR-signatureW
	place := data.Session.Regency
	if place == "" {
		place = data.Session.Village
	}
	dated := Date(d.now)
	if place != "" {
		dated = place + ", " + dated
	}
	d.font("", bodySize)
	d.text(right, top, signatureW, bodyLineH, dated, "C")
	y := top + bodyLineH
	d.text(left, y, signatureW, bodyLineH, "Mengetahui,", "C")
	d.text(right, y, signatureW, bodyLineH, "Yang melaporkan,", "C")
	y += bodyLineH
	d.text(left, y, signatureW, bodyLineH, "Atasan langsung", "C")
	officer := signer(data)
	d.text(right, y, signatureW, bodyLineH, truncate(d, orDash(officer.Unit), signatureW), "C")
	y += signatureSpace

	d.text(left, y, signatureW, bodyLineH, blankName, "C")
	if officer.Name == "" {
		d.text(right, y, signatureW, bodyLineH, blankName, "C")
	} else {
		d.font("B", bodySize)
		name := truncate(d, officer.Name, signatureW)
		d.text(right, y, signatureW, bodyLineH, name, "C")
		w := min(d.pdf.GetStringWidth(name), signatureW)
		d.pdf.SetLineWidth(0.2)
		d.pdf.Line(right+(signatureW-w)/2, y+bodyLineH-0.6, right+(signatureW+w)/2, y+bodyLineH-0.6)
		d.font("", bodySize)
	}
	y += bodyLineH
	d.text(left, y, signatureW, bodyLineH, blankNRP, "C")
	nrp := blankNRP
	if officer.NRP != "" {
		nrp = "NRP/NIP " + officer.NRP
	}
	d.text(right, y, signatureW, bodyLineH, truncate(d, nrp, signatureW), "C")
	d.pdf.SetY(y + bodyLineH)
}
