package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"gonghui"
)

// aggregateDepth is the deepest level whose unions keep maintained
// aggregates: the city (0), the district and industry unions below it (1)
// and every union directly below those (2): the streets and the unions a
// district's dashboard lists as its next level, so that the first view
// after a write sums no records. A level rather than a size: which unions
// keep one follows from their paths alone, never from a count that writes
// push across a threshold, and moves keep it right (touchSubtrees). It
// costs rows: the level's thousands of small aggregates share few days
// (a generated city at 5 % of full scale: 1.2 M rows beside the 1.0 M of
// the levels above), which a rebuild recounts a batch at a time.
// Deeper subtrees (a street's grassroots unions) are small; their figures
// are summed from their records.
const aggregateDepth = 2

// versionedDepth is the first level whose unions keep a data version
// (stat_versions, raised by every write below them): their answers, from
// an aggregate or from the records, are kept until it changes, so that a
// dashboard after a write reads again only the one union of its next
// level that changed — for the city, one district of 33, each thousands
// of aggregate rows to sum. The city's own figures, whose version every
// write would raise, are read from its aggregate every time.
const versionedDepth = 1

// aggregatesOf attributes a record's events to the aggregates that count
// it: the unions on its union's path down to aggregateDepth.
func aggregatesOf(path string) []int64 {
	ids := gonghui.PathIDs(path)
	if len(ids) > aggregateDepth+1 {
		ids = ids[:aggregateDepth+1]
	}
	return ids
}

// statTouch keeps a transaction's aggregates right: before a write, touch
// takes the events of the records it may change; when the transaction
// ends, finish takes them again and adds the difference to the aggregates.
// Writes that serialize on the touched unions (SQLite's single writer, row
// locks on PostgreSQL) make the difference exact. The touched unions' own
// records and the touched subtrees must not overlap: a record read twice
// would count twice.
type statTouch struct {
	orgs     map[int64]statFamily // unions whose own records are touched, with the families read
	subtrees []int64              // roots of subtrees moved as a whole, every family read
	persons  map[int64]bool       // persons whose memberships and cards are touched
	before   *eventSink
}

func newStatTouch() *statTouch {
	return &statTouch{orgs: map[int64]statFamily{}, persons: map[int64]bool{}, before: newEventSink(aggregatesOf)}
}

// touchStats records, before a write, the events of the given unions' own
// records in the families the write can change. Calls outside a
// transaction do nothing: there is no write to follow.
func (c conn) touchStats(ctx context.Context, fams statFamily, orgIDs ...int64) error {
	t := c.stats
	if t == nil {
		return nil
	}
	byFams := map[statFamily][]int64{}
	for _, id := range orgIDs {
		if id == 0 {
			continue
		}
		if missing := fams &^ t.orgs[id]; missing != 0 {
			byFams[missing] = append(byFams[missing], id)
			t.orgs[id] |= missing
		}
	}
	for f, ids := range byFams {
		if err := c.lockOrgs(ctx, statSelection{orgIDs: ids}); err != nil {
			return err
		}
		if err := c.statEvents(ctx, statSelection{orgIDs: ids}, f, t.before); err != nil {
			return err
		}
	}
	return nil
}

