package gonghui

import "testing"

// The level's thresholds, exactly at each boundary and one fen either
// side: a household of 3 with an allowance of 1,000.00 yuan a month has
// its deep line at 3 × 12 × 100,000 fen = 3,600,000 fen a year left after
// rigid expenses, its relative line at twice that.
func TestHardshipLevelBoundaries(t *testing.T) {
	const allowance, size = 100_000, 3
	deepLine := int64(12 * size * allowance)
	cases := []struct {
		name          string
		income, rigid int64
		want          string
	}{
		{"deep: one fen below the line", deepLine - 1, 0, HardshipDeep},
		{"deep line itself is relative", deepLine, 0, HardshipRelative},
		{"one fen above the deep line", deepLine + 1, 0, HardshipRelative},
		{"rigid expenses count against income", deepLine + 500, 501, HardshipDeep},
		{"relative: one fen below twice the line", 2*deepLine - 1, 0, HardshipRelative},
		{"twice the line is above relative", 2 * deepLine, 0, HardshipNone},
		{"one fen above twice the line", 2*deepLine + 1, 0, HardshipNone},
		{"negative means left is deep", 1_000, 5_000, HardshipDeep},
		// Accident: rigid > 80 % of income, with income high enough that
		// what is left stays above twice the line. income 40,000,000:
		// 80 % is 32,000,000; left 8,000,000 > 7,200,000.
		{"accident: one fen above 80 %", 40_000_000, 32_000_001, HardshipAccident},
		{"exactly 80 % is not accident", 40_000_000, 32_000_000, HardshipNone},
		{"one fen below 80 %", 40_000_000, 31_999_999, HardshipNone},
		{"no income, no expenses is deep", 0, 0, HardshipDeep},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := HardshipMeans{IncomeFen: c.income, RigidFen: c.rigid, Size: size, AllowanceFen: allowance}.Level()
			if got != c.want {
				t.Errorf("income %d rigid %d: %s, want %s", c.income, c.rigid, got, c.want)
			}
		})
	}
	if got := (HardshipMeans{IncomeFen: 1, Size: 3}).Level(); got != HardshipNone {
		t.Errorf("no allowance: %s, want none", got)
	}
}

// The life: every action from the states it applies to, and nowhere else.
func TestHardshipNext(t *testing.T) {
	path := []struct{ action, to string }{
		{HardshipActCheck, HardshipChecked}, {HardshipActVisit, HardshipVisited}, {HardshipActNotice, HardshipNotice},
		{HardshipActApprove, HardshipFiled}, {HardshipActReview, HardshipFiled}, {HardshipActLift, HardshipLifted},
		{HardshipActRelapse, HardshipApplied}, {HardshipActClose, HardshipClosed},
	}
	state := HardshipApplied
	for _, p := range path {
		to, ok := HardshipNext(state, p.action)
		if !ok || to != p.to {
			t.Fatalf("%s from %s: %s %v, want %s", p.action, state, to, ok, p.to)
		}
		state = to
	}
	for _, bad := range []struct{ from, action string }{
		{HardshipApplied, HardshipActApprove}, {HardshipVisited, HardshipActApprove}, {HardshipFiled, HardshipActRelapse},
		{HardshipClosed, HardshipActClose}, {HardshipApplied, "pay"}, {HardshipLifted, HardshipActReturn},
	} {
		if to, ok := HardshipNext(bad.from, bad.action); ok {
			t.Errorf("%s from %s went to %s", bad.action, bad.from, to)
		}
	}
}
