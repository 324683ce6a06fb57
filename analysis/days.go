package analysis

import (
	"math"
	"time"

	"github.com/bounceback/bounceback/fitparse"
)

// This file holds the block's load model and readiness (docs/methods.md §5–6):
// the daily and weekly series and the readiness for the as-of day.

// Load metrics (LoadOptions.Metric).
const (
	LoadTRIMP = "trimp"
	LoadHRSS  = "hrss"
)

// LoadOptions are the rules of the block's load model. defaultLoadOptions
// holds the published values; its doc says which are ours.
type LoadOptions struct {
	// Metric is the session load summed into the daily load: LoadTRIMP
	// (default) or LoadHRSS. Estimated loads (no heart rate) count.
	Metric string
	// Seed starts CTL and ATL at the mean daily load of the first
	// SeedDays days from the first workout instead of 0. The published
	// convention (and the default) starts both at 0, so that in the first
	// weeks of a block CTL is too low and TSB reads as overload until the
	// fitness has built up (the cold start); the seed is our option for
	// an athlete who trained before the files begin, and the outputs say
	// when it is on.
	Seed bool
}

// Day is one calendar day of the block's load model: every day from the
// first session or daily value to the as-of day, days without sessions
// with load 0. Units: load in the metric's units (TRIMP or HRSS points);
// NaN where a value is undefined (too little history).
type Day struct {
	// Date is the local calendar day (midnight UTC of that date).
	Date time.Time
	// Load is the day's load; Sessions, Timer (s) and Distance (m, by
	// sport) sum its workouts (HRV readings excluded).
	Load     float64
	Sessions int
	Timer    float64
	Distance Distances
	// CTL (fitness, τ load.CTLDays) and ATL (fatigue, τ load.ATLDays) after the
	// day's load, GoldenCheetah's discretization; TSB = CTL − ATL of the
	// previous day (form going into the day); Form is TSB's band. Ramp is
	// CTL minus CTL 7 days before.
	CTL, ATL, TSB float64
	Form          Form
	Ramp          float64
	// ACWR is the uncoupled acute:chronic ratio (7-day mean over the mean
	// of the 21 days before those 7); ACWREWMA the EWMA variant (spans 7
	// and 28, Williams 2017). Both are NaN while their windows are not
	// full since the first workout or since the last break of
	// LongGapDays, or while the chronic load is below ACWRFloor, and
	// never above load.ACWRCap; ACWRNote says why a value is missing or
	// capped ("" otherwise).
	ACWR, ACWREWMA float64
	ACWRNote       string
	// Monotony is the 7-day mean over its SD (capped at 10; NaN when the 7
	// days hold no load); Strain the 7-day load × Monotony.
	Monotony, Strain float64
	// RecoveryOwedH is the recovery still owed at the end of the day,
	// hours, from our model of the recent sessions; GarminRecoveryOwedH
	// from Garmin's recovery times (NaN when no file carries one).
	RecoveryOwedH, GarminRecoveryOwedH float64
	// Readiness is the readiness score computed for this day (the same
	// computation as Block.Readiness, with data up to this day only);
	// NaN when it cannot be computed. Band is its band and Advice its
	// advice (noBand and NoAdvice without a score).
	Readiness float64
	Band      Band
	Advice    Advice
	// RestDays is the number of rest days (load 0) after this day that
	// bring TSB back to 0 (Runalyze's formula, see [load.RestDays]); 0
	// when CTL ≥ ATL already.
	RestDays float64
	// GarminReadiness is Garmin's Training Readiness score of the day
	// (its morning record in the account export), GarminAcute and
	// GarminChronic its acute and chronic load; NaN without them. They
	// are Garmin's numbers, shown beside ours.
	GarminReadiness, GarminAcute, GarminChronic float64
}

// Week is one calendar week (Monday to Sunday) of the block.
type Week struct {
	// Start is the Monday (midnight UTC of that date).
	Start time.Time
	// Sessions, Timer (s), Distance (m, by sport) and Load sum the
	// week's workouts; Days counts days with a workout.
	Sessions, Days int
	Timer          float64
	Distance       Distances
	Load           float64
	// ClassLoad is the load by intensity class name (Class.String()),
	// for the stacked weekly chart.
	ClassLoad map[string]float64
	// ZoneSeconds is the time in each of the five HR zones, seconds.
	ZoneSeconds [5]float64
	// Seiler is the time below VT1, between VT1 and VT2 and above VT2,
	// seconds (docs/methods.md §5); PolarizationIndex is log10(Z1/Z2 · Z3 ·
	// 100), NaN when undefined.
	Seiler            [3]float64
	PolarizationIndex float64
	// SeilerDFA counts the sessions whose VT1/VT2 came from their own
	// DFA-α1 estimates; the others of the week used load.SeilerVT1Frac
	// and load.SeilerVT2Frac of HRmax.
	SeilerDFA int
	// Monotony and Strain of the week (Foster; NaN for a week without a
	// workout), CTL/ATL/TSB at its last day.
	Monotony, Strain float64
	CTL, ATL, TSB    float64
	// Form is the band of TSB at the week's last day.
	Form Form
	// Readiness is the mean readiness of the week's days (NaN without
	// one).
	Readiness float64
}

