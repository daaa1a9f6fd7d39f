package i18n

// statsTexts are the texts of the statistics.
var statsTexts = map[string][2]string{
	"stats.district_map":       {"各区分布", "By district"},
	"stats.map_figure":         {"地图显示的指标", "The figure the map shows"},
	"stats.map_hint":           {"点击某区进入该区的统计；按建会率、职工董事（监事）建制率着色时，进入该区的未建会单位或相应单位名单。", "Click a district to open its figures; coloured by a unionization or employee director (supervisor) rate, to open the district's employers without a union or the units the rate counts."},
	"nav.stats":                {"统计", "Statistics"},
	"stats.figures":            {"主要指标", "Headline figures"},
	"stats.by_child":           {"按下一级", "By next level"},
	"stats.units_by_ownership": {"单位按经济类型", "Units by ownership"},
	"stats.units_by_industry":  {"单位按行业门类", "Units by industry section"},
	"stats.by_employment":      {"会员按就业形式", "Members by form of employment"},
	"stats.members_by_age":     {"会员按年龄段", "Members by age"},
	"stats.members_joined":     {"近12个月每月入会人数", "Members joined per month, last 12 months"},
	"stats.joined":             {"入会人数", "Joined"},
	"stats.not_recorded":       {"未填", "Not recorded"},
	"stats.data":               {"数据", "Data"},
	"stats.compare_date":       {"对比日期", "Compare with date"},
	"stats.versus":             {"对比工会", "Compare with union"},
	"stats.change":             {"变化", "Change"},
	"stats.indicator":          {"指标", "Indicator"},
	"stats.export_xlsx":        {"导出Excel", "Export XLSX"},
}

func init() { register(statsTexts) }
