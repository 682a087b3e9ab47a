-- The phone quiz (issue 15). source says where an answer sheet came from:
-- '' typed on the laptop (or from before this version), 'phone' answered on
-- a participant's phone over the local network.
ALTER TABLE quiz_answers ADD COLUMN source TEXT NOT NULL DEFAULT '';

-- registered_via: 'phone' for a participant who signed in on a phone and
-- was not on the attendance list ("daftar lewat HP"); '' otherwise.
ALTER TABLE participants ADD COLUMN registered_via TEXT NOT NULL DEFAULT '';
