-- A hardship file's sensitive personal data — the description of its
-- causes, the persons' health, the household's incomes and expenses —
-- and what each approval was decided on are sealed at rest, bound to
-- their row, as ID numbers are. Step 39 seals what these columns do not
-- hold yet; 0040 drops the plaintext.
ALTER TABLE hardship_files ADD COLUMN sensitive {{bytes}};
ALTER TABLE hardship_approvals ADD COLUMN sensitive {{bytes}};
