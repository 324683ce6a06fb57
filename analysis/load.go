package analysis

import (
	"fmt"
	"math"
)

// HRHistogram is the time spent at each heart rate: h[b] is the number of
// seconds at b bpm. It is a session's heart-rate trace reduced to what
// zones and TRIMP need, and it gives them exactly: both are sums over the
// samples of a function of the sample's heart rate times its duration, and
// FIT heart rates are whole bpm (the record field is an integer, and
// fitparse rounds the strap-stored beats it merges in).
type HRHistogram []float64

// maxBPM is the highest heart rate a histogram holds; FIT stores heart
// rate in one byte.
const maxBPM = 255

// NewHRHistogram returns the histogram of heart rates hr (bpm) weighted by
// w (seconds each sample stands for, as Trace.W). Samples whose heart rate
// is NaN or not positive, or whose weight is not positive, are left out. A
// fractional heart rate is rounded to the nearest bpm (fitparse never
// yields one) and heart rates above 255 bpm count at 255. It panics if the
// slices differ in length.
func NewHRHistogram(hr, w []float64) HRHistogram {
	if len(hr) != len(w) {
		panic("analysis: slice length mismatch")
	}
	var acc [maxBPM + 1]float64
	top := -1
	for i, x := range hr {
		if !(x > 0) || !(w[i] > 0) {
			continue
		}
		b := maxBPM
		if x < maxBPM {
			b = int(x + 0.5)
		}
		acc[b] += w[i]
		top = max(top, b)
	}
	if top < 0 {
		return nil
	}
	h := make(HRHistogram, top+1)
	copy(h, acc[:top+1])
	return h
}

// Seconds returns the total time in the histogram.
func (h HRHistogram) Seconds() float64 {
	s := 0.0
	for _, x := range h {
		s += x
	}
	return s
}

// Mean returns the time-weighted mean heart rate, NaN for an empty
// histogram.
func (h HRHistogram) Mean() float64 {
	s, n := 0.0, 0.0
	for b, x := range h {
		s += float64(b) * x
		n += x
	}
	if n == 0 {
		return nan
	}
	return s / n
}

// TRIMPConstants are the A and B of Banister's TRIMP,
// minutes × HRr × A·e^(B·HRr).
type TRIMPConstants struct {
	A, B float64
}

// Banister TRIMP constants by sex. Men 0.64/1.92 and women 0.86/1.67 are
// Morton, Fitz-Clarke & Banister 1990 with Green et al.'s coefficients as
// docs/methods.md §3 gives them; unknown sex takes Runalyze's in-between
// 0.7252/1.795 (inc/core/Calculation/Trimp/Factor.php).
var (
	TRIMPMale    = TRIMPConstants{A: 0.64, B: 1.92}
	TRIMPFemale  = TRIMPConstants{A: 0.86, B: 1.67}
	TRIMPUnknown = TRIMPConstants{A: 0.7252, B: 1.795}
)

// TRIMPConstantsFor returns the constants for "male", "female" or anything
// else (unknown).
func TRIMPConstantsFor(sex string) TRIMPConstants {
	switch sex {
	case "male":
		return TRIMPMale
	case "female":
		return TRIMPFemale
	}
	return TRIMPUnknown
}

// HRReserve returns the fraction of heart-rate reserve,
// (hr − rest) / (max − rest), clamped to [0, 1]. It is NaN when any input
// is NaN or max ≤ rest.
func HRReserve(hr, rest, max float64) float64 {
	if !(max > rest) || math.IsNaN(hr) {
		return nan
	}
	return math.Min(1, math.Max(0, (hr-rest)/(max-rest)))
}

// BanisterTRIMP returns the TRIMP of minutes spent at heart-rate reserve
// fraction hrr:
//
//	minutes · hrr · A · e^(B · hrr)
//
// (Banister 1991; Morton et al. 1990). hrr is used as given; HRReserve
// clamps it.
func BanisterTRIMP(minutes, hrr float64, k TRIMPConstants) float64 {
	return minutes * hrr * k.A * math.Exp(k.B*hrr)
}

// TRIMP returns Banister's TRIMP summed over the histogram, which equals the
// per-sample sum Σ Δt_min · HRr · A·e^(B·HRr) over the samples it was made
// from. It is NaN when max ≤ rest or either is NaN.
func (h HRHistogram) TRIMP(rest, max float64, k TRIMPConstants) float64 {
	if !(max > rest) {
		return nan
	}
	t := 0.0
	for b, sec := range h {
		if sec != 0 {
			t += BanisterTRIMP(sec/60, HRReserve(float64(b), rest, max), k)
		}
	}
	return t
}

// HRSS returns heart-rate stress: TRIMP normalized so that one hour at LTHR
// scores 100,
//
//	100 · trimp / TRIMP(60 min at HRr(LTHR))
//
// as GoldenCheetah's TRIMP(100) and Elevate's HRSS define it. It is NaN
// when the reference is not positive (LTHR at or below rest) or an input is
// NaN.
func HRSS(trimp, rest, max, lthr float64, k TRIMPConstants) float64 {
	ref := BanisterTRIMP(60, HRReserve(lthr, rest, max), k)
	if !(ref > 0) {
		return nan
	}
	return 100 * trimp / ref
}

