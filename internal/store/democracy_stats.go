package store

import (
	"context"

	"gonghui"
)

var (
	// famContracts: contracts in force, counted at the signing union.
	famContracts = registerStatFamily(statFamilyDef{name: "contracts", events: conn.contractEvents, recount: recountContracts})
	// famCoverage: units' contracts, congresses, disclosures and employee
	// directors and supervisors, the small firms regional and industry
	// congresses cover, and the rates.
	famCoverage = registerStatFamily(statFamilyDef{name: "coverage", events: conn.coverageEvents, recount: recountCoverage})
	// famCongresses: group-type congresses, counted at their union.
	famCongresses = registerStatFamily(statFamilyDef{name: "congresses", events: conn.congressEvents, recount: recountCongresses})
)

// congressStands holds for congresses standing on the day (two
// placeholders).
const congressStands = `g.established_on <= ? AND (g.dissolved_on IS NULL OR g.dissolved_on > ?)`

// contractEvents: a contract is in force over its span (gonghui.ContractSpan).
func (c conn) contractEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, effective, termEnd string
	var termStart, ended *string
	var n int64
	return c.eachRow(ctx, `SELECT o.path, k.effective_on, k.term_start, k.term_end, k.ended_on, count(*)
		FROM contracts k JOIN orgs o ON o.id = k.org_id WHERE `+where+` AND k.effective_on IS NOT NULL
		GROUP BY o.path, k.effective_on, k.term_start, k.term_end, k.ended_on`, args,
		[]any{&path, &effective, &termStart, &termEnd, &ended, &n}, func() {
			s := contractSpan(effective, deref(termStart), termEnd, deref(ended))
			sink.span(path, "contracts_total", s.from, s.until, n)
		})
}

// contractSpan is gonghui.ContractSpan as an events span: from the later of
// taking effect and the term's start, until the day after the earlier of
// the term's end and an early end.
func contractSpan(effective, termStart, termEnd, ended string) span {
	until := dayAfter(termEnd)
	if ended != "" {
		until = earlierEnd(until, dayAfter(ended))
	}
	return span{later(effective, termStart), until}
}

// coverage is what one unit has over time, for the coverage events.
type coverage struct {
	path  string
	alive span              // the days its union exists
	rates []string          // the rates whose denominator holds the unit
	spans map[string][]span // by numerator; nil until the unit has one
}

type span struct{ from, until string }

func (u *coverage) add(numerator string, s span) {
	if u.spans == nil {
		u.spans = map[string][]span{}
	}
	u.spans[numerator] = append(u.spans[numerator], s)
}

// areaCongressSmall is what a small firm has when a regional or industry
// congress covers it (gonghui.SmallFirm, gonghui.AreaCongress).
const areaCongressSmall = "area_congress_small"

