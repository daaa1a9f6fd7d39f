-- The member list searches inside its scope: each membership keeps its
-- union's path, the union's ancestors at the district and street levels
-- (0 when the union lies above them) and the person's name and pinyin
-- initials, so that a district, a street and a single union each read an
-- index range bounded by their own matches, and pages follow by key. The
-- writers keep these columns with the union's path and the person's name
-- (memberKeys); this fills them for the rows written before.

ALTER TABLE memberships ADD COLUMN org_path {{path}} NOT NULL DEFAULT '';
ALTER TABLE memberships ADD COLUMN scope1_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN scope2_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN name {{ctext}} NOT NULL DEFAULT '';
ALTER TABLE memberships ADD COLUMN name_initials {{ctext}} NOT NULL DEFAULT '';

WITH RECURSIVE k(id, path, lvl, s1, s2) AS (
    SELECT id, path, 0, CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM orgs WHERE parent_id IS NULL
    UNION ALL
    SELECT o.id, o.path, k.lvl + 1,
        CASE WHEN k.lvl + 1 = 1 THEN o.id ELSE k.s1 END,
        CASE WHEN k.lvl + 1 = 2 THEN o.id ELSE k.s2 END
    FROM orgs o JOIN k ON o.parent_id = k.id
)
UPDATE memberships SET org_path = k.path, scope1_id = k.s1, scope2_id = k.s2, name = p.name, name_initials = p.name_initials
FROM k, persons p
WHERE k.id = memberships.org_id AND p.id = memberships.person_id;

CREATE INDEX IF NOT EXISTS memberships_tree ON memberships(status, org_path, id);
CREATE INDEX IF NOT EXISTS memberships_name ON memberships(status, name, id);
CREATE INDEX IF NOT EXISTS memberships_initials ON memberships(status, name_initials, name, id);
CREATE INDEX IF NOT EXISTS memberships_s1_name ON memberships(scope1_id, status, name, id);
CREATE INDEX IF NOT EXISTS memberships_s1_initials ON memberships(scope1_id, status, name_initials, name, id);
CREATE INDEX IF NOT EXISTS memberships_s2_name ON memberships(scope2_id, status, name, id);
CREATE INDEX IF NOT EXISTS memberships_s2_initials ON memberships(scope2_id, status, name_initials, name, id);
CREATE INDEX IF NOT EXISTS memberships_org_name ON memberships(org_id, status, name, id);
CREATE INDEX IF NOT EXISTS memberships_org_initials ON memberships(org_id, status, name_initials, name, id);
