package sync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

// ErrNoBundles means the files and folders given hold no bundle.
var ErrNoBundles = errors.New("no session bundles (.zip or .zip.age) found")

// ImportOptions are the coordinator's keys and a progress callback.
type ImportOptions struct {
	// Identities open encrypted bundles: LoadIdentities of the identity
	// file in store.SyncSettings or given on the command line.
	Identities []age.Identity
	// Progress, when set, is called after each bundle, from the importing
	// goroutine (the window passes the result on with fyne.Do).
	Progress func(done, total int, r ImportResult)
}

// ImportResult is what happened to one bundle: merged with a summary, or
// rejected with a reason (and then nothing of it was written).
type ImportResult struct {
	Path                 string              `json:"path"`
	SessionID            string              `json:"session_id,omitempty"`
	Title                string              `json:"title,omitempty"`
	Date                 string              `json:"date,omitempty"`
	Village              string              `json:"village,omitempty"`
	LaptopID             string              `json:"laptop_id,omitempty"`
	Officer              string              `json:"officer,omitempty"`
	Encrypted            bool                `json:"encrypted"`
	WithheldConfidential int                 `json:"withheld_confidential"`
	Fingerprint          string              `json:"fingerprint,omitempty"` // of the signing key
	Forwarded            bool                `json:"forwarded"`             // sent by another laptop than the session's own
	Summary              *store.MergeSummary `json:"summary,omitempty"`
	// Held is a store.Hold reason when the bundle waits for a decision
	// (penyuluh pending); PendingID names it there.
	Held      string   `json:"held,omitempty"`
	PendingID string   `json:"pending_id,omitempty"`
	Warnings  []string `json:"warnings"`
	Reason    string   `json:"reason,omitempty"`   // a Reason constant when rejected
	Rejected  string   `json:"rejected,omitempty"` // why, in English, when rejected
	Err       error    `json:"-"`
}

// OK reports whether the bundle was merged (conflicts included) or held
// for a decision: it was not rejected.
func (r ImportResult) OK() bool { return r.Err == nil }

// Merged reports whether the bundle was merged (conflicts included).
func (r ImportResult) Merged() bool { return r.Err == nil && r.Held == "" }

// Import imports bundles from files and folders (a USB stick: folders are
// searched, hidden ones and macOS "._" files skipped), one bundle at a time,
// each in its own transaction. It returns one result per bundle, in path
// order; the error is for the paths themselves (missing, or no bundle at
// all) or a cancelled context. While one bundle is merged the next one is
// read and checked on another goroutine, so that both cores work.
func Import(ctx context.Context, st *store.Store, paths []string, opts ImportOptions) ([]ImportResult, error) {
	files, err := FindBundles(paths)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type opened struct {
		res    ImportResult
		bundle *Bundle
		raw    []byte
	}
	next := make(chan opened, 1)
	go func() {
		defer close(next)
		for _, f := range files {
			res, b, raw := openBundle(f, opts)
			select {
			case next <- opened{res, b, raw}:
			case <-ctx.Done():
				return
			}
		}
	}()
	results := make([]ImportResult, 0, len(files))
	for o := range next {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		r := o.res
		if o.bundle != nil {
			r = admit(ctx, st, r, o.bundle, o.raw, "")
		}
		results = append(results, r)
		if opts.Progress != nil {
			opts.Progress(len(results), len(files), r)
		}
	}
	return results, ctx.Err()
}

// FindBundles lists the bundle files among paths: files as given, and the
// .zip and .age files inside folders.
func FindBundles(paths []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			lower := strings.ToLower(name)
			if d.Type().IsRegular() && !strings.HasPrefix(name, ".") &&
				(strings.HasSuffix(lower, ".zip") || strings.HasSuffix(lower, ".age")) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("search %s: %w", p, err)
		}
		sort.Strings(found)
		for _, f := range found {
			add(f)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrNoBundles, strings.Join(paths, ", "))
	}
	return files, nil
}

