package i18n

// outreachTexts are the texts of outreach where workers gather.
var outreachTexts = map[string][2]string{
	"nav.outreach":                 {"职工聚集区域", "Where workers gather"},
	"outreach.new":                 {"登记活动", "Record an event"},
	"outreach.kind":                {"活动类型", "Kind of event"},
	"outreach.org":                 {"主办工会", "Organizing union"},
	"outreach.org_code":            {"主办工会代码", "Organizing union code"},
	"outreach.held_on":             {"活动日期", "Held on"},
	"outreach.place_kind":          {"场所类型", "Kind of place"},
	"outreach.place_name":          {"场所名称", "Place"},
	"outreach.address":             {"地址", "Address"},
	"outreach.street":              {"所在街道", "Street"},
	"outreach.district":            {"所在区", "District"},
	"outreach.employers":           {"覆盖单位", "Employers reached"},
	"outreach.employers_uscc":      {"覆盖单位（统一社会信用代码，每行一个）", "Employers reached (USCC, one a line)"},
	"outreach.workers_reached":     {"覆盖职工人数", "Workers reached"},
	"outreach.members_recruited":   {"发展会员人数", "Members recruited"},
	"outreach.search_hint":         {"场所名称或地址", "Place or address"},
	"outreach.from":                {"起始日期", "From"},
	"outreach.to":                  {"截止日期", "To"},
	"import.kind.outreach-events":  {"职工沟通会等活动", "Outreach events"},
	"outreach.new_employment":      {"新就业形态会员", "Members in new forms of employment"},
	"outreach.new_employment_hint": {"就业形态为新就业形态的在册会员，按所在单位（平台企业）和单位所在区统计；选择行业工会即看其覆盖情况。", "Members on the day whose form of employment is new forms of employment, by their unit (the platform company) and its district; pick an industry federation to see its reach."},
	"outreach.on":                  {"统计日期", "On"},
	"outreach.platform":            {"平台企业（所在单位）", "Platform company (unit)"},
	"outreach.members":             {"会员人数", "Members"},
	"outreach.no_unit":             {"未登记单位", "No unit recorded"},
	"audit.action.outreach.create": {"登记了", "recorded"},
	"audit.action.outreach.update": {"修改了", "changed"},
	"audit.record.outreach_event":  {"职工聚集区域活动", "outreach event"},
}

func init() { register(outreachTexts) }
