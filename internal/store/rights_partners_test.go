package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func init() {
	lockRules = append(lockRules, lockRule{name: "one rights partner per name and union", refused: []string{"name"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, name := e.s, fmt.Sprintf("并发律师事务所%d", e.next())
			return func(i int) error {
					_, err := s.SaveRightsPartner(ctx, sys, 0, gonghui.RightsPartnerInput{OrgID: e.f.chaoyang.ID, Name: name, Party: gonghui.PartyJustice, Active: true})
					return err
				}, func() int {
					list, err := s.ListRightsPartners(ctx, sys, true)
					n := 0
					for _, p := range list {
						if p.Name == name {
							n++
						}
					}
					return total(list, n, err)
				}
		}})
}

func mustPartner(t *testing.T, s *store.Store, org gonghui.Org, name, party string, active bool) gonghui.RightsPartner {
	t.Helper()
	p, err := s.SaveRightsPartner(ctx, sys, 0, gonghui.RightsPartnerInput{OrgID: org.ID, Name: name, Party: party, Active: active})
	if err != nil {
		t.Fatalf("partner %s: %v", name, err)
	}
	return p
}

// partnerActor opens an account of the partner and returns its actor.
func partnerActor(t *testing.T, s *store.Store, p gonghui.RightsPartner, username string, role gonghui.Role) (gonghui.Actor, gonghui.User) {
	t.Helper()
	u, err := s.CreateUser(ctx, sys, gonghui.UserInput{Username: username, DisplayName: username, Role: role, Password: "partner-password-1", PartnerID: p.ID})
	if err != nil {
		t.Fatalf("partner user %s: %v", username, err)
	}
	return store.ActorFor(u, "127.0.0.1"), u
}

func TestRightsPartnerAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		p1 := mustPartner(t, s, f.chaoyang, "朝阳区法律援助中心", gonghui.PartyJustice, true)

		t.Run("a partner's fields are checked", func(t *testing.T) {
			_, err := s.SaveRightsPartner(ctx, sys, 0, gonghui.RightsPartnerInput{Party: "律所"})
			var v *gonghui.ValidationError
			if !errors.As(err, &v) || len(v.Fields) != 3 {
				t.Fatalf("err %v, want org_id, name and party", err)
			}
			if _, err := s.SaveRightsPartner(ctx, sys, 0, gonghui.RightsPartnerInput{OrgID: f.chaoyang.ID, Name: p1.Name, Party: "司法局"}); fieldOf(err) != "name" {
				t.Errorf("a second partner of the name: %v", err)
			}
			if _, err := s.SaveRightsPartner(ctx, actor(f.haidian, gonghui.RoleAdmin), p1.ID, p1.ToInput()); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("another district changed the partner: %v", err)
			}
			if _, err := s.SaveRightsPartner(ctx, actor(f.chaoyang, gonghui.RoleCadre), 0, p1.ToInput()); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a cadre kept partners: %v", err)
			}
		})

		t.Run("a partner's account has a partner's role, and a union's none", func(t *testing.T) {
			for _, c := range []struct {
				in    gonghui.UserInput
				field string
			}{
				{gonghui.UserInput{Username: "lawyer-a", Role: gonghui.RoleCadre, PartnerID: p1.ID, Password: "partner-password-1"}, "role"},
				{gonghui.UserInput{Username: "lawyer-b", Role: gonghui.RolePartner, OrgID: f.g1.ID, Password: "partner-password-1"}, "role"},
				{gonghui.UserInput{Username: "lawyer-c", Role: gonghui.RolePartner, PartnerID: p1.ID + 100, Password: "partner-password-1"}, "partner_id"},
			} {
				if _, err := s.CreateUser(ctx, sys, c.in); fieldOf(err) != c.field {
					t.Errorf("%s: %v, want %s", c.in.Username, err, c.field)
				}
			}
			a, u := partnerActor(t, s, p1, "lawyer-zhang", gonghui.RolePartner)
			if u.OrgID != f.chaoyang.ID || u.PartnerID != p1.ID || u.PartnerName != p1.Name || a.Path != gonghui.PartnerScope || a.OrgID != 0 {
				t.Errorf("user %+v, actor %+v", u, a)
			}
			// The account is kept among the district's accounts, and reads
			// itself (its password, its tokens) though it has no scope.
			if _, err := s.GetUser(ctx, actor(f.chaoyang, gonghui.RoleAdmin), u.ID); err != nil {
				t.Error(err)
			}
			if _, err := s.ListTokens(ctx, a, u.ID); err != nil {
				t.Errorf("own tokens: %v", err)
			}
			// An inactive partner's staff cannot log in.
			if _, _, res, err := s.Login(ctx, "lawyer-zhang", "partner-password-1", "127.0.0.1", ""); err != nil || res != store.LoginOK {
				t.Fatalf("login: %v %v", res, err)
			}
			in := p1.ToInput()
			in.Active = false
			off, err := s.SaveRightsPartner(ctx, sys, p1.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, res, err := s.Login(ctx, "lawyer-zhang", "partner-password-1", "127.0.0.1", ""); err != nil || res == store.LoginOK {
				t.Errorf("an inactive partner's account logged in: %v", err)
			}
			in = off.ToInput()
			in.Active = true
			if _, err := s.SaveRightsPartner(ctx, sys, p1.ID, in); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SaveRightsPartner(ctx, sys, p1.ID, in); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("a stale partner saved: %v", err)
			}
		})
	})
}

