package store

import (
	"context"

	"gonghui"
)

// Every indicator counts things that hold over a span of days: a membership
// from joining to leaving, a contract from taking effect to its end, a union
// from its founding to its dissolution. A span [from, until) is two events,
// +n on its first day and −n on the day after its last, so a figure on a
// date is the sum of the events up to that date. The events below are what
// the maintained aggregates (stataggregates.go) store per day, and what a
// small subtree's figures are summed from directly.

// alwaysDay is the day of the events of things without a start date (a
// union with no founding date, a reported member count): before any date
// anyone asks about.
const alwaysDay = "0000-01-01"

// Keys of the stored events beyond the catalogue's own. members_total is
// members_reported plus members_unreported (real-name members of unions
// that report no count); rates store their numerator and denominator.
const (
	keyMembersUnreported = "members_unreported"
	rateKeyPrefix        = "rate:"
)

func rateNumKey(rate string) string { return rateKeyPrefix + rate + ":num" }
func rateDenKey(rate string) string { return rateKeyPrefix + rate + ":den" }

// statFamily groups the events by the records they come from, so that a
// write recomputes only the families it can change.
type statFamily uint8

const (
	famOrgs       statFamily = 1 << iota // unions, their units count and reported members
	famMembers                           // memberships
	famCards                             // cards, held while a membership is
	famContracts                         // contracts in force, counted at the signing union
	famCoverage                          // units' contracts, congresses and disclosures, and the rates
	famCongresses                        // group-type congresses, counted at their union

	famAll = famOrgs | famMembers | famCards | famContracts | famCoverage | famCongresses
	// famUnits is what a unit's own fields count in: its union's unit
	// count, and the coverage and rates.
	famUnits = famOrgs | famCoverage
	// famMembership is what a membership counts in, cards included.
	famMembership = famMembers | famCards
)

// statKey is one stored event: on day, key changes by the event's value
// for the aggregate of org.
type statKey struct {
	org int64
	key string
	day string
}

type statEvents map[statKey]int64

// eventSink collects events, attributing each to the orgs that count it:
// the aggregates above the record's union, or one bucket (0) when summing a
// subtree directly.
type eventSink struct {
	attr  func(path string) []int64
	out   statEvents
	cache map[string][]int64
}

func newEventSink(attr func(path string) []int64) *eventSink {
	return &eventSink{attr: attr, out: statEvents{}, cache: map[string][]int64{}}
}

func (e *eventSink) add(path, key, day string, n int64) {
	if n == 0 {
		return
	}
	ids, ok := e.cache[path]
	if !ok {
		ids = e.attr(path)
		e.cache[path] = ids
	}
	for _, id := range ids {
		e.out[statKey{id, key, day}] += n
	}
}

// span adds n over [from, until); until "" is open-ended. An empty or
// reversed span adds nothing.
func (e *eventSink) span(path, key, from, until string, n int64) {
	if from == "" {
		from = alwaysDay
	}
	if until != "" && until <= from {
		return
	}
	e.add(path, key, from, n)
	if until != "" {
		e.add(path, key, until, -n)
	}
}

// dayAfter is the day after a 'YYYY-MM-DD' date: inclusive end dates
// (a contract's term end) become the exclusive end of a span.
func dayAfter(day string) string {
	d, err := gonghui.ParseDate(day)
	if err != nil {
		return day
	}
	return d.AddDays(1).String()
}

// statSelection says whose records to read: the own records of some
// unions, every record in one union's subtree, or the memberships and
// cards of some persons.
type statSelection struct {
	orgIDs    []int64
	subtree   string // a path
	personIDs []int64
}

// where is the selection's condition: on the orgs table aliased o, or for
// persons on the memberships table aliased m.
func (sel statSelection) where() (string, []any) {
	switch {
	case sel.subtree != "":
		return scopeClause("o.path", gonghui.Actor{Path: sel.subtree})
	case len(sel.personIDs) > 0:
		return inList("m.person_id", sel.personIDs)
	}
	return inList("o.id", sel.orgIDs)
}

func (sel statSelection) empty() bool {
	return sel.subtree == "" && len(sel.orgIDs) == 0 && len(sel.personIDs) == 0
}

