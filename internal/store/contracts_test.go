package store_test

import (
	"errors"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func contractIn(org gonghui.Org, units ...int64) gonghui.ContractInput {
	return gonghui.ContractInput{OrgID: org.ID, Title: "2017年综合集体合同", Kind: gonghui.ContractComprehensive, Level: gonghui.LevelEnterprise,
		TermStart: gonghui.NewDate(2017, 1, 1), TermEnd: gonghui.NewDate(2019, 12, 31), CoveredStaff: 120, UnitIDs: units,
		Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare", "女职工特殊保护"}}
}

func step(t *testing.T, s *store.Store, a gonghui.Actor, id int64, to gonghui.ContractStatus, on gonghui.Date) gonghui.Contract {
	t.Helper()
	k, err := s.StepContract(ctx, a, id, gonghui.ContractStep{To: to, On: on})
	if err != nil {
		t.Fatalf("step to %s: %v", to, err)
	}
	return k
}

func TestContractLife(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u1 := mustUnit(t, s, f.g1.ID, 1)
		u2 := mustUnit(t, s, f.joint.ID, 2)
		hdUnion := mustOrg(t, s, gonghui.OrgInput{Name: "海淀工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		hdUnit := mustUnit(t, s, hdUnion.ID, 3)

		bad := []struct {
			in    gonghui.ContractInput
			field string
		}{
			{gonghui.ContractInput{OrgID: f.g1.ID, Kind: "x", Level: gonghui.LevelEnterprise, UnitIDs: []int64{u1.ID}, Title: "x"}, "kind"},
			{contractIn(f.g1), "unit_ids"},
			{contractIn(f.g1, u1.ID, u2.ID), "unit_ids"}, // enterprise level: one unit
			{contractIn(f.g1, u2.ID), "unit_ids"},        // u2 is outside g1's subtree
			{func() gonghui.ContractInput {
				in := contractIn(f.street, u1.ID, u2.ID)
				in.Level = gonghui.LevelRegional
				in.TermEnd = in.TermStart
				return in
			}(), "term_end"},
			{func() gonghui.ContractInput { in := contractIn(f.g1, u1.ID); in.Title = ""; return in }(), "title"},
			{func() gonghui.ContractInput { in := contractIn(f.g1, u1.ID); in.Topics = []string{"a", "a"}; return in }(), "topics"},
		}
		for i, tc := range bad {
			if _, err := s.CreateContract(ctx, sys, tc.in); fieldOf(err) != tc.field {
				t.Errorf("case %d: fields %q (%v), want %q", i, fieldOf(err), err, tc.field)
			}
		}
		// A regional contract signed by the street covers units of two unions below it.
		reg := contractIn(f.street, u1.ID, u2.ID)
		reg.Level, reg.Kind, reg.Title = gonghui.LevelRegional, gonghui.ContractWage, "建外街道区域性工资专项集体合同"
		reg.LastYearAvgWage, reg.AdjustmentBP, reg.WageWorkers = 650000, 550, 900
		rk, err := s.CreateContract(ctx, sys, reg)
		if err != nil || rk.Status != gonghui.ContractDraft || len(rk.UnitIDs) != 2 || rk.AdjustmentBP != 550 {
			t.Fatalf("regional contract: %+v %v", rk, err)
		}
		// The comprehensive contract of u1 goes through its whole life.
		k, err := s.CreateContract(ctx, sys, contractIn(f.g1, u1.ID))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StepContract(ctx, sys, k.ID, gonghui.ContractStep{To: gonghui.ContractFiled, On: today}); fieldOf(err) != "to" {
			t.Errorf("filing a draft: %v", err)
		}
		step(t, s, sys, k.ID, gonghui.ContractNegotiating, gonghui.NewDate(2016, 11, 1))
		step(t, s, sys, k.ID, gonghui.ContractNegotiating, gonghui.NewDate(2016, 11, 20)) // a second bargaining round
		step(t, s, sys, k.ID, gonghui.ContractSigned, gonghui.NewDate(2016, 12, 20))
		if _, err := s.StepContract(ctx, sys, k.ID, gonghui.ContractStep{To: gonghui.ContractFiled, On: gonghui.NewDate(2016, 12, 1)}); fieldOf(err) != "on" {
			t.Errorf("filing before signing: %v", err)
		}
		rem, err := s.Reminders(ctx, sys, gonghui.NewDate(2016, 12, 25))
		if err != nil {
			t.Fatal(err)
		}
		if len(rem) != 1 || rem[0].Kind != "file" || rem[0].Due.String() != "2016-12-30" || rem[0].Overdue {
			t.Errorf("filing reminder: %+v", rem)
		}
		step(t, s, sys, k.ID, gonghui.ContractFiled, gonghui.NewDate(2016, 12, 28))
		rem, _ = s.Reminders(ctx, sys, gonghui.NewDate(2017, 1, 20))
		if len(rem) != 1 || rem[0].Kind != "objection" || rem[0].Due.String() != "2017-01-12" || !rem[0].Overdue {
			t.Errorf("objection reminder: %+v", rem)
		}
		k = step(t, s, sys, k.ID, gonghui.ContractEffective, gonghui.NewDate(2017, 1, 12))
		if k.EffectiveOn.String() != "2017-01-12" || k.SignedOn.String() != "2016-12-20" {
			t.Errorf("contract dates %+v", k)
		}
		rem, _ = s.Reminders(ctx, sys, gonghui.NewDate(2019, 11, 1))
		if len(rem) != 1 || rem[0].Kind != "expiry" {
			t.Errorf("expiry reminder: %+v", rem)
		}
		// A second comprehensive contract for u1 over an overlapping term cannot be signed...
		dup, _ := s.CreateContract(ctx, sys, contractIn(f.g1, u1.ID))
		if _, err := s.StepContract(ctx, sys, dup.ID, gonghui.ContractStep{To: gonghui.ContractSigned, On: today}); fieldOf(err) != "to" {
			t.Errorf("second comprehensive contract signed: %v", err)
		}
		// ...but a renewal can, and when it takes effect the old one expires.
		ren := contractIn(f.g1, u1.ID)
		ren.TermStart, ren.TermEnd, ren.RenewsID = gonghui.NewDate(2019, 12, 1), gonghui.NewDate(2022, 11, 30), k.ID
		rn, err := s.CreateContract(ctx, sys, ren)
		if err != nil {
			t.Fatal(err)
		}
		step(t, s, sys, rn.ID, gonghui.ContractSigned, gonghui.NewDate(2019, 11, 1))
		step(t, s, sys, rn.ID, gonghui.ContractFiled, gonghui.NewDate(2019, 11, 5))
		step(t, s, sys, rn.ID, gonghui.ContractEffective, gonghui.NewDate(2019, 11, 20))
		if old, _ := s.GetContract(ctx, sys, k.ID); old.Status != gonghui.ContractExpired {
			t.Errorf("renewed contract status %s", old.Status)
		}
		hist, _ := s.ContractHistory(ctx, sys, k.ID)
		if len(hist) != 5 || hist[1].Status != gonghui.ContractNegotiating || hist[1].On.String() != "2016-11-20" {
			t.Errorf("history %+v", hist)
		}
		// Lists and scope.
		if _, total, _ := s.ListContracts(ctx, sys, store.ContractFilter{UnitID: u1.ID}); total != 4 {
			t.Errorf("contracts covering u1: %d", total)
		}
		hd := actor(f.haidian, gonghui.RoleCadre)
		if _, err := s.GetContract(ctx, hd, k.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian reads: %v", err)
		}
		if _, err := s.StepContract(ctx, hd, dup.ID, gonghui.ContractStep{To: gonghui.ContractNegotiating, On: today}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian steps: %v", err)
		}
		if _, err := s.UpdateContract(ctx, hd, dup.ID, contractIn(f.haidian, hdUnit.ID)); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian updates: %v", err)
		}
		if _, err := s.CreateContract(ctx, hd, contractIn(f.g1, u1.ID)); fieldOf(err) != "org_id" {
			t.Errorf("haidian creates for chaoyang: %v", err)
		}
		if _, total, _ := s.ListContracts(ctx, hd, store.ContractFilter{}); total != 0 {
			t.Errorf("haidian lists %d", total)
		}
		if rem, _ := s.Reminders(ctx, hd, today); len(rem) != 0 {
			t.Errorf("haidian reminders %+v", rem)
		}
		if _, err := s.CreateContract(ctx, actor(f.chaoyang, gonghui.RoleViewer), contractIn(f.g1, u1.ID)); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("viewer creates: %v", err)
		}
		if ev, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{RecordType: "contract", RecordID: k.ID}); len(ev) != 6 {
			t.Errorf("contract audit: %d events", len(ev))
		}
	})
}
