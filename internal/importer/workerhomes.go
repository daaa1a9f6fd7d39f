package importer

import (
	"context"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
)

// Columns of the worker-home template.
const (
	whName = iota
	whKind
	whOrg
	whAddress
	whRegion
	whHours
	whLat
	whLng
	whOpened
	whClosed
)

var workerHomeColumns = []column{
	whName:    {header: "名称", aliases: []string{"阵地名称", "职工之家名称", "驿站名称", "name"}, field: "name", required: true, example: "示例科技有限公司职工之家"},
	whKind:    {header: "类型", aliases: []string{"阵地类型", "kind"}, field: "kind", required: true, example: "职工之家", choices: choiceNames(gonghui.WorkerHomeKinds)},
	whOrg:     {header: "所属工会", aliases: []string{"所属工会代码", "建设工会", "org"}, field: "org_id", required: true, example: "GH000123"},
	whAddress: {header: "地址", aliases: []string{"详细地址", "address"}, field: "address", required: true, example: "北京市朝阳区建国门外大街1号"},
	whRegion:  regionColumn,
	whHours:   {header: "开放时间", aliases: []string{"开放时段", "opening_hours"}, field: "opening_hours", example: "周一至周五 9:00-18:00"},
	whLat:     {header: "纬度", aliases: []string{"纬度(WGS-84)", "lat"}, field: "location.lat", example: "39.908722"},
	whLng:     {header: "经度", aliases: []string{"经度(WGS-84)", "lng", "lon"}, field: "location.lng", example: "116.447229"},
	whOpened:  {header: "启用日期", aliases: []string{"建成日期", "opened_on"}, field: "opened_on", required: true, example: "2017-05-01"},
	whClosed:  {header: "停用日期", aliases: []string{"closed_on"}, field: "closed_on"},
}

// WorkerHomes imports the service network's places (职工之家, 驿站…), as
// the districts keep them in Excel.
var WorkerHomes Job = &kind[gonghui.WorkerHomeInput]{
	name:      "workerhomes",
	table:     "worker_homes",
	columns:   workerHomeColumns,
	orgColumn: whOrg,
	prepare:   prepareWorkerHome,
	identity: func(in gonghui.WorkerHomeInput) string {
		return strconv.FormatInt(in.OrgID, 10) + "\x00" + in.Name
	},
	duplicate: sameAs("name", "与第%d行是同一工会的同名阵地", "same union and name as line %d"),
	newWriter: writerOf[gonghui.WorkerHomeInput]((*store.Store).NewWorkerHomeWriter),
}

func init() { register(70, WorkerHomes) }

func prepareWorkerHome(ctx context.Context, e *env, cells []string) (gonghui.WorkerHomeInput, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	in := gonghui.WorkerHomeInput{Name: h.cell(cells, whName), Address: h.cell(cells, whAddress),
		RegionCode: h.cell(cells, whRegion), OpeningHours: h.cell(cells, whHours)}
	in.Kind = choiceCell(v, "kind", gonghui.WorkerHomeKinds, h.cell(cells, whKind))
	dateCell(v, "opened_on", h.cell(cells, whOpened), &in.OpenedOn)
	dateCell(v, "closed_on", h.cell(cells, whClosed), &in.ClosedOn)
	lat, lng := h.cell(cells, whLat), h.cell(cells, whLng)
	switch {
	case lat == "" && lng == "":
	case lat == "":
		v.Add("location.lat", "填写经度时须同时填写纬度", "a longitude needs its latitude")
	case lng == "":
		v.Add("location.lng", "填写纬度时须同时填写经度", "a latitude needs its longitude")
	default:
		la, lerr := gonghui.ParseFixed(lat, 6)
		lo, gerr := gonghui.ParseFixed(lng, 6)
		if lerr != nil {
			v.Add("location.lat", "纬度须为小数度数，如 39.908722", "the latitude must be decimal degrees, such as 39.908722")
		}
		if gerr != nil {
			v.Add("location.lng", "经度须为小数度数，如 116.447229", "the longitude must be decimal degrees, such as 116.447229")
		}
		if lerr == nil && gerr == nil {
			p := gonghui.GeoPointFromMicro(la, lo)
			in.Location = &p
		}
	}
	var err error
	if in.OrgID, err = e.res.org(ctx, h.cell(cells, whOrg)); addFieldErrors(v, err) != nil {
		return in, err
	}
	in.Normalize()
	in.Validate(v, e.today)
	return in, v.Err()
}
