package i18n

// accountTexts are the texts of a user's own account page.
var accountTexts = map[string][2]string{
	"account.title":                {"我的账号", "My account"},
	"account.change_password":      {"修改密码", "Change password"},
	"account.current_password":     {"当前密码", "Current password"},
	"account.new_password":         {"新密码", "New password"},
	"account.new_password_again":   {"再次输入新密码", "New password again"},
	"account.password_hint":        {"至少10位。修改后，您在其他设备上的登录将全部退出。", "At least 10 characters. Changing it logs you out everywhere else."},
	"account.password_changed":     {"密码已修改，其他设备上的登录已退出。", "Your password was changed; you were logged out everywhere else."},
	"account.sessions":             {"登录会话", "Sessions"},
	"account.signed_in":            {"登录时间", "Signed in"},
	"account.last_seen":            {"最近活动", "Last active"},
	"account.expires":              {"失效时间", "Expires"},
	"account.this_session":         {"本次登录", "This session"},
	"account.end_sessions":         {"退出其他所有登录", "Log out everywhere else"},
	"account.end_sessions_confirm": {"确定退出其他设备上的所有登录吗？", "Log out all your other sessions?"},
	"account.sessions_ended":       {"其他登录已全部退出。", "Your other sessions were ended."},
	"account.last_used":            {"最近使用", "Last used"},
	"account.no_tokens":            {"您没有API令牌。", "You have no API tokens."},
	"account.revoke_confirm":       {"撤销后该令牌立即失效，确定吗？", "The token stops working at once. Revoke it?"},
	"account.token_revoked":        {"令牌已撤销。", "The token was revoked."},
}

func init() { register(accountTexts) }
