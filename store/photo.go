package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // phones and screenshots give PNG too
	"io"
	"time"

	"github.com/disintegration/imaging"
)

// Photo is a documentation photo (dokumentasi) of a session, printed in
// its report with its caption.
type Photo struct {
	ID        string
	SessionID string
	Position  int
	Caption   string
	Image     []byte // JPEG, upright, at most MaxPhotoSide pixels on its long side
	SHA256    string // of Image, hex
	Width     int
	Height    int
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int
	DeletedAt *time.Time
}

// Limits on photos.
const (
	MaxPhotoBytes  = 30 << 20 // a file larger than this is refused before decoding
	MaxPhotoPixels = 60e6     // width × height; more would need gigabytes to decode
	MaxPhotoSide   = 1600     // the long side after downscaling
	MaxPhotos      = 30       // per session
	MaxCaption     = 300
	photoQuality   = 82
)

// FieldCaption names the caption in a FieldError.
const FieldCaption = "caption"

// Why a photo is refused; the UI says each in the user's language.
var (
	ErrNotImage      = errors.New("the file is not a JPEG or PNG image")
	ErrImageCorrupt  = errors.New("the image is damaged and cannot be read")
	ErrImageTooLarge = errors.New("the image file is too large")
	ErrTooManyPhotos = errors.New("the session already has the most photos allowed")
)

