package load

import "math"

// Histogram is the time spent at each heart rate: h[b] is the number of
// seconds at b bpm. It is a session's heart-rate trace reduced to what
// zones and TRIMP need, and it gives them exactly: both are sums over the
// samples of a function of the sample's heart rate times its duration, and
// FIT heart rates are whole bpm (the record field is an integer).
type Histogram []float64

// maxBPM is the highest heart rate a histogram holds; FIT stores heart
// rate in one byte.
const maxBPM = 255

// NewHistogram returns the histogram of heart rates hr (bpm) weighted by
// w (the seconds each sample stands for). Samples whose heart rate
// is NaN or not positive, or whose weight is not positive, are left out. A
// fractional heart rate is rounded to the nearest bpm (fitparse never
// yields one) and heart rates above 255 bpm count at 255. It panics if the
// slices differ in length.
func NewHistogram(hr, w []float64) Histogram {
	if len(hr) != len(w) {
		panic("load: slice length mismatch")
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
	h := make(Histogram, top+1)
	copy(h, acc[:top+1])
	return h
}

// Seconds returns the total time in the histogram.
func (h Histogram) Seconds() float64 {
	s := 0.0
	for _, x := range h {
		s += x
	}
	return s
}

// Mean returns the time-weighted mean heart rate, NaN for an empty
// histogram.
func (h Histogram) Mean() float64 {
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
func (h Histogram) TRIMP(rest, max float64, k TRIMPConstants) float64 {
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

// edwardsBounds are the lower bounds, in percent of HRmax, of Edwards'
// five zones, weighted 1 to 5 (Edwards 1993).
var edwardsBounds = [5]float64{50, 60, 70, 80, 90}

// EdwardsWeight returns the Edwards weight of a heart rate: 0 below 50 %
// of HRmax, 1 for 50–60 %, … 5 from 90 % up (above HRmax too). A bound
// belongs to the zone above it. It is NaN when max is NaN or not positive.
func EdwardsWeight(hr, max float64) float64 {
	if !(max > 0) || math.IsNaN(hr) {
		return nan
	}
	p := 100 * hr / max
	w := 0.0
	for _, b := range edwardsBounds {
		if p >= b {
			w++
		}
	}
	return w
}

// Edwards returns Edwards' zonal TRIMP of the histogram: the minutes in
// each zone of edwardsBounds times the zone's weight 1–5. Time below 50 %
// of HRmax counts 0.
func (h Histogram) Edwards(max float64) float64 {
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

// SessionRPE returns Foster's session-RPE load, RPE (0–10) times the
// duration in minutes (Foster et al. 2001). It is NaN when either is NaN.
func SessionRPE(rpe, seconds float64) float64 {
	return rpe * seconds / 60
}
