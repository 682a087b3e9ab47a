-- Answer sheets in a third of the space (store/answers_binary.go says how):
-- a year of a province holds a million of them, and their text ids and
-- times were most of the file. The rows move to answer_sheets; the view
-- quiz_answers shows them exactly as the table of that name held them, so
-- bundles, conflicts, the undo log and any query read the same values.
-- The dollar calls are store/answers_binary.go's translations, spelt out when the
-- migration is loaded. The old table is checked against the view and
-- dropped by Go code in the same transaction (migrate.go).
ALTER TABLE quiz_answers RENAME TO quiz_answers_0009;

-- Kept in the order of its natural key (one sheet per person and test),
-- so that no second index of that key is needed.
CREATE TABLE answer_sheets (
    id             BLOB NOT NULL UNIQUE,
    participant_id BLOB NOT NULL,
    phase          INTEGER NOT NULL CHECK (phase IN (0, 1)),
    choices        TEXT NOT NULL,
    layout         INTEGER,
    created_at     BLOB NOT NULL,
    updated_at     BLOB NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted_at     TEXT,
    source         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (participant_id, phase)
) WITHOUT ROWID;

INSERT INTO answer_sheets (id, participant_id, phase, choices, layout, created_at, updated_at, version, deleted_at, source)
SELECT $ID_KEY(id), $ID_KEY(participant_id), $PHASE_KEY(phase), choices, layout, $TIME_KEY(created_at),
       $UPDATED_KEY(created_at, updated_at), version, deleted_at, source
  FROM quiz_answers_0009 ORDER BY rowid;

-- A layout is found by its first item and then compared whole: the unique
-- index of whole layouts (ten ids each) was as big as the layouts. Two rows
-- with the same items would only be two names for one layout.
CREATE TEMP TABLE quiz_layouts_0010 AS SELECT * FROM quiz_layouts;
DROP TABLE quiz_layouts;
CREATE TABLE quiz_layouts (
    id    INTEGER PRIMARY KEY,
    items TEXT NOT NULL
);
CREATE INDEX quiz_layouts_by_first ON quiz_layouts (substr(items, 1, 37));
INSERT INTO quiz_layouts (id, items) SELECT id, items FROM temp.quiz_layouts_0010 ORDER BY id;

-- A sheet's session is its person's. The join reads both ways: by person
-- from a session's people (participants_by_session, then the sheets'
-- unique index), or by sheet.
CREATE VIEW quiz_answers AS
SELECT $ID_TEXT(a.id) AS id,
       p.session_id AS session_id,
       p.id AS participant_id,
       $PHASE_TEXT(a.phase) AS phase,
       a.choices AS choices,
       $TIME_TEXT(a.created_at) AS created_at,
       $UPDATED_TEXT(a.created_at, a.updated_at) AS updated_at,
       a.version AS version,
       a.deleted_at AS deleted_at,
       a.layout AS layout,
       a.source AS source
  FROM answer_sheets a JOIN participants p
    ON a.participant_id = $ID_KEY(p.id) AND p.id = $ID_TEXT(a.participant_id);

-- What the foreign keys of quiz_answers did, and the session rule.
CREATE TRIGGER answer_sheets_person BEFORE INSERT ON answer_sheets
WHEN NOT EXISTS (SELECT 1 FROM participants WHERE id = $ID_TEXT(NEW.participant_id))
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;

CREATE TRIGGER answer_sheets_person_changed BEFORE UPDATE OF participant_id ON answer_sheets
WHEN NOT EXISTS (SELECT 1 FROM participants WHERE id = $ID_TEXT(NEW.participant_id))
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;

CREATE TRIGGER participants_answered BEFORE DELETE ON participants
WHEN EXISTS (SELECT 1 FROM answer_sheets WHERE participant_id = $ID_KEY(OLD.id))
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;

CREATE TRIGGER participants_answered_moved BEFORE UPDATE OF id, session_id ON participants
WHEN (NEW.id IS NOT OLD.id OR NEW.session_id IS NOT OLD.session_id)
 AND EXISTS (SELECT 1 FROM answer_sheets WHERE participant_id = $ID_KEY(OLD.id))
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;

