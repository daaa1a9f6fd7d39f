package gonghui

import (
	"strings"
	"testing"
)

func TestActivationCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := NewActivationCode()
		if len(c) != 14 || c[4] != '-' || c[9] != '-' {
			t.Fatalf("code %q is not grouped by four", c)
		}
		bare, err := ParseActivationCode(c)
		if err != nil || len(bare) != ActivationCodeLen || FormatActivationCode(bare) != c {
			t.Fatalf("code %q parses as %q, %v", c, bare, err)
		}
		if seen[c] {
			t.Fatalf("code %q drawn twice", c)
		}
		seen[c] = true
	}
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"3467-9ACD-EFGH", "34679ACDEFGH", true},
		{" 3467 9acd efgh ", "34679ACDEFGH", true},
		{"34679ACDEFGH", "34679ACDEFGH", true},
		{"3467-9ACD-EFG", "", false},   // 11 characters
		{"3467-9ACD-EFGHJ", "", false}, // 13
		{"0467-9ACD-EFGH", "", false},  // 0 is never drawn
		{"3467-9ACD-EFGO", "", false},
		{"３467-9ACD-EFGH", "", false}, // a full-width digit
		{"", "", false},
	} {
		got, err := ParseActivationCode(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseActivationCode(%q) = %q, %v; want %q ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && fieldOf(err) != "code" {
			t.Errorf("ParseActivationCode(%q): refused on %q", tc.in, fieldOf(err))
		}
	}
}

func fieldOf(err error) string {
	if v, ok := err.(*ValidationError); ok {
		for f, m := range v.Fields {
			if m.Zh == "" || m.En == "" {
				return "untranslated"
			}
			return f
		}
	}
	return ""
}

func TestSMSCodesAndMobiles(t *testing.T) {
	for range 100 {
		c := NewSMSCode()
		if got, err := ParseSMSCode(c); err != nil || got != c {
			t.Fatalf("code %q: %q, %v", c, got, err)
		}
	}
	for _, tc := range []struct {
		in string
		ok bool
	}{{"123456", true}, {" 012345 ", true}, {"12345", false}, {"1234567", false}, {"12a456", false}, {"", false}} {
		if _, err := ParseSMSCode(tc.in); (err == nil) != tc.ok || err != nil && fieldOf(err) != "sms_code" {
			t.Errorf("ParseSMSCode(%q): %v", tc.in, err)
		}
	}
	for _, tc := range []struct {
		in, want string
	}{{"13800138000", "13800138000"}, {"138 0013 8000", "13800138000"}, {"+86 138-0013-8000", "13800138000"}, {"1380013800", ""}, {"23800138000", ""}, {"010-12345678", ""}} {
		got, err := ParseMobile(tc.in)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("ParseMobile(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for in, want := range map[string]string{"BJ-00012345": "*******2345", "1234": "****", "": ""} {
		if got := MaskCardNo(in); got != want {
			t.Errorf("MaskCardNo(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseActivationCode(f *testing.F) {
	for _, s := range []string{"3467-9ACD-EFGH", " 3467 9acd efgh ", "", "0000", "ǅ3467-9ACD-EFGH", "3467-9ACD-EFGH-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bare, err := ParseActivationCode(s)
		if err != nil {
			if fieldOf(err) != "code" {
				t.Fatalf("%q refused on %q", s, fieldOf(err))
			}
			return
		}
		if len(bare) != ActivationCodeLen || strings.Trim(bare, activationAlphabet) != "" {
			t.Fatalf("%q parsed as %q", s, bare)
		}
		if again, err := ParseActivationCode(FormatActivationCode(bare)); err != nil || again != bare {
			t.Fatalf("%q: the printed form %q reads back as %q, %v", s, FormatActivationCode(bare), again, err)
		}
	})
}

func FuzzParseSMSCode(f *testing.F) {
	for _, s := range []string{"123456", " 123456", "12345", "１23456", "+12345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := ParseSMSCode(s)
		if err != nil {
			if fieldOf(err) != "sms_code" {
				t.Fatalf("%q refused on %q", s, fieldOf(err))
			}
			return
		}
		if len(code) != SMSCodeLen || strings.Trim(code, "0123456789") != "" || !strings.Contains(s, code) {
			t.Fatalf("%q parsed as %q", s, code)
		}
	})
}

func FuzzParseMobile(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 138 0013 8000", "1", "１３８００１３８０００"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseMobile(s)
		if err != nil {
			if fieldOf(err) != "phone" {
				t.Fatalf("%q refused on %q", s, fieldOf(err))
			}
			return
		}
		if len(p) != 11 || p[0] != '1' || strings.Trim(p, "0123456789") != "" {
			t.Fatalf("%q parsed as %q", s, p)
		}
	})
}
