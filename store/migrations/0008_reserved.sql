-- Reserved: the compact answer encoding (another branch) is migration 0008.
-- This placeholder keeps the numbers without gaps on the phone-quiz branch;
-- delete this file when that branch is merged.
SELECT 1;
