package analysis

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/approx"
)

// oneDay is a model of three days whose last day has the values given;
// the days before have none, so only day 2 counts.
type oneDay struct {
	owed, garmin     float64 // at the end of the day, h
	garminLatest     bool
	ctl, atl, acwr   float64
	monotony         float64
	ln, prev1, prev2 float64 // ln RMSSD of the day and the two before
	hrvMean, lo, hi  float64
	rest, rlo, rhi   float64
	sleep            float64
	// sleepH is the night's sleep time (0: none); hardBefore makes the
	// day before hard (a need of sleepNeedHard).
	sleepH     float64
	hardBefore bool
	wellness   bool
	trained    bool
}

func (o oneDay) model() *model {
	n := 3
	m := &model{first: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), n: n, firstWorkout: -1}
	m.owed, m.garmin, m.ctl, m.atl, m.acwr, m.monotony = nanSlice(n), nanSlice(n), nanSlice(n), nanSlice(n), nanSlice(n), nanSlice(n)
	m.ln, m.hrvMean, m.hrvLo, m.hrvHi = nanSlice(n), nanSlice(n), nanSlice(n), nanSlice(n)
	m.rest, m.restLo, m.restHi, m.sleep = nanSlice(n), nanSlice(n), nanSlice(n), nanSlice(n)
	m.garminLatest, m.hard, m.sessions = make([]bool, n), make([]string, n), make([]int, n)
	m.wellness, m.hrvDays = make([]int, n), make([]int, n)
	m.sleepH, m.gAcute, m.gChronic = nanSlice(n), nanSlice(n), nanSlice(n)
	m.garminReady = make([]*fitparse.GarminReadiness, n)
	i := 2
	if o.sleepH > 0 {
		m.sleepH[i] = o.sleepH
	}
	if o.hardBefore {
		m.hard[i-1] = "long session"
	}
	if o.trained {
		m.firstWorkout, m.sessions[0] = 0, 1
	}
	m.owed[i], m.garmin[i], m.garminLatest[i] = o.owed, o.garmin, o.garminLatest
	m.ctl[i], m.atl[i], m.acwr[i], m.monotony[i] = o.ctl, o.atl, o.acwr, o.monotony
	m.ln[0], m.ln[1], m.ln[2] = o.prev2, o.prev1, o.ln
	m.hrvMean[i], m.hrvLo[i], m.hrvHi[i] = o.hrvMean, o.lo, o.hi
	m.rest[i], m.restLo[i], m.restHi[i], m.sleep[i] = o.rest, o.rlo, o.rhi, o.sleep
	if o.wellness {
		m.wellness[i] = 1
	}
	m.hrvDays[i] = 40
	return m
}

// full is a day with every contributor, scored by hand:
// fatigue 24 h at 07:00 → 97 − 36 = 61; ACWR 1.4 → 70 and TSB −20 → 70,
// load balance 70; monotony 2.0 → 70; HRV z = (4.0 − 4.2)/0.2 = −1 → 80;
// resting HR +3 bpm → 85; sleep 70.
var full = oneDay{
	owed: 31, garmin: math.NaN(), ctl: 50, atl: 70, acwr: 1.4, monotony: 2,
	ln: 4.0, prev1: 4.1, prev2: 4.0, hrvMean: 4.0, lo: 4.1, hi: 4.3,
	rest: 53, rlo: 49, rhi: 51, sleep: 70, wellness: true, trained: true,
}

