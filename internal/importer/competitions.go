package importer

import (
	"context"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
)

// The competition imports: events with their trades (a row an event and
// one of its trades), entrants of a trade, and scores of an open round.
// An event is named by its organising union, year and title; a person by
// their citizen ID number.

// Columns of the events template.
const (
	coOrg = iota
	coYear
	coTitle
	coKind
	coLevel
	coFrom
	coTo
	coTopN
	coTrade
	coRounds
)

var competitionColumns = []column{
	coOrg:    {header: "主办工会", aliases: []string{"工会", "工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	coYear:   {header: "年度", aliases: []string{"year"}, field: "year", required: true, example: "2017"},
	coTitle:  {header: "竞赛名称", aliases: []string{"名称", "title"}, field: "title", required: true, example: "2017年北京大工匠挑战赛"},
	coKind:   {header: "竞赛类型", aliases: []string{"类型", "kind"}, field: "kind", required: true, example: "北京大工匠挑战赛", choices: choiceNames(gonghui.CompetitionKinds)},
	coLevel:  {header: "级别", aliases: []string{"竞赛级别", "level"}, field: "level", required: true, example: "市级", choices: choiceNames(gonghui.CompetitionLevels)},
	coFrom:   {header: "开始日期", aliases: []string{"held_from"}, field: "held_from", required: true, example: "2017-05-01"},
	coTo:     {header: "结束日期", aliases: []string{"held_to"}, field: "held_to", required: true, example: "2017-10-31"},
	coTopN:   {header: "决赛前几名计入竞赛成绩", aliases: []string{"计入成绩名次", "result_top_n"}, field: "result_top_n", example: "10", note: "0或不填：不计入 / 0 or empty: none"},
	coTrade:  {header: "工种", aliases: []string{"工种名称", "trade"}, field: "trades.0.name", required: true, example: "焊工"},
	coRounds: {header: "赛制", aliases: []string{"轮次", "rounds"}, field: "trades", required: true, example: "初赛 3 30 | 决赛 5 3 | 擂台挑战赛", note: "赛段 评分人数 晋级人数，以“|”分隔 / stage scorers advance, separated by “|”"},
}

// Competitions imports events and their trades; an event on record gains
// the trades it lacks, a trade on record is left alone.
var Competitions Job = &kind[gonghui.CompetitionInput]{
	name:      "competitions",
	table:     "competitions",
	columns:   competitionColumns,
	orgColumn: coOrg,
	prepare:   checkedRow(parseCompetition, func(in *gonghui.CompetitionInput) *int64 { return &in.OrgID }),
	identity: func(in gonghui.CompetitionInput) string {
		return eventKey(in.OrgID, in.Year, in.Title) + "\x00" + in.Trades[0].Name
	},
	duplicate: sameAs("trades.0.name", "与第%d行是同一竞赛的同一工种", "the same trade of the same event as line %d"),
	newWriter: writerOf[gonghui.CompetitionInput]((*store.Store).NewCompetitionWriter),
}

func eventKey(org int64, year int, title string) string {
	return strconv.FormatInt(org, 10) + "\x00" + strconv.Itoa(year) + "\x00" + title
}

func parseCompetition(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.CompetitionInput, string) {
	in := gonghui.CompetitionInput{Year: intCell(v, "year", h.cell(cells, coYear)), Title: h.cell(cells, coTitle),
		ResultTopN: intCell(v, "result_top_n", h.cell(cells, coTopN))}
	in.Kind = choiceCell(v, "kind", gonghui.CompetitionKinds, h.cell(cells, coKind))
	in.Level = choiceCell(v, "level", gonghui.CompetitionLevels, h.cell(cells, coLevel))
	dateCell(v, "held_from", h.cell(cells, coFrom), &in.HeldFrom)
	dateCell(v, "held_to", h.cell(cells, coTo), &in.HeldTo)
	rounds, err := gonghui.ParseRoundPlans(h.cell(cells, coRounds))
	addFieldErrors(v, gonghui.Rename(err, "rounds", "trades.0.rounds")) // a validation error, or none
	in.Trades = []gonghui.TradeInput{{Name: h.cell(cells, coTrade), Rounds: rounds}}
	return in, h.cell(cells, coOrg)
}

// Columns the entrants and scores templates share: the event and trade.
const (
	ctOrg = iota
	ctYear
	ctTitle
	ctTrade
)

func tradeColumns() []column {
	return []column{
		ctOrg:   {header: "主办工会", aliases: []string{"工会", "工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
		ctYear:  {header: "年度", aliases: []string{"year"}, field: "year", required: true, example: "2017"},
		ctTitle: {header: "竞赛名称", aliases: []string{"名称", "title"}, field: "title", required: true, example: "2017年北京大工匠挑战赛"},
		ctTrade: {header: "工种", aliases: []string{"工种名称", "trade"}, field: "trade", required: true, example: "焊工"},
	}
}

// tradeRef reads a row's event and trade, the union found in the
// importer's scope.
func tradeRef(ctx context.Context, e *env, cells []string, v *gonghui.ValidationError) (store.TradeRef, error) {
	ref := store.TradeRef{Year: intCell(v, "year", e.h.cell(cells, ctYear)), Title: e.h.cell(cells, ctTitle), Trade: e.h.cell(cells, ctTrade)}
	var err error
	ref.OrgID, err = e.res.org(ctx, e.h.cell(cells, ctOrg))
	return ref, addFieldErrors(v, err)
}

// Columns of the entrants template, after the trade's.
const (
	enID = ctTrade + 1 + iota
	enName
	enUnit
	enOutsider
	enChallenger
)

var entrantColumns = append(tradeColumns(),
	column{header: "公民身份号码", aliases: []string{"身份证号", "身份证号码", "id_number"}, field: "id_number", required: true},
	column{header: "姓名", aliases: []string{"name"}, field: "name", example: "张三", note: "社会人员填写 / for an outsider"},
	column{header: "工作单位", aliases: []string{"单位", "unit"}, field: "unit", example: "示例制造有限公司"},
	column{header: "社会人员", aliases: []string{"非会员", "outsider"}, field: "outsider", example: "否", choices: yesNo, note: "否：会员库中的会员 / 否: a member of the register"},
	column{header: "擂台挑战者", aliases: []string{"挑战者", "challenger"}, field: "challenger", example: "否", choices: yesNo},
)

// Entrants imports the entrants of trades; a person entered in the trade
// is left alone.
var Entrants Job = &kind[store.EntrantRow]{
	name:      "competition-entrants",
	table:     "competition_entrants",
	columns:   entrantColumns,
	orgColumn: ctOrg,
	prepare: func(ctx context.Context, e *env, cells []string) (store.EntrantRow, error) {
		v := &gonghui.ValidationError{}
		ref, err := tradeRef(ctx, e, cells, v)
		if err != nil {
			return store.EntrantRow{}, err
		}
		in := gonghui.EntrantInput{TradeID: -1, IDNumber: e.h.cell(cells, enID), Name: e.h.cell(cells, enName), Unit: e.h.cell(cells, enUnit),
			Outsider: yesCell(v, "outsider", e.h.cell(cells, enOutsider)), Challenger: yesCell(v, "challenger", e.h.cell(cells, enChallenger))}
		in.Normalize()
		in.Validate(v)
		in.TradeID = 0 // found by the writer from the trade's reference
		return store.EntrantRow{Trade: ref, Entrant: in}, v.Err()
	},
	identity: func(r store.EntrantRow) string {
		return eventKey(r.Trade.OrgID, r.Trade.Year, r.Trade.Title) + "\x00" + r.Trade.Trade + "\x00" + r.Entrant.IDNumber
	},
	duplicate: sameAs("id_number", "与第%d行是同一工种的同一人", "the same person in the same trade as line %d"),
	newWriter: writerOf[store.EntrantRow]((*store.Store).NewEntrantWriter),
}

// Columns of the scores template, after the trade's.
const (
	scStage = ctTrade + 1 + iota
	scID
	scScorer
	scPoints
)

var scoreColumns = append(tradeColumns(),
	column{header: "赛段", aliases: []string{"轮次", "stage"}, field: "stage", required: true, example: "决赛", choices: choiceNames(gonghui.RoundStages)},
	column{header: "公民身份号码", aliases: []string{"身份证号", "身份证号码", "id_number"}, field: "id_number", required: true},
	column{header: "评分人序号", aliases: []string{"评委", "scorer"}, field: "scorer", required: true, example: "1"},
	column{header: "分数", aliases: []string{"得分", "points"}, field: "points", required: true, example: "95.25", note: "至多两位小数 / at most two decimals"},
)

// Scores imports the scores of open rounds; a score on record is
// replaced by the row's.
var Scores Job = &kind[store.ScoreRow]{
	name:      "competition-scores",
	table:     "competition_scores",
	columns:   scoreColumns,
	orgColumn: ctOrg,
	prepare: func(ctx context.Context, e *env, cells []string) (store.ScoreRow, error) {
		v := &gonghui.ValidationError{}
		ref, err := tradeRef(ctx, e, cells, v)
		if err != nil {
			return store.ScoreRow{}, err
		}
		row := store.ScoreRow{Trade: ref, Stage: choiceCell(v, "stage", gonghui.RoundStages, e.h.cell(cells, scStage)), IDNumber: e.h.cell(cells, scID),
			Scorer: intCell(v, "scorer", e.h.cell(cells, scScorer))}
		if cell := e.h.cell(cells, scPoints); cell != "" {
			points, err := gonghui.ParsePoints(cell)
			row.Points = points
			if addFieldErrors(v, err) != nil {
				return row, err
			}
		}
		return row, v.Err()
	},
	identity: func(r store.ScoreRow) string {
		return eventKey(r.Trade.OrgID, r.Trade.Year, r.Trade.Title) + "\x00" + r.Trade.Trade + "\x00" + r.Stage + "\x00" + r.IDNumber + "\x00" + strconv.Itoa(r.Scorer)
	},
	duplicate: sameAs("scorer", "与第%d行是同一轮同一人的同一评分人", "the same scorer of the same person in the same round as line %d"),
	newWriter: writerOf[store.ScoreRow]((*store.Store).NewScoreWriter),
}

func init() { register(93, Competitions, Entrants, Scores) }
