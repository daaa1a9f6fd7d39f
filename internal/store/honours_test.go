package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func roundIn(org gonghui.Org, kind, level string, quota int, rules string) gonghui.HonourRoundInput {
	return gonghui.HonourRoundInput{Kind: kind, Level: level, Year: 2026, OrgID: org.ID, Title: "2026年度" + org.Name + "评选", Quota: quota, Rules: []byte(rules)}
}

func mustRound(t *testing.T, s *store.Store, a gonghui.Actor, in gonghui.HonourRoundInput) gonghui.HonourRound {
	t.Helper()
	r, err := s.CreateHonourRound(ctx, a, in)
	if err != nil {
		t.Fatalf("create round %s: %v", in.Title, err)
	}
	return r
}

func mustNominate(t *testing.T, s *store.Store, a gonghui.Actor, in gonghui.HonourNominationInput) gonghui.HonourNomination {
	t.Helper()
	n, err := s.Nominate(ctx, a, in)
	if err != nil {
		t.Fatalf("nominate %+v: %v", in, err)
	}
	return n
}

func homeNominee(round gonghui.HonourRound, org gonghui.Org) gonghui.HonourNominationInput {
	return gonghui.HonourNominationInput{RoundID: round.ID, Recipient: gonghui.HonourRecipient{OrgID: org.ID}}
}

func personNominee(round gonghui.HonourRound, org gonghui.Org, n int, category string) gonghui.HonourNominationInput {
	return gonghui.HonourNominationInput{RoundID: round.ID, Recipient: gonghui.HonourRecipient{OrgID: org.ID,
		PersonName: fmt.Sprintf("候选人%d", n), IDNumber: storetest.CitizenID("110105", "19750101", 400+n), Category: category}}
}

func modelWorkerIn(org gonghui.Org, level string, n int) gonghui.HonourInput {
	return gonghui.HonourInput{Kind: gonghui.HonourModelWorker, Level: level, Year: 2015, AwardedOn: gonghui.NewDate(2015, 4, 28),
		Recipient: gonghui.HonourRecipient{OrgID: org.ID, PersonName: fmt.Sprintf("劳模%d", n),
			IDNumber: storetest.CitizenID("110105", "19680302", 600+n), Category: "front_line", UnitName: "示例单位"}}
}

func mustHonour(t *testing.T, s *store.Store, in gonghui.HonourInput) gonghui.Honour {
	t.Helper()
	h, err := s.RegisterHonour(ctx, sys, in)
	if err != nil {
		t.Fatalf("register honour %+v: %v", in, err)
	}
	return h
}

// The honours' writes for the shared fast-path test: model workers
// registered, one deceased, one revoked; a round's list approved; an
// award revoked.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "honours", run: func(t *testing.T, s *store.Store, f fixture) {
		cy := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳荣誉工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀荣誉工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		a := mustHonour(t, s, modelWorkerIn(cy, gonghui.HonourNational, 1))
		b := mustHonour(t, s, modelWorkerIn(hd, gonghui.HonourCity, 2))
		mustHonour(t, s, modelWorkerIn(hd, gonghui.HonourDistrict, 3))
		if _, err := s.SetHonourStatus(ctx, sys, a.ID, gonghui.HonourStatusInput{Status: gonghui.HonourDeceased, On: gonghui.NewDate(2019, 12, 31), Version: a.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetHonourStatus(ctx, sys, b.ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: gonghui.NewDate(2018, 1, 1), Reason: "违法违纪", Version: b.Version}); err != nil {
			t.Fatal(err)
		}
		r := mustRound(t, s, sys, roundIn(f.root, gonghui.HonourModelHome, gonghui.HonourCity, 5, ""))
		for _, o := range []gonghui.Org{cy, hd} {
			mustNominate(t, s, actor(o, gonghui.RoleCadre), homeNominee(r, o))
		}
		if _, err := s.ApproveHonourRound(ctx, sys, r.ID, r.Version); err != nil {
			t.Fatal(err)
		}
		list, _, err := s.ListHonours(ctx, sys, gonghui.HonourFilter{OrgID: hd.ID, Kind: gonghui.HonourModelHome})
		if err != nil || len(list) != 1 {
			t.Fatalf("awarded: %v %v", list, err)
		}
		if _, err := s.SetHonourStatus(ctx, sys, list[0].ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: gonghui.NewDate(2026, 11, 24), Reason: "材料不实", Version: list[0].Version}); err != nil {
			t.Fatal(err)
		}
	}})
}

