// Package sync moves sessions between laptops as files. A session bundle
// is a zip holding a manifest (format version, app version, laptop, officer,
// time, and the SHA-256 of every other entry), the session's data as JSON,
// its PDF report and its photos; it may be encrypted with age to the
// coordinator's public keys. Import checks a bundle completely before it
// merges it in one transaction, so a bundle is either merged or rejected
// whole with a reason. The coordinator's recap is written here as XLSX.
//
// Nothing here imports Fyne: the window and the command line call the
// same functions.
package sync

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

// FormatVersion is the bundle format this build writes and the newest it
// reads. A bundle with a higher number is refused: it needs a newer app.
// Format 2 added the laptop's signature (manifest.sig) and the sync epoch;
// a bundle of format 1 has no signature and is refused.
const FormatVersion = 2

// Entry names inside a bundle; nothing else is accepted.
const (
	ManifestName = "manifest.json"
	// SignatureName holds the laptop's Ed25519 signature of manifest.json
	// (base64); the manifest names the key and hashes every other entry.
	SignatureName = "manifest.sig"
	SessionName   = "session.json"
	ReportName    = "report.pdf"
	photoPrefix   = "photos/"
	photoSuffix   = ".jpg"
)

// PhotoName is the entry that holds a photo's image.
func PhotoName(id string) string { return photoPrefix + id + photoSuffix }

// Limits on what a bundle may hold. They are generous for a real session
// (5,000 participants, every photo the app allows, deleted ones too) and
// are counted while reading: the sizes a zip declares are never trusted.
const (
	MaxBundleBytes   = 64 << 20  // the file as it arrives, encrypted or not
	MaxEntries       = 256       // manifest, data, report and photos
	maxManifestBytes = 1 << 20   // manifest.json
	maxSignatureSize = 1 << 10   // manifest.sig
	maxSessionBytes  = 32 << 20  // session.json
	maxReportBytes   = 48 << 20  // report.pdf
	maxPhotoBytes    = 8 << 20   // one stored photo (already downscaled)
	maxTotalBytes    = 128 << 20 // everything, uncompressed
)

// Manifest is manifest.json: who made the bundle, when, and the SHA-256 of
// every other entry.
type Manifest struct {
	Format    int    `json:"format"`
	App       string `json:"app"`        // the Penyuluh version that wrote it
	LaptopID  string `json:"laptop_id"`  // the exporting laptop
	Officer   string `json:"officer"`    // the officer set in its settings
	Created   string `json:"created"`    // RFC 3339, by the exporting laptop's clock
	SessionID string `json:"session_id"` // the session inside
	// Signer is the exporting laptop's public signing key (Ed25519,
	// base64); manifest.sig is its signature of this file.
	Signer string `json:"signer"`
	// Epoch is the exporting laptop's sync epoch: it changes when a backup
	// is restored there.
	Epoch string `json:"epoch"`
	// Generation orders the epochs of one laptop: each restore raises it.
	Generation int `json:"generation"`
	// ConfidentialIncluded says confidential questions are inside; only
	// encrypted bundles carry them.
	ConfidentialIncluded bool `json:"confidential_included"`
	// WithheldConfidential counts the confidential questions left out.
	WithheldConfidential int               `json:"withheld_confidential"`
	Files                map[string]string `json:"files"` // entry name → SHA-256, lowercase hex
}

// Bundle is a read and verified bundle.
type Bundle struct {
	Manifest  Manifest
	Data      *store.SessionExport // photos carry their images
	Report    []byte               // the PDF; nil when the bundle has none
	Encrypted bool
}

// Reasons a bundle is rejected. The UI says each in the user's language;
// BundleError's message is the English one for logs and the command line.
const (
	ReasonNotBundle      = "not_bundle"       // not a zip or an age file, or no manifest
	ReasonTooLarge       = "too_large"        // more bytes than a real bundle can have
	ReasonTooManyFiles   = "too_many_entries" // more entries than a real bundle can have
	ReasonNeedsKey       = "needs_key"        // encrypted, and no identity file was given
	ReasonWrongKey       = "wrong_key"        // encrypted to somebody else
	ReasonDamaged        = "damaged"          // truncated or corrupt zip or encryption
	ReasonUnsafeName     = "unsafe_name"      // a path that could leave a folder: .., /, \, C:
	ReasonUnexpected     = "unexpected_entry" // a name, folder or link a bundle never has
	ReasonDuplicate      = "duplicate_entry"
	ReasonHashMismatch   = "hash_mismatch" // an entry is not what the manifest says
	ReasonBadManifest    = "bad_manifest"
	ReasonNewerFormat    = "newer_format" // made by a newer Penyuluh
	ReasonUnsigned       = "unsigned"     // made by an older Penyuluh, without a signature
	ReasonBadSignature   = "bad_signature"
	ReasonRefusedKey     = "refused_key"     // signed by a key the coordinator refused
	ReasonSignerMismatch = "signer_mismatch" // names another laptop or officer than its key was enrolled for
	ReasonInvalidData    = "invalid_data"    // session.json is not valid
	ReasonOtherOrigin    = "other_origin"    // the session is here already, from another laptop
	ReasonMergeFailed    = "merge_failed"
	ReasonTooManyHeld    = "too_many_held" // too many bundles already wait for a decision
	ReasonUnreadable     = "unreadable"    // the file could not be read
)