// ImportFile reads, verifies and merges one bundle file.
func ImportFile(ctx context.Context, st *store.Store, path string, opts ImportOptions) ImportResult {
	res, b, raw := openBundle(path, opts)
	if b == nil {
		return res
	}
	return admit(ctx, st, res, b, raw, "")
}

// openBundle reads and checks a bundle file; a nil bundle means rejected.
func openBundle(path string, opts ImportOptions) (ImportResult, *Bundle, []byte) {
	res := ImportResult{Path: path, Warnings: []string{}}
	data, err := readLimited(path)
	if err != nil {
		return res.rejected(err), nil, nil
	}
	res, b := readBundle(res, data, opts)
	return res, b, data
}

// readBundle checks a bundle held in memory and describes it.
func readBundle(res ImportResult, data []byte, opts ImportOptions) (ImportResult, *Bundle) {
	b, err := ReadBundle(data, opts.Identities)
	if err != nil {
		return res.rejected(err), nil
	}
	s := b.Data.Session
	res.SessionID, res.Title, res.Date, res.Village = s.ID, s.Title, s.Date, s.Village
	res.LaptopID, res.Officer, res.Encrypted = b.Manifest.LaptopID, b.Manifest.Officer, b.Encrypted
	res.Fingerprint = Fingerprint(b.Manifest.Signer)
	res.WithheldConfidential = b.Manifest.WithheldConfidential
	if !b.Encrypted {
		n := 0
		for _, q := range b.Data.Questions {
			if q.Confidential && q.DeletedAt == nil {
				n++
			}
		}
		if n > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%d confidential questions came in an unencrypted bundle", n))
		}
	}
	return res, b
}

// admit decides what happens to a checked bundle: merged when its key is
// enrolled here (or is this laptop's own) and speaks for the laptop and
// officer it names; held when its key is unknown or the merge needs the
// coordinator's word (agreed is the Hold reason the coordinator already
// agreed to for this bundle); rejected otherwise.
func admit(ctx context.Context, st *store.Store, res ImportResult, b *Bundle, raw []byte, agreed string) ImportResult {
	m := b.Manifest
	signer, err := signerOf(ctx, st, m.Signer)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return hold(ctx, st, res, b, raw, store.HoldUnknownKey,
			fmt.Sprintf("signed by a key not enrolled here (fingerprint %s)", res.Fingerprint))
	case err != nil:
		return res.rejected(&BundleError{Reason: ReasonMergeFailed, Detail: "the keys could not be read", Err: err})
	case signer.Status == store.KeyRefused:
		return res.rejected(reject(ReasonRefusedKey, "signed by a key that was refused here (fingerprint %s)", res.Fingerprint))
	case signer.LaptopID != m.LaptopID:
		return res.rejected(reject(ReasonSignerMismatch,
			"the bundle names laptop %s, but its key was enrolled for laptop %s", m.LaptopID, signer.LaptopID))
	case m.Officer != "" && signer.Name != "" && !store.SameOfficer(m.Officer, signer.Name) && agreed != store.HoldOfficerRenamed:
		return hold(ctx, st, res, b, raw, store.HoldOfficerRenamed,
			fmt.Sprintf("the bundle names officer %q, but its key was enrolled for %q", m.Officer, signer.Name))
	}
	if signer.Name != "" {
		res.Officer = signer.Name
	}
	force := agreed == store.HoldDeletesSession || agreed == store.HoldVersionJump
	src := store.MergeSource{LaptopID: m.LaptopID, Officer: res.Officer, Bundle: filepath.Base(res.Path),
		PublicKey: m.Signer, Fingerprint: res.Fingerprint, Epoch: m.Epoch, Generation: m.Generation, Sent: m.Created, ConfidentialIncluded: m.ConfidentialIncluded,
		Force: force}
	sum, err := st.MergeSession(ctx, b.Data, src)
	var held *store.ErrHeld
	switch {
	case errors.As(err, &held):
		return hold(ctx, st, res, b, raw, held.Reason, held.Detail)
	case errors.Is(err, store.ErrInvalidExport):
		return res.rejected(&BundleError{Reason: ReasonInvalidData, Detail: "session.json is not valid", Err: err})
	case errors.Is(err, store.ErrOriginMismatch):
		return res.rejected(&BundleError{Reason: ReasonOtherOrigin, Detail: "the session is already here from another laptop", Err: err})
	case err != nil:
		return res.rejected(&BundleError{Reason: ReasonMergeFailed, Detail: "the bundle could not be merged", Err: err})
	}
	res.Summary, res.Forwarded = &sum, sum.Forwarded
	for _, w := range sum.Warnings {
		res.Warnings = append(res.Warnings, w.String())
	}
	return res
}

