// Package hrv computes what a session's RR intervals say: artefact
// cleaning, the time domain (mean RR, SDNN, RMSSD, ln RMSSD, pNN50) over
// the session and over 5-minute windows, DFA-α1 over 2-minute windows, and
// the heart rates at α1 = 0.75 (VT1) and 0.5 (VT2) from the regression of
// α1 on heart rate (docs/methods.md §4). It depends on nothing else in
// bounceback: its input is RR intervals in seconds, its output plain
// values, NaN where a value cannot be estimated.
//
// [Analyze] runs the whole analysis under [DefaultOptions];
// [Options.Analyze] runs it under other options, with its working slices
// from a reusable [Buffer].
package hrv

import "math"

var nan = math.NaN()

// Session is what a session's RR intervals say (docs/methods.md §4): artefact
// cleaning, time-domain measures over the session and over 5-minute windows,
// and DFA-α1 over 2-minute windows with the heart rates at α1 = 0.75 (VT1)
// and 0.5 (VT2) when the session spans enough intensity. Values that cannot
// be estimated are NaN.
type Session struct {
	// RRUsed counts the RR intervals kept after cleaning; RRDropped those
	// removed (out of range, or too far from their local median).
	// RRUsed + RRDropped is every RR interval of the session.
	RRUsed, RRDropped int
	// ArtifactPct is RRDropped as a percent of all RR intervals.
	ArtifactPct float64
	// Time-domain measures over the cleaned session, never across a timer
	// stop→start: mean RR (ms), SDNN (ms), RMSSD (ms), ln RMSSD, pNN50 (%),
	// mean HR from RR (bpm).
	MeanRR, SDNN, RMSSD, LnRMSSD, PNN50, MeanHR float64
	// Windows are the 5-minute windows.
	Windows []Window
	// Alpha is the DFA-α1 series over 2-minute windows; AlphaMean their
	// mean over reliable windows.
	Alpha     []AlphaPoint
	AlphaMean float64
	// VT1 and VT2 are heart-rate estimates (bpm) at α1 = 0.75 and 0.5 by
	// regression of α1 on HR, with their quality.
	VT1, VT2 Estimate
}

// Window is one 5-minute window of a session.
type Window struct {
	// Start is seconds since the session start; Duration seconds.
	Start, Duration   float64
	RRUsed, RRDropped int
	ArtifactPct       float64
	// Unreliable is set when more than 5 % of its beats were artefacts.
	Unreliable                                  bool
	MeanRR, SDNN, RMSSD, LnRMSSD, PNN50, MeanHR float64
}

// AlphaPoint is DFA-α1 over one 2-minute window, kept compact (single
// precision: a session holds one per 30 s of RR data, and α1, a heart rate
// or a percentage needs no more than 7 significant digits).
type AlphaPoint struct {
	// Start is seconds since the session start (of the window).
	Start float32
	Alpha float32
	// HR is the mean heart rate from RR over the window, bpm.
	HR          float32
	ArtifactPct float32
	Unreliable  bool
	// Steady is set when the mean heart rate of the window's halves
	// differs by at most Options.VTMaxDrift: a steady state, which the VT
	// regression may use.
	Steady bool
}

// alphaWindow is an AlphaPoint as computed, in double precision, with
// HRDrift: the mean heart rate of the window's second half minus that of
// its first half. A window that straddles a change of effort is no steady
// state, and the VT regression leaves it out. The mean α1 and the VT
// regression are computed from these, before the series is kept compact.
type alphaWindow struct {
	Start, Alpha, HR, HRDrift, ArtifactPct float64
	Unreliable                             bool
}

// compact returns p as an AlphaPoint under options o.
func (p alphaWindow) compact(o Options) AlphaPoint {
	return AlphaPoint{Start: float32(p.Start), Alpha: float32(p.Alpha), HR: float32(p.HR),
		ArtifactPct: float32(p.ArtifactPct), Unreliable: p.Unreliable,
		Steady: math.Abs(p.HRDrift) <= o.VTMaxDrift}
}

