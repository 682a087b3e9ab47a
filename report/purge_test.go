package report_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/report"
)

// The report of a session whose personal data the retention setting
// removed still prints every total and result, names no one, and says why
// the attendance list and photos are gone.
func TestReportOfPurgedSession(t *testing.T) {
	st, before := demoSession(t, 24, 0)
	id := before.Session.ID
	// A session waits for its open follow-ups to be closed.
	open, _ := st.OpenFollowUps(ctx)
	for _, q := range open {
		if _, err := st.CloseFollowUp(ctx, q.ID, "2026-03-01", "Selesai"); err != nil {
			t.Fatal(err)
		}
	}
	exp, err := st.ExportSession(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.MarkExported(ctx, exp); err != nil {
		t.Fatal(err)
	}
	if err := st.SetRetentionMonths(ctx, 1); err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Date(2028, 1, 1, 12, 0, 0, 0, time.UTC) }
	if tidied, err := st.Tidy(ctx); err != nil || tidied.Purged != 1 {
		t.Fatalf("tidy %+v %v", tidied, err)
	}
	after, err := report.Load(ctx, st, filepath.Join(st.Dir(), "packs"), id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after.Totals, before.Totals) || !reflect.DeepEqual(after.Results, before.Results) {
		t.Fatalf("totals or results changed: %+v / %+v", after.Totals, before.Totals)
	}
	pdf := sessionReport(t, "purged", after)
	qpdfCheck(t, pdf)
	flat := strings.Join(strings.Fields(strings.Join(pdfPages(t, pdf), "\n")), " ")
	for _, want := range []string{"Jumlah peserta 24 orang", "Nama peserta sudah dihapus dari laptop ini",
		"Nama, nomor telepon dan alamat 24 peserta telah dihapus dari laptop ini pada 1 Januari 2028",
		"III. HASIL PRE-TEST DAN POST-TEST"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, p := range before.Participants {
		if strings.Contains(flat, p.Name) {
			t.Errorf("%q is printed", p.Name)
		}
	}
}
