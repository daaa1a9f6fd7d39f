package httpserver

import (
	"testing"
	"time"

	"gonghui"
)

func TestInLang(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"zh", "试运行：未保存任何数据 / dry run: nothing was saved", "试运行：未保存任何数据"},
		{"en", "试运行：未保存任何数据 / dry run: nothing was saved", "dry run: nothing was saved"},
		{"en", "未知列“备注” ignored", "未知列“备注” ignored"},
	}
	for _, tt := range tests {
		if got := inLang(tt.lang, tt.in); got != tt.want {
			t.Errorf("inLang(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

// Dates read as a reader of the page's language writes them: 2017年9月30日
// in Chinese, ISO in English; nothing for no date.
func TestShowDate(t *testing.T) {
	d := gonghui.NewDate(2017, 9, 30)
	tests := []struct {
		lang string
		in   any
		want string
	}{
		{"zh", d, "2017年9月30日"},
		{"en", d, "2017-09-30"},
		{"zh", gonghui.NewDate(2008, 1, 5), "2008年1月5日"},
		{"zh", &d, "2017年9月30日"},
		{"zh", (*gonghui.Date)(nil), ""},
		{"zh", gonghui.Date{}, ""},
		{"en", gonghui.Date{}, ""},
		{"zh", "2017-09-30", "2017年9月30日"},
		{"en", "2017-09-30", "2017-09-30"},
		{"zh", "", ""},
		{"zh", "不是日期", "不是日期"},
		{"zh", time.Date(2017, 9, 30, 23, 30, 0, 0, time.UTC), "2017年10月1日"}, // the Shanghai day
		{"en", time.Date(2017, 9, 30, 1, 0, 0, 0, gonghui.Shanghai), "2017-09-30"},
		{"zh", time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := showDate(tt.lang, tt.in); got != tt.want {
			t.Errorf("showDate(%s, %#v) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}
