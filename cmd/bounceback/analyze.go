package main

import (
	"context"
	"io"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

var analyzeCommand = &command{
	name:    "analyze",
	summary: "the main job: zones, load and an explained class for every session",
	usage:   analyzeUsage,
	run:     runAnalyze,
}

const analyzeUsage = `Usage: bounceback analyze [flags] PATH...

Analyse every session in the FIT files found under each PATH. A summary
comes first (sessions, total time, total TRIMP and HRSS, sessions per
class), then one row per session: start, sport, duration, average heart
rate, TRIMP, HRSS, the time in each of the five heart-rate zones (in %),
the intensity class with its flags (long, race) and Garmin's own aerobic
and anaerobic Training Effect when the file has them. "bounceback session
FILE" explains one session: its zones, load, the reason for its class,
the intervals found, decoupling, drift and heart-rate recovery.

Zones and load need the athlete's heart-rate values; each is resolved in
this order: a flag > the profile file > what the device recorded > an
estimate from the data > a formula > a default ("bounceback profile"
shows them and where each came from). A session without heart rate gets
a load estimated from its sport and duration, marked with "~".

PATH may be a FIT file, a folder (searched recursively), a .zip archive or a
.fit.gz file. Files that failed or are damaged are reported on standard
error and make the exit status 1.

Flags:
      --format FORMAT   table, csv, json or markdown (default table); the
                        JSON fields are described in the README
      --table NAME      with --format csv, the table to write: sessions
                        (default), weeks or days
      --load-metric M   the session load summed per day for the weekly
                        summary and the readiness: trimp (default) or hrss
` + seedFlagUsage + profileFlagsUsage + scanFlagsUsage + filterFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback analyze ~/Downloads/garmin-export
  bounceback analyze --since 2024-03-01 --sport run --lthr 172 activities/
  bounceback analyze --format json export.zip | jq '.files[].sessions[] | {start, class, trimp}'
  bounceback analyze --format csv --zones lthr rides/ > rides.csv
`

// analyzeSpec is the analyze command; its usage text is analyzeUsage.
func analyzeSpec() batch {
	return withLoadMetric(modelSpec("analyze", analyzeUsage, true, report.Analyze))
}

func runAnalyze(ctx context.Context, e *env, args []string) int {
	return e.runBatch(ctx, analyzeSpec(), args)
}

// modelSpec is a command that builds the whole model from its PATHs
// and renders it with render (analyze, load, readiness): the output,
// profile, scan and filter flags, and the table flags when table is set.
func modelSpec(name, usage string, table bool, render func(io.Writer, *analysis.Block, report.Options) error) batch {
	fs := newFlagSet(name)
	f := &flags{}
	f.addOutput(fs, true)
	if table {
		f.addTable(fs)
	}
	f.addProfile(fs)
	f.addScan(fs)
	f.addStore(fs)
	f.addFilter(fs)
	return batch{spec: spec{name: name, usage: usage, fs: fs, flags: f, formats: batchFormats, profile: true},
		summarize: analysis.Summarize, render: render}
}

// batchFormats are the formats of the commands that print tables.
var batchFormats = []report.Format{report.Text, report.CSV, report.JSON, report.Markdown}
