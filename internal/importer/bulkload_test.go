package importer_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// bulkRows is a members file of n people in the fixture's Chaoyang union,
// some with a unit, a phone or a card; the row at line dupLine repeats an
// earlier person, which the import refuses.
func bulkRows(f fixture, n, dupLine int) [][]string {
	rows := [][]string{{"姓名", "公民身份号码", "手机号码", "入会日期", "所属工会", "单位统一社会信用代码", "会员卡号"}}
	born := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		id := storetest.CitizenID("110105", born.AddDate(0, 0, i/1000).Format("20060102"), i%1000)
		phone, unit, card := "", "", ""
		if i%3 == 0 {
			phone = fmt.Sprintf("139%08d", i)
		}
		if i%4 == 0 {
			unit = f.unit.USCC
		}
		if i%10 < 7 {
			card = fmt.Sprintf("K%08d", i)
		}
		rows = append(rows, []string{"会员" + strconv.Itoa(i), id, phone, "2017-03-01", "CY-1", unit, card})
	}
	if dupLine > 2 && dupLine-1 < len(rows) {
		dup := slices.Clone(rows[1])
		dup[6] = ""
		rows[dupLine-1] = dup // the file's line dupLine is rows[dupLine-1]
	}
	return rows
}

// emptied removes the fixture's one member, so that the next import of
// members is a first load.
func emptied(t *testing.T, f fixture) fixture {
	t.Helper()
	for _, q := range []string{`DELETE FROM cards`, `DELETE FROM memberships`, `DELETE FROM persons`} {
		if _, err := f.st.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.st.RepairStats(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// memberRecord is what the tables hold of one member of the union,
// without the IDs the load gave and the sealed values (sealed with a
// fresh nonce each time).
type memberRecord struct {
	idIndex, name, initials, masked, birth, sex, province, phoneIndex, phoneMasked string
	eth, edu, pol, hh, emp, status, joined, card, issued, cardStatus               string
	unit                                                                           int64
}

// unionMembers reads the union's members from the tables, by blind index.
func unionMembers(t *testing.T, f fixture) map[string]memberRecord {
	t.Helper()
	rows, err := f.st.DB().Query(`SELECT p.id_index, p.name, p.name_initials, p.id_masked, p.birth_date, p.sex, p.province, p.phone_index, p.phone_masked,
		p.ethnicity, p.education, p.political, p.household, p.employment, m.status, m.joined_on,
		COALESCE(c.card_no, ''), COALESCE(c.issued_on, ''), COALESCE(c.status, ''), COALESCE(m.unit_id, 0)
		FROM persons p JOIN memberships m ON m.person_id = p.id LEFT JOIN cards c ON c.person_id = p.id
		WHERE m.org_id = ` + strconv.FormatInt(f.union.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]memberRecord{}
	for rows.Next() {
		var r memberRecord
		var idIndex, phoneIndex []byte
		if err := rows.Scan(&idIndex, &r.name, &r.initials, &r.masked, &r.birth, &r.sex, &r.province, &phoneIndex, &r.phoneMasked,
			&r.eth, &r.edu, &r.pol, &r.hh, &r.emp, &r.status, &r.joined, &r.card, &r.issued, &r.cardStatus, &r.unit); err != nil {
			t.Fatal(err)
		}
		r.idIndex, r.phoneIndex = hex.EncodeToString(idIndex), hex.EncodeToString(phoneIndex)
		if _, dup := out[r.idIndex]; dup {
			t.Fatalf("person %s twice", r.idIndex)
		}
		out[r.idIndex] = r
	}
	return out
}

// TestFirstLoadEqualsRowByRow: a first load (empty tables, IDs given by
// the loader, nothing read back) leaves the same members, memberships and
// cards as the same file saved row by row into tables that keep someone,
// with blind indexes equal and sealed values that open to the file's.
func TestFirstLoadEqualsRowByRow(t *testing.T) {
	const n, dupLine = 2600, 1500
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			first, byRow := emptied(t, newFixture(t, engine)), newFixture(t, engine)
			rows := bulkRows(first, n, dupLine)
			path := writeCSV(t, rows, "utf-8")
			imFirst := run(t, first, path, importer.Options{})
			imRow := run(t, byRow, path, importer.Options{})
			for _, im := range []store.Import{imFirst, imRow} {
				if im.Status != store.ImportDone || im.Inserted != n-1 || im.Failed != 1 {
					t.Fatalf("import: %s, %d new, %d refused (%s)", im.Status, im.Inserted, im.Failed, im.Message)
				}
			}
			a, b := unionMembers(t, first), unionMembers(t, byRow)
			if len(a) != n-1 || len(b) != n-1 {
				t.Fatalf("%d members loaded, %d saved row by row; want %d", len(a), len(b), n-1)
			}
			for k, want := range b {
				if got, ok := a[k]; !ok || got != want {
					t.Errorf("member %s: first load %+v, row by row %+v", k, got, want)
				}
			}
			// Sealed values open to the file's; each ID number finds its
			// member through the blind index.
			sys := gonghui.SystemActor("t")
			for _, r := range rows[1:200] {
				ms, _, err := first.st.ListMembers(ctx, sys, gonghui.MemberFilter{Query: r[1], Page: gonghui.Page{Limit: 5}})
				if err != nil || len(ms) != 1 {
					t.Fatalf("%s finds %d members (%v)", r[1], len(ms), err)
				}
				m, err := first.st.GetMember(ctx, sys, ms[0].ID, true)
				if err != nil || m.IDNumber != r[1] || m.Phone != r[2] || m.Name != r[0] {
					t.Fatalf("revealed %q %q %q, file %q %q %q (%v)", m.Name, m.IDNumber, m.Phone, r[0], r[1], r[2], err)
				}
			}
			checkFigures(t, first, "the first load")
			checkBatchAudit(t, first, imFirst, rows, dupLine, true)
			checkBatchAudit(t, byRow, imRow, rows, dupLine, false)
		})
	}
}

// checkBatchAudit: the import's batch events, one per batch of new
// members and union (the file's rows are of one union), name every saved row — its line, its membership and its
// person — through their digests, and no refused row. The IDs a first
// load gives follow each other: one run of memberships per batch.
func checkBatchAudit(t *testing.T, f fixture, im store.Import, rows [][]string, refusedLine int, firstLoad bool) {
	t.Helper()
	sys := gonghui.SystemActor("t")
	events, _, err := f.st.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "member.load", RecordType: "import", RecordID: im.ID, Page: gonghui.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (len(rows) - 2 + 999) / 1000; len(events) != want {
		t.Fatalf("%d batch events, want %d", len(events), want)
	}
	var perMember int
	if err := f.st.DB().QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'member.create'`).Scan(&perMember); err != nil || perMember > 1 {
		t.Fatalf("%d events per member (%v)", perMember, err)
	}
	// What the records say of each line: its membership and blind index.
	membershipOf := map[string]int64{}
	dbRows, err := f.st.DB().Query(`SELECT p.id_index, m.id FROM persons p JOIN memberships m ON m.person_id = p.id`)
	if err != nil {
		t.Fatal(err)
	}
	for dbRows.Next() {
		var idx []byte
		var id int64
		if err := dbRows.Scan(&idx, &id); err != nil {
			t.Fatal(err)
		}
		membershipOf[string(idx)] = id
	}
	dbRows.Close()
	indexOf := func(id string) []byte {
		cm, err := gonghui.CheckMember(gonghui.MemberInput{Name: "x", IDNumber: id, JoinedOn: gonghui.NewDate(2017, 3, 1), OrgID: 1}, today)
		if err != nil {
			t.Fatal(err)
		}
		return f.st.Seal(cm).IDIndex()
	}
	named := 0
	for _, e := range events {
		var s struct {
			ImportID         int64      `json:"import_id"`
			Rows             int        `json:"rows"`
			FirstLine        int        `json:"first_line"`
			LastLine         int        `json:"last_line"`
			OrgID            int64      `json:"org_id"`
			Lines            [][2]int   `json:"lines"`
			Memberships      [][2]int64 `json:"memberships"`
			Digest, Filename string
		}
		if err := json.Unmarshal([]byte(e.Summary), &s); err != nil || s.ImportID != im.ID || s.Filename != im.Filename {
			t.Fatalf("batch event %s (%v)", e.Summary, err)
		}
		// Scoped to the union its rows joined: that union's cadres read it.
		if s.OrgID != f.union.ID || e.OrgPath != f.union.Path {
			t.Errorf("batch of lines %d–%d: union %d at %q, want %d at %q", s.FirstLine, s.LastLine, s.OrgID, e.OrgPath, f.union.ID, f.union.Path)
		}
		h := sha256.New()
		count, covered := 0, 0
		for _, run := range s.Lines {
			for line := run[0]; line <= run[1]; line++ {
				if line == refusedLine {
					t.Errorf("the refused line %d is named by a batch", line)
				}
				idx := indexOf(rows[line-1][1])
				mid := membershipOf[string(idx)]
				fmt.Fprintf(h, "%d:%d:%x\n", line, mid, idx)
				count++
				for _, r := range s.Memberships {
					if r[0] <= mid && mid <= r[1] {
						covered++
					}
				}
			}
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != s.Digest || count != s.Rows || covered != count {
			t.Errorf("batch of lines %d–%d: digest %s, recomputed %s; %d rows, %d counted, %d within its memberships",
				s.FirstLine, s.LastLine, s.Digest, got, s.Rows, count, covered)
		}
		if firstLoad && len(s.Memberships) != 1 {
			t.Errorf("batch of lines %d–%d: memberships %v, not one run", s.FirstLine, s.LastLine, s.Memberships)
		}
		named += s.Rows
	}
	if named != im.Inserted {
		t.Errorf("the batch events name %d rows, %d were new", named, im.Inserted)
	}
}

// TestFirstLoadInterrupted: a first load cancelled after its first batch
// keeps the rows it had saved, its deferred indexes are restored at the
// next start, the figures are right meanwhile, and running the file again
// finishes it.
func TestFirstLoadInterrupted(t *testing.T) {
	const rows = 3500
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := emptied(t, newFixture(t, engine))
			path := peopleCSV(t, 1000, rows)
			im := interrupted(t, f, path, importer.Options{})
			if im.Status != store.ImportInterrupted || im.Inserted != 1000 || activeIn(t, f) != 1000 {
				t.Fatalf("interrupted: %s, %d new, %d kept", im.Status, im.Inserted, activeIn(t, f))
			}
			checkFigures(t, f, "the interruption")
			if _, err := f.st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			q := `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('persons_name_birth', 'persons_phone', 'memberships_org', 'cards_person')`
			if engine == store.Postgres {
				q = `SELECT count(*) FROM pg_indexes WHERE indexname IN ('persons_name_birth', 'persons_phone', 'memberships_org', 'cards_person')`
			}
			var n int
			if err := f.st.DB().QueryRow(q).Scan(&n); err != nil || n != 4 {
				t.Fatalf("%d of 4 deferred indexes restored (%v)", n, err)
			}
			again := run(t, f, path, importer.Options{})
			if again.Status != store.ImportDone || again.Inserted != rows-1000 || again.Unchanged != 1000 {
				t.Fatalf("run again: %s, %d new, %d unchanged", again.Status, again.Inserted, again.Unchanged)
			}
			checkFigures(t, f, "the run again")
		})
	}
}

// TestDuplicatePastMemoryKeys: a person given again 1,500 lines later is
// refused naming the first line, whether the file's identities are still
// held in memory or were moved to the scratch file (store.KeySet), on a
// first load and on an import into tables that keep someone.
func TestDuplicatePastMemoryKeys(t *testing.T) {
	const n, dupLine = 2600, 1500
	for _, engine := range storetest.Engines {
		for _, tc := range []struct {
			name       string
			memoryKeys int
			first      bool
		}{
			{"first load, in memory", store.MemoryKeys, true},
			{"first load, moved to the scratch file", 100, true},
			{"into kept tables, moved to the scratch file", 100, false},
		} {
			t.Run(string(engine)+"/"+tc.name, func(t *testing.T) {
				was := store.MemoryKeys
				store.MemoryKeys = tc.memoryKeys
				defer func() { store.MemoryKeys = was }()
				f := newFixture(t, engine)
				if tc.first {
					f = emptied(t, f)
				}
				rows := bulkRows(f, n, dupLine)
				im := run(t, f, writeCSV(t, rows, "utf-8"), importer.Options{})
				if im.Status != store.ImportDone || im.Inserted != n-1 || im.Failed != 1 {
					t.Fatalf("import: %s, %d new, %d refused (%s)", im.Status, im.Inserted, im.Failed, im.Message)
				}
				errs, err := f.st.ImportErrors(ctx, gonghui.SystemActor("t"), im.ID)
				if err != nil || len(errs) != 1 {
					t.Fatalf("%d row errors (%v)", len(errs), err)
				}
				if e := errs[0]; e.Line != dupLine || e.Field != "公民身份号码" || e.Zh != "与第2行是同一人" || e.En != "same person as line 2" {
					t.Errorf("row error %+v, want line %d refused as the person of line 2", e, dupLine)
				}
			})
		}
	}
}

// TestUnknownRefsPastTheCache: past the unknown codes an import
// remembers, each row naming one is still refused naming its own code.
func TestUnknownRefsPastTheCache(t *testing.T) {
	importer.BoundCachedMisses(t, 3)
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			rows := bulkRows(f, 10, 0)
			for i, r := range rows[1:] {
				r[5] = storetest.USCC("91", "110105", 900+i%7) // seven unregistered units, each twice or more
			}
			im := run(t, f, writeCSV(t, rows, "utf-8"), importer.Options{})
			if im.Status != store.ImportDone || im.Failed != 10 {
				t.Fatalf("import: %s, %d refused, want 10", im.Status, im.Failed)
			}
			errs, err := f.st.ImportErrors(ctx, gonghui.SystemActor("t"), im.ID)
			if err != nil || len(errs) != 10 {
				t.Fatalf("%d row errors (%v)", len(errs), err)
			}
			for _, e := range errs {
				if want := "no unit with USCC \"" + rows[e.Line-1][5] + "\" in your scope: register it first"; e.En != want {
					t.Errorf("line %d: %q, want %q", e.Line, e.En, want)
				}
			}
		})
	}
}
