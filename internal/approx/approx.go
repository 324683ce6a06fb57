// Package approx compares floating-point numbers in tests, the one way
// every test of the project does.
package approx

import "math"

// Equal reports whether got equals want within an absolute tolerance abs
// or a tolerance rel relative to the larger magnitude:
//
//	|got − want| ≤ abs  or  |got − want| ≤ rel · max(|got|, |want|).
//
// NaN equals NaN (a value the data did not have is the same absence on
// both sides); an infinity equals only itself.
func Equal(got, want, abs, rel float64) bool {
	switch {
	case math.IsNaN(got) || math.IsNaN(want):
		return math.IsNaN(got) && math.IsNaN(want)
	case got == want:
		return true
	case math.IsInf(got, 0) || math.IsInf(want, 0):
		return false
	}
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Max(math.Abs(got), math.Abs(want))
}

// Slices reports whether got and want have the same length and Equal
// elements.
func Slices(got, want []float64, abs, rel float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !Equal(got[i], want[i], abs, rel) {
			return false
		}
	}
	return true
}
