package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// A confidential question is sealed before it reaches the database: its
// text, who asked it and the answer become one age message (X25519, armored)
// to the coordinator's public keys, and every later note about it is
// another. This laptop keeps only the ciphertext and cannot open it; the
// coordinator opens it with the identity file and its passphrase. The
// clear fields left are those the follow-up lists need: topic, status,
// referral target, urgency and dates.

// sealedPrefix opens every sealed value (age's armor).
const sealedPrefix = "-----BEGIN AGE ENCRYPTED FILE-----"

// IsSealed reports whether a stored value is a sealed age message.
func IsSealed(s string) bool { return strings.HasPrefix(s, sealedPrefix) }

// wellSealed reports whether a sealed value is an armored age message: its
// armor decodes and it starts with age's header. It cannot tell whether the
// coordinator's key opens it.
func wellSealed(s string) bool {
	head := make([]byte, len(ageHeader))
	_, err := io.ReadFull(armor.NewReader(strings.NewReader(s)), head)
	return err == nil && string(head) == ageHeader
}

const ageHeader = "age-encryption.org/v1\n"

// Errors of sealing and opening.
var (
	// ErrNoCoordinatorKey: a confidential question cannot be saved before
	// the coordinator's public key is set; it is never stored in clear.
	ErrNoCoordinatorKey = errors.New("no coordinator key is set: a confidential question is sealed to the coordinator's key and cannot be saved without it")
	// ErrPostQuantum means a public key is one of age's post-quantum ones.
	ErrPostQuantum = errors.New("post-quantum age keys are not supported (the age tool in Debian cannot read them): use an X25519 key (age1…)")
	// ErrNotSealedForKey: none of the given identities opens the message.
	ErrNotSealedForKey = errors.New("sealed for another coordinator key")
)

// Limits of what sealing may hold: a sealed question is its text (2,000
// characters) and answer (4,000), up to 4 bytes each in UTF-8 and 6 when
// JSON escapes them, in base64 with age's framing; a question gets a
// bounded number of notes.
const (
	MaxSealedValue = 64 << 10
	MaxSealedNotes = 50
	MaxNote        = 2000
)

// ParseRecipients reads coordinators' public keys (age X25519, "age1…").
// Blank and repeated entries are skipped; post-quantum, SSH and malformed
// keys are refused with the key named.
func ParseRecipients(keys []string) ([]age.Recipient, error) {
	var out []age.Recipient
	seen := map[string]bool{}
	for _, k := range keys {
		k = strings.TrimSpace(k)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		if strings.HasPrefix(k, "age1pq1") {
			return nil, ErrPostQuantum
		}
		r, err := age.ParseX25519Recipient(k)
		if err != nil {
			return nil, fmt.Errorf("%q is not an age public key (age1…): %w", shortKey(k), err)
		}
		out = append(out, r)
	}
	return out, nil
}

func shortKey(s string) string {
	if len(s) > 24 {
		return s[:20] + "…"
	}
	return s
}

// sealingKeys are the coordinator's public keys from the settings.
func sealingKeys(ctx context.Context, q queryer) ([]age.Recipient, error) {
	s, err := syncSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	return ParseRecipients(s.Recipients)
}

// seal encrypts plain to the keys as an armored age message.
func seal(keys []age.Recipient, plain string) (string, error) {
	if len(keys) == 0 {
		return "", ErrNoCoordinatorKey
	}
	var out bytes.Buffer
	aw := armor.NewWriter(&out)
	w, err := age.Encrypt(aw, keys...)
	if err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	if _, err := io.WriteString(w, plain); err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	if err := aw.Close(); err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	return out.String(), nil
}

// open decrypts a sealed value with the coordinator's identities.
func open(sealed string, ids []age.Identity) (string, error) {
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(sealed)), ids...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return "", ErrNotSealedForKey
		}
		return "", fmt.Errorf("open sealed text: %w", err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxSealedValue))
	if err != nil {
		return "", fmt.Errorf("open sealed text: %w", err)
	}
	return string(plain), nil
}

// sealedQuestion is what a sealed question's text column holds, once opened.
type sealedQuestion struct {
	Text      string `json:"text"`
	AskedBy   string `json:"asked_by,omitempty"`
	AskerName string `json:"asker_name,omitempty"`
	Answer    string `json:"answer,omitempty"`
}

// SealedNote is a note added to a sealed question, still sealed.
type SealedNote struct {
	At   string `json:"at"`
	Note string `json:"note"`
}

func parseSealedNotes(s string) ([]SealedNote, error) {
	if s == "" {
		return nil, nil
	}
	var notes []SealedNote
	if err := json.Unmarshal([]byte(s), &notes); err != nil {
		return nil, fmt.Errorf("sealed notes: %w", err)
	}
	return notes, nil
}

func sealedNotesText(notes []SealedNote) string {
	if len(notes) == 0 {
		return ""
	}
	return jsonText(notes)
}

