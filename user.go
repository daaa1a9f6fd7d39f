package gonghui

import (
	"regexp"
	"strings"
	"time"
)

// User is an account bound to one org.
type User struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	OrgID       int64  `json:"org_id"`
	OrgName     string `json:"org_name,omitempty"`
	OrgPath     string `json:"-"`
	Role        Role   `json:"role"`
	// PartnerID is the partner organisation of a partner's account (0: a
	// union's account); OrgID is then the union that keeps the partner.
	PartnerID   int64  `json:"partner_id,omitempty"`
	PartnerName string `json:"partner_name,omitempty"`
	// PartnerInactive: the account's partner is no longer active, and the
	// account cannot log in.
	PartnerInactive bool      `json:"-"`
	Disabled        bool      `json:"disabled"`
	LockedUntil     time.Time `json:"locked_until,omitzero"`
}

// Actor is who performs a storage call: every query is scoped by its Path.
type Actor struct {
	UserID     int64
	Username   string
	Role       Role
	OrgID      int64
	Path       string // materialized path of the actor's org: the scope
	ClientAddr string
	// PartnerID is the partner organisation a partner's staff acts for:
	// Path is then PartnerScope, which no union's path lies in, and
	// HomeOrgPath the path of the union that keeps the partner (where
	// the actor's own account events are logged).
	PartnerID   int64
	HomeOrgPath string
}

// PartnerScope is a partner actor's Path: no union's path starts with it
// and its range (PathRange) holds none, so every scoped query of the
// register, the units, the orgs, the statistics and the modules finds
// nothing; rights cases read a partner's own by a scope of their own.
const PartnerScope = "partner:"

// IsPartner reports whether the actor is a partner organisation's staff.
func (a Actor) IsPartner() bool { return a.PartnerID != 0 }

// AuditPath is the union path under which the actor's own account events
// (password, sessions) are logged.
func (a Actor) AuditPath() string {
	if a.IsPartner() {
		return a.HomeOrgPath
	}
	return a.Path
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
	// PartnerID makes the account a partner's staff: its union is the
	// partner's, and its role a partner's role.
	PartnerID int64 `json:"partner_id,omitempty"`
}

// Validate checks the account fields; requirePassword for new accounts.
func (in *UserInput) Validate(v *ValidationError, requirePassword bool) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if !usernameRe.MatchString(in.Username) {
		v.Add("username", "用户名须为3–32位小写字母、数字或 . _ -", "username must be 3–32 lower-case letters, digits, '.', '_' or '-'")
	}
	if in.OrgID == 0 && in.PartnerID == 0 {
		v.Add("org_id", "请选择所属工会", "choose the account's union")
	}
	switch {
	case !in.Role.Valid():
		v.Add("role", "请选择角色", "choose a role")
	case in.PartnerID != 0 && !in.Role.IsPartnerRole():
		v.Add("role", "合作单位人员的角色应为办案人员或查看", "a partner's account is a partner caseworker or viewer")
	case in.PartnerID == 0 && in.Role.IsPartnerRole():
		v.Add("role", "合作单位角色只用于合作单位人员", "a partner's role is for a partner's accounts only")
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
