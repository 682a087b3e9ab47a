package content_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/content"
)

func TestLoadZip(t *testing.T) {
	files := packFiles(t, nil)
	tests := []struct {
		name    string
		entries []zipEntry
	}{
		{"at the root", zipEntries(files, "")},
		{"in a folder", zipEntries(files, "uji-1.0.0/")},
		{"in a folder with folder entries", append([]zipEntry{
			{name: "uji/", mode: fs.ModeDir | 0o755},
			{name: "uji/img/", mode: fs.ModeDir | 0o755},
		}, zipEntries(files, "uji/")...)},
		{"made on a Mac", append(zipEntries(files, "uji/"),
			zipEntry{name: "__MACOSX/uji/._slides.md", body: "\x00\x05"},
			zipEntry{name: "uji/.DS_Store", body: "x"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, probs, err := content.Load(writeZip(t, tt.entries))
			if err != nil {
				t.Fatal(err)
			}
			requireClean(t, probs)
			if p.ID != "uji" || len(p.Slides) != 2 || len(p.Questions) != 2 {
				t.Errorf("loaded %s with %d slides and %d questions", p.ID, len(p.Slides), len(p.Questions))
			}
			if _, err := p.Image("img/alur.png"); err != nil {
				t.Errorf("Image: %v", err)
			}
		})
	}
}

func TestUnsafeZip(t *testing.T) {
	files := packFiles(t, nil)
	with := func(extra ...zipEntry) []zipEntry { return append(zipEntries(files, ""), extra...) }
	tests := []struct {
		name    string
		entries []zipEntry
		want    string
	}{
		{"parent folder", with(zipEntry{name: "../evil.txt", body: "x"}), `entry "../evil.txt" escapes the pack`},
		{"parent inside", with(zipEntry{name: "img/../../evil.txt", body: "x"}), `entry "img/../../evil.txt" escapes the pack`},
		{"absolute", with(zipEntry{name: "/etc/evil", body: "x"}), `entry "/etc/evil" is an absolute path`},
		{"backslash", with(zipEntry{name: `img\..\..\evil`, body: "x"}), `entry "img\\..\\..\\evil" contains a backslash`},
		{"drive letter", with(zipEntry{name: "C:/evil", body: "x"}), `entry "C:/evil" contains a drive letter`},
		{"symbolic link", with(zipEntry{name: "img/link.png", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777}), `entry "img/link.png" is a symbolic link`},
		{"duplicate", with(zipEntry{name: "slides.md", body: "# lain"}), `entry "slides.md" has the same name as "slides.md"`},
		{"duplicate by case", with(zipEntry{name: "IMG/Alur.png", body: "x"}), `entry "IMG/Alur.png" has the same name as "img/alur.png"`},
		{"dot element", with(zipEntry{name: "img/./x.png", body: "x"}), `entry "img/./x.png" is not a valid path`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, probs, err := content.Load(writeZip(t, tt.entries))
			if err == nil || p != nil {
				t.Fatalf("Load = %v, %v; want an error", p, err)
			}
			requireProblems(t, probs, "pack.zip: "+tt.want)
		})
	}
}

// deflatedZeros returns a deflate stream of 1+258k zero bytes, at least n,
// written by hand as one fixed-Huffman block (a literal 0, then k copies
// of "length 258, distance 1"): 13 bits for every 258 bytes, made in
// microseconds where compress/flate would take seconds under -race.
func deflatedZeros(n int64) []byte {
	var w bitWriter
	w.bits(1, 1)    // BFINAL: the last block
	w.bits(1, 2)    // BTYPE 01: fixed Huffman codes
	w.code(0x30, 8) // literal 0
	for range (n + 256) / 258 {
		w.code(0xc5, 8) // length 258 (code 285)
		w.code(0, 5)    // distance 1
	}
	w.code(0, 7) // end of block (code 256)
	return w.flush()
}