// inList is "col IN (?, …)" with its arguments.
func inList(col string, ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + placeholders(len(ids)) + ")", args
}

// statEvents reads the events of the selected records in the given
// families into the sink.
func (c conn) statEvents(ctx context.Context, sel statSelection, fams statFamily, sink *eventSink) error {
	if sel.empty() {
		return nil
	}
	if len(sel.personIDs) > 0 {
		fams &= famMembership // a person's records are memberships and cards
	}
	where, args := sel.where()
	for _, f := range []struct {
		fam statFamily
		fn  func(context.Context, string, []any, *eventSink) error
	}{
		{famOrgs, c.orgEvents},
		{famMembers, c.memberEvents},
		{famCards, c.cardEvents},
		{famContracts, c.contractEvents},
		{famCoverage, c.coverageEvents},
		{famCongresses, c.congressEvents},
	} {
		if fams&f.fam == 0 {
			continue
		}
		if err := f.fn(ctx, where, args, sink); err != nil {
			return err
		}
	}
	return nil
}

// eachRow runs a query and scans every row with dest, calling fn after each.
func (c conn) eachRow(ctx context.Context, query string, args []any, dest []any, fn func()) error {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		fn()
	}
	return rows.Err()
}

// orgEvents: a union counts while it exists, with its units; its reported
// member count holds always.
func (c conn) orgEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, kind string
	var founded, dissolved *string
	var reported *int64
	var units int64
	return c.eachRow(ctx, `SELECT o.path, o.kind, o.founded_on, o.dissolved_on, o.reported_members,
			(SELECT count(*) FROM units u WHERE u.org_id = o.id)
		FROM orgs o WHERE `+where, args,
		[]any{&path, &kind, &founded, &dissolved, &reported, &units}, func() {
			from, until := deref(founded), deref(dissolved)
			sink.span(path, "orgs_total", from, until, 1)
			if k := gonghui.OrgKind(kind); k == gonghui.KindIndustryUnion || k == gonghui.KindIndustryFederation {
				sink.span(path, "industry_federations", from, until, 1)
			}
			sink.span(path, "units_covered", from, until, units)
			if reported != nil {
				sink.add(path, "members_reported", alwaysDay, *reported)
			}
		})
}

// memberEvents: a membership is held from joining to leaving. The rows
// stream ungrouped: grouping a city's memberships in SQL would sort them
// all in memory first, while the sink's sums stay small.
func (c conn) memberEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, joined string
	var left *string
	var unreported bool
	return c.eachRow(ctx, `SELECT o.path, o.reported_members IS NULL, m.joined_on, m.left_on
		FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE `+where, args,
		[]any{&path, &unreported, &joined, &left}, func() {
			sink.span(path, "members_realname", joined, deref(left), 1)
			if unreported {
				sink.span(path, keyMembersUnreported, joined, deref(left), 1)
			}
		})
}

// cardEvents: a card counts while it is valid and its holder's membership
// is held, at the union of that membership (ungrouped, as memberEvents).
func (c conn) cardEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, issued, joined string
	var ended, left *string
	return c.eachRow(ctx, `SELECT o.path, k.issued_on, k.ended_on, m.joined_on, m.left_on
		FROM cards k JOIN memberships m ON m.person_id = k.person_id JOIN orgs o ON o.id = m.org_id
		WHERE `+where, args,
		[]any{&path, &issued, &ended, &joined, &left}, func() {
			sink.span(path, "cards_issued", later(issued, joined), earlierEnd(deref(ended), deref(left)), 1)
		})
}

// contractEvents: a contract is in force from taking effect to its term's
// end or its early end, both days included.
func (c conn) contractEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, effective, termEnd string
	var ended *string
	var n int64
	return c.eachRow(ctx, `SELECT o.path, k.effective_on, k.term_end, k.ended_on, count(*)
		FROM contracts k JOIN orgs o ON o.id = k.org_id WHERE `+where+` AND k.effective_on IS NOT NULL
		GROUP BY o.path, k.effective_on, k.term_end, k.ended_on`, args,
		[]any{&path, &effective, &termEnd, &ended, &n}, func() {
			sink.span(path, "contracts_total", effective, contractUntil(termEnd, deref(ended)), n)
		})
}

