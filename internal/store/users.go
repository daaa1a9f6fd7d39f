package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"gonghui"
	"gonghui/internal/auth"
)

// Login policy: after FreeFailedLogins wrong passwords in a row an account
// backs off — every attempt is refused, whatever the password, for
// BackoffBase, doubling with each further failure up to BackoffMax. The
// bound stays short so that nobody can keep an account (the
// administrator's) shut for long by failing on purpose.
const (
	FreeFailedLogins = 4
	BackoffBase      = 2 * time.Second
	BackoffMax       = 2 * time.Minute
)

// Session lifetimes: a session ends after IdleTimeout without a request, and
// at the latest SessionLifetime after login.
const (
	IdleTimeout     = 30 * time.Minute
	SessionLifetime = 12 * time.Hour
)

const userColumns = `u.id, u.username, u.display_name, u.org_id, o.name, o.path, u.role, u.disabled, u.locked_until,
	COALESCE(u.partner_id, 0), COALESCE(p.name, ''), COALESCE(p.active, 1)`

const usersFrom = ` FROM users u JOIN orgs o ON o.id = u.org_id LEFT JOIN rights_partners p ON p.id = u.partner_id`

func scanUser(sc scanner) (gonghui.User, error) {
	var u gonghui.User
	var disabled int
	var locked int64
	var partnerActive int
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.OrgID, &u.OrgName, &u.OrgPath, &u.Role, &disabled, &locked,
		&u.PartnerID, &u.PartnerName, &partnerActive)
	if errors.Is(err, sql.ErrNoRows) {
		return u, gonghui.ErrNotFound
	}
	u.Disabled = disabled != 0
	u.PartnerInactive = partnerActive == 0
	if locked > 0 {
		u.LockedUntil = time.Unix(locked, 0).In(gonghui.Shanghai)
	}
	return u, err
}

// ActorFor returns the actor a user acts as. A partner's staff acts with
// no union and the empty scope (gonghui.PartnerScope): whatever a query
// reads by union scope, it finds nothing; its cases are read by the
// partner (caseScope).
func ActorFor(u gonghui.User, clientAddr string) gonghui.Actor {
	if u.PartnerID != 0 {
		return gonghui.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, Path: gonghui.PartnerScope, ClientAddr: clientAddr,
			PartnerID: u.PartnerID, HomeOrgPath: u.OrgPath}
	}
	return gonghui.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, OrgID: u.OrgID, Path: u.OrgPath, ClientAddr: clientAddr}
}

// getUser reads an account in the actor's scope, or the actor's own (a
// partner's account lies in no scope of its own).
func (c conn) getUser(ctx context.Context, a gonghui.Actor, where string, arg any) (gonghui.User, error) {
	scope, args := scopeClause("o.path", a)
	return scanUser(c.row(ctx, "SELECT "+userColumns+usersFrom+" WHERE "+where+" AND ("+scope+" OR u.id = ?)",
		append(append([]any{arg}, args...), a.UserID)...))
}

// GetUser returns an account bound to an org in the actor's subtree.
func (s *Store) GetUser(ctx context.Context, a gonghui.Actor, id int64) (gonghui.User, error) {
	if !a.Can(gonghui.PermManageUser) && a.UserID != id {
		return gonghui.User{}, gonghui.ErrNotFound
	}
	return s.conn().getUser(ctx, a, "u.id = ?", id)
}

// GetUserByName returns an account by username, in scope.
func (s *Store) GetUserByName(ctx context.Context, a gonghui.Actor, username string) (gonghui.User, error) {
	return s.conn().getUser(ctx, a, "u.username = ?", strings.ToLower(strings.TrimSpace(username)))
}

// CountUsers returns how many accounts exist (to bootstrap the first admin).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.conn().row(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, opErr(err, "count users")
}

