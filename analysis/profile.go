package analysis

import "time"

// Source says where an athlete value came from, in the resolution order of
// METHODS.md §2: flag > profile file > device > estimate > formula >
// default.
type Source int

const (
	SourceNone Source = iota
	SourceFlag
	SourceProfile
	SourceDevice
	SourceEstimate
	SourceFormula
	SourceDefault
)

var sourceNames = [...]string{"none", "flag", "profile", "device", "estimate", "formula", "default"}

// String returns "flag", "profile", "device", "estimate", "formula",
// "default" or "none".
func (s Source) String() string {
	if s < 0 || int(s) >= len(sourceNames) {
		return "none"
	}
	return sourceNames[s]
}

// MarshalText encodes the source as its name, for JSON.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Value is one resolved athlete value with where it came from. V is NaN when
// no source had it (SourceNone).
type Value struct {
	V      float64
	Source Source
	// Note says more about the source: "time_in_zone of 2026-09-01 (garmin
	// fr955)", "highest sustained 5-s HR of the block", "208 − 0.7 × age
	// (Tanaka)", "our default (estimate)".
	Note string
}

// Sport keys of the per-sport athlete values.
const (
	SportRun   = "running"
	SportBike  = "cycling"
	SportSwim  = "swimming"
	SportOther = "" // every other sport, and the fallback
)

// HRValues are the heart-rate anchors of one sport.
type HRValues struct {
	HRMax, HRRest, LTHR Value
}

// Athlete is the resolved athlete: each value with its source. Per-sport
// heart-rate values are keyed by SportRun, SportBike, SportSwim and
// SportOther.
type Athlete struct {
	Mass, Age Value // kg, years
	// Sex is "male", "female" or "" (unknown), with its source.
	Sex       string
	SexSource Source
	SexNote   string
	HR        map[string]HRValues
	// ZoneModel is the zone model in use.
	ZoneModel ZoneModel
}

// ProfileInput is what the user said: from flags or from the profile file.
// NaN (numbers) and "" (strings) mean "not said".
type ProfileInput struct {
	HRMax, HRRest, LTHR float64
	Mass, Age           float64
	Sex                 string
	// Sports overrides the heart-rate values per sport (keys as in
	// Athlete.HR).
	Sports map[string]HRInput
	// ZoneModel is "hrr", "lthr", "hrmax" or "" (the default: %HRR, or
	// Friel's %LTHR when LTHR is known... see ResolveAthlete).
	ZoneModel string
	// SweatSodium etc. come with later issues.
}

// HRInput holds per-sport heart-rate values the user gave; NaN means not
// said.
type HRInput struct {
	HRMax, HRRest, LTHR float64
}

// DeviceValues are the athlete values one file's device recorded
// (user_profile and time_in_zone), stamped with the file's time.
type DeviceValues struct {
	Time                time.Time
	Sport               string // the session sport the values apply to; "" for user_profile values
	Device              string
	HRMax, HRRest, LTHR float64
	Mass, Age           float64
	Sex                 string
}
