package report

import (
	"strings"

	"github.com/penyuluh/penyuluh/store"
)

var questionCols = []column{
	{"No", 9, "C"},
	{"Pertanyaan dan jawaban", 94, "L"},
	{"Topik", 28, "L"},
	{"Status dan tindak lanjut", 44, "L"},
}

// printedQuestions leaves out the confidential questions, which are never
// printed, and says how many were left out.
func printedQuestions(all []store.Question) (printed []store.Question, withheld int) {
	for _, q := range all {
		if q.Confidential {
			withheld++
			continue
		}
		printed = append(printed, q)
	}
	return printed, withheld
}

func (d *doc) questionsSection(data *SessionData) {
	printed, withheld := printedQuestions(data.Questions)
	if len(printed) == 0 {
		d.paragraph(marginL, contentW, bodyLineH, "Tidak ada pertanyaan peserta yang dicatat.", "L")
	} else {
		names := map[string]string{}
		for _, p := range data.Participants {
			names[p.ID] = p.Name
		}
		tab := table{d: d, x: marginL, cols: questionCols, size: smallSize, lineH: smallLineH, padY: 1, minRowH: 6, headerH: 6}
		tab.begin()
		for i, q := range printed {
			tab.row(i, number(i+1), questionText(q, names), q.Topic.Label(), followUp(q))
		}
		tab.end()
	}
	if withheld > 0 {
		d.down(1)
		d.font("", smallSize)
		d.paragraph(marginL, contentW, smallLineH+0.4, number(withheld)+
			" pertanyaan bersifat rahasia dan tidak dicantumkan dalam laporan ini; tindak lanjutnya dicatat oleh petugas.", "L")
		d.font("", bodySize)
	}
}

// questionText is the question, the answer given and who asked. The
// asker of an urgent question is never named: it may be a case in
// progress.
func questionText(q store.Question, names map[string]string) string {
	parts := []string{q.Text}
	if q.Answer != "" {
		parts = append(parts, "Jawaban: "+q.Answer)
	}
	asker := "Penanya: tidak disebutkan"
	if name, ok := names[q.AskedBy]; ok && !q.Urgent && !q.Confidential {
		asker = "Penanya: " + name
	}
	return strings.Join(append(parts, asker), "\n")
}

// followUp is the status column: urgency, status, referral and closing.
func followUp(q store.Question) string {
	var parts []string
	if q.Urgent {
		parts = append(parts, "MENDESAK")
	}
	status := q.Status.Label()
	if q.ReferredTo != "" {
		status += " ke " + q.ReferredTo
	}
	parts = append(parts, status)
	if q.ClosedOn != "" {
		closed := "Ditutup " + DateISO(q.ClosedOn)
		if q.ClosedNote != "" {
			closed += ": " + q.ClosedNote
		}
		parts = append(parts, closed)
	} else if q.Open() {
		parts = append(parts, "Belum selesai")
	}
	return strings.Join(parts, "\n")
}
