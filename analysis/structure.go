package analysis

import (
	"math"
	"sort"
)

// structureThresholds are the rules analyzeWith applies to find work
// bouts and steady-state measures in a trace. Every value is our own
// default (an engineering estimate tuned on generated and real files), not
// a published number.
type structureThresholds struct {
	// SmoothPower, SmoothSpeed and SmoothHR are the widths in seconds of
	// the centered moving average applied to each stream before bouts are
	// looked for (10 s, 10 s, 20 s). The average never crosses a segment
	// boundary.
	SmoothPower, SmoothSpeed, SmoothHR float64
	// BaseQuantile and WorkQuantile pick the session's two levels from the
	// time-weighted distribution of the smoothed stream: the base (easy
	// riding, jogging, recoveries) and the work level (0.20 and 0.97).
	BaseQuantile, WorkQuantile float64
	// MinRisePower and MinRiseSpeed are how far, as a fraction of the
	// base, the work level and every bout's mean must rise above the base
	// (0.4 for power, 0.2 for speed); MinRiseHR is the same in bpm (15).
	// A session whose work level does not rise that far is steady.
	MinRisePower, MinRiseSpeed, MinRiseHR float64
	// Enter and Exit place the hysteresis thresholds between the base (0)
	// and the work level (1): a bout starts when the smoothed stream
	// reaches Enter (0.5) and ends when it falls below Exit (0.35).
	Enter, Exit float64
	// MinBout is the shortest bout in seconds of moving time (15 s from
	// power or speed); MinBoutHR the shortest from heart rate alone (60 s,
	// because heart rate lags an effort by 30–60 s). MaxBout is the
	// longest (30 min): a longer block is a steady effort, not a repeat.
	MinBout, MinBoutHR, MaxBout float64
	// MinRecovery is the shortest dip, in seconds of moving time, that
	// separates two bouts (15 s); a shorter dip is part of the bout.
	MinRecovery float64
	// PauseRecovery is the shortest timer pause (or recording gap), in
	// seconds, that ends a bout (60 s). A shorter pause inside an effort
	// (a traffic light) does not split it in two; the bout's duration
	// counts moving time only and no statistic spans the pause.
	PauseRecovery float64
	// MinBouts is how many bouts make an interval session (2).
	MinBouts int
	// RepeatDuration and RepeatRecovery say when consecutive bouts are
	// repeats of one set: the longest bout of the set is at most
	// RepeatDuration (1.6) times its shortest, and the longest recovery
	// between them at most RepeatRecovery (2.5) times the shortest.
	// SetShare is the least share of all the bouts' time the longest such
	// set must hold for the session to be an interval session (0.6).
	// Climbs and traffic on an unstructured ride give many bouts of every
	// length and spacing, and no set that dominates them.
	RepeatDuration, RepeatRecovery, SetShare float64
	// MinUsable is the share of moving time over which power or speed must
	// be recorded and non-zero for bouts to be looked for in it (0.5);
	// otherwise the next stream is tried (power, then speed, then heart
	// rate). Pool swims, whose speed is zero between length ends, fall
	// through to heart rate.
	MinUsable float64
	// SteadyMin is the shortest moving time, in seconds, for which a
	// session without intervals gets decoupling and drift (20 min).
	SteadyMin float64
	// HRRMinEffort is the shortest bout, in seconds, whose end is worth a
	// heart-rate recovery (120 s); HRRWindow is the recovery time (60 s);
	// HRRCoverage is the share of that window that must have heart rate
	// (0.8).
	HRRMinEffort, HRRWindow, HRRCoverage float64
	// Max5sWindow is the window of Structure.Max5s, seconds (5).
	Max5sWindow float64
}

