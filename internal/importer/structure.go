package importer

import (
	"context"
	"errors"
	"fmt"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/uscc"
)

// Columns both the org and the unit templates have.
var (
	regionColumn   = column{header: "行政区划代码", aliases: []string{"行政区划", "区划代码", "region_code"}, field: "region_code", example: "110105", note: "GB/T 2260 行政区划代码（街道为 9 位） / a GB/T 2260 division code (9 digits for a street)"}
	industryColumn = column{header: "行业代码", aliases: []string{"行业分类代码", "国民经济行业代码", "industry_code"}, field: "industry_code", example: "65", note: "国民经济行业分类代码 / a GB/T 4754 industry code"}
	// pilotColumn confirms a USCC that fails its checksum as an early
	// pilot code; without 是 such a code is refused as a typo.
	pilotColumn = column{header: "试点代码确认", aliases: []string{"确认试点代码", "uscc_pilot_confirmed"}, field: "uscc_pilot_confirmed", choices: yesNo}
)

// exampleUSCC is a synthetic company USCC with a valid check character;
// it belongs to no one.
var exampleUSCC = func() string {
	body := "91110105000000001"
	c, _ := uscc.Checksum(body)
	return body + string(c)
}()

// choicesOf lists a coded domain type's keys with their names, as the
// org kinds and ownership types come.
func choicesOf[K ~string](keys []K, name func(K) gonghui.Message) []gonghui.Choice {
	out := make([]gonghui.Choice, 0, len(keys))
	for _, k := range keys {
		out = append(out, gonghui.Choice{Key: string(k), Name: name(k)})
	}
	return out
}

// orgKinds are the kinds an imported org may have: all but the city
// federation, which is only the root.
var orgKinds = choicesOf(gonghui.OrgKinds[1:], gonghui.OrgKind.Name)

var ownerships = choicesOf(gonghui.Ownerships, gonghui.Ownership.Name)

// Columns of the org template.
const (
	ocCode = iota
	ocName
	ocKind
	ocParent
	ocRegion
	ocIndustry
	ocUSCC
	ocChair
	ocFounded
	ocReported
	ocPilot
)

var orgColumns = []column{
	ocCode:     {header: "工会代码", aliases: []string{"组织代码", "code"}, field: "code", required: true, example: "GH000123"},
	ocName:     {header: "工会名称", aliases: []string{"组织名称", "工会组织名称", "name"}, field: "name", required: true, example: "示例科技有限公司工会"},
	ocKind:     {header: "组织类型", aliases: []string{"工会类型", "工会组织类型", "kind"}, field: "kind", required: true, example: "基层工会", choices: choiceNames(orgKinds)},
	ocParent:   {header: "上级工会代码", aliases: []string{"上级工会", "parent_code"}, field: "parent_id", required: true, example: "BJ05"},
	ocRegion:   regionColumn,
	ocIndustry: industryColumn,
	ocUSCC:     {header: "工会统一社会信用代码", aliases: []string{"工会信用代码", "统一社会信用代码", "uscc"}, field: "uscc"},
	ocChair:    {header: "工会主席", aliases: []string{"主席", "chair"}, field: "chair", example: "张伟"},
	ocFounded:  {header: "成立日期", aliases: []string{"成立时间", "建会日期", "founded_on"}, field: "founded_on", example: "2010-05-01"},
	ocReported: {header: "年报会员数", aliases: []string{"会员数", "会员人数", "reported_members"}, field: "reported_members", example: "120"},
	ocPilot:    pilotColumn,
}

// Orgs imports the union tree: a row's parent is a union already kept or
// one on an earlier line of the same file.
var Orgs Job = &kind[store.ImportedOrg]{
	name:      "orgs",
	table:     "orgs",
	columns:   orgColumns,
	orgColumn: ocParent,
	prepare:   prepareOrg,
	identity:  func(o store.ImportedOrg) string { return o.Code },
	duplicate: sameAs("code", "与第%d行是同一工会代码", "same code as line %d"),
	newWriter: writerOf[store.ImportedOrg]((*store.Store).NewOrgWriter),
}

// prepareOrg reads a row into an org. A parent the resolver cannot find is
// left to the writer by its code: it may be on an earlier line, not yet
// committed.
func prepareOrg(ctx context.Context, e *env, cells []string) (store.ImportedOrg, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	var io store.ImportedOrg
	in := &io.OrgInput
	in.Code, in.Name, in.Chair = h.cell(cells, ocCode), h.cell(cells, ocName), h.cell(cells, ocChair)
	in.Kind = gonghui.OrgKind(choiceCell(v, "kind", orgKinds, h.cell(cells, ocKind)))
	in.RegionCode, in.IndustryCode, in.USCC = h.cell(cells, ocRegion), h.cell(cells, ocIndustry), h.cell(cells, ocUSCC)
	in.USCCPilotConfirmed = yesCell(v, "uscc_pilot_confirmed", h.cell(cells, ocPilot))
	dateCell(v, "founded_on", h.cell(cells, ocFounded), &in.FoundedOn)
	if n := h.cell(cells, ocReported); n != "" {
		reported := intCell(v, "reported_members", n)
		in.ReportedMembers = &reported
	}
	ref := h.cell(cells, ocParent)
	id, err := e.res.org(ctx, ref)
	var ve *gonghui.ValidationError
	switch {
	case err == nil:
		in.ParentID = id
	case !errors.As(err, &ve):
		return io, err
	case ref != "":
		io.ParentRef = ref
	}
	in.Normalize()
	in.Validate(v)
	if io.ParentRef != "" {
		delete(v.Fields, "parent_id") // "parent required": the writer decides
	}
	return io, v.Err()
}

