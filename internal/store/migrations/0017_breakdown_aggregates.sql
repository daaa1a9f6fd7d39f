-- The dashboard's charts are kept in the statistics' aggregates too
-- (breakdowns.go): every aggregate lacks their events until it is rebuilt.
UPDATE stat_aggregates SET stale = 1;

-- Answers computed from the records of a subtree without an aggregate are
-- kept until that subtree's data changes: each write that changes a
-- statistic adds one to the version of every union above the records it
-- changed (below the aggregated levels), and bulk changes add one to the
-- version of org 0, which every answer reads too.
CREATE TABLE stat_versions (
    org_id  BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
