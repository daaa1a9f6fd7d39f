-- Casework kept before gonghui, imported: each line of a hotline log or a
-- case register once (import_key: the register's number, else the line),
-- and a group case's number of workers when the register names its lead
-- party only.
ALTER TABLE rights_intakes ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX rights_intakes_import ON rights_intakes(import_key);
ALTER TABLE rights_cases ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX rights_cases_import ON rights_cases(import_key);
ALTER TABLE rights_cases ADD COLUMN worker_count BIGINT NOT NULL DEFAULT 0;
