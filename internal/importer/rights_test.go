package importer_test

import (
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

// The headers of the rights templates, as the districts' ledgers carry
// them.
var (
	rightsIntakeHeader = []string{"受理工会", "日期", "渠道", "类别", "来电人", "联系电话", "公民身份号码", "用人单位", "统一社会信用代码", "诉求内容", "备注"}
	rightsCaseHeader   = []string{"承办工会", "案件编号", "案件类别", "申请日期", "受理日期", "当事人", "公民身份号码", "联系电话", "农民工", "涉及职工人数",
		"用人单位", "统一社会信用代码", "案情摘要", "知道权利受侵害日期", "劳动关系终止日期", "请求事项", "请求金额（元）", "结案方式", "结案日期", "挽回经济损失（元）", "结案说明"}
)

// sameFigures holds the rights figures to their recount on the days.
func sameFigures(t *testing.T, f fixture, days ...gonghui.Date) {
	t.Helper()
	for _, on := range days {
		fast, err1 := f.st.ComputeStats(ctx, f.cadre, f.union.ID, on)
		slow, err2 := f.st.RecountStats(ctx, f.cadre, f.union.ID, on)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for k, want := range slow.Indicators {
			if strings.HasPrefix(k, "rights_") && fast.Indicators[k] != want {
				t.Errorf("%s on %s: %v, recount %v", k, on, fast.Indicators[k], want)
			}
		}
	}
}

func init() {
	caller := storetest.CitizenID("110105", "19850505", 71)
	structureCases = append(structureCases, structureCase{
		name: "rights intakes", job: importer.RightsIntakes, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			return [][]string{rightsIntakeHeader,
				{"CY-1", "2017-03-15", "12351热线", "咨询", "张三", "13800001234", caller, "示例公司", "", "咨询加班费计算", "已解答"},
				{"CY-1", "2017/3/16", "来访", "求决", "李四", "", "", "某建筑劳务有限公司", "", "拖欠工资两个月", ""},
				{"CY-1", "2017-03-16", "hotline", "suggestion", "", "", "", "", "", "建议增加法律讲座", ""},
				{"CY-1", "2017-03-15", "12351热线", "咨询", "张三", "13800001234", caller, "示例公司", "", "咨询加班费计算", "已解答"}, // line 2 again
				{"CY-1", "2017-03-17", "传真", "咨询", "", "", "", "", "", "咨询", ""},
				{"CY-1", "2017-03-17", "来访", "咨询", "王五", "", "110105", "", "", "咨询", ""},
				{"CY-1", "2027-01-01", "来访", "咨询", "", "", "", "", "", "咨询", ""},
				{"CY-1", "2017-03-17", "来访", "咨询", "", "", "", "", "", "", "备注"},
				{"HD-1", "2017-03-17", "来访", "咨询", "", "", "", "", "", "咨询", ""},
				{"CY-1", "2017-03-17", "来访", "咨询", "", "", "", "某公司", "123", "咨询", ""},
			}
		},
		refused:  map[int]string{5: "诉求内容", 6: "渠道", 7: "公民身份号码", 8: "日期", 9: "诉求内容", 10: "受理工会", 11: "统一社会信用代码"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			list, total, err := f.st.ListRightsIntakes(ctx, f.cadre, gonghui.RightsIntakeFilter{})
			if err != nil || total != 3 {
				t.Fatalf("%d intakes: %v", total, err)
			}
			for _, in := range list {
				if in.CallerName == "张三" || strings.Contains(in.CallerPhone, "00001234") || strings.Contains(in.CallerIDNumber, "19850505") || in.CaseID != 0 {
					t.Errorf("imported intake not masked, or opened a case: %+v", in)
				}
				if in.Channel == "hotline" && in.Kind == gonghui.IntakeConsultation {
					if in.UnitID != f.unit.ID || in.Summary != "咨询加班费计算；已解答" {
						t.Errorf("consultation %+v", in)
					}
					got, err := f.st.GetRightsIntake(ctx, gonghui.SystemActor("t"), in.ID, true)
					if err != nil || got.CallerName != "张三" || got.CallerPhone != "13800001234" || got.CallerIDNumber != caller {
						t.Errorf("revealed %+v (%v)", got, err)
					}
				}
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["rights_intakes"] != 3 || st.Indicators["rights_hotline_calls"] != 2 || st.Indicators["rights_consultations"] != 1 {
				t.Errorf("figures %v %v %v (%v)", st.Indicators["rights_intakes"], st.Indicators["rights_hotline_calls"], st.Indicators["rights_consultations"], err)
			}
			sameFigures(t, f, gonghui.NewDate(2017, 3, 15), gonghui.NewDate(2017, 12, 31), gonghui.NewDate(2018, 1, 1))
		},
	})

	lead, aid := storetest.CitizenID("110105", "19800303", 72), storetest.CitizenID("110105", "19800404", 73)
	c := func(cells ...string) []string {
		return append(cells, make([]string, len(rightsCaseHeader)-len(cells))...)
	}
	structureCases = append(structureCases, structureCase{
		name: "rights cases", job: importer.RightsCases, enc: "utf-8",
		rows: func(t *testing.T, f fixture) [][]string {
			return [][]string{rightsCaseHeader,
				c("CY-1", "CY2017-001", "劳动争议调解", "2017-03-01", "2017-03-02", "王建国", lead, "13900001111", "是", "35", "某建筑劳务有限公司", "", "集体欠薪",
					"", "2017-01-31", "拖欠劳动报酬", "350,000", "调解成功（和解）", "2017-03-10", "320000", ""),
				c("CY-1", "", "法律援助", "2017-04-01", "", "赵六", aid, "", "否", "", "某餐饮公司", "", "加班费", "2017-03-01", "", "加班费", "5000",
					"不予法律援助", "2017-04-03", "", "不符合经济困难标准"),
				c("CY-1", "CY2017-003", "劳动法律监督", "2017-05-01", "", "", "", "", "", "", "示例公司", "", "未签劳动合同"),
				c("CY-1", "CY2017-001", "劳动争议调解", "2017-03-01", "", "王建国", "", "", "", "", "某公司", "", "重复", "", "", "拖欠劳动报酬", "100"),
				c("CY-1", "", "法律援助", "2017-04-01", "", "赵七", "", "", "", "", "某餐饮公司", "", "加班费", "", "", "加班费", "5000", "不予法律援助", "2017-04-03"),
				c("CY-1", "", "劳动争议调解", "2017-04-01", "", "赵八", "", "", "", "", "某公司", "", "欠薪", "", "", "拖欠劳动报酬", "100", "申请人撤回", "2017-03-30"),
				c("CY-1", "", "劳动法律监督", "2017-05-01", "2017-05-02", "", "", "", "", "", "某公司", "", "超时加班"),
				c("CY-1", "", "劳动争议调解", "2017-04-01", "", "赵九", "", "", "", "三十", "某公司", "", "欠薪", "", "", "拖欠劳动报酬", "100"),
				c("CY-1", "", "劳动争议调解", "2017-04-01", "", "", "", "", "", "", "某公司", "", "欠薪", "", "", "拖欠劳动报酬", "100"),
				c("CY-1", "", "劳动争议调解", "2017-04-01", "", "赵十", "110105", "", "", "", "某公司", "", "欠薪", "", "", "拖欠劳动报酬", "100"),
				c("CY-1", "", "劳动争议调解", "2017-04-01", "", "赵十一", "", "", "", "", "某公司", "", "欠薪", "", "", "拖欠劳动报酬", "100", "胜诉", "2017-05-01"),
				c("CY-1", "", "劳动争议调解", "2017-04-01", "", "赵十二", "", "", "", "", "某公司", "", "欠薪", "", "", "拖欠劳动报酬", "100", "", "2017-05-01"),
			}
		},
		refused: map[int]string{5: "案件编号", 6: "结案说明", 7: "结案日期", 8: "受理日期", 9: "涉及职工人数", 10: "当事人", 11: "公民身份号码",
			12: "结案方式", 13: "结案方式"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			closed, n, err := f.st.ListRightsCases(ctx, f.cadre, gonghui.RightsCaseFilter{State: gonghui.CaseClosed})
			if err != nil || n != 2 {
				t.Fatalf("%d closed cases: %v", n, err)
			}
			if _, open, err := f.st.ListRightsCases(ctx, f.cadre, gonghui.RightsCaseFilter{}); err != nil || open != 1 {
				t.Errorf("%d open cases: %v", open, err)
			}
			for _, k := range closed {
				if k.Kind != gonghui.CaseMediation {
					continue
				}
				if k.WorkerCount != 35 || len(k.Parties) != 1 || k.Parties[0].Name != "王**" || strings.Contains(k.Parties[0].IDNumber, "19800303") ||
					!k.Parties[0].Representative || !k.Parties[0].Migrant || k.RecoveredFen != 32_000_000 || k.AcceptedOn != gonghui.NewDate(2017, 3, 2) {
					t.Errorf("group mediation %+v", k)
				}
				got, err := f.st.GetRightsCase(ctx, gonghui.SystemActor("t"), k.ID, true)
				if err != nil || got.Parties[0].Name != "王建国" || got.Parties[0].IDNumber != lead || got.Parties[0].Phone != "13900001111" {
					t.Errorf("revealed %+v (%v)", got.Parties, err)
				}
				if len(got.Timeline) != 3 || got.Timeline[0].On != gonghui.NewDate(2017, 3, 1) || got.Timeline[2].Action != gonghui.RightsActClose {
					t.Errorf("timeline %+v", got.Timeline)
				}
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			want := map[string]float64{"rights_workers": 36, "rights_accepted_mediation": 1, "rights_mediation_settled": 1, "rights_recovered_fen": 32_000_000,
				"rights_closed_legal_aid": 1, "rights_accepted_legal_aid": 0, "rights_accepted_supervision": 1}
			for k, n := range want {
				if err != nil || st.Indicators[k] != n {
					t.Errorf("%s: %v, want %v (%v)", k, st.Indicators[k], n, err)
				}
			}
			sameFigures(t, f, gonghui.NewDate(2017, 3, 9), gonghui.NewDate(2017, 12, 31), gonghui.NewDate(2018, 1, 1))
		},
	})
}

// FuzzParseRightsIntake and FuzzParseRightsCase: whatever a line holds,
// reading it never panics, and every reason names a column of the
// template, in both languages.
func FuzzParseRightsIntake(f *testing.F) {
	f.Add("CY-1,2017-03-15,12351热线,咨询,张三,13800001234,110105198505050715,示例公司,,咨询加班费,已解答")
	f.Add(",明天,fax,求决,,,123,,X,,")
	f.Fuzz(func(t *testing.T, line string) {
		_, v := importer.ParseRightsIntakeForTest(strings.Split(line, ","))
		for field, m := range v.Fields {
			if !importer.NamesColumnForTest(importer.RightsIntakes, field) || m.Zh == "" || m.En == "" {
				t.Errorf("%q: reason %q %+v names no column", line, field, m)
			}
		}
	})
}

func FuzzParseRightsCase(f *testing.F) {
	f.Add("CY-1,N1,劳动争议调解,2017-03-01,2017-03-02,王建国,,139,是,35,某公司,,欠薪,,2017-01-31,拖欠劳动报酬,350000,调解成功（和解）,2017-03-10,320000,")
	f.Add(",,法律援助,2017-04-01,,,,,,x,,,,,,,-5,不予法律援助,2017-03-01,1e9,")
	f.Fuzz(func(t *testing.T, line string) {
		_, v := importer.ParseRightsCaseForTest(strings.Split(line, ","))
		for field, m := range v.Fields {
			if !importer.NamesColumnForTest(importer.RightsCases, field) || m.Zh == "" || m.En == "" {
				t.Errorf("%q: reason %q %+v names no column", line, field, m)
			}
		}
	})
}
