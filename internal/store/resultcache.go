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
// a fresh aggregate — a street's figures and charts — until that subtree's
// data changes: each answer is kept with the subtree's data version
// (stat_versions), which the writes that change its statistics raise in
// their own transaction. Logins, reveals and exports change no version.
// Viewers asking at once for an answer not kept yet wait for one
// computation. (An answer is also never kept longer than resultCacheAge:
// a bulk load that skips the statistics changes versions only when it
// starts and ends.)
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
}

// flight is one computation under way, which later askers wait for.
type flight struct {
	done  chan struct{}
	value any
	err   error
}

const (
	resultCacheSize = 4096 // a few hundred dashboards
	resultCacheAge  = time.Minute
)

// globalVersion is the stat_versions row that every answer depends on.
const globalVersion = 0

// dataVersion is the version of the data of an org's subtree.
func (c conn) dataVersion(ctx context.Context, orgID int64) (int64, error) {
	var v int64
	err := c.row(ctx, `SELECT COALESCE(SUM(version), 0) FROM stat_versions WHERE org_id IN (?, ?)`, globalVersion, orgID).Scan(&v)
	return v, err
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
// events a write read (the paths its statistics touch saw), below the
// aggregated levels: those are read from their aggregates, never cached.
func (c conn) bumpTouched(ctx context.Context, sinks ...*eventSink) error {
	seen := map[int64]bool{}
	for _, s := range sinks {
		for path := range s.cache {
			ids := gonghui.PathIDs(path)
			for _, id := range ids[min(aggregateDepth+1, len(ids)):] {
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
// shared: callers must not change them.
func cached[T any](ctx context.Context, c conn, rc *resultCache, org gonghui.Org, key string, compute func() (T, error)) (T, error) {
	var zero T
	version, err := c.dataVersion(ctx, org.ID)
	if err != nil {
		return zero, err
	}
	key0 := key
	key = org.Path + "\x00" + key
	fkey := key + "\x00" + strconv.FormatInt(version, 10)
	rc.mu.Lock()
	if r, ok := rc.m[key]; ok && r.version == version && time.Since(r.at) < resultCacheAge {
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
				return cached(ctx, c, rc, org, key0, compute)
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
			rc.m[key] = cachedResult{version, out, time.Now()}
		}
	}
	rc.mu.Unlock()
	close(f.done)
	return out, err
}
