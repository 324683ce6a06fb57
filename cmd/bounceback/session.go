package main

import (
	"context"
	"errors"
	"fmt"

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
` + profileFlagsUsage + filterFlagsUsage + planFlagsUsage + storeFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback session activities/2024-03-05-intervals.fit
  bounceback session --next-session-in 5h --sweat-sodium 1500 ride.fit
  bounceback session --sport run triathlon.fit
  bounceback session --format json --hrmax 192 run.fit | jq '.files[0].sessions[0].intervals'
`

// sessionSpec is the session command; its usage text is
// sessionUsage.
func sessionSpec() spec {
	fs := newFlagSet("session")
	f := &flags{}
	f.addOutput(fs, true)
	f.addProfile(fs)
	f.addFilter(fs)
	f.addPlan(fs)
	f.addStore(fs)
	return spec{name: "session", usage: sessionUsage, fs: fs, flags: f,
		formats: []report.Format{report.Text, report.JSON}, profile: true, check: func(paths []string) error {
			switch len(paths) {
			case 0:
				return errors.New("session: no FILE given")
			case 1:
				return nil
			}
			return fmt.Errorf("session takes one FILE, not %d (analyze takes many)", len(paths))
		}}
}

func runSession(ctx context.Context, e *env, args []string) int {
	c := sessionSpec()
	k, code := e.prepare(&c, args)
	if k == nil {
		return code
	}
	// One file: no progress bar, and a skipped file says why.
	c.flags.jobs, c.flags.quiet, c.flags.verbose = 1, true, true
	files, code := e.scan(ctx, []string{k.paths[0]}, c.flags, analysis.Summarize)
	if files == nil {
		return code
	}
	switch {
	case len(files) == 0:
		return exitFailed // e.scan said no FIT file was found
	case len(files) > 1:
		return e.usageErr(k.help, fmt.Errorf("%s holds %d FIT files; session shows one (analyze shows many)", k.paths[0], len(files)))
	}
	switch f := &files[0]; {
	case f.Status == fitparse.Failed || f.Status == fitparse.Skipped:
		return exitFailed // e.scan said why
	case len(f.Sessions) == 0:
		kind := f.Type
		if kind == "" {
			kind = "FIT"
		}
		e.errorf("%s: no session (a %s file)", f.Path, kind)
		return exitFailed
	}
	b := e.build(files, k.build, k.in)
	if len(b.Files[0].Sessions) == 0 {
		e.errorf("%s: no session passes --since, --until and --sport", k.paths[0])
		return exitFailed
	}
	if err := report.Session(e.stdout, b, k.report); err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	return code
}
