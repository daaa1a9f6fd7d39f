package importer_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/importer"
	"gonghui/internal/store/storetest"
)

var competitionHeader = []string{"主办工会", "年度", "竞赛名称", "竞赛类型", "级别", "开始日期", "结束日期", "决赛前几名计入竞赛成绩", "工种", "赛制"}

// contestEvent records a 2017 event of the Chaoyang union with one trade,
// a final of two scorers, and returns its final round.
func contestEvent(t *testing.T, f fixture) gonghui.ContestRound {
	x, err := f.st.CreateCompetition(ctx, f.cadre, gonghui.CompetitionInput{OrgID: f.union.ID, Kind: "skill", Year: 2017, Level: "district", Title: "技能大赛",
		HeldFrom: gonghui.NewDate(2017, 5, 1), HeldTo: gonghui.NewDate(2017, 6, 1),
		Trades: []gonghui.TradeInput{{Name: "焊工", Rounds: []gonghui.RoundPlan{{Stage: "final", Scorers: 2}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return x.Trades[0].Rounds[0]
}

func init() {
	structureCases = append(structureCases, structureCase{
		name: "competitions", job: importer.Competitions, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			row := func(title, trade, rounds string) []string {
				return []string{"CY-1", "2017", title, "北京大工匠挑战赛", "市级", "2017-05-01", "2017-10-31", "10", trade, rounds}
			}
			return [][]string{competitionHeader,
				row("2017年北京大工匠挑战赛", "焊工", "初赛 3 30 | 决赛 5 3 | 擂台挑战赛"),
				row("2017年北京大工匠挑战赛", "数控车工", "决赛 5"), // the same event gains a trade
				row("2017年北京大工匠挑战赛", "焊工", "决赛 5"),   // line 2's
				row("2017年北京大工匠挑战赛", "钳工", "决赛 5 3"), // the last round advances nobody
				row("2017年北京大工匠挑战赛", "电工", "复赛 x"),
				row("", "焊工", "决赛 5"),
				{"CY-1", "2017", "年度不符", "劳动竞赛", "市级", "2018-05-01", "2018-10-31", "", "焊工", "决赛 1"},
			}
		},
		refused:  map[int]string{4: "工种", 5: "赛制", 6: "赛制", 7: "竞赛名称", 8: "开始日期"},
		inserted: 1, updated: 1,
		check: func(t *testing.T, f fixture) {
			list, total, err := f.st.ListCompetitions(ctx, f.cadre, gonghui.CompetitionFilter{})
			if err != nil || total != 1 {
				t.Fatalf("%d events: %v %v", total, list, err)
			}
			x, err := f.st.GetCompetition(ctx, f.cadre, list[0].ID)
			if err != nil || len(x.Trades) != 2 || len(x.Trades[0].Rounds) != 3 || x.Trades[0].Rounds[0].Advance != 30 || x.ResultTopN != 10 {
				t.Errorf("the event %+v %v", x, err)
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["competitions_held"] != 1 || st.Indicators["competitions_craftsman"] != 1 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
	structureCases = append(structureCases, structureCase{
		name: "competition-entrants", job: importer.Entrants, enc: "utf-8",
		rows: func(t *testing.T, f fixture) [][]string {
			contestEvent(t, f)
			p := innovators(t, f)
			outsider := storetest.CitizenID("110108", "19900101", 51)
			row := func(trade, id, name, outsider, challenger string) []string {
				return []string{"CY-1", "2017", "技能大赛", trade, id, name, "示例公司", outsider, challenger}
			}
			return [][]string{{"主办工会", "年度", "竞赛名称", "工种", "公民身份号码", "姓名", "工作单位", "社会人员", "擂台挑战者"},
				row("焊工", p[0], "", "", ""),
				row("焊工", p[1], "", "否", ""),
				row("焊工", outsider, "社会选手", "是", ""),
				row("焊工", p[0], "", "", ""),         // line 2's
				row("钳工", p[2], "", "", ""),         // no such trade
				row("焊工", f.activeElse, "", "", ""), // another district's member
				row("焊工", p[2], "", "", "是"),        // no challenge round
				row("焊工", "110105", "坏号", "是", ""),
			}
		},
		refused:  map[int]string{5: "公民身份号码", 6: "工种", 7: "公民身份号码", 8: "擂台挑战者", 9: "公民身份号码"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			list, _, err := f.st.ListCompetitions(ctx, f.cadre, gonghui.CompetitionFilter{})
			if err != nil || len(list) != 1 {
				t.Fatal(list, err)
			}
			x, _ := f.st.GetCompetition(ctx, f.cadre, list[0].ID)
			es, err := f.st.Entrants(ctx, f.cadre, x.Trades[0].ID)
			if err != nil || len(es) != 3 || es[2].PersonID != 0 || es[2].Name != "社会选手" || es[2].IDMasked == storetest.CitizenID("110108", "19900101", 51) {
				t.Errorf("entrants %+v %v", es, err)
			}
			st, err := f.st.ComputeStats(ctx, f.cadre, f.union.ID, gonghui.NewDate(2017, 12, 31))
			if err != nil || st.Indicators["competition_entrants"] != 3 {
				t.Errorf("figures %v %v", st.Indicators, err)
			}
		},
	})
	structureCases = append(structureCases, structureCase{
		name: "competition-scores", job: importer.Scores, enc: "gb18030",
		rows: func(t *testing.T, f fixture) [][]string {
			final := contestEvent(t, f)
			p := innovators(t, f)
			for _, id := range p[:2] {
				if _, err := f.st.EnterContestant(ctx, f.cadre, gonghui.EntrantInput{TradeID: final.TradeID, IDNumber: id}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := f.st.OpenContestRound(ctx, f.cadre, final.ID, final.Version); err != nil {
				t.Fatal(err)
			}
			row := func(stage, id, scorer, points string) []string {
				return []string{"CY-1", "2017", "技能大赛", "焊工", stage, id, scorer, points}
			}
			return [][]string{{"主办工会", "年度", "竞赛名称", "工种", "赛段", "公民身份号码", "评分人序号", "分数"},
				row("决赛", p[0], "1", "95.25"),
				row("决赛", p[0], "2", "94"),
				row("决赛", p[1], "1", "90.5"),
				row("决赛", p[1], "1", "91"),    // line 4's
				row("决赛", p[1], "3", "91"),    // two scorers
				row("决赛", p[2], "1", "91"),    // not entered
				row("决赛", p[1], "2", "9.999"), // three decimals
				row("初赛", p[1], "2", "91"),    // no such round
			}
		},
		refused:  map[int]string{5: "评分人序号", 6: "评分人序号", 7: "公民身份号码", 8: "分数", 9: "赛段"},
		inserted: 3,
		check: func(t *testing.T, f fixture) {
			list, _, _ := f.st.ListCompetitions(ctx, f.cadre, gonghui.CompetitionFilter{})
			x, _ := f.st.GetCompetition(ctx, f.cadre, list[0].ID)
			v, err := f.st.GetContestRound(ctx, f.cadre, x.Trades[0].Rounds[0].ID)
			if err != nil || len(v.Standings) != 2 || v.Standings[0].Total != 18925 || v.Standings[0].Rank != 1 || v.Standings[1].Rank != 0 {
				t.Errorf("standings %+v %v", v.Standings, err)
			}
		},
	})
}
