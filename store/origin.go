package store

import (
	"context"
	"database/sql"
	"errors"
)

// Origin says where a session came from. An imported session is read-only
// here except for the follow-up of its questions.
type Origin struct {
	Imported bool   `json:"imported"`
	LaptopID string `json:"laptop_id"` // "" for a session created here
	Officer  string `json:"officer"`
	// ForwardedBy names the officer who forwarded the session here when it
	// did not come from its own officer first.
	ForwardedBy string `json:"forwarded_by,omitempty"`
}

// SessionOrigin tells whether a session was imported, and from where.
func (st *Store) SessionOrigin(ctx context.Context, id string) (Origin, error) {
	var o Origin
	err := st.db.QueryRowContext(ctx, "SELECT origin_laptop, origin_officer, forwarded_by FROM sessions WHERE id = ?", id).
		Scan(&o.LaptopID, &o.Officer, &o.ForwardedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	o.Imported = o.LaptopID != ""
	return o, err
}

// SessionOrigins gives the origin of every imported session, by id, for
// the session list.
func (st *Store) SessionOrigins(ctx context.Context) (map[string]Origin, error) {
	rows, err := st.db.QueryContext(ctx, "SELECT id, origin_laptop, origin_officer, forwarded_by FROM sessions WHERE origin_laptop <> ''")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Origin{}
	for rows.Next() {
		var id string
		o := Origin{Imported: true}
		if err := rows.Scan(&id, &o.LaptopID, &o.Officer, &o.ForwardedBy); err != nil {
			return nil, err
		}
		out[id] = o
	}
	return out, rows.Err()
}
