-- A transfer ends the old membership on the day it is accepted and starts
-- the new one that day. The new membership keeps the person's original
-- join date (joined_on, 入会日期, for seniority); member_since is the day
-- it is held from when that differs: set by a transfer, NULL for a join.
-- Memberships started by transfers before this step are held from their
-- transfer's day (the old membership's left_on) instead of twice over.
ALTER TABLE memberships ADD COLUMN member_since TEXT;
UPDATE memberships SET member_since = (
    SELECT old.left_on FROM transfers t JOIN memberships old ON old.id = t.membership_id
    WHERE t.new_membership_id = memberships.id AND t.status = 'accepted')
WHERE id IN (SELECT new_membership_id FROM transfers WHERE status = 'accepted' AND new_membership_id IS NOT NULL);

-- Each bulk load that sets an aggregate aside holds it until the load
-- ends: an aggregate is rebuilt and read again only when no load holds
-- it. A hold whose import no longer runs is released by the next rebuild.
CREATE TABLE stat_holds (
    org_id    BIGINT NOT NULL,
    import_id BIGINT NOT NULL,
    PRIMARY KEY (org_id, import_id)
);

-- The transferred memberships' figures changed: rebuild every aggregate.
UPDATE stat_aggregates SET stale = 1;
