package importer

import (
	"context"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the contract template.
const (
	kcTitle = iota
	kcKind
	kcLevel
	kcOrg
	kcUnits
	kcTermStart
	kcTermEnd
	kcSigned
	kcFiled
	kcEffective
	kcStaff
	kcTopics
	kcWage
	kcAdjustment
	kcWageWorkers
)

var contractColumns = []column{
	kcTitle:       {header: "合同名称", aliases: []string{"title"}, field: "title", required: true, example: "2017年综合集体合同"},
	kcKind:        {header: "合同类型", aliases: []string{"kind"}, field: "kind", required: true, example: "综合集体合同", choices: choiceNames(gonghui.ContractKinds)},
	kcLevel:       {header: "合同层级", aliases: []string{"level"}, field: "level", required: true, example: "企业集体合同", choices: choiceNames(gonghui.ContractLevels)},
	kcOrg:         {header: "签订工会", aliases: []string{"工会代码", "所属工会", "org"}, field: "org_id", required: true, example: "GH000123"},
	kcUnits:       {header: "覆盖单位统一社会信用代码", aliases: []string{"单位统一社会信用代码", "覆盖单位", "unit_usccs"}, field: "unit_ids", required: true, note: unitsNote},
	kcTermStart:   {header: "期限开始", aliases: []string{"合同期限开始", "term_start"}, field: "term_start", required: true, example: "2017-01-01"},
	kcTermEnd:     {header: "期限结束", aliases: []string{"合同期限结束", "term_end"}, field: "term_end", required: true, example: "2019-12-31"},
	kcSigned:      {header: "签订日期", aliases: []string{"signed_on"}, field: "signed_on", example: "2016-12-20"},
	kcFiled:       {header: "备案日期", aliases: []string{"报送备案日期", "filed_on"}, field: "filed_on", example: "2016-12-28"},
	kcEffective:   {header: "生效日期", aliases: []string{"effective_on"}, field: "effective_on", example: "2017-01-12"},
	kcStaff:       {header: "覆盖职工人数", aliases: []string{"covered_staff"}, field: "covered_staff", example: "120"},
	kcTopics:      {header: "协商议题", aliases: []string{"topics"}, field: "topics", example: "工资调整、工作时间与休息休假、劳动安全卫生、保险福利"},
	kcWage:        {header: "上年平均工资（元/月）", aliases: []string{"上年平均工资", "last_year_avg_wage"}, field: "last_year_avg_wage_fen", note: "元/月，最多两位小数 / yuan a month, at most two decimals"},
	kcAdjustment:  {header: "工资调整幅度（%）", aliases: []string{"工资调整幅度", "adjustment"}, field: "adjustment_bp", note: "百分比，如 5.5 / percent, such as 5.5"},
	kcWageWorkers: {header: "工资覆盖职工人数", aliases: []string{"wage_workers"}, field: "wage_workers", note: wholeNote},
}

// Contracts imports collective contracts, regional and industry ones
// included; a row names the covered units by their USCCs.
var Contracts Job = &kind[store.ImportedContract]{
	name:      "contracts",
	table:     "contracts",
	columns:   contractColumns,
	orgColumn: kcOrg,
	prepare:   prepareContract,
	newWriter: writerOf[store.ImportedContract]((*store.Store).NewContractWriter),
}

// splitList splits a cell holding several values.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '；' || r == ',' || r == '，' || r == '、' || r == '\n' || r == ' '
	})
}

// choiceCell maps a coded cell (key, Chinese or English name) to its key.
func choiceCell(v *gonghui.ValidationError, field string, list []gonghui.Choice, cell string) string {
	if cell == "" {
		return ""
	}
	key, ok := gonghui.ChoiceKey(list, cell)
	if !ok {
		names := choiceNames(list)
		v.Add(field, "应为："+strings.Join(names, "、"), "must be one of: "+strings.Join(names, ", "))
	}
	return key
}

// yesNo are the answers of a yes-or-no column.
var yesNo = []string{"是", "否"}

// yesCell reads a yes-or-no cell (empty: no).
func yesCell(v *gonghui.ValidationError, field, cell string) bool {
	switch strings.ToLower(cell) {
	case "是", "y", "yes", "true", "1", "√":
		return true
	case "", "否", "n", "no", "false", "0":
		return false
	}
	v.Add(field, "应为：是、否", "must be 是 (yes) or 否 (no)")
	return false
}

// intCell reads a whole-number cell.
func intCell(v *gonghui.ValidationError, field, cell string) int {
	if cell == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(cell, ",", ""))
	if err != nil {
		v.Add(field, "须为整数", "must be a whole number")
	}
	return n
}

// fixedCell reads a decimal cell into its smallest unit (fen, basis points).
func fixedCell(v *gonghui.ValidationError, field, cell string) int64 {
	n, err := gonghui.ParseFixed(strings.TrimSuffix(cell, "%"), 2)
	if err != nil {
		v.Add(field, "须为最多两位小数的数字", "must be a number with at most two decimals")
	}
	return n
}

func prepareContract(ctx context.Context, e *env, cells []string) (store.ImportedContract, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	var ic store.ImportedContract
	in := &ic.ContractInput
	in.Title = h.cell(cells, kcTitle)
	in.Kind = gonghui.ContractKind(choiceCell(v, "kind", gonghui.ContractKinds, h.cell(cells, kcKind)))
	in.Level = gonghui.ContractLevel(choiceCell(v, "level", gonghui.ContractLevels, h.cell(cells, kcLevel)))
	dateCell(v, "term_start", h.cell(cells, kcTermStart), &in.TermStart)
	dateCell(v, "term_end", h.cell(cells, kcTermEnd), &in.TermEnd)
	dateCell(v, "signed_on", h.cell(cells, kcSigned), &ic.SignedOn)
	dateCell(v, "filed_on", h.cell(cells, kcFiled), &ic.FiledOn)
	dateCell(v, "effective_on", h.cell(cells, kcEffective), &ic.EffectiveOn)
	in.CoveredStaff = intCell(v, "covered_staff", h.cell(cells, kcStaff))
	in.WageWorkers = intCell(v, "wage_workers", h.cell(cells, kcWageWorkers))
	in.LastYearAvgWage = fixedCell(v, "last_year_avg_wage_fen", h.cell(cells, kcWage))
	in.AdjustmentBP = int(fixedCell(v, "adjustment_bp", h.cell(cells, kcAdjustment)))
	for _, t := range splitList(h.cell(cells, kcTopics)) {
		if key, ok := gonghui.ChoiceKey(gonghui.MustTalkTopics, t); ok {
			t = key
		}
		in.Topics = append(in.Topics, t)
	}
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, kcOrg)); addFieldErrors(v, err) != nil {
		return ic, err
	}
	for _, code := range splitList(h.cell(cells, kcUnits)) {
		id, err := e.res.unit(ctx, code)
		if addFieldErrors(v, err) != nil {
			return ic, err
		}
		if id != 0 {
			in.UnitIDs = append(in.UnitIDs, id)
		}
	}
	// Lookup errors name unit_id; the contract's column is unit_ids.
	if m, ok := v.Fields["unit_id"]; ok {
		delete(v.Fields, "unit_id")
		v.Add("unit_ids", m.Zh, m.En)
	}
	if err := gonghui.CheckContractDates(ic.SignedOn, ic.FiledOn, ic.EffectiveOn, in.TermStart, in.TermEnd, e.today); addFieldErrors(v, err) != nil {
		return ic, err
	}
	in.Validate(v)
	return ic, v.Err()
}

func init() { register(40, Contracts) }
