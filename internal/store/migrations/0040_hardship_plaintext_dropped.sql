-- Step 39 sealed the hardship files' sensitive data into their
-- `sensitive` columns: the plaintext goes.
ALTER TABLE hardship_files DROP COLUMN cause_note;
ALTER TABLE hardship_people DROP COLUMN health;
DROP TABLE hardship_amounts;
ALTER TABLE hardship_approvals DROP COLUMN income_fen;
ALTER TABLE hardship_approvals DROP COLUMN rigid_fen;
ALTER TABLE hardship_approvals DROP COLUMN snapshot;
