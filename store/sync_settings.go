package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// SyncSettings are the coordinator's keys: the public keys bundles are
// encrypted to (on an officer's laptop) and the identity file that opens
// them (on the coordinator's).
type SyncSettings struct {
	Recipients   []string `json:"recipients"`    // age X25519 public keys, "age1…"
	IdentityFile string   `json:"identity_file"` // path of the coordinator's age identity file
}

// Settings keys of SyncSettings, and their limits.
const (
	keySyncRecipients   = "sync.recipients"
	keySyncIdentityFile = "sync.identity_file"
	FieldRecipients     = "recipients"
	FieldIdentityFile   = "identity_file"
	MaxRecipients       = 10
)

// Clean trims the keys and checks their shape (the sync package parses
// them for real).
func (s *SyncSettings) Clean() error {
	var c checker
	var keys []string
	for _, k := range s.Recipients {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if !strings.HasPrefix(k, "age1") || len(k) > 200 || strings.ContainsFunc(k, func(r rune) bool {
			return (r < 'a' || r > 'z') && (r < '0' || r > '9')
		}) {
			c.add(FieldRecipients, CodeInvalid, 0)
		}
		if !oneOf(k, keys) {
			keys = append(keys, k)
		}
	}
	if len(keys) > MaxRecipients {
		c.add(FieldRecipients, CodeOutOfRange, MaxRecipients)
	}
	s.Recipients = keys
	s.IdentityFile = c.line(FieldIdentityFile, s.IdentityFile, false, 1000)
	return c.err()
}

// SyncSettings reads the coordinator's keys.
func (st *Store) SyncSettings(ctx context.Context) (SyncSettings, error) {
	return syncSettings(ctx, st.db)
}

func syncSettings(ctx context.Context, q queryer) (SyncSettings, error) {
	var s SyncSettings
	recipients, err := settingValue(ctx, q, keySyncRecipients)
	if err != nil {
		return s, err
	}
	if recipients != "" {
		if err := json.Unmarshal([]byte(recipients), &s.Recipients); err != nil {
			return s, fmt.Errorf("read %s: %w", keySyncRecipients, err)
		}
	}
	s.IdentityFile, err = settingValue(ctx, q, keySyncIdentityFile)
	return s, err
}

// SaveSyncSettings validates and saves the coordinator's keys.
func (st *Store) SaveSyncSettings(ctx context.Context, s SyncSettings) (SyncSettings, error) {
	if err := s.Clean(); err != nil {
		return s, err
	}
	if s.Recipients == nil {
		s.Recipients = []string{}
	}
	err := st.write(ctx, func(tx *sql.Tx) error {
		if err := putSetting(ctx, tx, keySyncRecipients, jsonText(s.Recipients), st.now()); err != nil {
			return err
		}
		return putSetting(ctx, tx, keySyncIdentityFile, s.IdentityFile, st.now())
	})
	if err != nil {
		return s, fmt.Errorf("save sync settings: %w", err)
	}
	return s, nil
}
