package sync

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite the fuzz seed corpus in testdata/fuzz/FuzzReadBundle")

const seedDir = "testdata/fuzz/FuzzReadBundle"

// FuzzReadBundle feeds the bundle reader anything: it must never panic or
// run away, must reject with a *BundleError, and whatever it accepts must
// be valid session data. Seeds (plain, encrypted, armored and hostile
// bundles) are in testdata/fuzz/FuzzReadBundle; run with
// go test -run '^$' -fuzz FuzzReadBundle ./sync/
func FuzzReadBundle(f *testing.F) {
	ids := testIdentities(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBundle(data, ids)
		if err != nil {
			var be *BundleError
			if !errors.As(err, &be) || be.Reason == "" {
				t.Fatalf("rejected without a reason: %v", err)
			}
			return
		}
		if err := b.Data.Validate(); err != nil {
			t.Fatalf("accepted invalid data: %v", err)
		}
		if b.Data.Session.ID != b.Manifest.SessionID {
			t.Fatal("accepted a manifest of another session")
		}
	})
}

// TestFuzzSeeds keeps the seed corpus present; with -update-seeds it
// writes it again from a fresh small session.
func TestFuzzSeeds(t *testing.T) {
	if !*updateSeeds {
		entries, err := os.ReadDir(seedDir)
		if err != nil || len(entries) < 5 {
			t.Fatalf("the seed corpus in %s is missing (go test -run TestFuzzSeeds -update-seeds ./sync/)", seedDir)
		}
		// The good seeds must be accepted, or the fuzzer never gets past
		// the first checks.
		for _, name := range []string{"plain", "encrypted", "armored"} {
			content, err := os.ReadFile(filepath.Join(seedDir, name))
			if err != nil {
				t.Fatal(err)
			}
			lit := bytes.TrimSuffix(bytes.TrimPrefix(content, []byte("go test fuzz v1\n[]byte(")), []byte(")\n"))
			data, err := strconv.Unquote(string(lit))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if _, err := ReadBundle([]byte(data), testIdentities(t)); err != nil {
				t.Fatalf("seed %s: %v", name, err)
			}
		}
		return
	}
	s := openStore(t)
	sess := demoSession(t, s, 2, 30)
	res, err := Export(ctx, s, sess.ID, ExportOptions{Dir: t.TempDir(), AppVersion: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := os.ReadFile(res.Path)
	entries := bundleEntries(t, plain)
	us, _ := age.ParseX25519Recipient(testPublic)
	var encrypted, armored bytes.Buffer
	encrypt(&encrypted, plain, []age.Recipient{us})
	aw := armor.NewWriter(&armored)
	encrypt(aw, plain, []age.Recipient{us})
	aw.Close()
	seeds := map[string][]byte{
		"plain":     plain,
		"encrypted": encrypted.Bytes(),
		"armored":   armored.Bytes(),
		"dotdot":    makeZip(t, withManifest(t, append(entries, rawEntry{name: "../session.json", data: []byte("{}")}), nil)),
		"duplicate": makeZip(t, append(entries, entries[1])),
		"truncated": plain[:len(plain)*2/3],
		"newer":     makeZip(t, withManifest(t, entries, func(m *Manifest) { m.Format = FormatVersion + 1 })),
		"symlink":   makeZip(t, withManifest(t, append(entries, rawEntry{name: ReportName, data: []byte("/etc/passwd"), mode: os.ModeSymlink | 0o777}), nil)),
	}
	os.RemoveAll(seedDir)
	if err := os.MkdirAll(seedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range seeds {
		content := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(seedDir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
