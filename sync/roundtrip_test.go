package sync

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// TestRoundTrip exports a session from one data folder into a file and
// imports it into an empty one: encrypted, the two databases hold the same
// rows; plain, the same but for the withheld confidential questions.
// Importing again changes nothing.
func TestRoundTrip(t *testing.T) {
	for _, encrypted := range []bool{true, false} {
		name := "plain"
		if encrypted {
			name = "encrypted"
		}
		t.Run(name, func(t *testing.T) {
			officer, coordinator := openStore(t), openStore(t)
			settings, _ := officer.Settings(ctx)
			settings.OfficerName = "AKP Baiq Nurul"
			if _, err := officer.SaveSettings(ctx, settings); err != nil {
				t.Fatal(err)
			}
			enrol(t, coordinator, officer)
			sess := demoSession(t, officer, 30, 3)
			demoSession(t, officer, 4, 4) // stays on the laptop
			var recipients []string
			if encrypted {
				recipients = []string{testPublic}
			}
			res, err := Export(ctx, officer, sess.ID, ExportOptions{Dir: t.TempDir(), Recipients: recipients,
				AppVersion: "0.1.0", Report: SessionReport(filepath.Join(officer.Dir(), "packs"), "0.1.0")})
			if err != nil {
				t.Fatal(err)
			}
			sealed := 0
			qs, _ := officer.Questions(ctx, sess.ID)
			for _, q := range qs {
				if q.Confidential && q.Sealed {
					sealed++
				}
			}
			if sealed == 0 {
				t.Fatal("the fixture has no sealed confidential question")
			}
			// Sealed questions travel in plain bundles too: nothing is withheld.
			if res.Encrypted != encrypted || res.WithheldConfidential != 0 || res.Participants != 30 || res.Photos != 1 {
				t.Fatalf("export %+v", res)
			}
			if filepath.Base(res.Path) != FileName(store.SessionRow{ID: sess.ID, Date: sess.Date, Village: sess.Village}, encrypted) {
				t.Fatalf("file name %s", res.Path)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(res.Path), ".penyuluh-*")); len(leftovers) > 0 {
				t.Fatalf("temporary files left: %v", leftovers)
			}

			results, err := Import(ctx, coordinator, []string{filepath.Dir(res.Path)}, ImportOptions{Identities: testIdentities(t)})
			if err != nil || len(results) != 1 {
				t.Fatalf("%d results, %v", len(results), err)
			}
			r := results[0]
			if !r.OK() || r.SessionID != sess.ID || r.Officer != "AKP Baiq Nurul" || r.Encrypted != encrypted ||
				!r.Summary.NewSession || r.Summary.Conflicts != 0 || r.WithheldConfidential != res.WithheldConfidential {
				t.Fatalf("import %+v %v", r, r.Err)
			}
			sameTables(t, dumpSession(t, coordinator, sess.ID, nil), dumpSession(t, officer, sess.ID, nil))

			before := dumpAll(t, coordinator)
			again := ImportFile(ctx, coordinator, res.Path, ImportOptions{Identities: testIdentities(t)})
			if !again.OK() || again.Summary.Added+again.Summary.Updated+again.Summary.Conflicts != 0 {
				t.Fatalf("re-import %+v", again)
			}
			if dumpAll(t, coordinator) != before {
				t.Fatal("importing the same bundle twice changed the database")
			}
			if o, _ := coordinator.SessionOrigin(ctx, sess.ID); !o.Imported || o.Officer == "" {
				t.Fatalf("origin %+v", o)
			}
		})
	}
}

