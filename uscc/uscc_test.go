package uscc

import (
	"errors"
	"strings"
	"testing"
)

// All codes in these tests are synthetic: an invented 17-character prefix
// plus the check character computed by Checksum.

// mk appends the check character to a 17-character prefix.
func mk(t testing.TB, first17 string) string {
	t.Helper()
	c, ok := Checksum(first17)
	if !ok {
		t.Fatalf("Checksum(%q) not ok", first17)
	}
	return first17 + string(c)
}

// wrongCheck returns the prefix with a check character that is not the right one.
func wrongCheck(t testing.TB, first17 string) string {
	t.Helper()
	c, ok := Checksum(first17)
	if !ok {
		t.Fatalf("Checksum(%q) not ok", first17)
	}
	if c == '0' {
		return first17 + "1"
	}
	return first17 + "0"
}

func TestChecksum(t *testing.T) {
	// Expected values computed independently (Python, weights 3^(i-1) mod 31).
	vectors := map[string]byte{
		"91110105MA01ABCD1": '3',
		"81110105MA01XY203": 'G',
		"12100000400012345": 'P',
		"51440300MJL000001": '5',
		"92320102MA1QWERT4": '9',
		"Y1110105MA01ABC00": 'W',
		"N2330102MA2B00007": '7',
		"91110105MA01ABCDX": 'R',
	}
	for p, want := range vectors {
		got, ok := Checksum(p)
		if !ok || got != want {
			t.Errorf("Checksum(%q) = %q, %v; want %q, true", p, got, ok, want)
		}
	}
	// Property: the weighted sum over all 18 positions (weight 1 for the
	// check character) is 0 mod 31.
	for _, p := range []string{"00000000000000000", "YYYYYYYYYYYYYYYYY", "91110105MA01ABCD1", "0123456789ABCDEFG"} {
		full := mk(t, p)
		sum, w := 0, 1
		for i := 0; i < 17; i++ {
			sum += strings.IndexByte(Alphabet, full[i]) * w
			w = w * 3 % 31
		}
		sum += strings.IndexByte(Alphabet, full[17])
		if sum%31 != 0 {
			t.Errorf("%s: weighted sum mod 31 = %d", full, sum%31)
		}
	}
	for _, bad := range []string{"", "91110105MA01ABCD", "91110105MA01ABCD12", "91110105MA01ABCDI", "91110105MA01ABCDO", "91110105ma01abcd1", "91110105MA01ABCＤ1"} {
		if c, ok := Checksum(bad); ok || c != 0 {
			t.Errorf("Checksum(%q) = %q, %v; want 0, false", bad, c, ok)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"91110105ma01abcd13", "91110105MA01ABCD13"},
		{" 9111 0105 MA01 ABCD 13\t\r\n", "91110105MA01ABCD13"},
		{"\u300091110105MA01ABCD13\u3000", "91110105MA01ABCD13"},
		{"９１１１０１０５ＭＡ０１ＡＢＣＤ１３", "91110105MA01ABCD13"},
		{"９１１１０１０５ｍａ０１ａｂｃｄ１３", "91110105MA01ABCD13"},
		{"\u200b91110105MA01ABCD13\ufeff", "91110105MA01ABCD13"},
		{"'91110105MA01ABCD13", "91110105MA01ABCD13"},
		{"12345678-9", "12345678-9"},
		{"工会", "工会"},
	}
	for _, tt := range tests {
		got := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Normalize(got); again != got {
			t.Errorf("Normalize not idempotent on %q: %q", got, again)
		}
	}
}

