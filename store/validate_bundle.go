package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Validate: what a session export must satisfy before anything of it is
// written, whoever made it.

// Validate checks what the database cannot: ids are our UUIDs and unique,
// every row belongs to the session, references stay inside it, lists and
// choices fit the quiz, and every timestamp and date parses. The database's
// own constraints check the rest when the rows are written.
func (exp *SessionExport) Validate() error {
	v := &exportCheck{ids: make(map[string]bool, 1+len(exp.Participants)+len(exp.QuizAnswers)+len(exp.Questions))}
	s := exp.Session
	v.id("session", s.ID)
	if !isID(s.OriginLaptop) {
		v.fail("session origin_laptop is not an id")
	}
	if !validDate(s.Date) {
		v.fail("session date %q is not a date", s.Date)
	}
	if !oneOf(s.Status, []Status{StatusDraft, StatusHeld, StatusFinalized}) {
		v.fail("session status %q", s.Status)
	}
	v.row("session", s.ID, s.CreatedAt, s.UpdatedAt, s.Version, s.DeletedAt, s.FinalizedAt)
	v.lengths("session", s.ID, lim{s.Title, MaxTitle}, lim{s.Village, MaxPlace}, lim{s.District, MaxPlace},
		lim{s.Regency, MaxPlace}, lim{s.Province, MaxPlace}, lim{s.Venue, MaxVenue}, lim{s.Partners, MaxPartners},
		lim{s.Notes, MaxNotes}, lim{s.PackID, MaxPlace}, lim{s.PackVersion, MaxPlace}, lim{s.StartTime, 5},
		lim{s.OriginOfficer, MaxPlace})
	if len(s.Officers) > MaxOfficers {
		v.fail("session: %d officers", len(s.Officers))
	}
	for _, o := range s.Officers {
		v.lengths("session officer", s.ID, lim{o.Name, MaxPlace}, lim{o.NRP, 30}, lim{o.Unit, MaxVenue})
	}
	if exp.WithheldConfidential < 0 {
		v.fail("withheld_confidential is negative")
	}

	if len(exp.Participants) > MaxParticipants {
		v.fail("%d participants; a session holds at most %d", len(exp.Participants), MaxParticipants)
	}
	if len(exp.Questions) > MaxQuestions {
		v.fail("%d questions; a session holds at most %d", len(exp.Questions), MaxQuestions)
	}
	if n := livePhotos(exp.Photos); n > MaxPhotos {
		v.fail("%d photos; a session holds at most %d", n, MaxPhotos)
	}
	people := make(map[string]bool, len(exp.Participants))
	for _, p := range exp.Participants {
		v.child("participant", p.ID, p.SessionID, s.ID)
		v.row("participant", p.ID, p.CreatedAt, p.UpdatedAt, p.Version, p.DeletedAt)
		if p.Gender != Male && p.Gender != Female {
			v.fail("participant %s gender %q", p.ID, p.Gender)
		}
		if !validCategory(p.Category) {
			v.fail("participant %s category %q", p.ID, p.Category)
		}
		v.lengths("participant", p.ID, lim{p.Name, MaxName}, lim{p.Village, MaxVenue}, lim{p.Phone, 30})
		if p.Phone != "" && !p.Consent {
			v.fail("participant %s: a phone without consent", p.ID)
		}
		if p.Age != nil && (*p.Age < 0 || *p.Age > 120) {
			v.fail("participant %s age %d", p.ID, *p.Age)
		}
		people[p.ID] = true
	}
	items := make(map[string]QuizItemRow, len(exp.QuizItems))
	snapshot := make(map[string]bool, len(exp.QuizItems))
	for _, i := range exp.QuizItems {
		v.child("quiz item", i.ID, i.SessionID, s.ID)
		v.row("quiz item", i.ID, i.CreatedAt, i.UpdatedAt, i.Version, i.DeletedAt)
		v.lengths("quiz item", i.ID, lim{i.Text, MaxQuizText}, lim{i.Explanation, MaxQuizText}, lim{i.QuestionID, MaxPlace},
			lim{i.Topic, MaxPlace}, lim{i.PackID, MaxPlace}, lim{i.PackVersion, MaxPlace})
		if len(i.Options) > MaxQuizOptions {
			v.fail("quiz item %s: %d options", i.ID, len(i.Options))
		}
		for k := range i.Options {
			v.lengths("quiz item", i.ID, lim{i.Options[k], MaxQuizText})
			if k < len(i.Letters) {
				v.lengths("quiz item", i.ID, lim{i.Letters[k], 8})
			}
		}
		if !oneOf(i.Phase, []Phase{PhasePre, PhasePost, PhaseBoth}) {
			v.fail("quiz item %s phase %q", i.ID, i.Phase)
		}
		if len(i.Options) < 2 || len(i.Letters) != len(i.Options) || i.Answer < 0 || i.Answer >= len(i.Options) {
			v.fail("quiz item %s: options, letters and answer do not fit", i.ID)
		}
		if snapshot[i.QuestionID] {
			v.fail("quiz item %s: question %q twice in the snapshot", i.ID, i.QuestionID)
		}
		snapshot[i.QuestionID] = true
		items[i.ID] = i
	}
	sheets := make(map[string]bool, len(exp.QuizAnswers))
	for _, a := range exp.QuizAnswers {
		v.child("quiz answer", a.ID, a.SessionID, s.ID)
		v.row("quiz answer", a.ID, a.CreatedAt, a.UpdatedAt, a.Version, a.DeletedAt)
		if !people[a.ParticipantID] {
			v.fail("quiz answer %s: participant is not in the session", a.ID)
		}
		if a.Phase != PhasePre && a.Phase != PhasePost {
			v.fail("quiz answer %s phase %q", a.ID, a.Phase)
		}
		if a.Source != SourceTyped && a.Source != SourcePhone {
			v.fail("quiz answer %s source %q", a.ID, a.Source)
		}
		if sheets[a.ParticipantID+"/"+string(a.Phase)] {
			v.fail("quiz answer %s: a second answer sheet for one person and test", a.ID)
		}
		sheets[a.ParticipantID+"/"+string(a.Phase)] = true
		for item, c := range a.Choices {
			if i, ok := items[item]; !ok || c < Blank || c >= len(i.Options) {
				v.fail("quiz answer %s: choice %d for item %s", a.ID, c, item)
			}
		}
	}
	for _, t := range exp.QuizTallies {
		v.child("quiz tally", t.ID, t.SessionID, s.ID)
		v.row("quiz tally", t.ID, t.CreatedAt, t.UpdatedAt, t.Version, t.DeletedAt)
		i, ok := items[t.ItemID]
		if !ok {
			v.fail("quiz tally %s: item is not in the session", t.ID)
		}
		if t.Phase != PhasePre && t.Phase != PhasePost {
			v.fail("quiz tally %s phase %q", t.ID, t.Phase)
		}
		if sheets[t.ItemID+"/"+string(t.Phase)] {
			v.fail("quiz tally %s: a second tally for one item and test", t.ID)
		}
		sheets[t.ItemID+"/"+string(t.Phase)] = true
		if len(t.Counts) != 0 && len(t.Counts) != len(i.Options) {
			v.fail("quiz tally %s: counts do not fit the item", t.ID)
		}
		for _, n := range append(append([]int(nil), t.Counts...), derefInts(t.Correct, t.Present)...) {
			if n < 0 || n > MaxHands {
				v.fail("quiz tally %s: count %d", t.ID, n)
			}
		}
	}
	for _, q := range exp.Questions {
		v.child("question", q.ID, q.SessionID, s.ID)
		v.row("question", q.ID, q.CreatedAt, q.UpdatedAt, q.Version, q.DeletedAt)
		if q.AskedBy != nil && !people[*q.AskedBy] {
			v.fail("question %s: asker is not in the session", q.ID)
		}
		v.lengths("question", q.ID, lim{q.Text, textLimit(q.Text)}, lim{q.Answer, MaxAnswer},
			lim{q.ReferredTo, MaxVenue}, lim{q.ClosedNote, textLimit(q.ClosedNote)})
		v.sealed(q)
		if !oneOf(q.Topic, Topics) {
			v.fail("question %s topic %q", q.ID, q.Topic)
		}
		if !oneOf(q.Status, QuestionStatuses) {
			v.fail("question %s status %q", q.ID, q.Status)
		}
		if q.ClosedOn != nil && !validDate(*q.ClosedOn) {
			v.fail("question %s closed_on is not a date", q.ID)
		}
	}
	for _, p := range exp.Photos {
		v.child("photo", p.ID, p.SessionID, s.ID)
		v.row("photo", p.ID, p.CreatedAt, p.UpdatedAt, p.Version, p.DeletedAt)
		sum := sha256.Sum256(p.Image)
		switch {
		case p.DeletedAt != nil:
			if len(p.Image) > 0 || p.SHA256 != "" {
				v.fail("photo %s: a deleted photo travels without its image", p.ID)
			}
		case len(p.Image) == 0 || hex.EncodeToString(sum[:]) != p.SHA256:
			v.fail("photo %s: image missing or not matching its sha256", p.ID)
		}
		v.lengths("photo", p.ID, lim{p.Caption, MaxCaption})
		if p.Width <= 0 || p.Height <= 0 {
			v.fail("photo %s: size %d × %d", p.ID, p.Width, p.Height)
		}
	}
	return v.err()
}

