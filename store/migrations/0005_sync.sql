-- Sync by file: where an imported session came from, which follow-ups the
-- coordinator has taken over, conflicts kept for the coordinator, and the
-- state of each session when it was last exported.

-- origin_laptop is '' for a session created on this laptop. For a session
-- imported from a bundle it is the id of the laptop that created it, and
-- origin_officer the officer named in that bundle; such a session is
-- read-only here except for the follow-up of its questions.
ALTER TABLE sessions ADD COLUMN origin_laptop TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN origin_officer TEXT NOT NULL DEFAULT '';

-- origin_version is the version of the officer's row last merged into a
-- question of an imported session (NULL for questions made here). A
-- coordinator's follow-up edit raises the local version past it; the next
-- merge then sets followup_local, and from then on the coordinator's status,
-- referral and closing stay, whatever a later bundle says.
ALTER TABLE questions ADD COLUMN origin_version INTEGER;
ALTER TABLE questions ADD COLUMN followup_local INTEGER NOT NULL DEFAULT 0 CHECK (followup_local IN (0, 1));

-- The same row at the same version with different content on two laptops:
-- never overwritten, kept for the coordinator to decide. incoming_hash lets
-- a second import of the same bundle record nothing new.
CREATE TABLE conflicts (
    id             TEXT PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES sessions (id),
    table_name     TEXT NOT NULL,
    row_id         TEXT NOT NULL,
    local          TEXT NOT NULL,
    incoming       TEXT NOT NULL,
    incoming_hash  TEXT NOT NULL,
    incoming_image BLOB,
    source         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    resolved_at    TEXT,
    resolution     TEXT CHECK (resolution IS NULL OR resolution IN ('local', 'incoming')),
    UNIQUE (table_name, row_id, incoming_hash)
);

CREATE INDEX conflicts_open ON conflicts (session_id) WHERE resolved_at IS NULL;

-- state is the sum of the versions of every row of the session when it was
-- last exported: every edit raises a version and rows are never removed, so
-- a different sum means "changed since" without touching any row.
CREATE TABLE exports (
    session_id  TEXT PRIMARY KEY REFERENCES sessions (id),
    state       TEXT NOT NULL,
    exported_at TEXT NOT NULL
);
