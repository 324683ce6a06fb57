package analysis

import (
	"math"
)

// This file holds the load model's series (docs/methods.md §5): pure functions
// over a daily load series, one value per calendar day, days without a
// session 0. Each day's value uses only that day and the days before it.

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
	// EWMAAcute and EWMAChronic are the spans of the EWMA variant,
	// λ = 2/(span + 1) (Williams et al. 2017).
	EWMAAcute   = 7
	EWMAChronic = 28
	// MonotonyCap caps monotony when the week's loads hardly vary
	// (Runalyze's 10).
	MonotonyCap = 10
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
	// LongGapDays: a break of at least this many days without a workout
	// restarts the ACWR's windows, which must then fill again (AcuteDays +
	// ChronicDays days from the first workout after the break) before the
	// ratio is defined (our default: detraining starts after 2 to 4 weeks
	// off, Mujika & Padilla 2000).
	LongGapDays = 14
	// StaleDays: when the last workout is more than this many days before
	// the as-of day, every output says so first (our default); after
	// BreakDays without a workout the readiness has low confidence and
	// advises a gradual return, never a hard session (our default, after
	// the 2–4 weeks of detraining above).
	StaleDays = 7
	BreakDays = 28
	// SeedDays is the window of the optional CTL seed: CTL and ATL start
	// at the mean daily load of the first SeedDays days from the first
	// workout instead of 0 (our option; the published convention starts
	// at 0, see [LoadOptions.Seed]).
	SeedDays = 28
)

// ACWRFloor is, by load metric, the lowest chronic load (mean load a day
// of the chronic window, or its EWMA) for which the ACWR is defined:
// below it the ratio divides by almost nothing (after a long break the
// chronic EWMA decays towards 0 and the ratio towards infinity). It is
// about one easy hour a week (our default).
var ACWRFloor = map[string]float64{LoadTRIMP: 10, LoadHRSS: 7.5}

// LoadConvention names the fitness/fatigue discretization, for outputs.
const LoadConvention = "CTL τ 42 d, ATL τ 7 d, GoldenCheetah's discretization " +
	"X = load·(1 − e^(−1/τ)) + X(day before)·e^(−1/τ); TSB = CTL − ATL of the day before"

// FitnessFatigue returns CTL (fitness, τ = CTLDays) and ATL (fatigue,
// τ = ATLDays) after each day's load, with GoldenCheetah's discretization
// (src/Metrics/PMCData.cpp),
//
//	X_t = load_t·(1 − e^(−1/τ)) + X_{t−1}·e^(−1/τ),  X_{−1} = 0,
//
// and TSB, the form going into each day: CTL − ATL of the day before (0 on
// the first day). A NaN load counts as 0.
func FitnessFatigue(load []float64) (ctl, atl, tsb []float64) {
	return FitnessFatigueFrom(load, 0)
}

