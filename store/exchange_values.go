package store

import (
	"encoding/json"
	"fmt"
)

// Values in column order. Integers are int64 and booleans 0/1, as SQLite
// gives them back, so that a stored row and a bundle's row compare equal.

func (r SessionRow) values() []any {
	return []any{r.ID, r.PackID, r.PackVersion, r.Title, r.Date, r.StartTime, r.Village, r.District, r.Regency,
		r.Province, r.Venue, jsonText(r.Officers), r.Partners, r.Notes, string(r.Status), optString(r.FinalizedAt),
		r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *SessionRow) fromValues(v *valueReader) {
	r.ID, r.PackID, r.PackVersion, r.Title, r.Date = v.str(), v.str(), v.str(), v.str(), v.str()
	r.StartTime, r.Village, r.District, r.Regency, r.Province, r.Venue = v.str(), v.str(), v.str(), v.str(), v.str(), v.str()
	v.json(&r.Officers)
	r.Partners, r.Notes, r.Status, r.FinalizedAt = v.str(), v.str(), Status(v.str()), v.strPtr()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r ParticipantRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Number), r.Name, r.Gender, optInt(r.Age), string(r.Category), r.Village,
		r.Phone, boolInt(r.Consent), optBool(r.GuardianPresent), r.CreatedAt, r.UpdatedAt, int64(r.Version),
		optString(r.DeletedAt)}
}

func (r *ParticipantRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Number, r.Name, r.Gender = v.str(), v.str(), v.int(), v.str(), v.str()
	r.Age, r.Category, r.Village, r.Phone, r.Consent, r.GuardianPresent = v.intPtr(), Category(v.str()), v.str(), v.str(), v.bool(), v.boolPtr()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r QuizItemRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Position), r.QuestionID, string(r.Phase), r.Text, jsonText(r.Options),
		jsonText(r.Letters), int64(r.Answer), r.Explanation, r.Topic, r.PackID, r.PackVersion, r.CreatedAt,
		r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *QuizItemRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Position, r.QuestionID, r.Phase, r.Text = v.str(), v.str(), v.int(), v.str(), Phase(v.str()), v.str()
	v.json(&r.Options)
	v.json(&r.Letters)
	r.Answer, r.Explanation, r.Topic, r.PackID, r.PackVersion = v.int(), v.str(), v.str(), v.str(), v.str()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r QuizAnswerRow) values() []any {
	return []any{r.ID, r.SessionID, r.ParticipantID, string(r.Phase), string(r.Choices.appendJSON(nil)), r.CreatedAt, r.UpdatedAt,
		int64(r.Version), optString(r.DeletedAt), r.Source}
}

func (r *QuizAnswerRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.ParticipantID, r.Phase = v.str(), v.str(), v.str(), Phase(v.str())
	v.json(&r.Choices)
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
	r.Source = v.str()
}

func (r QuizTallyRow) values() []any {
	return []any{r.ID, r.SessionID, r.ItemID, string(r.Phase), jsonText(r.Counts), optInt(r.Correct), optInt(r.Present),
		r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *QuizTallyRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.ItemID, r.Phase = v.str(), v.str(), v.str(), Phase(v.str())
	v.json(&r.Counts)
	r.Correct, r.Present = v.intPtr(), v.intPtr()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func (r QuestionRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Number), r.Text, optString(r.AskedBy), string(r.Topic), r.Answer,
		string(r.Status), r.ReferredTo, boolInt(r.Urgent), boolInt(r.Confidential), optString(r.ClosedOn),
		r.ClosedNote, r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt), sealedNotesText(r.SealedNotes)}
}

func (r *QuestionRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Number, r.Text, r.AskedBy = v.str(), v.str(), v.int(), v.str(), v.strPtr()
	r.Topic, r.Answer, r.Status, r.ReferredTo = Topic(v.str()), v.str(), QuestionStatus(v.str()), v.str()
	r.Urgent, r.Confidential, r.ClosedOn, r.ClosedNote = v.bool(), v.bool(), v.strPtr(), v.str()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
	if notes, err := parseSealedNotes(v.str()); err == nil {
		r.SealedNotes = notes
	} else {
		v.fail("%v", err)
	}
}

func (r PhotoRow) values() []any {
	return []any{r.ID, r.SessionID, int64(r.Position), r.Caption, r.Image, r.SHA256, int64(r.Width), int64(r.Height),
		r.CreatedAt, r.UpdatedAt, int64(r.Version), optString(r.DeletedAt)}
}

func (r *PhotoRow) fromValues(v *valueReader) {
	r.ID, r.SessionID, r.Position, r.Caption, r.Image = v.str(), v.str(), v.int(), v.str(), v.bytes()
	r.SHA256, r.Width, r.Height = v.str(), v.int(), v.int()
	r.CreatedAt, r.UpdatedAt, r.Version, r.DeletedAt = v.str(), v.str(), v.int(), v.strPtr()
}

func optString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func optInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func optBool(p *bool) any {
	if p == nil {
		return nil
	}
	return boolInt(*p)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// jsonText is how the app stores lists and maps in a TEXT column.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only slices, maps, strings and numbers: cannot fail
	}
	return string(b)
}

// valueReader reads a row's values in column order; the first value of an
// unexpected type is kept as its error.
type valueReader struct {
	vals []any
	i    int
	err  error
}

func (r *valueReader) next() any {
	if r.i >= len(r.vals) {
		r.fail("too few columns")
		return nil
	}
	r.i++
	return r.vals[r.i-1]
}

func (r *valueReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("column %d: "+format, append([]any{r.i}, args...)...)
	}
}

func (r *valueReader) str() string {
	if p := r.strPtr(); p != nil {
		return *p
	}
	return ""
}

func (r *valueReader) strPtr() *string {
	switch v := r.next().(type) {
	case nil:
		return nil
	case string:
		return &v
	case []byte:
		s := string(v)
		return &s
	default:
		r.fail("%T is not text", v)
		return nil
	}
}

func (r *valueReader) int() int {
	if p := r.intPtr(); p != nil {
		return *p
	}
	return 0
}

func (r *valueReader) intPtr() *int {
	switch v := r.next().(type) {
	case nil:
		return nil
	case int64:
		n := int(v)
		return &n
	default:
		r.fail("%T is not an integer", v)
		return nil
	}
}

func (r *valueReader) bool() bool { return r.int() != 0 }

func (r *valueReader) boolPtr() *bool {
	p := r.intPtr()
	if p == nil {
		return nil
	}
	b := *p != 0
	return &b
}

func (r *valueReader) bytes() []byte {
	switch v := r.next().(type) {
	case nil:
		return nil
	case []byte:
		return v
	case string:
		return []byte(v)
	default:
		r.fail("%T is not a blob", v)
		return nil
	}
}

func (r *valueReader) json(dst any) {
	s := r.str()
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		r.fail("%v", err)
	}
}
