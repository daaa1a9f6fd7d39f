package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

// innovators puts three members into the Chaoyang union and returns their
// ID numbers.
func innovators(t *testing.T, f fixture) []string {
	var ids []string
	for i, name := range []string{"革新甲", "革新乙", "革新丙"} {
		id := storetest.CitizenID("110105", "19820101", 40+i)
		if _, _, err := f.st.SaveMember(ctx, gonghui.SystemActor("t"), gonghui.MemberInput{Name: name, IDNumber: id, OrgID: f.union.ID, JoinedOn: gonghui.NewDate(2010, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func init() {
	structureCases = append(structureCases, structureCase{
		name: "innovation-achievements", job: importer.Achievements, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			p := innovators(t, f)
			return [][]string{{"成果名称", "成果类型", "年度", "工会", "完成单位", "完成人公民身份号码", "专利号", "专利类型", "入选日期"},
				{"焊接工装改进", "技术革新", "2017", "CY-1", "示例公司", p[0] + "；" + p[1], "ZL201720001234.5", "实用新型", "2017-04-27"},
				{"班组管理法", "管理创新", "2017", "CY-1", "", p[2], "", "", ""},
				{"焊接工装改进", "工艺改进", "2017", "CY-1", "", p[1], "", "", ""}, // line 2's
				{"无人", "技术革新", "2017", "CY-1", "", "", "", "", ""},
				{"他人", "技术革新", "2017", "CY-1", "", p[0] + ";" + f.activeElse, "", "", ""},
				{"无类型专利", "技术革新", "2017", "CY-1", "", p[0], "ZL1", "", ""},
				{"未来入选", "技术革新", "2017", "CY-1", "", p[0], "", "", "2027-01-01"},
			}
		},
		refused:  map[int]string{4: "成果名称", 5: "完成人公民身份号码", 6: "完成人公民身份号码", 7: "专利类型", 8: "入选日期"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			list, total, err := f.st.ListAchievements(ctx, f.cadre, gonghui.AchievementFilter{})
			if err != nil || total != 2 {
				t.Fatalf("%d achievements: %v %v", total, list, err)
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["innovation_achievements_selected"] != 1 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
	structureCases = append(structureCases, structureCase{
		name: "innovation-studios", job: importer.Studios, enc: "utf-8",
		rows: func(t *testing.T, f fixture) [][]string {
			p := innovators(t, f)
			return [][]string{{"工作室名称", "工作室类型", "命名级别", "工会", "依托单位", "领办人公民身份号码", "成员公民身份号码", "创建日期", "命名日期", "复核日期", "状态"},
				{"革新甲工匠创新工作室", "工匠创新工作室", "市级", "CY-1", "示例公司", p[0], p[1] + "、" + p[2], "2015-03-01", "2017-04-27", "", ""},
				{"班组创新工作室", "职工创新工作室", "区级（局级、产业）", "CY-1", "示例公司", p[1], "", "2016-03-01", "2016-09-01", "2017-09-01", "有效"},
				{"革新甲工匠创新工作室", "工匠创新工作室", "市级", "CY-1", "示例公司", p[2], "", "2015-03-01", "2017-04-27", "", ""}, // line 2's
				{"外人工作室", "工匠创新工作室", "市级", "CY-1", "示例公司", f.activeElse, "", "2015-03-01", "2017-04-27", "", ""},
				{"倒序工作室", "工匠创新工作室", "市级", "CY-1", "示例公司", p[0], "", "2018-03-01", "2017-04-27", "", ""},
				{"月球工作室", "工匠创新工作室", "月球", "CY-1", "示例公司", p[0], "", "2015-03-01", "2017-04-27", "", ""},
			}
		},
		refused:  map[int]string{4: "工作室名称", 5: "领办人公民身份号码", 6: "命名日期", 7: "命名级别"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["innovation_studios_city"] != 1 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
	structureCases = append(structureCases, structureCase{
		name: "mentor-pairs", job: importer.MentorPairs, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			p := innovators(t, f)
			return [][]string{{"工会", "师傅公民身份号码", "徒弟公民身份号码", "起始日期", "结束日期", "带徒目标", "成效"},
				{"CY-1", p[0], p[1], "2017-03-01", "2019-02-28", "取得技师资格", ""},
				{"CY-1", p[0], p[2], "2017-03-01", "2019-02-28", "取得高级工资格", "已取得"},
				{"CY-1", p[0], p[1], "2017-03-01", "2019-03-31", "取得技师资格", ""}, // line 2's
				{"CY-1", p[0], p[0], "2017-03-01", "2019-02-28", "自学", ""},
				{"CY-1", p[0], f.activeElse, "2017-03-01", "2019-02-28", "跨区", ""},
				{"CY-1", p[1], p[2], "2017-03-01", "2017-03-01", "当日", ""},
			}
		},
		refused:  map[int]string{4: "徒弟公民身份号码", 5: "徒弟公民身份号码", 6: "徒弟公民身份号码", 7: "结束日期"},
		inserted: 2,
		check: func(t *testing.T, f fixture) {
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["mentor_pairs"] != 2 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
}
