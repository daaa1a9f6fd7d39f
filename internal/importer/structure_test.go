package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// The headers another tool writes: they must not change.
var (
	orgHeader        = []string{"工会代码", "工会名称", "组织类型", "上级工会代码", "行政区划代码", "行业代码", "工会统一社会信用代码", "工会主席", "成立日期", "年报会员数", "试点代码确认"}
	unitHeader       = []string{"统一社会信用代码", "单位名称", "所属工会代码", "经济类型", "职工人数", "行政区划代码", "行业代码", "试点代码确认"}
	disclosureHeader = []string{"单位统一社会信用代码", "建立日期", "终止日期"}
)

// writeRows writes rows as CSV in an encoding, or as XLSX.
func writeRows(t *testing.T, rows [][]string, enc string) string {
	if enc == "xlsx" {
		return writeXLSX(t, rows)
	}
	return writeCSV(t, rows, enc)
}

// pilotUSCC is a company USCC whose check character is wrong, as some
// early pilot codes are: accepted with a warning.
func pilotUSCC(n int) string { return storetest.PilotUSCC("91", "110105", n) }

type structureCase struct {
	name string
	job  importer.Job
	enc  string
	// rows is the file: a header and its lines; refused says, by line,
	// the column each refused line is refused at.
	rows     func(t *testing.T, f fixture) [][]string
	refused  map[int]string
	inserted int
	updated  int
	check    func(t *testing.T, f fixture)
}

