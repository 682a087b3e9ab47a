package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// Languages the interface speaks.
const (
	LangIndonesian = "id"
	LangEnglish    = "en"
)

// Settings belong to the laptop's officer. They live in the database (not
// only in Fyne preferences) so that they travel in backups.
type Settings struct {
	OfficerName string
	OfficerNRP  string
	OfficerUnit string
	// The superior who signs "Mengetahui" on reports: title (jabatan, e.g.
	// "Kanit PPA Satreskrim"), name, rank and NRP/NIP. Empty parts print as
	// dotted lines to fill in by hand.
	SuperiorTitle   string
	SuperiorName    string
	SuperiorRank    string
	SuperiorNRP     string
	Letterhead      []string // lines at the top of every report
	DefaultProvince string
	DefaultRegency  string
	Language        string // LangIndonesian or LangEnglish
	LaptopID        string // made once; tells bundles from different laptops apart
}

// Settings keys in the settings table. New keys need no migration.
const (
	keyOfficerName     = "officer.name"
	keyOfficerNRP      = "officer.nrp"
	keyOfficerUnit     = "officer.unit"
	keySuperiorTitle   = "superior.title"
	keySuperiorName    = "superior.name"
	keySuperiorRank    = "superior.rank"
	keySuperiorNRP     = "superior.nrp"
	keyLetterhead      = "report.letterhead"
	keyDefaultProvince = "default.province"
	keyDefaultRegency  = "default.regency"
	keyLanguage        = "ui.language"
	keyLaptopID        = "laptop.id"
)

// Field names used in FieldError for settings.
const (
	FieldOfficerName   = "officer_name"
	FieldOfficerNRP    = "officer_nrp"
	FieldOfficerUnit   = "officer_unit"
	FieldSuperiorTitle = "superior_title"
	FieldSuperiorName  = "superior_name"
	FieldSuperiorRank  = "superior_rank"
	FieldSuperiorNRP   = "superior_nrp"
	FieldLetterhead    = "letterhead"
	FieldLanguage      = "language"
)

// MaxLetterheadLines bounds the letterhead block printed on reports.
const MaxLetterheadLines = 6

// Clean normalises the settings and reports every invalid field.
func (s *Settings) Clean() error {
	var c checker
	s.OfficerName = c.line(FieldOfficerName, s.OfficerName, false, MaxPlace)
	s.OfficerNRP = c.line(FieldOfficerNRP, s.OfficerNRP, false, 30)
	s.OfficerUnit = c.line(FieldOfficerUnit, s.OfficerUnit, false, MaxVenue)
	s.SuperiorTitle = c.line(FieldSuperiorTitle, s.SuperiorTitle, false, MaxVenue)
	s.SuperiorName = c.line(FieldSuperiorName, s.SuperiorName, false, MaxPlace)
	s.SuperiorRank = c.line(FieldSuperiorRank, s.SuperiorRank, false, 40)
	s.SuperiorNRP = c.line(FieldSuperiorNRP, s.SuperiorNRP, false, 30)
	s.DefaultProvince = c.line(FieldProvince, s.DefaultProvince, false, MaxPlace)
	s.DefaultRegency = c.line(FieldRegency, s.DefaultRegency, false, MaxPlace)
	var lines []string
	for _, l := range s.Letterhead {
		if l = c.line(FieldLetterhead, l, false, 120); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > MaxLetterheadLines {
		c.add(FieldLetterhead, CodeOutOfRange, MaxLetterheadLines)
	}
	s.Letterhead = lines
	switch s.Language {
	case "":
		s.Language = LangIndonesian
	case LangIndonesian, LangEnglish:
	default:
		c.add(FieldLanguage, CodeInvalid, 0)
	}
	return c.err()
}

func (s *Settings) pairs() (map[string]string, error) {
	letterhead, err := json.Marshal(s.Letterhead)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		keyOfficerName:     s.OfficerName,
		keyOfficerNRP:      s.OfficerNRP,
		keyOfficerUnit:     s.OfficerUnit,
		keySuperiorTitle:   s.SuperiorTitle,
		keySuperiorName:    s.SuperiorName,
		keySuperiorRank:    s.SuperiorRank,
		keySuperiorNRP:     s.SuperiorNRP,
		keyLetterhead:      string(letterhead),
		keyDefaultProvince: s.DefaultProvince,
		keyDefaultRegency:  s.DefaultRegency,
		keyLanguage:        s.Language,
	}, nil
}