// ListUsers pages through the accounts of the actor's subtree.
func (s *Store) ListUsers(ctx context.Context, a gonghui.Actor, query string, p gonghui.Page) ([]gonghui.User, int, error) {
	if !a.Can(gonghui.PermManageUser) {
		return nil, 0, gonghui.ErrForbidden
	}
	p = p.Normalize()
	scope, args := scopeClause("o.path", a)
	wh := " WHERE " + scope
	if q := strings.TrimSpace(query); q != "" {
		wh += ` AND (u.username LIKE ? ESCAPE '\' OR u.display_name LIKE ? ESCAPE '\')`
		args = append(args, likePattern(strings.ToLower(q)), likePattern(q))
	}
	return listPage(ctx, s.conn(), userColumns, usersFrom, wh, "u.username", args, p, scanUser)
}

// CreateUser creates an account bound to an org in the actor's subtree.
func (s *Store) CreateUser(ctx context.Context, a gonghui.Actor, in gonghui.UserInput) (gonghui.User, error) {
	if !a.Can(gonghui.PermManageUser) {
		return gonghui.User{}, gonghui.ErrForbidden
	}
	v := &gonghui.ValidationError{}
	in.Validate(v, true)
	if err := v.Err(); err != nil {
		return gonghui.User{}, opErr(err, "create user")
	}
	hash, err := auth.HashPassword(ctx, in.Password)
	if err != nil {
		return gonghui.User{}, opErr(err, "create user")
	}
	var out gonghui.User
	err = s.inTx(ctx, func(c conn) error {
		if in.PartnerID != 0 { // a partner's staff belongs to the union that keeps the partner
			p, err := c.getRightsPartner(ctx, a, in.PartnerID)
			if errors.Is(err, gonghui.ErrNotFound) {
				return gonghui.Invalid("partner_id", "合作单位不存在或不在您的管辖范围内", "partner not found in your scope")
			} else if err != nil {
				return err
			}
			if !p.Active {
				return gonghui.Invalid("partner_id", "该合作单位已停用", "the partner is inactive")
			}
			in.OrgID = p.OrgID
		}
		org, err := c.getOrg(ctx, a, "o.id = ?", in.OrgID)
		if errors.Is(err, gonghui.ErrNotFound) {
			return gonghui.Invalid("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
		} else if err != nil {
			return err
		}
		now := c.s.nowUnix()
		var id int64
		err = c.row(ctx, `INSERT INTO users (username, display_name, org_id, role, password_hash, created_at, updated_at, partner_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.Username, in.DisplayName, in.OrgID, in.Role, hash, now, now, nullInt(in.PartnerID)).Scan(&id)
		if err != nil {
			return uniqueToValidation(err)
		}
		out, err = c.getUser(ctx, a, "u.id = ?", id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "user.create", recordType: "user", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "create user")
}

// UpdateUser changes an account's name, org, role or password, or disables
// it; disabling or a new password ends its sessions.
func (s *Store) UpdateUser(ctx context.Context, a gonghui.Actor, id int64, in gonghui.UserInput, disabled bool) (gonghui.User, error) {
	if !a.Can(gonghui.PermManageUser) {
		return gonghui.User{}, gonghui.ErrForbidden
	}
	// The new password's hash is computed before the transaction: a hash
	// waits its turn and takes a core for a while, never under the lock.
	var hash string
	if in.Password != "" {
		var err error
		if hash, err = auth.HashPassword(ctx, in.Password); err != nil {
			return gonghui.User{}, opErr(err, "update user")
		}
	}
	var out gonghui.User
	err := s.inTx(ctx, func(c conn) error {
		before, err := c.getUser(ctx, a, "u.id = ?", id)
		if err != nil {
			return err
		}
		in.Username = before.Username
		// A partner's account stays its partner's, with the partner's union.
		if in.PartnerID = before.PartnerID; in.PartnerID != 0 {
			in.OrgID = before.OrgID
		}
		v := &gonghui.ValidationError{}
		in.Validate(v, false)
		if id == a.UserID && (disabled || in.Role != before.Role || in.OrgID != before.OrgID) {
			v.Add("role", "不能更改或停用自己的账号权限", "you cannot change your own role, union or status")
		}
		org, err := c.getOrg(ctx, a, "o.id = ?", in.OrgID)
		if errors.Is(err, gonghui.ErrNotFound) {
			v.Add("org_id", "工会不存在或不在您的管辖范围内", "union not found in your scope")
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE users SET display_name = ?, org_id = ?, role = ?, disabled = ?, updated_at = ? WHERE id = ?`,
			in.DisplayName, in.OrgID, in.Role, boolInt(disabled), c.s.nowUnix(), id)
		if err != nil {
			return err
		}
		if in.Password != "" {
			if _, err := c.exec(ctx, `UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 WHERE id = ?`, hash, id); err != nil {
				return err
			}
		}
		if disabled || in.Password != "" || in.OrgID != before.OrgID || in.Role != before.Role {
			if _, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		out, err = c.getUser(ctx, a, "u.id = ?", id)
		if err != nil {
			return err
		}
		sum := changeSummary(before, out)
		if in.Password != "" {
			sum = strings.TrimSuffix(sum, "}")
			if sum != "{" {
				sum += ","
			}
			sum += `"password":"changed"}`
		}
		return c.audit(ctx, a, auditEntry{action: "user.update", recordType: "user", recordID: id, orgPath: org.Path, summary: sum})
	})
	return out, opErr(err, "update user %d", id)
}

// LoginResult tells whether a login succeeded. Every failure is the same
// result, so that nothing shown tells a wrong username from a wrong
// password or an account backing off.
type LoginResult int

const (
	LoginOK LoginResult = iota
	LoginBadCredentials
)

// Login checks a username and password, applies the backoff policy and
// audits the attempt. On success it opens a session and returns its token,
// ending the session the client held before (rotation at login).
func (s *Store) Login(ctx context.Context, username, password, clientAddr, oldSession string) (gonghui.User, string, LoginResult, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	c := s.conn()
	var hash string
	var failed int
	var uid int64
	err := c.row(ctx, `SELECT id, password_hash, failed_logins FROM users WHERE username = ?`, username).Scan(&uid, &hash, &failed)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the same time as a real check so timing does not reveal
		// which usernames exist.
		if _, err := auth.VerifyPassword(ctx, dummyHash, password); err != nil {
			return gonghui.User{}, "", 0, opErr(err, "login") // busy as a real check would be
		}
		a := gonghui.Actor{Username: username, ClientAddr: clientAddr}
		return gonghui.User{}, "", LoginBadCredentials, s.Audit(ctx, a, "login", "user", 0, "/", `{"reason":"unknown user"}`, gonghui.OutcomeFailure)
	}
	if err != nil {
		return gonghui.User{}, "", 0, opErr(err, "login")
	}
	u, err := c.getUser(ctx, gonghui.SystemActor("login"), "u.id = ?", uid)
	if err != nil {
		return gonghui.User{}, "", 0, opErr(err, "login")
	}
	a := ActorFor(u, clientAddr)
	now := s.now()
	if u.LockedUntil.After(now) {
		if _, err := auth.VerifyPassword(ctx, dummyHash, password); err != nil { // the time of a real check
			return u, "", 0, opErr(err, "login")
		}
		return u, "", LoginBadCredentials, s.Audit(ctx, a, "login", "user", u.ID, u.OrgPath, `{"reason":"backing off"}`, gonghui.OutcomeFailure)
	}
	ok, err := auth.VerifyPassword(ctx, hash, password)
	if err != nil {
		return u, "", 0, opErr(err, "login")
	}
	if !ok || u.Disabled || u.PartnerInactive {
		reason := "bad password"
		if u.Disabled || u.PartnerInactive {
			reason = "disabled"
		}
		err := s.inTx(ctx, func(c conn) error {
			failed++
			locked, d := loginBackoff(failed, now)
			if d > 0 {
				reason += ", backing off " + d.String()
			}
			if _, err := c.exec(ctx, `UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`, failed, locked, u.ID); err != nil {
				return err
			}
			return c.audit(ctx, a, auditEntry{action: "login", recordType: "user", recordID: u.ID, orgPath: u.OrgPath,
				summary: mustJSON(map[string]string{"reason": reason}), outcome: gonghui.OutcomeFailure})
		})
		return u, "", LoginBadCredentials, opErr(err, "login")
	}
	var token string
	err = s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?`, u.ID); err != nil {
			return err
		}
		if token, err = c.openSession(ctx, cadreSessions, u.ID, oldSession); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "login", recordType: "user", recordID: u.ID, orgPath: u.OrgPath, summary: "{}"})
	})
	return u, token, LoginOK, opErr(err, "login")
}

// dummyHash is verified against when a username does not exist.
var dummyHash, _ = auth.HashPassword(context.Background(), "gonghui-dummy-password")

// Session returns the user of a live session token and marks it used. An
// idle or expired session is deleted and answers ErrNotFound.
func (s *Store) Session(ctx context.Context, token string) (gonghui.User, error) {
	uid, err := s.liveSession(ctx, cadreSessions, token)
	if err != nil {
		return gonghui.User{}, err
	}
	return s.conn().activeUser(ctx, uid)
}

// sessionTable is where one kind of session is kept: the cadres' sessions
// (users) or the members' (member_accounts), with the same columns and
// timeouts.
type sessionTable struct{ table, owner string }

var cadreSessions = sessionTable{"sessions", "user_id"}

// liveSession returns the owner of a live session token of table and marks
// it used. An idle or expired session is deleted and answers ErrNotFound.
func (s *Store) liveSession(ctx context.Context, t sessionTable, token string) (int64, error) {
	c := s.conn()
	h := auth.TokenHash(token)
	var owner, lastSeen, expires int64
	err := c.row(ctx, `SELECT `+t.owner+`, last_seen_at, expires_at FROM `+t.table+` WHERE token_hash = ?`, h).Scan(&owner, &lastSeen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, gonghui.ErrNotFound
	}
	if err != nil {
		return 0, opErr(err, "session")
	}
	now := s.now().Unix()
	if now >= expires || now-lastSeen >= int64(IdleTimeout/time.Second) {
		queued := s.queueWrite()
		_, err := c.exec(ctx, `DELETE FROM `+t.table+` WHERE token_hash = ?`, h)
		queued()
		return 0, errors.Join(gonghui.ErrNotFound, err)
	}
	if now-lastSeen >= 30 { // keep writes rare on busy pages
		queued := s.queueWrite()
		_, err := c.exec(ctx, `UPDATE `+t.table+` SET last_seen_at = ? WHERE token_hash = ?`, now, h)
		queued()
		if err != nil {
			return 0, opErr(err, "session")
		}
	}
	return owner, nil
}

// openSession starts a session of owner in table and returns its token,
// ending the session the client held before (old, "" for none): the token
// changes at every login.
func (c conn) openSession(ctx context.Context, t sessionTable, owner int64, old string) (string, error) {
	if old != "" {
		if _, err := c.exec(ctx, `DELETE FROM `+t.table+` WHERE token_hash = ?`, auth.TokenHash(old)); err != nil {
			return "", err
		}
	}
	token := auth.NewToken("ghs_")
	now := c.s.now()
	_, err := c.exec(ctx, `INSERT INTO `+t.table+` (token_hash, `+t.owner+`, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		auth.TokenHash(token), owner, now.Unix(), now.Unix(), now.Add(SessionLifetime).Unix())
	return token, err
}

// loginBackoff is when an account that has failed failed times in a row
// may try again (0: now), and the delay, by the login policy above.
func loginBackoff(failed int, now time.Time) (until int64, d time.Duration) {
	if d = auth.BackoffDelay(failed, FreeFailedLogins, BackoffBase, BackoffMax); d > 0 {
		until = now.Add(d).Unix()
	}
	return until, d
}

// activeUser loads a user for authentication; disabled accounts answer ErrNotFound.
func (c conn) activeUser(ctx context.Context, uid int64) (gonghui.User, error) {
	u, err := c.getUser(ctx, gonghui.SystemActor("auth"), "u.id = ?", uid)
	if err == nil && (u.Disabled || u.PartnerInactive) {
		return gonghui.User{}, gonghui.ErrNotFound
	}
	return u, err
}

// Logout ends a session.
func (s *Store) Logout(ctx context.Context, a gonghui.Actor, token string) error {
	return s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, auth.TokenHash(token)); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "logout", recordType: "user", recordID: a.UserID, orgPath: a.AuditPath(), summary: "{}"})
	})
}

