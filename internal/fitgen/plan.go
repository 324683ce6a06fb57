package fitgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/muktihari/fit/profile/typedef"
)

// Zone is the athlete's time zone: a fixed UTC+2, like Central European
// summer time.
var Zone = time.FixedZone("UTC+2", 2*3600)

// BlockStart is the first day (a Monday) of the training block, local
// midnight.
var BlockStart = time.Date(2026, 8, 31, 0, 0, 0, 0, Zone)

// Block structure: weeks are numbered from 1.
const (
	BlockWeeks   = 9
	OverloadWeek = 6
	// TaperFrom is the first of the taper weeks (to the end of the block).
	TaperFrom = 8
)

// Intensity classes and kinds written to the manifest.
const (
	ClassRecovery  = "recovery"
	ClassEndurance = "endurance"
	ClassTempo     = "tempo"
	ClassThreshold = "threshold"
	ClassVO2max    = "vo2max"
	ClassAnaerobic = "anaerobic"
)

// workout is one planned session: its legs and what it is meant to be.
type workout struct {
	legs  []leg
	kind  string
	class string
	race  bool
}

func warmup(mins, f float64) step { return step{dur: mins * 60, f: f, lap: typedef.IntensityWarmup} }

func cooldown(mins, f float64) step {
	return step{dur: mins * 60, f: f, lap: typedef.IntensityCooldown}
}

func work(sec, f float64) step { return step{dur: math.Round(sec), f: f, lap: typedef.IntensityActive} }

func rest(sec, f float64) step { return step{dur: math.Round(sec), f: f, lap: typedef.IntensityRest} }

func steady(mins, f, autoLap float64) step {
	return step{dur: math.Round(mins * 60), f: f, lap: typedef.IntensityActive, autoLap: autoLap}
}

func repeat(n int, w, r step) []step {
	var out []step
	for i := 0; i < n; i++ {
		out = append(out, w, r)
	}
	return out
}

func join(parts ...any) []step {
	var out []step
	for _, p := range parts {
		switch p := p.(type) {
		case step:
			out = append(out, p)
		case []step:
			out = append(out, p...)
		}
	}
	return out
}

func run(kind, class string, steps ...any) workout {
	return workout{legs: []leg{{sport: sportRun, steps: join(steps...)}}, kind: kind, class: class}
}

func ride(kind, class string, steps ...any) workout {
	return workout{legs: []leg{{sport: sportBike, steps: join(steps...)}}, kind: kind, class: class}
}

// The workouts of the block.
func easyRun(mins float64) workout { return run("easy", ClassEndurance, steady(mins, 0.75, 1000)) }

func recoveryRun(mins float64) workout {
	return run("recovery", ClassRecovery, steady(mins, 0.64, 1000))
}

func longRun(mins float64) workout { return run("long", ClassEndurance, steady(mins, 0.745, 1000)) }

func tempoRun(tempoMin float64) workout {
	return run("tempo", ClassTempo, warmup(15, 0.72), steady(tempoMin, 0.885, 0), cooldown(10, 0.7))
}

func thresholdRun(reps int, repMin, recMin float64) workout {
	return run("threshold", ClassThreshold, warmup(15, 0.72),
		repeat(reps, work(repMin*60, 0.985), rest(recMin*60, 0.62)), cooldown(10, 0.7))
}

func vo2Run(reps int, repMin, recMin float64) workout {
	return run("vo2max", ClassVO2max, warmup(15, 0.72),
		repeat(reps, work(repMin*60, 1.13), rest(recMin*60, 0.55)), cooldown(10, 0.68))
}

func raceRun(km float64) workout {
	f := 0.985
	w := run("race", ClassThreshold, steady(km*1000/(f*Athlete.ThresholdSpeed)/60, f, 1000))
	w.race = true
	return w
}

func shakeout() workout {
	return run("recovery", ClassRecovery, steady(16, 0.64, 1000),
		repeat(4, work(20, 1.3), rest(60, 0.6)))
}

func easyRide(mins float64) workout { return ride("easy", ClassEndurance, steady(mins, 0.66, 10000)) }

func recoveryRide(mins float64) workout {
	return ride("recovery", ClassRecovery, steady(mins, 0.5, 10000))
}

func longRide(mins float64) workout { return ride("long", ClassEndurance, steady(mins, 0.67, 10000)) }

func thresholdRide(reps int, repMin, recMin float64) workout {
	return ride("threshold", ClassThreshold, warmup(15, 0.55),
		repeat(reps, work(repMin*60, 0.98), rest(recMin*60, 0.5)), cooldown(10, 0.5))
}

func sprintRide(reps int) workout {
	return ride("sprint", ClassAnaerobic, warmup(20, 0.58),
		repeat(reps, work(30, 2.1), rest(270, 0.5)), cooldown(12, 0.5))
}

