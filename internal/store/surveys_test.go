package store_test

import (
	"errors"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// needsSurvey is a survey of org, open around the tests' today.
func needsSurvey(org gonghui.Org, anonymous bool) gonghui.SurveyInput {
	return gonghui.SurveyInput{OrgID: org.ID, Title: "2026年职工需求调查", Anonymous: anonymous, OpensOn: gonghui.NewDate(2026, 11, 1), ClosesOn: gonghui.NewDate(2026, 12, 31),
		Questions: []gonghui.SurveyQuestion{
			{Kind: gonghui.QuestionSingle, Text: "您最需要的服务", Options: []string{"法律咨询", "技能培训", "心理疏导"}, Required: true},
			{Kind: gonghui.QuestionMultiple, Text: "您去过的阵地", Options: []string{"职工之家", "暖心驿站"}},
			{Kind: gonghui.QuestionScale, Text: "对工会服务的满意度", ScaleMax: 5, Required: true},
			{Kind: gonghui.QuestionText, Text: "其他建议"},
		}}
}

func openSurvey(t *testing.T, s *store.Store, a gonghui.Actor, in gonghui.SurveyInput) gonghui.Survey {
	t.Helper()
	sv, err := s.CreateSurvey(ctx, a, in)
	if err != nil {
		t.Fatal(err)
	}
	if sv, err = s.OpenSurvey(ctx, a, sv.ID, sv.Version); err != nil {
		t.Fatal(err)
	}
	return sv
}

// answers is a response choosing option choice, scale point and text.
func answers(who gonghui.PersonRef, choice, point int, text string) gonghui.SurveyResponseInput {
	in := gonghui.SurveyResponseInput{Respondent: who, Answers: []gonghui.SurveyAnswer{{Question: 0, Options: []int{choice}}, {Question: 2, Scale: point}}}
	if text != "" {
		in.Answers = append(in.Answers, gonghui.SurveyAnswer{Question: 3, Text: text})
	}
	return in
}

func TestSurveys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		district := actor(f.chaoyang, gonghui.RoleCadre)
		street := actor(f.street, gonghui.RoleCadre)
		haidian := actor(f.haidian, gonghui.RoleCadre)

		// The draft: refused whole, then kept; a Haidian cadre neither reads
		// nor changes it; once sent its questions are fixed.
		bad := needsSurvey(f.chaoyang, false)
		bad.Questions = append(bad.Questions, gonghui.SurveyQuestion{Kind: gonghui.QuestionSingle, Text: "只有一个选项", Options: []string{"是"}})
		bad.ClosesOn = gonghui.NewDate(2026, 10, 1)
		var refused *gonghui.ValidationError
		if _, err := s.CreateSurvey(ctx, district, bad); !errors.As(err, &refused) || len(refused.Fields) != 2 || refused.Fields["closes_on"].Zh == "" ||
			refused.Fields["questions.4.options"].Zh == "" {
			t.Errorf("a bad draft: %v", err)
		}
		if _, err := s.CreateSurvey(ctx, street, needsSurvey(f.chaoyang, false)); err == nil {
			t.Error("a street cadre sent a survey for the district")
		}
		sv, err := s.CreateSurvey(ctx, district, needsSurvey(f.chaoyang, false))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetSurvey(ctx, haidian, sv.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian reads Chaoyang's survey: %v", err)
		}
		if _, err := s.GetSurvey(ctx, street, sv.ID); err != nil {
			t.Errorf("the street does not read its district's survey: %v", err)
		}
		if _, err := s.UpdateSurvey(ctx, street, sv.ID, sv.ToInput()); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("the street edits its district's survey: %v", err)
		}
		in := sv.ToInput()
		in.Intro = "请如实填写"
		if sv, err = s.UpdateSurvey(ctx, district, sv.ID, in); err != nil || sv.Intro != "请如实填写" || sv.Version != 2 {
			t.Fatalf("edit the draft: %+v %v", sv, err)
		}
		who := gonghui.PersonRef{IDNumber: storetest.CitizenID("110105", "19800101", 1)}
		m := mustMember(t, s, memberIn(f.g1, "答卷人", who.IDNumber))
		if err := s.RecordSurveyResponse(ctx, district, sv.ID, answers(who, 0, 5, "")); fieldOf(err) != "state" {
			t.Errorf("an answer to a draft: %v", err)
		}
		if sv, err = s.OpenSurvey(ctx, district, sv.ID, sv.Version); err != nil || sv.State != gonghui.SurveyOpen {
			t.Fatalf("open: %+v %v", sv, err)
		}
		if _, err := s.UpdateSurvey(ctx, district, sv.ID, sv.ToInput()); fieldOf(err) != "state" {
			t.Errorf("an edit of a sent survey: %v", err)
		}

		// Answers: checked against the questions, once per member, only by
		// members of the survey's subtree.
		for _, tc := range []struct {
			in    gonghui.SurveyResponseInput
			field string
		}{
			{gonghui.SurveyResponseInput{Respondent: who, Answers: []gonghui.SurveyAnswer{{Question: 2, Scale: 3}}}, "questions.0"},
			{answers(who, 7, 3, ""), "questions.0.options"},
			{answers(who, 0, 6, ""), "questions.2.scale"},
			{gonghui.SurveyResponseInput{Respondent: who, Answers: []gonghui.SurveyAnswer{{Question: 0, Options: []int{0, 1}}, {Question: 2, Scale: 3}}}, "questions.0.options"},
			{gonghui.SurveyResponseInput{Answers: answers(who, 0, 3, "").Answers}, "respondent"},
		} {
			if err := s.RecordSurveyResponse(ctx, district, sv.ID, tc.in); fieldOf(err) != tc.field {
				t.Errorf("answers %+v: %v, want %s", tc.in.Answers, err, tc.field)
			}
		}
		if err := s.RecordSurveyResponse(ctx, district, sv.ID, answers(who, 1, 4, "希望多办技能培训")); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordSurveyResponse(ctx, district, sv.ID, answers(who, 1, 4, "")); fieldOf(err) != "respondent" {
			t.Errorf("a second answer: %v", err)
		}
		far := gonghui.PersonRef{IDNumber: storetest.CitizenID("110108", "19800101", 2)}
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀示例工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		mustMember(t, s, memberIn(hd, "海淀会员", far.IDNumber))
		if err := s.RecordSurveyResponse(ctx, actor(f.root, gonghui.RoleCadre), sv.ID, answers(far, 0, 3, "")); fieldOf(err) != "respondent" {
			t.Errorf("a member outside the survey's subtree answered: %v", err)
		}
		var named int64
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`SELECT person_id FROM survey_responses WHERE survey_id = ?`), sv.ID).Scan(&named); err != nil || named != m.PersonID {
			t.Errorf("a named survey's response: %d %v", named, err)
		}

		// The results: counted in the subtree asked, the street's under the
		// district's, nothing for Haidian.
		res, err := s.SurveyResults(ctx, district, sv.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if res.Respondents != 1 || res.Questions[0].Counts[1] != 1 || res.Questions[0].Answered != 1 || res.Questions[1].Answered != 0 ||
			res.Questions[2].Counts[3] != 1 || res.Questions[2].MeanCents != 400 || len(res.Questions[3].Texts) != 1 || res.OrgID != f.chaoyang.ID {
			t.Errorf("results: %+v", res)
		}
		if len(res.Below) != 1 || res.Below[0].OrgID != f.street.ID || res.Below[0].Respondents != 1 || res.Below[0].MeanCents[0] != 400 {
			t.Errorf("below the district: %+v", res.Below)
		}
		if res, err := s.SurveyResults(ctx, street, sv.ID, 0); err != nil || res.OrgID != f.street.ID || res.Respondents != 1 {
			t.Errorf("the street's results: %+v %v", res, err)
		}
		if res, err := s.SurveyResults(ctx, district, sv.ID, f.joint.ID); err != nil || res.Respondents != 0 || res.Questions[0].Counts[1] != 0 {
			t.Errorf("the joint union's results: %+v %v", res, err)
		}
		if _, err := s.SurveyResults(ctx, haidian, sv.ID, 0); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian reads the results: %v", err)
		}
		if sv, err = s.CloseSurvey(ctx, district, sv.ID, sv.Version); err != nil || sv.State != gonghui.SurveyClosed || sv.Responses != 1 {
			t.Fatalf("close: %+v %v", sv, err)
		}
		if err := s.RecordSurveyResponse(ctx, district, sv.ID, answers(gonghui.PersonRef{PersonID: m.PersonID}, 0, 3, "")); fieldOf(err) != "state" {
			t.Errorf("an answer to a closed survey: %v", err)
		}

		// An anonymous survey: no person on its responses, nothing shown of
		// fewer than five, and no union of fewer than five below.
		anon := openSurvey(t, s, district, needsSurvey(f.chaoyang, true))
		for i := range gonghui.SurveyMinGroup {
			ref := gonghui.PersonRef{IDNumber: storetest.CitizenID("110105", "19850101", 10+i)}
			mustMember(t, s, memberIn(f.g1, "匿名答卷人", ref.IDNumber))
			if err := s.RecordSurveyResponse(ctx, district, anon.ID, answers(ref, i%3, 1+i%5, "")); err != nil {
				t.Fatal(err)
			}
			res, err := s.SurveyResults(ctx, district, anon.ID, 0)
			if err != nil || res.Hidden != (i+1 < gonghui.SurveyMinGroup) || res.Respondents != i+1 {
				t.Errorf("after %d anonymous answers: %+v %v", i+1, res, err)
			}
		}
		var people int
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`SELECT count(person_id) FROM survey_responses WHERE survey_id = ?`), anon.ID).Scan(&people); err != nil || people != 0 {
			t.Errorf("anonymous responses name %d people (%v)", people, err)
		}
		events, _, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "survey.answer"})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			if ev.RecordID == anon.ID && ev.Summary != `{"channel":"paper"}` {
				t.Errorf("an anonymous answer's audit: %s", ev.Summary)
			}
		}
		res, err = s.SurveyResults(ctx, district, anon.ID, 0)
		if err != nil || res.Questions[2].MeanCents != 300 || len(res.Below) != 1 {
			t.Errorf("the anonymous results: %+v %v", res, err)
		}
		if res, err := s.SurveyResults(ctx, district, anon.ID, f.joint.ID); err != nil || !res.Hidden || res.Questions[0].Counts != nil {
			t.Errorf("an anonymous survey's small subtree: %+v %v", res, err)
		}
	})
}

