package tabular

import (
	"fmt"
	"strings"
	"time"
)

// Excel serial numbers accepted by ParseDate: 1 is 1900-01-01 and 2958465
// is 9999-12-31, the range Excel itself can display.
const (
	MinExcelSerial = 1
	MaxExcelSerial = 2958465
)

// ParseDate reads a date cell the way users and spreadsheet programs write
// it and returns its year, month and day. Accepted forms (surrounding white
// space is ignored, full-width digits and punctuation count as ASCII):
//
//	2017-03-01  2017-3-1  2017/3/1  2017/03/01  2017.3.1
//	2017年3月1日  2017年3月1号  2017年3月1
//	20170301
//	42795  42795.5                      Excel serial numbers
//	2017-03-01 08:30  2017/3/1 8:30:00  2017-03-01T08:30:00Z
//
// A time after a dash, slash or dot date is checked for form and ignored;
// so is the time part of a serial number (the fraction). The date is taken
// as written, whatever the time zone.
//
// Serial numbers count days as Excel does in its default 1900 date system:
// serial 1 is 1900-01-01, and because Excel treats 1900 as a leap year,
// serial 60 is the non-existent 1900-02-29 (rejected) and serials from 61
// on are days since 1899-12-30. Serials outside MinExcelSerial …
// MaxExcelSerial are rejected with ErrCodeDateSerial. Plain numbers that
// look like a year alone (4 digits, 1900–2099) or a year and month (6
// digits, 190001–209912) are rejected with ErrCodeDateFormat rather than
// read as serials of dates in 1905 or after 2400: they are almost always
// an incomplete date typed by a user.
//
// Errors are *Error values with code ErrCodeDateEmpty, ErrCodeDateFormat,
// ErrCodeDateInvalid (a well-formed date that does not exist, such as
// 2017-02-30) or ErrCodeDateSerial.
func ParseDate(s string) (year int, month time.Month, day int, err error) {
	return parseDate(s, false)
}

// Excel serial numbers accepted by ParseDate1904: 0 is 1904-01-01 and
// 2957003 is 9999-12-31.
const (
	MinExcelSerial1904 = 0
	MaxExcelSerial1904 = 2957003
)

// ParseDate1904 is ParseDate for workbooks in the 1904 date system (see
// Date1904): a serial number counts days from 1904-01-01, which is serial
// 0, up to MaxExcelSerial1904. The other forms are read as by ParseDate.
func ParseDate1904(s string) (year int, month time.Month, day int, err error) {
	return parseDate(s, true)
}

func parseDate(s string, date1904 bool) (year int, month time.Month, day int, err error) {
	n := normalizeDate(s)
	if n == "" {
		return 0, 0, 0, newError(ErrCodeDateEmpty, "日期为空", "the date is empty")
	}
	if intPart, frac, isNumber := splitNumber(n); isNumber {
		if frac == "" && len(intPart) == 8 {
			y, m, d := atoi(intPart[:4]), atoi(intPart[4:6]), atoi(intPart[6:])
			if !validDate(y, m, d) {
				return 0, 0, 0, invalidDateError(s)
			}
			return y, time.Month(m), d, nil
		}
		if looksLikeYearOrMonth(intPart) {
			return 0, 0, 0, newError(ErrCodeDateFormat,
				fmt.Sprintf("日期“%s”不完整，请填写年月日，如 2017-03-01", quoteInput(s)),
				fmt.Sprintf("incomplete date %q: give year, month and day, as in 2017-03-01", quoteInput(s)))
		}
		return serialDate(s, intPart, date1904)
	}
	var y, m, d int
	var ok bool
	switch {
	case strings.Contains(n, "年"):
		y, m, d, ok = parseChineseDate(n)
	default:
		y, m, d, ok = parseSeparatedDate(n)
	}
	if !ok {
		return 0, 0, 0, formatError(s)
	}
	if !validDate(y, m, d) {
		return 0, 0, 0, invalidDateError(s)
	}
	return y, time.Month(m), d, nil
}

func formatError(s string) *Error {
	return newError(ErrCodeDateFormat,
		fmt.Sprintf("无法识别的日期“%s”，请使用 2017-03-01 格式", quoteInput(s)),
		fmt.Sprintf("unrecognised date %q: use the form 2017-03-01", quoteInput(s)))
}

func invalidDateError(s string) *Error {
	return newError(ErrCodeDateInvalid,
		fmt.Sprintf("日期“%s”不存在，请检查月份和日", quoteInput(s)),
		fmt.Sprintf("date %q does not exist: check the month and day", quoteInput(s)))
}

// splitNumber splits a plain decimal number such as "42795" or "42795.5"
// into its integer and fraction digits.
func splitNumber(n string) (intPart, frac string, ok bool) {
	intPart, frac, hasDot := strings.Cut(n, ".")
	if !isDigits(intPart) || hasDot && !isDigits(frac) {
		return "", "", false
	}
	return intPart, frac, true
}

// looksLikeYearOrMonth reports whether the digits of a plain number read as
// a year (1900–2099) or a year and month (190001–209912).
func looksLikeYearOrMonth(digits string) bool {
	switch len(digits) {
	case 4:
		y := atoi(digits)
		return y >= 1900 && y <= 2099
	case 6:
		y, m := atoi(digits[:4]), atoi(digits[4:])
		return y >= 1900 && y <= 2099 && m >= 1 && m <= 12
	}
	return false
}

