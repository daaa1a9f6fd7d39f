package i18n

// projectTexts are the texts of service projects and their evaluation.
var projectTexts = map[string][2]string{
	"nav.projects":                 {"服务项目评估", "Service projects"},
	"project.new":                  {"登记服务项目", "Record a project"},
	"project.edit":                 {"编辑服务项目", "Edit the project"},
	"project.name":                 {"项目名称", "Name"},
	"project.org":                  {"开展工会", "Union"},
	"project.org_code":             {"开展工会（代码或名称）", "Union (code or name)"},
	"project.brand":                {"十大品牌", "A flagship brand"},
	"project.brand_only":           {"只看十大品牌", "Flagship brands only"},
	"project.description":          {"项目简介", "Description"},
	"project.weights":              {"评分权重（%）", "Weights (%)"},
	"project.weight_indicators":    {"指标完成", "Indicators"},
	"project.weight_members":       {"会员评价", "Members"},
	"project.weight_cadres":        {"干部评价", "Cadres"},
	"project.weights_hint":         {"三项权重之和为100；某项当年没有数据时，其权重按比例分给其他各项", "The weights sum to 100; a part without data in a year leaves its weight to the others in proportion"},
	"project.station_kind":         {"所运营的站点类型（其站点的会员评价计入本项目）", "Kind of station it runs (their members' ratings count for it)"},
	"project.years":                {"年度评估", "Yearly evaluation"},
	"project.year":                 {"年度", "Year"},
	"project.indicators":           {"指标（完成/目标）", "Indicators (reached/target)"},
	"project.score":                {"得分", "Score"},
	"project.score_hint":           {"得分（满分100）= 各项指标完成率（封顶100%）的平均值、会员和干部平均星级（5星为100）按权重加权", "Score (of 100): the indicators' mean attainment (capped at 100%) and the members' and cadres' mean stars (5 stars: 100), weighed"},
	"project.set_year":             {"填报年度指标", "Enter a year's indicators"},
	"project.indicator_lines":      {"每行一项：指标名称 目标值 完成值 单位", "One a line: name, target, reached, unit"},
	"project.rate":                 {"干部评价", "Rate as a cadre"},
	"project.stars":                {"星级", "Stars"},
	"project.comment":              {"评语", "Comment"},
	"project.rate_submit":          {"提交评价", "Rate"},
	"audit.action.project.create":  {"登记了", "recorded"},
	"audit.action.project.update":  {"修改了", "edited"},
	"audit.action.project.year":    {"填报了年度指标：", "entered a year's indicators of"},
	"audit.action.project.rate":    {"评价了", "rated"},
	"audit.record.service_project": {"服务项目", "service project"},
}

func init() { register(projectTexts) }
