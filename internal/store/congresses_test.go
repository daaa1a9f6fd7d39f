package store_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func congressIn(org gonghui.Org, kind gonghui.CongressKind, units ...int64) gonghui.CongressInput {
	return gonghui.CongressInput{OrgID: org.ID, Name: org.Name + "职工代表大会", Kind: kind, EstablishedOn: gonghui.NewDate(2018, 3, 1), UnitIDs: units}
}

func mustCongress(t *testing.T, s *store.Store, a gonghui.Actor, in gonghui.CongressInput) gonghui.Congress {
	t.Helper()
	g, err := s.CreateCongress(ctx, a, in)
	if err != nil {
		t.Fatalf("create congress %q: %v", in.Name, err)
	}
	return g
}

// fieldMessage returns the reason given for field, in both languages.
func fieldMessage(err error, field string) gonghui.Message {
	var v *gonghui.ValidationError
	if errors.As(err, &v) {
		return v.Fields[field]
	}
	return gonghui.Message{}
}

func TestCongressChecksAgainstData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u1 := mustUnit(t, s, f.g1.ID, 1)
		u2 := mustUnit(t, s, f.joint.ID, 2)
		hdUnit := mustUnit(t, s, f.haidian.ID, 3)
		closed := mustOrg(t, s, gonghui.OrgInput{Name: "已撤销示例工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID})
		if _, err := s.DissolveOrg(ctx, sys, closed.ID, gonghui.NewDate(2020, 1, 1)); err != nil {
			t.Fatal(err)
		}
		cy := actor(f.chaoyang, gonghui.RoleCadre)
		tests := []struct {
			name  string
			in    gonghui.CongressInput
			field string
		}{
			{"no name", gonghui.CongressInput{OrgID: f.g1.ID, Kind: gonghui.CongressUnit, EstablishedOn: gonghui.NewDate(2018, 3, 1), UnitIDs: []int64{u1.ID}}, "name"},
			{"bad kind", congressIn(f.g1, "assembly", u1.ID), "kind"},
			{"union outside scope", congressIn(f.haidian, gonghui.CongressUnit, hdUnit.ID), "org_id"},
			{"missing union", congressIn(gonghui.Org{ID: 99999, Name: "x"}, gonghui.CongressUnit, u1.ID), "org_id"},
			{"dissolved union", congressIn(closed, gonghui.CongressGroup, u1.ID), "org_id"},
			{"unit of a sibling union", congressIn(f.g1, gonghui.CongressUnit, u2.ID), "unit_ids"},
			{"unit of another district", congressIn(f.chaoyang, gonghui.CongressRegional, u1.ID, hdUnit.ID), "unit_ids"},
			{"missing unit", congressIn(f.street, gonghui.CongressGroup, u1.ID, 99999), "unit_ids"},
			{"unit congress over two", congressIn(f.street, gonghui.CongressUnit, u1.ID, u2.ID), "unit_ids"},
			{"duplicate unit", congressIn(f.street, gonghui.CongressGroup, u1.ID, u1.ID), "unit_ids"},
		}
		future := congressIn(f.g1, gonghui.CongressUnit, u1.ID)
		future.EstablishedOn = today.AddDays(1)
		tests = append(tests, struct {
			name  string
			in    gonghui.CongressInput
			field string
		}{"established tomorrow", future, "established_on"})
		for _, tc := range tests {
			_, err := s.CreateCongress(ctx, cy, tc.in)
			if got := fieldOf(err); got != tc.field {
				t.Errorf("%s: fields %q (%v), want %q", tc.name, got, err, tc.field)
			}
		}
		// A refused create leaves no congress and no audit event behind.
		if _, total, _ := s.ListCongresses(ctx, sys, store.CongressFilter{}); total != 0 {
			t.Errorf("refused creates left %d congresses", total)
		}
		if ev, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{RecordType: "congress"}); len(ev) != 0 {
			t.Errorf("refused creates left audit events %+v", ev)
		}
		// The district may keep a regional congress over units of its
		// grassroots unions.
		g, err := s.CreateCongress(ctx, cy, congressIn(f.chaoyang, gonghui.CongressRegional, u2.ID, u1.ID))
		if err != nil || !slices.Equal(g.UnitIDs, []int64{u1.ID, u2.ID}) || g.OrgName != f.chaoyang.Name || !g.Active() {
			t.Errorf("regional congress %+v, %v", g, err)
		}
	})
}

func TestCongressWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u1 := mustUnit(t, s, f.g1.ID, 1)
		u2 := mustUnit(t, s, f.joint.ID, 2)
		u3 := mustUnit(t, s, f.joint.ID, 3)
		cy := actor(f.chaoyang, gonghui.RoleCadre)

		own := mustCongress(t, s, cy, congressIn(f.g1, gonghui.CongressUnit, u1.ID))
		if own.Kind != gonghui.CongressUnit || own.EstablishedOn.String() != "2018-03-01" || !slices.Equal(own.UnitIDs, []int64{u1.ID}) || own.Sittings != 0 {
			t.Errorf("unit congress %+v", own)
		}
		// A group congress may cover a unit that has its own congress.
		group := mustCongress(t, s, cy, congressIn(f.street, gonghui.CongressGroup, u1.ID, u2.ID, u3.ID))
		// A second active unit congress for the same unit is refused, naming it.
		_, err := s.CreateCongress(ctx, cy, congressIn(f.street, gonghui.CongressUnit, u1.ID))
		if m := fieldMessage(err, "unit_ids"); !strings.Contains(m.Zh, u1.Name) || !strings.Contains(m.En, u1.Name) {
			t.Errorf("second unit congress: %v", err)
		}
		// ... also by turning another congress into one.
		in := congressIn(f.street, gonghui.CongressUnit, u1.ID)
		if _, err := s.UpdateCongress(ctx, cy, group.ID, in); fieldOf(err) != "unit_ids" {
			t.Errorf("group turned unit congress over u1: %v", err)
		}

		// Sittings.
		sittings := []gonghui.SittingInput{
			{HeldOn: gonghui.NewDate(2024, 3, 20), Delegates: 50, Attended: 46, Motions: []string{"审议工资专项集体合同草案", " 厂务公开情况报告 "}},
			{HeldOn: gonghui.NewDate(2019, 3, 18), Delegates: 48, Attended: 40},
		}
		for _, in := range sittings {
			if _, err := s.AddSitting(ctx, cy, own.ID, in); err != nil {
				t.Fatalf("add sitting %s: %v", in.HeldOn, err)
			}
		}
		for _, tc := range []struct {
			name  string
			in    gonghui.SittingInput
			field string
		}{
			{"future", gonghui.SittingInput{HeldOn: today.AddDays(1), Delegates: 50, Attended: 40}, "held_on"},
			{"before the congress", gonghui.SittingInput{HeldOn: gonghui.NewDate(2018, 2, 28), Delegates: 50, Attended: 40}, "held_on"},
			{"more present than elected", gonghui.SittingInput{HeldOn: today, Delegates: 50, Attended: 51}, "attended"},
			{"no delegates", gonghui.SittingInput{HeldOn: today, Delegates: 0}, "delegates"},
			{"blank motion", gonghui.SittingInput{HeldOn: today, Delegates: 50, Attended: 40, Motions: []string{""}}, "motions"},
		} {
			if _, err := s.AddSitting(ctx, cy, own.ID, tc.in); fieldOf(err) != tc.field {
				t.Errorf("sitting %s: %v, want %s", tc.name, err, tc.field)
			}
		}
		got, err := s.Sittings(ctx, cy, own.ID)
		if err != nil || len(got) != 2 || got[0].HeldOn.String() != "2019-03-18" || !slices.Equal(got[1].Motions, []string{"审议工资专项集体合同草案", "厂务公开情况报告"}) ||
			got[0].Motions == nil || got[1].Delegates != 50 || got[1].Attended != 46 {
			t.Errorf("sittings %+v, %v", got, err)
		}
		if g, _ := s.GetCongress(ctx, cy, own.ID); g.Sittings != 2 {
			t.Errorf("sitting count %d", g.Sittings)
		}

		// Lists and filters.
		for _, tc := range []struct {
			name string
			f    store.CongressFilter
			want []int64
		}{
			{"all", store.CongressFilter{}, []int64{group.ID, own.ID}},
			{"unit kind", store.CongressFilter{Kind: gonghui.CongressUnit}, []int64{own.ID}},
			{"covering u2", store.CongressFilter{UnitID: u2.ID}, []int64{group.ID}},
			{"kept under g1", store.CongressFilter{OrgID: f.g1.ID}, []int64{own.ID}},
			{"kept under the street", store.CongressFilter{OrgID: f.street.ID}, []int64{group.ID, own.ID}},
		} {
			list, total, err := s.ListCongresses(ctx, cy, tc.f)
			ids := make([]int64, len(list))
			for i, g := range list {
				ids[i] = g.ID
			}
			if err != nil || total != len(tc.want) || !slices.Equal(ids, tc.want) {
				t.Errorf("list %s: %v (%d), %v; want %v", tc.name, ids, total, err, tc.want)
			}
			if tc.name == "all" && (len(list) != 2 || len(list[0].UnitIDs) != 3 || list[1].Sittings != 2) {
				t.Errorf("listed congresses %+v", list)
			}
		}
		if page, total, _ := s.ListCongresses(ctx, cy, store.CongressFilter{Page: gonghui.Page{Offset: 1, Limit: 1}}); total != 2 || len(page) != 1 || page[0].ID != own.ID {
			t.Errorf("paging: %+v of %d", page, total)
		}

		// Updates: the congress itself does not count as a clash; the date
		// of establishment cannot pass a recorded sitting.
		in = congressIn(f.g1, gonghui.CongressUnit, u1.ID)
		in.Name = "示例科技有限公司第二届职工代表大会"
		own, err = s.UpdateCongress(ctx, cy, own.ID, in)
		if err != nil || own.Name != in.Name || own.Sittings != 2 {
			t.Fatalf("update: %+v, %v", own, err)
		}
		in.EstablishedOn = gonghui.NewDate(2020, 1, 1)
		if _, err := s.UpdateCongress(ctx, cy, own.ID, in); fieldOf(err) != "established_on" {
			t.Errorf("establishment after a sitting: %v", err)
		}
		ev, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "congress.update", RecordID: own.ID})
		if len(ev) != 1 || !strings.Contains(ev[0].Summary, "第二届") || ev[0].Username != cy.Username || ev[0].OrgPath != f.g1.Path {
			t.Errorf("update audit %+v", ev)
		}

		// Dissolution: not before the last sitting, not twice; afterwards the
		// congress is read-only and its unit may get a new unit congress.
		if _, err := s.DissolveCongress(ctx, cy, own.ID, gonghui.NewDate(2024, 3, 19)); fieldOf(err) != "dissolved_on" {
			t.Errorf("dissolve before the last sitting: %v", err)
		}
		if _, err := s.DissolveCongress(ctx, cy, own.ID, today.AddDays(1)); fieldOf(err) != "dissolved_on" {
			t.Errorf("dissolve tomorrow: %v", err)
		}
		own, err = s.DissolveCongress(ctx, cy, own.ID, gonghui.NewDate(2025, 6, 30))
		if err != nil || own.DissolvedOn.String() != "2025-06-30" || own.Active() {
			t.Fatalf("dissolve: %+v, %v", own, err)
		}
		if _, err := s.DissolveCongress(ctx, cy, own.ID, gonghui.Date{}); fieldOf(err) != "dissolved_on" {
			t.Errorf("dissolve twice: %v", err)
		}
		if _, err := s.UpdateCongress(ctx, cy, own.ID, in); fieldOf(err) != "dissolved_on" {
			t.Errorf("update a dissolved congress: %v", err)
		}
		if _, err := s.AddSitting(ctx, cy, own.ID, gonghui.SittingInput{HeldOn: gonghui.NewDate(2025, 7, 1), Delegates: 9, Attended: 9}); fieldOf(err) != "held_on" {
			t.Errorf("sitting after dissolution: %v", err)
		}
		if _, err := s.AddSitting(ctx, cy, own.ID, gonghui.SittingInput{HeldOn: gonghui.NewDate(2025, 6, 30), Delegates: 9, Attended: 9}); err != nil {
			t.Errorf("late record of the last sitting: %v", err)
		}
		next := mustCongress(t, s, cy, congressIn(f.g1, gonghui.CongressUnit, u1.ID))
		if list, total, _ := s.ListCongresses(ctx, cy, store.CongressFilter{UnitID: u1.ID, Kind: gonghui.CongressUnit, Active: true}); total != 1 || list[0].ID != next.ID {
			t.Errorf("active unit congresses of u1: %+v", list)
		}
		// Dissolving with no date means today.
		if g, err := s.DissolveCongress(ctx, cy, group.ID, gonghui.Date{}); err != nil || g.DissolvedOn != today {
			t.Errorf("dissolve today: %+v, %v", g, err)
		}
		actions := map[string]int{}
		ev, _, _ = s.ListAudit(ctx, sys, gonghui.AuditFilter{RecordType: "congress"})
		for _, e := range ev {
			actions[e.Action]++
		}
		if actions["congress.create"] != 3 || actions["congress.sitting"] != 3 || actions["congress.update"] != 1 || actions["congress.dissolve"] != 2 {
			t.Errorf("audit actions %v", actions)
		}
	})
}

