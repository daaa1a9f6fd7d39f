package idcard

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Sex is the sex encoded in position 17 of an identity number.
type Sex int

// Values of Sex.
const (
	SexMale   Sex = 1 // odd position-17 digit
	SexFemale Sex = 2 // even position-17 digit
)

// String returns "male", "female" or "unknown".
func (s Sex) String() string {
	switch s {
	case SexMale:
		return "male"
	case SexFemale:
		return "female"
	}
	return "unknown"
}

// Zh returns the Chinese name of the sex: "男", "女" or "未知".
func (s Sex) Zh() string {
	switch s {
	case SexMale:
		return "男"
	case SexFemale:
		return "女"
	}
	return "未知"
}

// Date is a calendar date without time of day or time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today returns the current date in China (Asia/Shanghai).
func Today() Date {
	return DateOf(time.Now().In(chinaZone()))
}

// String formats the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Compare returns -1, 0 or +1 when d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

// Valid reports whether d is a real calendar date (in the proleptic
// Gregorian calendar, year 1 or later).
func (d Date) Valid() bool {
	if d.Year < 1 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func daysIn(year int, m time.Month) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

var chinaZone = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	// No tzdata on this system: China has used a fixed UTC+8 without DST
	// since 1991, which is all that "today" needs.
	return time.FixedZone("CST", 8*60*60)
})

// ID is a validated identity number.
type ID struct {
	Number   string // normalized 18-character form, check character upper-case
	Birth    Date
	Sex      Sex
	Province string // 2-digit province-level code, e.g. "11"
	Upgraded bool   // the input was an old 15-digit number
}

// String returns the masked number (see [Mask]) so that an ID printed into a
// log or an error does not disclose the full number. Use the Number field
// when the full value is really needed.
func (id ID) String() string {
	return Mask(id.Number)
}

// AgeAt returns the age in completed years on the given date.
func (id ID) AgeAt(today Date) int {
	age := today.Year - id.Birth.Year
	if today.Month < id.Birth.Month || (today.Month == id.Birth.Month && today.Day < id.Birth.Day) {
		age--
	}
	return age
}

// Stable error codes, the values of [Error.Code].
const (
	ErrCodeEmpty           = "empty"
	ErrCodeLength          = "length"
	ErrCodeChars           = "chars"
	ErrCodeProvince        = "province"
	ErrCodeBirth           = "birth"
	ErrCodeChecksum        = "checksum"
	ErrCodeExcelScientific = "excel_scientific"
	ErrCodeExcelZeroed     = "excel_zeroed"
)

// Error is a validation failure with a stable code and a message in Chinese
// and English. Messages never contain the number or its birth date.
type Error struct {
	Code string // one of the ErrCode constants
	Zh   string // message in Chinese
	En   string // message in English
}

// Error returns both messages: "<English> (<Chinese>)".
func (e *Error) Error() string {
	return e.En + " (" + e.Zh + ")"
}

// In returns the message in lang: English for "en", Chinese otherwise.
func (e *Error) In(lang string) string {
	if lang == "en" {
		return e.En
	}
	return e.Zh
}

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, &idcard.Error{Code: idcard.ErrCodeChecksum}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Code == e.Code
}

func newError(code, zh, en string) *Error {
	return &Error{Code: code, Zh: zh, En: en}
}

// Normalize cleans up a number as typed or pasted by a user: it removes all
// white space (including the ideographic space U+3000 and spaces inside the
// number) and zero-width characters, converts full-width ASCII forms
// (０-９, Ｘ, ｘ, …) to ASCII, upper-cases x to X and drops leading
// apostrophes (Excel's "store as text" prefix). It does not validate.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), isInvisible(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII forms
			r -= 0xFEE0
		}
		if r == 'x' {
			r = 'X'
		}
		b.WriteRune(r)
	}
	return strings.TrimLeft(b.String(), "'")
}

// isInvisible reports zero-width characters that often ride along when text
// is copied from web pages or spreadsheets.
func isInvisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// weights are the ISO 7064 MOD 11-2 weights 2^(18-i) mod 11 for positions 1-17.
var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const checkChars = "10X98765432"

// Checksum returns the check character ('0'-'9' or 'X') for the first 17
// digits of an identity number. It returns 0 if first17 is not exactly 17
// ASCII digits.
func Checksum(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * weights[i]
	}
	return checkChars[sum%11]
}

// Mask hides the middle of a number for display: the first 6 and the last 4
// characters are kept and the rest replaced by '*', e.g.
// "110105********123X". The input is normalized first. Legacy 15-character
// inputs (and 16-17 character ones) keep only the last 3 characters so that
// no digit of the birth date is shown; anything shorter is masked wholly.
// The result has as many characters as the normalized input.
func Mask(number string) string {
	r := []rune(Normalize(number))
	n := len(r)
	head, tail := 6, 4
	switch {
	case n >= 18:
	case n >= 15:
		tail = 3
	default:
		head, tail = 0, 0
	}
	for i := head; i < n-tail; i++ {
		r[i] = '*'
	}
	return string(r)
}

// Parse normalizes s and validates it as an identity number, judging birth
// dates against today's date in China. Errors are of type *[Error].
func Parse(s string) (ID, error) {
	return ParseAt(s, Today())
}

