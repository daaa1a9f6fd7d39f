package store_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// portalClock is a store's clock a test moves on.
type portalClock struct{ now time.Time }

func (c *portalClock) set(s *store.Store) {
	c.now = time.Date(2026, 11, 24, 10, 0, 0, 0, gonghui.Shanghai)
	s.SetClock(func() time.Time { return c.now })
}

func issueOne(t *testing.T, s *store.Store, memberID int64) string {
	t.Helper()
	codes, err := s.IssueActivationCodes(ctx, sys, store.PortalCodeRequest{MemberID: memberID})
	if err != nil || len(codes) != 1 {
		t.Fatalf("issue code: %v, %d codes", err, len(codes))
	}
	return codes[0].Code
}

func fieldOfErr(err error) string {
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return ""
	}
	for f := range v.Fields {
		return f
	}
	return ""
}

func TestPortalActivation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var clock portalClock
		clock.set(s)
		f := newFixture(t, s)
		id := storetest.CitizenID("110105", "19900307", 301)
		in := memberIn(f.g1, "王芳", id)
		in.CardNo = "BJ-00012345"
		m := mustMember(t, s, in)
		other := mustMember(t, s, memberIn(f.joint, "李强", storetest.CitizenID("110105", "19850101", 302)))

		// A viewer may not issue codes.
		viewer := gonghui.Actor{Username: "v", Role: gonghui.RoleViewer, Path: f.root.Path}
		if _, err := s.IssueActivationCodes(ctx, viewer, store.PortalCodeRequest{MemberID: m.ID}); !errors.Is(err, gonghui.ErrForbidden) {
			t.Fatalf("viewer issuing: %v, want forbidden", err)
		}
		// A union issues to its subtree's members without an account.
		codes, err := s.IssueActivationCodes(ctx, sys, store.PortalCodeRequest{OrgID: f.street.ID})
		if err != nil || len(codes) != 2 {
			t.Fatalf("issue for the street: %v, %d codes", err, len(codes))
		}
		byMember := map[int64]store.IssuedCode{}
		for _, k := range codes {
			byMember[k.MemberID] = k
		}
		k := byMember[m.ID]
		if k.Name != "王芳" || k.CardNo != "BJ-00012345" || len(k.Code) != 14 || k.ExpiresOn != today.AddDays(60) {
			t.Errorf("issued %+v", k)
		}

		// The code with someone else's ID number: refused, nothing told.
		if _, _, err := s.Activate(ctx, k.Code, storetest.CitizenID("110105", "19850101", 302), "10.0.0.1", ""); fieldOfErr(err) != "code" {
			t.Fatalf("someone else's ID number: %v, want refused on code", err)
		}
		for _, bad := range []struct{ code, id, field string }{
			{"", id, "code"}, {"ABCD", id, "code"}, {k.Code, "110105", "id_number"},
			{"3467-9ACD-EFGH", id, "code"}, // well formed, never issued
		} {
			if _, _, err := s.Activate(ctx, bad.code, bad.id, "10.0.0.1", ""); fieldOfErr(err) != bad.field {
				t.Errorf("activate %q %q: %v, want refused on %s", bad.code, bad.id, err, bad.field)
			}
		}
		// The code typed in lower case without dashes, with the right number.
		typed := strings.ToLower(strings.ReplaceAll(k.Code, "-", " "))
		acct, token, err := s.Activate(ctx, typed, strings.ToLower(id), "10.0.0.1", "")
		if err != nil {
			t.Fatalf("activate: %v", err)
		}
		if acct.Name != "王芳" || acct.HasPassword || token == "" || acct.OrgPath != f.g1.Path {
			t.Errorf("activated %+v", acct)
		}
		if _, _, err := s.Activate(ctx, k.Code, id, "10.0.0.1", ""); fieldOfErr(err) != "code" {
			t.Errorf("a spent code: %v, want refused", err)
		}
		got, err := s.PortalSession(ctx, token)
		if err != nil || got.ID != acct.ID {
			t.Fatalf("session: %+v, %v", got, err)
		}

		// The first password needs no current one; a short one is refused.
		if err := s.SetPortalPassword(ctx, acct, "", "short", token, "10.0.0.1"); fieldOfErr(err) != "password" {
			t.Errorf("short password: %v", err)
		}
		if err := s.SetPortalPassword(ctx, acct, "", "correct horse battery", token, "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPortalPassword(ctx, acct, "wrong one", "another long password", token, "10.0.0.1"); fieldOfErr(err) != "current_password" {
			t.Errorf("change without the current password: %v", err)
		}

		// Login by ID number; rotation: the old session ends.
		acct2, token2, res, err := s.PortalLogin(ctx, id, "correct horse battery", "10.0.0.1", token)
		if err != nil || res != store.LoginOK || acct2.ID != acct.ID || token2 == token {
			t.Fatalf("login: %v %v", res, err)
		}
		if _, err := s.PortalSession(ctx, token); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("the session before login lives on: %v", err)
		}
		// Timeouts as for cadres: idle, then absolute.
		clock.now = clock.now.Add(store.IdleTimeout + time.Second)
		if _, err := s.PortalSession(ctx, token2); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("an idle session lives on: %v", err)
		}
		_, token3, _, _ := s.PortalLogin(ctx, id, "correct horse battery", "10.0.0.1", "")
		if err := s.PortalLogout(ctx, acct, token3, "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PortalSession(ctx, token3); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("a logged-out session lives on: %v", err)
		}

		// Wrong passwords back off (every attempt refused for a while),
		// then the right one goes through again: no lockout.
		for i := range store.FreeFailedLogins + 1 {
			if _, _, res, _ := s.PortalLogin(ctx, id, "not the password", "10.0.0.1", ""); res != store.LoginBadCredentials {
				t.Fatalf("wrong password %d passed", i)
			}
		}
		if _, _, res, _ := s.PortalLogin(ctx, id, "correct horse battery", "10.0.0.1", ""); res != store.LoginBadCredentials {
			t.Error("the right password passed while backing off")
		}
		clock.now = clock.now.Add(store.BackoffMax)
		if _, _, res, _ := s.PortalLogin(ctx, id, "correct horse battery", "10.0.0.1", ""); res != store.LoginOK {
			t.Error("the right password refused after the backoff")
		}

		// The home shows the member's own memberships, the card masked.
		home, err := s.PortalHomeOf(ctx, acct)
		if err != nil || len(home.Memberships) != 1 || home.Memberships[0].ID != m.ID || home.Memberships[0].CardNo != "*******2345" {
			t.Fatalf("home %+v, %v", home, err)
		}
		if strings.Contains(fmt.Sprint(home), id) {
			t.Error("the home shows the ID number in full")
		}
		if _, err := s.PortalMembership(ctx, acct, other.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another member's membership: %v, want not found", err)
		}
		if got, err := s.PortalMembership(ctx, acct, m.ID); err != nil || got.Name != "王芳" {
			t.Errorf("own membership: %+v, %v", got, err)
		}

		// A second code is a reset: the old one is spent, activating
		// clears the password and ends every session.
		first := issueOne(t, s, m.ID)
		second := issueOne(t, s, m.ID)
		if _, _, err := s.Activate(ctx, first, id, "10.0.0.1", ""); fieldOfErr(err) != "code" {
			t.Errorf("a replaced code: %v, want refused", err)
		}
		_, live, _, _ := s.PortalLogin(ctx, id, "correct horse battery", "10.0.0.1", "")
		again, _, err := s.Activate(ctx, second, id, "10.0.0.1", "")
		if err != nil || again.ID != acct.ID || again.HasPassword {
			t.Fatalf("reset: %+v, %v", again, err)
		}
		if _, err := s.PortalSession(ctx, live); !errors.Is(err, gonghui.ErrNotFound) {
			t.Error("a session before the reset lives on")
		}
		// A street's second issue skips the member who has an account.
		codes, err = s.IssueActivationCodes(ctx, sys, store.PortalCodeRequest{OrgID: f.street.ID})
		if err != nil || len(codes) != 1 || codes[0].MemberID != other.ID {
			t.Errorf("second issue: %+v, %v", codes, err)
		}
		// Outside the actor's scope: not found.
		haidian := gonghui.Actor{Username: "h", Role: gonghui.RoleAdmin, Path: f.haidian.Path}
		if _, err := s.IssueActivationCodes(ctx, haidian, store.PortalCodeRequest{MemberID: m.ID}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("issuing out of scope: %v", err)
		}
		assertAudited(t, s, "portal.codes.issue", "portal.activate", "portal.password", "portal.login", "portal.logout")
	})
}

