package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"gonghui"
)

// Bucket is one slice of a breakdown: a key (an ownership, a section
// letter, a code, a band, a month) and how many records fall in it.
type Bucket struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Age bands of MembersByAgeBand, youngest first (the domain's).
const (
	AgeUnder25 = gonghui.AgeUnder25
	Age25to34  = gonghui.Age25to34
	Age35to44  = gonghui.Age35to44
	Age45to54  = gonghui.Age45to54
	Age55Plus  = gonghui.Age55Plus
)

// AgeBands lists the bands in order.
var AgeBands = gonghui.AgeBands

// The same conditions as ComputeStats, so that breakdowns add up to its figures.
const (
	// orgAlive holds for unions in existence on the day (orgSpan): founded
	// (registered, for want of a founding date) and not yet dissolved.
	// Its arguments are orgAliveArgs.
	orgAlive   = `((o.founded_on IS NULL AND o.created_at < ?) OR o.founded_on <= ?) AND (o.dissolved_on IS NULL OR o.dissolved_on > ?)`
	memberHeld = memberSince + ` <= ? AND (m.left_on IS NULL OR m.left_on > ?)`
)

// orgAliveArgs are orgAlive's arguments for a day: registered before the
// day after it began in Shanghai, or founded by then.
func orgAliveArgs(on gonghui.Date) []any {
	y, m, d := on.Parts()
	return []any{time.Date(y, m, d+1, 0, 0, 0, 0, gonghui.Shanghai).Unix(), on, on}
}

// buckets runs a query selecting (key, count) over an org's subtree; the
// query's first placeholders are pre's, then the scope's, then post's.
func (s *Store) buckets(ctx context.Context, a gonghui.Actor, orgID int64, query func(scope string) string, pre []any, post ...any) ([]Bucket, error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	scope, sargs := scopeClause("o.path", sa)
	args := append(append(append([]any{}, pre...), sargs...), post...)
	q := query(scope)
	out, err := cached(ctx, c, &s.cache, "buckets:"+fmt.Sprint(q, args), func() ([]Bucket, error) {
		out := []Bucket{}
		var b Bucket
		err := c.eachRow(ctx, q, args, []any{&b.Key, &b.Count}, func() { out = append(out, b) })
		return out, err
	})
	return slices.Clone(out), err // callers may fill and reorder their copy
}

// resultCache keeps answers computed from many records — breakdowns, the
// figures of subtrees without an aggregate — until the data changes. Every
// change is audited in its own transaction, so the newest audit event
// dates the data: one indexed read tells whether an answer still holds.
// (On PostgreSQL an older transaction may commit after a newer one; an
// answer is also never kept longer than resultCacheAge.)
type resultCache struct {
	mu      sync.Mutex
	version int64
	m       map[string]cachedResult
}

type cachedResult struct {
	value any
	at    time.Time
}

const (
	resultCacheSize = 4096 // a few hundred dashboards
	resultCacheAge  = time.Minute
)

// cached returns compute's answer for key, computed again when the data
// changed since it was kept. Answers are shared: callers must not change
// them.
func cached[T any](ctx context.Context, c conn, rc *resultCache, key string, compute func() (T, error)) (T, error) {
	var version int64
	if err := c.row(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_events`).Scan(&version); err != nil {
		var zero T
		return zero, err
	}
	rc.mu.Lock()
	if r, ok := rc.m[key]; ok && rc.version == version && time.Since(r.at) < resultCacheAge {
		rc.mu.Unlock()
		return r.value.(T), nil
	}
	rc.mu.Unlock()
	out, err := compute()
	if err != nil {
		return out, err
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.version != version || rc.m == nil || len(rc.m) >= resultCacheSize {
		rc.version, rc.m = version, map[string]cachedResult{}
	}
	rc.m[key] = cachedResult{out, time.Now()}
	return out, nil
}

// UnitsByOwnership counts the units covered by the subtree's unions in
// existence on the day, by ownership, largest first.
func (s *Store) UnitsByOwnership(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) ([]Bucket, error) {
	return s.buckets(ctx, a, orgID, func(scope string) string {
		return `SELECT u.ownership, count(*) FROM units u JOIN orgs o ON o.id = u.org_id
			WHERE ` + scope + ` AND ` + orgAlive + ` GROUP BY u.ownership ORDER BY 2 DESC, 1`
	}, nil, orgAliveArgs(on)...)
}

// UnitsByIndustrySection counts the same units by GB/T 4754 section
// letter: a unit coded with a division counts under its section, a unit
// without a code under "".
func (s *Store) UnitsByIndustrySection(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) ([]Bucket, error) {
	return s.buckets(ctx, a, orgID, func(scope string) string {
		return `SELECT COALESCE(i.section, ''), count(*) FROM units u JOIN orgs o ON o.id = u.org_id
			LEFT JOIN industries i ON i.code = u.industry_code
			WHERE ` + scope + ` AND ` + orgAlive + ` GROUP BY COALESCE(i.section, '') ORDER BY 2 DESC, 1`
	}, nil, orgAliveArgs(on)...)
}

// MembersByEmployment counts the memberships held on the day by form of
// employment ("" where none was recorded), largest first.
func (s *Store) MembersByEmployment(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) ([]Bucket, error) {
	return s.buckets(ctx, a, orgID, func(scope string) string {
		return `SELECT p.employment, count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id JOIN persons p ON p.id = m.person_id
			WHERE ` + scope + ` AND ` + memberHeld + ` GROUP BY p.employment ORDER BY 2 DESC, 1`
	}, nil, on, on)
}

// MembersByAgeBand counts the memberships held on the day by the member's
// age on that day, in the order of AgeBands, every band present.
func (s *Store) MembersByAgeBand(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) ([]Bucket, error) {
	// Someone is at least n years old on the day when born on or before the
	// same month and day n years earlier; the text comparison needs no
	// valid date there (a 29 February cut-off compares correctly too).
	y, m, d := on.Parts()
	cut := func(n int) string { return fmt.Sprintf("%04d-%02d-%02d", y-n, int(m), d) }
	got, err := s.buckets(ctx, a, orgID, func(scope string) string {
		return `SELECT CASE WHEN p.birth_date > ? THEN '` + AgeUnder25 + `' WHEN p.birth_date > ? THEN '` + Age25to34 +
			`' WHEN p.birth_date > ? THEN '` + Age35to44 + `' WHEN p.birth_date > ? THEN '` + Age45to54 + `' ELSE '` + Age55Plus + `' END AS band,
			count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id JOIN persons p ON p.id = m.person_id
			WHERE ` + scope + ` AND ` + memberHeld + ` GROUP BY 1`
	}, []any{cut(25), cut(35), cut(45), cut(55)}, on, on)
	if err != nil {
		return nil, opErr(err, "members by age band")
	}
	return fill(AgeBands, got), nil
}

