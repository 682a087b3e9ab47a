package store

import (
	"context"
	"database/sql"
)

// Where an answer sheet came from (quiz_answers.source, migration 0009).
const (
	SourceTyped = ""      // typed on the laptop, or saved before sources were kept
	SourcePhone = "phone" // answered on a participant's phone (the phone quiz)
)

// RegisteredByPhone is participants.registered_via for a person who signed
// in on a phone and was not on the attendance list ("daftar lewat HP").
const RegisteredByPhone = "phone"

// AddPhoneParticipant adds a person who signed in on a phone, marked as
// registered by phone, in one durable commit. A person whose name is
// already on the list is added too (the officer decided they are someone
// else): the phone's caller checks for matches first.
func (st *Store) AddPhoneParticipant(ctx context.Context, p Participant) (Participant, error) {
	if err := p.Clean(); err != nil {
		return p, err
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = st.insertParticipant(ctx, tx, p, AddParticipantOptions{AllowDuplicate: true}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE participants SET registered_via = ? WHERE id = ?", RegisteredByPhone, p.ID)
		return err
	})
	return p, err
}

// PhoneRegistered lists the ids of a session's live participants who
// registered by phone.
func (st *Store) PhoneRegistered(ctx context.Context, sessionID string) (map[string]bool, error) {
	rows, err := st.db.QueryContext(ctx, `SELECT id FROM participants WHERE session_id = ? AND registered_via = ?
		AND deleted_at IS NULL`, sessionID, RegisteredByPhone)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}

// NameMatches lists a session's live participants whose name is the same
// as name (case, spaces and apostrophe style aside), in list order.
func NameMatches(list []Participant, name string) []Participant {
	key := nameKey(name)
	var out []Participant
	for _, p := range list {
		if key != "" && nameKey(p.Name) == key {
			out = append(out, p)
		}
	}
	return out
}
