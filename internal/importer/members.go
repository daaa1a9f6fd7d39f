package importer

import (
	"context"
	"strings"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the member template.
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
)

var memberColumns = []column{
	colName:       {header: "姓名", aliases: []string{"会员姓名", "name"}, field: "name", required: true, example: "张伟"},
	colID:         {header: "公民身份号码", aliases: []string{"身份证号码", "身份证号", "公民身份证号码", "id_number"}, field: "id_number", required: true, example: exampleID},
	colPhone:      {header: "手机号码", aliases: []string{"手机", "手机号", "联系电话", "phone"}, field: "phone", example: "13800000000"},
	colSex:        {header: "性别", aliases: []string{"sex"}, field: "sex", example: "男", choices: []string{"男", "女"}},
	colEthnicity:  {header: "民族", aliases: []string{"ethnicity"}, field: "ethnicity", example: "汉族", choices: gonghui.Ethnicities},
	colEducation:  {header: "学历", aliases: []string{"文化程度", "education"}, field: "education", example: "大学本科", choices: choiceNames(gonghui.Educations)},
	colPolitical:  {header: "政治面貌", aliases: []string{"political"}, field: "political", example: "群众", choices: choiceNames(gonghui.PoliticalStatuses)},
	colHousehold:  {header: "户籍类型", aliases: []string{"户口性质", "户籍性质", "household"}, field: "household", example: "城镇", choices: choiceNames(gonghui.Households)},
	colEmployment: {header: "就业形态", aliases: []string{"用工形式", "employment"}, field: "employment", example: "劳动合同", choices: choiceNames(gonghui.Employments)},
	colUnit:       {header: "单位统一社会信用代码", aliases: []string{"单位代码", "工作单位统一社会信用代码", "unit_uscc"}, field: "unit_id", note: "已登记单位的统一社会信用代码 / a registered unit's USCC"},
	colOrg:        {header: "所属工会", aliases: []string{"工会代码", "所属工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	colJoined:     {header: "入会日期", aliases: []string{"入会时间", "joined_on"}, field: "joined_on", required: true, example: "2017-03-01"},
	colCard:       {header: "会员卡号", aliases: []string{"互助服务卡号", "服务卡号", "card_no"}, field: "card_no"},
}

// exampleID is a synthetic citizen ID number with a valid check character
// (area 110105, born 1990-03-07); it belongs to no one.
const exampleID = "110105199003071239"

// Members imports the real-name member register.
var Members Job = &kind[store.SealedMember]{
	name:      "members",
	table:     "memberships",
	columns:   memberColumns,
	orgColumn: colOrg,
	note: "会员导出默认隐去身份证号码和手机号码，这样的表格不能再导入；可查看个人信息的角色导出的完整表格可以修改后再导入。 / " +
		"A member export masks ID numbers and phones unless your role may reveal them: a masked sheet cannot be imported back, a revealed one can.",
	prepare:   prepareMember,
	identity:  func(sp store.SealedMember) string { return string(sp.IDIndex()) },
	duplicate: sameAs("id_number", "与第%d行是同一人", "same person as line %d"),
	newWriter: writerOf[store.SealedMember]((*store.Store).NewMemberWriter),
}

// prepareMember reads a row into a member, resolving the union and unit,
// validating, and sealing the personal data; every problem of the row is
// reported at once.
func prepareMember(ctx context.Context, e *env, cells []string) (store.SealedMember, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	in := gonghui.MemberInput{
		Name: h.cell(cells, colName), IDNumber: h.cell(cells, colID), Phone: h.cell(cells, colPhone),
		Sex: h.cell(cells, colSex), Ethnicity: h.cell(cells, colEthnicity), Education: h.cell(cells, colEducation),
		Political: h.cell(cells, colPolitical), Household: h.cell(cells, colHousehold), Employment: h.cell(cells, colEmployment),
		CardNo: h.cell(cells, colCard),
	}
	dateCell(v, "joined_on", h.cell(cells, colJoined), &in.JoinedOn)
	refuseMasked(v, "id_number", in.IDNumber)
	refuseMasked(v, "phone", in.Phone)
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, colOrg)); addFieldErrors(v, err) != nil {
		return store.SealedMember{}, err
	}
	if in.UnitID, err = e.res.unit(ctx, h.cell(cells, colUnit)); addFieldErrors(v, err) != nil {
		return store.SealedMember{}, err
	}
	cm, err := gonghui.CheckMember(in, e.today)
	if addFieldErrors(v, err) != nil {
		return store.SealedMember{}, err
	}
	if err := v.Err(); err != nil {
		return store.SealedMember{}, err
	}
	return e.st.Seal(cm), nil
}

// refuseMasked refuses a cell of a masked export ("110105********1239",
// "138****0000"): the digits behind the stars are not in the sheet, and
// read as a number it would be another person's.
func refuseMasked(v *gonghui.ValidationError, field, cell string) {
	if strings.ContainsAny(cell, "*＊") {
		v.Add(field, "此格是隐去的个人信息（含“*”），不能导入：请使用可查看个人信息的角色导出的完整表格，或填写完整号码",
			`this cell is masked personal data (it holds "*") and cannot be imported: use a sheet exported in full by a role that may reveal personal data, or enter the whole number`)
	}
}

func init() { register(10, Members) }