// AddPhoto reads a JPEG or PNG (as it comes from a phone), turns it upright
// by its EXIF orientation, downscales it once and stores it as the
// session's last photo. Anything that is not a readable JPEG or PNG is
// refused with ErrNotImage, ErrImageCorrupt or ErrImageTooLarge.
func (st *Store) AddPhoto(ctx context.Context, sessionID, caption string, r io.Reader) (Photo, error) {
	var c checker
	caption = c.line(FieldCaption, caption, false, MaxCaption)
	if err := c.err(); err != nil {
		return Photo{}, err
	}
	if err := st.photoWritable(ctx, sessionID); err != nil {
		return Photo{}, err
	}
	img, w, h, err := PrepareImage(r, MaxPhotoSide)
	if err != nil {
		return Photo{}, err
	}
	sum := sha256.Sum256(img)
	now := st.Now().UTC()
	p := Photo{ID: NewID(), SessionID: sessionID, Caption: caption, Image: img, SHA256: hex.EncodeToString(sum[:]),
		Width: w, Height: h, CreatedAt: now, UpdatedAt: now, Version: 1}
	err = st.write(ctx, func(tx *sql.Tx) error {
		if err := sessionWritable(ctx, tx, sessionID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(max(position), 0) + 1 FROM photos
			WHERE session_id = ? AND deleted_at IS NULL`, sessionID).Scan(&n, &p.Position); err != nil {
			return err
		}
		if n >= MaxPhotos {
			return ErrTooManyPhotos
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO photos (id, session_id, position, caption, image, sha256,
			width, height, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			p.ID, sessionID, p.Position, p.Caption, p.Image, p.SHA256, p.Width, p.Height, formatTime(now), formatTime(now))
		return err
	})
	if err != nil {
		return Photo{}, fmt.Errorf("add photo: %w", err)
	}
	return p, nil
}

// photoWritable refuses early, before a large image is decoded for nothing.
func (st *Store) photoWritable(ctx context.Context, sessionID string) error {
	s, err := st.Session(ctx, sessionID)
	if err != nil {
		return err
	}
	if s.Status == StatusFinalized {
		return ErrReadOnly
	}
	return nil
}

// PrepareImage decodes a JPEG or PNG of at most MaxPhotoBytes, applies its
// EXIF orientation, flattens transparency onto white, shrinks it to at most
// maxSide pixels on its long side and encodes it as JPEG.
func PrepareImage(r io.Reader, maxSide int) (data []byte, width, height int, err error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxPhotoBytes+1))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("read image: %w", err)
	}
	if len(raw) > MaxPhotoBytes {
		return nil, 0, 0, ErrImageTooLarge
	}
	if !isJPEG(raw) && !isPNG(raw) {
		return nil, 0, 0, ErrNotImage
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%w: %v", ErrImageCorrupt, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || float64(cfg.Width)*float64(cfg.Height) > MaxPhotoPixels {
		return nil, 0, 0, fmt.Errorf("%w: %d × %d pixels", ErrImageTooLarge, cfg.Width, cfg.Height)
	}
	img, err := imaging.Decode(bytes.NewReader(raw), imaging.AutoOrientation(true))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%w: %v", ErrImageCorrupt, err)
	}
	img = imaging.Fit(img, maxSide, maxSide, imaging.CatmullRom)
	b := img.Bounds()
	flat := imaging.New(b.Dx(), b.Dy(), color.White)
	flat = imaging.Overlay(flat, img, image.Point{}, 1)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, flat, &jpeg.Options{Quality: photoQuality}); err != nil {
		return nil, 0, 0, fmt.Errorf("encode image: %w", err)
	}
	return out.Bytes(), b.Dx(), b.Dy(), nil
}

func isJPEG(b []byte) bool { return len(b) > 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF }

func isPNG(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) }

// UpdatePhotoCaption saves a photo's caption; an unchanged caption writes
// nothing. The photo comes back without its image.
func (st *Store) UpdatePhotoCaption(ctx context.Context, id, caption string) (Photo, error) {
	var c checker
	caption = c.line(FieldCaption, caption, false, MaxCaption)
	if err := c.err(); err != nil {
		return Photo{}, err
	}
	var saved Photo
	err := st.write(ctx, func(tx *sql.Tx) error {
		old, err := getPhoto(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := sessionWritable(ctx, tx, old.SessionID); err != nil {
			return err
		}
		if old.Caption != caption {
			if _, err := tx.ExecContext(ctx, `UPDATE photos SET caption = ?, updated_at = ?, version = version + 1
				WHERE id = ?`, caption, st.now(), id); err != nil {
				return err
			}
		}
		saved, err = getPhoto(ctx, tx, id)
		return err
	})
	if err != nil {
		return Photo{}, fmt.Errorf("update photo caption: %w", err)
	}
	return saved, nil
}

// DeletePhoto soft-deletes a photo; UndeletePhoto is its undo.
func (st *Store) DeletePhoto(ctx context.Context, id string) error {
	return st.setRowDeleted(ctx, "photos", id, true)
}

// UndeletePhoto brings back a deleted photo.
func (st *Store) UndeletePhoto(ctx context.Context, id string) error {
	return st.setRowDeleted(ctx, "photos", id, false)
}

// Photos lists a session's live photos in order, with their images; a
// purged session has none (see purgeSession).
func (st *Store) Photos(ctx context.Context, sessionID string) ([]Photo, error) {
	return st.photos(ctx, sessionID, true)
}

const photoColumns = `id, session_id, position, caption, sha256, width, height, created_at, updated_at,
	version, deleted_at`

func (st *Store) photos(ctx context.Context, sessionID string, withImage bool) ([]Photo, error) {
	imageCol := "NULL"
	if withImage {
		imageCol = "image"
	}
	list, err := scanAll(ctx, st.db, func(r *sql.Rows) (Photo, error) { return scanPhoto(r) }, "SELECT "+photoColumns+
		", "+imageCol+" FROM photos WHERE session_id = ? AND deleted_at IS NULL AND sha256 <> '' ORDER BY position", sessionID)
	if err != nil {
		return nil, fmt.Errorf("list photos: %w", err)
	}
	return list, nil
}

func getPhoto(ctx context.Context, q queryer, id string) (Photo, error) {
	p, err := scanPhoto(q.QueryRowContext(ctx, "SELECT "+photoColumns+", NULL FROM photos WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && p.DeletedAt != nil) {
		return Photo{}, ErrNotFound
	}
	return p, err
}

func scanPhoto(row scanner) (Photo, error) {
	var p Photo
	var created, updated string
	var deleted sql.NullString
	err := row.Scan(&p.ID, &p.SessionID, &p.Position, &p.Caption, &p.SHA256, &p.Width, &p.Height,
		&created, &updated, &p.Version, &deleted, &p.Image)
	if err != nil {
		return p, err
	}
	p.CreatedAt, p.UpdatedAt = mustTime(created), mustTime(updated)
	p.DeletedAt = parseTime(deleted)
	return p, nil
}
