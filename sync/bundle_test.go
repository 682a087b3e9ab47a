package sync

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/penyuluh/penyuluh/store"
)

// validBundle exports a small session as a plain bundle and returns its
// bytes and entries.
func validBundle(t testing.TB) ([]byte, []rawEntry) {
	t.Helper()
	s := openStore(t)
	sess := demoSession(t, s, 3, 1)
	res := exportBundle(t, s, sess.ID)
	data, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	return data, bundleEntries(t, data)
}

func replace(entries []rawEntry, name string, data []byte) []rawEntry {
	out := append([]rawEntry(nil), entries...)
	for i := range out {
		if out[i].name == name {
			out[i].data = data
		}
	}
	return out
}

func without(entries []rawEntry, name string) []rawEntry {
	var out []rawEntry
	for _, e := range entries {
		if e.name != name {
			out = append(out, e)
		}
	}
	return out
}

func entryData(entries []rawEntry, name string) []byte {
	for _, e := range entries {
		if e.name == name {
			return e.data
		}
	}
	return nil
}

// rawZip writes one entry whose header declares sizes that are not true,
// as a hostile tool can.
func rawZip(t testing.TB, name string, content []byte, declared uint64) []byte {
	t.Helper()
	var compressed bytes.Buffer
	fw, _ := flate.NewWriter(&compressed, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content),
		CompressedSize64: uint64(compressed.Len()), UncompressedSize64: declared}
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(compressed.Bytes())
	zw.Close()
	return buf.Bytes()
}

