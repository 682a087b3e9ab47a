package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/store"
)

// testJPEG is a w × h JPEG, red on its left half; orientation > 0 adds an
// EXIF APP1 segment with that orientation, as phone cameras write it.
func testJPEG(t testing.TB, w, h int, orientation uint16) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{0, 0, 255, 255}
			if x < w/2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	if orientation == 0 {
		return buf.Bytes()
	}
	var exif bytes.Buffer
	exif.WriteString("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08")
	binary.Write(&exif, binary.BigEndian, []uint16{1, 0x0112, 3})
	binary.Write(&exif, binary.BigEndian, []uint32{1})
	binary.Write(&exif, binary.BigEndian, []uint16{orientation, 0})
	binary.Write(&exif, binary.BigEndian, uint32(0))
	var out bytes.Buffer
	out.Write([]byte{0xFF, 0xD8, 0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(exif.Len()+2))
	out.Write(exif.Bytes())
	out.Write(buf.Bytes()[2:])
	return out.Bytes()
}

func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h)) // fully transparent
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAddPhoto(t *testing.T) {
	tests := []struct {
		name          string
		data          func(t *testing.T) []byte
		width, height int
	}{
		{"upright JPEG", func(t *testing.T) []byte { return testJPEG(t, 40, 20, 0) }, 40, 20},
		{"phone JPEG turned by EXIF", func(t *testing.T) []byte { return testJPEG(t, 40, 20, 6) }, 20, 40},
		{"large JPEG downscaled", func(t *testing.T) []byte { return testJPEG(t, 3200, 1000, 1) }, 1600, 500},
		{"PNG with transparency", func(t *testing.T) []byte { return testPNG(t, 30, 30) }, 30, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			sess := mustSession(t, s)
			p, err := s.AddPhoto(ctx, sess.ID, "  Suasana   sosialisasi ", bytes.NewReader(tt.data(t)))
			if err != nil {
				t.Fatal(err)
			}
			if p.Width != tt.width || p.Height != tt.height || p.Caption != "Suasana sosialisasi" || p.Position != 1 {
				t.Fatalf("got %d×%d %q pos %d", p.Width, p.Height, p.Caption, p.Position)
			}
			img, err := jpeg.Decode(bytes.NewReader(p.Image))
			if err != nil {
				t.Fatalf("stored image is not a JPEG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != tt.width || b.Dy() != tt.height {
				t.Fatalf("stored image is %v", b)
			}
			if _, _, bl, _ := img.At(0, 0).RGBA(); strings.Contains(tt.name, "PNG") && bl < 0xf000 {
				t.Fatal("transparency was not flattened onto white")
			}
			list, err := s.Photos(ctx, sess.ID)
			if err != nil || len(list) != 1 || !bytes.Equal(list[0].Image, p.Image) || list[0].SHA256 != p.SHA256 {
				t.Fatalf("Photos: %v %d", err, len(list))
			}
		})
	}
}

func TestAddPhotoOrientationTurnsContent(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	// Orientation 6: the camera was turned clockwise, so the stored image
	// is the file turned 90° clockwise; the red left half ends up on top.
	p, err := s.AddPhoto(ctx, sess.ID, "", bytes.NewReader(testJPEG(t, 40, 20, 6)))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := jpeg.Decode(bytes.NewReader(p.Image))
	r, _, b, _ := img.At(10, 5).RGBA()
	if r < b {
		t.Fatalf("top of the turned image is not red: r=%d b=%d", r, b)
	}
}

func TestAddPhotoRefused(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	good := testJPEG(t, 40, 20, 0)
	tests := []struct {
		name string
		r    io.Reader
		want error
	}{
		{"text file", strings.NewReader("Nama,L/P\nAminah,P\n"), store.ErrNotImage},
		{"empty file", strings.NewReader(""), store.ErrNotImage},
		{"GIF", strings.NewReader("GIF89a\x01\x00\x01\x00"), store.ErrNotImage},
		{"truncated JPEG", bytes.NewReader(good[:len(good)/2]), store.ErrImageCorrupt},
		{"JPEG header then garbage", bytes.NewReader(append([]byte{0xFF, 0xD8, 0xFF}, bytes.Repeat([]byte{7}, 100)...)), store.ErrImageCorrupt},
		{"over the size limit", io.MultiReader(bytes.NewReader(good), io.LimitReader(zeros{}, store.MaxPhotoBytes)), store.ErrImageTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.AddPhoto(ctx, sess.ID, "", tt.r); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
	if list, _ := s.Photos(ctx, sess.ID); len(list) != 0 {
		t.Fatalf("%d photos saved", len(list))
	}
	if _, err := s.AddPhoto(ctx, sess.ID, strings.Repeat("x", store.MaxCaption+1), bytes.NewReader(good)); err == nil {
		t.Fatal("an overlong caption was accepted")
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestPhotoCaptionDeleteAndFinalized(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	img := testJPEG(t, 40, 20, 0)
	first, _ := s.AddPhoto(ctx, sess.ID, "Pembukaan", bytes.NewReader(img))
	second, err := s.AddPhoto(ctx, sess.ID, "Tanya jawab", bytes.NewReader(img))
	if err != nil || second.Position != 2 {
		t.Fatalf("second photo: %v pos %d", err, second.Position)
	}
	edited, err := s.UpdatePhotoCaption(ctx, first.ID, "Pembukaan oleh Kepala Desa")
	if err != nil || edited.Caption != "Pembukaan oleh Kepala Desa" || edited.Version != 2 {
		t.Fatalf("caption: %v %+v", err, edited)
	}
	if same, _ := s.UpdatePhotoCaption(ctx, first.ID, "Pembukaan oleh Kepala Desa"); same.Version != 2 {
		t.Fatal("an unchanged caption was written")
	}
	if err := s.DeletePhoto(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Photos(ctx, sess.ID); len(list) != 1 || list[0].ID != second.ID {
		t.Fatalf("after delete: %d photos", len(list))
	}
	if err := s.UndeletePhoto(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Photos(ctx, sess.ID); len(list) != 2 || list[0].ID != first.ID {
		t.Fatalf("after undo: %d photos", len(list))
	}

	if _, err := s.FinalizeSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"add":     func() error { _, err := s.AddPhoto(ctx, sess.ID, "", bytes.NewReader(img)); return err }(),
		"caption": func() error { _, err := s.UpdatePhotoCaption(ctx, first.ID, "Lain"); return err }(),
		"delete":  s.DeletePhoto(ctx, first.ID),
	} {
		if !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("%s in a finalized session: %v", name, err)
		}
	}
}

func TestTooManyPhotos(t *testing.T) {
	s := mustOpen(t)
	sess := mustSession(t, s)
	img := testJPEG(t, 8, 8, 0)
	for i := 0; i < store.MaxPhotos; i++ {
		if _, err := s.AddPhoto(ctx, sess.ID, "", bytes.NewReader(img)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddPhoto(ctx, sess.ID, "", bytes.NewReader(img)); !errors.Is(err, store.ErrTooManyPhotos) {
		t.Fatalf("photo %d: %v", store.MaxPhotos+1, err)
	}
}
