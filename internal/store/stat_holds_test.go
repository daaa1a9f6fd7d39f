package store_test

import (
	"os"
	"os/exec"
	"strconv"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// untrackedLoad writes n new members into a union the way a bulk load
// does, without following the aggregates.
func untrackedLoad(t *testing.T, s *store.Store, a gonghui.Actor, org gonghui.Org, from, n int) {
	t.Helper()
	w, err := s.NewMemberWriter(ctx, a, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.UntrackStats()
	var rows []store.SealedMember
	for i := from; i < from+n; i++ {
		cm, err := gonghui.CheckMember(memberIn(org, "批量"+strconv.Itoa(i), storetest.CitizenID("110105", "198"+strconv.Itoa(i/1000)+"0101", i%1000)), today)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, s.Seal(cm))
	}
	_, errs, err := w.SaveBatch(ctx, rows)
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("row %d: %v", from+i, err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// staleAggregates lists which of the given unions' aggregates are stale or
// have families set aside.
func staleAggregates(t *testing.T, s *store.Store, orgs ...gonghui.Org) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, o := range orgs {
		var stale int
		id := strconv.FormatInt(o.ID, 10)
		if err := s.DB().QueryRow(`SELECT stale + (SELECT count(*) FROM stat_stale_families WHERE org_id = ` + id + `)
			FROM stat_aggregates WHERE org_id = ` + id).Scan(&stale); err != nil {
			t.Fatal(err)
		}
		if stale != 0 {
			out[o.Code] = true
		}
	}
	return out
}

// TestOverlappingLoadsHoldAggregates takes two bulk loads through the
// order that lost rows: Chaoyang's and Haidian's set the aggregates aside,
// Chaoyang's ends and rebuilds while Haidian's still writes. The city's
// and Haidian's aggregates stay set aside until Haidian's ends too, and
// then hold every row. A hold whose load died is released by the next
// rebuild; a live one is kept.
func TestOverlappingLoadsHoldAggregates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀批量工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		cy, hdActor := actor(f.chaoyang, gonghui.RoleCadre), actor(f.haidian, gonghui.RoleCadre)
		start := func(a gonghui.Actor) store.Import {
			t.Helper()
			im, err := s.CreateImport(ctx, a, "members", "load.csv", false, false)
			if err != nil {
				t.Fatal(err)
			}
			if bulk, err := s.SetAsideStats(ctx, a, im.ID, "memberships", 100_000); err != nil || !bulk {
				t.Fatalf("set aside: %v %v", bulk, err)
			}
			return im
		}
		refresh := func(want int, stale map[string]bool) {
			t.Helper()
			n, err := s.RefreshStats(ctx)
			if err != nil || n != want {
				t.Errorf("refresh rebuilt %d (%v), want %d", n, err, want)
			}
			if got := staleAggregates(t, s, f.root, f.chaoyang, f.haidian); len(got) != len(stale) || got["BJ"] != stale["BJ"] || got["BJ05"] != stale["BJ05"] || got["BJ08"] != stale["BJ08"] {
				t.Errorf("stale aggregates %v, want %v", got, stale)
			}
			for _, o := range []gonghui.Org{f.root, f.chaoyang, f.haidian} {
				got, _ := s.ComputeStats(ctx, sys, o.ID, today)
				want, _ := s.RecountStats(ctx, sys, o.ID, today)
				if got.Indicators["members_realname"] != want.Indicators["members_realname"] {
					t.Errorf("%s: members_realname %v, recount %v", o.Code, got.Indicators["members_realname"], want.Indicators["members_realname"])
				}
			}
		}
		a, b := start(cy), start(hdActor)
		untrackedLoad(t, s, cy, f.g1, 0, 150)
		untrackedLoad(t, s, hdActor, hd, 1000, 100)
		if err := s.ReleaseStats(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		// Chaoyang's load has ended: its district and its street are
		// rebuilt, the city is still Haidian's to hold.
		refresh(2, map[string]bool{"BJ": true, "BJ08": true})
		untrackedLoad(t, s, hdActor, hd, 2000, 120) // after Chaoyang's rebuild
		if err := s.ReleaseStats(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		refresh(3, nil) // the city, Haidian and its union
		if got, _ := s.ComputeStats(ctx, sys, f.root.ID, today); got.Indicators["members_realname"] != 370 {
			t.Errorf("city: %v members, want 370", got.Indicators["members_realname"])
		}

		// Loads that died holding: a process gone, an import marked
		// interrupted; a load of this process still runs.
		gone := exec.Command("true")
		if err := gone.Run(); err != nil {
			t.Skip("no true(1) to find a dead process ID:", err)
		}
		host, _ := os.Hostname()
		dead, interrupted, live := start(cy), start(hdActor), start(cy)
		if _, err := s.DB().Exec(`UPDATE imports SET owner = '` + host + ":" + strconv.Itoa(gone.Process.Pid) + `' WHERE id = ` + strconv.FormatInt(dead.ID, 10)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().Exec(`UPDATE imports SET status = 'interrupted' WHERE id = ` + strconv.FormatInt(interrupted.ID, 10)); err != nil {
			t.Fatal(err)
		}
		untrackedLoad(t, s, hdActor, hd, 3000, 10)
		refresh(2, map[string]bool{"BJ": true, "BJ05": true}) // Haidian's and its union's, held by the interrupted load only
		if err := s.ReleaseStats(ctx, live.ID); err != nil {
			t.Fatal(err)
		}
		refresh(3, nil) // the city, Chaoyang and its street
	})
}
