package fitgen

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/muktihari/fit/profile/typedef"
)

// sport is what a leg of a recording is.
type sport int

const (
	sportRun sport = iota
	sportBike
	sportPoolSwim
	sportOpenSwim
	sportTransition
	sportBreathing // a morning HRV reading
)

func (s sport) fit() (typedef.Sport, typedef.SubSport) {
	switch s {
	case sportBike:
		return typedef.SportCycling, typedef.SubSportRoad
	case sportPoolSwim:
		return typedef.SportSwimming, typedef.SubSportLapSwimming
	case sportOpenSwim:
		return typedef.SportSwimming, typedef.SubSportOpenWater
	case sportTransition:
		return typedef.SportTransition, typedef.SubSportGeneric
	case sportBreathing:
		return typedef.SportTraining, typedef.SubSportBreathing
	}
	return typedef.SportRunning, typedef.SubSportStreet
}

// step is one part of a workout: a duration of timer time at an intensity
// (fraction of threshold speed, FTP or critical swim speed).
type step struct {
	dur float64 // s of timer time
	f   float64
	lap typedef.Intensity
	// autoLap splits the step into laps of this many metres; 0 gives one
	// lap for the step.
	autoLap float64
}

// pause is a timer stop and restart.
type pause struct {
	at  float64 // s of timer time into the leg
	dur float64 // s
	// records: the device keeps writing records (speed 0) while the timer
	// is stopped.
	records bool
}

// leg is one session of a recording.
type leg struct {
	sport  sport
	steps  []step
	pauses []pause
}

func (l *leg) timer() float64 {
	var s float64
	for _, st := range l.steps {
		s += st.dur
	}
	return s
}

// sample is one second of a recording.
type sample struct {
	leg     int
	running bool // the timer ran during the second ending here
	record  bool
	f       float64 // intensity of the current step (0 when paused)
	hr      float64 // observed heart rate, bpm
	trueHR  float64
	speed   float64 // m/s
	power   float64 // W
	cadence float64
	dist    float64 // m
	alt     float64 // m
	temp    float64 // °C, what the device's thermometer reads
	lap     int     // index into sim.laps
	// lengthEnd marks a pool length ending at this second.
	lengthEnd bool
}

type lapInfo struct {
	leg        int
	start, end int // samples (start, end]; the lap's first record is start
	intensity  typedef.Intensity
	trigger    typedef.LapTrigger
}

type lengthInfo struct {
	leg        int
	start, end int
	strokes    int
	idle       bool
	lap        int
}

type eventInfo struct {
	at   int
	stop bool
}

// sim is a simulated recording: one sample per second from the start.
type sim struct {
	start   time.Time
	samples []sample
	laps    []lapInfo
	lengths []lengthInfo
	events  []eventInfo // timer stops and starts after the first start
	legEnds []int       // last sample of each leg
}

// conditions are what the day and the athlete bring to a recording.
type conditions struct {
	ambient  float64 // °C
	humidity float64 // %
	indoor   bool
	wrist    bool    // the thermometer is on the wrist (watch), else a bike computer
	fatigue  float64 // 0 fresh .. 1 overreached
}

