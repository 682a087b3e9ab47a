-- Documentation photos (dokumentasi) attached to a session for its report.
-- The image is stored once, already rotated upright and downscaled, as JPEG;
-- sha256 is the hash of those bytes, so a fingerprint or a bundle can name
-- the image without reading it.
CREATE TABLE photos (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    position   INTEGER NOT NULL,
    caption    TEXT NOT NULL DEFAULT '',
    image      BLOB NOT NULL,
    sha256     TEXT NOT NULL,
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
);

CREATE INDEX photos_by_session ON photos (session_id, position);
