package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/report"
)

var sessionCommand = &command{
	name:    "session",
	summary: "one session in full: zones, load, class and its reason, intervals",
	usage:   sessionUsage,
	run:     runSession,
}

const sessionUsage = `Usage: bounceback session [flags] FILE

Show everything about the session in one FIT file (each session, for a
multisport file): the date, sport, device, duration and distance; the
time in each heart-rate zone with its bounds; the load (TRIMP, HRSS,
Edwards TRIMP and session-RPE load) with where the athlete values came
from; the intensity class with its reason and flags; the intervals found;
aerobic decoupling, heart-rate drift and heart-rate recovery; and
Garmin's own Training Effect, EPOC and recovery time, labelled as
Garmin's and never mixed into ours.

When the session has RR intervals (a chest strap, or a watch recording
HRV), an HRV section follows: how many RR intervals were dropped as
artefacts; mean RR, SDNN, RMSSD, ln RMSSD, pNN50 and the heart rate from
RR over the session and each 5-minute window (a window with over 5 %
artefacts is marked unreliable, "!"); DFA-α1 over 2-minute windows; and
the heart rates at α1 = 0.75 (VT1, near the aerobic threshold) and 0.5
(VT2) with the quality of the fit, or why they cannot be estimated.

The athlete values are resolved as for analyze, with the data of this
one file: to use a whole block's HRmax estimate, give the value with
--hrmax, or see "bounceback profile PATH".

Flags:
      --format FORMAT   table or json (default table); json writes the
                        same document as analyze for this file
` + profileFlagsUsage + filterFlagsUsage + planFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback session activities/2024-03-05-intervals.fit
  bounceback session --next-session-in 5h --sweat-sodium 1500 ride.fit
  bounceback session --sport run triathlon.fit
  bounceback session --format json --hrmax 192 run.fit | jq '.files[0].sessions[0].intervals'
`

// newSessionFlags defines the flags of the session command; the usage text
// is sessionUsage.
func newSessionFlags() (*pflag.FlagSet, *flags) {
	fs := newFlagSet("session")
	f := &flags{}
	f.addOutput(fs, true)
	f.addProfile(fs)
	f.addFilter(fs)
	f.addPlan(fs)
	return fs, f
}

func runSession(ctx context.Context, e *env, args []string) int {
	const helpCmd = "bounceback session --help"
	fs, flags := newSessionFlags()
	switch err := fs.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(e.stdout, sessionUsage)
		return exitOK
	case err != nil:
		return e.usageErr(helpCmd, err)
	case checkFinite(fs) != nil:
		return e.usageErr(helpCmd, checkFinite(fs))
	}
	opts, err := flags.reportOptions(fs, e.stdout, report.Text, report.JSON)
	if err != nil {
		return e.usageErr(helpCmd, err)
	}
	bopts, err := flags.options()
	if err != nil {
		return e.usageErr(helpCmd, err)
	}
	switch fs.NArg() {
	case 0:
		return e.usageErr(helpCmd, errors.New("session: no FILE given"))
	case 1:
	default:
		return e.usageErr(helpCmd, fmt.Errorf("session takes one FILE, not %d (analyze takes many)", fs.NArg()))
	}
	in, code := e.loadInputs(fs, flags, helpCmd)
	if code != exitOK {
		return code
	}
	path := fs.Arg(0)
	// One file: no progress bar, and a skipped file says why.
	flags.jobs, flags.quiet, flags.verbose = 1, true, true
	files, code := e.scan(ctx, []string{path}, flags, analysis.Summarize)
	if files == nil {
		return code
	}
	switch {
	case len(files) == 0:
		return exitFailed // e.scan said no FIT file was found
	case len(files) > 1:
		return e.usageErr(helpCmd, fmt.Errorf("%s holds %d FIT files; session shows one (analyze shows many)", path, len(files)))
	}
	switch f := &files[0]; {
	case f.Status == fitparse.Failed || f.Status == fitparse.Skipped:
		return exitFailed // e.scan said why
	case len(f.Sessions) == 0:
		kind := f.FileType
		if kind == "" {
			kind = "FIT"
		}
		e.errorf("%s: no session (a %s file)", f.Path, kind)
		return exitFailed
	}
	b := e.build(files, bopts, in)
	if len(b.Files[0].Sessions) == 0 {
		e.errorf("%s: no session passes --since, --until and --sport", path)
		return exitFailed
	}
	if err := report.Session(e.stdout, b, opts); err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	return code
}