// BundleError is why a bundle was rejected; nothing was written.
type BundleError struct {
	Reason string // one of the Reason constants
	Detail string
	Err    error // the underlying error, if any
}

func (e *BundleError) Error() string {
	if e.Err != nil {
		return e.Detail + ": " + e.Err.Error()
	}
	return e.Detail
}

func (e *BundleError) Unwrap() error { return e.Err }

func reject(reason, format string, args ...any) *BundleError {
	return &BundleError{Reason: reason, Detail: fmt.Sprintf(format, args...)}
}

// RejectReason gives the Reason of a rejection, or ReasonMergeFailed.
func RejectReason(err error) string {
	var be *BundleError
	if errors.As(err, &be) {
		return be.Reason
	}
	return ReasonMergeFailed
}

// Headers that tell what a file is.
var (
	zipMagic       = []byte("PK\x03\x04")
	centralMagic   = []byte("PK\x01\x02")
	ageMagic       = []byte("age-encryption.org/v1\n")
	ageArmorMagic  = []byte("-----BEGIN AGE ENCRYPTED FILE-----")
	pdfMagic       = []byte("%PDF-")
	jpegMagic      = []byte{0xFF, 0xD8, 0xFF}
	errNotInBundle = errors.New("not in the bundle")
)

// IsEncrypted reports whether data is an age file (binary or armored).
func IsEncrypted(data []byte) bool {
	return bytes.HasPrefix(data, ageMagic) || bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), ageArmorMagic)
}

// ReadBundle opens a bundle held in memory: it decrypts it when it is an
// age file (with identities), then checks every entry's name, type and
// size, the manifest, every hash, and the session data, strictly. Any
// problem rejects the bundle with a *BundleError.
func ReadBundle(data []byte, identities []age.Identity) (*Bundle, error) {
	if len(data) > MaxBundleBytes {
		return nil, reject(ReasonTooLarge, "the file is larger than %d MiB", MaxBundleBytes>>20)
	}
	b := &Bundle{}
	if IsEncrypted(data) {
		if len(identities) == 0 {
			return nil, reject(ReasonNeedsKey, "the bundle is encrypted: the coordinator's identity file is needed")
		}
		plain, err := decrypt(data, identities)
		if err != nil {
			return nil, err
		}
		data, b.Encrypted = plain, true
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, reject(ReasonNotBundle, "not a Penyuluh session bundle")
	}
	entries, err := readEntries(data)
	if err != nil {
		return nil, err
	}
	if err := b.parse(entries); err != nil {
		return nil, err
	}
	return b, nil
}

