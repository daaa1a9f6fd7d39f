package gonghui

import (
	"strings"
	"testing"
)

func TestLegalAidEligibility(t *testing.T) {
	wages, injury, overtime, other := RightsClaim{Kind: ClaimWages}, RightsClaim{Kind: ClaimWorkInjury}, RightsClaim{Kind: "overtime"}, RightsClaim{Kind: ClaimOther}
	poor, migrant, plain := RightsParty{HardshipLevel: HardshipDeep}, RightsParty{Migrant: true}, RightsParty{}
	cases := []struct {
		name                    string
		parties                 []RightsParty
		claims                  []RightsClaim
		kinds, hardship, exempt bool
	}{
		{"a worker on a hardship file claiming overtime", []RightsParty{poor}, []RightsClaim{overtime}, true, true, false},
		{"no hardship file: not eligible", []RightsParty{plain}, []RightsClaim{overtime}, true, false, false},
		{"a file approved at no level is no hardship", []RightsParty{{HardshipLevel: HardshipNone}}, []RightsClaim{wages}, true, false, false},
		{"a migrant worker's wages are exempt", []RightsParty{migrant}, []RightsClaim{wages}, true, false, true},
		{"a migrant worker's injury claim is exempt", []RightsParty{migrant}, []RightsClaim{injury, wages}, true, false, true},
		{"a migrant worker's overtime is not", []RightsParty{migrant}, []RightsClaim{wages, overtime}, true, false, false},
		{"a group: the migrants exempt, the others on file", []RightsParty{migrant, poor}, []RightsClaim{wages}, true, false, true},
		{"a group with one worker neither", []RightsParty{migrant, plain}, []RightsClaim{wages}, true, false, false},
		{"a claim of no class legal aid takes", []RightsParty{poor}, []RightsClaim{other}, false, true, false},
		{"no claim", []RightsParty{poor}, nil, false, true, false},
		{"no party", nil, []RightsClaim{wages}, true, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := LegalAidEligibility(c.parties, c.claims)
			got := [3]bool{e.Criteria[0].Met, e.Criteria[1].Met, e.Criteria[1].Exempt}
			if want := [3]bool{c.kinds, c.hardship, c.exempt}; got != want {
				t.Errorf("criteria %+v, want kinds/hardship/exempt %v", e.Criteria, want)
			}
			if want := c.kinds && (c.hardship || c.exempt); e.Eligible != want {
				t.Errorf("eligible %v, want %v", e.Eligible, want)
			}
		})
	}
}