// MembersJoinedByMonth counts the people who joined the union (入会) in
// the subtree in each of the last months calendar months up to the day
// (keys "2017-03", oldest first, every month present), whether or not they
// are members still. A membership a transfer started is no joining: the
// person joined once, in the month of their join date, at the union they
// joined.
func (s *Store) MembersJoinedByMonth(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date, months int) ([]Bucket, error) {
	if months <= 0 {
		return []Bucket{}, nil
	}
	y, m, _ := on.Parts()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-months, 0)
	keys := make([]string, months)
	for i := range keys {
		keys[i] = first.AddDate(0, i, 0).Format("2006-01")
	}
	got, err := s.buckets(ctx, a, orgID, func(scope string) string {
		return `SELECT substr(m.joined_on, 1, 7), count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id
			WHERE ` + scope + ` AND m.member_since IS NULL AND m.joined_on >= ? AND m.joined_on <= ? GROUP BY substr(m.joined_on, 1, 7)`
	}, nil, first.Format(time.DateOnly), on)
	if err != nil {
		return nil, opErr(err, "members joined by month")
	}
	return fill(keys, got), nil
}

// fill returns a bucket for every key, in order, zero where got has none.
func fill(keys []string, got []Bucket) []Bucket {
	n := map[string]int{}
	for _, b := range got {
		n[b.Key] += b.Count
	}
	out := make([]Bucket, len(keys))
	for i, k := range keys {
		out[i] = Bucket{k, n[k]}
	}
	return out
}
