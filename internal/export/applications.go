package export

import (
	"strconv"

	"gonghui"
)

// The approval list (审批名单) does not import back: an application moves
// only by its steps. Its export reads as the applications stand, the
// payee's account masked.

// ApplicationsName is what the approval list's export is audited as.
const ApplicationsName = "applications"

// ApplicationsHeader is the approval list's header.
var ApplicationsHeader = []string{"编号", "项目代码", "项目名称", "申请工会", "受助对象", "受助学生（患者）", "期间", "申请日期", "状态", "审批进度",
	"核定金额（元）", "收款账号", "重复申请特批人", "经办人"}

// ApplicationRow is an application in ApplicationsHeader's columns.
func ApplicationRow(app gonghui.Application) []string {
	return []string{strconv.FormatInt(app.ID, 10), app.ProgrammeCode, app.ProgrammeName, app.OrgName, app.SubjectName, app.Input.Beneficiary,
		app.Period, app.Input.AppliedOn.String(), gonghui.ChoiceName(gonghui.ApplicationStates, app.State).Zh,
		strconv.Itoa(app.Step) + "/" + strconv.Itoa(app.Levels), gonghui.FormatFixed(app.Assessment.AmountFen, 2), app.Input.Payee.Account,
		app.OverrideBy, app.FiledBy}
}