func TestPortalActivationBacksOff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var clock portalClock
		clock.set(s)
		f := newFixture(t, s)
		id := storetest.CitizenID("110105", "19900307", 311)
		m := mustMember(t, s, memberIn(f.g1, "赵敏", id))
		code := issueOne(t, s, m.ID)
		wrong := storetest.CitizenID("110105", "19900307", 312)
		for range 3 {
			s.Activate(ctx, code, wrong, "10.0.0.1", "")
		}
		// Backing off: even the right number waits.
		if _, _, err := s.Activate(ctx, code, id, "10.0.0.1", ""); err == nil || !strings.Contains(err.Error(), "try again") {
			t.Fatalf("right number while backing off: %v", err)
		}
		clock.now = clock.now.Add(store.BackoffMax)
		if _, _, err := s.Activate(ctx, code, id, "10.0.0.1", ""); err != nil {
			t.Fatalf("after the backoff: %v", err)
		}
		// An expired code is refused.
		m2 := mustMember(t, s, memberIn(f.g1, "钱多", storetest.CitizenID("110105", "19900307", 313)))
		code2 := issueOne(t, s, m2.ID)
		clock.now = clock.now.Add(gonghui.ActivationCodeLifetime)
		if _, _, err := s.Activate(ctx, code2, storetest.CitizenID("110105", "19900307", 313), "10.0.0.1", ""); fieldOfErr(err) != "code" {
			t.Errorf("expired code: %v", err)
		}
	})
}

