-- Privacy on a laptop that may be lost: notes added to a sealed
-- confidential question, and sessions whose personal data the retention
-- setting removed.

-- sealed_notes is a JSON list of {"at": time, "note": an age message to the
-- coordinator's keys}, '' when there is none. A sealed question's text
-- column holds an age message too (its text, asker and answer), never the
-- text itself.
ALTER TABLE questions ADD COLUMN sealed_notes TEXT NOT NULL DEFAULT '';

-- purged_at: when the retention setting removed names, phones, villages and
-- photos (ages became their age band). Local: it never travels.
ALTER TABLE sessions ADD COLUMN purged_at TEXT;

-- An import can be undone for UndoDays; after that the rows it replaced
-- (which may hold what was deleted since) are removed from merge_rows and
-- expired_at says when.
ALTER TABLE merges ADD COLUMN expired_at TEXT;

-- Rows deleted before this version kept their content; from now on a
-- deletion removes it (secure_delete overwrites the freed bytes).
UPDATE participants SET name = '', name_key = '', age = NULL, village = '', phone = '', consent = 0,
    guardian_present = NULL WHERE deleted_at IS NOT NULL;
UPDATE questions SET text = '', asked_by = NULL, answer = '', referred_to = '', closed_note = '',
    officer_followup = '' WHERE deleted_at IS NOT NULL;
UPDATE photos SET image = x'', caption = '', sha256 = '' WHERE deleted_at IS NOT NULL;

-- Confidential questions still in clear, found fast when a coordinator key
-- is set to seal them.
CREATE INDEX questions_clear_confidential ON questions (id)
    WHERE confidential = 1 AND deleted_at IS NULL AND substr(text, 1, 34) <> '-----BEGIN AGE ENCRYPTED FILE-----';
