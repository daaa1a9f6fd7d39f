package gonghui

import (
	"regexp"
	"strings"
	"time"
)

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
