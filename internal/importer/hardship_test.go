package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
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
