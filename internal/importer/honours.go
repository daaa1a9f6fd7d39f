package importer

import (
	"strconv"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the honours template.
const (
	hoKind = iota
	hoLevel
	hoYear
	hoOrg
	hoTeam
	hoName
	hoID
	hoCategory
	hoUnit
	hoAwarded
)

var honourColumns = []column{
	hoKind:     {header: "荣誉类型", aliases: []string{"荣誉称号", "称号", "kind"}, field: "kind", required: true, example: "劳动模范", choices: choiceNames(gonghui.HonourKinds)},
	hoLevel:    {header: "级别", aliases: []string{"荣誉级别", "level"}, field: "level", required: true, example: "市级", choices: choiceNames(gonghui.HonourLevels)},
	hoYear:     {header: "年度", aliases: []string{"评选年度", "year"}, field: "year", required: true, example: "2015"},
	hoOrg:      {header: "工会", aliases: []string{"工会代码", "获奖工会", "推荐工会", "org"}, field: "org_id", required: true, example: "GH000123", note: "授予的工会，或保管个人称号的工会 / the union awarded, or keeping a person's title"},
	hoTeam:     {header: "车间（班组）", aliases: []string{"车间", "班组", "team_name"}, field: "team_name", note: "模范职工小家填写 / for a model small home"},
	hoName:     {header: "姓名", aliases: []string{"获奖人", "person_name"}, field: "person_name", example: "张三"},
	hoID:       {header: "公民身份号码", aliases: []string{"身份证号", "身份证号码", "id_number"}, field: "id_number"},
	hoCategory: {header: "类别", aliases: []string{"人员类别", "category"}, field: "category", example: "一线职工", choices: choiceNames(gonghui.HonourCategories)},
	hoUnit:     {header: "工作单位", aliases: []string{"单位", "unit_name"}, field: "unit_name", example: "示例科技有限公司"},
	hoAwarded:  {header: "授予日期", aliases: []string{"表彰日期", "awarded_on"}, field: "awarded_on", required: true, example: "2015-04-28"},
}

// Honours imports award lists and the model-worker roll as the federation
// keeps them in Excel; a title on record is left alone.
var Honours Job = &kind[gonghui.HonourInput]{
	name:      "honours",
	table:     "honours",
	columns:   honourColumns,
	orgColumn: hoOrg,
	prepare:   checkedRow(parseHonour, func(in *gonghui.HonourInput) *int64 { return &in.Recipient.OrgID }),
	identity: func(in gonghui.HonourInput) string {
		r := in.Recipient
		return in.Kind + "\x00" + in.Level + "\x00" + strconv.Itoa(in.Year) + "\x00" + strconv.FormatInt(r.OrgID, 10) + "\x00" + r.TeamName + "\x00" + r.IDNumber
	},
	duplicate: sameAs("year", "与第%d行是同一获得者的同一称号", "the same title of the same recipient as line %d"),
	newWriter: writerOf[gonghui.HonourInput]((*store.Store).NewHonourWriter),
}

func init() { register(90, Honours) }

// parseHonour reads a row without the database; the union is returned
// as its reference.
func parseHonour(h headerMap, cells []string, v *gonghui.ValidationError) (gonghui.HonourInput, string) {
	in := gonghui.HonourInput{Year: intCell(v, "year", h.cell(cells, hoYear)),
		Recipient: gonghui.HonourRecipient{TeamName: h.cell(cells, hoTeam), PersonName: h.cell(cells, hoName), IDNumber: h.cell(cells, hoID),
			UnitName: h.cell(cells, hoUnit)}}
	in.Kind = choiceCell(v, "kind", gonghui.HonourKinds, h.cell(cells, hoKind))
	in.Level = choiceCell(v, "level", gonghui.HonourLevels, h.cell(cells, hoLevel))
	in.Recipient.Category = choiceCell(v, "category", gonghui.HonourCategories, h.cell(cells, hoCategory))
	dateCell(v, "awarded_on", h.cell(cells, hoAwarded), &in.AwardedOn)
	return in, h.cell(cells, hoOrg)
}
