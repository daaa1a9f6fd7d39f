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

// ComputeStats computes every indicator of the catalogue for an org's
// subtree (0: the actor's scope) on a date, from the records themselves.
func (s *Store) ComputeStats(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date) (Stats, error) {
	c := s.conn()
	if orgID == 0 {
		orgID = a.OrgID
	}
	var org gonghui.Org
	var err error
	if orgID == 0 {
		org, err = c.getOrg(ctx, a, "o.parent_id IS NULL AND o.id > ?", 0)
	} else {
		org, err = c.getOrg(ctx, a, "o.id = ?", orgID)
	}
	if err != nil {
		return Stats{}, err
	}
	sa := a
	sa.Path = org.Path
	scope, args := scopeClause("o.path", sa)
	st := Stats{OrgID: org.ID, Org: org.Code, Date: on, Indicators: map[string]float64{}, Rates: map[string]gonghui.RateResult{}}
	v := st.Indicators
	// Unions in existence on the day: founded by then, not yet dissolved.
	alive := `(o.founded_on IS NULL OR o.founded_on <= ?) AND (o.dissolved_on IS NULL OR o.dissolved_on > ?)`
	// count runs a query whose first placeholders are the scope's.
	count := func(key, query string, extra ...any) {
		if err != nil {
			return
		}
		var n int64
		err = c.row(ctx, query, append(append([]any{}, args...), extra...)...).Scan(&n)
		v[key] = float64(n)
	}
	count("orgs_total", `SELECT count(*) FROM orgs o WHERE `+scope+` AND `+alive, on, on)
	count("industry_federations", `SELECT count(*) FROM orgs o WHERE `+scope+` AND `+alive+` AND o.kind IN ('industry_union', 'industry_federation')`, on, on)
	count("units_covered", `SELECT count(*) FROM units u JOIN orgs o ON o.id = u.org_id WHERE `+scope+` AND `+alive, on, on)
	// Memberships held on the day: joined by then, not yet ended.
	held := `m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)`
	count("members_realname", `SELECT count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+scope+` AND `+held, on, on)
	count("members_reported", `SELECT COALESCE(SUM(o.reported_members), 0) FROM orgs o WHERE `+scope)
	// Scope arguments come first in every query: its condition leads the WHERE.
	count("members_unreported", `SELECT count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+scope+` AND o.reported_members IS NULL AND `+held, on, on)
	v["members_total"] = v["members_reported"] + v["members_unreported"]
	delete(v, "members_unreported")
	count("cards_issued", `SELECT count(*) FROM cards k JOIN memberships m ON m.person_id = k.person_id
		JOIN orgs o ON o.id = m.org_id WHERE `+scope+` AND `+held+` AND k.issued_on <= ? AND (k.ended_on IS NULL OR k.ended_on > ?)`, on, on, on, on)
	inForce := `k.effective_on IS NOT NULL AND k.effective_on <= ? AND k.term_end >= ? AND (k.ended_on IS NULL OR k.ended_on >= ?)`
	count("contracts_total", `SELECT count(*) FROM contracts k JOIN orgs o ON o.id = k.org_id WHERE `+scope+` AND `+inForce, on, on, on)
	count("contract_units_covered", `SELECT count(DISTINCT cu.unit_id) FROM contracts k JOIN orgs o ON o.id = k.org_id
		JOIN contract_units cu ON cu.contract_id = k.id WHERE `+scope+` AND `+inForce, on, on, on)
	congressAlive := `g.established_on <= ? AND (g.dissolved_on IS NULL OR g.dissolved_on > ?)`
	count("congress_units", `SELECT count(DISTINCT cu.unit_id) FROM congresses g JOIN orgs o ON o.id = g.org_id
		JOIN congress_units cu ON cu.congress_id = g.id WHERE `+scope+` AND `+congressAlive, on, on)
	count("congress_group_type", `SELECT count(*) FROM congresses g JOIN orgs o ON o.id = g.org_id WHERE `+scope+` AND g.kind = 'group' AND `+congressAlive, on, on)
	count("disclosure_units", `SELECT count(DISTINCT d.unit_id) FROM disclosures d JOIN units u ON u.id = d.unit_id JOIN orgs o ON o.id = u.org_id
		WHERE `+scope+` AND d.established_on <= ? AND (d.ended_on IS NULL OR d.ended_on > ?)`, on, on)
	if err != nil {
		return st, err
	}
	for _, in := range gonghui.Indicators {
		switch {
		case in.Rate != "":
			r, err := s.EvaluateRate(ctx, a, in.Rate, org.ID, on)
			if err != nil {
				return st, err
			}
			st.Rates[in.Key] = r
			v[in.Key] = round2(r.Percent())
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

func round2(f float64) float64 { return math.Round(f*100) / 100 }
