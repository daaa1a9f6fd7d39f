package importer_test

import (
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestCheckPassesSpanBatches checks a union tree longer than a batch,
// whose rows name a parent written batches before: the dry run, whose
// batches are rolled back one by one, finds every parent and saves
// nothing; an all-or-nothing import with one refused row saves nothing;
// without it, all of them.
func TestCheckPassesSpanBatches(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			const n = 2500
			rows := [][]string{orgHeader, {"CY-T0", "树根工会", "街道乡镇总工会", "BJ05"}}
			for i := 1; i < n; i++ {
				// Every union names the street union of the first line: most
				// of them batches after it.
				rows = append(rows, []string{fmt.Sprintf("CY-T%d", i), fmt.Sprintf("树%d工会", i), "基层工会", "CY-T0"})
			}
			rows[1800][3] = "CY-NOPE"
			count := func() int {
				_, total, err := f.st.ListOrgs(ctx, f.cadre, gonghui.OrgFilter{Query: "树"})
				if err != nil {
					t.Fatal(err)
				}
				return total
			}
			path := writeRows(t, rows, "utf-8")
			im := runJob(t, f, importer.Orgs, path, importer.Options{DryRun: true})
			if im.Status != store.ImportDone || im.RowsDone != n || im.Inserted != n-1 || im.Failed != 1 || count() != 0 {
				t.Fatalf("dry run %+v, %d orgs saved", im, count())
			}
			checkRefusals(t, f, im, map[int]string{1801: "上级工会代码"})
			im = runJob(t, f, importer.Orgs, path, importer.Options{AllOrNothing: true})
			if im.Status != store.ImportDone || im.Failed != 1 || count() != 0 {
				t.Fatalf("all or nothing with a refused row %+v, %d orgs saved", im, count())
			}
			rows[1800][3] = "CY-T0"
			im = runJob(t, f, importer.Orgs, writeRows(t, rows, "utf-8"), importer.Options{AllOrNothing: true})
			if im.Status != store.ImportDone || im.Inserted != n || im.Failed != 0 || count() != n {
				t.Fatalf("all or nothing %+v, %d orgs saved", im, count())
			}
		})
	}
}
