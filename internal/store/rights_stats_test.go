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

// The rest of rights casework on past dates: letters of suggestion and of
// opinion answered, in time and late; legal aid refused; the arbitration
// limitation met and run out; a case handed between partners; callbacks
// not reached, then reached, across the turn of a year.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "rights letters answered, aid refused, limitation, hand-offs and callbacks", run: func(t *testing.T, s *store.Store, f fixture) {
		d := gonghui.NewDate
		act := func(k gonghui.RightsCase, st gonghui.RightsStepInput) gonghui.RightsCase {
			t.Helper()
			st.Version = k.Version
			return mustAct(t, s, sys, k.ID, st)
		}
		reached := func(k gonghui.RightsCase, on gonghui.Date, satisfaction string) {
			t.Helper()
			mustCallback(t, s, k.ID, gonghui.RightsCallbackInput{On: on, Reached: true, Satisfaction: satisfaction})
		}
		// Supervision: the labour department accepts the suggestion in
		// time, the employer answers the opinion late.
		sup := mustCase(t, s, gonghui.RightsCaseInput{OrgID: f.g1.ID, Kind: gonghui.CaseSupervision, ReceivedOn: d(2017, 6, 1),
			EmployerName: "某制造有限公司", Summary: "超时加班"})
		sup = act(sup, gonghui.RightsStepInput{Action: gonghui.RightsActLetter, LetterKind: gonghui.LetterSuggestion, On: d(2017, 6, 5)})
		sup = act(sup, gonghui.RightsStepInput{Action: gonghui.RightsActLetter, LetterKind: gonghui.LetterOpinion, On: d(2017, 6, 5)})
		for _, l := range sup.Letters {
			answered := d(2017, 6, 9)
			if l.Kind == gonghui.LetterOpinion {
				answered = d(2017, 7, 20)
			}
			sup = act(sup, gonghui.RightsStepInput{Action: gonghui.RightsActAnswer, LetterID: l.ID, On: answered})
		}
		sup = act(sup, gonghui.RightsStepInput{Action: gonghui.RightsActClose, Outcome: gonghui.OutcomeClosed, On: d(2017, 8, 1)})
		mustCallback(t, s, sup.ID, gonghui.RightsCallbackInput{On: d(2017, 8, 5), Note: "无人接听"})
		reached(sup, d(2017, 8, 7), gonghui.SatisfactionDissatisfied)

		// Legal aid refused: the claim is of no class legal aid takes.
		in := rightsCaseIn(f.street, gonghui.CaseLegalAid, 1, d(2017, 8, 1))
		in.Claims[0].Kind = gonghui.ClaimOther
		aid := act(mustCase(t, s, in), gonghui.RightsStepInput{Action: gonghui.RightsActRefuse, On: d(2017, 8, 3), Note: "不属于法律援助范围"})
		reached(aid, d(2017, 8, 10), gonghui.SatisfactionSatisfied)

		// Wages: the limitation runs from the day after the job ended and
		// is met by the close; overtime: it runs from the day the worker
		// knew and runs out while the case stays open.
		in = rightsCaseIn(f.g1, gonghui.CaseMediation, 2, d(2017, 1, 5))
		in.JobEndedOn = d(2016, 12, 20)
		wages := act(mustCase(t, s, in), gonghui.RightsStepInput{Action: gonghui.RightsActAccept, On: d(2017, 1, 6)})
		wages = act(wages, gonghui.RightsStepInput{Action: gonghui.RightsActClose, Outcome: gonghui.OutcomeSettled, On: d(2017, 9, 1), RecoveredFen: 800_000})
		reached(wages, d(2017, 9, 30), gonghui.SatisfactionFair)
		in = rightsCaseIn(f.g1, gonghui.CaseMediation, 1, d(2017, 3, 1))
		in.KnownOn, in.Claims[0].Kind = d(2016, 3, 15), "overtime"
		act(mustCase(t, s, in), gonghui.RightsStepInput{Action: gonghui.RightsActAccept, On: d(2017, 3, 2)})

		// Assigned to a partner, handed on to another and acknowledged, and
		// closed by the union as referred to arbitration in late December:
		// its callback falls on the first day of the next year.
		p1 := mustPartner(t, s, f.chaoyang, "朝阳区职工法律援助站", gonghui.PartyJustice, true)
		p2 := mustPartner(t, s, f.root, "北京市劳动人事争议仲裁委员会", gonghui.PartyHRSS, true)
		a1, _ := partnerActor(t, s, p1, "stats-lawyer", gonghui.RolePartner)
		a2, _ := partnerActor(t, s, p2, "stats-arbiter", gonghui.RolePartner)
		med := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 3, d(2017, 5, 2)))
		med = act(med, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, On: d(2017, 5, 3)})
		med, err := s.AssignRightsCase(ctx, sys, med.ID, gonghui.RightsAssignInput{PartnerID: p1.ID, Version: med.Version})
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.SendRightsHandoff(ctx, a1, med.ID, gonghui.RightsHandoffInput{ToPartnerID: p2.ID, Note: "申请仲裁", Version: med.Version})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AnswerRightsHandoff(ctx, a2, h.ID, gonghui.RightsHandoffAnswer{Accept: true, Version: med.Version + 1}); err != nil {
			t.Fatal(err)
		}
		if med, err = s.GetRightsCase(ctx, sys, med.ID, false); err != nil {
			t.Fatal(err)
		}
		med = act(med, gonghui.RightsStepInput{Action: gonghui.RightsActClose, Outcome: gonghui.OutcomeArbitration, On: d(2017, 12, 28)})
		reached(med, d(2018, 1, 1), gonghui.SatisfactionSatisfied)
	}})
}