func contractUntil(termEnd, ended string) string {
	return earlierEnd(dayAfter(termEnd), func() string {
		if ended == "" {
			return ""
		}
		return dayAfter(ended)
	}())
}

// coverage is what one unit has over time, for the coverage events.
type coverage struct {
	path  string
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
	var id int64
	var path, ownership, status string
	var public bool
	var staff int
	if err := c.eachRow(ctx, `SELECT u.id, o.path, u.ownership, u.public, u.staff_count, o.status
		FROM units u JOIN orgs o ON o.id = u.org_id WHERE `+where, args,
		[]any{&id, &path, &ownership, &public, &staff, &status}, func() {
			if status != string(gonghui.OrgActive) {
				return
			}
			for _, d := range defs {
				// Only units some rate counts are kept: a city's units
				// would not all fit in memory comfortably.
				if d.Denominator.Holds(gonghui.Ownership(ownership), public, staff) {
					u := unit(id, path)
					u.rates = append(u.rates, d.Key)
				}
			}
		}); err != nil {
		return err
	}
	var kind, from, termEnd string
	var until *string
	if err := c.eachRow(ctx, `SELECT u.id, o.path, k.kind, k.effective_on, k.term_end, k.ended_on
		FROM contract_units cu JOIN contracts k ON k.id = cu.contract_id JOIN units u ON u.id = cu.unit_id
		JOIN orgs o ON o.id = u.org_id WHERE `+where+` AND k.effective_on IS NOT NULL`, args,
		[]any{&id, &path, &kind, &from, &termEnd, &until}, func() {
			u := unit(id, path)
			s := span{from, contractUntil(termEnd, deref(until))}
			u.add("contract", s)
			if kind == string(gonghui.ContractComprehensive) {
				u.add("comprehensive_contract", s)
			}
		}); err != nil {
		return err
	}
	for numerator, query := range map[string]string{
		"congress": `SELECT u.id, o.path, g.established_on, g.dissolved_on FROM congress_units cu
			JOIN congresses g ON g.id = cu.congress_id JOIN units u ON u.id = cu.unit_id JOIN orgs o ON o.id = u.org_id WHERE `,
		"disclosure": `SELECT u.id, o.path, d.established_on, d.ended_on FROM disclosures d
			JOIN units u ON u.id = d.unit_id JOIN orgs o ON o.id = u.org_id WHERE `,
	} {
		if err := c.eachRow(ctx, query+where, args, []any{&id, &path, &from, &until}, func() {
			u := unit(id, path)
			u.add(numerator, span{from, deref(until)})
		}); err != nil {
			return err
		}
	}
	key := map[string]string{"contract": "contract_units_covered", "congress": "congress_units", "disclosure": "disclosure_units"}
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
		for _, r := range u.rates {
			sink.add(u.path, rateDenKey(r), alwaysDay, 1)
			for _, s := range merged[numerators[r]] {
				sink.span(u.path, rateNumKey(r), s.from, s.until, 1)
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

// unionSpans merges overlapping and touching spans, so that a unit covered
// twice on a day counts once.
func unionSpans(spans []span) []span {
	var sorted []span
	for _, s := range spans {
		if s.until == "" || s.until > s.from {
			sorted = append(sorted, s)
		}
	}
	if len(sorted) == 0 {
		return nil
	}
	for i := 1; i < len(sorted); i++ { // few spans per unit: insertion sort
		for j := i; j > 0 && sorted[j].from < sorted[j-1].from; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	out := []span{sorted[0]}
	for _, s := range sorted[1:] {
		last := &out[len(out)-1]
		if last.until != "" && s.from > last.until {
			out = append(out, s)
			continue
		}
		if last.until != "" && (s.until == "" || s.until > last.until) {
			last.until = s.until
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// later is the later of two days.
func later(a, b string) string {
	if a > b {
		return a
	}
	return b
}

// earlierEnd is the earlier of two span ends, "" being open-ended.
func earlierEnd(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case a < b:
		return a
	}
	return b
}
