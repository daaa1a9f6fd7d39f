package importer

import (
	"context"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/uscc"
)

// Columns of the employer-register template.
const (
	ecUSCC = iota
	ecName
	ecLegalForm
	ecOwnership
	ecStaff
	ecAddress
	ecRegion
	ecIndustry
	ecRegistered
	ecStatus
	ecLeft
)

var employerColumns = []column{
	ecUSCC:      {header: "统一社会信用代码", aliases: []string{"信用代码", "uscc"}, field: "uscc", required: true, example: exampleUSCC},
	ecName:      {header: "单位名称", aliases: []string{"企业名称", "名称", "name"}, field: "name", required: true, example: "示例科技有限公司"},
	ecLegalForm: {header: "企业类型", aliases: []string{"市场主体类型", "组织形式", "legal_form"}, field: "legal_form", required: true, example: "有限责任公司", choices: choiceNames(gonghui.LegalForms)},
	ecOwnership: {header: "经济类型", aliases: []string{"所有制类型", "登记注册类型", "ownership"}, field: "ownership", required: true, example: "私营", choices: choiceNames(ownerships)},
	ecStaff:     {header: "职工人数", aliases: []string{"从业人数", "从业人员", "staff_count"}, field: "staff_count", required: true, example: "120"},
	ecAddress:   {header: "地址", aliases: []string{"住所", "经营场所", "address"}, field: "address", example: "北京市朝阳区建国门外大街1号"},
	ecRegion: {header: "所在街道代码", aliases: []string{"行政区划代码", "街道代码", "region_code"}, field: "region_code", required: true, example: "110105001",
		note: "街道（乡镇）9位代码，或区的6位代码 / the 9-digit street code, or the district's 6 digits"},
	ecIndustry:   industryColumn,
	ecRegistered: {header: "成立日期", aliases: []string{"注册日期", "登记日期", "registered_on"}, field: "registered_on", example: "2012-03-15"},
	ecStatus:     {header: "登记状态", aliases: []string{"经营状态", "状态", "status"}, field: "status", example: "存续", choices: choiceNames(gonghui.EmployerStatuses)},
	ecLeft:       {header: "注销日期", aliases: []string{"注（吊）销日期", "迁出日期", "left_on"}, field: "left_on", note: "吊销、注销、迁出之日 / the day the employer left"},
}

// Employers imports the employer register (单位名录) from the market
// regulator's or the statistics bureau's lists; re-importing refreshes it
// and leaves what cadres added.
var Employers Job = &kind[gonghui.EmployerInput]{
	name:      "employers",
	table:     "employers",
	columns:   employerColumns,
	orgColumn: -1,
	note:      "单位按统一社会信用代码与已建会单位匹配；联系人、备注等工会填写的信息不会被覆盖 / employers are matched to covered units by USCC; what cadres added is kept",
	prepare:   prepareEmployer,
	identity:  func(in gonghui.EmployerInput) string { return in.USCC },
	duplicate: sameAs("uscc", "与第%d行是同一单位", "same employer as line %d"),
	newWriter: writerOf[gonghui.EmployerInput]((*store.Store).NewEmployerWriter),
}

func init() { register(35, Employers) }

func prepareEmployer(_ context.Context, e *env, cells []string) (gonghui.EmployerInput, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	in := gonghui.EmployerInput{USCC: uscc.Normalize(h.cell(cells, ecUSCC)), Name: h.cell(cells, ecName), Address: h.cell(cells, ecAddress),
		RegionCode: h.cell(cells, ecRegion), IndustryCode: h.cell(cells, ecIndustry)}
	if in.USCC == "" {
		v.Add("uscc", "请填写统一社会信用代码", "the USCC is required")
	}
	in.LegalForm = choiceCell(v, "legal_form", gonghui.LegalForms, h.cell(cells, ecLegalForm))
	in.Ownership = gonghui.Ownership(choiceCell(v, "ownership", ownerships, h.cell(cells, ecOwnership)))
	in.Status = choiceCell(v, "status", gonghui.EmployerStatuses, h.cell(cells, ecStatus))
	if staff := h.cell(cells, ecStaff); staff == "" {
		v.Add("staff_count", "请填写职工人数", "the staff count is required")
	} else {
		in.StaffCount = intCell(v, "staff_count", staff)
	}
	dateCell(v, "registered_on", h.cell(cells, ecRegistered), &in.RegisteredOn)
	dateCell(v, "left_on", h.cell(cells, ecLeft), &in.LeftOn)
	in.Normalize()
	in.Validate(v, e.today)
	return in, v.Err()
}