// ErrSessionFull means a session holds as many participants or questions as
// a bundle may carry (deleted ones count: they travel too).
var ErrSessionFull = errors.New("the session is full")

// Limits of one session, checked when a row is added and before a bundle
// is written.
const (
	MaxParticipants = 5000 // rows, deleted ones included
	MaxQuestions    = 2000
	// MaxQuestionText bounds a question's text and closing note, MaxAnswer
	// its answer, as the form does.
	MaxQuestionText = 2000
	MaxAnswer       = 4000
	MaxQuizText     = 2000 // a quiz item's text, options and explanation in a snapshot
	MaxQuizOptions  = 10
)

func livePhotos(photos []PhotoRow) int {
	n := 0
	for _, p := range photos {
		if p.DeletedAt == nil {
			n++
		}
	}
	return n
}

func derefInts(ps ...*int) []int {
	var out []int
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// isID is IsID without allocating: a lowercase UUID in its canonical form.
func isID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// exportCheck collects the first problems of an export. Its checks format
// a message only for a problem, so that a valid export costs little.
type exportCheck struct {
	ids      map[string]bool
	problems []string
	more     int
}

const maxProblems = 5

func (v *exportCheck) fail(format string, args ...any) {
	if len(v.problems) < maxProblems {
		v.problems = append(v.problems, fmt.Sprintf(format, args...))
	} else {
		v.more++
	}
}

func (v *exportCheck) id(what, id string) {
	if !isID(id) {
		v.fail("%s id %q is not a lowercase UUID", what, id)
	}
	if v.ids[id] {
		v.fail("%s id %s appears twice", what, id)
	}
	v.ids[id] = true
}

func (v *exportCheck) child(what, id, sessionID, want string) {
	v.id(what, id)
	if sessionID != want {
		v.fail("%s %s belongs to another session", what, id)
	}
}

func (v *exportCheck) row(what, id, created, updated string, version int, stamps ...*string) {
	if version < 1 {
		v.fail("%s %s version %d", what, id, version)
	}
	v.stamp(what, id, created)
	v.stamp(what, id, updated)
	for _, t := range stamps {
		if t != nil {
			v.stamp(what, id, *t)
		}
	}
}

// lim is a text and the most characters it may have.
type lim struct {
	text string
	max  int
}

// lengths applies the limits that entry on a laptop applies, so that a
// small bundle cannot become a huge database or an unprintable report.
func (v *exportCheck) lengths(what, id string, fields ...lim) {
	for _, f := range fields {
		if len(f.text) > f.max && utf8.RuneCountInString(f.text) > f.max {
			v.fail("%s %s: a text of %d characters, more than %d", what, id, utf8.RuneCountInString(f.text), f.max)
		}
	}
}

// textLimit is a text's limit: a sealed one is longer than what it holds.
func textLimit(s string) int {
	if IsSealed(s) {
		return MaxSealedValue
	}
	return MaxQuestionText
}

// sealed checks a sealed question: it names no asker and carries no answer
// in clear, and its notes are sealed and few.
func (v *exportCheck) sealed(q QuestionRow) {
	if !IsSealed(q.Text) {
		if len(q.SealedNotes) > 0 {
			v.fail("question %s: sealed notes on a question that is not sealed", q.ID)
		}
		return
	}
	if !q.Confidential || q.AskedBy != nil || q.Answer != "" {
		v.fail("question %s: a sealed question is confidential and names no asker or answer in clear", q.ID)
	}
	if !wellSealed(q.Text) || (IsSealed(q.ClosedNote) && !wellSealed(q.ClosedNote)) {
		v.fail("question %s: the sealed text is not an age message", q.ID)
	}
	if q.ClosedNote != "" && !IsSealed(q.ClosedNote) && q.DeletedAt == nil {
		v.fail("question %s: the closing note of a sealed question is in clear", q.ID)
	}
	if len(q.SealedNotes) > MaxSealedNotes {
		v.fail("question %s: %d sealed notes, more than %d", q.ID, len(q.SealedNotes), MaxSealedNotes)
	}
	for _, n := range q.SealedNotes {
		if !IsSealed(n.Note) || len(n.Note) > MaxSealedValue || !wellSealed(n.Note) {
			v.fail("question %s: a sealed note is not sealed or too long", q.ID)
		}
		v.stamp("question", q.ID, n.At)
	}
}

func (v *exportCheck) stamp(what, id, t string) {
	if _, err := time.Parse(time.RFC3339Nano, t); err != nil {
		v.fail("%s %s: time %q", what, id, t)
	}
}

func (v *exportCheck) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	msg := strings.Join(v.problems, "; ")
	if v.more > 0 {
		msg += fmt.Sprintf(" (and %d more)", v.more)
	}
	return fmt.Errorf("%w: %s", ErrInvalidExport, msg)
}
