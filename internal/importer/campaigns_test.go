package importer_test

import (
	"fmt"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

var campaignHeader = []string{"攻坚行动名称", "组织工会", "开始日期", "截止日期", "统一社会信用代码", "负责干部用户名", "负责产业（行业）工会代码", "完成期限", "走访日期", "走访结果", "走访记录", "建会工会", "新建工会名称"}

// coverageEmployers registers uncovered employers n… in Chaoyang (and one
// in Haidian, 0) and the unit's, and returns their USCCs by n.
func coverageEmployers(t *testing.T, f fixture, ns ...int) map[int]string {
	t.Helper()
	w, err := f.st.NewEmployerWriter(ctx, gonghui.SystemActor("t"), 0)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[int]string{}
	rows := []gonghui.EmployerInput{{USCC: f.unit.USCC, Name: f.unit.Name, LegalForm: gonghui.LegalFormLLC, Ownership: gonghui.OwnershipPrivate, StaffCount: 50, RegionCode: "110105001"}}
	for _, n := range ns {
		codes[n] = storetest.USCC("91", "110105", 800+n)
		region := "110105001"
		if n == 0 {
			codes[n], region = storetest.USCC("91", "110108", 800), "110108001"
		}
		rows = append(rows, gonghui.EmployerInput{USCC: codes[n], Name: fmt.Sprintf("攻坚单位%d", n), LegalForm: gonghui.LegalFormLLC,
			Ownership: gonghui.OwnershipPrivate, StaffCount: 40 + n, RegionCode: region})
	}
	for _, in := range rows {
		if _, err := w.Save(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return codes
}

// A campaign's sheet: its employers, assigned to a cadre or an industry
// federation, visited, one founded by joining a joint union; the refused
// lines name their column.
func init() {
	structureCases = append(structureCases, structureCase{
		name: "campaign-targets", job: importer.CampaignTargets, enc: "utf-8",
		rows: func(t *testing.T, f fixture) [][]string {
			sys := gonghui.SystemActor("t")
			cy, _ := f.st.GetOrgByCode(ctx, sys, "BJ05")
			root, _ := f.st.RootOrg(ctx, sys)
			if _, err := f.st.CreateOrg(ctx, sys, gonghui.OrgInput{Code: "FED-1", Name: "快递行业工会联合会", Kind: gonghui.KindIndustryFederation, ParentID: root.ID}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.st.CreateUser(ctx, sys, gonghui.UserInput{Username: "cy-visitor", OrgID: cy.ID, Role: gonghui.RoleCadre, Password: "test-password-1"}); err != nil {
				t.Fatal(err)
			}
			e := coverageEmployers(t, f, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
			k := func(uscc string, rest ...string) []string {
				return append([]string{"2018年建会攻坚", "BJ05", "2018-03-01", "2018-12-31", uscc}, append(rest, make([]string, 8-len(rest))...)...)
			}
			return [][]string{campaignHeader,
				k(e[1], "cy-visitor", "", "2018-06-30", "2018-04-10", "筹建中", "同意筹建"),
				k(e[2], "", "FED-1", "2018/6/30"),
				k(e[3], "", "", "", "2018-05-01", "已建会", "", "CY-1"),
				k(f.unit.USCC), // covered already
				k(e[0]),        // another district's
				k(e[1]),        // line 2's
				k(e[4], "", "", "", "2018-05-01", "已建会"),
				append([]string{"", "BJ05", "2018-03-01", "2018-12-31", e[5]}, make([]string, 8)...),
				k(e[6], "nobody", "", "2018-06-30"),
				k(e[7], "", "", "", "2018-05-01", "宫殿"),
				k(e[8], "", "HD-1", "2018-06-30"),
				k(e[9], "", "", "", "2018-07-01", "已建会", "", "", "攻坚单位9工会"),
				k(e[10], "", "", "", "2018-07-01", "已建会", "", "CY-1", "攻坚单位10工会"),
				// Refused by the founding, once the target is written: the
				// line leaves nothing.
				k(e[11], "", "", "", "2018-07-01", "已建会", "", "", strings.Repeat("工", 201)),
			}
		},
		refused: map[int]string{5: "统一社会信用代码", 6: "统一社会信用代码", 7: "统一社会信用代码", 8: "建会工会", 9: "攻坚行动名称",
			10: "负责干部用户名", 11: "走访结果", 12: "负责产业（行业）工会代码", 14: "新建工会名称", 15: "新建工会名称"},
		inserted: 4,
		check: func(t *testing.T, f fixture) {
			list, n, err := f.st.ListCampaigns(ctx, f.cadre, gonghui.Page{})
			if err != nil || n != 1 {
				t.Fatalf("%d campaigns: %v", n, err)
			}
			k, err := f.st.GetCampaign(ctx, f.cadre, list[0].ID)
			if err != nil || k.StartsOn != gonghui.NewDate(2018, 3, 1) || k.Progress[gonghui.OutcomePreparing] != 1 || k.Progress[""] != 1 || k.Progress[gonghui.OutcomeFounded] != 2 {
				t.Errorf("campaign %+v %v", k, err)
			}
			targets, _, _ := f.st.ListCampaignTargets(ctx, f.cadre, k.ID, gonghui.Page{})
			for _, tg := range targets {
				switch tg.EmployerName {
				case "攻坚单位1":
					if tg.AssigneeName == "" || tg.Visits != 1 || tg.DueOn != gonghui.NewDate(2018, 6, 30) {
						t.Errorf("visited target %+v", tg)
					}
				case "攻坚单位2":
					if tg.AssigneeOrgID == 0 || tg.Outcome != "" {
						t.Errorf("federation's target %+v", tg)
					}
				case "攻坚单位3":
					if tg.UnionID != f.union.ID || tg.OutcomeOn != gonghui.NewDate(2018, 5, 1) {
						t.Errorf("founded target %+v", tg)
					}
				case "攻坚单位9": // a new union, founded on the line's day
					o, err := f.st.GetOrg(ctx, f.cadre, tg.UnionID)
					if err != nil || o.Name != "攻坚单位9工会" || o.FoundedOn != gonghui.NewDate(2018, 7, 1) || o.Kind != gonghui.KindGrassroots {
						t.Errorf("new union %+v %v", o, err)
					}
				}
			}
			// The founding moved the employer to the covered ones.
			emp, _, err := f.st.ListEmployers(ctx, f.cadre, gonghui.EmployerFilter{Covered: "yes"})
			if err != nil || len(emp) != 3 {
				t.Errorf("covered employers %+v %v", emp, err)
			}
			fast, _ := f.st.ComputeStats(ctx, f.cadre, f.cadre.OrgID, gonghui.NewDate(2026, 11, 24))
			recount, _ := f.st.RecountStats(ctx, f.cadre, f.cadre.OrgID, gonghui.NewDate(2026, 11, 24))
			if fast.Indicators["employers_unionized"] != 3 || recount.Indicators["employers_unionized"] != 3 {
				t.Errorf("unionized %v, recount %v", fast.Indicators["employers_unionized"], recount.Indicators["employers_unionized"])
			}
		},
	})
}

var outreachHeader = []string{"活动类型", "组织工会", "场所类型", "场所名称", "地址", "所在街道代码", "活动日期", "覆盖单位统一社会信用代码", "覆盖职工人数", "新入会人数"}

// Outreach events as a district keeps them; the refused lines name their
// column.
func init() {
	structureCases = append(structureCases, structureCase{
		name: "outreach-events", job: importer.OutreachEvents, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			e := coverageEmployers(t, f, 0, 1, 2)
			return [][]string{outreachHeader,
				{"职工沟通会", "CY-1", "楼宇", "国贸大厦", "北京市朝阳区建国门外大街1号", "110105001", "2018-04-20", e[1] + "；" + e[2], "120", "15"},
				{"集中入会活动", "BJ05", "社区", "建外社区", "北京市朝阳区建外街道", "110105001", "2018/5/1", "", "30", "5"},
				{"职工沟通会", "CY-1", "楼宇", "国贸大厦", "北京市朝阳区建国门外大街1号", "110105001", "2018-04-20", "", "10", ""}, // line 2's
				{"茶话会", "CY-1", "楼宇", "国贸大厦", "地址", "110105001", "2018-04-21", "", "", ""},
				{"职工沟通会", "CY-1", "楼宇", "国贸大厦", "地址", "110105001", "2018-04-22", e[0], "", ""},
				{"职工沟通会", "HD-1", "楼宇", "中关村大厦", "地址", "110108001", "2018-04-22", "", "", ""},
				{"职工沟通会", "CY-1", "园区", "电子城", "地址", "110105001", "", "", "", ""},
				{"职工沟通会", "CY-1", "园区", "电子城", "地址", "110105001", "2018-04-23", "", "许多", ""},
			}
		},
		refused:  map[int]string{4: "场所名称", 5: "活动类型", 6: "覆盖单位统一社会信用代码", 7: "组织工会", 8: "活动日期", 9: "覆盖职工人数"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			list, n, err := f.st.ListOutreachEvents(ctx, f.cadre, gonghui.OutreachFilter{})
			if err != nil || n != 2 {
				t.Fatalf("%d events: %v", n, err)
			}
			for _, ev := range list {
				if ev.PlaceName == "国贸大厦" && (len(ev.Employers) != 2 || ev.WorkersReached != 120 || ev.Kind != "dialogue" || ev.PlaceKind != "building") {
					t.Errorf("event %+v", ev)
				}
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.cadre.OrgID, gonghui.NewDate(2018, 12, 31))
			if err != nil || st.Indicators["outreach_events"] != 2 || st.Indicators["outreach_workers_reached"] != 150 || st.Indicators["outreach_employers_reached"] != 2 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
}
