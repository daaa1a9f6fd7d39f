package store

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"math"

	"gonghui"
)

// Stats are the catalogue's indicators for a subtree on a date.
type Stats struct {
	OrgID      int64              `json:"-"`
	Org        string             `json:"org"` // the org's code
	Date       gonghui.Date       `json:"date"`
	Indicators map[string]float64 `json:"indicators"`
	// Rates holds each rate indicator's numerator and denominator, so that
	// rates can be summed up a tree and recomputed rather than averaged.
	Rates map[string]gonghui.RateResult `json:"-"`
}

// statsOrg is the union whose subtree the figures are for: orgID, or the
// top of the actor's scope when 0.
func (c conn) statsOrg(ctx context.Context, a gonghui.Actor, orgID int64) (gonghui.Org, error) {
	if orgID == 0 {
		orgID = a.OrgID
	}
	if orgID == 0 {
		return c.getOrg(ctx, a, "o.parent_id IS NULL AND o.id > ?", 0)
	}
	return c.getOrg(ctx, a, "o.id = ?", orgID)
}

// ComputeStats computes every indicator of the catalogue for an org's
// subtree (0: the actor's scope) on a date: from the maintained aggregates
// down to the streets (aggregateDepth), from the records for smaller
// subtrees.
func (s *Store) ComputeStats(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) (Stats, error) {
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return Stats{}, opErr(err, "compute stats")
	}
	each, err := s.ComputeStatsEach(ctx, a, []gonghui.Org{org}, on)
	if err != nil {
		return Stats{}, err
	}
	st := each[0]
	st.Indicators, st.Rates = maps.Clone(st.Indicators), maps.Clone(st.Rates)
	return st, nil
}

// ComputeStatsEach is ComputeStats of each of a list of unions the actor
// has just read (a dashboard's next level, hundreds): their rows are not
// read again, their data versions are read in one query, and a union's
// figures are kept whole by its version. The answers are shared: callers
// must not change them. A union outside the actor's subtree is refused.
func (s *Store) ComputeStatsEach(ctx context.Context, a gonghui.Actor, orgs []gonghui.Org, on gonghui.Date) ([]Stats, error) {
	c := s.conn()
	defs, err := s.RateDefinitions(ctx)
	if err != nil {
		return nil, opErr(err, "compute stats")
	}
	var keptIDs []int64
	for _, org := range orgs {
		if !gonghui.InSubtree(org.Path, a.Path) {
			return nil, gonghui.ErrNotFound
		}
		if c.keepsAnswers(org) {
			keptIDs = append(keptIDs, org.ID)
		}
	}
	var versions map[int64]int64
	var settled bool
	if len(keptIDs) > 0 {
		if versions, settled, err = c.dataVersions(ctx, keptIDs); err != nil {
			return nil, opErr(err, "compute stats")
		}
	}
	// The figures depend on the rate definitions as well as the data.
	key := fmt.Sprintf("figures:%s:%x", on, ratesDigest(defs))
	out := make([]Stats, len(orgs))
	for i, org := range orgs {
		compute := func() (Stats, error) {
			vals, err := c.freshStatValues(ctx, org, on, famFigures)
			return statsWith(defs, org, on, vals), err
		}
		if c.keepsAnswers(org) {
			out[i], err = keptAt(ctx, &s.cache, org, key, versions[org.ID], settled, compute)
		} else {
			out[i], err = compute()
		}
		if err != nil {
			return nil, opErr(err, "compute stats")
		}
	}
	return out, nil
}

// ratesDigest tells one set of rate definitions from another.
func ratesDigest(defs []gonghui.RateDefinition) uint64 {
	h := fnv.New64a()
	_ = json.NewEncoder(h).Encode(defs)
	return h.Sum64()
}

// RecountStats computes the same figures with plain counting queries over
// the records, independent of the events and aggregates: what `gonghui
// stats --verify` and the tests hold ComputeStats against.
func (s *Store) RecountStats(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) (Stats, error) {
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return Stats{}, opErr(err, "recount stats")
	}
	sa := a
	sa.Path = org.Path
	scope, args := scopeClause("o.path", sa)
	r := &recount{c: c, ctx: ctx, scope: scope, args: args, actor: sa, on: on, vals: map[string]int64{}}
	for _, f := range statFamilies {
		if f.bit&famFigures == 0 {
			continue // recounted by RecountBreakdowns
		}
		if f.recount(r); r.err != nil {
			return Stats{}, fmt.Errorf("recount %s: %w", f.name, r.err)
		}
	}
	return s.statsFrom(ctx, org, on, r.vals)
}

// recount is what a family's plain recount works with: the subtree (a
// condition on orgs aliased o, with its arguments), the day, and the
// counts so far. The first error stops the counting.
type recount struct {
	c     conn
	ctx   context.Context
	scope string
	args  []any
	actor gonghui.Actor // scoped to the subtree
	on    gonghui.Date
	vals  map[string]int64
	err   error
}

// count runs a query whose first placeholders are the scope's and keeps
// its one number under key.
func (r *recount) count(key, query string, extra ...any) {
	if r.err != nil {
		return
	}
	var n int64
	r.err = r.c.row(r.ctx, query, append(append([]any{}, r.args...), extra...)...).Scan(&n)
	r.vals[key] = n
}

// group runs a query selecting (bucket, count) rows, whose first
// placeholders are the scope's, and keeps each count under prefix+bucket.
func (r *recount) group(prefix, query string, extra ...any) {
	if r.err != nil {
		return
	}
	var k string
	var n int64
	r.err = r.c.eachRow(r.ctx, query, append(append([]any{}, r.args...), extra...), []any{&k, &n}, func() { r.vals[prefix+k] = n })
}

// statsFrom turns event values into the catalogue's indicators.
func (s *Store) statsFrom(ctx context.Context, org gonghui.Org, on gonghui.Date, vals map[string]int64) (Stats, error) {
	defs, err := s.RateDefinitions(ctx)
	if err != nil {
		return Stats{}, err
	}
	return statsWith(defs, org, on, vals), nil
}

// statsWith derives the figures and rates from the event values.
func statsWith(defs []gonghui.RateDefinition, org gonghui.Org, on gonghui.Date, vals map[string]int64) Stats {
	st := Stats{OrgID: org.ID, Org: org.Code, Date: on, Indicators: map[string]float64{}, Rates: map[string]gonghui.RateResult{}}
	for _, f := range statFamilies {
		if f.derive != nil {
			f.derive(vals)
		}
	}
	v := st.Indicators
	for _, in := range gonghui.Indicators {
		if in.Rate == "" && in.Numerator == "" {
			v[in.Key] = float64(vals[in.Key])
		}
	}
	for _, d := range defs {
		st.Rates[d.Key] = rateResult(d, org.ID, on, vals)
	}
	for _, in := range gonghui.Indicators {
		switch {
		case in.Rate != "":
			v[in.Key] = round2(st.Rates[in.Rate].Percent())
		case in.Numerator != "":
			if d := v[in.Denominator]; d > 0 {
				v[in.Key] = round2(v[in.Numerator] * 100 / d)
			} else {
				v[in.Key] = 0
			}
		}
	}
	return st
}

func rateResult(d gonghui.RateDefinition, orgID int64, on gonghui.Date, vals map[string]int64) gonghui.RateResult {
	return gonghui.RateResult{Key: d.Key, Name: d.Name, Date: on, OrgID: orgID,
		Numerator: int(vals[rateNumKey(d.Key)]), Denominator: int(vals[rateDenKey(d.Key)])}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