// serialDate converts the integer digits of an Excel serial number.
func serialDate(orig, intPart string, date1904 bool) (int, time.Month, int, error) {
	lo, hi, span := MinExcelSerial, MaxExcelSerial, "1900-01-01"
	if date1904 {
		lo, hi, span = MinExcelSerial1904, MaxExcelSerial1904, "1904-01-01"
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 7 || atoi(intPart) < lo || atoi(intPart) > hi {
		return 0, 0, 0, newError(ErrCodeDateSerial,
			fmt.Sprintf("Excel 日期序号“%s”超出范围（应在 %d 至 %d 之间，即 %s 至 9999-12-31）", quoteInput(orig), lo, hi, span),
			fmt.Sprintf("Excel date serial %q is out of range (%d to %d, that is %s to 9999-12-31)", quoteInput(orig), lo, hi, span))
	}
	serial := atoi(intPart)
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1+serial, 0, 0, 0, 0, time.UTC)
	case serial == 60:
		// Excel's 1900-02-29, which never existed.
		return 0, 0, 0, invalidDateError(orig)
	case serial < 60:
		t = time.Date(1899, 12, 31+serial, 0, 0, 0, 0, time.UTC)
	default:
		t = time.Date(1899, 12, 30+serial, 0, 0, 0, 0, time.UTC)
	}
	return t.Year(), t.Month(), t.Day(), nil
}

// parseChineseDate reads 2017年3月1日 (日 may be 号 or missing).
func parseChineseDate(n string) (y, m, d int, ok bool) {
	n = strings.Join(strings.Fields(n), "")
	ys, rest, ok1 := strings.Cut(n, "年")
	ms, rest, ok2 := strings.Cut(rest, "月")
	if !ok1 || !ok2 {
		return 0, 0, 0, false
	}
	ds := strings.TrimSuffix(strings.TrimSuffix(rest, "日"), "号")
	if len(ys) != 4 || !isDigits(ys) || !isShortNumber(ms) || !isShortNumber(ds) {
		return 0, 0, 0, false
	}
	return atoi(ys), atoi(ms), atoi(ds), true
}

// parseSeparatedDate reads 2017-3-1, 2017/03/01 or 2017.3.1, optionally
// followed by a time.
func parseSeparatedDate(n string) (y, m, d int, ok bool) {
	date, clock := n, ""
	if i := strings.IndexAny(n, " T"); i >= 0 {
		date, clock = n[:i], strings.TrimLeft(n[i+1:], " ")
		if !validClock(clock) {
			return 0, 0, 0, false
		}
	}
	if len(date) < 8 || len(date) > 10 || !isDigits(date[:4]) {
		return 0, 0, 0, false
	}
	sep := date[4]
	if sep != '-' && sep != '/' && sep != '.' {
		return 0, 0, 0, false
	}
	ms, ds, found := strings.Cut(date[5:], string(sep))
	if !found || !isShortNumber(ms) || !isShortNumber(ds) {
		return 0, 0, 0, false
	}
	return atoi(date[:4]), atoi(ms), atoi(ds), true
}

// validClock accepts H:MM, H:MM:SS and H:MM:SS.fff with an optional "Z" or
// numeric zone offset (+08:00, +0800).
func validClock(c string) bool {
	if strings.HasSuffix(c, "Z") {
		c = c[:len(c)-1]
	} else if i := strings.LastIndexAny(c, "+-"); i > 0 {
		zone := strings.Replace(c[i+1:], ":", "", 1)
		if len(zone) != 4 || !isDigits(zone) || atoi(zone[:2]) > 14 || atoi(zone[2:]) > 59 {
			return false
		}
		c = c[:i]
	}
	if dot := strings.IndexByte(c, '.'); dot >= 0 {
		if frac := c[dot+1:]; frac == "" || len(frac) > 9 || !isDigits(frac) {
			return false
		}
		c = c[:dot]
		if strings.Count(c, ":") != 2 {
			return false
		}
	}
	parts := strings.Split(c, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	if !isShortNumber(parts[0]) || atoi(parts[0]) > 23 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 2 || !isDigits(p) || atoi(p) > 59 {
			return false
		}
	}
	return true
}

// normalizeDate trims the value and maps full-width and typographic
// characters to their ASCII counterparts.
func normalizeDate(s string) string {
	s = strings.TrimFunc(s, isTrimSpace)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '－', r == '‐', r == '‑', r == '‒', r == '–', r == '—', r == '―', r == '−':
			return '-'
		case r == '／':
			return '/'
		case r == '．', r == '。':
			return '.'
		case r == '：':
			return ':'
		case r == 'Ｔ':
			return 'T'
		case r == 'Ｚ':
			return 'Z'
		case r == '＋':
			return '+'
		case r == '\u3000', r == '\u00A0':
			return ' '
		}
		return r
	}, s)
}

func validDate(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isShortNumber reports whether s is one or two ASCII digits.
func isShortNumber(s string) bool {
	return len(s) >= 1 && len(s) <= 2 && isDigits(s)
}

// atoi converts a short string of ASCII digits (checked by the caller); the
// empty string is 0.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
