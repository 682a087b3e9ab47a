package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Problem codes of a FieldError. The UI turns each into a sentence in the
// user's language; Error() gives the English one for logs and the CLI.
const (
	CodeRequired     = "required"
	CodeTooLong      = "too_long"
	CodeControlChars = "control_chars"
	CodeInvalidUTF8  = "invalid_utf8"
	CodeInvalidDate  = "invalid_date"
	CodeInvalidTime  = "invalid_time"
	CodeOutOfRange   = "out_of_range"
	CodeInvalid      = "invalid"
)

// FieldError says what is wrong with one field.
type FieldError struct {
	Field string
	Code  string
	Limit int // the maximum, for too_long and out_of_range
}

func (e FieldError) Error() string {
	switch e.Code {
	case CodeRequired:
		return e.Field + " is required"
	case CodeTooLong:
		return fmt.Sprintf("%s is longer than %d characters", e.Field, e.Limit)
	case CodeControlChars:
		return e.Field + " contains control characters"
	case CodeInvalidUTF8:
		return e.Field + " is not valid UTF-8 text"
	case CodeInvalidDate:
		return e.Field + " is not a real date (YYYY-MM-DD)"
	case CodeInvalidTime:
		return e.Field + " is not a time (HH:MM)"
	case CodeOutOfRange:
		return fmt.Sprintf("%s is out of range (max %d)", e.Field, e.Limit)
	default:
		return e.Field + " is invalid"
	}
}

// ValidationError lists every problem found in one record; nothing was saved.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	msgs := make([]string, len(v))
	for i, e := range v {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// For returns the problem with field, if any.
func (v ValidationError) For(field string) (FieldError, bool) {
	for _, e := range v {
		if e.Field == field {
			return e, true
		}
	}
	return FieldError{}, false
}

// AsValidation unwraps a ValidationError from err.
func AsValidation(err error) (ValidationError, bool) {
	var v ValidationError
	ok := errors.As(err, &v)
	return v, ok
}

// checker collects field problems while a record's fields are cleaned.
type checker struct{ errs ValidationError }

func (c *checker) add(field, code string, limit int) {
	c.errs = append(c.errs, FieldError{Field: field, Code: code, Limit: limit})
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// line cleans a one-line text field: NFC, trimmed, inner runs of white space
// collapsed to one space. Any printable character is kept (names arrive from
// chat apps with other scripts and emoji); control characters are refused.
func (c *checker) line(field, v string, required bool, max int) string {
	return c.text(field, v, required, max, false)
}

// block cleans a multi-line text field: like line, but newlines and tabs
// are kept and each line is trimmed at its end.
func (c *checker) block(field, v string, max int) string {
	return c.text(field, v, false, max, true)
}

func (c *checker) text(field, v string, required bool, max int, multiline bool) string {
	if !utf8.ValidString(v) {
		c.add(field, CodeInvalidUTF8, 0)
		return v
	}
	v = norm.NFC.String(v)
	if multiline {
		v = strings.ReplaceAll(v, "\r\n", "\n")
		lines := strings.Split(v, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		v = strings.TrimSpace(strings.Join(lines, "\n"))
	} else {
		v = strings.Join(strings.Fields(v), " ")
	}
	for _, r := range v {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			c.add(field, CodeControlChars, 0)
			return v
		}
	}
	if v == "" && required {
		c.add(field, CodeRequired, 0)
	}
	if utf8.RuneCountInString(v) > max {
		c.add(field, CodeTooLong, max)
	}
	return v
}

// date checks a calendar date written YYYY-MM-DD between 2000 and 2100.
func (c *checker) date(field, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		c.add(field, CodeRequired, 0)
		return v
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		c.add(field, CodeInvalidDate, 0)
	}
	return v
}

// clock checks an optional time of day written HH:MM.
func (c *checker) clock(field, v string) string {
	v = strings.TrimSpace(strings.ReplaceAll(v, ".", ":"))
	if v == "" {
		return v
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		c.add(field, CodeInvalidTime, 0)
		return v
	}
	return t.Format("15:04")
}

// CleanLine normalises one line of text the way every store field is:
// NFC, trimmed, inner spaces collapsed. It is for callers that compare text
// (search, duplicate detection) with what the store saved.
func CleanLine(v string) string {
	return strings.Join(strings.Fields(norm.NFC.String(v)), " ")
}
