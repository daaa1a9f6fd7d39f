package store_test

import (
	"errors"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func outreachIn(org gonghui.Org, held gonghui.Date, workers int, employers ...int64) gonghui.OutreachEventInput {
	return gonghui.OutreachEventInput{Kind: "dialogue", OrgID: org.ID, PlaceKind: "building", PlaceName: "建外SOHO", Address: "北京市朝阳区东三环中路39号",
		RegionCode: "110105001", HeldOn: held, EmployerIDs: employers, WorkersReached: workers, MembersRecruited: workers / 10}
}

func mustOutreach(t *testing.T, s *store.Store, in gonghui.OutreachEventInput) gonghui.OutreachEvent {
	t.Helper()
	e, err := s.CreateOutreachEvent(ctx, sys, in)
	if err != nil {
		t.Fatalf("create outreach event: %v", err)
	}
	return e
}

// registerEmployers imports employers of the street and returns their IDs.
func registerEmployers(t *testing.T, s *store.Store, first int, regions ...string) []int64 {
	t.Helper()
	ids := make([]int64, len(regions))
	for i, region := range regions {
		in := employerIn(first+i, region, gonghui.LegalFormLLC, 30)
		mustImportEmployers(t, s, in)
		es, _, err := s.ListEmployers(ctx, sys, gonghui.EmployerFilter{Query: in.USCC})
		if err != nil || len(es) != 1 {
			t.Fatalf("employer %s: %v %v", in.USCC, es, err)
		}
		ids[i] = es[0].ID
	}
	return ids
}

// The outreach events' writes for the shared fast-path test: held at two
// unions, moved to another union and day, employers reached changed.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "outreach events", run: func(t *testing.T, s *store.Store, f fixture) {
		d := gonghui.NewDate
		cy := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳楼宇联合工会", Kind: gonghui.KindJointGrassroots, ParentID: f.chaoyang.ID})
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀园区联合工会", Kind: gonghui.KindJointGrassroots, ParentID: f.haidian.ID})
		emp := registerEmployers(t, s, 300, "110105001", "110105001", "110108001")
		e := mustOutreach(t, s, outreachIn(cy, d(2017, 4, 12), 120, emp[0], emp[1]))
		mustOutreach(t, s, outreachIn(hd, d(2017, 5, 20), 80, emp[2]))
		in := e.ToInput()
		in.OrgID, in.HeldOn, in.WorkersReached, in.EmployerIDs = hd.ID, d(2017, 6, 1), 150, []int64{emp[1], emp[2]}
		if _, err := s.UpdateOutreachEvent(ctx, sys, e.ID, in); err != nil {
			t.Fatal(err)
		}
	}})
}

func TestOutreachEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		emp := registerEmployers(t, s, 400, "110105001", "110105001", "110108001")
		e := mustOutreach(t, s, outreachIn(f.street, d(2017, 4, 12), 120, emp[1], emp[0], emp[1]))
		if e.Version != 1 || len(e.Employers) != 2 || e.OrgName != f.street.Name || e.MembersRecruited != 12 {
			t.Fatalf("created %+v", e)
		}

		t.Run("validation names each field", func(t *testing.T) {
			bad := gonghui.OutreachEventInput{Kind: "party", OrgID: f.street.ID, PlaceKind: "moon", RegionCode: "999999999",
				HeldOn: d(2027, 1, 1), WorkersReached: 5, MembersRecruited: 6, EmployerIDs: []int64{emp[2], 999999}}
			_, err := s.CreateOutreachEvent(ctx, actor(f.chaoyang, gonghui.RoleCadre), bad)
			var v *gonghui.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("err %v", err)
			}
			for _, field := range []string{"kind", "place_kind", "place_name", "address", "region_code", "held_on", "members_recruited", "employer_ids"} {
				if _, ok := v.Fields[field]; !ok {
					t.Errorf("no error for %s: %v", field, v.Fields)
				}
			}
		})
		t.Run("scope", func(t *testing.T) {
			hd := actor(f.haidian, gonghui.RoleCadre)
			if _, err := s.GetOutreachEvent(ctx, hd, e.ID); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("outside the scope: %v", err)
			}
			if _, err := s.UpdateOutreachEvent(ctx, hd, e.ID, e.ToInput()); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("updated outside the scope: %v", err)
			}
			if _, err := s.CreateOutreachEvent(ctx, actor(f.chaoyang, gonghui.RoleViewer), outreachIn(f.street, d(2017, 5, 1), 10)); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer recorded an event: %v", err)
			}
			if _, total, _ := s.ListOutreachEvents(ctx, hd, gonghui.OutreachFilter{}); total != 0 {
				t.Errorf("Haidian lists %d events", total)
			}
			events, total, err := s.ListOutreachEvents(ctx, actor(f.chaoyang, gonghui.RoleViewer), gonghui.OutreachFilter{Kind: "dialogue", RegionCode: "110105"})
			if err != nil || total != 1 || len(events[0].Employers) != 2 {
				t.Errorf("Chaoyang lists %d: %+v %v", total, events, err)
			}
		})
		t.Run("an editor keeps the employers they cannot see", func(t *testing.T) {
			// The city names a Haidian employer; Chaoyang's edit leaves it.
			in := e.ToInput()
			in.EmployerIDs = append(in.EmployerIDs, emp[2])
			cur, err := s.UpdateOutreachEvent(ctx, sys, e.ID, in)
			if err != nil || len(cur.Employers) != 3 {
				t.Fatalf("city edit: %+v %v", cur, err)
			}
			cy := actor(f.chaoyang, gonghui.RoleCadre)
			seen, _ := s.GetOutreachEvent(ctx, cy, e.ID)
			if len(seen.Employers) != 2 {
				t.Errorf("Chaoyang sees %v", seen.Employers)
			}
			in = seen.ToInput()
			in.EmployerIDs = []int64{emp[0]}
			if _, err := s.UpdateOutreachEvent(ctx, cy, e.ID, in); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.GetOutreachEvent(ctx, sys, e.ID); len(got.Employers) != 2 || got.Employers[0].ID+got.Employers[1].ID != emp[0]+emp[2] {
				t.Errorf("after Chaoyang's edit: %v", got.Employers)
			}
		})
		t.Run("a stale edit is a conflict", func(t *testing.T) {
			cur, _ := s.GetOutreachEvent(ctx, sys, e.ID)
			in := cur.ToInput()
			in.Version = 1
			if _, err := s.UpdateOutreachEvent(ctx, sys, e.ID, in); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("stale edit: %v", err)
			}
		})
		t.Run("an event counts from its day", func(t *testing.T) {
			for _, tc := range []struct {
				on                         gonghui.Date
				events, workers, employers float64
			}{{d(2017, 4, 11), 0, 0, 0}, {d(2017, 4, 12), 1, 120, 2}, {d(2018, 1, 1), 1, 120, 2}} {
				st, err := s.ComputeStats(ctx, sys, f.chaoyang.ID, tc.on)
				if err != nil {
					t.Fatal(err)
				}
				if got := st.Indicators; got["outreach_events"] != tc.events || got["outreach_workers_reached"] != tc.workers || got["outreach_employers_reached"] != tc.employers {
					t.Errorf("on %s: %v %v %v", tc.on, got["outreach_events"], got["outreach_workers_reached"], got["outreach_employers_reached"])
				}
			}
		})
	})
}

