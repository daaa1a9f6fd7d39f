package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
	"gonghui/internal/tabular"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var ctx = context.Background()

var today = gonghui.NewDate(2026, 11, 24)

type fixture struct {
	st         *store.Store
	union, hd  gonghui.Org
	unit       gonghui.Unit
	cadre      gonghui.Actor
	activeElse string // ID of a person active in the Haidian union
	unionUSCC  string
}

func newFixture(t *testing.T, engine store.Engine) fixture {
	st := storetest.Open(t, engine)
	st.SetClock(func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, gonghui.Shanghai) })
	sys := gonghui.SystemActor("t")
	cy, _ := st.GetOrgByCode(ctx, sys, "BJ05")
	hdDistrict, _ := st.GetOrgByCode(ctx, sys, "BJ08")
	f := fixture{st: st, unionUSCC: storetest.USCC("81", "110105", 1)}
	var err error
	if f.union, err = st.CreateOrg(ctx, sys, gonghui.OrgInput{Code: "CY-1", Name: "朝阳示例工会", Kind: gonghui.KindJointGrassroots, ParentID: cy.ID, USCC: f.unionUSCC, FoundedOn: storetest.Founded}); err != nil {
		t.Fatal(err)
	}
	if f.hd, err = st.CreateOrg(ctx, sys, gonghui.OrgInput{Code: "HD-1", Name: "海淀示例工会", Kind: gonghui.KindGrassroots, ParentID: hdDistrict.ID, FoundedOn: storetest.Founded}); err != nil {
		t.Fatal(err)
	}
	if f.unit, err = st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 5), Name: "示例公司", OrgID: f.union.ID, Ownership: gonghui.OwnershipPrivate}); err != nil {
		t.Fatal(err)
	}
	f.activeElse = storetest.CitizenID("110108", "19800808", 777)
	if _, _, err := st.SaveMember(ctx, sys, gonghui.MemberInput{Name: "钱七", IDNumber: f.activeElse, OrgID: f.hd.ID, JoinedOn: gonghui.NewDate(2010, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	f.cadre = gonghui.Actor{UserID: 1, Username: "cy-cadre", Role: gonghui.RoleCadre, OrgID: cy.ID, Path: cy.Path, ClientAddr: "test"}
	return f
}

// memberRows is a realistic sheet: good rows in every date form, and one
// row for every kind of damage the importer must refuse.
func (f fixture) memberRows() ([][]string, map[int]string) {
	header := []string{"序号", "姓名", "公民身份号码", "性别", "手机号码", "民族", "学历", "入会日期", "所属工会", "单位统一社会信用代码", "会员卡号", "备注"}
	id := func(seq int) string { return storetest.CitizenID("110105", "19900101", seq) }
	full := func(s string) string { // full-width digits, as some input methods type them
		var b strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				r = r - '0' + '０'
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	x := storetest.CitizenID("110105", "19850505", 0)
	for seq := 1; !strings.HasSuffix(x, "X"); seq++ {
		x = storetest.CitizenID("110105", "19850505", seq)
	}
	rows := [][]string{header,
		{"1", "张伟", id(11), "男", "13800000001", "汉族", "大学本科", "2017-03-01", "CY-1", f.unit.USCC, "CARD-0001", ""},
		{"2", "王芳", id(12), "女", "", "汉", "", "2017/3/1", "cy-1", "", "", "注"},
		{"3", "李娜", " " + full(id(22)) + " ", "", "", "", "", "2017年3月1日", f.unionUSCC, "", "", ""},
		{"4", "刘洋", strings.ToLower(x), "", "", "", "", "42795", "CY-1", "", "", ""},
		{"5", "陈静", "1.10105199001011E+17", "", "", "", "", "2017-03-01", "CY-1", "", "", ""},
		{"6", "杨磊", id(31)[:15] + "000", "", "", "", "", "2017-03-01", "CY-1", "", "", ""},
		{"7", "赵敏", id(41), "女", "", "", "", "2017-03-01", "CY-1", "", "", ""},
		{"8", "", id(51), "", "", "", "", "2017-03-01", "CY-1", "", "", ""},
		{"9", "孙杰", id(61), "", "", "", "", "下个月", "CY-1", "", "", ""},
		{"10", "周强", id(71), "", "", "", "", "2017-03-01", "NOPE", "", "", ""},
		{"11", "钱七", f.activeElse, "", "", "", "", "2017-03-01", "CY-1", "", "", ""},
		{"12", "吴刚", id(81), "", "", "", "", "2017-03-01", "HD-1", "", "", ""},
		{"13", "张伟", id(11), "", "", "", "", "2017-03-01", "CY-1", "", "", ""},
		{"14", "郑爽", id(91), "", "12345", "火星族", "博士后", "2017-03-01", "CY-1", "91110105XXXXXXXXX1", "", ""},
	}
	// Expected refusals by sheet line (header = line 1), with a column each.
	refused := map[int]string{
		6: "公民身份号码", 7: "公民身份号码", 8: "性别", 9: "姓名", 10: "入会日期", 11: "所属工会",
		12: "公民身份号码", 13: "所属工会", 14: "公民身份号码", 15: "手机号码",
	}
	return rows, refused
}

func writeCSV(t *testing.T, rows [][]string, enc string) string {
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	data := []byte(b.String())
	switch enc {
	case "utf-8-bom":
		data = append([]byte("\xEF\xBB\xBF"), data...)
	case "gb18030":
		var err error
		if data, err = simplifiedchinese.GB18030.NewEncoder().Bytes(data); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "members-"+enc+".csv")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeXLSX(t *testing.T, rows [][]string) string {
	x := excelize.NewFile()
	defer x.Close()
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			// Lines 6 and 7 hold IDs typed into General cells, which Excel
			// keeps as numbers; the rest were typed into Text cells.
			if n, err := strconv.ParseFloat(v, 64); err == nil && c == 2 && (r == 5 || r == 6) {
				x.SetCellValue("Sheet1", cell, n)
			} else {
				x.SetCellValue("Sheet1", cell, v)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "members.xlsx")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, f fixture, path string, opt importer.Options) store.Import {
	t.Helper()
	return runJob(t, f, importer.Members, path, opt)
}

// runJob imports the file as the fixture's Chaoyang cadre.
func runJob(t *testing.T, f fixture, job importer.Job, path string, opt importer.Options) store.Import {
	t.Helper()
	im, err := f.st.CreateImport(ctx, f.cadre, job.Name(), filepath.Base(path), opt.DryRun, opt.AllOrNothing)
	if err != nil {
		t.Fatal(err)
	}
	opt.Today = today
	im, err = importer.Run(ctx, f.st, f.cadre, job, path, im, opt)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

func checkRefusals(t *testing.T, f fixture, im store.Import, want map[int]string) {
	t.Helper()
	errs, err := f.st.ImportErrors(ctx, f.cadre, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, e := range errs {
		if _, ok := got[e.Line]; !ok {
			got[e.Line] = e.Field
		}
		if e.Zh == "" || e.En == "" || len(e.Cells) == 0 {
			t.Errorf("line %d: incomplete error %+v", e.Line, e)
		}
	}
	for line, col := range want {
		if got[line] != col {
			t.Errorf("line %d: refused at %q, want %q", line, got[line], col)
		}
	}
	for line := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("line %d refused unexpectedly", line)
		}
	}
}

func TestImportEncodingsAndDamage(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			for _, enc := range []string{"utf-8", "utf-8-bom", "gb18030", "xlsx"} {
				t.Run(enc, func(t *testing.T) {
					f := newFixture(t, engine)
					rows, refused := f.memberRows()
					path := ""
					if enc == "xlsx" {
						path = writeXLSX(t, rows)
					} else {
						path = writeCSV(t, rows, enc)
					}
					im := run(t, f, path, importer.Options{})
					if im.Status != store.ImportDone || im.RowsDone != 14 || im.Inserted != 4 || im.Failed != 10 || im.Unchanged != 0 {
						t.Fatalf("import %+v", im)
					}
					if enc != "xlsx" && im.Encoding != enc {
						t.Errorf("encoding %q, want %q", im.Encoding, enc)
					}
					if len(im.Warnings) != 2 { // 序号 and 备注 are not template columns
						t.Errorf("warnings %v", im.Warnings)
					}
					checkRefusals(t, f, im, refused)
					// The good rows are in, with dates read in every form.
					members, total, _ := f.st.ListMembers(ctx, f.cadre, gonghui.MemberFilter{})
					if total != 4 {
						t.Fatalf("members %d", total)
					}
					for _, m := range members {
						if m.JoinedOn.String() != "2017-03-01" {
							t.Errorf("%s joined %s", m.Name, m.JoinedOn)
						}
					}
					// Importing the same file again changes nothing.
					again := run(t, f, path, importer.Options{})
					if again.Inserted != 0 || again.Updated != 0 || again.Unchanged != 4 || again.Failed != 10 {
						t.Errorf("re-import %+v", again)
					}
					if _, total, _ := f.st.ListMembers(ctx, f.cadre, gonghui.MemberFilter{}); total != 4 {
						t.Errorf("re-import left %d members", total)
					}
				})
			}
		})
	}
}

func TestImportModes(t *testing.T) {
	f := newFixture(t, store.SQLite)
	rows, _ := f.memberRows()
	path := writeCSV(t, rows, "utf-8")
	dry := run(t, f, path, importer.Options{DryRun: true})
	if dry.Inserted != 4 || dry.Failed != 10 || !strings.Contains(dry.Message, "nothing was saved") {
		t.Errorf("dry run %+v", dry)
	}
	aon := run(t, f, path, importer.Options{AllOrNothing: true})
	if aon.Failed != 10 || !strings.Contains(aon.Message, "all or nothing") {
		t.Errorf("all or nothing %+v", aon)
	}
	if _, total, _ := f.st.ListMembers(ctx, f.cadre, gonghui.MemberFilter{}); total != 0 {
		t.Errorf("dry run or all-or-nothing saved %d members", total)
	}
	// Without a 所属工会 column, --org supplies the union.
	noOrg := [][]string{{"姓名", "公民身份号码", "入会日期"}, {"新人", storetest.CitizenID("110105", "20000101", 5), "2020-01-01"}}
	p2 := writeCSV(t, noOrg, "utf-8")
	if im := run(t, f, p2, importer.Options{}); im.Status != store.ImportFailed || !strings.Contains(im.Message, "所属工会") {
		t.Errorf("missing org column: %+v", im)
	}
	if im := run(t, f, p2, importer.Options{DefaultOrg: f.union.ID}); im.Inserted != 1 {
		t.Errorf("with default org: %+v", im)
	}
	// File-level failures.
	bad := filepath.Join(t.TempDir(), "old.xls")
	os.WriteFile(bad, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), 0o600)
	if im := run(t, f, bad, importer.Options{}); im.Status != store.ImportFailed || im.Message == "" {
		t.Errorf("xls: %+v", im)
	}
	// The import is audited with its counts.
	ev, _, _ := f.st.ListAudit(ctx, gonghui.SystemActor("t"), gonghui.AuditFilter{Action: "import.members"})
	if len(ev) != 5 || !strings.Contains(ev[len(ev)-1].Summary, `"failed":10`) {
		t.Errorf("audit %+v", ev)
	}
}

