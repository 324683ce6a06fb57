package load

import (
	"math"
	"testing"

	"github.com/bounceback/bounceback/internal/approx"
)

// TestFitnessFatigue checks GoldenCheetah's discretization by hand:
// CTL₀ = 100·(1 − e^(−1/42)) = 2.352831, ATL₀ = 100·(1 − e^(−1/7)) =
// 13.312210, then each decays by e^(−1/τ) a day; TSB is the day before's
// CTL − ATL.
func TestFitnessFatigue(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name          string
		load          []float64
		ctl, atl, tsb []float64
	}{
		{"empty", nil, []float64{}, []float64{}, []float64{}},
		{"rest", []float64{0, 0}, []float64{0, 0}, []float64{0, 0}, []float64{0, 0}},
		{"one session then rest", []float64{100, 0, 0, 50},
			[]float64{2.352831, 2.297473, 2.243418, 3.367049},
			[]float64{13.312210, 11.540061, 10.003824, 15.328199},
			[]float64{0, -10.959379, -9.242587, -7.760406}},
		{"NaN counts 0", []float64{100, math.NaN()},
			[]float64{2.352831, 2.297473}, []float64{13.312210, 11.540061}, []float64{0, -10.959379}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctl, atl, tsb := FitnessFatigue(tt.load, 0)
			if !approx.Slices(ctl, tt.ctl, 1e-6, 1e-6) || !approx.Slices(atl, tt.atl, 1e-6, 1e-6) || !approx.Slices(tsb, tt.tsb, 1e-6, 1e-6) {
				t.Errorf("got CTL %v ATL %v TSB %v\nwant CTL %v ATL %v TSB %v", ctl, atl, tsb, tt.ctl, tt.atl, tt.tsb)
			}
		})
	}
}

// TestACWR: 21 days at 10 then 7 at 20 give an uncoupled ratio of 20/10 =
// 2 on day 28 and nothing before; the EWMA variant of a constant load is
// (1 − 0.75²⁸) / (1 − (27/29)²¹) = 1.286572 (both EWMAs start at 0).
func TestACWR(t *testing.T) {
	t.Parallel()
	steps := make([]float64, 28)
	constant := make([]float64, 28)
	for i := range steps {
		steps[i], constant[i] = 10, 10
		if i >= 21 {
			steps[i] = 20
		}
	}
	zeros := make([]float64, 28)
	zeros[27] = 5
	nan := math.NaN()
	for _, tt := range []struct {
		name                  string
		load                  []float64
		day                   int
		rolling, ewma         float64
		rollingPrev, ewmaPrev float64
	}{
		{"step", steps, 27, 2, math.NaN(), nan, nan},
		{"constant", constant, 27, 1, 1.286572, nan, nan},
		{"no chronic load", zeros, 27, nan, nan, nan, nan},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, e := ACWR(tt.load, 0)
			if !approx.Equal(r[tt.day], tt.rolling, 1e-6, 1e-6) {
				t.Errorf("rolling ACWR on day %d = %v, want %v", tt.day, r[tt.day], tt.rolling)
			}
			if !math.IsNaN(tt.ewma) && !approx.Equal(e[tt.day], tt.ewma, 1e-6, 1e-6) {
				t.Errorf("EWMA ACWR on day %d = %v, want %v", tt.day, e[tt.day], tt.ewma)
			}
			if !approx.Equal(r[tt.day-1], tt.rollingPrev, 1e-6, 1e-6) || !approx.Equal(e[tt.day-1], tt.ewmaPrev, 1e-6, 1e-6) {
				t.Errorf("day %d has ACWR %v / %v before 28 days of history", tt.day-1, r[tt.day-1], e[tt.day-1])
			}
		})
	}
}

// TestACWRGap: after 60 days at 50 and a break of 200 days, one day at 50.
// The chronic EWMA (λ = 2/29) of the day before the acute window is
// 50·(1 − (27/29)^60)·(27/29)^194 = 4.86e−5 and the acute EWMA (λ = 1/4)
// 12.5, so the raw ratio is 2.6e5: without a floor it is capped at
// ACWRCap, with the floor of 10 a day it is NaN. The uncoupled ratio has a
// chronic mean of 0 and is NaN either way. On the 28th day back at 50 a
// day the uncoupled ratio is 350/7 over 1050/21... = (50) / (50·21/21) = 1.
func TestACWRGap(t *testing.T) {
	t.Parallel()
	var load []float64
	for range 60 {
		load = append(load, 50)
	}
	for range 200 {
		load = append(load, 0)
	}
	for range 28 {
		load = append(load, 50)
	}
	ret := 260 // the first day back
	lc := 2.0 / 29
	chronic := 50 * (1 - math.Pow(1-lc, 60)) * math.Pow(1-lc, float64(ret-7-59))
	if raw := 12.5 / chronic; raw < 1e5 {
		t.Fatalf("hand computation: raw ratio %v", raw)
	}
	r, e := ACWR(load, 0)
	if e[ret] != ACWRCap || !math.IsNaN(r[ret]) {
		t.Errorf("no floor, day back: rolling %v EWMA %v, want NaN and the cap %v", r[ret], e[ret], ACWRCap)
	}
	r, e = ACWR(load, 10)
	if !math.IsNaN(e[ret]) || !math.IsNaN(r[ret]) {
		t.Errorf("floor 10, day back: rolling %v EWMA %v, want NaN", r[ret], e[ret])
	}
	for i, v := range e {
		if v > ACWRCap || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("day %d: EWMA ACWR %v", i, v)
		}
	}
	if last := len(load) - 1; !approx.Equal(r[last], 1, 1e-6, 1e-6) {
		t.Errorf("28 days back at a constant load: rolling ACWR %v, want 1", r[last])
	}
}

