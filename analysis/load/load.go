// Package load holds the training-load kernels: the load of one session
// from its heart rate (Banister's TRIMP, HRSS, Edwards' zonal TRIMP,
// session-RPE) and the series over a block's daily loads (fitness,
// fatigue and form, the acute:chronic ratio, monotony and strain, the
// polarization index, the rest days to a fresh form), with the formula of
// each in its doc and the published constants they use (docs/methods.md
// §3 and §5). It depends on nothing else in bounceback: its inputs are
// plain numbers and slices, one value per calendar day for the series
// (days without a session 0), and each day's value uses only that day and
// the days before it.
//
// A session's heart rate reaches it as a [Histogram], the seconds spent at
// each bpm, which gives every heart-rate load exactly.
package load

import "math"

var nan = math.NaN()

// The load model's published constants (docs/methods.md §5).
const (
	// CTLDays and ATLDays are the time constants of fitness and fatigue,
	// days (Coggan; GoldenCheetah's defaults).
	CTLDays = 42
	ATLDays = 7
	// AcuteDays and ChronicDays are the windows of the uncoupled ACWR:
	// the mean of the last AcuteDays over the mean of the ChronicDays
	// before them (Gabbett 2016's 7 and 28 days, uncoupled).
	AcuteDays   = 7
	ChronicDays = 21
	// ewmaAcute and ewmaChronic are the spans of the EWMA variant,
	// λ = 2/(span + 1) (Williams et al. 2017).
	ewmaAcute   = 7
	ewmaChronic = 28
	// monotonyCap caps monotony when the week's loads hardly vary
	// (Runalyze's 10).
	monotonyCap = 10
	// RampWarn is the 7-day CTL change above which the ramp is a warning
	// (TrainingPeaks: 5 per week).
	RampWarn = 5
	// MonotonyWarn and MonotonyFlag are Foster's thresholds as Runalyze
	// uses them.
	MonotonyWarn = 1.5
	MonotonyFlag = 2.0
	// ACWRCap is the highest ACWR the model reports: a larger ratio says
	// only that the chronic load was small, and is shown as ACWRCap,
	// marked capped (our limit; Gabbett 2016's "danger zone" starts at
	// 1.5).
	ACWRCap = 3
)

// FitnessFatigue returns CTL (fitness, τ = CTLDays) and ATL (fatigue,
// τ = ATLDays) after each day's load, with GoldenCheetah's discretization
// (src/Metrics/PMCData.cpp),
//
//	X_t = load_t·(1 − e^(−1/τ)) + X_{t−1}·e^(−1/τ),  X_{−1} = seed,
//
// and TSB, the form going into each day: CTL − ATL of the day before (0 on
// the first day). A NaN load counts as 0. The published convention starts
// from a seed of 0; a seed above 0 is a cold start (the mean load of the
// first weeks, say).
func FitnessFatigue(load []float64, seed float64) (ctl, atl, tsb []float64) {
	n := len(load)
	ctl, atl, tsb = make([]float64, n), make([]float64, n), make([]float64, n)
	dc, da := math.Exp(-1.0/CTLDays), math.Exp(-1.0/ATLDays)
	c, a := seed, seed
	for i, x := range load {
		if math.IsNaN(x) {
			x = 0
		}
		tsb[i] = c - a
		c = x*(1-dc) + c*dc
		a = x*(1-da) + a*da
		ctl[i], atl[i] = c, a
	}
	return ctl, atl, tsb
}

