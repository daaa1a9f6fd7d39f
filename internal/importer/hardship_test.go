package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// The header of the hardship-file template, as the districts' registers
// carry it.
var hardshipHeader = []string{"建档工会", "户主姓名", "户主公民身份号码", "户主健康状况", "家庭住址", "行政区划代码", "家庭成员", "致困原因", "致困情况说明",
	"工资性收入（元/年）", "经营净收入（元/年）", "财产净收入（元/年）", "转移净收入（养老金、补贴等）（元/年）",
	"医疗支出（医保报销后自付）（元/年）", "子女教育支出（元/年）", "护理、康复支出（元/年）", "灾害、意外损失（元/年）", "其他刚性支出（元/年）"}

func init() {
	id := func(n int) string { return storetest.CitizenID("110105", "19800101", 900+n) }
	row := func(org, head, headID, members, causes, wages string) []string {
		return []string{org, head, headID, "", "朝阳区建外街道1号院", "110105001", members, causes, "", wages, "", "", "", "1,200.50", "", "", "", ""}
	}
	structureCases = append(structureCases, structureCase{
		name: "hardship files", job: importer.HardshipFiles, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			noAddress := row("CY-1", "无地址", id(9), "", "患病", "1000")
			noAddress[4] = ""
			return [][]string{hardshipHeader,
				row("CY-1", "张伟", id(1), "李娜，配偶，"+id(2)+"；张小明，子女，"+id(3)+"，哮喘", "患病、子女就学", "24000"),
				row(f.unionUSCC, "王芳", id(4), "", "失业下岗", "12,000.00"),
				row("CY-1", "又是张伟", id(1), "", "患病", "1000"),             // same head as line 2
				row("CY-1", "格式错", id(5), "李娜 配偶", "患病", "1000"),         // members not written as name，relation，ID
				row("CY-1", "抢孩子", id(6), "张小明，子女，"+id(3), "患病", "1000"), // the child of line 2's household
				row("CY-1", "金额错", id(7), "", "患病", "两万"),                // not an amount
				row("HD-1", "海淀", id(8), "", "患病", "1000"),               // outside the cadre's scope
				row("CY-1", "原因错", id(10), "", "运气不好", "1000"),           // not a cause
				noAddress,
			}
		},
		refused:  map[int]string{4: "户主公民身份号码", 5: "家庭成员", 6: "家庭成员", 7: "工资性收入（元/年）", 8: "建档工会", 9: "致困原因", 10: "家庭住址"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			files, total, err := f.st.ListHardshipFiles(ctx, f.cadre, gonghui.HardshipFileFilter{})
			if err != nil || total != 2 {
				t.Fatalf("%d files: %v", total, err)
			}
			byHead := map[string]gonghui.HardshipFile{}
			for _, h := range files {
				byHead[h.Head.Name] = h
			}
			if h := byHead["张伟"]; h.Size() != 3 || h.Members[1].Relation != "child" || len(h.Causes) != 2 || h.State != gonghui.HardshipApplied || len(h.Expenses) != 1 {
				t.Errorf("file %+v", h)
			}
			if h := byHead["王芳"]; h.OrgID != f.union.ID || h.Size() != 1 {
				t.Errorf("file %+v", h)
			}
		},
	})
}