// defaultStructure are bounceback's defaults for analyzeTrace.
var defaultStructure = structureThresholds{
	SmoothPower:    10,
	SmoothSpeed:    10,
	SmoothHR:       20,
	BaseQuantile:   0.20,
	WorkQuantile:   0.97,
	MinRisePower:   0.4,
	MinRiseSpeed:   0.2,
	MinRiseHR:      15,
	Enter:          0.5,
	Exit:           0.35,
	MinBout:        15,
	MinBoutHR:      60,
	MaxBout:        30 * 60,
	MinRecovery:    15,
	PauseRecovery:  60,
	MinBouts:       2,
	RepeatDuration: 1.6,
	RepeatRecovery: 2.5,
	SetShare:       0.6,
	MinUsable:      0.5,
	SteadyMin:      20 * 60,
	HRRMinEffort:   120,
	HRRWindow:      60,
	HRRCoverage:    0.8,
	Max5sWindow:    5,
}

// maxHistBPM is the highest heart rate Structure.HRHist holds; higher
// values count there (FIT stores heart rate in one byte).
const maxHistBPM = 255

// Sources of Structure.Source.
const (
	sourcePower = "power"
	sourceSpeed = "speed"
	sourceHR    = "hr"
)

// analyzeWith finds the structure of one session's trace under th, its
// working slices carved from sc (nil: allocated).
//
// Bouts are looked for in power when the trace has it, else in speed, else
// in heart rate (see structureThresholds.MinUsable). The stream is smoothed
// within each segment, its base and work levels are read from its
// time-weighted distribution, and a bout is a stretch where the smoothed
// stream rises to the work level (with hysteresis) for MinBout to MaxBout
// seconds of moving time and whose mean rises MinRise above the base. Two or
// more bouts (MinBouts) make the session an interval session; otherwise it
// is steady and has no Intervals.
//
// Decoupling and Drift are computed for steady sessions of at least
// SteadyMin moving time, by the GoldenCheetah method: the samples with heart
// rate are split at half the moving time, the ratio r = Σ w·x / Σ w·HR of
// power x (speed when there is no power) per beat is taken in each half,
// and Decoupling = 100·(r1 − r2)/r1; Drift = 100·(HR2/HR1 − 1) from the
// halves' mean heart rates.
//
// HRRecovery is the drop of the 5-s trailing mean heart rate from its peak
// at the end of the last bout of at least HRRMinEffort seconds to
// HRRWindow seconds later, when those seconds are in the same segment and
// have heart rate; NaN otherwise.
//
// It runs in a few passes. It does not modify tr. Streams shorter than
// tr.T are treated as not recorded.
func analyzeWith(tr *trace, th structureThresholds, sc *scratch) Structure {
	st := Structure{Decoupling: nan, Drift: nan, HRRecovery: nan, Max5s: nan, Base: nan, Work: nan}
	n := len(tr.T)
	if n == 0 || len(tr.W) < n {
		return st
	}
	hr := tr.HR
	if len(hr) < n {
		hr = nil
	}
	power, speed := tr.Power, tr.Speed
	if len(power) < n {
		power = nil
	}
	if len(speed) < n {
		speed = nil
	}
	a := analyzer{tr: tr, n: n, hr: hr, th: &th, sc: sc}

	// Pass 1: moving time, heart-rate histogram, usable streams.
	var moving, hrTime, powerTime, speedTime float64
	var acc [maxHistBPM + 1]float64
	maxHR := -1
	for i := 0; i < n; i++ {
		w := tr.W[i]
		moving += w
		if hr != nil {
			if h := hr[i]; h > 0 { // false for NaN
				hrTime += w
				b := maxHistBPM
				if h < maxHistBPM {
					b = int(h + 0.5)
				}
				acc[b] += w
				maxHR = max(maxHR, b)
			}
		}
		if power != nil && power[i] > 0 {
			powerTime += w
		}
		if speed != nil && speed[i] > 0 {
			speedTime += w
		}
	}
	st.Moving = moving
	if maxHR >= 0 {
		st.HRHist = make([]float64, maxHR+1)
		copy(st.HRHist, acc[:maxHR+1])
		st.Max5s = a.max5s()
	}

	// Choose the stream for bouts.
	var x []float64
	var smooth, rise, minBout float64
	switch {
	case power != nil && moving > 0 && powerTime >= th.MinUsable*moving:
		x, smooth, rise, minBout, st.Source = power, th.SmoothPower, th.MinRisePower, th.MinBout, sourcePower
	case speed != nil && moving > 0 && speedTime >= th.MinUsable*moving:
		x, smooth, rise, minBout, st.Source = speed, th.SmoothSpeed, th.MinRiseSpeed, th.MinBout, sourceSpeed
	case hr != nil && moving > 0 && hrTime >= th.MinUsable*moving:
		x, smooth, rise, minBout, st.Source = hr, th.SmoothHR, th.MinRiseHR, th.MinBoutHR, sourceHR
	}
	var bouts []bout
	if x != nil {
		s := a.smooth(x, smooth)
		base, work := weightedQuantiles(s, tr.W, th.BaseQuantile, th.WorkQuantile, st.Source != sourceHR)
		st.Base, st.Work = base, work
		grace := smooth
		if st.Source == sourceHR {
			grace = th.MinBoutHR
		}
		bouts = a.bouts(x, s, base, work, rise, minBout, grace, st.Source == sourceHR)
	}
	if set := a.regularSet(bouts); len(set) >= th.MinBouts {
		st.Intervals = make([]Interval, len(set))
		for k, b := range set {
			st.Intervals[k] = a.interval(b, power, speed)
			if k+1 < len(set) {
				st.Intervals[k].Recovery, st.Intervals[k].RecoveryHR = a.recovery(b.end, set[k+1].start)
			}
		}
	} else {
		st.Source = ""
		if hr != nil && moving >= th.SteadyMin {
			ratio := power
			if power == nil || powerTime < th.MinUsable*moving {
				ratio = nil
				if speed != nil && speedTime >= th.MinUsable*moving {
					ratio = speed
				}
			}
			st.Decoupling, st.Drift = a.decoupling(ratio, moving)
		}
	}
	// Heart-rate recovery after the last long enough bout.
	if hr != nil {
		for k := len(bouts) - 1; k >= 0; k-- {
			if a.boutTime(bouts[k]) >= th.HRRMinEffort {
				st.HRRecovery = a.hrr(bouts[k])
				break
			}
		}
	}
	return st
}