// coverageEvents: a unit counts as covered by a contract, a congress or a
// disclosure system on the days at least one of them holds, at the unit's
// own union (so a regional contract's units count in every subtree that
// holds them); each rate counts the units its rule selects and, of those,
// the covered ones.
func (c conn) coverageEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	defs, err := c.rateDefinitions(ctx)
	if err != nil {
		return err
	}
	units := map[int64]*coverage{}
	unit := func(id int64, path string) *coverage {
		u := units[id]
		if u == nil {
			u = &coverage{path: path}
			units[id] = u
		}
		return u
	}
	var id, created int64
	var path, ownership, legalForm string
	var founded, dissolved *string
	var public bool
	var staff int
	if err := c.eachRow(ctx, `SELECT u.id, o.path, u.ownership, u.public, u.staff_count, u.legal_form, o.founded_on, o.dissolved_on, o.created_at
		FROM units u JOIN orgs o ON o.id = u.org_id WHERE `+where, args,
		[]any{&id, &path, &ownership, &public, &staff, &legalForm, &founded, &dissolved, &created}, func() {
			for _, d := range defs {
				// Only units some rate counts are kept: a city's units
				// would not all fit in memory comfortably.
				if d.Denominator.Holds(gonghui.Ownership(ownership), public, staff, legalForm) {
					u := unit(id, path)
					u.alive = orgSpan(founded, dissolved, created)
					u.rates = append(u.rates, d.Key)
				}
			}
		}); err != nil {
		return err
	}
	var kind, from, termEnd string
	var termStart, until *string
	if err := c.eachRow(ctx, `SELECT u.id, o.path, k.kind, k.effective_on, k.term_start, k.term_end, k.ended_on
		FROM contract_units cu JOIN contracts k ON k.id = cu.contract_id JOIN units u ON u.id = cu.unit_id
		JOIN orgs o ON o.id = u.org_id WHERE `+where+` AND k.effective_on IS NOT NULL`, args,
		[]any{&id, &path, &kind, &from, &termStart, &termEnd, &until}, func() {
			u := unit(id, path)
			s := contractSpan(from, deref(termStart), termEnd, deref(until))
			u.add("contract", s)
			if kind == string(gonghui.ContractComprehensive) {
				u.add("comprehensive_contract", s)
			}
		}); err != nil {
		return err
	}
	if err := c.eachRow(ctx, `SELECT u.id, o.path, g.kind, u.ownership, u.staff_count, g.established_on, g.dissolved_on FROM congress_units cu
		JOIN congresses g ON g.id = cu.congress_id JOIN units u ON u.id = cu.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+where, args,
		[]any{&id, &path, &kind, &ownership, &staff, &from, &until}, func() {
			u := unit(id, path)
			s := span{from, deref(until)}
			u.add("congress", s)
			if gonghui.AreaCongress(gonghui.CongressKind(kind)) && gonghui.SmallFirm(gonghui.Ownership(ownership), staff) {
				u.add(areaCongressSmall, s)
			}
		}); err != nil {
		return err
	}
	if err := c.eachRow(ctx, `SELECT u.id, o.path, d.established_on, d.ended_on FROM disclosures d
		JOIN units u ON u.id = d.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+where, args, []any{&id, &path, &from, &until}, func() {
		unit(id, path).add("disclosure", span{from, deref(until)})
	}); err != nil {
		return err
	}
	var role string
	numeratorOf := map[gonghui.DirectorRole]string{}
	for n, r := range gonghui.DirectorNumerators {
		numeratorOf[r] = n
	}
	// A director holds the seat through the last day in office, or on
	// while none is set.
	if err := c.eachRow(ctx, `SELECT u.id, o.path, ed.role, ed.since, ed.until_on FROM employee_directors ed
		JOIN units u ON u.id = ed.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+where, args, []any{&id, &path, &role, &from, &until}, func() {
		if n := numeratorOf[gonghui.DirectorRole(role)]; n != "" {
			s := span{from: from}
			if until != nil {
				s.until = dayAfter(*until)
			}
			unit(id, path).add(n, s)
		}
	}); err != nil {
		return err
	}
	key := map[string]string{"contract": "contract_units_covered", "congress": "congress_units", "disclosure": "disclosure_units",
		areaCongressSmall: "congress_area_small_units"}
	numerators := map[string]string{}
	for _, d := range defs {
		numerators[d.Key] = d.Numerator
	}
	for _, u := range units {
		merged := map[string][]span{}
		for numerator, spans := range u.spans {
			merged[numerator] = unionSpans(spans)
			if k := key[numerator]; k != "" {
				for _, s := range merged[numerator] {
					sink.span(u.path, k, s.from, s.until, 1)
				}
			}
		}
		// A rate counts the unit, and its cover, while its union exists.
		for _, r := range u.rates {
			sink.span(u.path, rateDenKey(r), u.alive.from, u.alive.until, 1)
			for _, s := range merged[numerators[r]] {
				sink.span(u.path, rateNumKey(r), later(s.from, u.alive.from), earlierEnd(s.until, u.alive.until), 1)
			}
		}
	}
	return nil
}

// congressEvents: a group-type congress counts while it stands.
func (c conn) congressEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, established string
	var dissolved *string
	var n int64
	return c.eachRow(ctx, `SELECT o.path, g.established_on, g.dissolved_on, count(*)
		FROM congresses g JOIN orgs o ON o.id = g.org_id WHERE `+where+` AND g.kind = 'group'
		GROUP BY o.path, g.established_on, g.dissolved_on`, args,
		[]any{&path, &established, &dissolved, &n}, func() {
			sink.span(path, "congress_group_type", established, deref(dissolved), n)
		})
}

func recountContracts(r *recount) {
	on := r.on
	r.count("contracts_total", `SELECT count(*) FROM contracts k JOIN orgs o ON o.id = k.org_id WHERE `+r.scope+` AND `+contractInForce, on, on, on)
}

// recountCoverage counts covered units at their own union, whoever
// signed or set up what covers them, and each rate by its definition.
func recountCoverage(r *recount) {
	on := r.on
	r.count("contract_units_covered", `SELECT count(DISTINCT cu.unit_id) FROM contract_units cu JOIN contracts k ON k.id = cu.contract_id
		JOIN units u ON u.id = cu.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+r.scope+` AND `+contractInForce, on, on, on)
	r.count("congress_units", `SELECT count(DISTINCT cu.unit_id) FROM congress_units cu JOIN congresses g ON g.id = cu.congress_id
		JOIN units u ON u.id = cu.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+r.scope+` AND `+congressStands, on, on)
	r.count("congress_area_small_units", `SELECT count(DISTINCT cu.unit_id) FROM congress_units cu JOIN congresses g ON g.id = cu.congress_id
		JOIN units u ON u.id = cu.unit_id JOIN orgs o ON o.id = u.org_id WHERE `+r.scope+` AND `+congressStands+`
		AND g.kind IN (?, ?) AND u.staff_count < ? AND u.ownership NOT IN (?, ?)`,
		on, on, gonghui.CongressRegional, gonghui.CongressIndustry, gonghui.SmallFirmStaff, gonghui.OwnershipPublicInst, gonghui.OwnershipSocial)
	r.count("disclosure_units", `SELECT count(DISTINCT d.unit_id) FROM disclosures d JOIN units u ON u.id = d.unit_id JOIN orgs o ON o.id = u.org_id
		WHERE `+r.scope+` AND d.established_on <= ? AND (d.ended_on IS NULL OR d.ended_on > ?)`, on, on)
	if r.err != nil {
		return
	}
	defs, err := r.c.rateDefinitions(r.ctx)
	if err != nil {
		r.err = err
		return
	}
	for _, d := range defs {
		res, err := r.c.countRate(r.ctx, d, r.actor, on)
		if err != nil {
			r.err = err
			return
		}
		r.vals[rateNumKey(d.Key)], r.vals[rateDenKey(d.Key)] = int64(res.Numerator), int64(res.Denominator)
	}
}

func recountCongresses(r *recount) {
	r.count("congress_group_type", `SELECT count(*) FROM congresses g JOIN orgs o ON o.id = g.org_id WHERE `+r.scope+` AND g.kind = 'group' AND `+congressStands, r.on, r.on)
}
