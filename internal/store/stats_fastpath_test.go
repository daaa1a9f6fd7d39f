package store_test

import (
	"reflect"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// statsScenario is a module's writes for the shared fast-path test: a
// module whose records count in the statistics registers one (from its
// own test file, in an init function) so its figures are held to their
// recount after its writes, and the test fails for a registered family
// that no scenario ever counts.
type statsScenario struct {
	name string
	run  func(t *testing.T, s *store.Store, f fixture)
}

var statsScenarios []statsScenario

// TestStatsFastPathMatchesRecount makes every kind of write the figures
// depend on, and after each one holds ComputeStats (aggregates for the city,
// the districts and the street, events for smaller subtrees) against RecountStats
// (plain counting queries) for several subtrees and dates.
func TestStatsFastPathMatchesRecount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		dates := []gonghui.Date{d(2015, 6, 30), d(2016, 12, 31), d(2017, 1, 12), d(2017, 9, 30), d(2018, 1, 1),
			d(2019, 12, 31), d(2020, 1, 1), d(2026, 11, 24)}
		orgs := []*gonghui.Org{&f.root, &f.chaoyang, &f.haidian, &f.street, &f.g1, &f.joint}
		counted := map[string]bool{} // families seen with a figure other than zero
		check := func(after string) {
			t.Helper()
			for _, fam := range store.StatFamilies() {
				for _, on := range dates {
					vals, err := s.RecountFamily(ctx, fam, f.root.ID, on)
					if err != nil {
						t.Fatalf("after %s: recount %s: %v", after, fam, err)
					}
					for _, v := range vals {
						counted[fam] = counted[fam] || v != 0
					}
				}
			}
			var stale int
			if err := s.DB().QueryRow(`SELECT (SELECT count(*) FROM stat_aggregates WHERE stale <> 0) + (SELECT count(*) FROM stat_stale_families)`).Scan(&stale); err != nil || stale != 0 {
				t.Fatalf("after %s: %d stale aggregates (%v)", after, stale, err)
			}
			for _, o := range orgs {
				// The member list's total comes from the aggregates for the
				// city, the districts and the street.
				cur, err := s.GetOrg(ctx, sys, o.ID) // moves change paths
				if err != nil {
					t.Fatal(err)
				}
				_, total, err := s.ListMembers(ctx, actor(cur, gonghui.RoleViewer), gonghui.MemberFilter{})
				today, _ := s.RecountStats(ctx, sys, o.ID, d(2026, 11, 24))
				if err != nil || float64(total) != today.Indicators["members_realname"] {
					t.Errorf("after %s: %s lists %d active members (%v), recount %v", after, o.Code, total, err, today.Indicators["members_realname"])
				}
				mc, err := s.MemberCounts(ctx, sys, o.ID)
				ti := today.Indicators
				if err != nil || float64(mc.RealName) != ti["members_realname"] || float64(mc.Cards) != ti["cards_issued"] ||
					float64(mc.Total) != ti["members_total"] || float64(mc.Reported) != ti["members_reported"] {
					t.Errorf("after %s: %s member counts %+v (%v), recount %v", after, o.Code, mc, err, ti)
				}
				for _, on := range dates {
					// Every chart of the dashboard too.
					fastCharts, err := s.ComputeBreakdowns(ctx, sys, o.ID, on, 36)
					if err != nil {
						t.Fatalf("after %s: %v", after, err)
					}
					slowCharts, err := s.RecountBreakdowns(ctx, sys, o.ID, on, 36)
					if err != nil {
						t.Fatalf("after %s: %v", after, err)
					}
					if !reflect.DeepEqual(fastCharts, slowCharts) {
						t.Errorf("after %s: %s on %s: charts %+v, recount %+v", after, o.Code, on, fastCharts, slowCharts)
					}
					fast, err := s.ComputeStats(ctx, sys, o.ID, on)
					if err != nil {
						t.Fatalf("after %s: %v", after, err)
					}
					slow, err := s.RecountStats(ctx, sys, o.ID, on)
					if err != nil {
						t.Fatalf("after %s: %v", after, err)
					}
					for k, want := range slow.Indicators {
						if got := fast.Indicators[k]; got != want {
							t.Errorf("after %s: %s on %s: %s = %v, recount %v", after, o.Code, on, k, got, want)
						}
					}
					for k, want := range slow.Rates {
						if got := fast.Rates[k]; got.Numerator != want.Numerator || got.Denominator != want.Denominator {
							t.Errorf("after %s: %s on %s: rate %s = %d/%d, recount %d/%d", after, o.Code, on, k,
								got.Numerator, got.Denominator, want.Numerator, want.Denominator)
						}
					}
				}
			}
		}
		check("setup")

		// Unions and units.
		industry := mustOrg(t, s, gonghui.OrgInput{Name: "北京市建设工会", Kind: gonghui.KindIndustryUnion, ParentID: f.root.ID, FoundedOn: d(2016, 3, 1)})
		orgs = append(orgs, &industry)
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "中关村某公司工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		unit := func(org gonghui.Org, n, staff int, own gonghui.Ownership) gonghui.Unit {
			u, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", n), Name: "单位" + string(rune('A'+n)), OrgID: org.ID, Ownership: own, StaffCount: staff})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		big := unit(f.g1, 1, 250, gonghui.OwnershipPrivate)
		small1 := unit(f.joint, 2, 12, gonghui.OwnershipPrivate)
		small2 := unit(f.joint, 3, 30, gonghui.OwnershipForeign)
		inst := unit(f.g1, 4, 60, gonghui.OwnershipPublicInst)
		hdUnit := unit(hd, 5, 120, gonghui.OwnershipState)
		check("units")
		// A unit's ownership and industry changed.
		if _, err := s.UpdateUnit(ctx, sys, small2.ID, gonghui.UnitInput{USCC: small2.USCC, Name: small2.Name, OrgID: small2.OrgID,
			Ownership: gonghui.OwnershipPrivate, StaffCount: 30, IndustryCode: "65", Version: small2.Version}); err != nil {
			t.Fatal(err)
		}
		check("unit attributes")

		// Members, with cards, and a member writer as imports use it.
		var ids []int64
		for i, m := range []struct {
			org    gonghui.Org
			joined gonghui.Date
			card   string
		}{
			{f.g1, d(2015, 1, 5), "K-0001"}, {f.g1, d(2016, 12, 31), ""}, {f.joint, d(2017, 1, 12), "K-0003"},
			{f.joint, d(2017, 9, 30), ""}, {hd, d(2014, 7, 1), "K-0005"}, {f.street, d(2018, 3, 3), ""},
		} {
			mm := mustMember(t, s, gonghui.MemberInput{Name: "会员" + string(rune('A'+i)), IDNumber: storetest.CitizenID("110105", "19900101", 100+i),
				OrgID: m.org.ID, JoinedOn: m.joined, CardNo: m.card})
			ids = append(ids, mm.ID)
		}
		check("members")
		w, err := s.NewMemberWriter(ctx, sys, 2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			cm, err := gonghui.CheckMember(gonghui.MemberInput{Name: "导入" + string(rune('A'+i)), IDNumber: storetest.CitizenID("110108", "19850505", 200+i),
				OrgID: hd.ID, JoinedOn: d(2016, 5, 1+i), CardNo: "K-10" + string(rune('0'+i))}, d(2026, 11, 24))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Save(ctx, s.Seal(cm)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		check("member import")

		// Member edits, cards, leaving, and a transfer.
		m0, _ := s.GetMember(ctx, sys, ids[1], true)
		in := gonghui.MemberInput{Name: m0.Name, IDNumber: m0.IDNumber, OrgID: m0.OrgID, JoinedOn: d(2016, 6, 1), CardNo: "K-0002"}
		if _, err := s.UpdateMember(ctx, sys, ids[1], in); err != nil {
			t.Fatal(err)
		}
		check("member update")
		// A birth date moved to a leap day, whose 25th birthday falls
		// between two of the dates (1 March 2017), and a form of
		// employment recorded.
		in.IDNumber, in.Employment = storetest.CitizenID("110105", "19920229", 101), "contract"
		if _, err := s.UpdateMember(ctx, sys, ids[1], in); err != nil {
			t.Fatal(err)
		}
		check("member birth date and employment")
		if _, err := s.ChangeCard(ctx, sys, ids[0], store.CardReplace, "K-0101", d(2017, 3, 1)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ChangeCard(ctx, sys, ids[2], store.CardCancel, "", d(2019, 1, 1)); err != nil {
			t.Fatal(err)
		}
		check("cards")
		if _, err := s.EndMembership(ctx, sys, ids[3], gonghui.MemberLeft, d(2019, 12, 31), "调离"); err != nil {
			t.Fatal(err)
		}
		check("leave")
		tr, err := s.StartTransfer(ctx, sys, ids[0], hd.ID, "工作调动")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideTransfer(ctx, sys, tr.ID, gonghui.TransferAccepted, ""); err != nil {
			t.Fatal(err)
		}
		check("transfer")

		// Reported counts and founding dates.
		seven := 7
		if _, err := s.UpdateOrg(ctx, sys, f.joint.ID, gonghui.OrgInput{Name: f.joint.Name, Kind: f.joint.Kind, ReportedMembers: &seven, FoundedOn: d(2016, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		check("reported members")

		// Contracts: enterprise, regional (units of two unions), renewal.
		k1, err := s.CreateContract(ctx, sys, contractIn(f.g1, big.ID))
		if err != nil {
			t.Fatal(err)
		}
		step(t, s, sys, k1.ID, gonghui.ContractSigned, d(2016, 12, 20))
		step(t, s, sys, k1.ID, gonghui.ContractFiled, d(2016, 12, 28))
		step(t, s, sys, k1.ID, gonghui.ContractEffective, d(2017, 1, 12))
		check("contract")
		regional := contractIn(f.street, big.ID, small1.ID, small2.ID)
		regional.Level, regional.Kind, regional.Title = gonghui.LevelRegional, gonghui.ContractWage, "区域工资专项集体合同"
		k2, err := s.CreateContract(ctx, sys, regional)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			to gonghui.ContractStatus
			on gonghui.Date
		}{{gonghui.ContractSigned, d(2017, 2, 1)}, {gonghui.ContractFiled, d(2017, 2, 5)}, {gonghui.ContractEffective, d(2017, 2, 20)}} {
			step(t, s, sys, k2.ID, st.to, st.on)
		}
		check("regional contract")
		renewal := contractIn(f.g1, big.ID)
		renewal.RenewsID, renewal.TermStart, renewal.TermEnd, renewal.Title = k1.ID, d(2020, 1, 1), d(2022, 12, 31), "2020年综合集体合同"
		k3, err := s.CreateContract(ctx, sys, renewal)
		if err != nil {
			t.Fatal(err)
		}
		step(t, s, sys, k3.ID, gonghui.ContractSigned, d(2019, 12, 1))
		step(t, s, sys, k3.ID, gonghui.ContractFiled, d(2019, 12, 5))
		check("renewal signed")

		// Congresses and disclosure.
		g, err := s.CreateCongress(ctx, sys, gonghui.CongressInput{OrgID: f.joint.ID, Name: "联合职代会", Kind: gonghui.CongressGroup, EstablishedOn: d(2016, 5, 1), UnitIDs: []int64{small1.ID, small2.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateCongress(ctx, sys, gonghui.CongressInput{OrgID: f.g1.ID, Name: "单位职代会", Kind: gonghui.CongressUnit, EstablishedOn: d(2015, 5, 1), UnitIDs: []int64{big.ID}}); err != nil {
			t.Fatal(err)
		}
		check("congresses")
		if _, err := s.UpdateCongress(ctx, sys, g.ID, gonghui.CongressInput{OrgID: f.joint.ID, Name: "联合职代会", Kind: gonghui.CongressGroup, EstablishedOn: d(2017, 5, 1), UnitIDs: []int64{small2.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DissolveCongress(ctx, sys, g.ID, d(2019, 6, 30)); err != nil {
			t.Fatal(err)
		}
		check("congress update and dissolve")
		disc, err := s.EstablishDisclosure(ctx, sys, big.ID, d(2016, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EstablishDisclosure(ctx, sys, hdUnit.ID, d(2017, 9, 30)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndDisclosure(ctx, sys, disc.ID, d(2018, 1, 1)); err != nil {
			t.Fatal(err)
		}
		check("disclosures")

		// A unit handed to another union, with a new staff count.
		if _, err := s.UpdateUnit(ctx, sys, inst.ID, gonghui.UnitInput{USCC: inst.USCC, Name: inst.Name, OrgID: hd.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 150}); err != nil {
			t.Fatal(err)
		}
		check("unit moved")

		// The tree: a move across districts, a merge, a dissolution, and a
		// new union at the aggregated level.
		if _, err := s.MoveOrg(ctx, sys, f.street.ID, f.haidian.ID); err != nil {
			t.Fatal(err)
		}
		check("move")
		if _, err := s.MergeOrg(ctx, sys, f.joint.ID, hd.ID, d(2020, 6, 30)); err != nil {
			t.Fatal(err)
		}
		check("merge")
		empty := mustOrg(t, s, gonghui.OrgInput{Name: "待撤销工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID, FoundedOn: d(2010, 1, 1)})
		if _, err := s.DissolveOrg(ctx, sys, empty.ID, d(2018, 8, 8)); err != nil {
			t.Fatal(err)
		}
		check("dissolve")
		if _, err := s.MoveOrg(ctx, sys, hd.ID, f.root.ID); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, &hd)
		check("move to the district level")

		// The structure imports: a new union, a union moved by its row, a
		// unit handed over, a disclosure period; RefreshStats runs at the
		// end of every import.
		ow, err := s.NewOrgWriter(ctx, sys, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ow.Save(ctx, store.ImportedOrg{OrgInput: gonghui.OrgInput{Code: "IMP-1", Name: "导入的工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID, FoundedOn: d(2017, 6, 1)}}); err != nil {
			t.Fatal(err)
		}
		st, _ := s.GetOrg(ctx, sys, f.street.ID)
		if _, err := ow.Save(ctx, store.ImportedOrg{OrgInput: gonghui.OrgInput{Code: st.Code, Name: st.Name, Kind: st.Kind, ParentID: f.chaoyang.ID, RegionCode: st.RegionCode}}); err != nil {
			t.Fatal(err)
		}
		if err := ow.Commit(); err != nil {
			t.Fatal(err)
		}
		uw, err := s.NewUnitWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := uw.Save(ctx, gonghui.UnitInput{USCC: big.USCC, Name: big.Name, OrgID: hd.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 90}); err != nil {
			t.Fatal(err)
		}
		if err := uw.Commit(); err != nil {
			t.Fatal(err)
		}
		dw, err := s.NewDisclosureWriter(ctx, sys, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dw.Save(ctx, store.ImportedDisclosure{UnitID: small1.ID, EstablishedOn: d(2015, 3, 1), EndedOn: d(2017, 3, 1)}); err != nil {
			t.Fatal(err)
		}
		if err := dw.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RefreshStats(ctx); err != nil {
			t.Fatal(err)
		}
		check("structure imports")

		// The other modules' writes.
		for _, sc := range statsScenarios {
			sc.run(t, s, f)
			check(sc.name)
		}

		// A rate rule changed by the administrator.
		def, err := s.RateDefinition(ctx, "contract_rate")
		if err != nil {
			t.Fatal(err)
		}
		def.Denominator.MinStaff = 20
		if err := s.SaveRateDefinition(ctx, sys, def); err != nil {
			t.Fatal(err)
		}
		check("rate rule")

		// A bulk write that sets the aggregates aside, and their rebuild.
		if err := s.MarkStatsStale(ctx, f.g1.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := s.RefreshStats(ctx); err != nil || n != 3 {
			t.Fatalf("rebuilt %d aggregates, want the city's, the district's and the street's: %v", n, err)
		}
		check("rebuild")
		for _, fam := range store.StatFamilies() {
			if !counted[fam] {
				t.Errorf("statistics family %s never counted anything here: register a statsScenario with writes for it", fam)
			}
		}
	})
}
