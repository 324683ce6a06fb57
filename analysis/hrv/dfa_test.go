package hrv

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// whiteNoise returns n standard normal values.
func whiteNoise(n int, r *rand.Rand) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	return x
}

// brownNoise returns the running sum of white noise.
func brownNoise(n int, r *rand.Rand) []float64 {
	x := whiteNoise(n, r)
	for i := 1; i < n; i++ {
		x[i] += x[i-1]
	}
	return x
}

// pinkNoise returns n values of 1/f noise by spectral synthesis: complex
// Gaussian Fourier coefficients scaled so that the power falls as 1/f, and
// an inverse real FFT.
func pinkNoise(n int, r *rand.Rand) []float64 {
	coeff := make([]complex128, n/2+1)
	for k := 1; k < len(coeff); k++ {
		amp := 1 / math.Sqrt(float64(k))
		coeff[k] = complex(r.NormFloat64()*amp, r.NormFloat64()*amp)
	}
	coeff[len(coeff)-1] = complex(real(coeff[len(coeff)-1]), 0) // Nyquist is real
	return fourier.NewFFT(n).Sequence(nil, coeff)
}

func TestDFAAlphaNoise(t *testing.T) {
	t.Parallel()
	const n = 1 << 14
	tests := []struct {
		name string
		gen  func(int, *rand.Rand) []float64
		want float64
	}{
		{"white", whiteNoise, 0.5},
		{"pink", pinkNoise, 1.0},
		{"brown", brownNoise, 1.5},
	}
	for _, tt := range tests {
		for seed := uint64(1); seed <= 5; seed++ {
			r := rand.New(rand.NewPCG(seed, 42))
			var y []float64
			got := dfa(tt.gen(n, r), 4, 16, &y)
			t.Logf("%s seed %d: alpha1 = %.3f", tt.name, seed, got)
			if math.Abs(got-tt.want) > 0.1 {
				t.Errorf("%s noise, seed %d: alpha1 = %.3f, want %.1f ± 0.1", tt.name, seed, got, tt.want)
			}
		}
	}
}

// TestDFAAlphaShortWindow checks the estimator on 2-minute-sized windows
// (about 150 beats): its spread is wider, but the mean over many windows
// keeps the three noises apart.
func TestDFAAlphaShortWindow(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 7))
	var y []float64
	for _, tt := range []struct {
		name string
		gen  func(int, *rand.Rand) []float64
		lo   float64
		hi   float64
	}{
		{"white", whiteNoise, 0.4, 0.6},
		{"pink", pinkNoise, 0.85, 1.15},
		{"brown", brownNoise, 1.35, 1.65},
	} {
		sum := 0.0
		const k = 200
		for i := 0; i < k; i++ {
			sum += dfa(tt.gen(256, r)[:150], 4, 16, &y)
		}
		if m := sum / k; m < tt.lo || m > tt.hi {
			t.Errorf("%s noise, 150 beats: mean alpha1 = %.3f, want in [%.2f, %.2f]", tt.name, m, tt.lo, tt.hi)
		} else {
			t.Logf("%s noise, 150 beats: mean alpha1 = %.3f", tt.name, m)
		}
	}
}

func TestDFAAlphaDegenerate(t *testing.T) {
	t.Parallel()
	var y []float64
	tests := []struct {
		name string
		x    []float64
	}{
		{"empty", nil},
		{"too short", make([]float64, 31)},
		{"constant", make([]float64, 200)},
	}
	for _, tt := range tests {
		if got := dfa(tt.x, 4, 16, &y); !math.IsNaN(got) {
			t.Errorf("%s: alpha1 = %v, want NaN", tt.name, got)
		}
	}
}

// BenchmarkDFA100k runs the whole HRV of a 100,000-beat recording (about
// 14 hours at 120 bpm): cleaning, time domain, 2-minute DFA windows every
// 30 s and the thresholds.
func BenchmarkDFA100k(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	rr := syntheticRR(100000, 120, 30, r)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h := Analyze(rr, nil, nil, math.NaN())
		if h.RRUsed+h.RRDropped != len(rr) {
			b.Fatal("lost beats")
		}
	}
}