func TestReadinessScore(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	activity := full
	activity.rest, activity.sleep, activity.wellness = nan, nan, false
	normal := full
	normal.hrvMean, normal.owed, normal.acwr, normal.atl, normal.monotony = 4.2, 7, 1.0, 50, 1.2
	above := normal
	above.hrvMean = 4.4
	fell := normal
	fell.ln, fell.prev1, fell.prev2 = 4.0, 4.1, 4.2
	tired := full
	tired.owed, tired.sleep, tired.acwr, tired.atl, tired.hrvMean = 80, 20, 2.0, 110, 3.7
	garmin := normal
	garmin.garmin, garmin.garminLatest = 47, true
	noHRV := normal
	noHRV.hrvMean, noHRV.lo, noHRV.hi = nan, nan, nan

	for _, tt := range []struct {
		name     string
		day      oneDay
		score    float64
		weights  [6]float64
		set      WeightSet
		advice   Advice
		limiting []ContributorID
	}{
		// (25·61 + 15·70 + 5·70 + 25·80 + 10·85 + 20·70) / 100.
		{"all data", full, 71.75, [6]float64{25, 15, 5, 25, 10, 20}, weightsAllData, AdviceEasy,
			[]ContributorID{ContribFatigue, ContribSleep}},
		// (45·61 + 35·70 + 20·70 + 30·80) / 130, weights scaled to 100.
		{"activity files only", activity, 8995.0 / 130,
			[6]float64{4500.0 / 130, 3500.0 / 130, 2000.0 / 130, 3000.0 / 130, 0, 0}, weightsActivityOnly, AdviceEasy,
			[]ContributorID{ContribFatigue, ContribLoad}},
		// fatigue 0 h → 97; everything else 100 but resting HR 85, sleep 70.
		{"hrv normal", normal, (25*97 + 15*100 + 5*100 + 25*100 + 10*85 + 20*70) / 100.0,
			[6]float64{25, 15, 5, 25, 10, 20}, weightsAllData, AdviceHard, []ContributorID{ContribSleep, ContribRestingHR}},
		{"hrv above", above, (25*97 + 15*100 + 5*100 + 25*90 + 10*85 + 20*70) / 100.0,
			[6]float64{25, 15, 5, 25, 10, 20}, weightsAllData, AdviceModerate, []ContributorID{ContribSleep, ContribHRV}},
		{"hrv fell two days", fell, (25*97 + 15*100 + 5*100 + 25*100 + 10*85 + 20*70) / 100.0,
			[6]float64{25, 15, 5, 25, 10, 20}, weightsAllData, AdviceEasy, []ContributorID{ContribSleep, ContribRestingHR}},
		// fatigue 73 h → 0; ACWR 2.0 → 0, TSB −60 → 0; HRV z −2.5 → 20;
		// sleep 20.
		{"tired", tired, (25*0 + 15*0 + 5*70 + 25*20 + 10*85 + 20*20) / 100.0,
			[6]float64{25, 15, 5, 25, 10, 20}, weightsAllData, AdviceRest, []ContributorID{ContribFatigue, ContribHRV}},
		// Garmin's 40 h at 07:00 → 37 replaces our 0 h.
		{"garmin", garmin, (25*37 + 15*100 + 5*100 + 25*100 + 10*85 + 20*70) / 100.0,
			[6]float64{25, 15, 5, 25, 10, 20}, weightsAllData, AdviceModerate, []ContributorID{ContribFatigue, ContribSleep}},
		// HRV dropped: 25 + 15 + 5 + 10 + 20 = 75 of the weight.
		{"no HRV", noHRV, (25*97 + 15*100 + 5*100 + 10*85 + 20*70) / 75.0,
			[6]float64{100 * 25 / 75.0, 100 * 15 / 75.0, 100 * 5 / 75.0, 0, 100 * 10 / 75.0, 100 * 20 / 75.0}, weightsAllData,
			AdviceHard, []ContributorID{ContribSleep, ContribRestingHR}},
		{"nothing", oneDay{owed: nan, garmin: nan, ctl: nan, atl: nan, acwr: nan, monotony: nan, ln: nan, prev1: nan,
			prev2: nan, hrvMean: nan, lo: nan, hi: nan, rest: nan, rlo: nan, rhi: nan, sleep: nan},
			nan, [6]float64{}, weightsActivityOnly, NoAdvice, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.day.model()
			r := m.readiness(2)
			if !sameFloat(r.score, tt.score) {
				t.Errorf("score %v, want %v (sub-scores %v)", r.score, tt.score, r.sub)
			}
			for k := range r.weight {
				if !sameFloat(r.weight[k], tt.weights[k]) {
					t.Errorf("weights %v, want %v", r.weight, tt.weights)
					break
				}
			}
			if r.set != tt.set || r.advice != tt.advice {
				t.Errorf("weights %q advice %q, want %q %q", r.set, r.advice, tt.set, tt.advice)
			}
			x := m.explain(2, r)
			if !slices.Equal(x.Limiting, tt.limiting) {
				t.Errorf("limiting %v, want %v", x.Limiting, tt.limiting)
			}
			if x.Band != BandOf(tt.score) || len(x.Contributors) != 6 || x.AdviceReason == "" || x.CannotSee == "" || x.Sleep == "" {
				t.Errorf("explained: %+v", x)
			}
		})
	}
}

