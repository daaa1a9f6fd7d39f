package importer

import (
	"context"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/uscc"
)

// Columns of the outreach template.
const (
	orKind = iota
	orOrg
	orPlaceKind
	orPlace
	orAddress
	orRegion
	orHeld
	orEmployers
	orWorkers
	orRecruited
)

var outreachColumns = []column{
	orKind:      {header: "活动类型", aliases: []string{"类型", "kind"}, field: "kind", required: true, example: "职工沟通会", choices: choiceNames(gonghui.OutreachKinds)},
	orOrg:       {header: "组织工会", aliases: []string{"组织工会代码", "主办工会", "org"}, field: "org_id", required: true, example: "BJ05"},
	orPlaceKind: {header: "场所类型", aliases: []string{"place_kind"}, field: "place_kind", required: true, example: "楼宇", choices: choiceNames(gonghui.OutreachPlaceKinds)},
	orPlace:     {header: "场所名称", aliases: []string{"地点", "楼宇（社区、园区）名称", "place_name"}, field: "place_name", required: true, example: "国贸大厦"},
	orAddress:   {header: "地址", aliases: []string{"详细地址", "address"}, field: "address", required: true, example: "北京市朝阳区建国门外大街1号"},
	orRegion: {header: "所在街道代码", aliases: []string{"行政区划代码", "街道代码", "region_code"}, field: "region_code", required: true, example: "110105001",
		note: "街道（乡镇）9位代码，或区的6位代码 / the 9-digit street code, or the district's 6 digits"},
	orHeld: {header: "活动日期", aliases: []string{"日期", "held_on"}, field: "held_on", required: true, example: "2018-04-20"},
	orEmployers: {header: "覆盖单位统一社会信用代码", aliases: []string{"覆盖单位", "employers"}, field: "employer_ids",
		note: "单位名录中的单位，多个用分号分隔 / employers of the register, separated by semicolons"},
	orWorkers:   {header: "覆盖职工人数", aliases: []string{"职工人数", "workers_reached"}, field: "workers_reached", example: "120"},
	orRecruited: {header: "新入会人数", aliases: []string{"入会人数", "members_recruited"}, field: "members_recruited", example: "15"},
}

// OutreachEvents imports outreach events (职工沟通会 …) where workers
// gather; an event is known by its union, day, kind and place, so that
// importing it again changes nothing.
var OutreachEvents Job = &kind[gonghui.OutreachEventInput]{
	name:      "outreach-events",
	table:     "outreach_events",
	columns:   outreachColumns,
	orgColumn: orOrg,
	prepare:   prepareOutreach,
	identity: func(in gonghui.OutreachEventInput) string {
		return strings.Join([]string{strconv.FormatInt(in.OrgID, 10), in.HeldOn.String(), in.Kind, in.PlaceName}, "\x00")
	},
	duplicate: sameAs("place_name", "与第%d行是同一工会同日同地的同类活动", "same union, day, kind and place as line %d"),
	newWriter: writerOf[gonghui.OutreachEventInput]((*store.Store).NewOutreachWriter),
}

func init() { register(75, OutreachEvents) }

func prepareOutreach(ctx context.Context, e *env, cells []string) (gonghui.OutreachEventInput, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	in := gonghui.OutreachEventInput{PlaceName: h.cell(cells, orPlace), Address: h.cell(cells, orAddress), RegionCode: h.cell(cells, orRegion)}
	in.Kind = choiceCell(v, "kind", gonghui.OutreachKinds, h.cell(cells, orKind))
	in.PlaceKind = choiceCell(v, "place_kind", gonghui.OutreachPlaceKinds, h.cell(cells, orPlaceKind))
	dateCell(v, "held_on", h.cell(cells, orHeld), &in.HeldOn)
	in.WorkersReached = intCell(v, "workers_reached", h.cell(cells, orWorkers))
	in.MembersRecruited = intCell(v, "members_recruited", h.cell(cells, orRecruited))
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, orOrg)); addFieldErrors(v, err) != nil {
		return in, err
	}
	var codes []string
	for _, c := range splitList(h.cell(cells, orEmployers)) {
		codes = append(codes, uscc.Normalize(c))
	}
	ids, unknown, err := e.st.EmployerIDsByUSCC(ctx, e.a, codes)
	if err != nil {
		return in, err
	}
	if len(unknown) > 0 {
		list := strings.Join(unknown, "、")
		v.Add("employer_ids", "单位名录中不存在或不在您管辖范围内的单位："+list, "employers not in the register of your scope: "+list)
	}
	in.EmployerIDs = ids
	in.Normalize()
	in.Validate(v, e.today)
	return in, v.Err()
}
