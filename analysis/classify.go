package analysis

import "fmt"

// Class is a session's intensity class: one label, printed with its reason.
type Class int

const (
	// Unclassified: not enough heart rate (or power/speed) to say.
	Unclassified Class = iota
	Recovery
	Endurance
	Tempo
	Threshold
	VO2max
	Anaerobic
)

var classNames = [...]string{"unclassified", "recovery", "endurance", "tempo", "threshold", "vo2max", "anaerobic"}

// String returns the class name used in every output: "recovery",
// "endurance", "tempo", "threshold", "vo2max", "anaerobic" or
// "unclassified".
func (c Class) String() string {
	if c < 0 || int(c) >= len(classNames) {
		return fmt.Sprintf("Class(%d)", int(c))
	}
	return classNames[c]
}

// MarshalText encodes the class as its name, for JSON.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Interval is one work bout found in a session's trace.
type Interval struct {
	// Start is seconds since the session start; Duration is seconds.
	Start, Duration float64
	// AvgHR and MaxHR are in bpm; AvgPower in W and AvgSpeed in m/s are
	// NaN when not recorded.
	AvgHR, MaxHR, AvgPower, AvgSpeed float64
	// Recovery is the time in seconds to the next bout's start (NaN for
	// the last bout); RecoveryHR is the average HR over it.
	Recovery, RecoveryHR float64
}

// Structure is what the trace's shape says about a session, independent of
// the athlete's zones: the work bouts found, and the steady-state measures.
type Structure struct {
	// Intervals are the repeated work bouts found (empty for a steady
	// session). Source says which stream found them: "power", "speed" or
	// "hr".
	Intervals []Interval
	Source    string
	// Decoupling is aerobic decoupling in percent (speed or power per beat,
	// first half vs second half), NaN when the session is not steady or
	// has neither power nor speed.
	Decoupling float64
	// Drift is the heart-rate drift in percent: second-half average HR over
	// first-half average HR, minus one, times 100; NaN when not steady.
	Drift float64
	// HRRecovery is the drop in bpm 60 s after the end of the hardest
	// effort, NaN when the trace does not show one.
	HRRecovery float64
	// Max5s is the highest 5-s average heart rate, bpm (NaN without HR).
	Max5s float64
}

// Analyze finds the structure of one session's trace.
//
// STUB: the real implementation replaces this.
func Analyze(tr *Trace) Structure {
	return Structure{Decoupling: nan, Drift: nan, HRRecovery: nan, Max5s: nan}
}

// ClassInput is what Classify decides on: the session's time in zone under
// the athlete's resolved values, and its structure.
type ClassInput struct {
	Sport string
	// Moving is the time with heart rate counted, seconds.
	Moving float64
	// ZoneSeconds is the time in each of the five zones of Zones.
	ZoneSeconds [5]float64
	Zones       Zones
	// HRMax, HRRest and LTHR are the athlete's resolved values, bpm.
	HRMax, HRRest, LTHR float64
	AvgHR               float64
	Structure           *Structure
}

// Classification is a session's class, its one-line reason and its flags.
type Classification struct {
	Class  Class
	Reason string
	// Long is set for sessions over ClassThresholds.Long; Race for a
	// sustained near-threshold effort over the whole session.
	Long, Race bool
}

// ClassThresholds are the rules Classify applies. They are our own defaults
// (estimates), documented field by field.
type ClassThresholds struct {
	// Long is the duration in seconds above which a session is flagged
	// long (90 min).
	Long float64
}

// DefaultClassThresholds are bounceback's defaults.
var DefaultClassThresholds = ClassThresholds{Long: 90 * 60}

// Classify returns the class of a session.
//
// STUB: the real implementation replaces this.
func Classify(in ClassInput, th ClassThresholds) Classification {
	return Classification{Class: Unclassified, Reason: "not implemented"}
}
