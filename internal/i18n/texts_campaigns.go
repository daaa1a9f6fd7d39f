package i18n

// campaignsTexts are the texts of the unionization campaigns.
var campaignsTexts = map[string][2]string{
	"nav.campaigns":                {"建会攻坚", "Unionization campaigns"},
	"campaign.new":                 {"发起建会攻坚", "Start a campaign"},
	"campaign.name":                {"名称", "Name"},
	"campaign.org":                 {"组织工会", "Running union"},
	"campaign.org_code":            {"组织工会代码", "Running union's code"},
	"campaign.starts_on":           {"开始日期", "Starts on"},
	"campaign.ends_on":             {"截止日期", "Ends on"},
	"campaign.targets":             {"攻坚单位", "Target employers"},
	"campaign.progress":            {"进展", "Progress"},
	"campaign.by_district":         {"各区进展", "Progress by district"},
	"campaign.district":            {"区", "District"},
	"campaign.pending":             {"未走访", "Not yet visited"},
	"campaign.assignee":            {"负责人", "Assigned to"},
	"campaign.due_on":              {"完成期限", "Due"},
	"campaign.outcome":             {"结果", "Outcome"},
	"campaign.visits":              {"走访次数", "Visits"},
	"campaign.visit":               {"记录走访", "Record a visit"},
	"campaign.visited_on":          {"走访日期", "Visited on"},
	"campaign.note":                {"走访记录", "Note"},
	"campaign.found":               {"建会", "Found the union"},
	"campaign.found_union":         {"覆盖该单位的工会代码（新建基层工会或联合工会）", "Code of the covering union (a new grassroots union or a joint union)"},
	"campaign.assign":              {"分配", "Assign"},
	"campaign.assign_user":         {"干部用户名", "Cadre's username"},
	"campaign.assign_org":          {"或产业（行业）工会代码", "or industry federation's code"},
	"campaign.filter":              {"攻坚范围（未建会单位）", "Targets (employers without a union)"},
	"campaign.inbox":               {"建会攻坚单位即将到期", "Campaign employers due soon"},
	"audit.action.campaign.create": {"发起了建会攻坚", "started the campaign"},
	"audit.action.campaign.assign": {"分配了攻坚单位", "assigned the campaign employer"},
	"audit.action.campaign.visit":  {"记录了走访", "recorded a visit to"},
	"audit.action.campaign.found":  {"记录了建会", "recorded the founding at"},
	"audit.record.campaign":        {"建会攻坚", "campaign"},
	"audit.record.campaign_target": {"攻坚单位", "campaign employer"},
}

func init() { register(campaignsTexts) }
