package gonghui_test

import (
	"errors"
	"strings"
	"testing"

	"gonghui"
)

// congressFields runs a validation and names the invalid fields, checking
// that every reason is given in both languages.
func congressFields(t testing.TB, validate func(v *gonghui.ValidationError)) string {
	t.Helper()
	v := &gonghui.ValidationError{}
	validate(v)
	var fs []string
	for f, m := range v.Fields {
		if m.Zh == "" || m.En == "" {
			t.Errorf("%s: message lacks a language: %+v", f, m)
		}
		fs = append(fs, f)
	}
	return strings.Join(fs, ",")
}

func TestCongressInputValidate(t *testing.T) {
	on := gonghui.NewDate(2020, 5, 1)
	ok := gonghui.CongressInput{OrgID: 1, Name: " 示例公司第一届职代会 ", Kind: gonghui.CongressUnit, EstablishedOn: on, UnitIDs: []int64{7}}
	tests := []struct {
		name  string
		edit  func(in *gonghui.CongressInput)
		field string
	}{
		{"ok", func(in *gonghui.CongressInput) {}, ""},
		{"group of three", func(in *gonghui.CongressInput) { in.Kind, in.UnitIDs = gonghui.CongressGroup, []int64{1, 2, 3} }, ""},
		{"regional of one", func(in *gonghui.CongressInput) { in.Kind = gonghui.CongressRegional }, ""},
		{"no name", func(in *gonghui.CongressInput) { in.Name = "  " }, "name"},
		{"long name", func(in *gonghui.CongressInput) { in.Name = strings.Repeat("职", 101) }, "name"},
		{"name of 100", func(in *gonghui.CongressInput) { in.Name = strings.Repeat("职", 100) }, ""},
		{"no org", func(in *gonghui.CongressInput) { in.OrgID = 0 }, "org_id"},
		{"bad kind", func(in *gonghui.CongressInput) { in.Kind = "club" }, "kind"},
		{"no kind", func(in *gonghui.CongressInput) { in.Kind = "" }, "kind"},
		{"no date", func(in *gonghui.CongressInput) { in.EstablishedOn = gonghui.Date{} }, "established_on"},
		{"no units", func(in *gonghui.CongressInput) { in.UnitIDs = nil }, "unit_ids"},
		{"unit kind over two", func(in *gonghui.CongressInput) { in.UnitIDs = []int64{7, 8} }, "unit_ids"},
		{"duplicate unit", func(in *gonghui.CongressInput) { in.Kind, in.UnitIDs = gonghui.CongressIndustry, []int64{7, 8, 7} }, "unit_ids"},
		{"zero unit", func(in *gonghui.CongressInput) { in.UnitIDs = []int64{0} }, "unit_ids"},
	}
	for _, tc := range tests {
		in := ok
		in.UnitIDs = append([]int64(nil), ok.UnitIDs...)
		tc.edit(&in)
		if got := congressFields(t, in.Validate); got != tc.field {
			t.Errorf("%s: fields %q, want %q", tc.name, got, tc.field)
		}
	}
	in := ok
	in.Validate(&gonghui.ValidationError{})
	if in.Name != "示例公司第一届职代会" {
		t.Errorf("name not trimmed: %q", in.Name)
	}
	for _, c := range gonghui.CongressKinds {
		if c.Name.Zh == "" || c.Name.En == "" {
			t.Errorf("kind %s lacks a name", c.Key)
		}
	}
}

func TestSittingInputValidate(t *testing.T) {
	today := gonghui.NewDate(2026, 11, 24)
	ok := gonghui.SittingInput{HeldOn: gonghui.NewDate(2026, 3, 15), Delegates: 60, Attended: 55, Motions: []string{" 审议集体合同草案 ", "福利费使用情况"}}
	tests := []struct {
		name  string
		edit  func(in *gonghui.SittingInput)
		field string
	}{
		{"ok", func(in *gonghui.SittingInput) {}, ""},
		{"today", func(in *gonghui.SittingInput) { in.HeldOn = today }, ""},
		{"no motions", func(in *gonghui.SittingInput) { in.Motions = nil }, ""},
		{"none attended", func(in *gonghui.SittingInput) { in.Attended = 0 }, ""},
		{"all attended", func(in *gonghui.SittingInput) { in.Attended = 60 }, ""},
		{"no date", func(in *gonghui.SittingInput) { in.HeldOn = gonghui.Date{} }, "held_on"},
		{"future", func(in *gonghui.SittingInput) { in.HeldOn = today.AddDays(1) }, "held_on"},
		{"no delegates", func(in *gonghui.SittingInput) { in.Delegates, in.Attended = 0, 0 }, "delegates"},
		{"negative attendance", func(in *gonghui.SittingInput) { in.Attended = -1 }, "attended"},
		{"more present than elected", func(in *gonghui.SittingInput) { in.Attended = 61 }, "attended"},
		{"blank motion", func(in *gonghui.SittingInput) { in.Motions = []string{"x", "  "} }, "motions"},
		{"long motion", func(in *gonghui.SittingInput) { in.Motions = []string{strings.Repeat("议", 201)} }, "motions"},
		{"motion of 200", func(in *gonghui.SittingInput) { in.Motions = []string{strings.Repeat("议", 200)} }, ""},
		{"too many motions", func(in *gonghui.SittingInput) { in.Motions = make([]string, 101); fillMotions(in.Motions) }, "motions"},
		{"100 motions", func(in *gonghui.SittingInput) { in.Motions = make([]string, 100); fillMotions(in.Motions) }, ""},
	}
	for _, tc := range tests {
		in := ok
		in.Motions = append([]string(nil), ok.Motions...)
		tc.edit(&in)
		if got := congressFields(t, func(v *gonghui.ValidationError) { in.Validate(v, today) }); got != tc.field {
			t.Errorf("%s: fields %q, want %q", tc.name, got, tc.field)
		}
	}
	// Motions are trimmed into a new slice: the caller's stays as it was.
	in := ok
	in.Validate(&gonghui.ValidationError{}, today)
	if in.Motions[0] != "审议集体合同草案" || ok.Motions[0] != " 审议集体合同草案 " {
		t.Errorf("motions %q, caller's %q", in.Motions, ok.Motions)
	}
	if !(gonghui.Sitting{Delegates: 60, Attended: 40}).Quorate() || (gonghui.Sitting{Delegates: 60, Attended: 39}).Quorate() || (gonghui.Sitting{}).Quorate() {
		t.Error("Quorate: two thirds of the delegates")
	}
}