func TestNewEmployment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		platform := mustUnit(t, s, f.joint.ID, 7)
		for i, tc := range []struct {
			org        gonghui.Org
			unit       int64
			employment string
		}{{f.joint, platform.ID, gonghui.EmploymentNewForms}, {f.joint, platform.ID, gonghui.EmploymentNewForms},
			{f.joint, platform.ID, "flexible"}, {f.g1, 0, gonghui.EmploymentNewForms}, {f.haidian, 0, gonghui.EmploymentNewForms}} {
			in := memberIn(tc.org, "骑手", storetest.CitizenID("110105", "19950101", 60+i))
			in.UnitID, in.Employment = tc.unit, tc.employment
			mustMember(t, s, in)
		}
		rows, err := s.NewEmployment(ctx, actor(f.chaoyang, gonghui.RoleViewer), 0, gonghui.NewDate(2018, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		want := []gonghui.NewEmploymentRow{{UnitID: platform.ID, UnitName: platform.Name, Members: 2}, {Members: 1}}
		if len(rows) != len(want) || rows[0] != want[0] || rows[1] != want[1] {
			t.Errorf("Chaoyang's rows %+v, want %+v", rows, want)
		}
		if rows, _ := s.NewEmployment(ctx, sys, 0, gonghui.NewDate(2017, 2, 28)); len(rows) != 0 {
			t.Errorf("before they joined: %+v", rows)
		}
		// The form of employment is a search key of the memberships: an
		// edit, a re-import and a transfer carry it.
		flexible := memberIn(f.joint, "骑手", storetest.CitizenID("110105", "19950101", 62))
		flexible.UnitID, flexible.Employment = platform.ID, gonghui.EmploymentNewForms
		if _, result, err := s.SaveMember(ctx, sys, flexible); err != nil || result != store.Updated {
			t.Fatalf("re-import: %v %v", result, err)
		}
		count := func(org gonghui.Org) int {
			t.Helper()
			rows, err := s.NewEmployment(ctx, sys, org.ID, gonghui.NewDate(2026, 11, 24))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range rows {
				n += r.Members
			}
			return n
		}
		if n := count(f.joint); n != 3 {
			t.Errorf("after the re-import: %d in the joint union, want 3", n)
		}
		list, _, err := s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: flexible.IDNumber})
		if err != nil || len(list) != 1 {
			t.Fatalf("members %v %v", list, err)
		}
		edit := flexible
		edit.Employment, edit.Version = "flexible", list[0].Version
		if _, err := s.UpdateMember(ctx, sys, list[0].ID, edit); err != nil {
			t.Fatal(err)
		}
		if n := count(f.joint); n != 2 {
			t.Errorf("after an edit: %d in the joint union, want 2", n)
		}
		if _, err := s.NewEmployment(ctx, actor(f.haidian, gonghui.RoleViewer), f.g1.ID, gonghui.NewDate(2018, 1, 1)); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("a union outside the scope: %v", err)
		}
	})
}

// An imported event is kept once, however many imports bring it at once:
// the shared concurrency test tries it.
func init() {
	lockRules = append(lockRules, lockRule{name: "one outreach event per union, day, kind and place, imported",
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			held := gonghui.NewDate(2018, 1, 1).AddDays(e.next())
			in := outreachIn(e.f.g1, held, 50)
			return func(i int) error {
					w, err := e.s.NewOutreachWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, in)
					return commit(w, err)
				}, func() int {
					return total(e.s.ListOutreachEvents(ctx, sys, gonghui.OutreachFilter{From: held, To: held}))
				}
		}})
}
