package analysis

import (
	"math"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/internal/realfit"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// weekMean returns the mean readiness of the 7 days from monday.
func weekMean(t *testing.T, b *Block, monday string) float64 {
	t.Helper()
	var sum float64
	for i := range 7 {
		d := b.DayOn(date(monday).AddDate(0, 0, i))
		if d == nil || math.IsNaN(d.Readiness) {
			t.Fatalf("no readiness on %s + %d days", monday, i)
		}
		sum += d.Readiness
	}
	return sum / 7
}

// TestBlockModelBlock runs the generated training block: 9 weeks from
// 2026-08-31 with an overload week (2026-10-05..11), a two-week taper and
// a half marathon on 2026-11-01, morning HRV readings every day and Garmin
// wellness files in weeks 5–7.
func TestBlockModelBlock(t *testing.T) {
	t.Parallel()
	files := scanBlock(t)
	b := Build(files, Options{AsOf: date("2026-11-02")})
	if n := len(b.Days); n != 64 || !b.Days[0].Date.Equal(date("2026-08-31")) || !b.Days[n-1].Date.Equal(date("2026-11-02")) {
		t.Fatalf("%d days from %v to %v, want 2026-08-31 to the as-of day 2026-11-02", n, b.Days[0].Date, b.Days[n-1].Date)
	}
	if len(b.Weeks) != 10 || !b.Weeks[0].Start.Equal(date("2026-08-31")) || !b.LastData.Equal(date("2026-11-01")) || b.Stale {
		t.Fatalf("%d weeks from %v, last data %v", len(b.Weeks), b.Weeks[0].Start, b.LastData)
	}

	// The daily load is the TRIMP of the day's workouts, readings left out.
	var trimp, dayLoad, weekLoad float64
	var workouts, sessions int
	for _, f := range b.Files {
		for _, s := range f.Sessions {
			if s.Class.Reading {
				if s.SeilerFrom != "" {
					t.Errorf("HRV reading %v with a Seiler split", s.Start)
				}
				continue
			}
			workouts++
			trimp += s.TRIMP
			if s.HRTime > 0 {
				sum := s.Seiler[0] + s.Seiler[1] + s.Seiler[2]
				if math.Abs(sum-s.HRTime) > 1e-6 || s.SeilerFrom == "" {
					t.Errorf("session %v: Seiler %v (%q) adds to %v, want the HR time %v", s.Start, s.Seiler, s.SeilerFrom, sum, s.HRTime)
				}
			}
		}
	}
	for _, d := range b.Days {
		dayLoad += d.Load
		sessions += d.Sessions
	}
	for _, w := range b.Weeks {
		weekLoad += w.Load
	}
	if workouts != sessions || math.Abs(trimp-dayLoad) > 1e-6 || math.Abs(dayLoad-weekLoad) > 1e-6 {
		t.Errorf("%d workouts with TRIMP %v; days have %d sessions, load %v; weeks load %v", workouts, trimp, sessions, dayLoad, weekLoad)
	}

	// Readiness falls through the overload week and recovers in the taper.
	before, overload := weekMean(t, b, "2026-09-28"), weekMean(t, b, "2026-10-05")
	taper1, taper2 := weekMean(t, b, "2026-10-19"), weekMean(t, b, "2026-10-26")
	t.Logf("weekly readiness: before %.1f, overload %.1f, taper %.1f and %.1f", before, overload, taper1, taper2)
	if !(overload < before-10 && taper1 > overload+10 && taper2 > overload+10) {
		t.Errorf("weekly readiness: before %.1f, overload %.1f, taper %.1f and %.1f", before, overload, taper1, taper2)
	}
	if start, end := b.DayOn(date("2026-10-04")).Readiness, b.DayOn(date("2026-10-10")).Readiness; !(end < start-20) {
		t.Errorf("readiness %.1f before the overload week, %.1f at its end", start, end)
	}
	ow := b.Weeks[5]
	if !ow.Start.Equal(date("2026-10-05")) || !(ow.Load > 1.4*b.Weeks[4].Load) || !(ow.Monotony > load.MonotonyFlag) {
		t.Errorf("overload week %v: load %.0f (week before %.0f), monotony %.2f", ow.Start, ow.Load, b.Weeks[4].Load, ow.Monotony)
	}

	// The HRV-guided advice: never hard, and easy (or rest) whenever the
	// morning HRV's 7-day mean is below its normal range.
	below := 0
	for _, dd := range b.Daily {
		d := b.DayOn(dd.Date)
		if math.IsNaN(dd.HRVMean7) || math.IsNaN(dd.HRVLow) || dd.HRVMean7 >= dd.HRVLow {
			continue
		}
		below++
		if d.Advice != AdviceEasy && d.Advice != AdviceRest {
			t.Errorf("%s: HRV below its normal range, advice %q", dd.Date.Format(time.DateOnly), d.Advice)
		}
	}
	if d := b.DayOn(date("2026-10-07")); below < 10 || d.Advice != AdviceEasy {
		t.Errorf("%d days with HRV below; advice on 2026-10-07 (HRV first below in the overload week) %q", below, d.Advice)
	}
	if d := b.DayOn(date("2026-10-04")); d.Advice != AdviceHard {
		t.Errorf("advice on 2026-10-04, before the overload week: %q, want hard", d.Advice)
	}

	// Race day: the taper made the form fresh, fitness kept.
	race := b.DayOn(date("2026-11-01"))
	t.Logf("race day: CTL %.1f ATL %.1f TSB %+.1f (%s)", race.CTL, race.ATL, race.TSB, race.Form)
	if race.Form != formFresh || !(race.CTL > 60) || b.DayOn(date("2026-10-12")).Form != formOverload {
		t.Errorf("race day: CTL %.1f TSB %.1f %s", race.CTL, race.TSB, race.Form)
	}

	r := b.Readiness
	if r == nil || !r.Date.Equal(date("2026-11-02")) || r.Score != b.Days[63].Readiness || len(r.Contributors) != 6 ||
		r.Weights != weightsAllData || len(r.Limiting) != 2 {
		t.Fatalf("readiness %+v", r)
	}
	// The race (Garmin's recovery time) is the latest workout.
	if r.Contributors[0].Value != r.GarminRecoveryOwedH || math.IsNaN(r.RecoveryOwedH) {
		t.Errorf("residual fatigue %v h, Garmin's %v h, ours %v h", r.Contributors[0].Value, r.GarminRecoveryOwedH, r.RecoveryOwedH)
	}
}

// TestBlockModelFilter: the dates of the filter choose the days and weeks
// shown; the model still uses the history before them. HRSS can replace
// TRIMP.
func TestBlockModelFilter(t *testing.T) {
	t.Parallel()
	files := scanBlock(t)
	full := Build(files, Options{AsOf: date("2026-11-02")})
	part := Build(files, Options{AsOf: date("2026-11-02"),
		Filter: Filter{Since: date("2026-10-07"), Until: date("2026-10-20")}})
	if len(part.Days) != 14 || !part.Days[0].Date.Equal(date("2026-10-07")) {
		t.Fatalf("%d days from %v", len(part.Days), part.Days[0].Date)
	}
	for _, d := range part.Days {
		f := full.DayOn(d.Date)
		if d.CTL != f.CTL || d.ACWR != f.ACWR || d.Readiness != f.Readiness || d.Load != f.Load {
			t.Errorf("%s: filtered CTL %v ACWR %v readiness %v, unfiltered %v %v %v", d.Date.Format(time.DateOnly),
				d.CTL, d.ACWR, d.Readiness, f.CTL, f.ACWR, f.Readiness)
		}
	}
	if len(part.Weeks) != 3 || !part.Weeks[0].Start.Equal(date("2026-10-05")) || part.Weeks[0].Load != full.Weeks[5].Load {
		t.Errorf("weeks %d from %v", len(part.Weeks), part.Weeks[0].Start)
	}
	if part.Readiness.Score != full.Readiness.Score {
		t.Errorf("readiness %v with the filter, %v without", part.Readiness.Score, full.Readiness.Score)
	}

	hrss := Build(files, Options{AsOf: date("2026-11-02"), Load: LoadOptions{Metric: LoadHRSS}})
	var want, got float64
	for _, f := range hrss.Files {
		for _, s := range f.Sessions {
			if !s.Class.Reading {
				want += s.HRSS
			}
		}
	}
	for _, d := range hrss.Days {
		got += d.Load
	}
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("HRSS load %v, sessions' HRSS %v", got, want)
	}

	// An as-of day before any data: no model.
	if b := Build(files, Options{AsOf: date("2026-01-01")}); b.Days != nil || b.Readiness != nil {
		t.Errorf("as of 2026-01-01: %d days, readiness %v", len(b.Days), b.Readiness)
	}
}