// readEntries reads every entry of a zip through the limits, after checking
// all names first.
func readEntries(data []byte) (map[string][]byte, error) {
	// archive/zip keeps reading directory records for as long as they
	// come, whatever the count it declares: count them first, cheaply.
	if bytes.Count(data, centralMagic) > MaxEntries {
		return nil, reject(ReasonTooManyFiles, "more than %d entries", MaxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &BundleError{Reason: ReasonDamaged, Detail: "the zip is damaged or cut short", Err: err}
	}
	if len(zr.File) > MaxEntries {
		return nil, reject(ReasonTooManyFiles, "more than %d entries", MaxEntries)
	}
	seen := map[string]bool{}
	for _, f := range zr.File {
		if err := checkEntry(f); err != nil {
			return nil, err
		}
		if seen[f.Name] {
			return nil, reject(ReasonDuplicate, "%q appears twice", f.Name)
		}
		seen[f.Name] = true
	}
	if !seen[ManifestName] {
		return nil, reject(ReasonNotBundle, "not a Penyuluh session bundle (no %s)", ManifestName)
	}

	entries := make(map[string][]byte, len(zr.File))
	var total int64
	for _, f := range zr.File {
		content, err := readEntry(f, entryLimit(f.Name), maxTotalBytes-total)
		if err != nil {
			return nil, err
		}
		total += int64(len(content))
		entries[f.Name] = content
	}
	return entries, nil
}

// checkEntry refuses names that could leave a folder, and anything that is
// not a plain file a bundle has.
func checkEntry(f *zip.File) error {
	name := f.Name
	switch {
	case name == "":
		return reject(ReasonUnsafeName, "an entry without a name")
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return reject(ReasonUnsafeName, "an entry name with control characters")
	case strings.Contains(name, `\`):
		return reject(ReasonUnsafeName, "%q is a Windows path", name)
	case strings.HasPrefix(name, "/"):
		return reject(ReasonUnsafeName, "%q is an absolute path", name)
	case len(name) >= 2 && name[1] == ':':
		return reject(ReasonUnsafeName, "%q names a drive", name)
	case hasDotElement(name):
		return reject(ReasonUnsafeName, "%q leaves the bundle", name)
	case f.Mode()&fs.ModeSymlink != 0:
		return reject(ReasonUnexpected, "%q is a symbolic link", name)
	case strings.HasSuffix(name, "/") || f.Mode().IsDir():
		return reject(ReasonUnexpected, "%q is a folder", name)
	case !f.Mode().IsRegular():
		return reject(ReasonUnexpected, "%q is not a plain file", name)
	case !expectedName(name):
		return reject(ReasonUnexpected, "unexpected entry %q", name)
	}
	return nil
}

func hasDotElement(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if part == ".." || part == "." {
			return true
		}
	}
	return false
}

func expectedName(name string) bool {
	switch name {
	case ManifestName, SignatureName, SessionName, ReportName:
		return true
	}
	id, ok := strings.CutPrefix(name, photoPrefix)
	if !ok {
		return false
	}
	id, ok = strings.CutSuffix(id, photoSuffix)
	return ok && store.IsID(id)
}

func entryLimit(name string) int64 {
	switch name {
	case ManifestName:
		return maxManifestBytes
	case SignatureName:
		return maxSignatureSize
	case SessionName:
		return maxSessionBytes
	case ReportName:
		return maxReportBytes
	}
	return maxPhotoBytes
}

// readEntry decompresses one entry, counting the bytes as they come.
func readEntry(f *zip.File, limit, left int64) ([]byte, error) {
	limit = min(limit, left)
	rc, err := f.Open()
	if err != nil {
		return nil, &BundleError{Reason: ReasonDamaged, Detail: fmt.Sprintf("cannot read %q", f.Name), Err: err}
	}
	defer rc.Close()
	content, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if int64(len(content)) > limit {
		return nil, reject(ReasonTooLarge, "%q is larger than a real bundle's (a zip bomb?)", f.Name)
	}
	if err != nil {
		return nil, &BundleError{Reason: ReasonDamaged, Detail: fmt.Sprintf("%q is damaged", f.Name), Err: err}
	}
	return content, nil
}

// parse checks the manifest against the entries and reads the session.
func (b *Bundle) parse(entries map[string][]byte) error {
	var head struct {
		Format int `json:"format"`
	}
	if err := json.Unmarshal(entries[ManifestName], &head); err != nil {
		return &BundleError{Reason: ReasonBadManifest, Detail: "manifest.json is not valid JSON", Err: err}
	}
	if head.Format > FormatVersion {
		return reject(ReasonNewerFormat, "made by a newer Penyuluh (bundle format %d, this app reads up to %d): update Penyuluh",
			head.Format, FormatVersion)
	}
	if head.Format < FormatVersion {
		return reject(ReasonUnsigned, "made by an older Penyuluh without a signature: update Penyuluh on the sending laptop and export again")
	}
	if err := decodeStrict(entries[ManifestName], &b.Manifest); err != nil {
		return &BundleError{Reason: ReasonBadManifest, Detail: "manifest.json is not valid", Err: err}
	}
	m := b.Manifest
	sig, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(entries[SignatureName])))
	if err != nil || !verify(m.Signer, entries[ManifestName], sig) {
		return reject(ReasonBadSignature, "the signature does not match the bundle: it was changed after it was signed")
	}
	if _, err := time.Parse(time.RFC3339Nano, m.Created); !store.IsID(m.LaptopID) || !store.IsID(m.Epoch) ||
		!store.IsID(m.SessionID) || err != nil || m.WithheldConfidential < 0 || m.Generation < 0 {
		return reject(ReasonBadManifest, "manifest.json has a wrong laptop, epoch, session or time")
	}
	for name := range m.Files {
		if _, ok := entries[name]; !ok || name == ManifestName || name == SignatureName {
			return reject(ReasonHashMismatch, "the manifest lists %q, which is %v", name, errNotInBundle)
		}
	}
	for _, name := range sortedNames(entries) {
		if name == ManifestName || name == SignatureName {
			continue
		}
		want, ok := m.Files[name]
		if !ok {
			return reject(ReasonHashMismatch, "%q is not in the manifest", name)
		}
		sum := sha256.Sum256(entries[name])
		if hex.EncodeToString(sum[:]) != want {
			return reject(ReasonHashMismatch, "%q does not match its SHA-256 in the manifest", name)
		}
	}
	content, ok := entries[SessionName]
	if !ok {
		return reject(ReasonInvalidData, "the bundle has no %s", SessionName)
	}
	b.Data = &store.SessionExport{}
	if err := decodeStrict(content, b.Data); err != nil {
		return &BundleError{Reason: ReasonInvalidData, Detail: "session.json is not valid", Err: err}
	}
	photos := map[string]bool{}
	for i := range b.Data.Photos {
		p := &b.Data.Photos[i]
		if p.DeletedAt != nil {
			p.Image = []byte{}
			continue
		}
		img, ok := entries[PhotoName(p.ID)]
		if !ok || !bytes.HasPrefix(img, jpegMagic) {
			return reject(ReasonInvalidData, "photo %s has no JPEG image in the bundle", p.ID)
		}
		if err := checkJPEG(img, p.Width, p.Height); err != nil {
			return reject(ReasonInvalidData, "photo %s: %v", p.ID, err)
		}
		p.Image = img
		photos[PhotoName(p.ID)] = true
	}
	for name := range entries {
		if strings.HasPrefix(name, photoPrefix) && !photos[name] {
			return reject(ReasonUnexpected, "%q belongs to no photo", name)
		}
	}
	if err := b.Data.Validate(); err != nil {
		return &BundleError{Reason: ReasonInvalidData, Detail: "session.json is not valid", Err: err}
	}
	if b.Data.Session.ID != m.SessionID || b.Data.WithheldConfidential != m.WithheldConfidential {
		return reject(ReasonBadManifest, "the manifest does not describe session.json")
	}
	if pdf, ok := entries[ReportName]; ok {
		if !bytes.HasPrefix(pdf, pdfMagic) {
			return reject(ReasonInvalidData, "report.pdf is not a PDF")
		}
		b.Report = pdf
	}
	return nil
}

// checkJPEG decodes a photo completely: it must be a real image of the
// size its row says, within the pixels a stored photo can have (the app
// downscales every photo to store.MaxPhotoSide).
func checkJPEG(img []byte, width, height int) error {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return fmt.Errorf("not a JPEG image: %w", err)
	}
	if cfg.Width > store.MaxPhotoSide || cfg.Height > store.MaxPhotoSide {
		return fmt.Errorf("%d × %d pixels, more than a stored photo has (%d on the long side)", cfg.Width, cfg.Height, store.MaxPhotoSide)
	}
	if cfg.Width != width || cfg.Height != height {
		return fmt.Errorf("the image is %d × %d, its record says %d × %d", cfg.Width, cfg.Height, width, height)
	}
	if _, err := jpeg.Decode(bytes.NewReader(img)); err != nil {
		return fmt.Errorf("the JPEG image is damaged: %w", err)
	}
	return nil
}

// decodeStrict reads exactly one JSON value with no unknown fields.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

func sortedNames(entries map[string][]byte) []string {
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// zipEntry is one file of a bundle being written.
type zipEntry struct {
	name     string
	data     []byte
	compress bool
}

// writeZip writes a bundle: the manifest first, with the hashes of the
// entries that follow, then its signature; every entry gets the manifest's
// time.
func writeZip(m Manifest, entries []zipEntry, modified time.Time, key ed25519.PrivateKey) ([]byte, error) {
	m.Signer = base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))
	m.Files = map[string]string{}
	for _, e := range entries {
		sum := sha256.Sum256(e.data)
		m.Files[e.name] = hex.EncodeToString(sum[:])
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	manifest = append(manifest, '\n')
	sig := base64.StdEncoding.EncodeToString(sign(key, manifest))
	all := append([]zipEntry{{name: ManifestName, data: manifest, compress: true},
		{name: SignatureName, data: []byte(sig + "\n")}}, entries...)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range all {
		h := &zip.FileHeader{Name: e.name, Method: zip.Store, Modified: modified}
		if e.compress {
			h.Method = zip.Deflate
		}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
