package tabular

import (
	"strings"
	"testing"
)

func TestDetectEncoding(t *testing.T) {
	utf8Text := "姓名,公民身份号码,入会日期\r\n张三,A0001,2017-03-01\r\n"
	gbkText := string(gb18030(t, utf8Text))
	for _, tc := range []struct {
		name   string
		prefix string
		want   Encoding
	}{
		{"empty", "", EncodingUTF8},
		{"ascii", "name,date\r\nzhang,2017-03-01\r\n", EncodingUTF8},
		{"utf-8", utf8Text, EncodingUTF8},
		{"bom", "\xEF\xBB\xBF" + utf8Text, EncodingUTF8BOM},
		{"bom only", "\xEF\xBB\xBF", EncodingUTF8BOM},
		{"bom then invalid", "\xEF\xBB\xBF\xD5\xC5", EncodingUTF8BOM},
		{"gb18030", gbkText, EncodingGB18030},
		{"gb18030 cut", gbkText[:len(gbkText)-1], EncodingGB18030},
		{"gb18030 single char", "\xD5\xC5", EncodingGB18030},
		// A prefix may end inside a multi-byte sequence.
		{"cut after 1 of 3 bytes", "姓名" + "\xE5", EncodingUTF8},
		{"cut after 2 of 3 bytes", "姓名" + "\xE5\xA7", EncodingUTF8},
		{"cut after 1 of 4 bytes", "ok " + "\xF0", EncodingUTF8},
		{"cut after 3 of 4 bytes", "ok " + "\xF0\x9F\x98", EncodingUTF8},
		{"only a cut lead byte", "\xE5", EncodingUTF8},
		// ...but not inside an invalid one.
		{"invalid second byte at end", "ok \xE5\x41", EncodingGB18030},
		{"lone continuation at end", "ok \xA7", EncodingGB18030},
		{"overlong lead at end", "ok \xC0", EncodingGB18030},
		{"invalid in middle, cut at end", "\xD5\xC5 \xE5\xA7", EncodingGB18030},
		{"surrogate lead at end", "ok \xED\xA0", EncodingGB18030},
	} {
		if got := DetectEncoding([]byte(tc.prefix)); got != tc.want {
			t.Errorf("%s: DetectEncoding = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Every cut of a UTF-8 text is still UTF-8.
func TestDetectEncodingEveryCut(t *testing.T) {
	text := []byte("会员😀名单 ✓ é ä\r\n" + strings.Repeat("工会", 10))
	for i := range text {
		if got := DetectEncoding(text[:i]); got != EncodingUTF8 {
			t.Fatalf("cut at %d (%q): %q", i, text[:i], got)
		}
	}
}

func TestTidyCells(t *testing.T) {
	for _, tc := range []struct {
		in, want []string
	}{
		{[]string{" a ", "\tb\u3000", "\u00A0c\u200B", "\uFEFFd"}, []string{"a", "b", "c", "d"}},
		{[]string{"a", "", " ", "\u3000"}, []string{"a"}},
		{[]string{"", "", "x"}, []string{"", "", "x"}},
		{[]string{"", " "}, []string{}},
		{[]string{"第一行\n第二行 "}, []string{"第一行\n第二行"}},
		{[]string{"a b"}, []string{"a b"}},
	} {
		got := tidyCells(append([]string(nil), tc.in...))
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("tidyCells(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