// CreateToken issues an API token for a user and returns it; only its hash
// is kept. The CLI calls it with the system actor.
func (s *Store) CreateToken(ctx context.Context, a gonghui.Actor, userID int64, name string) (string, error) {
	if !a.Can(gonghui.PermManageUser) && a.UserID != userID {
		return "", gonghui.ErrForbidden
	}
	token := auth.NewToken("gha_")
	err := s.inTx(ctx, func(c conn) error {
		u, err := c.getUser(ctx, a, "u.id = ?", userID)
		if err != nil {
			return err
		}
		var id int64
		err = c.row(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			userID, auth.TokenHash(token), strings.TrimSpace(name), c.s.nowUnix()).Scan(&id)
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "token.create", recordType: "api_token", recordID: id, orgPath: u.OrgPath,
			summary: mustJSON(map[string]any{"user": u.Username, "name": name})})
	})
	return token, opErr(err, "create token")
}

// TokenUser returns the user of a live API token.
func (s *Store) TokenUser(ctx context.Context, token string) (gonghui.User, error) {
	c := s.conn()
	var id, uid, lastUsed int64
	err := c.row(ctx, `SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at = 0`, auth.TokenHash(token)).Scan(&id, &uid, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return gonghui.User{}, gonghui.ErrNotFound
	}
	if err != nil {
		return gonghui.User{}, opErr(err, "token user")
	}
	if now := s.nowUnix(); now-lastUsed >= 60 {
		if _, err := c.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, id); err != nil {
			return gonghui.User{}, opErr(err, "token user")
		}
	}
	return c.activeUser(ctx, uid)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// APIToken describes an issued API token (never the token itself).