// Readiness is the readiness for the day after Date: everything known at
// the end of Date (its sessions and its morning values) scored for the
// next training session (docs/methods.md §6).
type Readiness struct {
	// Date is the as-of day.
	Date time.Time
	// Score is 0–100; Band is its band.
	Score float64
	Band  Band
	// Confidence is "high", "medium" or "low"; ConfidenceNote says why
	// (contributors with data, baseline maturity).
	Confidence, ConfidenceNote string
	// Contributors holds every contributor, with data or not, in the
	// order of the ContributorIDs; Limiting names the two pulling the
	// score down most.
	Contributors []Contributor
	Limiting     []ContributorID
	// Advice is the advice for the next session; AdviceReason says why
	// (the HRV-guided rules).
	Advice       Advice
	AdviceReason string
	// Sleep is the sleep advice; CannotSee what the score cannot see.
	Sleep, CannotSee string
	// Weights is the weight set used: "all data" when Garmin wellness
	// data (sleep, resting HR, overnight HRV) exist in the 60 days up to
	// Date, else "activity files only".
	Weights WeightSet
	// LoadDays counts the days since the first workout (the load
	// baselines are mature at 28) and HRVDays the days with HRV in the
	// 60 days up to Date (mature at 14, ideally 60).
	LoadDays, HRVDays int
	// RecoveryOwedH is the recovery still owed at 07:00 the next morning,
	// hours, by our model; GarminRecoveryOwedH by Garmin's recovery times
	// (NaN when the latest workout has none). Residual fatigue uses
	// Garmin's when there is one.
	RecoveryOwedH, GarminRecoveryOwedH float64
	// LoadMetric is the load metric of the model (LoadTRIMP or LoadHRSS),
	// the unit of Day.Load and Week.Load; it is set whenever Block.Days
	// is. LoadSeed is the CTL and ATL the model started from
	// ([LoadOptions.Seed]), 0 when not seeded.
	LoadMetric string
	LoadSeed   float64
	// DaysSinceWorkout counts the days from the last workout to Date (0
	// when it was that day; -1 without any workout). Returning is set
	// from breakDays of them on: the confidence is low and the advice is
	// a gradual return.
	DaysSinceWorkout int
	Returning        bool
	// Garmin is Garmin's own Training Readiness of Date (its morning
	// record in the account export; nil without one), shown beside ours.
	// It is computed at wake-up, ours at the day's end for the next
	// session. GarminNote explains, when the two differ by
	// GarminDisagree points or more, which of our contributors and which
	// of Garmin's factors make the difference; "" otherwise.
	Garmin     *fitparse.GarminReadiness
	GarminNote string
}

// GarminDisagree is the difference between our readiness and Garmin's, in
// points, from which the readiness explains it (our choice: a full band's
// width is about 33 points, so 20 is a clear disagreement).
const GarminDisagree = 20

// Distances are distances by sport family, metres: running, cycling,
// swimming and every other sport. They are kept apart because kilometres
// of different sports are not comparable and never added together.
type Distances struct {
	Run, Bike, Swim, Other float64
}

// Add adds m metres of sport (a FIT profile name); NaN and negative
// distances add nothing.
func (d *Distances) Add(sport string, m float64) {
	if !(m > 0) || math.IsInf(m, 0) {
		return
	}
	switch SportKey(sport) {
	case SportRun:
		d.Run += m
	case SportBike:
		d.Bike += m
	case SportSwim:
		d.Swim += m
	default:
		d.Other += m
	}
}

func (d *Distances) plus(o Distances) {
	d.Run += o.Run
	d.Bike += o.Bike
	d.Swim += o.Swim
	d.Other += o.Other
}

// Contributor is one part of the readiness score.
type Contributor struct {
	// ID says which contributor it is; ID.String() is its name.
	ID ContributorID
	// Value is the contributor's value in Unit, Baseline its reference
	// (text, e.g. "4.10–4.22 ln ms"); NaN/"" when absent.
	Value    float64
	Unit     string
	Baseline string
	// Score is the sub-score 0–100 (NaN without data); Weight the weight
	// used after re-weighting (0 without data), in percent.
	Score, Weight float64
	// Note explains the value in one line.
	Note string
}
