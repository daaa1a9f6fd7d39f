package gonghui

import (
	"regexp"
	"strings"
	"time"
)

// Role is what an account may do inside its subtree.
type Role string

const (
	RoleAdmin    Role = "admin"    // 管理员: everything in the subtree, including accounts
	RoleCadre    Role = "cadre"    // 工会干部: keeps orgs, units and (later) members
	RoleReviewer Role = "reviewer" // 审核员: reads and approves
	RoleFinance  Role = "finance"  // 财务: reads; keeps fund ledgers in later modules
	RoleAuditor  Role = "auditor"  // 审计: reads everything, including the audit log
	RoleViewer   Role = "viewer"   // 查看: reads
)

// Roles lists the roles in form order.
var Roles = []Role{RoleAdmin, RoleCadre, RoleReviewer, RoleFinance, RoleAuditor, RoleViewer}

var roleNames = map[Role]Message{
	RoleAdmin:    {"管理员", "Administrator"},
	RoleCadre:    {"工会干部", "Cadre"},
	RoleReviewer: {"审核员", "Reviewer"},
	RoleFinance:  {"财务", "Finance"},
	RoleAuditor:  {"审计", "Auditor"},
	RoleViewer:   {"查看", "Viewer"},
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleNames[r]; return ok }

// Name is the role's display name.
func (r Role) Name() Message { return roleNames[r] }

// Permission is one thing a role may do.
type Permission string

const (
	PermEditOrgs   Permission = "orgs.edit"
	PermEditUnits  Permission = "units.edit"
	PermManageUser Permission = "users.manage"
	PermReadAudit  Permission = "audit.read"
	// PermSubmitCensus opens, fills and submits the census returns of the
	// actor's subtree; PermReviewCensus approves, returns and corrects
	// those strictly below the actor's own union.
	PermSubmitCensus Permission = "census.submit"
	PermReviewCensus Permission = "census.review"
)

var rolePerms = map[Role][]Permission{
	RoleAdmin:    {PermEditOrgs, PermEditUnits, PermManageUser, PermReadAudit, PermEditMembers, PermRevealMembers, PermExportMembers, PermEditDemocracy, PermSubmitCensus, PermReviewCensus},
	RoleCadre:    {PermEditOrgs, PermEditUnits, PermEditMembers, PermExportMembers, PermEditDemocracy, PermSubmitCensus, PermReviewCensus},
	RoleReviewer: {PermRevealMembers, PermReviewCensus},
	RoleAuditor:  {PermReadAudit, PermRevealMembers},
}

// Can reports whether the role holds the permission.
func (r Role) Can(p Permission) bool {
	for _, q := range rolePerms[r] {
		if q == p {
			return true
		}
	}
	return false
}

// User is an account bound to one org.
type User struct {
	ID          int64     `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	OrgID       int64     `json:"org_id"`
	OrgName     string    `json:"org_name,omitempty"`
	OrgPath     string    `json:"-"`
	Role        Role      `json:"role"`
	Disabled    bool      `json:"disabled"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// Actor is who performs a storage call: every query is scoped by its Path.
type Actor struct {
	UserID     int64
	Username   string
	Role       Role
	OrgID      int64
	Path       string // materialized path of the actor's org: the scope
	ClientAddr string
}

// SystemActor acts for command-line tools run by the operator, with the
// whole tree in scope.
func SystemActor(what string) Actor {
	return Actor{Username: "system:" + what, Role: RoleAdmin, Path: "/", ClientAddr: "cli"}
}

// Can reports whether the actor's role holds the permission.
func (a Actor) Can(p Permission) bool { return a.Role.Can(p) }

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// UserInput is what an administrator sets on an account.
type UserInput struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	OrgID       int64  `json:"org_id"`
	Role        Role   `json:"role"`
	Password    string `json:"password,omitempty"`
}

// Validate checks the account fields; requirePassword for new accounts.
func (in *UserInput) Validate(v *ValidationError, requirePassword bool) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if !usernameRe.MatchString(in.Username) {
		v.Add("username", "用户名须为3–32位小写字母、数字或 . _ -", "username must be 3–32 lower-case letters, digits, '.', '_' or '-'")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择所属工会", "choose the account's union")
	}
	if !in.Role.Valid() {
		v.Add("role", "请选择角色", "choose a role")
	}
	if requirePassword || in.Password != "" {
		CheckPassword(v, in.Password)
	}
}

// CheckPassword applies the password policy.
func CheckPassword(v *ValidationError, pw string) {
	if len([]rune(pw)) < MinPasswordLen {
		v.Add("password", "密码至少10位", "password must be at least 10 characters")
	}
	if len(pw) > 256 {
		v.Add("password", "密码过长", "password is too long")
	}
}