// TestHostileBundles feeds crafted files to the reader and to Import: each
// is rejected whole with its reason, and the database is left as it was.
func TestHostileBundles(t *testing.T) {
	data, entries := validBundle(t)
	session := entryData(entries, SessionName)
	var photo string
	for _, e := range entries {
		if strings.HasPrefix(e.name, photoPrefix) {
			photo = e.name
		}
	}
	if photo == "" {
		t.Fatal("the fixture has no photo")
	}
	unknownField := bytes.Replace(session, []byte(`{"session":`), []byte(`{"extra":1,"session":`), 1)
	var exp store.SessionExport
	json.Unmarshal(session, &exp)
	exp.Participants[0].SessionID = store.NewID()
	foreign, _ := json.Marshal(exp)

	manyPhotos := append([]rawEntry(nil), entries...)
	for i := 0; i < MaxEntries; i++ {
		manyPhotos = append(manyPhotos, rawEntry{name: PhotoName(store.NewID()), data: []byte{0xFF, 0xD8, 0xFF}})
	}
	bomb := append(append([]byte(nil), session...), bytes.Repeat([]byte(" "), maxSessionBytes)...)

	// An age file for somebody else, and one cut short.
	other, _ := age.GenerateX25519Identity()
	var toOther, toUs bytes.Buffer
	if err := encrypt(&toOther, data, []age.Recipient{other.Recipient()}); err != nil {
		t.Fatal(err)
	}
	us, _ := age.ParseX25519Recipient(testPublic)
	encrypt(&toUs, data, []age.Recipient{us})

	tests := []struct {
		name   string
		file   []byte
		reason string
	}{
		{"not a zip", []byte("hello, this is a letter\n"), ReasonNotBundle},
		{"empty file", nil, ReasonNotBundle},
		{"empty zip", makeZip(t, nil), ReasonNotBundle},
		{"no manifest", makeZip(t, without(entries, ManifestName)), ReasonNotBundle},
		{"truncated zip", data[:len(data)/2], ReasonDamaged},
		{"truncated end", data[:len(data)-5], ReasonDamaged},
		{"wrong hash", makeZip(t, replace(entries, SessionName, bytes.Replace(session, []byte(`"version":1`), []byte(`"version":9`), 1))), ReasonHashMismatch},
		{"dot dot", makeZip(t, withManifest(t, append(entries, rawEntry{name: "../session.json", data: session}), nil)), ReasonUnsafeName},
		{"dot dot inside", makeZip(t, withManifest(t, append(entries, rawEntry{name: "photos/../../x.jpg", data: session}), nil)), ReasonUnsafeName},
		{"dot", makeZip(t, withManifest(t, append(entries, rawEntry{name: "./session.json", data: session}), nil)), ReasonUnsafeName},
		{"absolute", makeZip(t, withManifest(t, append(entries, rawEntry{name: "/etc/cron.d/x", data: session}), nil)), ReasonUnsafeName},
		{"windows path", makeZip(t, withManifest(t, append(entries, rawEntry{name: `..\..\Startup\x.bat`, data: session}), nil)), ReasonUnsafeName},
		{"backslash photo", makeZip(t, withManifest(t, append(without(entries, photo), rawEntry{name: strings.Replace(photo, "/", `\`, 1), data: entryData(entries, photo)}), nil)), ReasonUnsafeName},
		{"drive letter", makeZip(t, withManifest(t, append(entries, rawEntry{name: "C:/Users/x.txt", data: session}), nil)), ReasonUnsafeName},
		{"drive relative", makeZip(t, withManifest(t, append(entries, rawEntry{name: "C:x.txt", data: session}), nil)), ReasonUnsafeName},
		{"control character", makeZip(t, withManifest(t, append(entries, rawEntry{name: "session.json\x00.txt", data: session}), nil)), ReasonUnsafeName},
		{"duplicate", makeZip(t, append(entries, rawEntry{name: SessionName, data: session})), ReasonDuplicate},
		{"unexpected name", makeZip(t, withManifest(t, append(entries, rawEntry{name: "notes.txt", data: []byte("hi")}), nil)), ReasonUnexpected},
		{"case differs", makeZip(t, withManifest(t, append(without(entries, SessionName), rawEntry{name: "Session.json", data: session}), nil)), ReasonUnexpected},
		{"photo not an id", makeZip(t, withManifest(t, append(entries, rawEntry{name: "photos/cat.jpg", data: []byte{0xFF, 0xD8, 0xFF}}), nil)), ReasonUnexpected},
		{"folder", makeZip(t, withManifest(t, append(entries, rawEntry{name: "photos/", mode: os.ModeDir | 0o755}), nil)), ReasonUnexpected},
		{"symlink", makeZip(t, withManifest(t, append(without(entries, ReportName), rawEntry{name: ReportName, data: []byte("/etc/shadow"), mode: os.ModeSymlink | 0o777}), nil)), ReasonUnexpected},
		{"device", makeZip(t, withManifest(t, append(without(entries, ReportName), rawEntry{name: ReportName, data: []byte("%PDF-"), mode: os.ModeDevice | 0o644}), nil)), ReasonUnexpected},
		{"too many entries", makeZip(t, manyPhotos), ReasonTooManyFiles},
		{"zip bomb", makeZip(t, withManifest(t, replace(entries, SessionName, bomb), nil)), ReasonTooLarge},
		{"declared size too small", rawZip(t, ManifestName, bytes.Repeat([]byte("{}"), 1<<20), 10), ReasonDamaged},
		{"declared size too large", rawZip(t, ManifestName, []byte("{}"), 1<<40), ReasonDamaged},
		{"unlisted entry", makeZip(t, append(entries, rawEntry{name: PhotoName(store.NewID()), data: []byte{0xFF, 0xD8, 0xFF}})), ReasonHashMismatch},
		{"listed but missing", makeZip(t, without(entries, ReportName)), ReasonHashMismatch},
		{"photo of no row", makeZip(t, withManifest(t, append(entries, rawEntry{name: PhotoName(store.NewID()), data: []byte{0xFF, 0xD8, 0xFF}}), nil)), ReasonUnexpected},
		{"photo missing", makeZip(t, withManifest(t, without(entries, photo), nil)), ReasonInvalidData},
		{"invalid json", makeZip(t, withManifest(t, replace(entries, SessionName, session[:len(session)-1]), nil)), ReasonInvalidData},
		{"trailing json", makeZip(t, withManifest(t, replace(entries, SessionName, append(append([]byte(nil), session...), []byte("{}")...)), nil)), ReasonInvalidData},
		{"unknown field", makeZip(t, withManifest(t, replace(entries, SessionName, unknownField), nil)), ReasonInvalidData},
		{"foreign row", makeZip(t, withManifest(t, replace(entries, SessionName, foreign), nil)), ReasonInvalidData},
		{"not a pdf", makeZip(t, withManifest(t, replace(entries, ReportName, []byte("<html>")), nil)), ReasonInvalidData},
		{"newer format", makeZip(t, withManifest(t, entries, func(m *Manifest) { m.Format = FormatVersion + 1 })), ReasonNewerFormat},
		{"format zero", makeZip(t, withManifest(t, entries, func(m *Manifest) { m.Format = 0 })), ReasonUnsigned},
		{"manifest of another session", makeZip(t, withManifest(t, entries, func(m *Manifest) { m.SessionID = store.NewID() })), ReasonBadManifest},
		{"manifest withheld count", makeZip(t, withManifest(t, entries, func(m *Manifest) { m.WithheldConfidential += 3 })), ReasonBadManifest},
		{"manifest laptop", makeZip(t, withManifest(t, entries, func(m *Manifest) { m.LaptopID = "laptop" })), ReasonBadManifest},
		{"manifest not json", makeZip(t, replace(entries, ManifestName, []byte("{"))), ReasonBadManifest},
		{"manifest unknown field", makeZip(t, replace(entries, ManifestName, bytes.Replace(entryData(entries, ManifestName), []byte("{"), []byte(`{"x":1,`), 1))), ReasonBadManifest},
		{"encrypted for another", toOther.Bytes(), ReasonWrongKey},
		{"encrypted cut short", toUs.Bytes()[:toUs.Len()-40], ReasonDamaged},
		{"encrypted header only", toUs.Bytes()[:120], ReasonDamaged},
	}
	s := openStore(t)
	ids := testIdentities(t)
	dir := t.TempDir()
	before := dumpAll(t, s)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ReadBundle(tt.file, ids); reasonOf(err) != tt.reason {
				t.Fatalf("got %q (%v), want %s", reasonOf(err), err, tt.reason)
			}
			path := filepath.Join(dir, fmt.Sprintf("%02d.zip", i))
			os.WriteFile(path, tt.file, 0o600)
			res := ImportFile(ctx, s, path, ImportOptions{Identities: ids})
			if res.OK() || res.Reason != tt.reason || res.Rejected == "" || res.Summary != nil {
				t.Fatalf("import: %+v", res)
			}
			if dumpAll(t, s) != before {
				t.Fatal("a rejected bundle wrote something")
			}
		})
	}
	// The untouched bundle is fine, so every rejection above is the edit's.
	if _, err := ReadBundle(data, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadBundle(makeZip(t, withManifest(t, entries, nil)), nil); err != nil {
		t.Fatalf("re-crafted bundle: %v", err)
	}
	if _, err := ReadBundle(toUs.Bytes(), ids); err != nil {
		t.Fatal(err)
	}
}

func TestEncryptedNeedsIdentity(t *testing.T) {
	s := openStore(t)
	sess := demoSession(t, s, 3, 2)
	res := exportBundle(t, s, sess.ID, testPublic)
	if !res.Encrypted || !strings.HasSuffix(res.Path, ".zip.age") {
		t.Fatalf("%+v", res)
	}
	// The laptop that wrote it cannot read it back.
	r := ImportFile(ctx, s, res.Path, ImportOptions{})
	if r.Reason != ReasonNeedsKey {
		t.Fatalf("%+v", r)
	}
}

func TestTooLargeFileIsNotRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.zip")
	f, _ := os.Create(path)
	f.Write([]byte("PK\x03\x04"))
	f.Truncate(MaxBundleBytes + 1) // sparse: nothing is really written
	f.Close()
	r := ImportFile(ctx, openStore(t), path, ImportOptions{})
	if r.Reason != ReasonTooLarge {
		t.Fatalf("%+v", r)
	}
	if _, err := ReadBundle(make([]byte, MaxBundleBytes+1), nil); reasonOf(err) != ReasonTooLarge {
		t.Fatal(err)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		village string
		want    string
	}{
		{"Desa Sakra", "2026-02-12_desa-sakra_89abcdef.zip"},
		{"Kelurahan Pagesangan (Barat)", "2026-02-12_kelurahan-pagesangan-barat_89abcdef.zip"},
		{"Désa Ñusa  Çantik", "2026-02-12_desa-nusa-cantik_89abcdef.zip"},
		{"../../etc", "2026-02-12_etc_89abcdef.zip"},
		{"ᬤᬾᬰ", "2026-02-12_sesi_89abcdef.zip"},
		{strings.Repeat("Panjang ", 20), "2026-02-12_panjang-panjang-panjang-panjang-panjang_89abcdef.zip"},
	}
	for _, tt := range tests {
		s := store.SessionRow{ID: "01900000-0000-7000-8000-000089abcdef", Date: "2026-02-12", Village: tt.village}
		if got := FileName(s, false); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.village, got, tt.want)
		}
	}
	if got := FileName(store.SessionRow{ID: "01900000-0000-7000-8000-000089abcdef", Date: "2026-02-12", Village: "Sakra"}, true); got != "2026-02-12_sakra_89abcdef.zip.age" {
		t.Error(got)
	}
}

func TestFindBundles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.zip", "b.zip.age", "notes.txt", "._a.zip", ".hidden/c.zip", "sub/d.ZIP", "sub/e.age"} {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte("x"), 0o600)
	}
	got, err := FindBundles([]string{dir, filepath.Join(dir, "a.zip")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range got {
		rel, _ := filepath.Rel(dir, g)
		names = append(names, filepath.ToSlash(rel))
	}
	if strings.Join(names, " ") != "a.zip b.zip.age sub/d.ZIP sub/e.age" {
		t.Fatalf("found %v", names)
	}
	if _, err := FindBundles([]string{filepath.Join(dir, "sub", "missing")}); err == nil {
		t.Fatal("a missing path was accepted")
	}
	empty := t.TempDir()
	if _, err := FindBundles([]string{empty}); err == nil {
		t.Fatal("a folder without bundles was accepted")
	}
}
