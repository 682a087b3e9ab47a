package sync

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

// onDisk fails when any file of a store (database, WAL, backups) or any of
// the extra files holds the secret.
func onDisk(t *testing.T, s *store.Store, secret string, extra ...string) {
	t.Helper()
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	backups, _ := filepath.Glob(filepath.Join(s.BackupDir(), "*"))
	for _, f := range append(append([]string{s.Path(), s.Path() + "-wal"}, backups...), extra...) {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s holds %q", f, secret)
		}
	}
}

// A tip sealed on the officer's laptop crosses plain and encrypted bundles
// and the coordinator's database sealed, and the coordinator opens it.
func TestSealedTipThroughBundles(t *testing.T) {
	officer, coordinator := openStore(t), openStore(t)
	enrol(t, coordinator, officer)
	sess := demoSession(t, officer, 20, 11)
	var tip store.Question
	qs, _ := officer.Questions(ctx, sess.ID)
	for _, q := range qs {
		if q.Sealed {
			tip = q
		}
	}
	if tip.ID == "" {
		t.Fatal("the demo session has no sealed question")
	}
	const note = "Sponsor datang lagi membawa dua anak dari Dusun Baret"
	if _, err := officer.AddSealedNote(ctx, tip.ID, note); err != nil {
		t.Fatal(err)
	}
	if _, err := officer.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	plain := exportBundle(t, officer, sess.ID)
	encrypted := exportBundle(t, officer, sess.ID, testPublic)
	for _, secret := range []string{"Rp15 juta", note} {
		onDisk(t, officer, secret, plain.Path, encrypted.Path)
	}
	for _, path := range []string{plain.Path, encrypted.Path} {
		if r := ImportFile(ctx, coordinator, path, ImportOptions{Identities: testIdentities(t)}); !r.OK() {
			t.Fatalf("import %s: %v", filepath.Base(path), r.Err)
		}
	}
	if _, err := coordinator.Backup(ctx); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Rp15 juta", note} {
		onDisk(t, coordinator, secret)
	}
	got, err := coordinator.Unseal(ctx, tip.ID, testIdentities(t))
	if err != nil || got.Text != "Saya sudah membayar Rp15 juta ke sponsor dan belum ada kabar." ||
		len(got.Notes) != 1 || got.Notes[0].Text != note {
		t.Fatalf("unsealed %+v %v", got, err)
	}
}

// An older version put confidential questions in clear inside encrypted
// bundles. The coordinator seals them as they are merged, and the same
// bundle again changes nothing and makes no conflict.
func TestClearTipFromOlderBundleSealedOnMerge(t *testing.T) {
	officer, coordinator := openStore(t), openStore(t)
	enrol(t, coordinator, officer)
	sess := demoSession(t, officer, 10, 12)
	const tip = "Calo dari Desa Montong menyimpan paspor tujuh orang"
	db, err := sql.Open("sqlite", "file:"+officer.Path())
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO questions (id, session_id, number, text, confidential, created_at, updated_at)
		VALUES (?, ?, 99, ?, 1, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`, store.NewID(), sess.ID, tip)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	bundle := exportBundle(t, officer, sess.ID, testPublic)
	r := ImportFile(ctx, coordinator, bundle.Path, ImportOptions{Identities: testIdentities(t)})
	if !r.OK() {
		t.Fatal(r.Err)
	}
	onDisk(t, coordinator, tip)
	before := dumpAll(t, coordinator)
	again := ImportFile(ctx, coordinator, bundle.Path, ImportOptions{Identities: testIdentities(t)})
	if !again.OK() || again.Summary.Conflicts+again.Summary.Updated+again.Summary.Added != 0 {
		t.Fatalf("re-import %+v %v", again.Summary, again.Err)
	}
	if dumpAll(t, coordinator) != before {
		t.Fatal("the same bundle again changed the database")
	}
	qs, _ := coordinator.Questions(ctx, sess.ID)
	for _, q := range qs {
		if q.Number == 99 {
			got, err := coordinator.Unseal(ctx, q.ID, testIdentities(t))
			if err != nil || got.Text != tip {
				t.Fatalf("unsealed %+v %v", got, err)
			}
			return
		}
	}
	t.Fatal("the question did not arrive")
}

// A district coordinator forwards to the province, so its laptop's
// coordinator key is the province's. Its own identity's key is added to the
// sealing keys when it is opened, so the clear tips of older officers'
// bundles, sealed as they arrive, stay readable by the district too.
func TestDistrictCoordinatorKeepsItsTips(t *testing.T) {
	officer := openStore(t)
	district := openStore(t)
	province, _ := age.GenerateX25519Identity()
	if _, err := district.SaveSyncSettings(ctx, store.SyncSettings{Recipients: []string{province.Recipient().String()}}); err != nil {
		t.Fatal(err)
	}
	enrol(t, district, officer)
	sess := demoSession(t, officer, 10, 21)
	const tip = "Calo dari Desa Montong menyimpan paspor tujuh orang"
	db, err := sql.Open("sqlite", "file:"+officer.Path())
	if err != nil {
		t.Fatal(err)
	}
	qid := store.NewID()
	_, err = db.Exec(`INSERT INTO questions (id, session_id, number, text, confidential, created_at, updated_at)
		VALUES (?, ?, 99, ?, 1, '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')`, qid, sess.ID, tip)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	bundle := exportBundle(t, officer, sess.ID, testPublic) // the district's key, an older app
	ids := testIdentities(t)
	if _, err := AdoptIdentity(ctx, district, ids); err != nil { // as `import --identity` does
		t.Fatal(err)
	}
	if r := ImportFile(ctx, district, bundle.Path, ImportOptions{Identities: ids}); !r.OK() {
		t.Fatal(r.Err)
	}
	got, err := district.Unseal(ctx, qid, ids)
	if err != nil || got.Text != tip {
		t.Fatalf("the district coordinator cannot read the tip it received: %+v %v", got, err)
	}
}
