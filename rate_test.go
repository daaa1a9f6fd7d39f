package gonghui_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"gonghui"
)

func TestParseRateDefinition(t *testing.T) {
	for _, d := range gonghui.DefaultRates {
		b, _ := json.Marshal(d)
		if _, err := gonghui.ParseRateDefinition(b); err != nil {
			t.Errorf("default %s does not validate: %v", d.Key, err)
		}
	}
	bad := map[string]string{
		`{"key":"X","name":{"zh":"a","en":"b"},"numerator":"contract"}`:                                                  "key",
		`{"key":"r","name":{"zh":"a"},"numerator":"contract"}`:                                                           "name",
		`{"key":"r","name":{"zh":"a","en":"b"},"numerator":"votes"}`:                                                     "numerator",
		`{"key":"r","name":{"zh":"a","en":"b"},"numerator":"contract","denominator":{"min_staff":-1}}`:                   "denominator",
		`{"key":"r","name":{"zh":"a","en":"b"},"numerator":"contract","denominator":{"ownership_in":["x"]}}`:             "denominator",
		`{"key":"r","name":{"zh":"a","en":"b"},"numerator":"employee_director","denominator":{"legal_form_in":["plc"]}}`: "denominator",
		`{"key":`: "definition",
	}
	for in, field := range bad {
		_, err := gonghui.ParseRateDefinition([]byte(in))
		v, ok := err.(*gonghui.ValidationError)
		if !ok || v.Fields[field].Zh == "" {
			t.Errorf("%s: %v, want an error on %s", in, err, field)
		}
	}
	r := gonghui.RateResult{Numerator: 87400, Denominator: 93476}
	if p := r.Percent(); p < 93.4 || p > 93.6 {
		t.Errorf("percent %.2f", p)
	}
	b, _ := json.Marshal(r)
	if !json.Valid(b) || !strings.Contains(string(b), `"percent":93.5`) {
		t.Errorf("json %s", b)
	}
}

// The director rates' denominator takes companies of any size, and only
// units the employer register gave a legal form.
func TestUnitRuleLegalForm(t *testing.T) {
	i := slices.IndexFunc(gonghui.DefaultRates, func(d gonghui.RateDefinition) bool { return d.Key == "employee_director_rate" })
	if i < 0 {
		t.Fatal("employee_director_rate is not shipped")
	}
	d := gonghui.DefaultRates[i]
	for _, c := range []struct {
		form  string
		staff int
		want  bool
	}{
		{gonghui.LegalFormLLC, 3, true},
		{gonghui.LegalFormJointStock, 5000, true},
		{gonghui.LegalFormSole, 30, false},
		{gonghui.LegalFormPartnership, 300, false},
		{"", 300, false},
	} {
		if got := d.Denominator.Holds(gonghui.OwnershipPrivate, false, c.staff, c.form); got != c.want {
			t.Errorf("%q with %d staff: holds %v, want %v", c.form, c.staff, got, c.want)
		}
	}
}

func FuzzParseRateDefinition(f *testing.F) {
	b, _ := json.Marshal(gonghui.DefaultRates[0])
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := gonghui.ParseRateDefinition(b)
		if err != nil {
			return
		}
		again, _ := json.Marshal(d)
		if _, err := gonghui.ParseRateDefinition(again); err != nil {
			t.Errorf("valid definition does not survive a round trip: %v", err)
		}
	})
}
