package tabular

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "YYYY-MM-DD", or "!code" for an error
	}{
		// Dashes, slashes, dots, with and without leading zeros.
		{"2017-03-01", "2017-03-01"},
		{"2017-3-1", "2017-03-01"},
		{"2017/3/1", "2017-03-01"},
		{"2017/03/01", "2017-03-01"},
		{"2017.3.1", "2017-03-01"},
		{"2017.03.01", "2017-03-01"},
		{"2017-12-31", "2017-12-31"},
		{" 2017-03-01\u3000", "2017-03-01"},
		// Chinese forms.
		{"2017年3月1日", "2017-03-01"},
		{"2017年03月01日", "2017-03-01"},
		{"2017年3月1号", "2017-03-01"},
		{"2017年3月1", "2017-03-01"},
		{"2017 年 3 月 1 日", "2017-03-01"},
		// Compact.
		{"20170301", "2017-03-01"},
		{"19991231", "1999-12-31"},
		// Full-width digits and punctuation.
		{"２０１７－０３－０１", "2017-03-01"},
		{"２０１７年３月１日", "2017-03-01"},
		{"２０１７／３／１", "2017-03-01"},
		{"２０１７．３．１", "2017-03-01"},
		{"２０１７０３０１", "2017-03-01"},
		{"４２７９５", "2017-03-01"},
		{"2017–03–01", "2017-03-01"}, // en dashes
		// With a time.
		{"2017-03-01 00:00:00", "2017-03-01"},
		{"2017/3/1 8:30", "2017-03-01"},
		{"2017-03-01T08:30:00Z", "2017-03-01"},
		{"2017-03-01T23:59:59.999+08:00", "2017-03-01"},
		{"2017-03-01T08:30:00-0500", "2017-03-01"},
		{"2017-03-01  8:30:00", "2017-03-01"},
		// Excel serial numbers.
		{"42795", "2017-03-01"},
		{"42795.5", "2017-03-01"},
		{"42795.999988425923", "2017-03-01"},
		{"042795", "2017-03-01"},
		{"1", "1900-01-01"},
		{"59", "1900-02-28"},
		{"61", "1900-03-01"},
		{"367", "1901-01-01"},
		{"36526", "2000-01-01"},
		{"2958465", "9999-12-31"},
		{"1899", "1905-03-13"}, // below the year-like window: still a serial
		// Leap years.
		{"2016-02-29", "2016-02-29"},
		{"2000-02-29", "2000-02-29"},
		{"1900-02-28", "1900-02-28"},

		// Not calendar dates.
		{"2017-02-30", "!" + ErrCodeDateInvalid},
		{"2017-02-29", "!" + ErrCodeDateInvalid},
		{"1900-02-29", "!" + ErrCodeDateInvalid},
		{"2017-13-01", "!" + ErrCodeDateInvalid},
		{"2017-00-10", "!" + ErrCodeDateInvalid},
		{"2017-04-31", "!" + ErrCodeDateInvalid},
		{"2017-04-00", "!" + ErrCodeDateInvalid},
		{"0000-01-01", "!" + ErrCodeDateInvalid},
		{"2017年2月30日", "!" + ErrCodeDateInvalid},
		{"20170230", "!" + ErrCodeDateInvalid},
		{"20171301", "!" + ErrCodeDateInvalid},
		{"60", "!" + ErrCodeDateInvalid}, // Excel's 1900-02-29
		// Serials out of range.
		{"0", "!" + ErrCodeDateSerial},
		{"0.5", "!" + ErrCodeDateSerial},
		{"2958466", "!" + ErrCodeDateSerial},
		{"99999999999999999999999", "!" + ErrCodeDateSerial},
		{"20170301.5", "!" + ErrCodeDateSerial},
		// Incomplete dates that look like serials.
		{"2017", "!" + ErrCodeDateFormat},
		{"201703", "!" + ErrCodeDateFormat},
		{"2017.3", "!" + ErrCodeDateFormat},
		// Unrecognised.
		{"", "!" + ErrCodeDateEmpty},
		{" \u3000 ", "!" + ErrCodeDateEmpty},
		{"-42795", "!" + ErrCodeDateFormat},
		{"42795.", "!" + ErrCodeDateFormat},
		{".5", "!" + ErrCodeDateFormat},
		{"1.5E4", "!" + ErrCodeDateFormat},
		{"17-3-1", "!" + ErrCodeDateFormat},
		{"3/1/2017", "!" + ErrCodeDateFormat},
		{"01.03.2017", "!" + ErrCodeDateFormat},
		{"2017-03", "!" + ErrCodeDateFormat},
		{"2017-03-01-02", "!" + ErrCodeDateFormat},
		{"2017-03/01", "!" + ErrCodeDateFormat},
		{"2017-003-01", "!" + ErrCodeDateFormat},
		{"2017-03-001", "!" + ErrCodeDateFormat},
		{"2017年3月", "!" + ErrCodeDateFormat},
		{"2017年3月1日日", "!" + ErrCodeDateFormat},
		{"17年3月1日", "!" + ErrCodeDateFormat},
		{"2017-03-01 25:00", "!" + ErrCodeDateFormat},
		{"2017-03-01 8", "!" + ErrCodeDateFormat},
		{"2017-03-01 8:5", "!" + ErrCodeDateFormat},
		{"2017-03-01T", "!" + ErrCodeDateFormat},
		{"2017-03-01 8:30+25:00", "!" + ErrCodeDateFormat},
		{"2017-03-01x", "!" + ErrCodeDateFormat},
		{"二〇一七年三月一日", "!" + ErrCodeDateFormat},
		{"March 1, 2017", "!" + ErrCodeDateFormat},
		{"\xff\xfe", "!" + ErrCodeDateFormat},
	} {
		y, m, d, err := ParseDate(tc.in)
		if code, isErr := strings.CutPrefix(tc.want, "!"); isErr {
			if err == nil {
				t.Errorf("ParseDate(%q) = %04d-%02d-%02d, want error %s", tc.in, y, m, d, code)
				continue
			}
			e := asError(t, err, code)
			if y != 0 || m != 0 || d != 0 {
				t.Errorf("ParseDate(%q) returned a date with the error", tc.in)
			}
			if code != ErrCodeDateEmpty && !strings.Contains(e.Zh, "“") {
				t.Errorf("ParseDate(%q): Chinese message does not quote the input: %s", tc.in, e.Zh)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
			continue
		}
		if got := fmt.Sprintf("%04d-%02d-%02d", y, m, d); got != tc.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseDateMessages(t *testing.T) {
	_, _, _, err := ParseDate("2017/02/30")
	e := asError(t, err, ErrCodeDateInvalid)
	if !strings.Contains(e.Zh, "“2017/02/30”") || !strings.Contains(e.En, `"2017/02/30"`) {
		t.Errorf("messages: %v", e)
	}
	_, _, _, err = ParseDate("去年春天")
	e = asError(t, err, ErrCodeDateFormat)
	if e.Zh != "无法识别的日期“去年春天”，请使用 2017-03-01 格式" ||
		e.En != `unrecognised date "去年春天": use the form 2017-03-01` {
		t.Errorf("messages: %q / %q", e.Zh, e.En)
	}
}

// Every serial in range maps to the day Excel shows for it: consecutive
// serials are consecutive days, except around Excel's phantom 1900-02-29.
func TestParseDateSerialsAreConsecutive(t *testing.T) {
	prev := time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	for serial := MinExcelSerial; serial <= MaxExcelSerial; serial += 1 + serial/1000 {
		s := fmt.Sprint(serial)
		if looksLikeYearOrMonth(s) || serial == 60 {
			continue
		}
		y, m, d, err := ParseDate(s)
		if err != nil {
			t.Fatalf("serial %d: %v", serial, err)
		}
		got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		want := time.Date(1899, 12, 30+serial, 0, 0, 0, 0, time.UTC)
		if serial < 60 {
			want = want.AddDate(0, 0, 1)
		}
		if !got.Equal(want) || !got.After(prev) {
			t.Fatalf("serial %d = %v, want %v", serial, got, want)
		}
		prev = got
	}
}

func TestParseDate1904(t *testing.T) {
	for in, want := range map[string]string{
		"0":          "1904-01-01",
		"1":          "1904-01-02",
		"41333":      "2017-03-01",
		"41333.75":   "2017-03-01",
		"2957003":    "9999-12-31",
		"2017-03-01": "2017-03-01",
		"20170301":   "2017-03-01",
	} {
		y, m, d, err := ParseDate1904(in)
		if got := fmt.Sprintf("%04d-%02d-%02d", y, m, d); err != nil || got != want {
			t.Errorf("ParseDate1904(%q) = %s %v, want %s", in, got, err, want)
		}
	}
	for in, code := range map[string]string{
		"2957004": ErrCodeDateSerial,
		"2017":    ErrCodeDateFormat,
		"":        ErrCodeDateEmpty,
	} {
		_, _, _, err := ParseDate1904(in)
		asError(t, err, code)
	}
}
