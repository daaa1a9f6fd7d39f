package store_test

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestContractsLoadRebuildsItsFamilies holds a bulk load of contracts to
// the families its rows feed: it sets aside the contracts and their
// coverage alone, the rebuild after it rewrites those rows only — the
// members', cards' and every other family's rows stay the very rows the
// writers kept — and every figure equals the recount.
func TestContractsLoadRebuildsItsFamilies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		units := []gonghui.Unit{mustUnit(t, s, f.g1.ID, 31), mustUnit(t, s, f.g1.ID, 32)}
		for i, u := range units {
			m := memberIn(f.g1, "成员"+string(rune('甲'+i)), storetest.CitizenID("110105", "19900101", 200+i))
			m.UnitID = u.ID
			mustMember(t, s, m)
		}
		// The kept rows of the families the load does not feed, each by
		// its physical row on PostgreSQL: a rewrite would give it a new
		// one. SQLite keeps them by their key (WITHOUT ROWID): there a
		// trigger logs any write to them.
		rowID := "ctid::text"
		if s.Engine() == store.SQLite {
			rowID = "org_id || grain || at || key"
		}
		others := func() map[string]string {
			t.Helper()
			rows, err := s.DB().Query(`SELECT org_id, grain, at, key, delta, family, ` + rowID + ` FROM stat_deltas WHERE family NOT IN ('contracts', 'coverage')`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[string]string{}
			fams := map[string]bool{}
			for rows.Next() {
				var org, delta int64
				var grain, at, key, fam, id string
				if err := rows.Scan(&org, &grain, &at, &key, &delta, &fam, &id); err != nil {
					t.Fatal(err)
				}
				out[id] = grain + at + key + fam + string(rune(org)) + string(rune(delta))
				fams[fam] = true
			}
			if !fams["members"] {
				t.Fatalf("no members rows kept: %v", fams)
			}
			return out
		}
		if _, err := s.RefreshStats(ctx); err != nil {
			t.Fatal(err)
		}
		before := others()
		if s.Engine() == store.SQLite {
			for _, stmt := range []string{`CREATE TABLE rewrites (n INTEGER)`,
				`CREATE TRIGGER rewrites_insert AFTER INSERT ON stat_deltas WHEN NEW.family NOT IN ('contracts', 'coverage') BEGIN INSERT INTO rewrites VALUES (1); END`,
				`CREATE TRIGGER rewrites_update AFTER UPDATE ON stat_deltas WHEN OLD.family NOT IN ('contracts', 'coverage') BEGIN INSERT INTO rewrites VALUES (1); END`,
				`CREATE TRIGGER rewrites_delete AFTER DELETE ON stat_deltas WHEN OLD.family NOT IN ('contracts', 'coverage') BEGIN INSERT INTO rewrites VALUES (1); END`,
			} {
				if _, err := s.DB().Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
		}

		im, err := s.CreateImport(ctx, sys, "contracts", "contracts.csv", false, false)
		if err != nil {
			t.Fatal(err)
		}
		if bulk, err := s.SetAsideStats(ctx, sys, im.ID, "contracts", 100); err != nil || !bulk {
			t.Fatalf("set aside: %v %v", bulk, err)
		}
		var aggregates, stale, setAside int
		if err := s.DB().QueryRow(`SELECT (SELECT count(*) FROM stat_aggregates), (SELECT count(*) FROM stat_aggregates WHERE stale <> 0),
			(SELECT count(*) FROM stat_stale_families)`).Scan(&aggregates, &stale, &setAside); err != nil || stale != 0 || setAside != 2*aggregates {
			t.Fatalf("set aside: %d stale aggregates, %d stale families, want 0 and the contracts' two of each of the %d (%v)", stale, setAside, aggregates, err)
		}
		w, err := s.NewContractWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		w.UntrackStats()
		for i, u := range units {
			ic := comprehensive(f.g1, u.ID, "综合集体合同"+string(rune('一'+i)), d(2016, 1, 1), d(2018, 12, 31), d(2016, 1, 20), 0)
			if _, err := w.Save(ctx, ic); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		// Set aside, the aggregates are not read: the figures are counted.
		for _, on := range []gonghui.Date{d(2017, 6, 1), today} {
			fast, _ := s.ComputeStats(ctx, sys, f.root.ID, on)
			slow, _ := s.RecountStats(ctx, sys, f.root.ID, on)
			if !reflect.DeepEqual(fast.Indicators, slow.Indicators) {
				t.Errorf("during the load on %s: %v, recount %v", on, fast.Indicators, slow.Indicators)
			}
		}
		if err := s.ReleaseStats(ctx, im.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RefreshStats(ctx); err != nil || n != aggregates {
			t.Fatalf("rebuilt %d aggregates (%v), want the %d the sysadmin's load set aside", n, err, aggregates)
		}
		if after := others(); !reflect.DeepEqual(after, before) {
			t.Errorf("the rebuild rewrote other families' rows:\n%v\nwas\n%v", after, before)
		}
		if s.Engine() == store.SQLite {
			var n int
			if err := s.DB().QueryRow(`SELECT count(*) FROM rewrites`).Scan(&n); err != nil || n != 0 {
				t.Errorf("the rebuild wrote %d rows of other families (%v)", n, err)
			}
		}
		if err := s.DB().QueryRow(`SELECT count(*) FROM stat_stale_families`).Scan(&setAside); err != nil || setAside != 0 {
			t.Errorf("%d stale families left (%v)", setAside, err)
		}
		for _, o := range []gonghui.Org{f.root, f.chaoyang, f.haidian} {
			for _, on := range []gonghui.Date{d(2015, 6, 30), d(2017, 6, 1), d(2019, 1, 1), today} {
				fast := matchesRecount(t, s, o, on)
				if on == d(2017, 6, 1) && o.ID == f.root.ID && fast.Indicators["contracts_total"] != 2 {
					t.Errorf("city: %v contracts, want 2", fast.Indicators["contracts_total"])
				}
			}
		}
		if n, err := s.RepairStats(ctx); err != nil || n != 0 {
			t.Errorf("repair rewrote %d aggregates (%v): the rebuild left them wrong", n, err)
		}
	})
}

// TestRebuildKeepsWritesDuringIt writes while a rebuild is between its
// recount, taken in a snapshot without the write lock, and its writes:
// a member who joins meanwhile is kept by the aggregates, and a load that
// sets them aside meanwhile keeps them set aside until its own rebuild.
func TestRebuildKeepsWritesDuringIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		mustMember(t, s, memberIn(f.g1, "成员甲", storetest.CitizenID("110105", "19900101", 301)))
		exact := func(when string, want float64) {
			t.Helper()
			for _, o := range []gonghui.Org{f.root, f.chaoyang, f.street} {
				fast, err := s.ComputeStats(ctx, sys, o.ID, today)
				if err != nil {
					t.Fatal(err)
				}
				slow, err := s.RecountStats(ctx, sys, o.ID, today)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(fast.Indicators, slow.Indicators) || slow.Indicators["members_realname"] != want {
					t.Errorf("%s: %s: %v, recount %v, want %v members", when, o.Code, fast.Indicators, slow.Indicators, want)
				}
			}
		}
		joins := 0
		s.OnRebuildRecounted(func() {
			joins++
			mustMember(t, s, memberIn(f.g1, "成员乙", storetest.CitizenID("110105", "19910101", 300+joins)))
		})
		if err := s.MarkStatsStale(ctx, f.g1.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RefreshStats(ctx); err != nil || n != 3 {
			t.Fatalf("rebuilt %d (%v), want the city's, Chaoyang's and the street's", n, err)
		}
		exact("a join during the rebuild", 2)

		var im store.Import
		s.OnRebuildRecounted(func() {
			s.OnRebuildRecounted(nil)
			var err error
			if im, err = s.CreateImport(ctx, sys, "contracts", "contracts.csv", false, false); err != nil {
				t.Fatal(err)
			}
			if bulk, err := s.SetAsideStats(ctx, sys, im.ID, "contracts", 100); err != nil || !bulk {
				t.Fatalf("set aside: %v %v", bulk, err)
			}
		})
		if err := s.MarkStatsStale(ctx, f.g1.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RefreshStats(ctx); err != nil || n != 0 {
			t.Errorf("rebuilt %d (%v) while a load holds every aggregate", n, err)
		}
		if got := staleAggregates(t, s, f.root, f.chaoyang); !got["BJ"] || !got["BJ05"] {
			t.Errorf("stale aggregates %v, want the city's and Chaoyang's still", got)
		}
		if err := s.ReleaseStats(ctx, im.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RefreshStats(ctx); err != nil || n == 0 {
			t.Errorf("rebuilt %d (%v) after the load", n, err)
		}
		exact("a load during the rebuild", 2)
		if n, err := s.RepairStats(ctx); err != nil || n != 0 {
			t.Errorf("repair rewrote %d aggregates (%v)", n, err)
		}
	})
}

// TestRebuildManyBelowDistricts rebuilds many unions below the districts,
// each read apart from the others: every aggregate is rebuilt and holds to
// its recount; a repair then finds none wrong, and a repaired aggregate's
// kept answer is read anew.
func TestRebuildManyBelowDistricts(t *testing.T) {
	// A district's own unions are read a few at a time, as a district of
	// thousands of unions is.
	defer store.SetMaxIDsPerRead(store.SetMaxIDsPerRead(3))
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		var unions []gonghui.Org
		for i := range 40 {
			o := mustOrg(t, s, gonghui.OrgInput{Name: fmt.Sprintf("海淀第%d公司工会", i), Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
			mustMember(t, s, memberIn(o, "成员"+strconv.Itoa(i), storetest.CitizenID("110108", "19900101", 400+i)))
			unions = append(unions, o)
		}
		var aggregates int
		if _, err := s.DB().Exec(`UPDATE stat_aggregates SET stale = 1`); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRow(`SELECT count(*) FROM stat_aggregates`).Scan(&aggregates); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RefreshStats(ctx); err != nil || n != aggregates {
			t.Fatalf("rebuilt %d (%v), want all %d", n, err, aggregates)
		}
		for _, o := range append([]gonghui.Org{f.root, f.haidian, f.street}, unions[0], unions[len(unions)-1]) {
			matchesRecount(t, s, o, today)
		}
		if n, err := s.RepairStats(ctx); err != nil || n != 0 {
			t.Errorf("repair rewrote %d aggregates (%v)", n, err)
		}
		// A damaged row, read and kept, then repaired: the kept answer goes.
		if _, err := s.DB().Exec(`UPDATE stat_deltas SET delta = delta + 5 WHERE key = 'members_realname' AND org_id = ` + strconv.FormatInt(unions[0].ID, 10)); err != nil {
			t.Fatal(err)
		}
		day := today.AddDays(-1)
		if got, _ := s.ComputeStats(ctx, sys, unions[0].ID, day); got.Indicators["members_realname"] != 6 {
			t.Errorf("damaged: %v members, want the 6 the rows say", got.Indicators["members_realname"])
		}
		if n, err := s.RepairStats(ctx); err != nil || n != 1 {
			t.Errorf("repair rewrote %d aggregates (%v), want the damaged one", n, err)
		}
		matchesRecount(t, s, unions[0], day)
	})
}

// matchesRecount holds a union's figures on a day to their plain recount
// and returns them.
func matchesRecount(t *testing.T, s *store.Store, o gonghui.Org, on gonghui.Date) store.Stats {
	t.Helper()
	fast, err := s.ComputeStats(ctx, sys, o.ID, on)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := s.RecountStats(ctx, sys, o.ID, on)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast.Indicators, slow.Indicators) {
		t.Errorf("%s on %s: %v, recount %v", o.Code, on, fast.Indicators, slow.Indicators)
	}
	return fast
}
