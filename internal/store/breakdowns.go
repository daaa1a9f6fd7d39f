package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonghui"
)

// Bucket is one slice of a breakdown: a key (an ownership, a section
// letter, a code, a band, a month) and how many records fall in it.
type Bucket struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Age bands of Breakdowns.AgeBands, youngest first (the domain's).
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

// The dashboard's charts are figures like the others: two families keep
// their events in the aggregates, in the writer's transaction, and count
// them again with plain queries for the shared test and `stats --verify`.
// Their keys carry the bucket after a prefix. An age band on a day is
// read from the members at least 25, 35, 45 and 55 years old, each counted
// from that birthday on, so the bands hold on any day, past or future.
const (
	keyOwnership   = "units_by_ownership:"
	keySection     = "units_by_section:"
	keyEmployment  = "members_by_employment:"
	keyAgedAtLeast = "members_aged_at_least:"
	// keyJoined is +1 on the day someone joined the union (入会), for the
	// joins of each month; a membership a transfer started is no joining.
	keyJoined = "members_joined"
)

// ageThresholds are the ages where the bands of AgeBands begin, after the
// first.
var ageThresholds = []int{25, 35, 45, 55}

var (
	// famMemberCharts: memberships by employment, age and join month.
	famMemberCharts = registerStatFamily(statFamilyDef{name: "member_charts", events: conn.memberChartEvents, recount: recountMemberCharts})
	// famUnitCharts: the units of unions in existence by ownership and
	// industry section.
	famUnitCharts = registerStatFamily(statFamilyDef{name: "unit_charts", events: conn.unitChartEvents, recount: recountUnitCharts})
	// chartFams are what the charts read: members_realname is everyone,
	// the top of the youngest band.
	chartFams = famMembers | famMemberCharts | famUnitCharts
	// famFigures are the families of the catalogue's figures: the charts'
	// own are read by the charts alone.
	famFigures = famAll &^ (famMemberCharts | famUnitCharts)
)

func agedKey(n int) string { return keyAgedAtLeast + strconv.Itoa(n) }

// ageCut is the latest birth date of someone at least n years old on the
// day: born on or before the same month and day n years earlier. Compared
// as text it needs no valid date (a 29 February cut-off compares right).
func ageCut(on gonghui.Date, n int) string {
	y, m, d := on.Parts()
	return fmt.Sprintf("%04d-%02d-%02d", y-n, int(m), d)
}

// birthday is the first day ageCut counts someone born on birth as n
// years old: the same month and day n years on, or 1 March for a
// 29 February in a common year.
func birthday(birth string, n int) string {
	y, err := strconv.Atoi(birth[:min(4, len(birth))])
	if err != nil || len(birth) != len(time.DateOnly) {
		return birth // never stored: birth dates are checked on the way in
	}
	day := fmt.Sprintf("%04d%s", y+n, birth[4:])
	if _, err := gonghui.ParseDate(day); err != nil {
		return fmt.Sprintf("%04d-03-01", y+n)
	}
	return day
}

// memberChartEvents: a membership counts under its member's form of
// employment while held, among those at least n years old from the n-th
// birthday while held, and once on its join date when it is a joining.
func (c conn) memberChartEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, since, joined, birth, employment string
	var left *string
	var transferred bool
	return c.eachRow(ctx, `SELECT o.path, `+memberSince+`, m.left_on, m.member_since IS NOT NULL, m.joined_on, p.birth_date, p.employment
		FROM memberships m JOIN orgs o ON o.id = m.org_id JOIN persons p ON p.id = m.person_id WHERE `+where, args,
		[]any{&path, &since, &left, &transferred, &joined, &birth, &employment}, func() {
			until := deref(left)
			sink.span(path, keyEmployment+employment, since, until, 1)
			for _, n := range ageThresholds {
				sink.span(path, agedKey(n), later(since, birthday(birth, n)), until, 1)
			}
			if !transferred {
				sink.add(path, keyJoined, joined, 1)
			}
		})
}

