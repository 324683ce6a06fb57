// Package sanity checks a built block for numbers no athlete should ever
// see: the plausibility rules of the data-quality layer, stated once more
// from the outside, as a test oracle.
//
// [Check] is run by the tests on every real file and on whole folders of
// them; it knows nothing of how analysis computed the numbers, only what a
// coach or a sports dietitian would accept. The limits here are the
// failure lines (wider than the limits analysis applies), so a check that
// fires means a rule of analysis is missing or broken.
package sanity

import (
	"fmt"
	"math"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// The failure lines of the checks.
const (
	// TRIMPPerHour and HRSSPerHour bound a session's load per hour of
	// heart-rate time (Banister TRIMP is at most about 262 an hour at
	// HRmax; an HRSS above 250 an hour needs a threshold far too low).
	TRIMPPerHour = 300
	HRSSPerHour  = 250
	// DrinkL and DrinkLH bound the drink-back advice, in all and per hour.
	DrinkL  = 6
	DrinkLH = 1.5
	// SodiumMg bounds the sodium to replace.
	SodiumMg = 8000
	// DeficitPct bounds a deficit presented as real, % of body mass.
	DeficitPct = 8
	// CarbsEnergy bounds the carbohydrate of a refuel plan as a multiple
	// of the active energy used, when it is more than CarbsFreeG grams.
	CarbsEnergy = 1.5
	CarbsFreeG  = 50
	// RatioMax bounds ACWR and monotony.
	RatioMax = 10
	// BreakDays: after this many days without a workout no advice may be
	// "hard" and no confidence above "low".
	BreakDays = 28
	// OverlapShare: two counted sessions of one sport family in different
	// files may overlap by at most this share of the shorter one.
	OverlapShare = 0.5
)

// Earliest is the first plausible day of any series.
var Earliest = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)

// Check returns one line per implausible value of b, naming where it is;
// nil when every value a user acts on is plausible.
func Check(b *analysis.Block) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	finite := func(where, name string, v float64) {
		if math.IsInf(v, 0) {
			bad("%s: %s is infinite", where, name)
		}
	}

	type span struct {
		where      string
		fam        string
		file       int
		start, end time.Time
	}
	var spans []span
	for fi := range b.Files {
		f := &b.Files[fi]
		for si := range f.Sessions {
			s := &f.Sessions[si]
			where := fmt.Sprintf("%s session %d", f.Path, s.Index+1)
			if s.Counted() && !s.Start.IsZero() {
				d := firstPositive(s.Elapsed, s.Timer, s.HRTime)
				spans = append(spans, span{where, family(s.Sport), fi, s.Start, s.Start.Add(time.Duration(d * float64(time.Second)))})
			}
			checkAthlete(bad, where, s)
			hours := firstPositive(s.HRTime, s.Timer, s.Elapsed) / 3600
			if hours > 0 && !s.LoadEstimated {
				if s.TRIMP/hours > TRIMPPerHour {
					bad("%s: TRIMP %.0f in %.2f h (%.0f an hour)", where, s.TRIMP, hours, s.TRIMP/hours)
				}
				if s.HRSS/hours > HRSSPerHour {
					bad("%s: HRSS %.0f in %.2f h (%.0f an hour)", where, s.HRSS, hours, s.HRSS/hours)
				}
			}
			for _, v := range []struct {
				name string
				v    float64
			}{{"TRIMP", s.TRIMP}, {"HRSS", s.HRSS}, {"Edwards", s.Edwards}} {
				finite(where, v.name, v.v)
				if v.v < 0 {
					bad("%s: %s %v is negative", where, v.name, v.v)
				}
			}
			checkFluid(bad, where, s.Fluid)
			checkRefuel(bad, where, s.Refuel)
		}
	}
	for i := range b.Events {
		where := fmt.Sprintf("%s multisport event %d", b.Events[i].Path, i+1)
		checkFluid(bad, where, b.Events[i].Fluid)
		checkRefuel(bad, where, b.Events[i].Refuel)
	}

	// Two counted recordings of one session.
	for i := range spans {
		for j := i + 1; j < len(spans); j++ {
			a, c := spans[i], spans[j]
			if a.fam != c.fam || a.file == c.file {
				continue
			}
			short := min(a.end.Sub(a.start), c.end.Sub(c.start))
			over := minTime(a.end, c.end).Sub(maxTime(a.start, c.start))
			if short > 0 && over > 0 && float64(over) > OverlapShare*float64(short) {
				bad("%s and %s: one %s session counted twice (overlap %.0f %% of the shorter)", a.where, c.where, a.fam,
					100*float64(over)/float64(short))
			}
		}
	}

	checkDays(bad, b)
	return out
}

