package hrv

import (
	"math"
	"math/rand/v2"
	"testing"
)

// cleanByDefinition is the median filter of Options.clean written as
// its doc says, without the sliding-window shortcut.
func cleanByDefinition(o Options, ms []float64, segs []int) []bool {
	keep := make([]bool, len(ms))
	for k, a := range segs {
		b := segEnd(segs, k, len(ms))
		var idx []int
		for i := a; i < b; i++ {
			if ms[i] >= o.MinRR && ms[i] <= o.MaxRR {
				idx = append(idx, i)
			}
		}
		for j, i := range idx {
			var win []float64
			for q := max(j-o.MedianHalf, 0); q <= min(j+o.MedianHalf, len(idx)-1); q++ {
				if q != j {
					win = append(win, ms[idx[q]])
				}
			}
			if len(win) == 0 {
				keep[i] = true
				continue
			}
			med := smallMedian(win)
			keep[i] = math.Abs(ms[i]-med) <= o.MedianTolerance*med
		}
	}
	return keep
}

// noisyRR returns n RR intervals (ms) drifting with the heart rate, with
// ectopic, missed and out-of-range beats mixed in.
func noisyRR(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 2))
	ms := make([]float64, n)
	for i := range ms {
		ms[i] = 700 + 250*math.Sin(float64(i)/300) + r.NormFloat64()*25
		switch r.IntN(60) {
		case 0:
			ms[i] *= 0.6 // ectopic
		case 1:
			ms[i] *= 2 // missed beat
		case 2:
			ms[i] = 5000 // out of range
		case 3:
			ms[i] *= 1 + 0.19*r.Float64() // near the tolerance
		}
	}
	return ms
}

func TestCleanMatchesDefinition(t *testing.T) {
	t.Parallel()
	for seed := range uint64(4) {
		ms := noisyRR(20000, seed)
		segs := []int{0, 3, 4, 5000, 5011, 12000}
		want := cleanByDefinition(DefaultOptions, ms, segs)
		got := DefaultOptions.clean(ms, segs, nil)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("seed %d: beat %d (%.0f ms): kept %v, by definition %v", seed, i, ms[i], got[i], want[i])
			}
		}
	}
}

func BenchmarkClean(b *testing.B) {
	ms := noisyRR(100000, 1)
	for b.Loop() {
		DefaultOptions.clean(ms, []int{0}, nil)
	}
}
