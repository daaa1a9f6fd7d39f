package gonghui

import (
	"reflect"
	"testing"
)

func TestScoreProjectYear(t *testing.T) {
	ind := func(target, actual int64) ProjectIndicator {
		return ProjectIndicator{Name: "x", Target: target, Actual: actual}
	}
	for _, tc := range []struct {
		name string
		w    ProjectWeights
		y    ProjectYear
		want int64
	}{
		{"nothing yet", DefaultProjectWeights, ProjectYear{}, 0},
		{"all reached, five stars", DefaultProjectWeights, ProjectYear{Indicators: []ProjectIndicator{ind(100, 120)}, MemberRatings: 3, MemberMean: 500, CadreRatings: 1, CadreMean: 500}, 10000},
		{"half reached, no ratings: the indicators alone", DefaultProjectWeights, ProjectYear{Indicators: []ProjectIndicator{ind(100, 50), ind(10, 10)}}, 7500},
		// 50%·80 + 30%·(4.5/5=90) + 20%·(3/5=60) = 40 + 27 + 12 = 79
		{"weighed", DefaultProjectWeights, ProjectYear{Indicators: []ProjectIndicator{ind(10, 8)}, MemberRatings: 2, MemberMean: 450, CadreRatings: 1, CadreMean: 300}, 7900},
		// members' weight left to the others: (50·80 + 20·60) / 70
		{"no member ratings", DefaultProjectWeights, ProjectYear{Indicators: []ProjectIndicator{ind(10, 8)}, CadreRatings: 1, CadreMean: 300}, 7428},
		{"ratings only", ProjectWeights{Members: 100}, ProjectYear{Indicators: []ProjectIndicator{ind(10, 0)}, MemberRatings: 1, MemberMean: 100}, 2000},
		{"a target of nothing is reached", DefaultProjectWeights, ProjectYear{Indicators: []ProjectIndicator{ind(0, 0)}}, 10000},
	} {
		if got := ScoreProjectYear(tc.w, tc.y); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestServiceProjectValidate(t *testing.T) {
	for _, tc := range []struct {
		in     ServiceProjectInput
		fields []string
	}{
		{ServiceProjectInput{OrgID: 1, Name: "职工心灵驿站"}, nil},
		{ServiceProjectInput{Name: " "}, []string{"org_id", "name"}},
		{ServiceProjectInput{OrgID: 1, Name: "a", Weights: ProjectWeights{Indicators: 60, Members: 30, Cadres: 20}}, []string{"weights"}},
		{ServiceProjectInput{OrgID: 1, Name: "a", Weights: ProjectWeights{Indicators: 120, Members: -20}}, []string{"weights"}},
	} {
		v := &ValidationError{}
		in := tc.in
		in.Validate(v)
		if len(v.Fields) != len(tc.fields) {
			t.Errorf("%+v: %v, want %v", tc.in, v.Fields, tc.fields)
		}
		if tc.fields == nil && in.Weights != DefaultProjectWeights {
			t.Errorf("no weights given: %+v", in.Weights)
		}
	}
	today := NewDate(2026, 12, 1)
	for _, tc := range []struct {
		in     ProjectYearInput
		fields []string
	}{
		{ProjectYearInput{Year: 2026, Indicators: []ProjectIndicator{{Name: "服务人次", Unit: "人次", Target: 1000, Actual: 1200}}}, nil},
		{ProjectYearInput{Year: 2026}, []string{"indicators"}},
		{ProjectYearInput{Year: 2026, Indicators: []ProjectIndicator{{Name: "a", Target: 0, Actual: -1}, {Name: "a", Target: 1}}},
			[]string{"indicators.0.target", "indicators.0.actual", "indicators.1.name"}},
		{ProjectYearInput{Year: 2099, Indicators: []ProjectIndicator{{Name: "a", Target: 1}}}, []string{"year"}},
	} {
		v := &ValidationError{}
		tc.in.Validate(v, today)
		if len(v.Fields) != len(tc.fields) {
			t.Errorf("%+v: %v, want %v", tc.in, v.Fields, tc.fields)
		}
		for _, f := range tc.fields {
			if v.Fields[f].En == "" {
				t.Errorf("no reason for %s: %v", f, v.Fields)
			}
		}
	}
}

func TestParseIndicatorLines(t *testing.T) {
	got, err := ParseIndicatorLines("服务职工 人次 10000 12500 人次\n\n新建驿站 30 28\n")
	want := []ProjectIndicator{{Name: "服务职工 人次", Unit: "人次", Target: 10000, Actual: 12500}, {Name: "新建驿站", Target: 30, Actual: 28}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("%+v %v", got, err)
	}
	for _, bad := range []string{"只有名称", "a 1 个", "\n名称 十 5 个"} {
		if _, err := ParseIndicatorLines(bad); err == nil {
			t.Errorf("%q read", bad)
		}
	}
}

// FuzzParseIndicatorLines: any text is read or refused; what is read,
// written back, reads the same.
func FuzzParseIndicatorLines(f *testing.F) {
	f.Add("服务职工人次 10000 12500 人次\n新建驿站 30 28")
	f.Add("a b -1 +2 3")
	f.Fuzz(func(t *testing.T, text string) {
		inds, err := ParseIndicatorLines(text)
		if err != nil {
			return
		}
		again, err := ParseIndicatorLines(FormatIndicatorLines(inds))
		if err != nil || len(again) != len(inds) || len(inds) > 0 && !reflect.DeepEqual(again, inds) {
			t.Fatalf("%q: %+v, again %+v %v", text, inds, again, err)
		}
	})
}
