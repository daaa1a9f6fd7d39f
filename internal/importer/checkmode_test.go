package importer_test

import (
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// checkCase is a file of one kind whose dry run must answer as its real
// import does; then, when given, a second file over what the first saved.
type checkCase struct {
	name        string
	job         importer.Job
	first, then func(t *testing.T, f fixture) [][]string
	// memoryKeys, when set, is store.MemoryKeys for the case: the file's
	// keys move to the scratch file.
	memoryKeys int
}

func checkCases() []checkCase {
	var swapped, moved [][]string // the contracts' and congresses' second files, over the units of the first
	cases := []checkCase{
		{name: "members", job: importer.Members, first: func(t *testing.T, f fixture) [][]string { rows, _ := f.memberRows(); return rows }},
		{name: "member cards", job: importer.Members, first: cardRows(false), then: cardRows(true)},
		{name: "member cards, keys in the scratch file", job: importer.Members, first: cardRows(false), then: cardRows(true), memoryKeys: 2},
		{name: "org codes", job: importer.Orgs, first: func(t *testing.T, f fixture) [][]string {
			u := storetest.USCC("81", "110105", 40)
			return [][]string{orgHeader,
				{"CY-Q1", "甲街道总工会", "街道乡镇总工会", "BJ05", "", "", u},
				{"CY-Q2", "乙工会", "基层工会", "CY-Q1", "", "", u}, // the USCC of the line before
				{"CY-Q3", "丙工会", "基层工会", "CY-Q2"},            // a parent refused above
				{"CY-Q4", "丁工会", "基层工会", "CY-Q1"},
			}
		}},
		{name: "contracts", job: importer.Contracts, first: func(t *testing.T, f fixture) [][]string {
			rows := contractRows(t, f)
			again := append([]string{}, rows[2]...) // the wage contract again: unchanged
			changed := append([]string{}, rows[2]...)
			changed[10] = "310" // then changed: an update of the line before
			clash := append([]string{}, rows[1]...)
			clash[0] = "另一份综合合同" // over the unit and term of line 2
			// Then the comprehensive contract kept moves to the second unit,
			// so the first may have a new one, and the second may not.
			move := append([]string{}, rows[1]...)
			move[4] = rows[3][4] // the second unit
			fresh := append([]string{}, rows[1]...)
			fresh[0] = "新的综合合同"
			second := append([]string{}, move...)
			second[0] = "第二单位的另一份"
			swapped = [][]string{rows[0], move, fresh, second}
			return append(rows, again, changed, clash)
		}, then: func(t *testing.T, f fixture) [][]string { return swapped }},
		{name: "congresses", job: importer.Congresses, first: func(t *testing.T, f fixture) [][]string {
			rows, u2 := congressRows(t, f)
			again := append([]string{}, rows[2]...)
			again[6], again[7] = "61", "60" // the second sitting's figures changed
			late := append([]string{}, rows[1]...)
			late[4] = "2016-06-01" // established after the sittings recorded: no sitting of its own
			late[5], late[6], late[7], late[8] = "", "", "", ""
			moved = [][]string{rows[0],
				// The unit congress kept moves to the second unit, so the
				// first may have a new one.
				{"示例公司职代会", "单位职代会", "CY-1", u2.USCC, "2015-05-01", "", "", "", ""},
				{"新的单位职代会", "单位职代会", "CY-1", f.unit.USCC, "2016-01-01", "", "", "", ""},
				{"又一个单位职代会", "单位职代会", "CY-1", f.unit.USCC, "2016-02-01", "", "", "", ""},
			}
			return append(rows, again, late)
		}, then: func(t *testing.T, f fixture) [][]string { return moved }},
	}
	for _, c := range structureCases {
		var rows [][]string // made once: making them writes what they name
		cases = append(cases, checkCase{name: c.name, job: c.job,
			first: func(t *testing.T, f fixture) [][]string { rows = c.rows(t, f); return rows },
			then:  func(t *testing.T, f fixture) [][]string { return rows }})
	}
	return cases
}

// cardRows is a members file of new people, and then (again) one over
// them: card numbers claimed by an earlier line, by a person kept and a
// new one in one batch (the kept one is saved first), and batches apart.
func cardRows(again bool) func(t *testing.T, f fixture) [][]string {
	return func(t *testing.T, f fixture) [][]string {
		id := func(seq int) string {
			return storetest.CitizenID("110105", fmt.Sprintf("199101%02d", 1+seq/1000), seq%1000)
		}
		row := func(name string, seq int, card string) []string {
			return []string{name, id(seq), "2017-03-01", "CY-1", card}
		}
		rows := [][]string{{"姓名", "公民身份号码", "入会日期", "所属工会", "会员卡号"}}
		if !again {
			rows = append(rows, row("甲", 1, "CARD-1"), row("乙", 2, ""), row("丙", 3, ""), row("丁", 4, "CARD-9"), row("戊", 5, "CARD-9"))
			for i := range 1200 { // past a batch
				rows = append(rows, row("众"+strconv.Itoa(i), 100+i, ""))
			}
			return append(rows, row("己", 6, "CARD-1"), row("庚", 7, "CARD-7"))
		}
		return append(rows,
			row("新甲", 20, "CARD-2"), // new, before a kept person claiming the same card
			row("乙", 2, "CARD-2"),
			row("新乙", 21, "CARD-1"), // held since the first file
			row("甲改名", 1, "CARD-1"),
			row("丙", 3, "CARD-3"),
			row("新丙", 22, "CARD-3"),
			row("新丁", 23, "CARD-7"),
		)
	}
}

// TestDryRunAnswersAsImport runs each file as a dry run, then for real:
// the counts and every refused line with its reasons agree, and the dry
// run wrote nothing (no audit event, every write's companion).
func TestDryRunAnswersAsImport(t *testing.T) {
	for _, engine := range storetest.Engines {
		for _, c := range checkCases() {
			t.Run(string(engine)+"/"+c.name, func(t *testing.T) {
				if c.memoryKeys > 0 {
					was := store.MemoryKeys
					store.MemoryKeys = c.memoryKeys
					defer func() { store.MemoryKeys = was }()
				}
				f := newFixture(t, engine)
				compare := func(rows [][]string) {
					t.Helper()
					path := writeRows(t, rows, "utf-8")
					events := countRows(t, f.st.DB(), "audit_events")
					dry := runJob(t, f, c.job, path, importer.Options{DryRun: true})
					if n := countRows(t, f.st.DB(), "audit_events"); n != events+1 { // the import's own
						t.Errorf("the dry run wrote %d audit events", n-events-1)
					}
					real := runJob(t, f, c.job, path, importer.Options{})
					counts := func(im store.Import) string {
						return fmt.Sprintf("%s: %d rows, %d inserted, %d updated, %d unchanged, %d refused", im.Status, im.RowsDone, im.Inserted, im.Updated, im.Unchanged, im.Failed)
					}
					if counts(dry) != counts(real) {
						t.Errorf("dry run %s\n    import %s", counts(dry), counts(real))
					}
					if d, r := refusals(t, f, dry), refusals(t, f, real); !reflect.DeepEqual(d, r) {
						t.Errorf("refused lines differ:\n dry run %v\n  import %v", d, r)
					}
					t.Log(counts(real), refusals(t, f, real))
				}
				compare(c.first(t, f))
				if c.then != nil {
					compare(c.then(t, f))
				}
			})
		}
	}
}

// refusals lists an import's refused lines: line, column and reason.
func refusals(t *testing.T, f fixture, im store.Import) []string {
	t.Helper()
	errs, err := f.st.ImportErrors(ctx, f.cadre, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = fmt.Sprintf("%d %s %s", e.Line, e.Field, e.Zh)
	}
	return out
}

func countRows(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDryRunBesideWriteLock holds a write transaction open on another
// connection — on SQLite BEGIN IMMEDIATE, SQLite's only write lock; on
// PostgreSQL every table an import writes locked against writers — while a
// dry run of each kind of file checks every row: the check needs no write
// lock. The lock is let go once the check has counted its last row, when
// the import goes on to write its own record.
func TestDryRunBesideWriteLock(t *testing.T) {
	for _, engine := range storetest.Engines {
		for _, c := range append(checkCases(), checkCase{name: "members, several batches", job: importer.Members,
			first: func(t *testing.T, f fixture) [][]string { return cardRows(false)(t, f) }}) {
			t.Run(string(engine)+"/"+c.name, func(t *testing.T) {
				f := newFixture(t, engine)
				rows := c.first(t, f)
				path := writeRows(t, rows, "utf-8")
				im, err := f.st.CreateImport(ctx, f.cadre, c.job.Name(), "file.csv", true, false)
				if err != nil {
					t.Fatal(err)
				}
				holder, err := f.st.DB().Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer holder.Close()
				hold := "BEGIN IMMEDIATE"
				if engine == store.Postgres {
					hold = "BEGIN; LOCK TABLE persons, memberships, cards, orgs, units, contracts, contract_units, congresses, congress_units, " +
						"congress_sittings, disclosures, worker_homes, audit_events, imports IN EXCLUSIVE MODE"
				}
				if _, err := holder.ExecContext(ctx, hold); err != nil {
					t.Fatal(err)
				}
				held := true
				checked := 0 // rows counted while the lock was held
				release := func() {
					if held {
						held = false
						if _, err := holder.ExecContext(ctx, "ROLLBACK"); err != nil {
							t.Error(err)
						}
					}
				}
				defer release()
				im, err = importer.Run(ctx, f.st, f.cadre, c.job, path, im, importer.Options{DryRun: true, Today: today, Progress: func(im store.Import) {
					if held {
						checked = im.RowsDone
					}
					if im.RowsDone == len(rows)-1 {
						release()
					}
				}})
				if err != nil || im.Status != store.ImportDone {
					t.Fatalf("dry run %s %q: %v", im.Status, im.Message, err)
				}
				if checked != len(rows)-1 {
					t.Errorf("%d of %d rows checked while another transaction held the write lock", checked, len(rows)-1)
				}
			})
		}
	}
}
