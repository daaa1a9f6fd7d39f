-- Nothing reads persons by name or by pinyin initials any more: the member
-- list searches the memberships' own keys (migration 16), the duplicate
-- check reads persons_name_birth. The two indexes only slowed every write
-- of a person and a first load's index build.
DROP INDEX IF EXISTS persons_name;
DROP INDEX IF EXISTS persons_initials;