// TestMonotony: one session of 70 in 7 days is mean 10, SD √600, monotony
// 0.408248 and strain 70 × 0.408248; equal loads every day hit the cap.
func TestMonotony(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, tt := range []struct {
		name           string
		load           []float64
		monotony, strn []float64
	}{
		{"one session", []float64{0, 0, 0, 0, 0, 0, 70},
			[]float64{nan, nan, nan, nan, nan, nan, 0.408248}, []float64{nan, nan, nan, nan, nan, nan, 28.577380}},
		{"equal days capped", []float64{10, 10, 10, 10, 10, 10, 10, 10},
			[]float64{nan, nan, nan, nan, nan, nan, 10, 10}, []float64{nan, nan, nan, nan, nan, nan, 700, 700}},
		{"no load: no monotony", make([]float64, 7),
			[]float64{nan, nan, nan, nan, nan, nan, nan}, []float64{nan, nan, nan, nan, nan, nan, nan}},
		{"two values", []float64{10, 20, 10, 20, 10, 20, 10},
			// mean 100/7, population SD 4.948717 (by hand)
			[]float64{nan, nan, nan, nan, nan, nan, (100.0 / 7) / 4.948717}, []float64{nan, nan, nan, nan, nan, nan, 100 * (100.0 / 7) / 4.948717}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, s := Monotony(tt.load)
			for i := range m {
				if !approx.Equal(m[i], tt.monotony[i], 1e-5, 1e-5) || !approx.Equal(s[i], tt.strn[i], 1e-4, 1e-5) {
					t.Errorf("got monotony %v strain %v, want %v %v", m, s, tt.monotony, tt.strn)
					break
				}
			}
		})
	}
}

// TestPolarizationIndex: 80/10/10 % gives log10(0.8/0.1 · 0.1 · 100) =
// log10(80); no time between the thresholds counts as 1 %.
func TestPolarizationIndex(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		z    [3]float64
		want float64
	}{
		{[3]float64{80, 10, 10}, 1.903090},
		{[3]float64{4800, 600, 600}, 1.903090},
		{[3]float64{70, 0, 30}, 3.322219},
		{[3]float64{90, 10, 0}, math.NaN()},
		{[3]float64{0, 50, 50}, math.NaN()},
		{[3]float64{}, math.NaN()},
	} {
		if got := PolarizationIndex(tt.z); !approx.Equal(got, tt.want, 1e-6, 1e-6) {
			t.Errorf("PolarizationIndex(%v) = %v, want %v", tt.z, got, tt.want)
		}
	}
}

// TestRestDays: CTL 50, ATL 80 need ln(50/80) / (−1/7 + 1/42) = 3.948
// days; CTL counts at least 1.
func TestRestDays(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		ctl, atl, want float64
	}{
		{50, 80, 3.948030},
		{80, 50, 0},
		{60, 60, 0},
		{0.5, 10, 19.341715},
		{math.NaN(), 10, math.NaN()},
	} {
		if got := RestDays(tt.ctl, tt.atl); !approx.Equal(got, tt.want, 1e-6, 1e-6) {
			t.Errorf("RestDays(%v, %v) = %v, want %v", tt.ctl, tt.atl, got, tt.want)
		}
	}
	// After the rest days, TSB is back at 0.
	ctl, atl := 50.0, 80.0
	n := RestDays(ctl, atl)
	if d := ctl*math.Exp(-n/CTLDays) - atl*math.Exp(-n/ATLDays); math.Abs(d) > 1e-9 {
		t.Errorf("after %v rest days CTL − ATL = %v", n, d)
	}
}

func TestSeilerSplit(t *testing.T) {
	t.Parallel()
	h := make(Histogram, 181)
	h[120], h[155], h[156], h[165], h[166], h[180] = 100, 10, 20, 30, 40, 50
	// HRmax 190: VT1 155.8, VT2 165.3.
	got := SeilerSplit(h, 0.82*190, 0.87*190)
	if want := [3]float64{110, 50, 90}; got != want {
		t.Errorf("SeilerSplit = %v, want %v", got, want)
	}
	if got := SeilerSplit(nil, 150, 160); got != [3]float64{} {
		t.Errorf("SeilerSplit(nil) = %v", got)
	}
}
