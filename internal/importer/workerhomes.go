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
	whCode
	whStatus
	whPartner
	whContact
	whPhone
	whServices
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
	whCode: {header: "驿站编码", aliases: []string{"编码", "阵地编码", "编号", "code"}, field: "code", example: "CY-0001",
		note: "留空由系统分配；再次导入按编码更新 / empty: gonghui assigns one; a re-import updates the station of the code"},
	whStatus:   {header: "状态", aliases: []string{"运行状态", "status"}, field: "status", example: "开放", choices: choiceNames(gonghui.StationStatuses)},
	whPartner:  {header: "合作单位", aliases: []string{"承建单位", "共建单位", "partner"}, field: "partner", example: "某银行建外支行"},
	whContact:  {header: "联系人", aliases: []string{"负责人", "contact_name"}, field: "contact_name", example: "王经理"},
	whPhone:    {header: "联系电话", aliases: []string{"电话", "联系方式", "contact_phone"}, field: "contact_phone", example: "13800000000"},
	whServices: {header: "服务项目", aliases: []string{"服务内容", "服务功能", "services"}, field: "services", example: "饮水、热饭、充电、休息"},
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
		if in.Code != "" {
			return "code\x00" + in.Code
		}
		return strconv.FormatInt(in.OrgID, 10) + "\x00" + in.Name
	},
	duplicate: sameAs("name", "与第%d行是同一工会的同名阵地", "same union and name as line %d"),
	newWriter: writerOf[gonghui.WorkerHomeInput]((*store.Store).NewWorkerHomeWriter),
}

func init() { register(70, WorkerHomes) }

func prepareWorkerHome(ctx context.Context, e *env, cells []string) (gonghui.WorkerHomeInput, error) {
	h := e.h
	v := &gonghui.ValidationError{}
	in := gonghui.WorkerHomeInput{Code: h.cell(cells, whCode), Name: h.cell(cells, whName), Address: h.cell(cells, whAddress),
		RegionCode: h.cell(cells, whRegion), OpeningHours: h.cell(cells, whHours), Partner: h.cell(cells, whPartner),
		ContactName: h.cell(cells, whContact), ContactPhone: h.cell(cells, whPhone)}
	in.Kind = choiceCell(v, "kind", gonghui.WorkerHomeKinds, h.cell(cells, whKind))
	if st := h.cell(cells, whStatus); st != "" {
		in.Status = choiceCell(v, "status", gonghui.StationStatuses, st)
	}
	services, unknown := gonghui.ParseServices(h.cell(cells, whServices))
	in.Services = append(services, unknown...) // Validate names the unknown ones
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
