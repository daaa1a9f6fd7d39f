package store

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/auth"
)

// The member portal's identity: activation codes a union issues, the
// member's account (password, bound phone), their sessions and the SMS
// codes that bind a phone. A member reads nothing by scope: every portal
// read names the member's own person.

var (
	// lockPortalPerson: one live activation code and one account per
	// person, a code activating once, an account's SMS sends backing
	// off. Key: person ID.
	lockPortalPerson = newLockRule("portal: one code and account per person")
	// lockPortalPhone: a phone is bound to one account. Key:
	// textKey(the phone's blind index).
	lockPortalPhone = newLockRule("portal: one account per phone")
)

var memberSessions = sessionTable{"member_sessions", "account_id"}

// Blind-index kinds of the portal.
const indexSMSCode = "sms"

// The backoff of the portal's one-time codes: a code's wrong ID numbers
// (after two free ones, 2 s doubling to 2 min) and an account's SMS
// sends (one a minute, doubling to an hour) — slow guessing without a
// lockout anyone could use to shut a member out.
const (
	freeActivationFailures = 2
	smsSendBase            = time.Minute
	smsSendMax             = time.Hour
)

// IssuedCode is one activation code as printed on the card issue list:
// shown once, when issued; only its hash is kept.
type IssuedCode struct {
	MemberID  int64        `json:"member_id"`
	Name      string       `json:"name"`
	OrgName   string       `json:"org_name"`
	UnitName  string       `json:"unit_name,omitempty"`
	CardNo    string       `json:"card_no,omitempty"`
	Code      string       `json:"code"`
	ExpiresOn gonghui.Date `json:"expires_on"`
}

// PortalCodeRequest chooses whom codes are issued to: one member (a
// reset too: their account, if any, must set a new password after
// activating again), or the active members of a union's subtree that have
// no account yet.
type PortalCodeRequest struct {
	MemberID int64 `json:"member_id,omitempty"`
	OrgID    int64 `json:"org_id,omitempty"`
}

// IssueActivationCodes issues one-time activation codes (at most
// maxIssueList at once) and ends each person's earlier live code. It
// needs the member-editing permission and is audited, one event per
// request, under the union asked for.
func (s *Store) IssueActivationCodes(ctx context.Context, a gonghui.Actor, req PortalCodeRequest) ([]IssuedCode, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return nil, gonghui.ErrForbidden
	}
	var out []IssuedCode
	err := s.inTx(ctx, func(c conn) error {
		var where string
		var args []any
		auditPath, recordType, recordID := "", "org", req.OrgID
		if req.MemberID != 0 {
			m, err := c.getMember(ctx, a, req.MemberID)
			if err != nil {
				return err
			}
			if m.Status != gonghui.MemberActive {
				return gonghui.Invalid("member_id", "只能为在册会员签发激活码", "codes are issued to active members only")
			}
			where, args = "m.id = ?", []any{m.ID}
			auditPath, recordType, recordID = m.path, "member", m.ID
		} else {
			sa, err := c.subtreeOf(ctx, a, req.OrgID)
			if err != nil {
				return err
			}
			scope, sargs := scopeClause("o.path", sa)
			where = scope + ` AND m.status = 'active' AND NOT EXISTS (SELECT 1 FROM member_accounts ma WHERE ma.person_id = m.person_id)`
			args, auditPath = sargs, sa.Path
		}
		rows, err := c.query(ctx, `SELECT m.id, p.id, p.name, o.name, COALESCE(u.name, ''), COALESCE(k.card_no, '')
			FROM memberships m JOIN persons p ON p.id = m.person_id JOIN orgs o ON o.id = m.org_id
			LEFT JOIN units u ON u.id = m.unit_id LEFT JOIN cards k ON k.person_id = p.id AND k.status = 'active'
			WHERE `+where+` ORDER BY o.path, p.name, m.id LIMIT ?`, append(args, maxIssueList+1)...)
		if err != nil {
			return err
		}
		var persons []int64
		for rows.Next() {
			var k IssuedCode
			var person int64
			if err := rows.Scan(&k.MemberID, &person, &k.Name, &k.OrgName, &k.UnitName, &k.CardNo); err != nil {
				rows.Close()
				return err
			}
			out, persons = append(out, k), append(persons, person)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) > maxIssueList {
			return gonghui.Invalid("org_id", "一次最多签发5000个激活码，请选择下级工会", "at most 5,000 codes at once: choose a smaller union")
		}
		if err := c.lockFor(ctx, lockPortalPerson, persons...); err != nil {
			return err
		}
		now := s.now()
		expires := now.Add(gonghui.ActivationCodeLifetime)
		for i, person := range persons {
			if _, err := c.exec(ctx, `UPDATE member_activation_codes SET used_at = ? WHERE person_id = ? AND used_at = 0`, now.Unix(), person); err != nil {
				return err
			}
			code := gonghui.NewActivationCode()
			if _, err := c.exec(ctx, `INSERT INTO member_activation_codes (person_id, org_id, code_hash, issued_by, created_at, expires_at)
				SELECT m.person_id, m.org_id, ?, ?, ?, ? FROM memberships m WHERE m.id = ?`,
				activationHash(code), nullInt(a.UserID), now.Unix(), expires.Unix(), out[i].MemberID); err != nil {
				return err
			}
			out[i].Code, out[i].ExpiresOn = code, gonghui.DateOf(expires)
		}
		return c.audit(ctx, a, auditEntry{action: "portal.codes.issue", recordType: recordType, recordID: recordID, orgPath: auditPath,
			summary: mustJSON(map[string]any{"codes": len(out), "expires_on": gonghui.DateOf(expires).String()})})
	})
	return out, opErr(err, "issue activation codes")
}