var structureCases = []structureCase{
	{
		name: "orgs", job: importer.Orgs, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			g := func(code, name, kind, parent string, rest ...string) []string {
				return append(append([]string{code, name, kind, parent}, rest...), make([]string, 6-len(rest))...)
			}
			return [][]string{orgHeader,
				g("CY-ST1", "示例街道总工会", "街道乡镇总工会", "BJ05", "110105001", "", "", "", "2001-01-01"),
				g("CY-G1", "示例科技公司工会", "基层工会", "CY-ST1", "110105", "65", storetest.USCC("81", "110105", 2), "张伟", "2010/5/1", "120"),
				g("cy-g2", "示例联合工会", "joint_grassroots", "cy-st1"),
				g("", "无代码", "基层工会", "BJ05"),
				g("CY-B1", "", "基层工会", "BJ05"),
				g("CY-B2", "类型错", "股份公司", "BJ05"),
				g("CY-B3", "上级空", "基层工会", ""),
				g("CY-B4", "区划错", "基层工会", "BJ05", "999999"),
				g("CY-B5", "行业错", "基层工会", "BJ05", "", "Z9"),
				g("CY-B6", "企业信用代码", "基层工会", "BJ05", "", "", storetest.USCC("91", "110105", 9)),
				g("CY-B7", "日期错", "基层工会", "BJ05", "", "", "", "", "下个月"),
				g("CY-B8", "会员数负", "基层工会", "BJ05", "", "", "", "", "", "-5"),
				g("CY-B9", "会员数非数", "基层工会", "BJ05", "", "", "", "", "", "一百"),
				g("CY-B10", "主席过长", "基层工会", "BJ05", "", "", "", strings.Repeat("长", 51)),
				g("CY-B11", "基层下再建", "基层工会", "CY-1"),
				g("HD-X", "海淀的下级", "基层工会", "HD-1"),
				g("HD-1", "改海淀的工会", "基层工会", "BJ05"),
				g("CY-G1", "重复", "基层工会", "BJ05"),
				g("CY-B12", "信用代码已用", "基层工会", "BJ05", "", "", f.unionUSCC),
				g("中文代码", "代码错", "基层工会", "BJ05"),
				g("CY-B13", "第二个市总", "市总工会", "BJ05"),
				g("CY-B14", "错误的信用代码", "基层工会", "BJ05", "", "", "8111010512345"),
			}
		},
		refused: map[int]string{5: "工会代码", 6: "工会名称", 7: "组织类型", 8: "上级工会代码", 9: "行政区划代码", 10: "行业代码",
			11: "工会统一社会信用代码", 12: "成立日期", 13: "年报会员数", 14: "年报会员数", 15: "工会主席", 16: "上级工会代码",
			17: "上级工会代码", 18: "工会代码", 19: "工会代码", 20: "工会统一社会信用代码", 21: "工会代码", 22: "组织类型", 23: "工会统一社会信用代码"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			g1, err := f.st.GetOrgByCode(ctx, f.cadre, "CY-G1")
			st1, _ := f.st.GetOrgByCode(ctx, f.cadre, "CY-ST1")
			if err != nil || g1.ParentID != st1.ID || g1.Kind != gonghui.KindGrassroots || g1.FoundedOn.String() != "2010-05-01" ||
				g1.ReportedMembers == nil || *g1.ReportedMembers != 120 || g1.IndustryCode != "65" || g1.Chair != "张伟" || !gonghui.InSubtree(g1.Path, st1.Path) {
				t.Errorf("CY-G1 %+v %v", g1, err)
			}
			if g2, err := f.st.GetOrgByCode(ctx, f.cadre, "CY-G2"); err != nil || g2.ParentID != st1.ID || g2.Kind != gonghui.KindJointGrassroots || g2.ReportedMembers != nil {
				t.Errorf("CY-G2 %+v %v", g2, err)
			}
			if hd, _ := f.st.GetOrg(ctx, gonghui.SystemActor("t"), f.hd.ID); hd.Name != f.hd.Name {
				t.Errorf("an org outside the scope changed: %+v", hd)
			}
			ev, _, _ := f.st.ListAudit(ctx, gonghui.SystemActor("t"), gonghui.AuditFilter{Action: "org.create"})
			if len(ev) != 2+3 { // the fixture's two and the import's three
				t.Errorf("org.create events: %d", len(ev))
			}
		},
	},
	{
		name: "units", job: importer.Units, enc: "xlsx",
		rows: func(t *testing.T, f fixture) [][]string {
			hdUnit, err := f.st.CreateUnit(ctx, gonghui.SystemActor("t"), gonghui.UnitInput{USCC: storetest.USCC("91", "110108", 1), Name: "海淀公司", OrgID: f.hd.ID, Ownership: gonghui.OwnershipPrivate})
			if err != nil {
				t.Fatal(err)
			}
			u := func(n int) string { return storetest.USCC("91", "110105", 100+n) }
			return [][]string{unitHeader,
				{u(1), "示例甲公司", "CY-1", "私营", "120", "110105", "65"},
				{strings.ToLower(pilotUSCC(2)), "示例乙事业单位", "cy-1", "机关事业单位", "1,200", "", "", "是"},
				{f.unit.USCC, "示例公司（更名）", "CY-1", "private", "300", "", ""},
				{"", "无代码", "CY-1", "私营", "10", "", ""},
				{"9111010512345", "代码错", "CY-1", "私营", "10", "", ""},
				{u(3), "", "CY-1", "私营", "10", "", ""},
				{u(4), "丙公司", "NOPE", "私营", "10", "", ""},
				{u(5), "丁公司", "CY-1", "国企", "10", "", ""},
				{u(6), "戊公司", "CY-1", "私营", "", "", ""},
				{u(7), "己公司", "CY-1", "私营", "-1", "", ""},
				{u(8), "庚公司", "CY-1", "私营", "十", "", ""},
				{u(9), "辛公司", "CY-1", "私营", "10", "999999", ""},
				{u(10), "壬公司", "CY-1", "私营", "10", "", "Z9"},
				{u(11), "癸公司", "HD-1", "私营", "10", "", ""},
				{hdUnit.USCC, "抢来的海淀公司", "CY-1", "私营", "10", "", ""},
				{u(1), "重复", "CY-1", "私营", "10", "", ""},
				// A code failing its checksum is a typo unless confirmed.
				{pilotUSCC(3), "未确认试点", "CY-1", "私营", "10", "", ""},
				{pilotUSCC(4), "确认值有误", "CY-1", "私营", "10", "", "", "也许"},
			}
		},
		refused: map[int]string{5: "统一社会信用代码", 6: "统一社会信用代码", 7: "单位名称", 8: "所属工会代码", 9: "经济类型", 10: "职工人数",
			11: "职工人数", 12: "职工人数", 13: "行政区划代码", 14: "行业代码", 15: "所属工会代码", 16: "统一社会信用代码", 17: "统一社会信用代码", 18: "统一社会信用代码", 19: "试点代码确认"},
		inserted: 2, updated: 1,
		check: func(t *testing.T, f fixture) {
			units, total, _ := f.st.ListUnits(ctx, f.cadre, gonghui.UnitFilter{})
			if total != 3 {
				t.Fatalf("%d units in scope", total)
			}
			for _, u := range units {
				switch u.USCC {
				case pilotUSCC(2):
					if u.Warning == nil || !u.Public || u.StaffCount != 1200 || u.Ownership != gonghui.OwnershipPublicInst {
						t.Errorf("pilot unit %+v", u)
					}
				case f.unit.USCC:
					if u.Name != "示例公司（更名）" || u.StaffCount != 300 || u.Warning != nil {
						t.Errorf("updated unit %+v", u)
					}
				}
			}
		},
	},
	{
		name: "disclosures", job: importer.Disclosures, enc: "utf-8-bom",
		rows: func(t *testing.T, f fixture) [][]string {
			sys := gonghui.SystemActor("t")
			u2, err := f.st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 6), Name: "示例公司二", OrgID: f.union.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 150})
			if err != nil {
				t.Fatal(err)
			}
			hdUnit, err := f.st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110108", 1), Name: "海淀公司", OrgID: f.hd.ID, Ownership: gonghui.OwnershipPrivate})
			if err != nil {
				t.Fatal(err)
			}
			return [][]string{disclosureHeader,
				{f.unit.USCC, "2012-01-01", "2014-12-31"},
				{f.unit.USCC, "2015年5月1日", ""},
				{u2.USCC, "2016/3/1", ""},
				{"", "2016-01-01", ""},
				{"91110105XXXXXXXXX1", "2016-01-01", ""},
				{hdUnit.USCC, "2016-01-01", ""},
				{u2.USCC, "", ""},
				{u2.USCC, "明年", ""},
				{u2.USCC, "2027-01-01", ""},
				{u2.USCC, "2010-01-01", "2009-12-31"},
				{u2.USCC, "2010-01-01", "不详"},
				{f.unit.USCC, "2013-06-01", "2013-12-31"},
				{f.unit.USCC, "2016-01-01", ""},
				{f.unit.USCC, "2015-05-01", ""},
				{u2.USCC, "2010-01-01", "2026-12-01"},
			}
		},
		refused: map[int]string{5: "单位统一社会信用代码", 6: "单位统一社会信用代码", 7: "单位统一社会信用代码", 8: "建立日期", 9: "建立日期",
			10: "建立日期", 11: "终止日期", 12: "终止日期", 13: "建立日期", 14: "单位统一社会信用代码", 15: "建立日期", 16: "终止日期"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			ds, total, _ := f.st.ListDisclosures(ctx, f.cadre, store.DisclosureFilter{UnitID: f.unit.ID})
			if total != 2 || ds[0].EstablishedOn.String() != "2015-05-01" || !ds[0].Active() || ds[1].EndedOn.String() != "2014-12-31" {
				t.Errorf("disclosures of the unit %+v", ds)
			}
			// The imported systems count in the rate on the day.
			r, err := f.st.EvaluateRate(ctx, f.cadre, "disclosure_rate", 0, gonghui.NewDate(2017, 9, 30))
			if err != nil || r.Numerator != 1 { // the unit of 150 staff; the other has none on record
				t.Errorf("disclosure rate %+v %v", r, err)
			}
		},
	},
}

