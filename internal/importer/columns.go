// Package importer brings spreadsheets of members into gonghui: CSV in any
// of the encodings Chinese Excel writes and XLSX, columns found by their
// Chinese header names in any order, every bad row reported with its line,
// column and reason, and the good rows saved — or none, by choice.
// Importing the same file twice changes nothing the second time.
package importer

import (
	"strings"

	"gonghui"
)

// column is one column of the member template.
type column struct {
	header   string   // the template's Chinese header
	aliases  []string // other headers seen in real files, and the JSON field name
	field    string   // the MemberInput JSON field its errors name
	required bool
	example  string
	choices  []string // drop-down values for the template
}

// Columns of the member template, in template order.
const (
	colName = iota
	colID
	colPhone
	colSex
	colEthnicity
	colEducation
	colPolitical
	colHousehold
	colEmployment
	colUnit
	colOrg
	colJoined
	colCard
	numColumns
)

func choiceNames(list []gonghui.Choice) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.Name.Zh
	}
	return out
}

var columns = [numColumns]column{
	colName:       {header: "姓名", aliases: []string{"会员姓名", "name"}, field: "name", required: true, example: "张伟"},
	colID:         {header: "公民身份号码", aliases: []string{"身份证号码", "身份证号", "公民身份证号码", "id_number"}, field: "id_number", required: true},
	colPhone:      {header: "手机号码", aliases: []string{"手机", "手机号", "联系电话", "phone"}, field: "phone", example: "13800000000"},
	colSex:        {header: "性别", aliases: []string{"sex"}, field: "sex", example: "男", choices: []string{"男", "女"}},
	colEthnicity:  {header: "民族", aliases: []string{"ethnicity"}, field: "ethnicity", example: "汉族", choices: gonghui.Ethnicities},
	colEducation:  {header: "学历", aliases: []string{"文化程度", "education"}, field: "education", example: "大学本科", choices: choiceNames(gonghui.Educations)},
	colPolitical:  {header: "政治面貌", aliases: []string{"political"}, field: "political", example: "群众", choices: choiceNames(gonghui.PoliticalStatuses)},
	colHousehold:  {header: "户籍类型", aliases: []string{"户口性质", "户籍性质", "household"}, field: "household", example: "城镇", choices: choiceNames(gonghui.Households)},
	colEmployment: {header: "就业形态", aliases: []string{"用工形式", "employment"}, field: "employment", example: "劳动合同", choices: choiceNames(gonghui.Employments)},
	colUnit:       {header: "单位统一社会信用代码", aliases: []string{"单位代码", "工作单位统一社会信用代码", "unit_uscc"}, field: "unit_id"},
	colOrg:        {header: "所属工会", aliases: []string{"工会代码", "所属工会代码", "org"}, field: "org_id", required: true},
	colJoined:     {header: "入会日期", aliases: []string{"入会时间", "joined_on"}, field: "joined_on", required: true, example: "2017-03-01"},
	colCard:       {header: "会员卡号", aliases: []string{"互助服务卡号", "服务卡号", "card_no"}, field: "card_no"},
}

// Headers returns the template's header row.
func Headers() []string {
	out := make([]string, numColumns)
	for i, c := range columns {
		out[i] = c.header
	}
	return out
}

// normHeader folds a header cell for matching: spaces, a "*" marking
// required columns and full-width brackets are dropped.
func normHeader(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '*', '＊', '\t':
			return -1
		}
		return r
	}, s)
	return strings.ToLower(s)
}

// headerMap maps the file's header row to template columns: index[col] is
// the file column or -1. Unknown and repeated headers become warnings.
type headerMap struct {
	index    [numColumns]int
	names    [numColumns]string // the header as the file writes it
	warnings []string
}

func mapHeader(cells []string) headerMap {
	var h headerMap
	for i := range h.index {
		h.index[i] = -1
		h.names[i] = columns[i].header
	}
	lookup := map[string]int{}
	for i, c := range columns {
		lookup[normHeader(c.header)] = i
		for _, a := range c.aliases {
			lookup[normHeader(a)] = i
		}
	}
	for fi, cell := range cells {
		if strings.TrimSpace(cell) == "" {
			continue
		}
		col, ok := lookup[normHeader(cell)]
		switch {
		case !ok:
			h.warnings = append(h.warnings, "忽略未知列“"+cell+"” / ignored unknown column \""+cell+"\"")
		case h.index[col] >= 0:
			h.warnings = append(h.warnings, "列“"+cell+"”重复，仅使用第一列 / column \""+cell+"\" appears twice: the first is used")
		default:
			h.index[col], h.names[col] = fi, cell
		}
	}
	return h
}

// cell returns the value of a template column in a row.
func (h headerMap) cell(cells []string, col int) string {
	i := h.index[col]
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// columnFor returns the file's header for a MemberInput field.
func (h headerMap) columnFor(field string) string {
	for i, c := range columns {
		if c.field == field {
			return h.names[i]
		}
	}
	return field
}
