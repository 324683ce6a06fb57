package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis/load"
)

// This file scores readiness (docs/methods.md §6): six contributors scored
// 0–100, combined with weights re-weighted over those with data, a band,
// the advice for the next session and what the score cannot see.

// The readiness bands (WHOOP's published cut-offs): a score of ReadyMin or
// more is "ready", RecoverMax or less "recover", "moderate" between.
const (
	ReadyMin   = 67
	RecoverMax = 33
)

// Sub-scores (all ours, estimates fitted to the research's anchors):
//
//   - residual fatigue: 97 − 1.5 × hours owed at 07:00 the next morning,
//     fitted to two of Garmin's published readiness factors;
//   - load balance: the mean of an ACWR score (100 within 0.8–1.3, 85
//     below 0.8, down to 40 at 1.5 and 0 at 2.0) and a TSB score (100 from
//     −10 up, 40 at −30, 0 at −50);
//   - monotony: 100 up to 1.5, minus 60 per unit above;
//   - HRV: z = (7-day mean − 60-day mean) / 60-day SD; 100 for |z| ≤ 0.5
//     (the normal range), 90 above it, 100 − 40 per SD below −0.5;
//   - resting HR: 100 up to 2 bpm above the 60-day mean, minus 15 per bpm
//     beyond (Oura: 3–5 bpm above lowers readiness);
//   - sleep: Garmin's sleep score as it is and, with the account export's
//     sleep times, a duration score against the night's need (sleepNeedH,
//     one hour more after a hard or long day): 100 at the need or more,
//     minus sleepShortPerH for each hour short; with both, their mean.

func clamp100(x float64) float64 { return math.Min(100, math.Max(0, x)) }

// The sleep need and the duration score (ours, after the seed advice of
// 7–9 h, about an hour more after hard or long days): a night needs
// sleepNeedH hours, sleepNeedHard after a hard or long day; each hour
// short costs sleepShortPerH points of the duration score.
const (
	sleepNeedH     = 7.0
	sleepNeedHard  = 8.0
	sleepShortPerH = 20.0
)

// sleepTimeScore scores h hours of sleep against a need.
func sleepTimeScore(h, need float64) float64 {
	if !has(h) {
		return nan
	}
	return clamp100(100 - sleepShortPerH*math.Max(0, need-h))
}

// sleepNeed is the need of the night before day i: more after a hard day
// i-1.
func (m *model) sleepNeed(i int) float64 {
	if i > 0 && m.hard[i-1] != "" {
		return sleepNeedHard
	}
	return sleepNeedH
}

func fatigueScore(h float64) float64 { return clamp100(97 - 1.5*h) }

func acwrScore(a float64) float64 {
	switch {
	case math.IsNaN(a):
		return nan
	case a < 0.8:
		return 85
	case a <= 1.3:
		return 100
	case a <= 1.5:
		return 100 - 60*(a-1.3)/0.2
	}
	return clamp100(40 - 40*(a-1.5)/0.5)
}

func tsbScore(t float64) float64 {
	switch {
	case math.IsNaN(t):
		return nan
	case t >= -10:
		return 100
	case t >= -30:
		return 100 - 60*(-10-t)/20
	}
	return clamp100(40 - 40*(-30-t)/20)
}

func monotonyScore(m float64) float64 {
	if m <= load.MonotonyWarn {
		return 100
	}
	return clamp100(100 - 60*(m-load.MonotonyWarn))
}

func hrvScore(z float64) float64 {
	switch {
	case z > 0.5:
		return 90
	case z >= -0.5:
		return 100
	}
	return clamp100(100 - 40*(-z-0.5))
}

func restScore(diff float64) float64 {
	if diff <= 2 {
		return 100
	}
	return clamp100(100 - 15*(diff-2))
}

// dayReadiness is the readiness of one day in numbers.
type dayReadiness struct {
	value, sub, weight [numContributors]float64 // sub NaN: no data; weight in %
	set                WeightSet
	score              float64
	advice             Advice
	hrv                Range // the 7-day HRV against its normal range
	fell               bool  // HRV fell two days running
	fatigueH, garminH  float64
	acwr, tsb          float64
	hrvZ, restDiff     float64
	// since is the days since the last workout (-1 without one); idle
	// the days without a workout up to the day (since, or before the
	// first workout the days of the model); returning is set from
	// breakDays of them on.
	since, idle int
	returning   bool
	// backFrom is the days without a workout of the break the athlete
	// came back from in the ReturnWindowDays up to the day (a gap of more
	// than ReturnGapDays); backAgo the days since that first workout
	// back. Zero backFrom: no such break.
	backFrom, backAgo int
}

