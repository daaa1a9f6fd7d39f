package store_test

import (
	"slices"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// figureCheck holds an indicator, for a union's subtree on a day, to a
// hand-counted value: the fast path (aggregates down to a street, events
// for a grassroots union) and the plain recount both.
func figureCheck(t *testing.T, s *store.Store, org gonghui.Org, on gonghui.Date, key string, want float64) {
	t.Helper()
	fast, err := s.ComputeStats(ctx, sys, org.ID, on)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.RecountStats(ctx, sys, org.ID, on)
	if err != nil {
		t.Fatal(err)
	}
	if fast.Indicators[key] != want || plain.Indicators[key] != want {
		t.Errorf("%s %s on %s = %v, recounted %v, want %v", org.Code, key, on, fast.Indicators[key], plain.Indicators[key], want)
	}
}

// importContract saves a contract as an import file gives it.
func importContract(t *testing.T, s *store.Store, ic store.ImportedContract) gonghui.Contract {
	t.Helper()
	w, err := s.NewContractWriter(ctx, sys, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Save(ctx, ic); commit(w, err) != nil {
		t.Fatalf("import %q: %v", ic.Title, err)
	}
	ks, _, err := s.ListContracts(ctx, sys, store.ContractFilter{Query: ic.Title})
	if err != nil || len(ks) != 1 {
		t.Fatalf("imported %q: %v %v", ic.Title, ks, err)
	}
	return ks[0]
}

func comprehensive(org gonghui.Org, unit int64, title string, start, end, effective gonghui.Date, renews int64) store.ImportedContract {
	in := contractIn(org, unit)
	in.Title, in.TermStart, in.TermEnd, in.RenewsID = title, start, end, renews
	return store.ImportedContract{ContractInput: in, SignedOn: effective.AddDays(-20), FiledOn: effective.AddDays(-15), EffectiveOn: effective}
}

// Rule: a contract is in force from the later of taking effect and its
// term's start to the earlier of its term's end and an early end; the
// list filtered by state on the day holds the figure's contracts.
func TestContractInForceReading(t *testing.T) {
	d := gonghui.NewDate
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u1, u2 := mustUnit(t, s, f.g1.ID, 30), mustUnit(t, s, f.g1.ID, 31) // 300 and 310 staff
		// u1: a renewal that took effect six weeks before its term.
		a := importContract(t, s, comprehensive(f.g1, u1.ID, "甲2014", d(2014, 1, 1), d(2016, 12, 31), d(2014, 1, 10), 0))
		importContract(t, s, comprehensive(f.g1, u1.ID, "甲2017", d(2017, 1, 1), d(2019, 12, 31), d(2016, 11, 15), a.ID))
		// u2: the old contract ended, the renewal's term begins months later.
		c := importContract(t, s, comprehensive(f.g1, u2.ID, "乙2013", d(2013, 1, 1), d(2015, 12, 31), d(2013, 1, 5), 0))
		importContract(t, s, comprehensive(f.g1, u2.ID, "乙2016", d(2016, 7, 1), d(2018, 6, 30), d(2016, 3, 1), c.ID))

		for _, tc := range []struct {
			on                 gonghui.Date
			contracts, covered float64
		}{
			{d(2016, 4, 1), 1, 1},   // 甲2014 only; u2 uncovered (was 2 and 2: 乙2016 counted from taking effect)
			{d(2016, 12, 1), 2, 2},  // 甲2014 and 乙2016 (was 3: 甲2017 too, two for u1)
			{d(2017, 1, 1), 2, 2},   // 甲2017 and 乙2016
			{d(2018, 7, 1), 1, 1},   // 甲2017
			{d(2020, 1, 1), 0, 0},   // all ended
			{d(2026, 11, 24), 0, 0}, // today
		} {
			for _, org := range []gonghui.Org{f.root, f.street} {
				figureCheck(t, s, org, tc.on, "contracts_total", tc.contracts)
				figureCheck(t, s, org, tc.on, "contract_units_covered", tc.covered)
			}
			_, n, err := s.ListContracts(ctx, sys, store.ContractFilter{OrgID: f.street.ID, Status: gonghui.ContractEffective, On: tc.on})
			if err != nil || float64(n) != tc.contracts {
				t.Errorf("%s: %d contracts listed in force (%v), want %v", tc.on, n, err, tc.contracts)
			}
		}
		// A third comprehensive contract for u1 may not be in force
		// alongside 甲2017, even one taking effect before its term.
		w, _ := s.NewContractWriter(ctx, sys, 0)
		_, err := w.Save(ctx, comprehensive(f.g1, u1.ID, "甲重叠", d(2019, 6, 1), d(2021, 5, 31), d(2019, 1, 1), 0))
		if commit(w, err); fieldOf(err) != "unit_ids" {
			t.Errorf("overlapping comprehensive contract: %v", err)
		}
		// ... but one whose term begins after 甲2017 ends may.
		importContract(t, s, comprehensive(f.g1, u1.ID, "甲2020", d(2020, 1, 1), d(2022, 12, 31), d(2019, 11, 1), 0))
	})
}