// Columns of the unit template.
const (
	ucUSCC = iota
	ucName
	ucOrg
	ucOwnership
	ucStaff
	ucRegion
	ucIndustry
	ucPilot
)

var unitColumns = []column{
	ucUSCC:      {header: "统一社会信用代码", aliases: []string{"单位统一社会信用代码", "信用代码", "uscc"}, field: "uscc", required: true, example: exampleUSCC},
	ucName:      {header: "单位名称", aliases: []string{"名称", "name"}, field: "name", required: true, example: "示例科技有限公司"},
	ucOrg:       {header: "所属工会代码", aliases: []string{"所属工会", "工会代码", "org"}, field: "org_id", required: true, example: "GH000123"},
	ucOwnership: {header: "经济类型", aliases: []string{"所有制类型", "登记注册类型", "ownership"}, field: "ownership", required: true, example: "私营", choices: choiceNames(ownerships)},
	ucStaff:     {header: "职工人数", aliases: []string{"职工数", "从业人数", "staff_count"}, field: "staff_count", required: true, example: "120"},
	ucRegion:    regionColumn,
	ucIndustry:  industryColumn,
	ucPilot:     pilotColumn,
}

// Units imports employer units and the unions that cover them.
var Units Job = &kind[gonghui.UnitInput]{
	name:      "units",
	table:     "units",
	columns:   unitColumns,
	orgColumn: ucOrg,
	prepare:   prepareUnit,
	identity:  func(in gonghui.UnitInput) string { return in.USCC },
	duplicate: sameAs("uscc", "与第%d行是同一单位", "same unit as line %d"),
	newWriter: writerOf[gonghui.UnitInput]((*store.Store).NewUnitWriter),
}

func prepareUnit(ctx context.Context, e *env, cells []string) (gonghui.UnitInput, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	in := gonghui.UnitInput{USCC: uscc.Normalize(h.cell(cells, ucUSCC)), Name: h.cell(cells, ucName),
		RegionCode: h.cell(cells, ucRegion), IndustryCode: h.cell(cells, ucIndustry)}
	in.Ownership = gonghui.Ownership(choiceCell(v, "ownership", ownerships, h.cell(cells, ucOwnership)))
	in.USCCPilotConfirmed = yesCell(v, "uscc_pilot_confirmed", h.cell(cells, ucPilot))
	if staff := h.cell(cells, ucStaff); staff == "" {
		v.Add("staff_count", "请填写职工人数", "the staff count is required")
	} else {
		in.StaffCount = intCell(v, "staff_count", staff)
	}
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, ucOrg)); addFieldErrors(v, err) != nil {
		return in, err
	}
	in.Normalize()
	in.Validate(v)
	return in, v.Err()
}

// Columns of the disclosure template.
const (
	dcUnit = iota
	dcEstablished
	dcEnded
)

var disclosureColumns = []column{
	dcUnit:        {header: "单位统一社会信用代码", aliases: []string{"统一社会信用代码", "unit_uscc"}, field: "unit_id", required: true, example: exampleUSCC},
	dcEstablished: {header: "建立日期", aliases: []string{"建制日期", "established_on"}, field: "established_on", required: true, example: "2015-05-01"},
	dcEnded:       {header: "终止日期", aliases: []string{"ended_on"}, field: "ended_on"},
}

// Disclosures imports units' affairs-disclosure systems (厂务公开).
var Disclosures Job = &kind[store.ImportedDisclosure]{
	name:      "disclosures",
	table:     "disclosures",
	columns:   disclosureColumns,
	orgColumn: -1,
	prepare:   prepareDisclosure,
	identity: func(d store.ImportedDisclosure) string {
		return fmt.Sprintf("%d/%s", d.UnitID, d.EstablishedOn)
	},
	duplicate: sameAs("established_on", "与第%d行是同一单位同一建立日期", "same unit and date of establishment as line %d"),
	newWriter: writerOf[store.ImportedDisclosure]((*store.Store).NewDisclosureWriter),
}

func prepareDisclosure(ctx context.Context, e *env, cells []string) (store.ImportedDisclosure, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	var d store.ImportedDisclosure
	dateCell(v, "established_on", h.cell(cells, dcEstablished), &d.EstablishedOn)
	dateCell(v, "ended_on", h.cell(cells, dcEnded), &d.EndedOn)
	code := h.cell(cells, dcUnit)
	if code == "" {
		v.Add("unit_id", "请填写单位统一社会信用代码", "the unit's USCC is required")
	}
	var err error
	if d.UnitID, err = e.res.unit(ctx, code); addFieldErrors(v, err) != nil {
		return d, err
	}
	if _, bad := v.Fields["established_on"]; !bad {
		gonghui.CheckDisclosureStart(v, d.EstablishedOn, e.today)
	}
	if _, bad := v.Fields["ended_on"]; !bad && !d.EndedOn.IsZero() {
		gonghui.CheckDisclosureEnd(v, d.EstablishedOn, d.EndedOn, gonghui.Date{}, e.today)
	}
	return d, v.Err()
}

func init() {
	register(20, Orgs)
	register(30, Units)
	register(60, Disclosures)
}
