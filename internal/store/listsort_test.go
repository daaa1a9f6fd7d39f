package store_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// Every sort key of every list runs on both engines, an unknown one is
// refused by name, and the lists' new filters keep what they say.
func TestListSortsAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		var units []gonghui.Unit
		for _, n := range []int{1, 3, 15, 150} { // 10, 30, 150 and 1500 staff
			units = append(units, mustUnit(t, s, f.g1.ID, n))
		}
		k, err := s.CreateContract(ctx, sys, contractIn(f.g1, units[0].ID)) // term ends 2019-12-31
		if err != nil {
			t.Fatal(err)
		}
		step(t, s, sys, k.ID, gonghui.ContractSigned, gonghui.NewDate(2016, 12, 1))
		step(t, s, sys, k.ID, gonghui.ContractFiled, gonghui.NewDate(2016, 12, 10))
		step(t, s, sys, k.ID, gonghui.ContractEffective, gonghui.NewDate(2016, 12, 20))

		lists := map[string]func(sort string) error{
			"orgs": func(k string) error { _, _, err := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Sort: k}); return err },
			"units": func(k string) error {
				_, _, err := s.ListUnits(ctx, sys, gonghui.UnitFilter{Sort: k})
				return err
			},
			"contracts": func(k string) error {
				_, _, err := s.ListContracts(ctx, sys, store.ContractFilter{Sort: k})
				return err
			},
			"congresses": func(k string) error {
				_, _, err := s.ListCongresses(ctx, sys, store.CongressFilter{Sort: k})
				return err
			},
			"disclosures": func(k string) error {
				_, _, err := s.ListDisclosures(ctx, sys, store.DisclosureFilter{Sort: k})
				return err
			},
			"workerhomes": func(k string) error {
				_, _, err := s.ListWorkerHomes(ctx, sys, gonghui.WorkerHomeFilter{Sort: k})
				return err
			},
			"census": func(k string) error {
				_, _, err := s.ListCensus(ctx, sys, store.CensusFilter{Year: 2017, Sort: k})
				return err
			},
			"hardship-files": func(k string) error {
				_, _, err := s.ListHardshipFiles(ctx, sys, gonghui.HardshipFileFilter{Sort: k})
				return err
			},
			"outreach-events": func(k string) error {
				_, _, err := s.ListOutreachEvents(ctx, sys, gonghui.OutreachFilter{Sort: k})
				return err
			},
			"rights-cases": func(k string) error {
				_, _, err := s.ListRightsCases(ctx, sys, gonghui.RightsCaseFilter{Sort: k})
				return err
			},
			"rights-intakes": func(k string) error {
				_, _, err := s.ListRightsIntakes(ctx, sys, gonghui.RightsIntakeFilter{Sort: k})
				return err
			},
		}
		for name, keys := range store.SortKeys() {
			list, ok := lists[name]
			if !ok {
				t.Errorf("list %s has sorts but no test", name)
				continue
			}
			for _, key := range keys {
				if err := list(key); err != nil {
					t.Errorf("%s sorted by %s: %v", name, key, err)
				}
			}
			if err := list("id; DROP TABLE orgs"); fieldOf(err) != "sort" {
				t.Errorf("%s with an unknown sort: %v, want refused on sort", name, err)
			}
		}

		staffOf := func(f gonghui.UnitFilter) []int {
			t.Helper()
			f.OrgID = units[0].OrgID
			got, total, err := s.ListUnits(ctx, sys, f)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(got) {
				t.Errorf("%+v: total %d beside %d rows", f, total, len(got))
			}
			var out []int
			for _, u := range got {
				out = append(out, u.StaffCount)
			}
			return out
		}
		cases := []struct {
			name string
			f    gonghui.UnitFilter
			want []int
		}{
			{"most staff first", gonghui.UnitFilter{Sort: "-staff"}, []int{1500, 150, 30, 10}},
			{"25 to 99", gonghui.UnitFilter{StaffBand: "25to99"}, []int{30}},
			{"1000 and more", gonghui.UnitFilter{StaffBand: "1000plus"}, []int{1500}},
			{"100 to 999", gonghui.UnitFilter{StaffBand: "100to999", Ownership: gonghui.OwnershipPrivate}, []int{150}},
			{"another ownership", gonghui.UnitFilter{Ownership: gonghui.OwnershipState}, nil},
			{"a selection", gonghui.UnitFilter{IDs: []int64{units[1].ID, units[3].ID}, Sort: "staff"}, []int{30, 1500}},
		}
		for _, tc := range cases {
			if got := staffOf(tc.f); !equalInts(got, tc.want) {
				t.Errorf("%s: staff %v, want %v", tc.name, got, tc.want)
			}
		}
		if _, _, err := s.ListUnits(ctx, sys, gonghui.UnitFilter{StaffBand: "many"}); fieldOf(err) != "staff" {
			t.Errorf("unknown staff band: %v", err)
		}

		// Level 2 is the districts, each once, in code order.
		ds, total, err := s.ListOrgs(ctx, sys, gonghui.OrgFilter{Level: 2, Sort: "code", Page: gonghui.Page{Limit: 100}})
		if err != nil || total != 16 || len(ds) != 16 || ds[0].Code != "BJ01" || ds[15].Code != "BJ19" {
			t.Errorf("level 2: %d of %d, %v", len(ds), total, err)
		}

		// The contract ends 2019-12-31: expiring within 60 days of
		// 2019-12-01, not within 10.
		for _, tc := range []struct {
			days, want int
		}{{60, 1}, {10, 0}} {
			_, n, err := s.ListContracts(ctx, sys, store.ContractFilter{On: gonghui.NewDate(2019, 12, 1), ExpiringDays: tc.days})
			if err != nil || n != tc.want {
				t.Errorf("expiring within %d days: %d, %v; want %d", tc.days, n, err, tc.want)
			}
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
