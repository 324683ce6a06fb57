package analysis

import (
	"fmt"

	"github.com/bounceback/bounceback/analysis/load"
)

// trimpConstants returns the constants for "male", "female" or anything
// else (unknown).
func trimpConstants(sex string) load.TRIMPConstants {
	switch sex {
	case "male":
		return load.TRIMPMale
	case "female":
		return load.TRIMPFemale
	}
	return load.TRIMPUnknown
}

// loadEstimate is the effort assumed for a session without heart-rate
// samples and without an average heart rate: a fraction of heart-rate
// reserve per sport. These are our own estimates (an easy, aerobic effort,
// because most sessions are), not published values; loads computed from
// them are marked estimated.
type loadEstimate struct {
	Run, Bike, Swim, Other float64
}

// defaultLoadEstimate is bounceback's assumed effort without heart rate.
var defaultLoadEstimate = loadEstimate{Run: 0.6, Bike: 0.5, Swim: 0.55, Other: 0.4}

// For returns the assumed fraction of heart-rate reserve for a sport.
func (e loadEstimate) For(sport string) float64 {
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

// sessionLoad is a session's training load.
type sessionLoad struct {
	// TRIMP is Banister's TRIMP, HRSS the heart-rate stress (1 h at LTHR =
	// 100), Edwards the zonal TRIMP; NaN when they cannot be computed
	// (no duration, or HRmax ≤ resting HR).
	TRIMP, HRSS, Edwards float64
	// Estimated is set when the session had no heart-rate samples and the
	// load comes from an assumed heart rate; Note says from which.
	Estimated bool
	Note      string
}

// hrLoad returns the load of a heart-rate histogram under athlete a.
func hrLoad(h load.Histogram, a *SessionAthlete) sessionLoad {
	rest, hrmax := a.HRRest.V, a.HRMax.V
	trimp := h.TRIMP(rest, hrmax, a.TRIMP)
	return sessionLoad{
		TRIMP:   trimp,
		HRSS:    load.HRSS(trimp, rest, hrmax, a.LTHR.V, a.TRIMP),
		Edwards: h.Edwards(hrmax),
	}
}

// estimatedLoad returns the load of a session without heart-rate samples
// that lasted seconds: at its average heart rate avgHR when the file
// recorded one, else at the effort defaultLoadEstimate assumes for the
// sport. The result is marked Estimated, with a note that says which.
func estimatedLoad(sport string, seconds, avgHR float64, a *SessionAthlete) sessionLoad {
	rest, hrmax := a.HRRest.V, a.HRMax.V
	hr, note := avgHR, "estimated from the session's average heart rate (no heart-rate samples)"
	if !(avgHR > 0) {
		f := defaultLoadEstimate.For(sport)
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
	trimp := load.BanisterTRIMP(minutes, load.HRReserve(hr, rest, hrmax), a.TRIMP)
	return sessionLoad{
		TRIMP:     trimp,
		HRSS:      load.HRSS(trimp, rest, hrmax, a.LTHR.V, a.TRIMP),
		Edwards:   minutes * load.EdwardsWeight(hr, hrmax),
		Estimated: true,
		Note:      note,
	}
}
