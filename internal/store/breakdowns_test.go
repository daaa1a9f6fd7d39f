package store_test

import (
	"reflect"
	"slices"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestBreakdowns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		unit := func(n int, org gonghui.Org, own gonghui.Ownership, industry string) {
			t.Helper()
			if _, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: storetest.USCC("91", "110105", n), Name: "单位" + string(rune('A'+n)),
				OrgID: org.ID, Ownership: own, StaffCount: 10, IndustryCode: industry}); err != nil {
				t.Fatal(err)
			}
		}
		// A section letter and one of its divisions both count under C.
		unit(1, f.g1, gonghui.OwnershipPrivate, "C")
		unit(2, f.g1, gonghui.OwnershipState, "13")
		unit(3, f.joint, gonghui.OwnershipPrivate, "65")
		unit(4, f.joint, gonghui.OwnershipPrivate, "")
		member := func(name, birth string, seq int, org gonghui.Org, employment string, joined gonghui.Date) {
			t.Helper()
			in := memberIn(org, name, storetest.CitizenID("110105", birth, seq))
			in.Employment, in.JoinedOn = employment, joined
			mustMember(t, s, in)
		}
		member("甲", "19951001", 11, f.g1, "contract", gonghui.NewDate(2017, 3, 1))     // 21 on the day
		member("乙", "19920930", 13, f.joint, "dispatch", gonghui.NewDate(2017, 3, 15)) // 25 that very day
		member("丙", "19600101", 15, f.g1, "", gonghui.NewDate(2016, 5, 1))             // 57
		member("丁", "19800615", 17, f.g1, "contract", gonghui.NewDate(2017, 12, 1))    // joins after the day
		on := gonghui.NewDate(2017, 9, 30)

		check := func(name string, got []store.Bucket, err error, want []store.Bucket) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s = %v, want %v", name, got, want)
			}
		}
		// charts computes the breakdowns and holds them to their recount.
		charts := func(a gonghui.Actor, orgID int64, on gonghui.Date, months int) (store.Breakdowns, error) {
			t.Helper()
			got, err := s.ComputeBreakdowns(ctx, a, orgID, on, months)
			if err != nil {
				return got, err
			}
			want, err := s.RecountBreakdowns(ctx, a, orgID, on, months)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("charts of %d on %s = %+v, recount %+v", orgID, on, got, want)
			}
			return got, nil
		}
		part := func(pick func(store.Breakdowns) []store.Bucket) func(a gonghui.Actor, orgID int64, on gonghui.Date, months ...int) ([]store.Bucket, error) {
			return func(a gonghui.Actor, orgID int64, on gonghui.Date, months ...int) ([]store.Bucket, error) {
				t.Helper()
				b, err := charts(a, orgID, on, append(months, 12)[0])
				return pick(b), err
			}
		}
		ownership := part(func(b store.Breakdowns) []store.Bucket { return b.Ownership })
		sections := part(func(b store.Breakdowns) []store.Bucket { return b.Industry })
		employment := part(func(b store.Breakdowns) []store.Bucket { return b.Employment })
		ages := part(func(b store.Breakdowns) []store.Bucket { return b.AgeBands })
		joins := part(func(b store.Breakdowns) []store.Bucket { return b.Joined })
		got, err := ownership(sys, 0, on)
		check("ownership", got, err, []store.Bucket{{"private", 3}, {"state", 1}})
		got, err = sections(sys, f.chaoyang.ID, on)
		check("sections", got, err, []store.Bucket{{"C", 2}, {"", 1}, {"I", 1}})
		got, err = employment(sys, 0, on)
		check("employment", got, err, []store.Bucket{{"", 1}, {"contract", 1}, {"dispatch", 1}})
		got, err = ages(sys, f.street.ID, on)
		check("ages", got, err, []store.Bucket{{store.AgeUnder25, 1}, {store.Age25to34, 1}, {store.Age35to44, 0}, {store.Age45to54, 0}, {store.Age55Plus, 1}})
		got, err = joins(sys, 0, on, 12)
		if err != nil || len(got) != 12 || got[0] != (store.Bucket{"2016-10", 0}) || got[5] != (store.Bucket{"2017-03", 2}) || got[11] != (store.Bucket{"2017-09", 0}) {
			t.Errorf("joined = %v, %v", got, err)
		}

		// Later, the fourth member counts, by age and month too.
		later := gonghui.NewDate(2018, 1, 31)
		got, err = employment(sys, 0, later)
		check("employment later", got, err, []store.Bucket{{"contract", 2}, {"", 1}, {"dispatch", 1}})
		got, err = ages(sys, 0, later)
		check("ages later", got, err, []store.Bucket{{store.AgeUnder25, 1}, {store.Age25to34, 1}, {store.Age35to44, 1}, {store.Age45to54, 0}, {store.Age55Plus, 1}})
		got, err = joins(sys, 0, later, 3)
		check("joined later", got, err, []store.Bucket{{"2017-11", 0}, {"2017-12", 1}, {"2018-01", 0}})

		// Asked again after a change, the breakdown counts it (answers are
		// kept only until data changes).
		member("戊", "19900101", 19, f.joint, "dispatch", gonghui.NewDate(2017, 1, 2))
		got, err = employment(sys, 0, later)
		check("employment after a join", got, err, []store.Bucket{{"contract", 2}, {"dispatch", 2}, {"", 1}})

		// A transfer is no joining: the person joined once, in March 2017.
		hdUnion := mustOrg(t, s, gonghui.OrgInput{Name: "海淀某公司工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		in := memberIn(f.g1, "己", storetest.CitizenID("110105", "19850303", 21))
		in.JoinedOn = gonghui.NewDate(2018, 7, 1)
		moved := mustMember(t, s, in)
		tr, err := s.StartTransfer(ctx, sys, moved.ID, hdUnion.ID, "调动")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideTransfer(ctx, sys, tr.ID, gonghui.TransferAccepted, ""); err != nil {
			t.Fatal(err)
		}
		joinedOn := moved.JoinedOn.String()[:7]
		all, err := joins(sys, 0, gonghui.NewDate(2026, 11, 24), 120)
		for _, b := range all {
			if b.Key == joinedOn && b.Count != 1 {
				t.Errorf("the month %s counts %d joinings, want the transferred member once (%v)", joinedOn, b.Count, err)
			}
		}
		if hd, err := joins(sys, f.haidian.ID, gonghui.NewDate(2026, 11, 24), 120); err != nil || slices.ContainsFunc(hd, func(b store.Bucket) bool { return b.Count > 0 }) {
			t.Errorf("Haidian counts a transfer in as a joining: %v %v", hd, err)
		}

		// Scope: another district sees none of it and cannot ask for it.
		hd := actor(f.haidian, gonghui.RoleViewer)
		got, err = ownership(hd, 0, on)
		check("haidian ownership", got, err, []store.Bucket{})
		got, err = ages(hd, 0, on)
		check("haidian ages", got, err, []store.Bucket{{store.AgeUnder25, 0}, {store.Age25to34, 0}, {store.Age35to44, 0}, {store.Age45to54, 0}, {store.Age55Plus, 0}})
		if _, err := employment(hd, f.chaoyang.ID, on); err == nil {
			t.Error("haidian counted chaoyang's members")
		}
		if _, err := sections(hd, f.g1.ID, on); err == nil {
			t.Error("haidian counted chaoyang's units")
		}
		// One union of the district: its own units only.
		cy := actor(f.chaoyang, gonghui.RoleViewer)
		got, err = ownership(cy, f.joint.ID, on)
		check("joint ownership", got, err, []store.Bucket{{"private", 2}})
	})
}
