package analysis

import (
	"math"

	"github.com/bounceback/bounceback/analysis/load"
)

// measure returns the metrics of s under the athlete r resolves for its
// sport as of its start: zones, load, class and Seiler split.
func measure(s *SessionSummary, r *resolver, th classThresholds) Metrics {
	a, z := r.session(s.Sport, s.Start)
	m := Metrics{Athlete: a, Zones: z}
	var sl sessionLoad
	if len(s.HRHist) > 0 && s.HRTime > 0 {
		m.ZoneSeconds, m.BelowZone1 = z.Seconds(s.HRHist)
		sl = hrLoad(s.HRHist, &a)
	} else {
		d := s.Timer
		if math.IsNaN(d) {
			d = s.Elapsed
		}
		sl = estimatedLoad(s.Sport, d, s.AvgHR, &a)
	}
	m.TRIMP, m.HRSS, m.Edwards = sl.TRIMP, sl.HRSS, sl.Edwards
	m.LoadEstimated, m.LoadNote = sl.Estimated, sl.Note
	m.SRPE = load.SessionRPE(s.RPE, s.Timer)
	avg := s.TraceAvgHR
	if math.IsNaN(avg) {
		avg = s.AvgHR
	}
	m.Class = classify(classInput{
		Sport:       s.Sport,
		Moving:      s.HRTime,
		ZoneSeconds: m.ZoneSeconds,
		Zones:       z,
		HRMax:       a.HRMax.V,
		HRRest:      a.HRRest.V,
		LTHR:        a.LTHR.V,
		AvgHR:       avg,
		Structure:   &s.Structure,
		Timer:       s.Timer,
		Distance:    s.Distance,
		RRIntervals: s.RRIntervals,
	}, th)
	m.Seiler, m.SeilerFrom = seiler(&s.Measures, &m)
	return m
}

// The Seiler split's threshold sources (SessionSummary.SeilerFrom).
const (
	// SeilerDFA: VT1 and VT2 from the session's own DFA-α1 estimates.
	seilerDFA = "DFA-α1"
	// SeilerHRmax: VT1 and VT2 at load.SeilerVT1Frac and load.SeilerVT2Frac of
	// HRmax.
	seilerHRmax = "% HRmax"
)

// seiler returns a session's Seiler split and where its thresholds came
// from: the session's DFA-α1 VT1 and VT2 when both were estimated (VT1
// below VT2), else load.SeilerVT1Frac and load.SeilerVT2Frac of the session's HRmax.
func seiler(s *Measures, mt *Metrics) ([3]float64, string) {
	if len(s.HRHist) == 0 || mt.Class.Reading {
		return [3]float64{}, ""
	}
	if h := s.HRV; h != nil && has(h.VT1.HR) && has(h.VT2.HR) && h.VT1.HR < h.VT2.HR {
		return load.SeilerSplit(s.HRHist, h.VT1.HR, h.VT2.HR), seilerDFA
	}
	m := mt.Athlete.HRMax.V
	if !(m > 0) {
		return [3]float64{}, ""
	}
	return load.SeilerSplit(s.HRHist, load.SeilerVT1Frac*m, load.SeilerVT2Frac*m), seilerHRmax
}
