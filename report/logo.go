package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/penyuluh/penyuluh/store"
)

// logoSide is the long side of a stored logo in pixels: sharp at 300 dpi
// in the 26 mm the letterhead gives it.
const logoSide = 400

// SaveLogo keeps a JPEG or PNG as the letterhead logo of every report
// printed from this data folder, upright and downscaled. A file that is not
// a readable image is refused like a photo (store.ErrNotImage, …).
func SaveLogo(dataDir string, r io.Reader) error {
	img, _, _, err := store.PrepareImage(r, logoSide)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dataDir, ".logo-*")
	if err != nil {
		return fmt.Errorf("save logo: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(img); err != nil {
		tmp.Close()
		return fmt.Errorf("save logo: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save logo: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save logo: %w", err)
	}
	if err := RemoveLogo(dataDir); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), LogoPath(dataDir)); err != nil {
		return fmt.Errorf("save logo: %w", err)
	}
	return nil
}

// RemoveLogo takes the letterhead logo away; without one is not an error.
func RemoveLogo(dataDir string) error {
	for _, name := range logoNames {
		if err := os.Remove(filepath.Join(dataDir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove logo: %w", err)
		}
	}
	return nil
}

// HasLogo reports whether reports from this data folder print a logo.
func HasLogo(dataDir string) bool {
	data, err := readLogo(dataDir)
	return err == nil && len(data) > 0
}
