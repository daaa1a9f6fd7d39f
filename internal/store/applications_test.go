package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

var applied = gonghui.NewDate(2017, 9, 1)

// assistance is a store's programmes and the unions that file and approve
// under them.
type assistance struct {
	s     *store.Store
	f     fixture
	aid   gonghui.Fund
	progs map[string]gonghui.Programme
}

func newAssistance(t *testing.T, s *store.Store, f fixture) assistance {
	t.Helper()
	aid := mustFund(t, s, f.root, "市总帮扶资金", false)
	warmth := mustFund(t, s, f.root, "市总送温暖资金", false)
	mustAllocate(t, s, aid, 100_000_000)
	mustAllocate(t, s, warmth, 100_000_000)
	ps, err := s.SeedStandardProgrammes(ctx, sys, f.root.ID, aid.ID, warmth.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := s.SeedStandardProgrammes(ctx, sys, f.root.ID, aid.ID, warmth.ID); err != nil || len(again) != 0 {
		t.Fatalf("seeding again: %d programmes, %v", len(again), err)
	}
	x := assistance{s: s, f: f, aid: aid, progs: map[string]gonghui.Programme{}}
	for _, p := range ps {
		x.progs[p.Code] = p
	}
	return x
}

func (x assistance) grant(personID int64, org gonghui.Org, school string) gonghui.ApplicationInput {
	return gonghui.ApplicationInput{ProgrammeID: x.progs[gonghui.ProgGoldenAutumn].ID, OrgID: org.ID, AppliedOn: applied, PersonID: personID,
		SchoolLevel: school, Beneficiary: "子女", Payee: gonghui.Payee{Account: "6222020200112233445", Bank: "工商银行"}}
}

func mustFile(t *testing.T, s *store.Store, a gonghui.Actor, in gonghui.ApplicationInput) gonghui.Application {
	t.Helper()
	app, err := s.FileApplication(ctx, a, in)
	if err != nil {
		t.Fatalf("file application: %v", err)
	}
	return app
}

func mustDecide(t *testing.T, s *store.Store, a gonghui.Actor, id int64, d gonghui.Decision) gonghui.Application {
	t.Helper()
	app, err := s.DecideApplication(ctx, a, id, d)
	if err != nil {
		t.Fatalf("%s application %d: %v", d.Action, id, err)
	}
	return app
}

var approve = gonghui.Decision{Action: gonghui.AppActApprove, Comment: "同意"}

func TestApplicationLife(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		m := mustMember(t, s, memberIn(f.g1, "申请人甲", storetest.CitizenID("110105", "19800101", 401)))
		cadre := actor(f.g1, gonghui.RoleCadre)
		street, city := actor(f.street, gonghui.RoleReviewer), actor(f.root, gonghui.RoleReviewer)
		city.Username = "city-reviewer"

		app := mustFile(t, s, cadre, x.grant(m.PersonID, f.g1, gonghui.SchoolUniversity))
		if app.State != gonghui.AppFiled || app.Assessment.AmountFen != 400_000 || !app.Facts.Member || app.Input.Payee.Account != "***************3445" {
			t.Fatalf("filed: %+v", app)
		}
		// The filer's own union is not above itself; the street takes level 1, the city's final approval pays.
		if _, err := s.DecideApplication(ctx, actor(f.g1, gonghui.RoleCadre), app.ID, approve); fieldOf(err) != "action" {
			t.Fatalf("approval by the filing union: %v", err)
		}
		if n, _ := s.AwaitingApplications(ctx, street); n != 1 {
			t.Errorf("the street's queue holds %d, want 1", n)
		}
		for _, q := range []struct {
			who  gonghui.Actor
			want int
		}{{cadre, 0}, {actor(f.chaoyang, gonghui.RoleReviewer), 0}, {city, 0}} {
			if n, _ := s.AwaitingApplications(ctx, q.who); n != q.want {
				t.Errorf("the queue of %s holds %d, want %d", q.who.Path, n, q.want)
			}
		}
		app = mustDecide(t, s, street, app.ID, approve)
		if app.State != gonghui.AppFiled || app.Step != 1 {
			t.Fatalf("after level 1: %s step %d", app.State, app.Step)
		}
		for _, q := range []struct {
			who  gonghui.Actor
			want int
		}{{street, 0}, {actor(f.chaoyang, gonghui.RoleReviewer), 0}, {city, 1}} {
			if n, _ := s.AwaitingApplications(ctx, q.who); n != q.want {
				t.Errorf("after level 1, the queue of %s holds %d, want %d", q.who.Path, n, q.want)
			}
		}
		// The rules change after level 1: the level-1 step keeps what it was decided on.
		p := x.progs[gonghui.ProgGoldenAutumn]
		in := p.ToInput()
		in.Rules.Amount.Tiers[2].AmountFen = 450_000
		if _, err := s.UpdateProgramme(ctx, sys, p.ID, in); err != nil {
			t.Fatal(err)
		}
		before := balanceOf(t, s, x.aid.ID)
		app = mustDecide(t, s, city, app.ID, approve)
		if app.State != gonghui.AppApproved || app.EntryID == 0 || app.Assessment.AmountFen != 450_000 {
			t.Fatalf("after the final approval: %+v", app)
		}
		if got := app.Steps[1].Assessment.AmountFen; got != 400_000 || !app.Steps[1].Facts.Member {
			t.Errorf("level 1 was decided on %d fen, now reads %d", 400_000, got)
		}
		if d := before - balanceOf(t, s, x.aid.ID); d != 450_000 {
			t.Errorf("the fund paid %d fen, want 450000", d)
		}
		e, err := s.GetEntry(ctx, sys, app.EntryID, false)
		if err != nil {
			t.Fatal(err)
		}
		if e.Reference != (gonghui.Reference{Kind: "application", ID: app.ID}) || e.RecipientKind != gonghui.RecipientPerson || e.Form != gonghui.FormCash ||
			e.IdempotencyKey != fmt.Sprintf("application:%d", app.ID) || e.PayeeName != "申请人甲" || e.PayeePersonID != m.PersonID {
			t.Errorf("the payment: %+v", e)
		}
		// A retried approval pays nothing more.
		if _, err := s.DecideApplication(ctx, city, app.ID, approve); !errors.Is(err, gonghui.ErrConflict) {
			t.Errorf("a retried approval: %v, want a conflict", err)
		}
		if n := countRows(t, s, `SELECT count(*) FROM ledger_entries WHERE ref_kind = 'application' AND ref_id = ?`, app.ID); n != 1 {
			t.Errorf("%d payments for the application, want 1", n)
		}
		assertBalanced(t, s)

		// Leaving the union after the application's date changes nothing: the facts are of that date.
		if _, err := s.EndMembership(ctx, sys, m.ID, gonghui.MemberLeft, gonghui.NewDate(2017, 10, 1), "离职"); err != nil {
			t.Fatal(err)
		}
		m2 := mustMember(t, s, memberIn(f.joint, "申请人乙", storetest.CitizenID("110105", "19810101", 402)))
		second := mustFile(t, s, actor(f.joint, gonghui.RoleCadre), x.grant(m2.PersonID, f.joint, gonghui.SchoolHigh))
		if second.Assessment.AmountFen != 200_000 {
			t.Errorf("high school not on file: %d fen", second.Assessment.AmountFen)
		}

		// Return with a reason, refile, refuse with a reason.
		if _, err := s.DecideApplication(ctx, street, second.ID, gonghui.Decision{Action: gonghui.AppActReturn}); fieldOf(err) != "comment" {
			t.Errorf("a return without a reason: %v", err)
		}
		returned := mustDecide(t, s, street, second.ID, gonghui.Decision{Action: gonghui.AppActReturn, Comment: "缺录取通知书"})
		in2 := returned.Input
		in2.Note = "已补录取通知书"
		in2.Payee.Account = ""
		again, err := s.RefileApplication(ctx, actor(f.joint, gonghui.RoleCadre), second.ID, in2)
		if err != nil {
			t.Fatal(err)
		}
		if again.State != gonghui.AppFiled || again.Step != 0 {
			t.Errorf("refiled: %s step %d", again.State, again.Step)
		}
		refused := mustDecide(t, s, street, second.ID, gonghui.Decision{Action: gonghui.AppActRefuse, Comment: "已获其他资助"})
		var actions []string
		for _, st := range refused.Steps {
			actions = append(actions, st.Action)
		}
		if fmt.Sprint(actions) != "[file return refile refuse]" || refused.State != gonghui.AppRefused {
			t.Errorf("history %v, state %s", actions, refused.State)
		}
		if n := auditCount(t, s, "application.refuse"); n != 1 {
			t.Errorf("%d refusals audited", n)
		}
	})
}

func TestApplicationDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		// One person, a member of g1; the other union files for them too.
		m := mustMember(t, s, memberIn(f.g1, "重复申请人", storetest.CitizenID("110105", "19800101", 411)))
		first := mustFile(t, s, actor(f.g1, gonghui.RoleCadre), x.grant(m.PersonID, f.g1, gonghui.SchoolHigh))
		in := x.grant(m.PersonID, f.joint, gonghui.SchoolUniversity)
		if _, err := s.FileApplication(ctx, actor(f.joint, gonghui.RoleCadre), in); fieldOf(err) != "duplicate" {
			t.Fatalf("a duplicate from another union: %v", err)
		}
		in.OverrideReason = "第二个子女同年入学"
		if _, err := s.FileApplication(ctx, actor(f.joint, gonghui.RoleCadre), in); fieldOf(err) != "override_reason" {
			t.Fatalf("an override without the right: %v", err)
		}
		app, err := s.FileApplication(ctx, actor(f.street, gonghui.RoleAdmin), in)
		if err != nil {
			t.Fatal(err)
		}
		if app.OverrideBy == "" || auditCount(t, s, "application.override") != 1 {
			t.Errorf("the override is not kept or not audited: %+v", app)
		}
		// The one let through does not block the first; a third is blocked by both.
		mustDecide(t, s, actor(f.street, gonghui.RoleReviewer), first.ID, approve)
		in.OverrideReason = ""
		if _, err := s.FileApplication(ctx, actor(f.joint, gonghui.RoleCadre), in); fieldOf(err) != "duplicate" {
			t.Errorf("a third application: %v", err)
		}
		// Another period is no duplicate.
		next := x.grant(m.PersonID, f.joint, gonghui.SchoolHigh)
		next.AppliedOn = gonghui.NewDate(2018, 9, 1)
		mustFile(t, s, actor(f.joint, gonghui.RoleCadre), next)
	})
}

