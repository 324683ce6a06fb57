package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

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
	// Recovery is the moving time in seconds from the bout's end to the
	// next bout's start (NaN for the last bout; timer pauses in between do
	// not count); RecoveryHR is the average HR over it.
	Recovery, RecoveryHR float64
}

// Structure is what the trace's shape says about a session, independent of
// the athlete's zones: the work bouts found, and the steady-state measures.
type Structure struct {
	// Intervals are the repeated work bouts found (empty for a steady
	// session). Source says which stream found them: "power", "speed" or
	// "hr" (sourcePower, sourceSpeed, sourceHR); "" when there are
	// none.
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

	// Moving is the trace's moving time, seconds (the sum of its sample
	// weights W).
	Moving float64
	// Base and Work are the two levels bouts were looked for between, in
	// the unit of the stream analyzeTrace chose (W, m/s or bpm): the base is the
	// BaseQuantile of the smoothed stream, the work level its WorkQuantile.
	// NaN when no stream was usable. They are kept for steady sessions too
	// (Source is then "").
	Base, Work float64
	// HRHist is the moving time in seconds at each heart rate: HRHist[b]
	// is the time with heart rate rounding to b bpm. Nil without heart
	// rate. classify reads its bands from it, so that the class does not
	// depend on the zone model.
	HRHist []float64 `json:"-"`
}

// classInput is what classify decides on: the session's time in zone under
// the athlete's resolved values, and its structure.
type classInput struct {
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
	// Timer (s), Distance (m) and RRIntervals describe the recording, for
	// telling an HRV reading from a workout; NaN or 0 when unknown.
	Timer, Distance float64
	RRIntervals     int
}

// Classification is a session's class, its one-line reason and its flags.
type Classification struct {
	Class  Class
	Reason string
	// Long is set for sessions over classThresholds.Long; Race for a
	// sustained near-threshold effort over the whole session.
	Long, Race bool
	// Reading is set for an HRV reading: a short recording at rest with RR
	// intervals (a morning reading), not a workout. Its Class is
	// Unclassified.
	Reading bool
}