func TestReexportUpdates(t *testing.T) {
	officer, coordinator := openStore(t), openStore(t)
	enrol(t, coordinator, officer)
	sess := demoSession(t, officer, 10, 5)
	first := exportBundle(t, officer, sess.ID, testPublic)
	if changed, _ := officer.ChangedSinceExport(ctx); changed[sess.ID] {
		t.Fatal("an exported session still counts as not sent")
	}
	if r := ImportFile(ctx, coordinator, first.Path, ImportOptions{Identities: testIdentities(t)}); !r.OK() {
		t.Fatal(r.Err)
	}
	list, _ := officer.Participants(ctx, sess.ID)
	p := list[0]
	p.Name = "Lalu Nama Diperbaiki"
	if _, err := officer.UpdateParticipant(ctx, p, store.AddParticipantOptions{AllowDuplicate: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := officer.FinalizeSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if changed, _ := officer.ChangedSinceExport(ctx); !changed[sess.ID] {
		t.Fatal("an edited session does not count as not sent")
	}
	second := exportBundle(t, officer, sess.ID, testPublic)
	r := ImportFile(ctx, coordinator, second.Path, ImportOptions{Identities: testIdentities(t)})
	if !r.OK() || r.Summary.Updated != 2 || r.Summary.Added != 0 || r.Summary.Conflicts != 0 {
		t.Fatalf("%+v %v", r.Summary, r.Err)
	}
	got, _ := coordinator.Participant(ctx, p.ID)
	if got.Name != "Lalu Nama Diperbaiki" {
		t.Fatalf("name %q", got.Name)
	}
	if s, _ := coordinator.Session(ctx, sess.ID); s.Status != store.StatusFinalized {
		t.Fatalf("status %s", s.Status)
	}
	// The first bundle again is older now: nothing changes.
	before := dumpAll(t, coordinator)
	if r := ImportFile(ctx, coordinator, first.Path, ImportOptions{Identities: testIdentities(t)}); !r.OK() || r.Summary.Changed() {
		t.Fatalf("%+v", r.Summary)
	}
	if dumpAll(t, coordinator) != before {
		t.Fatal("an older bundle changed the database")
	}
}

// A folder with good and bad bundles: each is merged or rejected on its own.
func TestImportFolderMixed(t *testing.T) {
	officer, coordinator := openStore(t), openStore(t)
	enrol(t, coordinator, officer)
	dir := t.TempDir()
	for i := 0; i < 3; i++ {
		sess := demoSession(t, officer, 5, uint64(10+i))
		if _, err := Export(ctx, officer, sess.ID, ExportOptions{Dir: dir, Recipients: []string{testPublic}, Report: stubReport}); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "2026-01-01_rusak_00000000.zip"), []byte("PK\x03\x04broken"), 0o600)
	var progress []int
	results, err := Import(ctx, coordinator, []string{dir}, ImportOptions{Identities: testIdentities(t),
		Progress: func(done, total int, r ImportResult) { progress = append(progress, done*10+total) }})
	if err != nil {
		t.Fatal(err)
	}
	merged, rejected, rows := Summarize(results)
	if merged != 3 || rejected != 1 || rows.Added == 0 || len(progress) != 4 || progress[3] != 44 {
		t.Fatalf("merged %d rejected %d rows %+v progress %v", merged, rejected, rows, progress)
	}
	if list, _ := coordinator.Sessions(ctx); len(list) != 3 {
		t.Fatalf("%d sessions", len(list))
	}
}

func TestExportRefusesBadRecipient(t *testing.T) {
	s := openStore(t)
	sess := demoSession(t, s, 2, 6)
	dir := t.TempDir()
	for _, key := range []string{"age1notakey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"} {
		if _, err := Export(ctx, s, sess.ID, ExportOptions{Dir: dir, Recipients: []string{key}}); err == nil {
			t.Fatalf("%q accepted", key)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatal("a refused export wrote a file")
	}
	if _, err := Export(ctx, s, store.NewID(), ExportOptions{Dir: dir}); err == nil {
		t.Fatal("exported an unknown session")
	}
}

// The bundle's report is the real PDF, and a plain bundle's session.json
// never holds a confidential question.
func TestBundleContents(t *testing.T) {
	s := openStore(t)
	sess := demoSession(t, s, 12, 8)
	res, err := Export(ctx, s, sess.ID, ExportOptions{Dir: t.TempDir(), AppVersion: "9.9",
		Report: SessionReport(filepath.Join(s.Dir(), "packs"), "test")})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(res.Path)
	b, err := ReadBundle(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Report, []byte("%PDF-")) || b.Manifest.App != "9.9" || b.Manifest.ConfidentialIncluded ||
		b.Manifest.WithheldConfidential != 0 || len(b.Manifest.Files) != 3 {
		t.Fatalf("manifest %+v", b.Manifest)
	}
	sealed := 0
	for _, q := range b.Data.Questions {
		if q.Confidential {
			if !store.IsSealed(q.Text) || q.AskedBy != nil || q.Answer != "" {
				t.Fatalf("a confidential question travels in clear: %+v", q)
			}
			sealed++
		}
	}
	if sealed == 0 {
		t.Fatal("the sealed question did not travel")
	}
	entries := bundleEntries(t, data)
	if entries[0].name != ManifestName {
		t.Fatalf("first entry %s", entries[0].name)
	}
	if strings.Contains(string(entryData(entries, SessionName)), "Rp15 juta") {
		t.Fatal("the confidential text is in the plain bundle")
	}
}
