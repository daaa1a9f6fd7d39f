-- Whether any aggregate is stale is asked before every answer kept by
-- data version (a district's dashboard asks it once per union of its
-- next level): with every union down to depth 2 keeping an aggregate,
-- ten thousand at full scale, a scan each time. The stale ones are few
-- and short-lived: an index of them alone.
CREATE INDEX stat_aggregates_stale ON stat_aggregates (org_id) WHERE stale <> 0;
