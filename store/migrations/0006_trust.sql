-- Trust between laptops (bundle format 2): the officers' signing keys this
-- laptop enrolled or refused, bundles held until someone decides, the
-- before-image of every merge so that it can be undone, and what a restore
-- on the officer's laptop means for a session.

-- An officer's laptop key (Ed25519, base64). laptop_id is the laptop the
-- key speaks for: a bundle signed by it must name that laptop. A refused
-- key's bundles are rejected.
CREATE TABLE officer_keys (
    public_key  TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    laptop_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('enrolled', 'refused')),
    decided_at  TEXT NOT NULL,
    -- last_sent is when the newest bundle merged from the key was made, by
    -- that laptop's clock: it tells an older bundle from a newer one.
    last_sent   TEXT NOT NULL DEFAULT ''
);

-- A bundle not merged until someone decides: from a key not enrolled yet,
-- or one that would delete a whole session or raise versions far beyond
-- what its sender could have reached. The file is kept as it came
-- (encrypted ones stay encrypted).
CREATE TABLE pending_bundles (
    id          TEXT PRIMARY KEY,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    laptop_id   TEXT NOT NULL,
    officer     TEXT NOT NULL,
    session_id  TEXT NOT NULL,
    title       TEXT NOT NULL,
    date        TEXT NOT NULL,
    village     TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    encrypted   INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
    file        BLOB NOT NULL,
    file_hash   TEXT NOT NULL UNIQUE,
    sent        TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Every merge that changed something, and each row it changed as it was
-- before (NULL: the merge added the row) and the version it left (NULL:
-- the merge removed the row). The latest merge of a session can be undone
-- while none of its rows changed since.
CREATE TABLE merges (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    officer     TEXT NOT NULL,
    bundle      TEXT NOT NULL,
    epoch       TEXT NOT NULL,
    forwarded   INTEGER NOT NULL CHECK (forwarded IN (0, 1)),
    rows        INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    undone_at   TEXT
);

CREATE INDEX merges_by_session ON merges (session_id, created_at);

CREATE TABLE merge_rows (
    merge_id      TEXT NOT NULL REFERENCES merges (id),
    seq           INTEGER NOT NULL,
    table_name    TEXT NOT NULL,
    row_id        TEXT NOT NULL,
    before        TEXT,
    before_image  BLOB,
    after_version INTEGER,
    PRIMARY KEY (merge_id, seq)
);

-- forwarded_by names the officer who forwarded a session first received
-- from somebody else.
ALTER TABLE sessions ADD COLUMN forwarded_by TEXT NOT NULL DEFAULT '';

-- Every sync epoch seen in a bundle from a session's own laptop, in the
-- order first seen. A restore on that laptop starts a new epoch with a
-- higher generation; a new laptop (a new key) starts its own. The latest
-- row says what a bundle is: the same epoch merges row by row, a newer one
-- makes this copy equal to the officer's, an older one changes nothing.
-- merge_id is the merge that recorded it: undoing that merge forgets it.
CREATE TABLE session_epochs (
    session_id TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    public_key TEXT NOT NULL,
    epoch      TEXT NOT NULL,
    generation INTEGER NOT NULL,
    merge_id   TEXT,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- The officer's own follow-up (JSON) when the coordinator closed it
-- differently: it may hold a police report number, so it is kept and shown.
ALTER TABLE questions ADD COLUMN officer_followup TEXT NOT NULL DEFAULT '';
