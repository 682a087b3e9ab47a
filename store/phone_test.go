package store

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// referencePhone is what NormalizePhone did with libphonenumber, which the
// program no longer links (its start-up cost): the tests keep it as the
// reference for Indonesian numbers.
func referencePhone(digits string) (string, bool) {
	num, err := phonenumbers.Parse(digits, "ID")
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}

// TestPhonesAsLibphonenumber compares the Indonesian plan with
// libphonenumber's on numbers as officers type them (0812…, +62…, 62…,
// dialled with 008/009, landlines, toll-free, short and overlong ones) and
// on random digit strings.
func TestPhonesAsLibphonenumber(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	prefixes := []string{"", "0", "00", "000", "+62", "+620", "+6200", "0062", "00862", "00962", "0080", "0090",
		"08", "081", "0812", "0813", "0821", "0852", "0877", "0881", "0896", "021", "0370", "0361", "0274", "061",
		"0800", "0809", "0804", "01500", "0177", "001803", "007803", "+6281", "+62370", "8", "2", "6", "61", "1500", "8071"}
	checked := 0
	for _, prefix := range prefixes {
		for n := 0; n <= 16; n++ {
			for range 150 {
				var b strings.Builder
				b.WriteString(prefix)
				for range n {
					b.WriteByte(byte('0' + rng.IntN(10)))
				}
				digits := b.String()
				if strings.HasPrefix(digits, "62") {
					digits = "+" + digits // as NormalizePhone does first
				}
				if dialsAbroad(digits) {
					continue // other countries' plans are not Indonesia's (TestForeignPhones)
				}
				want, wantOK := referencePhone(digits)
				got, ok := normalizeDigits(digits)
				if ok != wantOK || got != want {
					t.Fatalf("%s: got %q %v, libphonenumber %q %v", digits, got, ok, want, wantOK)
				}
				checked++
			}
		}
	}
	if checked < 100000 {
		t.Fatalf("only %d numbers compared", checked)
	}
}

// dialsAbroad: a + or 008/009 followed by another country's code.
func dialsAbroad(digits string) bool {
	if rest, ok := strings.CutPrefix(digits, "+"); ok {
		return !strings.HasPrefix(rest, "62")
	}
	for _, idd := range []string{"008", "009"} {
		if rest, ok := strings.CutPrefix(digits, idd); ok && rest != "" && rest[0] != '0' {
			return !strings.HasPrefix(rest, "62")
		}
	}
	return false
}

func TestForeignPhones(t *testing.T) {
	tests := []struct {
		typed, want string
		ok          bool
	}{
		{"+60 12-345 6789", "+60123456789", true},    // Malaysia, where many PMI work
		{"+852 9123 4567", "+85291234567", true},     // Hong Kong
		{"+886 912 345 678", "+886912345678", true},  // Taiwan
		{"009 60 12 345 6789", "+60123456789", true}, // dialled from Indonesia
		{"+999 1234 5678", "", false},                // no such country code
		{"+60 12", "", false},                        // too short
		{"+1 202 555 0100 9999 9999", "", false},     // longer than E.164 allows
		{"+60 12 345 6789 ext 5", "", false},         // letters
		{"+0 812 3456 7890", "", false},              // codes never start with 0
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.typed)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%q: got %q %v, want %q %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}
