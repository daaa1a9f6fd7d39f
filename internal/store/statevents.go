package store

import (
	"context"
	"fmt"

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
// write recomputes only the families it can change. Each family is
// registered by the module that owns its records (orgs_stats.go,
// members_stats.go, democracy_stats.go …), with its events and a plain
// recount of the same figures that the tests and `stats --verify` hold
// the events against.
type statFamily uint64

// famAll is every registered family.
const famAll = ^statFamily(0)

// statFamilyDef is one registered family.
type statFamilyDef struct {
	name string
	bit  statFamily
	// events reads the events of the records selected by where (on the
	// orgs table aliased o) into the sink.
	events func(c conn, ctx context.Context, where string, args []any, sink *eventSink) error
	// recount counts the family's figures for a subtree on a day with
	// plain queries over the records, independent of the events.
	recount func(r *recount)
	// derive, when set, computes figures of the family from the counted
	// ones (members_total from the reported and the unreported).
	derive func(vals map[string]int64)
}

// statFamilies are the registered families, in registration order.
var statFamilies []statFamilyDef

// registerStatFamily adds a family and returns its bit.
func registerStatFamily(def statFamilyDef) statFamily {
	if len(statFamilies) == 64 {
		panic("store: more than 64 statistics families")
	}
	def.bit = 1 << len(statFamilies)
	statFamilies = append(statFamilies, def)
	return def.bit
}

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
	// fam is the family whose events are being read; families names the
	// family of each key read (a key belongs to one family), which the
	// aggregates store with its rows so that a family is rebuilt alone.
	fam      string
	families map[string]string
	clash    string // a key two families read: a bug the reading reports
	// keysOf, when kept (indexed), lists each org's keys in out, so that
	// one org's events are taken without a walk over every org's.
	keysOf map[int64][]statKey
}

func newEventSink(attr func(path string) []int64) *eventSink {
	return &eventSink{attr: attr, out: statEvents{}, cache: map[string][]int64{}, families: map[string]string{}}
}

// newIndexedSink is an eventSink whose events are taken org by org
// (take), as a recount hands on each aggregate once its subtree is read.
func newIndexedSink(attr func(path string) []int64) *eventSink {
	e := newEventSink(attr)
	e.keysOf = map[int64][]statKey{}
	return e
}

// take hands each event of org to f and drops them (an indexed sink's).
func (e *eventSink) take(org int64, f func(k statKey, n int64)) {
	for _, k := range e.keysOf[org] {
		f(k, e.out[k])
		delete(e.out, k)
	}
	delete(e.keysOf, org)
}

func (e *eventSink) add(path, key, day string, n int64) {
	if n == 0 {
		return
	}
	if f, ok := e.families[key]; !ok {
		e.families[key] = e.fam
	} else if f != e.fam {
		e.clash = key
	}
	ids, ok := e.cache[path]
	if !ok {
		ids = e.attr(path)
		e.cache[path] = ids
	}
	for _, id := range ids {
		k := statKey{id, key, day}
		if e.keysOf != nil {
			if _, seen := e.out[k]; !seen {
				e.keysOf[id] = append(e.keysOf[id], k)
			}
		}
		e.out[k] += n
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

// maxIDsPerRead bounds the unions one read of a rebuild names.
var maxIDsPerRead = 500

// pathOrg is a union's ID and path.
type pathOrg struct {
	id   int64
	path string
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
	for _, f := range statFamilies {
		if fams&f.bit == 0 {
			continue
		}
		sink.fam = f.name
		if err := f.events(c, ctx, where, args, sink); err != nil {
			return fmt.Errorf("%s statistics: %w", f.name, err)
		}
	}
	if sink.clash != "" {
		return fmt.Errorf("statistics: key %q is read by two families", sink.clash)
	}
	return nil
}

// familyNames are the names of the registered families in fams.
func familyNames(fams statFamily) []string {
	var out []string
	for _, f := range statFamilies {
		if fams&f.bit != 0 {
			out = append(out, f.name)
		}
	}
	return out
}

// familyNamed is the family of a name; an unknown name (a family since
// removed) stands for every family.
func familyNamed(name string) statFamily {
	for _, f := range statFamilies {
		if f.name == name {
			return f.bit
		}
	}
	return famAll
}

// everyFamily reports whether fams holds every registered family.
func everyFamily(fams statFamily) bool {
	return len(familyNames(fams)) == len(statFamilies)
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