// EdwardsBounds are the lower bounds, in percent of HRmax, of Edwards'
// five zones, weighted 1 to 5 (Edwards 1993).
var EdwardsBounds = [5]float64{50, 60, 70, 80, 90}

// EdwardsWeight returns the Edwards weight of a heart rate: 0 below 50 %
// of HRmax, 1 for 50–60 %, … 5 from 90 % up (above HRmax too). A bound
// belongs to the zone above it. It is NaN when max is NaN or not positive.
func EdwardsWeight(hr, max float64) float64 {
	if !(max > 0) || math.IsNaN(hr) {
		return nan
	}
	p := 100 * hr / max
	w := 0.0
	for _, b := range EdwardsBounds {
		if p >= b {
			w++
		}
	}
	return w
}

// Edwards returns Edwards' zonal TRIMP of the histogram: the minutes in
// each zone of EdwardsBounds times the zone's weight 1–5. Time below 50 %
// of HRmax counts 0.
func (h HRHistogram) Edwards(max float64) float64 {
	if !(max > 0) {
		return nan
	}
	t := 0.0
	for b, sec := range h {
		if sec != 0 {
			t += sec / 60 * EdwardsWeight(float64(b), max)
		}
	}
	return t
}

// SessionRPELoad returns Foster's session-RPE load, RPE (0–10) times the
// duration in minutes (Foster et al. 2001). It is NaN when either is NaN.
func SessionRPELoad(rpe, seconds float64) float64 {
	return rpe * seconds / 60
}

// LoadEstimate is the effort assumed for a session without heart-rate
// samples and without an average heart rate: a fraction of heart-rate
// reserve per sport. These are our own estimates (an easy, aerobic effort,
// because most sessions are), not published values; loads computed from
// them are marked estimated.
type LoadEstimate struct {
	Run, Bike, Swim, Other float64
}

// DefaultLoadEstimate is bounceback's assumed effort without heart rate.
var DefaultLoadEstimate = LoadEstimate{Run: 0.6, Bike: 0.5, Swim: 0.55, Other: 0.4}

// For returns the assumed fraction of heart-rate reserve for a sport.
func (e LoadEstimate) For(sport string) float64 {
	switch SportKey(sport) {
	case SportRun:
		return e.Run
	case SportBike:
		return e.Bike
	case SportSwim:
		return e.Swim
	}
	return e.Other
}

// Load is a session's training load.
type Load struct {
	// TRIMP is Banister's TRIMP, HRSS the heart-rate stress (1 h at LTHR =
	// 100), Edwards the zonal TRIMP; NaN when they cannot be computed
	// (no duration, or HRmax ≤ resting HR).
	TRIMP, HRSS, Edwards float64
	// Estimated is set when the session had no heart-rate samples and the
	// load comes from an assumed heart rate; Note says from which.
	Estimated bool
	Note      string
}

// HRLoad returns the load of a heart-rate histogram under athlete a.
func HRLoad(h HRHistogram, a *SessionAthlete) Load {
	rest, hrmax := a.HRRest.V, a.HRMax.V
	trimp := h.TRIMP(rest, hrmax, a.TRIMP)
	return Load{
		TRIMP:   trimp,
		HRSS:    HRSS(trimp, rest, hrmax, a.LTHR.V, a.TRIMP),
		Edwards: h.Edwards(hrmax),
	}
}

// EstimatedLoad returns the load of a session without heart-rate samples
// that lasted seconds: at its average heart rate avgHR when the file
// recorded one, else at the effort DefaultLoadEstimate assumes for the
// sport. The result is marked Estimated, with a note that says which.
func EstimatedLoad(sport string, seconds, avgHR float64, a *SessionAthlete) Load {
	rest, hrmax := a.HRRest.V, a.HRMax.V
	hr, note := avgHR, "estimated from the session's average heart rate (no heart-rate samples)"
	if !(avgHR > 0) {
		f := DefaultLoadEstimate.For(sport)
		hr = rest + f*(hrmax-rest)
		name := sport
		if name == "" {
			name = "this sport"
		}
		note = fmt.Sprintf("estimated: no heart rate, assumed an easy effort for %s (%.0f %% of heart-rate reserve, our estimate)", name, 100*f)
	}
	if !(seconds > 0) {
		seconds = nan
	}
	minutes := seconds / 60
	trimp := BanisterTRIMP(minutes, HRReserve(hr, rest, hrmax), a.TRIMP)
	return Load{
		TRIMP:     trimp,
		HRSS:      HRSS(trimp, rest, hrmax, a.LTHR.V, a.TRIMP),
		Edwards:   minutes * EdwardsWeight(hr, hrmax),
		Estimated: true,
		Note:      note,
	}
}