// activationHash is what is kept of an activation code (bare, without
// its dashes).
func activationHash(code string) []byte {
	bare, _ := gonghui.ParseActivationCode(code)
	return auth.TokenHash("activation:" + bare)
}

// memberActor is the audit log's actor of a member in the portal.
func memberActor(accountID int64, clientAddr string) gonghui.Actor {
	name := "member"
	if accountID != 0 {
		name += ":" + strconv.FormatInt(accountID, 10)
	}
	return gonghui.Actor{Username: name, Path: gonghui.MemberScope, ClientAddr: clientAddr}
}

// errCodeRefused is the one answer to an activation code that is unknown,
// spent or expired, or does not go with the ID number given: nothing tells
// which.
func errCodeRefused() error {
	return gonghui.Invalid("code", "激活码无效、已使用或已过期，或与身份证号码不符", "the activation code is unknown, used or expired, or does not go with this ID number")
}

func errTryLater(field string) error {
	return gonghui.Invalid(field, "尝试过于频繁，请稍后再试", "too many attempts: try again a little later")
}

// Activate opens a member's account with their activation code and
// citizen ID number (matched through the blind index) and starts a
// session (ending the one the client held, old). A new account has no
// password yet: the portal asks for one before anything else. Activating
// again (a new code) clears the password and ends every session.
func (s *Store) Activate(ctx context.Context, code, idNumber, clientAddr, old string) (gonghui.PortalAccount, string, error) {
	if s.keys == nil {
		return gonghui.PortalAccount{}, "", errNoKeys
	}
	v := &gonghui.ValidationError{}
	bare, err := gonghui.ParseActivationCode(code)
	if err != nil {
		v.Add("code", "激活码应为12位字母和数字", "the activation code has 12 letters and digits")
	}
	id, err := idcard.Parse(strings.TrimSpace(idNumber))
	if err != nil {
		v.Add("id_number", "请填写有效的公民身份号码", "give a valid citizen ID number")
	}
	if err := v.Err(); err != nil {
		return gonghui.PortalAccount{}, "", err
	}
	hash := auth.TokenHash("activation:" + bare)
	idIndex := s.keys.Index(indexID, id.Number)
	var token string
	var acct gonghui.PortalAccount
	var refused error
	err = s.inTx(ctx, func(c conn) error {
		var codeID, person int64
		err := c.row(ctx, `SELECT id, person_id FROM member_activation_codes WHERE code_hash = ?`, hash).Scan(&codeID, &person)
		if errors.Is(err, sql.ErrNoRows) {
			refused = errCodeRefused()
			return c.audit(ctx, memberActor(0, clientAddr), auditEntry{action: "portal.activate", recordType: "member_account",
				summary: `{"reason":"unknown code"}`, outcome: gonghui.OutcomeFailure})
		}
		if err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockPortalPerson, person); err != nil {
			return err
		}
		var used, expires, nextTry int64
		var failures int
		var orgPath string
		var personIndex []byte
		if err := c.row(ctx, `SELECT k.used_at, k.expires_at, k.failures, k.next_try_at, o.path, p.id_index
			FROM member_activation_codes k JOIN orgs o ON o.id = k.org_id JOIN persons p ON p.id = k.person_id WHERE k.id = ?`, codeID).
			Scan(&used, &expires, &failures, &nextTry, &orgPath, &personIndex); err != nil {
			return err
		}
		now := s.now()
		fail := func(reason string) error {
			return c.audit(ctx, memberActor(0, clientAddr), auditEntry{action: "portal.activate", recordType: "member_account",
				orgPath: orgPath, summary: mustJSON(map[string]string{"reason": reason}), outcome: gonghui.OutcomeFailure})
		}
		switch {
		case nextTry > now.Unix():
			refused = errTryLater("code")
			return fail("backing off")
		case used != 0 || expires <= now.Unix():
			refused = errCodeRefused()
			return fail("spent or expired code")
		case string(personIndex) != string(idIndex):
			failures++
			next := int64(0)
			if d := auth.BackoffDelay(failures, freeActivationFailures, BackoffBase, BackoffMax); d > 0 {
				next = now.Add(d).Unix()
			}
			if _, err := c.exec(ctx, `UPDATE member_activation_codes SET failures = ?, next_try_at = ? WHERE id = ?`, failures, next, codeID); err != nil {
				return err
			}
			refused = errCodeRefused()
			return fail("ID number does not match")
		}
		var accountID int64
		err = c.row(ctx, `SELECT id FROM member_accounts WHERE person_id = ?`, person).Scan(&accountID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := c.row(ctx, `INSERT INTO member_accounts (person_id, activated_at, updated_at) VALUES (?, ?, ?) RETURNING id`,
				person, now.Unix(), now.Unix()).Scan(&accountID); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if _, err := c.exec(ctx, `UPDATE member_accounts SET password_hash = '', failed_logins = 0, locked_until = 0, activated_at = ?, updated_at = ? WHERE id = ?`,
				now.Unix(), now.Unix(), accountID); err != nil {
				return err
			}
			if _, err := c.exec(ctx, `DELETE FROM member_sessions WHERE account_id = ?`, accountID); err != nil {
				return err
			}
		}
		if _, err := c.exec(ctx, `UPDATE member_activation_codes SET used_at = ? WHERE id = ?`, now.Unix(), codeID); err != nil {
			return err
		}
		if token, err = c.openSession(ctx, memberSessions, accountID, old); err != nil {
			return err
		}
		if acct, err = c.portalAccount(ctx, accountID); err != nil {
			return err
		}
		return c.audit(ctx, memberActor(accountID, clientAddr), auditEntry{action: "portal.activate", recordType: "member_account",
			recordID: accountID, orgPath: acct.OrgPath, summary: "{}"})
	})
	if err == nil && refused != nil {
		return gonghui.PortalAccount{}, "", refused
	}
	return acct, token, opErr(err, "activate")
}