// returnedFrom returns the break (days without a workout, more than
// ReturnGapDays) after which a workout in the ReturnWindowDays up to day
// i came, and the days since that workout; zeros without one. last(k) is
// the last day with a workout at or before day k, -1 without one. The
// readiness caps its advice by it and the squad flags "returning" by it.
func returnedFrom(last func(k int) int, i int) (gap, ago int) {
	for j := last(i); j > 0 && i-j < ReturnWindowDays; {
		p := last(j - 1)
		if p < 0 {
			break
		}
		if j-p > ReturnGapDays {
			return j - p - 1, i - j
		}
		j = p
	}
	return 0, 0
}

// readiness scores day i: everything known at its end, for the next
// session.
func (m *model) readiness(i int) dayReadiness {
	var r dayReadiness
	for k := range r.sub {
		r.value[k], r.sub[k] = nan, nan
	}
	r.fatigueH, r.garminH, r.acwr, r.tsb, r.hrvZ, r.restDiff = nan, nan, nan, nan, nan, nan
	trained := m.firstWorkout >= 0 && m.firstWorkout <= i
	if trained {
		// At 07:00 the next morning, with what is known at the day's end.
		r.fatigueH = math.Max(0, m.owed[i]-7)
		if has(m.garmin[i]) {
			r.garminH = math.Max(0, m.garmin[i]-7)
		}
		h := r.fatigueH
		if m.garminLatest[i] && has(r.garminH) {
			h = r.garminH
		}
		r.value[ContribFatigue], r.sub[ContribFatigue] = h, fatigueScore(h)

		r.acwr, r.tsb = m.acwr[i], m.ctl[i]-m.atl[i]
		a, t := acwrScore(r.acwr), tsbScore(r.tsb)
		r.value[ContribLoad] = r.acwr
		switch {
		case has(a):
			r.sub[ContribLoad] = (a + t) / 2
		default:
			r.value[ContribLoad], r.sub[ContribLoad] = r.tsb, t
		}
		if mono := m.monotony[i]; has(mono) {
			r.value[ContribMonotony], r.sub[ContribMonotony] = mono, monotonyScore(mono)
		}
	}
	if mean, lo, hi := m.hrvMean[i], m.hrvLo[i], m.hrvHi[i]; has(mean) && has(lo) && has(hi) && hi > lo {
		base, sd := (lo+hi)/2, (hi-lo)/(2*defaultBaselines.SWC)
		r.hrvZ = (mean - base) / sd
		r.value[ContribHRV], r.sub[ContribHRV] = mean, hrvScore(r.hrvZ)
		r.hrv = RangeOf(mean, lo, hi)
	}
	if i >= 2 && has(m.ln[i]) && has(m.ln[i-1]) && has(m.ln[i-2]) && m.ln[i] < m.ln[i-1] && m.ln[i-1] < m.ln[i-2] {
		r.fell = true
	}
	if v, lo, hi := m.rest[i], m.restLo[i], m.restHi[i]; has(v) && has(lo) && has(hi) {
		r.restDiff = v - (lo+hi)/2
		r.value[ContribRestingHR], r.sub[ContribRestingHR] = v, restScore(r.restDiff)
	}
	score, dur := m.sleep[i], sleepTimeScore(m.sleepH[i], m.sleepNeed(i))
	switch {
	case has(score) && has(dur):
		r.value[ContribSleep], r.sub[ContribSleep] = score, (clamp100(score)+dur)/2
	case has(score):
		r.value[ContribSleep], r.sub[ContribSleep] = score, clamp100(score)
	case has(dur):
		r.value[ContribSleep], r.sub[ContribSleep] = m.sleepH[i], dur
	}

	r.set = weightsActivityOnly
	if m.wellness[i] > 0 {
		r.set = weightsAllData
	}
	ws := weights[r.set]
	var sum float64
	for k := range ws {
		if has(r.sub[k]) && ws[k] > 0 {
			sum += ws[k]
		}
	}
	r.score = nan
	if sum > 0 {
		var s float64
		for k := range ws {
			if has(r.sub[k]) && ws[k] > 0 {
				r.weight[k] = 100 * ws[k] / sum
				s += r.weight[k] * r.sub[k] / 100
			}
		}
		r.score = s
	}
	// Days without a workout: since the last one, or, before the first,
	// since the model began (a wellness history without training).
	r.since, r.idle = -1, i+1
	if lw := m.lastWorkout(i); lw >= 0 {
		r.since, r.idle = i-lw, i-lw
	}
	r.returning = r.idle >= breakDays
	r.backFrom, r.backAgo = returnedFrom(m.lastWorkout, i)
	r.advice = r.adviceFor()
	return r
}