func TestImportStructure(t *testing.T) {
	for _, engine := range storetest.Engines {
		for _, c := range structureCases {
			t.Run(string(engine)+"/"+c.name, func(t *testing.T) {
				f := newFixture(t, engine)
				path := writeRows(t, c.rows(t, f), c.enc)
				lines := len(c.refused) + c.inserted + c.updated
				im := runJob(t, f, c.job, path, importer.Options{})
				if im.Status != store.ImportDone || im.RowsDone != lines || im.Inserted != c.inserted || im.Updated != c.updated || im.Failed != len(c.refused) {
					errs, _ := f.st.ImportErrors(ctx, f.cadre, im.ID)
					t.Fatalf("import %+v: %+v", im, errs)
				}
				checkRefusals(t, f, im, c.refused)
				c.check(t, f)
				// Importing the same file again changes nothing.
				again := runJob(t, f, c.job, path, importer.Options{})
				if again.Inserted != 0 || again.Updated != 0 || again.Unchanged != c.inserted+c.updated || again.Failed != len(c.refused) {
					t.Errorf("re-import %+v", again)
				}
				c.check(t, f)
				ev, _, _ := f.st.ListAudit(ctx, gonghui.SystemActor("t"), gonghui.AuditFilter{Action: "import." + c.job.Name()})
				if len(ev) != 2 || !strings.Contains(ev[0].Summary, `"unchanged":`) || !strings.Contains(ev[0].Summary, `"failed":`) {
					t.Errorf("audit of the imports %+v", ev)
				}
			})
		}
	}
}

