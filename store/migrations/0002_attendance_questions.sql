-- Attendance (daftar hadir) and the questions participants ask.
-- No NIK is ever stored. A phone is stored only with consent to be contacted.
CREATE TABLE participants (
    id               TEXT PRIMARY KEY,
    session_id       TEXT NOT NULL REFERENCES sessions (id),
    number           INTEGER NOT NULL,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,
    gender           TEXT NOT NULL CHECK (gender IN ('L', 'P')),
    age              INTEGER CHECK (age IS NULL OR age BETWEEN 0 AND 120),
    category         TEXT NOT NULL DEFAULT 'umum',
    village          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    consent          INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    guardian_present INTEGER CHECK (guardian_present IS NULL OR guardian_present IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    deleted_at       TEXT,
    CHECK (phone = '' OR consent = 1)
);

CREATE INDEX participants_by_session ON participants (session_id, number);

CREATE TABLE questions (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES sessions (id),
    number       INTEGER NOT NULL,
    text         TEXT NOT NULL,
    asked_by     TEXT REFERENCES participants (id),
    topic        TEXT NOT NULL DEFAULT 'lainnya',
    answer       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'answered' CHECK (status IN ('answered', 'follow_up', 'referred')),
    referred_to  TEXT NOT NULL DEFAULT '',
    urgent       INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
    closed_on    TEXT,
    closed_note  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT
);

CREATE INDEX questions_by_session ON questions (session_id, number);
CREATE INDEX questions_open ON questions (status) WHERE closed_on IS NULL AND status <> 'answered' AND deleted_at IS NULL;