// ACWR returns, for each day, the uncoupled acute:chronic workload ratio:
// the mean load of the last AcuteDays days (the day included) over the mean
// of the ChronicDays days before them. NaN until AcuteDays + ChronicDays
// days exist, or when the chronic mean is below floor (at least any load:
// a floor of 0 still needs a chronic mean above 0). A ratio above ACWRCap
// is ACWRCap.
//
// ewma is the EWMA variant (Williams et al. 2017): the acute EWMA of the day
// (span ewmaAcute, λ = 2/(span + 1)) over the chronic EWMA (span
// ewmaChronic) of the day before the acute window, so that it too is
// uncoupled; NaN on the same days and when that chronic EWMA is below
// floor, capped alike.
func ACWR(load []float64, floor float64) (rolling, ewma []float64) {
	n := len(load)
	rolling, ewma = make([]float64, n), make([]float64, n)
	la, lc := 2.0/(ewmaAcute+1), 2.0/(ewmaChronic+1)
	acute, chronic := make([]float64, n), make([]float64, n)
	prefix := make([]float64, n+1)
	var a, c float64
	for i, x := range load {
		if math.IsNaN(x) {
			x = 0
		}
		prefix[i+1] = prefix[i] + x
		a = la*x + (1-la)*a
		c = lc*x + (1-lc)*c
		acute[i], chronic[i] = a, c
	}
	ratio := func(num, den float64) float64 {
		if !(den > 0) || den < floor {
			return nan
		}
		return math.Min(num/den, ACWRCap)
	}
	for i := range load {
		rolling[i], ewma[i] = nan, nan
		if i+1 < AcuteDays+ChronicDays {
			continue
		}
		am := (prefix[i+1] - prefix[i+1-AcuteDays]) / AcuteDays
		cm := (prefix[i+1-AcuteDays] - prefix[i+1-AcuteDays-ChronicDays]) / ChronicDays
		rolling[i] = ratio(am, cm)
		ewma[i] = ratio(acute[i], chronic[i-AcuteDays])
	}
	return rolling, ewma
}

// Monotony returns, for each day, Foster's monotony of the 7 days ending on
// it, mean / SD (population SD, days without load counting 0, capped at
// monotonyCap), and the strain, the 7 days' load × monotony. Both are NaN
// for the first 6 days and when the 7 days have no load (no training, no
// monotony).
func Monotony(load []float64) (monotony, strain []float64) {
	n := len(load)
	monotony, strain = make([]float64, n), make([]float64, n)
	for i := range load {
		monotony[i], strain[i] = nan, nan
		if i < 6 {
			continue
		}
		var sum float64
		for _, x := range load[i-6 : i+1] {
			if !math.IsNaN(x) {
				sum += x
			}
		}
		mean := sum / 7
		var ss float64
		for _, x := range load[i-6 : i+1] {
			if math.IsNaN(x) {
				x = 0
			}
			ss += (x - mean) * (x - mean)
		}
		sd := math.Sqrt(ss / 7)
		var m float64
		switch {
		case sum <= 0:
			continue
		case sd <= 1e-9*mean:
			m = monotonyCap
		default:
			m = math.Min(mean/sd, monotonyCap)
		}
		monotony[i], strain[i] = m, sum*m
	}
	return monotony, strain
}

// PolarizationIndex returns Treff et al. 2019's polarization index of a
// Seiler split z (time below VT1, between, above VT2, any unit):
//
//	PI = log10(Z1/Z2 · Z3 · 100)
//
// with the zones as fractions of the total; above 2 the distribution is
// polarized. It is NaN without time or without time above VT2 (the log is
// undefined); a Z2 below 1 % counts as 1 % (our rule, so that a split with
// no time between the thresholds still has an index).
func PolarizationIndex(z [3]float64) float64 {
	total := z[0] + z[1] + z[2]
	if !(total > 0) || !(z[2] > 0) || !(z[0] > 0) {
		return nan
	}
	z1, z2, z3 := z[0]/total, math.Max(z[1]/total, 0.01), z[2]/total
	return math.Log10(z1 / z2 * z3 * 100)
}

// RestDays returns how many days without load bring TSB back to 0 from
// fitness ctl and fatigue atl (Runalyze's TsbModel::restDays with our
// discretization): both decay by e^(−1/τ) a day, so
//
//	n = ln(CTL/ATL) / ln(e^(−1/ATLDays) / e^(−1/CTLDays))
//
// CTL counts at least 1 (as in Runalyze); the result is 0 when CTL ≥ ATL
// and NaN when either is NaN. It is fractional: the form is back at 0 on
// the ceil(n)-th day.
func RestDays(ctl, atl float64) float64 {
	if math.IsNaN(ctl) || math.IsNaN(atl) {
		return nan
	}
	ctl = math.Max(ctl, 1)
	if ctl >= atl {
		return 0
	}
	return math.Log(ctl/atl) / (-1.0/ATLDays + 1.0/CTLDays)
}
