package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

// The header of the employer-register template, as the regulator's lists
// are renamed to it.
var employerHeader = []string{"统一社会信用代码", "单位名称", "企业类型", "经济类型", "职工人数", "地址", "所在街道代码", "行业代码", "成立日期", "登记状态", "注销日期"}

func init() {
	structureCases = append(structureCases, structureCase{
		name: "employers", job: importer.Employers, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			code := func(n int) string { return storetest.USCC("91", "110105", n) }
			return [][]string{employerHeader,
				{f.unit.USCC, "示例公司", "有限责任公司", "私营", "120", "朝阳区建国门外大街1号", "110105001", "65", "2012-03-15", "存续", ""},
				{code(6), "示例小店", "个体工商户", "个体", "8", "", "110105", "", "", "", ""},
				{code(7), "示例合伙企业", "合伙企业", "私营", "40", "", "110105002", "", "2010/1/1", "注销", "2017-06-01"},
				{f.unit.USCC, "示例公司", "有限责任公司", "私营", "120", "", "110105001", "", "", "", ""}, // same as line 2
				{"91110105MA000000X", "错码公司", "有限责任公司", "私营", "10", "", "110105001", "", "", "", ""},
				{code(8), "宫殿公司", "宫殿", "私营", "10", "", "110105001", "", "", "", ""},
				{code(9), "海淀公司", "有限责任公司", "私营", "10", "", "110108001", "", "", "", ""},
				{code(10), "无日期注销", "有限责任公司", "私营", "10", "", "110105001", "", "", "注销", ""},
				{code(11), "人数不明", "有限责任公司", "私营", "许多", "", "110105001", "", "", "", ""},
			}
		},
		refused:  map[int]string{5: "统一社会信用代码", 6: "统一社会信用代码", 7: "企业类型", 8: "所在街道代码", 9: "注销日期", 10: "职工人数"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			list, total, err := f.st.ListEmployers(ctx, f.cadre, gonghui.EmployerFilter{Left: true})
			if err != nil || total != 3 {
				t.Fatalf("%d employers: %v", total, err)
			}
			for _, e := range list {
				if e.USCC == f.unit.USCC && (e.UnitID != f.unit.ID || e.LegalForm != gonghui.LegalFormLLC || e.Status != gonghui.EmployerActive) {
					t.Errorf("covered employer %+v", e)
				}
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.cadre.OrgID, gonghui.NewDate(2017, 9, 30))
			if err != nil || st.Indicators["employers_total"] != 2 || st.Indicators["employers_unionized"] != 1 || st.Indicators["workers_employed"] != 128 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
}