// Rule: states follow the calendar. The store's state filter (SQL) and
// gonghui.ContractStateOn agree on every contract and day, and the
// reminders speak only of contracts that are still alive.
func TestContractStatesOnADay(t *testing.T) {
	d := gonghui.NewDate
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u := mustUnit(t, s, f.g1.ID, 30)
		importContract(t, s, comprehensive(f.g1, u.ID, "旧合同", d(2016, 1, 1), d(2018, 12, 31), d(2016, 1, 20), 0))
		pending := comprehensive(f.street, u.ID, "区域工资合同", d(2027, 1, 1), d(2029, 12, 31), d(2026, 11, 1), 0)
		pending.Kind, pending.Level = gonghui.ContractWage, gonghui.LevelRegional
		importContract(t, s, pending)
		signed := store.ImportedContract{ContractInput: contractIn(f.g1, u.ID), SignedOn: d(2016, 12, 20)}
		signed.Kind, signed.Title = gonghui.ContractWomen, "女职工专项"
		importContract(t, s, signed)
		draft := contractIn(f.g1, u.ID)
		draft.Kind, draft.Title = gonghui.ContractSafety, "安全专项草案"
		if _, err := s.CreateContract(ctx, sys, draft); err != nil {
			t.Fatal(err)
		}
		all, _, err := s.ListContracts(ctx, sys, store.ContractFilter{})
		if err != nil || len(all) != 4 {
			t.Fatalf("contracts %v %v", all, err)
		}
		for _, on := range []gonghui.Date{d(2015, 1, 1), d(2016, 1, 10), d(2016, 6, 1), d(2016, 12, 25), d(2018, 12, 31), d(2019, 1, 1), d(2026, 11, 24), d(2027, 1, 1)} {
			for _, st := range gonghui.ContractStatuses {
				var want []int64
				for _, k := range all {
					if gonghui.ContractStateOn(k, on) == gonghui.ContractStatus(st.Key) {
						want = append(want, k.ID)
					}
				}
				got, _, err := s.ListContracts(ctx, sys, store.ContractFilter{Status: gonghui.ContractStatus(st.Key), On: on})
				var ids []int64
				for _, k := range got {
					ids = append(ids, k.ID)
					if k.State != gonghui.ContractStatus(st.Key) {
						t.Errorf("%s: %q listed as %s shows %s", on, k.Title, st.Key, k.State)
					}
				}
				slices.Sort(want)
				slices.Sort(ids)
				if err != nil || !slices.Equal(ids, want) {
					t.Errorf("%s %s: listed %v (%v), ContractStateOn says %v", on, st.Key, ids, err, want)
				}
			}
		}
		// Today (2026-11-24) the old contract is expired though no one
		// stepped it, the regional one has taken effect before its term.
		want := map[string]gonghui.ContractStatus{"旧合同": gonghui.ContractExpired, "区域工资合同": gonghui.ContractPending,
			"女职工专项": gonghui.ContractExpired, "安全专项草案": gonghui.ContractDraft}
		for _, k := range all {
			if k.State != want[k.Title] {
				t.Errorf("%q today: %s (status %s), want %s", k.Title, k.State, k.Status, want[k.Title])
			}
		}
		rem, err := s.Reminders(ctx, sys, d(2026, 11, 24))
		if err != nil || len(rem) != 0 {
			t.Errorf("reminders today: %+v %v", rem, err)
		}
		rem, _ = s.Reminders(ctx, sys, d(2018, 11, 1)) // the special contract still to file, the old one expiring
		if len(rem) != 2 || rem[0].Kind != "file" || rem[1].Kind != "expiry" || rem[1].Due.String() != "2018-12-31" {
			t.Errorf("reminders in 2018: %+v", rem)
		}
	})
}

