package importer

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the hardship-file template: one household a row, as the
// districts' 困难职工 registers keep them; the household's other persons in
// one cell, amounts in yuan a year by kind.
const (
	hfOrg = iota
	hfHeadName
	hfHeadID
	hfHeadHealth
	hfAddress
	hfRegion
	hfMembers
	hfCauses
	hfCauseNote
	hfAmounts // the income kinds, then the expense kinds
)

// hardshipMembersNote says how the members' cell is written.
const hardshipMembersNote = "每人“姓名，关系，公民身份号码[，健康状况]”，多人用“；”分隔 / each person as name，relation，ID number[，health], persons separated by ；"

var hardshipColumns = func() []column {
	cols := []column{
		hfOrg:        {header: "建档工会", aliases: []string{"建档工会代码", "所属工会", "org"}, field: "org_id", required: true, example: "GH000123"},
		hfHeadName:   {header: "户主姓名", aliases: []string{"姓名", "职工姓名", "head_name"}, field: "head.name", required: true, example: "张伟"},
		hfHeadID:     {header: "户主公民身份号码", aliases: []string{"身份证号", "公民身份号码", "head_id_number"}, field: "head.id_number", required: true, example: "110105198001011234"},
		hfHeadHealth: {header: "户主健康状况", aliases: []string{"健康状况", "head_health"}, field: "head.health", example: "尿毒症"},
		hfAddress:    {header: "家庭住址", aliases: []string{"住址", "address"}, field: "address", required: true, example: "北京市朝阳区建外街道1号院"},
		hfRegion:     {header: "行政区划代码", aliases: []string{"所在区划", "区划代码", "region_code"}, field: "region_code", required: true, example: "110105001", note: regionColumn.note},
		hfMembers:    {header: "家庭成员", aliases: []string{"家庭成员情况", "members"}, field: "members", example: "李娜，配偶，110105198203041221；张小明，子女，110105201005060012", note: hardshipMembersNote},
		hfCauses:     {header: "致困原因", aliases: []string{"困难原因", "causes"}, field: "causes", required: true, example: "患病、子女就学", note: "用“、”分隔：" + strings.Join(choiceNames(gonghui.HardshipCauses), "、")},
		hfCauseNote:  {header: "致困情况说明", aliases: []string{"困难情况", "cause_note"}, field: "cause_note", example: "户主患尿毒症，每周透析三次"},
	}
	for _, k := range gonghui.HardshipIncomeKinds {
		cols = append(cols, column{header: k.Name.Zh + "（元/年）", aliases: []string{"income_" + k.Key}, field: "income." + k.Key, note: "元，最多两位小数 / yuan, at most two decimals"})
	}
	for _, k := range gonghui.HardshipExpenseKinds {
		cols = append(cols, column{header: k.Name.Zh + "（元/年）", aliases: []string{"expense_" + k.Key}, field: "expense." + k.Key, note: "元，最多两位小数 / yuan, at most two decimals"})
	}
	// A register kept before gonghui: the household's day applied and,
	// when filed, the day and kind of its filing.
	return append(cols,
		column{header: "申请日期", aliases: []string{"applied_on"}, field: "applied_on", example: "2016-10-08", note: "空则为导入之日 / empty: the day imported"},
		column{header: "建档日期", aliases: []string{"filed_on"}, field: "filed_on", example: "2016-11-20", note: "已建档的家庭：经审核、走访、公示，于此日由上级工会批准建档 / filed before: checked, visited and noticed on the day applied, approved on this day by the union above"},
		column{header: "档案类别", aliases: []string{"filing_kind"}, field: "filing_kind", choices: choiceNames(gonghui.HardshipFilingKinds)})
}()

// hfFiling is the first of the filing's columns, after the amounts.
var hfFiling = hfAmounts + len(gonghui.HardshipIncomeKinds) + len(gonghui.HardshipExpenseKinds)

// HardshipFiles imports hardship files, one household a row; a household
// whose head is on a file already updates that file.
var HardshipFiles Job = &kind[store.ImportedHardshipFile]{
	name:      "hardship",
	table:     "hardship_files",
	columns:   hardshipColumns,
	orgColumn: hfOrg,
	note:      "新建的档案从“已申请”开始，经审核、走访、公示和上级审批建档 / new files start as applied and go through the check, visit, notice and approval",
	prepare:   prepareHardship,
	identity: func(r store.ImportedHardshipFile) string {
		return strings.ToUpper(strings.TrimSpace(r.Input.Head.IDNumber))
	},
	duplicate: sameAs("head.id_number", "与第%d行是同一户主", "the same head of household as line %d"),
	newWriter: func(ctx context.Context, st *store.Store, a gonghui.Actor, batchSize int) (writer[store.ImportedHardshipFile], error) {
		w, err := st.NewHardshipFileWriter(ctx, a, batchSize)
		if err != nil {
			return nil, err
		}
		return hardshipColumnsWriter{w}, nil
	},
}

func init() { register(80, HardshipFiles) }

// hardshipColumnsWriter names the store's errors by the template's columns.
type hardshipColumnsWriter struct{ *store.HardshipFileWriter }

func (w hardshipColumnsWriter) Save(ctx context.Context, r store.ImportedHardshipFile) (store.UpsertResult, error) {
	res, err := w.HardshipFileWriter.Save(ctx, r)
	return res, hardshipColumnErrors(r.Input, err)
}

