-- Each membership keeps its person's form of employment beside its other
-- search keys (migration 16; the writers keep it with the person:
-- memberKeys, setPersonKeys), so that the members in new forms of
-- employment of a subtree (the new-employment table) are one range of an
-- index on (employment, union path) instead of a scan of every
-- membership joined to its person. This fills it for the rows written
-- before.

ALTER TABLE memberships ADD COLUMN employment TEXT NOT NULL DEFAULT '';

UPDATE memberships SET employment = (SELECT p.employment FROM persons p WHERE p.id = memberships.person_id)
WHERE person_id IN (SELECT id FROM persons WHERE employment <> '');

CREATE INDEX IF NOT EXISTS memberships_employment ON memberships(employment, org_path);
