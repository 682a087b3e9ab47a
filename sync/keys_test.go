package sync

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

const testPassphrase = "rahasia koordinator 2026"

func TestKeygen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "koordinator.age")
	if _, err := Keygen(path, time.Now(), "pendek"); !errors.Is(err, ErrShortPassphrase) {
		t.Fatalf("a short passphrase: %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a refused key pair left a file")
	}
	pub, err := Keygen(path, time.Date(2026, 2, 12, 9, 0, 0, 0, time.UTC), testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := age.ParseX25519Recipient(pub); err != nil {
		t.Fatalf("public key %q: %v", pub, err)
	}
	info, _ := os.Stat(path)
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", info.Mode())
	}
	content, _ := os.ReadFile(path)
	if bytes.Contains(content, []byte("AGE-SECRET-KEY")) || !bytes.HasPrefix(content, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
		t.Fatal("the identity file holds the secret key in clear")
	}
	if p, err := Protected(path); err != nil || !p {
		t.Fatalf("protected %v %v", p, err)
	}
	if _, err := LoadIdentities(path, nil); !errors.Is(err, ErrNeedsPassphrase) {
		t.Fatalf("without the passphrase: %v", err)
	}
	wrong := func() (string, error) { return "bukan ini kata sandinya", nil }
	if _, err := LoadIdentities(path, wrong); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	ids, err := LoadIdentities(path, func() (string, error) { return testPassphrase, nil })
	if err != nil || len(ids) != 1 || PublicKeys(ids)[0] != pub {
		t.Fatalf("%v %v", ids, err)
	}
	if _, err := Keygen(path, time.Now(), testPassphrase); err == nil {
		t.Fatal("Keygen replaced an existing identity file")
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, content) {
		t.Fatal("the identity file changed")
	}
	// An identity file without a passphrase (age-keygen's, or ours from
	// before), with Notepad's line ends.
	crlf := filepath.Join(dir, "crlf.txt")
	os.WriteFile(crlf, []byte("# kunci lama\r\n"+testSecret+"\r\n"), 0o600)
	if ids, err := LoadIdentities(crlf, nil); err != nil || PublicKeys(ids)[0] != testPublic {
		t.Fatal(err)
	}
	notKey := filepath.Join(dir, "x.txt")
	os.WriteFile(notKey, []byte("hello\n"), 0o600)
	if _, err := LoadIdentities(notKey, nil); err == nil {
		t.Fatal("accepted a file without a key")
	}
}

func TestParseRecipients(t *testing.T) {
	pq, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.ParseRecipients([]string{pq.Recipient().String()}); !errors.Is(err, store.ErrPostQuantum) {
		t.Fatalf("post-quantum key: %v", err)
	}
	for _, bad := range []string{"age1xyz", "ssh-ed25519 AAAAC3Nza", "AGE-SECRET-KEY-1T7RPP"} {
		if _, err := store.ParseRecipients([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	rs, err := store.ParseRecipients([]string{" " + testPublic + "\n", "", testPublic})
	if err != nil || len(rs) != 1 {
		t.Fatalf("%d recipients, %v", len(rs), err)
	}
}

// ageTool finds the standard age command-line tool (Debian's age package).
func ageTool(t *testing.T) (string, string) {
	t.Helper()
	bin, err := exec.LookPath("age")
	if err != nil {
		t.Skip("the age tool is not installed (apt-get install age)")
	}
	keygen, err := exec.LookPath("age-keygen")
	if err != nil {
		t.Skip("age-keygen is not installed")
	}
	return bin, keygen
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	return out
}

// Our encrypted bundle, made for a key from our Keygen, opens with the age
// tool; age-keygen reads our identity file.
func TestAgeToolReadsOurBundle(t *testing.T) {
	ageBin, _ := ageTool(t)
	dir := t.TempDir()
	identity := filepath.Join(dir, "kunci.age")
	pub, err := Keygen(identity, time.Now(), testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	sess := demoSession(t, s, 5, 21)
	res := exportBundle(t, s, sess.ID, pub)
	plain := filepath.Join(dir, "plain.zip")
	// The age tool asks for the identity's passphrase on a terminal:
	// script(1) gives it one.
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed (Debian: bsdutils)")
	}
	cmd := exec.Command(script, "-qec", fmt.Sprintf("%s -d -i %s -o %s %s", ageBin, identity, plain, res.Path), "/dev/null")
	stdin, _ := cmd.StdinPipe()
	go func() {
		time.Sleep(2 * time.Second) // once the prompt is up
		fmt.Fprintln(stdin, testPassphrase)
	}()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("age -d -i with the passphrase: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(plain)
	b, err := ReadBundle(data, nil)
	if err != nil {
		t.Fatalf("the decrypted file is not a bundle: %v", err)
	}
	if b.Data.Session.ID != sess.ID || !b.Manifest.ConfidentialIncluded {
		t.Fatalf("manifest %+v", b.Manifest)
	}
}

// A bundle encrypted by the age tool (binary and armored) to a key from
// age-keygen imports with that identity file.
func TestImportBundleEncryptedByAgeTool(t *testing.T) {
	ageBin, keygenBin := ageTool(t)
	dir := t.TempDir()
	identity := filepath.Join(dir, "key.txt")
	run(t, keygenBin, "-o", identity)
	pub := strings.TrimSpace(string(run(t, keygenBin, "-y", identity)))
	officer := openStore(t)
	sess := demoSession(t, officer, 5, 22)
	plain := exportBundle(t, officer, sess.ID) // a plain zip, encrypted below by the tool
	ids, err := LoadIdentities(identity, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, armor := range []bool{false, true} {
		out := filepath.Join(dir, "bundle.zip.age")
		args := []string{"-r", pub, "-o", out}
		if armor {
			args = append([]string{"-a"}, args...)
		}
		os.Remove(out)
		run(t, ageBin, append(args, plain.Path)...)
		coordinator := openStore(t)
		enrol(t, coordinator, officer)
		r := ImportFile(ctx, coordinator, out, ImportOptions{Identities: ids})
		if !r.OK() || !r.Encrypted || r.Summary.Added == 0 {
			t.Fatalf("armor=%v: %+v %v", armor, r, r.Err)
		}
		if r := ImportFile(ctx, coordinator, out, ImportOptions{Identities: testIdentities(t)}); r.Reason != ReasonWrongKey {
			t.Fatalf("armor=%v, wrong key: %+v", armor, r)
		}
	}
}