// classThresholds are the rules classify applies. Every value is our own
// default (an estimate built on the published anchors that
// docs/methods.md §3 names), not a published cut-off; each field
// says what it means.
//
// The heart-rate bands come from the athlete's anchors, not from the zone
// model, so that the class does not change when the user picks another
// model: the aerobic threshold (AeT = AeTFrac × LTHR), the threshold level
// (Hard × LTHR, the floor of zone 4 in Friel's %LTHR zones and about 80 %
// HRR), the VO2max level (LTHR + VO2Frac × (HRmax − LTHR)) and the recovery
// ceiling (rest + RecoveryHRR × (HRmax − rest)).
type classThresholds struct {
	// Long is the moving time in seconds above which a session is flagged
	// long (90 min).
	Long float64
	// MinHR is the least heart-rate time, seconds, for a class from heart
	// rate (5 min); with less, only a sprint structure from power or speed
	// classifies the session.
	MinHR float64
	// LTHRFrac estimates LTHR as rest + LTHRFrac × (HRmax − rest) when LTHR
	// is unknown (0.85, docs/methods.md §2).
	LTHRFrac float64
	// AeTFrac is the aerobic threshold (VT1) as a fraction of LTHR (0.90:
	// GoldenCheetah's default AeT, the floor of Friel's zone 3).
	AeTFrac float64
	// Hard is the threshold level as a fraction of LTHR (0.95: the floor
	// of Friel's run zone 4).
	Hard float64
	// VO2Frac places the VO2max level between LTHR (0) and HRmax (1): 0.4.
	VO2Frac float64
	// RecoveryHRR is the recovery ceiling as a fraction of heart-rate
	// reserve (0.60: the top of zone 1 of the %HRR zones). A session whose
	// average heart rate is at or below it, with at most RecoveryAboveAeT
	// (0.10) of its time at or above AeT, is a recovery session.
	RecoveryHRR, RecoveryAboveAeT float64
	// RecoveryMaxTime is the longest recovery session, seconds of moving
	// time (60 min; Friel's recovery rides and runs last 20–60 min): a
	// longer session that easy is endurance, the volume is its point.
	RecoveryMaxTime float64
	// SwimOffset lowers every heart-rate band by this many bpm for swims
	// (10): heart rate in the water runs about 10 bpm below running heart
	// rate at the same effort, and most devices carry run (or general)
	// anchors. Set it to 0 when the anchors are swim-specific.
	SwimOffset float64
	// TempoMin and TempoShare: a steady session is tempo when at least
	// TempoMin seconds (15 min) and TempoShare (0.25) of its heart-rate
	// time are at or above AeT.
	TempoMin, TempoShare float64
	// ThresholdMin and ThresholdShare: a steady session is threshold when
	// at least ThresholdMin seconds (15 min) and ThresholdShare (0.30) of
	// its heart-rate time are at or above the threshold level.
	ThresholdMin, ThresholdShare float64
	// VO2Min and VO2Share: a steady session is vo2max when at least VO2Min
	// seconds (8 min) and VO2Share (0.5) of its heart-rate time are at or
	// above the VO2max level (a 5-km race).
	VO2Min, VO2Share float64
	// VO2MinBout and VO2MaxBout bound the bouts of a VO2max session,
	// seconds (1–8 min, after research §5's "2–8 min repeats > VT2", with
	// room for the bout detection's rounding); at least two bouts in that
	// range, and at least half of all bouts, must reach the VO2max level.
	VO2MinBout, VO2MaxBout float64
	// ThresholdWork is the least total duration, seconds, of bouts whose
	// average heart rate is at or above the threshold level for an
	// interval session to be threshold (10 min).
	ThresholdWork float64
	// SprintBouts, SprintMaxBout and SprintRatio: an interval session is
	// anaerobic when it has at least SprintBouts (5) bouts found in power
	// or speed, of median duration at most SprintMaxBout (90 s), whose
	// median average is at least SprintRatio (1.5) times the session's base
	// level. Four strides after an easy run stay what the run was.
	SprintBouts                int
	SprintMaxBout, SprintRatio float64
	// RaceMin, RaceShare and RaceAvg: a steady session of at least RaceMin
	// seconds (20 min) with at least RaceShare (0.9) of its heart-rate time
	// at or above AeT and an average heart rate at or above RaceAvg × LTHR
	// (0.95) is flagged race: a sustained near-threshold effort with no
	// recovery valleys.
	RaceMin, RaceShare, RaceAvg float64
	// ReadingMax, ReadingHRR and ReadingDistance: a recording, not of a
	// locomotion sport (running, cycling, walking, ...), of at most
	// ReadingMax seconds (10 min, docs/methods.md §4) with RR intervals, an
	// average heart rate under rest + ReadingHRR × (HRmax − rest) (0.2) and
	// less than ReadingDistance metres covered (100) is an HRV reading,
	// not a workout.
	ReadingMax, ReadingHRR, ReadingDistance float64
}

// defaultClassThresholds are bounceback's defaults (estimates; see each
// field of [classThresholds]).
var defaultClassThresholds = classThresholds{
	Long:             90 * 60,
	MinHR:            5 * 60,
	LTHRFrac:         0.85,
	AeTFrac:          0.90,
	Hard:             0.95,
	VO2Frac:          0.4,
	RecoveryHRR:      0.60,
	RecoveryAboveAeT: 0.10,
	RecoveryMaxTime:  60 * 60,
	SwimOffset:       10,
	TempoMin:         15 * 60,
	TempoShare:       0.25,
	ThresholdMin:     15 * 60,
	ThresholdShare:   0.30,
	VO2Min:           8 * 60,
	VO2Share:         0.5,
	VO2MinBout:       60,
	VO2MaxBout:       8 * 60,
	ThresholdWork:    10 * 60,
	SprintBouts:      5,
	SprintMaxBout:    90,
	SprintRatio:      1.5,
	RaceMin:          20 * 60,
	RaceShare:        0.9,
	RaceAvg:          0.95,
	ReadingMax:       10 * 60,
	ReadingHRR:       0.2,
	ReadingDistance:  100,
}

