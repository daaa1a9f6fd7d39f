package gonghui

import (
	"reflect"
	"testing"
)

func TestCensusPeriod(t *testing.T) {
	p := CensusPeriodOf(2017)
	if p.Start != NewDate(2016, 10, 1) || p.End != NewDate(2017, 9, 30) {
		t.Errorf("period 2017 = %v – %v", p.Start, p.End)
	}
	tests := []struct {
		on         Date
		year, last int
	}{
		{NewDate(2017, 9, 30), 2017, 2016},
		{NewDate(2017, 10, 1), 2018, 2017},
		{NewDate(2017, 1, 1), 2017, 2016},
		{NewDate(2017, 12, 31), 2018, 2017},
	}
	for _, tc := range tests {
		if y := CensusYearOn(tc.on); y != tc.year {
			t.Errorf("CensusYearOn(%v) = %d, want %d", tc.on, y, tc.year)
		}
		if y := LastClosedCensusYear(tc.on); y != tc.last {
			t.Errorf("LastClosedCensusYear(%v) = %d, want %d", tc.on, y, tc.last)
		}
	}
	today := NewDate(2017, 11, 1)
	for y, ok := range map[int]bool{1999: false, 2000: true, 2017: true, 2018: true, 2019: false} {
		if err := CheckCensusYear(y, today); (err == nil) != ok {
			t.Errorf("CheckCensusYear(%d) = %v", y, err)
		}
	}
}

func fieldsOf(err error) []string {
	v, ok := err.(*ValidationError)
	if !ok {
		return nil
	}
	var out []string
	for f := range v.Fields {
		out = append(out, f)
	}
	return out
}

func TestCheckCensusStep(t *testing.T) {
	after, during := NewDate(2017, 10, 15), NewDate(2017, 9, 30)
	computed := CensusFigures{"members_total": 100, "orgs_total": 3}
	fig := func(key string, v int64, reason string) []CensusFigureInput {
		return []CensusFigureInput{{Key: key, Value: v, Reason: reason}}
	}
	tests := []struct {
		name  string
		state CensusState
		act   CensusAction
		in    CensusInput
		today Date
		next  CensusState
		field string // the refused field, "" when allowed
	}{
		{"submit a draft", CensusDraft, CensusSubmit, CensusInput{}, after, CensusSubmitted, ""},
		{"submit during the period", CensusDraft, CensusSubmit, CensusInput{}, during, CensusDraft, "state"},
		{"submit twice", CensusSubmitted, CensusSubmit, CensusInput{}, after, CensusSubmitted, "state"},
		{"submit an adjustment with a reason", CensusDraft, CensusSubmit, CensusInput{Figures: fig("members_total", 120, "含未入库的新会员")}, after, CensusSubmitted, ""},
		{"adjust without a reason", CensusDraft, CensusSave, CensusInput{Figures: fig("members_total", 120, " ")}, during, CensusDraft, "figures.members_total"},
		{"confirm the computed value without a reason", CensusDraft, CensusSave, CensusInput{Figures: fig("members_total", 100, "")}, during, CensusDraft, ""},
		{"type a rate", CensusDraft, CensusSave, CensusInput{Figures: fig("realname_rate", 90, "x")}, after, CensusDraft, "figures.realname_rate"},
		{"type a rate's part", CensusDraft, CensusSave, CensusInput{Figures: fig("contract_rate.numerator", 9, "x")}, after, CensusDraft, ""},
		{"unknown figure", CensusDraft, CensusSave, CensusInput{Figures: fig("nope", 1, "x")}, after, CensusDraft, "figures.nope"},
		{"negative figure", CensusDraft, CensusSave, CensusInput{Figures: fig("orgs_total", -1, "x")}, after, CensusDraft, "figures.orgs_total"},
		{"figure twice", CensusDraft, CensusSave, CensusInput{Figures: append(fig("orgs_total", 3, ""), fig("orgs_total", 3, "")...)}, after, CensusDraft, "figures.orgs_total"},
		{"approve", CensusSubmitted, CensusApprove, CensusInput{}, after, CensusApproved, ""},
		{"approve a draft", CensusDraft, CensusApprove, CensusInput{}, after, CensusDraft, "state"},
		{"approve twice", CensusApproved, CensusApprove, CensusInput{}, after, CensusApproved, "state"},
		{"approve with figures", CensusSubmitted, CensusApprove, CensusInput{Figures: fig("orgs_total", 3, "")}, after, CensusApproved, "figures"},
		{"return with a reason", CensusSubmitted, CensusSendBack, CensusInput{Reason: "会员数与实名制差距过大，请核实"}, after, CensusDraft, ""},
		{"return without a reason", CensusSubmitted, CensusSendBack, CensusInput{Reason: "  "}, after, CensusDraft, "reason"},
		{"return an approved return", CensusApproved, CensusSendBack, CensusInput{Reason: "x"}, after, CensusApproved, "state"},
		{"correct with a reason", CensusSubmitted, CensusCorrect, CensusInput{Figures: fig("members_total", 100, "核对花名册")}, after, CensusSubmitted, ""},
		{"correct without a reason", CensusSubmitted, CensusCorrect, CensusInput{Figures: fig("members_total", 100, "")}, after, CensusSubmitted, "figures.members_total"},
		{"correct nothing", CensusSubmitted, CensusCorrect, CensusInput{}, after, CensusSubmitted, "figures"},
		{"correct a draft", CensusDraft, CensusCorrect, CensusInput{Figures: fig("members_total", 1, "x")}, after, CensusDraft, "state"},
		{"unknown action", CensusDraft, "delete", CensusInput{}, after, CensusDraft, "state"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			next, err := CheckCensusStep(CensusReturn{Year: 2017, State: tc.state}, tc.act, &in, computed, tc.today)
			got := fieldsOf(err)
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.field != "" && !reflect.DeepEqual(got, []string{tc.field}):
				t.Fatalf("fields %v (%v), want %s", got, err, tc.field)
			case tc.field == "" && next != tc.next:
				t.Errorf("next %s, want %s", next, tc.next)
			}
			if err != nil {
				for _, m := range err.(*ValidationError).Fields {
					if m.Zh == "" || m.En == "" {
						t.Errorf("message lacks a language: %+v", m)
					}
				}
			}
		})
	}
	if a := CensusActions(CensusSubmitted); !reflect.DeepEqual(a, []CensusAction{CensusApprove, CensusSendBack, CensusCorrect}) {
		t.Errorf("actions on a submitted return: %v", a)
	}
	if len(CensusActions(CensusApproved)) != 0 {
		t.Error("an approved return can still move")
	}
	for _, a := range CensusActions(CensusSubmitted) {
		if !a.ByLevelAbove() {
			t.Errorf("%s is not the level above's", a)
		}
	}
	if CensusSubmit.ByLevelAbove() || CensusSave.ByLevelAbove() {
		t.Error("the union's own actions belong to the level above")
	}
}

