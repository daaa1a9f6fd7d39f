package idcard

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// All numbers in these tests are synthetic: an invented 17-digit prefix plus
// the check character computed by Checksum.

// today is the fixed "current date" used with ParseAt.
var today = Date{Year: 2026, Month: time.March, Day: 15}

// mk appends the check character to a 17-digit prefix.
func mk(t testing.TB, first17 string) string {
	t.Helper()
	c := Checksum(first17)
	if c == 0 {
		t.Fatalf("Checksum(%q) = 0", first17)
	}
	return first17 + string(c)
}

// wrongCheck returns the prefix with a check character that is not the right one.
func wrongCheck(t testing.TB, first17 string) string {
	t.Helper()
	c := Checksum(first17)
	for _, w := range []byte("0123456789X") {
		if w != c {
			return first17 + string(w)
		}
	}
	panic("unreachable")
}

// checkValue is the numeric value of a check character (X is 10).
func checkValue(c byte) int {
	if c == 'X' {
		return 10
	}
	return int(c - '0')
}

func TestChecksum(t *testing.T) {
	// Expected values computed independently (Python, 2^(17-i) mod 11 weights).
	vectors := map[string]byte{
		"11010519900307123": '9',
		"44030420000229456": '8',
		"11010519900307100": '1',
		"32010219850615007": '3',
		"81000019951231002": '1',
		"11010520000101000": '8',
	}
	for p, want := range vectors {
		if got := Checksum(p); got != want {
			t.Errorf("Checksum(%q) = %q, want %q", p, got, want)
		}
	}
	// ISO 7064 MOD 11-2 property: sum of a_i * 2^(18-i) over all 18
	// positions is 1 mod 11.
	for _, p := range []string{"00000000000000000", "99999999999999999", "12345678901234567", "11010519900307123", "65010119991231998"} {
		full := mk(t, p)
		sum, w := 0, 1
		for i := 17; i >= 0; i-- {
			sum += checkValue(full[i]) * w
			w = w * 2 % 11
		}
		if sum%11 != 1 {
			t.Errorf("%s: weighted sum mod 11 = %d, want 1", full, sum%11)
		}
	}
	for _, bad := range []string{"", "1101051990030712", "110105199003071234", "1101051990030712X", "１1010519900307123", "1101051990030712a"} {
		if got := Checksum(bad); got != 0 {
			t.Errorf("Checksum(%q) = %q, want 0", bad, got)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"11010519900307123x", "11010519900307123X"},
		{"11010519900307123X", "11010519900307123X"},
		{"  110105 19900307 123x\t\n", "11010519900307123X"},
		{"\u3000110105\u300019900307123X\u3000", "11010519900307123X"},
		{"１１０１０５１９９００３０７１２３Ｘ", "11010519900307123X"},
		{"１１０１０５１９９００３０７１２３ｘ", "11010519900307123X"},
		{"\u00a0110105\u200b19900307123X\ufeff", "11010519900307123X"},
		{"'11010519900307123X", "11010519900307123X"},
		{"1.10105E+17", "1.10105E+17"},
		{"１．１０１０５Ｅ＋１７", "1.10105E+17"},
		{"abc", "abc"},
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
	male := mk(t, "11010519900307123")   // digit 17 = 3, odd
	female := mk(t, "44030420000229456") // 2000-02-29 (leap year), digit 17 = 6
	xCheck := ""                         // a number whose check character is X
	for seq := 0; seq < 100 && xCheck == ""; seq++ {
		// search a made-up sequence number giving X
		if p := fmt.Sprintf("320102198506150%02d", seq); Checksum(p) == 'X' {
			xCheck = p + "X"
		}
	}
	if xCheck == "" {
		t.Fatal("no synthetic prefix with check character X found")
	}
	old := "110105900307123" // legacy 15-digit: 110105 + 900307 + 123
	oldUpgraded := mk(t, "11010519900307123")
	oldFemale := "320102850615008"

	tests := []struct {
		name string
		in   string
		want ID
	}{
		{"male", male, ID{Number: male, Birth: Date{1990, time.March, 7}, Sex: SexMale, Province: "11"}},
		{"female leap day", female, ID{Number: female, Birth: Date{2000, time.February, 29}, Sex: SexFemale, Province: "44"}},
		{"check X", xCheck, ID{Number: xCheck, Birth: Date{1985, time.June, 15}, Sex: Sex(2 - int(xCheck[16]-'0')%2), Province: "32"}},
		{"check x lower-case", strings.ToLower(xCheck), ID{Number: xCheck, Birth: Date{1985, time.June, 15}, Sex: Sex(2 - int(xCheck[16]-'0')%2), Province: "32"}},
		{"full-width and spaces", "\u3000１１０１０５ １９９００３０７ １２３" + male[17:] + " ", ID{Number: male, Birth: Date{1990, time.March, 7}, Sex: SexMale, Province: "11"}},
		{"15-digit upgraded", old, ID{Number: oldUpgraded, Birth: Date{1990, time.March, 7}, Sex: SexMale, Province: "11", Upgraded: true}},
		{"15-digit female", oldFemale, ID{Number: mk(t, "32010219850615008"), Birth: Date{1985, time.June, 15}, Sex: SexFemale, Province: "32", Upgraded: true}},
		{"born today", mk(t, "11010520260315001"), ID{Number: mk(t, "11010520260315001"), Birth: today, Sex: SexMale, Province: "11"}},
		{"born 1900-01-01", mk(t, "11010519000101002"), ID{Number: mk(t, "11010519000101002"), Birth: Date{1900, time.January, 1}, Sex: SexFemale, Province: "11"}},
		{"Hong Kong permit", mk(t, "81000019951231002"), ID{Number: mk(t, "81000019951231002"), Birth: Date{1995, time.December, 31}, Sex: SexFemale, Province: "81"}},
		{"Macau permit", mk(t, "82000019951231011"), ID{Number: mk(t, "82000019951231011"), Birth: Date{1995, time.December, 31}, Sex: SexMale, Province: "82"}},
		{"Taiwan permit", mk(t, "83000019951231011"), ID{Number: mk(t, "83000019951231011"), Birth: Date{1995, time.December, 31}, Sex: SexMale, Province: "83"}},
		{"Taiwan province", mk(t, "71000019951231011"), ID{Number: mk(t, "71000019951231011"), Birth: Date{1995, time.December, 31}, Sex: SexMale, Province: "71"}},
		{"Xinjiang", mk(t, "65010119991231998"), ID{Number: mk(t, "65010119991231998"), Birth: Date{1999, time.December, 31}, Sex: SexFemale, Province: "65"}},
		{"Excel text prefix", "'" + male, ID{Number: male, Birth: Date{1990, time.March, 7}, Sex: SexMale, Province: "11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAt(tt.in, today)
			if err != nil {
				t.Fatalf("ParseAt(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseAt(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseProvinces(t *testing.T) {
	valid := map[string]bool{}
	for _, p := range strings.Fields("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83") {
		valid[p] = true
	}
	for i := 0; i < 100; i++ {
		p := string(rune('0'+i/10)) + string(rune('0'+i%10))
		_, err := ParseAt(mk(t, p+"010519900307123"), today)
		if valid[p] && err != nil {
			t.Errorf("province %s rejected: %v", p, err)
		}
		if !valid[p] && !errors.Is(err, &Error{Code: ErrCodeProvince}) {
			t.Errorf("province %s: got %v, want province error", p, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	// An Excel-zeroed number: 15 significant digits and "000"; make sure
	// the checksum of its prefix is not '0', otherwise it would be valid.
	zeroed := "110105199003071000"
	if Checksum(zeroed[:17]) == '0' {
		t.Fatal("test premise broken: zeroed number has a valid checksum")
	}
	tests := []struct {
		name, in, code string
		zh, en         string // substrings expected in the messages
	}{
		{"empty", "", ErrCodeEmpty, "请输入", "empty"},
		{"only spaces", " \u3000\t", ErrCodeEmpty, "", ""},
		{"excel short mantissa", "1.10105E+17", ErrCodeExcelScientific, "Excel", "scientific notation"},
		{"excel long mantissa", "1.10105199001011E+17", ErrCodeExcelScientific, "文本", "Text"},
		{"excel lower-case e", "1.10105e+17", ErrCodeExcelScientific, "", ""},
		{"excel no sign", "1.10105E17", ErrCodeExcelScientific, "", ""},
		{"excel comma", "1,10105E+17", ErrCodeExcelScientific, "", ""},
		{"excel full-width", "１．１０１０５Ｅ＋１７", ErrCodeExcelScientific, "", ""},
		{"excel legacy 15", "1.10105E+14", ErrCodeExcelScientific, "", ""},
		{"excel zeroed", zeroed, ErrCodeExcelZeroed, "15 位有效数字", "15 significant digits"},
		{"too short", "1101051990030712", ErrCodeLength, "实际为 16 位", "got 16"},
		{"too long", "1101051990030712345", ErrCodeLength, "实际为 19 位", "got 19"},
		{"17 digits", "11010519900307123", ErrCodeLength, "", ""},
		{"letters only", "abc", ErrCodeLength, "", ""},
		{"letter inside", "1101051990a307123X", ErrCodeChars, "第 11 位", "position 11"},
		{"hyphen", "110105-19900307123", ErrCodeChars, "第 7 位", "'-'"},
		{"chinese char", "11010519900307123号", ErrCodeChars, "第 18 位", "position 18"},
		{"X not last", "11010519900307X123", ErrCodeChars, "第 15 位不能是 X", "position 15"},
		{"X in 15-digit", "11010590030712X", ErrCodeChars, "第 15 位不能是 X", "position 15"},
		{"other letter last", "11010519900307123A", ErrCodeChars, "第 18 位", "'A'"},
		{"province 00", mk(t, "00010519900307123"), ErrCodeProvince, "00", "00"},
		{"province 99", mk(t, "99010519900307123"), ErrCodeProvince, "", ""},
		{"province 16", mk(t, "16010519900307123"), ErrCodeProvince, "", ""},
		{"province 84", mk(t, "84010519900307123"), ErrCodeProvince, "", ""},
		{"month 13", mk(t, "11010519901307123"), ErrCodeBirth, "有效", "valid calendar date"},
		{"month 00", mk(t, "11010519900007123"), ErrCodeBirth, "", ""},
		{"day 00", mk(t, "11010519900300123"), ErrCodeBirth, "", ""},
		{"day 32", mk(t, "11010519900332123"), ErrCodeBirth, "", ""},
		{"april 31", mk(t, "11010519900431123"), ErrCodeBirth, "", ""},
		{"feb 29 non-leap", mk(t, "11010519900229123"), ErrCodeBirth, "", ""},
		{"feb 29 1900", mk(t, "11010519000229123"), ErrCodeBirth, "", ""},
		{"feb 30 2000", mk(t, "11010520000230123"), ErrCodeBirth, "", ""},
		{"before 1900", mk(t, "11010518991231123"), ErrCodeBirth, "1900", "1900"},
		{"tomorrow", mk(t, "11010520260316123"), ErrCodeBirth, "晚于今天", "future"},
		{"next year", mk(t, "11010520270101123"), ErrCodeBirth, "", ""},
		{"15-digit bad date", "110105900230123", ErrCodeBirth, "", ""},
		{"15-digit bad province", "990105900307123", ErrCodeProvince, "", ""},
		{"checksum", wrongCheck(t, "11010519900307123"), ErrCodeChecksum, "校验码错误：应为 9", "checksum mismatch: expected 9"},
		{"checksum other prefix", wrongCheck(t, "32010219850615007"), ErrCodeChecksum, "", ""},
		{"checksum ends in 002", "110105199003071002", ErrCodeChecksum, "应为 1", "expected 1"}, // Checksum is '1'
		{"checksum of zeros", "110105199003071000"[:17] + "X", ErrCodeChecksum, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseAt(tt.in, today)
			if err == nil {
				t.Fatalf("ParseAt(%q) = %+v, want error %s", tt.in, id, tt.code)
			}
			if id != (ID{}) {
				t.Errorf("ParseAt(%q) returned non-zero ID %+v with error", tt.in, id)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if e.Code != tt.code {
				t.Fatalf("ParseAt(%q) code = %q (%v), want %q", tt.in, e.Code, e, tt.code)
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
			// Messages must not leak the number or the birth date.
			n := Normalize(tt.in)
			if len(n) >= 14 && (strings.Contains(e.Error(), n) || strings.Contains(e.Error(), n[6:14])) {
				t.Errorf("message leaks the number: %v", e)
			}
		})
	}
}

func TestParseExcelZeroedLookalikeAccepted(t *testing.T) {
	// A genuine number may end in "000" if its check character is 0: it
	// must be accepted, not reported as Excel damage.
	for day := 1; day <= 28; day++ {
		p := "110105199003" + string(rune('0'+day/10)) + string(rune('0'+day%10)) + "100"
		if Checksum(p) != '0' {
			continue
		}
		id, err := ParseAt(p+"0", today)
		if err != nil {
			t.Fatalf("ParseAt(%q): %v", p+"0", err)
		}
		if id.Number != p+"0" {
			t.Fatalf("Number = %q", id.Number)
		}
		return
	}
	t.Fatal("no synthetic number ending in 000 with a valid checksum found")
}

func TestParseUsesChinaToday(t *testing.T) {
	if _, err := Parse(mk(t, "11010519900307123")); err != nil {
		t.Errorf("Parse: %v", err)
	}
	_, err := Parse(mk(t, "11010520990101123"))
	if !errors.Is(err, &Error{Code: ErrCodeBirth}) {
		t.Errorf("Parse of a 2099 birth date: got %v, want birth error", err)
	}
	before := DateOf(time.Now().In(chinaZone()))
	got := Today()
	after := DateOf(time.Now().In(chinaZone()))
	if got != before && got != after { // tolerate crossing midnight
		t.Errorf("Today() = %v, want %v", got, before)
	}
	if chinaZone() == nil {
		t.Fatal("nil zone")
	}
	_, off := time.Date(2026, 1, 1, 0, 0, 0, 0, chinaZone()).Zone()
	if off != 8*3600 {
		t.Errorf("China zone offset = %d, want 28800", off)
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519900307123X", "110105********123X"},
		{"11010519900307123x", "110105********123X"},
		{" 110105 19900307 123X ", "110105********123X"},
		{"１１０１０５１９９００３０７１２３Ｘ", "110105********123X"},
		{"110105900307123", "110105******123"},
		{"1101051990030712", "110105*******712"},
		{"1101051990030712345", "110105*********2345"},
		{"11010519900307", "**************"},
		{"1.10105E+17", "***********"},
		{"12345", "*****"},
		{"", ""},
		{"身份证号码", "*****"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	id, err := ParseAt("11010519900307123"+string(Checksum("11010519900307123")), today)
	if err != nil {
		t.Fatal(err)
	}
	if s := id.String(); s != "110105********1239" {
		t.Errorf("ID.String() = %q", s)
	}
}

func TestErrorType(t *testing.T) {
	_, err := ParseAt(wrongCheck(t, "11010519900307123"), today)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T", err)
	}
	if got := err.Error(); got != e.En+" ("+e.Zh+")" {
		t.Errorf("Error() = %q", got)
	}
	if e.In("en") != e.En || e.In("zh") != e.Zh || e.In("") != e.Zh {
		t.Error("In() picks the wrong language")
	}
	if !errors.Is(err, &Error{Code: ErrCodeChecksum}) {
		t.Error("errors.Is by code failed")
	}
	if errors.Is(err, &Error{Code: ErrCodeBirth}) {
		t.Error("errors.Is matched a different code")
	}
	var nilErr *Error
	if errors.Is(err, nilErr) {
		t.Error("errors.Is matched a nil *Error")
	}
}

func TestDate(t *testing.T) {
	d := Date{1990, time.March, 7}
	if d.String() != "1990-03-07" {
		t.Errorf("String() = %q", d.String())
	}
	if (Date{5, time.January, 1}).String() != "0005-01-01" {
		t.Error("year not zero-padded")
	}
	cmp := []struct {
		a, b Date
		want int
	}{
		{d, d, 0},
		{d, Date{1990, time.March, 8}, -1},
		{d, Date{1990, time.February, 28}, 1},
		{d, Date{1989, time.December, 31}, 1},
		{d, Date{1991, time.January, 1}, -1},
	}
	for _, c := range cmp {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	valid := []struct {
		d    Date
		want bool
	}{
		{Date{2000, time.February, 29}, true},
		{Date{1900, time.February, 29}, false},
		{Date{2024, time.February, 29}, true},
		{Date{2023, time.February, 29}, false},
		{Date{2023, time.December, 31}, true},
		{Date{2023, time.November, 31}, false},
		{Date{2023, 0, 1}, false},
		{Date{2023, 13, 1}, false},
		{Date{0, time.January, 1}, false},
	}
	for _, v := range valid {
		if got := v.d.Valid(); got != v.want {
			t.Errorf("%v.Valid() = %v, want %v", v.d, got, v.want)
		}
	}
	if got := DateOf(time.Date(2026, 3, 15, 23, 59, 0, 0, time.UTC)); got != today {
		t.Errorf("DateOf = %v", got)
	}
}

func TestAgeAndSex(t *testing.T) {
	id := ID{Birth: Date{1990, time.March, 7}}
	ages := []struct {
		on   Date
		want int
	}{
		{Date{2026, time.March, 6}, 35},
		{Date{2026, time.March, 7}, 36},
		{Date{2026, time.February, 28}, 35},
		{Date{2026, time.December, 1}, 36},
	}
	for _, a := range ages {
		if got := id.AgeAt(a.on); got != a.want {
			t.Errorf("AgeAt(%v) = %d, want %d", a.on, got, a.want)
		}
	}
	if SexMale.String() != "male" || SexFemale.String() != "female" || Sex(0).String() != "unknown" {
		t.Error("Sex.String")
	}
	if SexMale.Zh() != "男" || SexFemale.Zh() != "女" || Sex(9).Zh() != "未知" {
		t.Error("Sex.Zh")
	}
}