// bout is a work bout: samples [start, end).
type bout struct{ start, end int }

type analyzer struct {
	tr *trace
	n  int
	hr []float64
	th *structureThresholds
	sc *scratch
}

func valid(v float64) bool { return !math.IsNaN(v) }

// segments calls fn with the sample range [lo, hi) of each segment, in
// order.
func (a *analyzer) segments(fn func(lo, hi int)) {
	tr := a.tr
	if len(tr.Seg) == 0 {
		fn(0, a.n)
		return
	}
	for k := range tr.Seg {
		lo, hi := tr.Seg[k], tr.SegmentEnd(k)
		lo, hi = max(lo, 0), min(hi, a.n)
		if lo < hi {
			fn(lo, hi)
		}
	}
}

// max5s returns the highest mean heart rate over windows of Max5sWindow
// seconds of heart-rate time, weighted by W, within segments. A sample
// that stands for no time (the last before a stop) counts for 1 s.
func (a *analyzer) max5s() float64 {
	tr, hr, win := a.tr, a.hr, a.th.Max5sWindow
	weight := func(i int) float64 {
		if !(hr[i] > 0) {
			return 0
		}
		if w := tr.W[i]; w > 0 {
			return w
		}
		return 1
	}
	best := math.Inf(-1)
	a.segments(func(lo, hi int) {
		var sw, swx float64
		i := lo
		for j := lo; j < hi; j++ {
			w := weight(j)
			if w == 0 {
				continue
			}
			sw += w
			swx += w * hr[j]
			for i < j {
				wi := weight(i)
				if sw-wi < win {
					break
				}
				if wi > 0 {
					sw -= wi
					swx -= wi * hr[i]
				}
				i++
			}
			if sw >= win-1e-9 && swx/sw > best {
				best = swx / sw
			}
		}
	})
	if math.IsInf(best, -1) {
		return nan
	}
	return best
}

