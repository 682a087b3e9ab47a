-- Answer sheets in a third of the space (store/answers_binary.go says how):
-- a year of a province holds a million of them, and their text ids and
-- times were most of the file. The rows move to answer_sheets; the view
-- quiz_answers shows them exactly as the table of that name held them, so
-- bundles, conflicts, the undo log and any query read the same values.
-- The dollar calls are store/answers_binary.go's translations, spelt out when the
-- migration is loaded. The old table is checked against the view and
-- dropped by Go code in the same transaction (migrate.go).
ALTER TABLE quiz_answers RENAME TO quiz_answers_0009;

CREATE TABLE answer_sheets (
    id             BLOB NOT NULL PRIMARY KEY,
    participant_id BLOB NOT NULL,
    phase          INTEGER NOT NULL CHECK (phase IN (0, 1)),
    choices        TEXT NOT NULL,
    layout         INTEGER,
    created_at     BLOB NOT NULL,
    updated_at     BLOB NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    deleted_at     TEXT,
    source         TEXT NOT NULL DEFAULT '',
    UNIQUE (participant_id, phase)
);

INSERT INTO answer_sheets (id, participant_id, phase, choices, layout, created_at, updated_at, version, deleted_at, source)
SELECT $ID_KEY(id), $ID_KEY(participant_id), $PHASE_KEY(phase), choices, layout, $TIME_KEY(created_at),
       $UPDATED_KEY(created_at, updated_at), version, deleted_at, source
  FROM quiz_answers_0009 ORDER BY rowid;

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
