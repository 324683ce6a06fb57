package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// piece is one part of a synthetic session: dur seconds at a power (W),
// speed (m/s) and target heart rate (bpm). A pause piece stops the timer for
// dur seconds: no samples, and a new segment after it.
type piece struct {
	dur, power, speed, hr float64
	pause                 bool
}

// synth describes how a synthetic trace is sampled.
type synth struct {
	// lag makes heart rate approach each target with the time constants of
	// a real heart (30 s rising, 60 s falling); otherwise it jumps.
	lag bool
	// hrNoise, powerNoise and speedNoise are standard deviations of
	// Gaussian noise (bpm, fraction, fraction); seed seeds it.
	hrNoise, powerNoise, speedNoise float64
	seed                            uint64
	// noPower and noSpeed leave those streams out (nil).
	noPower, noSpeed bool
	// dropHR is the probability that a sample has no heart rate.
	dropHR float64
}

// build returns a 1-Hz trace of the pieces, shaped as Traces returns it:
// W is the time to the next sample (0 before a pause and at the end), Seg
// starts a segment after each pause.
func (o synth) build(pieces ...piece) trace {
	r := rand.New(rand.NewPCG(o.seed, 7))
	var tr trace
	t, hr := 0.0, math.NaN()
	newSeg := true
	for _, p := range pieces {
		if p.pause {
			if n := len(tr.W); n > 0 {
				tr.W[n-1] = 0
			}
			t += p.dur
			newSeg = true
			continue
		}
		for k := 0; k < int(p.dur); k++ {
			if newSeg {
				tr.Seg = append(tr.Seg, len(tr.T))
				newSeg = false
			} else if n := len(tr.W); n > 0 {
				tr.W[n-1] = 1
			}
			switch {
			case math.IsNaN(hr) || !o.lag:
				hr = p.hr
			case p.hr > hr:
				hr += (p.hr - hr) * (1 - math.Exp(-1.0/30))
			default:
				hr += (p.hr - hr) * (1 - math.Exp(-1.0/60))
			}
			h := hr + o.hrNoise*r.NormFloat64()
			if o.dropHR > 0 && r.Float64() < o.dropHR {
				h = math.NaN()
			}
			tr.T = append(tr.T, t)
			tr.W = append(tr.W, 0)
			tr.HR = append(tr.HR, h)
			if !o.noPower {
				tr.Power = append(tr.Power, math.Max(0, p.power*(1+o.powerNoise*r.NormFloat64())))
			}
			if !o.noSpeed {
				tr.Speed = append(tr.Speed, math.Max(0, p.speed*(1+o.speedNoise*r.NormFloat64())))
			}
			t++
		}
	}
	return tr
}

// repeats returns n work pieces each followed by a recovery piece (the
// last one too).
func repeats(n int, work, rec piece) []piece {
	var out []piece
	for range n {
		out = append(out, work, rec)
	}
	return out
}

func cat(parts ...any) []piece {
	var out []piece
	for _, p := range parts {
		switch p := p.(type) {
		case piece:
			out = append(out, p)
		case []piece:
			out = append(out, p...)
		}
	}
	return out
}

var (
	runner = synth{lag: true, hrNoise: 1.5, speedNoise: 0.02, seed: 1, noPower: true}
	rider  = synth{lag: true, hrNoise: 1.5, powerNoise: 0.08, speedNoise: 0.03, seed: 2}
)

func run(min, speed, hr float64) piece { return piece{dur: min * 60, speed: speed, hr: hr} }
func ride(min, power, hr float64) piece {
	return piece{dur: min * 60, power: power, speed: 7 + power/40, hr: hr}
}
func pause(sec float64) piece { return piece{dur: sec, pause: true} }

