package gonghui_test

import (
	"testing"

	"gonghui"
)

func TestFixed(t *testing.T) {
	ok := map[string]int64{"6500.5": 650050, "6,500.50": 650050, "0": 0, "": 0, ".5": 50, "-1.25": -125, "5.5": 550, "100": 10000}
	for in, want := range ok {
		if got, err := gonghui.ParseFixed(in, 2); err != nil || got != want {
			t.Errorf("ParseFixed(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"1.234", "abc", "1e5", "1.2.3", ".", "-", "9999999999999999"} {
		if _, err := gonghui.ParseFixed(in, 2); err == nil {
			t.Errorf("ParseFixed(%q): want error", in)
		}
	}
	for n, want := range map[int64]string{650050: "6500.50", 5: "0.05", 0: "0.00", -125: "-1.25"} {
		if got := gonghui.FormatFixed(n, 2); got != want {
			t.Errorf("FormatFixed(%d) = %q, want %q", n, got, want)
		}
	}
}

func FuzzParseFixed(f *testing.F) {
	f.Add("6500.50")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := gonghui.ParseFixed(s, 2)
		if err != nil {
			return
		}
		if back, err := gonghui.ParseFixed(gonghui.FormatFixed(n, 2), 2); err != nil || back != n {
			t.Errorf("%q -> %d -> %q -> %d (%v)", s, n, gonghui.FormatFixed(n, 2), back, err)
		}
	})
}