func TestTemplateAndErrorReport(t *testing.T) {
	var buf bytes.Buffer
	if err := importer.Members.WriteTemplate(&buf, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "template.xlsx")
	os.WriteFile(path, buf.Bytes(), 0o600)
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0))
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(importer.Members.Headers(), ",") || rows[1][1] != "110105199003071239" {
		t.Errorf("template rows %v", rows)
	}
	dv, _ := x.GetDataValidations(x.GetSheetName(0))
	if len(dv) < 6 {
		t.Errorf("template has %d drop-downs, want 6", len(dv))
	}
	x.Close()
	// An import of the template itself: its example row is valid once the
	// union exists.
	f := newFixture(t, store.SQLite)
	r, err := tabular.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()

	rowsIn, _ := f.memberRows()
	im := run(t, f, writeCSV(t, rowsIn, "utf-8"), importer.Options{})
	errs, _ := f.st.ImportErrors(ctx, f.cadre, im.ID)
	buf.Reset()
	if err := importer.WriteErrorReport(&buf, im, errs); err != nil {
		t.Fatal(err)
	}
	rp := filepath.Join(t.TempDir(), "errors.xlsx")
	os.WriteFile(rp, buf.Bytes(), 0o600)
	rr, err := tabular.Open(rp)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	head, _ := rr.Next()
	if len(head.Cells) != 16 || head.Cells[12] != "行号 line" {
		t.Errorf("report header %v", head.Cells)
	}
	first, _ := rr.Next()
	if first.Cells[12] != "6" || first.Cells[13] != "公民身份号码" || !strings.Contains(first.Cells[14], "Excel") || first.Cells[1] != "陈静" {
		t.Errorf("report first row %v", first.Cells)
	}
}

