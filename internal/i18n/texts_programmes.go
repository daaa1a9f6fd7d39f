package i18n

// programmeTexts are the texts of the assistance programmes and their
// applications.
var programmeTexts = map[string][2]string{
	"inbox.applications":                {"待我审批的帮扶申请", "Assistance applications awaiting my approval"},
	"audit.action.programme.create":     {"新建了", "opened"},
	"audit.action.programme.update":     {"修改了", "changed"},
	"audit.action.application.file":     {"提交了", "filed"},
	"audit.action.application.refile":   {"重新提交了", "filed again"},
	"audit.action.application.approve":  {"审批同意了", "approved"},
	"audit.action.application.return":   {"退回了", "returned"},
	"audit.action.application.refuse":   {"不予批准", "refused"},
	"audit.action.application.override": {"放行了重复的", "let through as a duplicate"},
	"audit.record.programme":            {"帮扶项目", "assistance programme"},
	"audit.record.application":          {"帮扶申请", "assistance application"},
}

func init() { register(programmeTexts) }