// adviceFor applies the HRV-guided rules (Kiviniemi 2007, Vesterinen 2016)
// to the score: rest in the recover band; easy when HRV is below its
// normal range or fell two days running, and after breakDays or more
// without a workout (a gradual return); hard in the ready band when HRV
// is inside its normal range (or unknown), no contributor scores under
// 40 and the athlete is not in the first ReturnWindowDays after a break
// (the load is still being built back); moderate otherwise.
func (r *dayReadiness) adviceFor() Advice {
	switch {
	case math.IsNaN(r.score):
		return NoAdvice
	case r.score <= RecoverMax:
		return AdviceRest
	case r.hrv == RangeBelow || r.fell || r.returning:
		return AdviceEasy
	case r.score >= ReadyMin && r.hrv != RangeAbove && r.lowest() >= 40 && r.backFrom == 0:
		return AdviceHard
	}
	return AdviceModerate
}

// lowest returns the lowest sub-score that carries weight.
func (r *dayReadiness) lowest() float64 {
	low := 100.0
	for k := range r.sub {
		if r.weight[k] > 0 {
			low = math.Min(low, r.sub[k])
		}
	}
	return low
}

// explain turns day i's numbers into the Readiness with its notes.
func (m *model) explain(i int, r dayReadiness) *Readiness {
	out := &Readiness{
		Date:                m.first.AddDate(0, 0, i),
		Score:               r.score,
		Band:                BandOf(r.score),
		Advice:              r.advice,
		Weights:             r.set,
		HRVDays:             m.hrvDays[i],
		RecoveryOwedH:       r.fatigueH,
		GarminRecoveryOwedH: r.garminH,
		LoadMetric:          m.metric,
		LoadSeed:            m.seed,
		DaysSinceWorkout:    r.since,
		Returning:           r.returning,
	}
	if m.firstWorkout >= 0 && m.firstWorkout <= i {
		out.LoadDays = i - m.firstWorkout + 1
	}
	out.Contributors = make([]Contributor, numContributors)
	ws := weights[r.set]
	for k := range out.Contributors {
		c := Contributor{ID: ContributorID(k), Value: r.value[k], Score: r.sub[k], Weight: r.weight[k]}
		m.note(&c, i, &r)
		if has(r.sub[k]) && ws[k] == 0 {
			c.Note += "; not weighted with " + r.set.String()
		}
		out.Contributors[k] = c
	}

	// The two contributors pulling the score down most: the largest
	// weighted shortfall from 100.
	type pull struct {
		id   ContributorID
		loss float64
	}
	var pulls []pull
	for k := range r.sub {
		if r.weight[k] > 0 && r.sub[k] < 100 {
			pulls = append(pulls, pull{ContributorID(k), r.weight[k] * (100 - r.sub[k])})
		}
	}
	sort.SliceStable(pulls, func(a, b int) bool { return pulls[a].loss > pulls[b].loss })
	for k := 0; k < len(pulls) && k < 2; k++ {
		out.Limiting = append(out.Limiting, pulls[k].id)
	}

	out.Confidence, out.ConfidenceNote = m.confidence(i, &r, out)
	out.AdviceReason = m.adviceReason(&r)
	out.Sleep = m.sleepAdvice(i)
	cannot := "illness, life stress, nutrition, strength work and muscle soreness; not a medical device"
	if r.set == weightsActivityOnly {
		cannot += "; without wellness files it sees no sleep or resting HR"
	}
	out.CannotSee = cannot
	out.Garmin = m.garminReady[i]
	out.GarminNote = garminNote(out)
	return out
}