// ParseAt is like [Parse] but takes the current date, so that the result does
// not depend on the clock.
func ParseAt(s string, today Date) (ID, error) {
	n := Normalize(s)
	if n == "" {
		return ID{}, newError(ErrCodeEmpty, "请输入身份证号码", "the identity number is empty")
	}
	if isScientific(n) {
		return ID{}, newError(ErrCodeExcelScientific,
			"号码被 Excel 转成了数值并以科学计数法显示（如 1.10105E+17），后几位数字已经丢失，无法恢复；请把该列单元格设置为“文本”格式后重新录入完整号码",
			"Excel turned the number into a numeric value shown in scientific notation (e.g. 1.10105E+17) and its last digits were lost; format the column as Text and re-enter the full number")
	}
	if k := utf8.RuneCountInString(n); k != 18 && k != 15 {
		return ID{}, newError(ErrCodeLength,
			fmt.Sprintf("号码长度应为 18 位（旧版为 15 位），实际为 %d 位", k),
			fmt.Sprintf("the number must have 18 characters (15 for old numbers), got %d", k))
	}
	for i, r := range []rune(n) {
		if r >= '0' && r <= '9' || r == 'X' && i == 17 {
			continue
		}
		return ID{}, charsError(r, i+1, r == 'X')
	}
	// n is now ASCII: 15 digits, or 17 digits and a digit or X.
	if !validProvince(n[:2]) {
		return ID{}, newError(ErrCodeProvince,
			fmt.Sprintf("前两位省级行政区划代码 %s 不存在", n[:2]),
			fmt.Sprintf("the first two digits, %s, are not a province-level division code", n[:2]))
	}

	upgraded := len(n) == 15
	var birthDigits string
	if upgraded {
		birthDigits = "19" + n[6:12]
	} else {
		birthDigits = n[6:14]
	}
	birth, err := checkBirth(birthDigits, today)
	if err != nil {
		return ID{}, err
	}

	number := n
	if upgraded {
		first17 := n[:6] + "19" + n[6:]
		number = first17 + string(Checksum(first17))
	} else if want := Checksum(n[:17]); n[17] != want {
		if strings.HasSuffix(n, "000") {
			return ID{}, newError(ErrCodeExcelZeroed,
				"号码末尾几位变成了 0，且校验码不符：很可能是 Excel 把号码当作数值保存，只保留了前 15 位有效数字；请把该列单元格设置为“文本”格式后重新录入完整号码",
				"the last digits are zeros and the check character does not match: Excel most likely stored the number as a numeric value, keeping only 15 significant digits; format the column as Text and re-enter the full number")
		}
		return ID{}, newError(ErrCodeChecksum,
			fmt.Sprintf("校验码错误：应为 %c", want),
			fmt.Sprintf("checksum mismatch: expected %c", want))
	}

	sex := SexFemale
	if (number[16]-'0')%2 == 1 {
		sex = SexMale
	}
	return ID{
		Number:   number,
		Birth:    birth,
		Sex:      sex,
		Province: number[:2],
		Upgraded: upgraded,
	}, nil
}

func charsError(r rune, pos int, misplacedX bool) *Error {
	if misplacedX {
		return newError(ErrCodeChars,
			fmt.Sprintf("第 %d 位不能是 X：X 只能出现在 18 位号码的最后一位", pos),
			fmt.Sprintf("X at position %d: X may only be the last character of an 18-character number", pos))
	}
	return newError(ErrCodeChars,
		fmt.Sprintf("第 %d 位字符 %q 无效：号码只能由数字组成，最后一位可以是 X", pos, r),
		fmt.Sprintf("invalid character %q at position %d: only digits are allowed, and X as the last character", r, pos))
}

// checkBirth validates the 8 ASCII digits YYYYMMDD.
func checkBirth(digits string, today Date) (Date, error) {
	atoi := func(s string) int {
		v := 0
		for i := 0; i < len(s); i++ {
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	d := Date{Year: atoi(digits[:4]), Month: time.Month(atoi(digits[4:6])), Day: atoi(digits[6:8])}
	switch {
	case !d.Valid():
		return Date{}, newError(ErrCodeBirth,
			"出生日期不是有效的日期",
			"the birth date is not a valid calendar date")
	case d.Year < 1900:
		return Date{}, newError(ErrCodeBirth,
			"出生日期早于 1900 年",
			"the birth date is before 1900")
	case d.Compare(today) > 0:
		return Date{}, newError(ErrCodeBirth,
			"出生日期晚于今天",
			"the birth date is in the future")
	}
	return d, nil
}

// isScientific reports whether s looks like a number in scientific notation
// as Excel displays it: digits, optionally a decimal point (or comma) and
// more digits, then E, an optional sign and the exponent ("1.10105E+17").
func isScientific(s string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return false
	}
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i == len(s) || (s[i] != 'E' && s[i] != 'e') {
		return false
	}
	i++
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	return digits() > 0 && i == len(s)
}

// validProvince reports whether code is a province-level division code of
// GB/T 2260, or 81-83 used by residence permits for Hong Kong, Macau and
// Taiwan residents.
func validProvince(code string) bool {
	switch code {
	case "11", "12", "13", "14", "15", // Beijing, Tianjin, Hebei, Shanxi, Inner Mongolia
		"21", "22", "23", // Liaoning, Jilin, Heilongjiang
		"31", "32", "33", "34", "35", "36", "37", // Shanghai … Shandong
		"41", "42", "43", "44", "45", "46", // Henan … Hainan
		"50", "51", "52", "53", "54", // Chongqing, Sichuan, Guizhou, Yunnan, Tibet
		"61", "62", "63", "64", "65", // Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang
		"71",             // Taiwan
		"81", "82", "83": // residence permits: Hong Kong, Macau, Taiwan
		return true
	}
	return false
}
