package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Every laptop signs its bundles with its own Ed25519 key. The private key
// is a file in the data folder, readable only by its owner; it is not in
// the database, so it is in no backup and no bundle, and a database copied
// to another laptop does not take the key along (that laptop makes its own
// and is enrolled again).

// SigningKeyFile is the laptop's private signing key, in the data folder.
const SigningKeyFile = "laptop-signing.key"

const signingKeyHeader = "# Penyuluh: kunci tanda tangan laptop ini. RAHASIA, jangan disalin.\n" +
	"# Penyuluh: this laptop's signing key. SECRET, never copy it.\n"

// SigningKey reads this laptop's signing key. A writable store made it
// when it first opened.
func (st *Store) SigningKey() (ed25519.PrivateKey, error) {
	return readSigningKey(filepath.Join(st.dir, SigningKeyFile))
}

func readSigningKey(path string) (ed25519.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the laptop's signing key: %w", err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	seed, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(lines[len(lines)-1])))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%s is damaged: delete it and enrol this laptop's new key with the coordinator", path)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// ensureSigningKey makes the laptop's key the first time the store opens
// for writing. The file appears whole or not at all.
func ensureSigningKey(dir string) error {
	path := filepath.Join(dir, SigningKeyFile)
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return err
	}
	// Written aside (0600, as CreateTemp makes it) and renamed: the folder
	// lock is held, so nobody else is making a key now.
	data := signingKeyHeader + base64.StdEncoding.EncodeToString(seed) + "\n"
	if err := writeFileSynced(path, []byte(data)); err != nil {
		return fmt.Errorf("create the laptop's signing key: %w", err)
	}
	return nil
}

// The sync epoch changes when a backup is restored: bundles carry it, and
// a coordinator that sees a new epoch for a session makes its copy equal
// to the officer's instead of merging row by row (the restore took rows
// and versions back in time). The generation orders epochs: every restore
// raises it past anything this data folder had, and it is also kept in a
// file beside the signing key, which no restore takes back.
const (
	keySyncEpoch      = "sync.epoch"
	keySyncGeneration = "sync.generation"
	generationFile    = "sync-generation"
)

// SyncEpoch is this database's current sync epoch and its generation.
func (st *Store) SyncEpoch(ctx context.Context) (string, int, error) {
	epoch, err := settingValue(ctx, st.db, keySyncEpoch)
	if err != nil {
		return "", 0, err
	}
	g, err := settingValue(ctx, st.db, keySyncGeneration)
	if err != nil {
		return "", 0, err
	}
	n, _ := strconv.Atoi(g)
	return epoch, max(n, readGeneration(st.dir)), nil
}

func readGeneration(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, generationFile))
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return n
}

// databaseGeneration reads the generation kept in a database file.
func databaseGeneration(path string) int {
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return 0
	}
	defer db.Close()
	g, _ := settingValue(context.Background(), db, keySyncGeneration)
	n, _ := strconv.Atoi(g)
	return n
}

// newEpoch gives a database file (a backup about to be restored) a new sync
// epoch, one generation past every database the folder had (current
// lists the generations known besides the file's own and the folder's).
func newEpoch(dir, path, now string, current ...int) error {
	g := max(readGeneration(dir), databaseGeneration(path))
	for _, c := range current {
		g = max(g, c)
	}
	g++
	if err := writeFileSynced(filepath.Join(dir, generationFile), []byte(strconv.Itoa(g)+"\n")); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return err
	}
	defer db.Close()
	for key, value := range map[string]string{keySyncEpoch: NewID(), keySyncGeneration: strconv.Itoa(g)} {
		if _, err := db.Exec(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
			version = version + 1`, key, value, now); err != nil {
			return err
		}
	}
	return nil
}

// WriteFileAtomic writes a file beside path and renames it into place, so
// that a reader (or a USB stick pulled out, or a power cut) never sees half
// a file. The file is the owner's only (0600), as os.CreateTemp makes it.
func WriteFileAtomic(path string, write func(f *os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".penyuluh-*.part")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err == nil {
		syncDir(filepath.Dir(path))
	}
	return err
}

func writeFileSynced(path string, data []byte) error {
	return WriteFileAtomic(path, func(f *os.File) error { _, err := f.Write(data); return err })
}