-- Writes through the view, for any code that still writes quiz_answers.
CREATE TRIGGER quiz_answers_insert INSTEAD OF INSERT ON quiz_answers
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed')
     WHERE NOT EXISTS (SELECT 1 FROM participants WHERE id = NEW.participant_id AND session_id = NEW.session_id);
    INSERT INTO answer_sheets (id, participant_id, phase, choices, layout, created_at, updated_at, version, deleted_at, source)
    VALUES ($ID_KEY(NEW.id), $ID_KEY(NEW.participant_id), $PHASE_KEY(NEW.phase), NEW.choices, NEW.layout,
            $TIME_KEY(NEW.created_at), $UPDATED_KEY(NEW.created_at, NEW.updated_at), coalesce(NEW.version, 1),
            NEW.deleted_at, coalesce(NEW.source, ''));
END;

CREATE TRIGGER quiz_answers_update INSTEAD OF UPDATE ON quiz_answers
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed')
     WHERE NOT EXISTS (SELECT 1 FROM participants WHERE id = NEW.participant_id AND session_id = NEW.session_id);
    UPDATE answer_sheets SET id = $ID_KEY(NEW.id), participant_id = $ID_KEY(NEW.participant_id),
           phase = $PHASE_KEY(NEW.phase), choices = NEW.choices, layout = NEW.layout,
           created_at = $TIME_KEY(NEW.created_at), updated_at = $UPDATED_KEY(NEW.created_at, NEW.updated_at),
           version = NEW.version, deleted_at = NEW.deleted_at, source = NEW.source
     WHERE id = $ID_KEY(OLD.id);
END;

CREATE TRIGGER quiz_answers_delete INSTEAD OF DELETE ON quiz_answers
BEGIN
    DELETE FROM answer_sheets WHERE id = $ID_KEY(OLD.id);
END;

-- And a quiz item's text once per pack version, not once per session: every
-- session of a pack version snapshots the same questions, options and
-- explanations (a year of a province: 120,000 items, a dozen texts). The
-- session's snapshot stays in quiz_item_rows (its id, position, question
-- and times) and points at its text in quiz_texts; the view quiz_items
-- shows the rows exactly as the table of that name held them, and takes
-- writes through its triggers, so no reader or writer changes. A snapshot
-- still never depends on a pack being installed. Go code in migrate.go
-- checks the view against a copy of the old table.
CREATE TEMP TABLE quiz_items_0010 AS SELECT * FROM quiz_items;
CREATE TEMP TABLE quiz_tallies_0010 AS SELECT * FROM quiz_tallies;

CREATE TABLE quiz_texts (
    id           INTEGER PRIMARY KEY,
    text         TEXT NOT NULL,
    options      TEXT NOT NULL,
    letters      TEXT NOT NULL,
    answer       INTEGER NOT NULL,
    explanation  TEXT NOT NULL DEFAULT '',
    topic        TEXT NOT NULL DEFAULT '',
    pack_id      TEXT NOT NULL,
    pack_version TEXT NOT NULL,
    UNIQUE (text, options, letters, answer, explanation, topic, pack_id, pack_version)
);

INSERT OR IGNORE INTO quiz_texts (text, options, letters, answer, explanation, topic, pack_id, pack_version)
SELECT text, options, letters, answer, explanation, topic, pack_id, pack_version FROM quiz_items ORDER BY rowid;

-- Rebuilt rather than altered (ALTER TABLE rereads the whole schema for
-- each column, which every new database paid). The show of hands points
-- at the rows' table now.
DROP TABLE quiz_tallies;
DROP TABLE quiz_items;

CREATE TABLE quiz_item_rows (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL REFERENCES sessions (id),
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    phase        TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'both')),
    text_id      INTEGER NOT NULL REFERENCES quiz_texts (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted_at   TEXT,
    UNIQUE (session_id, question_id)
);

CREATE INDEX quiz_items_by_session ON quiz_item_rows (session_id, position);

