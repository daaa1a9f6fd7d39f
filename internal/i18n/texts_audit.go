package i18n

// auditTexts are the texts of the audit log.
var auditTexts = map[string][2]string{
	"nav.audit":     {"审计日志", "Audit log"},
	"audit.at":      {"时间", "Time"},
	"audit.user":    {"用户", "User"},
	"audit.action":  {"操作", "Action"},
	"audit.record":  {"记录", "Record"},
	"audit.summary": {"内容", "Change"},
	"audit.client":  {"来源地址", "Client"},
	"audit.outcome": {"结果", "Outcome"},
}

func init() { register(auditTexts) }
