package generate

import "testing"

func TestSubsidyMix(t *testing.T) {
	_, amounts := subsidyTiers()
	for _, c := range []struct{ n, yuan int }{{5129, 5_820_000}, {26, 29_100}, {1, 500}, {3, 3_800}} {
		mix, ok := subsidyMix(c.n, c.yuan, amounts)
		sum, count := 0, 0
		for i, k := range mix {
			sum, count = sum+k*amounts[i], count+k
		}
		if !ok || sum != c.yuan || count != c.n {
			t.Errorf("%d paying %d: %v (%d, %d)", c.n, c.yuan, mix, count, sum)
		}
	}
	if _, ok := subsidyMix(2, 100, amounts); ok {
		t.Error("a mix below the lowest tier")
	}
	for _, s := range []float64{0.0001, 0.005, 0.02, 1} {
		p := Presets["beijing-2017"].Scaled(s)
		if _, ok := subsidyMix(p.Subsidies, p.SubsidyYuan, amounts); !ok || p.SubsidyYuan%100 != 0 {
			t.Errorf("scale %v: %d subsidies, %d yuan", s, p.Subsidies, p.SubsidyYuan)
		}
	}
	if p := Presets["beijing-2017"].Scaled(1); p.Subsidies != 5129 || p.SubsidyYuan != 5_820_000 {
		t.Errorf("full scale: %+v", p)
	}
}
