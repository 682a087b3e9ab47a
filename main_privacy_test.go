package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

// IT staff set the coordinator's key when they prepare a laptop; from then
// on confidential questions are sealed to it. Without it demo makes none.
func TestCoordinatorKeySetAndShow(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string { return writeTestFile(t, dir, name, content) }
	pass := write("pass.txt", "sandi koordinator NTB 2026\n")
	identity := filepath.Join(dir, "kunci.age")
	out, _, code := cli(t, "keygen", "-o", identity, "--passphrase-file", pass)
	pub := lastLine(out)
	if code != 0 {
		t.Fatal("keygen failed")
	}
	officer := filepath.Join(dir, "petugas")

	if out, _, code := cli(t, "coordinator-key", "show", "--data", officer); code != 0 || lastLine(out) != "none" {
		t.Fatalf("show without a key: %d %q", code, out)
	}
	if _, _, code := cli(t, "demo", "--seed", "3", "--data", officer); code != 0 {
		t.Fatal("demo failed")
	}
	if db, _ := os.ReadFile(filepath.Join(officer, "penyuluh.db")); bytes.Contains(db, []byte("Rp15 juta")) {
		t.Fatal("demo stored a confidential question in clear without a key")
	}
	if out, _, _ := cli(t, "sealed", "--data", officer); lastLine(out) != "0 sealed questions" {
		t.Fatalf("sealed without a key: %q", out)
	}

	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"identity file", []string{identity}, 1, "identity (secret) file"},
		{"not a key", []string{"age1xyz"}, 1, "not an age public key"},
		{"empty file", []string{write("empty.txt", "# nothing\n")}, 1, "no public key"},
		{"missing", []string{filepath.Join(dir, "none.pub")}, 1, "does not exist"},
		{"no argument", nil, 2, "usage"},
	} {
		_, errOut, code := cli(t, append([]string{"coordinator-key", "set", "--data", officer}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%s: exit %d, %q", c.name, code, errOut)
		}
	}
	if out, _, _ := cli(t, "coordinator-key", "show", "--data", officer); lastLine(out) != "none" {
		t.Fatalf("a refused key was saved: %q", out)
	}

	keyFile := write("koordinator.pub", "\uFEFF# Kunci publik koordinator Polda NTB\r\n"+pub+"\r\n")
	out, errOut, code := cli(t, "coordinator-key", "set", keyFile, "--data", officer)
	if code != 0 || lastLine(out) != pub {
		t.Fatalf("set: %d %q %q", code, out, errOut)
	}
	if out, _, _ := cli(t, "coordinator-key", "show", "--json", "--data", officer); !strings.Contains(out, pub) {
		t.Fatalf("show %q", out)
	}
	out, _, _ = cli(t, "demo", "--seed", "4", "--data", officer)
	db, _ := os.ReadFile(filepath.Join(officer, "penyuluh.db"))
	wal, _ := os.ReadFile(filepath.Join(officer, "penyuluh.db-wal"))
	if bytes.Contains(db, []byte("Rp15 juta")) || bytes.Contains(wal, []byte("Rp15 juta")) {
		t.Fatal("the sealed demo question is in clear on disk")
	}
	if !bytes.Contains(append(db, wal...), []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
		t.Fatal("demo made no sealed question with a key set")
	}

	// The plain bundle carries it sealed; the coordinator imports it.
	session := lastLine(out)
	out, errOut, code = cli(t, "export", session, "-o", dir, "--data", officer)
	if code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	bundle := lastLine(out)
	if data, _ := os.ReadFile(bundle); bytes.Contains(data, []byte("Rp15 juta")) {
		t.Fatal("the bundle holds the confidential text")
	}
	coordinator := filepath.Join(dir, "koordinator")
	out, _, _ = cli(t, "officer-key", "--data", officer)
	if _, errOut, code := cli(t, "enrol", lastLine(out), "--name", "Petugas Demo", "--data", coordinator); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := cli(t, "import", bundle, "--identity", identity, "--passphrase-file", pass, "--data", coordinator); code != 0 {
		t.Fatal(errOut)
	}
	for _, f := range []string{"penyuluh.db", "penyuluh.db-wal"} {
		if data, _ := os.ReadFile(filepath.Join(coordinator, f)); bytes.Contains(data, []byte("Rp15 juta")) {
			t.Fatalf("the coordinator's %s holds the confidential text", f)
		}
	}
	// The coordinator opens the tip with the identity; the officer's laptop
	// cannot.
	out, errOut, code = cli(t, "sealed", "--identity", identity, "--passphrase-file", pass, "--json", "--data", coordinator)
	var tips []struct {
		Opened bool   `json:"opened"`
		Text   string `json:"text"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &tips) != nil || len(tips) != 1 || !tips[0].Opened ||
		!strings.Contains(tips[0].Text, "Rp15 juta") {
		t.Fatalf("sealed on the coordinator's laptop: %d %q %q", code, out, errOut)
	}
	out, _, code = cli(t, "sealed", "--data", officer)
	if code != 0 || strings.Contains(out, "Rp15 juta") || !strings.Contains(out, "(sealed for the coordinator)") ||
		lastLine(out) != "1 sealed questions" {
		t.Fatalf("sealed on the officer's laptop: %d %q", code, out)
	}
	// Importing with the identity made its key this laptop's sealing key.
	if out, _, _ := cli(t, "coordinator-key", "show", "--data", coordinator); lastLine(out) != pub {
		t.Fatalf("coordinator's sealing key %q", out)
	}
}

// The retention setting is shown, refused when out of range, and applied
// when set; clean-backups reports what it did.
func TestRetentionAndCleanBackups(t *testing.T) {
	dir := t.TempDir()
	if out, _, code := cli(t, "retention", "--data", dir); code != 0 || lastLine(out) != "0" {
		t.Fatalf("retention: %d %q", code, out)
	}
	for _, bad := range []string{"-1", "121", "dua"} {
		if _, _, code := cli(t, "retention", bad, "--data", dir); code != 2 {
			t.Errorf("retention %s: exit %d", bad, code)
		}
	}
	cli(t, "demo", "--data", dir)
	cli(t, "backup", "--data", dir)
	out, errOut, code := cli(t, "retention", "12", "--json", "--data", dir)
	var got struct {
		Months int `json:"retention_months"`
		Purged int `json:"purged"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got.Months != 12 {
		t.Fatalf("set retention: %d %q %q", code, out, errOut)
	}
	if out, _, _ := cli(t, "retention", "--data", dir); lastLine(out) != "12" {
		t.Fatalf("retention now %q", out)
	}
	out, errOut, code = cli(t, "clean-backups", "--data", dir)
	if code != 0 || !strings.HasSuffix(lastLine(out), "of 1 backups cleaned") {
		t.Fatalf("clean-backups: %d %q %q", code, out, errOut)
	}
}

// writeTestFile writes a file for a test and returns its path.
func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// One tip sealed to another key (a laptop prepared with last year's
// coordinator key, or a damaged sealed text) does not keep `penyuluh
// sealed` from opening the others.
func TestSealedOpensWhatItCan(t *testing.T) {
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(pass, []byte("sandi koordinator NTB 2026\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	identity := filepath.Join(dir, "kunci.age")
	out, _, code := cli(t, "keygen", "-o", identity, "--passphrase-file", pass)
	if code != 0 {
		t.Fatal("keygen")
	}
	pub := lastLine(out)
	old, _ := age.GenerateX25519Identity()
	data := filepath.Join(dir, "data")
	ctx := context.Background()
	s, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.CreateSession(ctx, store.Session{Title: "Sosialisasi", Date: "2026-02-12", Village: "Desa Sakra",
		District: "Sakra", Regency: "Lombok Timur", Province: "Nusa Tenggara Barat",
		Officers: []store.Officer{{Name: "Bripka Ni Made Ayu", NRP: "85010123", Unit: "Ditres PPA-PPO"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct{ key, text string }{{old.Recipient().String(), "tip lama"}, {pub, "tip baru yang penting"}} {
		if _, err := s.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{k.key}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddQuestion(ctx, store.Question{SessionID: sess.ID, Text: k.text, Confidential: true}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	out, errOut, code := cli(t, "sealed", "--identity", identity, "--passphrase-file", pass, "--data", data)
	if code != 0 || !strings.Contains(out, "tip baru yang penting") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
}

// A secret key pasted as the argument is refused without being repeated on
// the terminal (or in the logs of whatever runs the command).
func TestSecretKeyNeverEchoed(t *testing.T) {
	const secret = "AGE-SECRET-KEY-1T7RPPGU3MR7PVKUGP8TKN52ND20XFS8ECJ98UFKCSRY2X5Z9S6XQ099WEC"
	_, errOut, code := cli(t, "coordinator-key", "set", secret, "--data", t.TempDir())
	if code != 1 || strings.Contains(errOut, secret) || !strings.Contains(errOut, "secret") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
