package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

func overlayEntries(mw *mainWindow) []*widget.Entry {
	var entries []*widget.Entry
	walk(mw.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
	})
	return entries
}

// The coordinator's identity opens with its passphrase, asked once per run;
// a wrong one is said and asked again.
func TestPassphraseIsAskedOnceAndWrongOnesAgain(t *testing.T) {
	mw := newTestWindow(t)
	const pass = "sandi koordinator NTB"
	path := filepath.Join(t.TempDir(), "kunci.age")
	pub, err := sync.Keygen(path, time.Now(), pass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mw.store.SaveSyncSettings(ctx, store.SyncSettings{IdentityFile: path}); err != nil {
		t.Fatal(err)
	}
	opened := 0
	mw.unlock(func() { opened++ })
	entries := overlayEntries(mw)
	if opened != 0 || len(entries) != 1 || !entries[0].Password {
		t.Fatalf("no passphrase asked: opened %d, %d entries", opened, len(entries))
	}
	test.Type(entries[0], "bukan sandinya")
	test.Tap(overlayButton(t, mw, "Buka"))
	if opened != 0 || !strings.Contains(overlayText(mw), "Kata sandi itu tidak membuka berkas identitas") {
		t.Fatalf("a wrong passphrase: opened %d\n%s", opened, overlayText(mw))
	}
	entries = overlayEntries(mw)
	test.Type(entries[0], pass)
	test.Tap(overlayButton(t, mw, "Buka"))
	if opened != 1 {
		t.Fatal("the right passphrase did not open the identity")
	}
	opts, err := mw.importOptions()
	if err != nil || len(opts.Identities) != 1 || sync.PublicKeys(opts.Identities)[0] != pub {
		t.Fatalf("identities %v %v", opts.Identities, err)
	}
	mw.unlock(func() { opened++ })
	if opened != 2 || mw.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the passphrase was asked twice in one run")
	}
}

// A new key pair asks for the passphrase twice and says that a lost one
// loses the tips.
func TestKeygenAsksForAPassphrase(t *testing.T) {
	mw := newTestWindow(t)
	s := &settingsScreen{mw: mw}
	var gotPath, gotPub string
	s.onKeygen(func(path, pub string) { gotPath, gotPub = path, pub })
	if !strings.Contains(overlayText(mw), "kata sandi yang hilang berarti") {
		t.Fatalf("no warning about a lost passphrase:\n%s", overlayText(mw))
	}
	entries := overlayEntries(mw)
	if len(entries) != 2 {
		t.Fatalf("%d entries", len(entries))
	}
	test.Type(entries[0], "pendek")
	test.Type(entries[1], "pendek")
	test.Tap(overlayButton(t, mw, "Buat"))
	if gotPath != "" || !strings.Contains(overlayText(mw), "minimal 10 karakter") {
		t.Fatalf("a short passphrase was taken:\n%s", overlayText(mw))
	}
	entries[0].SetText("sandi koordinator NTB")
	entries[1].SetText("sandi koordinator NTX")
	test.Tap(overlayButton(t, mw, "Buat"))
	if gotPath != "" || !strings.Contains(overlayText(mw), "tidak sama") {
		t.Fatal("two different passphrases were taken")
	}
	entries[1].SetText("sandi koordinator NTB")
	test.Tap(overlayButton(t, mw, "Buat"))
	if gotPath == "" || !strings.HasPrefix(gotPub, "age1") {
		t.Fatal("no key pair was made")
	}
	if p, err := sync.Protected(gotPath); err != nil || !p {
		t.Fatalf("protected %v %v", p, err)
	}
	if mw.keyring.get(gotPath) == nil {
		t.Fatal("the new identity is not open for this run")
	}
}

// TestCoordinatorKeysAsQR: each public key in Settings shows as a QR code
// beside its text; a bad key is refused with the reason, nothing shown.
func TestCoordinatorKeysAsQR(t *testing.T) {
	mw := newTestWindow(t)
	a, _ := age.GenerateX25519Identity()
	b, _ := age.GenerateX25519Identity()
	keys := []string{a.Recipient().String(), b.Recipient().String()}
	mw.showKeysQR(keys)
	overlay := mw.win.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("no dialog")
	}
	var images int
	var texts []string
	walk(overlay, func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *canvas.Image:
			if o.MinSize().Width >= qrSize-20 {
				images++
			}
		case *widget.Label:
			texts = append(texts, o.Text)
		}
	})
	if images != 2 {
		t.Errorf("%d QR codes, want 2", images)
	}
	for _, k := range keys {
		if !slices.Contains(texts, k) {
			t.Errorf("the key %s is not shown as text", k)
		}
	}
	mw.win.Canvas().Overlays().Top().Hide()
	mw.win.Canvas().Overlays().Remove(overlay)
	mw.showKeysQR([]string{"age1notakey"})
	if got := noticeText(mw); !strings.Contains(got, "Bukan kunci publik yang valid") {
		t.Errorf("a bad key gave the notice %q", got)
	}
}
