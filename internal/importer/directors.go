package importer

import (
	"context"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the director template.
const (
	drUnit = iota
	drRole
	drName
	drSince
	drUntil
)

var directorColumns = []column{
	drUnit:  {header: "单位统一社会信用代码", aliases: []string{"统一社会信用代码", "单位代码", "unit_uscc"}, field: "unit_id", required: true, example: exampleUSCC, note: "已登记单位的统一社会信用代码 / a registered unit's USCC"},
	drRole:  {header: "职务", aliases: []string{"类别", "董事监事", "role"}, field: "role", required: true, example: "职工董事", choices: choiceNames(gonghui.DirectorRoles)},
	drName:  {header: "姓名", aliases: []string{"董事监事姓名", "name"}, field: "name", required: true, example: "张伟"},
	drSince: {header: "任职日期", aliases: []string{"任职时间", "任期开始", "since"}, field: "since", required: true, example: "2016-06-01"},
	drUntil: {header: "离任日期", aliases: []string{"离任时间", "任期届满", "until"}, field: "until", note: "最后在任的一天；在任可不填 / the last day in office; empty while in office"},
}

// Directors imports units' employee directors and supervisors (职工董事、
// 职工监事), one term a line.
var Directors Job = &kind[gonghui.DirectorInput]{
	name:      "directors",
	table:     "employee_directors",
	columns:   directorColumns,
	orgColumn: -1,
	prepare:   prepareDirector,
	identity: func(in gonghui.DirectorInput) string {
		return strconv.FormatInt(in.UnitID, 10) + "\x00" + string(in.Role) + "\x00" + in.Name + "\x00" + in.Since.String()
	},
	duplicate: sameAs("since", "与第%d行是同一单位、同一职务、同一人的同一任期", "same unit, seat, person and start of office as line %d"),
	newWriter: writerOf[gonghui.DirectorInput]((*store.Store).NewDirectorWriter),
}

func init() { register(65, Directors) }

// parseDirector reads a row's cells, without the database: the input and
// the unit's USCC to look up.
func parseDirector(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.DirectorInput, string) {
	in := gonghui.DirectorInput{Name: h.cell(cells, drName)}
	in.Role = gonghui.DirectorRole(choiceCell(v, "role", gonghui.DirectorRoles, h.cell(cells, drRole)))
	dateCell(v, "since", h.cell(cells, drSince), &in.Since)
	dateCell(v, "until", h.cell(cells, drUntil), &in.Until)
	code := h.cell(cells, drUnit)
	if code == "" {
		v.Add("unit_id", "请填写单位统一社会信用代码", "the unit's USCC is required")
	}
	return in, code
}

func prepareDirector(ctx context.Context, e *env, cells []string) (gonghui.DirectorInput, error) {
	v := &gonghui.ValidationError{}
	in, code := parseDirector(e.h, cells, v)
	var err error
	if in.UnitID, err = e.res.unit(ctx, code); addFieldErrors(v, err) != nil {
		return in, err
	}
	in.Validate(v) // a field refused above keeps its first reason
	return in, v.Err()
}
