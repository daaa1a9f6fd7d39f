package importer_test

import (
	"path/filepath"
	"sync"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestConcurrentBulkImports runs two first loads at once, a Chaoyang and a
// Haidian cadre's, each more rows than the register keeps, so both set the
// aggregates aside. Whichever ends first must not mark the city's
// aggregate fresh while the other still writes: at the end every
// aggregate is fresh again, no load holds one, and every figure of the
// city, both districts and both unions equals a plain recount.
func TestConcurrentBulkImports(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			sys := gonghui.SystemActor("t")
			hdDistrict, err := f.st.GetOrg(ctx, sys, f.hd.ParentID)
			if err != nil {
				t.Fatal(err)
			}
			hdCadre := gonghui.Actor{UserID: 2, Username: "hd-cadre", Role: gonghui.RoleCadre, OrgID: hdDistrict.ID, Path: hdDistrict.Path, ClientAddr: "test"}
			loads := []struct {
				a    gonghui.Actor
				path string
				rows int
			}{
				{f.cadre, peopleCSVIn(t, "CY-1", 0, 1500), 1500},
				{hdCadre, peopleCSVIn(t, "HD-1", 20_000, 4500), 4500},
			}
			var wg sync.WaitGroup
			done := make([]store.Import, len(loads))
			errs := make([]error, len(loads))
			for i, l := range loads {
				im, err := f.st.CreateImport(ctx, l.a, "members", filepath.Base(l.path), false, false)
				if err != nil {
					t.Fatal(err)
				}
				wg.Go(func() {
					done[i], errs[i] = importer.Run(ctx, f.st, l.a, importer.Members, l.path, im, importer.Options{Today: today})
				})
			}
			wg.Wait()
			for i, l := range loads {
				if errs[i] != nil || done[i].Status != store.ImportDone || done[i].Inserted != l.rows {
					t.Fatalf("load %d: %s, %d inserted of %d (%s) %v", i, done[i].Status, done[i].Inserted, l.rows, done[i].Message, errs[i])
				}
			}
			var stale, holds int
			if err := f.st.DB().QueryRow(`SELECT (SELECT count(*) FROM stat_aggregates WHERE stale <> 0), (SELECT count(*) FROM stat_holds)`).Scan(&stale, &holds); err != nil {
				t.Fatal(err)
			}
			if stale != 0 || holds != 0 {
				t.Errorf("after both loads: %d aggregates stale, %d holds left", stale, holds)
			}
			for _, id := range []int64{0, f.union.ParentID, hdDistrict.ID, f.union.ID, f.hd.ID} {
				fast, err := f.st.ComputeStats(ctx, sys, id, today)
				if err != nil {
					t.Fatal(err)
				}
				slow, err := f.st.RecountStats(ctx, sys, id, today)
				if err != nil {
					t.Fatal(err)
				}
				for k, want := range slow.Indicators {
					if got := fast.Indicators[k]; got != want {
						t.Errorf("org %d: %s = %v, recount %v", id, k, got, want)
					}
				}
			}
		})
	}
}
