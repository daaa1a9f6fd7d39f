package importer_test

import (
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// The header of the director template.
var directorHeader = []string{"单位统一社会信用代码", "职务", "姓名", "任职日期", "离任日期"}

func init() {
	structureCases = append(structureCases, structureCase{
		name: "directors", job: importer.Directors, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			sys := gonghui.SystemActor("t")
			// A term kept already, which the file ends.
			if _, err := f.st.AddDirector(ctx, sys, gonghui.DirectorInput{UnitID: f.unit.ID, Role: gonghui.EmployeeSupervisor, Name: "王芳", Since: gonghui.NewDate(2014, 3, 1)}); err != nil {
				t.Fatal(err)
			}
			hd, err := f.st.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110108", 9), Name: "海淀公司", OrgID: f.hd.ID, Ownership: gonghui.OwnershipPrivate})
			if err != nil {
				t.Fatal(err)
			}
			u := f.unit.USCC
			return [][]string{directorHeader,
				{u, "职工董事", "张伟", "2016-06-01", ""},
				{u, "职工监事", " 李娜 ", "2015/1/1", "2017年12月31日"},
				{u, "supervisor", "王芳", "2014-03-01", "2018-02-28"}, // ends the kept term
				{u, "职工董事", "张伟", "2016-06-01", "2019-01-01"},       // same term as line 2
				{"91110105XXXXXXXXX1", "职工董事", "赵强", "2016-06-01", ""},
				{u, "董事长", "钱明", "2016-06-01", ""},
				{u, "职工董事", "", "2016-06-01", ""},
				{u, "职工董事", "孙丽", "2016-06-01", "2016-01-01"},
				{u, "职工董事", "张伟", "2017-01-01", ""}, // overlaps line 2's term
				{hd.USCC, "职工董事", "周杰", "2016-06-01", ""},
				{u, "职工监事", "吴敏", "", ""},
			}
		},
		refused:  map[int]string{5: "任职日期", 6: "单位统一社会信用代码", 7: "职务", 8: "姓名", 9: "离任日期", 10: "姓名", 11: "单位统一社会信用代码", 12: "任职日期"},
		inserted: 2,
		updated:  1,
		check: func(t *testing.T, f fixture) {
			ds, total, err := f.st.ListDirectors(ctx, f.cadre, store.DirectorFilter{})
			if err != nil || total != 3 {
				t.Fatalf("%d directors: %v", total, err)
			}
			byName := map[string]gonghui.Director{}
			for _, d := range ds {
				byName[d.Name] = d
			}
			if d := byName["李娜"]; d.Role != gonghui.EmployeeSupervisor || d.Since.String() != "2015-01-01" || d.Until.String() != "2017-12-31" || d.UnitID != f.unit.ID {
				t.Errorf("李娜 %+v", d)
			}
			if d := byName["王芳"]; d.Until.String() != "2018-02-28" {
				t.Errorf("王芳's term not ended: %+v", d)
			}
			if d := byName["张伟"]; d.Role != gonghui.EmployeeDirector || !d.Until.IsZero() {
				t.Errorf("张伟 %+v", d)
			}
		},
	})
}

// FuzzParseDirector: whatever a row holds, reading it never panics, and
// every reason names a column of the template, in both languages.
func FuzzParseDirector(f *testing.F) {
	f.Add("91110105000000001X,职工董事,张伟,2016-06-01,")
	f.Add(",supervisor, 李娜 ,2015/1/1,2017年12月31日")
	f.Add("x,董事长,,2016-13-40,昨天")
	fields := map[string]bool{}
	for _, c := range importer.DirectorFieldsForTest() {
		fields[c] = true
	}
	f.Fuzz(func(t *testing.T, line string) {
		cells := strings.Split(line, ",")
		in, code, v := importer.ParseDirectorForTest(cells)
		for field, m := range v.Fields {
			if !fields[field] || m.Zh == "" || m.En == "" {
				t.Errorf("%q: reason %q %+v names no column", line, field, m)
			}
		}
		if code == "" && v.Fields["unit_id"].Zh == "" {
			t.Errorf("%q: no unit and no reason", line)
		}
		if _, bad := v.Fields["since"]; !bad && len(cells) > 3 && strings.TrimSpace(cells[3]) != "" && in.Since.IsZero() {
			t.Errorf("%q: a start of office neither read nor refused", line)
		}
	})
}
