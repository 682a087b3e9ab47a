package sync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/penyuluh/penyuluh/store"
)

// The coordinator's key pair is a standard age X25519 identity: the file
// the standard age tool reads (age -d -i FILE), and a public key "age1…"
// that officers put in their settings. Post-quantum keys are refused: the
// age tool in Debian (1.1.1) cannot read them.

// maxIdentityFile bounds an identity file; a real one is a few hundred bytes.
const maxIdentityFile = 64 << 10

// identityComment opens every identity file we write, in both languages.
const identityComment = `# Penyuluh: kunci koordinator (age X25519). RAHASIA: jangan dibagikan.
# SIMPAN CADANGAN file ini di tempat aman (misalnya flashdisk di lemari terkunci).
# Tanpa file ini, bundel terenkripsi dari petugas TIDAK BISA dibuka lagi.
# Penyuluh coordinator key (age X25519). SECRET: never share it.
# BACK UP THIS FILE somewhere safe: without it, encrypted bundles can never be opened again.
# Share only the public key below; officers enter it in their settings.
`

// MinPassphrase is the fewest characters a passphrase of the coordinator's
// identity may have.
const MinPassphrase = 10

// ErrShortPassphrase means a new identity's passphrase is too short.
var ErrShortPassphrase = fmt.Errorf("the passphrase needs at least %d characters", MinPassphrase)

// NewIdentity makes a coordinator key pair: the identity file's content
// and the public key to share as text or a QR code. The file is the
// identity (with comments that say to back it up) encrypted with the
// passphrase, as the age tool protects identities (scrypt), so that
// `age -d -i FILE` still opens bundles after asking for the passphrase.
func NewIdentity(now time.Time, passphrase string) (file []byte, publicKey string, err error) {
	if len([]rune(passphrase)) < MinPassphrase {
		return nil, "", ErrShortPassphrase
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, "", fmt.Errorf("generate key: %w", err)
	}
	publicKey = id.Recipient().String()
	var plain bytes.Buffer
	plain.WriteString(identityComment)
	fmt.Fprintf(&plain, "# created: %s\n", now.Format(time.RFC3339))
	fmt.Fprintf(&plain, "# public key: %s\n", publicKey)
	fmt.Fprintf(&plain, "%s\n", id.String())
	scrypt, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, "", err
	}
	var out bytes.Buffer
	aw := armor.NewWriter(&out)
	if err := encrypt(aw, plain.Bytes(), []age.Recipient{scrypt}); err != nil {
		return nil, "", err
	}
	if err := aw.Close(); err != nil {
		return nil, "", err
	}
	return out.Bytes(), publicKey, nil
}

// Keygen writes a new identity file at path, protected by the passphrase
// and readable only by its owner, and returns its public key. It never
// replaces an existing file: that would lose the key to every bundle
// already sent.
func Keygen(path string, now time.Time, passphrase string) (string, error) {
	file, pub, err := NewIdentity(now, passphrase)
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("write identity file: %w", err)
	}
	if _, err := f.Write(file); err != nil {
		f.Close()
		os.Remove(path)
		return "", fmt.Errorf("write identity file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return "", fmt.Errorf("write identity file: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write identity file: %w", err)
	}
	return pub, nil
}

// Passphrase gives the passphrase of a protected identity file: asked on
// the terminal, read from a file, or typed in the window.
type Passphrase func() (string, error)

// Errors of LoadIdentities for a protected identity file.
var (
	ErrNeedsPassphrase = errors.New("the identity file is protected by a passphrase")
	ErrWrongPassphrase = errors.New("the passphrase does not open the identity file")
)

// Protected reports whether an identity file is encrypted with a
// passphrase.
func Protected(path string) (bool, error) {
	data, err := readIdentityFile(path)
	if err != nil {
		return false, err
	}
	return IsEncrypted(data), nil
}

func readIdentityFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read identity file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxIdentityFile+1))
	if err != nil {
		return nil, fmt.Errorf("read identity file %s: %w", path, err)
	}
	if len(data) > maxIdentityFile {
		return nil, fmt.Errorf("%s is not an identity file (too large)", path)
	}
	return data, nil
}