// Rules: a rate counts a unit while its union exists; reported member
// counts add up for unions in existence; a union without a founding date
// counts from its registration and is listed by the quality checks.
func TestUnionLifeInFigures(t *testing.T) {
	d := gonghui.NewDate
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s) // registrations happen on 2026-11-24
		f := newFixture(t, s)
		late := mustOrg(t, s, gonghui.OrgInput{Name: "新建公司工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, FoundedOn: d(2017, 3, 1)})
		u := mustUnit(t, s, late.ID, 30) // an enterprise of 300 staff
		importContract(t, s, comprehensive(late, u.ID, "新建公司合同", d(2016, 1, 1), d(2018, 12, 31), d(2016, 1, 10), 0))
		hundred, fifty := 100, 50
		gone := mustOrg(t, s, gonghui.OrgInput{Name: "已撤销工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, ReportedMembers: &hundred})
		if _, err := s.DissolveOrg(ctx, sys, gone.ID, d(2016, 6, 30)); err != nil {
			t.Fatal(err)
		}
		mustOrg(t, s, gonghui.OrgInput{Name: "后建工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, FoundedOn: d(2018, 5, 1), ReportedMembers: &fifty})
		unfounded, err := s.CreateOrg(ctx, sys, gonghui.OrgInput{Name: "未填成立日期工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID})
		if err != nil {
			t.Fatal(err)
		}
		// The street, g1, joint and late; gone until 2016-06-30; the later
		// one from 2018-05-01; the unfounded one from its registration.
		for _, tc := range []struct {
			on                       gonghui.Date
			orgs, reported, den, num float64
		}{
			{d(2016, 1, 1), 4, 100, 0, 0},  // was 5 unions (the unfounded one), 150 reported, 0/1 (late's unit before late)
			{d(2016, 12, 31), 3, 0, 0, 0},  // was 4, 150, 1/1
			{d(2017, 9, 30), 4, 0, 1, 1},   // was 5, 150, 1/1
			{d(2018, 6, 1), 5, 50, 1, 1},   // was 6, 150, 1/1
			{d(2026, 11, 24), 6, 50, 1, 0}, // was 6, 150, 1/0
		} {
			for _, org := range []gonghui.Org{f.root, f.street} {
				wantOrgs := tc.orgs
				if org.ID == f.root.ID {
					wantOrgs += 17 // the city federation and the districts
				}
				figureCheck(t, s, org, tc.on, "orgs_total", wantOrgs)
				figureCheck(t, s, org, tc.on, "members_reported", tc.reported)
				r, err := s.EvaluateRate(ctx, sys, "contract_rate", org.ID, tc.on)
				if err != nil || float64(r.Denominator) != tc.den || float64(r.Numerator) != tc.num {
					t.Errorf("%s contract_rate on %s = %d/%d (%v), want %v/%v", org.Code, tc.on, r.Numerator, r.Denominator, err, tc.num, tc.den)
				}
				_, n, err := s.RateUnits(ctx, sys, "contract_rate", org.ID, tc.on, store.RateUnitsDenominator, gonghui.Page{})
				if err != nil || float64(n) != tc.den {
					t.Errorf("%s contract_rate units on %s: %d (%v), want %v", org.Code, tc.on, n, err, tc.den)
				}
			}
		}
		checks, err := s.MemberQuality(ctx, sys, f.street.ID, d(2026, 11, 24))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range checks {
			if c.Key == "founding_date" {
				found = c.Count == 1 && len(c.Issues) == 1 && c.Issues[0].OrgID == unfounded.ID && c.Issues[0].Detail == "2026-11-24"
				if !found {
					t.Errorf("founding-date check %+v", c)
				}
			}
		}
		if !found {
			t.Error("no founding-date check")
		}
	})
}