// touchPersons records, before a write, the events of some persons'
// memberships and cards wherever they are held: what a member's join,
// edit, leave, transfer or card changes. Cost follows the persons, not the
// size of their unions.
func (c conn) touchPersons(ctx context.Context, personIDs ...int64) error {
	t := c.stats
	if t == nil {
		return nil
	}
	var fresh []int64
	for _, id := range personIDs {
		if id != 0 && !t.persons[id] {
			t.persons[id] = true
			fresh = append(fresh, id)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	sel := statSelection{personIDs: fresh}
	orgIDs, err := c.idColumn(ctx, `SELECT DISTINCT org_id FROM memberships WHERE person_id`, fresh)
	if err != nil {
		return err
	}
	if err := c.lockOrgs(ctx, statSelection{orgIDs: orgIDs}); err != nil {
		return err
	}
	return c.statEvents(ctx, sel, famMembership, t.before)
}

// touchNewPerson marks a person created in this transaction: nothing of
// theirs counted before.
func (c conn) touchNewPerson(id int64) {
	if c.stats != nil {
		c.stats.persons[id] = true
	}
}

// coverer names a kind of record that covers units: a contract or a
// congress, its table of covered units, and the family it counts in at its
// own union.
type coverer struct {
	table, unitsTable, ownerCol string
	fam                         statFamily
}

var (
	contractCoverer = coverer{"contracts", "contract_units", "contract_id", famContracts}
	congressCoverer = coverer{"congresses", "congress_units", "congress_id", famCongresses}
)

// touchCovering touches, before contracts or congresses change, their
// unions (and orgIDs, for new ones) and the unions of the units they cover
// now and of units they are about to cover.
func (c conn) touchCovering(ctx context.Context, cv coverer, ids, orgIDs, units []int64) error {
	covered, err := c.coveredUnits(ctx, cv.unitsTable, cv.ownerCol, ids)
	if err != nil {
		return err
	}
	units = append([]int64(nil), units...)
	for _, us := range covered {
		units = append(units, us...)
	}
	owners, err := c.idColumn(ctx, `SELECT org_id FROM `+cv.table+` WHERE id`, ids)
	if err != nil {
		return err
	}
	if err := c.touchStats(ctx, cv.fam, append(owners, orgIDs...)...); err != nil {
		return err
	}
	return c.touchUnits(ctx, famCoverage, units...)
}

// touchUnits touches the unions of some units.
func (c conn) touchUnits(ctx context.Context, fams statFamily, unitIDs ...int64) error {
	orgIDs, err := c.idColumn(ctx, `SELECT DISTINCT org_id FROM units WHERE id`, unitIDs)
	if err != nil {
		return err
	}
	return c.touchStats(ctx, fams, orgIDs...)
}

// idColumn runs query, which ends in "WHERE column", with " IN (keys)"
// appended, and returns the IDs it selects.
func (c conn) idColumn(ctx context.Context, query string, keys []int64) ([]int64, error) {
	var out []int64
	keys = slices.DeleteFunc(slices.Clone(keys), func(id int64) bool { return id == 0 })
	if len(keys) == 0 {
		return nil, nil
	}
	in, args := inList("", keys)
	var id int64
	err := c.eachRow(ctx, query+in, args, []any{&id}, func() { out = append(out, id) })
	return out, err
}

// touchNewOrg marks a union created in this transaction: it had no
// records before, so only its events after count.
func (c conn) touchNewOrg(id int64) {
	if c.stats != nil {
		c.stats.orgs[id] = famAll
	}
}

// touchSubtrees records every event of whole subtrees about to move, so
// that their figures leave the old aggregates and join the new ones.
func (c conn) touchSubtrees(ctx context.Context, rootIDs ...int64) error {
	t := c.stats
	if t == nil {
		return nil
	}
	for _, id := range rootIDs {
		sel, err := c.subtreeSelection(ctx, id)
		if err != nil {
			return err
		}
		t.subtrees = append(t.subtrees, id)
		if err := c.lockOrgs(ctx, sel); err != nil {
			return err
		}
		if err := c.statEvents(ctx, sel, famAll, t.before); err != nil {
			return err
		}
	}
	return nil
}

func (c conn) subtreeSelection(ctx context.Context, orgID int64) (statSelection, error) {
	var path string
	err := c.row(ctx, `SELECT path FROM orgs WHERE id = ?`, orgID).Scan(&path)
	return statSelection{subtree: path}, err
}

// lockOrgs makes concurrent writes to the same unions wait on PostgreSQL,
// so that each sees the other's records in both of its readings.
func (c conn) lockOrgs(ctx context.Context, sel statSelection) error {
	if c.s.engine != Postgres {
		return nil // SQLite transactions here take the write lock at BEGIN
	}
	where, args := sel.where()
	_, err := c.exec(ctx, `SELECT o.id FROM orgs o WHERE `+where+` ORDER BY o.id FOR UPDATE`, args...)
	return err
}

// finishStats reads the touched records again and adds the difference to
// the aggregates, inside the transaction that changed them.
func (c conn) finishStats(ctx context.Context) error {
	t := c.stats
	if t == nil || (len(t.orgs) == 0 && len(t.subtrees) == 0 && len(t.persons) == 0) {
		return nil
	}
	after := newEventSink(aggregatesOf)
	for _, id := range t.subtrees {
		sel, err := c.subtreeSelection(ctx, id)
		if err != nil {
			return err
		}
		if err := c.statEvents(ctx, sel, famAll, after); err != nil {
			return err
		}
	}
	byFams := map[statFamily][]int64{}
	for id, f := range t.orgs {
		byFams[f] = append(byFams[f], id)
	}
	for f, ids := range byFams {
		if err := c.statEvents(ctx, statSelection{orgIDs: ids}, f, after); err != nil {
			return err
		}
	}
	if len(t.persons) > 0 {
		ids := make([]int64, 0, len(t.persons))
		for id := range t.persons {
			ids = append(ids, id)
		}
		if err := c.statEvents(ctx, statSelection{personIDs: ids}, famMembership, after); err != nil {
			return err
		}
	}
	diff := after.out
	for k, n := range t.before.out {
		diff[k] -= n
	}
	maps.Copy(after.families, t.before.families)
	moved := len(t.subtrees) > 0
	before := t.before
	*t = *newStatTouch()
	if err := c.addDeltas(ctx, diff, after.families); err != nil {
		return err
	}
	if err := c.bumpTouched(ctx, before, after); err != nil {
		return err
	}
	if moved {
		// Unions that moved to or from the aggregated levels gain or lose
		// their aggregate; a new one is built by RefreshStats.
		return c.syncAggregates(ctx)
	}
	return nil
}

// syncAggregates keeps an aggregate row for exactly the unions down to
// aggregateDepth, new ones stale.
func (c conn) syncAggregates(ctx context.Context) error {
	if _, err := c.exec(ctx, `DELETE FROM stat_aggregates WHERE org_id IN (SELECT id FROM orgs WHERE depth > ?)`, aggregateDepth); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `DELETE FROM stat_deltas WHERE org_id NOT IN (SELECT org_id FROM stat_aggregates)`); err != nil {
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO stat_aggregates (org_id, stale)
		SELECT id, 1 FROM orgs o WHERE depth <= ? AND NOT EXISTS (SELECT 1 FROM stat_aggregates g WHERE g.org_id = o.id)`, aggregateDepth)
	return err
}

// deltaRow is one row of stat_deltas: an aggregate's events of a key on a
// day ("d") or in a year ("y").
type deltaRow struct {
	org       int64
	grain, at string
	key       string
}

// deltaRows are the rows that events add to the aggregates, zeros left out.
func deltaRows(events statEvents) map[deltaRow]int64 {
	rows := map[deltaRow]int64{}
	for k, n := range events {
		if n == 0 {
			continue
		}
		rows[deltaRow{k.org, "d", k.day, k.key}] += n
		rows[deltaRow{k.org, "y", k.day[:4], k.key}] += n
	}
	maps.DeleteFunc(rows, func(_ deltaRow, n int64) bool { return n == 0 })
	return rows
}

// addDeltas adds events to the aggregates, each as a day row and into its
// year's row, named by the family of its key.
func (c conn) addDeltas(ctx context.Context, events statEvents, families map[string]string) error {
	return c.addRows(ctx, deltaRows(events), families)
}

// addRows adds to the aggregates' rows.
func (c conn) addRows(ctx context.Context, rows map[deltaRow]int64, families map[string]string) error {
	keys := slices.Collect(maps.Keys(rows))
	// A stable order keeps PostgreSQL's row locks in one order across
	// concurrent writers.
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.org != b.org {
			return a.org < b.org
		}
		if a.grain != b.grain {
			return a.grain < b.grain
		}
		if a.at != b.at {
			return a.at < b.at
		}
		return a.key < b.key
	})
	// In chunks: a rebuilt city's rows are many, their statement arguments
	// need not all be held at once.
	const chunk = 5000
	out := make([][]any, 0, min(chunk, len(keys)))
	for start := 0; start < len(keys); start += chunk {
		out = out[:0]
		for _, r := range keys[start:min(start+chunk, len(keys))] {
			out = append(out, []any{r.org, r.grain, r.at, r.key, rows[r], families[r.key]})
		}
		if err := writeRows(ctx, c, "stat_deltas", []string{"org_id", "grain", "at", "key", "delta", "family"}, out,
			` ON CONFLICT (org_id, grain, at, key) DO UPDATE SET delta = stat_deltas.delta + excluded.delta, family = excluded.family`); err != nil {
			return err
		}
	}
	return nil
}

// aggregateValues sums an aggregate up to a date; ok is false when the
// union keeps none or it, or any of its families, is stale.
func (c conn) aggregateValues(ctx context.Context, orgID int64, on gonghui.Date) (map[string]int64, bool, error) {
	return c.aggregateSums(ctx, orgID, on, "", nil)
}

// aggregateValue is one key of an aggregate up to a date: its rows alone
// are read and summed, not the aggregate's every key (a district's are
// thousands of rows, a member list's total needs one of them).
func (c conn) aggregateValue(ctx context.Context, orgID int64, on gonghui.Date, key string) (int64, bool, error) {
	vals, ok, err := c.aggregateSums(ctx, orgID, on, " AND key = ?", []any{key})
	return vals[key], ok, err
}

// aggregateSums sums an aggregate's rows up to a date, by key, with an
// extra condition on the rows.
func (c conn) aggregateSums(ctx context.Context, orgID int64, on gonghui.Date, cond string, condArgs []any) (map[string]int64, bool, error) {
	var stale int
	err := c.row(ctx, `SELECT g.stale + (SELECT count(*) FROM stat_stale_families f WHERE f.org_id = g.org_id)
		FROM stat_aggregates g WHERE g.org_id = ?`, orgID).Scan(&stale)
	if err != nil || stale != 0 {
		return nil, false, ignoreNoRows(err)
	}
	day := on.String()
	vals := map[string]int64{}
	var key string
	var n int64
	args := append(append([]any{orgID, day[:4]}, condArgs...), orgID, day[:4]+"-01-01", day)
	err = c.eachRow(ctx, `SELECT key, SUM(delta) FROM (
			SELECT key, delta FROM stat_deltas WHERE org_id = ? AND grain = 'y' AND at < ?`+cond+`
			UNION ALL
			SELECT key, delta FROM stat_deltas WHERE org_id = ? AND grain = 'd' AND at >= ? AND at <= ?`+cond+`
		) x GROUP BY key`, append(args, condArgs...), []any{&key, &n}, func() { vals[key] = n })
	return vals, err == nil, err
}

// statValues returns every event key's value for a union's subtree on a
// date: from its aggregate when it keeps a fresh one, else summed from the
// records of the families asked for.
func (c conn) statValues(ctx context.Context, org gonghui.Org, on gonghui.Date, fams statFamily) (map[string]int64, error) {
	vals, err := cached(ctx, c, &c.s.cache, org, fmt.Sprint("stats:", on, fams), func() (map[string]int64, error) {
		return c.freshStatValues(ctx, org, on, fams)
	})
	return maps.Clone(vals), err
}

// keepsAnswers is whether answers over org's subtree may be kept by its
// data version: not inside a transaction, where the data is changing, nor
// above versionedDepth, where a subtree keeps no version.
func (c conn) keepsAnswers(org gonghui.Org) bool {
	return c.stats == nil && org.Depth >= versionedDepth
}

// freshStatValues is statValues computed now, not looked up among the
// kept answers.
func (c conn) freshStatValues(ctx context.Context, org gonghui.Org, on gonghui.Date, fams statFamily) (map[string]int64, error) {
	if org.Depth <= aggregateDepth {
		vals, ok, err := c.aggregateValues(ctx, org.ID, on)
		if ok || err != nil {
			return vals, err
		}
	}
	return c.directValues(ctx, statSelection{subtree: org.Path}, on, fams)
}

// directEvents reads the events of the selected records, summed over
// them.
func (c conn) directEvents(ctx context.Context, sel statSelection, fams statFamily) (statEvents, error) {
	sink := newEventSink(func(string) []int64 { return []int64{0} })
	err := c.statEvents(ctx, sel, fams, sink)
	return sink.out, err
}

// directValues sums the events of the selected records up to a date.
func (c conn) directValues(ctx context.Context, sel statSelection, on gonghui.Date, fams statFamily) (map[string]int64, error) {
	events, err := c.directEvents(ctx, sel, fams)
	if err != nil {
		return nil, err
	}
	day := on.String()
	vals := map[string]int64{}
	for k, n := range events {
		if k.day <= day {
			vals[k.key] += n
		}
	}
	return vals, nil
}

// MarkStatsStale sets aside the aggregates over an org's subtree, for a
// bulk write that does not maintain them row by row; figures are computed
// from the records until RefreshStats rebuilds them.
func (s *Store) MarkStatsStale(ctx context.Context, orgID int64) error {
	var path string
	if err := s.conn().row(ctx, `SELECT path FROM orgs WHERE id = ?`, orgID).Scan(&path); err != nil {
		return opErr(err, "mark stats stale")
	}
	return s.conn().markStale(ctx, path)
}

var sqlIdentifier = regexp.MustCompile(`^[a-z_]+$`)

// loadFamilies are the families a bulk load into a table changes: those
// its writer touches (touchCovering, touchUnits …), the only ones it sets
// aside and the rebuild after it recounts. A table not named here sets
// every family aside; one whose records no figure counts, none.
var loadFamilies = map[string]statFamily{
	"memberships":        famMembership,
	"contracts":          famContracts | famCoverage,
	"congresses":         famCongresses | famCoverage,
	"disclosures":        famCoverage,
	"worker_homes":       famWorkerHomes,
	"employee_directors": famCoverage,
}

// SetAsideStats prepares a bulk load of rows records into table by an
// import, in the actor's scope: when they outnumber the records the table
// already keeps, the import holds the aggregates over the scope — the
// families the table's records feed are set aside (loadFamilies), and no
// rebuild marks them fresh while it holds them — and it reports true: the
// loader may then skip maintaining them (UntrackStats) and must call
// ReleaseStats and RefreshStats at the end. Below that, following each row
// is cheaper than a rebuild.
func (s *Store) SetAsideStats(ctx context.Context, a gonghui.Actor, importID int64, table string, rows int) (bool, error) {
	if !sqlIdentifier.MatchString(table) { // it is spliced into the query
		return false, fmt.Errorf("set statistics aside: %q is not a table name", table)
	}
	fams, ok := loadFamilies[table]
	if !ok {
		fams = famAll
	}
	if fams == 0 {
		return false, nil // nothing to maintain, row by row or otherwise
	}
	var kept int // counted no further than the load: a city's members are millions
	if err := s.conn().row(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+table+` LIMIT ?) x`, rows).Scan(&kept); err != nil {
		return false, opErr(err, "set aside stats")
	}
	if rows <= kept {
		return false, nil
	}
	err := s.inTx(ctx, func(c conn) error {
		// Under the rebuild's lock: a rebuild running now either ends
		// before the hold, or sees it.
		if err := c.lockDeltas(ctx); err != nil {
			return err
		}
		// The aggregates that count the scope's records: those above it
		// and those inside it (the districts and streets, when the scope is the
		// city).
		held := map[int64]bool{}
		for _, id := range aggregatesOf(a.Path) {
			held[id] = true
		}
		scope, args := scopeClause("o.path", a)
		var id int64
		if err := c.eachRow(ctx, `SELECT g.org_id FROM stat_aggregates g JOIN orgs o ON o.id = g.org_id WHERE `+scope, args,
			[]any{&id}, func() { held[id] = true }); err != nil {
			return err
		}
		ids := slices.Sorted(maps.Keys(held))
		holds := make([][]any, len(ids))
		for i, id := range ids {
			holds[i] = []any{id, importID}
		}
		if err := writeRows(ctx, c, "stat_holds", []string{"org_id", "import_id"}, holds, ` ON CONFLICT (org_id, import_id) DO NOTHING`); err != nil {
			return err
		}
		if err := c.setAside(ctx, ids, fams); err != nil {
			return err
		}
		// The load's rows follow no version: answers kept from before it
		// go, and those kept during it last no longer than resultCacheAge.
		return c.bumpVersions(ctx, globalVersion)
	})
	return err == nil, opErr(err, "set aside stats")
}

// ReleaseStats ends an import's hold on the aggregates it set aside; the
// next RefreshStats rebuilds those no other load holds.
func (s *Store) ReleaseStats(ctx context.Context, importID int64) error {
	err := s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM stat_holds WHERE import_id = ?`, importID); err != nil {
			return err
		}
		return c.bumpVersions(ctx, globalVersion) // what the load wrote is read anew
	})
	return opErr(err, "release stats")
}

