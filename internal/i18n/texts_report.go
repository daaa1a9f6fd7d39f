package i18n

// reportTexts are the texts of the work report.
var reportTexts = map[string][2]string{
	"nav.report":         {"报告", "Report"},
	"report.title":       {"工作报告数据", "Work report figures"},
	"report.year":        {"年度", "Year"},
	"report.org":         {"工会（代码或ID）", "Union (code or ID)"},
	"report.date_hint":   {"留空为该年12月31日", "Empty: 31 December of the year"},
	"report.as_of":       {"统计日期", "Counted on"},
	"report.download":    {"下载", "Download"},
	"report.sentences":   {"报告语句", "Report sentences"},
	"report.figures":     {"指标数据", "Figures"},
	"report.name":        {"指标名称", "Indicator"},
	"report.value":       {"数值", "Value"},
	"report.exact":       {"精确值", "Exact value"},
	"report.unit":        {"单位", "Unit"},
	"report.no_chromium": {"生成PDF需要在服务器上安装Chromium（Debian软件包 chromium），当前未安装。", "PDF output needs Chromium on the server (Debian package chromium), which is not installed."},
}

func init() { register(reportTexts) }