// TestBlockModelReal: the real files of ../shared/fit (many athletes and
// years, one block) give finite values or documented NaNs and no panic.
func TestBlockModelReal(t *testing.T) {
	t.Parallel()
	dir := realfit.Dir(t)
	files := scanDir(t, dir)
	for _, asOf := range []time.Time{{}, date("2026-11-02")} {
		b := Build(files, Options{AsOf: asOf})
		if len(b.Days) == 0 || b.Readiness == nil {
			t.Fatalf("as of %v: %d days, readiness %v", asOf, len(b.Days), b.Readiness)
		}
		for i, d := range b.Days {
			for name, v := range map[string]float64{"load": d.Load, "CTL": d.CTL, "ATL": d.ATL, "TSB": d.TSB,
				"owed": d.RecoveryOwedH, "rest days": d.RestDays, "timer": d.Timer, "distance": d.Distance.Run + d.Distance.Bike} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("%s: %s is %v", d.Date.Format(time.DateOnly), name, v)
				}
			}
			for name, v := range map[string]float64{"ramp": d.Ramp, "ACWR": d.ACWR, "ACWR EWMA": d.ACWREWMA,
				"monotony": d.Monotony, "strain": d.Strain, "readiness": d.Readiness, "Garmin": d.GarminRecoveryOwedH} {
				noLoad := name == "monotony" && i >= 6 && weekLoad(b.Days[i-6:i+1]) == 0
				if math.IsInf(v, 0) || (name == "ramp" && i >= 7 || name == "monotony" && i >= 6 && !noLoad) && math.IsNaN(v) {
					t.Fatalf("%s: %s is %v", d.Date.Format(time.DateOnly), name, v)
				}
			}
		}
		for _, w := range b.Weeks {
			if math.IsInf(w.PolarizationIndex, 0) || math.IsNaN(w.Load) {
				t.Fatalf("week %v: PI %v load %v", w.Start, w.PolarizationIndex, w.Load)
			}
		}
		t.Logf("as of %v: %d days, %d weeks, readiness %.1f (%s, %s)", asOf.Format(time.DateOnly), len(b.Days),
			len(b.Weeks), b.Readiness.Score, b.Readiness.Band, b.Readiness.Confidence)
	}
}

// weekLoad sums the load of days.
func weekLoad(days []Day) float64 {
	sum := 0.0
	for _, d := range days {
		sum += d.Load
	}
	return sum
}
