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
	"app.name":             {"工会工作平台", "gonghui"},
	"nav.orgs":             {"组织", "Unions"},
	"nav.units":            {"单位", "Units"},
	"nav.users":            {"账号", "Accounts"},
	"nav.audit":            {"审计日志", "Audit log"},
	"nav.logout":           {"退出", "Log out"},
	"nav.lang":             {"English", "中文"},
	"login.title":          {"登录", "Log in"},
	"login.username":       {"用户名", "Username"},
	"login.password":       {"密码", "Password"},
	"login.submit":         {"登录", "Log in"},
	"login.bad":            {"用户名或密码错误", "Wrong username or password"},
	"login.locked":         {"登录失败次数过多，账号已暂时锁定，请15分钟后再试", "Too many failed logins: the account is locked for 15 minutes"},
	"login.limited":        {"尝试过于频繁，请稍后再试", "Too many attempts, try again later"},
	"common.search":        {"搜索", "Search"},
	"common.save":          {"保存", "Save"},
	"common.cancel":        {"取消", "Cancel"},
	"common.edit":          {"编辑", "Edit"},
	"common.new":           {"新建", "New"},
	"common.prev":          {"上一页", "Previous"},
	"common.next":          {"下一页", "Next"},
	"common.total":         {"共", "Total"},
	"common.none":          {"暂无记录", "Nothing here yet"},
	"common.export_csv":    {"导出CSV", "Export CSV"},
	"common.errors":        {"请修正标出的错误", "Please correct the marked fields"},
	"common.saved":         {"已保存", "Saved"},
	"common.actions":       {"操作", "Actions"},
	"common.all":           {"全部", "All"},
	"common.date":          {"日期", "Date"},
	"org.code":             {"代码", "Code"},
	"org.name":             {"名称", "Name"},
	"org.kind":             {"类型", "Kind"},
	"org.parent":           {"上级工会", "Parent"},
	"org.region":           {"行政区划代码", "Region code"},
	"org.industry":         {"行业代码", "Industry code"},
	"org.uscc":             {"统一社会信用代码", "USCC"},
	"org.chair":            {"工会主席", "Chair"},
	"org.founded":          {"成立日期", "Founded on"},
	"org.status":           {"状态", "Status"},
	"org.children":         {"下级工会", "Unions below"},
	"org.units":            {"覆盖单位", "Covered units"},
	"org.new_child":        {"新建下级工会", "New union below"},
	"org.new_unit":         {"登记单位", "Register unit"},
	"org.move":             {"移动到", "Move under"},
	"org.move_submit":      {"移动", "Move"},
	"org.dissolve":         {"撤销", "Dissolve"},
	"org.merge":            {"合并到", "Merge into"},
	"org.merge_submit":     {"合并", "Merge"},
	"org.target_code":      {"目标工会代码", "Target union code"},
	"org.status.active":    {"正常", "Active"},
	"org.status.dissolved": {"已撤销", "Dissolved"},
	"org.status.merged":    {"已合并", "Merged"},
	"org.reported_members": {"年报会员数", "Reported members (census)"},
	"org.successor":        {"合并至", "Merged into"},
	"org.dissolve_confirm": {"确定撤销该工会？", "Dissolve this union?"},
	"unit.uscc":            {"统一社会信用代码", "USCC"},
	"unit.name":            {"单位名称", "Unit name"},
	"unit.org":             {"覆盖工会", "Covering union"},
	"unit.ownership":       {"经济类型", "Ownership"},
	"unit.public":          {"公有制", "Public"},
	"unit.nonpublic":       {"非公有制", "Non-public"},
	"unit.staff":           {"职工人数", "Staff"},
	"unit.region":          {"所在地区代码", "Region code"},
	"unit.industry":        {"行业代码", "Industry code"},
	"unit.warning":         {"提示", "Warning"},
	"unit.search_hint":     {"名称或统一社会信用代码", "Name or USCC"},
	"user.username":        {"用户名", "Username"},
	"user.display_name":    {"姓名", "Name"},
	"user.org":             {"所属工会", "Union"},
	"user.role":            {"角色", "Role"},
	"user.password":        {"密码", "Password"},
	"user.password_hint":   {"至少10位；留空则不修改", "At least 10 characters; leave empty to keep"},
	"user.disabled":        {"停用", "Disabled"},
	"user.locked":          {"已锁定至", "Locked until"},
	"user.org_code":        {"所属工会代码", "Union code"},
	"audit.at":             {"时间", "Time"},
	"audit.user":           {"用户", "User"},
	"audit.action":         {"操作", "Action"},
	"audit.record":         {"记录", "Record"},
	"audit.summary":        {"内容", "Change"},
	"audit.client":         {"来源地址", "Client"},
	"audit.outcome":        {"结果", "Outcome"},
	"error.not_found":      {"记录不存在或不在您的管辖范围内", "Not found, or outside your scope"},
	"error.forbidden":      {"您的角色无权执行此操作", "Your role may not do this"},
	"error.internal":       {"服务器内部错误", "Internal server error"},
	"error.title":          {"出错了", "Something went wrong"},
}
