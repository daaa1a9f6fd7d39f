package store_test

import (
	"errors"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestRates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		unit := func(org gonghui.Org, n, staff int, own gonghui.Ownership) gonghui.Unit {
			u, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", n), Name: "单位", OrgID: org.ID, Ownership: own, StaffCount: staff})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		big := unit(f.g1, 1, 300, gonghui.OwnershipPrivate)
		small := unit(f.joint, 2, 10, gonghui.OwnershipPrivate)
		mid := unit(f.joint, 3, 60, gonghui.OwnershipState)
		unit(f.joint, 4, 80, gonghui.OwnershipPublicInst) // not an enterprise
		hdUnion := mustOrg(t, s, gonghui.OrgInput{Name: "海淀工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		unit(hdUnion, 5, 500, gonghui.OwnershipPrivate)

		// A regional contract in force from 2017-01-12 covers big and small.
		in := contractIn(f.street, big.ID, small.ID)
		in.Level = gonghui.LevelRegional
		k, err := s.CreateContract(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		step(t, s, sys, k.ID, gonghui.ContractSigned, gonghui.NewDate(2016, 12, 20))
		step(t, s, sys, k.ID, gonghui.ContractFiled, gonghui.NewDate(2016, 12, 28))
		step(t, s, sys, k.ID, gonghui.ContractEffective, gonghui.NewDate(2017, 1, 12))
		// A congress covering big and mid, a disclosure system at mid.
		if _, err := s.CreateCongress(ctx, sys, gonghui.CongressInput{OrgID: f.street.ID, Name: "职代会", Kind: gonghui.CongressGroup,
			EstablishedOn: gonghui.NewDate(2015, 5, 1), UnitIDs: []int64{big.ID, mid.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EstablishDisclosure(ctx, sys, mid.ID, gonghui.NewDate(2016, 1, 1)); err != nil {
			t.Fatal(err)
		}

		on := gonghui.NewDate(2017, 9, 30)
		cy := actor(f.chaoyang, gonghui.RoleViewer)
		want := map[string][2]int{ // numerator, denominator
			"contract_rate":         {1, 2}, // enterprises of 25 staff or more: big, mid
			"contract_rate_100plus": {1, 1}, // big
			"congress_rate":         {2, 3}, // staff >= 25: big, mid, inst
			"disclosure_rate":       {1, 3},
		}
		for key, w := range want {
			r, err := s.EvaluateRate(ctx, cy, key, 0, on)
			if err != nil || r.Numerator != w[0] || r.Denominator != w[1] {
				t.Errorf("%s = %d/%d (%v), want %d/%d", key, r.Numerator, r.Denominator, err, w[0], w[1])
			}
		}
		// The date matters: before the contract took effect it counts nothing.
		if r, _ := s.EvaluateRate(ctx, cy, "contract_rate", 0, gonghui.NewDate(2017, 1, 11)); r.Numerator != 0 {
			t.Errorf("before taking effect: %d", r.Numerator)
		}
		if r, _ := s.EvaluateRate(ctx, cy, "contract_rate", 0, gonghui.NewDate(2020, 1, 1)); r.Numerator != 0 {
			t.Errorf("after the term: %d", r.Numerator)
		}
		// The whole city adds Haidian's unit; Haidian alone sees only its own.
		if r, _ := s.EvaluateRate(ctx, sys, "contract_rate", 0, on); r.Denominator != 3 || r.Numerator != 1 {
			t.Errorf("city: %+v", r)
		}
		if _, err := s.EvaluateRate(ctx, actor(f.haidian, gonghui.RoleViewer), "contract_rate", f.chaoyang.ID, on); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian evaluates chaoyang: %v", err)
		}
		// Drill down: the units behind the figures, and the ones to act on.
		missing, total, err := s.RateUnits(ctx, cy, "contract_rate", 0, on, store.RateUnitsMissing, gonghui.Page{})
		if err != nil || total != 1 || missing[0].ID != mid.ID {
			t.Errorf("missing contract: %v %d %v", missing, total, err)
		}
		if _, total, _ := s.RateUnits(ctx, cy, "congress_rate", 0, on, store.RateUnitsDenominator, gonghui.Page{}); total != 3 {
			t.Errorf("congress denominator units: %d", total)
		}
		kids, orgs, err := s.RateChildren(ctx, cy, "contract_rate", f.street.ID, on)
		if err != nil || len(kids) != 2 {
			t.Fatalf("children: %v %v", kids, err)
		}
		for i, o := range orgs {
			if o.ID == f.joint.ID && (kids[i].Numerator != 0 || kids[i].Denominator != 1) {
				t.Errorf("joint union: %+v", kids[i])
			}
		}
		// The rule is data: count institutions and the smallest units, and it changes.
		d, _ := s.RateDefinition(ctx, "contract_rate")
		d.Denominator.OwnershipNot, d.Denominator.MinStaff = nil, 0
		if err := s.SaveRateDefinition(ctx, actor(f.chaoyang, gonghui.RoleAdmin), d); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("district admin changes a rate: %v", err)
		}
		if err := s.SaveRateDefinition(ctx, actor(f.root, gonghui.RoleAdmin), d); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.EvaluateRate(ctx, cy, "contract_rate", 0, on); r.Denominator != 4 {
			t.Errorf("after changing the rule: %+v", r)
		}
		d.Numerator = "magic"
		if err := s.SaveRateDefinition(ctx, actor(f.root, gonghui.RoleAdmin), d); fieldOf(err) != "numerator" {
			t.Errorf("bad numerator: %v", err)
		}
		if _, err := s.EvaluateRate(ctx, cy, "nope", 0, on); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("unknown rate: %v", err)
		}
	})
}

func TestBargainingTopics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		got, err := s.BargainingTopics(ctx)
		if err != nil || len(got) != len(gonghui.DefaultBargainingTopics) {
			t.Fatalf("defaults: %v %v", got, err)
		}
		if _, err := s.SaveBargainingTopics(ctx, actor(f.chaoyang, gonghui.RoleAdmin), []string{"x"}); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("district admin: %v", err)
		}
		if _, err := s.SaveBargainingTopics(ctx, actor(f.root, gonghui.RoleAdmin), []string{"a", "a"}); fieldOf(err) != "topics" {
			t.Errorf("duplicate: %v", err)
		}
		if _, err := s.SaveBargainingTopics(ctx, actor(f.root, gonghui.RoleAdmin), []string{" 高温津贴 ", "", "夜班补贴"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.BargainingTopics(ctx); len(got) != 2 || got[0] != "高温津贴" {
			t.Errorf("saved: %v", got)
		}
	})
}
