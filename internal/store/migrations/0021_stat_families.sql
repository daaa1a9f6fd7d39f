-- A bulk load sets aside only the statistics families its records feed
-- (a contracts load: the contracts and their coverage), and the rebuild
-- after it recounts only those: each aggregate row names the family whose
-- events it holds, and stat_stale_families lists the families of an
-- aggregate set aside while the aggregate itself is not stale (stale = 1
-- still sets every family aside). An aggregate with either is not read.
ALTER TABLE stat_deltas ADD COLUMN family TEXT NOT NULL DEFAULT '';

CREATE TABLE stat_stale_families (
    org_id BIGINT NOT NULL,
    family TEXT NOT NULL,
    PRIMARY KEY (org_id, family)
);

-- The rows kept so far name no family: rebuild every aggregate.
UPDATE stat_aggregates SET stale = 1;
