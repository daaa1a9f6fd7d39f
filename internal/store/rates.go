package store

import (
	"context"
	"encoding/json"
	"strings"

	"gonghui"
)

// RateDefinitions returns the rate definitions in force: the shipped ones,
// each replaced by an administrator's version where one was saved.
func (s *Store) RateDefinitions(ctx context.Context) ([]gonghui.RateDefinition, error) {
	return s.conn().rateDefinitions(ctx)
}

// rateDefinitions reads them on c: inside a transaction, on its connection.
func (c conn) rateDefinitions(ctx context.Context) ([]gonghui.RateDefinition, error) {
	saved := map[string]gonghui.RateDefinition{}
	var order []string
	rows, err := c.query(ctx, `SELECT key, definition FROM rate_definitions ORDER BY key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var key, def string
		if err := rows.Scan(&key, &def); err != nil {
			return nil, err
		}
		var d gonghui.RateDefinition
		if err := json.Unmarshal([]byte(def), &d); err != nil {
			return nil, err
		}
		saved[key] = d
		order = append(order, key)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []gonghui.RateDefinition
	for _, d := range gonghui.DefaultRates {
		if sd, ok := saved[d.Key]; ok {
			d = sd
			delete(saved, d.Key)
		}
		out = append(out, d)
	}
	for _, k := range order {
		if d, ok := saved[k]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// RateDefinition returns one definition by key.
func (s *Store) RateDefinition(ctx context.Context, key string) (gonghui.RateDefinition, error) {
	defs, err := s.RateDefinitions(ctx)
	if err != nil {
		return gonghui.RateDefinition{}, opErr(err, "rate definition")
	}
	for _, d := range defs {
		if d.Key == key {
			return d, nil
		}
	}
	return gonghui.RateDefinition{}, gonghui.ErrNotFound
}

// SaveRateDefinition stores a definition. Rates are the federation's
// figures, so only an administrator of the whole tree may change them.
func (s *Store) SaveRateDefinition(ctx context.Context, a gonghui.Actor, d gonghui.RateDefinition) error {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return opErr(err, "save rate definition")
	}
	v := &gonghui.ValidationError{}
	d.Validate(v)
	if err := v.Err(); err != nil {
		return opErr(err, "save rate definition")
	}
	def := mustJSON(d)
	err = s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM rate_definitions WHERE key = ?`, d.Key); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO rate_definitions (key, definition, updated_by, updated_at) VALUES (?, ?, ?, ?)`,
			d.Key, def, a.Username, s.nowUnix()); err != nil {
			return err
		}
		if err := c.markAllStale(ctx); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "rate.save", recordType: "rate", orgPath: root.Path, summary: def})
	})
	if err != nil {
		return opErr(err, "save rate definition")
	}
	// Every aggregate counts the rates: rebuild them under the new rule.
	_, err = s.RefreshStats(ctx)
	return opErr(err, "save rate definition")
}

// rateSQL builds the denominator's conditions and the numerator's test
// for a definition on a date.
func rateSQL(d gonghui.RateDefinition, on gonghui.Date) (where string, args []any, has string, hasArgs []any) {
	var conds []string
	f := d.Denominator
	// A unit counts on the days its union exists, as units_covered does.
	conds = append(conds, orgAlive)
	args = append(args, orgAliveArgs(on)...)
	if f.MinStaff > 0 {
		conds = append(conds, "u.staff_count >= ?")
		args = append(args, f.MinStaff)
	}
	if f.MaxStaff > 0 {
		conds = append(conds, "u.staff_count <= ?")
		args = append(args, f.MaxStaff)
	}
	if len(f.OwnershipIn) > 0 {
		conds = append(conds, "u.ownership IN "+stringList(f.OwnershipIn, &args))
	}
	if len(f.OwnershipNot) > 0 {
		conds = append(conds, "u.ownership NOT IN "+stringList(f.OwnershipNot, &args))
	}
	if f.Public != nil {
		conds = append(conds, "u.public = ?")
		args = append(args, boolInt(*f.Public))
	}
	if len(f.LegalFormIn) > 0 {
		conds = append(conds, "u.legal_form IN "+stringList(f.LegalFormIn, &args))
	}
	if role, ok := gonghui.DirectorNumerators[d.Numerator]; ok {
		// Until is the last day in office.
		has = `EXISTS (SELECT 1 FROM employee_directors ed WHERE ed.unit_id = u.id AND ed.role = ?
			AND ed.since <= ? AND (ed.until_on IS NULL OR ed.until_on >= ?))`
		return strings.Join(conds, " AND "), args, has, []any{role, on, on}
	}
	switch d.Numerator {
	case "contract", "comprehensive_contract":
		has = `EXISTS (SELECT 1 FROM contract_units cu JOIN contracts k ON k.id = cu.contract_id
			WHERE cu.unit_id = u.id AND ` + contractInForce
		hasArgs = []any{on, on, on}
		if d.Numerator == "comprehensive_contract" {
			has += " AND k.kind = 'comprehensive'"
		}
		has += ")"
	case "congress":
		has = `EXISTS (SELECT 1 FROM congress_units cu JOIN congresses g ON g.id = cu.congress_id
			WHERE cu.unit_id = u.id AND g.established_on <= ? AND (g.dissolved_on IS NULL OR g.dissolved_on > ?))`
		hasArgs = []any{on, on}
	default: // disclosure
		has = `EXISTS (SELECT 1 FROM disclosures d WHERE d.unit_id = u.id AND d.established_on <= ? AND (d.ended_on IS NULL OR d.ended_on > ?))`
		hasArgs = []any{on, on}
	}
	return strings.Join(conds, " AND "), args, has, hasArgs
}

// stringList is a parenthesized list of placeholders for list, whose
// values it appends to args.
func stringList[T ~string](list []T, args *[]any) string {
	for _, v := range list {
		*args = append(*args, string(v))
	}
	return "(" + placeholders(len(list)) + ")"
}

const rateFrom = ` FROM units u JOIN orgs o ON o.id = u.org_id`

// EvaluateRate computes a rate for an org's subtree (0: the actor's whole
// scope) on a date, from the aggregates where kept.
func (s *Store) EvaluateRate(ctx context.Context, a gonghui.Actor, key string, orgID int64, on gonghui.Date) (gonghui.RateResult, error) {
	d, err := s.RateDefinition(ctx, key)
	if err != nil {
		return gonghui.RateResult{}, opErr(err, "evaluate rate")
	}
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return gonghui.RateResult{}, opErr(err, "evaluate rate")
	}
	vals, err := c.statValues(ctx, org, on, famCoverage)
	if err != nil {
		return gonghui.RateResult{}, opErr(err, "evaluate rate")
	}
	return rateResult(d, orgID, on, vals), nil
}

// countRate counts a rate's parts with one plain query over the units of
// the actor's subtree.
func (c conn) countRate(ctx context.Context, d gonghui.RateDefinition, sa gonghui.Actor, on gonghui.Date) (gonghui.RateResult, error) {
	scope, sargs := scopeClause("o.path", sa)
	where, wargs, has, hargs := rateSQL(d, on)
	r := gonghui.RateResult{Key: d.Key, Name: d.Name, Date: on}
	args := append(append(append([]any{}, hargs...), sargs...), wargs...)
	err := c.row(ctx, "SELECT count(*), COALESCE(SUM(CASE WHEN "+has+" THEN 1 ELSE 0 END), 0)"+rateFrom+" WHERE "+scope+" AND "+where, args...).
		Scan(&r.Denominator, &r.Numerator)
	return r, err
}

// RateChildren computes a rate for each direct child of an org, for the
// drill-down to the next level of the tree.
func (s *Store) RateChildren(ctx context.Context, a gonghui.Actor, key string, orgID int64, on gonghui.Date) ([]gonghui.RateResult, []gonghui.Org, error) {
	if orgID == 0 {
		orgID = a.OrgID
	}
	children, _, err := s.ListOrgs(ctx, a, gonghui.OrgFilter{ParentID: orgID, Status: gonghui.OrgActive, Page: gonghui.Page{Limit: 500}})
	if err != nil {
		return nil, nil, opErr(err, "rate children")
	}
	out := make([]gonghui.RateResult, len(children))
	for i, ch := range children {
		if out[i], err = s.EvaluateRate(ctx, a, key, ch.ID, on); err != nil {
			return nil, nil, opErr(err, "rate children")
		}
	}
	return out, children, nil
}

// Rate unit lists: the units behind a rate.
const (
	RateUnitsDenominator = "denominator"
	RateUnitsNumerator   = "numerator"
	RateUnitsMissing     = "missing" // in the denominator, not the numerator: what to act on
)

// RateUnits pages through the units behind a rate in an org's subtree.
func (s *Store) RateUnits(ctx context.Context, a gonghui.Actor, key string, orgID int64, on gonghui.Date, which string, p gonghui.Page) ([]gonghui.Unit, int, error) {
	d, err := s.RateDefinition(ctx, key)
	if err != nil {
		return nil, 0, opErr(err, "rate units")
	}
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return nil, 0, opErr(err, "rate units")
	}
	scope, args := scopeClause("o.path", sa)
	where, wargs, has, hargs := rateSQL(d, on)
	args = append(args, wargs...)
	wh := " WHERE " + scope + " AND " + where
	switch which {
	case RateUnitsNumerator:
		wh += " AND " + has
		args = append(args, hargs...)
	case RateUnitsMissing:
		wh += " AND NOT " + has
		args = append(args, hargs...)
	}
	return listPage(ctx, c, unitColumns, rateFrom, wh, "u.id", args, p.Normalize(), func(sc scanner) (gonghui.Unit, error) {
		u, _, err := scanUnit(sc)
		return u, err
	})
}