// smsBox keeps the texts a test sends.
type smsBox map[string]string

func (b smsBox) send(_ context.Context, phone, text string) error {
	b[phone] = text
	return nil
}

// code is the six digits of the last text to phone.
func (b smsBox) code(phone string) string {
	text := b[phone]
	for i := 0; i+6 <= len(text); i++ {
		if strings.Trim(text[i:i+6], "0123456789") == "" {
			return text[i : i+6]
		}
	}
	return ""
}

func activated(t *testing.T, s *store.Store, org gonghui.Org, name string, seq int) (gonghui.PortalAccount, string) {
	t.Helper()
	id := storetest.CitizenID("110105", "19880808", seq)
	m := mustMember(t, s, memberIn(org, name, id))
	acct, _, err := s.Activate(ctx, issueOne(t, s, m.ID), id, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPortalPassword(ctx, acct, "", "a long enough password", "", "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	acct.HasPassword = true
	return acct, id
}

func TestPortalPhoneBinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var clock portalClock
		clock.set(s)
		f := newFixture(t, s)
		acct, _ := activated(t, s, f.g1, "孙丽", 321)
		box := smsBox{}
		if err := s.SendPhoneCode(ctx, acct, "1380000", "10.0.0.1", box.send); fieldOfErr(err) != "phone" {
			t.Errorf("short phone: %v", err)
		}
		if err := s.SendPhoneCode(ctx, acct, "138 0013 8000", "10.0.0.1", box.send); err != nil {
			t.Fatal(err)
		}
		code := box.code("13800138000")
		if code == "" {
			t.Fatalf("no code in %q", box["13800138000"])
		}
		// A second send within the minute is refused: the sends back off.
		if err := s.SendPhoneCode(ctx, acct, "13800138000", "10.0.0.1", box.send); err == nil || !strings.Contains(err.Error(), "try again") {
			t.Errorf("second send at once: %v", err)
		}
		wrong := "000000"
		if wrong == code {
			wrong = "111111"
		}
		if _, err := s.VerifyPhoneCode(ctx, acct, wrong, "10.0.0.1"); fieldOfErr(err) != "sms_code" {
			t.Errorf("wrong code: %v", err)
		}
		if _, err := s.VerifyPhoneCode(ctx, acct, "12a456", "10.0.0.1"); fieldOfErr(err) != "sms_code" {
			t.Errorf("malformed code: %v", err)
		}
		got, err := s.VerifyPhoneCode(ctx, acct, code, "10.0.0.1")
		if err != nil || got.Phone != "138****8000" {
			t.Fatalf("verify: %+v, %v", got, err)
		}
		if _, err := s.VerifyPhoneCode(ctx, acct, code, "10.0.0.1"); fieldOfErr(err) != "sms_code" {
			t.Errorf("the code twice: %v", err)
		}
		// Now the phone logs in too.
		if _, _, res, err := s.PortalLogin(ctx, "13800138000", "a long enough password", "10.0.0.1", ""); res != store.LoginOK || err != nil {
			t.Errorf("login by phone: %v %v", res, err)
		}

		// Attempts are limited: after five wrong codes the right one is spent.
		other, _ := activated(t, s, f.g1, "周杰", 322)
		if err := s.SendPhoneCode(ctx, other, "13900139000", "10.0.0.1", box.send); err != nil {
			t.Fatal(err)
		}
		code = box.code("13900139000")
		wrong = "000000"
		if wrong == code {
			wrong = "111111"
		}
		for range gonghui.SMSCodeAttempts {
			s.VerifyPhoneCode(ctx, other, wrong, "10.0.0.1")
		}
		if _, err := s.VerifyPhoneCode(ctx, other, code, "10.0.0.1"); fieldOfErr(err) != "sms_code" {
			t.Errorf("the right code after the attempts: %v", err)
		}
		// A new code after the minute; a phone bound to another account is refused.
		clock.now = clock.now.Add(time.Minute)
		if err := s.SendPhoneCode(ctx, other, "13800138000", "10.0.0.1", box.send); err != nil {
			t.Fatal(err)
		}
		if _, err := s.VerifyPhoneCode(ctx, other, box.code("13800138000"), "10.0.0.1"); fieldOfErr(err) != "phone" {
			t.Errorf("someone else's phone: %v", err)
		}
		// An expired code is refused.
		clock.now = clock.now.Add(2 * time.Minute)
		if err := s.SendPhoneCode(ctx, other, "13700137000", "10.0.0.1", box.send); err != nil {
			t.Fatal(err)
		}
		clock.now = clock.now.Add(gonghui.SMSCodeLifetime)
		if _, err := s.VerifyPhoneCode(ctx, other, box.code("13700137000"), "10.0.0.1"); fieldOfErr(err) != "sms_code" {
			t.Errorf("expired code: %v", err)
		}
		assertAudited(t, s, "portal.sms.send", "portal.phone.bind")
	})
}

