package store_test

import (
	"reflect"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestRebuildStreamsInChunks: a rebuild of the city and the districts
// below it, read subtree by subtree and written a few rows per
// transaction, leaves every aggregate equal to a plain recount, and a
// repair then finds nothing to rewrite.
func TestRebuildStreamsInChunks(t *testing.T) {
	defer store.SetRebuildChunkRows(store.SetRebuildChunkRows(3))
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀某公司工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		for i, o := range []gonghui.Org{f.g1, f.g1, hd, hd, hd, f.g1} {
			mustMember(t, s, memberIn(o, "成员", storetest.CitizenID("110105", []string{"19600101", "19850615", "19990228"}[i%3], 400+i)))
		}
		for _, o := range []gonghui.Org{f.root, f.chaoyang, f.haidian} {
			if err := s.MarkStatsStale(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.RefreshStats(ctx); err != nil || n < 3 {
			t.Fatalf("rebuilt %d aggregates (%v), want the city and both districts", n, err)
		}
		for _, o := range []gonghui.Org{f.root, f.chaoyang, f.haidian} {
			for _, on := range []gonghui.Date{gonghui.NewDate(2016, 1, 1), gonghui.NewDate(2024, 6, 1), today} {
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
			}
		}
		if n, err := s.RepairStats(ctx); err != nil || n != 0 {
			t.Errorf("repair rewrote %d aggregates (%v)", n, err)
		}
	})
}
