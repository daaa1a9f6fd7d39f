package importer

import (
	"context"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the programme catalogue: one programme a row, its rules as
// the JSON document the API takes, its fund named at its union.
const (
	pgOrg = iota
	pgCode
	pgName
	pgFund
	pgIncome
	pgExpense
	pgRecipient
	pgForm
	pgPeriod
	pgFigure
	pgRules
	pgActive
)

var programmeColumns = []column{
	pgOrg:       {header: "工会", aliases: []string{"工会代码", "org"}, field: "org_id", required: true, example: "BJ"},
	pgCode:      {header: "项目代码", aliases: []string{"code"}, field: "code", required: true, example: gonghui.ProgGoldenAutumn},
	pgName:      {header: "项目名称", aliases: []string{"name"}, field: "name", required: true, example: "金秋助学"},
	pgFund:      {header: "资金名称", aliases: []string{"资金", "fund"}, field: "fund_id", example: "市总帮扶资金", note: "本工会没有同名资金时一并开设 / opened with the programme when the union keeps none of that name"},
	pgIncome:    {header: "收入科目", aliases: []string{"income_account"}, field: "fund.income_account", example: gonghui.AccountAidIncome, note: "开设资金时使用 / for a fund the import opens"},
	pgExpense:   {header: "支出科目", aliases: []string{"expense_account"}, field: "fund.expense_account", example: gonghui.AccountHardship, note: "开设资金时使用 / for a fund the import opens"},
	pgRecipient: {header: "受助对象", aliases: []string{"recipient_kind"}, field: "recipient_kind", required: true, choices: choiceNames(gonghui.RecipientKinds)},
	pgForm:      {header: "形式", aliases: []string{"form"}, field: "form", choices: choiceNames(gonghui.Forms)},
	pgPeriod:    {header: "周期", aliases: []string{"period_kind"}, field: "period_kind", required: true, choices: choiceNames(gonghui.PeriodKinds)},
	pgFigure:    {header: "统计口径", aliases: []string{"figure"}, field: "figure", choices: choiceNames(gonghui.FigureChoices())},
	pgRules:     {header: "规则", aliases: []string{"rules"}, field: "rules", required: true, example: `{"amount":{"kind":"requested","max_fen":300000},"approval":{"levels":1}}`, note: "JSON，与接口 /api/v1/programmes 的 rules 相同 / JSON, as the API's rules"},
	pgActive:    {header: "受理中", aliases: []string{"active"}, field: "active", choices: yesNo},
}

// Programmes imports a programme catalogue (帮扶项目): a code on record
// is updated to its row.
var Programmes Job = &kind[store.ImportedProgramme]{
	name:      "programmes",
	table:     "programmes",
	columns:   programmeColumns,
	orgColumn: pgOrg,
	prepare:   prepareProgramme,
	identity:  func(r store.ImportedProgramme) string { return r.Input.Code },
	duplicate: sameAs("code", "与第%d行的项目代码相同", "the same programme code as line %d"),
	newWriter: writerOf[store.ImportedProgramme]((*store.Store).NewProgrammeWriter),
}

func init() { register(82, Programmes) }

func prepareProgramme(ctx context.Context, e *env, cells []string) (store.ImportedProgramme, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	r := store.ImportedProgramme{Fund: gonghui.FundInput{Name: h.cell(cells, pgFund), IncomeAccount: h.cell(cells, pgIncome), ExpenseAccount: h.cell(cells, pgExpense)}}
	in := &r.Input
	in.Code, in.Name = h.cell(cells, pgCode), h.cell(cells, pgName)
	in.RecipientKind = choiceCell(v, "recipient_kind", gonghui.RecipientKinds, h.cell(cells, pgRecipient))
	in.Form = formCell(v, h.cell(cells, pgForm))
	in.PeriodKind = choiceCell(v, "period_kind", gonghui.PeriodKinds, h.cell(cells, pgPeriod))
	in.Figure = choiceCell(v, "figure", gonghui.FigureChoices(), h.cell(cells, pgFigure))
	in.Active = h.cell(cells, pgActive) == "" || yesCell(v, "active", h.cell(cells, pgActive))
	rules, err := gonghui.DecodeProgrammeRules([]byte(h.cell(cells, pgRules)))
	if err := addFieldErrors(v, err); err != nil {
		return r, err
	}
	in.Rules = rules
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, pgOrg)); addFieldErrors(v, err) != nil {
		return r, err
	}
	if r.Fund.Name == "" && in.Rules.Amount.Kind != gonghui.AmountNone {
		v.Add("fund_id", "请填写项目支出的资金名称", "name the fund the programme pays from")
	}
	in.Normalize()
	if v.Err() == nil {
		probe := *in
		if r.Fund.Name != "" {
			probe.FundID = -1 // named, resolved or opened by the writer
		}
		checked := &gonghui.ValidationError{}
		probe.Validate(checked)
		// The rules' own fields are parts of the one rules column.
		for f, m := range checked.Fields {
			if part, ok := strings.CutPrefix(f, "rules."); ok {
				f, m.Zh, m.En = "rules", part+"："+m.Zh, part+": "+m.En
			}
			v.Add(f, m.Zh, m.En)
		}
	}
	return r, v.Err()
}