func TestDisclosuresAndDirectors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u1 := mustUnit(t, s, f.g1.ID, 1)
		u2 := mustUnit(t, s, f.joint.ID, 2)
		cy := actor(f.chaoyang, gonghui.RoleCadre)

		d, err := s.EstablishDisclosure(ctx, cy, u1.ID, gonghui.NewDate(2019, 1, 1))
		if err != nil || d.UnitID != u1.ID || d.UnitName != u1.Name || !d.Active() || d.Records != 0 {
			t.Fatalf("establish: %+v, %v", d, err)
		}
		for _, tc := range []struct {
			name  string
			unit  int64
			on    gonghui.Date
			field string
		}{
			{"second active", u1.ID, gonghui.NewDate(2020, 1, 1), "unit_id"},
			{"no date", u2.ID, gonghui.Date{}, "established_on"},
			{"tomorrow", u2.ID, today.AddDays(1), "established_on"},
			{"no unit", 0, gonghui.NewDate(2020, 1, 1), "unit_id"},
			{"missing unit", 99999, gonghui.NewDate(2020, 1, 1), "unit_id"},
		} {
			if _, err := s.EstablishDisclosure(ctx, cy, tc.unit, tc.on); fieldOf(err) != tc.field {
				t.Errorf("establish %s: %v, want %s", tc.name, err, tc.field)
			}
		}
		_, err = s.EstablishDisclosure(ctx, cy, u1.ID, gonghui.NewDate(2020, 1, 1))
		if m := fieldMessage(err, "unit_id"); !strings.Contains(m.Zh, u1.Name) {
			t.Errorf("second disclosure message %+v", m)
		}

		for _, r := range []struct {
			on    gonghui.Date
			topic string
		}{{gonghui.NewDate(2024, 12, 30), " 年度经营状况与职工福利 "}, {gonghui.NewDate(2019, 6, 30), "劳动安全卫生情况"}} {
			if _, err := s.AddDisclosureRecord(ctx, cy, d.ID, r.on, r.topic); err != nil {
				t.Fatalf("record %s: %v", r.on, err)
			}
		}
		for _, tc := range []struct {
			name  string
			on    gonghui.Date
			topic string
			field string
		}{
			{"before the system", gonghui.NewDate(2018, 12, 31), "x", "disclosed_on"},
			{"tomorrow", today.AddDays(1), "x", "disclosed_on"},
			{"no topic", today, "  ", "topic"},
		} {
			if _, err := s.AddDisclosureRecord(ctx, cy, d.ID, tc.on, tc.topic); fieldOf(err) != tc.field {
				t.Errorf("record %s: %v, want %s", tc.name, err, tc.field)
			}
		}
		recs, err := s.DisclosureRecords(ctx, cy, d.ID)
		if err != nil || len(recs) != 2 || recs[0].Topic != "劳动安全卫生情况" || recs[1].Topic != "年度经营状况与职工福利" || recs[1].ID == 0 {
			t.Errorf("records %+v, %v", recs, err)
		}
		if got, _ := s.GetDisclosure(ctx, cy, d.ID); got.Records != 2 {
			t.Errorf("record count %d", got.Records)
		}

		// Ending: not before the last record; afterwards no record after the
		// end, and a new system may start from the end on.
		if _, err := s.EndDisclosure(ctx, cy, d.ID, gonghui.NewDate(2024, 12, 1)); fieldOf(err) != "ended_on" {
			t.Errorf("end before the last record: %v", err)
		}
		d, err = s.EndDisclosure(ctx, cy, d.ID, gonghui.NewDate(2025, 12, 31))
		if err != nil || d.Active() || d.EndedOn.String() != "2025-12-31" {
			t.Fatalf("end: %+v, %v", d, err)
		}
		if _, err := s.EndDisclosure(ctx, cy, d.ID, gonghui.Date{}); fieldOf(err) != "ended_on" {
			t.Errorf("end twice: %v", err)
		}
		if _, err := s.AddDisclosureRecord(ctx, cy, d.ID, gonghui.NewDate(2026, 1, 5), "x"); fieldOf(err) != "disclosed_on" {
			t.Errorf("record after the end: %v", err)
		}
		if _, err := s.EstablishDisclosure(ctx, cy, u1.ID, gonghui.NewDate(2025, 6, 1)); fieldOf(err) != "established_on" {
			t.Errorf("new system before the old one ended: %v", err)
		}
		d2, err := s.EstablishDisclosure(ctx, cy, u1.ID, gonghui.NewDate(2026, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EstablishDisclosure(ctx, cy, u2.ID, gonghui.NewDate(2022, 5, 1)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			f     store.DisclosureFilter
			total int
		}{
			{"all", store.DisclosureFilter{}, 3},
			{"of u1", store.DisclosureFilter{UnitID: u1.ID}, 2},
			{"active of u1", store.DisclosureFilter{UnitID: u1.ID, Active: true}, 1},
			{"under joint", store.DisclosureFilter{OrgID: f.joint.ID}, 1},
			{"under haidian", store.DisclosureFilter{OrgID: f.haidian.ID}, 0},
		} {
			if _, total, err := s.ListDisclosures(ctx, sys, tc.f); err != nil || total != tc.total {
				t.Errorf("disclosures %s: %d, %v; want %d", tc.name, total, err, tc.total)
			}
		}
		if list, _, _ := s.ListDisclosures(ctx, cy, store.DisclosureFilter{UnitID: u1.ID, Active: true}); len(list) != 1 || list[0].ID != d2.ID {
			t.Errorf("active disclosure %+v", list)
		}

		// Employee directors and supervisors.
		li := gonghui.DirectorInput{UnitID: u1.ID, Role: gonghui.EmployeeDirector, Name: " 李明 ", Since: gonghui.NewDate(2024, 1, 1)}
		dir, err := s.AddDirector(ctx, cy, li)
		if err != nil || dir.Name != "李明" || dir.UnitName != u1.Name || !dir.Until.IsZero() || !dir.InOffice(today) {
			t.Fatalf("add director: %+v, %v", dir, err)
		}
		wang := gonghui.DirectorInput{UnitID: u2.ID, Role: gonghui.EmployeeSupervisor, Name: "王芳", Since: gonghui.NewDate(2023, 7, 1), Until: gonghui.NewDate(2026, 6, 30)}
		if _, err := s.AddDirector(ctx, cy, wang); err != nil {
			t.Fatal(err)
		}
		asSupervisor := li
		asSupervisor.Role = gonghui.EmployeeSupervisor
		if _, err := s.AddDirector(ctx, cy, asSupervisor); err != nil {
			t.Errorf("the same person as supervisor: %v", err)
		}
		again := li
		again.Since = gonghui.NewDate(2025, 1, 1)
		earlier := li
		earlier.Since, earlier.Until = gonghui.NewDate(2020, 1, 1), gonghui.NewDate(2024, 1, 1)
		for _, tc := range []struct {
			name  string
			in    gonghui.DirectorInput
			field string
		}{
			{"same seat twice", again, "name"},
			{"overlapping earlier term", earlier, "name"},
			{"no name", gonghui.DirectorInput{UnitID: u1.ID, Role: gonghui.EmployeeDirector, Since: gonghui.NewDate(2024, 1, 1)}, "name"},
			{"bad role", gonghui.DirectorInput{UnitID: u1.ID, Role: "chair", Name: "x", Since: gonghui.NewDate(2024, 1, 1)}, "role"},
			{"missing unit", gonghui.DirectorInput{UnitID: 99999, Role: gonghui.EmployeeDirector, Name: "x", Since: gonghui.NewDate(2024, 1, 1)}, "unit_id"},
			{"ends before it starts", gonghui.DirectorInput{UnitID: u1.ID, Role: gonghui.EmployeeDirector, Name: "x", Since: gonghui.NewDate(2024, 1, 1), Until: gonghui.NewDate(2023, 1, 1)}, "until"},
		} {
			if _, err := s.AddDirector(ctx, cy, tc.in); fieldOf(err) != tc.field {
				t.Errorf("director %s: %v, want %s", tc.name, err, tc.field)
			}
		}
		earlier.Until = gonghui.NewDate(2023, 12, 31)
		if _, err := s.AddDirector(ctx, cy, earlier); err != nil {
			t.Errorf("an earlier term that does not overlap: %v", err)
		}
		for _, tc := range []struct {
			name  string
			f     store.DirectorFilter
			total int
		}{
			{"all", store.DirectorFilter{}, 4},
			{"directors", store.DirectorFilter{Role: gonghui.EmployeeDirector}, 2},
			{"in office", store.DirectorFilter{Current: true}, 2},
			{"of u2", store.DirectorFilter{UnitID: u2.ID}, 1},
			{"under g1", store.DirectorFilter{OrgID: f.g1.ID}, 3},
		} {
			if _, total, err := s.ListDirectors(ctx, cy, tc.f); err != nil || total != tc.total {
				t.Errorf("directors %s: %d, %v; want %d", tc.name, total, err, tc.total)
			}
		}
		for _, tc := range []struct {
			name  string
			until gonghui.Date
		}{{"before the start", gonghui.NewDate(2023, 12, 31)}, {"on the start", gonghui.NewDate(2024, 1, 1)}, {"tomorrow", today.AddDays(1)}} {
			if _, err := s.EndDirector(ctx, cy, dir.ID, tc.until); fieldOf(err) != "until" {
				t.Errorf("end director %s: %v", tc.name, err)
			}
		}
		dir, err = s.EndDirector(ctx, cy, dir.ID, gonghui.NewDate(2026, 6, 30))
		if err != nil || dir.Until.String() != "2026-06-30" || dir.InOffice(today) {
			t.Fatalf("end director: %+v, %v", dir, err)
		}
		if _, err := s.EndDirector(ctx, cy, dir.ID, gonghui.Date{}); fieldOf(err) != "until" {
			t.Errorf("end twice: %v", err)
		}
		if _, total, _ := s.ListDirectors(ctx, cy, store.DirectorFilter{Current: true}); total != 1 {
			t.Errorf("in office after leaving: %d", total)
		}
		// After leaving, the same person may take the seat again.
		again.Since = gonghui.NewDate(2026, 7, 1)
		if _, err := s.AddDirector(ctx, cy, again); err != nil {
			t.Errorf("a new term after leaving: %v", err)
		}
		actions := map[string]int{}
		ev, _, _ := s.ListAudit(ctx, actor(f.chaoyang, gonghui.RoleAuditor), gonghui.AuditFilter{})
		for _, e := range ev {
			actions[e.Action]++
		}
		want := map[string]int{"disclosure.establish": 3, "disclosure.record": 2, "disclosure.end": 1, "director.add": 5, "director.end": 1}
		for a, n := range want {
			if actions[a] != n {
				t.Errorf("audit %s: %d events, want %d (%v)", a, actions[a], n, actions)
			}
		}
	})
}

func TestDemocracyScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u1 := mustUnit(t, s, f.g1.ID, 1)
		u2 := mustUnit(t, s, f.joint.ID, 2)
		hdUnit := mustUnit(t, s, f.haidian.ID, 3)
		cy := actor(f.chaoyang, gonghui.RoleCadre)
		g := mustCongress(t, s, cy, congressIn(f.street, gonghui.CongressGroup, u1.ID, u2.ID))
		if _, err := s.AddSitting(ctx, cy, g.ID, gonghui.SittingInput{HeldOn: gonghui.NewDate(2020, 4, 1), Delegates: 30, Attended: 28}); err != nil {
			t.Fatal(err)
		}
		d, err := s.EstablishDisclosure(ctx, cy, u1.ID, gonghui.NewDate(2019, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddDisclosureRecord(ctx, cy, d.ID, gonghui.NewDate(2020, 1, 1), "年度工作报告"); err != nil {
			t.Fatal(err)
		}
		dir, err := s.AddDirector(ctx, cy, gonghui.DirectorInput{UnitID: u1.ID, Role: gonghui.EmployeeDirector, Name: "李明", Since: gonghui.NewDate(2024, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}

		notFound := func(what string, err error) {
			t.Helper()
			if !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("%s: %v, want not found", what, err)
			}
		}
		hd := actor(f.haidian, gonghui.RoleAdmin)
		// Reads of Chaoyang records from Haidian.
		_, err = s.GetCongress(ctx, hd, g.ID)
		notFound("get congress", err)
		_, err = s.Sittings(ctx, hd, g.ID)
		notFound("sittings", err)
		_, err = s.GetDisclosure(ctx, hd, d.ID)
		notFound("get disclosure", err)
		_, err = s.DisclosureRecords(ctx, hd, d.ID)
		notFound("disclosure records", err)
		_, err = s.GetDirector(ctx, hd, dir.ID)
		notFound("get director", err)
		_, _, err = s.ListCongresses(ctx, hd, store.CongressFilter{OrgID: f.street.ID})
		notFound("congresses of a chaoyang org", err)
		_, _, err = s.ListDisclosures(ctx, hd, store.DisclosureFilter{OrgID: f.g1.ID})
		notFound("disclosures of a chaoyang org", err)
		_, _, err = s.ListDirectors(ctx, hd, store.DirectorFilter{OrgID: f.g1.ID})
		notFound("directors of a chaoyang org", err)
		if _, total, _ := s.ListCongresses(ctx, hd, store.CongressFilter{UnitID: u1.ID}); total != 0 {
			t.Errorf("haidian lists %d congresses", total)
		}
		if _, total, _ := s.ListDisclosures(ctx, hd, store.DisclosureFilter{UnitID: u1.ID}); total != 0 {
			t.Errorf("haidian lists %d disclosures", total)
		}
		if _, total, _ := s.ListDirectors(ctx, hd, store.DirectorFilter{}); total != 0 {
			t.Errorf("haidian lists %d directors", total)
		}
		// Writes to Chaoyang records from Haidian.
		_, err = s.UpdateCongress(ctx, hd, g.ID, congressIn(f.haidian, gonghui.CongressGroup, hdUnit.ID))
		notFound("update congress", err)
		_, err = s.DissolveCongress(ctx, hd, g.ID, gonghui.Date{})
		notFound("dissolve congress", err)
		_, err = s.AddSitting(ctx, hd, g.ID, gonghui.SittingInput{HeldOn: today, Delegates: 30, Attended: 30})
		notFound("add sitting", err)
		_, err = s.EndDisclosure(ctx, hd, d.ID, gonghui.Date{})
		notFound("end disclosure", err)
		_, err = s.AddDisclosureRecord(ctx, hd, d.ID, today, "x")
		notFound("add disclosure record", err)
		_, err = s.EndDirector(ctx, hd, dir.ID, gonghui.Date{})
		notFound("end director", err)
		// Creating over Chaoyang units or under a Chaoyang union is a field error.
		if _, err := s.CreateCongress(ctx, hd, congressIn(f.haidian, gonghui.CongressRegional, hdUnit.ID, u1.ID)); fieldOf(err) != "unit_ids" {
			t.Errorf("haidian congress over a chaoyang unit: %v", err)
		}
		if _, err := s.CreateCongress(ctx, hd, congressIn(f.g1, gonghui.CongressUnit, hdUnit.ID)); fieldOf(err) != "org_id" {
			t.Errorf("haidian congress kept by a chaoyang union: %v", err)
		}
		if _, err := s.EstablishDisclosure(ctx, hd, u2.ID, gonghui.NewDate(2020, 1, 1)); fieldOf(err) != "unit_id" {
			t.Errorf("haidian disclosure of a chaoyang unit: %v", err)
		}
		if _, err := s.AddDirector(ctx, hd, gonghui.DirectorInput{UnitID: u2.ID, Role: gonghui.EmployeeDirector, Name: "x", Since: today}); fieldOf(err) != "unit_id" {
			t.Errorf("haidian director of a chaoyang unit: %v", err)
		}
		// Nothing changed.
		if got, _ := s.GetCongress(ctx, sys, g.ID); !got.Active() || got.Sittings != 1 || got.OrgID != f.street.ID {
			t.Errorf("congress after haidian's attempts: %+v", got)
		}
		if got, _ := s.GetDisclosure(ctx, sys, d.ID); !got.Active() || got.Records != 1 {
			t.Errorf("disclosure after haidian's attempts: %+v", got)
		}
		if _, total, _ := s.ListDirectors(ctx, sys, store.DirectorFilter{Current: true}); total != 1 {
			t.Errorf("directors after haidian's attempts: %d", total)
		}

		// A congress is scoped by the union that keeps it: the grassroots
		// union of a covered unit does not see the street's congress, while
		// the unit's disclosure and director are its own.
		g1 := actor(f.g1, gonghui.RoleCadre)
		_, err = s.GetCongress(ctx, g1, g.ID)
		notFound("grassroots reads the street's congress", err)
		if _, err := s.GetDisclosure(ctx, g1, d.ID); err != nil {
			t.Errorf("grassroots reads its unit's disclosure: %v", err)
		}
		if _, err := s.GetDirector(ctx, g1, dir.ID); err != nil {
			t.Errorf("grassroots reads its unit's director: %v", err)
		}

		// A viewer reads but may not write.
		viewer := actor(f.chaoyang, gonghui.RoleViewer)
		if _, err := s.GetCongress(ctx, viewer, g.ID); err != nil {
			t.Errorf("viewer reads: %v", err)
		}
		if _, total, _ := s.ListDisclosures(ctx, viewer, store.DisclosureFilter{}); total != 1 {
			t.Errorf("viewer lists %d disclosures", total)
		}
		forbidden := map[string]error{}
		_, forbidden["create congress"] = s.CreateCongress(ctx, viewer, congressIn(f.g1, gonghui.CongressUnit, u1.ID))
		_, forbidden["update congress"] = s.UpdateCongress(ctx, viewer, g.ID, congressIn(f.street, gonghui.CongressGroup, u1.ID))
		_, forbidden["dissolve congress"] = s.DissolveCongress(ctx, viewer, g.ID, gonghui.Date{})
		_, forbidden["add sitting"] = s.AddSitting(ctx, viewer, g.ID, gonghui.SittingInput{HeldOn: today, Delegates: 1, Attended: 1})
		_, forbidden["establish disclosure"] = s.EstablishDisclosure(ctx, viewer, u2.ID, today)
		_, forbidden["end disclosure"] = s.EndDisclosure(ctx, viewer, d.ID, gonghui.Date{})
		_, forbidden["add disclosure record"] = s.AddDisclosureRecord(ctx, viewer, d.ID, today, "x")
		_, forbidden["add director"] = s.AddDirector(ctx, viewer, gonghui.DirectorInput{UnitID: u2.ID, Role: gonghui.EmployeeDirector, Name: "x", Since: today})
		_, forbidden["end director"] = s.EndDirector(ctx, viewer, dir.ID, gonghui.Date{})
		for what, err := range forbidden {
			if !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("viewer %s: %v, want forbidden", what, err)
			}
		}

		// Audit events are scoped like the records they describe.
		ev, _, err := s.ListAudit(ctx, actor(f.chaoyang, gonghui.RoleAuditor), gonghui.AuditFilter{RecordType: "congress"})
		if err != nil || len(ev) != 2 || ev[0].OrgPath != f.street.Path {
			t.Errorf("chaoyang auditor's congress events %+v, %v", ev, err)
		}
		for _, rt := range []string{"congress", "disclosure", "director"} {
			if _, total, _ := s.ListAudit(ctx, actor(f.haidian, gonghui.RoleAuditor), gonghui.AuditFilter{RecordType: rt}); total != 0 {
				t.Errorf("haidian auditor sees %d %s events", total, rt)
			}
		}
	})
}