// TestImportOrgTree: a parent later in the file is refused, found on the
// next import; an org changes and moves; a dry run and an all-or-nothing
// run save nothing.
func TestImportOrgTree(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			tree := [][]string{orgHeader,
				{"CY-ST1", "街道一", "街道乡镇总工会", "BJ05"},
				{"CY-G1", "基层一", "基层工会", "CY-ST2"},
				{"CY-ST2", "街道二", "街道乡镇总工会", "BJ05"},
			}
			path := writeRows(t, tree, "utf-8")
			im := runJob(t, f, importer.Orgs, path, importer.Options{})
			if im.Inserted != 2 || im.Failed != 1 {
				t.Fatalf("import %+v", im)
			}
			checkRefusals(t, f, im, map[int]string{3: "上级工会代码"})
			if again := runJob(t, f, importer.Orgs, path, importer.Options{}); again.Inserted != 1 || again.Unchanged != 2 || again.Failed != 0 {
				t.Errorf("second import %+v", again)
			}
			st2, _ := f.st.GetOrgByCode(ctx, f.cadre, "CY-ST2")
			// CY-G1 moves under CY-ST1 and changes its name; CY-ST2 asks
			// for nothing new; BJ05 itself, the top of the scope, keeps its
			// parent (outside the scope).
			bj05, _ := f.st.GetOrgByCode(ctx, f.cadre, "BJ05")
			changes := [][]string{orgHeader,
				{"CY-G1", "基层一（更名）", "基层工会", "CY-ST1", "", "", "", "李娜", "", "35"},
				{"CY-ST2", "街道二", "街道乡镇总工会", "BJ05"},
				orgRow(bj05, "BJ"),
				{"CY-NEW", "新建", "基层工会", "CY-ST2"},
			}
			p2 := writeRows(t, changes, "utf-8")
			for _, opt := range []importer.Options{{DryRun: true}, {AllOrNothing: true}} {
				bad := append(slices.Clone(changes), []string{"CY-BAD", "", "基层工会", "BJ05"})
				im := runJob(t, f, importer.Orgs, writeRows(t, bad, "utf-8"), opt)
				if im.Inserted != 1 || im.Updated != 1 || im.Unchanged != 2 || im.Failed != 1 || !strings.Contains(im.Message, "nothing was saved") {
					t.Errorf("%+v: %+v", opt, im)
				}
			}
			if _, err := f.st.GetOrgByCode(ctx, f.cadre, "CY-NEW"); err == nil {
				t.Errorf("a dry run saved an org")
			}
			im = runJob(t, f, importer.Orgs, p2, importer.Options{})
			if im.Inserted != 1 || im.Updated != 1 || im.Unchanged != 2 || im.Failed != 0 {
				t.Fatalf("changes %+v", im)
			}
			g1, _ := f.st.GetOrgByCode(ctx, f.cadre, "CY-G1")
			st1, _ := f.st.GetOrgByCode(ctx, f.cadre, "CY-ST1")
			if g1.ParentID != st1.ID || !gonghui.InSubtree(g1.Path, st1.Path) || g1.Name != "基层一（更名）" || g1.Chair != "李娜" || *g1.ReportedMembers != 35 {
				t.Errorf("moved org %+v", g1)
			}
			if st2After, _ := f.st.GetOrg(ctx, f.cadre, st2.ID); st2After.ChildCount != 1 {
				t.Errorf("CY-ST2 has %d children, want CY-NEW only", st2After.ChildCount)
			}
			// A grassroots union with unions below cannot become one, nor can
			// the top of the scope move.
			refused := [][]string{orgHeader,
				{"CY-ST1", "街道一", "基层工会", "BJ05"},
				orgRow(bj05, "CY-ST1"),
			}
			im = runJob(t, f, importer.Orgs, writeRows(t, refused, "utf-8"), importer.Options{})
			checkRefusals(t, f, im, map[int]string{2: "组织类型", 3: "上级工会代码"})
		})
	}
}

// orgRow is an org as a line of the org template, under parent.
func orgRow(o gonghui.Org, parent string) []string {
	reported := ""
	if o.ReportedMembers != nil {
		reported = strconv.Itoa(*o.ReportedMembers)
	}
	return []string{o.Code, o.Name, o.Kind.Name().Zh, parent, o.RegionCode, o.IndustryCode, o.USCC, o.Chair, o.FoundedOn.String(), reported}
}