// TestRightsPartnerScope holds a partner's actor to the cases with its
// organisation: union-scoped reads find nothing, the cases read are its
// own, masked unless revealed with the permission.
func TestRightsPartnerScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		mustUnit(t, s, f.g1.ID, 3)
		mustMember(t, s, memberIn(f.g1, "张三", rightsID(80)))
		p1 := mustPartner(t, s, f.chaoyang, "朝阳区法律援助中心", gonghui.PartyJustice, true)
		a1, _ := partnerActor(t, s, p1, "lawyer-li", gonghui.RolePartner)
		v1, _ := partnerActor(t, s, p1, "clerk-li", gonghui.RolePartnerViewer)
		mine := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 2, d(2026, 11, 2)))
		other := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseLegalAid, 1, d(2026, 11, 3)))
		cadre := actor(f.street, gonghui.RoleCadre)

		t.Run("nothing of the unions is in a partner's scope", func(t *testing.T) {
			if _, err := s.GetOrg(ctx, a1, f.root.ID); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("root org: %v", err)
			}
			if _, n, err := s.ListOrgs(ctx, a1, gonghui.OrgFilter{}); err != nil || n != 0 {
				t.Errorf("orgs: %d %v", n, err)
			}
			if _, n, err := s.ListUnits(ctx, a1, gonghui.UnitFilter{}); err != nil || n != 0 {
				t.Errorf("units: %d %v", n, err)
			}
			for _, q := range []string{"张三", "张", "zs", rightsID(80), ""} {
				if list, _, err := s.ListMembers(ctx, a1, gonghui.MemberFilter{Query: q}); err == nil && len(list) != 0 {
					t.Errorf("members found by %q: %d", q, len(list))
				}
			}
			if _, n, err := s.ListRightsIntakes(ctx, a1, gonghui.RightsIntakeFilter{}); err != nil || n != 0 {
				t.Errorf("intakes: %d %v", n, err)
			}
			if _, n, err := s.ListRightsCases(ctx, a1, gonghui.RightsCaseFilter{}); err != nil || n != 0 {
				t.Errorf("cases before any assignment: %d %v", n, err)
			}
			if _, err := s.GetRightsCase(ctx, a1, mine.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("a case not assigned: %v", err)
			}
		})

		p2 := mustPartner(t, s, f.root, "北京市劳动人事争议仲裁院", gonghui.PartyHRSS, true)
		far := mustPartner(t, s, f.haidian, "海淀区人民调解委员会", gonghui.PartyJustice, true)
		off := mustPartner(t, s, f.chaoyang, "已停用的律所", gonghui.PartyJustice, false)
		_, u2 := partnerActor(t, s, p2, "arbiter-wang", gonghui.RolePartner)

		t.Run("the union assigns a case to a partner offered to it", func(t *testing.T) {
			for _, c := range []struct {
				in    gonghui.RightsAssignInput
				field string
			}{
				{gonghui.RightsAssignInput{PartnerID: far.ID, Version: mine.Version}, "partner_id"}, // another district's
				{gonghui.RightsAssignInput{PartnerID: off.ID, Version: mine.Version}, "partner_id"},
				{gonghui.RightsAssignInput{PartnerID: p1.ID, UserID: u2.ID, Version: mine.Version}, "user_id"},
				{gonghui.RightsAssignInput{UserID: u2.ID, Version: mine.Version}, "user_id"},
			} {
				if _, err := s.AssignRightsCase(ctx, cadre, mine.ID, c.in); fieldOf(err) != c.field {
					t.Errorf("assign %+v: %v, want %s", c.in, err, c.field)
				}
			}
			if _, err := s.AssignRightsCase(ctx, cadre, mine.ID, gonghui.RightsAssignInput{PartnerID: p1.ID, Version: mine.Version + 1}); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("a stale assignment: %v", err)
			}
			if _, err := s.AssignRightsCase(ctx, a1, mine.ID, gonghui.RightsAssignInput{PartnerID: p1.ID, Version: mine.Version}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a partner assigned: %v", err)
			}
			k, err := s.AssignRightsCase(ctx, cadre, mine.ID, gonghui.RightsAssignInput{PartnerID: p1.ID, Note: "请援助", Version: mine.Version})
			if err != nil || k.Partner == nil || k.Partner.ID != p1.ID || k.Version != mine.Version+1 {
				t.Fatalf("assigned %+v: %v", k.Partner, err)
			}
			mine = k
		})

		t.Run("a partner reads its cases alone, masked unless it may reveal", func(t *testing.T) {
			for _, a := range []gonghui.Actor{a1, v1} {
				list, n, err := s.ListRightsCases(ctx, a, gonghui.RightsCaseFilter{})
				if err != nil || n != 1 || list[0].ID != mine.ID {
					t.Errorf("%s lists %d cases: %v", a.Username, n, err)
				}
				if list, n, err := s.ListRightsCases(ctx, a, gonghui.RightsCaseFilter{OrgID: f.g1.ID, Overdue: true}); err != nil || n > 1 || len(list) == 1 && list[0].ID != mine.ID {
					t.Errorf("%s lists overdue %d: %v", a.Username, n, err)
				}
				if _, err := s.GetRightsCase(ctx, a, other.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
					t.Errorf("%s read another case: %v", a.Username, err)
				}
				if _, _, err := s.RightsDocumentData(ctx, a, other.ID, 1); !errors.Is(err, gonghui.ErrNotFound) {
					t.Errorf("%s read another case's document: %v", a.Username, err)
				}
			}
			k, err := s.GetRightsCase(ctx, a1, mine.ID, false)
			if err != nil || k.Parties[0].Name != "王**" || k.Parties[0].IDNumber == rightsID(0) {
				t.Errorf("masked %+v: %v", k.Parties, err)
			}
			if _, err := s.GetRightsCase(ctx, v1, mine.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a partner's viewer revealed: %v", err)
			}
			before := auditCount(t, s, "rights.reveal")
			k, err = s.GetRightsCase(ctx, a1, mine.ID, true)
			if err != nil || k.Parties[0].Name != "王工0" || k.Parties[0].IDNumber != rightsID(0) {
				t.Errorf("revealed %+v: %v", k.Parties, err)
			}
			if n := auditCount(t, s, "rights.reveal"); n != before+1 {
				t.Errorf("reveal audited %d times", n-before)
			}
			if _, err := s.RightsCaseEditInput(ctx, a1, mine.ID); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a partner opened the edit form: %v", err)
			}
		})

		t.Run("a partner records steps, and nothing else", func(t *testing.T) {
			if _, err := s.ActOnRightsCase(ctx, a1, mine.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, Version: mine.Version}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a partner accepted: %v", err)
			}
			if _, err := s.ActOnRightsCase(ctx, v1, mine.ID, gonghui.RightsStepInput{Action: gonghui.RightsActNote, Note: "电话联系", Version: mine.Version}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a partner's viewer recorded a step: %v", err)
			}
			mine = mustAct(t, s, a1, mine.ID, gonghui.RightsStepInput{Action: gonghui.RightsActNote, Note: "已约谈用人单位", Version: mine.Version})
			if _, err := s.UpdateRightsCase(ctx, a1, mine.ID, mine.ToInput()); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a partner edited the case: %v", err)
			}
		})
	})
}

