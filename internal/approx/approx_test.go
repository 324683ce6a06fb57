package approx

import (
	"math"
	"testing"
)

func TestEqual(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tt := range []struct {
		got, want, abs, rel float64
		equal               bool
	}{
		{1, 1, 0, 0, true},
		{1, 1 + 1e-10, 1e-9, 0, true},
		{1, 1 + 1e-8, 1e-9, 0, false},
		{1000, 1000.001, 0, 1e-6, true},
		{1000, 1000.01, 0, 1e-6, false},
		{0, 1e-300, 0, 1e-6, false},
		{nan, nan, 0, 0, true},
		{nan, 1, 1, 1, false},
		{1, nan, 1, 1, false},
		{inf, inf, 0, 0, true},
		{inf, -inf, 1, 1, false},
		{inf, 1e308, 1, 1, false},
	} {
		if got := Equal(tt.got, tt.want, tt.abs, tt.rel); got != tt.equal {
			t.Errorf("Equal(%v, %v, %v, %v) = %v, want %v", tt.got, tt.want, tt.abs, tt.rel, got, tt.equal)
		}
	}
	if !Slices([]float64{1, nan}, []float64{1, nan}, 0, 0) || Slices([]float64{1}, []float64{1, 2}, 0, 0) ||
		Slices([]float64{1, 2}, []float64{1, 3}, 0.5, 0) {
		t.Error("Slices: wrong answer")
	}
}