// TestImportDisclosureEnds: a later file ends a system; a dry run changes
// nothing.
func TestImportDisclosureEnds(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			d, err := f.st.EstablishDisclosure(ctx, gonghui.SystemActor("t"), f.unit.ID, gonghui.NewDate(2015, 5, 1))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.st.AddDisclosureRecord(ctx, gonghui.SystemActor("t"), d.ID, gonghui.NewDate(2017, 3, 1), "年度工资调整方案"); err != nil {
				t.Fatal(err)
			}
			end := func(on string) string {
				return writeRows(t, [][]string{disclosureHeader, {f.unit.USCC, "2015-05-01", on}}, "utf-8")
			}
			if im := runJob(t, f, importer.Disclosures, end("2017-02-01"), importer.Options{}); im.Failed != 1 {
				t.Errorf("an end before the last disclosure: %+v", im)
			}
			if im := runJob(t, f, importer.Disclosures, end("2018-06-30"), importer.Options{DryRun: true}); im.Updated != 1 {
				t.Errorf("dry run %+v", im)
			}
			if got, _ := f.st.GetDisclosure(ctx, f.cadre, d.ID); !got.Active() {
				t.Errorf("a dry run ended the system")
			}
			if im := runJob(t, f, importer.Disclosures, end("2018-06-30"), importer.Options{}); im.Updated != 1 || im.Inserted != 0 {
				t.Errorf("end %+v", im)
			}
			if got, _ := f.st.GetDisclosure(ctx, f.cadre, d.ID); got.EndedOn.String() != "2018-06-30" || got.Records != 1 {
				t.Errorf("ended system %+v", got)
			}
			// The unit may set up a new system after the end, not before.
			after := writeRows(t, [][]string{disclosureHeader, {f.unit.USCC, "2018-01-01", ""}, {f.unit.USCC, "2019-01-01", ""}}, "utf-8")
			im := runJob(t, f, importer.Disclosures, after, importer.Options{})
			if im.Inserted != 1 {
				t.Errorf("new system %+v", im)
			}
			checkRefusals(t, f, im, map[int]string{2: "建立日期"})
		})
	}
}

// TestStructureTemplates: the templates carry the fixed headers, and their
// example rows import in turn: the union, its unit, the unit's system.
func TestStructureTemplates(t *testing.T) {
	f := newFixture(t, store.SQLite)
	for _, c := range []struct {
		job    importer.Job
		header []string
	}{{importer.Orgs, orgHeader}, {importer.Units, unitHeader}, {importer.Disclosures, disclosureHeader}} {
		if got := c.job.Headers(); !slices.Equal(got, c.header) {
			t.Errorf("%s headers %v", c.job.Name(), got)
		}
		var buf bytes.Buffer
		if err := c.job.WriteTemplate(&buf, nil); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), c.job.Name()+".xlsx")
		os.WriteFile(path, buf.Bytes(), 0o600)
		if im := runJob(t, f, c.job, path, importer.Options{}); im.Inserted != 1 || im.Failed != 0 {
			errs, _ := f.st.ImportErrors(ctx, f.cadre, im.ID)
			t.Errorf("%s template: %+v %+v", c.job.Name(), im, errs)
		}
	}
}

func TestKindsListEveryJob(t *testing.T) {
	var names []string
	for name := range importer.Jobs {
		names = append(names, name)
	}
	slices.Sort(names)
	kinds := slices.Sorted(slices.Values(importer.Kinds()))
	if !slices.Equal(names, kinds) || importer.Kinds()[0] != "members" {
		t.Errorf("Kinds %v, jobs %v", importer.Kinds(), names)
	}
}

// TestImportForbidden: an actor who may not edit what a file holds gets a
// failed import, not a crash.
func TestImportForbidden(t *testing.T) {
	f := newFixture(t, store.SQLite)
	f.cadre.Role = gonghui.RoleViewer
	for _, job := range []importer.Job{importer.Members, importer.Orgs, importer.Units, importer.Disclosures} {
		im := runJob(t, f, job, writeRows(t, [][]string{job.Headers()}, "utf-8"), importer.Options{})
		if im.Status != store.ImportFailed || im.Message == "" {
			t.Errorf("%s: %+v", job.Name(), im)
		}
	}
}
