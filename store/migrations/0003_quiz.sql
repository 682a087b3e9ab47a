-- Pre-test and post-test. A session snapshots the quiz items it uses from
-- its content pack, so scoring and reports never depend on that pack
-- version still being installed. Scores are computed, never stored.
CREATE TABLE quiz_items (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES sessions (id),
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    phase        TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'both')),
    text         TEXT NOT NULL,
    options      TEXT NOT NULL,
    letters      TEXT NOT NULL,
    answer       INTEGER NOT NULL,
    explanation  TEXT NOT NULL DEFAULT '',
    topic        TEXT NOT NULL DEFAULT '',
    pack_id      TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT,
    UNIQUE (session_id, question_id)
);

CREATE INDEX quiz_items_by_session ON quiz_items (session_id, position);

-- One row per participant and phase: the option chosen for each item.
CREATE TABLE quiz_answers (
    id             TEXT PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES sessions (id),
    participant_id TEXT NOT NULL REFERENCES participants (id),
    phase          TEXT NOT NULL CHECK (phase IN ('pre', 'post')),
    choices        TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted_at     TEXT,
    UNIQUE (participant_id, phase)
);

CREATE INDEX quiz_answers_by_session ON quiz_answers (session_id, phase);

-- Show of hands: per item and phase, either the count for each option or
-- just how many answered correctly out of how many present.
CREATE TABLE quiz_tallies (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    item_id    TEXT NOT NULL REFERENCES quiz_items (id),
    phase      TEXT NOT NULL CHECK (phase IN ('pre', 'post')),
    counts     TEXT NOT NULL DEFAULT '[]',
    correct    INTEGER,
    present    INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    UNIQUE (item_id, phase)
);