// portalAccount reads an account with its person's name and the union of
// the person's latest membership.
func (c conn) portalAccount(ctx context.Context, id int64) (gonghui.PortalAccount, error) {
	var a gonghui.PortalAccount
	var hash string
	var activated int64
	err := c.row(ctx, `SELECT ma.id, ma.person_id, p.name, ma.phone_masked, ma.password_hash, ma.activated_at,
			COALESCE((SELECT o.path FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.person_id = p.id
				ORDER BY CASE WHEN m.status = 'active' THEN 0 ELSE 1 END, `+memberSince+` DESC, m.id DESC LIMIT 1), '/')
		FROM member_accounts ma JOIN persons p ON p.id = ma.person_id WHERE ma.id = ?`, id).
		Scan(&a.ID, &a.PersonID, &a.Name, &a.Phone, &hash, &activated, &a.OrgPath)
	if errors.Is(err, sql.ErrNoRows) {
		return a, gonghui.ErrNotFound
	}
	a.HasPassword = hash != ""
	a.ActivatedAt = time.Unix(activated, 0).In(gonghui.Shanghai)
	return a, err
}

// PortalSession returns the account of a live portal session token.
func (s *Store) PortalSession(ctx context.Context, token string) (gonghui.PortalAccount, error) {
	id, err := s.liveSession(ctx, memberSessions, token)
	if err != nil {
		return gonghui.PortalAccount{}, err
	}
	a, err := s.conn().portalAccount(ctx, id)
	return a, opErr(err, "portal session")
}

