package gonghui

import (
	"encoding/json"
	"errors"
	"testing"
)

func standard(t *testing.T, code string) Programme {
	t.Helper()
	for _, in := range StandardProgrammes(1, 2, 3) {
		if in.Code == code {
			return Programme{ID: 9, OrgID: in.OrgID, Code: in.Code, Name: in.Name, FundID: in.FundID, RecipientKind: in.RecipientKind,
				Form: in.Form, PeriodKind: in.PeriodKind, Rules: in.Rules, Active: true}
		}
	}
	t.Fatalf("no standard programme %s", code)
	return Programme{}
}

func TestStandardProgrammesValid(t *testing.T) {
	for _, in := range StandardProgrammes(1, 2, 3) {
		in.Normalize()
		v := &ValidationError{}
		in.Validate(v)
		if err := v.Err(); err != nil {
			t.Errorf("%s: %v", in.Code, err)
		}
		b, err := json.Marshal(in.Rules)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseProgrammeRules(b); err != nil {
			t.Errorf("%s: its rules do not read back: %v", in.Code, err)
		}
	}
}

func refusedOn(err error) map[string]bool {
	out := map[string]bool{}
	var v *ValidationError
	if errors.As(err, &v) {
		for f := range v.Fields {
			out[f] = true
		}
	}
	return out
}