// LoadIdentities reads an identity file: ours (protected by a passphrase,
// which passphrase gives), an older one of ours, or one made by
// age-keygen. passphrase may be nil for a file without one.
func LoadIdentities(path string, passphrase Passphrase) ([]age.Identity, error) {
	data, err := readIdentityFile(path)
	if err != nil {
		return nil, err
	}
	if IsEncrypted(data) {
		if passphrase == nil {
			return nil, fmt.Errorf("%s: %w", path, ErrNeedsPassphrase)
		}
		pass, err := passphrase()
		if err != nil {
			return nil, err
		}
		id, err := age.NewScryptIdentity(pass)
		if err != nil {
			return nil, err
		}
		var src io.Reader = bytes.NewReader(data)
		if !bytes.HasPrefix(data, ageMagic) {
			src = armor.NewReader(bytes.NewReader(bytes.TrimLeft(data, " \t\r\n")))
		}
		r, err := age.Decrypt(src, id)
		if err != nil {
			var noMatch *age.NoIdentityMatchError
			if errors.As(err, &noMatch) {
				return nil, fmt.Errorf("%s: %w", path, ErrWrongPassphrase)
			}
			return nil, fmt.Errorf("%s is damaged: %w", path, err)
		}
		if data, err = io.ReadAll(io.LimitReader(r, maxIdentityFile)); err != nil {
			return nil, fmt.Errorf("%s is damaged: %w", path, err)
		}
	}
	// A file edited on Windows has CRLF line ends; age's parser wants LF.
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	ids, err := age.ParseIdentities(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s is not an age identity file: %w", path, err)
	}
	return ids, nil
}

// PublicKeys gives the public keys of X25519 identities, to show the
// coordinator what to share.
func PublicKeys(ids []age.Identity) []string {
	var out []string
	for _, id := range ids {
		if x, ok := id.(*age.X25519Identity); ok {
			out = append(out, x.Recipient().String())
		}
	}
	return out
}

// decrypt opens an age file (binary or armored) through the size limit.
func decrypt(data []byte, ids []age.Identity) ([]byte, error) {
	var src io.Reader = bytes.NewReader(data)
	if !bytes.HasPrefix(data, ageMagic) {
		src = armor.NewReader(bytes.NewReader(bytes.TrimLeft(data, " \t\r\n")))
	}
	r, err := age.Decrypt(src, ids...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return nil, reject(ReasonWrongKey, "the bundle is encrypted for another key, not this coordinator's")
		}
		return nil, &BundleError{Reason: ReasonDamaged, Detail: "the encrypted file is damaged", Err: err}
	}
	plain, err := io.ReadAll(io.LimitReader(r, MaxBundleBytes+1))
	if len(plain) > MaxBundleBytes {
		return nil, reject(ReasonTooLarge, "the decrypted bundle is larger than %d MiB", MaxBundleBytes>>20)
	}
	if err != nil {
		return nil, &BundleError{Reason: ReasonDamaged, Detail: "the encrypted file is damaged or cut short", Err: err}
	}
	return plain, nil
}

// encrypt writes plain to w encrypted to the recipients.
func encrypt(w io.Writer, plain []byte, recipients []age.Recipient) error {
	enc, err := age.Encrypt(w, recipients...)
	if err != nil {
		return err
	}
	if _, err := enc.Write(plain); err != nil {
		return err
	}
	return enc.Close()
}

// AdoptIdentity adds the coordinator's own public keys to the keys that
// confidential questions are sealed to on the laptop that holds the
// identity: then what arrives in clear from an older bundle, and the
// coordinator's own notes, are sealed so that this coordinator can still
// open them, also when the laptop's keys name another coordinator (a
// district forwarding to the province). It reports whether keys were added.
func AdoptIdentity(ctx context.Context, st *store.Store, ids []age.Identity) (bool, error) {
	settings, err := st.SyncSettings(ctx)
	if err != nil {
		return false, err
	}
	var missing []string
	for _, pub := range PublicKeys(ids) {
		if !slices.Contains(settings.Recipients, pub) {
			missing = append(missing, pub)
		}
	}
	if len(missing) == 0 {
		return false, nil
	}
	settings.Recipients = append(settings.Recipients, missing...)
	if _, err := st.SaveSyncSettings(ctx, settings); err != nil {
		return false, err
	}
	_, err = st.Tidy(ctx)
	return true, err
}

// Errors of PublicKeysIn.
var (
	ErrSecretKeyFile = errors.New("this is the coordinator's identity (secret) file: give officers' laptops only the public key (age1…)")
	ErrNoPublicKey   = errors.New("no public key (age1…) in it")
)

// PublicKeysIn finds the coordinators' public keys in a key file or pasted
// text: every word that starts with "age1", whatever the comments around
// it, each checked. The identity file itself is refused, so that a secret
// key never lands on an officer's laptop.
func PublicKeysIn(data []byte) ([]string, error) {
	if len(data) > maxIdentityFile {
		return nil, fmt.Errorf("not a key file (larger than %d KiB)", maxIdentityFile>>10)
	}
	if bytes.Contains(data, []byte("AGE-SECRET-KEY")) || bytes.Contains(data, []byte("BEGIN AGE ENCRYPTED FILE")) {
		return nil, ErrSecretKeyFile
	}
	var keys []string
	for _, word := range strings.Fields(string(bytes.TrimPrefix(data, []byte("\uFEFF")))) {
		if strings.HasPrefix(word, "age1") && !slices.Contains(keys, word) {
			keys = append(keys, word)
		}
	}
	if len(keys) == 0 {
		return nil, ErrNoPublicKey
	}
	if _, err := store.ParseRecipients(keys); err != nil {
		return nil, err
	}
	return keys, nil
}