func TestCensusItems(t *testing.T) {
	seen := map[string]bool{}
	for _, it := range CensusItems {
		if seen[it.Key] {
			t.Errorf("item %s twice", it.Key)
		}
		seen[it.Key] = true
		if it.IsRate() && (!seen[it.Numerator] || !seen[it.Denominator]) {
			t.Errorf("rate %s comes before its parts %s, %s", it.Key, it.Numerator, it.Denominator)
		}
	}
	for _, in := range Indicators {
		if !seen[in.Key] {
			t.Errorf("indicator %s has no line", in.Key)
		}
	}
	if it, _ := CensusItemByKey("contract_rate"); it.Numerator != "contract_rate.numerator" || !it.IsRate() {
		t.Errorf("contract_rate item: %+v", it)
	}
	if it, _ := CensusItemByKey("realname_rate"); it.Numerator != "members_realname" || it.Denominator != "members_total" {
		t.Errorf("realname_rate item: %+v", it)
	}
	f := CensusFiguresFrom(map[string]float64{"members_total": 10, "members_realname": 8, "realname_rate": 80, "contract_rate": 50},
		map[string]RateResult{"contract_rate": {Numerator: 1, Denominator: 2}})
	if f["members_total"] != 10 || f["contract_rate.numerator"] != 1 || f["contract_rate.denominator"] != 2 {
		t.Errorf("figures from stats: %v", f)
	}
	if _, ok := f["realname_rate"]; ok {
		t.Error("a rate became a figure")
	}
	for _, key := range []string{"realname_rate", "contract_rate", "congress_rate"} {
		it, _ := CensusItemByKey(key)
		want := map[string]float64{"realname_rate": 80, "contract_rate": 50, "congress_rate": 0}[key]
		if got := f.Value(it); got != want {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
}

func TestRollUpCensus(t *testing.T) {
	rate, _ := CensusItemByKey("contract_rate")
	const num, den = "contract_rate.numerator", "contract_rate.denominator"
	tests := []struct {
		name     string
		subtree  CensusFigures
		children []CensusChildFigures
		want     CensusFigures
		rate     float64
	}{
		{
			name:    "a grassroots union: its own figures",
			subtree: CensusFigures{"orgs_total": 1, num: 1, den: 2},
			want:    CensusFigures{"orgs_total": 1, num: 1, den: 2},
			rate:    50,
		},
		{
			// Own level: 1 org, 0/0; A computes 1/2 but approved 1/2; B approved 9/10.
			// The rate is 10/12, not the mean of 50% and 90%.
			name:    "approved children: the rate from summed parts",
			subtree: CensusFigures{"orgs_total": 3, num: 10, den: 12},
			children: []CensusChildFigures{
				{Computed: CensusFigures{"orgs_total": 1, num: 1, den: 2}, Approved: CensusFigures{"orgs_total": 1, num: 1, den: 2}},
				{Computed: CensusFigures{"orgs_total": 1, num: 9, den: 10}, Approved: CensusFigures{"orgs_total": 1, num: 9, den: 10}},
			},
			want: CensusFigures{"orgs_total": 3, num: 10, den: 12},
			rate: 83.33,
		},
		{
			name:    "a child's corrected figures replace its computed ones",
			subtree: CensusFigures{"orgs_total": 2, "members_total": 150, num: 0, den: 0},
			children: []CensusChildFigures{
				{Computed: CensusFigures{"orgs_total": 1, "members_total": 100}, Approved: CensusFigures{"orgs_total": 1, "members_total": 120}},
			},
			want: CensusFigures{"orgs_total": 2, "members_total": 170, num: 0, den: 0},
		},
		{
			name:    "a child not yet approved adds nothing",
			subtree: CensusFigures{"orgs_total": 3, "members_total": 300},
			children: []CensusChildFigures{
				{Computed: CensusFigures{"orgs_total": 1, "members_total": 100}, Approved: CensusFigures{"orgs_total": 1, "members_total": 100}},
				{Computed: CensusFigures{"orgs_total": 1, "members_total": 150}},
			},
			want: CensusFigures{"orgs_total": 2, "members_total": 150},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := RollUpCensus(tc.subtree, tc.children)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("rolled up %v, want %v", got, tc.want)
			}
			if r := got.Rate(rate); r != tc.rate {
				t.Errorf("rate %v, want %v", r, tc.rate)
			}
		})
	}
}
