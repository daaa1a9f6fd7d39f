package importer_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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
