-- Answer sheets stored compactly, and the session list counted from
-- indexes. A sheet's choices were a JSON object keyed by 36-character quiz
-- item ids (about 740 bytes for 18 letters);
-- now the item ids of a sheet are kept once per session and test in
-- quiz_layouts (sorted, comma-separated) and the sheet holds one letter per
-- item in that order: A for the first option, B for the second…, - for a
-- blank. A layout never changes once written, so a sheet reads back the
-- same whatever happens to the session's quiz later (items reordered,
-- deleted or added by a bundle).
--
-- This is storage only: bundles, conflicts and the import undo log carry
-- choices as JSON exactly as before. A row whose layout is NULL, or whose
-- choices start with { or n, is JSON as an older version wrote it (a sheet
-- that does not fit the letters: an odd key, a choice beyond Z, no
-- answers); every reader understands both.
CREATE TABLE quiz_layouts (
    id    INTEGER PRIMARY KEY,
    items TEXT NOT NULL UNIQUE
);

ALTER TABLE quiz_answers ADD COLUMN layout INTEGER;

CREATE TEMP TABLE compact_answers AS
SELECT a.id,
       (SELECT group_concat(j.key, ',' ORDER BY j.key) FROM json_each(a.choices) j) AS items,
       (SELECT group_concat(CASE WHEN j.value = -1 THEN '-' ELSE char(65 + j.value) END, '' ORDER BY j.key)
          FROM json_each(a.choices) j) AS letters
  FROM quiz_answers a
 WHERE json_valid(a.choices) AND json_type(a.choices) = 'object'
   AND EXISTS (SELECT 1 FROM json_each(a.choices))
   AND NOT EXISTS (SELECT 1 FROM json_each(a.choices) j
                    WHERE j.type <> 'integer' OR j.value < -1 OR j.value > 25
                       OR j.key = '' OR j.key GLOB '*[^0-9a-zA-Z._-]*')
   AND (SELECT count(*) FROM json_each(a.choices)) = (SELECT count(DISTINCT key) FROM json_each(a.choices));

INSERT OR IGNORE INTO quiz_layouts (items) SELECT DISTINCT items FROM temp.compact_answers ORDER BY items;

UPDATE quiz_answers SET choices = c.letters, layout = l.id
  FROM temp.compact_answers c JOIN quiz_layouts l ON l.items = c.items
 WHERE quiz_answers.id = c.id;

DROP TABLE temp.compact_answers;

-- The session list counts each session's live people and questions; with
-- deleted_at in these indexes the counts read the index alone (10,000
-- sessions: 600,000 people).
DROP INDEX participants_by_session;
CREATE INDEX participants_by_session ON participants (session_id, number, deleted_at);
DROP INDEX questions_by_session;
CREATE INDEX questions_by_session ON questions (session_id, number, deleted_at);
