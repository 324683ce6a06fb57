package analysis

import (
	"time"

	"github.com/bounceback/bounceback/fitparse"
)

// HRV is what a session's RR intervals say (METHODS.md §4): artefact
// cleaning, time-domain measures over the session and over 5-minute windows,
// and DFA-α1 over 2-minute windows with the heart rates at α1 = 0.75 (VT1)
// and 0.5 (VT2) when the session spans enough intensity. Values that cannot
// be estimated are NaN.
type HRV struct {
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
	Windows []HRVWindow
	// Alpha is the DFA-α1 series over 2-minute windows; AlphaMean their
	// mean over reliable windows.
	Alpha     []AlphaPoint
	AlphaMean float64
	// VT1 and VT2 are heart-rate estimates (bpm) at α1 = 0.75 and 0.5 by
	// regression of α1 on HR, with their quality.
	VT1, VT2 VTEstimate
}

// HRVWindow is one 5-minute window of a session.
type HRVWindow struct {
	// Start is seconds since the session start; Duration seconds.
	Start, Duration   float64
	RRUsed, RRDropped int
	ArtifactPct       float64
	// Unreliable is set when more than 5 % of its beats were artefacts.
	Unreliable                                  bool
	MeanRR, SDNN, RMSSD, LnRMSSD, PNN50, MeanHR float64
}

// AlphaPoint is DFA-α1 over one 2-minute window.
type AlphaPoint struct {
	// Start is seconds since the session start (of the window).
	Start float64
	Alpha float64
	// HR is the mean heart rate from RR over the window, bpm.
	HR          float64
	ArtifactPct float64
	Unreliable  bool
}

// VTEstimate is a heart rate estimated from the α1–HR regression.
type VTEstimate struct {
	// HR in bpm, NaN when not estimable (too narrow an intensity range, too
	// few reliable windows, a poor fit).
	HR float64
	// Windows is how many reliable windows the regression used; R2 its
	// coefficient of determination.
	Windows int
	R2      float64
}

// Daily is one day of the block's recovery series: morning HRV readings,
// Garmin's overnight HRV, resting HR and sleep score. NaN when the day has
// no value.
type Daily struct {
	// Date is the local calendar day (midnight UTC of that date).
	Date time.Time
	// LnRMSSD is the day's ln RMSSD from the series' one source
	// (HRVSource); RMSSD in ms.
	LnRMSSD, RMSSD float64
	// HRVMean7 is the 7-day mean of LnRMSSD; HRVLow and HRVHigh bound the
	// 60-day normal range (mean ± 0.5 SD); NaN until enough days exist.
	HRVMean7, HRVLow, HRVHigh float64
	// RestingHR (bpm) from RestingSource, with its 7-day mean and 60-day
	// normal range.
	RestingHR, RestingMean7, RestingLow, RestingHigh float64
	// SleepScore (0–100), Garmin's sleep_assessment.
	SleepScore float64
	// GarminStatus is Garmin's own HRV status that day ("balanced", ...),
	// GarminLow/GarminHigh its baseline band (ms); shown beside ours.
	GarminStatus          string
	GarminLow, GarminHigh float64
}

// DailySources says where each daily series came from: "morning" (short
// readings at rest with RR data), "overnight" (Garmin hrv_status_summary),
// "monitoring" (Garmin monitoring_hr_data), "morning reading" for resting HR
// from the readings, or "" when the series is empty. One source per series:
// overnight and morning rMSSD are never mixed in one baseline.
type DailySources struct {
	HRV, RestingHR, Sleep string
}

// SessionHRV computes the HRV of one session from its RR intervals.
//
// STUB: replaced by the real implementation.
func SessionHRV(rr, rrTime []float64, breaks []int, start float64) *HRV {
	return nil
}

// keep the import used until the real code lands.
var _ = fitparse.OK