// A register kept before gonghui brings its households in filed: checked,
// visited and noticed on the day applied, approved on the day filed by
// the importing union above, as the life's own moves decide.
func init() {
	id := func(n int) string { return storetest.CitizenID("110105", "19700101", 900+n) }
	header := append(append([]string(nil), hardshipHeader...), "申请日期", "建档日期", "档案类别")
	row := func(head string, n int, wages, applied, filed, kind string) []string {
		return []string{"CY-1", head, id(n), "", "朝阳区建外街道1号院", "110105001", "", "患病", "", wages, "", "", "", "1,200.50", "", "", "", "", applied, filed, kind}
	}
	structureCases = append(structureCases, structureCase{
		name: "hardship files filed before", job: importer.HardshipFiles, enc: "utf-8",
		rows: func(t *testing.T, f fixture) [][]string {
			if _, err := f.st.SaveHardshipAllowance(ctx, gonghui.SystemActor("t"), gonghui.HardshipAllowance{RegionCode: "110105", Year: 2016, MonthlyFen: 80_000}); err != nil {
				t.Fatal(err)
			}
			return [][]string{header,
				row("已建档", 1, "12000", "2016-10-08", "2016-11-20", "正式档案"),
				row("未建档", 2, "12000", "2016-10-08", "", ""),
				row("公示未满", 3, "12000", "2016-11-18", "2016-11-20", "正式档案"),
				row("无低保标准", 4, "12000", "2015-10-01", "2015-11-20", "正式档案"),
				row("不困难", 5, "120000", "2016-10-08", "2016-11-20", "正式档案"),
				row("无申请日", 6, "12000", "", "2016-11-20", "正式档案"),
				row("类别错", 7, "12000", "2016-10-08", "2016-11-20", "永久档案"),
				row("无建档日", 8, "12000", "2016-10-08", "", "临时档案"),
			}
		},
		refused:  map[int]string{4: "建档日期", 5: "行政区划代码", 6: "建档日期", 7: "申请日期", 8: "档案类别", 9: "建档日期"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			files, _, err := f.st.ListHardshipFiles(ctx, f.cadre, gonghui.HardshipFileFilter{})
			if err != nil || len(files) != 2 {
				t.Fatalf("files %v %v", files, err)
			}
			for _, h := range files {
				filed := h.Head.Name == "已建档"
				if filed != (h.State == gonghui.HardshipFiled) || h.AppliedOn != gonghui.NewDate(2016, 10, 8) {
					t.Errorf("file %s: %s applied %s", h.Head.Name, h.State, h.AppliedOn)
				}
				if st, err := f.st.HardshipStandingOn(ctx, f.cadre, h.ID, gonghui.NewDate(2017, 1, 10)); filed != (err == nil) || filed && st.Approval.Level != gonghui.HardshipRelative {
					t.Errorf("file %s standing on 2017-01-10: %+v %v", h.Head.Name, st.Approval, err)
				}
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 1, 10))
			if err != nil || st.Indicators["hardship_households"] != 1 {
				t.Errorf("households on file %v %v", st.Indicators["hardship_households"], err)
			}
		},
	})
}

// The allowance table: a row as on record is left alone.
func TestImportAllowances(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			f.cadre = gonghui.Actor{UserID: 1, Username: "root-admin", Role: gonghui.RoleAdmin, OrgID: 1, Path: "/1/", ClientAddr: "test"}
			path := writeRows(t, [][]string{{"区县代码", "年度", "低保标准（元/人·月）"},
				{"110105", "2017", "900"}, {"110108", "2017", "900.00"}, {"110105", "2017", "1000"}, {"1101", "2017", "900"}, {"110105", "二〇一七", "900"}, {"110106", "2017", "-1"},
			}, "utf-8")
			for round := range 2 {
				im := runJob(t, f, importer.HardshipAllowances, path, importer.Options{})
				if im.Inserted+im.Unchanged != 2 || im.Failed != 4 || (round == 1) != (im.Unchanged == 2) {
					t.Fatalf("round %d: %+v", round, im)
				}
				checkRefusals(t, f, im, map[int]string{4: "年度", 5: "区县代码", 6: "年度", 7: "低保标准（元/人·月）"})
			}
			als, err := f.st.HardshipAllowances(ctx)
			if err != nil || len(als) != 2 || als[0].MonthlyFen != 90_000 {
				t.Errorf("allowances %+v %v", als, err)
			}
			f.cadre.Role = gonghui.RoleCadre
			if im := runJob(t, f, importer.HardshipAllowances, path, importer.Options{}); im.Status == store.ImportDone && im.Inserted+im.Unchanged > 0 {
				t.Errorf("a cadre imported allowances: %+v", im)
			}
		})
	}
}
