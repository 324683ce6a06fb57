package fitgen

import (
	"math"
	"math/rand/v2"
)

// Profile is the synthetic athlete the fixtures describe. The FIT files carry
// these values in user_profile and time_in_zone.
type Profile struct {
	Sex    string  // "male"
	Age    int     // years
	Weight float64 // kg
	Height float64 // m
	// MaxHR and RestingHR are in bpm.
	MaxHR, RestingHR float64
	// LTHRRun and LTHRBike are the lactate-threshold heart rates, bpm.
	LTHRRun, LTHRBike float64
	// FTP is the cycling functional threshold power, W.
	FTP float64
	// ThresholdSpeed is the running speed at threshold, m/s.
	ThresholdSpeed float64
	// SwimSpeed is the critical swim speed, m/s.
	SwimSpeed float64
	// VO2max in ml/kg/min, as Garmin's message 140 reports it.
	VO2max float64
	// VT1HR and VT2HR are the heart rates (bpm) at which the generated RR
	// intervals have a DFA-α1 of 0.75 and 0.5 (box sizes 4–16, 2-minute
	// windows): the aerobic and anaerobic thresholds an HRV analysis should
	// find in the fixtures, within a few bpm.
	VT1HR, VT2HR float64
}

// Athlete is the athlete of every generated file.
var Athlete = Profile{
	Sex:            "male",
	Age:            35,
	Weight:         70,
	Height:         1.78,
	MaxHR:          190,
	RestingHR:      48,
	LTHRRun:        170,
	LTHRBike:       165,
	FTP:            250,
	ThresholdSpeed: 4.0,
	SwimSpeed:      1.3,
	VO2max:         55,
	VT1HR:          155,
	VT2HR:          171,
}

// curve is a piecewise-linear function given by (x, y) points with
// increasing x; it is constant beyond its ends.
type curve [][2]float64

func (c curve) at(x float64) float64 {
	if x <= c[0][0] {
		return c[0][1]
	}
	for i := 1; i < len(c); i++ {
		if x <= c[i][0] {
			a, b := c[i-1], c[i]
			return a[1] + (b[1]-a[1])*(x-a[0])/(b[0]-a[0])
		}
	}
	return c[len(c)-1][1]
}

// Steady-state heart rate (bpm) by intensity: the fraction of threshold
// speed (running), of FTP (cycling) or of critical swim speed (swimming).
var (
	runHR = curve{{0, 74}, {0.5, 110}, {0.65, 125}, {0.75, 138}, {0.8, 145},
		{0.88, 156}, {0.95, 165}, {1.0, 170}, {1.1, 180}, {1.2, 186}, {1.5, 189}, {2.5, 190}}
	bikeHR = curve{{0, 74}, {0.4, 105}, {0.55, 122}, {0.65, 134}, {0.75, 145},
		{0.85, 154}, {0.95, 162}, {1.0, 165}, {1.1, 174}, {1.2, 180}, {1.5, 186}, {2.5, 188}}
	swimHR = curve{{0, 80}, {0.6, 115}, {0.75, 132}, {0.85, 145}, {0.95, 158}, {1.0, 163}, {1.1, 172}}
)

// heart integrates heart-rate kinetics one second at a time.
type heart struct {
	hr    float64 // true heart rate, bpm
	slow  float64 // slow component above threshold, bpm
	noise float64 // AR(1) measurement-like noise, bpm
}

const (
	tauOn  = 30.0 // s, heart rate rising
	tauOff = 60.0 // s, heart rate falling
)

// step advances one second towards target (bpm); above threshold (f > 1)
// a slow component accumulates. It returns the observed heart rate.
func (h *heart) step(target, f float64, r *rand.Rand) float64 {
	if f > 1 {
		h.slow = math.Min(h.slow+(f-1)*0.05, 7)
	} else {
		h.slow *= math.Exp(-1.0 / 90)
	}
	target = math.Min(target+h.slow, Athlete.MaxHR)
	tau := tauOff
	if target > h.hr {
		tau = tauOn
	}
	h.hr += (target - h.hr) * (1 - math.Exp(-1/tau))
	h.noise = 0.93*h.noise + 0.45*r.NormFloat64()
	return math.Min(h.hr+h.noise, Athlete.MaxHR+1)
}

// hrReserve is the heart-rate reserve fraction of hr, clamped to [0, 1].
func hrReserve(hr float64) float64 {
	return clamp((hr-Athlete.RestingHR)/(Athlete.MaxHR-Athlete.RestingHR), 0, 1)
}

