package i18n

// importsTexts are the texts of imports.
var importsTexts = map[string][2]string{
	"nav.imports":             {"导入", "Imports"},
	"import.title":            {"导入", "Import"},
	"import.kind":             {"数据类型", "The file holds"},
	"import.kind.members":     {"会员", "Members"},
	"import.kind.contracts":   {"集体合同", "Collective contracts"},
	"import.kind.congresses":  {"职代会", "Workers' congresses"},
	"import.kind.orgs":        {"工会组织", "Union organizations"},
	"import.kind.units":       {"单位", "Units"},
	"import.kind.disclosures": {"厂务公开", "Affairs disclosure"},
	"import.file":             {"文件（CSV 或 Excel .xlsx）", "File (CSV or Excel .xlsx)"},
	"import.default_org":      {"未填所属工会的行归入（工会代码）", "Union for rows that name none (code)"},
	"import.dry_run":          {"试运行（只检查，不保存）", "Dry run (check only, save nothing)"},
	"import.all_or_nothing":   {"有错误行则全部不保存", "Save nothing if any row is refused"},
	"import.submit":           {"开始导入", "Start import"},
	"import.status":           {"导入状态", "Import status"},
	"import.rows":             {"已处理行数", "Rows processed"},
	"import.inserted":         {"新增", "New"},
	"import.updated":          {"更新", "Updated"},
	"import.unchanged":        {"未变化", "Unchanged"},
	"import.failed":           {"错误行", "Refused"},
	"import.errors":           {"错误明细", "Refused rows"},
	"import.error_report":     {"下载错误报告", "Download error report"},
	"import.line":             {"行号", "Line"},
	"import.column":           {"列", "Column"},
	"import.reason":           {"原因", "Reason"},
	"import.warnings":         {"提示", "Warnings"},
	"import.running":          {"正在导入…", "Importing…"},
	"import.status.running":   {"导入中", "Running"},
	"import.status.done":      {"已完成", "Done"},
	"import.status.failed":    {"失败", "Failed"},
	"import.recent":           {"最近的导入", "Recent imports"},
}

func init() { register(importsTexts) }
