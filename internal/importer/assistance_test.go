package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

var paymentHeader = []string{"申请工会", "项目代码", "公民身份号码", "受助企业统一社会信用代码", "学段", "受助学生（患者）", "已获其他资助", "费用单据号",
	"费用总额（元）", "医保报销（元）", "形式", "发放金额（元）", "申请日期", "发放日期", "收款人", "收款账号", "开户行", "重复申请特批理由", "备注"}

// assistanceProgramme opens a golden-autumn programme at the district the
// fixture's cadre works in, paid from a district fund.
func assistanceProgramme(t *testing.T, f fixture) gonghui.Programme {
	t.Helper()
	sys := gonghui.SystemActor("t")
	fund, err := f.st.CreateFund(ctx, sys, gonghui.FundInput{OrgID: f.cadre.OrgID, Name: "朝阳区金秋助学资金"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, AmountFen: 5_000_000, PostedOn: gonghui.NewDate(2017, 1, 3), IdempotencyKey: "a"}); err != nil {
		t.Fatal(err)
	}
	in := gonghui.StandardProgrammes(f.cadre.OrgID, fund.ID, 0)[0]
	in.Code, in.Rules.Approval.Levels = "CY-JQZX", 1
	p, err := f.st.CreateProgramme(ctx, sys, in)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func init() {
	ids := func(seq int) string { return storetest.CitizenID("110105", "19780303", seq) }
	structureCases = append(structureCases, structureCase{
		name: "assistance payments", job: importer.AssistancePayments, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			assistanceProgramme(t, f)
			for i := 1; i <= 3; i++ {
				if _, _, err := f.st.SaveMember(ctx, gonghui.SystemActor("t"), gonghui.MemberInput{Name: "家长", IDNumber: ids(i), OrgID: f.union.ID,
					JoinedOn: gonghui.NewDate(2010, 1, 1)}); err != nil {
					t.Fatal(err)
				}
			}
			row := func(id, school, amount, applied, paid string) []string {
				return []string{"CY-1", "CY-JQZX", id, "", school, "张小明", "否", "", "", "", "", amount, applied, paid, "", "6222020200112233445", "工商银行", "", ""}
			}
			unknown := row(ids(1), "大学", "4000", "", "2017-09-10")
			unknown[1] = "NOPE"
			return [][]string{paymentHeader,
				row(ids(1), "大学", "4000", "2017-08-20", "2017-09-10"),
				row(ids(2), "高中", "2,000.00", "", "2017/9/10"),
				row(ids(1), "大学", "4000", "2017-08-21", "2017-09-11"), // the same child's family again this year
				row(ids(9), "大学", "4000", "2017-08-20", "2017-09-10"), // not in the register
				row(ids(3), "大学", "5000", "2017-08-20", "2017-09-10"), // the rules give 4,000
				row(ids(3), "大学", "4000", "2017-09-20", "2017-09-10"), // paid before applied for
				row(ids(3), "小学", "4000", "2017-08-20", "2017-09-10"), // not a school level
				row(ids(3), "大学", "4000", "2017-08-22", ""),           // no day paid
				unknown,
			}
		},
		refused:  map[int]string{4: "公民身份号码", 5: "公民身份号码", 6: "发放金额（元）", 7: "发放日期", 8: "学段", 9: "发放日期", 10: "项目代码"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["assist_golden_autumn_children"] != 2 || st.Indicators["assist_golden_autumn_paid_fen"] != 600_000 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
			list, _, err := f.st.ListApplications(ctx, f.cadre, gonghui.ApplicationFilter{State: gonghui.AppApproved})
			if err != nil || len(list) != 2 {
				t.Fatalf("%d approved: %v", len(list), err)
			}
			app, err := f.st.GetApplication(ctx, f.cadre, list[0].ID)
			if err != nil || app.EntryID == 0 || app.Steps[len(app.Steps)-1].Action != gonghui.AppActImport {
				t.Errorf("imported application %+v %v", app, err)
			}
			e, err := f.st.GetEntry(ctx, f.cadre, app.EntryID, false)
			if err != nil || e.PostedOn != gonghui.NewDate(2017, 9, 10) {
				t.Errorf("its payment %+v %v", e, err)
			}
		},
	})
}

