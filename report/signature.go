package report

import (
	"strings"

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
	// A title such as "Kanit PPA Satreskrim Polres Lombok Timur" takes two
	// lines, as it would typed on a letter; both blocks keep one baseline.
	boss := data.Settings
	officer := signer(data)
	titles := [2][]string{d.signatureLines(orElse(boss.SuperiorTitle, "Atasan langsung")), d.signatureLines(orDash(officer.Unit))}
	for i, x := range []float64{left, right} {
		for j, line := range titles[i] {
			d.text(x, y+float64(j)*bodyLineH, signatureW, bodyLineH, line, "C")
		}
	}
	y += float64(max(len(titles[0]), len(titles[1]))-1)*bodyLineH + signatureSpace

	d.signerName(left, y, boss.SuperiorName)
	d.signerName(right, y, officer.Name)
	y += bodyLineH
	d.text(left, y, signatureW, bodyLineH, truncate(d, rankAndNRP(boss.SuperiorRank, boss.SuperiorNRP), signatureW), "C")
	d.text(right, y, signatureW, bodyLineH, truncate(d, rankAndNRP("", officer.NRP), signatureW), "C")
	d.pdf.SetY(y + bodyLineH)
}

// signatureLines wraps a title into at most two lines, the second cut
// with an ellipsis when it is still too long.
func (d *doc) signatureLines(s string) []string {
	lines := d.lines(s, signatureW)
	if len(lines) > 2 {
		lines = []string{lines[0], truncate(d, strings.Join(lines[1:], " "), signatureW)}
	}
	return lines
}

// signerName prints a signer's name bold and underlined, or dots to write
// it by hand.
func (d *doc) signerName(x, y float64, name string) {
	if name == "" {
		d.text(x, y, signatureW, bodyLineH, blankName, "C")
		return
	}
	d.font("B", bodySize)
	name = truncate(d, name, signatureW)
	d.text(x, y, signatureW, bodyLineH, name, "C")
	w := min(d.width(name), signatureW)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(x+(signatureW-w)/2, y+bodyLineH-0.6, x+(signatureW+w)/2, y+bodyLineH-0.6)
	d.font("", bodySize)
}

// rankAndNRP is the line under a signer's name, as the police write it:
// "AKP NRP 78010123", or dots when the number is not known.
func rankAndNRP(rank, nrp string) string {
	if nrp == "" {
		return strings.TrimSpace(rank + " " + blankNRP)
	}
	return strings.TrimSpace(rank + " NRP/NIP " + nrp)
}

func orElse(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}
