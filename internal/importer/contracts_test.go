package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestImportContracts(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			f.cadre.Role = gonghui.RoleCadre
			rows := contractRows(t, f)
			path := writeCSV(t, rows, "gb18030")
			run := func() store.Import {
				im, err := f.st.CreateImport(ctx, f.cadre, "contracts", "contracts.csv", false, false)
				if err != nil {
					t.Fatal(err)
				}
				im, err = importer.Run(ctx, f.st, f.cadre, importer.Contracts, path, im, importer.Options{Today: today})
				if err != nil {
					t.Fatal(err)
				}
				return im
			}
			im := run()
			if im.Status != store.ImportDone || im.Inserted != 2 || im.Failed != 5 {
				t.Fatalf("import %+v", im)
			}
			checkRefusals(t, f, im, map[int]string{4: "合同类型", 5: "覆盖单位统一社会信用代码", 6: "备案日期", 7: "覆盖单位统一社会信用代码", 8: "签订工会"})
			ks, total, _ := f.st.ListContracts(ctx, f.cadre, store.ContractFilter{Kind: gonghui.ContractWage})
			if total != 1 || ks[0].Status != gonghui.ContractEffective || ks[0].LastYearAvgWage != 650050 || ks[0].AdjustmentBP != 550 || len(ks[0].UnitIDs) != 2 {
				t.Errorf("wage contract %+v", ks)
			}
			again := run()
			if again.Inserted != 0 || again.Unchanged != 2 || again.Updated != 0 {
				t.Errorf("re-import %+v", again)
			}
			// The imported contracts count in the rates on the day (the
			// fixture's first unit is too small for the denominator).
			r, err := f.st.EvaluateRate(ctx, f.cadre, "contract_rate", 0, gonghui.NewDate(2017, 9, 30))
			if err != nil || r.Numerator != 1 || r.Denominator != 1 {
				t.Errorf("contract rate %+v %v", r, err)
			}
		})
	}
}

// contractRows is a contracts file of the Chaoyang union: two good rows,
// one clashing with the first, and refused ones.
func contractRows(t *testing.T, f fixture) [][]string {
	u2, err := f.st.CreateUnit(ctx, gonghui.SystemActor("t"), gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 6), Name: "示例公司二", OrgID: f.union.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 150})
	if err != nil {
		t.Fatal(err)
	}
	return [][]string{
		{"合同名称", "合同类型", "合同层级", "签订工会", "覆盖单位统一社会信用代码", "期限开始", "期限结束", "签订日期", "备案日期", "生效日期", "覆盖职工人数", "协商议题", "上年平均工资（元/月）", "工资调整幅度（%）"},
		{"示例公司综合集体合同", "综合集体合同", "企业集体合同", "CY-1", f.unit.USCC, "2017-01-01", "2019-12-31", "2016-12-20", "2016-12-28", "2017-01-12", "120", "工资调整、工作时间与休息休假、高温津贴", "", ""},
		{"区域工资专项集体合同", "wage", "regional", "CY-1", f.unit.USCC + "；" + u2.USCC, "2017-01-01", "2017-12-31", "2017/1/5", "2017年1月10日", "2017-01-25", "300", "", "6,500.50", "5.5%"},
		{"类型错误的合同", "奖金合同", "企业集体合同", "CY-1", u2.USCC, "2017-01-01", "2019-12-31", "", "", "", "", "", "", ""},
		{"单位不存在", "综合集体合同", "企业集体合同", "CY-1", "91110105XXXXXXXXX1", "2017-01-01", "2019-12-31", "", "", "", "", "", "", ""},
		{"日期颠倒", "综合集体合同", "企业集体合同", "CY-1", u2.USCC, "2017-01-01", "2019-12-31", "2017-02-01", "2017-01-01", "", "", "", "", ""},
		{"重叠的综合合同", "综合集体合同", "企业集体合同", "CY-1", f.unit.USCC, "2018-01-01", "2020-12-31", "2017-12-01", "", "", "", "", "", ""},
		{"无期限", "综合集体合同", "企业集体合同", "HD-1", u2.USCC, "", "", "", "", "", "", "", "", ""},
	}
}