func init() {
	lockRules = append(lockRules, lockRule{name: "a member answers a survey once", refused: []string{"respondent"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			sv := openSurvey(t, e.s, sys, needsSurvey(e.f.chaoyang, true))
			m, _ := e.member(t)
			return func(i int) error {
					return e.s.RecordSurveyResponse(ctx, sys, sv.ID, answers(gonghui.PersonRef{PersonID: m.PersonID}, i%3, 1+i%5, ""))
				}, func() int {
					got, err := e.s.GetSurvey(ctx, sys, sv.ID)
					if err != nil {
						return -1
					}
					return got.Responses
				}
		}})
}

// TestSurveysForMembers: a member sees the surveys of their union and the
// unions above it that take answers and they have not answered, answers
// once, and reaches no other.
func TestSurveysForMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		city := openSurvey(t, s, sys, needsSurvey(f.root, true))
		street := openSurvey(t, s, sys, needsSurvey(f.street, false))
		draft, err := s.CreateSurvey(ctx, sys, needsSurvey(f.chaoyang, false))
		if err != nil {
			t.Fatal(err)
		}
		joint := openSurvey(t, s, sys, needsSurvey(f.joint, false)) // a union beside the member's
		m := mustMember(t, s, memberIn(f.g1, "会员", storetest.CitizenID("110105", "19800101", 91)))
		list, err := s.SurveysFor(ctx, m.PersonID)
		if err != nil || len(list) != 2 {
			t.Fatalf("the member's surveys: %+v %v", list, err)
		}
		portal := gonghui.SystemActor("portal")
		if err := s.AnswerSurvey(ctx, portal, m.PersonID, city.ID, answers(gonghui.PersonRef{}, 0, 5, "")); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.SurveysFor(ctx, m.PersonID); len(list) != 1 || list[0].ID != street.ID {
			t.Errorf("after answering: %+v", list)
		}
		if err := s.AnswerSurvey(ctx, portal, m.PersonID, city.ID, answers(gonghui.PersonRef{}, 0, 5, "")); fieldOf(err) != "respondent" {
			t.Errorf("a second answer: %v", err)
		}
		for _, id := range []int64{joint.ID, draft.ID} {
			if _, err := s.SurveyForMember(ctx, m.PersonID, id); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("survey %d read by the member: %v", id, err)
			}
		}
		if err := s.AnswerSurvey(ctx, portal, m.PersonID, joint.ID, answers(gonghui.PersonRef{}, 0, 5, "")); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("an answer to a survey beside the member's union: %v", err)
		}
		if err := s.AnswerSurvey(ctx, portal, m.PersonID, draft.ID, answers(gonghui.PersonRef{}, 0, 5, "")); fieldOf(err) != "state" {
			t.Errorf("an answer to a draft: %v", err)
		}
	})
}
