// Package i18n holds the user interface's texts in Chinese (the default)
// and English, and picks the language of a request.
package i18n

import (
	"net/http"
	"strings"
)

// Lang codes.
const (
	Zh = "zh"
	En = "en"
)

// CookieName holds the language a user chose with the switch.
const CookieName = "gonghui_lang"

// FromRequest picks the language: the switch's cookie first, then the
// Accept-Language header; Chinese when neither says English.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie(CookieName); err == nil && (c.Value == En || c.Value == Zh) {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return Zh
		case strings.HasPrefix(tag, "en"):
			return En
		}
	}
	return Zh
}

// T returns the text for key in lang; an unknown key shows as itself so a
// missing text is visible rather than blank.
func T(lang, key string) string {
	m, ok := texts[key]
	if !ok {
		return key
	}
	if lang == En {
		return m[1]
	}
	return m[0]
}

// Has reports whether key has a text (tests check templates against it).
func Has(key string) bool { _, ok := texts[key]; return ok }

var texts = map[string][2]string{
	"app.name":                  {"工会工作平台", "gonghui"},
	"nav.orgs":                  {"组织", "Unions"},
	"nav.units":                 {"单位", "Units"},
	"nav.users":                 {"账号", "Accounts"},
	"nav.audit":                 {"审计日志", "Audit log"},
	"nav.logout":                {"退出", "Log out"},
	"nav.lang":                  {"English", "中文"},
	"login.title":               {"登录", "Log in"},
	"login.username":            {"用户名", "Username"},
	"login.password":            {"密码", "Password"},
	"login.submit":              {"登录", "Log in"},
	"login.bad":                 {"用户名或密码错误", "Wrong username or password"},
	"login.locked":              {"登录失败次数过多，账号已暂时锁定，请15分钟后再试", "Too many failed logins: the account is locked for 15 minutes"},
	"login.limited":             {"尝试过于频繁，请稍后再试", "Too many attempts, try again later"},
	"common.search":             {"搜索", "Search"},
	"common.save":               {"保存", "Save"},
	"common.cancel":             {"取消", "Cancel"},
	"common.edit":               {"编辑", "Edit"},
	"common.new":                {"新建", "New"},
	"common.prev":               {"上一页", "Previous"},
	"common.next":               {"下一页", "Next"},
	"common.total":              {"共", "Total"},
	"common.none":               {"暂无记录", "Nothing here yet"},
	"common.export_csv":         {"导出CSV", "Export CSV"},
	"common.errors":             {"请修正标出的错误", "Please correct the marked fields"},
	"common.saved":              {"已保存", "Saved"},
	"common.actions":            {"操作", "Actions"},
	"common.all":                {"全部", "All"},
	"common.date":               {"日期", "Date"},
	"org.code":                  {"代码", "Code"},
	"org.name":                  {"名称", "Name"},
	"org.kind":                  {"类型", "Kind"},
	"org.parent":                {"上级工会", "Parent"},
	"org.region":                {"行政区划代码", "Region code"},
	"org.industry":              {"行业代码", "Industry code"},
	"org.uscc":                  {"统一社会信用代码", "USCC"},
	"org.chair":                 {"工会主席", "Chair"},
	"org.founded":               {"成立日期", "Founded on"},
	"org.status":                {"状态", "Status"},
	"org.children":              {"下级工会", "Unions below"},
	"org.units":                 {"覆盖单位", "Covered units"},
	"org.new_child":             {"新建下级工会", "New union below"},
	"org.new_unit":              {"登记单位", "Register unit"},
	"org.move":                  {"移动到", "Move under"},
	"org.move_submit":           {"移动", "Move"},
	"org.dissolve":              {"撤销", "Dissolve"},
	"org.merge":                 {"合并到", "Merge into"},
	"org.merge_submit":          {"合并", "Merge"},
	"org.target_code":           {"目标工会代码", "Target union code"},
	"org.status.active":         {"正常", "Active"},
	"org.status.dissolved":      {"已撤销", "Dissolved"},
	"org.status.merged":         {"已合并", "Merged"},
	"org.reported_members":      {"年报会员数", "Reported members (census)"},
	"org.successor":             {"合并至", "Merged into"},
	"org.dissolve_confirm":      {"确定撤销该工会？", "Dissolve this union?"},
	"unit.uscc":                 {"统一社会信用代码", "USCC"},
	"unit.name":                 {"单位名称", "Unit name"},
	"unit.org":                  {"覆盖工会", "Covering union"},
	"unit.ownership":            {"经济类型", "Ownership"},
	"unit.public":               {"公有制", "Public"},
	"unit.nonpublic":            {"非公有制", "Non-public"},
	"unit.staff":                {"职工人数", "Staff"},
	"unit.region":               {"所在地区代码", "Region code"},
	"unit.industry":             {"行业代码", "Industry code"},
	"unit.warning":              {"提示", "Warning"},
	"unit.search_hint":          {"名称或统一社会信用代码", "Name or USCC"},
	"user.username":             {"用户名", "Username"},
	"user.display_name":         {"姓名", "Name"},
	"user.org":                  {"所属工会", "Union"},
	"user.role":                 {"角色", "Role"},
	"user.password":             {"密码", "Password"},
	"user.password_hint":        {"至少10位；留空则不修改", "At least 10 characters; leave empty to keep"},
	"user.disabled":             {"停用", "Disabled"},
	"user.locked":               {"已锁定至", "Locked until"},
	"user.org_code":             {"所属工会代码", "Union code"},
	"audit.at":                  {"时间", "Time"},
	"audit.user":                {"用户", "User"},
	"audit.action":              {"操作", "Action"},
	"audit.record":              {"记录", "Record"},
	"audit.summary":             {"内容", "Change"},
	"audit.client":              {"来源地址", "Client"},
	"audit.outcome":             {"结果", "Outcome"},
	"nav.members":               {"会员", "Members"},
	"nav.transfers":             {"会员转接", "Transfers"},
	"nav.imports":               {"导入", "Imports"},
	"member.name":               {"姓名", "Name"},
	"member.id_number":          {"公民身份号码", "Citizen ID"},
	"member.phone":              {"手机号码", "Phone"},
	"member.sex":                {"性别", "Sex"},
	"member.sex.male":           {"男", "Male"},
	"member.sex.female":         {"女", "Female"},
	"member.birth":              {"出生日期", "Birth date"},
	"member.ethnicity":          {"民族", "Ethnicity"},
	"member.education":          {"学历", "Education"},
	"member.political":          {"政治面貌", "Political status"},
	"member.household":          {"户籍类型", "Household"},
	"member.employment":         {"就业形态", "Employment form"},
	"member.org":                {"所属工会", "Union"},
	"member.org_code":           {"所属工会代码", "Union code"},
	"member.unit":               {"所在单位", "Unit"},
	"member.unit_uscc":          {"单位统一社会信用代码", "Unit USCC"},
	"member.joined":             {"入会日期", "Joined on"},
	"member.card":               {"会员卡号", "Card number"},
	"member.card_issued":        {"发卡日期", "Card issued on"},
	"member.status":             {"状态", "Status"},
	"member.left_on":            {"离会日期", "Left on"},
	"member.leave_reason":       {"原因", "Reason"},
	"member.new":                {"新增会员", "Add member"},
	"member.search_hint":        {"姓名、拼音首字母、身份证号、手机或卡号", "Name, pinyin initials, ID, phone or card"},
	"member.reveal":             {"查看完整信息", "Reveal"},
	"member.revealed":           {"已显示完整信息（已记录审计）", "Shown in full (audited)"},
	"member.history":            {"会员关系记录", "Membership history"},
	"member.cards":              {"会员服务卡", "Service cards"},
	"member.card_issue":         {"发卡", "Issue card"},
	"member.card_replace":       {"换卡", "Replace card"},
	"member.card_cancel":        {"注销卡", "Cancel card"},
	"member.leave":              {"退会", "Leave"},
	"member.deceased":           {"去世", "Deceased"},
	"member.end":                {"办理退会/去世", "Record leaving or death"},
	"member.transfer":           {"会员关系转接", "Transfer membership"},
	"member.transfer_to":        {"转入工会代码", "Receiving union code"},
	"member.transfer_submit":    {"发起转接", "Start transfer"},
	"member.counts":             {"会员统计", "Member figures"},
	"member.total":              {"会员总数", "Members (total)"},
	"member.reported":           {"年报会员数", "Reported in census"},
	"member.realname":           {"实名制会员", "Real-name records"},
	"member.rate":               {"实名制采集率", "Real-name rate"},
	"member.cards_issued":       {"已发会员卡", "Cards issued"},
	"member.quality":            {"数据质量", "Data quality"},
	"member.import":             {"导入会员", "Import members"},
	"member.template":           {"下载导入模板", "Download template"},
	"member.export_xlsx":        {"导出Excel", "Export XLSX"},
	"member.export_reveal":      {"导出完整信息", "Export in full"},
	"transfer.incoming":         {"转入待处理", "Incoming, pending"},
	"transfer.outgoing":         {"转出待处理", "Outgoing, pending"},
	"transfer.member":           {"会员", "Member"},
	"transfer.from":             {"转出工会", "From"},
	"transfer.to":               {"转入工会", "To"},
	"transfer.reason":           {"原因", "Reason"},
	"transfer.accept":           {"接收", "Accept"},
	"transfer.reject":           {"退回", "Reject"},
	"transfer.cancel":           {"撤回", "Cancel"},
	"transfer.note":             {"退回原因", "Reason for rejecting"},
	"transfer.status":           {"状态", "Status"},
	"transfer.status.pending":   {"待处理", "Pending"},
	"transfer.status.accepted":  {"已接收", "Accepted"},
	"transfer.status.rejected":  {"已退回", "Rejected"},
	"transfer.status.cancelled": {"已撤回", "Cancelled"},
	"import.file":               {"文件（CSV 或 Excel .xlsx）", "File (CSV or Excel .xlsx)"},
	"import.default_org":        {"未填所属工会的行归入（工会代码）", "Union for rows that name none (code)"},
	"import.dry_run":            {"试运行（只检查，不保存）", "Dry run (check only, save nothing)"},
	"import.all_or_nothing":     {"有错误行则全部不保存", "Save nothing if any row is refused"},
	"import.submit":             {"开始导入", "Start import"},
	"import.status":             {"导入状态", "Import status"},
	"import.rows":               {"已处理行数", "Rows processed"},
	"import.inserted":           {"新增", "New"},
	"import.updated":            {"更新", "Updated"},
	"import.unchanged":          {"未变化", "Unchanged"},
	"import.failed":             {"错误行", "Refused"},
	"import.errors":             {"错误明细", "Refused rows"},
	"import.error_report":       {"下载错误报告", "Download error report"},
	"import.line":               {"行号", "Line"},
	"import.column":             {"列", "Column"},
	"import.reason":             {"原因", "Reason"},
	"import.warnings":           {"提示", "Warnings"},
	"import.running":            {"正在导入…", "Importing…"},
	"import.status.running":     {"导入中", "Running"},
	"import.status.done":        {"已完成", "Done"},
	"import.status.failed":      {"失败", "Failed"},
	"import.recent":             {"最近的导入", "Recent imports"},
	"quality.none":              {"未发现问题", "No findings"},
	"quality.detail":            {"说明", "Detail"},
	"nav.democracy":             {"民主管理", "Democratic management"},
	"nav.contracts":             {"集体合同", "Collective contracts"},
	"rate.name":                 {"指标", "Rate"},
	"rate.numerator":            {"分子", "Numerator"},
	"rate.denominator":          {"分母", "Denominator"},
	"rate.percent":              {"比率", "Rate"},
	"rate.missing":              {"尚未建立", "Still missing"},
	"rate.edit":                 {"修改口径", "Edit definition"},
	"rate.definition":           {"指标口径（JSON）", "Definition (JSON)"},
	"rate.by_child":             {"下一级", "By next level"},
	"rate.units":                {"单位名单", "Units"},
	"rate.which.denominator":    {"分母单位", "Units in the denominator"},
	"rate.which.numerator":      {"分子单位", "Units in the numerator"},
	"rate.which.missing":        {"尚未建立的单位", "Units still missing it"},
	"reminder.title":            {"待办提醒", "Deadlines"},
	"reminder.due":              {"期限", "Due"},
	"reminder.overdue":          {"已逾期", "Overdue"},
	"contract.new":              {"新建集体合同", "New collective contract"},
	"contract.title":            {"合同名称", "Title"},
	"contract.kind":             {"类型", "Kind"},
	"contract.level":            {"层级", "Level"},
	"contract.org":              {"签订工会", "Signing union"},
	"contract.org_code":         {"签订工会代码", "Signing union code"},
	"contract.units":            {"覆盖单位（统一社会信用代码，每行一个）", "Covered units (USCC, one per line)"},
	"contract.covered_units":    {"覆盖单位", "Covered units"},
	"contract.term_start":       {"期限开始", "Term starts"},
	"contract.term_end":         {"期限结束", "Term ends"},
	"contract.covered_staff":    {"覆盖职工人数", "Staff covered"},
	"contract.topics":           {"协商议题", "Bargaining topics"},
	"contract.must_talk":        {"四必谈", "The four must-talk topics"},
	"contract.other_topics":     {"其他议题（N，用顿号分隔）", "Other topics (N, separated by 、 or commas)"},
	"contract.wage":             {"工资专项", "Wage contract"},
	"contract.avg_wage":         {"上年平均工资（元/月）", "Last year's average wage (yuan/month)"},
	"contract.adjustment":       {"本年工资调整幅度（%）", "This year's adjustment (%)"},
	"contract.wage_workers":     {"覆盖职工人数（工资）", "Workers covered (wage)"},
	"contract.renews":           {"续签的原合同编号", "Renews contract no."},
	"contract.status":           {"状态", "Status"},
	"contract.signed_on":        {"签订日期", "Signed on"},
	"contract.filed_on":         {"备案日期", "Filed on"},
	"contract.effective_on":     {"生效日期", "Effective on"},
	"contract.step":             {"办理", "Record step"},
	"contract.history":          {"办理记录", "History"},
	"contract.note":             {"备注", "Note"},
	"error.not_found":           {"记录不存在或不在您的管辖范围内", "Not found, or outside your scope"},
	"error.forbidden":           {"您的角色无权执行此操作", "Your role may not do this"},
	"error.internal":            {"服务器内部错误", "Internal server error"},
	"error.title":               {"出错了", "Something went wrong"},
}