// releaseDeadHolds drops the holds of loads that no longer run: an import
// that ended or was marked interrupted, or one whose process on this host
// is gone (a crash, a kill). A load on another host cannot be told dead
// from here; the server's start marks it interrupted, which releases it.
func (c conn) releaseDeadHolds(ctx context.Context) error {
	var dead []int64
	var id int64
	var status, owner string
	if err := c.eachRow(ctx, `SELECT DISTINCT h.import_id, COALESCE(i.status, ''), COALESCE(i.owner, '')
		FROM stat_holds h LEFT JOIN imports i ON i.id = h.import_id`, nil, []any{&id, &status, &owner}, func() {
		if status != ImportRunning || ownerGone(owner) {
			dead = append(dead, id)
		}
	}); err != nil || len(dead) == 0 {
		return err
	}
	in, args := inList("import_id", dead)
	_, err := c.exec(ctx, `DELETE FROM stat_holds WHERE `+in, args...)
	return err
}

// lockDeltas makes concurrent writers of the aggregates wait on
// PostgreSQL (SQLite's transactions hold the write lock already).
func (c conn) lockDeltas(ctx context.Context) error {
	if c.s.engine != Postgres {
		return nil
	}
	_, err := c.exec(ctx, `LOCK TABLE stat_deltas IN EXCLUSIVE MODE`)
	return err
}