// garminNote explains a difference of GarminDisagree points or more
// between our score and Garmin's Training Readiness: our contributors
// that pull ours the other way (the lowest when ours is lower, the
// highest when it is higher) and Garmin's factors likewise.
func garminNote(out *Readiness) string {
	g := out.Garmin
	if g == nil || !has(g.Score) || !has(out.Score) || math.Abs(out.Score-g.Score) < GarminDisagree {
		return ""
	}
	lower := out.Score < g.Score
	type item struct {
		name string
		v    float64
	}
	var ours []item
	for _, c := range out.Contributors {
		if c.Weight > 0 && has(c.Score) {
			ours = append(ours, item{c.ID.String(), c.Score})
		}
	}
	var theirs []item
	for _, f := range []item{{"sleep", g.Sleep}, {"recovery time", g.RecoveryTime}, {"acute load", g.ACWR},
		{"stress history", g.StressHistory}, {"HRV", g.HRV}, {"sleep history", g.SleepHistory}} {
		if has(f.v) {
			theirs = append(theirs, f)
		}
	}
	order := func(xs []item, ascending bool) {
		sort.SliceStable(xs, func(a, b int) bool {
			if ascending {
				return xs[a].v < xs[b].v
			}
			return xs[a].v > xs[b].v
		})
	}
	// Ours lower: our lowest contributors and Garmin's highest factors
	// explain it; ours higher: the other way round.
	order(ours, lower)
	order(theirs, !lower)
	list := func(xs []item, unit string) string {
		var parts []string
		for k := 0; k < len(xs) && k < 2; k++ {
			parts = append(parts, fmt.Sprintf("%s %.0f%s", xs[k].name, xs[k].v, unit))
		}
		return strings.Join(parts, ", ")
	}
	side, gSide := "lowest", "highest"
	if !lower {
		side, gSide = "highest", "lowest"
	}
	s := fmt.Sprintf("ours %.0f, Garmin's %.0f (%s): ", out.Score, g.Score, strings.ToLower(g.Level))
	if len(ours) > 0 {
		s += fmt.Sprintf("our %s contributors are %s", side, list(ours, "/100"))
	}
	if len(theirs) > 0 {
		if len(ours) > 0 {
			s += "; "
		}
		s += fmt.Sprintf("Garmin's %s factors are %s", gSide, list(theirs, " %"))
	}
	return s
}

