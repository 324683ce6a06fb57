package sanity

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
)

// block returns a plausible block: one 1-h run with its plans, and two
// days of load.
func block() *analysis.Block {
	start := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
	s := analysis.SessionSummary{Session: fitparse.Session{Sport: "running", Start: start, Timer: 3600, Elapsed: 3600, AvgHR: 150}, Measures: analysis.Measures{HRTime: 3600, TraceAvgHR: 150}, Metrics: analysis.Metrics{TRIMP: 120, HRSS: 80, Edwards: 150, Athlete: analysis.SessionAthlete{HRValues: analysis.HRValues{
		HRMax:  analysis.Value{V: 190, Source: analysis.SourceDevice},
		HRRest: analysis.Value{V: 50, Source: analysis.SourceDevice},
		LTHR:   analysis.Value{V: 170, Source: analysis.SourceDevice},
	}}}, Plans: analysis.Plans{Fluid: &analysis.FluidPlan{Estimable: true, SweatLossL: 1, SweatRateLH: 1, DrinkL: 1.25, DrinkWithinH: 6,
		SodiumMg: 920, DeficitPctBM: 1.4, NextTimeLH: 0.7}, Refuel: &analysis.RefuelPlan{CarbsHighG: 84, KcalBurned: 800}}}
	return &analysis.Block{
		Files: []analysis.FileSummary{{Path: "a.fit", Sessions: []analysis.SessionSummary{s}}},
		Days: []analysis.Day{
			{Date: start.Truncate(24 * time.Hour), Sessions: 1, Load: 120, ACWR: 1.1, ACWREWMA: 1.2, Monotony: 1.3},
			{Date: start.Truncate(24*time.Hour).AddDate(0, 0, 1), ACWR: math.NaN(), ACWREWMA: math.NaN(), Monotony: math.NaN()},
		},
		Readiness: &analysis.Readiness{DaysSinceWorkout: 1, Confidence: "medium", Advice: analysis.AdviceModerate},
	}
}

// TestCheck: a plausible block passes, and each implausible value is
// caught by its rule.
func TestCheck(t *testing.T) {
	if p := Check(block()); len(p) > 0 {
		t.Fatalf("plausible block: %q", p)
	}
	sess := func(b *analysis.Block) *analysis.SessionSummary { return &b.Files[0].Sessions[0] }
	for _, c := range []struct {
		name string
		edit func(*analysis.Block)
		want string
	}{
		{"HRmax", func(b *analysis.Block) { sess(b).Athlete.HRMax.V = 110 }, "HRmax"},
		{"resting HR", func(b *analysis.Block) { sess(b).Athlete.HRRest.V = 20 }, "resting HR"},
		{"LTHR", func(b *analysis.Block) { sess(b).Athlete.LTHR.V = 46 }, "LTHR"},
		{"avg above HRmax", func(b *analysis.Block) { sess(b).AvgHR, sess(b).Athlete.HRMax.V = 170, 160 }, "above the HRmax"},
		{"TRIMP", func(b *analysis.Block) { sess(b).TRIMP = 400 }, "TRIMP"},
		{"HRSS", func(b *analysis.Block) { sess(b).HRSS = 1195 }, "HRSS"},
		{"drink in all", func(b *analysis.Block) { sess(b).Fluid.DrinkL, sess(b).Fluid.DrinkWithinH = 24.2, 24 }, "over 6 L"},
		{"drink rate", func(b *analysis.Block) { sess(b).Fluid.DrinkL, sess(b).Fluid.DrinkWithinH = 5, 2 }, "L/h"},
		{"sodium", func(b *analysis.Block) { sess(b).Fluid.SodiumMg = 14817 }, "sodium"},
		{"deficit", func(b *analysis.Block) { sess(b).Fluid.DeficitPctBM = 23 }, "deficit"},
		{"carbohydrate", func(b *analysis.Block) { sess(b).Refuel.CarbsHighG, sess(b).Refuel.KcalBurned = 79, 3 }, "carbohydrate"},
		{"ACWR", func(b *analysis.Block) { b.Days[0].ACWREWMA = 4.3e246 }, "ACWR"},
		{"monotony", func(b *analysis.Block) { b.Days[0].Monotony = -1 }, "monotony"},
		{"early days", func(b *analysis.Block) { b.Days[0].Date = time.Date(1989, 12, 31, 0, 0, 0, 0, time.UTC) }, "before 1995"},
		{"hard after a break", func(b *analysis.Block) {
			for i := range 30 {
				b.Days = append(b.Days, analysis.Day{Date: b.Days[1].Date.AddDate(0, 0, i+1), ACWR: math.NaN(), ACWREWMA: math.NaN(), Monotony: math.NaN()})
			}
			b.Days[len(b.Days)-1].Advice = analysis.AdviceHard
		}, "advice hard after"},
		{"hard without any workout", func(b *analysis.Block) {
			b.Days[0].Sessions = 0
			for i := range 30 {
				b.Days = append(b.Days, analysis.Day{Date: b.Days[1].Date.AddDate(0, 0, i+1), ACWR: math.NaN(), ACWREWMA: math.NaN(), Monotony: math.NaN()})
			}
			b.Days[len(b.Days)-1].Advice = analysis.AdviceHard
		}, "advice hard after 32 days"},
		{"confidence after a break", func(b *analysis.Block) { b.Readiness.DaysSinceWorkout = 200 }, "confidence"},
		{"counted twice", func(b *analysis.Block) {
			c := *sess(b)
			c.Start = c.Start.Add(10 * time.Minute)
			b.Files = append(b.Files, analysis.FileSummary{Path: "b.fit", Sessions: []analysis.SessionSummary{c}})
		}, "counted twice"},
	} {
		b := block()
		c.edit(b)
		got := strings.Join(Check(b), "\n")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: problems %q, want one with %q", c.name, got, c.want)
		}
	}
	// A duplicate that says so counts once: no problem.
	b := block()
	c := *sess(b)
	c.DuplicateOf = &analysis.Duplicate{Path: "a.fit"}
	b.Files = append(b.Files, analysis.FileSummary{Path: "b.fit", Sessions: []analysis.SessionSummary{c}})
	if p := Check(b); len(p) > 0 {
		t.Errorf("a marked duplicate: %q", p)
	}
}