// deferredIndexes are the secondary indexes of the member tables that a
// first load of members reads none of: building them once after the rows
// is far cheaper than keeping them row by row.
var deferredIndexes = []struct{ name, create string }{
	{"persons_phone", "CREATE INDEX IF NOT EXISTS persons_phone ON persons(phone_index)"},
	{"persons_name_birth", "CREATE INDEX IF NOT EXISTS persons_name_birth ON persons(birth_date, name)"},
	{"memberships_org", "CREATE INDEX IF NOT EXISTS memberships_org ON memberships(org_id, status)"},
	{"memberships_person", "CREATE INDEX IF NOT EXISTS memberships_person ON memberships(person_id)"},
	{"memberships_unit", "CREATE INDEX IF NOT EXISTS memberships_unit ON memberships(unit_id)"},
	{"cards_person", "CREATE INDEX IF NOT EXISTS cards_person ON cards(person_id)"},
	// The member list's search keys (migration 16).
	{"memberships_tree", "CREATE INDEX IF NOT EXISTS memberships_tree ON memberships(status, org_path, id)"},
	{"memberships_name", "CREATE INDEX IF NOT EXISTS memberships_name ON memberships(status, name, id)"},
	{"memberships_initials", "CREATE INDEX IF NOT EXISTS memberships_initials ON memberships(status, name_initials, name, id)"},
	{"memberships_s1_name", "CREATE INDEX IF NOT EXISTS memberships_s1_name ON memberships(scope1_id, status, name, id)"},
	{"memberships_s1_initials", "CREATE INDEX IF NOT EXISTS memberships_s1_initials ON memberships(scope1_id, status, name_initials, name, id)"},
	{"memberships_s2_name", "CREATE INDEX IF NOT EXISTS memberships_s2_name ON memberships(scope2_id, status, name, id)"},
	{"memberships_s2_initials", "CREATE INDEX IF NOT EXISTS memberships_s2_initials ON memberships(scope2_id, status, name_initials, name, id)"},
	{"memberships_org_name", "CREATE INDEX IF NOT EXISTS memberships_org_name ON memberships(org_id, status, name, id)"},
	{"memberships_org_initials", "CREATE INDEX IF NOT EXISTS memberships_org_initials ON memberships(org_id, status, name_initials, name, id)"},
	// The new-employment table's key (migration 35).
	{"memberships_employment", "CREATE INDEX IF NOT EXISTS memberships_employment ON memberships(employment, org_path)"},
}

