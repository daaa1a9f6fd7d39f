-- A union's active children are counted on every row of the union list
-- and of a dashboard's next level: through orgs_parent each child's row
-- was read for its status (a district's next level, 500 unions over
-- 9,000 children, 12 ms on SQLite at full scale). With the status in the
-- index the count reads the index alone, and a list of one union's
-- active children comes in code order without a sort.
CREATE INDEX orgs_children ON orgs (parent_id, status, code);
DROP INDEX orgs_parent;