// note fills a contributor's unit, baseline and note.
func (m *model) note(c *Contributor, i int, r *dayReadiness) {
	switch c.ID {
	case ContribFatigue:
		c.Unit, c.Baseline = "h", "0 h"
		switch {
		case math.IsNaN(c.Score):
			c.Note = "no workout yet"
		case m.garminLatest[i] && has(r.garminH):
			c.Note = fmt.Sprintf("owed at 07:00 tomorrow by Garmin's recovery time (our estimate %.0f h)", r.fatigueH)
		case has(r.garminH):
			c.Note = fmt.Sprintf("owed at 07:00 tomorrow, our estimate from load and intensity (Garmin's, from an older session: %.0f h)", r.garminH)
		default:
			c.Note = "owed at 07:00 tomorrow, our estimate from load and intensity (no Garmin recovery time)"
		}
	case ContribLoad:
		switch {
		case math.IsNaN(c.Score):
			c.Unit, c.Note = "ACWR", "no workout yet"
		case has(r.acwr):
			c.Unit, c.Baseline = "ACWR", "0.8–1.3"
			c.Note = fmt.Sprintf("7-day vs 21-day load %s; TSB %+.0f (%s); ACWR as an injury marker is contested (Impellizzeri 2020)",
				acwrWord(r.acwr), r.tsb, FormOf(r.tsb))
		default:
			c.Unit, c.Baseline = "TSB", "≥ −10"
			why := "ACWR needs 28 days of history"
			if i < len(m.acwrNote) && m.acwrNote[i] != "" {
				why = "no ACWR: " + m.acwrNote[i]
			}
			c.Note = fmt.Sprintf("TSB %+.0f (%s); %s", r.tsb, FormOf(r.tsb), why)
		}
	case ContribMonotony:
		c.Unit, c.Baseline = "ratio", "≤ 1.5"
		switch {
		case math.IsNaN(c.Score) && i >= 6:
			c.Note = "no load in the last 7 days"
		case math.IsNaN(c.Score):
			c.Note = "needs 7 days of history"
		case c.Value >= load.MonotonyFlag:
			c.Note = "7-day mean / SD of daily load: flagged (≥ 2.0, Foster)"
		case c.Value > load.MonotonyWarn:
			c.Note = "7-day mean / SD of daily load: warning (> 1.5, Foster)"
		default:
			c.Note = "7-day mean / SD of daily load: varied enough"
		}
	case ContribHRV:
		c.Unit = "ln ms"
		if lo, hi := m.hrvLo[i], m.hrvHi[i]; has(lo) && has(hi) {
			c.Baseline = fmt.Sprintf("%.2f–%.2f", lo, hi)
		}
		switch {
		case has(c.Score):
			c.Note = fmt.Sprintf("7-day mean ln RMSSD %s the 60-day normal range (z %+.1f SD)", rangeWord(r.hrv), r.hrvZ)
			if r.fell {
				c.Note += "; fell two days running"
			}
		case m.hrvDays[i] == 0:
			c.Note = "no HRV data (morning readings or Garmin overnight HRV)"
		default:
			c.Note = fmt.Sprintf("baseline calibrating: %d days with HRV in 60, needs %d (and 3 in the last 7)",
				m.hrvDays[i], defaultBaselines.LongMin)
		}
	case ContribRestingHR:
		c.Unit = "bpm"
		if lo, hi := m.restLo[i], m.restHi[i]; has(lo) && has(hi) {
			c.Baseline = fmt.Sprintf("%.1f", (lo+hi)/2)
		}
		switch {
		case has(c.Score):
			c.Note = fmt.Sprintf("today's resting HR %+.1f bpm against its 60-day mean", r.restDiff)
		case has(m.rest[i]):
			c.Note = "baseline calibrating (needs 14 days in 60)"
		default:
			c.Note = "no resting HR today"
		}
	case ContribSleep:
		c.Unit, c.Baseline = "/100", "≥ 80"
		h, need := m.sleepH[i], m.sleepNeed(i)
		switch {
		case has(m.sleep[i]) && has(h):
			c.Note = fmt.Sprintf("Garmin's sleep score of last night, with %.1f h of sleep against a need of %.0f h (%.0f)",
				h, need, sleepTimeScore(h, need))
		case has(m.sleep[i]):
			c.Note = "Garmin's sleep score of last night"
		case has(h):
			c.Unit, c.Baseline = "h", fmt.Sprintf("≥ %.0f h", need)
			c.Note = fmt.Sprintf("%.1f h of sleep last night against a need of %.0f h", h, need)
		default:
			c.Note = "no sleep score or sleep time for last night"
		}
	}
}

func acwrWord(a float64) string {
	switch {
	case a < 0.8:
		return fmt.Sprintf("%.2f, below the 0.8–1.3 range (detraining or taper)", a)
	case a <= 1.3:
		return fmt.Sprintf("%.2f, within 0.8–1.3", a)
	case a < 1.5:
		return fmt.Sprintf("%.2f, above 1.3", a)
	}
	return fmt.Sprintf("%.2f, high (≥ 1.5)", a)
}

func rangeWord(r Range) string {
	switch r {
	case RangeBelow, RangeAbove:
		return r.String()
	}
	return "within"
}

