-- The unions two levels below the city (the streets and the large unions
-- directly under a district) keep maintained aggregates too, so that a
-- district's dashboard reads its next level from them (aggregateDepth in
-- stataggregates.go). Their aggregates start stale: the rebuild that
-- follows a migration counts them from the records.
INSERT INTO stat_aggregates (org_id, stale)
    SELECT id, 1 FROM orgs o WHERE depth = 2 AND NOT EXISTS (SELECT 1 FROM stat_aggregates g WHERE g.org_id = o.id);