// Donations raised for a programme count in its line, once however often
// the file is imported.
func TestImportDonations(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			f.cadre.Role = gonghui.RoleFinance
			assistanceProgramme(t, f)
			path := writeRows(t, [][]string{{"项目代码", "捐赠方", "形式", "金额（元）", "募集日期", "业务编号", "摘要"},
				{"CY-JQZX", "某银行", "资金", "90,000", "2017-08-01", "JZ-1", ""},
				{"cy-jqzx", "某企业", "", "6000.5", "2017-08-02", "", "助学"},
				{"CY-JQZX", "某银行", "资金", "90,000", "2017-08-01", "JZ-1", ""}, // the same donation again
				{"CY-JQZX", "", "资金", "100", "2017-08-01", "", ""},
				{"CY-JQZX", "某人", "资金", "-1", "2017-08-01", "", ""},
				{"JQZX-X", "某人", "资金", "100", "2017-08-01", "", ""},
			}, "xlsx")
			for round := range 2 {
				im := runJob(t, f, importer.AssistanceDonations, path, importer.Options{})
				if im.Status != store.ImportDone || im.Inserted+im.Unchanged != 2 || im.Failed != 4 || (round == 1) != (im.Unchanged == 2) {
					t.Fatalf("round %d: %+v", round, im)
				}
				checkRefusals(t, f, im, map[int]string{4: "业务编号", 5: "捐赠方", 6: "金额（元）", 7: "项目代码"})
				st, err := f.st.ComputeStats(ctx, f.cadre, f.cadre.OrgID, gonghui.NewDate(2017, 12, 31))
				if err != nil || st.Indicators["assist_golden_autumn_raised_fen"] != 9_600_050 {
					t.Errorf("round %d: raised %v %v", round, st.Indicators["assist_golden_autumn_raised_fen"], err)
				}
			}
		})
	}
}

// A programme catalogue opens its programmes and their funds; a second
// import of the same file changes nothing, and a changed row updates its
// programme.
func TestImportProgrammes(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			f.cadre.Role = gonghui.RoleAdmin
			header := []string{"工会", "项目代码", "项目名称", "资金名称", "收入科目", "支出科目", "受助对象", "形式", "周期", "统计口径", "规则", "受理中"}
			rules := `{"amount":{"kind":"requested","max_fen":300000},"approval":{"levels":1}}`
			rows := [][]string{header,
				{"BJ05", "CY-WW", "朝阳两节慰问", "朝阳区送温暖资金", "40305", "50205", "家庭", "", "两节（元旦春节）", "festival", rules, "是"},
				{"BJ05", "CY-JZ", "朝阳应急救助", "朝阳区送温暖资金", "", "", "家庭", "资金", "年度", "emergency", rules, ""},
				{"BJ05", "CY-X1", "规则错", "朝阳区送温暖资金", "", "", "家庭", "", "年度", "", `{"amount":`, ""},
				{"BJ05", "CY-X2", "无资金", "", "", "", "家庭", "", "年度", "", rules, ""},
				{"BJ05", "CY-X3", "口径错", "朝阳区送温暖资金", "", "", "企业", "", "年度", "golden_autumn", rules, ""},
				{"BJ05", "CY-WW", "重复", "朝阳区送温暖资金", "", "", "家庭", "", "年度", "", rules, ""},
			}
			refused := map[int]string{4: "规则", 5: "资金名称", 6: "统计口径", 7: "项目代码"}
			path := writeRows(t, rows, "gb18030")
			for round := range 2 {
				im := runJob(t, f, importer.Programmes, path, importer.Options{})
				if im.Status != store.ImportDone || im.Inserted+im.Unchanged != 2 || im.Failed != 4 || (round == 1) != (im.Unchanged == 2) {
					errs, _ := f.st.ImportErrors(ctx, f.cadre, im.ID)
					t.Fatalf("round %d: %+v %+v", round, im, errs)
				}
				checkRefusals(t, f, im, refused)
			}
			funds, _, err := f.st.ListFunds(ctx, f.cadre, store.FundFilter{})
			if err != nil || len(funds) != 1 || funds[0].IncomeAccount != "40305" {
				t.Fatalf("funds %+v %v", funds, err)
			}
			rows[1][2] = "朝阳“两节”送温暖"
			im := runJob(t, f, importer.Programmes, writeRows(t, rows, "xlsx"), importer.Options{})
			if im.Updated != 1 || im.Unchanged != 1 {
				t.Errorf("changed row: %+v", im)
			}
			p, err := f.st.GetProgrammeByCode(ctx, f.cadre, "CY-WW")
			if err != nil || p.Name != "朝阳“两节”送温暖" || p.Figure != gonghui.FigureFestival || p.FundID != funds[0].ID || p.Version != 2 {
				t.Errorf("programme %+v %v", p, err)
			}
		})
	}
}
