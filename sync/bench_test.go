package sync

import (
	"path/filepath"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// BenchmarkExport60 writes one encrypted bundle of a session with 60
// participants, its real PDF report included (target: under 200 ms).
func BenchmarkExport60(b *testing.B) {
	s := openStore(b)
	sess := demoSession(b, s, 60, 40)
	opts := ExportOptions{Dir: b.TempDir(), Recipients: []string{testPublic}, AppVersion: "bench",
		Report: SessionReport(filepath.Join(s.Dir(), "packs"), "test")}
	for b.Loop() {
		if _, err := Export(ctx, s, sess.ID, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// benchBundles writes n encrypted bundles of 60 participants each, with
// their reports, into a folder.
func benchBundles(b *testing.B, n int) (string, *store.Store) {
	b.Helper()
	s := openStore(b)
	dir := b.TempDir()
	opts := ExportOptions{Dir: dir, Recipients: []string{testPublic}, AppVersion: "bench",
		Report: SessionReport(filepath.Join(s.Dir(), "packs"), "test")}
	for i := 0; i < n; i++ {
		sess := demoSession(b, s, 60, uint64(100+i))
		if _, err := Export(ctx, s, sess.ID, opts); err != nil {
			b.Fatal(err)
		}
	}
	return dir, s
}

func importAll(b *testing.B, s *store.Store, dir string, n int, wantChanged bool) {
	b.Helper()
	results, err := Import(ctx, s, []string{dir}, ImportOptions{Identities: testIdentities(b)})
	if err != nil {
		b.Fatal(err)
	}
	merged, rejected, _ := Summarize(results)
	if merged != n || rejected != 0 {
		b.Fatalf("merged %d, rejected %d", merged, rejected)
	}
	for _, r := range results {
		if r.Summary.Changed() != wantChanged {
			b.Fatalf("%s changed: %v", r.Path, r.Summary.Changed())
		}
	}
}

// BenchmarkImport100 imports 100 bundles of 60 participants into an empty
// database, one transaction each (target: under 2 s).
func BenchmarkImport100(b *testing.B) {
	const n = 100
	dir, officer := benchBundles(b, n)
	for b.Loop() {
		b.StopTimer()
		s := openStore(b)
		enrol(b, s, officer)
		b.StartTimer()
		importAll(b, s, dir, n, true)
	}
}

// BenchmarkReimport100 imports the same 100 bundles again: nothing changes
// (target: under 1 s).
func BenchmarkReimport100(b *testing.B) {
	const n = 100
	dir, officer := benchBundles(b, n)
	s := openStore(b)
	enrol(b, s, officer)
	importAll(b, s, dir, n, true)
	for b.Loop() {
		importAll(b, s, dir, n, false)
	}
}