// smooth returns the centered moving average of x over width seconds,
// within segments, ignoring NaN; NaN where the window has no value.
func (a *analyzer) smooth(x []float64, width float64) []float64 {
	tr := a.tr
	out := a.sc.floats(a.n)
	half := width / 2
	a.segments(func(lo, hi int) {
		l, r := lo, lo
		var sum float64
		cnt := 0
		for i := lo; i < hi; i++ {
			for r < hi && tr.T[r] <= tr.T[i]+half {
				if valid(x[r]) {
					sum += x[r]
					cnt++
				}
				r++
			}
			for l < r && tr.T[l] < tr.T[i]-half {
				if valid(x[l]) {
					sum -= x[l]
					cnt--
				}
				l++
			}
			if cnt > 0 {
				out[i] = sum / float64(cnt)
			} else {
				out[i] = nan
			}
		}
	})
	return out
}

// weightedQuantiles returns the q1 and q2 quantiles of x weighted by w
// (NaN skipped, and values ≤ 0 when positive is set: coasting and standing
// are not the base a rider or runner works from), from a 1024-bin
// histogram between the extremes: one pass to find them and one to fill
// the bins, no sort.
func weightedQuantiles(x, w []float64, q1, q2 float64, positive bool) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if valid(v) && (!positive || v > 0) {
			if v < lo {
				lo = v
			}
			if v > hi {
				hi = v
			}
		}
	}
	if lo > hi {
		return nan, nan
	}
	if hi == lo {
		return lo, lo
	}
	const bins = 1024
	var h [bins]float64
	var total float64
	scale := bins / (hi - lo)
	for i, v := range x {
		if !valid(v) || (positive && v <= 0) {
			continue
		}
		b := min(int((v-lo)*scale), bins-1)
		h[b] += w[i]
		total += w[i]
	}
	if total <= 0 {
		return nan, nan
	}
	q := func(p float64) float64 {
		target := p * total
		var c float64
		for b := 0; b < bins; b++ {
			if c+h[b] >= target && h[b] > 0 {
				f := (target - c) / h[b]
				return lo + (float64(b)+f)/scale
			}
			c += h[b]
		}
		return hi
	}
	return q(q1), q(q2)
}

// bouts finds the work bouts in the smoothed stream s (raw stream x) with
// base and work levels; rise is relative (power, speed) or in bpm
// (isHR). For grace seconds after a short pause inside a bout, low values
// do not count as recovery (the stream catches up: heart rate fell during
// the pause, speed starts from 0).
func (a *analyzer) bouts(x, s []float64, base, work, rise, minBout, grace float64, isHR bool) []bout {
	th, tr := a.th, a.tr
	if !valid(base) || !valid(work) || work <= base {
		return nil
	}
	floor := base * (1 + rise)
	if isHR {
		floor = base + rise
	}
	if work < floor {
		return nil
	}
	enter := base + th.Enter*(work-base)
	exit := base + th.Exit*(work-base)
	var out []bout
	in := false
	var cur bout
	lowStart := -1      // first sample of the current dip inside a bout
	var lowTime float64 // moving time of that dip
	finish := func(end int) {
		b := bout{cur.start, end}
		d := a.boutTime(b)
		if d >= minBout && d <= th.MaxBout && a.mean(x, b) >= floor {
			out = append(out, b)
		}
		in, lowStart, lowTime = false, -1, 0
	}
	prevEnd := -1
	a.segments(func(lo, hi int) {
		graceUntil := math.Inf(-1)
		if in && prevEnd >= 0 {
			gap := tr.T[lo] - tr.T[prevEnd-1]
			switch {
			case gap < th.PauseRecovery:
				graceUntil = tr.T[lo] + grace
			case lowStart >= 0:
				finish(lowStart)
			default:
				finish(prevEnd)
			}
		}
		for i := lo; i < hi; i++ {
			v := s[i]
			if !valid(v) || (v < enter && tr.T[i] < graceUntil) {
				continue // no value, or catching up after a pause: neutral
			}
			switch {
			case !in && v >= enter:
				in, cur, lowStart, lowTime = true, bout{start: i}, -1, 0
			case in && v < exit:
				if lowStart < 0 {
					lowStart, lowTime = i, 0
				}
				lowTime += tr.W[i]
				if lowTime >= th.MinRecovery {
					finish(lowStart)
				}
			case in && v >= enter:
				lowStart, lowTime = -1, 0
			case in && lowStart >= 0:
				lowTime += tr.W[i]
				if lowTime >= th.MinRecovery {
					finish(lowStart)
				}
			}
		}
		prevEnd = hi
	})
	if in {
		if lowStart >= 0 {
			finish(lowStart)
		} else {
			finish(a.n)
		}
	}
	return out
}

