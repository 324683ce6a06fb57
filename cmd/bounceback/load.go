package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

var loadCommand = &command{
	name:    "load",
	summary: "daily load, fitness, fatigue, form, ACWR and monotony; weekly totals",
	usage:   loadUsage,
	run:     runLoad,
}

const loadUsage = `Usage: bounceback load [flags] PATH...

Show the training load model of the FIT files found under each PATH, one
row per day from the first data day to the as-of day (--as-of, default
today; --since and --until choose the days shown, the model still uses the
days before):

  load        the day's session load (TRIMP, or HRSS with --load-metric
              hrss), 0 without a session; HRV readings are not workouts
  CTL, ATL    fitness (τ {CTLDays} days) and fatigue (τ {ATLDays} days), GoldenCheetah's
              discretization X = load·(1 − e^(−1/τ)) + X(day before)·e^(−1/τ)
  TSB         form going into the day: CTL − ATL of the day before, with its
              band (transition, fresh, neutral, optimal, overload)
  ramp        CTL change over 7 days (! over 5 per week)
  ACWR        the last 7 days' mean load over the mean of the 21 days before
              (uncoupled), and the EWMA variant (spans 7 and 28)
  monotony    the last 7 days' mean over its SD (! over 1.5), and strain
  rest days   days of rest that bring TSB back to 0
  recovery    hours still owed at the day's end: our estimate, and Garmin's
              recovery time counted down when the files have it
  readiness   the day's readiness score and advice ("bounceback readiness")

Then one row per week (Monday to Sunday): sessions, time, distance, load,
the time below VT1, between and above VT2 (Seiler; VT1/VT2 from each
session's DFA-α1 when estimated, else {VT1} %/{VT2} % of HRmax), the polarization
index, monotony, strain, CTL, ATL, TSB and the mean readiness.

Flags:
      --format FORMAT   table, csv, json or markdown (default table); the
                        JSON fields are described in the README
      --table NAME      with --format csv, the table to write: days
                        (default) or weeks
      --load-metric M   the session load summed per day: trimp (default)
                        or hrss
` + seedFlagUsage + profileFlagsUsage + scanFlagsUsage + filterFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback load ~/Downloads/garmin-export
  bounceback load --since 2024-03-01 --until 2024-04-30 activities/
  bounceback load --format csv --load-metric hrss export.zip > load.csv
`

// loadSpec is the load command; its usage text is loadUsage.
func loadSpec() batch {
	return withLoadMetric(modelSpec("load", loadUsage, true, report.Load))
}

func runLoad(ctx context.Context, e *env, args []string) int {
	return e.runBatch(ctx, loadSpec(), args)
}

// withLoadMetric adds --load-metric and --seed-ctl to the command c: its
// flag set gets the flags and its options what they say.
func withLoadMetric(c batch) batch {
	var metric string
	var seed bool
	c.fs.StringVar(&metric, "load-metric", analysis.LoadTRIMP, "")
	c.fs.BoolVar(&seed, "seed-ctl", false, "")
	c.configure = func(o *analysis.Options) error {
		m, err := checkLoadMetric(metric)
		o.Load.Metric, o.Load.Seed = m, seed
		return err
	}
	return c
}

// checkLoadMetric checks --load-metric.
func checkLoadMetric(s string) (string, error) {
	switch m := strings.ToLower(strings.TrimSpace(s)); m {
	case analysis.LoadTRIMP, analysis.LoadHRSS:
		return m, nil
	}
	return "", fmt.Errorf("--load-metric %q: want trimp or hrss", s)
}
