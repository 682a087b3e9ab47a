package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The coordinator's identity file is protected by a passphrase, asked on
// the terminal or read from --passphrase-file; without one nothing opens.
func TestKeygenAndImportWithPassphrase(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeTestFile(t, dir, name, content) }
	short, good, wrong := write("short.txt", "pendek\n"), write("good.txt", "sandi koordinator NTB 2026\r\n"), write("wrong.txt", "bukan sandi yang benar\n")
	identity := filepath.Join(dir, "kunci.age")

	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"short", []string{"keygen", "-o", identity, "--passphrase-file", short}, 1, "at least"},
		{"no terminal", []string{"keygen", "-o", identity}, 2, "--passphrase-file"},
		{"missing file", []string{"keygen", "-o", identity, "--passphrase-file", filepath.Join(dir, "none.txt")}, 1, "does not exist"},
	} {
		_, errOut, code := cli(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%s: exit %d, %q", c.name, code, errOut)
		}
		if _, err := os.Stat(identity); err == nil {
			t.Fatalf("%s: an identity file was written", c.name)
		}
	}
	out, errOut, code := cli(t, "keygen", "-o", identity, "--passphrase-file", good)
	pub := lastLine(out)
	if code != 0 || !strings.HasPrefix(pub, "age1") || !strings.Contains(errOut, "lost passphrase") {
		t.Fatalf("keygen: exit %d, %q, %q", code, out, errOut)
	}
	if data, _ := os.ReadFile(identity); strings.Contains(string(data), "AGE-SECRET-KEY") {
		t.Fatal("the identity file holds the secret key in clear")
	}

	officer, coordinator := filepath.Join(dir, "petugas"), filepath.Join(dir, "koordinator")
	out, _, _ = cli(t, "demo", "--data", officer)
	id := lastLine(out)
	out, errOut, code = cli(t, "export", id, "--to", pub, "-o", dir, "--data", officer)
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	bundle := lastLine(out)
	out, _, _ = cli(t, "officer-key", "--data", officer)
	if _, errOut, code := cli(t, "enrol", lastLine(out), "--name", "Petugas Demo", "--data", coordinator); code != 0 {
		t.Fatalf("enrol: %s", errOut)
	}
	for _, c := range []struct {
		name  string
		extra []string
		code  int
		msg   string
	}{
		{"no passphrase", nil, 2, "--passphrase-file"},
		{"wrong passphrase", []string{"--passphrase-file", wrong}, 1, "does not open"},
	} {
		_, errOut, code := cli(t, append([]string{"import", bundle, "--identity", identity, "--data", coordinator}, c.extra...)...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%s: exit %d, %q", c.name, code, errOut)
		}
	}
	out, errOut, code = cli(t, "import", bundle, "--identity", identity, "--passphrase-file", good, "--data", coordinator)
	if code != 0 || !strings.Contains(lastLine(out), "1 bundles merged") {
		t.Fatalf("import with the passphrase: exit %d, %q, %q", code, out, errOut)
	}
}
