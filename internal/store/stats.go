package store

import (
	"context"
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
// for the city and the unions below it, from the records for smaller
// subtrees.
func (s *Store) ComputeStats(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) (Stats, error) {
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return Stats{}, opErr(err, "compute stats")
	}
	vals, err := c.statValues(ctx, org, on, famAll)
	if err != nil {
		return Stats{}, opErr(err, "compute stats")
	}
	return s.statsFrom(ctx, org, on, vals)
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
	vals := map[string]int64{}
	// Unions in existence on the day: founded by then, not yet dissolved.
	alive := `(o.founded_on IS NULL OR o.founded_on <= ?) AND (o.dissolved_on IS NULL OR o.dissolved_on > ?)`
	// count runs a query whose first placeholders are the scope's.
	count := func(key, query string, extra ...any) {
		if err != nil {
			return
		}
		var n int64
		err = c.row(ctx, query, append(append([]any{}, args...), extra...)...).Scan(&n)
		vals[key] = n
	}
	count("orgs_total", `SELECT count(*) FROM orgs o WHERE `+scope+` AND `+alive, on, on)
	count("industry_federations", `SELECT count(*) FROM orgs o WHERE `+scope+` AND `+alive+` AND o.kind IN ('industry_union', 'industry_federation')`, on, on)
	count("units_covered", `SELECT count(*) FROM units u JOIN orgs o ON o.id = u.org_id WHERE `+scope+` AND `+alive, on, on)
	// Memberships held on the day: joined by then, not yet ended.
	held := `m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)`
	count("members_realname", `SELECT count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+scope+` AND `+held, on, on)
	count("members_reported", `SELECT COALESCE(SUM(o.reported_members), 0) FROM orgs o WHERE `+scope)
	count(keyMembersUnreported, `SELECT count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+scope+` AND o.reported_members IS NULL AND `+held, on, on)
	count("cards_issued", `SELECT count(*) FROM cards k JOIN memberships m ON m.person_id = k.person_id
		JOIN orgs o ON o.id = m.org_id WHERE `+scope+` AND `+held+` AND k.issued_on <= ? AND (k.ended_on IS NULL OR k.ended_on > ?)`, on, on, on, on)
	inForce := `k.effective_on IS NOT NULL AND k.effective_on <= ? AND k.term_end >= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)`
	count("contracts_total", `SELECT count(*) FROM contracts k JOIN orgs o ON o.id = k.org_id WHERE `+scope+` AND `+inForce, on, on, on)
	// Covered units count at their own union, whoever signed.
	count("contract_units_covered", `SELECT count(DISTINCT cu.unit_id) FROM contract_units cu JOIN contracts k ON k.id = cu.contract_id
		JOIN units u ON u.id = cu.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+scope+` AND `+inForce, on, on, on)
	congressAlive := `g.established_on <= ? AND (g.dissolved_on IS NULL OR g.dissolved_on > ?)`
	count("congress_units", `SELECT count(DISTINCT cu.unit_id) FROM congress_units cu JOIN congresses g ON g.id = cu.congress_id
		JOIN units u ON u.id = cu.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+scope+` AND `+congressAlive, on, on)
	count("congress_group_type", `SELECT count(*) FROM congresses g JOIN orgs o ON o.id = g.org_id WHERE `+scope+` AND g.kind = 'group' AND `+congressAlive, on, on)
	count("disclosure_units", `SELECT count(DISTINCT d.unit_id) FROM disclosures d JOIN units u ON u.id = d.unit_id JOIN orgs o ON o.id = u.org_id
		WHERE `+scope+` AND d.established_on <= ? AND (d.ended_on IS NULL OR d.ended_on > ?)`, on, on)
	if err != nil {
		return Stats{}, opErr(err, "recount stats")
	}
	defs, err := s.RateDefinitions(ctx)
	if err != nil {
		return Stats{}, opErr(err, "recount stats")
	}
	for _, d := range defs {
		r, err := c.countRate(ctx, d, sa, on)
		if err != nil {
			return Stats{}, opErr(err, "recount stats")
		}
		vals[rateNumKey(d.Key)], vals[rateDenKey(d.Key)] = int64(r.Numerator), int64(r.Denominator)
	}
	return s.statsFrom(ctx, org, on, vals)
}

// statsFrom turns event values into the catalogue's indicators.
func (s *Store) statsFrom(ctx context.Context, org gonghui.Org, on gonghui.Date, vals map[string]int64) (Stats, error) {
	defs, err := s.RateDefinitions(ctx)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{OrgID: org.ID, Org: org.Code, Date: on, Indicators: map[string]float64{}, Rates: map[string]gonghui.RateResult{}}
	v := st.Indicators
	for _, in := range gonghui.Indicators {
		if in.Rate == "" && in.Numerator == "" {
			v[in.Key] = float64(vals[in.Key])
		}
	}
	v["members_total"] = float64(vals["members_reported"] + vals[keyMembersUnreported])
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
	return st, nil
}

func rateResult(d gonghui.RateDefinition, orgID int64, on gonghui.Date, vals map[string]int64) gonghui.RateResult {
	return gonghui.RateResult{Key: d.Key, Name: d.Name, Date: on, OrgID: orgID,
		Numerator: int(vals[rateNumKey(d.Key)]), Denominator: int(vals[rateDenKey(d.Key)])}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
