package analysis

import "math"

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
