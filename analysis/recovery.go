package analysis

import "math"

// Our recovery model (an estimate): each workout owes
//
//	h = clamp(24 · load / reference · intensity, recoveryMinH, recoveryMaxH)
//
// hours, where reference is the median load of the workouts of the
// recoveryRefDays days before it (recoveryRefLoad until recoveryRefMin
// such workouts exist) and intensity the factor of its class
// (recoveryIntensity). The time owed counts down one hour an hour, and a
// new workout adds its hours scaled by the share of the recoveryMaxH
// maximum still free (addRecovery; Garmin takes the time left into
// account too, the form is ours). All values are our defaults: a typical
// workout owes about a day, and Garmin's maximum is 4 days.
const (
	recoveryMinH    = 6
	recoveryMaxH    = 96
	recoveryRefDays = 28
	recoveryRefMin  = 3
)

// recoveryRefLoad is the reference load before recoveryRefMin workouts
// exist, by load metric: about an hour of steady endurance work (our
// default).
var recoveryRefLoad = map[string]float64{LoadTRIMP: 80, LoadHRSS: 60}

// recoveryIntensity is our factor of each class on the recovery a
// workout's load owes (an estimate: harder work of the same load takes
// longer to absorb). A race counts as recoveryRace.
var recoveryIntensity = map[Class]float64{
	Unclassified: 1, Recovery: 0.6, Endurance: 1, Tempo: 1.15,
	Threshold: 1.3, VO2max: 1.45, Anaerobic: 1.45,
}

// recoveryRace is the intensity factor of a race.
const recoveryRace = 1.5

// recoveryHours returns the hours of recovery a workout of load and class c
// owes against the reference load ref (see recoveryMinH); race selects
// recoveryRace. It is recoveryMinH for a load of 0 or NaN.
func recoveryHours(load, ref float64, c Class, race bool) float64 {
	if !(load > 0) || !(ref > 0) {
		return recoveryMinH
	}
	f, ok := recoveryIntensity[c]
	if !ok {
		f = 1
	}
	if race {
		f = recoveryRace
	}
	return math.Min(math.Max(24*load/ref*f, recoveryMinH), recoveryMaxH)
}

// addRecovery returns the recovery owed after a workout that owes h hours
// when left hours were still owed: left + h × (1 − left / recoveryMaxH),
// so that the total approaches recoveryMaxH and never passes it.
func addRecovery(left, h float64) float64 {
	left = math.Min(math.Max(left, 0), recoveryMaxH)
	return math.Min(left+h*(1-left/recoveryMaxH), recoveryMaxH)
}
