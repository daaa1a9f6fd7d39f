package idcard

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

var knownCodes = map[string]bool{
	ErrCodeEmpty: true, ErrCodeLength: true, ErrCodeChars: true,
	ErrCodeProvince: true, ErrCodeBirth: true, ErrCodeChecksum: true,
	ErrCodeExcelScientific: true, ErrCodeExcelZeroed: true,
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", " ", "abc", "X", "'",
		mk(f, "11010519900307123"),
		mk(f, "44030420000229456"),
		mk(f, "81000019951231002"),
		strings.ToLower(mk(f, "32010219850615007")),
		"110105900307123",
		"11010590030712X",
		"110105199003071000",
		"1.10105E+17",
		"1.10105199001011E+17",
		"１１０１０５１９９００３０７１２３Ｘ",
		"\u3000110105 19900307 123X\u200b",
		"11010519900307X123",
		mk(f, "11010519000229123"),
		mk(f, "11010520990101123"),
		"\xff\xfe110105",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		checkMask(t, s)

		id, err := ParseAt(s, today)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if !knownCodes[e.Code] || e.Zh == "" || e.En == "" {
				t.Fatalf("bad error %+v", e)
			}
			if id != (ID{}) {
				t.Fatalf("non-zero ID %+v with error", id)
			}
			return
		}

		num := id.Number
		if Normalize(num) != num {
			t.Fatalf("Number %q is not normalized", num)
		}
		if len(num) != 18 || Checksum(num[:17]) != num[17] {
			t.Fatalf("Number %q fails its own checksum", num)
		}
		if id.Upgraded != (utf8.RuneCountInString(n) == 15) {
			t.Fatalf("Upgraded = %v for normalized input %q", id.Upgraded, n)
		}
		if !id.Upgraded && num != n {
			t.Fatalf("Number %q differs from normalized input %q", num, n)
		}
		if id.Province != num[:2] {
			t.Fatalf("Province %q for %q", id.Province, num)
		}
		if id.Birth.String() != num[6:10]+"-"+num[10:12]+"-"+num[12:14] {
			t.Fatalf("Birth %v for %q", id.Birth, num)
		}
		if !id.Birth.Valid() || id.Birth.Year < 1900 || id.Birth.Compare(today) > 0 {
			t.Fatalf("accepted birth date %v", id.Birth)
		}
		if wantMale := (num[16]-'0')%2 == 1; (id.Sex == SexMale) != wantMale || (id.Sex != SexMale && id.Sex != SexFemale) {
			t.Fatalf("Sex %v for %q", id.Sex, num)
		}

		again, err := ParseAt(num, today)
		if err != nil {
			t.Fatalf("re-parsing %q: %v", num, err)
		}
		want := id
		want.Upgraded = false
		if again != want {
			t.Fatalf("re-parse = %+v, want %+v", again, want)
		}

		if m := Mask(num); m[6:14] != "********" || m[:6] != num[:6] || m[14:] != num[14:] {
			t.Fatalf("Mask(%q) = %q", num, m)
		}
		if id.String() != Mask(num) {
			t.Fatalf("ID.String() = %q", id.String())
		}
	})
}

// checkMask verifies that Mask never shows more than the first 6 and last 4
// characters of the normalized input, never any birth-date position, and keeps
// the length.
func checkMask(t *testing.T, s string) {
	t.Helper()
	in := []rune(Normalize(s))
	out := []rune(Mask(s))
	if len(out) != len(in) {
		t.Fatalf("Mask(%q) = %q: length %d, want %d", s, string(out), len(out), len(in))
	}
	shown := 0
	for i, r := range out {
		if r == '*' {
			continue
		}
		shown++
		if r != in[i] {
			t.Fatalf("Mask(%q) = %q: position %d altered", s, string(out), i+1)
		}
		if i >= 6 && i < len(out)-4 {
			t.Fatalf("Mask(%q) = %q reveals position %d", s, string(out), i+1)
		}
		if len(out) < 18 && i >= 6 && i < 12 {
			t.Fatalf("Mask(%q) = %q reveals a legacy birth-date position %d", s, string(out), i+1)
		}
	}
	if shown > 10 || (len(out) < 15 && shown > 0) {
		t.Fatalf("Mask(%q) = %q shows %d characters", s, string(out), shown)
	}
}
