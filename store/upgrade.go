package store

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// UpgradeDue tells whether opening dir for writing will first convert an
// existing database to this version's schema. On a province's year that
// takes a minute or more, so the window says what is happening instead of
// opening blank, and the command line says so on stderr. A missing file (a
// new data folder) is no upgrade; an unreadable one is left for Open to
// report.
func UpgradeDue(dir string) (bool, error) {
	path := filepath.Join(dir, FileName)
	if info, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) || (err == nil && info.Size() == 0) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return false, err
	}
	defer db.Close()
	v, err := schemaVersion(db)
	if err != nil {
		return false, err
	}
	return v > 0 && v < LatestSchema(), nil
}