// bitWriter packs bits least significant first, as deflate does.
type bitWriter struct {
	out   []byte
	acc   uint64
	nbits uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nbits
	w.nbits += n
	for w.nbits >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nbits -= 8
	}
}

// code writes a Huffman code, which deflate stores most significant bit first.
func (w *bitWriter) code(v uint64, n uint) {
	var rev uint64
	for i := range n {
		rev |= (v >> i & 1) << (n - 1 - i)
	}
	w.bits(rev, n)
}

func (w *bitWriter) flush() []byte {
	if w.nbits > 0 {
		w.out = append(w.out, byte(w.acc))
	}
	return w.out
}

// bombZip is the valid pack plus entries whose data is the deflated
// stream, each declaring the given uncompressed size. The checksum is left
// zero: a bomb is refused before its end is reached.
func bombZip(t *testing.T, stream []byte, declared []uint64) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range zipEntries(packFiles(t, nil), "") {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	for i, size := range declared {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: fmt.Sprintf("src/bomb%d.bin", i), Method: zip.Deflate,
			CompressedSize64: uint64(len(stream)), UncompressedSize64: size,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(stream); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return writeZipBytes(t, buf.Bytes())
}

func TestZipBomb(t *testing.T) {
	const bombSize = 256 << 20 // deflated to 1.6 MiB
	bomb := deflatedZeros(bombSize)
	sevenMiB := deflatedZeros(7 << 20)
	tests := []struct {
		name     string
		stream   []byte
		declared []uint64
		want     string
	}{
		{"honest size", bomb, []uint64{bombSize}, "src/bomb0.bin: file is larger than 8 MiB"},
		{"size said to be 1 GiB", bomb, []uint64{1 << 30}, "src/bomb0.bin: file is larger than 8 MiB"},
		{"lying size", bomb, []uint64{1000}, "src/bomb0.bin: cannot read the file"},
		{"lying zero size", bomb, []uint64{0}, "src/bomb0.bin: cannot read the file"},
		{"lying size under the limit", bomb, []uint64{content.MaxImageSize}, "src/bomb0.bin: cannot read the file"},
		{"many entries", sevenMiB, slices.Repeat([]uint64{7 << 20}, 10), "the pack is larger than 64 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := bombZip(t, tt.stream, tt.declared)
			start := time.Now()
			p, probs, _ := content.Load(path)
			// A bomb read to the end would take minutes; refusing it takes
			// milliseconds (the bound allows for -race on a busy machine).
			if elapsed := time.Since(start); elapsed > 2*time.Minute {
				t.Errorf("rejecting the bomb took %v", elapsed)
			}
			if p != nil {
				t.Fatal("a zip bomb was accepted")
			}
			requireProblems(t, probs, tt.want)
		})
	}
}

func TestZipTooManyEntries(t *testing.T) {
	entries := zipEntries(packFiles(t, nil), "")
	for i := range content.MaxFiles {
		entries = append(entries, zipEntry{name: fmt.Sprintf("src/%d.txt", i)})
	}
	p, probs, err := content.Load(writeZip(t, entries))
	if err == nil || p != nil {
		t.Fatalf("Load = %v, %v; want an error", p, err)
	}
	requireProblems(t, probs, "pack.zip: the pack has more than 500 files")
}

func TestDeflatedZeros(t *testing.T) {
	n, err := io.Copy(io.Discard, flate.NewReader(bytes.NewReader(deflatedZeros(1<<20))))
	if err != nil || n < 1<<20 {
		t.Fatalf("inflated %d bytes, %v", n, err)
	}
}

// TestZipImagesConcurrently lets the race detector watch a zip pack being
// read from several goroutines, as the presenter preloads pictures.
func TestZipImagesConcurrently(t *testing.T) {
	p, _, err := content.Load(writeZip(t, zipEntries(packFiles(t, nil), "")))
	if err != nil || p == nil {
		t.Fatalf("Load: %v", err)
	}
	errs := make(chan error, 8)
	for range cap(errs) {
		go func() {
			_, err := p.Image("img/alur.png")
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