// Estimate is a heart rate estimated from the α1–HR regression.
type Estimate struct {
	// HR in bpm, NaN when not estimable (too narrow an intensity range, too
	// few reliable windows, a poor fit).
	HR float64
	// Windows is how many reliable windows the regression used; R2 its
	// coefficient of determination.
	Windows int
	R2      float64
}

// Options holds every constant of the Session analysis. [DefaultOptions]
// is the ready value; its doc says which values come from docs/methods.md §4 and
// the literature and which are our own engineering choices.
type Options struct {
	// MinRR and MaxRR bound a plausible RR interval, ms; beats outside are
	// artefacts.
	MinRR, MaxRR float64
	// MedianHalf is how many in-range neighbours on each side (within the
	// segment, the beat itself excluded) form a beat's local median;
	// MedianTolerance is the largest relative difference from that median
	// a kept beat may have (0.20 = 20 %).
	MedianHalf      int
	MedianTolerance float64
	// MaxArtifactPct is the artefact share (%) above which a window is
	// unreliable.
	MaxArtifactPct float64
	// NN50 is the successive-difference threshold of pNN50, ms.
	NN50 float64
	// Window is the length of the time-domain windows, seconds of beat
	// time; a segment's last window shorter than MinWindow joins the window
	// before it.
	Window, MinWindow float64
	// AlphaWindow is the DFA-α1 window length and AlphaStep how far
	// consecutive windows start apart, seconds of beat time within a
	// segment. MinBox and MaxBox are the DFA box sizes, beats.
	AlphaWindow, AlphaStep float64
	MinBox, MaxBox         int
	// MinAlphaBeats is the fewest kept beats an α1 window needs to be
	// reliable.
	MinAlphaBeats int
	// VT1Alpha and VT2Alpha are the α1 values that mark the thresholds.
	VT1Alpha, VT2Alpha float64
	// The α1–HR regression needs at least VTMinWindows reliable windows
	// spanning at least VTMinHRRange bpm, a negative slope and an R² of at
	// least VTMinR2. An estimate needs VTMinSupport of those windows
	// within VTMargin bpm below it and as many above it, with a mean α1
	// at or above the threshold's below it and at or below above it: a
	// line drawn between two clusters of windows (warm-up and intervals)
	// says nothing about the heart rates in between, and α1 levels off at
	// easy efforts, so the line is only trusted where the windows
	// themselves cross the threshold.
	//
	// VTMaxDrift leaves out of the regression the windows whose heart
	// rate changed by more than it (bpm) from their first half to their
	// second (see [AlphaPoint]).
	VTMaxDrift   float64
	VTMinWindows int
	VTMinHRRange float64
	VTMinR2      float64
	VTMargin     float64
	VTMinSupport int
}

// DefaultOptions are the defaults of the Session analysis.
//
// From docs/methods.md §4 and the literature: the 300–2000 ms range, the 20 %
// tolerance around the median of ±5 neighbours, 5 % artefacts for an
// unreliable window, 5-minute time-domain windows, pNN50's 50 ms, 2-minute
// DFA windows with box sizes 4–16 beats, and α1 = 0.75 (VT1) and 0.5 (VT2)
// (Rogers et al. 2021).
//
// Our own engineering choices: the 30-s step of the DFA windows (the
// literature uses 5–30 s), a last window under 60 s joining the one
// before, 80 kept beats for a reliable α1 window, and the regression's limits (steady windows only:
// at most 6 bpm of drift; 8 windows, a 20 bpm HR range, R² ≥ 0.3, and 2
// windows within 5 bpm on each side of an estimate).
var DefaultOptions = Options{
	MinRR:           300,
	MaxRR:           2000,
	MedianHalf:      5,
	MedianTolerance: 0.20,
	MaxArtifactPct:  5,
	NN50:            50,
	Window:          300,
	MinWindow:       60,
	AlphaWindow:     120,
	AlphaStep:       30,
	MinBox:          4,
	MaxBox:          16,
	MinAlphaBeats:   80,
	VT1Alpha:        0.75,
	VT2Alpha:        0.5,
	VTMaxDrift:      6,
	VTMinWindows:    8,
	VTMinHRRange:    20,
	VTMinR2:         0.3,
	VTMargin:        5,
	VTMinSupport:    2,
}

