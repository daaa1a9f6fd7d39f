package store

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gonghui"
)

// resultCache keeps answers computed from the records of a subtree without
// a fresh aggregate — a grassroots union's figures and charts, below the
// aggregated levels — until that subtree's
// data changes: each answer is kept with the subtree's data version
// (stat_versions), which the writes that change its statistics raise in
// their own transaction. Logins, reveals and exports change no version.
// Viewers asking at once for an answer not kept yet wait for one
// computation. (An answer computed while a bulk load holds aggregates or
// one is stale is never kept longer than resultCacheAge: such a load skips
// the statistics and changes versions only when it starts and ends. Any
// other answer is kept as long as its version: a district's dashboard
// keeps one per union of its next level, hundreds, which a minute's age
// would have computed again all at once.)
type resultCache struct {
	mu       sync.Mutex
	m        map[string]cachedResult
	flights  map[string]*flight
	computed atomic.Int64 // answers computed, not found kept
}

// ResultsComputed is how many answers the store has computed from the
// records because none was kept (a metric: what each data change costs
// the dashboards).
func (s *Store) ResultsComputed() int64 { return s.cache.computed.Load() }

type cachedResult struct {
	version int64
	value   any
	at      time.Time
	settled bool // computed while no load held aggregates and none was stale
}

// flight is one computation under way, which later askers wait for.
type flight struct {
	done  chan struct{}
	value any
	err   error
}

const (
	resultCacheSize = 16384 // a few dozen districts' next levels (up to 500 unions each)
	resultCacheAge  = time.Minute
)

// globalVersion is the stat_versions row that every answer depends on.
const globalVersion = 0

// dataVersion is the version of the data of an org's subtree, and whether
// the data is settled: no load holds aggregates and none is stale.
func (c conn) dataVersion(ctx context.Context, orgID int64) (int64, bool, error) {
	versions, settled, err := c.dataVersions(ctx, []int64{orgID})
	return versions[orgID], settled, err
}

// dataVersions is dataVersion of many subtrees in one query (a district's
// next level, hundreds).
func (c conn) dataVersions(ctx context.Context, orgIDs []int64) (map[int64]int64, bool, error) {
	in, args := inList("org_id", append([]int64{globalVersion}, orgIDs...))
	own := map[int64]int64{}
	var id, v int64
	err := c.eachRow(ctx, `SELECT org_id, version FROM stat_versions WHERE `+in+`
		UNION ALL SELECT -1, CASE WHEN EXISTS (SELECT 1 FROM stat_holds)
			OR EXISTS (SELECT 1 FROM stat_aggregates WHERE stale <> 0) THEN 1 ELSE 0 END`,
		args, []any{&id, &v}, func() { own[id] = v })
	versions := make(map[int64]int64, len(orgIDs))
	for _, id := range orgIDs {
		versions[id] = own[globalVersion] + own[id]
	}
	return versions, own[-1] == 0, err
}

// bumpVersions raises the data versions of the given orgs, in one order
// so that concurrent writers on PostgreSQL lock the rows alike.
func (c conn) bumpVersions(ctx context.Context, orgIDs ...int64) error {
	ids := slices.Compact(slices.Sorted(slices.Values(orgIDs)))
	rows := make([][]any, len(ids))
	for i, id := range ids {
		rows[i] = []any{id, 1}
	}
	return writeRows(ctx, c, "stat_versions", []string{"org_id", "version"}, rows,
		` ON CONFLICT (org_id) DO UPDATE SET version = stat_versions.version + 1`)
}

// bumpTouched raises the versions of the unions above the records whose
// events a write read (the paths its statistics touch saw), from
// versionedDepth down: the levels above are read from their aggregates,
// never kept.
func (c conn) bumpTouched(ctx context.Context, sinks ...*eventSink) error {
	seen := map[int64]bool{}
	for _, s := range sinks {
		for path := range s.cache {
			ids := gonghui.PathIDs(path)
			for _, id := range ids[min(versionedDepth, len(ids)):] {
				seen[id] = true
			}
		}
	}
	if len(seen) == 0 {
		return nil
	}
	return c.bumpVersions(ctx, slices.Collect(maps.Keys(seen))...)
}

// cached returns compute's answer for key over org's subtree, computed
// again when the subtree's data changed since it was kept. Answers are
// shared: callers must not change them. Where org keeps no answers
// (keepsAnswers), it is compute's answer now.
func cached[T any](ctx context.Context, c conn, rc *resultCache, org gonghui.Org, key string, compute func() (T, error)) (T, error) {
	if !c.keepsAnswers(org) {
		return compute()
	}
	version, settled, err := c.dataVersion(ctx, org.ID)
	if err != nil {
		var zero T
		return zero, err
	}
	return keptAt(ctx, rc, org, key, version, settled, compute)
}

// keptAt is cached with the subtree's data version already read.
func keptAt[T any](ctx context.Context, rc *resultCache, org gonghui.Org, key string, version int64, settled bool, compute func() (T, error)) (T, error) {
	var zero T
	key0 := key
	key = org.Path + "\x00" + key
	fkey := key + "\x00" + strconv.FormatInt(version, 10)
	rc.mu.Lock()
	if r, ok := rc.m[key]; ok && r.version == version && (r.settled || time.Since(r.at) < resultCacheAge) {
		rc.mu.Unlock()
		return r.value.(T), nil
	}
	if f, ok := rc.flights[fkey]; ok {
		rc.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		if f.err != nil {
			if ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
				// The viewer who computed it went away; this one has not.
				return keptAt(ctx, rc, org, key0, version, settled, compute)
			}
			return zero, f.err
		}
		return f.value.(T), nil
	}
	f := &flight{done: make(chan struct{})}
	if rc.flights == nil {
		rc.flights = map[string]*flight{}
	}
	rc.flights[fkey] = f
	rc.mu.Unlock()

	rc.computed.Add(1)
	out, err := compute()
	f.value, f.err = out, err
	rc.mu.Lock()
	delete(rc.flights, fkey)
	if err == nil {
		if rc.m == nil || len(rc.m) >= resultCacheSize {
			rc.m = map[string]cachedResult{}
		}
		if r, ok := rc.m[key]; !ok || r.version <= version {
			rc.m[key] = cachedResult{version, out, time.Now(), settled}
		}
	}
	rc.mu.Unlock()
	close(f.done)
	return out, err
}
