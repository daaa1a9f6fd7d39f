package i18n

// usersTexts are the texts of accounts and tokens.
var usersTexts = map[string][2]string{
	"nav.users":          {"账号", "Accounts"},
	"user.username":      {"用户名", "Username"},
	"user.display_name":  {"姓名", "Name"},
	"user.org":           {"所属工会", "Union"},
	"user.role":          {"角色", "Role"},
	"user.password":      {"密码", "Password"},
	"user.password_hint": {"至少10位；留空则不修改", "At least 10 characters; leave empty to keep"},
	"user.disabled":      {"停用", "Disabled"},
	"user.locked":        {"已锁定至", "Locked until"},
	"user.org_code":      {"所属工会代码", "Union code"},
	"user.tokens":        {"API令牌", "API tokens"},
	"user.token_revoke":  {"撤销", "Revoke"},
	"user.token_revoked": {"已撤销", "Revoked"},
}

func init() { register(usersTexts) }