// simulate runs the legs one after another; step durations are whole
// seconds.
func simulate(start time.Time, legs []leg, c conditions, r *rand.Rand) *sim {
	s := &sim{start: start}
	h := heart{hr: 82 + 8*r.Float64()}
	speedNoise := ar1{phi: 0.9}
	powerNoise := ar1{phi: 0.8}
	phase1, phase2 := r.Float64()*6, r.Float64()*6
	temp := 27.0
	if !c.wrist {
		temp = 21
	}
	if c.indoor {
		temp = 24
	}
	var dist, v float64
	coast := 0
	e := 0
	for li := range legs {
		lg := &legs[li]
		lapStart := e
		stepIdx := -1
		var stepStart, stepEnd, lapDist, legTimer float64
		pauseIdx := 0
		var lenCum []float64 // pool: cumulative length end times within the step
		lenIdx, lengthStart := 0, e
		first := li == 0
		for {
			for stepIdx < len(lg.steps) && legTimer >= stepEnd {
				if stepIdx >= 0 {
					if lg.sport == sportPoolSwim && lg.steps[stepIdx].f == 0 {
						s.lengths = append(s.lengths, lengthInfo{leg: li, start: lengthStart, end: e, idle: true, lap: len(s.laps)})
						lengthStart = e
					}
					s.laps = append(s.laps, lapInfo{leg: li, start: lapStart, end: e,
						intensity: lg.steps[stepIdx].lap, trigger: typedef.LapTriggerManual})
					lapStart = e
				}
				stepIdx++
				if stepIdx < len(lg.steps) {
					st := lg.steps[stepIdx]
					stepStart, stepEnd = stepEnd, stepEnd+st.dur
					lapDist = dist
					lenCum, lenIdx, lengthStart = nil, 0, e
					if lg.sport == sportPoolSwim && st.f > 0 {
						lenCum = poolLengths(st, r)
					}
				}
			}
			if stepIdx >= len(lg.steps) {
				break
			}
			st := lg.steps[stepIdx]
			if !first && pauseIdx < len(lg.pauses) && legTimer >= lg.pauses[pauseIdx].at {
				p := lg.pauses[pauseIdx]
				pauseIdx++
				s.events = append(s.events, eventInfo{at: e, stop: true})
				for k := 1; k <= int(p.dur); k++ {
					e++
					v *= 0.5
					if v < 0.3 {
						v = 0
					}
					hrObs := h.step(curveFor(lg.sport).at(0), 0, r)
					temp += (c.deviceTemp() - temp) / 600
					s.samples = append(s.samples, sample{leg: li, record: p.records || k == int(p.dur),
						hr: hrObs, trueHR: h.hr, dist: dist, alt: terrain(lg.sport, dist, phase1, phase2, c.indoor),
						temp: temp, lap: len(s.laps)})
				}
				s.events = append(s.events, eventInfo{at: e, stop: false})
			}
			running := !first
			if running {
				e++
				legTimer++
			}
			first = false
			f := st.f
			target := curveFor(lg.sport).at(f)
			if f >= 0.6 {
				rate := 3 + 0.2*math.Max(0, c.ambient-12) // bpm per hour
				target += rate * legTimer / 3600 * math.Min(1, f/0.75)
			}
			if c.fatigue > 0 {
				if f < 0.9 {
					target += 3 * c.fatigue
				}
				target = math.Min(target, Athlete.MaxHR-6*c.fatigue)
			}
			hrObs := h.step(target, f, r)
			var power, cad float64
			grade := terrainGrade(lg.sport, dist, phase1, phase2, c.indoor)
			sm := sample{leg: li, running: running, record: true, f: f}
			switch lg.sport {
			case sportRun, sportTransition:
				vt := f * Athlete.ThresholdSpeed * (1 + 0.015*speedNoise.next(r)) * (1 - 2*grade)
				if lg.sport == sportTransition {
					vt = 1.6 + 0.2*speedNoise.next(r)
				}
				v += (vt - v) / 3
				cad = 84 + 10*(f-0.75) + 0.8*r.NormFloat64()
				dist += v
			case sportBike:
				sd := 0.10
				if c.indoor {
					sd, grade = 0.035, 0
				}
				power = f * Athlete.FTP * (1 + sd*powerNoise.next(r))
				if !c.indoor && f < 0.9 && coast == 0 && (r.Float64() < 0.008 || grade < -0.035) {
					coast = 4 + r.IntN(9)
				}
				if coast > 0 {
					coast--
					power = 0
				}
				vt := bikeSpeed(power, grade)
				if power <= 0 {
					vt = v * 0.97
					if grade < -0.02 {
						vt = 12
					}
				}
				v += (vt - v) / 6
				cad = 88 + 2*r.NormFloat64()
				if f > 1.5 {
					cad = 108 + 3*r.NormFloat64()
				}
				if power <= 0 {
					cad, power = 0, 0
				}
				dist += v
			case sportOpenSwim:
				v = f * Athlete.SwimSpeed * (1 + 0.03*speedNoise.next(r))
				cad = 28 + 2*r.NormFloat64()
				dist += v
			case sportPoolSwim:
				v = 0
				if f > 0 {
					cad = 28 + 2*r.NormFloat64()
				}
				if lenIdx < len(lenCum) && legTimer-stepStart >= lenCum[lenIdx] {
					lenIdx++
					dist += 25
					sm.lengthEnd = true
					d := float64(e - lengthStart)
					v = 25 / math.Max(1, d)
					s.lengths = append(s.lengths, lengthInfo{leg: li, start: lengthStart, end: e,
						strokes: int(math.Round(d * cad / 60)), lap: len(s.laps)})
					lengthStart = e
				}
			}
			sm.hr, sm.trueHR = hrObs, h.hr
			sm.power, sm.cadence = power, math.Max(0, cad)
			sm.speed, sm.dist = v, dist
			sm.alt = terrain(lg.sport, dist, phase1, phase2, c.indoor)
			temp += (c.deviceTemp() - temp) / 600
			sm.temp = temp
			sm.lap = len(s.laps)
			s.samples = append(s.samples, sm)
			if st.autoLap > 0 && dist-lapDist >= st.autoLap && legTimer < stepEnd-30 {
				s.laps = append(s.laps, lapInfo{leg: li, start: lapStart, end: e,
					intensity: st.lap, trigger: typedef.LapTriggerDistance})
				lapStart = e
				lapDist += st.autoLap
			}
		}
		// The last step's lap closes the leg.
		s.laps[len(s.laps)-1].trigger = typedef.LapTriggerSessionEnd
		s.legEnds = append(s.legEnds, e)
	}
	return s
}