func fillMotions(ms []string) {
	for i := range ms {
		ms[i] = "议题"
	}
}

func TestDirectorInputValidate(t *testing.T) {
	ok := gonghui.DirectorInput{UnitID: 3, Role: gonghui.EmployeeDirector, Name: " 李明 ", Since: gonghui.NewDate(2024, 1, 1)}
	tests := []struct {
		name  string
		edit  func(in *gonghui.DirectorInput)
		field string
	}{
		{"ok", func(in *gonghui.DirectorInput) {}, ""},
		{"supervisor with term", func(in *gonghui.DirectorInput) {
			in.Role, in.Until = gonghui.EmployeeSupervisor, gonghui.NewDate(2027, 1, 1)
		}, ""},
		{"no name", func(in *gonghui.DirectorInput) { in.Name = "" }, "name"},
		{"long name", func(in *gonghui.DirectorInput) { in.Name = strings.Repeat("名", 51) }, "name"},
		{"no unit", func(in *gonghui.DirectorInput) { in.UnitID = 0 }, "unit_id"},
		{"bad role", func(in *gonghui.DirectorInput) { in.Role = "chair" }, "role"},
		{"no start", func(in *gonghui.DirectorInput) { in.Since = gonghui.Date{} }, "since"},
		{"ends when it starts", func(in *gonghui.DirectorInput) { in.Until = in.Since }, "until"},
		{"ends before it starts", func(in *gonghui.DirectorInput) { in.Until = in.Since.AddDays(-1) }, "until"},
	}
	for _, tc := range tests {
		in := ok
		tc.edit(&in)
		if got := congressFields(t, in.Validate); got != tc.field {
			t.Errorf("%s: fields %q, want %q", tc.name, got, tc.field)
		}
	}
	d := gonghui.Director{Since: gonghui.NewDate(2024, 1, 1), Until: gonghui.NewDate(2025, 12, 31)}
	if !d.InOffice(gonghui.NewDate(2025, 12, 31)) || d.InOffice(gonghui.NewDate(2026, 1, 1)) || d.InOffice(gonghui.NewDate(2023, 12, 31)) {
		t.Error("InOffice: from Since to Until inclusive")
	}
}

func TestCheckDisclosureRecord(t *testing.T) {
	today := gonghui.NewDate(2026, 11, 24)
	topic, err := gonghui.CheckDisclosureRecord(today, " 年度经营状况 ", today)
	if err != nil || topic != "年度经营状况" {
		t.Fatalf("ok record: %q, %v", topic, err)
	}
	for _, tc := range []struct {
		on    gonghui.Date
		topic string
		field string
	}{
		{gonghui.Date{}, "x", "disclosed_on"},
		{today.AddDays(1), "x", "disclosed_on"},
		{today, " ", "topic"},
		{today, strings.Repeat("公", 201), "topic"},
	} {
		_, err := gonghui.CheckDisclosureRecord(tc.on, tc.topic, today)
		var v *gonghui.ValidationError
		if !errors.As(err, &v) || len(v.Fields) != 1 || v.Fields[tc.field] == (gonghui.Message{}) {
			t.Errorf("%v %q: %v, want a %s error", tc.on, tc.topic, err, tc.field)
		}
	}
}

func FuzzCongressInputValidate(f *testing.F) {
	f.Add("示例集团职代会", "group", int64(1), int64(2), int64(2), 2017, 3, 1)
	f.Add("", "unit", int64(0), int64(-1), int64(0), 0, 0, 0)
	f.Add(strings.Repeat("\xff", 120), "regional", int64(5), int64(5), int64(9), 9999, 13, 40)
	f.Fuzz(func(t *testing.T, name, kind string, org, u1, u2 int64, y, m, d int) {
		in := gonghui.CongressInput{OrgID: org, Name: name, Kind: gonghui.CongressKind(kind), UnitIDs: []int64{u1, u2}[:1+int(uint64(u2)%2)]}
		if y != 0 {
			in.EstablishedOn = gonghui.NewDate(y, 1, 1).AddDays(31*m + d)
		}
		congressFields(t, in.Validate)
	})
}

func FuzzSittingInputValidate(f *testing.F) {
	f.Add(2026, 3, 15, 60, 55, "审议工资专项集体合同", 2)
	f.Add(0, 0, 0, 0, -1, " ", 0)
	f.Add(3000, 1, 1, -5, 10, strings.Repeat("议", 300), 150)
	f.Fuzz(func(t *testing.T, y, m, d, delegates, attended int, motion string, n int) {
		in := gonghui.SittingInput{Delegates: delegates, Attended: attended}
		if y != 0 {
			in.HeldOn = gonghui.NewDate(y, 1, 1).AddDays(31*m + d)
		}
		if n < 0 {
			n = -n
		}
		for range n % 150 {
			in.Motions = append(in.Motions, motion)
		}
		congressFields(t, func(v *gonghui.ValidationError) { in.Validate(v, gonghui.NewDate(2026, 11, 24)) })
	})
}