// signerOf finds the record of a signing key: enrolled or refused here, or
// this laptop's own (trusted under its own officer's name).
func signerOf(ctx context.Context, st *store.Store, publicKey string) (store.OfficerKey, error) {
	own, err := ThisLaptop(ctx, st)
	if err != nil {
		return store.OfficerKey{}, err
	}
	if own.PublicKey != publicKey {
		k, err := st.OfficerKey(ctx, publicKey)
		if err == nil && k.LaptopID == own.LaptopID {
			// Only this laptop's own key speaks for it.
			k.Status = store.KeyRefused
		}
		return k, err
	}
	return store.OfficerKey{PublicKey: own.PublicKey, Fingerprint: own.Fingerprint, LaptopID: own.LaptopID,
		Name: own.Officer, Status: store.KeyEnrolled}, nil
}

// hold keeps a bundle for a decision (penyuluh pending).
func hold(ctx context.Context, st *store.Store, res ImportResult, b *Bundle, raw []byte, reason, detail string) ImportResult {
	m := b.Manifest
	s := b.Data.Session
	p, err := st.HoldBundle(ctx, store.Pending{Reason: reason, Detail: detail, PublicKey: m.Signer,
		Fingerprint: res.Fingerprint, LaptopID: m.LaptopID, Officer: m.Officer, SessionID: s.ID, Title: s.Title,
		Date: s.Date, Village: s.Village, FileName: filepath.Base(res.Path), Encrypted: b.Encrypted, File: raw,
		Sent: m.Created})
	if errors.Is(err, store.ErrHoldFull) {
		return res.rejected(&BundleError{Reason: ReasonTooManyHeld, Detail: "the bundle cannot wait for a decision", Err: err})
	}
	if err != nil {
		return res.rejected(&BundleError{Reason: ReasonMergeFailed, Detail: "the bundle could not be held", Err: err})
	}
	res.Held, res.PendingID = reason, p.ID
	return res
}

func (r ImportResult) rejected(err error) ImportResult {
	r.Err, r.Reason, r.Rejected = err, RejectReason(err), err.Error()
	r.Summary = nil
	return r
}

// readLimited reads a file of at most MaxBundleBytes without trusting its
// size.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &BundleError{Reason: ReasonUnreadable, Detail: "cannot read the file", Err: err}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > MaxBundleBytes {
		return nil, reject(ReasonTooLarge, "the file is larger than %d MiB", MaxBundleBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxBundleBytes+1))
	if err != nil {
		return nil, &BundleError{Reason: ReasonUnreadable, Detail: "cannot read the file", Err: err}
	}
	if len(data) > MaxBundleBytes {
		return nil, reject(ReasonTooLarge, "the file is larger than %d MiB", MaxBundleBytes>>20)
	}
	return data, nil
}

// Summarize totals a list of results: bundles merged and rejected (held
// ones are neither), and the rows added, updated, removed, unchanged and
// in conflict.
func Summarize(results []ImportResult) (merged, rejected int, rows store.TableCounts) {
	for _, r := range results {
		switch {
		case !r.OK():
			rejected++
		case r.Merged():
			merged++
			rows.Added += r.Summary.Added
			rows.Updated += r.Summary.Updated
			rows.Removed += r.Summary.Removed
			rows.Unchanged += r.Summary.Unchanged
			rows.Conflicts += r.Summary.Conflicts
		}
	}
	return merged, rejected, rows
}