func TestApplicationStacking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		m := mustMember(t, s, memberIn(f.g1, "住院职工", storetest.CitizenID("110105", "19800101", 421)))
		cadre, street, city := actor(f.g1, gonghui.RoleCadre), actor(f.street, gonghui.RoleReviewer), actor(f.root, gonghui.RoleReviewer)
		city.Username = "city-reviewer"
		base := gonghui.ApplicationInput{OrgID: f.g1.ID, AppliedOn: applied, PersonID: m.PersonID,
			Payee: gonghui.Payee{Account: "6222020200112233445", Bank: "工商银行"}}
		claim := base
		claim.ProgrammeID, claim.EventRef, claim.ClaimedFen, claim.InsurancePaidFen = x.progs[gonghui.ProgMutualClaim].ID, "ZY2017-001", 20_000_000, 10_000_000
		if _, err := s.FileApplication(ctx, cadre, claim); fieldOf(err) != "person_id" {
			t.Fatalf("a claim without the year's enrolment: %v", err)
		}
		enrol := base
		enrol.ProgrammeID = x.progs[gonghui.ProgMutualEnrol].ID
		e := mustFile(t, s, cadre, enrol)
		mustDecide(t, s, street, e.ID, approve)
		// Mutual aid: 50 % of (200,000 − 100,000 insured − 1,300) = 49,350 yuan.
		c := mustFile(t, s, cadre, claim)
		mustDecide(t, s, street, c.ID, approve)
		c = mustDecide(t, s, city, c.ID, approve)
		if c.Assessment.AmountFen != 4_935_000 {
			t.Fatalf("mutual aid pays %d fen", c.Assessment.AmountFen)
		}
		// 温暖基金 then pays on what is left: 100,000 − 49,350 = 50,650 ≥ 50,000, 10 % of it.
		warm := claim
		warm.ProgrammeID = x.progs[gonghui.ProgWarmth].ID
		w := mustFile(t, s, cadre, warm)
		if w.Facts.StackedFen != 4_935_000 || w.Assessment.OutOfPocketFen != 5_065_000 || w.Assessment.AmountFen != 506_500 {
			t.Errorf("the warmth fund after mutual aid: %+v %+v", w.Facts, w.Assessment)
		}
		// Another bill is its own event.
		other := warm
		other.EventRef, other.AppliedOn = "ZY2017-002", gonghui.NewDate(2018, 1, 5)
		if o := mustFile(t, s, cadre, other); o.Facts.StackedFen != 0 {
			t.Errorf("another bill stacked on %d fen", o.Facts.StackedFen)
		}
	})
}

func TestApplicationBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		cadre, street := actor(f.g1, gonghui.RoleCadre), actor(f.street, gonghui.RoleReviewer)
		var ids []int64
		for i := range 3 {
			m := mustMember(t, s, memberIn(f.g1, fmt.Sprintf("批量%d", i), storetest.CitizenID("110105", "19800101", 431+i)))
			ids = append(ids, mustFile(t, s, cadre, x.grant(m.PersonID, f.g1, gonghui.SchoolHigh)).ID)
		}
		mustDecide(t, s, street, ids[1], gonghui.Decision{Action: gonghui.AppActRefuse, Comment: "材料不全"})
		out := s.DecideApplications(ctx, street, append(ids, 999_999), approve)
		var passed int
		for _, o := range out {
			if o.Err == nil {
				passed++
			}
		}
		if passed != 2 || !errors.Is(out[1].Err, gonghui.ErrConflict) || !errors.Is(out[3].Err, gonghui.ErrNotFound) {
			t.Errorf("batch: %+v", out)
		}
	})
}

// A programme of the street with a budget for one payment, and eight
// applications from eight units at their final approval: concurrent
// approvals never overrun the budget. And eight unions filing for one
// person at once: one application stands.
func init() {
	streetProgramme := func(t *testing.T, e *contention, budget int64) gonghui.Programme {
		n := e.next()
		fund := mustFund(t, e.s, e.f.street, fmt.Sprintf("街道帮扶资金%d", n), false)
		mustAllocate(t, e.s, fund, 10_000_000)
		p, err := e.s.CreateProgramme(ctx, sys, gonghui.ProgrammeInput{OrgID: e.f.street.ID, Code: fmt.Sprintf("JD-%d", n), Name: "街道慰问",
			FundID: fund.ID, RecipientKind: gonghui.RecipientEnterprise, Form: gonghui.FormCash, PeriodKind: gonghui.PeriodYear, Active: true,
			Rules: gonghui.ProgrammeRules{Amount: gonghui.AmountRule{Kind: gonghui.AmountRequested}, BudgetFen: budget,
				Approval: gonghui.ApprovalChain{Levels: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	// An approval pays in its own transaction: the ledger's figures follow.
	statsScenarios = append(statsScenarios, statsScenario{name: "assistance applications", run: func(t *testing.T, s *store.Store, f fixture) {
		union := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳申请工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		fund := mustFund(t, s, f.chaoyang, "朝阳区慰问资金", false)
		mustAllocate(t, s, fund, 1_000_000)
		p, err := s.CreateProgramme(ctx, sys, gonghui.ProgrammeInput{OrgID: f.chaoyang.ID, Code: "CY-WW", Name: "朝阳慰问", FundID: fund.ID,
			RecipientKind: gonghui.RecipientEnterprise, Form: gonghui.FormCash, PeriodKind: gonghui.PeriodYear, Figure: gonghui.FigureFestival, Active: true,
			Rules: gonghui.ProgrammeRules{Amount: gonghui.AmountRule{Kind: gonghui.AmountRequested}, Approval: gonghui.ApprovalChain{Levels: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordDonation(ctx, sys, store.DonationInput{FundID: fund.ID, ProgrammeID: p.ID, Donor: "某银行", AmountFen: 90_000,
			Form: gonghui.FormGoods, PostedOn: gonghui.NewDate(2017, 1, 5)}); err != nil {
			t.Fatal(err)
		}
		var paid []gonghui.Application
		for _, seat := range []int{77, 78} {
			app := mustFile(t, s, sys, gonghui.ApplicationInput{ProgrammeID: p.ID, OrgID: union.ID, AppliedOn: applied, UnitID: mustUnit(t, s, union.ID, seat).ID,
				RequestedFen: 200_000, Payee: gonghui.Payee{Name: "企业", Account: "6222020200112233445"}})
			paid = append(paid, mustDecide(t, s, actor(f.chaoyang, gonghui.RoleReviewer), app.ID, approve))
		}
		if _, err := s.ReturnPayment(ctx, sys, fund.ID, paid[1].EntryID, 200_000, "账号错误"); err != nil {
			t.Fatal(err)
		}
		// Relief paid in 2017 from a district's sheet, one of it returned
		// by the bank in June: the year's figures on past days.
		warm, err := s.CreateProgramme(ctx, sys, gonghui.ProgrammeInput{OrgID: f.chaoyang.ID, Code: "CY-WN", Name: "朝阳温暖基金", FundID: fund.ID,
			RecipientKind: gonghui.RecipientPerson, Form: gonghui.FormCash, PeriodKind: gonghui.PeriodYear, Figure: gonghui.FigureWarmth, Active: true,
			Rules: gonghui.ProgrammeRules{Eligibility: gonghui.Eligibility{Member: true}, Amount: gonghui.AmountRule{Kind: gonghui.AmountRequested},
				Approval: gonghui.ApprovalChain{Levels: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		id := func(i int) string { return storetest.CitizenID("110105", "19750505", 80+i) }
		for i := range 2 {
			mustMember(t, s, gonghui.MemberInput{Name: "救助对象", IDNumber: id(i), OrgID: union.ID, JoinedOn: gonghui.NewDate(2010, 1, 1)})
		}
		w, err := s.NewPaymentWriter(ctx, sys, 0) // one transaction: the register's writes come before it
		if err != nil {
			t.Fatal(err)
		}
		for i, on := range []gonghui.Date{gonghui.NewDate(2017, 1, 5), gonghui.NewDate(2017, 2, 1)} {
			if _, err := w.Save(ctx, store.ImportedPayment{Input: gonghui.ApplicationInput{ProgrammeID: warm.ID, OrgID: union.ID, AppliedOn: on,
				Payee: gonghui.Payee{Account: "6222020200112233445"}}, IDNumber: id(i), AmountFen: 30_000, PaidOn: on}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		imported, _, err := s.ListApplications(ctx, sys, gonghui.ApplicationFilter{ProgrammeID: warm.ID})
		if err != nil || len(imported) != 2 {
			t.Fatalf("imported %v %v", imported, err)
		}
		if _, err := s.Reverse(ctx, sys, imported[1].EntryID, store.ReversalInput{Reason: "退回", Returned: true, PostedOn: gonghui.NewDate(2017, 6, 1)}); err != nil {
			t.Fatal(err)
		}
	}})
	lockRules = append(lockRules, lockRule{name: "a programme's budget per period, approved concurrently", refused: []string{"budget"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			p := streetProgramme(t, e, 100_000)
			ids := make([]int64, contenders)
			for i := range ids {
				ids[i] = mustFile(t, e.s, sys, gonghui.ApplicationInput{ProgrammeID: p.ID, OrgID: e.f.g1.ID, AppliedOn: applied, UnitID: e.unit(t).ID,
					RequestedFen: 100_000, Payee: gonghui.Payee{Name: "企业", Account: "6222020200112233445"}}).ID
			}
			return func(i int) error {
					_, err := e.s.DecideApplication(ctx, actor(e.f.street, gonghui.RoleReviewer), ids[i], approve)
					return err
				}, func() int {
					return total(e.s.ListApplications(ctx, sys, gonghui.ApplicationFilter{ProgrammeID: p.ID, State: gonghui.AppApproved}))
				}
		}})
	lockRules = append(lockRules, lockRule{name: "one application per recipient, programme and period, across unions", refused: []string{"duplicate"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			p := streetProgramme(t, e, 0)
			u := e.unit(t)
			return func(i int) error {
					_, err := e.s.FileApplication(ctx, sys, gonghui.ApplicationInput{ProgrammeID: p.ID, OrgID: e.unions[i].ID, AppliedOn: applied,
						UnitID: u.ID, RequestedFen: 50_000, Payee: gonghui.Payee{Name: "企业", Account: "6222020200112233445"}})
					return err
				}, func() int {
					return total(e.s.ListApplications(ctx, sys, gonghui.ApplicationFilter{ProgrammeID: p.ID}))
				}
		}})
}
