package importer_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// peopleCSV is a members file of n new people from seq on, in the
// fixture's Chaoyang union.
func peopleCSV(t *testing.T, from, n int) string { return peopleCSVIn(t, "CY-1", from, n) }

// peopleCSVIn is a members file of n new people from seq on, in a union.
func peopleCSVIn(t *testing.T, union string, from, n int) string {
	rows := [][]string{{"姓名", "公民身份号码", "入会日期", "所属工会"}}
	born := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := from; i < from+n; i++ {
		// An ID's sequence has three digits: a day for each thousand.
		id := storetest.CitizenID("110105", born.AddDate(0, 0, i/1000).Format("20060102"), i)
		rows = append(rows, []string{"会员" + strconv.Itoa(i), id, "2017-03-01", union})
	}
	return writeCSV(t, rows, "utf-8-"+union+strconv.Itoa(from))
}

// interrupted runs the file, cancelling the import as soon as it reports
// its first batch of rows.
func interrupted(t *testing.T, f fixture, path string, opt importer.Options) store.Import {
	t.Helper()
	im, err := f.st.CreateImport(ctx, f.cadre, "members", filepath.Base(path), opt.DryRun, opt.AllOrNothing)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opt.Today = today
	opt.Progress = func(im store.Import) {
		if im.RowsDone > 0 {
			cancel()
		}
	}
	im, err = importer.Run(cctx, f.st, f.cadre, importer.Members, path, im, opt)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// activeIn counts the active members the fixture's Chaoyang union keeps.
func activeIn(t *testing.T, f fixture) int {
	t.Helper()
	var n int
	if err := f.st.DB().QueryRow(`SELECT count(*) FROM memberships WHERE org_id = ` + strconv.FormatInt(f.union.ID, 10) + ` AND status = 'active'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkFigures holds the statistics against a plain recount for the city,
// the district and the union.
func checkFigures(t *testing.T, f fixture, after string) {
	t.Helper()
	sys := gonghui.SystemActor("t")
	for _, id := range []int64{f.union.ID, f.union.ParentID, 0} {
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
				t.Errorf("after %s: org %d: %s = %v, recount %v", after, id, k, got, want)
			}
		}
	}
}

// TestImportInterrupted cancels imports after their first batch: a dry
// run and an all-or-nothing import save nothing, one committed as it goes
// keeps and counts its first batch; the figures stay right, and running
// the file again finishes it.
func TestImportInterrupted(t *testing.T) {
	const rows = 3500 // four batches
	for _, tc := range []struct {
		name  string
		opt   importer.Options
		saved int
	}{
		{"dry run", importer.Options{DryRun: true}, 0},
		{"all or nothing", importer.Options{AllOrNothing: true}, 0},
		{"batches", importer.Options{}, 1000},
	} {
		for _, engine := range storetest.Engines {
			t.Run(tc.name+"/"+string(engine), func(t *testing.T) {
				f := newFixture(t, engine)
				path := peopleCSV(t, 1000, rows)
				im := interrupted(t, f, path, tc.opt)
				if im.Status != store.ImportInterrupted || im.RowsDone != 1000 || im.Message == "" {
					t.Fatalf("interrupted import: %s after %d rows (%q)", im.Status, im.RowsDone, im.Message)
				}
				kept, err := f.st.GetImport(ctx, f.cadre, im.ID)
				if err != nil || kept.Status != store.ImportInterrupted || kept.Message != im.Message || kept.FinishedAt.IsZero() {
					t.Fatalf("recorded as %+v (%v)", kept, err)
				}
				if n := activeIn(t, f); n != tc.saved || (tc.saved > 0 && im.Inserted != tc.saved) {
					t.Fatalf("%d members saved, %d counted as new; want %d", n, im.Inserted, tc.saved)
				}
				checkFigures(t, f, "the interruption")

				again := run(t, f, path, importer.Options{})
				if again.Status != store.ImportDone || again.Inserted != rows-tc.saved || again.Unchanged != tc.saved {
					t.Fatalf("run again: %s, %d new, %d unchanged", again.Status, again.Inserted, again.Unchanged)
				}
				checkFigures(t, f, "the run again")

				// An import of fewer rows than are kept follows the
				// figures row by row, committed batch by batch.
				if tc.saved > 0 {
					im := interrupted(t, f, peopleCSV(t, 10_000, 2500), importer.Options{})
					if im.Status != store.ImportInterrupted || im.Inserted != 1000 || activeIn(t, f) != rows+1000 {
						t.Fatalf("second import: %s, %d new, %d kept", im.Status, im.Inserted, activeIn(t, f))
					}
					var stale int
					if err := f.st.DB().QueryRow(`SELECT count(*) FROM stat_aggregates WHERE stale <> 0`).Scan(&stale); err != nil || stale != 0 {
						t.Fatalf("%d aggregates set aside (%v): the figures would not come from them", stale, err)
					}
					checkFigures(t, f, "the second interruption")
				}
			})
		}
	}
}

// TestImportCancelledBeforeStart: an import whose context is already
// cancelled reads no row and saves nothing.
func TestImportCancelledBeforeStart(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			path := peopleCSV(t, 1000, 10)
			im, err := f.st.CreateImport(ctx, f.cadre, "members", filepath.Base(path), false, false)
			if err != nil {
				t.Fatal(err)
			}
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			im, err = importer.Run(cctx, f.st, f.cadre, importer.Members, path, im, importer.Options{Today: today})
			if err != nil || im.Status != store.ImportInterrupted || im.Inserted != 0 || activeIn(t, f) != 0 {
				t.Fatalf("%s, %d new, %d kept (%v)", im.Status, im.Inserted, activeIn(t, f), err)
			}
			checkFigures(t, f, "the interruption")
		})
	}
}