// PortalLogout ends a portal session.
func (s *Store) PortalLogout(ctx context.Context, acct gonghui.PortalAccount, token, clientAddr string) error {
	return opErr(s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM member_sessions WHERE token_hash = ?`, auth.TokenHash(token)); err != nil {
			return err
		}
		return c.audit(ctx, memberActor(acct.ID, clientAddr), auditEntry{action: "portal.logout", recordType: "member_account",
			recordID: acct.ID, orgPath: acct.OrgPath, summary: "{}"})
	}), "portal logout")
}

// SetPortalPassword sets a member's password: the first one after
// activation needs no current password, a change does. Every other
// session of the account ends (keep: the session token in use).
func (s *Store) SetPortalPassword(ctx context.Context, acct gonghui.PortalAccount, current, next, keep, clientAddr string) error {
	v := &gonghui.ValidationError{}
	gonghui.CheckPassword(v, next)
	var hash string
	if err := s.conn().row(ctx, `SELECT password_hash FROM member_accounts WHERE id = ?`, acct.ID).Scan(&hash); err != nil {
		return opErr(err, "set portal password")
	}
	if hash != "" {
		if ok, err := auth.VerifyPassword(ctx, hash, current); err != nil {
			return opErr(err, "set portal password")
		} else if !ok {
			v.Add("current_password", "当前密码不正确", "the current password is wrong")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	newHash, err := auth.HashPassword(ctx, next)
	if err != nil {
		return opErr(err, "set portal password")
	}
	return opErr(s.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE member_accounts SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?`, newHash, s.nowUnix(), acct.ID, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return gonghui.StaleEdit()
		}
		if _, err := c.exec(ctx, `DELETE FROM member_sessions WHERE account_id = ? AND token_hash <> ?`, acct.ID, auth.TokenHash(keep)); err != nil {
			return err
		}
		return c.audit(ctx, memberActor(acct.ID, clientAddr), auditEntry{action: "portal.password", recordType: "member_account",
			recordID: acct.ID, orgPath: acct.OrgPath, summary: mustJSON(map[string]bool{"first": hash == ""})})
	}), "set portal password")
}

