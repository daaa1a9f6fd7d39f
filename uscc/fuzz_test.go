package uscc

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

var knownCodes = map[string]bool{
	ErrCodeEmpty: true, ErrCodeLength: true, ErrCodeChars: true,
	ErrCodeAuthority: true, ErrCodeKind: true, ErrCodeRegion: true,
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", " ", "工会", "'", "12345678-9", "110105012345678",
		mk(f, "91110105MA01ABCD1"),
		mk(f, "81110105MA01XY203"),
		mk(f, "12100000400012345"),
		strings.ToLower(mk(f, "51440300MJL000001")),
		wrongCheck(f, "91110105MA01ABCD1"),
		"９１１１０１０５ＭＡ０１ＡＢＣＤ１３",
		"\u3000 9111 0105 MA01 ABCD 13\u200b",
		"91110105MA01OBCD13",
		"B1110105MA01ABCD13",
		"\xff\xfe91110105",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		c, err := Parse(s)
		strict, serr := ParseStrict(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if !knownCodes[e.Code] || e.Zh == "" || e.En == "" {
				t.Fatalf("bad error %+v", e)
			}
			if c != (Code{}) {
				t.Fatalf("non-zero Code %+v with error", c)
			}
			if !errors.Is(serr, e) {
				t.Fatalf("ParseStrict error %v differs from Parse error %v", serr, err)
			}
			return
		}

		v := c.Value
		if v != n || Normalize(v) != v || utf8.RuneCountInString(v) != 18 || len(v) != 18 {
			t.Fatalf("Value %q for normalized input %q", v, n)
		}
		if c.Authority != v[0] || c.Kind != v[1] || c.Region != v[2:8] || c.OrgCode != v[8:17] {
			t.Fatalf("fields %+v do not match %q", c, v)
		}
		if _, _, ok := KindName(c.Authority, c.Kind); !ok {
			t.Fatalf("accepted unknown authority/kind %c%c", c.Authority, c.Kind)
		}
		if !validRegion(c.Region) {
			t.Fatalf("accepted region %q", c.Region)
		}
		want, ok := Checksum(v[:17])
		if !ok {
			t.Fatalf("Checksum(%q) not ok for an accepted code", v[:17])
		}
		if (want == v[17]) != (c.Warning == nil) {
			t.Fatalf("Warning %+v inconsistent with checksum %c for %q", c.Warning, want, v)
		}
		if c.Warning != nil {
			if c.Warning.Code != ErrCodeChecksumPilot || c.Warning.Zh == "" || c.Warning.En == "" {
				t.Fatalf("bad warning %+v", c.Warning)
			}
			if !errors.Is(serr, &Error{Code: ErrCodeChecksum}) || strict != (Code{}) {
				t.Fatalf("ParseStrict = %+v, %v; want checksum error", strict, serr)
			}
		} else if serr != nil || strict != c {
			t.Fatalf("ParseStrict = %+v, %v; want %+v", strict, serr, c)
		}
		if IsTradeUnion(c) != (c.Authority == '8') {
			t.Fatalf("IsTradeUnion(%q) = %v", v, IsTradeUnion(c))
		}

		again, err := Parse(v)
		if err != nil {
			t.Fatalf("re-parsing %q: %v", v, err)
		}
		if (again.Warning == nil) != (c.Warning == nil) {
			t.Fatalf("re-parse warning %v, first %v", again.Warning, c.Warning)
		}
		again.Warning, c.Warning = nil, nil
		if again != c {
			t.Fatalf("re-parse = %+v, want %+v", again, c)
		}
	})
}
