package report_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// ntbAreas are the regencies of Nusa Tenggara Barat with some of their
// districts; the first one holds most sessions, so that its counts run
// into five digits as a busy coordinator's do.
var ntbAreas = []struct {
	regency   string
	districts []string
	weight    int
}{
	{"Kabupaten Lombok Timur", []string{"Sakra Barat", "Pringgabaya", "Masbagik", "Aikmel", "Sambelia", "Wanasaba"}, 40},
	{"Kabupaten Lombok Tengah", []string{"Janapria", "Pujut", "Praya Barat Daya", "Batukliang Utara"}, 15},
	{"Kabupaten Lombok Barat", []string{"Kuripan", "Gunungsari", "Sekotong"}, 10},
	{"Kabupaten Lombok Utara", []string{"Tanjung", "Bayan"}, 5},
	{"Kota Mataram", []string{"Ampenan", "Sekarbela"}, 5},
	{"Kabupaten Sumbawa Barat", []string{"Sekongkang", "Taliwang"}, 5},
	{"Kabupaten Sumbawa", []string{"Moyo Hulu", "Lunyuk", "Labuhan Badas"}, 8},
	{"Kabupaten Dompu", []string{"Kempo", "Pekat"}, 4},
	{"Kabupaten Bima", []string{"Lambitu", "Wawo", "Sape"}, 6},
	{"Kota Bima", []string{"Rasanae Barat"}, 2},
}

// sums adds up what the recap table shows for a group of sessions.
type sums struct {
	sessions, total, male, female, children, open, urgent int
	pre, post                                             float64 // sums of mean × n
	preN, postN                                           int
}

func (s *sums) add(rs store.RecapSession) {
	s.sessions++
	s.total += rs.Totals.Total
	s.male += rs.Totals.Male
	s.female += rs.Totals.Female
	s.children += rs.Totals.Children
	s.open += rs.OpenFollowUps
	s.urgent += rs.UrgentFollowUps
	s.pre += rs.Results.Pre.Mean * float64(rs.Results.Pre.N)
	s.preN += rs.Results.Pre.N
	s.post += rs.Results.Post.Mean * float64(rs.Results.Post.N)
	s.postN += rs.Results.Post.N
}

func (s sums) totals() store.RecapTotals {
	pre, post := s.pre/float64(s.preN), s.post/float64(s.postN)
	gain := post - pre
	return store.RecapTotals{Sessions: s.sessions, Participants: s.total, Male: s.male, Female: s.female,
		Children: s.children, PreN: s.preN, PreMean: &pre, PostN: s.postN, PostMean: &post, Gain: &gain,
		OpenFollowUps: s.open, UrgentFollowUps: s.urgent}
}

// yearRecap is a coordinator's year: 1,000 sessions of 30 to 90 people
// across the regencies of NTB, with the totals store.Recap would give.
func yearRecap(n int) store.Recap {
	rnd := rand.New(rand.NewPCG(13, 2026))
	var weights []int
	for i, a := range ntbAreas {
		for range a.weight {
			weights = append(weights, i)
		}
	}
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	r := store.Recap{Filter: store.RecapFilter{From: "2026-01-01", To: "2026-12-31"}}
	all := sums{}
	byRegency := map[string]*sums{}
	byDistrict := map[string]*sums{}
	for i := range n {
		a := ntbAreas[weights[rnd.IntN(len(weights))]]
		district := a.districts[rnd.IntN(len(a.districts))]
		total := 30 + rnd.IntN(61)
		male := total/2 + rnd.IntN(7) - 3
		pre, post := 35+rnd.Float64()*30, 65+rnd.Float64()*30
		rs := store.RecapSession{
			Session: store.Session{ID: fmt.Sprintf("s%04d", i), Title: "Sosialisasi Pencegahan TPPO",
				Date:    start.AddDate(0, 0, i*350/n).Format("2006-01-02"),
				Village: "Desa " + district, District: district, Regency: a.regency, Status: store.StatusFinalized},
			Origin: store.Origin{Imported: i%3 > 0, Officer: "Baiq Nurul Hidayati"},
			Totals: store.AttendanceTotals{Total: total, Male: male, Female: total - male, Children: rnd.IntN(total / 5)},
			Results: store.RecapResults{Pre: &store.RecapPhase{N: total - 2, Mean: pre},
				Post: &store.RecapPhase{N: total - 3, Mean: post}},
			OpenFollowUps: rnd.IntN(4),
		}
		rs.UrgentFollowUps = rnd.IntN(rs.OpenFollowUps + 1)
		r.Sessions = append(r.Sessions, rs)
		all.add(rs)
		if byRegency[a.regency] == nil {
			byRegency[a.regency] = &sums{}
		}
		byRegency[a.regency].add(rs)
		key := a.regency + "/" + district
		if byDistrict[key] == nil {
			byDistrict[key] = &sums{}
		}
		byDistrict[key].add(rs)
	}
	r.Totals = all.totals()
	for _, a := range ntbAreas { // store.Recap orders by name; the table keeps the order it is given
		reg, ok := byRegency[a.regency]
		if !ok {
			continue
		}
		area := store.RecapArea{Name: a.regency, Totals: reg.totals()}
		for _, d := range a.districts {
			if s, ok := byDistrict[a.regency+"/"+d]; ok {
				area.Districts = append(area.Districts, store.RecapArea{Name: d, Totals: s.totals()})
			}
		}
		r.Regencies = append(r.Regencies, area)
	}
	return r
}

