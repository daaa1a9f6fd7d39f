package httpserver

import "testing"

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