INSERT INTO quiz_item_rows (id, session_id, position, question_id, phase, text_id, created_at, updated_at, version, deleted_at)
SELECT i.id, i.session_id, i.position, i.question_id, i.phase,
       (SELECT t.id FROM quiz_texts t WHERE t.text = i.text AND t.options = i.options AND t.letters = i.letters
           AND t.answer = i.answer AND t.explanation = i.explanation AND t.topic = i.topic
           AND t.pack_id = i.pack_id AND t.pack_version = i.pack_version),
       i.created_at, i.updated_at, i.version, i.deleted_at
  FROM temp.quiz_items_0010 i ORDER BY i.rowid;

CREATE TABLE quiz_tallies (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    item_id    TEXT NOT NULL REFERENCES quiz_item_rows (id),
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

INSERT INTO quiz_tallies SELECT * FROM temp.quiz_tallies_0010 ORDER BY rowid;

CREATE VIEW quiz_items AS
SELECT r.id AS id, r.session_id AS session_id, r.position AS position, r.question_id AS question_id,
       r.phase AS phase, t.text AS text, t.options AS options, t.letters AS letters, t.answer AS answer,
       t.explanation AS explanation, t.topic AS topic, t.pack_id AS pack_id, t.pack_version AS pack_version,
       r.created_at AS created_at, r.updated_at AS updated_at, r.version AS version, r.deleted_at AS deleted_at
  FROM quiz_item_rows r JOIN quiz_texts t ON t.id = r.text_id;

CREATE TRIGGER quiz_items_insert INSTEAD OF INSERT ON quiz_items
BEGIN
    INSERT INTO quiz_texts (text, options, letters, answer, explanation, topic, pack_id, pack_version)
    VALUES (NEW.text, NEW.options, NEW.letters, NEW.answer, coalesce(NEW.explanation, ''), coalesce(NEW.topic, ''),
            NEW.pack_id, NEW.pack_version)
    ON CONFLICT (text, options, letters, answer, explanation, topic, pack_id, pack_version) DO NOTHING;
    INSERT INTO quiz_item_rows (id, session_id, position, question_id, phase, created_at, updated_at, version,
            deleted_at, text_id)
    VALUES (NEW.id, NEW.session_id, NEW.position, NEW.question_id, NEW.phase, NEW.created_at, NEW.updated_at,
            coalesce(NEW.version, 1), NEW.deleted_at,
            (SELECT id FROM quiz_texts WHERE text = NEW.text AND options = NEW.options AND letters = NEW.letters
                AND answer = NEW.answer AND explanation = coalesce(NEW.explanation, '')
                AND topic = coalesce(NEW.topic, '') AND pack_id = NEW.pack_id AND pack_version = NEW.pack_version));
END;

CREATE TRIGGER quiz_items_update INSTEAD OF UPDATE ON quiz_items
BEGIN
    INSERT INTO quiz_texts (text, options, letters, answer, explanation, topic, pack_id, pack_version)
    VALUES (NEW.text, NEW.options, NEW.letters, NEW.answer, NEW.explanation, NEW.topic, NEW.pack_id, NEW.pack_version)
    ON CONFLICT (text, options, letters, answer, explanation, topic, pack_id, pack_version) DO NOTHING;
    UPDATE quiz_item_rows SET id = NEW.id, session_id = NEW.session_id, position = NEW.position,
           question_id = NEW.question_id, phase = NEW.phase, created_at = NEW.created_at,
           updated_at = NEW.updated_at, version = NEW.version, deleted_at = NEW.deleted_at,
           text_id = (SELECT id FROM quiz_texts WHERE text = NEW.text AND options = NEW.options
                AND letters = NEW.letters AND answer = NEW.answer AND explanation = NEW.explanation
                AND topic = NEW.topic AND pack_id = NEW.pack_id AND pack_version = NEW.pack_version)
     WHERE id = OLD.id;
END;

CREATE TRIGGER quiz_items_delete INSTEAD OF DELETE ON quiz_items
BEGIN
    DELETE FROM quiz_item_rows WHERE id = OLD.id;
END;
