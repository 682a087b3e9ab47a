package sync

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/penyuluh/penyuluh/store"
)

// Who sent a bundle. Every laptop signs its bundles with its own Ed25519
// key (store.SigningKey); a coordinator enrols an officer's public key once,
// after both read its fingerprint aloud, and from then on merges what that
// key signs. Encryption (age) says who can read a bundle; the signature
// says who wrote it.

// keyTextPrefix opens a laptop key as text: the laptop it speaks for and
// its public key, e.g. penyuluh-key1:0192…:Zm9v…
const keyTextPrefix = "penyuluh-key1:"

// signatureContext is signed before the manifest's bytes, so that a
// signature made for a bundle means nothing anywhere else.
const signatureContext = "penyuluh bundle signature v1\n"

// LaptopKey is this laptop's public key as an officer shows it: as text
// (to copy, save to a file or show as a QR code) and as a fingerprint to
// read aloud.
type LaptopKey struct {
	Text        string `json:"key"`
	PublicKey   string `json:"public_key"`
	Fingerprint string `json:"fingerprint"`
	LaptopID    string `json:"laptop_id"`
	Officer     string `json:"officer"`
}

// ThisLaptop gives this laptop's public key.
func ThisLaptop(ctx context.Context, st *store.Store) (LaptopKey, error) {
	priv, err := st.SigningKey()
	if err != nil {
		return LaptopKey{}, err
	}
	settings, err := st.Settings(ctx)
	if err != nil {
		return LaptopKey{}, err
	}
	pub := priv.Public().(ed25519.PublicKey)
	enc := base64.StdEncoding.EncodeToString(pub)
	return LaptopKey{Text: KeyText(settings.LaptopID, enc), PublicKey: enc, Fingerprint: Fingerprint(enc),
		LaptopID: settings.LaptopID, Officer: settings.OfficerName}, nil
}

// KeyText is a laptop key as one line of text.
func KeyText(laptopID, publicKey string) string {
	return keyTextPrefix + laptopID + ":" + publicKey
}

// KeyFile is what an officer saves to give the coordinator their key: the
// key line, with comments that say whose it is and its fingerprint.
func (k LaptopKey) KeyFile() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Penyuluh: kunci laptop petugas / officer's laptop key\n")
	fmt.Fprintf(&b, "# petugas / officer: %s\n", k.Officer)
	fmt.Fprintf(&b, "# sidik jari / fingerprint: %s\n", k.Fingerprint)
	fmt.Fprintf(&b, "%s\n", k.Text)
	return b.Bytes()
}

// Fingerprint is a public key (base64) as 20 digits in groups of four, to
// be read aloud over the phone: digits sound the same in every language.
func Fingerprint(publicKey string) string {
	sum := sha256.Sum256([]byte(publicKey))
	n := new(big.Int).SetUint64(binary.BigEndian.Uint64(sum[:8]))
	n.Lsh(n, 8).Or(n, big.NewInt(int64(sum[8]))) // 72 bits, more than 20 digits need
	digits := fmt.Sprintf("%020s", new(big.Int).Mod(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)).String())
	var groups []string
	for i := 0; i < len(digits); i += 4 {
		groups = append(groups, digits[i:i+4])
	}
	return strings.Join(groups, " ")
}

// ErrLaptopTaken means a key speaks for a laptop that is enrolled under
// another officer's name. A reinstalled laptop's new key is enrolled under
// the same name; anything else is somebody else's laptop.
var ErrLaptopTaken = errors.New("another officer's laptop")

// ErrNameMismatch means a key would be enrolled under another name than
// the officer its held bundles name.
var ErrNameMismatch = errors.New("another officer's name")

// ErrNotAKey means text is not a laptop key.
var ErrNotAKey = errors.New("not a Penyuluh laptop key (penyuluh-key1:…)")

// ParseKey reads a laptop key from its text or from a key file's content
// (comment lines and spaces are skipped).
func ParseKey(text string) (store.OfficerKey, error) {
	var line string
	text = strings.TrimPrefix(text, "\ufeff") // Notepad's byte order mark
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			line = l
			break
		}
	}
	rest, ok := strings.CutPrefix(line, keyTextPrefix)
	if !ok {
		return store.OfficerKey{}, ErrNotAKey
	}
	laptop, pub, ok := strings.Cut(rest, ":")
	raw, err := base64.StdEncoding.DecodeString(pub)
	if !ok || !store.IsID(laptop) || err != nil || len(raw) != ed25519.PublicKeySize {
		return store.OfficerKey{}, ErrNotAKey
	}
	return store.OfficerKey{PublicKey: pub, Fingerprint: Fingerprint(pub), LaptopID: laptop}, nil
}

