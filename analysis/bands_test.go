package analysis

import (
	"math"
	"testing"
)

// TestStates: each state from its number, printed as the outputs print it.
func TestStates(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, tt := range []struct {
		tsb  float64
		want string
	}{
		{30, "transition"}, {25, "fresh"}, {5.1, "fresh"}, {5, "neutral"}, {-9.9, "neutral"},
		{-10, "optimal"}, {-29.9, "optimal"}, {-30, "overload"}, {-80, "overload"}, {nan, ""},
	} {
		if got := FormOf(tt.tsb).String(); got != tt.want {
			t.Errorf("FormOf(%v) = %q, want %q", tt.tsb, got, tt.want)
		}
	}
	for _, tt := range []struct {
		score float64
		want  string
	}{{100, "ready"}, {67, "ready"}, {66.9, "moderate"}, {34, "moderate"}, {33, "recover"}, {0, "recover"}, {nan, ""}} {
		if got := BandOf(tt.score).String(); got != tt.want {
			t.Errorf("BandOf(%v) = %q, want %q", tt.score, got, tt.want)
		}
	}
	for _, tt := range []struct {
		mean, lo, hi float64
		want         string
	}{{4.0, 4.1, 4.3, "below"}, {4.1, 4.1, 4.3, "normal"}, {4.4, 4.1, 4.3, "above"}, {nan, 4.1, 4.3, ""}, {4.0, nan, nan, ""}} {
		if got := RangeOf(tt.mean, tt.lo, tt.hi).String(); got != tt.want {
			t.Errorf("RangeOf(%v, %v, %v) = %q, want %q", tt.mean, tt.lo, tt.hi, got, tt.want)
		}
	}
	if got := ContribRestingHR.String(); got != "resting HR" {
		t.Errorf("ContribRestingHR = %q", got)
	}
	if b, _ := AdviceHard.MarshalText(); string(b) != "hard" {
		t.Errorf("AdviceHard marshals to %q", b)
	}
}