func recountMemberCharts(r *recount) {
	held := `FROM memberships m JOIN orgs o ON o.id = m.org_id JOIN persons p ON p.id = m.person_id WHERE ` + r.scope + ` AND ` + memberHeld
	r.group(keyEmployment, `SELECT p.employment, count(*) `+held+` GROUP BY p.employment`, r.on, r.on)
	for _, n := range ageThresholds {
		r.count(agedKey(n), `SELECT count(*) `+held+` AND p.birth_date <= ?`, r.on, r.on, ageCut(r.on, n))
	}
	r.count(keyJoined, `SELECT count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id
		WHERE `+r.scope+` AND m.member_since IS NULL AND m.joined_on <= ?`, r.on)
}

// unitChartEvents: a union's units count by ownership and by industry
// section (GB/T 4754: a division counts under its section, no code under
// "") while the union exists, as units_covered does.
func (c conn) unitChartEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, ownership, section string
	var founded, dissolved *string
	var created, n int64
	return c.eachRow(ctx, `SELECT o.path, o.founded_on, o.dissolved_on, o.created_at, u.ownership, COALESCE(i.section, ''), count(*)
		FROM units u JOIN orgs o ON o.id = u.org_id LEFT JOIN industries i ON i.code = u.industry_code
		WHERE `+where+` GROUP BY o.id, o.path, o.founded_on, o.dissolved_on, o.created_at, u.ownership, COALESCE(i.section, '')`, args,
		[]any{&path, &founded, &dissolved, &created, &ownership, &section, &n}, func() {
			life := orgSpan(founded, dissolved, created)
			sink.span(path, keyOwnership+ownership, life.from, life.until, n)
			sink.span(path, keySection+section, life.from, life.until, n)
		})
}

func recountUnitCharts(r *recount) {
	alive := orgAliveArgs(r.on)
	units := `FROM units u JOIN orgs o ON o.id = u.org_id LEFT JOIN industries i ON i.code = u.industry_code WHERE ` + r.scope + ` AND ` + orgAlive
	r.group(keyOwnership, `SELECT u.ownership, count(*) `+units+` GROUP BY u.ownership`, alive...)
	r.group(keySection, `SELECT COALESCE(i.section, ''), count(*) `+units+` GROUP BY COALESCE(i.section, '')`, alive...)
}

// Breakdowns are the dashboard's charts for a subtree on a day.
type Breakdowns struct {
	// Ownership counts the units covered by the subtree's unions in
	// existence on the day, by ownership, largest first.
	Ownership []Bucket `json:"ownership"`
	// Industry counts the same units by GB/T 4754 section letter ("" for
	// a unit without a code), largest first.
	Industry []Bucket `json:"industry"`
	// Employment counts the memberships held on the day by form of
	// employment ("" where none was recorded), largest first.
	Employment []Bucket `json:"employment"`
	// AgeBands counts the memberships held on the day by the member's age
	// on that day, in the order of AgeBands, every band present.
	AgeBands []Bucket `json:"age_bands"`
	// Joined counts the people who joined the union (入会) in the subtree
	// in each of the last months up to the day (keys "2017-03", oldest
	// first, every month present), whether or not they are members still:
	// a person joined once, in the month of their join date, at the union
	// they joined.
	Joined []Bucket `json:"joined"`
}

// ComputeBreakdowns computes the dashboard's charts for an org's subtree
// (0: the actor's scope) on a day, joins over the last months: from the
// maintained aggregates down to the streets (aggregateDepth), from the
// records' events for smaller subtrees (kept until the subtree's data
// changes).
func (s *Store) ComputeBreakdowns(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date, months int) (Breakdowns, error) {
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return Breakdowns{}, opErr(err, "compute breakdowns")
	}
	keys, first := joinMonths(on, months)
	vals, joins, err := c.chartValues(ctx, org, on, first)
	if err != nil {
		return Breakdowns{}, opErr(err, "compute breakdowns")
	}
	return breakdownsFrom(vals, joins, keys), nil
}

