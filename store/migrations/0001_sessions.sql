-- Sessions and settings: the foundation every later table hangs off.
-- Every row carries created_at/updated_at (UTC, RFC 3339), a version that each
-- edit raises, and a soft-delete timestamp, so bundles from many laptops can be
-- merged later without trusting their clocks.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    pack_id      TEXT NOT NULL DEFAULT '',
    pack_version TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    date         TEXT NOT NULL,
    start_time   TEXT NOT NULL DEFAULT '',
    village      TEXT NOT NULL,
    district     TEXT NOT NULL DEFAULT '',
    regency      TEXT NOT NULL DEFAULT '',
    province     TEXT NOT NULL DEFAULT '',
    venue        TEXT NOT NULL DEFAULT '',
    officers     TEXT NOT NULL DEFAULT '[]',
    partners     TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'held', 'finalized')),
    finalized_at TEXT,
    exported_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT
);

CREATE INDEX sessions_by_date ON sessions (date DESC, start_time DESC) WHERE deleted_at IS NULL;

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