// Settings reads the settings; keys never saved come back as defaults.
func (st *Store) Settings(ctx context.Context) (Settings, error) {
	rows, err := st.db.QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return Settings{}, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	s := Settings{Language: LangIndonesian}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case keyOfficerName:
			s.OfficerName = v
		case keyOfficerNRP:
			s.OfficerNRP = v
		case keyOfficerUnit:
			s.OfficerUnit = v
		case keySuperiorTitle:
			s.SuperiorTitle = v
		case keySuperiorName:
			s.SuperiorName = v
		case keySuperiorRank:
			s.SuperiorRank = v
		case keySuperiorNRP:
			s.SuperiorNRP = v
		case keyLetterhead:
			_ = json.Unmarshal([]byte(v), &s.Letterhead)
		case keyDefaultProvince:
			s.DefaultProvince = v
		case keyDefaultRegency:
			s.DefaultRegency = v
		case keyLanguage:
			s.Language = v
		case keyLaptopID:
			s.LaptopID = v
		}
	}
	return s, rows.Err()
}

// SaveSettings validates and saves every setting in one transaction; a key
// whose value did not change is not rewritten.
func (st *Store) SaveSettings(ctx context.Context, s Settings) (Settings, error) {
	if err := s.Clean(); err != nil {
		return s, err
	}
	pairs, err := s.pairs()
	if err != nil {
		return s, err
	}
	err = st.write(ctx, func(tx *sql.Tx) error {
		for k, v := range pairs {
			if err := putSetting(ctx, tx, k, v, st.now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("save settings: %w", err)
	}
	return st.Settings(ctx)
}

func putSetting(ctx context.Context, tx *sql.Tx, key, value, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
		version = version + 1 WHERE value <> excluded.value`, key, value, now)
	return err
}

// ensureLaptopID gives this database its own id and sync epoch the first
// time it opens.
func (st *Store) ensureLaptopID(ctx context.Context) error {
	var n int
	if err := st.db.QueryRowContext(ctx, "SELECT count(*) FROM settings WHERE key IN (?, ?)", keyLaptopID,
		keySyncEpoch).Scan(&n); err != nil || n == 2 {
		return err
	}
	return st.write(ctx, func(tx *sql.Tx) error {
		for _, key := range []string{keyLaptopID, keySyncEpoch} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at)
				VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`, key, NewID(), st.now()); err != nil {
				return err
			}
		}
		return nil
	})
}

// DisplayLetterhead is the letterhead, or the officer's unit when none is set.
func (s Settings) DisplayLetterhead() []string {
	if len(s.Letterhead) > 0 {
		return s.Letterhead
	}
	if u := strings.TrimSpace(s.OfficerUnit); u != "" {
		return []string{u}
	}
	return nil
}

// Preference reads a small per-laptop value kept beside the settings (such
// as the window size); ok is false when it was never saved.
func (st *Store) Preference(ctx context.Context, key string) (value string, ok bool) {
	err := st.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", "pref."+key).Scan(&value)
	return value, err == nil
}

// SetPreference saves a per-laptop value; an unchanged value writes nothing.
func (st *Store) SetPreference(ctx context.Context, key, value string) error {
	if old, ok := st.Preference(ctx, key); ok && old == value {
		return nil
	}
	return st.write(ctx, func(tx *sql.Tx) error {
		return putSetting(ctx, tx, "pref."+key, value, st.now())
	})
}
