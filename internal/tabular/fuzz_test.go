package tabular

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2017-03-01", "2017-3-1", "2017/3/1", "2017.3.1", "2017年3月1日", "2017年3月1号",
		"20170301", "42795", "42795.5", "60", "61", "2958465", "2958466", "0", "2017", "201703",
		"２０１７－０３－０１", "2017-03-01T08:30:00+08:00", "2017/3/1 8:30", "2017-02-30",
		"", " ", "-1", "1e5", "2017-03-01 ", "\u30002017年 3 月1日\u3000", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, err := ParseDate(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Zh == "" || e.En == "" || !strings.HasPrefix(e.Code, "date_") {
				t.Fatalf("ParseDate(%q): bad error %#v", s, err)
			}
			if !utf8.ValidString(e.Zh) || !utf8.ValidString(e.En) {
				t.Fatalf("ParseDate(%q): message is not valid UTF-8", s)
			}
			if y != 0 || m != 0 || d != 0 {
				t.Fatalf("ParseDate(%q): date returned with an error", s)
			}
			return
		}
		if !validDate(y, int(m), d) {
			t.Fatalf("ParseDate(%q) = %d-%d-%d, not a calendar date", s, y, m, d)
		}
		if y4, m4, d4, err := ParseDate1904(s); err == nil && !validDate(y4, int(m4), d4) {
			t.Fatalf("ParseDate1904(%q) = %d-%d-%d, not a calendar date", s, y4, m4, d4)
		}
		iso := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		y2, m2, d2, err := ParseDate(iso)
		if err != nil || y2 != y || m2 != m || d2 != d {
			t.Fatalf("ParseDate(%q) = %s, but ParseDate(%q) = %d-%d-%d %v", s, iso, iso, y2, m2, d2, err)
		}
	})
}

func FuzzDetectEncoding(f *testing.F) {
	for _, s := range []string{
		"", "abc", "姓名,日期\r\n", "\xEF\xBB\xBF姓名", "\xD5\xC5\xC8\xFD", "姓\xE5", "姓\xE5\xA7",
		"ok\xF0\x9F\x98", "ok\xED\xA0", "\xC0\x80", "\xF4\x90\x80\x80",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		enc := DetectEncoding(p)
		switch enc {
		case EncodingUTF8, EncodingUTF8BOM, EncodingGB18030:
		default:
			t.Fatalf("DetectEncoding(%q) = %q", p, enc)
		}
		if utf8.Valid(p) && enc == EncodingGB18030 {
			t.Fatalf("valid UTF-8 %q detected as gb18030", p)
		}
		// Any cut of valid UTF-8 is UTF-8 too.
		if utf8.Valid(p) && len(p) > 0 {
			if cut := DetectEncoding(p[:len(p)-1]); cut == EncodingGB18030 {
				t.Fatalf("cut of valid UTF-8 %q detected as gb18030", p)
			}
		}
	})
}

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		strings.Join(memberCSV, "\r\n"),
		strings.Join(memberCSV, "\r"),
		string(gb18030(f, strings.Join(memberCSV, "\r\n"))),
		"\xEF\xBB\xBF" + strings.Join(memberCSV, "\n"),
		"", "\n", "\r", "\r\n\r\n", "\"", "\"\"", "a,\"b\nc\"\"\",d\r\n\n,,\n", "\"a\"b,c\r\"\r\n",
		"a\r\n\"\r\n\r\n\"\r\nb", "\x81\x20,\xD5\r\n", "姓\xE5\xA7名\n", "\x00", "PK\x03\x04",
		"<html>", "\xD0\xCF\x11\xE0",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, data []byte) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("fuzz%d.csv", n))
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		r, err := Open(path)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Open: %T %v", err, err)
			}
			return
		}
		defer r.Close()
		lastLine := 0
		var lastErr error
		// A record ends at a line break at the latest, so there are never
		// more calls than bytes plus a few.
		for calls := 0; ; calls++ {
			if calls > len(data)+2 {
				t.Fatalf("no end after %d calls", calls)
			}
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("Next: %T %v", err, err)
				}
				if err == lastErr {
					break // final error, returned again
				}
				lastErr = err
				if e.Line <= lastLine && e.Code != ErrCodeXLSX {
					t.Fatalf("error line %d after line %d", e.Line, lastLine)
				}
				lastLine = e.Line
				continue
			}
			if row.Line <= lastLine {
				t.Fatalf("line %d after line %d", row.Line, lastLine)
			}
			lastLine = row.Line
			if len(row.Cells) == 0 || row.Cells[len(row.Cells)-1] == "" {
				t.Fatalf("line %d: blank or trailing empty cell: %q", row.Line, row.Cells)
			}
			for _, c := range row.Cells {
				if c != trimCell(c) || !utf8.ValidString(c) {
					t.Fatalf("line %d: cell %q not trimmed or not UTF-8", row.Line, c)
				}
			}
		}
	})
}