// classify returns the class of a session, its one-line reason and its
// flags, by these rules in order (th names each number):
//
//  0. an HRV reading (see ReadingMax) is no workout: Unclassified, with
//     Reading set;
//  1. anaerobic: a sprint set in power or speed (SprintBouts short bouts
//     well above the base), with or without heart rate;
//  2. unclassified: less than MinHR of heart rate, or no heart-rate
//     anchors;
//  3. vo2max: intervals of VO2MinBout–VO2MaxBout reaching the VO2max level;
//  4. threshold: intervals with ThresholdWork of bouts averaging at or
//     above the threshold level;
//  5. for everything else (steady sessions, and intervals below threshold):
//     vo2max, threshold or tempo by the time at or above the VO2max level,
//     the threshold level and AeT (each needs a minimum time and share);
//     recovery when the average is under the recovery ceiling with little
//     time above AeT in at most RecoveryMaxTime; endurance otherwise.
//
// Long is set when the moving time (Structure.Moving, else in.Moving)
// exceeds th.Long; Race as described at [classThresholds]. The time at
// each heart rate comes from in.Structure.HRHist when present, else from
// in.ZoneSeconds assuming a uniform spread inside each zone.
func classify(in classInput, th classThresholds) Classification {
	var c Classification
	st := in.Structure
	if st == nil {
		st = &Structure{Decoupling: nan, Drift: nan, HRRecovery: nan, Max5s: nan, Base: nan, Work: nan}
	}
	moving := st.Moving
	if !(moving > 0) {
		moving = in.Moving
	}
	c.Long = moving > th.Long

	if r, ok := reading(in, th); ok {
		c.Class, c.Reason, c.Reading = Unclassified, r, true
		return c
	}
	if r, ok := sprints(st, th); ok {
		c.Class, c.Reason = Anaerobic, r
		return c
	}
	b := newBands(in, st, th)
	if !(b.total >= th.MinHR) {
		c.Class = Unclassified
		if b.total > 0 {
			c.Reason = fmt.Sprintf("only %s of heart rate", clock(b.total))
		} else {
			c.Reason = "no heart rate"
		}
		return c
	}
	if !b.ok {
		c.Class, c.Reason = Unclassified, "no heart-rate anchors (HRmax, rest or LTHR)"
		return c
	}

	// Intervals.
	if ivs := st.Intervals; len(ivs) >= 2 {
		from := ""
		if st.Source == sourceHR {
			from = " (from heart rate)"
		}
		var vo2 []Interval
		var hardWork float64
		var hard []Interval
		for _, iv := range ivs {
			if iv.Duration >= th.VO2MinBout && iv.Duration <= th.VO2MaxBout && iv.MaxHR >= b.vo2 {
				vo2 = append(vo2, iv)
			}
			if iv.AvgHR >= b.hard {
				hardWork += iv.Duration
				hard = append(hard, iv)
			}
		}
		if len(vo2) >= 2 && 2*len(vo2) >= len(ivs) {
			c.Class = VO2max
			c.Reason = fmt.Sprintf("%d bouts of %s reaching %.0f bpm or more (VO2max level%s)%s, %.0f %% of %s at or above %.0f bpm",
				len(vo2), clock(medianDuration(vo2)), b.vo2, b.zone(b.vo2), from,
				100*b.share(b.hard), minutes(b.total), b.hard)
			return c
		}
		if hardWork >= th.ThresholdWork {
			c.Class = Threshold
			c.Reason = fmt.Sprintf("%d bouts of %s at avg %.0f bpm (threshold level %.0f bpm%s)%s, %.0f %% of %s at or above it",
				len(hard), clock(medianDuration(hard)), meanHR(hard), b.hard, b.zone(b.hard), from,
				100*b.share(b.hard), minutes(b.total))
			return c
		}
	}

	// Steady, or intervals below the threshold level.
	steady := len(st.Intervals) < 2
	avg := in.AvgHR
	if !valid(avg) || avg <= 0 {
		avg = b.mean()
	}
	if steady && moving >= th.RaceMin && b.share(b.aet) >= th.RaceShare && avg >= b.raceAvg {
		c.Race = true
	}
	race := ""
	if c.Race {
		race = ", no recovery valleys (race)"
	}
	switch tv, sv := b.above(b.vo2), b.share(b.vo2); {
	case tv >= th.VO2Min && sv >= th.VO2Share:
		c.Class = VO2max
		c.Reason = fmt.Sprintf("%.0f %% of %s at or above %.0f bpm (VO2max level%s), avg %.0f bpm%s",
			100*sv, minutes(b.total), b.vo2, b.zone(b.vo2), avg, race)
		return c
	}
	if t, s := b.above(b.hard), b.share(b.hard); t >= th.ThresholdMin && s >= th.ThresholdShare {
		c.Class = Threshold
		c.Reason = fmt.Sprintf("%.0f %% of %s at or above %.0f bpm (threshold level%s), avg %.0f bpm%s",
			100*s, minutes(b.total), b.hard, b.zone(b.hard), avg, race)
		return c
	}
	if t, s := b.above(b.aet), b.share(b.aet); t >= th.TempoMin && s >= th.TempoShare {
		c.Class = Tempo
		c.Reason = fmt.Sprintf("%.0f %% of %s (%s) at or above %.0f bpm (aerobic threshold%s), avg %.0f bpm%s",
			100*s, minutes(b.total), minutes(t), b.aet, b.zone(b.aet), avg, race)
		return c
	}
	if avg <= b.recovery && b.share(b.aet) <= th.RecoveryAboveAeT && moving <= th.RecoveryMaxTime {
		c.Class = Recovery
		c.Reason = fmt.Sprintf("avg %.0f bpm, at or below %.0f bpm (recovery ceiling%s), %.0f %% at or above %.0f bpm",
			avg, b.recovery, b.zone(b.recovery), 100*b.share(b.aet), b.aet)
		return c
	}
	c.Class = Endurance
	c.Reason = fmt.Sprintf("%.0f %% of %s below %.0f bpm (aerobic threshold%s), avg %.0f bpm",
		100*(1-b.share(b.aet)), minutes(b.total), b.aet, b.zone(b.aet), avg)
	if !steady {
		c.Reason += fmt.Sprintf(", %d bouts below the threshold level", len(st.Intervals))
	}
	return c
}