func FuzzMapHeader(f *testing.F) {
	f.Add("姓名,公民身份号码,入会日期,备注")
	f.Add(" *姓名 ,身份证号,,姓名")
	f.Fuzz(func(t *testing.T, line string) {
		cells := strings.Split(line, ",")
		h := importer.MapHeaderForTest(cells)
		for col, i := range h {
			if i >= len(cells) || (i >= 0 && strings.TrimSpace(cells[i]) == "") {
				t.Errorf("column %d mapped to %d of %q", col, i, cells)
			}
		}
	})
}

// TestRefusedRowLeavesNothing: a row refused for its card number (taken by
// an earlier row of the same file) must not leave its person behind.
func TestRefusedRowLeavesNothing(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			rows := [][]string{{"姓名", "公民身份号码", "入会日期", "所属工会", "会员卡号"},
				{"甲", storetest.CitizenID("110105", "19900101", 11), "2017-03-01", "CY-1", "K-0001"},
				{"乙", storetest.CitizenID("110105", "19900101", 13), "2017-03-01", "CY-1", "K-0001"},
			}
			im := run(t, f, writeCSV(t, rows, "utf-8"), importer.Options{})
			if im.Inserted != 1 || im.Failed != 1 {
				t.Fatalf("import %+v", im)
			}
			checkRefusals(t, f, im, map[int]string{3: "会员卡号"})
			if _, total, _ := f.st.ListMembers(ctx, f.cadre, gonghui.MemberFilter{}); total != 1 {
				t.Errorf("%d members saved, want 1", total)
			}
			// A later file's new person with a card already kept is refused too.
			later := [][]string{rows[0], {"丙", storetest.CitizenID("110105", "19900101", 15), "2017-03-01", "CY-1", "K-0001"},
				{"丁", storetest.CitizenID("110105", "19900101", 17), "2017-03-01", "CY-1", "K-0004"}}
			im = run(t, f, writeCSV(t, later, "utf-8"), importer.Options{})
			if im.Inserted != 1 || im.Failed != 1 {
				t.Fatalf("later import %+v", im)
			}
			checkRefusals(t, f, im, map[int]string{2: "会员卡号"})
		})
	}
}
