package main

import (
	"context"

	"github.com/bounceback/bounceback/report"
)

var readinessCommand = &command{
	name:    "readiness",
	summary: "readiness 0–100 for the next session, explained, with HRV-guided advice",
	usage:   readinessUsage,
	run:     runReadiness,
}

const readinessUsage = `Usage: bounceback readiness [flags] PATH...

Score how ready you are for the next session, from everything known at the
end of the as-of day (--as-of, default today): a score from 0 to 100 with
its band ({ReadyMin}–100 ready for hard training, {ModerateMin}–{ModerateMax} train moderately, 0–{RecoverMax}
recover), then one row per contributor with its value, its baseline, its
sub-score (0–100) and the weight it got:

  residual fatigue  recovery still owed at 07:00 tomorrow: Garmin's recovery
                    time counted down when the latest workout has one, else
                    our estimate from each session's load and intensity
  load balance      the uncoupled acute:chronic load ratio and the form (TSB)
  monotony          the last 7 days' mean load over its SD (Foster)
  HRV               the 7-day mean of ln RMSSD against its 60-day normal
                    range (morning readings or Garmin's overnight HRV)
  resting HR        today's resting heart rate against its 60-day mean
  sleep             Garmin's sleep score of last night and, with Garmin's
                    account export, the night's sleep time against a need of
                    7 h (8 h after a hard day)

The weights are our defaults (25/15/5/25/10/20 with Garmin wellness files,
45/35/20/30 with activity files only); a contributor without data is left
out and the others are scaled to 100 %. Then the two contributors holding
the score back most, the confidence (contributors with data, maturity of
the baselines), the advice for the next session (rest, easy, moderate or
hard; hard only while HRV is inside its normal range, easy when it is
below it or fell two days running: Kiviniemi 2007, Vesterinen 2016), sleep
advice and what the score cannot see (illness, life stress, nutrition).
With Garmin's account export, Garmin's own Training Readiness of the day is
shown beside ours with its factors, and a line says what explains the
difference when the two scores are 20 points or more apart.

Flags:
      --format FORMAT   table, csv, json or markdown (default table); the
                        JSON fields are described in the README
      --load-metric M   the session load summed per day: trimp (default)
                        or hrss
` + seedFlagUsage + profileFlagsUsage + scanFlagsUsage + filterFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback readiness ~/Downloads/garmin-export
  bounceback readiness --as-of 2024-03-05 activities/ wellness/
  bounceback readiness --format json export.zip | jq '.readiness | {score, advice}'
`

// readinessSpec is the readiness command; its usage text is
// readinessUsage.
func readinessSpec() batch {
	return withLoadMetric(modelSpec("readiness", readinessUsage, false, report.Readiness))
}

func runReadiness(ctx context.Context, e *env, args []string) int {
	return e.runBatch(ctx, readinessSpec(), args)
}