func poolSwim() workout {
	sw := func(m, f float64) step { return work(m/(f*Athlete.SwimSpeed), f) }
	steps := join(
		step{dur: math.Round(300 / (0.75 * Athlete.SwimSpeed)), f: 0.75, lap: typedef.IntensityWarmup},
		rest(40, 0),
		repeat(8, sw(100, 0.93), rest(20, 0)),
		rest(40, 0),
		sw(400, 0.82),
		rest(30, 0),
		step{dur: math.Round(200 / (0.72 * Athlete.SwimSpeed)), f: 0.72, lap: typedef.IntensityCooldown},
	)
	return workout{legs: []leg{{sport: sportPoolSwim, steps: steps}}, kind: "swim", class: ClassEndurance}
}

func triathlon() workout {
	return workout{kind: "multisport", class: ClassTempo, legs: []leg{
		{sport: sportOpenSwim, steps: []step{work(1500/(0.86*Athlete.SwimSpeed), 0.86)}},
		{sport: sportTransition, steps: []step{work(170, 0.75)}},
		{sport: sportBike, steps: []step{steady(62, 0.8, 10000)}},
		{sport: sportTransition, steps: []step{work(85, 0.75)}},
		{sport: sportRun, steps: []step{steady(42, 0.88, 1000)}},
	}}
}

// session is one planned activity of the block.
type session struct {
	week, day int // week from 1, day 0 = Monday
	hh, mm    int
	w         workout
	// Options.
	strap     strap
	rr        bool
	indoor    bool
	pauses    []pause
	rpe, feel uint8
	sweat     bool
	numeric   bool // name the file like a Garmin Connect export
}

// blockSessions is the training block, week by week.
func blockSessions() []session {
	var s []session
	add := func(week, day, hh, mm int, w workout, opts ...func(*session)) {
		x := session{week: week, day: day, hh: hh, mm: mm, w: w, strap: strapHRMPro}
		for _, o := range opts {
			o(&x)
		}
		s = append(s, x)
	}
	rr := func(x *session) { x.rr = true }
	wrist := func(x *session) { x.strap = strapNone }
	indoor := func(x *session) { x.indoor = true }
	sweat := func(x *session) { x.sweat = true }
	numeric := func(x *session) { x.numeric = true }
	rpe := func(r, f uint8) func(*session) { return func(x *session) { x.rpe, x.feel = r, f } }
	pauseAt := func(at, dur float64, records bool) func(*session) {
		return func(x *session) { x.pauses = append(x.pauses, pause{at: at, dur: dur, records: records}) }
	}

	// Week 1: build.
	add(1, 1, 18, 15, vo2Run(5, 3, 2), rr, rpe(80, 75))
	add(1, 2, 7, 5, easyRide(60))
	add(1, 3, 18, 20, tempoRun(25), rr, pauseAt(1500, 45, false))
	add(1, 5, 9, 0, longRide(120), pauseAt(3600, 720, false), sweat)
	add(1, 6, 9, 30, longRun(100), rr, rpe(40, 75))
	// Week 2.
	add(2, 1, 18, 10, thresholdRun(3, 10, 2), rr)
	add(2, 2, 7, 0, easyRide(70))
	add(2, 3, 18, 30, thresholdRide(2, 20, 5), rr, indoor, rpe(70, 50))
	add(2, 4, 7, 15, recoveryRun(30), wrist)
	add(2, 5, 8, 45, longRide(135))
	add(2, 6, 9, 15, longRun(105), rr, pauseAt(2700, 30, false))
	// Week 3.
	add(3, 1, 18, 15, vo2Run(6, 3, 2), rr)
	add(3, 2, 7, 0, easyRide(60), wrist)
	add(3, 3, 18, 20, tempoRun(30), rr, rpe(60, 75))
	add(3, 4, 7, 0, poolSwim(), indoor, func(x *session) { x.strap = strapHRMTri })
	add(3, 5, 8, 30, longRide(150), sweat)
	add(3, 6, 9, 0, longRun(110), rr)
	// Week 4.
	add(4, 1, 18, 10, thresholdRun(2, 15, 3), rr, rpe(70, 75))
	add(4, 2, 18, 0, sprintRide(8), rr, indoor)
	add(4, 3, 18, 30, easyRun(50), rr, pauseAt(1800, 90, true))
	add(4, 4, 7, 10, recoveryRun(30), wrist)
	add(4, 5, 8, 30, longRide(150))
	add(4, 6, 9, 0, longRun(110), rr)
	// Week 5.
	add(5, 1, 18, 15, vo2Run(5, 4, 2.5), rr)
	add(5, 2, 7, 0, easyRide(75))
	add(5, 3, 18, 20, tempoRun(30), rr)
	add(5, 5, 8, 0, triathlon(), func(x *session) { x.strap = strapHRMTri }, numeric, rpe(60, 100))
	add(5, 6, 9, 30, longRun(95), rr)
	// Week 6: overload — more volume and intensity, a double day.
	add(6, 0, 18, 0, easyRun(60), rr)
	add(6, 1, 7, 15, vo2Run(6, 4, 2.5), rr, rpe(90, 25))
	add(6, 1, 18, 30, easyRide(60), wrist)
	add(6, 2, 18, 30, thresholdRide(2, 20, 5), rr, indoor, rpe(80, 25))
	add(6, 3, 18, 15, tempoRun(35), rr)
	add(6, 4, 18, 0, sprintRide(10), rr, indoor, rpe(90, 25))
	add(6, 5, 8, 30, longRide(180), sweat, rpe(60, 50))
	add(6, 6, 9, 0, longRun(130), rr, sweat, rpe(70, 25))
	// Week 7: absorb.
	add(7, 1, 18, 15, easyRun(45), rr)
	add(7, 2, 7, 0, easyRide(60))
	add(7, 3, 18, 20, tempoRun(20), rr)
	add(7, 5, 9, 0, longRide(120))
	add(7, 6, 9, 30, longRun(95), rr)
	// Week 8: taper.
	add(8, 1, 18, 15, thresholdRun(2, 10, 3), rr, rpe(60, 75))
	add(8, 2, 7, 0, easyRide(50), wrist)
	add(8, 3, 18, 20, easyRun(40), rr)
	add(8, 5, 9, 0, easyRide(75))
	add(8, 6, 9, 30, easyRun(75), rr)
	// Week 9: taper and race.
	add(9, 1, 18, 15, vo2Run(4, 2, 2), rr)
	add(9, 2, 7, 0, recoveryRide(40), wrist)
	add(9, 3, 18, 20, easyRun(35), rr)
	add(9, 5, 9, 0, shakeout(), wrist)
	add(9, 6, 9, 5, raceRun(21.0975), rr, sweat, numeric, rpe(90, 100))
	return s
}