// ComputeStatsAndBreakdowns is ComputeStats and ComputeBreakdowns of one
// subtree at once, for a dashboard's view: a union's aggregate, thousands
// of rows for a district holding the figures' keys and the charts' alike,
// is summed once for both, and the pair is kept by the subtree's data
// version where it keeps one. The answers are shared: callers must not
// change them.
func (s *Store) ComputeStatsAndBreakdowns(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date, months int) (Stats, Breakdowns, error) {
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return Stats{}, Breakdowns{}, opErr(err, "compute stats")
	}
	type pair struct {
		st Stats
		br Breakdowns
	}
	apart := func() (pair, error) {
		st, err := s.ComputeStats(ctx, a, org.ID, on)
		if err != nil {
			return pair{}, err
		}
		br, err := s.ComputeBreakdowns(ctx, a, org.ID, on, months)
		return pair{st, br}, err
	}
	if org.Depth > aggregateDepth { // no aggregate: each kept by version apart
		p, err := apart()
		return p.st, p.br, err
	}
	defs, err := s.RateDefinitions(ctx)
	if err != nil {
		return Stats{}, Breakdowns{}, opErr(err, "compute stats")
	}
	together := func() (pair, error) {
		vals, ok, err := c.aggregateValues(ctx, org.ID, on)
		if err != nil || !ok { // being rebuilt, or set aside for a load: from the records
			if err == nil {
				return apart()
			}
			return pair{}, err
		}
		keys, first := joinMonths(on, months)
		joins, err := c.aggregateJoins(ctx, org, on, first)
		if err != nil {
			return pair{}, err
		}
		br := breakdownsFrom(vals, joins, keys)
		return pair{statsWith(defs, org, on, vals), br}, nil // statsWith derives into vals: last
	}
	p, err := cached(ctx, c, &s.cache, org, fmt.Sprintf("figures+charts:%s:%d:%x", on, months, ratesDigest(defs)), together)
	return p.st, p.br, opErr(err, "compute stats")
}

// RecountBreakdowns computes the same charts with plain queries over the
// records, independent of the events and aggregates.
func (s *Store) RecountBreakdowns(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date, months int) (Breakdowns, error) {
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return Breakdowns{}, opErr(err, "recount breakdowns")
	}
	scope, args := scopeClause("o.path", gonghui.Actor{Path: org.Path})
	r := &recount{c: c, ctx: ctx, scope: scope, args: args, actor: gonghui.Actor{Path: org.Path, OrgID: org.ID}, on: on, vals: map[string]int64{}}
	recountMembers(r)
	recountMemberCharts(r)
	recountUnitCharts(r)
	keys, first := joinMonths(on, months)
	joins := map[string]int64{}
	var month string
	var n int64
	if r.err == nil {
		r.err = c.eachRow(ctx, `SELECT substr(m.joined_on, 1, 7), count(*) FROM memberships m JOIN orgs o ON o.id = m.org_id
			WHERE `+scope+` AND m.member_since IS NULL AND m.joined_on >= ? AND m.joined_on <= ? GROUP BY substr(m.joined_on, 1, 7)`,
			append(args, first, on), []any{&month, &n}, func() { joins[month] = n })
	}
	if r.err != nil {
		return Breakdowns{}, opErr(r.err, "recount breakdowns")
	}
	return breakdownsFrom(r.vals, joins, keys), nil
}

// joinMonths are the keys of the last months calendar months up to the
// day, oldest first, and the first day of the oldest.
func joinMonths(on gonghui.Date, months int) ([]string, string) {
	y, m, _ := on.Parts()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-max(months, 1), 0)
	keys := make([]string, max(months, 0))
	for i := range keys {
		keys[i] = first.AddDate(0, i, 0).Format("2006-01")
	}
	return keys, first.Format(time.DateOnly)
}

