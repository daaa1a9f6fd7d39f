package generate

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// apportion splits total into whole shares proportional to weights
// (largest remainders), none above its cap when caps is not nil. The
// shares always sum to total; it panics when the caps cannot hold it,
// which the plan rules out before calling.
func apportion(total int, weights []float64, caps []int) []int {
	out := make([]int, len(weights))
	open := make([]bool, len(weights)) // still below its cap
	for i := range open {
		open[i] = caps == nil || caps[i] > 0
	}
	left := total
	for left > 0 {
		sum, nopen := 0.0, 0
		for i, w := range weights {
			if open[i] {
				sum += w
				nopen++
			}
		}
		if nopen == 0 {
			panic("generate: apportion beyond the caps")
		}
		uniform := sum <= 0 // only zero weights remain open: spread evenly
		if uniform {
			sum = float64(nopen)
		}
		type rem struct {
			i    int
			frac float64
		}
		var rems []rem
		given, capped := 0, false
		for i, w := range weights {
			if !open[i] {
				continue
			}
			if uniform {
				w = 1
			}
			exact := float64(left) * w / sum
			n := int(math.Floor(exact))
			if caps != nil && out[i]+n >= caps[i] {
				n = caps[i] - out[i]
				open[i], capped = false, true
			} else {
				rems = append(rems, rem{i, exact - float64(n)})
			}
			out[i] += n
			given += n
		}
		left -= given
		if capped || left == 0 {
			continue // the capped shares leave room: divide the rest again
		}
		// Hand out the remainder by the largest fractions, ties by index.
		slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.frac, a.frac) })
		for k := 0; left > 0 && k < len(rems); k++ {
			i := rems[k].i
			out[i]++
			left--
			if caps != nil && out[i] >= caps[i] {
				open[i] = false
			}
		}
	}
	return out
}

// pickWeighted returns k distinct indices of weights, each drawn with
// probability proportional to its weight (Efraimidis–Spirakis keys), in
// ascending order. Zero weights are never picked unless needed.
func pickWeighted(rng *rand.Rand, weights []float64, k int) []int {
	type keyed struct {
		key float64
		i   int
	}
	ks := make([]keyed, len(weights))
	for i, w := range weights {
		key := math.Inf(-1)
		if w > 0 {
			key = math.Log(1-rng.Float64()) / w // log of U^(1/w)
		}
		ks[i] = keyed{key, i}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(b.key, a.key); c != 0 {
			return c
		}
		return a.i - b.i
	})
	out := make([]int, k)
	for j := range out {
		out[j] = ks[j].i
	}
	slices.Sort(out)
	return out
}

// pickUniform returns k distinct indices of [0, n) in ascending order.
func pickUniform(rng *rand.Rand, n, k int) []int {
	perm := rng.Perm(n)[:k]
	slices.Sort(perm)
	return perm
}

// choose returns an index of weights drawn proportionally to its weight.
func choose(rng *rand.Rand, cum []float64) int {
	x := (1 - rng.Float64()) * cum[len(cum)-1] // in (0, total]: never a leading zero weight
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}

// cumulative returns the running sums of weights, for choose.
func cumulative(weights []float64) []float64 {
	out := make([]float64, len(weights))
	s := 0.0
	for i, w := range weights {
		s += w
		out[i] = s
	}
	return out
}