func TestParseValid(t *testing.T) {
	enterprise := mk(t, "91110105MA01ABCD1")
	tests := []struct {
		name string
		in   string
		want Code
	}{
		{"enterprise", enterprise, Code{Value: enterprise, Authority: '9', Kind: '1', Region: "110105", OrgCode: "MA01ABCD1"}},
		{"lower-case with spaces", " " + strings.ToLower(enterprise[:8]) + " " + strings.ToLower(enterprise[8:]) + "\u3000", Code{Value: enterprise, Authority: '9', Kind: '1', Region: "110105", OrgCode: "MA01ABCD1"}},
		{"full-width", "９１１１０１０５ＭＡ０１ＡＢＣＤ１" + string(rune(enterprise[17])+0xFEE0), Code{Value: enterprise, Authority: '9', Kind: '1', Region: "110105", OrgCode: "MA01ABCD1"}},
		{"grassroots union", mk(t, "81110105MA01XY203"), Code{Value: mk(t, "81110105MA01XY203"), Authority: '8', Kind: '1', Region: "110105", OrgCode: "MA01XY203"}},
		{"national-level region", mk(t, "12100000400012345"), Code{Value: mk(t, "12100000400012345"), Authority: '1', Kind: '2', Region: "100000", OrgCode: "400012345"}},
		{"social organisation", mk(t, "51440300MJL000001"), Code{Value: mk(t, "51440300MJL000001"), Authority: '5', Kind: '1', Region: "440300", OrgCode: "MJL000001"}},
		{"individual business", mk(t, "92320102MA1QWERT4"), Code{Value: mk(t, "92320102MA1QWERT4"), Authority: '9', Kind: '2', Region: "320102", OrgCode: "MA1QWERT4"}},
		{"other authority", mk(t, "Y1110105MA01ABC00"), Code{Value: mk(t, "Y1110105MA01ABC00"), Authority: 'Y', Kind: '1', Region: "110105", OrgCode: "MA01ABC00"}},
		{"agriculture", mk(t, "N2330102MA2B00007"), Code{Value: mk(t, "N2330102MA2B00007"), Authority: 'N', Kind: '2', Region: "330102", OrgCode: "MA2B00007"}},
		{"military", mk(t, "A1650100MA00000X1"), Code{Value: mk(t, "A1650100MA00000X1"), Authority: 'A', Kind: '1', Region: "650100", OrgCode: "MA00000X1"}},
		{"Excel text prefix", "'" + enterprise, Code{Value: enterprise, Authority: '9', Kind: '1', Region: "110105", OrgCode: "MA01ABCD1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			strict, err := ParseStrict(tt.in)
			if err != nil || strict != tt.want {
				t.Errorf("ParseStrict(%q) = %+v, %v", tt.in, strict, err)
			}
		})
	}
}

func TestParseAuthorityKind(t *testing.T) {
	valid := map[byte]string{
		'1': "1239", '2': "19", '3': "1234569", '4': "19", '5': "123459",
		'6': "129", '7': "129", '8': "129", '9': "1239", 'A': "19",
		'G': "19", 'J': "19", 'N': "1239", 'Q': "1239", 'Y': "1",
	}
	for i := 0; i < len(Alphabet); i++ {
		auth := Alphabet[i]
		for j := 0; j < len(Alphabet); j++ {
			kind := Alphabet[j]
			code := mk(t, string([]byte{auth, kind})+"110105MA01ABCD1")
			_, err := Parse(code)
			kinds, authOK := valid[auth]
			switch {
			case !authOK:
				if !errors.Is(err, &Error{Code: ErrCodeAuthority}) {
					t.Errorf("%c%c: got %v, want authority error", auth, kind, err)
				}
			case strings.IndexByte(kinds, kind) < 0:
				if !errors.Is(err, &Error{Code: ErrCodeKind}) {
					t.Errorf("%c%c: got %v, want kind error", auth, kind, err)
				}
			case err != nil:
				t.Errorf("%c%c: %v", auth, kind, err)
			}
			_, _, aok := AuthorityName(auth)
			_, _, kok := KindName(auth, kind)
			if aok != authOK || kok != (authOK && strings.IndexByte(kinds, kind) >= 0) {
				t.Errorf("%c%c: AuthorityName ok=%v KindName ok=%v", auth, kind, aok, kok)
			}
		}
	}
	if zh, en, ok := AuthorityName('8'); !ok || zh != "工会" || en != "trade union" {
		t.Errorf("AuthorityName('8') = %q, %q, %v", zh, en, ok)
	}
	if zh, _, ok := KindName('8', '1'); !ok || zh != "基层工会" {
		t.Errorf("KindName('8','1') = %q, %v", zh, ok)
	}
	if _, _, ok := KindName('Z', '1'); ok {
		t.Error("KindName of unknown authority ok")
	}
}