func TestRightsHandoffs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		cadre := actor(f.street, gonghui.RoleCadre)
		p1 := mustPartner(t, s, f.chaoyang, "朝阳区法律援助中心", gonghui.PartyJustice, true)
		p2 := mustPartner(t, s, f.root, "北京市劳动人事争议仲裁院", gonghui.PartyHRSS, true)
		a1, _ := partnerActor(t, s, p1, "lawyer-li", gonghui.RolePartner)
		a2, u2 := partnerActor(t, s, p2, "arbiter-wang", gonghui.RolePartner)
		k := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 1, d(2026, 11, 2)))
		k, err := s.AssignRightsCase(ctx, cadre, k.ID, gonghui.RightsAssignInput{PartnerID: p1.ID, Version: k.Version})
		if err != nil {
			t.Fatal(err)
		}
		reload := func(a gonghui.Actor) gonghui.RightsCase {
			t.Helper()
			got, err := s.GetRightsCase(ctx, a, k.ID, false)
			if err != nil {
				t.Fatalf("%s reads the case: %v", a.Username, err)
			}
			return got
		}
		waiting := func(a gonghui.Actor) int {
			t.Helper()
			list, err := s.WaitingHandoffs(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}

		t.Run("sent, then declined with a reason", func(t *testing.T) {
			if _, err := s.SendRightsHandoff(ctx, a2, k.ID, gonghui.RightsHandoffInput{ToPartnerID: p2.ID, Version: k.Version}); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("a partner without the case sent it: %v", err)
			}
			if _, err := s.SendRightsHandoff(ctx, a1, k.ID, gonghui.RightsHandoffInput{ToPartnerID: p1.ID, Version: k.Version}); fieldOf(err) != "to_partner_id" {
				t.Errorf("handed to its own holder: %v", err)
			}
			h, err := s.SendRightsHandoff(ctx, a1, k.ID, gonghui.RightsHandoffInput{ToPartnerID: p2.ID, ToUserID: u2.ID, Note: "申请仲裁", Version: k.Version})
			if err != nil || h.State != gonghui.HandoffPending || h.FromPartnerID != p1.ID || h.CaseNumber != k.Number {
				t.Fatalf("sent %+v: %v", h, err)
			}
			k = reload(a1)
			if k.Partner.ID != p1.ID || waiting(a2) != 1 || waiting(a1) != 0 {
				t.Errorf("while waiting: with %+v, waiting %d", k.Partner, waiting(a2))
			}
			// The receiver reads the case it is asked to take, and cannot
			// work it or send it on yet.
			if got := reload(a2); got.ID != k.ID {
				t.Errorf("receiver reads %d", got.ID)
			}
			if _, err := s.ActOnRightsCase(ctx, a2, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActNote, Note: "x", Version: k.Version}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("the receiver worked the case before acknowledging: %v", err)
			}
			if _, err := s.GetRightsCase(ctx, a2, k.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("the receiver revealed the parties before acknowledging: %v", err)
			}
			if _, err := s.SendRightsHandoff(ctx, cadre, k.ID, gonghui.RightsHandoffInput{ToPartnerID: p2.ID, Version: k.Version}); fieldOf(err) != "to_partner_id" {
				t.Errorf("a second hand-off while one waits: %v", err)
			}
			if _, err := s.AnswerRightsHandoff(ctx, a1, h.ID, gonghui.RightsHandoffAnswer{Accept: true, Version: k.Version}); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("the sender answered: %v", err)
			}
			if _, err := s.AnswerRightsHandoff(ctx, a2, h.ID, gonghui.RightsHandoffAnswer{Version: k.Version}); fieldOf(err) != "reason" {
				t.Errorf("declined without a reason: %v", err)
			}
			got, err := s.AnswerRightsHandoff(ctx, a2, h.ID, gonghui.RightsHandoffAnswer{Reason: "尚未经调解", Version: k.Version})
			if err != nil || got.State != gonghui.HandoffDeclined || got.AnsweredBy != "arbiter-wang" {
				t.Fatalf("declined %+v: %v", got, err)
			}
			if _, err := s.GetRightsCase(ctx, a2, k.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("the decliner still reads the case: %v", err)
			}
			if _, err := s.AnswerRightsHandoff(ctx, a2, h.ID, gonghui.RightsHandoffAnswer{Accept: true, Version: k.Version + 1}); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("the decliner answered again, no longer reading the case: %v", err)
			}
			if k = reload(a1); k.Partner.ID != p1.ID || waiting(a2) != 0 {
				t.Errorf("after the decline: with %+v", k.Partner)
			}
		})

		t.Run("sent by the union, then acknowledged", func(t *testing.T) {
			h, err := s.SendRightsHandoff(ctx, cadre, k.ID, gonghui.RightsHandoffInput{ToPartnerID: p2.ID, Version: k.Version})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.AnswerRightsHandoff(ctx, a2, h.ID, gonghui.RightsHandoffAnswer{Accept: true, Version: k.Version}); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("answered on a stale case: %v", err)
			}
			k = reload(a2)
			if _, err := s.AnswerRightsHandoff(ctx, a2, h.ID, gonghui.RightsHandoffAnswer{Accept: true, Version: k.Version}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.GetRightsCase(ctx, a1, k.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("the former holder still reads the case: %v", err)
			}
			k = reload(a2)
			if _, err := s.AnswerRightsHandoff(ctx, a2, h.ID, gonghui.RightsHandoffAnswer{Accept: true, Version: k.Version}); fieldOf(err) != "accept" {
				t.Errorf("answered twice: %v", err)
			}
			if k.Partner.ID != p2.ID || k.Partner.UserID != 0 || k.Number != fmt.Sprintf("WQ2026-%06d", k.ID) || len(k.Handoffs) != 2 {
				t.Errorf("acknowledged: %+v, %d hand-offs", k.Partner, len(k.Handoffs))
			}
			var steps []string
			for _, st := range reload(cadre).Timeline {
				steps = append(steps, st.Action)
			}
			if got := fmt.Sprint(steps); got != "[open assign handoff handoff_decline handoff handoff_ack]" {
				t.Errorf("timeline %s", got)
			}
			for action, want := range map[string]int{"rights.case.assign": 1, "rights.handoff.send": 2, "rights.handoff.decline": 1, "rights.handoff.acknowledge": 1} {
				if n := auditCount(t, s, action); n != want {
					t.Errorf("%s audited %d times, want %d", action, n, want)
				}
			}
			// The union's audit log holds the partners' steps on its case.
			events, _, err := s.ListAudit(ctx, actor(f.street, gonghui.RoleAdmin), gonghui.AuditFilter{Action: "rights.handoff.acknowledge"})
			if err != nil || len(events) != 1 || events[0].Username != "arbiter-wang" {
				t.Errorf("the union's audit log: %+v %v", events, err)
			}
		})

		t.Run("a closed case is handed off no more", func(t *testing.T) {
			closed := mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, Outcome: gonghui.OutcomeWithdrawn, Version: k.Version})
			if _, err := s.SendRightsHandoff(ctx, a2, k.ID, gonghui.RightsHandoffInput{ToPartnerID: p1.ID, Version: closed.Version}); fieldOf(err) != "state" {
				t.Errorf("a closed case handed off: %v", err)
			}
		})
	})
}
