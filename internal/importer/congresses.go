package importer

import (
	"context"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the congress template.
const (
	gcName = iota
	gcKind
	gcOrg
	gcUnits
	gcEstablished
	gcHeldOn
	gcDelegates
	gcAttended
	gcMotions
)

var congressColumns = []column{
	gcName:        {header: "职代会名称", aliases: []string{"名称", "name"}, field: "name", required: true, example: "示例公司第三届职工代表大会"},
	gcKind:        {header: "职代会类型", aliases: []string{"类型", "kind"}, field: "kind", required: true, example: "单位职代会", choices: choiceNames(gonghui.CongressKinds)},
	gcOrg:         {header: "所属工会", aliases: []string{"工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	gcUnits:       {header: "覆盖单位统一社会信用代码", aliases: []string{"单位统一社会信用代码", "覆盖单位", "unit_usccs"}, field: "unit_ids", required: true, note: unitsNote},
	gcEstablished: {header: "建立日期", aliases: []string{"建制日期", "established_on"}, field: "established_on", required: true, example: "2015-05-01"},
	gcHeldOn:      {header: "会议日期", aliases: []string{"召开日期", "held_on"}, field: "held_on", example: "2017-03-15"},
	gcDelegates:   {header: "代表人数", aliases: []string{"delegates"}, field: "delegates", example: "60"},
	gcAttended:    {header: "出席人数", aliases: []string{"实到人数", "attended"}, field: "attended", example: "55"},
	gcMotions:     {header: "审议事项", aliases: []string{"议题", "提案", "motions"}, field: "motions", example: "审议集体合同草案；审议年度工作报告"},
}

// Congresses imports workers' congresses and their sittings: one row per
// sitting, or per congress when it has none yet.
var Congresses Job = &kind[store.ImportedCongress]{
	name:      "congresses",
	table:     "congresses",
	columns:   congressColumns,
	orgColumn: gcOrg,
	prepare:   prepareCongress,
	newWriter: writerOf[store.ImportedCongress]((*store.Store).NewCongressWriter),
}

func prepareCongress(ctx context.Context, e *env, cells []string) (store.ImportedCongress, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	var ic store.ImportedCongress
	in := &ic.CongressInput
	in.Name = h.cell(cells, gcName)
	in.Kind = gonghui.CongressKind(choiceCell(v, "kind", gonghui.CongressKinds, h.cell(cells, gcKind)))
	dateCell(v, "established_on", h.cell(cells, gcEstablished), &in.EstablishedOn)
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, gcOrg)); addFieldErrors(v, err) != nil {
		return ic, err
	}
	for _, code := range splitList(h.cell(cells, gcUnits)) {
		id, err := e.res.unit(ctx, code)
		if addFieldErrors(v, err) != nil {
			return ic, err
		}
		if id != 0 {
			in.UnitIDs = append(in.UnitIDs, id)
		}
	}
	if m, ok := v.Fields["unit_id"]; ok { // lookups name unit_id; the column is unit_ids
		delete(v.Fields, "unit_id")
		v.Add("unit_ids", m.Zh, m.En)
	}
	in.Validate(v)
	if held := h.cell(cells, gcHeldOn); held != "" || h.cell(cells, gcDelegates) != "" {
		s := &gonghui.SittingInput{Delegates: intCell(v, "delegates", h.cell(cells, gcDelegates)), Attended: intCell(v, "attended", h.cell(cells, gcAttended))}
		dateCell(v, "held_on", held, &s.HeldOn)
		for _, m := range strings.FieldsFunc(h.cell(cells, gcMotions), func(r rune) bool { return r == ';' || r == '；' || r == '\n' }) {
			if m = strings.TrimSpace(m); m != "" {
				s.Motions = append(s.Motions, m)
			}
		}
		s.Validate(v, e.today)
		ic.Sitting = s
	}
	return ic, v.Err()
}

func init() { register(50, Congresses) }