func TestParseRegion(t *testing.T) {
	valid := map[string]bool{}
	for _, p := range strings.Fields("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83") {
		valid[p] = true
	}
	for i := 0; i < 100; i++ {
		p := string(rune('0'+i/10)) + string(rune('0'+i%10))
		_, err := Parse(mk(t, "91"+p+"0105MA01ABCD1"))
		if valid[p] && err != nil {
			t.Errorf("region %s0105 rejected: %v", p, err)
		}
		if !valid[p] && !errors.Is(err, &Error{Code: ErrCodeRegion}) {
			t.Errorf("region %s0105: got %v, want region error", p, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, code string
		zh, en         string // substrings expected in the messages
	}{
		{"empty", "", ErrCodeEmpty, "请输入", "empty"},
		{"only spaces", " \u3000 ", ErrCodeEmpty, "", ""},
		{"too short", "91110105MA01ABCD1", ErrCodeLength, "实际为 17 位", "got 17"},
		{"too long", "91110105MA01ABCD133", ErrCodeLength, "实际为 19 位", "got 19"},
		{"old registration number", "110105012345678", ErrCodeLength, "工商注册号", "business registration number"},
		{"old organisation code", "MA01ABCD1", ErrCodeLength, "组织机构代码", "organisation code"},
		{"old organisation code with hyphen", "12345678-9", ErrCodeLength, "组织机构代码", "organisation code"},
		{"letter O", "91110105MA01OBCD13", ErrCodeChars, "第 13 位", "did you mean the digit 0"},
		{"letter I", "9111I105MA01ABCD13", ErrCodeChars, "是否应为数字 1", "position 5"},
		{"letter Z", "91110105MA01ABCZ13", ErrCodeChars, "数字 2", "'Z'"},
		{"letter S", "S1110105MA01ABCD13", ErrCodeChars, "第 1 位", "digit 5"},
		{"letter V", "91110105MA01ABCD1V", ErrCodeChars, "第 18 位", "'V'"},
		{"hyphen", "91110105-MA01ABCD1", ErrCodeChars, "第 9 位", "'-'"},
		{"chinese char", "91110105MA01ABCD1号", ErrCodeChars, "第 18 位", "position 18"},
		{"authority 0", mk(t, "01110105MA01ABCD1"), ErrCodeAuthority, "登记管理部门代码 '0'", "authority code '0'"},
		{"authority B", mk(t, "B1110105MA01ABCD1"), ErrCodeAuthority, "", ""},
		{"kind 4 for market regulation", mk(t, "94110105MA01ABCD1"), ErrCodeKind, "工商", "market regulation"},
		{"kind 3 for trade union", mk(t, "83110105MA01ABCD1"), ErrCodeKind, "1,2,9", "1,2,9"},
		{"kind 0", mk(t, "10110105MA01ABCD1"), ErrCodeKind, "", ""},
		{"kind 2 for other", mk(t, "Y2110105MA01ABCD1"), ErrCodeKind, "", ""},
		{"region province 00", mk(t, "91000000MA01ABCD1"), ErrCodeRegion, "000000", "000000"},
		{"region province 99", mk(t, "91990105MA01ABCD1"), ErrCodeRegion, "", ""},
		{"region letters", mk(t, "9111A105MA01ABCD1"), ErrCodeRegion, "", ""},
		{"region 10 but not national", mk(t, "91100105MA01ABCD1"), ErrCodeRegion, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want error %s", tt.in, c, tt.code)
			}
			if c != (Code{}) {
				t.Errorf("non-zero Code %+v with error", c)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if e.Code != tt.code {
				t.Fatalf("Parse(%q) code = %q (%v), want %q", tt.in, e.Code, e, tt.code)
			}
			if e.Zh == "" || e.En == "" {
				t.Errorf("missing message: %+v", e)
			}
			if !strings.Contains(e.Zh, tt.zh) {
				t.Errorf("Zh %q does not contain %q", e.Zh, tt.zh)
			}
			if !strings.Contains(e.En, tt.en) {
				t.Errorf("En %q does not contain %q", e.En, tt.en)
			}
			if _, serr := ParseStrict(tt.in); !errors.Is(serr, &Error{Code: tt.code}) {
				t.Errorf("ParseStrict(%q) = %v, want the same error", tt.in, serr)
			}
		})
	}
}

func TestParsePilotWarning(t *testing.T) {
	prefix := "91110105MA01ABCD1"
	bad := wrongCheck(t, prefix)
	c, err := Parse(bad)
	if err != nil {
		t.Fatalf("Parse(%q): %v", bad, err)
	}
	if c.Value != bad || c.Authority != '9' || c.Kind != '1' || c.Region != "110105" || c.OrgCode != "MA01ABCD1" {
		t.Errorf("Parse(%q) = %+v", bad, c)
	}
	if c.Warning == nil {
		t.Fatal("no warning for a code failing the checksum")
	}
	if c.Warning.Code != ErrCodeChecksumPilot || c.Warning.Zh != "校验码不符，可能是早期试点代码，请核实" || !strings.Contains(c.Warning.En, "pilot") {
		t.Errorf("warning = %+v", c.Warning)
	}
	// Lower-case input gets the same treatment.
	if c2, err := Parse(strings.ToLower(bad)); err != nil || c2.Warning == nil || c2.Value != bad {
		t.Errorf("Parse(lower) = %+v, %v", c2, err)
	}
	// The strict variant rejects it and names the expected character.
	_, err = ParseStrict(bad)
	var e *Error
	if !errors.As(err, &e) || e.Code != ErrCodeChecksum {
		t.Fatalf("ParseStrict(%q) = %v, want checksum error", bad, err)
	}
	if e.Zh != "校验码错误：应为 3" || e.En != "checksum mismatch: expected 3" {
		t.Errorf("ParseStrict message = %+v", e)
	}
	// A valid code has no warning.
	if c, err := Parse(mk(t, prefix)); err != nil || c.Warning != nil {
		t.Errorf("valid code: %+v, %v", c, err)
	}
	// Checksum failure does not excuse other faults: they are still errors.
	for _, p := range []string{"B1110105MA01ABCD1", "94110105MA01ABCD1", "91990105MA01ABCD1"} {
		if _, err := Parse(wrongCheck(t, p)); err == nil {
			t.Errorf("Parse(%q) accepted", wrongCheck(t, p))
		}
	}
}

func TestIsTradeUnion(t *testing.T) {
	tests := []struct {
		prefix string
		want   bool
	}{
		{"81110105MA01XY203", true},  // grassroots union
		{"89110105MA01XY203", true},  // other union organisation
		{"82110105MA01XY203", true},  // union organisation without legal personality
		{"91110105MA01XY203", false}, // enterprise
		{"51110105MA01XY203", false}, // social organisation
		{"Y1110105MA01XY203", false},
	}
	for _, tt := range tests {
		c, err := Parse(mk(t, tt.prefix))
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		if got := IsTradeUnion(c); got != tt.want {
			t.Errorf("IsTradeUnion(%s) = %v, want %v", c, got, tt.want)
		}
	}
	if IsTradeUnion(Code{Authority: '8', Kind: '3'}) {
		t.Error("IsTradeUnion accepted kind 3")
	}
	if IsTradeUnion(Code{}) {
		t.Error("IsTradeUnion accepted the zero Code")
	}
}

func TestErrorType(t *testing.T) {
	_, err := Parse("91110105MA01ABCD1")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T", err)
	}
	if err.Error() != e.En+" ("+e.Zh+")" {
		t.Errorf("Error() = %q", err.Error())
	}
	if e.In("en") != e.En || e.In("zh") != e.Zh || e.In("") != e.Zh {
		t.Error("In() picks the wrong language")
	}
	if !errors.Is(err, &Error{Code: ErrCodeLength}) || errors.Is(err, &Error{Code: ErrCodeChars}) {
		t.Error("errors.Is by code")
	}
	var nilErr *Error
	if errors.Is(err, nilErr) {
		t.Error("errors.Is matched a nil *Error")
	}
}