// indonesian writes what the recap should print, independently of the
// package's own helpers: a dot between thousands, a decimal comma.
func indonesian(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

func indonesian1(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.Atoi(whole)
	return indonesian(n) + "," + frac
}

// TestRecapYearNumbersWhole writes the recap of a year of 1,000 sessions
// and reads it back: every count of every area, with thousands dots, must
// stand on one line of the text with the other numbers of its row, in the
// order of the columns; nothing is printed the English way.
func TestRecapYearNumbersWhole(t *testing.T) {
	r := yearRecap(1000)
	if r.Totals.Participants < 10000 || r.Regencies[0].Totals.Male < 10000 {
		t.Fatalf("the fixture should run into five digits: %d participants, %d men in %s",
			r.Totals.Participants, r.Regencies[0].Totals.Male, r.Regencies[0].Name)
	}
	pdf := render(t, "recap-year", func(w io.Writer) error {
		return report.RecapPDF(w, r, store.Settings{}, testOptions())
	})
	qpdfCheck(t, pdf)
	pages := pdfPages(t, pdf)
	text := strings.Join(pages, "\f")
	lines := strings.Split(text, "\n")

	// rowOf finds the line holding these cells, in order, as whole words.
	rowOf := func(cells ...string) string {
		var quoted []string
		for _, c := range cells {
			quoted = append(quoted, regexp.QuoteMeta(c))
		}
		re := regexp.MustCompile(`(^|\s)` + strings.Join(quoted, `\s+`) + `(\s|$)`)
		for _, l := range lines {
			if re.MatchString(l) {
				return l
			}
		}
		return ""
	}
	check := func(name string, tt store.RecapTotals) {
		t.Helper()
		cells := []string{indonesian(tt.Sessions), indonesian(tt.Participants), indonesian(tt.Male),
			indonesian(tt.Female), indonesian(tt.Children), indonesian1(*tt.PreMean) + "%",
			indonesian1(*tt.PostMean) + "%", "+" + indonesian1(*tt.Gain),
			indonesian(tt.OpenFollowUps), "(" + indonesian(tt.UrgentFollowUps) + ")"}
		if rowOf(cells...) == "" {
			t.Errorf("%s: no line reads %q", name, strings.Join(cells, " "))
		}
	}
	check("Jumlah", r.Totals)
	widest := 0
	for _, reg := range r.Regencies {
		check(reg.Name, reg.Totals)
		widest = max(widest, reg.Totals.Participants)
		for _, d := range reg.Districts {
			check(reg.Name+" / "+d.Name, d.Totals)
		}
	}
	if l := rowOf("Jumlah", indonesian(r.Totals.Sessions), indonesian(r.Totals.Participants)); l == "" {
		t.Errorf("the Jumlah row does not read Jumlah %s %s", indonesian(r.Totals.Sessions), indonesian(r.Totals.Participants))
	}
	// The chart prints each regency's participants as its bar's value.
	for _, reg := range r.Regencies {
		if rowOf(indonesian(reg.Totals.Participants)) == "" {
			t.Errorf("chart: %s's %s is not printed whole", reg.Name, indonesian(reg.Totals.Participants))
		}
	}
	// Every session of the list: its date, participants and scores on one line.
	for _, s := range r.Sessions {
		date := report.DateISO(s.Session.Date)
		re := regexp.MustCompile(regexp.QuoteMeta(date) + `\s.*\s` + regexp.QuoteMeta(indonesian(s.Totals.Total)) +
			`\s+` + strconv.Itoa(int(s.Results.Pre.Mean+0.5)) + `%\s+` + strconv.Itoa(int(s.Results.Post.Mean+0.5)) + `%`)
		if !re.MatchString(text) {
			t.Errorf("session %s of %s: no line reads %s … %s", s.Session.ID, date, date, indonesian(s.Totals.Total))
			break
		}
	}
	// Nothing the English way: no 1,234 or 1234 counts, no 48.7%.
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`\d\.\d%`), regexp.MustCompile(`\d,\d{3}\b`), regexp.MustCompile(`\b\d{5,}\b`),
	} {
		if m := bad.FindString(text); m != "" {
			t.Errorf("%q is not written the Indonesian way", m)
		}
	}
	for _, m := range regexp.MustCompile(`\b\d{4}\b`).FindAllString(text, -1) {
		if m != "2026" { // the only year in this recap
			t.Errorf("%q is a count without its thousands dot", m)
			break
		}
	}
	t.Logf("%d pages; %d sessions, %s participants (widest regency %s, men %s, women %s)", len(pages),
		r.Totals.Sessions, indonesian(r.Totals.Participants), indonesian(widest),
		indonesian(r.Totals.Male), indonesian(r.Totals.Female))
	if dir := os.Getenv("PENYULUH_REPORT_OUT"); dir != "" {
		t.Logf("written to %s", filepath.Join(dir, "recap-year.pdf"))
	}
}