// Analyze computes the Session of one session under [DefaultOptions];
// see [Options.Analyze].
func Analyze(rr, rrTime []float64, breaks []int, start float64) *Session {
	return DefaultOptions.Analyze(rr, rrTime, breaks, start, nil)
}

// Session computes the Session of one session from its RR intervals rr, in
// seconds and in recording order. rrTime holds the Unix time of each
// interval (NaN when unknown; it may be nil) and start the session's start
// as Unix seconds (NaN when unknown): they place the windows on the
// session's clock. breaks holds the indices into rr at which a new
// continuous segment starts (a timer stop or start happened just before
// that beat); no statistic bridges a segment boundary. It returns nil when
// rr is empty. The working slices come from buf (nil: allocated); the
// result shares no memory with buf.
//
// Cleaning: a beat outside [MinRR, MaxRR] is dropped; then, within its
// segment, a beat that differs by more than MedianTolerance from the median
// of its MedianHalf in-range neighbours on each side is dropped. Successive
// differences (RMSSD, pNN50) are taken only between two kept beats that
// were adjacent in rr and in the same segment, so a dropped beat breaks the
// pair.
//
// Time domain: MeanRR is the mean kept RR (ms), SDNN their standard
// deviation (n−1), RMSSD = √(mean ΔRR²) over the valid pairs, LnRMSSD its
// natural logarithm (RMSSD in ms), PNN50 the percent of valid pairs with
// |ΔRR| > NN50, MeanHR = 60000 / MeanRR. Windows are Window seconds of
// cumulative beat time within a segment.
//
// DFA-α1: over AlphaWindow seconds of beat time, stepped by AlphaStep,
// within a segment, on the kept beats: the mean-subtracted series is
// integrated, cut into non-overlapping boxes of n = MinBox..MaxBox beats,
// each box detrended by a least-squares line, F(n) is the root mean square
// of the residuals, and α1 is the least-squares slope of ln F(n) against ln
// n. VT1 and VT2 come from the least-squares line of α1 on HR over the
// reliable windows (see [Options]).
func (o Options) Analyze(rr, rrTime []float64, breaks []int, start float64, buf *Buffer) *Session {
	n := len(rr)
	if n == 0 {
		return nil
	}
	ms := buf.floats(n)
	for i, v := range rr {
		ms[i] = v * 1000
	}
	segs := segments(n, breaks)
	keep := o.clean(ms, segs, buf)
	// pair[i]: (i-1, i) is a valid successive difference.
	pair := buf.bools(n)
	for k, a := range segs {
		b := segEnd(segs, k, n)
		for i := a + 1; i < b; i++ {
			pair[i] = keep[i] && keep[i-1]
		}
	}
	h := &Session{}
	td := o.timeDomain(ms, keep, pair, 0, n)
	h.RRUsed, h.RRDropped, h.ArtifactPct = td.used, td.dropped, td.artifactPct()
	h.MeanRR, h.SDNN, h.RMSSD, h.LnRMSSD, h.PNN50, h.MeanHR = td.meanRR, td.sdnn, td.rmssd, td.lnRMSSD, td.pnn50, td.meanHR

	// Beat start times on each segment's clock, and each segment's origin
	// on the session's clock.
	t := buf.floats(n)
	origin := 0.0
	var db dfaBuf
	for k, a := range segs {
		b := segEnd(segs, k, n)
		if a < len(rrTime) && !math.IsNaN(rrTime[a]) && !math.IsNaN(start) {
			origin = math.Max(0, rrTime[a]-start)
		}
		cum := 0.0
		for i := a; i < b; i++ {
			t[i] = cum
			if v := ms[i]; v > 0 && !math.IsInf(v, 0) { // NaN compares false
				cum += v / 1000
			}
		}
		h.Windows = o.windows(h.Windows, ms, keep, pair, t, a, b, origin, cum)
		db.pts = o.alphas(db.pts, ms, keep, t, a, b, origin, cum, &db)
		origin += cum
	}
	h.AlphaMean = nan
	sum, cnt := 0.0, 0
	for _, p := range db.pts {
		if !p.Unreliable && !math.IsNaN(p.Alpha) {
			sum += p.Alpha
			cnt++
		}
	}
	if cnt > 0 {
		h.AlphaMean = sum / float64(cnt)
	}
	h.VT1, h.VT2 = o.thresholds(db.pts)
	if len(db.pts) > 0 {
		h.Alpha = make([]AlphaPoint, len(db.pts))
		for i, p := range db.pts {
			h.Alpha[i] = p.compact(o)
		}
	}
	return h
}

