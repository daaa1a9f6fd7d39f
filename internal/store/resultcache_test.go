package store_test

import (
	"sync"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestResultsComputedOnce: viewers asking at once for the figures and
// charts of a subtree without an aggregate (a grassroots union below a
// street), after its data changed, wait
// for one computation of each; a write elsewhere keeps them.
func TestResultsComputedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		on := gonghui.NewDate(2017, 9, 30)
		mustMember(t, s, memberIn(f.g1, "甲", storetest.CitizenID("110105", "19900101", 11)))
		views := func() int64 {
			t.Helper()
			before := s.ResultsComputed()
			var wg sync.WaitGroup
			errs := make(chan error, 16)
			for range 8 {
				wg.Go(func() {
					if _, err := s.ComputeStats(ctx, sys, f.g1.ID, on); err != nil {
						errs <- err
					}
					if _, err := s.ComputeBreakdowns(ctx, sys, f.g1.ID, on, 12); err != nil {
						errs <- err
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			return s.ResultsComputed() - before
		}
		if n := views(); n != 2 {
			t.Errorf("8 viewers of a grassroots union computed %d answers, want 2 (its figures and its charts)", n)
		}
		if n := views(); n != 0 {
			t.Errorf("viewers again computed %d answers, want none", n)
		}
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀某公司工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		mustMember(t, s, memberIn(hd, "乙", storetest.CitizenID("110108", "19900101", 13)))
		if n := views(); n != 0 {
			t.Errorf("after a write in another district %d answers were computed again, want none", n)
		}
		mustMember(t, s, memberIn(f.g1, "丙", storetest.CitizenID("110105", "19900101", 15)))
		if n := views(); n != 2 {
			t.Errorf("after a write in the union %d answers were computed, want 2", n)
		}
	})
}