// chartValues are the charts' event values for an org's subtree on a day,
// and the joins of each month from first to the day.
func (c conn) chartValues(ctx context.Context, org gonghui.Org, on gonghui.Date, first string) (vals, joins map[string]int64, err error) {
	type answer struct{ vals, joins map[string]int64 }
	got, err := cached(ctx, c, &c.s.cache, org, fmt.Sprint("charts:", on, first), func() (answer, error) {
		v, j, err := c.subtreeCharts(ctx, org, on, first)
		return answer{v, j}, err
	})
	return got.vals, got.joins, err
}

// subtreeCharts reads the charts' values from the union's aggregate when
// it keeps a fresh one, else from its records (a stale aggregate is being
// rebuilt or set aside for a load).
func (c conn) subtreeCharts(ctx context.Context, org gonghui.Org, on gonghui.Date, first string) (vals, joins map[string]int64, err error) {
	if org.Depth > aggregateDepth {
		return c.directCharts(ctx, org, on, first)
	}
	vals, ok, err := c.aggregateValues(ctx, org.ID, on)
	if err != nil || !ok {
		if err == nil {
			vals, joins, err = c.directCharts(ctx, org, on, first)
		}
		return vals, joins, err
	}
	joins, err = c.aggregateJoins(ctx, org, on, first)
	return vals, joins, err
}

// aggregateJoins are the joins of each month from first to the day, from
// the union's aggregate.
func (c conn) aggregateJoins(ctx context.Context, org gonghui.Org, on gonghui.Date, first string) (map[string]int64, error) {
	joins := map[string]int64{}
	var month string
	var n int64
	err := c.eachRow(ctx, `SELECT substr(at, 1, 7), SUM(delta) FROM stat_deltas
		WHERE org_id = ? AND grain = 'd' AND at >= ? AND at <= ? AND key = ? GROUP BY substr(at, 1, 7)`,
		[]any{org.ID, first, on.String(), keyJoined}, []any{&month, &n}, func() { joins[month] = n })
	return joins, err
}

// directCharts sums the charts' events of a subtree's records.
func (c conn) directCharts(ctx context.Context, org gonghui.Org, on gonghui.Date, first string) (vals, joins map[string]int64, err error) {
	events, err := c.directEvents(ctx, statSelection{subtree: org.Path}, chartFams)
	if err != nil {
		return nil, nil, err
	}
	day := on.String()
	vals, joins = map[string]int64{}, map[string]int64{}
	for k, n := range events {
		if k.day <= day {
			vals[k.key] += n
			if k.key == keyJoined && k.day >= first {
				joins[k.day[:7]] += n
			}
		}
	}
	return vals, joins, nil
}

// breakdownsFrom turns the charts' values into their buckets.
func breakdownsFrom(vals, joins map[string]int64, months []string) Breakdowns {
	b := Breakdowns{Ownership: bucketsOf(vals, keyOwnership), Industry: bucketsOf(vals, keySection), Employment: bucketsOf(vals, keyEmployment)}
	atLeast := []int64{vals["members_realname"]} // everyone is at least 0
	for _, n := range ageThresholds {
		atLeast = append(atLeast, vals[agedKey(n)])
	}
	for i, band := range AgeBands {
		n := atLeast[i]
		if i+1 < len(atLeast) {
			n -= atLeast[i+1]
		}
		b.AgeBands = append(b.AgeBands, Bucket{band, int(n)})
	}
	b.Joined = make([]Bucket, len(months))
	for i, m := range months {
		b.Joined[i] = Bucket{m, int(joins[m])}
	}
	return b
}

// bucketsOf are the values of the keys with a prefix, as buckets named by
// the rest of the key, largest first, empty ones left out.
func bucketsOf(vals map[string]int64, prefix string) []Bucket {
	out := []Bucket{}
	for k, n := range vals {
		if rest, ok := strings.CutPrefix(k, prefix); ok && n != 0 {
			out = append(out, Bucket{rest, int(n)})
		}
	}
	slices.SortFunc(out, func(a, b Bucket) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}