// A round's quota holds when the unions below nominate at one moment.
func init() {
	lockRules = append(lockRules, lockRule{name: "a round's list within its quota, nominated at once", refused: []string{"quota"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			r := mustRound(t, s, sys, roundIn(e.f.chaoyang, gonghui.HonourModelHome, gonghui.HonourDistrict, 1, ""))
			return func(i int) error {
					o := e.unions[i]
					_, err := s.Nominate(ctx, actor(o, gonghui.RoleCadre), homeNominee(r, o))
					return err
				}, func() int {
					n, err := s.ListNominations(ctx, sys, r.ID)
					if err != nil {
						return -1
					}
					return len(n)
				}
		}})
}

// A person holds a title of a kind, level and year once, however many
// cadres register it at once.
func init() {
	lockRules = append(lockRules, lockRule{name: "one title per recipient, kind, level and year", refused: []string{"year"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, id, name := e.s, e.personID(), fmt.Sprintf("并发劳模%d", e.next())
			return func(i int) error {
					in := modelWorkerIn(e.f.g1, gonghui.HonourCity, i)
					in.Recipient.IDNumber, in.Recipient.PersonName = id, name
					_, err := s.RegisterHonour(ctx, sys, in)
					return err
				}, func() int {
					return total(s.ListHonours(ctx, sys, gonghui.HonourFilter{Query: name}))
				}
		}})
}