// segments returns the sorted first indices of rr's segments, starting
// with 0, from the break indices (out-of-range and repeated ones ignored).
func segments(n int, breaks []int) []int {
	mark := make(map[int]bool, len(breaks))
	segs := []int{0}
	for _, b := range breaks {
		if b > 0 && b < n && !mark[b] {
			mark[b] = true
			segs = append(segs, b)
		}
	}
	// Breaks usually come sorted; sort small lists by insertion.
	for i := 1; i < len(segs); i++ {
		for j := i; j > 0 && segs[j] < segs[j-1]; j-- {
			segs[j], segs[j-1] = segs[j-1], segs[j]
		}
	}
	return segs
}

func segEnd(segs []int, k, n int) int {
	if k+1 < len(segs) {
		return segs[k+1]
	}
	return n
}

// clean returns which beats survive the range filter and the local-median
// filter (see [Options.Analyze]).
func (o Options) clean(ms []float64, segs []int, buf *Buffer) []bool {
	n := len(ms)
	keep := buf.bools(n)
	idx := buf.ints(n)[:0] // in-range beats of the current segment
	v := buf.floats(n)[:0] // their values
	lo := buf.ints(n)      // sliding-minimum candidates, positions in v
	hi := buf.ints(n)      // sliding-maximum candidates
	var win []float64
	h, tol := o.MedianHalf, o.MedianTolerance
	for k, a := range segs {
		b := segEnd(segs, k, n)
		idx, v = idx[:0], v[:0]
		for i := a; i < b; i++ {
			if ms[i] >= o.MinRR && ms[i] <= o.MaxRR { // NaN compares false
				idx = append(idx, i)
				v = append(v, ms[i])
			}
		}
		// lo[lh:lt] and hi[hh:ht] are monotonic queues over the window
		// [j-h, j+h]: the positions that can still be its minimum
		// (maximum), front first, O(1) amortized per beat.
		lh, lt, hh, ht := 0, 0, 0, 0
		next := 0 // the next position to enter the window
		for j, x := range v {
			from, to := max(j-h, 0), min(j+h, len(v)-1)
			if from == to { // a lone beat: nothing to compare with
				keep[idx[j]] = true
				continue
			}
			for ; next <= to; next++ {
				y := v[next]
				for lt > lh && v[lo[lt-1]] >= y {
					lt--
				}
				lo[lt], lt = next, lt+1
				for ht > hh && v[hi[ht-1]] <= y {
					ht--
				}
				hi[ht], ht = next, ht+1
			}
			for lo[lh] < from {
				lh++
			}
			for hi[hh] < from {
				hh++
			}
			// The window holds the beat itself, so its extremes bound the
			// neighbours' extremes, and the neighbours' median lies
			// between those: a beat within tolerance of the window's
			// extremes is within tolerance of the median and is kept
			// without sorting anything (most beats of a clean
			// recording). The others take the exact test.
			if x >= (1-tol)*v[hi[hh]] && x <= (1+tol)*v[lo[lh]] {
				keep[idx[j]] = true
				continue
			}
			win = win[:0]
			for d := 1; d <= h; d++ {
				if j-d >= 0 {
					win = append(win, v[j-d])
				}
				if j+d < len(v) {
					win = append(win, v[j+d])
				}
			}
			med := smallMedian(win)
			keep[idx[j]] = math.Abs(x-med) <= tol*med
		}
	}
	return keep
}

