package store

import (
	"context"

	"gonghui"
)

// StatFamilies names the registered statistics families, for the shared
// test that holds every one of them to its recount.
func StatFamilies() []string {
	names := make([]string, len(statFamilies))
	for i, f := range statFamilies {
		names[i] = f.name
	}
	return names
}

// RecountFamily recounts one family's figures for an org's subtree on a day.
func (s *Store) RecountFamily(ctx context.Context, family string, orgID int64, on gonghui.Date) (map[string]int64, error) {
	c := s.conn()
	org, err := c.getOrg(ctx, gonghui.SystemActor("test"), "o.id = ?", orgID)
	if err != nil {
		return nil, err
	}
	scope, args := scopeClause("o.path", gonghui.Actor{Path: org.Path})
	r := &recount{c: c, ctx: ctx, scope: scope, args: args, actor: gonghui.Actor{Path: org.Path, OrgID: org.ID}, on: on, vals: map[string]int64{}}
	for _, f := range statFamilies {
		if f.name == family {
			f.recount(r)
		}
	}
	return r.vals, r.err
}

// OnRebuildRecounted runs f in each rebuild between its recount and its
// writes.
func (s *Store) OnRebuildRecounted(f func()) { s.recounted = f }

// IsUniqueViolation exposes isUniqueViolation to the external tests, which
// provoke real violations on both engines.
var IsUniqueViolation = isUniqueViolation

// CheckWrites tries, through a check's connection, each way a write could
// be sent, and returns what each answered (nil: it ran).
func (s *Store) CheckWrites(ctx context.Context) []error {
	var b batchTx
	b.s, b.size = s, CheckOnly
	b.begin(ctx)
	_, execErr := b.c.exec(ctx, `UPDATE orgs SET name = name`)
	rows, queryErr := b.c.query(ctx, `DELETE FROM sessions RETURNING id`)
	if rows != nil {
		rows.Close()
	}
	var id int64
	rowErr := b.c.row(ctx, `INSERT INTO sessions (id) VALUES (0) RETURNING id`).Scan(&id)
	return []error{execErr, queryErr, rowErr}
}

// SetRebuildChunkRows sets how many rows a rebuild's write transaction
// adds to a stale aggregate, and returns the previous bound.
func SetRebuildChunkRows(n int) int { old := rebuildChunkRows; rebuildChunkRows = n; return old }

// SetMaxIDsPerRead sets how many unions one read of a rebuild names and
// returns the old bound.
func SetMaxIDsPerRead(n int) int { old := maxIDsPerRead; maxIDsPerRead = n; return old }