// confidence rates how much the score can be trusted: "high" with at least
// three quarters of the weight set's nominal weight backed by data, 28
// days of load, a workout in the last 28 days and a mature HRV baseline
// when HRV counts; "low" with less than half of it or under 14 days of
// load; "medium" otherwise.
func (m *model) confidence(i int, r *dayReadiness, out *Readiness) (string, string) {
	ws := weights[r.set]
	var nominal, backed float64
	var missing []string
	n := 0
	for k := range ws {
		if ws[k] == 0 {
			continue
		}
		nominal += ws[k]
		if has(r.sub[k]) {
			backed += ws[k]
			n++
		} else {
			missing = append(missing, ContributorID(k).String())
		}
	}
	if math.IsNaN(r.score) {
		return "low", "no contributor has data yet"
	}
	parts := []string{fmt.Sprintf("%d of %d contributors with data (%s weights)", n, countNonZero(ws), r.set)}
	if len(missing) > 0 {
		parts[0] += ", missing " + strings.Join(missing, ", ")
	}
	load := fmt.Sprintf("load history %d d (mature at 28)", out.LoadDays)
	parts = append(parts, load)
	hrvOK := true
	if has(r.sub[ContribHRV]) {
		parts = append(parts, fmt.Sprintf("HRV on %d of the last 60 days (mature from 14, best at 60)", out.HRVDays))
		hrvOK = out.HRVDays >= defaultBaselines.LongMin
	}
	recent := r.since >= 0 && !r.returning // a workout in the breakDays up to the day
	if r.returning {
		parts = append(parts, fmt.Sprintf("no workout in the last %d days", breakDays))
	}
	share := backed / nominal
	conf := "medium"
	switch {
	case share < 0.5 || out.LoadDays < 14 || r.returning:
		conf = "low"
	case share >= 0.75 && out.LoadDays >= 28 && hrvOK && recent:
		conf = "high"
	}
	return conf, strings.Join(parts, "; ")
}

func countNonZero(ws [numContributors]float64) int {
	n := 0
	for _, w := range ws {
		if w > 0 {
			n++
		}
	}
	return n
}

// adviceReason says why the advice is what it is.
func (m *model) adviceReason(r *dayReadiness) string {
	switch r.advice {
	case NoAdvice:
		return "no contributor has data yet"
	case AdviceRest:
		return fmt.Sprintf("score %.0f is in the recover band (≤ %d): rest or very light movement", r.score, RecoverMax)
	case AdviceEasy:
		if r.returning {
			return fmt.Sprintf("no workout for %d days: return gradually, with easy sessions first and the load built back over 2–4 weeks", r.idle)
		}
		if r.hrv == RangeBelow {
			return "the 7-day HRV is below its normal range: low intensity until it is back (Kiviniemi 2007, Vesterinen 2016)"
		}
		return "HRV fell two days running: low intensity today (Kiviniemi 2007)"
	case AdviceHard:
		if r.hrv == NoRange {
			return fmt.Sprintf("score %.0f is in the ready band; no HRV baseline, so no HRV check", r.score)
		}
		return fmt.Sprintf("score %.0f is in the ready band and HRV is inside its normal range", r.score)
	}
	switch {
	case r.hrv == RangeAbove && r.score >= ReadyMin:
		return "HRV is above its normal range (it can rise after heavy load, Plews 2012): no hard session"
	case r.backFrom > 0 && r.score >= ReadyMin && r.lowest() >= 40:
		return fmt.Sprintf("came back %d days ago after %d days without a workout: moderate, not hard, until the load is built back (%d days after the return, our estimate)",
			r.backAgo, r.backFrom, ReturnWindowDays)
	case r.score >= ReadyMin:
		return "a contributor scores under 40: keep it moderate"
	}
	return fmt.Sprintf("score %.0f is in the moderate band (%d–%d)", r.score, RecoverMax+1, ReadyMin-1)
}

// sleepAdvice is the sleep advice for the night after day i: 7–9 h, about
// 60 min more after a hard day (the seed article; our reading of it).
func (m *model) sleepAdvice(i int) string {
	s := "7–9 h tonight"
	if h := m.hard[i]; h != "" {
		s = "8–10 h tonight: 7–9 h plus about 60 min after today's " + h
	}
	if v := m.sleep[i]; has(v) && v < 60 {
		s += fmt.Sprintf("; last night's sleep score %.0f was poor", v)
	}
	if h, need := m.sleepH[i], m.sleepNeed(i); has(h) && h < need-0.5 {
		s += fmt.Sprintf("; last night %.1f h, under the %.0f h needed", h, need)
	}
	return s
}

// DayOn returns the day of b.Days on d's calendar date, or nil when
// b.Days does not hold it.
func (b *Block) DayOn(d time.Time) *Day {
	d = civilDay(d)
	for i := range b.Days {
		if b.Days[i].Date.Equal(d) {
			return &b.Days[i]
		}
	}
	return nil
}