// sign signs a manifest's bytes.
func sign(priv ed25519.PrivateKey, manifest []byte) []byte {
	return ed25519.Sign(priv, append([]byte(signatureContext), manifest...))
}

// verify checks a manifest's signature against the key it names.
func verify(publicKey string, manifest, sig []byte) bool {
	pub, err := base64.StdEncoding.DecodeString(publicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	return ed25519.Verify(pub, append([]byte(signatureContext), manifest...), sig)
}

// Enrol trusts an officer's laptop key under the officer's name, then
// merges the bundles held because that key was not enrolled yet. Enrolling
// a key again renames it (or takes back a refusal).
func Enrol(ctx context.Context, st *store.Store, key store.OfficerKey, name string, opts ImportOptions) ([]ImportResult, error) {
	key.Name, key.Status = name, store.KeyEnrolled
	keys, err := st.OfficerKeys(ctx)
	if err != nil {
		return nil, err
	}
	pending, err := st.PendingBundles(ctx)
	if err != nil {
		return nil, err
	}
	// Enrolled under a name none of its held bundles uses, every one of
	// them would wait again: say so before anything changes. (Bundles that
	// name the officer otherwise, such as from before a promotion, wait
	// under "officer renamed".)
	var named, other string
	for _, p := range pending {
		if p.PublicKey == key.PublicKey && p.Officer != "" {
			if store.SameOfficer(p.Officer, name) {
				named = p.Officer
			} else {
				other = p.Officer
			}
		}
	}
	if named == "" && other != "" {
		return nil, fmt.Errorf("%w: the bundles from this laptop name the officer %q; enrol the key under that name, or ask the officer to correct the name in Settings and send again",
			ErrNameMismatch, other)
	}
	if own, err := ThisLaptop(ctx, st); err != nil {
		return nil, err
	} else if own.LaptopID == key.LaptopID && own.PublicKey != key.PublicKey {
		return nil, fmt.Errorf("%w: the key claims to speak for this laptop; it could change the sessions made here", ErrLaptopTaken)
	}
	for _, k := range keys {
		if k.LaptopID == key.LaptopID && k.PublicKey != key.PublicKey && k.Status == store.KeyEnrolled &&
			!store.SameOfficer(k.Name, name) {
			return nil, fmt.Errorf("%w: laptop %s is enrolled for %s (fingerprint %s); this key could change %s's sessions",
				ErrLaptopTaken, key.LaptopID, k.Name, k.Fingerprint, k.Name)
		}
	}
	if _, err := st.SaveOfficerKey(ctx, key); err != nil {
		return nil, err
	}
	results := []ImportResult{}
	for _, p := range pending {
		if p.PublicKey == key.PublicKey && p.Reason == store.HoldUnknownKey {
			r, err := release(ctx, st, p.ID, opts, "")
			if err != nil {
				return results, err
			}
			results = append(results, r)
		}
	}
	return results, nil
}

// Accept decides a held bundle in its favour: for a key not enrolled yet it
// enrols the key under name (the bundle's officer when empty) and merges
// every bundle held from it; for a bundle held because it deletes a whole
// session or jumps versions it merges that bundle as it is.
func Accept(ctx context.Context, st *store.Store, pendingID, name string, opts ImportOptions) ([]ImportResult, error) {
	p, err := st.PendingBundle(ctx, pendingID)
	if err != nil {
		return nil, err
	}
	if p.Reason == store.HoldOfficerRenamed {
		return acceptRenamed(ctx, st, p, name, opts)
	}
	if p.Reason != store.HoldUnknownKey {
		r, err := release(ctx, st, p.ID, opts, p.Reason)
		if err != nil {
			return nil, err
		}
		return []ImportResult{r}, nil
	}
	if strings.TrimSpace(name) == "" {
		name = p.Officer
	}
	return Enrol(ctx, st, store.OfficerKey{PublicKey: p.PublicKey, Fingerprint: p.Fingerprint, LaptopID: p.LaptopID}, name, opts)
}

// acceptRenamed merges a bundle that names its officer otherwise than the
// key was enrolled. A bundle newer than any merged from the key renames the
// key (to name, or the name the bundle carries), and the key's other
// bundles held for that reason follow; an older one (sent before the name
// changed) is merged as it is.
func acceptRenamed(ctx context.Context, st *store.Store, p store.Pending, name string, opts ImportOptions) ([]ImportResult, error) {
	key, err := st.OfficerKey(ctx, p.PublicKey)
	if err != nil {
		return nil, err
	}
	if p.Sent <= key.LastSent {
		r, err := release(ctx, st, p.ID, opts, store.HoldOfficerRenamed)
		return []ImportResult{r}, err
	}
	if strings.TrimSpace(name) == "" {
		name = p.Officer
	}
	key.Name = name
	if _, err := st.SaveOfficerKey(ctx, key); err != nil {
		return nil, err
	}
	pending, err := st.PendingBundles(ctx)
	if err != nil {
		return nil, err
	}
	var results []ImportResult
	for _, q := range pending {
		if q.PublicKey == key.PublicKey && q.Reason == store.HoldOfficerRenamed && store.SameOfficer(q.Officer, name) {
			r, err := release(ctx, st, q.ID, opts, "")
			if err != nil {
				return results, err
			}
			results = append(results, r)
		}
	}
	return results, nil
}

// release admits a held bundle again (agreed: the Hold reason the
// coordinator agreed to) and takes it out of the list once merged. One that is held
// again (for another reason now), cannot be opened (no identity at hand)
// or is rejected stays in the list; the result says why.
func release(ctx context.Context, st *store.Store, id string, opts ImportOptions, agreed string) (ImportResult, error) {
	p, err := st.PendingBundle(ctx, id)
	if err != nil {
		return ImportResult{}, err
	}
	res, b := readBundle(ImportResult{Path: p.FileName, Warnings: []string{}}, p.File, opts)
	if b == nil {
		return res, nil
	}
	// Merged first, dropped after: a power cut in between leaves it held,
	// and merging it again changes nothing.
	res = admit(ctx, st, res, b, p.File, agreed)
	if !res.Merged() {
		return res, nil
	}
	return res, st.DropPending(ctx, id)
}

// Refuse decides against: what is a held bundle's id (its key is refused
// when it was held for being unknown; otherwise only that bundle is
// dropped), or a key's text or fingerprint (refused, and its held bundles
// dropped). It returns how many held bundles were dropped.
func Refuse(ctx context.Context, st *store.Store, what string) (int, error) {
	what = strings.TrimSpace(what)
	pending, err := st.PendingBundles(ctx)
	if err != nil {
		return 0, err
	}
	var key store.OfficerKey
	for _, p := range pending {
		if p.ID != what {
			continue
		}
		if p.Reason != store.HoldUnknownKey {
			return 1, st.DropPending(ctx, p.ID)
		}
		key = store.OfficerKey{PublicKey: p.PublicKey, Fingerprint: p.Fingerprint, LaptopID: p.LaptopID, Name: p.Officer}
	}
	if key.PublicKey == "" {
		if k, err := ParseKey(what); err == nil {
			key = k
		} else if key, err = keyByFingerprint(ctx, st, pending, what); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, p := range pending {
		if p.PublicKey == key.PublicKey {
			n++
		}
	}
	if old, err := st.OfficerKey(ctx, key.PublicKey); err == nil {
		key.Name = old.Name
	}
	key.Status = store.KeyRefused
	_, err = st.SaveOfficerKey(ctx, key)
	return n, err
}

// ErrUnknown means a refusal named nothing held or enrolled here.
var ErrUnknown = errors.New("no held bundle, key or fingerprint here matches")

func keyByFingerprint(ctx context.Context, st *store.Store, pending []store.Pending, fp string) (store.OfficerKey, error) {
	want := strings.ReplaceAll(fp, " ", "")
	keys, err := st.OfficerKeys(ctx)
	if err != nil {
		return store.OfficerKey{}, err
	}
	for _, k := range keys {
		if strings.ReplaceAll(k.Fingerprint, " ", "") == want {
			return k, nil
		}
	}
	for _, p := range pending {
		if strings.ReplaceAll(p.Fingerprint, " ", "") == want {
			return store.OfficerKey{PublicKey: p.PublicKey, Fingerprint: p.Fingerprint, LaptopID: p.LaptopID, Name: p.Officer}, nil
		}
	}
	return store.OfficerKey{}, ErrUnknown
}
