package report

import (
	"fmt"

	"github.com/penyuluh/penyuluh/store"
)

// Quiz section geometry and thresholds.
const (
	quizKeyW = 75.0
	quizColW = (contentW - quizKeyW) / 2
	// weakAt is the share of right answers under which a question is
	// listed as something to explain better.
	weakAt   = 70.0
	maxWeak  = 5
	shadePre = greyLight
	shadePst = greyStrong
)

func (d *doc) quizSection(data *SessionData) {
	r := data.Results
	if r.Pre == nil && r.Post == nil {
		d.paragraph(marginL, contentW, bodyLineH, "Belum ada jawaban pre-test atau post-test yang dicatat.", "L")
		d.down(2)
	}
	d.quizTable(r)
	d.down(2)
	d.paragraph(marginL, contentW, bodyLineH, gainSentence(r), "L")
	for _, p := range []struct {
		name string
		res  *store.PhaseResult
	}{{"pre-test", r.Pre}, {"post-test", r.Post}} {
		if p.res != nil && p.res.HandsIgnored {
			d.paragraph(marginL, contentW, bodyLineH, fmt.Sprintf("Hitungan angkat tangan pada %s tidak dipakai karena ada lembar jawaban perorangan.", p.name), "L")
		}
	}
	if len(data.Quiz.Items) == 0 || (r.Pre == nil && r.Post == nil) {
		return
	}
	d.down(3)
	d.quizChart(data)
	d.down(2)
	d.weakQuestions(data)
}

func (d *doc) quizTable(r store.Results) {
	tab := table{d: d, x: marginL, size: smallSize, lineH: smallLineH, padY: 0.8, minRowH: summaryRow, headerH: summaryRow,
		cols: []column{{"", quizKeyW, "L"}, {"Pre-test", quizColW, "C"}, {"Post-test", quizColW, "C"}}}
	tab.begin()
	rows := []struct {
		key string
		val func(*store.PhaseResult) string
	}{
		{"Cara pengisian", func(p *store.PhaseResult) string {
			if p.Source == store.SourceHands {
				return "Angkat tangan"
			}
			return "Lembar jawaban perorangan"
		}},
		{"Jumlah peserta yang menjawab", func(p *store.PhaseResult) string { return number(p.N) + " orang" }},
		{"Rata-rata jawaban benar", func(p *store.PhaseResult) string { return percent(&p.Mean) }},
		{"Median jawaban benar", func(p *store.PhaseResult) string { return percent(p.Median) }},
		{"Rata-rata laki-laki / perempuan", func(p *store.PhaseResult) string {
			l, okL := p.ByGender[store.Male]
			f, okP := p.ByGender[store.Female]
			if !okL && !okP {
				return dash
			}
			return genderMean(l, okL) + " / " + genderMean(f, okP)
		}},
	}
	for i, row := range rows {
		cells := []string{row.key, dash, dash}
		for k, p := range []*store.PhaseResult{r.Pre, r.Post} {
			if p != nil {
				cells[k+1] = row.val(p)
			}
		}
		tab.row(i, cells...)
	}
	tab.end()
}

func genderMean(g store.GenderResult, ok bool) string {
	if !ok {
		return dash
	}
	return percent(&g.Mean)
}

func gainSentence(r store.Results) string {
	s := "Peningkatan rata-rata (post-test dikurangi pre-test): " + points(r.Gain) + "."
	if r.MatchedGain != nil {
		s += " Peningkatan rata-rata peserta yang mengikuti kedua tes (" + number(r.Matched) + " orang): " + points(r.MatchedGain) + "."
	}
	return s
}

// quizChart shows each question's share of right answers before and after.
func (d *doc) quizChart(data *SessionData) {
	pct := func(p *store.PhaseResult, itemID string) *float64 {
		if p == nil {
			return nil
		}
		for _, q := range p.Questions {
			if q.ItemID == itemID {
				return q.CorrectPct
			}
		}
		return nil
	}
	chart := barChart{x: marginL, w: contentW, labelW: 78, valueW: 12, rowH: 6, barH: 2.6, max: 100,
		shades: []int{shadePre, shadePst}, grid: []float64{0, 25, 50, 75, 100},
		gridText: func(v float64) string { return number(int(v)) + "%" }}
	var rows []barRow
	for i, item := range data.Quiz.Items {
		pre, post := pct(data.Results.Pre, item.ID), pct(data.Results.Post, item.ID)
		rows = append(rows, barRow{label: fmt.Sprintf("%d. %s", i+1, item.Text),
			values: []*float64{pre, post}, texts: []string{percentOrBlank(pre), percentOrBlank(post)}})
	}
	d.ensure(12 + chart.height(min(len(rows), 4)))
	d.font("B", smallSize)
	y := d.y()
	d.text(marginL, y, 90, 4.5, "Persentase jawaban benar per soal", "L")
	d.pdf.SetY(y)
	d.legend(marginL+chart.labelW, []string{"Pre-test", "Post-test"}, chart.shades)
	chart.draw(d, rows, true)
}

func percentOrBlank(x *float64) string {
	if x == nil {
		return ""
	}
	return wholePercent(*x)
}

// weakQuestions lists the questions most often answered wrong: what to
// explain better next time.
func (d *doc) weakQuestions(data *SessionData) {
	number := map[string]int{}
	for i, item := range data.Quiz.Items {
		number[item.QuestionID] = i + 1
	}
	var weak []store.QuestionComparison
	for _, q := range data.Results.Weakest {
		v := q.Post
		if v == nil {
			v = q.Pre
		}
		if v != nil && *v < weakAt && len(weak) < maxWeak {
			weak = append(weak, q)
		}
	}
	d.ensure(2 * bodyLineH)
	d.font("B", bodySize)
	d.paragraph(marginL, contentW, bodyLineH, "Materi yang perlu dijelaskan lebih baik", "L")
	d.font("", bodySize)
	if len(weak) == 0 {
		d.paragraph(marginL, contentW, bodyLineH, "Semua soal dijawab benar oleh sedikitnya "+wholePercent(weakAt)+" peserta.", "L")
		return
	}
	d.paragraph(marginL, contentW, bodyLineH, "Soal yang dijawab benar oleh kurang dari "+wholePercent(weakAt)+" peserta (paling sedikit lebih dahulu):", "L")
	for _, q := range weak {
		line := fmt.Sprintf("Soal %d: %s (pre-test %s, post-test %s)", number[q.ID], q.Text, percent(q.Pre), percent(q.Post))
		lines := d.lines(line, contentW-6)
		d.ensure(float64(len(lines)) * bodyLineH)
		y := d.y()
		d.text(marginL, y, 6, bodyLineH, "•", "C")
		for _, l := range lines {
			d.text(marginL+6, y, contentW-6, bodyLineH, l, "L")
			y += bodyLineH
		}
		d.pdf.SetY(y)
	}
}