// smallMedian sorts xs in place (insertion sort: xs is short) and returns its
// median.
func smallMedian(xs []float64) float64 {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// td is the time domain over a run of beats.
type td struct {
	used, dropped                               int
	meanRR, sdnn, rmssd, lnRMSSD, pnn50, meanHR float64
}

func (t td) artifactPct() float64 {
	if t.used+t.dropped == 0 {
		return nan
	}
	return 100 * float64(t.dropped) / float64(t.used+t.dropped)
}

// timeDomain computes the time-domain measures over beats [a, b); pairs
// count when both beats lie in [a, b).
func (o Options) timeDomain(ms []float64, keep, pair []bool, a, b int) td {
	r := td{meanRR: nan, sdnn: nan, rmssd: nan, lnRMSSD: nan, pnn50: nan, meanHR: nan}
	sum := 0.0
	for i := a; i < b; i++ {
		if keep[i] {
			r.used++
			sum += ms[i]
		} else {
			r.dropped++
		}
	}
	if r.used == 0 {
		return r
	}
	r.meanRR = sum / float64(r.used)
	r.meanHR = 60000 / r.meanRR
	if r.used >= 2 {
		ss := 0.0
		for i := a; i < b; i++ {
			if keep[i] {
				d := ms[i] - r.meanRR
				ss += d * d
			}
		}
		r.sdnn = math.Sqrt(ss / float64(r.used-1))
	}
	pairs, nn50, sq := 0, 0, 0.0
	for i := a + 1; i < b; i++ {
		if pair[i] {
			d := ms[i] - ms[i-1]
			sq += d * d
			pairs++
			if math.Abs(d) > o.NN50 {
				nn50++
			}
		}
	}
	if pairs > 0 {
		r.rmssd = math.Sqrt(sq / float64(pairs))
		if r.rmssd > 0 {
			r.lnRMSSD = math.Log(r.rmssd)
		}
		r.pnn50 = 100 * float64(nn50) / float64(pairs)
	}
	return r
}

// windows appends the time-domain windows of segment [a, b) (beat times t
// on the segment's clock, dur its length, origin its start on the
// session's clock). A last window shorter than MinWindow joins the one
// before it, so every beat of the segment lies in a window.
func (o Options) windows(out []Window, ms []float64, keep, pair []bool, t []float64, a, b int, origin, dur float64) []Window {
	type span struct {
		i, j     int
		lo, size float64
	}
	var spans []span
	for i := a; i < b; {
		w := math.Floor(t[i] / o.Window)
		lo, hi := w*o.Window, (w+1)*o.Window
		j := i
		for j < b && t[j] < hi {
			j++
		}
		size := math.Min(hi, dur) - lo
		if k := len(spans) - 1; j == b && size < o.MinWindow && k >= 0 {
			spans[k].j = j
			spans[k].size = dur - spans[k].lo
		} else {
			spans = append(spans, span{i, j, lo, size})
		}
		i = j
	}
	for _, sp := range spans {
		r := o.timeDomain(ms, keep, pair, sp.i, sp.j)
		out = append(out, Window{
			Start: origin + sp.lo, Duration: sp.size,
			RRUsed: r.used, RRDropped: r.dropped, ArtifactPct: r.artifactPct(),
			Unreliable: !(r.artifactPct() <= o.MaxArtifactPct),
			MeanRR:     r.meanRR, SDNN: r.sdnn, RMSSD: r.rmssd, LnRMSSD: r.lnRMSSD, PNN50: r.pnn50, MeanHR: r.meanHR,
		})
	}
	return out
}

// dfaBuf is reused scratch space for the α1 windows.
type dfaBuf struct {
	x, y []float64
	pts  []alphaWindow
}

// alphas appends the DFA-α1 windows of segment [a, b).
func (o Options) alphas(out []alphaWindow, ms []float64, keep []bool, t []float64, a, b int, origin, dur float64, buf *dfaBuf) []alphaWindow {
	lo, hi := a, a // beats [lo, hi) start inside the window
	for t0 := 0.0; t0+o.AlphaWindow <= dur; t0 += o.AlphaStep {
		for lo < b && t[lo] < t0 {
			lo++
		}
		if hi < lo {
			hi = lo
		}
		for hi < b && t[hi] < t0+o.AlphaWindow {
			hi++
		}
		buf.x = buf.x[:0]
		sum := 0.0
		var half [2]float64
		var halfN [2]int
		for i := lo; i < hi; i++ {
			if keep[i] {
				buf.x = append(buf.x, ms[i])
				sum += ms[i]
				h := 0
				if t[i] >= t0+o.AlphaWindow/2 {
					h = 1
				}
				half[h] += ms[i]
				halfN[h]++
			}
		}
		all := hi - lo
		p := alphaWindow{Start: origin + t0, Alpha: nan, HR: nan, HRDrift: nan, ArtifactPct: nan, Unreliable: true}
		if halfN[0] > 0 && halfN[1] > 0 {
			p.HRDrift = 60000*float64(halfN[1])/half[1] - 60000*float64(halfN[0])/half[0]
		}
		if all > 0 {
			p.ArtifactPct = 100 * float64(all-len(buf.x)) / float64(all)
		}
		if len(buf.x) > 0 {
			p.HR = 60000 * float64(len(buf.x)) / sum
		}
		p.Alpha = dfa(buf.x, o.MinBox, o.MaxBox, &buf.y)
		p.Unreliable = len(buf.x) < o.MinAlphaBeats || !(p.ArtifactPct <= o.MaxArtifactPct) || math.IsNaN(p.Alpha)
		out = append(out, p)
	}
	return out
}

// regress reports whether the VT regression uses p: reliable, steady, with
// α1 and heart rate.
func (o Options) regress(p alphaWindow) bool {
	return !p.Unreliable && !math.IsNaN(p.Alpha) && !math.IsNaN(p.HR) && math.Abs(p.HRDrift) <= o.VTMaxDrift
}

// thresholds estimates VT1 and VT2 from the α1 series (see [Options]).
func (o Options) thresholds(pts []alphaWindow) (vt1, vt2 Estimate) {
	vt1 = Estimate{HR: nan, R2: nan}
	var sx, sy, sxx, sxy, syy float64
	lo, hi := math.Inf(1), math.Inf(-1)
	n := 0
	for _, p := range pts {
		if !o.regress(p) {
			continue
		}
		sx += p.HR
		sy += p.Alpha
		sxx += p.HR * p.HR
		sxy += p.HR * p.Alpha
		syy += p.Alpha * p.Alpha
		lo, hi = math.Min(lo, p.HR), math.Max(hi, p.HR)
		n++
	}
	vt1.Windows = n
	if n < 3 {
		return vt1, vt1
	}
	nf := float64(n)
	vxx, vxy, vyy := sxx-sx*sx/nf, sxy-sx*sy/nf, syy-sy*sy/nf
	if vxx <= 0 || vyy <= 0 {
		return vt1, vt1
	}
	slope := vxy / vxx
	icept := (sy - slope*sx) / nf
	vt1.R2 = vxy * vxy / (vxx * vyy)
	vt2 = vt1
	if n < o.VTMinWindows || hi-lo < o.VTMinHRRange || slope >= 0 || vt1.R2 < o.VTMinR2 {
		return vt1, vt2
	}
	at := func(alpha float64) float64 {
		hr := (alpha - icept) / slope
		below, above := 0, 0
		var sumBelow, sumAbove float64
		for _, p := range pts {
			if !o.regress(p) {
				continue
			}
			if p.HR <= hr && p.HR >= hr-o.VTMargin {
				below++
				sumBelow += p.Alpha
			}
			if p.HR >= hr && p.HR <= hr+o.VTMargin {
				above++
				sumAbove += p.Alpha
			}
		}
		if below < o.VTMinSupport || above < o.VTMinSupport ||
			sumBelow/float64(below) < alpha || sumAbove/float64(above) > alpha {
			return nan
		}
		return hr
	}
	vt1.HR, vt2.HR = at(o.VT1Alpha), at(o.VT2Alpha)
	return vt1, vt2
}
