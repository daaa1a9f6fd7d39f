-- Every editable record carries a version, raised by one on each update.
-- An edit names the version it was made from and is refused when the
-- record has changed since, so two cadres editing one record cannot
-- overwrite each other silently.

ALTER TABLE orgs ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE memberships ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE contracts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE congresses ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE census_returns ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