func sameFloat(a, b float64) bool {
	if math.IsNaN(b) {
		return math.IsNaN(a)
	}
	return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b))
}

func TestSubScores(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		f    func(float64) float64
		x    float64
		want float64
	}{
		{"fatigue 0 h", fatigueScore, 0, 97},
		{"fatigue 20 h", fatigueScore, 20, 67},
		{"fatigue 96 h", fatigueScore, 96, 0},
		{"ACWR 0.5", acwrScore, 0.5, 85},
		{"ACWR 1.0", acwrScore, 1.0, 100},
		{"ACWR 1.5", acwrScore, 1.5, 40},
		{"ACWR 1.75", acwrScore, 1.75, 20},
		{"ACWR 2.5", acwrScore, 2.5, 0},
		{"TSB +10", tsbScore, 10, 100},
		{"TSB −30", tsbScore, -30, 40},
		{"TSB −40", tsbScore, -40, 20},
		{"TSB −60", tsbScore, -60, 0},
		{"monotony 1.2", monotonyScore, 1.2, 100},
		{"monotony 2.5", monotonyScore, 2.5, 40},
		{"HRV z −0.5", hrvScore, -0.5, 100},
		{"HRV z −2", hrvScore, -2, 40},
		{"HRV z +1", hrvScore, 1, 90},
		{"rest +2", restScore, 2, 100},
		{"rest +5", restScore, 5, 55},
		{"rest −12", restScore, -12, 100},
	} {
		if got := tt.f(tt.x); !sameFloat(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	for score, want := range map[float64]Band{67: bandReady, 66.9: bandModerate, 34: bandModerate, 33: bandRecover} {
		if got := BandOf(score); got != want {
			t.Errorf("BandOf(%v) = %v, want %v", score, got, want)
		}
	}
}

// TestSleepTime checks the sleep contributor with the account export's
// sleep time: the mean of the score and the duration score against the
// need, the need an hour more after a hard day, and the time alone.
func TestSleepTime(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, tt := range []struct {
		name         string
		score, hours float64
		hard         bool
		want         float64
	}{
		{"score and enough sleep", 70, 7.5, false, (70 + 100) / 2.0},
		{"score and 6 h", 70, 6, false, (70 + 80) / 2.0},
		{"6 h after a hard day", 70, 6, true, (70 + 60) / 2.0},
		{"time alone", nan, 5, false, 60},
		{"score alone", 70, 0, false, 70},
		{"far too little", nan, 1, false, 0},
	} {
		m := oneDay{owed: nan, garmin: nan, ctl: nan, atl: nan, acwr: nan, monotony: nan, ln: nan, prev1: nan,
			prev2: nan, hrvMean: nan, lo: nan, hi: nan, rest: nan, rlo: nan, rhi: nan, sleep: tt.score,
			sleepH: tt.hours, hardBefore: tt.hard, wellness: true}.model()
		r := m.readiness(2)
		if got := r.sub[ContribSleep]; !approx.Equal(got, tt.want, 1e-9, 0) {
			t.Errorf("%s: sleep sub-score %v, want %v", tt.name, got, tt.want)
		}
		x := m.explain(2, r)
		if note := x.Contributors[ContribSleep].Note; tt.hours > 0 && !strings.Contains(note, "h of sleep") {
			t.Errorf("%s: note %q does not give the sleep time", tt.name, note)
		}
	}
}

// TestGarminNote checks the line that explains a disagreement with
// Garmin's Training Readiness: none under GarminDisagree points; ours
// lower, our lowest contributors and Garmin's highest factors; ours
// higher, the other way round.
func TestGarminNote(t *testing.T) {
	t.Parallel()
	g := &fitparse.GarminReadiness{Score: 80, Level: "HIGH", Sleep: 90, SleepHistory: 20, HRV: 95,
		RecoveryTime: 60, ACWR: 70, StressHistory: 50}
	base := func(score float64) *Readiness {
		return &Readiness{Score: score, Garmin: g, Contributors: []Contributor{
			{ID: ContribFatigue, Score: 30, Weight: 25}, {ID: ContribHRV, Score: 90, Weight: 25},
			{ID: ContribSleep, Score: 50, Weight: 20}, {ID: ContribLoad, Score: nan, Weight: 0}}}
	}
	if n := garminNote(base(70)); n != "" {
		t.Errorf("10 points apart: note %q, want none", n)
	}
	lower := garminNote(base(45))
	for _, want := range []string{"ours 45, Garmin's 80 (high)", "residual fatigue 30/100", "sleep 50/100", "HRV 95 %", "sleep 90 %"} {
		if !strings.Contains(lower, want) {
			t.Errorf("ours lower: %q lacks %q", lower, want)
		}
	}
	g2 := *g
	g2.Score = 20
	r := base(75)
	r.Garmin = &g2
	higher := garminNote(r)
	for _, want := range []string{"ours 75, Garmin's 20", "HRV 90/100", "sleep history 20 %"} {
		if !strings.Contains(higher, want) {
			t.Errorf("ours higher: %q lacks %q", higher, want)
		}
	}
}

// TestReturnedFrom: a workout in the ReturnWindowDays up to the day after
// ReturnGapDays or more days without one is a return; the advice is then
// moderate at most.
func TestReturnedFrom(t *testing.T) {
	t.Parallel()
	m := &model{n: 80, sessions: make([]int, 80)}
	for _, d := range []int{0, 1, 2, 3, 10, 25, 27, 50, 64} {
		m.sessions[d] = 1
	}
	for _, c := range []struct {
		day, gap, ago int
	}{
		{3, 0, 0},   // no break yet
		{10, 0, 0},  // 6 days without: no break
		{25, 14, 0}, // 14 days without (11–24): back on day 25
		{40, 14, 15},
		{49, 14, 24}, // day 27 after 1 day without; day 25 still in the window
		{50, 22, 0},  // 22 days without (28–49): the latest return counts
		{70, 22, 20}, // day 64 after 13 days without: no break; day 50 is still in the window
		{77, 22, 27}, // the last day of day 50's window
		{78, 0, 0},   // day 50 is 28 days back
	} {
		gap, ago := returnedFrom(m.lastWorkout, c.day)
		if gap != c.gap || ago != c.ago {
			t.Errorf("day %d: returned from %d days %d days ago, want %d and %d", c.day, gap, ago, c.gap, c.ago)
		}
	}
	r := dayReadiness{score: 90, hrv: RangeNormal, backFrom: 20, backAgo: 3}
	for k := range r.weight {
		r.weight[k], r.sub[k] = 10, 90
	}
	if a := r.adviceFor(); a != AdviceModerate {
		t.Errorf("ready, back from a break: advice %v, want moderate", a)
	}
	r.backFrom = 0
	if a := r.adviceFor(); a != AdviceHard {
		t.Errorf("ready, no break: advice %v, want hard", a)
	}
}
