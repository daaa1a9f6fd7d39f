package store_test

import (
	"errors"
	"slices"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func line(t *testing.T, sh store.CensusSheet, key string) store.CensusLine {
	t.Helper()
	for _, l := range sh.Lines {
		if l.Key == key {
			return l
		}
	}
	t.Fatalf("no line %s", key)
	return store.CensusLine{}
}

func confirmed(r gonghui.CensusReturn, key string) int64 { return r.Confirmed()[key] }

func TestCensusWorkflowScopeAndAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		mustUnit(t, s, f.g1.ID, 1)
		joined := gonghui.NewDate(2016, 5, 1)
		mustMember(t, s, gonghui.MemberInput{Name: "甲", IDNumber: storetest.CitizenID("110105", "19900101", 11), OrgID: f.g1.ID, JoinedOn: joined})
		mustMember(t, s, gonghui.MemberInput{Name: "乙", IDNumber: storetest.CitizenID("110105", "19900101", 13), OrgID: f.g1.ID, JoinedOn: joined})
		// Joins after the period: not in the 2017 figures.
		mustMember(t, s, gonghui.MemberInput{Name: "丙", IDNumber: storetest.CitizenID("110105", "19900101", 15), OrgID: f.g1.ID, JoinedOn: gonghui.NewDate(2017, 10, 8)})
		g1Cadre, streetCadre := actor(f.g1, gonghui.RoleCadre), actor(f.street, gonghui.RoleCadre)
		hdAdmin := actor(f.haidian, gonghui.RoleAdmin)

		if _, err := s.OpenCensus(ctx, actor(f.g1, gonghui.RoleViewer), f.g1.ID, 2017); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a viewer opened a return: %v", err)
		}
		if _, err := s.OpenCensus(ctx, g1Cadre, f.street.ID, 2017); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("opened the street's return from below: %v", err)
		}
		if _, err := s.OpenCensus(ctx, g1Cadre, f.g1.ID, 2030); fieldOf(err) != "year" {
			t.Errorf("a future year: %v", err)
		}
		r, err := s.OpenCensus(ctx, g1Cadre, f.g1.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != gonghui.CensusDraft || r.AsOf != gonghui.NewDate(2017, 9, 30) || confirmed(r, "members_total") != 2 ||
			confirmed(r, "orgs_total") != 1 || confirmed(r, "units_covered") != 1 {
			t.Fatalf("opened: %+v", r)
		}
		if again, err := s.OpenCensus(ctx, g1Cadre, f.g1.ID, 2017); err != nil || again.ID != r.ID {
			t.Errorf("reopen: %+v %v", again, err)
		}

		// Another district neither sees nor reviews it.
		if _, err := s.GetCensus(ctx, hdAdmin, r.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian reads chaoyang's return: %v", err)
		}
		if list, _, _ := s.ListCensus(ctx, hdAdmin, store.CensusFilter{Year: 2017}); len(list) != 0 {
			t.Errorf("haidian lists %v", list)
		}

		// The union adjusts a figure: only with a reason.
		adj := gonghui.CensusInput{Figures: []gonghui.CensusFigureInput{{Key: "members_total", Value: 5}}}
		if _, err := s.StepCensus(ctx, g1Cadre, r.ID, gonghui.CensusSave, adj); fieldOf(err) != "figures.members_total" {
			t.Errorf("adjustment without a reason: %v", err)
		}
		adj.Figures[0].Reason = "3名会员尚未实名采集"
		if r, err = s.StepCensus(ctx, g1Cadre, r.ID, gonghui.CensusSave, adj); err != nil || confirmed(r, "members_total") != 5 {
			t.Fatalf("save: %+v %v", r, err)
		}
		if r, err = s.StepCensus(ctx, g1Cadre, r.ID, gonghui.CensusSubmit, gonghui.CensusInput{}); err != nil ||
			r.State != gonghui.CensusSubmitted || r.SubmittedBy != "tester" || confirmed(r, "members_total") != 5 {
			t.Fatalf("submit: %+v %v", r, err)
		}

		// A grassroots cadre cannot approve its own return; another district cannot either.
		if _, err := s.StepCensus(ctx, g1Cadre, r.ID, gonghui.CensusApprove, gonghui.CensusInput{}); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("self-approval: %v", err)
		}
		if _, err := s.StepCensus(ctx, hdAdmin, r.ID, gonghui.CensusApprove, gonghui.CensusInput{}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian approves: %v", err)
		}
		if _, err := s.StepCensus(ctx, actor(f.street, gonghui.RoleViewer), r.ID, gonghui.CensusApprove, gonghui.CensusInput{}); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a viewer approves: %v", err)
		}

		// The level above corrects, with a reason only, then returns it.
		corr := gonghui.CensusInput{Figures: []gonghui.CensusFigureInput{{Key: "members_total", Value: 4}}}
		if _, err := s.StepCensus(ctx, streetCadre, r.ID, gonghui.CensusCorrect, corr); fieldOf(err) != "figures.members_total" {
			t.Errorf("correction without a reason: %v", err)
		}
		corr.Figures[0].Reason = "核对花名册，1人已调离"
		if r, err = s.StepCensus(ctx, streetCadre, r.ID, gonghui.CensusCorrect, corr); err != nil || confirmed(r, "members_total") != 4 || r.State != gonghui.CensusSubmitted {
			t.Fatalf("correct: %+v %v", r, err)
		}
		if _, err := s.StepCensus(ctx, streetCadre, r.ID, gonghui.CensusSendBack, gonghui.CensusInput{}); fieldOf(err) != "reason" {
			t.Errorf("return without a reason: %v", err)
		}
		if r, err = s.StepCensus(ctx, streetCadre, r.ID, gonghui.CensusSendBack, gonghui.CensusInput{Reason: "请补充单位数"}); err != nil ||
			r.State != gonghui.CensusDraft || r.ReturnReason != "请补充单位数" {
			t.Fatalf("return: %+v %v", r, err)
		}
		if r, err = s.StepCensus(ctx, g1Cadre, r.ID, gonghui.CensusSubmit, gonghui.CensusInput{}); err != nil || r.ReturnReason != "" || confirmed(r, "members_total") != 4 {
			t.Fatalf("resubmit: %+v %v", r, err)
		}
		if r, err = s.StepCensus(ctx, streetCadre, r.ID, gonghui.CensusApprove, gonghui.CensusInput{}); err != nil || r.State != gonghui.CensusApproved || r.ReviewedBy != "tester" {
			t.Fatalf("approve: %+v %v", r, err)
		}
		if _, err := s.StepCensus(ctx, streetCadre, r.ID, gonghui.CensusApprove, gonghui.CensusInput{}); fieldOf(err) != "state" {
			t.Errorf("approved twice: %v", err)
		}

		// History keeps the correction with its reason; audit has every step.
		hist, err := s.CensusHistory(ctx, g1Cadre, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range hist {
			actions = append(actions, e.Action)
			if e.Action == "correct" && (e.Figure != "members_total" || *e.OldValue != 5 || *e.NewValue != 4 || e.Reason != corr.Figures[0].Reason) {
				t.Errorf("correction history: %+v", e)
			}
		}
		want := []string{"open", "refresh", "adjust", "save", "submit", "correct", "return", "submit", "approve"}
		if !slices.Equal(actions, want) {
			t.Errorf("history %v, want %v", actions, want)
		}
		events, _, err := s.ListAudit(ctx, actor(f.chaoyang, gonghui.RoleAuditor), gonghui.AuditFilter{RecordType: "census_return", RecordID: r.ID})
		if err != nil {
			t.Fatal(err)
		}
		var audited []string
		for _, e := range events {
			audited = append([]string{e.Action}, audited...)
		}
		if !slices.Equal(audited, []string{"census.open", "census.refresh", "census.save", "census.submit", "census.correct", "census.return", "census.submit", "census.approve"}) {
			t.Errorf("audit %v", audited)
		}
	})
}

func TestCensusRollUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		joined := gonghui.NewDate(2016, 5, 1)
		for i, org := range []gonghui.Org{f.g1, f.g1, f.joint} {
			mustMember(t, s, gonghui.MemberInput{Name: "甲", IDNumber: storetest.CitizenID("110105", "19900101", 11+2*i), OrgID: org.ID, JoinedOn: joined})
		}
		streetCadre, cyCadre := actor(f.street, gonghui.RoleCadre), actor(f.chaoyang, gonghui.RoleCadre)
		submit := func(org gonghui.Org, figs ...gonghui.CensusFigureInput) gonghui.CensusReturn {
			t.Helper()
			a := actor(org, gonghui.RoleCadre)
			r, err := s.OpenCensus(ctx, a, org.ID, 2017)
			if err == nil {
				r, err = s.StepCensus(ctx, a, r.ID, gonghui.CensusSubmit, gonghui.CensusInput{Figures: figs})
			}
			if err != nil {
				t.Fatalf("submit %s: %v", org.Name, err)
			}
			return r
		}
		g1 := submit(f.g1, gonghui.CensusFigureInput{Key: "members_total", Value: 4, Reason: "含2名未实名会员"})
		joint := submit(f.joint)
		if _, err := s.StepCensus(ctx, streetCadre, g1.ID, gonghui.CensusApprove, gonghui.CensusInput{}); err != nil {
			t.Fatal(err)
		}

		sh, err := s.CensusSheet(ctx, streetCadre, f.street.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		if sh.Complete || sh.Progress != (store.CensusProgress{Children: 2, Submitted: 1, Approved: 1}) || sh.Return != nil {
			t.Errorf("street before the joint union's approval: %+v", sh.Progress)
		}
		// Own level (1 org, no members) + g1's approved figures; the joint union is still out.
		if l := line(t, sh, "members_total"); l.Computed != 3 || l.RolledUp != 4 || l.Confirmed != nil || l.RolledUpDiff != 1 {
			t.Errorf("members_total before: %+v", l)
		}
		if l := line(t, sh, "orgs_total"); l.RolledUp != 2 {
			t.Errorf("orgs_total before: %+v", l)
		}

		// The district approves the joint union's return: the level above need not be the parent.
		if _, err := s.StepCensus(ctx, cyCadre, joint.ID, gonghui.CensusApprove, gonghui.CensusInput{}); err != nil {
			t.Fatal(err)
		}
		sh, err = s.CensusSheet(ctx, streetCadre, f.street.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		if !sh.Complete || sh.Progress.Approved != 2 {
			t.Errorf("street after: %+v", sh.Progress)
		}
		// Rolled up: 3 orgs, 3 real-name records, 4 + 1 members; the rate from the summed parts.
		for key, want := range map[string][2]float64{"orgs_total": {3, 3}, "members_realname": {3, 3}, "members_total": {3, 5}, "realname_rate": {100, 60}} {
			if l := line(t, sh, key); l.Computed != want[0] || l.RolledUp != want[1] {
				t.Errorf("%s: computed %v rolled up %v, want %v", key, l.Computed, l.RolledUp, want)
			}
		}
		if l := line(t, sh, "realname_rate"); !l.Rate || l.RolledUpDiff != -40 {
			t.Errorf("realname_rate line: %+v", l)
		}

		// The street opens its own return: confirmed defaults to computed, beside the roll-up.
		if _, err := s.OpenCensus(ctx, streetCadre, f.street.ID, 2017); err != nil {
			t.Fatal(err)
		}
		sh, _ = s.CensusSheet(ctx, streetCadre, f.street.ID, 2017)
		if l := line(t, sh, "members_total"); sh.Return == nil || l.Confirmed == nil || *l.Confirmed != 3 || *l.ConfirmedDiff != 0 || l.RolledUpDiff != 2 {
			t.Errorf("street's own return: %+v", l)
		}

		// Chaoyang: its street has not submitted; nothing from it rolls up.
		cy, err := s.CensusSheet(ctx, cyCadre, f.chaoyang.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		if cy.Complete || cy.Progress != (store.CensusProgress{Children: 1, Draft: 1}) || !cy.Children[0].Pending() {
			t.Errorf("chaoyang progress %+v", cy.Progress)
		}
		if l := line(t, cy, "orgs_total"); l.Computed != 4 || l.RolledUp != 1 {
			t.Errorf("chaoyang orgs_total: %+v", l)
		}
		list, total, err := s.ListCensus(ctx, cyCadre, store.CensusFilter{Year: 2017, State: gonghui.CensusApproved})
		if err != nil || total != 2 || list[0].OrgID != f.g1.ID {
			t.Errorf("approved returns: %d %+v %v", total, list, err)
		}
		if _, err := s.CensusSheet(ctx, actor(f.haidian, gonghui.RoleAdmin), f.street.ID, 2017); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian reads the street's sheet: %v", err)
		}
	})
}
