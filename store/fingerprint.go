package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fingerprintFormat is written into the canonical JSON so that a later
// change of what it covers can never collide with an old fingerprint.
const fingerprintFormat = 1

// SessionContent is everything a session's fingerprint covers. Deleted rows
// must already be left out (the store's list methods do that).
type SessionContent struct {
	Session   Session
	Quiz      QuizData // quiz snapshot, answers, tallies and the attendance
	Questions []Question
	Photos    []Photo // only their position, caption and image hash count
}

// Fingerprint is the short fingerprint printed on every page of a
// session's report, so that a printout can be matched to a bundle later.
func (st *Store) Fingerprint(ctx context.Context, sessionID string) (string, error) {
	c, err := st.sessionContent(ctx, sessionID)
	if err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", sessionID, err)
	}
	return SessionFingerprint(c), nil
}

func (st *Store) sessionContent(ctx context.Context, sessionID string) (SessionContent, error) {
	var c SessionContent
	var err error
	if c.Session, err = st.Session(ctx, sessionID); err != nil {
		return c, err
	}
	if c.Quiz, err = st.QuizData(ctx, sessionID); err != nil {
		return c, err
	}
	if c.Questions, err = st.Questions(ctx, sessionID); err != nil {
		return c, err
	}
	c.Photos, err = st.photos(ctx, sessionID, false)
	return c, err
}

// SessionFingerprint is the first 12 hex digits of the SHA-256 of the
// session's canonical JSON, in groups of four: "3f9a 1c0e 77b2".
func SessionFingerprint(c SessionContent) string {
	sum := sha256.Sum256(CanonicalJSON(c))
	h := hex.EncodeToString(sum[:6])
	return h[0:4] + " " + h[4:8] + " " + h[8:12]
}

// CanonicalJSON is the session's content as JSON with sorted keys, no
// white space and NFC text. It leaves out what must not change the
// fingerprint: timestamps, row versions, phone numbers and consent (a phone
// edit is not printed), and confidential questions (never printed). The
// session's own version is in, so reopening a finalized session changes it.
//
// It is written by hand, keys in sorted order, because encoding/json with
// maps took a quarter of the time of loading a report of 1,000 people; a
// test checks that it equals encoding/json's output for the same maps.
func CanonicalJSON(c SessionContent) []byte {
	// About 80 bytes for each answer of each sheet, 200 for other rows.
	w := canonWriter{buf: make([]byte, 0, 4096+200*(len(c.Quiz.Participants)+len(c.Questions)+len(c.Quiz.Items))+
		80*len(c.Quiz.Sheets)*len(c.Quiz.Items))}
	s := c.Session
	w.open()
	w.key("answers")
	w.list(len(c.Quiz.Sheets), canonicalSheets(c.Quiz.Sheets, &w))
	w.key("format")
	w.int(fingerprintFormat)
	w.key("participants")
	w.list(len(c.Quiz.Participants), canonicalParticipants(c.Quiz.Participants, &w))
	w.key("photos")
	w.list(len(c.Photos), func(i int) {
		p := c.Photos[i]
		w.open()
		w.key("caption")
		w.str(p.Caption)
		w.key("id")
		w.str(p.ID)
		w.key("position")
		w.int(p.Position)
		w.key("sha256")
		w.str(p.SHA256)
		w.close()
	})
	w.key("questions")
	printed := make([]Question, 0, len(c.Questions))
	for _, q := range c.Questions {
		if !q.Confidential {
			printed = append(printed, q)
		}
	}
	w.list(len(printed), func(i int) {
		q := printed[i]
		w.open()
		w.key("answer")
		w.str(q.Answer)
		w.key("asked_by")
		w.str(q.AskedBy)
		w.key("closed_note")
		w.str(q.ClosedNote)
		w.key("closed_on")
		w.str(q.ClosedOn)
		w.key("id")
		w.str(q.ID)
		w.key("number")
		w.int(q.Number)
		w.key("referred_to")
		w.str(q.ReferredTo)
		w.key("status")
		w.str(string(q.Status))
		w.key("text")
		w.str(q.Text)
		w.key("topic")
		w.str(string(q.Topic))
		w.key("urgent")
		w.bool(q.Urgent)
		w.close()
	})
	w.key("quiz_items")
	w.list(len(c.Quiz.Items), func(i int) {
		item := c.Quiz.Items[i]
		w.open()
		w.key("answer")
		w.int(item.Answer)
		w.key("explanation")
		w.str(item.Explanation)
		w.key("id")
		w.str(item.ID)
		w.key("letters")
		w.strs(item.Letters)
		w.key("options")
		w.strs(item.Options)
		w.key("pack_id")
		w.str(item.PackID)
		w.key("pack_version")
		w.str(item.PackVersion)
		w.key("phase")
		w.str(string(item.Phase))
		w.key("position")
		w.int(item.Position)
		w.key("question_id")
		w.str(item.QuestionID)
		w.key("text")
		w.str(item.Text)
		w.key("topic")
		w.str(item.Topic)
		w.close()
	})
	w.key("session")
	w.open()
	for _, f := range []struct{ k, v string }{
		{"date", s.Date}, {"district", s.District}, {"id", s.ID}, {"notes", s.Notes},
	} {
		w.key(f.k)
		w.str(f.v)
	}
	w.key("officers")
	w.list(len(s.Officers), func(i int) {
		o := s.Officers[i]
		w.open()
		w.key("name")
		w.str(o.Name)
		w.key("nrp")
		w.str(o.NRP)
		w.key("unit")
		w.str(o.Unit)
		w.close()
	})
	for _, f := range []struct{ k, v string }{
		{"pack_id", s.PackID}, {"pack_version", s.PackVersion}, {"partners", s.Partners},
		{"province", s.Province}, {"regency", s.Regency}, {"start_time", s.StartTime},
		{"status", string(s.Status)}, {"title", s.Title}, {"venue", s.Venue},
	} {
		w.key(f.k)
		w.str(f.v)
	}
	w.key("version")
	w.int(s.Version)
	w.key("village")
	w.str(s.Village)
	w.close()
	w.key("tallies")
	w.list(len(c.Quiz.Tallies), canonicalTallies(c.Quiz.Tallies, &w))
	w.close()
	return w.buf
}