// PortalLogin checks a member's login (their citizen ID number or bound
// phone) and password with the cadres' backoff policy, audits the attempt
// and, on success, opens a session (ending old). Every failure is the
// same result.
func (s *Store) PortalLogin(ctx context.Context, login, password, clientAddr, old string) (gonghui.PortalAccount, string, LoginResult, error) {
	if s.keys == nil {
		return gonghui.PortalAccount{}, "", 0, errNoKeys
	}
	c := s.conn()
	var accountID int64
	var hash string
	var failed int
	var locked int64
	q := `SELECT ma.id, ma.password_hash, ma.failed_logins, ma.locked_until FROM member_accounts ma `
	var err error
	if phone, perr := gonghui.ParseMobile(login); perr == nil {
		err = c.row(ctx, q+`WHERE ma.phone_index = ?`, s.keys.Index(indexPhone, phone)).Scan(&accountID, &hash, &failed, &locked)
	} else if id, ierr := idcard.Parse(strings.TrimSpace(login)); ierr == nil {
		err = c.row(ctx, q+`JOIN persons p ON p.id = ma.person_id WHERE p.id_index = ?`, s.keys.Index(indexID, id.Number)).Scan(&accountID, &hash, &failed, &locked)
	} else {
		err = sql.ErrNoRows
	}
	if errors.Is(err, sql.ErrNoRows) || err == nil && hash == "" {
		if _, err := auth.VerifyPassword(ctx, dummyHash, password); err != nil { // the time of a real check
			return gonghui.PortalAccount{}, "", 0, opErr(err, "portal login")
		}
		return gonghui.PortalAccount{}, "", LoginBadCredentials, s.Audit(ctx, memberActor(accountID, clientAddr), "portal.login", "member_account", accountID, "/",
			`{"reason":"unknown login or no password"}`, gonghui.OutcomeFailure)
	}
	if err != nil {
		return gonghui.PortalAccount{}, "", 0, opErr(err, "portal login")
	}
	acct, err := c.portalAccount(ctx, accountID)
	if err != nil {
		return acct, "", 0, opErr(err, "portal login")
	}
	now := s.now()
	if locked > now.Unix() {
		if _, err := auth.VerifyPassword(ctx, dummyHash, password); err != nil {
			return acct, "", 0, opErr(err, "portal login")
		}
		return acct, "", LoginBadCredentials, s.Audit(ctx, memberActor(accountID, clientAddr), "portal.login", "member_account", accountID, acct.OrgPath,
			`{"reason":"backing off"}`, gonghui.OutcomeFailure)
	}
	ok, err := auth.VerifyPassword(ctx, hash, password)
	if err != nil {
		return acct, "", 0, opErr(err, "portal login")
	}
	if !ok {
		err := s.inTx(ctx, func(c conn) error {
			failed++
			until, d := loginBackoff(failed, now)
			reason := "bad password"
			if d > 0 {
				reason += ", backing off " + d.String()
			}
			if _, err := c.exec(ctx, `UPDATE member_accounts SET failed_logins = ?, locked_until = ? WHERE id = ?`, failed, until, accountID); err != nil {
				return err
			}
			return c.audit(ctx, memberActor(accountID, clientAddr), auditEntry{action: "portal.login", recordType: "member_account", recordID: accountID,
				orgPath: acct.OrgPath, summary: mustJSON(map[string]string{"reason": reason}), outcome: gonghui.OutcomeFailure})
		})
		return acct, "", LoginBadCredentials, opErr(err, "portal login")
	}
	var token string
	err = s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE member_accounts SET failed_logins = 0, locked_until = 0 WHERE id = ?`, accountID); err != nil {
			return err
		}
		if token, err = c.openSession(ctx, memberSessions, accountID, old); err != nil {
			return err
		}
		return c.audit(ctx, memberActor(accountID, clientAddr), auditEntry{action: "portal.login", recordType: "member_account",
			recordID: accountID, orgPath: acct.OrgPath, summary: "{}"})
	})
	return acct, token, LoginOK, opErr(err, "portal login")
}

// smsBinding binds a sealed phone to its account's row.
func smsBinding(table string, accountID int64) []byte {
	return []byte(table + ".phone_sealed\x00" + strconv.FormatInt(accountID, 10))
}

// smsCodeHash is what is kept of an SMS code: a keyed hash (six digits
// are too few for a plain one), bound to the account and the phone.
func (s *Store) smsCodeHash(accountID int64, phone, code string) []byte {
	return s.keys.Index(indexSMSCode, strconv.FormatInt(accountID, 10)+":"+phone+":"+code)
}

// SendPhoneCode sends a one-time code to the phone a member wants to
// bind (through send, after the code is stored) and replaces any code
// sent before. An account sends one a minute, the wait doubling with
// each send up to an hour until a code is confirmed.
func (s *Store) SendPhoneCode(ctx context.Context, acct gonghui.PortalAccount, phone, clientAddr string, send func(ctx context.Context, phone, text string) error) error {
	if s.keys == nil {
		return errNoKeys
	}
	phone, err := gonghui.ParseMobile(phone)
	if err != nil {
		return err
	}
	code := gonghui.NewSMSCode()
	var refused error
	err = s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockPortalPerson, acct.PersonID); err != nil {
			return err
		}
		var sent int
		var nextAt int64
		if err := c.row(ctx, `SELECT sms_sent, sms_next_at FROM member_accounts WHERE id = ?`, acct.ID).Scan(&sent, &nextAt); err != nil {
			return err
		}
		now := s.now()
		if nextAt > now.Unix() {
			refused = errTryLater("phone")
			return nil
		}
		sent++
		if _, err := c.exec(ctx, `UPDATE member_accounts SET sms_sent = ?, sms_next_at = ? WHERE id = ?`,
			sent, now.Add(auth.BackoffDelay(sent, 0, smsSendBase, smsSendMax)).Unix(), acct.ID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM member_sms_codes WHERE account_id = ?`, acct.ID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO member_sms_codes (account_id, phone_sealed, phone_index, phone_masked, code_hash, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			acct.ID, s.keys.Seal(phone, smsBinding("member_sms_codes", acct.ID)), s.keys.Index(indexPhone, phone), gonghui.MaskPhone(phone),
			s.smsCodeHash(acct.ID, phone, code), now.Add(gonghui.SMSCodeLifetime).Unix()); err != nil {
			return err
		}
		return c.audit(ctx, memberActor(acct.ID, clientAddr), auditEntry{action: "portal.sms.send", recordType: "member_account",
			recordID: acct.ID, orgPath: acct.OrgPath, summary: mustJSON(map[string]string{"phone": gonghui.MaskPhone(phone)})})
	})
	if err != nil {
		return opErr(err, "send phone code")
	}
	if refused != nil {
		return refused
	}
	text := "【工会会员之家】验证码 " + code + "，" + strconv.Itoa(int(gonghui.SMSCodeLifetime/time.Minute)) + "分钟内有效，用于绑定手机。请勿告诉他人。"
	return opErr(send(ctx, phone, text), "send phone code")
}