// dayIndex is the day of the block (0 = BlockStart).
func dayIndex(week, day int) int { return (week-1)*7 + day }

// ambient is the outdoor temperature (°C) on a day of the block at an hour.
func ambient(d, hour int, r *rand.Rand) float64 {
	base := 21 - 11*float64(d)/62
	switch {
	case hour < 9:
		base -= 5
	case hour >= 11 && hour < 17:
		base += 2
	case hour >= 17:
		base -= 1
	}
	return math.Round((base+1.5*r.NormFloat64())*10) / 10
}

// fatigue is how overreached the athlete is on a day (0 fresh, 1 most).
func fatigue(d int) float64 {
	o := dayIndex(OverloadWeek, 0)
	switch {
	case d >= o && d < o+7:
		return 0.3 + 0.7*float64(d-o)/6
	case d >= o+7 && d < o+10:
		return 0.6 - 0.2*float64(d-o-7)
	}
	return 0
}

// morningLnRMSSD is the planned morning ln RMSSD (ms) and resting heart
// rate of a day of the block: a normal range around 4.2 (67 ms) and 48 bpm,
// a clear drop and a raised resting heart rate through the overload week,
// recovery in week 7 and slightly high values in the taper.
func morningLnRMSSD(d int, r *rand.Rand) (ln, rest float64) {
	o := dayIndex(OverloadWeek, 0)
	ln, rest = 4.2+0.07*r.NormFloat64(), Athlete.RestingHR+0.9*r.NormFloat64()
	switch {
	case d >= o && d < o+7:
		k := float64(d - o)
		ln = 4.02 - 0.04*k + 0.03*r.NormFloat64()
		rest = Athlete.RestingHR + 3 + 0.6*k + 0.6*r.NormFloat64()
	case d >= o+7 && d < o+14:
		k := float64(d - o - 7)
		ln = 3.86 + 0.05*k + 0.04*r.NormFloat64()
		rest = Athlete.RestingHR + 5 - 0.7*k + 0.7*r.NormFloat64()
	case d >= dayIndex(TaperFrom, 0):
		ln += 0.05
	}
	return ln, rest
}

// fileName names an activity like a Garmin device export
// (2026-09-01-18-15-07_RUN.fit) or a Garmin Connect export
// (21876543210_ACTIVITY.fit).
func fileName(t time.Time, suffix string, numeric bool, id int64) string {
	if numeric {
		return fmt.Sprintf("%d_ACTIVITY.fit", id)
	}
	return t.Format("2006-01-02-15-04-05") + "_" + suffix + ".fit"
}
