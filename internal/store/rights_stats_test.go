package store_test

import (
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "rights casework", run: func(t *testing.T, s *store.Store, f fixture) {
		d := gonghui.NewDate
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀维权工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		for _, in := range []gonghui.RightsIntakeInput{
			{OrgID: f.g1.ID, Channel: "hotline", Kind: gonghui.IntakeConsultation, ReceivedOn: d(2017, 3, 1), Summary: "咨询加班费"},
			{OrgID: hd.ID, Channel: "walk_in", Kind: gonghui.IntakeSuggestion, ReceivedOn: d(2017, 12, 31), Summary: "建议"},
			{OrgID: f.street.ID, Channel: "hotline", Kind: gonghui.IntakeRequest, ReceivedOn: d(2026, 11, 20), CallerName: "赵建国", EmployerName: "某餐饮公司",
				Summary: "拖欠工资", CaseKind: gonghui.CaseMediation, Claims: []gonghui.RightsClaim{{Kind: gonghui.ClaimWages, AmountFen: 300_000}}},
		} {
			if _, err := s.CreateRightsIntake(ctx, sys, in); err != nil {
				t.Fatal(err)
			}
		}
		// Legal aid granted in 2017 and closed on the first day of 2018: the
		// year's figures hold it on each side of the new year.
		aid := mustCase(t, s, rightsCaseIn(hd, gonghui.CaseLegalAid, 2, d(2017, 5, 2)))
		aid = mustAct(t, s, sys, aid.ID, gonghui.RightsStepInput{Action: gonghui.RightsActOverride, On: d(2017, 5, 3), Note: "特批", Version: aid.Version})
		aid = mustAct(t, s, sys, aid.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, On: d(2017, 5, 3), Version: aid.Version})
		mustAct(t, s, sys, aid.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, On: d(2018, 1, 1), Outcome: gonghui.OutcomeSettled,
			RecoveredFen: 1_150_000, Version: aid.Version})
		// A group mediation moved to another union, accepted and referred.
		med := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 12, d(2026, 11, 2)))
		in := rightsCaseIn(mustOrg(t, s, gonghui.OrgInput{Name: "建外维权工会", Kind: gonghui.KindGrassroots, ParentID: f.street.ID}), gonghui.CaseMediation, 12, d(2026, 11, 2))
		in.Version = med.Version
		med, err := s.UpdateRightsCase(ctx, sys, med.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		// Accepted on the fourth working day: late, until a holiday is
		// declared in between, which the clocks' figures follow.
		med = mustAct(t, s, sys, med.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, On: d(2026, 11, 6), Version: med.Version})
		mustAct(t, s, sys, med.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, On: d(2026, 11, 20), Outcome: gonghui.OutcomeArbitration, Version: med.Version})
		before, err := s.ComputeStats(ctx, sys, f.root.ID, d(2026, 11, 24))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveCalendarDay(ctx, actor(f.root, gonghui.RoleAdmin), gonghui.CalendarDay{On: d(2026, 11, 4), Kind: gonghui.DayHoliday, Name: "测试"}); err != nil {
			t.Fatal(err)
		}
		after, err := s.ComputeStats(ctx, sys, f.root.ID, d(2026, 11, 24))
		if err != nil {
			t.Fatal(err)
		}
		key := "rights_clocks_" + gonghui.ClockMediationAccept + "_on_time"
		if after.Indicators[key] != before.Indicators[key]+1 {
			t.Errorf("%s: %v before the holiday, %v after", key, before.Indicators[key], after.Indicators[key])
		}
		// A supervision case's letters.
		sup := mustCase(t, s, gonghui.RightsCaseInput{OrgID: f.street.ID, Kind: gonghui.CaseSupervision, ReceivedOn: d(2026, 11, 5),
			EmployerName: "某物流公司", Summary: "未签劳动合同"})
		for _, kind := range []string{gonghui.LetterPrompt, gonghui.LetterOpinion} {
			sup = mustAct(t, s, sys, sup.ID, gonghui.RightsStepInput{Action: gonghui.RightsActLetter, LetterKind: kind, On: d(2026, 11, 6), Version: sup.Version})
		}
		mustAct(t, s, sys, sup.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, On: d(2026, 11, 24), Outcome: gonghui.OutcomeClosed,
			RecoveredFen: 20_000, Version: sup.Version})
	}})
}

// TestRightsFigures holds a few of the year's figures to what the cases
// say, beside the shared recount.
func TestRightsFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		k := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 3, d(2026, 11, 2)))
		k = mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, On: d(2026, 11, 3), Version: k.Version})
		mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, On: d(2026, 11, 20), Outcome: gonghui.OutcomeSettled,
			RecoveredFen: 1_200_000, Version: k.Version})
		for _, on := range []gonghui.Date{d(2026, 11, 24), d(2027, 1, 1)} {
			st, err := s.ComputeStats(ctx, sys, f.chaoyang.ID, on)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]float64{"rights_accepted_mediation": 1, "rights_closed_mediation": 1, "rights_mediation_settled": 1,
				"rights_recovered_fen": 1_200_000, "rights_workers": 3}
			for key, n := range want {
				if on.Before(d(2027, 1, 1)) && st.Indicators[key] != n || !on.Before(d(2027, 1, 1)) && st.Indicators[key] != 0 {
					t.Errorf("%s on %s: %v", key, on, st.Indicators[key])
				}
			}
		}
	})
}