// VerifyPhoneCode binds the phone a code was sent to once the member
// gives the code: each wrong code spends one of its SMSCodeAttempts,
// after which (or after SMSCodeLifetime) a new code must be sent. A phone
// bound to another member's account is refused.
func (s *Store) VerifyPhoneCode(ctx context.Context, acct gonghui.PortalAccount, code, clientAddr string) (gonghui.PortalAccount, error) {
	if s.keys == nil {
		return acct, errNoKeys
	}
	code, err := gonghui.ParseSMSCode(code)
	if err != nil {
		return acct, err
	}
	var refused error
	var out gonghui.PortalAccount
	err = s.inTx(ctx, func(c conn) error {
		// Each guess spends an attempt before it is compared, in one
		// statement: guesses at once wait for each other on the row and
		// the limit holds.
		res, err := c.exec(ctx, `UPDATE member_sms_codes SET attempts = attempts + 1 WHERE account_id = ? AND attempts < ? AND expires_at > ?`,
			acct.ID, gonghui.SMSCodeAttempts, s.nowUnix())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			refused = gonghui.Invalid("sms_code", "验证码已失效，请重新获取", "the code has expired or been spent: ask for a new one")
			return nil
		}
		var sealed, index, hash []byte
		var masked string
		if err := c.row(ctx, `SELECT phone_sealed, phone_index, phone_masked, code_hash FROM member_sms_codes WHERE account_id = ?`, acct.ID).
			Scan(&sealed, &index, &masked, &hash); err != nil {
			return err
		}
		phone, err := s.keys.Open(sealed, smsBinding("member_sms_codes", acct.ID))
		if err != nil {
			return err
		}
		if string(s.smsCodeHash(acct.ID, phone, code)) != string(hash) {
			refused = gonghui.Invalid("sms_code", "验证码不正确", "the code is wrong")
			return c.audit(ctx, memberActor(acct.ID, clientAddr), auditEntry{action: "portal.phone.bind", recordType: "member_account",
				recordID: acct.ID, orgPath: acct.OrgPath, summary: `{"reason":"wrong code"}`, outcome: gonghui.OutcomeFailure})
		}
		if err := c.lockFor(ctx, lockPortalPhone, textKey(string(index))); err != nil {
			return err
		}
		var other int
		if err := c.row(ctx, `SELECT count(*) FROM member_accounts WHERE phone_index = ? AND id <> ?`, index, acct.ID).Scan(&other); err != nil {
			return err
		}
		if other > 0 {
			refused = gonghui.Invalid("phone", "该手机号码已绑定其他会员的账户", "this phone is bound to another member's account")
			return nil
		}
		now := s.nowUnix()
		if _, err := c.exec(ctx, `UPDATE member_accounts SET phone_sealed = ?, phone_index = ?, phone_masked = ?, phone_bound_at = ?,
			sms_sent = 0, sms_next_at = 0, updated_at = ? WHERE id = ?`,
			s.keys.Seal(phone, smsBinding("member_accounts", acct.ID)), index, masked, now, now, acct.ID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM member_sms_codes WHERE account_id = ?`, acct.ID); err != nil {
			return err
		}
		if out, err = c.portalAccount(ctx, acct.ID); err != nil {
			return err
		}
		return c.audit(ctx, memberActor(acct.ID, clientAddr), auditEntry{action: "portal.phone.bind", recordType: "member_account",
			recordID: acct.ID, orgPath: acct.OrgPath, summary: mustJSON(map[string]string{"phone": masked})})
	})
	if err == nil && refused != nil {
		return acct, refused
	}
	return out, opErr(err, "verify phone code")
}

// PortalHome is what a member's portal home shows: their memberships,
// newest first (the first being the current one when they hold one), the
// card masked.
type PortalHome struct {
	Account     gonghui.PortalAccount `json:"account"`
	Memberships []gonghui.Member      `json:"memberships"`
}

// personMemberships lists every membership of a person, newest first,
// masked.
func (c conn) personMemberships(ctx context.Context, person int64) ([]gonghui.Member, error) {
	rows, err := c.query(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.person_id = ? ORDER BY "+memberSince+" DESC, m.id DESC", person)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []gonghui.Member{}
	for rows.Next() {
		r, err := scanMember(rows, c.s.today())
		if err != nil {
			return nil, err
		}
		out = append(out, r.Member)
	}
	return out, rows.Err()
}

// PortalHomeOf reads the member's own home: nothing but their person's
// records.
func (s *Store) PortalHomeOf(ctx context.Context, acct gonghui.PortalAccount) (PortalHome, error) {
	list, err := s.conn().personMemberships(ctx, acct.PersonID)
	for i := range list {
		list[i].CardNo = gonghui.MaskCardNo(list[i].CardNo)
	}
	return PortalHome{Account: acct, Memberships: list}, opErr(err, "portal home")
}

// PortalMembership is one of the member's own memberships; any other
// membership answers ErrNotFound, as a missing one.
func (s *Store) PortalMembership(ctx context.Context, acct gonghui.PortalAccount, id int64) (gonghui.Member, error) {
	r, err := scanMember(s.conn().row(ctx, "SELECT "+memberColumns+memberFrom+" WHERE m.id = ? AND m.person_id = ?", id, acct.PersonID), s.today())
	r.CardNo = gonghui.MaskCardNo(r.CardNo)
	return r.Member, opErr(err, "portal membership %d", id)
}

// CardKey is the Ed25519 key that signs the members' cards, derived from
// the personal-data key (so it needs no key of its own and survives with
// it): its public half is what a desk verifies a card with offline.
func (s *Store) CardKey() (ed25519.PrivateKey, error) {
	if s.keys == nil {
		return nil, errNoKeys
	}
	return ed25519.NewKeyFromSeed(s.keys.Index("card-signing-key", "v1")), nil
}

// PortalCard signs a card token of the member's active membership, valid
// for gonghui.CardTokenLifetime; a member without one has no card.
func (s *Store) PortalCard(ctx context.Context, acct gonghui.PortalAccount) (string, gonghui.CardClaims, error) {
	key, err := s.CardKey()
	if err != nil {
		return "", gonghui.CardClaims{}, err
	}
	list, err := s.conn().personMemberships(ctx, acct.PersonID)
	if err != nil {
		return "", gonghui.CardClaims{}, opErr(err, "portal card")
	}
	for _, m := range list {
		if m.Status != gonghui.MemberActive {
			continue
		}
		now := s.now()
		c := gonghui.CardClaims{MembershipID: m.ID, Name: m.Name, OrgName: m.OrgName, CardNo: gonghui.MaskCardNo(m.CardNo), Active: true,
			IssuedAt: now.Unix(), ExpiresAt: now.Add(gonghui.CardTokenLifetime).Unix()}
		return gonghui.SignCardToken(key, c), c, nil
	}
	return "", gonghui.CardClaims{}, gonghui.Invalid("membership", "您当前没有有效会籍，没有会员卡", "you hold no active membership, so no card")
}