// DeferIndexes drops the member tables' secondary indexes before a first
// load of members (no membership kept yet: nothing reads them meanwhile)
// and reports whether it did; RestoreIndexes must follow when the load
// ends, whatever its outcome. Migrate restores them too, should a load
// have died between the two.
func (s *Store) DeferIndexes(ctx context.Context, kind string) (bool, error) {
	if kind != "members" {
		return false, nil
	}
	c := s.conn()
	var kept int
	if err := c.row(ctx, `SELECT count(*) FROM (SELECT 1 FROM memberships LIMIT 1) x`).Scan(&kept); err != nil || kept > 0 {
		return false, opErr(err, "defer indexes")
	}
	for _, ix := range deferredIndexes {
		if _, err := c.exec(ctx, `DROP INDEX IF EXISTS `+ix.name); err != nil {
			return false, opErr(err, "defer indexes")
		}
	}
	return true, nil
}

// RestoreIndexes builds whichever deferred indexes are missing, and on
// PostgreSQL has the planner count the member tables again when it built
// any. It returns the longest build: what other writers of the member
// tables (on SQLite, every writer) waited at most.
func (s *Store) RestoreIndexes(ctx context.Context) (time.Duration, error) {
	var longest time.Duration
	sc, err := s.db.Conn(ctx)
	if err != nil {
		return longest, opErr(err, "restore indexes")
	}
	defer sc.Close()
	if s.engine == SQLite {
		// An index over millions of rows is sorted first: on disk, not in
		// the memory the connections' temp store otherwise uses.
		// The sort may take a second core: the load's other stages have
		// ended, and every writer of the member tables waits meanwhile.
		// Each of its threads fills up to the page cache's size in memory
		// before it writes a sorted run out: a smaller cache keeps the
		// threads within the one cache's memory.
		var cache int
		if err := sc.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			return longest, opErr(err, "restore indexes")
		}
		if _, err := sc.ExecContext(ctx, `PRAGMA temp_store = FILE; PRAGMA threads = 2; PRAGMA cache_size = -16384`); err != nil {
			return longest, opErr(err, "restore indexes")
		}
		defer sc.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA temp_store = MEMORY; PRAGMA threads = 0; PRAGMA cache_size = %d`, cache))
	}
	built := false
	for _, ix := range deferredIndexes {
		var n int
		q := `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = $1`
		if s.engine == Postgres {
			q = `SELECT count(*) FROM pg_indexes WHERE indexname = $1`
		}
		if err := sc.QueryRowContext(ctx, q, ix.name).Scan(&n); err != nil {
			return longest, opErr(err, "restore indexes")
		}
		if n > 0 {
			continue
		}
		began := time.Now()
		if _, err := sc.ExecContext(ctx, ix.create); err != nil {
			return longest, fmt.Errorf("restore index %s: %w", ix.name, err)
		}
		longest, built = max(longest, time.Since(began)), true
	}
	if built && s.engine == Postgres {
		// The tables were filled since the planner last counted them: with
		// its old counts it would read every card to look a batch of
		// people up (a hash join instead of the indexes).
		if _, err := sc.ExecContext(ctx, `ANALYZE persons, memberships, cards`); err != nil {
			return longest, opErr(err, "restore indexes")
		}
	}
	return longest, nil
}

// markStale sets aside the aggregates that count records at the given
// paths.
func (c conn) markStale(ctx context.Context, paths ...string) error {
	var ids []int64
	for _, p := range paths {
		ids = append(ids, aggregatesOf(p)...)
	}
	if len(ids) == 0 {
		return nil
	}
	in, args := inList("org_id", ids)
	if _, err := c.exec(ctx, `UPDATE stat_aggregates SET stale = 1 WHERE `+in, args...); err != nil {
		return err
	}
	return c.bumpVersions(ctx, globalVersion) // the bulk write follows no version
}

// setAside sets aside some families of aggregates: the whole aggregate
// when they are every family.
func (c conn) setAside(ctx context.Context, ids []int64, fams statFamily) error {
	if everyFamily(fams) {
		in, args := inList("org_id", ids)
		_, err := c.exec(ctx, `UPDATE stat_aggregates SET stale = 1 WHERE `+in, args...)
		return err
	}
	var rows [][]any
	for _, id := range ids {
		for _, name := range familyNames(fams) {
			rows = append(rows, []any{id, name})
		}
	}
	return writeRows(ctx, c, "stat_stale_families", []string{"org_id", "family"}, rows, ` ON CONFLICT (org_id, family) DO NOTHING`)
}

// markAllStale sets aside every aggregate, for a change of rule that
// touches every figure (a rate definition).
func (c conn) markAllStale(ctx context.Context) error {
	if _, err := c.exec(ctx, `UPDATE stat_aggregates SET stale = 1`); err != nil {
		return err
	}
	return c.bumpVersions(ctx, globalVersion)
}

// RefreshStats makes sure every union down to aggregateDepth keeps an
// aggregate and rebuilds from the records those that are missing or stale
// and that no running load holds (see SetAsideStats). It returns how many
// it rebuilt.
func (s *Store) RefreshStats(ctx context.Context) (int, error) {
	n, err := s.refreshStats(ctx, false)
	return n, opErr(err, "refresh stats")
}

// RepairStats recounts every aggregate no running load holds from the
// records, fresh ones too, and rewrites each whose rows differ from the
// recount, so that whatever a plain recount finds is repaired (a row
// damaged by hand, a write that bypassed the statistics). It returns how
// many it rewrote.
func (s *Store) RepairStats(ctx context.Context) (int, error) {
	n, err := s.refreshStats(ctx, true)
	return n, opErr(err, "repair stats")
}

// A rebuild recounts from the records in a read-only snapshot, so that
// other writers go on meanwhile (on SQLite a write transaction holds the
// only write lock: a city's recount would keep them waiting for longer
// than their busy timeout). Each aggregate then takes, in a short write
// transaction of its own, the difference between the recount and its rows
// as the snapshot saw them: what writers added since is kept, as their
// deltas are.

// rebuildTarget is an aggregate a rebuild recounts: a stale one in every
// family, one with families set aside in those alone (either is rewritten
// whatever it holds); a repair recounts every family of every aggregate.
type rebuildTarget struct {
	path    string
	stale   bool
	fams    statFamily
	rebuilt int64              // rebuilt_at as the snapshot saw it
	diff    map[deltaRow]int64 // the recount less the rows kept, zeros left out
}

// rebuildRounds bounds the snapshots a rebuild takes again when set-asides
// keep coming between its snapshot and its writes; what is left is rebuilt
// by the rebuild that follows each set-aside's load.
const rebuildRounds = 3

func (s *Store) refreshStats(ctx context.Context, all bool) (int, error) {
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockDeltas(ctx); err != nil {
			return err
		}
		if err := c.syncAggregates(ctx); err != nil {
			return err
		}
		return c.releaseDeadHolds(ctx)
	})
	if err != nil {
		return 0, err
	}
	rebuilt := 0
	for range rebuildRounds {
		conflict, writing := false, false
		found, err := s.recountTargets(ctx, all, func(id int64, t *rebuildTarget, version int64, families map[string]string) (bool, error) {
			if !writing && s.recounted != nil {
				s.recounted()
			}
			writing = true
			applied, err := s.applyRebuild(ctx, id, t, version, families)
			if applied == rebuildConflict {
				conflict = true
			}
			if applied == rebuildWritten {
				rebuilt++
			}
			return !conflict, err
		})
		if err != nil || !found || !conflict {
			return rebuilt, err
		}
	}
	return rebuilt, nil
}

// rebuildOutcome is what applying one aggregate's recount did.
type rebuildOutcome int

const (
	rebuildSkipped  rebuildOutcome = iota // held, gone, done by another rebuild, or found right
	rebuildWritten                        // rewritten from the recount
	rebuildConflict                       // set aside again since the snapshot: recount anew
)

// rebuildChunkRows bounds the rows one write transaction of a rebuild
// adds to a stale aggregate: a city's are hundreds of thousands, which in
// one transaction would hold SQLite's only write lock for seconds.
var rebuildChunkRows = 20_000

// applyRebuild writes one aggregate's recount unless what the snapshot saw
// has changed since, in short write transactions. A stale aggregate (or
// one with families set aside) is read by no one, and what the recount
// adds to it is a difference that writers' deltas add to: it takes the
// rows a chunk at a time, the last chunk marking it fresh. Should it be
// set aside again midway, the next rebuild recounts it against the rows
// as they then are. A repair of a fresh aggregate writes in one.
func (s *Store) applyRebuild(ctx context.Context, id int64, t *rebuildTarget, version int64, families map[string]string) (rebuildOutcome, error) {
	rest := t.diff
	for {
		part, last := rest, true
		if t.stale && len(rest) > rebuildChunkRows {
			part, last = make(map[deltaRow]int64, rebuildChunkRows), false
			for r, n := range rest {
				if len(part) == rebuildChunkRows {
					break
				}
				part[r] = n
				delete(rest, r)
			}
		}
		out, err := s.applyRebuildRows(ctx, id, t, version, families, part, last)
		if err != nil || out != rebuildWritten || last {
			return out, err
		}
	}
}

// applyRebuildRows adds some of an aggregate's recount to its rows in one
// write transaction; the last part marks the aggregate fresh.
func (s *Store) applyRebuildRows(ctx context.Context, id int64, t *rebuildTarget, version int64, families map[string]string, rows map[deltaRow]int64, last bool) (rebuildOutcome, error) {
	out := rebuildSkipped
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockDeltas(ctx); err != nil {
			return err
		}
		var now int64
		if err := c.row(ctx, `SELECT COALESCE(MAX(version), 0) FROM stat_versions WHERE org_id = ?`, globalVersion).Scan(&now); err != nil {
			return err
		}
		if now != version {
			out = rebuildConflict
			return nil
		}
		var held int
		var rebuiltAt int64
		if err := c.row(ctx, `SELECT g.rebuilt_at, (SELECT count(*) FROM stat_holds h WHERE h.org_id = g.org_id)
			FROM stat_aggregates g WHERE g.org_id = ?`, id).Scan(&rebuiltAt, &held); err != nil {
			return ignoreNoRows(err) // no longer aggregated
		}
		if held > 0 || rebuiltAt != t.rebuilt {
			return nil // a load holds it again, or another rebuild did it
		}
		if !t.stale && len(rows) == 0 {
			return nil // a repair that found it right
		}
		if err := c.addRows(ctx, rows, families); err != nil {
			return err
		}
		out = rebuildWritten
		if !last {
			return nil
		}
		// Rows that the recount no longer has are left at zero.
		del, args := `DELETE FROM stat_deltas WHERE org_id = ? AND delta = 0`, []any{id}
		if in, names := familiesIn(t.fams); in != "" {
			del, args = del+` AND `+in, append(args, names...)
		}
		if _, err := c.exec(ctx, del, args...); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE stat_aggregates SET stale = 0, rebuilt_at = CASE WHEN rebuilt_at >= ? THEN rebuilt_at + 1 ELSE ? END
			WHERE org_id = ?`, s.nowUnix(), s.nowUnix(), id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM stat_stale_families WHERE org_id = ?`, id); err != nil {
			return err
		}
		if len(gonghui.PathIDs(t.path)) > versionedDepth {
			// Its answers are kept by version: a repair's rows are read anew.
			return c.bumpVersions(ctx, id)
		}
		return nil
	})
	return out, err
}

// recountTargets recounts, in one read-only snapshot, the aggregates to
// rebuild, and hands each to apply as soon as its recount is whole, with
// the events that turn its rows as the snapshot saw them into the recount,
// the data version the snapshot saw (every set-aside raises it) and the
// family of each key; apply answers false to stop. It reports whether
// there was any aggregate to rebuild.
//
// A subtree is read apart from the subtrees below it that hold other
// aggregates to rebuild, deepest first, and each aggregate's events are
// handed on and dropped once its subtree is read: memory holds the
// aggregates on one path from the city down (each bounded by days × keys),
// never the whole city's rows.
func (s *Store) recountTargets(ctx context.Context, all bool, apply func(id int64, t *rebuildTarget, version int64, families map[string]string) (bool, error)) (bool, error) {
	sc, err := s.db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer sc.Close()
	begin := "BEGIN" // deferred on SQLite: a snapshot from the first read, no write lock
	if s.engine == Postgres {
		begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	}
	if _, err := sc.ExecContext(ctx, begin); err != nil {
		return false, err
	}
	defer sc.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	c := conn{s: s, q: sc}
	var version int64
	if err := c.row(ctx, `SELECT COALESCE(MAX(version), 0) FROM stat_versions WHERE org_id = ?`, globalVersion).Scan(&version); err != nil {
		return false, err
	}
	// Every union in path order, as the snapshot holds them: a read of a
	// subtree apart from its children's names the unions it reads by ID
	// (an index seek each), not as ranges ORed together, which SQLite
	// answers by comparing every union with every range.
	var unions []pathOrg
	var u pathOrg
	if err := c.eachRow(ctx, `SELECT id, path FROM orgs`, nil, []any{&u.id, &u.path}, func() { unions = append(unions, u) }); err != nil {
		return false, err
	}
	slices.SortFunc(unions, func(a, b pathOrg) int { return strings.Compare(a.path, b.path) })
	firstFrom := func(path string) int { // the first union at or after path
		i, _ := slices.BinarySearchFunc(unions, path, func(u pathOrg, p string) int { return strings.Compare(u.path, p) })
		return i
	}
	targets := map[int64]*rebuildTarget{}
	var id, rebuiltAt int64
	var path, fam string
	var isStale bool
	if err := c.eachRow(ctx, `SELECT o.id, o.path, g.stale <> 0, g.rebuilt_at, COALESCE(f.family, '') FROM stat_aggregates g
		JOIN orgs o ON o.id = g.org_id LEFT JOIN stat_stale_families f ON f.org_id = g.org_id
		WHERE (g.stale <> 0 OR f.family IS NOT NULL OR ?) AND NOT EXISTS (SELECT 1 FROM stat_holds h WHERE h.org_id = g.org_id)`,
		[]any{all}, []any{&id, &path, &isStale, &rebuiltAt, &fam}, func() {
			t := targets[id]
			if t == nil {
				t = &rebuildTarget{path: path, rebuilt: rebuiltAt}
				targets[id] = t
			}
			t.stale = t.stale || isStale || fam != ""
			switch {
			case isStale || all:
				t.fams = famAll
			case fam != "":
				t.fams |= familyNamed(fam)
			}
		}); err != nil {
		return false, err
	}
	groups := map[statFamily][]int64{} // the aggregates recounted in the same families
	for id, t := range targets {
		groups[t.fams] = append(groups[t.fams], id)
	}
	families := map[string]string{}
	for fams, ids := range groups {
		slices.SortFunc(ids, func(a, b int64) int { return strings.Compare(targets[a].path, targets[b].path) })
		byPath := map[string]int64{}
		paths := make([]string, len(ids)) // in path order: a subtree's are a run
		for i, id := range ids {
			byPath[targets[id].path] = id
			paths[i] = targets[id].path
		}
		sink := newIndexedSink(func(p string) []int64 {
			var out []int64
			for _, id := range aggregatesOf(p) {
				if t := targets[id]; t != nil && t.fams == fams {
					out = append(out, id)
				}
			}
			return out
		})
		// hand gives apply one aggregate's recount, less the rows kept (the
		// recounted families' only, the others stay as the writers keep
		// them), and drops its events.
		hand := func(id int64) (bool, error) {
			t := targets[id]
			t.diff = map[deltaRow]int64{}
			sink.take(id, func(k statKey, n int64) {
				t.diff[deltaRow{k.org, "d", k.day, k.key}] += n
				t.diff[deltaRow{k.org, "y", k.day[:4], k.key}] += n
			})
			maps.Copy(families, sink.families)
			query, args := `SELECT grain, at, key, family, delta FROM stat_deltas WHERE org_id = ?`, []any{id}
			if in, names := familiesIn(fams); in != "" {
				query, args = query+` AND `+in, append(args, names...)
			}
			r := deltaRow{org: id}
			var n int64
			if err := c.eachRow(ctx, query, args, []any{&r.grain, &r.at, &r.key, &fam, &n}, func() {
				t.diff[r] -= n
				if _, ok := families[r.key]; !ok {
					families[r.key] = fam
				}
			}); err != nil {
				return false, err
			}
			maps.DeleteFunc(t.diff, func(_ deltaRow, n int64) bool { return n == 0 })
			more, err := apply(id, t, version, families)
			t.diff = nil
			return more, err
		}
		// read reads a subtree but for the subtrees of its children that
		// hold deeper aggregates, which it reads apart in turn; then every
		// aggregate inside it is whole.
		var read func(p string) (bool, error)
		read = func(p string) (bool, error) {
			// The children holding deeper aggregates: found in the run of
			// p's subtree, skipping each child's own run once found, so a
			// read costs its children, not the city's aggregates.
			var inner []string
			i, _ := slices.BinarySearch(paths, p)
			for i < len(paths) && gonghui.InSubtree(paths[i], p) {
				tp := paths[i]
				if tp == p {
					i++
					continue
				}
				child := tp[:len(p)+strings.IndexByte(tp[len(p):], '/')+1]
				inner = append(inner, child)
				_, past := gonghui.PathRange(child)
				i, _ = slices.BinarySearch(paths, past)
			}
			sels := []statSelection{{subtree: p}}
			if len(inner) > 0 {
				// The unions of p's subtree outside its inner children's.
				var own []int64
				j := firstFrom(p)
				for _, child := range inner {
					for until := firstFrom(child); j < until; j++ {
						own = append(own, unions[j].id)
					}
					_, past := gonghui.PathRange(child)
					j = firstFrom(past)
				}
				_, end := gonghui.PathRange(p)
				for until := firstFrom(end); j < until; j++ {
					own = append(own, unions[j].id)
				}
				sels = nil
				for part := range slices.Chunk(own, maxIDsPerRead) {
					sels = append(sels, statSelection{orgIDs: part})
				}
			}
			for _, sel := range sels {
				if err := c.statEvents(ctx, sel, fams, sink); err != nil {
					return false, err
				}
			}
			for _, child := range inner {
				if more, err := read(child); !more || err != nil {
					return false, err
				}
			}
			if id, ok := byPath[p]; ok {
				return hand(id)
			}
			return true, nil
		}
		outer := ""
		for _, id := range ids {
			p := targets[id].path
			if outer != "" && gonghui.InSubtree(p, outer) {
				continue // read with the outer subtree before it
			}
			outer = p
			if more, err := read(p); !more || err != nil {
				return true, err
			}
		}
	}
	return len(targets) > 0, nil
}

// familiesIn is the condition on stat_deltas that selects the rows of
// some families, with its arguments; "" for every family (rows written
// before they named theirs too).
func familiesIn(fams statFamily) (string, []any) {
	if everyFamily(fams) {
		return "", nil
	}
	names := familyNames(fams)
	args := make([]any, len(names))
	for i, v := range names {
		args[i] = v
	}
	return "family IN (" + placeholders(len(names)) + ")", args
}

func ignoreNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}