// assertAudited fails for an action that left no event.
func assertAudited(t *testing.T, s *store.Store, actions ...string) {
	t.Helper()
	have, err := s.AuditActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range have {
		seen[a] = true
	}
	for _, a := range actions {
		if !seen[a] {
			t.Errorf("no audit event %s", a)
		}
	}
}

func init() {
	lockRules = append(lockRules, lockRule{name: "an activation code activates once", refused: []string{"code"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			m, id := e.member(t)
			code := issueOne(t, e.s, m.ID)
			return func(int) error {
					_, _, err := e.s.Activate(ctx, code, id, "10.0.0.1", "")
					return err
				}, func() int {
					var n int
					if err := e.s.DB().QueryRow(e.s.Rebind(`SELECT count(*) FROM member_sessions s JOIN member_accounts a ON a.id = s.account_id WHERE a.person_id = ?`), m.PersonID).Scan(&n); err != nil {
						return -1
					}
					return n
				}
		}})
	lockRules = append(lockRules, lockRule{name: "one live activation code per person, issued concurrently",
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			m, _ := e.member(t)
			return func(int) error {
					_, err := e.s.IssueActivationCodes(ctx, sys, store.PortalCodeRequest{MemberID: m.ID})
					return err
				}, func() int {
					var n int
					if err := e.s.DB().QueryRow(e.s.Rebind(`SELECT count(*) FROM member_activation_codes WHERE person_id = ? AND used_at = 0`), m.PersonID).Scan(&n); err != nil {
						return -1
					}
					return n
				}
		}})
	lockRules = append(lockRules, lockRule{name: "a phone bound to one account, bound concurrently", refused: []string{"phone"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			n := e.next()
			phone := fmt.Sprintf("1370000%04d", n)
			box := smsBox{}
			accts := make([]gonghui.PortalAccount, contenders)
			codes := make([]string, contenders)
			for i := range accts {
				m, id := e.member(t)
				acct, _, err := e.s.Activate(ctx, issueOne(t, e.s, m.ID), id, "10.0.0.1", "")
				if err != nil {
					t.Fatal(err)
				}
				if err := e.s.SendPhoneCode(ctx, acct, phone, "10.0.0.1", box.send); err != nil {
					t.Fatal(err)
				}
				accts[i], codes[i] = acct, box.code(phone)
			}
			return func(i int) error {
					_, err := e.s.VerifyPhoneCode(ctx, accts[i], codes[i], "10.0.0.1")
					return err
				}, func() int {
					var k int
					if err := e.s.DB().QueryRow(e.s.Rebind(`SELECT count(*) FROM member_accounts WHERE phone_masked = ? AND phone_bound_at > 0`), gonghui.MaskPhone(phone)).Scan(&k); err != nil {
						return -1
					}
					return k
				}
		}})
}

func TestPortalCard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var clock portalClock
		clock.set(s)
		f := newFixture(t, s)
		in := memberIn(f.g1, "吴刚", storetest.CitizenID("110105", "19900307", 331))
		in.CardNo = "K-00778899"
		m := mustMember(t, s, in)
		acct, _, err := s.Activate(ctx, issueOne(t, s, m.ID), in.IDNumber, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		token, c, err := s.PortalCard(ctx, acct)
		if err != nil || c.MembershipID != m.ID || c.CardNo != "******8899" || !c.Active {
			t.Fatalf("card %+v, %v", c, err)
		}
		key, _ := s.CardKey()
		got, err := gonghui.VerifyCardToken(key.Public().(ed25519.PublicKey), token, clock.now)
		if err != nil || got != c {
			t.Errorf("verify: %+v, %v", got, err)
		}
		// The key is the same from one opening to the next: derived.
		again, _ := s.CardKey()
		if !again.Equal(key) {
			t.Error("the card key changed")
		}
		// A member who left holds no card.
		if _, err := s.EndMembership(ctx, sys, m.ID, gonghui.MemberLeft, today, "离职"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.PortalCard(ctx, acct); fieldOfErr(err) != "membership" {
			t.Errorf("card after leaving: %v", err)
		}
	})
}