// regularSet returns the longest run of consecutive bouts that repeat one
// another (structureThresholds.RepeatDuration, RepeatRecovery), or nil
// when it holds less than SetShare of all the bouts' time.
func (a *analyzer) regularSet(bouts []bout) []bout {
	th := a.th
	if len(bouts) < 2 {
		return nil
	}
	dur := make([]float64, len(bouts))
	var total float64
	for k, b := range bouts {
		dur[k] = a.boutTime(b)
		total += dur[k]
	}
	rec := func(k int) float64 { return a.boutTime(bout{bouts[k-1].end, bouts[k].start}) } // before bout k
	bestI, bestJ, bestT := 0, 1, dur[0]
	for i := range bouts {
		dmin, dmax := dur[i], dur[i]
		rmin, rmax := math.Inf(1), math.Inf(-1)
		t := dur[i]
		j := i + 1
		for ; j < len(bouts); j++ {
			r := rec(j)
			nd0, nd1 := math.Min(dmin, dur[j]), math.Max(dmax, dur[j])
			nr0, nr1 := math.Min(rmin, r), math.Max(rmax, r)
			if nd1 > th.RepeatDuration*nd0 || nr1 > th.RepeatRecovery*math.Max(nr0, 1) {
				break
			}
			dmin, dmax, rmin, rmax = nd0, nd1, nr0, nr1
			t += dur[j]
		}
		if j-i > bestJ-bestI || (j-i == bestJ-bestI && t > bestT) {
			bestI, bestJ, bestT = i, j, t
		}
	}
	if bestJ-bestI < 2 || bestT < th.SetShare*total {
		return nil
	}
	return bouts[bestI:bestJ]
}

// boutTime returns the moving time of b's samples.
func (a *analyzer) boutTime(b bout) float64 {
	var d float64
	for i := b.start; i < b.end; i++ {
		d += a.tr.W[i]
	}
	return d
}

// mean returns the W-weighted mean of x over b, NaN skipped.
func (a *analyzer) mean(x []float64, b bout) float64 {
	var sw, swx float64
	for i := b.start; i < b.end; i++ {
		if valid(x[i]) {
			w := a.tr.W[i]
			sw += w
			swx += w * x[i]
		}
	}
	if sw == 0 {
		return nan
	}
	return swx / sw
}

// interval describes bout b.
func (a *analyzer) interval(b bout, power, speed []float64) Interval {
	iv := Interval{Start: a.tr.T[b.start], Duration: a.boutTime(b),
		AvgHR: nan, MaxHR: nan, AvgPower: nan, AvgSpeed: nan, Recovery: nan, RecoveryHR: nan}
	if a.hr != nil {
		iv.AvgHR = a.mean(a.hr, b)
		mx := math.Inf(-1)
		for i := b.start; i < b.end; i++ {
			if valid(a.hr[i]) {
				mx = math.Max(mx, a.hr[i])
			}
		}
		if !math.IsInf(mx, -1) {
			iv.MaxHR = mx
		}
	}
	if power != nil {
		iv.AvgPower = a.mean(power, b)
	}
	if speed != nil {
		iv.AvgSpeed = a.mean(speed, b)
	}
	return iv
}

// recovery returns the moving time and mean heart rate of samples
// [from, to).
func (a *analyzer) recovery(from, to int) (float64, float64) {
	b := bout{from, to}
	hr := nan
	if a.hr != nil {
		hr = a.mean(a.hr, b)
	}
	return a.boutTime(b), hr
}

