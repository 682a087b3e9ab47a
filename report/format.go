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

// number writes a count the Indonesian way, with a dot between thousands:
// 7012 → "7.012", 60000 → "60.000". Every count printed in a report goes
// through it, so that one number never reads differently from another.
func number(n int) string {
	if n < 0 {
		return "−" + number(-n)
	}
	return group(strconv.Itoa(n))
}

// group puts a dot between each three digits of a run of digits, from the
// right: "1234567" → "1.234.567".
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// fixed writes x with the given number of decimals the Indonesian way:
// decimal comma, thousands dot (1234.5 with 1 → "1.234,5").
func fixed(x float64, decimals int) string {
	s := strconv.FormatFloat(abs(x), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	out := group(whole)
	if frac != "" {
		out += "," + frac
	}
	if x < 0 && strings.Trim(s, "0.") != "" {
		out = "−" + out
	}
	return out
}

// decimal writes one decimal with a comma: 72.5 → "72,5".
func decimal(x float64) string { return fixed(x, 1) }

// wholePercent writes a percentage without decimals: 72.4 → "72%".
func wholePercent(x float64) string { return fixed(x, 0) + "%" }

// signed writes a gain with one decimal and its sign: "+22,3", "−4,0".
func signed(x float64) string {
	if x < 0 {
		return "−" + decimal(-x)
	}
	return "+" + decimal(x)
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
	return signed(*x) + " poin"
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
