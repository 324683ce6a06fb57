package hrv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bounceback/bounceback/internal/approx"
)

// ms converts intervals in ms to the seconds Analyze takes.
func ms(v ...float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / 1000
	}
	return out
}

// near reports whether a is within tol of b, NaN equal to NaN.
func near(a, b, tol float64) bool { return approx.Equal(a, b, tol, 0) }

// TestSessionHRVTimeDomain checks the time domain against values computed
// by hand.
//
// 800 810 790 850 840: mean 818; deviations −18 −8 −28 32 22, Σd² = 2680,
// SDNN = √(2680/4) = 25.884; differences 10 −20 60 −10, Σ = 4200, RMSSD =
// √1050 = 32.404; one of four > 50 ms: pNN50 = 25 %.
func TestSessionHRVTimeDomain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		rr                  []float64
		breaks              []int
		used, dropped       int
		meanRR, sdnn, rmssd float64
		pnn50               float64
	}{
		{"clean", ms(800, 810, 790, 850, 840), nil, 5, 0, 818, 25.884, 32.404, 25},
		// Pairs 10, −20, −10: RMSSD = √(600/3), pNN50 0.
		{"pause after beat 3", ms(800, 810, 790, 850, 840), []int{3}, 5, 0, 818, 25.884, 14.142, 0},
		// 2500 ms is out of range: pairs 10, 60, −10 remain, RMSSD =
		// √(3800/3) = 35.590, pNN50 = 1/3.
		{"dropped beat breaks the pair", ms(800, 810, 2500, 790, 850, 840), nil, 5, 1, 818, 25.884, 35.590, 100.0 / 3},
		// 520 is 35 % below its neighbours' median: dropped by the median
		// filter. Kept: mean 815, Σd² = 2950, SDNN = √590 = 24.290; pairs
		// 10, −10, 60, −10: RMSSD = √975 = 31.225.
		{"ectopic", ms(800, 810, 800, 520, 790, 850, 840), nil, 6, 1, 815, 24.290, 31.225, 25},
		{"one beat", ms(800), nil, 1, 0, 800, nan, nan, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Analyze(tt.rr, nil, tt.breaks, nan)
			if h.RRUsed != tt.used || h.RRDropped != tt.dropped {
				t.Errorf("used/dropped = %d/%d, want %d/%d", h.RRUsed, h.RRDropped, tt.used, tt.dropped)
			}
			checks := []struct {
				name      string
				got, want float64
			}{
				{"MeanRR", h.MeanRR, tt.meanRR},
				{"SDNN", h.SDNN, tt.sdnn},
				{"RMSSD", h.RMSSD, tt.rmssd},
				{"LnRMSSD", h.LnRMSSD, math.Log(tt.rmssd)},
				{"PNN50", h.PNN50, tt.pnn50},
				{"MeanHR", h.MeanHR, 60000 / tt.meanRR},
				{"ArtifactPct", h.ArtifactPct, 100 * float64(tt.dropped) / float64(tt.used+tt.dropped)},
			}
			for _, c := range checks {
				if !near(c.got, c.want, 0.001) {
					t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestSessionHRVEmpty(t *testing.T) {
	t.Parallel()
	if h := Analyze(nil, nil, nil, nan); h != nil {
		t.Errorf("Analyze(nil) = %+v, want nil", h)
	}
}

// syntheticRR returns n RR intervals (seconds) around hr bpm: an AR(1)
// beat-to-beat variation of sd ms with a respiratory sinus arrhythmia of
// the same size, as a strap records at rest or on an easy effort.
func syntheticRR(n int, hr, sd float64, r *rand.Rand) []float64 {
	out := make([]float64, n)
	x, t := 0.0, 0.0
	for i := range out {
		x = 0.7*x + math.Sqrt(1-0.49)*r.NormFloat64()
		v := 60/hr + (sd*x+sd*math.Sin(2*math.Pi*t/4))/1000
		out[i] = v
		t += v
	}
	return out
}

// rampRR returns RR intervals (seconds) of a recording whose heart rate
// climbs from 60 to 170 bpm in minutes minutes, with a variation that
// shrinks with intensity: sd 50 ms at 60 bpm, 4 ms at 170.
func rampRR(minutes float64, r *rand.Rand) []float64 {
	var out []float64
	x, t := 0.0, 0.0
	for t < minutes*60 {
		f := t / (minutes * 60)
		hr := 60 + 110*f
		sd := 50 * math.Pow(4.0/50, f)
		x = 0.7*x + math.Sqrt(1-0.49)*r.NormFloat64()
		v := 60/hr + (sd*x+sd*math.Sin(2*math.Pi*t/4))/1000
		out = append(out, v)
		t += v
	}
	return out
}

// injectEctopic puts artefacts into rr at about rate per beat, at least 12
// beats apart: a premature beat with its compensatory pause, or a missed
// beat (two intervals merged). It returns the new series and which of its
// beats are artefacts.
func injectEctopic(rr []float64, rate float64, r *rand.Rand) ([]float64, []bool) {
	var out []float64
	var bad []bool
	last := -100
	for i := 0; i < len(rr); i++ {
		if i+1 < len(rr) && i-last >= 12 && i > 12 && r.Float64() < rate {
			last = i
			if r.IntN(2) == 0 {
				short := rr[i] * (0.55 + 0.15*r.Float64())
				out = append(out, short, rr[i+1]+rr[i]-short)
				bad = append(bad, true, true)
			} else {
				out = append(out, rr[i]+rr[i+1])
				bad = append(bad, true)
			}
			i++
			continue
		}
		out = append(out, rr[i])
		bad = append(bad, false)
	}
	return out, bad
}

// TestCleanFindsEctopic checks the filter on realistic synthetic RR (a
// 60→170 bpm ramp, and a resting reading): it finds at least 95 % of the
// injected artefacts and drops at most 1 % of the clean beats.
func TestCleanFindsEctopic(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 4; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		for _, c := range []struct {
			name string
			rr   []float64
		}{
			{"ramp", rampRR(40, r)},
			{"rest", syntheticRR(600, 55, 40, r)},
		} {
			rr, bad := injectEctopic(c.rr, 0.02, r)
			msv := make([]float64, len(rr))
			for i, v := range rr {
				msv[i] = v * 1000
			}
			keep := DefaultOptions.clean(msv, []int{0}, nil)
			var nBad, found, nClean, lost int
			for i := range rr {
				if bad[i] {
					nBad++
					if !keep[i] {
						found++
					}
				} else {
					nClean++
					if !keep[i] {
						lost++
					}
				}
			}
			pf := 100 * float64(found) / float64(nBad)
			pl := 100 * float64(lost) / float64(nClean)
			t.Logf("seed %d %s: %d beats, found %d/%d artefacts (%.1f %%), dropped %d/%d clean (%.2f %%)",
				seed, c.name, len(rr), found, nBad, pf, lost, nClean, pl)
			if pf < 95 {
				t.Errorf("seed %d %s: found %.1f %% of the artefacts, want ≥ 95 %%", seed, c.name, pf)
			}
			if pl > 1 {
				t.Errorf("seed %d %s: dropped %.2f %% of the clean beats, want ≤ 1 %%", seed, c.name, pl)
			}
		}
	}
}

// TestSessionHRVWindows checks the 5-minute windows and the α1 series on a
// steady 20-minute recording.
func TestSessionHRVWindows(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 3))
	rr := syntheticRR(1500, 75, 30, r) // 20 minutes at 75 bpm
	rr[700] *= 2                       // one missed beat
	h := Analyze(rr, nil, nil, nan)
	if len(h.Windows) != 4 {
		t.Fatalf("%d windows, want 4", len(h.Windows))
	}
	used := 0
	for i, w := range h.Windows {
		used += w.RRUsed + w.RRDropped
		if !near(w.Start, 300*float64(i), 1e-9) {
			t.Errorf("window %d starts at %v", i, w.Start)
		}
		if w.Unreliable || math.IsNaN(w.RMSSD) || !near(w.MeanHR, 75, 3) {
			t.Errorf("window %d: %+v", i, w)
		}
	}
	if used != len(rr) {
		t.Errorf("windows hold %d beats, want %d", used, len(rr))
	}
	if h.RRDropped != 1 {
		t.Errorf("dropped %d, want 1", h.RRDropped)
	}
	// (1200 − 120) / 30 + 1 = 37 windows of 2 minutes.
	if len(h.Alpha) != 37 {
		t.Errorf("%d α1 windows, want 37", len(h.Alpha))
	}
	for _, p := range h.Alpha {
		if p.Unreliable || math.IsNaN(float64(p.Alpha)) {
			t.Errorf("α1 window at %v: %+v", p.Start, p)
		}
	}
	if math.IsNaN(h.AlphaMean) {
		t.Error("AlphaMean is NaN")
	}
	// One intensity: no thresholds.
	if !math.IsNaN(h.VT1.HR) || !math.IsNaN(h.VT2.HR) {
		t.Errorf("VT1 %v, VT2 %v at constant HR, want NaN", h.VT1, h.VT2)
	}
}

// TestThresholds checks the α1–HR regression on a straight line: α1 =
// 0.75 at 150 bpm, 0.5 at 170.
func TestThresholds(t *testing.T) {
	t.Parallel()
	line := func(hr float64) float64 { return 0.75 - (hr-150)*0.0125 }
	var pts []alphaWindow
	for hr := 120.0; hr <= 172; hr += 2 {
		pts = append(pts, alphaWindow{HR: hr, Alpha: line(hr)})
	}
	tests := []struct {
		name     string
		pts      []alphaWindow
		vt1, vt2 float64
	}{
		{"ramp", pts, 150, 170},
		{"too narrow", pts[:8], nan, nan},                   // 120–134 bpm
		{"too few", pts[:len(pts):len(pts)][20:], nan, nan}, // 6 windows
		{"VT2 beyond", pts[:20], 150, nan},                  // up to 158 bpm
	}
	for _, tt := range tests {
		vt1, vt2 := DefaultOptions.thresholds(tt.pts)
		if !near(vt1.HR, tt.vt1, 1e-6) || !near(vt2.HR, tt.vt2, 1e-6) {
			t.Errorf("%s: VT1 %.2f, VT2 %.2f; want %.2f, %.2f", tt.name, vt1.HR, vt2.HR, tt.vt1, tt.vt2)
		}
		if vt1.Windows != len(tt.pts) {
			t.Errorf("%s: %d windows, want %d", tt.name, vt1.Windows, len(tt.pts))
		}
	}
}

func ExampleAnalyze() {
	// Seven beats, ms; the fourth is premature. A timer pause comes
	// before the sixth.
	rr := []float64{0.800, 0.810, 0.800, 0.520, 0.790, 0.850, 0.840}
	h := Analyze(rr, nil, []int{5}, math.NaN())
	fmt.Printf("kept %d, dropped %d (%.1f %%)\n", h.RRUsed, h.RRDropped, h.ArtifactPct)
	fmt.Printf("mean RR %.0f ms, SDNN %.1f ms, RMSSD %.1f ms, pNN50 %.0f %%\n", h.MeanRR, h.SDNN, h.RMSSD, h.PNN50)
	// Output:
	// kept 6, dropped 1 (14.3 %)
	// mean RR 815 ms, SDNN 24.3 ms, RMSSD 10.0 ms, pNN50 0 %
}