// decoupling returns aerobic decoupling (NaN when x is nil) and heart-rate
// drift, both in percent, halves split at half the moving time.
func (a *analyzer) decoupling(x []float64, moving float64) (float64, float64) {
	tr, hr := a.tr, a.hr
	var sx, shr, sw [2]float64 // x and HR over samples with both
	var hrs, hrw [2]float64    // HR over samples with HR
	var t float64
	for i := 0; i < a.n; i++ {
		w := tr.W[i]
		h := 0
		if t+w/2 > moving/2 {
			h = 1
		}
		t += w
		if !valid(hr[i]) || hr[i] <= 0 {
			continue
		}
		hrs[h] += w * hr[i]
		hrw[h] += w
		if x != nil && valid(x[i]) {
			sx[h] += w * x[i]
			shr[h] += w * hr[i]
			sw[h] += w
		}
	}
	dec, drift := nan, nan
	if hrw[0] > 0 && hrw[1] > 0 {
		drift = 100 * ((hrs[1]/hrw[1])/(hrs[0]/hrw[0]) - 1)
	}
	if x != nil && sw[0] > 0 && sw[1] > 0 && shr[0] > 0 && shr[1] > 0 && sx[0] > 0 {
		r1, r2 := sx[0]/shr[0], sx[1]/shr[1]
		dec = 100 * (r1 - r2) / r1
	}
	return dec, drift
}

// hrr returns the heart-rate recovery after bout b: the peak of the 5-s
// trailing mean heart rate within 30 s before to 20 s after the bout's end,
// minus the 5-s trailing mean HRRWindow seconds after the peak.
func (a *analyzer) hrr(b bout) float64 {
	tr, th := a.tr, a.th
	// The segment holding the bout's last sample.
	last := b.end - 1
	segLo, segHi := 0, a.n
	for k := range tr.Seg {
		if tr.Seg[k] <= last {
			segLo, segHi = tr.Seg[k], tr.SegmentEnd(k)
		}
	}
	tEnd := tr.T[last] + tr.W[last]
	peakT, peak := nan, math.Inf(-1)
	for i := segLo + sort.SearchFloat64s(tr.T[segLo:segHi], tEnd-30); i < segHi && tr.T[i] <= tEnd+20; i++ {
		if v := a.trailingHR(tr.T[i], segLo, segHi); v > peak {
			peak, peakT = v, tr.T[i]
		}
	}
	if math.IsNaN(peakT) {
		return nan
	}
	target := peakT + th.HRRWindow
	segEndT := tr.T[segHi-1] + tr.W[segHi-1]
	if target > segEndT+1e-9 {
		return nan
	}
	// Heart-rate coverage of (peakT, target].
	var cov float64
	for i := segLo + sort.SearchFloat64s(tr.T[segLo:segHi], peakT); i < segHi && tr.T[i] < target; i++ {
		if !valid(a.hr[i]) || a.hr[i] <= 0 {
			continue
		}
		cov += math.Min(tr.W[i], target-tr.T[i])
	}
	if cov < th.HRRCoverage*th.HRRWindow {
		return nan
	}
	after := a.trailingHR(target, segLo, segHi)
	if math.IsNaN(after) {
		return nan
	}
	return peak - after
}

// trailingHR returns the time-weighted mean heart rate over (t − 5 s, t]
// within samples [lo, hi), each sample standing for [T, T+W).
func (a *analyzer) trailingHR(t float64, lo, hi int) float64 {
	tr, from := a.tr, t-a.th.Max5sWindow
	var sw, swx float64
	// Samples before from−maxGap cannot reach the window.
	start := lo + sort.SearchFloat64s(tr.T[lo:hi], from-maxGap)
	for i := start; i < hi && tr.T[i] <= t; i++ {
		if !valid(a.hr[i]) || a.hr[i] <= 0 {
			continue
		}
		s, e := tr.T[i], tr.T[i]+tr.W[i]
		if tr.W[i] == 0 {
			e = s + 1e-9
		}
		s, e = math.Max(s, from), math.Min(e, t)
		if e < s {
			continue
		}
		w := e - s
		if w == 0 && tr.T[i] == t {
			w = 1e-9
		}
		sw += w
		swx += w * a.hr[i]
	}
	if sw == 0 {
		return nan
	}
	return swx / sw
}

// analyzeTrace finds the structure of one session's trace with
// defaultStructure; see analyzeWith.
func analyzeTrace(tr *trace) Structure { return analyzeWith(tr, defaultStructure, nil) }