// sprints reports whether st holds a sprint set, with its reason.
func sprints(st *Structure, th classThresholds) (string, bool) {
	ivs := st.Intervals
	if len(ivs) < th.SprintBouts || th.SprintBouts <= 0 || (st.Source != sourcePower && st.Source != sourceSpeed) {
		return "", false
	}
	if !(st.Base > 0) {
		return "", false
	}
	d := medianDuration(ivs)
	lv := make([]float64, len(ivs))
	unit, f := "W", "%.0f"
	for i, iv := range ivs {
		if st.Source == sourcePower {
			lv[i] = iv.AvgPower
		} else {
			lv[i] = iv.AvgSpeed
		}
	}
	if st.Source == sourceSpeed {
		unit, f = "m/s", "%.1f"
	}
	level := median(lv)
	if d > th.SprintMaxBout || !(level >= th.SprintRatio*st.Base) {
		return "", false
	}
	return fmt.Sprintf("%d bouts of %s at "+f+" %s, %.1f× the "+f+" %s base (sprints from %s)",
		len(ivs), clock(d), level, unit, level/st.Base, st.Base, unit, st.Source), true
}

// bands are a session's heart-rate time by level, with the athlete's
// levels in bpm.
type bands struct {
	hist  []float64 // time per bpm, or nil
	zones *classInput
	// zone edges for the ZoneSeconds fallback: [lo, hi) per zone
	edges [6]float64
	total float64
	ok    bool
	// Levels, bpm.
	aet, hard, vo2, recovery, raceAvg float64
}

func newBands(in classInput, st *Structure, th classThresholds) *bands {
	b := &bands{hist: st.HRHist, zones: &in}
	if b.hist != nil {
		for _, w := range b.hist {
			b.total += w
		}
	} else {
		for _, w := range in.ZoneSeconds {
			if w > 0 {
				b.total += w
			}
		}
	}
	mx, rest, lthr := in.HRMax, in.HRRest, in.LTHR
	if !(lthr > 0) && mx > 0 && rest > 0 {
		lthr = rest + th.LTHRFrac*(mx-rest)
	}
	if !(mx > 0) || !(rest > 0) || !(lthr > 0) || mx <= rest {
		return b
	}
	off := 0.0
	if strings.EqualFold(in.Sport, SportSwim) {
		off = th.SwimOffset
	}
	b.ok = true
	b.aet = th.AeTFrac*lthr - off
	b.hard = th.Hard*lthr - off
	b.vo2 = lthr + th.VO2Frac*(mx-lthr) - off
	b.recovery = rest + th.RecoveryHRR*(mx-rest) - off
	b.raceAvg = th.RaceAvg*lthr - off
	if b.hist == nil {
		z := in.Zones.Low
		b.edges[0] = rest
		for i := 1; i < 5; i++ {
			b.edges[i] = z[i]
		}
		b.edges[5] = mx
		if !(z[4] < mx) {
			b.edges[5] = z[4] + 10
		}
	}
	return b
}

