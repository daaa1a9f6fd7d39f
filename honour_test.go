package gonghui

import (
	"slices"
	"testing"
)

func pct(n int) *int { return &n }

func rules(f []RuleFailure) []string {
	var out []string
	for _, x := range f {
		out = append(out, x.Rule)
	}
	return out
}

func TestCheckNomineeAtTheBoundaries(t *testing.T) {
	all := HonourRules{LowerTitle: true, MinMembershipRate: 90, Congress: true, Disclosure: true}
	good := NomineeFacts{HasLowerTitle: true, Members: 90, Staff: 100, Units: 2, CongressUnits: 2, DisclosureUnits: 2}
	for _, c := range []struct {
		name  string
		r     HonourRules
		level string
		f     func(*NomineeFacts)
		want  []string
	}{
		{"all met, the rate exactly 90%", all, HonourCity, func(*NomineeFacts) {}, nil},
		{"one member short of 90%", all, HonourCity, func(f *NomineeFacts) { f.Members = 89 }, []string{"min_membership_rate"}},
		{"no staff: no rate", all, HonourCity, func(f *NomineeFacts) { f.Members, f.Staff = 0, 0 }, []string{"min_membership_rate"}},
		{"no lower title", all, HonourNational, func(f *NomineeFacts) { f.HasLowerTitle = false }, []string{"lower_title"}},
		{"no level below the district", all, HonourDistrict, func(f *NomineeFacts) { f.HasLowerTitle = false }, nil},
		{"one unit without a congress", all, HonourCity, func(f *NomineeFacts) { f.CongressUnits = 1 }, []string{"congress"}},
		{"no units: no systems", all, HonourCity, func(f *NomineeFacts) { f.Units, f.CongressUnits, f.DisclosureUnits = 0, 0, 0 }, []string{"congress", "disclosure"}},
		{"no rules", HonourRules{}, HonourCity, func(f *NomineeFacts) { *f = NomineeFacts{} }, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := good
			c.f(&f)
			got := c.r.CheckNominee(HonourModelHome, c.level, f)
			if !slices.Equal(rules(got), c.want) {
				t.Errorf("failures %v, want %v", got, c.want)
			}
			for _, x := range got {
				if x.Why.Zh == "" || x.Why.En == "" {
					t.Errorf("failure %s without its words", x.Rule)
				}
			}
		})
	}
}

func TestCheckHonourListQuotaAndShares(t *testing.T) {
	medal := HonourRules{Shares: []HonourShare{{Category: "front_line", Min: pct(45)}, {Category: "head", Max: pct(10)}}}
	list := func(front, heads, other int) []string {
		var l []string
		for range front {
			l = append(l, "front_line")
		}
		for range heads {
			l = append(l, "head")
		}
		for range other {
			l = append(l, "other")
		}
		return l
	}
	for _, c := range []struct {
		name  string
		quota int
		cats  []string
		want  []string
	}{
		{"45% front line, 10% heads: at the bounds", 20, list(9, 2, 9), nil},
		{"44% front line", 100, list(44, 10, 46), []string{"shares.front_line"}},
		{"heads over 10%", 20, list(10, 3, 7), []string{"shares.head"}},
		{"over the quota", 19, list(9, 2, 9), []string{"quota"}},
		{"at the quota", 20, list(20, 0, 0), nil},
		{"empty list", 5, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := CheckHonourList(medal, c.quota, c.cats); !slices.Equal(rules(got), c.want) {
				t.Errorf("failures %v, want %v", got, c.want)
			}
		})
	}
}

func TestParseHonourRules(t *testing.T) {
	for _, c := range []struct {
		text   string
		fields []string
	}{
		{``, nil},
		{`{"lower_title": true, "min_membership_rate": 90, "congress": true, "disclosure": true}`, nil},
		{`{"shares": [{"category": "front_line", "min": 45}, {"category": "head", "max": 10}]}`, nil},
		{`{"min_membership_rate": 101}`, []string{"rules.min_membership_rate"}},
		{`{"shares": [{"category": "poets", "min": 5}]}`, []string{"rules.shares.0.category"}},
		{`{"shares": [{"category": "head"}]}`, []string{"rules.shares.0"}},
		{`{"shares": [{"category": "head", "min": 20, "max": 10}]}`, []string{"rules.shares.0.max"}},
		{`{"shares": [{"category": "head", "max": 10}, {"category": "head", "max": 5}]}`, []string{"rules.shares.1.category"}},
		{`{"min_membership_rate": "ninety"}`, []string{"rules.min_membership_rate"}},
		{`{"quorum": 3}`, []string{"rules"}},
		{`{"congress": true} {}`, []string{"rules"}},
		{`[`, []string{"rules"}},
	} {
		_, err := ParseHonourRules([]byte(c.text))
		var got []string
		if v, ok := err.(*ValidationError); ok {
			for f := range v.Fields {
				got = append(got, f)
			}
			slices.Sort(got)
		} else if err != nil {
			t.Errorf("%s: not a field error: %v", c.text, err)
		}
		if !slices.Equal(got, c.fields) {
			t.Errorf("%s: fields %v, want %v", c.text, got, c.fields)
		}
	}
}

func TestHonourRoundRulesFitTheKind(t *testing.T) {
	today := NewDate(2017, 3, 1)
	in := HonourRoundInput{Kind: "模范职工之家", Level: "市级", Year: 2017, OrgID: 1, Title: "2017年度北京市模范职工之家", Quota: 90,
		Rules: []byte(`{"shares": [{"category": "head", "max": 10}]}`)}
	v := &ValidationError{}
	in.Validate(v, today)
	if _, ok := v.Fields["rules.shares"]; !ok || in.Kind != HonourModelHome || in.Level != HonourCity {
		t.Errorf("shares on a union's round: %v (%s %s)", v.Fields, in.Kind, in.Level)
	}
	in = HonourRoundInput{Kind: HonourModelWorker, Level: HonourCity, Year: 2017, OrgID: 1, Title: "劳模", Quota: 0, Rules: []byte(`{"congress": true}`)}
	v = &ValidationError{}
	in.Validate(v, today)
	for _, f := range []string{"rules", "quota"} {
		if _, ok := v.Fields[f]; !ok {
			t.Errorf("no error for %s: %v", f, v.Fields)
		}
	}
}

func TestHonourLevelBelow(t *testing.T) {
	for level, want := range map[string]string{HonourNational: HonourCity, HonourCity: HonourDistrict, HonourDistrict: "", "moon": ""} {
		if got, ok := HonourLevelBelow(level); got != want || ok != (want != "") {
			t.Errorf("below %s = %q %v", level, got, ok)
		}
	}
}

// FuzzParseHonourRules: any text is parsed or refused with field errors,
// never a panic, and rules that parse read the same once stored.
func FuzzParseHonourRules(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"lower_title":true,"min_membership_rate":90}`,
		`{"shares":[{"category":"front_line","min":45},{"category":"head","max":10}]}`, `{"shares":[{"category":"x"}]}`, `[1,2]`, `{"min_membership_rate":1e99}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseHonourRules(data)
		if err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("not a field error: %v", err)
			}
			return
		}
		again, err := ParseHonourRules([]byte(r.JSON()))
		if err != nil || again.JSON() != r.JSON() {
			t.Fatalf("stored %s reads %s, %v", r.JSON(), again.JSON(), err)
		}
	})
}