func TestAssess(t *testing.T) {
	yuan := func(n int64) int64 { return n * 100 }
	member := ApplicationFacts{Member: true}
	onFile := ApplicationFacts{Member: true, HardshipFileID: 4, HardshipLevel: HardshipDeep}
	withFacts := func(f ApplicationFacts, set func(*ApplicationFacts)) ApplicationFacts { set(&f); return f }
	cases := []struct {
		name     string
		code     string
		in       ApplicationInput
		facts    ApplicationFacts
		override bool
		want     int64
		refused  string // a field the refusal names
	}{
		{"golden autumn: university on file", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolUniversity}, onFile, false, yuan(5000), ""},
		{"golden autumn: high school on file", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolHigh}, onFile, false, yuan(3000), ""},
		{"golden autumn: university not on file", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolUniversity}, member, false, yuan(4000), ""},
		{"golden autumn: high school not on file", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolHigh}, member, false, yuan(2000), ""},
		{"golden autumn: vocational not funded", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolVocational}, onFile, false, 0, "school_level"},
		{"golden autumn: funded elsewhere", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolHigh, OtherFunding: true}, onFile, false, 0, "other_funding"},
		{"golden autumn: not a member on the date", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolHigh}, ApplicationFacts{}, false, 0, "person_id"},
		{"golden autumn: a duplicate", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolHigh}, withFacts(onFile, func(f *ApplicationFacts) { f.Duplicate = 3 }), false, 0, "duplicate"},
		{"golden autumn: a duplicate overridden", ProgGoldenAutumn, ApplicationInput{SchoolLevel: SchoolHigh}, withFacts(onFile, func(f *ApplicationFacts) { f.Duplicate = 3 }), true, yuan(3000), ""},
		// Mutual aid: 50 % of the out-of-pocket part above 1,300 yuan.
		{"mutual aid: at the deductible", ProgMutualClaim, ApplicationInput{ClaimedFen: yuan(3300), InsurancePaidFen: yuan(2000), EventRef: "B1"},
			withFacts(member, func(f *ApplicationFacts) { f.Enrolled = true }), false, 0, "amount_fen"},
		{"mutual aid: a fen above the deductible", ProgMutualClaim, ApplicationInput{ClaimedFen: yuan(3300) + 2, InsurancePaidFen: yuan(2000), EventRef: "B1"},
			withFacts(member, func(f *ApplicationFacts) { f.Enrolled = true }), false, 1, ""},
		{"mutual aid: the formula", ProgMutualClaim, ApplicationInput{ClaimedFen: yuan(30000), InsurancePaidFen: yuan(18700), EventRef: "B1"},
			withFacts(member, func(f *ApplicationFacts) { f.Enrolled = true }), false, yuan(5000), ""},
		{"mutual aid: capped per claim", ProgMutualClaim, ApplicationInput{ClaimedFen: yuan(900000), EventRef: "B1"},
			withFacts(member, func(f *ApplicationFacts) { f.Enrolled = true }), false, yuan(150000), ""},
		{"mutual aid: the year's cap nearly used", ProgMutualClaim, ApplicationInput{ClaimedFen: yuan(30000), InsurancePaidFen: yuan(18700), EventRef: "B1"},
			withFacts(member, func(f *ApplicationFacts) { f.Enrolled, f.PaidPersonFen = true, yuan(148000) }), false, yuan(2000), ""},
		{"mutual aid: the year's cap used", ProgMutualClaim, ApplicationInput{ClaimedFen: yuan(30000), EventRef: "B1"},
			withFacts(member, func(f *ApplicationFacts) { f.Enrolled, f.PaidPersonFen = true, yuan(150000) }), false, 0, "amount_fen"},
		{"mutual aid: not enrolled", ProgMutualClaim, ApplicationInput{ClaimedFen: yuan(30000), EventRef: "B1"}, member, false, 0, "person_id"},
		// 温暖基金 pays after insurance and mutual aid: out of pocket at least 50,000 yuan.
		{"warmth fund: exactly the threshold after stacking", ProgWarmth, ApplicationInput{ClaimedFen: yuan(160000), InsurancePaidFen: yuan(80000), EventRef: "B2"},
			withFacts(member, func(f *ApplicationFacts) { f.StackedFen = yuan(30000) }), false, yuan(5000), ""},
		{"warmth fund: a fen below after stacking", ProgWarmth, ApplicationInput{ClaimedFen: yuan(160000), InsurancePaidFen: yuan(80000), EventRef: "B2"},
			withFacts(member, func(f *ApplicationFacts) { f.StackedFen = yuan(30000) + 1 }), false, 0, "claimed_fen"},
		{"warmth fund: capped", ProgWarmth, ApplicationInput{ClaimedFen: yuan(900000), EventRef: "B2"}, member, false, yuan(20000), ""},
		{"festival visit: not on file", ProgFestivalHome, ApplicationInput{RequestedFen: yuan(800)}, member, false, 0, "household_file_id"},
		{"festival visit: requested", ProgFestivalHome, ApplicationInput{RequestedFen: yuan(800)}, onFile, false, yuan(800), ""},
		{"festival visit: requested above the maximum", ProgFestivalHome, ApplicationInput{RequestedFen: yuan(8000)}, onFile, false, yuan(3000), ""},
		{"emergency relief: the household's cap", ProgEmergencyRelief, ApplicationInput{RequestedFen: yuan(10000)},
			withFacts(onFile, func(f *ApplicationFacts) { f.PaidHouseholdFen = yuan(15000) }), false, yuan(5000), ""},
		{"enterprise visit", ProgFestivalFirm, ApplicationInput{RequestedFen: yuan(20000)}, ApplicationFacts{}, false, yuan(20000), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			as, err := Assess(standard(t, c.code), c.in, c.facts, c.override)
			switch {
			case c.refused == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.refused != "" && !refusedOn(err)[c.refused]:
				t.Fatalf("got %v, want a refusal on %s", err, c.refused)
			case c.refused == "" && as.AmountFen != c.want:
				t.Errorf("amount %d fen, want %d", as.AmountFen, c.want)
			}
		})
	}
}

func TestAssessBudget(t *testing.T) {
	p := standard(t, ProgFestivalFirm)
	p.Rules.BudgetFen = 100_000
	for _, c := range []struct {
		used int64
		ok   bool
	}{{0, true}, {50_000, true}, {50_001, false}, {100_000, false}} {
		_, err := Assess(p, ApplicationInput{RequestedFen: 50_000}, ApplicationFacts{BudgetUsedFen: c.used}, false)
		if (err == nil) != c.ok || !c.ok && !refusedOn(err)["budget"] {
			t.Errorf("used %d: %v, want ok %v", c.used, err, c.ok)
		}
	}
}

