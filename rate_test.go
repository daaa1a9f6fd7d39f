package gonghui_test

import (
	"encoding/json"
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
		`{"key":"X","name":{"zh":"a","en":"b"},"numerator":"contract"}`:                                      "key",
		`{"key":"r","name":{"zh":"a"},"numerator":"contract"}`:                                               "name",
		`{"key":"r","name":{"zh":"a","en":"b"},"numerator":"votes"}`:                                         "numerator",
		`{"key":"r","name":{"zh":"a","en":"b"},"numerator":"contract","denominator":{"min_staff":-1}}`:       "denominator",
		`{"key":"r","name":{"zh":"a","en":"b"},"numerator":"contract","denominator":{"ownership_in":["x"]}}`: "denominator",
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
