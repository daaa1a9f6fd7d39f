package store_test

import (
	"context"
	"slices"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// directorRateUnits are the units directorRateWrites keeps.
type directorRateUnits struct {
	union                           gonghui.Org
	llc, stock, sole, small, school gonghui.Unit
}

// directorRateWrites makes the writes the employee director rates and the
// small-firm congresses count, each through the path cadres use: a unit
// that gains its legal form from the employer register (imported after the
// unit, and the unit created after the import), a director added and later
// leaving, a supervisor imported with a term end and one added with none,
// a regional congress over
// a small and a large firm, an industry congress over a public institution,
// and a small firm that grows out of the count.
func directorRateWrites(t *testing.T, s *store.Store, f fixture) directorRateUnits {
	t.Helper()
	d := gonghui.NewDate
	var r directorRateUnits
	r.union = mustOrg(t, s, gonghui.OrgInput{Name: "董监事建制单位工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID, FoundedOn: d(2016, 5, 1)})
	unit := func(e gonghui.EmployerInput, o gonghui.Ownership) gonghui.Unit {
		t.Helper()
		u, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: e.USCC, Name: e.Name, OrgID: r.union.ID, Ownership: o, StaffCount: e.StaffCount})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	llc := employerIn(61, "110105001", gonghui.LegalFormLLC, 300)
	stock := employerIn(62, "110105001", gonghui.LegalFormJointStock, 2000)
	sole := employerIn(63, "110105001", gonghui.LegalFormSole, 40)
	small := employerIn(64, "110105001", gonghui.LegalFormLLC, 60)
	school := employerIn(65, "110105001", gonghui.LegalFormInstitution, 20)
	r.llc, r.sole, r.small = unit(llc, gonghui.OwnershipPrivate), unit(sole, gonghui.OwnershipPrivate), unit(small, gonghui.OwnershipPrivate)
	r.school = unit(school, gonghui.OwnershipPublicInst)
	mustImportEmployers(t, s, llc, stock, sole, small, school)
	r.stock = unit(stock, gonghui.OwnershipPrivate)

	director, err := s.AddDirector(ctx, sys, gonghui.DirectorInput{UnitID: r.llc.ID, Role: gonghui.EmployeeDirector, Name: "赵董事", Since: d(2017, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDirector(ctx, sys, gonghui.DirectorInput{UnitID: r.sole.ID, Role: gonghui.EmployeeDirector, Name: "钱董事", Since: d(2017, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	w, err := s.NewDirectorWriter(ctx, sys, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.Save(ctx, gonghui.DirectorInput{UnitID: r.stock.ID, Role: gonghui.EmployeeSupervisor, Name: "孙监事", Since: d(2016, 6, 1), Until: d(2017, 12, 31)})
	if err := commit(w, err); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EndDirector(ctx, sys, director.ID, d(2019, 12, 31)); err != nil {
		t.Fatal(err)
	}
	// A term with no end set holds on.
	if _, err := s.AddDirector(ctx, sys, gonghui.DirectorInput{UnitID: r.small.ID, Role: gonghui.EmployeeSupervisor, Name: "李监事", Since: d(2018, 6, 1)}); err != nil {
		t.Fatal(err)
	}

	regional := congressIn(f.chaoyang, gonghui.CongressRegional, r.small.ID, r.llc.ID)
	regional.EstablishedOn = d(2017, 3, 1)
	mustCongress(t, s, sys, regional)
	industry := congressIn(f.chaoyang, gonghui.CongressIndustry, r.school.ID, r.sole.ID)
	industry.Name, industry.EstablishedOn = "朝阳区教育行业职代会", d(2018, 6, 1)
	mustCongress(t, s, sys, industry)
	grown := r.sole.ToInput()
	grown.StaffCount = 150
	if r.sole, err = s.UpdateUnit(ctx, sys, r.sole.ID, grown); err != nil {
		t.Fatal(err)
	}
	return r
}

func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "employee director rates and small-firm congresses",
		run: func(t *testing.T, s *store.Store, f fixture) { directorRateWrites(t, s, f) }})
}

// The rates count company-form units only, each while a seat is held
// (through its last day), and the small-firm figure counts enterprises of
// fewer than 100 staff under a regional or industry congress; the fast
// path, the recount and the rate's unit lists agree.
func TestDirectorRatesAndSmallFirmCongresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		r := directorRateWrites(t, s, f)
		d := gonghui.NewDate
		for _, tc := range []struct {
			on                          gonghui.Date
			director, supervisor, small int
		}{
			{d(2016, 12, 31), 0, 1, 0},
			{d(2017, 3, 1), 1, 1, 1},
			{d(2017, 12, 31), 1, 1, 1},
			{d(2018, 1, 1), 1, 0, 1},
			// The industry congress covers a public institution and a firm
			// grown to 150 staff: neither is a small firm.
			{d(2018, 6, 1), 1, 1, 1},
			{d(2019, 12, 31), 1, 1, 1},
			{d(2020, 1, 1), 0, 1, 1},
			{d(2026, 11, 24), 0, 1, 1},
		} {
			for name, compute := range map[string]func(context.Context, gonghui.Actor, int64, gonghui.Date) (store.Stats, error){
				"fast path": s.ComputeStats, "recount": s.RecountStats} {
				st, err := compute(ctx, sys, r.union.ID, tc.on)
				if err != nil {
					t.Fatal(err)
				}
				dr, sr := st.Rates["employee_director_rate"], st.Rates["employee_supervisor_rate"]
				// llc, stock and small are companies; the sole proprietorship
				// and the institution are not.
				if dr.Denominator != 3 || sr.Denominator != 3 || dr.Numerator != tc.director || sr.Numerator != tc.supervisor {
					t.Errorf("%s on %s: director %d/%d, supervisor %d/%d; want %d/3, %d/3",
						name, tc.on, dr.Numerator, dr.Denominator, sr.Numerator, sr.Denominator, tc.director, tc.supervisor)
				}
				if got := st.Indicators["congress_area_small_units"]; got != float64(tc.small) {
					t.Errorf("%s on %s: small firms under area congresses %v, want %d", name, tc.on, got, tc.small)
				}
			}
		}
		for _, tc := range []struct {
			which string
			want  []int64
		}{
			{store.RateUnitsDenominator, []int64{r.llc.ID, r.small.ID, r.stock.ID}},
			{store.RateUnitsNumerator, []int64{r.llc.ID}},
			{store.RateUnitsMissing, []int64{r.small.ID, r.stock.ID}},
		} {
			list, total, err := s.RateUnits(ctx, sys, "employee_director_rate", r.union.ID, d(2018, 1, 1), tc.which, gonghui.Page{})
			var got []int64
			for _, u := range list {
				got = append(got, u.ID)
			}
			slices.Sort(got)
			slices.Sort(tc.want)
			if err != nil || total != len(tc.want) || !slices.Equal(got, tc.want) {
				t.Errorf("director rate units %s: %v (%d), %v; want %v", tc.which, got, total, err, tc.want)
			}
		}
	})
}