func TestAnalyzeIntervals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tr     trace
		n      int     // intervals wanted
		dur    float64 // each interval's duration, ± tol
		tol    float64
		source string
		steady bool // decoupling and drift wanted
	}{
		{name: "steady easy run", tr: runner.build(run(60, 2.9, 140)), n: 0, steady: true},
		{name: "steady tempo run", tr: runner.build(run(15, 2.9, 135), run(25, 3.5, 157), run(10, 2.8, 135)), n: 0, steady: true},
		{name: "steady long ride", tr: rider.build(ride(150, 170, 140)), n: 0, steady: true},
		{name: "race", tr: runner.build(run(90, 3.95, 170)), n: 0, steady: true},
		{name: "tempo with a short pause inside the block",
			tr: runner.build(run(15, 2.9, 135), run(10, 3.5, 157), pause(45), run(15, 3.5, 157), run(10, 2.8, 135)),
			n:  0, steady: true},
		{name: "3x10 threshold run",
			tr: runner.build(cat(run(15, 2.9, 135), repeats(3, run(10, 3.95, 169), run(2, 2.5, 140)), run(10, 2.8, 135))...),
			n:  3, dur: 600, tol: 15, source: "speed"},
		{name: "2x20 threshold ride",
			tr: rider.build(cat(ride(15, 140, 125), repeats(2, ride(20, 245, 165), ride(5, 125, 125)), ride(10, 125, 120))...),
			n:  2, dur: 1200, tol: 15, source: "power"},
		{name: "5x3 vo2max run",
			tr: runner.build(cat(run(15, 2.9, 135), repeats(5, run(3, 4.5, 184), run(2, 2.2, 130)), run(10, 2.7, 130))...),
			n:  5, dur: 180, tol: 10, source: "speed"},
		{name: "10x30s sprints on a bike",
			tr: rider.build(cat(ride(20, 145, 122), repeats(10, piece{dur: 30, power: 525, speed: 13, hr: 188}, ride(4.5, 125, 120)), ride(12, 125, 118))...),
			n:  10, dur: 30, tol: 5, source: "power"},
		{name: "repeats with the watch stopped in each recovery",
			tr: runner.build(cat(run(10, 2.9, 135), repeats(4, run(3, 4.5, 180), pause(120)), run(10, 2.8, 135))...),
			n:  4, dur: 180, tol: 10, source: "speed"},
		{name: "3x10 threshold from noisy heart rate only",
			tr: synth{lag: true, hrNoise: 4, seed: 3, noPower: true, noSpeed: true, dropHR: 0.05}.build(
				cat(run(15, 0, 135), repeats(3, run(10, 0, 169), run(3, 0, 130)), run(10, 0, 130))...),
			n: 3, dur: 600, tol: 60, source: "hr"},
		{name: "steady noisy heart rate only",
			tr: synth{lag: true, hrNoise: 4, seed: 4, noPower: true, noSpeed: true, dropHR: 0.05}.build(run(60, 0, 145)),
			n:  0, steady: true},
		{name: "hilly ride: surges of every length and spacing",
			tr: rider.build(ride(10, 150, 130), ride(1, 300, 150), ride(3, 150, 135), ride(6, 290, 160), ride(12, 150, 138),
				ride(0.5, 320, 150), ride(20, 150, 138), ride(3, 280, 158), ride(1, 150, 140), ride(9, 300, 162), ride(15, 150, 138)),
			n: 0, steady: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := analyzeTrace(&tc.tr)
			if len(st.Intervals) != tc.n {
				t.Fatalf("got %d intervals %+v, want %d", len(st.Intervals), st.Intervals, tc.n)
			}
			if st.Source != tc.source {
				t.Errorf("source %q, want %q", st.Source, tc.source)
			}
			for k, iv := range st.Intervals {
				if math.Abs(iv.Duration-tc.dur) > tc.tol {
					t.Errorf("interval %d: duration %.0f s, want %.0f ± %.0f", k, iv.Duration, tc.dur, tc.tol)
				}
				if math.IsNaN(iv.AvgHR) || iv.MaxHR < iv.AvgHR {
					t.Errorf("interval %d: avg HR %.1f, max HR %.1f", k, iv.AvgHR, iv.MaxHR)
				}
				last := k == len(st.Intervals)-1
				if last != math.IsNaN(iv.Recovery) {
					t.Errorf("interval %d: recovery %.0f s", k, iv.Recovery)
				}
			}
			if steady := !math.IsNaN(st.Drift); steady != tc.steady {
				t.Errorf("drift %.2f %%, steady %v", st.Drift, tc.steady)
			}
		})
	}
}

