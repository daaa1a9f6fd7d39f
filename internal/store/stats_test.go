package store_test

import (
	"maps"
	"reflect"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestComputeStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		mustOrg(t, s, gonghui.OrgInput{Name: "北京市建设工会", Kind: gonghui.KindIndustryUnion, ParentID: f.root.ID})
		big, _ := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 1), Name: "甲公司", OrgID: f.g1.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 200})
		small, _ := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", 2), Name: "乙公司", OrgID: f.joint.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 10})
		m1 := mustMember(t, s, gonghui.MemberInput{Name: "甲", IDNumber: storetest.CitizenID("110105", "19900101", 11), OrgID: f.g1.ID, JoinedOn: gonghui.NewDate(2016, 1, 1), CardNo: "K-0001"})
		mustMember(t, s, gonghui.MemberInput{Name: "乙", IDNumber: storetest.CitizenID("110105", "19900101", 13), OrgID: f.joint.ID, JoinedOn: gonghui.NewDate(2018, 1, 1)})
		five := 5
		if _, err := s.UpdateOrg(ctx, sys, f.g1.ID, gonghui.OrgInput{Name: f.g1.Name, Kind: f.g1.Kind, FoundedOn: f.g1.FoundedOn, ReportedMembers: &five}); err != nil {
			t.Fatal(err)
		}
		in := contractIn(f.street, big.ID, small.ID)
		in.Level = gonghui.LevelRegional
		k, _ := s.CreateContract(ctx, sys, in)
		step(t, s, sys, k.ID, gonghui.ContractSigned, gonghui.NewDate(2016, 12, 20))
		step(t, s, sys, k.ID, gonghui.ContractFiled, gonghui.NewDate(2016, 12, 28))
		step(t, s, sys, k.ID, gonghui.ContractEffective, gonghui.NewDate(2017, 1, 12))

		st, err := s.ComputeStats(ctx, sys, 0, gonghui.NewDate(2017, 9, 30))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{
			"orgs_total": 21, "industry_federations": 1, "units_covered": 2,
			"members_reported": 5, "members_realname": 1, "members_total": 5, "realname_rate": 20, "cards_issued": 1,
			"contracts_total": 1, "contract_units_covered": 2, "contract_rate": 100, "contract_rate_100plus": 100,
			"congress_units": 0, "congress_rate": 0, "congress_group_type": 0, "disclosure_units": 0, "disclosure_rate": 0,
		}
		for _, in := range gonghui.Indicators {
			if got, ok := st.Indicators[in.Key]; !ok || got != want[in.Key] {
				t.Errorf("%s = %v (present %v), want %v", in.Key, got, ok, want[in.Key])
			}
		}
		if len(st.Indicators) != len(gonghui.Indicators) || st.Org != "BJ" {
			t.Errorf("stats %+v", st)
		}
		// A later day: the second member has joined; the first has left.
		if _, err := s.EndMembership(ctx, sys, m1.ID, gonghui.MemberLeft, gonghui.NewDate(2019, 1, 1), "调离"); err != nil {
			t.Fatal(err)
		}
		later, _ := s.ComputeStats(ctx, sys, 0, gonghui.NewDate(2020, 1, 1))
		if later.Indicators["members_realname"] != 1 || later.Indicators["members_total"] != 6 || later.Indicators["contracts_total"] != 0 || later.Indicators["cards_issued"] != 0 {
			t.Errorf("2020: %v", later.Indicators)
		}
		// A subtree, and scope.
		cy, err := s.ComputeStats(ctx, actor(f.chaoyang, gonghui.RoleViewer), 0, gonghui.NewDate(2017, 9, 30))
		if err != nil || cy.Org != "BJ05" || cy.Indicators["orgs_total"] != 4 || cy.Indicators["industry_federations"] != 0 {
			t.Errorf("chaoyang: %+v %v", cy, err)
		}
		if _, err := s.ComputeStats(ctx, actor(f.haidian, gonghui.RoleViewer), f.chaoyang.ID, gonghui.NewDate(2017, 9, 30)); err == nil {
			t.Error("haidian computed chaoyang's figures")
		}
		// A list of unions at once, as a dashboard's next level: each as
		// ComputeStats gives it, and none outside the actor's subtree.
		cyActor := actor(f.chaoyang, gonghui.RoleViewer)
		each, err := s.ComputeStatsEach(ctx, cyActor, []gonghui.Org{f.street, f.g1, f.joint}, gonghui.NewDate(2017, 9, 30))
		if err != nil || len(each) != 3 {
			t.Fatalf("ComputeStatsEach: %d, %v", len(each), err)
		}
		for i, o := range []gonghui.Org{f.street, f.g1, f.joint} {
			one, err := s.ComputeStats(ctx, cyActor, o.ID, gonghui.NewDate(2017, 9, 30))
			if err != nil || !maps.Equal(one.Indicators, each[i].Indicators) || one.Org != each[i].Org {
				t.Errorf("%s: each %v, alone %v (%v)", o.Code, each[i].Indicators, one.Indicators, err)
			}
		}
		if _, err := s.ComputeStatsEach(ctx, actor(f.haidian, gonghui.RoleViewer), []gonghui.Org{f.g1}, gonghui.NewDate(2017, 9, 30)); err == nil {
			t.Error("haidian computed the figures of a union of chaoyang in a list")
		}
		// Figures and charts at once, as a dashboard asks: as each alone,
		// at every level (aggregated, kept by version, from the records).
		for _, o := range []gonghui.Org{f.root, f.chaoyang, f.street, f.g1} {
			st, br, err := s.ComputeStatsAndBreakdowns(ctx, sys, o.ID, gonghui.NewDate(2017, 9, 30), 12)
			one, err1 := s.ComputeStats(ctx, sys, o.ID, gonghui.NewDate(2017, 9, 30))
			charts, err2 := s.ComputeBreakdowns(ctx, sys, o.ID, gonghui.NewDate(2017, 9, 30), 12)
			if err != nil || err1 != nil || err2 != nil || !maps.Equal(st.Indicators, one.Indicators) || !reflect.DeepEqual(br, charts) {
				t.Errorf("%s: together %v %+v, apart %v %+v (%v %v %v)", o.Code, st.Indicators, br, one.Indicators, charts, err, err1, err2)
			}
		}
		if _, _, err := s.ComputeStatsAndBreakdowns(ctx, actor(f.haidian, gonghui.RoleViewer), f.chaoyang.ID, gonghui.NewDate(2017, 9, 30), 12); err == nil {
			t.Error("haidian computed chaoyang's figures and charts")
		}
	})
}