// Concurrent attempts at the same one-per-unit record leave exactly one.
func TestDemocracyOnePerUnitUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		u := mustUnit(t, s, f.g1.ID, 1)
		cy := actor(f.chaoyang, gonghui.RoleCadre)
		const n = 6
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				in := congressIn(f.g1, gonghui.CongressUnit, u.ID)
				in.Name = fmt.Sprintf("第%d届职工代表大会", i+1)
				_, err := s.CreateCongress(ctx, cy, in)
				errs <- err
			}()
			go func() {
				defer wg.Done()
				_, err := s.EstablishDisclosure(ctx, cy, u.ID, gonghui.NewDate(2019, 1, 1))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		ok := 0
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case fieldOf(err) != "unit_ids" && fieldOf(err) != "unit_id":
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 2 {
			t.Errorf("%d creates succeeded, want one congress and one disclosure", ok)
		}
		if _, total, _ := s.ListCongresses(ctx, sys, store.CongressFilter{UnitID: u.ID, Active: true}); total != 1 {
			t.Errorf("%d active congresses", total)
		}
		if _, total, _ := s.ListDisclosures(ctx, sys, store.DisclosureFilter{UnitID: u.ID, Active: true}); total != 1 {
			t.Errorf("%d active disclosures", total)
		}
	})
}
