package sync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/penyuluh/penyuluh/store"
)

// ReportFunc writes a session's PDF report for its bundle. The window and
// the command line pass SessionReport; tests may pass a stub.
type ReportFunc func(ctx context.Context, st *store.Store, sessionID string) ([]byte, error)

// ExportOptions say where a bundle goes and for whom.
type ExportOptions struct {
	Dir string // the folder the bundle is written to (e.g. a USB stick)
	// Recipients are the coordinators' public keys (age1…), usually
	// store.SyncSettings.Recipients. With none the bundle is a plain zip and
	// confidential questions stay on the laptop.
	Recipients []string
	AppVersion string     // written into the manifest
	Report     ReportFunc // nil writes the bundle without report.pdf
	Now        func() time.Time
}

// ExportResult says what was written.
type ExportResult struct {
	Path                 string `json:"path"`
	SessionID            string `json:"session_id"`
	Encrypted            bool   `json:"encrypted"`
	WithheldConfidential int    `json:"withheld_confidential"`
	Participants         int    `json:"participants"`
	Photos               int    `json:"photos"`
	// NotMarked is set when the store is read-only (the window holds it):
	// the bundle is complete but the session still counts as not sent.
	NotMarked bool `json:"not_marked,omitempty"`
}

// Export writes a session's bundle into opts.Dir and returns its path. An
// encrypted bundle (with recipients) carries the confidential questions and
// this laptop cannot read it back; a plain one leaves them out and says how
// many. The file appears whole or not at all (written aside, then renamed);
// a bundle of the same session and day is replaced. The session then no
// longer counts as changed since its last export.
func Export(ctx context.Context, st *store.Store, sessionID string, opts ExportOptions) (ExportResult, error) {
	var res ExportResult
	recipients, err := store.ParseRecipients(opts.Recipients)
	if err != nil {
		return res, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	settings, err := st.Settings(ctx)
	if err != nil {
		return res, err
	}
	exp, err := st.ExportSession(ctx, sessionID, len(recipients) > 0)
	if err != nil {
		return res, err
	}
	entries := []zipEntry{}
	data, err := json.Marshal(exp)
	if err != nil {
		return res, err
	}
	entries = append(entries, zipEntry{name: SessionName, data: data, compress: true})
	if opts.Report != nil && exp.Session.DeletedAt == nil {
		pdf, err := opts.Report(ctx, st, sessionID)
		if err != nil {
			return res, fmt.Errorf("report for the bundle: %w", err)
		}
		entries = append(entries, zipEntry{name: ReportName, data: pdf})
	}
	for _, p := range exp.Photos {
		if p.DeletedAt != nil {
			continue // a deletion travels without the image
		}
		entries = append(entries, zipEntry{name: PhotoName(p.ID), data: p.Image})
	}
	created := now().UTC().Truncate(time.Second)
	key, err := st.SigningKey()
	if err != nil {
		return res, err
	}
	epoch, generation, err := st.SyncEpoch(ctx)
	if err != nil {
		return res, err
	}
	// The manifest names this laptop's officer, also when the session came
	// from somebody else: whoever sends a bundle signs for it.
	m := Manifest{Format: FormatVersion, App: opts.AppVersion, LaptopID: settings.LaptopID,
		Officer: settings.OfficerName, Created: created.Format(time.RFC3339), SessionID: sessionID, Epoch: epoch, Generation: generation,
		ConfidentialIncluded: len(recipients) > 0, WithheldConfidential: exp.WithheldConfidential}
	zipped, err := writeZip(m, entries, created, key)
	if err != nil {
		return res, fmt.Errorf("write bundle: %w", err)
	}
	path := filepath.Join(opts.Dir, FileName(exp.Session, len(recipients) > 0))
	err = store.WriteFileAtomic(path, func(f *os.File) error {
		if len(recipients) > 0 {
			return encrypt(f, zipped, recipients)
		}
		_, err := f.Write(zipped)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("write bundle: %w", err)
	}
	res = ExportResult{Path: path, SessionID: sessionID, Encrypted: len(recipients) > 0,
		WithheldConfidential: exp.WithheldConfidential, Participants: len(exp.Participants), Photos: len(exp.Photos)}
	if err := st.MarkExported(ctx, exp); errors.Is(err, store.ErrReadOnly) {
		res.NotMarked = true
	} else if err != nil {
		return res, fmt.Errorf("the bundle %s is complete, but marking the session as sent failed: %w", path, err)
	}
	return res, nil
}

// FileName is a bundle's name, readable by people: date, village and the
// end of the session id, e.g. 2026-02-12_desa-sakra_01a21e18.zip(.age).
func FileName(s store.SessionRow, encrypted bool) string {
	name := fmt.Sprintf("%s_%s_%s.zip", s.Date, slug(s.Village), s.ID[max(0, len(s.ID)-8):])
	if encrypted {
		name += ".age"
	}
	return name
}

// slug is text as a file name: lowercase ASCII letters and digits joined by
// hyphens, accents dropped, at most maxSlug characters cut at a word end.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > maxSlug {
		cut := out[:maxSlug]
		if out[maxSlug] != '-' {
			if i := strings.LastIndexByte(cut, '-'); i > 0 {
				cut = cut[:i]
			}
		}
		out = strings.TrimRight(cut, "-")
	}
	if out == "" {
		return "sesi"
	}
	return out
}

const maxSlug = 40
