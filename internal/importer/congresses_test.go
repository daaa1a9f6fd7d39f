package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestImportCongresses(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newFixture(t, engine)
			rows, u2 := congressRows(t, f)
			path := writeCSV(t, rows, "utf-8-bom")
			run := func() store.Import {
				im, err := f.st.CreateImport(ctx, f.cadre, "congresses", "congresses.csv", false, false)
				if err != nil {
					t.Fatal(err)
				}
				im, err = importer.Run(ctx, f.st, f.cadre, importer.Congresses, path, im, importer.Options{Today: today})
				if err != nil {
					t.Fatal(err)
				}
				return im
			}
			im := run()
			if im.Status != store.ImportDone || im.Inserted != 2 || im.Updated != 1 || im.Failed != 5 {
				t.Fatalf("import %+v", im)
			}
			checkRefusals(t, f, im, map[int]string{5: "职代会类型", 6: "出席人数", 7: "覆盖单位统一社会信用代码", 8: "所属工会", 9: "会议日期"})
			// The refused row left no congress behind.
			if _, total, _ := f.st.ListCongresses(ctx, f.cadre, store.CongressFilter{UnitID: u2.ID}); total != 1 {
				t.Errorf("congresses over the second unit: %d, want 1 (the group one)", total)
			}
			gs, total, _ := f.st.ListCongresses(ctx, f.cadre, store.CongressFilter{UnitID: f.unit.ID})
			if total != 1 || gs[0].Sittings != 2 {
				t.Errorf("congresses of the unit: %+v", gs)
			}
			if again := run(); again.Inserted != 0 || again.Updated != 0 || again.Unchanged != 3 || again.Failed != 5 {
				t.Errorf("re-import %+v", again)
			}
			// The first unit has no staff recorded, so only the second (150
			// staff, under the group congress) is required to hold one.
			r, err := f.st.EvaluateRate(ctx, f.cadre, "congress_rate", 0, gonghui.NewDate(2017, 9, 30))
			if err != nil || r.Numerator != 1 || r.Denominator != 1 {
				t.Errorf("congress rate %+v %v", r, err)
			}
		})
	}
}

// congressRows is a congresses file of the Chaoyang union: a congress on
// two lines (two sittings), a group congress, and refused rows; u2 is the
// second unit it names.
func congressRows(t *testing.T, f fixture) ([][]string, gonghui.Unit) {
	u2, err := f.st.CreateUnit(ctx, gonghui.SystemActor("t"), gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 6), Name: "示例公司二", OrgID: f.union.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 150})
	if err != nil {
		t.Fatal(err)
	}
	return [][]string{
		{"职代会名称", "职代会类型", "所属工会", "覆盖单位统一社会信用代码", "建立日期", "会议日期", "代表人数", "出席人数", "审议事项"},
		{"示例公司职代会", "单位职代会", "CY-1", f.unit.USCC, "2015-05-01", "2016-03-15", "60", "55", "审议集体合同草案；审议年度工作报告"},
		{"示例公司职代会", "单位职代会", "CY-1", f.unit.USCC, "2015-05-01", "2017-03-20", "60", "58", "审议工资专项集体合同"},
		{"联合职代会", "集团型（联合）职代会", "CY-1", u2.USCC, "2016-01-01", "", "", "", ""},
		{"类型错误", "股东大会", "CY-1", u2.USCC, "2016-01-01", "", "", "", ""},
		{"出席过多", "区域性职代会", "CY-1", u2.USCC, "2016-01-01", "2017-01-01", "10", "12", ""},
		{"第二个单位职代会", "单位职代会", "CY-1", f.unit.USCC, "2016-01-01", "", "", "", ""},
		{"海淀的", "单位职代会", "HD-1", u2.USCC, "2016-01-01", "", "", "", ""},
		{"会议早于建立", "单位职代会", "CY-1", u2.USCC, "2016-01-01", "2015-06-01", "10", "9", ""},
	}, u2
}