func TestCaseDeadlines(t *testing.T) {
	cal, d := testCalendar(), NewDate
	rules := ClockRulesOf(nil)
	type clock struct {
		kind string
		due  Date
	}
	cases := []struct {
		name string
		c    RightsCase
		want []clock
	}{
		{"mediation received before the Spring Festival",
			RightsCase{Kind: CaseMediation, ReceivedOn: d(2017, 1, 25), KnownOn: d(2016, 10, 1), Claims: []RightsClaim{{Kind: "overtime"}}},
			[]clock{{ClockMediationAccept, d(2017, 2, 4)}, {ClockMediationTerm, d(2017, 2, 9)}, {ClockLimitation, d(2017, 10, 9)}}},
		{"mediation term ending on a Saturday",
			RightsCase{Kind: CaseMediation, ReceivedOn: d(2017, 3, 3), Claims: []RightsClaim{{Kind: "overtime"}}},
			[]clock{{ClockMediationAccept, d(2017, 3, 8)}, {ClockMediationTerm, d(2017, 3, 20)}}},
		{"wage arrears run from the job's end, not from knowing",
			RightsCase{Kind: CaseLegalAid, ReceivedOn: d(2017, 3, 1), KnownOn: d(2016, 1, 10), JobEndedOn: d(2016, 3, 31), Claims: []RightsClaim{{Kind: ClaimWages}}},
			[]clock{{ClockLimitation, d(2017, 3, 31)}}},
		{"wage arrears while the job lasts: no limitation",
			RightsCase{Kind: CaseLegalAid, ReceivedOn: d(2017, 3, 1), KnownOn: d(2016, 1, 10), Claims: []RightsClaim{{Kind: ClaimWages}}},
			nil},
		{"the earliest claim's limitation",
			RightsCase{Kind: CaseLegalAid, ReceivedOn: d(2017, 3, 1), KnownOn: d(2016, 6, 1), JobEndedOn: d(2016, 3, 31), Claims: []RightsClaim{{Kind: ClaimWages}, {Kind: "compensation"}}},
			[]clock{{ClockLimitation, d(2017, 3, 31)}}},
		{"supervision letters: opinion 15 and suggestion 5 working days, prompt none",
			RightsCase{Kind: CaseSupervision, ReceivedOn: d(2017, 9, 1), Letters: []RightsLetter{
				{ID: 1, Kind: LetterPrompt, SentOn: d(2017, 9, 4)}, {ID: 2, Kind: LetterOpinion, SentOn: d(2017, 9, 29)}, {ID: 3, Kind: LetterSuggestion, SentOn: d(2017, 9, 28)}}},
			[]clock{{ClockLetterAnswer, d(2017, 10, 26)}, {ClockLetterAccept, d(2017, 10, 11)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CaseDeadlines(c.c, rules, cal)
			if len(got) != len(c.want) {
				t.Fatalf("%d clocks %+v, want %d", len(got), got, len(c.want))
			}
			for i, w := range c.want {
				if got[i].Kind != w.kind || got[i].Due != w.due {
					t.Errorf("clock %d: %s due %s, want %s due %s", i, got[i].Kind, got[i].Due, w.kind, w.due)
				}
			}
		})
	}

	t.Run("met, late and overdue at the boundary", func(t *testing.T) {
		c := RightsCase{Kind: CaseMediation, ReceivedOn: d(2017, 3, 3), Claims: []RightsClaim{{Kind: "overtime"}}}
		accept := CaseDeadlines(c, rules, cal)[0] // due 2017-03-08
		if accept.Overdue(d(2017, 3, 8)) || !accept.Overdue(d(2017, 3, 9)) {
			t.Errorf("overdue on the last day or not the day after: %+v", accept)
		}
		c.AcceptedOn = d(2017, 3, 8)
		if dl := CaseDeadlines(c, rules, cal)[0]; dl.Overdue(d(2017, 4, 1)) || dl.Late() {
			t.Errorf("accepted on the last day: %+v", dl)
		}
		c.AcceptedOn = d(2017, 3, 9)
		if dl := CaseDeadlines(c, rules, cal)[0]; !dl.Late() {
			t.Errorf("accepted the day after is not late: %+v", dl)
		}
	})

	t.Run("a jurisdiction's own rule replaces the default", func(t *testing.T) {
		own := ClockRulesOf([]ClockRule{{Kind: ClockMediationTerm, N: 60, Unit: ClockDays}})
		c := RightsCase{Kind: CaseMediation, ReceivedOn: d(2017, 3, 1), Claims: []RightsClaim{{Kind: "overtime"}}}
		if got := CaseDeadlines(c, own, cal)[1].Due; got != d(2017, 4, 30).AddDays(1) {
			t.Errorf("60 days: %s", got)
		}
	})
}

func TestRightsCaseValidate(t *testing.T) {
	parties := func(n, reps int) []RightsPartyInput {
		out := make([]RightsPartyInput, n)
		for i := range out {
			out[i] = RightsPartyInput{Name: "职工", Representative: i < reps}
		}
		return out
	}
	base := func(p []RightsPartyInput) RightsCaseInput {
		return RightsCaseInput{OrgID: 1, Kind: "劳动争议调解", ReceivedOn: NewDate(2017, 3, 1), EmployerName: "某公司", Summary: "欠薪",
			Parties: p, Claims: []RightsClaim{{Kind: "拖欠劳动报酬", AmountFen: 100}}}
	}
	cases := []struct {
		name  string
		in    RightsCaseInput
		field string
	}{
		{"one worker", base(parties(1, 0)), ""},
		{"nine workers need no representatives", base(parties(9, 0)), ""},
		{"ten workers with two representatives", base(parties(10, 2)), "parties"},
		{"ten workers with three", base(parties(10, 3)), ""},
		{"twelve workers with five", base(parties(12, 5)), ""},
		{"twelve workers with six", base(parties(12, 6)), "parties"},
		{"no worker", base(nil), "parties"},
		{"a party without a name", base([]RightsPartyInput{{}}), "parties.0.name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			in.Normalize()
			v := &ValidationError{}
			in.Validate(v)
			if in.Kind != CaseMediation || in.Claims[0].Kind != ClaimWages {
				t.Errorf("names not turned into keys: %s %s", in.Kind, in.Claims[0].Kind)
			}
			if _, ok := v.Fields[c.field]; c.field != "" && !ok || c.field == "" && len(v.Fields) > 0 {
				t.Errorf("errors %v, want %q", v.Fields, c.field)
			}
		})
	}
}