func TestAnalyzeIntervalValues(t *testing.T) {
	t.Parallel()
	tr := rider.build(cat(ride(20, 145, 122), repeats(8, piece{dur: 30, power: 525, speed: 13, hr: 188}, ride(4.5, 125, 120)), ride(12, 125, 118))...)
	st := analyzeTrace(&tr)
	if len(st.Intervals) != 8 {
		t.Fatalf("got %d intervals, want 8", len(st.Intervals))
	}
	for k, iv := range st.Intervals {
		start := 20*60 + float64(k)*300
		if math.Abs(iv.Start-start) > 5 {
			t.Errorf("interval %d starts at %.0f s, want %.0f", k, iv.Start, start)
		}
		if math.Abs(iv.AvgPower-525) > 40 {
			t.Errorf("interval %d: avg power %.0f W, want about 525", k, iv.AvgPower)
		}
		if k < 7 && math.Abs(iv.Recovery-270) > 10 {
			t.Errorf("interval %d: recovery %.0f s, want about 270", k, iv.Recovery)
		}
	}
	if !within(st.Base, 125, 15) || !(st.Work > 400) {
		t.Errorf("levels: base %.0f W, work %.0f W", st.Base, st.Work)
	}
}

func TestDecouplingClosedForm(t *testing.T) {
	t.Parallel()
	// Constant speed for an hour, heart rate 150 bpm in the first half and
	// 5 % higher in the second: speed per beat falls by 1 − 1/1.05.
	tr := synth{noPower: true}.build(run(30, 3, 150), run(30, 3, 157.5))
	st := analyzeTrace(&tr)
	want := 100 * (1 - 1/1.05)
	if !within(st.Decoupling, want, 1e-9) {
		t.Errorf("decoupling %.6f %%, want %.6f", st.Decoupling, want)
	}
	if !within(st.Drift, 5, 1e-9) {
		t.Errorf("drift %.6f %%, want 5", st.Drift)
	}
	// Power wins over speed when both are there: constant power, the same
	// heart rates, speed that falls (it must not matter).
	tr = synth{}.build(piece{dur: 1800, power: 200, speed: 9, hr: 150}, piece{dur: 1800, power: 200, speed: 7, hr: 157.5})
	if st := analyzeTrace(&tr); !within(st.Decoupling, want, 1e-9) {
		t.Errorf("decoupling from power %.6f %%, want %.6f", st.Decoupling, want)
	}
	// Too short, or with intervals: NaN.
	tr = synth{noPower: true}.build(run(9, 3, 150), run(9, 3, 157.5))
	if st := analyzeTrace(&tr); !math.IsNaN(st.Decoupling) || !math.IsNaN(st.Drift) {
		t.Errorf("18 min: decoupling %.2f, drift %.2f, want NaN", st.Decoupling, st.Drift)
	}
	// Without speed or power: drift only.
	tr = synth{noPower: true, noSpeed: true}.build(run(30, 0, 150), run(30, 0, 157.5))
	if st := analyzeTrace(&tr); !math.IsNaN(st.Decoupling) || !within(st.Drift, 5, 1e-9) {
		t.Errorf("HR only: decoupling %.2f (want NaN), drift %.2f (want 5)", st.Decoupling, st.Drift)
	}
}

func TestHRRecoveryClosedForm(t *testing.T) {
	t.Parallel()
	// A 3-min effort at 175 bpm, heart rate falling linearly to 140 bpm in
	// 10 s after it and staying there: the 5-s mean peaks at 175 and is 140
	// a minute later.
	drop := func(from, to float64) []piece {
		var out []piece
		for k := 1; k <= 10; k++ {
			out = append(out, piece{dur: 1, speed: 2.5, hr: from + (to-from)*float64(k)/10})
		}
		return out
	}
	base := func(extra ...any) trace {
		return synth{noPower: true}.build(cat(append([]any{run(10, 2.5, 130), run(3, 4.5, 175),
			run(2, 2.5, 140), run(3, 4.5, 175)}, extra...)...)...)
	}
	tests := []struct {
		name string
		tr   trace
		want float64 // NaN: no recovery measurable
	}{
		{"drop after the last bout", base(drop(175, 140), run(5, 2.5, 140)), 35},
		{"session ends 30 s after the effort", base(drop(175, 140), piece{dur: 20, speed: 2.5, hr: 140}), math.NaN()},
		{"watch stopped 20 s after the effort", base(drop(175, 140), piece{dur: 10, speed: 2.5, hr: 140}, pause(60), run(5, 2.5, 120)), math.NaN()},
		{"no heart rate after the effort", func() trace {
			tr := base(drop(175, 140), run(5, 2.5, 140))
			for i := 13*60 + 180 + 10; i < len(tr.HR); i++ {
				tr.HR[i] = math.NaN()
			}
			return tr
		}(), math.NaN()},
		{"steady session", synth{noPower: true}.build(run(40, 3, 150)), math.NaN()},
		{"efforts shorter than 2 min", synth{noPower: true}.build(cat(run(10, 2.5, 130),
			repeats(6, piece{dur: 60, speed: 4.5, hr: 175}, run(2, 2.5, 140)))...), math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := analyzeTrace(&tc.tr).HRRecovery
			if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && !within(got, tc.want, 1e-6)) {
				t.Errorf("HR recovery %.3f bpm, want %.3f", got, tc.want)
			}
		})
	}
}

