package importer_test

import (
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

// The header of the honours template, as the federation's lists carry it.
var honourHeader = []string{"荣誉类型", "级别", "年度", "工会", "车间（班组）", "姓名", "公民身份号码", "类别", "工作单位", "授予日期"}

func init() {
	id := storetest.CitizenID("110105", "19680302", 61)
	structureCases = append(structureCases, structureCase{
		name: "honours", job: importer.Honours, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			return [][]string{honourHeader,
				{"模范职工之家", "市级", "2017", "CY-1", "", "", "", "", "", "2017-04-28"},
				{"模范职工小家", "市级", "2017", f.unionUSCC, "一车间", "", "", "", "", "2017年4月28日"},
				{"劳动模范", "全国", "2015", "CY-1", "", "王劳模", id, "一线职工", "示例公司", "2015/4/28"},
				{"national", "city", "2015", "CY-1", "", "王劳模", id, "front_line", "", "2015-04-28"}, // a level where the kind goes
				{"模范职工之家", "市级", "2017", "CY-1", "", "", "", "", "", "2017-05-01"},                  // the same title as line 2
				{"宫殿", "市级", "2017", "CY-1", "", "", "", "", "", "2017-04-28"},
				{"模范职工之家", "月球", "2017", "CY-1", "", "", "", "", "", "2017-04-28"},
				{"优秀工会工作者", "市级", "二〇一七", "CY-1", "", "李明", id, "其他", "", "2017-04-28"},
				{"优秀工会工作者", "市级", "2017", "HD-1", "", "李明", id, "其他", "", "2017-04-28"},
				{"优秀工会工作者", "市级", "2017", "CY-1", "", "李明", "110105", "其他", "", "2017-04-28"},
				{"优秀工会工作者", "市级", "2017", "CY-1", "", "李明", id, "诗人", "", "2017-04-28"},
				{"模范职工之家", "市级", "2017", "CY-1", "", "", "", "", "", ""},
			}
		},
		refused:  map[int]string{5: "荣誉类型", 6: "年度", 7: "荣誉类型", 8: "级别", 9: "年度", 10: "工会", 11: "公民身份号码", 12: "类别", 13: "授予日期"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			list, total, err := f.st.ListHonours(ctx, f.cadre, gonghui.HonourFilter{})
			if err != nil || total != 3 {
				t.Fatalf("%d titles: %v %v", total, list, err)
			}
			for _, h := range list {
				if h.Kind == gonghui.HonourModelWorker && (h.PersonName != "王劳模" || strings.Contains(h.IDMasked, "19680302") || h.Level != gonghui.HonourNational) {
					t.Errorf("model worker %+v", h)
				}
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["honours_model_homes"] != 1 || st.Indicators["honours_model_small_homes"] != 1 || st.Indicators["model_workers_national"] != 1 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
}

// FuzzParseHonour: whatever a row holds, reading it never panics, and
// every reason names a column of the template, in both languages.
func FuzzParseHonour(f *testing.F) {
	f.Add("劳动模范,市级,2015,CY-1,,王劳模,110105196803020617,一线职工,示例公司,2015-04-28")
	f.Add("模范职工小家,city,2017,,一车间,,,,,2017年4月28日")
	f.Add("model_home,月球,-1,x,班组,张三,123,诗人,,明天")
	fields := map[string]bool{}
	for _, c := range honourHeaderFields() {
		fields[c] = true
	}
	f.Fuzz(func(t *testing.T, line string) {
		_, v := importer.ParseHonourForTest(strings.Split(line, ","))
		for field, m := range v.Fields {
			if !fields[field] || m.Zh == "" || m.En == "" {
				t.Errorf("%q: reason %q %+v names no column", line, field, m)
			}
		}
	})
}

func honourHeaderFields() []string {
	return []string{"kind", "level", "year", "org_id", "team_name", "person_name", "id_number", "category", "unit_name", "awarded_on"}
}
