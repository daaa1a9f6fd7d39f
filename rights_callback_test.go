package gonghui

import (
	"strings"
	"testing"
)

func TestRightsCallbackValidate(t *testing.T) {
	d := NewDate
	today := d(2026, 11, 24)
	closed := RightsCase{State: CaseClosed, OutcomeOn: d(2026, 11, 2)}
	reached := RightsCase{State: CaseClosed, OutcomeOn: d(2026, 11, 2), Callbacks: []RightsCallback{{Reached: false}, {Reached: true, Satisfaction: SatisfactionSatisfied}}}
	for _, c := range []struct {
		name  string
		c     RightsCase
		in    RightsCallbackInput
		field string
	}{
		{"an open case", RightsCase{State: CaseOpen}, RightsCallbackInput{Reached: true, Satisfaction: SatisfactionSatisfied}, "case"},
		{"reached already", reached, RightsCallbackInput{}, "reached"},
		{"reached, by the Chinese name", closed, RightsCallbackInput{Reached: true, Satisfaction: "基本满意"}, ""},
		{"reached without the answer", closed, RightsCallbackInput{Reached: true}, "satisfaction"},
		{"not reached, with an answer", closed, RightsCallbackInput{Satisfaction: SatisfactionDissatisfied}, "satisfaction"},
		{"not reached", closed, RightsCallbackInput{Note: " 无人接听 "}, ""},
		{"on the day it closed", closed, RightsCallbackInput{On: d(2026, 11, 2)}, ""},
		{"before it closed", closed, RightsCallbackInput{On: d(2026, 11, 1)}, "on"},
		{"after today", closed, RightsCallbackInput{On: d(2026, 11, 25)}, "on"},
		{"a long note", closed, RightsCallbackInput{Note: strings.Repeat("长", 501)}, "note"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			v := &ValidationError{}
			in.Validate(v, c.c, today)
			if _, ok := v.Fields[c.field]; c.field != "" && !ok || c.field == "" && len(v.Fields) > 0 {
				t.Errorf("errors %v, want %q", v.Fields, c.field)
			}
			if c.field == "" && (in.On.IsZero() || strings.TrimSpace(in.Note) != in.Note || in.Satisfaction != "" && !IsChoiceKey(RightsSatisfactions, in.Satisfaction)) {
				t.Errorf("not normalized: %+v", in)
			}
		})
	}
	if (RightsCase{State: CaseClosed, OutcomeOn: today.AddDays(-RightsCallbackDays)}).AwaitsCallback(today) != true ||
		(RightsCase{State: CaseClosed, OutcomeOn: today.AddDays(-RightsCallbackDays - 1)}).AwaitsCallback(today) || reached.AwaitsCallback(today) {
		t.Error("AwaitsCallback's window")
	}
}

// The validator never panics and every error names a field of the input.
func FuzzRightsCallbackValidate(f *testing.F) {
	f.Add(true, "满意", "回访", 3)
	f.Add(false, "", "", -2)
	f.Fuzz(func(t *testing.T, reached bool, satisfaction, note string, days int) {
		today := NewDate(2026, 11, 24)
		in := RightsCallbackInput{On: today.AddDays(days % 400), Reached: reached, Satisfaction: satisfaction, Note: note}
		v := &ValidationError{}
		in.Validate(v, RightsCase{State: CaseClosed, OutcomeOn: NewDate(2026, 11, 2)}, today)
		for field := range v.Fields {
			if !strings.Contains(" on reached satisfaction note case ", " "+field+" ") {
				t.Fatalf("field %q", field)
			}
		}
		if len(v.Fields) == 0 && reached != IsChoiceKey(RightsSatisfactions, in.Satisfaction) {
			t.Fatalf("accepted %+v", in)
		}
	})
}