func TestRightsStepValidate(t *testing.T) {
	d := NewDate
	aid := RightsCase{Kind: CaseLegalAid, State: CaseOpen, ReceivedOn: d(2017, 3, 1), Eligibility: &LegalAidTest{}}
	sup := RightsCase{Kind: CaseSupervision, State: CaseOpen, ReceivedOn: d(2017, 3, 1), Letters: []RightsLetter{{ID: 7, Kind: LetterPrompt}, {ID: 8, Kind: LetterOpinion}}}
	cases := []struct {
		name  string
		c     RightsCase
		st    RightsStepInput
		field string
	}{
		{"aid not eligible cannot be accepted", aid, RightsStepInput{Version: 1, Action: RightsActAccept}, "action"},
		{"an override needs its reason", aid, RightsStepInput{Version: 1, Action: RightsActOverride}, "note"},
		{"an override with its reason", aid, RightsStepInput{Version: 1, Action: RightsActOverride, Note: "家中突发重病"}, ""},
		{"aid refused needs its reason", aid, RightsStepInput{Version: 1, Action: RightsActClose, Outcome: OutcomeAidRefused}, "note"},
		{"aid refused is legal aid's", sup, RightsStepInput{Version: 1, Action: RightsActClose, Outcome: OutcomeAidRefused, Note: "x"}, "outcome"},
		{"a letter of unknown kind", sup, RightsStepInput{Version: 1, Action: RightsActLetter, LetterKind: "memo"}, "letter_kind"},
		{"a letter by its Chinese name", sup, RightsStepInput{Version: 1, Action: RightsActLetter, LetterKind: "劳动法律监督意见书"}, ""},
		{"a prompt letter is not answered", sup, RightsStepInput{Version: 1, Action: RightsActAnswer, LetterID: 7}, "letter_id"},
		{"an opinion is answered", sup, RightsStepInput{Version: 1, Action: RightsActAnswer, LetterID: 8}, ""},
		{"a day before the case", sup, RightsStepInput{Version: 1, Action: RightsActNote, Note: "x", On: d(2017, 2, 1)}, "on"},
		{"recovered amounts are not negative", sup, RightsStepInput{Version: 1, Action: RightsActClose, Outcome: OutcomeClosed, RecoveredFen: -1}, "recovered_fen"},
		{"a closed case takes no step", RightsCase{State: CaseClosed}, RightsStepInput{Version: 1, Action: RightsActNote, Note: "x"}, "action"},
		{"a step needs the case's version", sup, RightsStepInput{Action: RightsActNote, Note: "x"}, "version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := &ValidationError{}
			c.st.Validate(v, c.c)
			if _, ok := v.Fields[c.field]; c.field != "" && !ok || c.field == "" && len(v.Fields) > 0 {
				t.Errorf("errors %v, want %q", v.Fields, c.field)
			}
		})
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{"张三": "张*", "欧阳娜娜": "欧***", "": "", "A": "A"} {
		if got := MaskName(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// The validators never panic and every error names a field of the input.
func FuzzRightsIntakeValidate(f *testing.F) {
	f.Add("hotline", "request", "legal_aid", "张三", "13800000000", "某公司", "欠薪", 12)
	f.Add("12351热线", "求决", "劳动争议调解", "", "", "", "", 0)
	f.Fuzz(func(t *testing.T, channel, kind, caseKind, name, phone, employer, summary string, n int) {
		in := RightsIntakeInput{OrgID: 1, Channel: channel, Kind: kind, CaseKind: caseKind, ReceivedOn: NewDate(2017, 3, 1),
			CallerName: name, CallerPhone: phone, EmployerName: employer, Summary: summary}
		in.Normalize()
		v := &ValidationError{}
		in.Validate(v)
		c := in.CaseInput()
		for i := 0; i < n%15; i++ {
			c.Parties = append(c.Parties, RightsPartyInput{Name: name, Representative: i%3 == 0})
		}
		c.Normalize()
		c.Validate(v)
		for field := range v.Fields {
			if field == "" || strings.ContainsAny(field, " \n") {
				t.Fatalf("field %q", field)
			}
		}
	})
}