// hardshipColumnErrors renames the fields of a file's errors (members and
// amounts by position) to the template's columns (one for the members,
// one per kind of amount).
func hardshipColumnErrors(in gonghui.HardshipFileInput, err error) error {
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return err
	}
	out := &gonghui.ValidationError{}
	// In field order, so that of two errors on one column the same one
	// wins every time (a column's own before its items').
	for _, f := range slices.Sorted(maps.Keys(v.Fields)) {
		m := v.Fields[f]
		parts := strings.SplitN(f, ".", 3)
		i := 0
		if len(parts) > 1 {
			i, _ = strconv.Atoi(parts[1])
		}
		zh, en := m.Zh, m.En
		switch parts[0] {
		case "members":
			f = "members"
			if len(parts) > 1 {
				zh, en = "第"+strconv.Itoa(i+1)+"人："+zh, "person "+strconv.Itoa(i+1)+": "+en
			}
		case "incomes":
			if i < len(in.Incomes) {
				f = "income." + in.Incomes[i].Kind
			}
		case "expenses":
			if i < len(in.Expenses) {
				f = "expense." + in.Expenses[i].Kind
			}
		case "causes":
			f = "causes"
		}
		out.Add(f, zh, en)
	}
	return out
}

func prepareHardship(ctx context.Context, e *env, cells []string) (store.ImportedHardshipFile, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	r := store.ImportedHardshipFile{FilingKind: choiceCell(v, "filing_kind", gonghui.HardshipFilingKinds, h.cell(cells, hfFiling+2))}
	dateCell(v, "applied_on", h.cell(cells, hfFiling), &r.AppliedOn)
	dateCell(v, "filed_on", h.cell(cells, hfFiling+1), &r.FiledOn)
	in := gonghui.HardshipFileInput{Address: h.cell(cells, hfAddress), RegionCode: h.cell(cells, hfRegion), CauseNote: h.cell(cells, hfCauseNote),
		Head: gonghui.HardshipPersonInput{Name: h.cell(cells, hfHeadName), IDNumber: h.cell(cells, hfHeadID), Health: h.cell(cells, hfHeadHealth)}}
	for i, person := range strings.FieldsFunc(h.cell(cells, hfMembers), func(r rune) bool { return r == ';' || r == '；' || r == '\n' }) {
		f := strings.FieldsFunc(person, func(r rune) bool { return r == ',' || r == '，' || r == '/' })
		if len(f) < 3 || len(f) > 4 {
			v.Add("members", "第"+strconv.Itoa(i+1)+"人应写作“姓名，关系，公民身份号码[，健康状况]”",
				"person "+strconv.Itoa(i+1)+" must be written as name，relation，ID number[，health]")
			continue
		}
		m := gonghui.HardshipPersonInput{Name: f[0], Relation: f[1], IDNumber: f[2]}
		if len(f) == 4 {
			m.Health = f[3]
		}
		in.Members = append(in.Members, m)
	}
	for _, c := range splitList(h.cell(cells, hfCauses)) {
		if k := choiceCell(v, "causes", gonghui.HardshipCauses, c); k != "" {
			in.Causes = append(in.Causes, k)
		}
	}
	col := hfAmounts
	for _, list := range []struct {
		prefix string
		kinds  []gonghui.Choice
		dst    *[]gonghui.HardshipAmount
	}{{"income.", gonghui.HardshipIncomeKinds, &in.Incomes}, {"expense.", gonghui.HardshipExpenseKinds, &in.Expenses}} {
		for _, k := range list.kinds {
			cell := strings.ReplaceAll(h.cell(cells, col), ",", "")
			col++
			if cell == "" {
				continue
			}
			n, err := gonghui.ParseFixed(cell, 2)
			if err != nil {
				v.Add(list.prefix+k.Key, "金额应为元，最多两位小数", "the amount is in yuan, with at most two decimals")
				continue
			}
			*list.dst = append(*list.dst, gonghui.HardshipAmount{Kind: k.Key, AmountFen: &n})
		}
	}
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, hfOrg)); addFieldErrors(v, err) != nil {
		return r, err
	}
	in.Normalize()
	in.Validate(v)
	r.Input = in
	return r, hardshipColumnErrors(in, v.Err())
}

// Columns of the allowance table (低保标准): one district and year a row.
const (
	alRegion = iota
	alYear
	alMonthly
)

var allowanceColumns = []column{
	alRegion:  {header: "区县代码", aliases: []string{"行政区划代码", "区划代码", "region_code"}, field: "region_code", required: true, example: "110105"},
	alYear:    {header: "年度", aliases: []string{"year"}, field: "year", required: true, example: "2017"},
	alMonthly: {header: "低保标准（元/人·月）", aliases: []string{"低保标准", "monthly"}, field: "monthly_fen", required: true, example: "900", note: "元，最多两位小数 / yuan, at most two decimals"},
}

// HardshipAllowances imports the districts' minimum living allowances by
// year, which the hardship levels are computed from (the federation's
// administrator's).
var HardshipAllowances Job = &kind[gonghui.HardshipAllowance]{
	name:      "hardship-allowances",
	table:     "hardship_allowances",
	columns:   allowanceColumns,
	orgColumn: -1,
	prepare: func(ctx context.Context, e *env, cells []string) (gonghui.HardshipAllowance, error) {
		v := &gonghui.ValidationError{}
		al := gonghui.HardshipAllowance{RegionCode: e.h.cell(cells, alRegion), Year: intCell(v, "year", e.h.cell(cells, alYear)),
			MonthlyFen: fixedCell(v, "monthly_fen", e.h.cell(cells, alMonthly))}
		al.Validate(v)
		return al, v.Err()
	},
	identity:  func(al gonghui.HardshipAllowance) string { return al.RegionCode + "\x00" + strconv.Itoa(al.Year) },
	duplicate: sameAs("year", "与第%d行是同一区县同一年度", "the same district and year as line %d"),
	newWriter: writerOf[gonghui.HardshipAllowance]((*store.Store).NewAllowanceWriter),
}

func init() { register(79, HardshipAllowances) }
