package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
)

// The header of the worker-home template, as the districts' lists carry it.
var workerHomeHeader = []string{"名称", "类型", "所属工会", "地址", "行政区划代码", "开放时间", "纬度", "经度", "启用日期", "停用日期"}

func init() {
	structureCases = append(structureCases, structureCase{
		name: "worker homes", job: importer.WorkerHomes, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			return [][]string{workerHomeHeader,
				{"建外职工之家", "职工之家", "CY-1", "朝阳区建国门外大街1号", "110105", "周一至周五 9:00-18:00", "39.908722", "116.447229", "2016-05-01", ""},
				{"建外暖心驿站", "职工暖心驿站", f.unionUSCC, "朝阳区光华路2号", "", "全天", "", "", "2017年3月1日", ""},
				{"旧驿站", "warm_station", "CY-1", "朝阳区某路3号", "", "", "", "", "2015/1/1", "2018-01-01"},
				{"建外职工之家", "职工小家", "CY-1", "朝阳区某路4号", "", "", "", "", "2016-05-01", ""}, // same union and name as line 2
				{"", "职工之家", "CY-1", "朝阳区某路5号", "", "", "", "", "2016-05-01", ""},
				{"宫殿", "宫殿", "CY-1", "朝阳区某路6号", "", "", "", "", "2016-05-01", ""},
				{"海淀驿站", "职工暖心驿站", "HD-1", "海淀区某路", "", "", "", "", "2016-05-01", ""},
				{"经纬颠倒", "职工之家", "CY-1", "朝阳区某路7号", "", "", "116.4", "39.9", "2016-05-01", ""},
				{"只有纬度", "职工之家", "CY-1", "朝阳区某路8号", "", "", "39.9", "", "2016-05-01", ""},
				{"无地址", "职工之家", "CY-1", "", "", "", "", "", "2016-05-01", ""},
				{"先停后开", "职工之家", "CY-1", "朝阳区某路9号", "", "", "", "", "2016-05-01", "2016-04-01"},
				{"无日期", "职工之家", "CY-1", "朝阳区某路10号", "", "", "", "", "", ""},
			}
		},
		refused:  map[int]string{5: "名称", 6: "名称", 7: "类型", 8: "所属工会", 9: "纬度", 10: "经度", 11: "地址", 12: "停用日期", 13: "启用日期"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			homes, total, err := f.st.ListWorkerHomes(ctx, f.cadre, gonghui.WorkerHomeFilter{Closed: true})
			if err != nil || total != 3 {
				t.Fatalf("%d homes: %v", total, err)
			}
			byName := map[string]gonghui.WorkerHome{}
			for _, h := range homes {
				byName[h.Name] = h
			}
			if h := byName["建外职工之家"]; h.Location == nil || h.Location.Lng != 116.447229 || h.Kind != gonghui.WorkerHomeUnion || h.RegionCode != "110105" {
				t.Errorf("home %+v", h)
			}
			if h := byName["建外暖心驿站"]; h.OrgID != f.union.ID || h.OpenedOn.String() != "2017-03-01" || h.Location != nil {
				t.Errorf("station %+v", h)
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 9, 30))
			if err != nil || st.Indicators["worker_homes"] != 3 || st.Indicators["warm_stations"] != 2 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
}