func TestHonours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		cadre := actor(f.g1, gonghui.RoleCadre)
		street := actor(f.street, gonghui.RoleCadre)

		t.Run("model workers: a register member or a name with a sealed ID number", func(t *testing.T) {
			m := mustMember(t, s, memberIn(f.g1, "王劳模", storetest.CitizenID("110105", "19700101", 11)))
			in := modelWorkerIn(f.g1, gonghui.HonourCity, 1)
			in.Recipient.PersonName, in.Recipient.IDNumber, in.Recipient.PersonID = "", "", m.PersonID
			h := mustHonour(t, s, in)
			if h.PersonName != "王劳模" || h.IDMasked == "" || h.Status != gonghui.HonourInForce {
				t.Errorf("registered %+v", h)
			}
			// The same person by name and ID number is the same recipient.
			dup := modelWorkerIn(f.g1, gonghui.HonourCity, 1)
			dup.Recipient.PersonName, dup.Recipient.IDNumber = "王劳模", storetest.CitizenID("110105", "19700101", 11)
			if _, err := s.RegisterHonour(ctx, sys, dup); fieldOf(err) != "year" {
				t.Errorf("the same title twice: %v", err)
			}
			mine, _, err := s.ListHonours(ctx, sys, gonghui.HonourFilter{PersonID: m.PersonID})
			if err != nil || len(mine) != 1 {
				t.Errorf("the person's honours: %v %v", mine, err)
			}
			byName := mustHonour(t, s, modelWorkerIn(f.g1, gonghui.HonourNational, 2))
			if strings.Contains(byName.IDMasked, "19680302") || byName.IDMasked == "" {
				t.Errorf("ID number shown: %q", byName.IDMasked)
			}
			bad := modelWorkerIn(f.g1, "moon", 3)
			bad.Recipient.IDNumber, bad.Recipient.Category = "110105", "poet"
			_, err = s.RegisterHonour(ctx, sys, bad)
			for _, field := range []string{"level", "id_number", "category"} {
				if fieldMessage(err, field).Zh == "" {
					t.Errorf("no error for %s: %v", field, err)
				}
			}
			if _, err := s.RegisterHonour(ctx, actor(f.haidian, gonghui.RoleCadre), modelWorkerIn(f.g1, gonghui.HonourCity, 4)); fieldOf(err) != "org_id" {
				t.Errorf("a union outside the scope: %v", err)
			}
		})

		t.Run("rules of a union: membership rate, systems, lower title", func(t *testing.T) {
			u1, u2 := mustUnit(t, s, f.g1.ID, 1), mustUnit(t, s, f.g1.ID, 2) // 10 + 20 staff
			r := mustRound(t, s, sys, roundIn(f.chaoyang, gonghui.HonourModelHome, gonghui.HonourCity, 3,
				`{"lower_title": true, "min_membership_rate": 10, "congress": true, "disclosure": true}`))
			_, err := s.Nominate(ctx, cadre, homeNominee(r, f.g1))
			for _, rule := range []string{"rule.lower_title", "rule.congress", "rule.disclosure"} {
				if m := fieldMessage(err, rule); m.Zh == "" || m.En == "" {
					t.Errorf("rule %s not named: %v", rule, err)
				}
			}
			// One member of 30 staff: 3.3%.
			if m := fieldMessage(err, "rule.min_membership_rate"); !strings.Contains(m.Zh, "3.3%") {
				t.Errorf("membership rate: %v", m)
			}
			for i := range 2 {
				mustMember(t, s, memberIn(f.g1, fmt.Sprintf("会员%d", i), storetest.CitizenID("110105", "19850101", 30+i)))
			}
			for _, u := range []gonghui.Unit{u1, u2} {
				in := congressIn(f.g1, gonghui.CongressUnit, u.ID)
				in.Name = u.Name + "职工代表大会"
				mustCongress(t, s, sys, in)
				if _, err := s.EstablishDisclosure(ctx, sys, u.ID, gonghui.NewDate(2018, 3, 1)); err != nil {
					t.Fatal(err)
				}
			}
			mustHonour(t, s, gonghui.HonourInput{Kind: gonghui.HonourModelHome, Level: gonghui.HonourDistrict, Year: 2024,
				AwardedOn: gonghui.NewDate(2024, 5, 1), Recipient: gonghui.HonourRecipient{OrgID: f.g1.ID}})
			pre, n, err := s.PreEligible(ctx, street, r.ID, 0, true, gonghui.Page{})
			if err != nil || n != 1 || pre[0].OrgID != f.g1.ID || pre[0].Facts.Staff != 30 || pre[0].Facts.Members != 3 {
				t.Fatalf("pre-eligible: %+v %d %v", pre, n, err)
			}
			nom := mustNominate(t, s, cadre, homeNominee(r, f.g1))
			if _, err := s.Nominate(ctx, street, homeNominee(r, f.g1)); fieldOf(err) != "org_id" {
				t.Errorf("nominated twice: %v", err)
			}
			// The cadre of the nominating union, or of the street, cannot
			// approve: the round is held above them.
			for _, who := range []gonghui.Actor{actor(f.g1, gonghui.RoleAdmin), actor(f.street, gonghui.RoleAdmin)} {
				if _, err := s.ApproveHonourRound(ctx, who, r.ID, r.Version); !errors.Is(err, gonghui.ErrNotFound) {
					t.Errorf("approved by %s: %v", who.Path, err)
				}
			}
			// Checked again on approval: the union fell below the rate.
			mustUnit(t, s, f.g1.ID, 3)
			if _, err := s.ApproveHonourRound(ctx, sys, r.ID, r.Version); fieldMessage(err, fmt.Sprintf("nominations.%d.min_membership_rate", nom.ID)).Zh == "" {
				t.Errorf("approved a nominee below the rate: %v", err)
			}
		})

		t.Run("a list over a share is refused whole; approval at the level above makes the titles", func(t *testing.T) {
			r := mustRound(t, s, sys, roundIn(f.chaoyang, gonghui.HonourExcellentWorker, gonghui.HonourDistrict, 4,
				`{"shares": [{"category": "front_line", "min": 50}, {"category": "head", "max": 40}]}`))
			if _, err := s.Nominate(ctx, actor(f.chaoyang, gonghui.RoleCadre), personNominee(r, f.g1, 9, "head")); fieldOf(err) != "round_id" {
				t.Errorf("the holding union nominated: %v", err)
			}
			if _, err := s.Nominate(ctx, cadre, personNominee(r, f.joint, 9, "head")); fieldOf(err) != "org_id" {
				t.Errorf("a nominee outside the nominator's subtree: %v", err)
			}
			mustNominate(t, s, cadre, personNominee(r, f.g1, 1, "head"))
			mustNominate(t, s, cadre, personNominee(r, f.g1, 2, "head"))
			mustNominate(t, s, actor(f.joint, gonghui.RoleCadre), personNominee(r, f.joint, 3, "front_line"))
			_, err := s.ApproveHonourRound(ctx, sys, r.ID, r.Version)
			for _, rule := range []string{"list.shares.front_line", "list.shares.head"} {
				if fieldMessage(err, rule).Zh == "" {
					t.Errorf("share %s not named: %v", rule, err)
				}
			}
			if list, _, _ := s.ListHonours(ctx, sys, gonghui.HonourFilter{Kind: gonghui.HonourExcellentWorker}); len(list) != 0 {
				t.Errorf("a refused list made titles: %v", list)
			}
			heads, err := s.ListNominations(ctx, cadre, r.ID)
			if err != nil || len(heads) != 2 {
				t.Fatalf("g1's nominations: %v %v", heads, err)
			}
			if _, err := s.WithdrawNomination(ctx, actor(f.joint, gonghui.RoleCadre), heads[0].ID); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("withdrew another union's nomination: %v", err)
			}
			if w, err := s.WithdrawNomination(ctx, cadre, heads[0].ID); err != nil || w.State != gonghui.NominationWithdrawn {
				t.Fatalf("withdrawn %+v %v", w, err)
			}
			mustNominate(t, s, actor(f.joint, gonghui.RoleCadre), personNominee(r, f.joint, 4, "front_line"))
			if _, err := s.ApproveHonourRound(ctx, actor(f.street, gonghui.RoleAdmin), r.ID, r.Version); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("approved below the holding union: %v", err)
			}
			got, err := s.ApproveHonourRound(ctx, actor(f.chaoyang, gonghui.RoleReviewer), r.ID, r.Version)
			if err != nil || got.State != gonghui.RoundApproved || got.ApprovedOn != today {
				t.Fatalf("approved %+v, %v", got, err)
			}
			list, n, err := s.ListHonours(ctx, sys, gonghui.HonourFilter{Kind: gonghui.HonourExcellentWorker, Year: 2026})
			if err != nil || n != 3 || list[0].RoundID != r.ID || list[0].AwardedOn != today {
				t.Fatalf("titles %+v %d %v", list, n, err)
			}
			if _, err := s.Nominate(ctx, cadre, personNominee(r, f.g1, 5, "front_line")); fieldOf(err) != "round_id" {
				t.Errorf("nominated into an approved round: %v", err)
			}
			if _, err := s.Nominate(ctx, actor(f.joint, gonghui.RoleViewer), personNominee(r, f.joint, 6, "other")); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer nominated: %v", err)
			}
		})

		t.Run("quota at nomination", func(t *testing.T) {
			r := mustRound(t, s, sys, roundIn(f.street, gonghui.HonourModelSmallHome, gonghui.HonourDistrict, 1, ""))
			in := homeNominee(r, f.g1)
			in.Recipient.TeamName = "研发一组"
			mustNominate(t, s, cadre, in)
			in.Recipient.TeamName = "研发二组"
			if _, err := s.Nominate(ctx, cadre, in); fieldOf(err) != "quota" {
				t.Errorf("over the quota: %v", err)
			}
		})

		t.Run("revocation: by a union above, with a reason, audited", func(t *testing.T) {
			h := mustHonour(t, s, modelWorkerIn(f.g1, gonghui.HonourCity, 7))
			if _, err := s.SetHonourStatus(ctx, actor(f.g1, gonghui.RoleAdmin), h.ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: today, Reason: "x", Version: h.Version}); fieldOf(err) != "status" {
				t.Errorf("revoked by its own union: %v", err)
			}
			if _, err := s.SetHonourStatus(ctx, sys, h.ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: today, Version: h.Version}); fieldOf(err) != "reason" {
				t.Errorf("revoked without a reason: %v", err)
			}
			if _, err := s.SetHonourStatus(ctx, actor(f.haidian, gonghui.RoleAdmin), h.ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: today, Reason: "x", Version: h.Version}); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("revoked outside the scope: %v", err)
			}
			got, err := s.SetHonourStatus(ctx, actor(f.street, gonghui.RoleAdmin), h.ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: today, Reason: "违反劳模管理规定", Version: h.Version})
			if err != nil || got.Status != gonghui.HonourRevoked || got.Reason != "违反劳模管理规定" {
				t.Fatalf("revoked %+v %v", got, err)
			}
			full, err := s.GetHonour(ctx, cadre, h.ID)
			if err != nil || len(full.History) != 2 || full.History[1].Action != gonghui.HonourRevoked || full.History[1].Reason == "" {
				t.Errorf("history %+v %v", full.History, err)
			}
			ev, _, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "honour.revoke", RecordID: h.ID})
			if err != nil || len(ev) != 1 {
				t.Errorf("audit %v %v", ev, err)
			}
			if _, err := s.SetHonourStatus(ctx, sys, h.ID, gonghui.HonourStatusInput{Status: gonghui.HonourRevoked, On: today, Reason: "再次", Version: got.Version}); fieldOf(err) != "status" {
				t.Errorf("revoked twice: %v", err)
			}
		})

		t.Run("scope", func(t *testing.T) {
			hd := actor(f.haidian, gonghui.RoleCadre)
			if list, n, err := s.ListHonours(ctx, hd, gonghui.HonourFilter{}); err != nil || n != 0 {
				t.Errorf("Haidian sees %v %v", list, err)
			}
			rounds, _, err := s.ListHonourRounds(ctx, cadre, gonghui.Page{})
			if err != nil || len(rounds) != 3 {
				t.Errorf("g1 sees the rounds above it: %d %v", len(rounds), err)
			}
			if rounds, _, _ := s.ListHonourRounds(ctx, hd, gonghui.Page{}); len(rounds) != 0 {
				t.Errorf("Haidian sees Chaoyang's rounds: %v", rounds)
			}
		})
	})
}