func checkAthlete(bad func(string, ...any), where string, s *analysis.SessionSummary) {
	a := &s.Athlete
	if a.HRMax.Source == analysis.SourceNone {
		return // not analysed (a count-only block)
	}
	max, rest, lthr := a.HRMax.V, a.HRRest.V, a.LTHR.V
	if !(max >= 120 && max <= 230) {
		bad("%s: HRmax %v (%s) outside 120–230", where, max, a.HRMax.Source)
	}
	if !(rest >= 28 && rest <= 100) {
		bad("%s: resting HR %v (%s) outside 28–100", where, rest, a.HRRest.Source)
	}
	if lo, hi := rest+0.5*(max-rest), max; !(lthr >= lo && lthr < hi) {
		bad("%s: LTHR %v (%s) outside rest + 50 %% of the reserve (%.0f) to HRmax %.0f", where, lthr, a.LTHR.Source, lo, hi)
	}
	if s.Counted() {
		for _, avg := range []float64{s.TraceAvgHR, s.AvgHR} {
			if avg > max {
				bad("%s: average HR %.0f above the HRmax %.0f used", where, avg, max)
				break
			}
		}
	}
}

func checkFluid(bad func(string, ...any), where string, fl *analysis.FluidPlan) {
	if fl == nil || !fl.Estimable {
		return
	}
	for _, v := range []float64{fl.SweatLossL, fl.SweatRateLH, fl.DrinkL, fl.DrinkWithinH, fl.SodiumMg, fl.DeficitPctBM} {
		if math.IsInf(v, 0) || v < 0 {
			bad("%s: fluid value %v", where, v)
		}
	}
	if fl.DrinkL > DrinkL {
		bad("%s: drink back %.1f L (over %d L)", where, fl.DrinkL, DrinkL)
	}
	if fl.DrinkL > 0 && !(fl.DrinkWithinH > 0) {
		bad("%s: drink back %.1f L within %v h", where, fl.DrinkL, fl.DrinkWithinH)
	}
	if fl.DrinkL > 0 && fl.DrinkL/fl.DrinkWithinH > DrinkLH {
		bad("%s: drink back %.1f L within %.0f h (%.2f L/h, over %.1f)", where, fl.DrinkL, fl.DrinkWithinH, fl.DrinkL/fl.DrinkWithinH, DrinkLH)
	}
	if fl.SodiumMg > SodiumMg {
		bad("%s: sodium %.0f mg (over %d)", where, fl.SodiumMg, SodiumMg)
	}
	if fl.DeficitPctBM > DeficitPct {
		bad("%s: deficit %.1f %% of body mass presented as real", where, fl.DeficitPctBM)
	}
	if fl.NextTimeLH > DrinkLH {
		bad("%s: drink %.2f L/h next time", where, fl.NextTimeLH)
	}
}

func checkRefuel(bad func(string, ...any), where string, rf *analysis.RefuelPlan) {
	if rf == nil {
		return
	}
	total := rf.CarbsHighG
	if rf.PerHourForH > 0 {
		total *= rf.PerHourForH
	}
	if total > CarbsFreeG && !(4*total <= CarbsEnergy*rf.KcalBurned) {
		bad("%s: %.0f g carbohydrate after a session that used %.0f kcal", where, total, rf.KcalBurned)
	}
}

func checkDays(bad func(string, ...any), b *analysis.Block) {
	for _, first := range []struct {
		name string
		t    time.Time
	}{
		{"days", dayAt(len(b.Days), func(i int) time.Time { return b.Days[i].Date })},
		{"daily series", dayAt(len(b.Daily), func(i int) time.Time { return b.Daily[i].Date })},
		{"weeks", dayAt(len(b.Weeks), func(i int) time.Time { return b.Weeks[i].Start })},
	} {
		if !first.t.IsZero() && first.t.Before(Earliest) {
			bad("%s start on %s, before %d", first.name, first.t.Format(time.DateOnly), Earliest.Year())
		}
	}
	last := -1 // index of the last day with a workout (-1: the day before the first)
	for i := range b.Days {
		d := &b.Days[i]
		day := d.Date.Format(time.DateOnly)
		for _, v := range []struct {
			name string
			v    float64
		}{{"ACWR", d.ACWR}, {"ACWR EWMA", d.ACWREWMA}, {"monotony", d.Monotony}} {
			if v.v > RatioMax || v.v < 0 || math.IsInf(v.v, 0) {
				bad("%s: %s %v", day, v.name, v.v)
			}
		}
		for _, v := range []float64{d.CTL, d.ATL, d.TSB, d.Strain, d.Load, d.Readiness} {
			if math.IsInf(v, 0) {
				bad("%s: an infinite value", day)
			}
		}
		if d.Sessions > 0 {
			last = i
		}
		// Days without a workout: since the last, or since the first day.
		if idle := i - last; idle >= BreakDays && d.Advice == analysis.AdviceHard {
			bad("%s: advice hard after %d days without a workout", day, idle)
		}
	}
	if r := b.Readiness; r != nil && r.DaysSinceWorkout >= BreakDays {
		if r.Confidence != "low" || r.Advice == analysis.AdviceHard {
			bad("readiness on %s: %s confidence, advice %s, %d days after the last workout",
				r.Date.Format(time.DateOnly), r.Confidence, r.Advice, r.DaysSinceWorkout)
		}
	}
}

func dayAt(n int, at func(int) time.Time) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return at(0)
}

func firstPositive(vs ...float64) float64 {
	for _, v := range vs {
		if v > 0 && !math.IsInf(v, 0) {
			return v
		}
	}
	return 0
}

// family is the sport family of a session: running, cycling, swimming, or
// the sport itself.
func family(sport string) string {
	if k := analysis.SportKey(sport); k != analysis.SportOther {
		return k
	}
	return sport
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