// poolLengths splits a swim step into 25 m lengths of slightly varying
// duration and returns their cumulative end times (whole seconds, the last
// one equal to the step's duration).
func poolLengths(st step, r *rand.Rand) []float64 {
	n := max(1, int(math.Round(st.dur*st.f*Athlete.SwimSpeed/25)))
	w := make([]float64, n)
	var sum float64
	for i := range w {
		w[i] = 1 + 0.04*r.NormFloat64()
		if i == 0 {
			w[i] *= 0.92 // push-off
		}
		sum += w[i]
	}
	out := make([]float64, n)
	var acc float64
	for i := range w {
		acc += w[i] / sum * st.dur
		out[i] = math.Round(acc)
	}
	out[n-1] = st.dur
	return out
}

func (l lengthInfo) duration() float64 { return float64(l.end - l.start) }

// deviceTemp is the temperature the device's thermometer settles at.
func (c conditions) deviceTemp() float64 {
	if c.wrist {
		return c.ambient + 4 // body heat on the wrist
	}
	return c.ambient + 1
}

func curveFor(s sport) curve {
	switch s {
	case sportBike:
		return bikeHR
	case sportPoolSwim, sportOpenSwim:
		return swimHR
	}
	return runHR
}

// terrain is the altitude (m) at a distance along the route.
func terrain(s sport, d, p1, p2 float64, indoor bool) float64 {
	switch {
	case indoor:
		return 0
	case s == sportBike:
		return 310 + 55*math.Sin(d/4200+p1) + 18*math.Sin(d/1300+p2)
	case s == sportPoolSwim || s == sportOpenSwim:
		return 0
	}
	return 205 + 12*math.Sin(d/700+p1) + 5*math.Sin(d/260+p2)
}

func terrainGrade(s sport, d, p1, p2 float64, indoor bool) float64 {
	return (terrain(s, d+5, p1, p2, indoor) - terrain(s, d-5, p1, p2, indoor)) / 10
}

// timeAt is the time of sample e.
func (s *sim) timeAt(e int) time.Time { return s.start.Add(time.Duration(e) * time.Second) }

// hrAt interpolates the observed heart rate at t seconds from the start.
func (s *sim) hrAt(t float64) float64 {
	if t <= 0 {
		return s.samples[0].hr
	}
	i := int(t)
	if i+1 >= len(s.samples) {
		return s.samples[len(s.samples)-1].hr
	}
	w := t - float64(i)
	return s.samples[i].hr*(1-w) + s.samples[i+1].hr*w
}
