package store

import (
	"context"
	"encoding/hex"
	"time"

	"gonghui"
	"gonghui/internal/auth"
)

// A user's own account: their password and their sessions, whatever their
// role (a viewer changes their own password too).

// ChangeOwnPassword sets the actor's password after checking the current
// one, and ends their other sessions: whoever knew the old password is
// logged out everywhere but here (keep: the session token in use).
func (s *Store) ChangeOwnPassword(ctx context.Context, a gonghui.Actor, current, next, keep string) error {
	if a.UserID == 0 {
		return gonghui.ErrForbidden
	}
	v := &gonghui.ValidationError{}
	gonghui.CheckPassword(v, next)
	if next == current && next != "" {
		v.Add("password", "新密码不能与当前密码相同", "the new password must differ from the current one")
	}
	var hash string
	if err := s.conn().row(ctx, `SELECT password_hash FROM users WHERE id = ?`, a.UserID).Scan(&hash); err != nil {
		return opErr(err, "change password")
	}
	if ok, err := auth.VerifyPassword(ctx, hash, current); err != nil {
		return opErr(err, "change password")
	} else if !ok {
		v.Add("current_password", "当前密码不正确", "the current password is wrong")
	}
	if err := v.Err(); err != nil {
		return err
	}
	newHash, err := auth.HashPassword(ctx, next)
	if err != nil {
		return opErr(err, "change password")
	}
	return opErr(s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, newHash, s.nowUnix(), a.UserID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, a.UserID, auth.TokenHash(keep)); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "password.change", recordType: "user", recordID: a.UserID, orgPath: a.AuditPath(), summary: "{}"})
	}), "change password")
}

// SessionInfo is one of a user's sessions, as their account page lists it.
type SessionInfo struct {
	ID        string    `json:"id"` // the start of the token's hash: enough to tell sessions apart
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Current   bool      `json:"current"`
}

// OwnSessions lists the actor's live sessions, newest first; current is
// the session token in use.
func (s *Store) OwnSessions(ctx context.Context, a gonghui.Actor, current string) ([]SessionInfo, error) {
	now := s.nowUnix()
	rows, err := s.conn().query(ctx, `SELECT token_hash, created_at, last_seen_at, expires_at FROM sessions
		WHERE user_id = ? AND expires_at > ? AND last_seen_at > ? ORDER BY created_at DESC`, a.UserID, now, now-int64(IdleTimeout/time.Second))
	if err != nil {
		return nil, opErr(err, "list sessions")
	}
	defer rows.Close()
	mine := auth.TokenHash(current)
	out := []SessionInfo{}
	for rows.Next() {
		var h []byte
		var created, seen, expires int64
		if err := rows.Scan(&h, &created, &seen, &expires); err != nil {
			return nil, opErr(err, "list sessions")
		}
		out = append(out, SessionInfo{ID: hex.EncodeToString(h)[:12], CreatedAt: time.Unix(created, 0).In(gonghui.Shanghai),
			LastSeen: time.Unix(seen, 0).In(gonghui.Shanghai), ExpiresAt: time.Unix(expires, 0).In(gonghui.Shanghai), Current: string(h) == string(mine)})
	}
	return out, opErr(rows.Err(), "list sessions")
}

// EndOtherSessions logs the actor out everywhere but in the session keep,
// and returns how many sessions ended.
func (s *Store) EndOtherSessions(ctx context.Context, a gonghui.Actor, keep string) (int, error) {
	var n int64
	err := s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, a.UserID, auth.TokenHash(keep))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "sessions.end", recordType: "user", recordID: a.UserID, orgPath: a.AuditPath(),
			summary: mustJSON(map[string]int64{"ended": n})})
	})
	return int(n), opErr(err, "end sessions")
}
