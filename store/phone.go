package store

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Phone numbers are checked here rather than with a general phone library:
// such a library loads the numbering plans of every country when the
// program starts (about 30 ms on an officer's laptop, for every command,
// even `version`). Indonesian numbers follow libphonenumber's plan for ID
// exactly (phone_test.go compares the two on many thousands of numbers);
// a number with another country's code is taken when the code exists and
// the length fits E.164, since a family member abroad may be reached there.

// NormalizePhone turns 0812-3456-789, +62 812 3456 789 or 628123456789 into
// +628123456789. It reports false for anything that is not a valid number.
func NormalizePhone(typed string) (string, bool) {
	typed = strings.TrimSpace(typed)
	if typed == "" || !utf8.ValidString(typed) {
		return "", false
	}
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' {
			return -1
		}
		return r
	}, typed)
	if strings.HasPrefix(digits, "62") {
		digits = "+" + digits
	}
	return normalizeDigits(digits)
}

const (
	indonesia      = "62"
	maxNationalLen = 17 // libphonenumber's longest national number
)

// normalizeDigits reads a number of digits with an optional leading +, as
// libphonenumber parses it for the region ID.
func normalizeDigits(s string) (string, bool) {
	plus := strings.HasPrefix(s, "+")
	if plus {
		s = s[1:]
	}
	if s == "" || len(s) > 250 || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		return "", false
	}
	national := s
	switch {
	case plus:
		if !strings.HasPrefix(s, indonesia) {
			return foreignPhone(s)
		}
		national = s[len(indonesia):]
	case (strings.HasPrefix(s, "008") || strings.HasPrefix(s, "009")) && len(s) > 3 && s[3] != '0':
		// Dialled from Indonesia with an international prefix.
		rest := s[3:]
		if !strings.HasPrefix(rest, indonesia) {
			return foreignPhone(rest)
		}
		national = rest[len(indonesia):]
	}
	if len(national) < 2 {
		return "", false
	}
	// The national prefix 0 goes, unless the number was valid with it and
	// is not without it, or too little is left.
	if stripped, ok := strings.CutPrefix(national, "0"); ok && len(stripped) >= 7 {
		plan := idPlan()
		if !plan.general.MatchString(national) || plan.general.MatchString(stripped) {
			national = stripped
		}
	}
	if len(national) < 2 || len(national) > maxNationalLen || !idPlan().valid(national) {
		return "", false
	}
	return "+" + indonesia + national, true
}

// foreignPhone takes a number with another country's calling code as it
// is: an existing code, and 8 to 15 digits in all (E.164).
func foreignPhone(digits string) (string, bool) {
	if len(digits) < 8 || len(digits) > 15 || digits[0] == '0' {
		return "", false
	}
	for n := 1; n <= 3; n++ {
		if callingCodes[digits[:n]] {
			return "+" + digits, true
		}
	}
	return "", false
}

// callingCodes are the country calling codes libphonenumber knows.
var callingCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56
		57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225
		226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251
		252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 352 353
		354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 380 381 382 383 385 386 387 389 420 421 423
		500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676
		677 678 679 680 681 682 683 685 686 687 688 689 690 691 692 800 808 850 852 853 855 856 870 878 880 881
		882 883 886 888 960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 979 992 993 994 995
		996 998`) {
		m[c] = true
	}
	return m
}()

// numberDesc is one kind of number in a plan: its pattern and lengths.
type numberDesc struct {
	pattern  *regexp.Regexp
	min, max int // the lengths libphonenumber lists are contiguous here
}

func (d numberDesc) match(n string) bool {
	return len(n) >= d.min && len(n) <= d.max && d.pattern.MatchString(n)
}

type phonePlan struct {
	general *regexp.Regexp
	kinds   []numberDesc // fixed line, mobile, toll free, premium, shared cost, UAN
}

// valid is libphonenumber's IsValidNumber for a national number: it fits
// the general pattern and one of the kinds.
func (p phonePlan) valid(n string) bool {
	if len(n) < 7 || len(n) > 17 || !p.general.MatchString(n) {
		return false
	}
	for _, k := range p.kinds {
		if k.match(n) {
			return true
		}
	}
	return false
}

// idPlan is Indonesia's numbering plan from libphonenumber's metadata
// (nyaruka/phonenumbers v1.8.1), compiled on first use.
var idPlan = sync.OnceValue(func() phonePlan {
	full := func(p string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + p + `)$`) }
	return phonePlan{
		general: full(`00[1-9]\d{9,14}|(?:[1-36]|8\d{5})\d{6}|00\d{9}|[1-9]\d{8,10}|[2-9]\d{7}`),
		kinds: []numberDesc{
			{full(`2[124]\d{7,8}|619\d{8}|2(?:1(?:14|500)|2\d{3})\d{3}|61\d{5,8}|(?:2(?:[35][1-4]|6[0-8]|7[1-6]|8\d|9[1-8])|3(?:1|[25][1-8]|3[1-68]|4[1-3]|6[1-3568]|7[0-469]|8\d)|4(?:0[1-589]|1[01347-9]|2[0-36-8]|3[0-24-68]|43|5[1-378]|6[1-5]|7[134]|8[1245])|5(?:1[1-35-9]|2[25-8]|3[124-9]|4[1-3589]|5[1-46]|6[1-8])|6(?:[25]\d|3[1-69]|4[1-6])|7(?:02|[125][1-9]|[36]\d|4[1-8]|7[0-36-9])|9(?:0[12]|1[013-8]|2[0-479]|5[125-8]|6[23679]|7[159]|8[01346]))\d{5,8}`), 7, 11},
			{full(`8[1-35-9]\d{7,10}`), 9, 12},
			{full(`00(?:1803\d{5,11}|7803\d{7})|(?:177\d|800)\d{5,7}`), 8, 17},
			{full(`809\d{7}`), 10, 10},
			{full(`804\d{7}`), 10, 10},
			{full(`(?:1500|8071\d{3})\d{3}`), 7, 10},
		},
	}
})
