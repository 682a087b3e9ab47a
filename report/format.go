package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var (
	hari  = []string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	bulan = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
		"September", "Oktober", "November", "Desember"}
)

// LongDate writes a YYYY-MM-DD date the Indonesian way with its day:
// "2026-02-12" → "Kamis, 12 Februari 2026". Anything else comes back as is.
func LongDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return hari[t.Weekday()] + ", " + Date(t)
}

// Date writes a day as "12 Februari 2026".
func Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), bulan[t.Month()-1], t.Year())
}

// DateISO writes a YYYY-MM-DD date as "12 Februari 2026"; anything else
// comes back as is.
func DateISO(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return Date(t)
}

// Clock writes a time of day the Indonesian way: "09:30" → "09.30".
func Clock(hhmm string) string { return strings.ReplaceAll(hhmm, ":", ".") }

// stamp is the generation time printed in the footer: "12-02-2026 14.05".
func stamp(t time.Time) string { return t.Format("02-01-2006 15.04") }

// decimal writes one decimal with a comma: 72.5 → "72,5".
func decimal(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', 1, 64), ".", ",", 1)
}

// percent writes a percentage with a comma, or a dash when there is none.
func percent(x *float64) string {
	if x == nil {
		return dash
	}
	return decimal(*x) + "%"
}

// points writes a gain in percentage points with its sign: "+22,3 poin".
func points(x *float64) string {
	if x == nil {
		return dash
	}
	sign := "+"
	if *x < 0 {
		sign = "−"
	}
	return sign + decimal(abs(*x)) + " poin"
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// dash fills a value that is not there.
const dash = "–"

// orDash returns s, or a dash when it is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return dash
	}
	return s
}