// FitnessFatigueFrom is [FitnessFatigue] with CTL and ATL starting at
// seed instead of 0 (X_{−1} = seed): the optional cold-start seed of the
// load model ([LoadOptions.Seed]).
func FitnessFatigueFrom(load []float64, seed float64) (ctl, atl, tsb []float64) {
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
// (span EWMAAcute, λ = 2/(span + 1)) over the chronic EWMA (span
// EWMAChronic) of the day before the acute window, so that it too is
// uncoupled; NaN on the same days and when that chronic EWMA is below
// floor, capped alike.
func ACWR(load []float64, floor float64) (rolling, ewma []float64) {
	n := len(load)
	rolling, ewma = make([]float64, n), make([]float64, n)
	la, lc := 2.0/(EWMAAcute+1), 2.0/(EWMAChronic+1)
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
// MonotonyCap), and the strain, the 7 days' load × monotony. Both are NaN
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
			m = MonotonyCap
		default:
			m = math.Min(mean/sd, MonotonyCap)
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

// The Seiler split's threshold sources (SessionSummary.SeilerFrom).
const (
	// SeilerDFA: VT1 and VT2 from the session's own DFA-α1 estimates.
	SeilerDFA = "DFA-α1"
	// SeilerHRmax: VT1 and VT2 at SeilerVT1Frac and SeilerVT2Frac of
	// HRmax.
	SeilerHRmax = "% HRmax"
)

// SeilerVT1Frac and SeilerVT2Frac place VT1 and VT2 as fractions of HRmax
// when the session has no DFA-α1 estimates (Seiler 2010: about 82 % and
// 87 % HRmax).
const (
	SeilerVT1Frac = 0.82
	SeilerVT2Frac = 0.87
)

// SeilerSplit returns the time of histogram h below vt1, from vt1 to below
// vt2, and at or above vt2 (bpm), seconds: Seiler's three zones.
func SeilerSplit(h HRHistogram, vt1, vt2 float64) [3]float64 {
	var z [3]float64
	for b, sec := range h {
		x := float64(b)
		switch {
		case x < vt1:
			z[0] += sec
		case x < vt2:
			z[1] += sec
		default:
			z[2] += sec
		}
	}
	return z
}

// seiler returns a session's Seiler split and where its thresholds came
// from: the session's DFA-α1 VT1 and VT2 when both were estimated (VT1
// below VT2), else SeilerVT1Frac and SeilerVT2Frac of the session's HRmax.
func seiler(s *Measures, mt *Metrics) ([3]float64, string) {
	if len(s.HRHist) == 0 || mt.Class.Reading {
		return [3]float64{}, ""
	}
	if h := s.HRV; h != nil && has(h.VT1.HR) && has(h.VT2.HR) && h.VT1.HR < h.VT2.HR {
		return SeilerSplit(s.HRHist, h.VT1.HR, h.VT2.HR), SeilerDFA
	}
	m := mt.Athlete.HRMax.V
	if !(m > 0) {
		return [3]float64{}, ""
	}
	return SeilerSplit(s.HRHist, SeilerVT1Frac*m, SeilerVT2Frac*m), SeilerHRmax
}

// Our recovery model (an estimate): each workout owes
//
//	h = clamp(24 · load / reference · intensity, RecoveryMinH, RecoveryMaxH)
//
// hours, where reference is the median load of the workouts of the
// RecoveryRefDays days before it (RecoveryRefLoad until RecoveryRefMin
// such workouts exist) and intensity the factor of its class
// ([RecoveryIntensity]). The time owed counts down one hour an hour, and a
// new workout adds its hours scaled by the share of the RecoveryMaxH
// maximum still free ([AddRecovery]; Garmin takes the time left into
// account too, the form is ours). All values are our defaults: a typical
// workout owes about a day, and Garmin's maximum is 4 days.
const (
	RecoveryMinH    = 6
	RecoveryMaxH    = 96
	RecoveryRefDays = 28
	RecoveryRefMin  = 3
)

// RecoveryRefLoad is the reference load before RecoveryRefMin workouts
// exist, by load metric: about an hour of steady endurance work (our
// default).
var RecoveryRefLoad = map[string]float64{LoadTRIMP: 80, LoadHRSS: 60}

// RecoveryIntensity is our factor of each class on the recovery a
// workout's load owes (an estimate: harder work of the same load takes
// longer to absorb). A race counts as RecoveryRace.
var RecoveryIntensity = map[Class]float64{
	Unclassified: 1, Recovery: 0.6, Endurance: 1, Tempo: 1.15,
	Threshold: 1.3, VO2max: 1.45, Anaerobic: 1.45,
}

// RecoveryRace is the intensity factor of a race.
const RecoveryRace = 1.5

// RecoveryHours returns the hours of recovery a workout of load and class c
// owes against the reference load ref (see [RecoveryMinH]); race selects
// RecoveryRace. It is RecoveryMinH for a load of 0 or NaN.
func RecoveryHours(load, ref float64, c Class, race bool) float64 {
	if !(load > 0) || !(ref > 0) {
		return RecoveryMinH
	}
	f, ok := RecoveryIntensity[c]
	if !ok {
		f = 1
	}
	if race {
		f = RecoveryRace
	}
	return math.Min(math.Max(24*load/ref*f, RecoveryMinH), RecoveryMaxH)
}

// AddRecovery returns the recovery owed after a workout that owes h hours
// when left hours were still owed: left + h × (1 − left / RecoveryMaxH),
// so that the total approaches RecoveryMaxH and never passes it.
func AddRecovery(left, h float64) float64 {
	left = math.Min(math.Max(left, 0), RecoveryMaxH)
	return math.Min(left+h*(1-left/RecoveryMaxH), RecoveryMaxH)
}