// RR fluctuation model: an AR(1) process whose coefficient (correlation) and
// standard deviation (ms) fall with the heart-rate reserve. The coefficients
// are tuned so that DFA-α1 (box sizes 4–16) is about 1.1 at easy efforts,
// 0.75 near the aerobic threshold and 0.5 above the anaerobic threshold.
var (
	rrPhi = curve{{0, 0.8}, {0.5, 0.8}, {0.62, 0.78}, {0.68, 0.6}, {0.75, 0.28}, {0.8, 0.1}, {0.86, -0.12}, {0.93, -0.25}, {1, -0.28}}
	rrSD  = curve{{0, 40}, {0.3, 20}, {0.5, 10}, {0.65, 6}, {0.8, 3.5}, {0.9, 2.5}, {1, 2}}
)

// beat is one heartbeat: the time its interval ends (seconds from the start
// of the recording) and the interval, seconds.
type beat struct {
	t, rr float64
}

// beatGen generates heartbeats from a heart-rate trace.
type beatGen struct {
	x float64 // AR(1) state, unit variance
}

// run generates beats from time from to to (seconds); hrAt gives the heart
// rate at a time.
func (g *beatGen) run(hrAt func(t float64) float64, from, to float64, r *rand.Rand) []beat {
	out := make([]beat, 0, int((to-from)*3)+8)
	t := from
	for t < to {
		hr := hrAt(t)
		phi, sd := rrPhi.at(hrReserve(hr)), rrSD.at(hrReserve(hr))
		g.x = phi*g.x + math.Sqrt(1-phi*phi)*r.NormFloat64()
		rr := 60/hr + sd*g.x/1000
		rr = clamp(rr, 0.28, 1.9)
		t += rr
		out = append(out, beat{t: t, rr: rr})
	}
	return out
}

// injectArtefacts replaces a fraction rate of the beats with typical
// artefacts: an ectopic beat (a short interval followed by a compensatory
// long one), a missed beat (two intervals detected as one) or an extra
// detection (one interval split in two). It returns the new beats and the
// number of artefacts injected.
func injectArtefacts(in []beat, rate float64, r *rand.Rand) ([]beat, int) {
	out := make([]beat, 0, len(in)+8)
	n := 0
	for i := 0; i < len(in); i++ {
		b := in[i]
		if i+1 >= len(in) || i < 10 || r.Float64() >= rate {
			out = append(out, b)
			continue
		}
		next := in[i+1]
		n++
		switch r.IntN(3) {
		case 0: // ectopic: premature beat and compensatory pause
			short := b.rr * (0.55 + 0.15*r.Float64())
			out = append(out, beat{t: b.t - b.rr + short, rr: short},
				beat{t: next.t, rr: next.rr + b.rr - short})
			i++
		case 1: // missed beat: two intervals merged
			out = append(out, beat{t: next.t, rr: b.rr + next.rr})
			i++
		default: // extra detection: one interval split
			part := b.rr * (0.35 + 0.2*r.Float64())
			out = append(out, beat{t: b.t - b.rr + part, rr: part}, beat{t: b.t, rr: b.rr - part})
		}
	}
	return out, n
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// ar1 is a unit-variance AR(1) noise source.
type ar1 struct {
	phi, x float64
}

func (a *ar1) next(r *rand.Rand) float64 {
	a.x = a.phi*a.x + math.Sqrt(1-a.phi*a.phi)*r.NormFloat64()
	return a.x
}

// bikeSpeed solves P = (Crr·m·g·cos + m·g·sin(grade) + ½ρCdA·v²)·v for v on
// a road of the given grade (rise/run), m/s; 0 W gives the coasting speed's
// floor of 0.
func bikeSpeed(power, grade float64) float64 {
	const (
		m   = 78.0 // rider and bike, kg
		g   = 9.81
		crr = 0.004
		rho = 1.2
		cda = 0.32
	)
	if power <= 0 {
		return 0
	}
	a := 0.5 * rho * cda
	b := m * g * (crr + grade)
	v := 8.0
	for range 30 {
		fv := a*v*v*v + b*v - power
		d := 3*a*v*v + b
		if d <= 0 {
			d = 1
		}
		nv := v - fv/d
		if nv < 0.5 {
			nv = 0.5
		}
		if math.Abs(nv-v) < 1e-4 {
			v = nv
			break
		}
		v = nv
	}
	return v
}
