package store

import "context"

// clusterStatDeltasIdentity stands in for the code of the Go step below
// (see seedReferenceIdentity).
const clusterStatDeltasIdentity = "go:clusterStatDeltas v1"

// clusterStatDeltas makes SQLite keep stat_deltas in the order of its key
// (WITHOUT ROWID): an aggregate's rows are read as a range of its key,
// and a table ordered by rowid beside an index of the key read each row
// twice, first in the index and then in the table, and wrote it twice.
// The rows are five or six columns, the case SQLite's own advice names.
// PostgreSQL keeps its tables as heaps: nothing to do.
func clusterStatDeltas(ctx context.Context, c conn) error {
	if c.s.engine != SQLite {
		return nil
	}
	for _, stmt := range []string{
		`CREATE TABLE stat_deltas_clustered (
			org_id BIGINT NOT NULL,
			grain  TEXT NOT NULL,
			at     TEXT NOT NULL,
			key    TEXT NOT NULL,
			delta  BIGINT NOT NULL,
			family TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (org_id, grain, at, key)
		) WITHOUT ROWID`,
		`INSERT INTO stat_deltas_clustered (org_id, grain, at, key, delta, family)
			SELECT org_id, grain, at, key, delta, family FROM stat_deltas ORDER BY org_id, grain, at, key`,
		`DROP TABLE stat_deltas`,
		`ALTER TABLE stat_deltas_clustered RENAME TO stat_deltas`,
	} {
		if _, err := c.exec(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}