// above returns the heart-rate time at or above hr bpm.
func (b *bands) above(hr float64) float64 {
	if b.hist != nil {
		var t float64
		for i := max(0, int(math.Ceil(hr))); i < len(b.hist); i++ {
			t += b.hist[i]
		}
		return t
	}
	var t float64
	for z := 0; z < 5; z++ {
		w := b.zones.ZoneSeconds[z]
		if !(w > 0) {
			continue
		}
		lo, hi := b.edges[z], b.edges[z+1]
		switch {
		case hr <= lo:
			t += w
		case hr < hi && hi > lo:
			t += w * (hi - hr) / (hi - lo)
		}
	}
	return t
}

// share returns the share of heart-rate time at or above hr.
func (b *bands) share(hr float64) float64 {
	if b.total <= 0 {
		return 0
	}
	return b.above(hr) / b.total
}

// mean returns the mean heart rate from the histogram (or the zones'
// midpoints).
func (b *bands) mean() float64 {
	var s float64
	if b.hist != nil {
		for i, w := range b.hist {
			s += float64(i) * w
		}
	} else {
		for z := 0; z < 5; z++ {
			if w := b.zones.ZoneSeconds[z]; w > 0 {
				s += w * (b.edges[z] + b.edges[z+1]) / 2
			}
		}
	}
	if b.total <= 0 {
		return nan
	}
	return s / b.total
}

// zone returns ", zone N" for the zone of hr bpm (rounded, as printed)
// under the session's zones, or "" when the zones are not set.
func (b *bands) zone(hr float64) string {
	z := &b.zones.Zones
	if !(z.Low[4] > 0) {
		return ""
	}
	return fmt.Sprintf(", zone %d", z.Of(math.Round(hr))+1)
}

func medianDuration(ivs []Interval) float64 {
	d := make([]float64, len(ivs))
	for i, iv := range ivs {
		d[i] = iv.Duration
	}
	return median(d)
}

func meanHR(ivs []Interval) float64 {
	var s, w float64
	for _, iv := range ivs {
		if valid(iv.AvgHR) {
			s += iv.AvgHR * iv.Duration
			w += iv.Duration
		}
	}
	if w == 0 {
		return nan
	}
	return s / w
}

// median returns the median of xs (NaN skipped; NaN when none). It sorts a
// copy.
func median(xs []float64) float64 {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if valid(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return nan
	}
	sort.Float64s(v)
	m := len(v) / 2
	if len(v)%2 == 1 {
		return v[m]
	}
	return (v[m-1] + v[m]) / 2
}

// clock formats seconds as m:ss (or h:mm:ss).
func clock(sec float64) string {
	s := int(math.Round(sec))
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// minutes formats seconds as "52 min".
func minutes(sec float64) string { return fmt.Sprintf("%.0f min", sec/60) }

// locomotion holds the sports whose recordings are workouts however short
// and easy: an HRV reading is recorded sitting or lying.
var locomotion = map[string]bool{
	"running": true, "cycling": true, "swimming": true, "walking": true, "hiking": true,
	"rowing": true, "transition": true, "cross_country_skiing": true, "e_biking": true,
	"multisport": true, "paddling": true, "stand_up_paddleboarding": true,
}

// reading reports whether the session is an HRV reading rather than a
// workout (see classThresholds.ReadingMax), with the reason.
func reading(in classInput, th classThresholds) (string, bool) {
	ceiling := in.HRRest + th.ReadingHRR*(in.HRMax-in.HRRest)
	switch {
	case locomotion[in.Sport], in.RRIntervals == 0,
		!(in.Timer > 0 && in.Timer <= th.ReadingMax),
		!(in.AvgHR < ceiling),
		in.Distance >= th.ReadingDistance: // NaN distance: stationary
		return "", false
	}
	return fmt.Sprintf("HRV reading, not a workout: %s at rest (avg %.0f bpm, under %.0f) with %d RR intervals",
		clock(in.Timer), in.AvgHR, ceiling, in.RRIntervals), true
}
