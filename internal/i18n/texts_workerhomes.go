package i18n

// workerhomesTexts are the texts of the worker-home register.
var workerhomesTexts = map[string][2]string{
	"nav.workerhomes":                {"职工之家", "Worker homes"},
	"workerhome.new":                 {"登记职工之家（驿站）", "Register a worker home or station"},
	"workerhome.name":                {"名称", "Name"},
	"workerhome.kind":                {"类型", "Kind"},
	"workerhome.org":                 {"所属工会", "Host union"},
	"workerhome.org_code":            {"所属工会代码", "Host union code"},
	"workerhome.address":             {"地址", "Address"},
	"workerhome.opening_hours":       {"开放时间", "Opening hours"},
	"workerhome.location":            {"位置", "Location"},
	"workerhome.lat":                 {"纬度（WGS-84）", "Latitude (WGS-84)"},
	"workerhome.lng":                 {"经度（WGS-84）", "Longitude (WGS-84)"},
	"workerhome.opened_on":           {"启用日期", "Opened on"},
	"workerhome.closed_on":           {"停用日期", "Closed on"},
	"workerhome.search_hint":         {"名称或地址", "Name or address"},
	"workerhome.district":            {"所在区", "District"},
	"workerhome.all_kinds":           {"全部类型", "All kinds"},
	"workerhome.with_closed":         {"含已停用", "Include closed"},
	"import.kind.workerhomes":        {"职工之家（驿站）", "Worker homes and stations"},
	"audit.action.workerhome.create": {"登记了", "registered"},
	"audit.action.workerhome.update": {"修改了", "changed"},
	"audit.record.worker_home":       {"职工之家（驿站）", "worker home"},
}

func init() { register(workerhomesTexts) }
