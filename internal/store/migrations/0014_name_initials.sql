-- Unions and units are found by the pinyin initials of their names too
-- ("cyq" finds 朝阳区总工会), as members are. The initials are filled in by
-- every write and, for the rows written before, at the next start.

ALTER TABLE orgs ADD COLUMN name_initials {{ctext}} NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN name_initials {{ctext}} NOT NULL DEFAULT '';
CREATE INDEX orgs_initials ON orgs(name_initials);
CREATE INDEX units_initials ON units(name_initials);
