package report_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

func TestRecapPDF(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seed := uint64(7)
	for i := 0; i < 4; i++ {
		if _, err := st.Demo(ctx, store.DemoOptions{Seed: &seed, Participants: 12}); err != nil {
			t.Fatal(err)
		}
		seed++
	}
	tests := []struct {
		name   string
		filter store.RecapFilter
		want   []string
	}{
		{"everything", store.RecapFilter{}, []string{"REKAPITULASI SOSIALISASI PENCEGAHAN TPPO", "semua wilayah", "Jumlah", "DAFTAR SESI", "Halaman 1 dari"}},
		{"nothing in that period", store.RecapFilter{From: "2001-01-01", To: "2001-12-31"}, []string{"Tidak ada sesi pada periode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := st.Recap(ctx, tt.filter, store.RecapOptions{Participants: true})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := report.RecapPDF(&buf, r, store.Settings{}, report.Options{}); err != nil {
				t.Fatal(err)
			}
			qpdfCheck(t, buf.Bytes())
			text := pdfText(t, buf.Bytes())
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("recap lacks %q", want)
				}
			}
			for _, p := range r.Sessions {
				for _, person := range p.Participants {
					if person.Phone != "" && strings.Contains(text, strings.TrimPrefix(person.Phone, "+62")) {
						t.Fatalf("a phone number is printed")
					}
				}
			}
		})
	}
}