func TestApproverFits(t *testing.T) {
	filing := "/1/5/23/77/" // city, district, street, grassroots
	for _, c := range []struct {
		actor string
		step  int
		want  bool
	}{
		{"/1/5/23/", 1, true}, {"/1/5/23/", 2, false}, {"/1/5/", 2, true}, {"/1/", 2, true},
		{"/1/5/23/77/", 1, false}, {"/1/6/", 1, false}, {"/1/5/2/", 1, false},
	} {
		if got := ApproverFits(filing, c.actor, c.step); got != c.want {
			t.Errorf("%s step %d: %v, want %v", c.actor, c.step, got, c.want)
		}
	}
}

func TestProgrammePeriod(t *testing.T) {
	for _, c := range []struct {
		kind string
		d    Date
		want string
	}{
		{PeriodYear, NewDate(2017, 12, 31), "2017"},
		{PeriodMonth, NewDate(2017, 3, 1), "2017-03"},
		{PeriodFestival, NewDate(2016, 12, 20), "2017-festival"},
		{PeriodFestival, NewDate(2017, 6, 30), "2017-festival"},
		{PeriodFestival, NewDate(2017, 7, 1), "2018-festival"},
	} {
		if got := ProgrammePeriod(c.kind, c.d); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.kind, c.d, got, c.want)
		}
	}
}

func TestParseProgrammeRulesRefuses(t *testing.T) {
	for _, c := range []struct{ doc, field string }{
		{`{"amount":{"kind":"fixed","amount_fen":100},"approval":{"levels":1,"permission":"assistance.approve"},"budgt_fen":5}`, "rules"},
		{`{"amount":{"kind":"formula","rate_bp":0},"approval":{"levels":1,"permission":"assistance.approve"}}`, "rules.amount.rate_bp"},
		{`{"amount":{"kind":"fixed","amount_fen":100},"approval":{"levels":0,"permission":"assistance.approve"}}`, "rules.approval.levels"},
		{`{"amount":{"kind":"fixed","amount_fen":100},"approval":{"levels":1,"permission":"root"}}`, "rules.approval.permission"},
		{`{"amount":{"kind":"fixed","tiers":[{"school_level":"kindergarten","amount_fen":1}]},"approval":{"levels":1,"permission":"assistance.approve"}}`, "rules.amount.tiers.0.school_level"},
		{`{"amount":{"kind":"fixed","amount_fen":-1},"approval":{"levels":1,"permission":"assistance.approve"}}`, "rules.amount.amount_fen"},
	} {
		if _, err := ParseProgrammeRules([]byte(c.doc)); !refusedOn(err)[c.field] {
			t.Errorf("%s: %v, want a refusal on %s", c.doc, err, c.field)
		}
	}
}

// FuzzParseProgrammeRules: any document either reads as rules that pass
// their own checks and read back the same, or is refused on a field;
// never a panic.
func FuzzParseProgrammeRules(f *testing.F) {
	for _, in := range StandardProgrammes(1, 2, 3) {
		b, _ := json.Marshal(in.Rules)
		f.Add(b)
	}
	f.Add([]byte(`{"amount":{"kind":"formula","rate_bp":10000,"max_fen":1}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseProgrammeRules(b)
		if err != nil {
			if len(refusedOn(err)) == 0 {
				t.Fatalf("refused without a field: %v", err)
			}
			return
		}
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := ParseProgrammeRules(again)
		if err != nil {
			t.Fatalf("valid rules do not read back: %v", err)
		}
		if b2, _ := json.Marshal(r2); string(b2) != string(again) {
			t.Fatalf("rules changed on reading back: %s, then %s", again, b2)
		}
		// Assessing never panics and never pays a negative amount.
		p := Programme{RecipientKind: RecipientPerson, Form: FormCash, PeriodKind: PeriodYear, Rules: r}
		if as, _ := Assess(p, ApplicationInput{ClaimedFen: 1_000_000, RequestedFen: 50_000}, ApplicationFacts{Member: true}, false); as.AmountFen < 0 {
			t.Fatalf("a negative amount: %d", as.AmountFen)
		}
	})
}
