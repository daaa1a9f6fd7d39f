package store_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// employerIn is an active employer of the register in a street (or
// district) area.
func employerIn(n int, region, legalForm string, staff int) gonghui.EmployerInput {
	return gonghui.EmployerInput{USCC: storetest.USCC("91", "110105", 7000+n), Name: fmt.Sprintf("名录单位%d", n), LegalForm: legalForm,
		Ownership: gonghui.OwnershipPrivate, StaffCount: staff, Address: "北京市朝阳区某路1号", RegionCode: region,
		IndustryCode: "65", RegisteredOn: gonghui.NewDate(2012, 3, 15)}
}

// importEmployers saves the rows in one transaction as the actor and
// returns each row's result or error.
func importEmployers(t *testing.T, s *store.Store, a gonghui.Actor, ins ...gonghui.EmployerInput) ([]store.UpsertResult, []error) {
	t.Helper()
	w, err := s.NewEmployerWriter(ctx, a, 0)
	if err != nil {
		t.Fatal(err)
	}
	results, errs := make([]store.UpsertResult, len(ins)), make([]error, len(ins))
	for i, in := range ins {
		results[i], errs[i] = w.Save(ctx, in)
		var v *gonghui.ValidationError
		if errs[i] != nil && !errors.As(errs[i], &v) {
			w.Rollback()
			t.Fatalf("row %d: %v", i, errs[i])
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return results, errs
}

func mustImportEmployers(t *testing.T, s *store.Store, ins ...gonghui.EmployerInput) {
	t.Helper()
	for i, err := range second(importEmployers(t, s, sys, ins...)) {
		if err != nil {
			t.Fatalf("employer %d: %v", i, err)
		}
	}
}

func second[A, B any](_ A, b B) B { return b }

// The register's writes for the shared fast-path test: employers
// imported in a street and a district, matched to a unit already kept,
// a unit founded for one later (its move to unionized), one leaving,
// one refreshed, one moved to another street.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "employer register", run: func(t *testing.T, s *store.Store, f fixture) {
		d := gonghui.NewDate
		street := mustOrg(t, s, gonghui.OrgInput{Name: "朝外街道总工会", Kind: gonghui.KindStreetFederation, ParentID: f.chaoyang.ID, RegionCode: "110105002"})
		union := mustOrg(t, s, gonghui.OrgInput{Name: "名录覆盖单位工会", Kind: gonghui.KindGrassroots, ParentID: street.ID, FoundedOn: d(2016, 5, 1)})
		covered := employerIn(1, "110105002", gonghui.LegalFormLLC, 120)
		if _, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: covered.USCC, Name: covered.Name, OrgID: union.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 120}); err != nil {
			t.Fatal(err)
		}
		small := employerIn(2, "110105003", gonghui.LegalFormIndividual, 30) // no street union: the district's
		leaving := employerIn(3, "110105002", gonghui.LegalFormPartnership, 60)
		haidian := employerIn(4, "110108001", gonghui.LegalFormJointStock, 400)
		mustImportEmployers(t, s, covered, small, leaving, haidian)
		leaving.Status, leaving.LeftOn = gonghui.EmployerDeregistered, d(2017, 6, 1)
		small.StaffCount, small.RegionCode = 26, "110105002"
		mustImportEmployers(t, s, leaving, small)
		if _, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: small.USCC, Name: small.Name, OrgID: union.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 26}); err != nil {
			t.Fatal(err)
		}
	}})
}

// The register holds an employer once, however many imports bring it at
// once: the shared concurrency test tries it.
func init() {
	lockRules = append(lockRules, lockRule{name: "one employer per USCC, imported",
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			in := employerIn(100+e.next(), "110105001", gonghui.LegalFormLLC, 10)
			return func(i int) error {
					row := in
					row.StaffCount = 10 + i
					w, err := e.s.NewEmployerWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, row)
					return commit(w, err)
				}, func() int {
					return total(e.s.ListEmployers(ctx, sys, gonghui.EmployerFilter{Query: in.USCC}))
				}
		}})
}

func TestEmployerRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		union := mustOrg(t, s, gonghui.OrgInput{Name: "名录覆盖单位工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID, FoundedOn: d(2016, 5, 1)})
		covered := employerIn(1, "110105001", gonghui.LegalFormLLC, 120)
		unit, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: covered.USCC, Name: covered.Name, OrgID: union.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 120})
		if err != nil {
			t.Fatal(err)
		}
		small := employerIn(2, "110105003", gonghui.LegalFormIndividual, 30)
		left := employerIn(3, "110105001", gonghui.LegalFormPartnership, 50)
		left.Status, left.LeftOn = gonghui.EmployerDeregistered, d(2017, 6, 1)
		far := employerIn(4, "110108001", gonghui.LegalFormJointStock, 400)
		rows := []gonghui.EmployerInput{covered, small, left, far}
		results, errs := importEmployers(t, s, sys, rows...)
		for i := range rows {
			if errs[i] != nil || results[i] != store.Inserted {
				t.Fatalf("row %d: %v %v", i, results[i], errs[i])
			}
		}
		byUSCC := func(code string) gonghui.Employer {
			t.Helper()
			list, _, err := s.ListEmployers(ctx, sys, gonghui.EmployerFilter{Query: code, Left: true})
			if err != nil || len(list) != 1 {
				t.Fatalf("employer %s: %d, %v", code, len(list), err)
			}
			return list[0]
		}
		figures := func(org gonghui.Org, on gonghui.Date) map[string]float64 {
			t.Helper()
			st, err := s.ComputeStats(ctx, sys, org.ID, on)
			if err != nil {
				t.Fatal(err)
			}
			return st.Indicators
		}

		t.Run("matched by USCC, in the area's union", func(t *testing.T) {
			e := byUSCC(covered.USCC)
			if e.UnitID != unit.ID || e.CoveredOn != d(2016, 5, 1) || e.OrgID != f.street.ID || !e.Covered() {
				t.Errorf("covered employer %+v", e)
			}
			if e := byUSCC(small.USCC); e.OrgID != f.chaoyang.ID || e.Covered() {
				t.Errorf("a street without a union: the district's: %+v", e)
			}
			if e := byUSCC(far.USCC); e.OrgID != f.haidian.ID {
				t.Errorf("Haidian employer at %d", e.OrgID)
			}
			if u, _ := s.GetUnit(ctx, sys, unit.ID); u.LegalForm != gonghui.LegalFormLLC {
				t.Errorf("the unit's legal form is %q", u.LegalForm)
			}
		})
		t.Run("imported again changes nothing", func(t *testing.T) {
			results, errs := importEmployers(t, s, sys, rows...)
			for i := range rows {
				if errs[i] != nil || results[i] != store.Unchanged {
					t.Errorf("row %d: %v %v", i, results[i], errs[i])
				}
			}
		})
		t.Run("a refresh keeps what cadres added", func(t *testing.T) {
			e := byUSCC(covered.USCC)
			in := e.ToNotesInput()
			in.Contact, in.Notes = "王经理", "2018年一季度走访"
			noted, err := s.UpdateEmployerNotes(ctx, actor(f.street, gonghui.RoleCadre), e.ID, in)
			if err != nil || noted.Contact != "王经理" || noted.Version != e.Version+1 {
				t.Fatalf("notes: %+v %v", noted, err)
			}
			if _, err := s.UpdateEmployerNotes(ctx, sys, e.ID, in); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("stale notes: %v", err)
			}
			if _, err := s.UpdateEmployerNotes(ctx, actor(f.haidian, gonghui.RoleCadre), e.ID, noted.ToNotesInput()); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("notes outside the scope: %v", err)
			}
			fresh := covered
			fresh.StaffCount = 130
			if results, errs := importEmployers(t, s, sys, fresh); errs[0] != nil || results[0] != store.Updated {
				t.Fatalf("refresh: %v %v", results[0], errs[0])
			}
			after := byUSCC(covered.USCC)
			if after.StaffCount != 130 || after.Contact != "王经理" || after.Notes != "2018年一季度走访" || after.UnitID != unit.ID {
				t.Errorf("after the refresh: %+v", after)
			}
		})
		t.Run("rows refused with their fields", func(t *testing.T) {
			bad := employerIn(9, "110105001", "palace", -1)
			bad.USCC = "91110105MA0000000X"
			gone := employerIn(10, "110105001", gonghui.LegalFormLLC, 5)
			gone.Status = gonghui.EmployerRevoked
			stray := employerIn(11, "999999", gonghui.LegalFormLLC, 5)
			_, errs := importEmployers(t, s, sys, bad, gone, stray)
			for i, want := range []string{"legal_form,staff_count,uscc", "left_on", "region_code"} {
				if got := sortedFields(errs[i]); got != want {
					t.Errorf("row %d refused on %q (%v), want %q", i, got, errs[i], want)
				}
			}
		})
		t.Run("scope", func(t *testing.T) {
			hd := actor(f.haidian, gonghui.RoleCadre)
			if _, err := s.GetEmployer(ctx, hd, byUSCC(covered.USCC).ID); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("outside the scope: %v", err)
			}
			if _, total, _ := s.ListEmployers(ctx, actor(f.chaoyang, gonghui.RoleViewer), gonghui.EmployerFilter{}); total != 2 {
				t.Errorf("Chaoyang lists %d employers in the base", total)
			}
			if _, total, _ := s.ListEmployers(ctx, actor(f.chaoyang, gonghui.RoleViewer), gonghui.EmployerFilter{Left: true, Covered: "no"}); total != 2 {
				t.Errorf("Chaoyang lists %d uncovered employers with those that left", total)
			}
			into := employerIn(12, "110105001", gonghui.LegalFormLLC, 5)
			moved := covered
			moved.RegionCode = "110108001"
			_, errs := importEmployers(t, s, hd, into, moved)
			if fieldOf(errs[0]) != "region_code" || fieldOf(errs[1]) != "uscc" {
				t.Errorf("Haidian imports into Chaoyang: %v; takes Chaoyang's employer: %v", errs[0], errs[1])
			}
			if _, err := s.NewEmployerWriter(ctx, actor(f.chaoyang, gonghui.RoleViewer), 0); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer imports: %v", err)
			}
		})
		t.Run("coverage figures, and a union founded moves its employer", func(t *testing.T) {
			on := d(2017, 9, 30)
			want := map[string]float64{"employers_total": 2, "employers_unionized": 1, "coverage_rate": 50, "employers_25plus": 2,
				"employers_25plus_uncovered": 1, "employers_100plus": 1, "coverage_rate_100plus": 100, "workers_employed": 160, "workers_covered": 130}
			got := figures(f.chaoyang, on)
			for k, v := range want {
				if got[k] != v {
					t.Errorf("Chaoyang %s = %v, want %v", k, got[k], v)
				}
			}
			if got := figures(f.chaoyang, d(2017, 5, 31)); got["employers_total"] != 3 {
				t.Errorf("before the deregistration: %v employers", got["employers_total"])
			}
			if got := figures(f.root, on); got["employers_total"] != 3 || got["employers_100plus"] != 2 {
				t.Errorf("city: %v", got)
			}
			// The small employer's union is founded: a unit of its USCC.
			joint := mustOrg(t, s, gonghui.OrgInput{Name: "名录联合工会", Kind: gonghui.KindJointGrassroots, ParentID: f.street.ID, FoundedOn: d(2017, 7, 1)})
			if _, err := s.CreateUnit(ctx, sys, gonghui.UnitInput{USCC: small.USCC, Name: small.Name, OrgID: joint.ID, Ownership: gonghui.OwnershipIndividual, StaffCount: 30}); err != nil {
				t.Fatal(err)
			}
			if e := byUSCC(small.USCC); !e.Covered() || e.CoveredOn != d(2017, 7, 1) {
				t.Errorf("founded: %+v", e)
			}
			got = figures(f.chaoyang, on)
			if got["employers_unionized"] != 2 || got["employers_25plus_uncovered"] != 0 || got["coverage_rate_25plus"] != 100 || got["workers_covered"] != 160 {
				t.Errorf("after the founding: %v", got)
			}
			if got := figures(f.chaoyang, d(2017, 6, 30)); got["employers_unionized"] != 1 {
				t.Errorf("before the founding day: %v unionized", got["employers_unionized"])
			}
			recount, err := s.RecountStats(ctx, sys, f.chaoyang.ID, on)
			if err != nil || recount.Indicators["employers_unionized"] != 2 || recount.Indicators["employers_25plus_uncovered"] != 0 {
				t.Errorf("recount %v %v", recount.Indicators, err)
			}
		})
		t.Run("audited", func(t *testing.T) {
			events, _, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{RecordType: "employer"})
			if err != nil || len(events) < 6 {
				t.Errorf("%d audit events: %v", len(events), err)
			}
		})
	})
}

// sortedFields are the fields of a validation error, sorted.
func sortedFields(err error) string {
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return ""
	}
	return strings.Join(slices.Sorted(maps.Keys(v.Fields)), ",")
}
