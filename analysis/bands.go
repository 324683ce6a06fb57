package analysis

import "math"

// This file holds the named states of the model: the readiness band, the
// form band, the advice, a value against its normal range, the readiness
// contributors and weight sets. Each prints as the word the outputs use
// (and marshals to it for JSON); the zero value is "none" and prints "".

// Band is the band of a readiness score (WHOOP's published cut-offs: a
// score of ReadyMin or more is ready, RecoverMax or less recover).
type Band int

// The readiness bands.
const (
	noBand Band = iota
	bandRecover
	bandModerate
	bandReady
)

var bandNames = [...]string{"", "recover", "moderate", "ready"}

// String returns "recover", "moderate", "ready" or "" (no score).
func (b Band) String() string { return name(bandNames[:], int(b)) }

// MarshalText encodes the band as its name.
func (b Band) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// BandOf returns the band of a readiness score; noBand for NaN.
func BandOf(score float64) Band {
	switch {
	case math.IsNaN(score):
		return noBand
	case score >= ReadyMin:
		return bandReady
	case score <= RecoverMax:
		return bandRecover
	}
	return bandModerate
}

// Form is the band of TSB (Elevate's and intervals.icu's bands).
type Form int

// The form bands, from the freshest.
const (
	noForm Form = iota
	formTransition
	formFresh
	formNeutral
	formOptimal
	formOverload
)

// formBounds are the lower TSB bounds of the form bands from transition
// to optimal (overload is below the last): above +25 transition, above +5
// fresh, above −10 neutral, above −30 optimal.
var formBounds = [4]float64{25, 5, -10, -30}

var formNames = [...]string{"", "transition", "fresh", "neutral", "optimal", "overload"}

// String returns "transition", "fresh", "neutral", "optimal", "overload"
// or "".
func (f Form) String() string { return name(formNames[:], int(f)) }

// MarshalText encodes the band as its name.
func (f Form) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// FormOf returns the form band of a TSB value; noForm for NaN.
func FormOf(tsb float64) Form {
	if math.IsNaN(tsb) {
		return noForm
	}
	for i, lo := range formBounds {
		if tsb > lo {
			return formTransition + Form(i)
		}
	}
	return formOverload
}

// Advice is the advice for the next session.
type Advice int

// The advice, from the least training.
const (
	NoAdvice Advice = iota
	AdviceRest
	AdviceEasy
	AdviceModerate
	AdviceHard
)

var adviceNames = [...]string{"", "rest", "easy", "moderate", "hard"}

// String returns "rest", "easy", "moderate", "hard" or "" (no score).
func (a Advice) String() string { return name(adviceNames[:], int(a)) }

// MarshalText encodes the advice as its name.
func (a Advice) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// Range says where a 7-day mean lies against its normal range.
type Range int

// The places against a normal range.
const (
	NoRange Range = iota
	RangeBelow
	RangeNormal
	RangeAbove
)

var rangeNames = [...]string{"", "below", "normal", "above"}

// String returns "below", "normal", "above" or "" (unknown).
func (r Range) String() string { return name(rangeNames[:], int(r)) }

// MarshalText encodes the place as its name.
func (r Range) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// RangeOf places mean against the normal range lo–hi; NoRange when any is
// NaN.
func RangeOf(mean, lo, hi float64) Range {
	switch {
	case math.IsNaN(mean) || math.IsNaN(lo) || math.IsNaN(hi):
		return NoRange
	case mean < lo:
		return RangeBelow
	case mean > hi:
		return RangeAbove
	}
	return RangeNormal
}

// ContributorID names a readiness contributor.
type ContributorID int

// The readiness contributors, in the order of docs/methods.md §6.
const (
	ContribFatigue ContributorID = iota
	ContribLoad
	ContribMonotony
	ContribHRV
	ContribRestingHR
	ContribSleep
	numContributors
)

var contributorNames = [...]string{"residual fatigue", "load balance", "monotony", "HRV", "resting HR", "sleep"}

// String returns the contributor's name: "residual fatigue", "load
// balance", "monotony", "HRV", "resting HR" or "sleep".
func (c ContributorID) String() string { return name(contributorNames[:], int(c)) }

// MarshalText encodes the contributor as its name.
func (c ContributorID) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// WeightSet names a set of readiness weights.
type WeightSet int

// The weight sets: weightsAllData when Garmin wellness data (sleep,
// resting HR, overnight HRV) exist in the 60 days up to the day, else
// weightsActivityOnly.
const (
	weightsActivityOnly WeightSet = iota
	weightsAllData
)

var weightSetNames = [...]string{"activity files only", "all data"}

// String returns "activity files only" or "all data".
func (w WeightSet) String() string { return name(weightSetNames[:], int(w)) }

// MarshalText encodes the set as its name.
func (w WeightSet) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// weights are the contributors' weights of each set, by ContributorID:
// our defaults, after the research (Garmin's main drivers, HRV4Training,
// Oura); a 0 leaves the contributor out of that set. The weights of the
// contributors with data are scaled to add up to 100.
var weights = [2][numContributors]float64{
	weightsActivityOnly: {45, 35, 20, 30, 0, 0},
	weightsAllData:      {25, 15, 5, 25, 10, 20},
}

// name returns names[i], or "" when i is out of range.
func name(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return ""
	}
	return names[i]
}
