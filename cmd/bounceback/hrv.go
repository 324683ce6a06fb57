package main

import (
	"context"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

var hrvCommand = &command{
	name:    "hrv",
	alias:   "recovery",
	summary: "the daily recovery series: HRV, resting HR, sleep, stress against their normal range",
	usage:   hrvUsage,
	run:     runHRV,
}

const hrvUsage = `Usage: bounceback hrv [flags] PATH...

Show the daily recovery series of the FIT files found under each PATH:
one row per day with ln RMSSD, its 7-day mean and its normal range (the
60-day mean ± 0.5 SD), marked "below" or "above" when the 7-day mean
leaves it; the resting heart rate likewise; the sleep score; and Garmin's
own HRV status and baseline band, shown beside ours. With Garmin Connect's
account export (its zip or its folder), also the night's sleep time,
stress, Body Battery, breathing rate and Garmin's own Training Readiness.
A summary comes first: where each series came from, whether the export's
JSON and the FIT files agree, the days with data and where the latest
7-day means stand. "bounceback recovery" is the same command.

HRV comes from morning readings (short recordings at rest with RR data,
such as a 5-minute chest-strap reading after waking) or from Garmin's
overnight HRV (hrv_status_summary), never both in one baseline: the source
with more days wins and the other is shown beside it. Resting heart rate
comes from Garmin's monitoring_hr_data or from the morning readings, by the
same rule; the sleep score from Garmin's sleep assessment. Each day's
7-day mean and normal range use only that day and the days before it.

The athlete values (flags, profile file) decide which recordings count as
HRV readings: a recording of 10 minutes or less with RR data, a low average
heart rate and almost no distance.

Flags:
      --format FORMAT   table, csv, json or markdown (default table); the
                        JSON fields are described in the README
` + datesFlagsUsage + profileFlagsUsage + scanFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback hrv ~/Downloads/garmin-export
  bounceback hrv --since 2024-03-01 morning-readings/ wellness/
  bounceback hrv --format csv export.zip > daily.csv
  bounceback hrv --format json export/ | jq '.daily[] | select(.hrv_status == "below") | .date'
`

// hrvSpec is the hrv command; its usage text is hrvUsage.
func hrvSpec() batch {
	fs := newFlagSet("hrv")
	f := &flags{}
	f.addOutput(fs, true)
	f.addDates(fs)
	f.addProfile(fs)
	f.addScan(fs)
	f.addStore(fs)
	return batch{spec: spec{name: "hrv", usage: hrvUsage, fs: fs, flags: f, formats: batchFormats, profile: true},
		summarize: analysis.Summarize, render: report.HRV}
}

func runHRV(ctx context.Context, e *env, args []string) int {
	return e.runBatch(ctx, hrvSpec(), args)
}
