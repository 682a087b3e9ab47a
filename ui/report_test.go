package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/store"
)

// openReport shows a demo session's report tab in the window, with the
// reports folder in a temporary folder and the system viewer replaced.
func openReport(t *testing.T, participants int) (*mainWindow, *reportScreen) {
	t.Helper()
	mw := newTestWindow(t)
	pack := content.Default()
	sess, err := mw.store.Demo(ctx, store.DemoOptions{Participants: participants, PackID: pack.ID,
		PackVersion: pack.Version, Quiz: packs.Quiz(pack)})
	if err != nil {
		t.Fatal(err)
	}
	if err := mw.store.SetPreference(ctx, prefReportsDir, filepath.Join(t.TempDir(), "laporan")); err != nil {
		t.Fatal(err)
	}
	return mw, showReport(t, mw, sess)
}

func showReport(t *testing.T, mw *mainWindow, sess store.Session) *reportScreen {
	t.Helper()
	r := newReportScreen(mw, sess)
	mw.setScreen(r.buildUI(), nil)
	return r
}

func TestReportTabSummaryAndSave(t *testing.T) {
	mw, r := openReport(t, 12)
	var opened []string
	r.open = func(path string) error { opened = append(opened, path); return nil }

	for _, want := range []string{"Peserta: 12", "Pre-test", "rahasia tidak dicetak", "Lampiran daftar hadir: 12 baris, 1 halaman"} {
		if !strings.Contains(r.summary.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.summary.Text)
		}
	}
	fp, _ := mw.store.Fingerprint(ctx, r.session.ID)
	if !strings.Contains(r.fingerprint.Text, fp) || !strings.Contains(r.state.Text, "DRAF") {
		t.Errorf("fingerprint %q, state %q", r.fingerprint.Text, r.state.Text)
	}
	open := findButton(t, mw.win.Content(), "Buka")
	if !open.Disabled() {
		t.Error("Buka is enabled before anything was saved")
	}

	test.Tap(findButton(t, mw.win.Content(), "Simpan PDF"))
	files, _ := filepath.Glob(filepath.Join(r.dir, "Laporan *(DRAF).pdf"))
	if len(files) != 1 {
		t.Fatalf("saved files: %v", files)
	}
	if data, _ := os.ReadFile(files[0]); !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("the saved file is not a PDF")
	}
	if r.progress.Visible() || r.saveBtn.Disabled() || open.Disabled() {
		t.Fatal("the buttons did not come back after saving")
	}
	test.Tap(open)
	test.Tap(findButton(t, mw.win.Content(), "Buka folder"))
	if len(opened) != 2 || opened[0] != files[0] || opened[1] != r.dir {
		t.Fatalf("opened %v", opened)
	}

	test.Tap(findButton(t, mw.win.Content(), "Daftar hadir kosong"))
	test.Tap(findButton(t, mw.win.Content(), "Lembar jawaban"))
	all, _ := filepath.Glob(filepath.Join(r.dir, "*.pdf"))
	if len(all) != 3 {
		t.Fatalf("after the paper forms: %v", all)
	}
}

func TestReportTabFinalizeAndReopen(t *testing.T) {
	mw, r := openReport(t, 3)
	id := r.session.ID
	test.Tap(findButton(t, mw.win.Content(), "Selesai…"))
	test.Tap(findButton(t, mw.win.Canvas().Overlays().Top(), "Selesai"))
	sess, _ := mw.store.Session(ctx, id)
	if sess.Status != store.StatusFinalized {
		t.Fatalf("status %s after finalizing", sess.Status)
	}
	findButton(t, mw.win.Content(), "Hapus sesi") // the workspace was rebuilt
	if !findButton(t, mw.win.Content(), "Hapus sesi").Disabled() {
		t.Fatal("the rebuilt workspace is not read-only")
	}

	r = showReport(t, mw, sess)
	if !r.photos.addBtn.Disabled() || !strings.Contains(r.state.Text, "Selesai") {
		t.Fatalf("finalized report tab: add photo enabled=%v, state %q", !r.photos.addBtn.Disabled(), r.state.Text)
	}
	before := sess.Version
	test.Tap(findButton(t, mw.win.Content(), "Buka kembali…"))
	test.Tap(findButton(t, mw.win.Canvas().Overlays().Top(), "Buka kembali"))
	sess, _ = mw.store.Session(ctx, id)
	if sess.Status == store.StatusFinalized || sess.Version <= before {
		t.Fatalf("after reopening: %s v%d (was v%d)", sess.Status, sess.Version, before)
	}
}

func TestReportTabPhotos(t *testing.T) {
	mw, r := openReport(t, 0)
	p := r.photos
	p.add(io.NopCloser(bytes.NewReader(testPhoto(t))))
	if len(p.photos) != 1 || len(p.captions) != 1 {
		t.Fatalf("%d photos shown after adding one", len(p.photos))
	}
	if !strings.Contains(r.summary.Text, "Foto dokumentasi: 1") {
		t.Errorf("the summary does not count the photo:\n%s", r.summary.Text)
	}
	id := p.photos[0].ID
	caption := p.captions[id]
	typeInto(mw.win, caption, "Pembukaan oleh Kepala Desa")
	press(caption, fyne.KeyReturn)
	if list, _ := mw.store.Photos(ctx, r.session.ID); len(list) != 1 || list[0].Caption != "Pembukaan oleh Kepala Desa" {
		t.Fatalf("caption not saved on Enter: %+v", list)
	}
	typeInto(mw.win, caption, "Peserta mengisi pre-test")
	mw.win.Canvas().Unfocus() // leaving the field saves it
	if list, _ := mw.store.Photos(ctx, r.session.ID); list[0].Caption != "Peserta mengisi pre-test" {
		t.Fatalf("caption not saved when left: %q", list[0].Caption)
	}

	var del *widget.Button
	walk(p.rows, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "" {
			del = b
		}
	})
	test.Tap(del)
	if list, _ := mw.store.Photos(ctx, r.session.ID); len(list) != 0 || len(p.photos) != 0 {
		t.Fatalf("%d photos after delete", len(list))
	}
	test.Tap(findButton(t, mw.win.Content(), "Urungkan"))
	if list, _ := mw.store.Photos(ctx, r.session.ID); len(list) != 1 || len(p.photos) != 1 {
		t.Fatalf("%d photos after undo", len(list))
	}
}

func TestReportTabRefusesNonImages(t *testing.T) {
	mw, r := openReport(t, 0)
	r.photos.add(io.NopCloser(strings.NewReader("No,Nama\n1,Aminah\n")))
	if list, _ := mw.store.Photos(ctx, r.session.ID); len(list) != 0 {
		t.Fatalf("%d photos saved from a CSV file", len(list))
	}
	top := mw.win.Canvas().Overlays().Top()
	var text string
	walk(top, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			text += l.Text
		}
	})
	if !strings.Contains(text, "bukan gambar JPEG atau PNG") {
		t.Fatalf("no clear message for a non-image: %q", text)
	}
}

func testPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		img.Set(x, x%48, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
