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
	Summary              *store.MergeSummary `json:"summary,omitempty"`
	Warnings             []string            `json:"warnings"`
	Reason               string              `json:"reason,omitempty"`   // a Reason constant when rejected
	Rejected             string              `json:"rejected,omitempty"` // why, in English, when rejected
	Err                  error               `json:"-"`
}

// OK reports whether the bundle was merged (conflicts included).
func (r ImportResult) OK() bool { return r.Err == nil }

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
	}
	next := make(chan opened, 1)
	go func() {
		defer close(next)
		for _, f := range files {
			res, b := openBundle(f, opts)
			select {
			case next <- opened{res, b}:
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
			r = mergeBundle(ctx, st, r, o.bundle)
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
	res, b := openBundle(path, opts)
	if b == nil {
		return res
	}
	return mergeBundle(ctx, st, res, b)
}

// openBundle reads and checks a bundle file; a nil bundle means rejected.
func openBundle(path string, opts ImportOptions) (ImportResult, *Bundle) {
	res := ImportResult{Path: path, Warnings: []string{}}
	data, err := readLimited(path)
	if err != nil {
		return res.rejected(err), nil
	}
	b, err := ReadBundle(data, opts.Identities)
	if err != nil {
		return res.rejected(err), nil
	}
	s := b.Data.Session
	res.SessionID, res.Title, res.Date, res.Village = s.ID, s.Title, s.Date, s.Village
	res.LaptopID, res.Officer, res.Encrypted = b.Manifest.LaptopID, b.Manifest.Officer, b.Encrypted
	res.WithheldConfidential = b.Manifest.WithheldConfidential
	if !b.Encrypted {
		n := 0
		for _, q := range b.Data.Questions {
			if q.Confidential {
				n++
			}
		}
		if n > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%d confidential questions came in an unencrypted bundle", n))
		}
	}
	return res, b
}

// mergeBundle merges a checked bundle in one transaction.
func mergeBundle(ctx context.Context, st *store.Store, res ImportResult, b *Bundle) ImportResult {
	sum, err := st.MergeSession(ctx, b.Data, mergeSource(b, res.Path))
	switch {
	case errors.Is(err, store.ErrInvalidExport):
		return res.rejected(&BundleError{Reason: ReasonInvalidData, Detail: "session.json is not valid", Err: err})
	case errors.Is(err, store.ErrOriginMismatch):
		return res.rejected(&BundleError{Reason: ReasonOtherOrigin, Detail: "the session is already here from another laptop", Err: err})
	case err != nil:
		return res.rejected(&BundleError{Reason: ReasonMergeFailed, Detail: "the bundle could not be merged", Err: err})
	}
	res.Summary = &sum
	for _, w := range sum.Warnings {
		res.Warnings = append(res.Warnings, w.String())
	}
	return res
}

func mergeSource(b *Bundle, path string) store.MergeSource {
	return store.MergeSource{LaptopID: b.Manifest.LaptopID, Officer: b.Manifest.Officer, Bundle: filepath.Base(path)}
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

// Summarize totals a list of results: bundles merged and rejected, and the
// rows added, updated, unchanged and in conflict.
func Summarize(results []ImportResult) (merged, rejected int, rows store.TableCounts) {
	for _, r := range results {
		if !r.OK() {
			rejected++
			continue
		}
		merged++
		rows.Added += r.Summary.Added
		rows.Updated += r.Summary.Updated
		rows.Unchanged += r.Summary.Unchanged
		rows.Conflicts += r.Summary.Conflicts
	}
	return merged, rejected, rows
}