func canonicalParticipants(list []Participant, w *canonWriter) func(int) {
	list = append([]Participant(nil), list...)
	sort.Slice(list, func(i, j int) bool { return list[i].Number < list[j].Number })
	return func(i int) {
		p := list[i]
		w.open()
		w.key("age")
		if p.Age == nil {
			w.null()
		} else {
			w.int(*p.Age)
		}
		w.key("category")
		w.str(string(p.Category))
		w.key("gender")
		w.str(p.Gender)
		w.key("guardian_present")
		if p.GuardianPresent == nil {
			w.null()
		} else {
			w.bool(*p.GuardianPresent)
		}
		w.key("id")
		w.str(p.ID)
		w.key("name")
		w.str(p.Name)
		w.key("number")
		w.int(p.Number)
		w.key("village")
		w.str(p.Village)
		w.close()
	}
}

func canonicalSheets(sheets []AnswerSheet, w *canonWriter) func(int) {
	sheets = append([]AnswerSheet(nil), sheets...)
	sort.Slice(sheets, func(i, j int) bool {
		a, b := sheets[i], sheets[j]
		return a.ParticipantID < b.ParticipantID || (a.ParticipantID == b.ParticipantID && a.Phase < b.Phase)
	})
	var keys []string
	return func(i int) {
		s := sheets[i]
		w.open()
		w.key("choices")
		keys = keys[:0]
		for k := range s.Choices {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		w.open()
		for _, k := range keys {
			w.key(k)
			w.int(s.Choices[k])
		}
		w.close()
		w.key("participant_id")
		w.str(s.ParticipantID)
		w.key("phase")
		w.str(string(s.Phase))
		w.close()
	}
}

func canonicalTallies(tallies []Tally, w *canonWriter) func(int) {
	tallies = append([]Tally(nil), tallies...)
	sort.Slice(tallies, func(i, j int) bool {
		a, b := tallies[i], tallies[j]
		return a.ItemID < b.ItemID || (a.ItemID == b.ItemID && a.Phase < b.Phase)
	})
	optional := func(v *int) {
		if v == nil {
			w.null()
		} else {
			w.int(*v)
		}
	}
	return func(i int) {
		t := tallies[i]
		w.open()
		w.key("correct")
		optional(t.Correct)
		w.key("counts")
		w.list(len(t.Counts), func(k int) { w.int(t.Counts[k]) })
		w.key("item_id")
		w.str(t.ItemID)
		w.key("phase")
		w.str(string(t.Phase))
		w.key("present")
		optional(t.Present)
		w.close()
	}
}

// canonWriter writes compact JSON the way encoding/json does with HTML
// escaping off. A comma goes before every value or key that does not open
// its object or array, or follow its key.
type canonWriter struct{ buf []byte }

func (w *canonWriter) comma() {
	if n := len(w.buf); n > 0 {
		switch w.buf[n-1] {
		case '{', '[', ':':
		default:
			w.buf = append(w.buf, ',')
		}
	}
}

func (w *canonWriter) open() {
	w.comma()
	w.buf = append(w.buf, '{')
}

func (w *canonWriter) close() { w.buf = append(w.buf, '}') }

func (w *canonWriter) key(k string) {
	w.comma()
	w.quote(k)
	w.buf = append(w.buf, ':')
}

func (w *canonWriter) list(n int, item func(int)) {
	w.comma()
	w.buf = append(w.buf, '[')
	for i := 0; i < n; i++ {
		item(i)
	}
	w.buf = append(w.buf, ']')
}

func (w *canonWriter) str(s string) {
	w.comma()
	w.quote(nfc(s))
}

func (w *canonWriter) strs(list []string) {
	w.list(len(list), func(i int) { w.str(list[i]) })
}

func (w *canonWriter) int(n int) {
	w.comma()
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
}

func (w *canonWriter) bool(b bool) {
	w.comma()
	w.buf = strconv.AppendBool(w.buf, b)
}

func (w *canonWriter) null() {
	w.comma()
	w.buf = append(w.buf, "null"...)
}

func nfc(s string) string { return norm.NFC.String(s) }

const hexDigits = "0123456789abcdef"

// quote escapes like encoding/json without HTML escaping: quote, backslash
// and control characters, U+2028 and U+2029, invalid UTF-8 as U+FFFD.
// Runs of bytes that need nothing are copied at once.
func (w *canonWriter) quote(s string) {
	b := append(w.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r != utf8.RuneError || size != 1) && r != '\u2028' && r != '\u2029' {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			}
			i += size
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	w.buf = append(b, '"')
}