// sealQuestion turns q's secret fields into ciphertext: the text column
// gets the sealed text, asker and answer; the closing note is sealed on its
// own. q is changed in place; nothing of it stays in clear.
func sealQuestion(ctx context.Context, tx *sql.Tx, keys []age.Recipient, q *Question) error {
	payload := sealedQuestion{Text: q.Text, AskedBy: q.AskedBy, Answer: q.Answer}
	if q.AskedBy != "" {
		if err := tx.QueryRowContext(ctx, "SELECT name FROM participants WHERE id = ?", q.AskedBy).
			Scan(&payload.AskerName); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	text, err := seal(keys, jsonText(payload))
	if err != nil {
		return err
	}
	note := q.ClosedNote
	if note != "" && !IsSealed(note) {
		if note, err = seal(keys, note); err != nil {
			return err
		}
	}
	q.Text, q.AskedBy, q.Answer, q.ClosedNote, q.Sealed = text, "", "", note, true
	return nil
}

// AddSealedNote adds a note to a sealed question, sealed like the question:
// the officer can add what they learn later but never read any of it back.
// It is allowed in finalized sessions, as closing a follow-up is.
func (st *Store) AddSealedNote(ctx context.Context, id, note string) (Question, error) {
	var c checker
	note = c.block(FieldClosedNote, note, MaxNote)
	if note == "" {
		c.add(FieldClosedNote, CodeRequired, 0)
	}
	if err := c.err(); err != nil {
		return Question{}, err
	}
	var saved Question
	err := st.write(ctx, func(tx *sql.Tx) error {
		var raw, notesText, origin string
		err := tx.QueryRowContext(ctx, `SELECT q.text, q.sealed_notes, s.origin_laptop FROM questions q
			JOIN sessions s ON s.id = q.session_id WHERE q.id = ? AND q.deleted_at IS NULL`, id).Scan(&raw, &notesText, &origin)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !IsSealed(raw) {
			return errors.New("add sealed note: the question is not sealed")
		}
		if origin != "" {
			return ErrReadOnly
		}
		notes, err := parseSealedNotes(notesText)
		if err != nil {
			return err
		}
		if len(notes) >= MaxSealedNotes {
			return ValidationError{{Field: FieldClosedNote, Code: CodeOutOfRange, Limit: MaxSealedNotes}}
		}
		keys, err := sealingKeys(ctx, tx)
		if err != nil {
			return err
		}
		sealed, err := seal(keys, note)
		if err != nil {
			return err
		}
		notes = append(notes, SealedNote{At: st.now(), Note: sealed})
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET sealed_notes = ?, updated_at = ?,
			version = version + 1 WHERE id = ?`, sealedNotesText(notes), st.now(), id); err != nil {
			return err
		}
		saved, err = getQuestion(ctx, tx, id)
		return err
	})
	return saved, err
}

// Unsealed is a sealed question opened with the coordinator's identity, to
// be shown, never stored.
type Unsealed struct {
	Text       string
	AskedBy    string // participant id
	AskerName  string // the name when it was sealed
	Answer     string
	ClosedNote string
	// OfficerNote is the officer's own closing note when the coordinator
	// closed the question differently here.
	OfficerNote string
	Notes       []OpenedNote
}

// OpenedNote is a note added later, opened.
type OpenedNote struct {
	At   time.Time
	Text string
}

// Unseal opens a sealed question with the coordinator's identities. It
// never writes: the database keeps only ciphertext.
func (st *Store) Unseal(ctx context.Context, id string, ids []age.Identity) (Unsealed, error) {
	var out Unsealed
	var raw, closed, notesText, officer string
	err := st.db.QueryRowContext(ctx, `SELECT text, closed_note, sealed_notes, officer_followup FROM questions
		WHERE id = ? AND deleted_at IS NULL`, id).Scan(&raw, &closed, &notesText, &officer)
	if errors.Is(err, sql.ErrNoRows) {
		return out, ErrNotFound
	}
	if err != nil {
		return out, err
	}
	if !IsSealed(raw) {
		return out, errors.New("unseal: the question is not sealed")
	}
	plain, err := open(raw, ids)
	if err != nil {
		return out, err
	}
	var payload sealedQuestion
	if err := json.Unmarshal([]byte(plain), &payload); err != nil {
		return out, fmt.Errorf("unseal: %w", err)
	}
	out.Text, out.AskedBy, out.AskerName, out.Answer = payload.Text, payload.AskedBy, payload.AskerName, payload.Answer
	if out.ClosedNote, err = openIfSealed(closed, ids); err != nil {
		return out, err
	}
	if officer != "" {
		var fu FollowUp
		if json.Unmarshal([]byte(officer), &fu) == nil {
			if out.OfficerNote, err = openIfSealed(fu.ClosedNote, ids); err != nil {
				return out, err
			}
		}
	}
	notes, err := parseSealedNotes(notesText)
	if err != nil {
		return out, err
	}
	for _, n := range notes {
		text, err := open(n.Note, ids)
		if err != nil {
			return out, err
		}
		at, _ := time.Parse("2006-01-02T15:04:05.000Z", n.At)
		out.Notes = append(out.Notes, OpenedNote{At: at, Text: text})
	}
	return out, nil
}

func openIfSealed(s string, ids []age.Identity) (string, error) {
	if !IsSealed(s) {
		return s, nil
	}
	return open(s, ids)
}

// sealChanges readies an edited question for writing: a sealed one keeps
// its ciphertext (and its sealed closing note unless a new note is given,
// which is sealed); a question just marked confidential is sealed now.
func sealChanges(ctx context.Context, tx *sql.Tx, old Question, q *Question) error {
	if !old.Sealed && !q.Confidential {
		return nil
	}
	keys, err := sealingKeys(ctx, tx)
	if err != nil {
		return err
	}
	if !old.Sealed {
		return sealQuestion(ctx, tx, keys, q)
	}
	var text, closed string
	if err := tx.QueryRowContext(ctx, "SELECT text, closed_note FROM questions WHERE id = ?", old.ID).
		Scan(&text, &closed); err != nil {
		return err
	}
	q.Text, q.AskedBy, q.Answer = text, "", ""
	switch {
	case q.ClosedNote == "":
		q.ClosedNote = closed
	default:
		if q.ClosedNote, err = seal(keys, q.ClosedNote); err != nil {
			return err
		}
	}
	return nil
}