type APIToken struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used_at,omitzero"`
	Revoked   bool      `json:"revoked"`
}

// ListTokens lists the API tokens of an account in scope, newest first.
func (s *Store) ListTokens(ctx context.Context, a gonghui.Actor, userID int64) ([]APIToken, error) {
	if _, err := s.GetUser(ctx, a, userID); err != nil {
		return nil, opErr(err, "list tokens")
	}
	rows, err := s.conn().query(ctx, `SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, opErr(err, "list tokens")
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		var t APIToken
		var created, used, revoked int64
		if err := rows.Scan(&t.ID, &t.Name, &created, &used, &revoked); err != nil {
			return nil, opErr(err, "list tokens")
		}
		t.CreatedAt = time.Unix(created, 0).In(gonghui.Shanghai)
		if used > 0 {
			t.LastUsed = time.Unix(used, 0).In(gonghui.Shanghai)
		}
		t.Revoked = revoked > 0
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends an API token of an account in scope; the token answers
// 401 from then on.
func (s *Store) RevokeToken(ctx context.Context, a gonghui.Actor, tokenID int64) error {
	return s.inTx(ctx, func(c conn) error {
		var uid int64
		err := c.row(ctx, `SELECT user_id FROM api_tokens WHERE id = ? AND revoked_at = 0`, tokenID).Scan(&uid)
		if errors.Is(err, sql.ErrNoRows) {
			return gonghui.ErrNotFound
		}
		if err != nil {
			return err
		}
		if !a.Can(gonghui.PermManageUser) && a.UserID != uid {
			return gonghui.ErrNotFound
		}
		u, err := c.getUser(ctx, a, "u.id = ?", uid)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, s.nowUnix(), tokenID); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "token.revoke", recordType: "api_token", recordID: tokenID, orgPath: u.OrgPath,
			summary: mustJSON(map[string]string{"user": u.Username})})
	})
}
