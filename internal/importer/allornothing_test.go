package importer_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestAllOrNothingAtLimit imports as many new members as all-or-nothing
// takes, then the same people with every name changed (each row an
// update), and logs how long each one transaction stayed open — what every
// other SQLite writer may wait. A file one row longer is refused before
// any row is read.
func TestAllOrNothingAtLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("imports tens of thousands of rows")
	}
	n := importer.MaxAllOrNothingRows
	if s := os.Getenv("GONGHUI_AON_ROWS"); s != "" { // to measure another size
		n, _ = strconv.Atoi(s)
	}
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			var open []time.Duration
			importer.TimeTransactions(t, func(d time.Duration) { open = append(open, d) })
			path := peopleCSV(t, 0, n)
			im := runJob(t, f, importer.Members, path, importer.Options{AllOrNothing: true})
			if im.Status != store.ImportDone || im.Inserted != n {
				t.Fatalf("new members: %s %q, %d inserted", im.Status, im.Message, im.Inserted)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			renamed := filepath.Join(t.TempDir(), "renamed.csv")
			if err := os.WriteFile(renamed, []byte(strings.ReplaceAll(string(data), "会员", "改名")), 0o600); err != nil {
				t.Fatal(err)
			}
			im = runJob(t, f, importer.Members, renamed, importer.Options{AllOrNothing: true})
			if im.Status != store.ImportDone || im.Updated != n {
				t.Fatalf("renamed members: %s %q, %d updated", im.Status, im.Message, im.Updated)
			}
			if len(open) != 2 {
				t.Fatalf("%d transactions timed, want 2", len(open))
			}
			t.Logf("%s, %d rows in one transaction: new members %v, updated members %v", engine, n, open[0].Round(time.Millisecond), open[1].Round(time.Millisecond))
			if n != importer.MaxAllOrNothingRows {
				return
			}
			im = runJob(t, f, importer.Members, peopleCSV(t, n, n+1), importer.Options{AllOrNothing: true})
			if im.Status != store.ImportFailed || im.RowsDone != 0 || !strings.Contains(im.Message, strconv.Itoa(n)) || !strings.Contains(im.Message, "split the file") {
				t.Errorf("a file over the limit: %s %q after %d rows", im.Status, im.Message, im.RowsDone)
			}
		})
	}
}

// TestAllOrNothingAtOnce: while an all-or-nothing import writes, a reader
// sees none of its rows, then all of them; a row refused after the check
// passed (the data changed meanwhile) leaves nothing saved, even the rows
// of the batches before it.
func TestAllOrNothingAtOnce(t *testing.T) {
	const n = 2500 // three batches
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			members := func() int {
				_, total, err := f.st.ListMembers(ctx, f.cadre, gonghui.MemberFilter{})
				if err != nil {
					t.Fatal(err)
				}
				return total
			}
			// The last row's person joins another union after the check.
			path := peopleCSV(t, 0, n)
			last := storetest.CitizenID("110105", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (n-1)/1000).Format("20060102"), n-1)
			checked := false
			im, err := f.st.CreateImport(ctx, f.cadre, "members", "members.csv", false, true)
			if err != nil {
				t.Fatal(err)
			}
			im, err = importer.Run(ctx, f.st, f.cadre, importer.Members, path, im, importer.Options{AllOrNothing: true, Today: today, Progress: func(im store.Import) {
				if im.Status != store.ImportRunning || im.RowsDone != n || checked {
					return
				}
				checked = true
				if _, _, err := f.st.SaveMember(ctx, gonghui.SystemActor("t"), gonghui.MemberInput{Name: "抢先", IDNumber: last, OrgID: f.hd.ID, JoinedOn: gonghui.NewDate(2016, 1, 1)}); err != nil {
					t.Fatal(err)
				}
			}})
			if err != nil || im.Status != store.ImportFailed || !strings.Contains(im.Message, "nothing was saved") || !strings.Contains(im.Message, strconv.Itoa(n+1)) {
				t.Fatalf("refused after the check: %s %q %v", im.Status, im.Message, err)
			}
			if got := members(); got != 0 {
				t.Fatalf("%d members of the file saved", got)
			}
			// The same file without that row, watched while it writes.
			path = peopleCSV(t, 0, n-1)
			var seen []int
			im, err = f.st.CreateImport(ctx, f.cadre, "members", "members.csv", false, true)
			if err != nil {
				t.Fatal(err)
			}
			im, err = importer.Run(ctx, f.st, f.cadre, importer.Members, path, im, importer.Options{AllOrNothing: true, Today: today, Progress: func(im store.Import) {
				if im.Status == store.ImportRunning && im.Progress >= 50 { // the second pass: the writes
					seen = append(seen, members())
				}
			}})
			if err != nil || im.Status != store.ImportDone || im.Inserted != n-1 {
				t.Fatalf("all or nothing: %s %q %v", im.Status, im.Message, err)
			}
			for _, s := range seen {
				if s != 0 {
					t.Errorf("a reader saw %d members while the import wrote: %v", s, seen)
					break
				}
			}
			if len(seen) == 0 {
				t.Error("no report while the import wrote")
			}
			if got := members(); got != n-1 {
				t.Errorf("%d members after the import, want %d", got, n-1)
			}
		})
	}
}