func TestMax5s(t *testing.T) {
	t.Parallel()
	hrs := func(vs ...float64) []piece {
		var out []piece
		for _, v := range vs {
			out = append(out, piece{dur: 1, speed: 3, hr: v})
		}
		return out
	}
	tests := []struct {
		name string
		tr   trace
		want float64
	}{
		{"plateau beats a one-sample spike", synth{}.build(cat(run(1, 3, 150), hrs(200), run(1, 3, 150), hrs(170, 170, 170, 170, 170), run(1, 3, 150))...), 170},
		{"a spike alone is averaged over 5 s", synth{}.build(cat(run(1, 3, 150), hrs(200), run(1, 3, 150))...), 160},
		// 4 s at 190 on each side of a pause never make a 5-s window.
		{"never across a pause", synth{}.build(cat(run(1, 3, 120), hrs(190, 190, 190, 190), pause(30), hrs(190, 190, 190, 190), run(1, 3, 120))...), (190*4 + 120) / 5.0},
		{"no heart rate", synth{dropHR: 1}.build(run(5, 3, 150)), math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := analyzeTrace(&tc.tr).Max5s
			if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && !within(got, tc.want, 1e-9)) {
				t.Errorf("Max5s %.4f, want %.4f", got, tc.want)
			}
		})
	}
}

func TestAnalyzeEdgeCases(t *testing.T) {
	t.Parallel()
	empty := trace{}
	st := analyzeTrace(&empty)
	if len(st.Intervals) != 0 || !math.IsNaN(st.Max5s) || !math.IsNaN(st.Decoupling) || st.HRHist != nil {
		t.Errorf("empty trace: %+v", st)
	}
	// Streams shorter than T are treated as not recorded, never indexed.
	short := trace{T: []float64{0, 1, 2}, W: []float64{1, 1, 0}, HR: []float64{150}, Speed: []float64{3, 3}, Seg: []int{0}}
	st = analyzeTrace(&short)
	if st.HRHist != nil || st.Source != "" {
		t.Errorf("short streams: %+v", st)
	}
	// The histogram holds every second of heart rate, at its bpm.
	tr := synth{noPower: true}.build(run(10, 3, 140), run(5, 3, 160))
	st = analyzeTrace(&tr)
	if got := st.HRHist[140]; got != 600 {
		t.Errorf("HRHist[140] = %v, want 600", got)
	}
	if got := st.HRHist[160]; got != 299 { // the last sample stands for no time
		t.Errorf("HRHist[160] = %v, want 299", got)
	}
	if st.Moving != 899 {
		t.Errorf("moving %v, want 899", st.Moving)
	}
	// analyzeTrace does not modify the trace.
	before := append([]float64(nil), tr.HR...)
	analyzeTrace(&tr)
	for i := range before {
		if before[i] != tr.HR[i] {
			t.Fatalf("HR[%d] changed", i)
		}
	}
}

func BenchmarkAnalyze(b *testing.B) {
	tr := rider.build(cat(ride(20, 145, 122), repeats(10, piece{dur: 30, power: 525, speed: 13, hr: 188}, ride(4.5, 125, 120)), ride(60, 170, 140))...)
	b.ReportAllocs()
	for b.Loop() {
		analyzeTrace(&tr)
	}
}

// within reports whether a and b differ by at most tol (false for NaN).
func within(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
