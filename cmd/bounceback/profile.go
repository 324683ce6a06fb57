package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

var profileCommand = &command{
	name:    "profile",
	summary: "show the athlete values and where each came from; init writes a profile",
	usage:   profileUsage,
	run:     runProfile,
}

const profileUsage = `Usage: bounceback profile [flags] [PATH...]
       bounceback profile init [--force] [--profile FILE]

Show every athlete value bounceback uses (maximum, resting and threshold
heart rate for every sport and for running, cycling and swimming, body
mass, height, age, sex, zone model) and where each came from. Each value is
resolved in this order: a flag > the profile file > what the device
recorded in the FIT files > an estimate from the data (HRmax: the highest
sustained 5-s heart rate) > a formula > a default. Formulas and defaults
are labelled as estimates.

With PATHs, the values are resolved with the data in the FIT files found
under them, as analyze would resolve them for that block; without, only
from the flags, the profile file, formulas and defaults. With PATHs, the
heart rates at the aerobic (VT1) and second (VT2) thresholds estimated
from DFA-α1 of sessions with RR data are shown as suggested zone anchors:
per sport, the estimate with the best fit (R²) among those of the last 90
days with at least 8 windows. They are never applied: set --lthr, the
profile file or --zones yourself.

"profile init" writes a commented profile template to the profile file
(default: $XDG_CONFIG_HOME/bounceback/profile.toml, else the system's
config folder) and prints its path. It never replaces an existing file
unless --force is given.

The profile file is TOML; its keys are the names of the flags below:
hrmax, hrrest, lthr, weight, height, age, sex, zones and sweat-sodium at
the top, and hrmax, hrrest and lthr in a [running], [cycling] or
[swimming] table. A key
bounceback does not know, or a value out of range, is an error naming the
file and the line, with exit status 2.

Flags:
      --format FORMAT   table or json (default table)
` + profileFlagsUsage + scanFlagsUsage + filterFlagsUsage + outputFlagsUsage + `      --force           (init) replace an existing profile file
  -h, --help            show this help

Examples:
  bounceback profile
  bounceback profile --lthr run=172 --lthr bike=160 ~/garmin-export
  bounceback profile init && $EDITOR ~/.config/bounceback/profile.toml
`

// profileSpec is the profile command; its usage text is profileUsage.
// init takes --profile and --force; the others are refused there.
func profileSpec(e *env) spec {
	fs := newFlagSet("profile")
	f := &flags{}
	f.addOutput(fs, true)
	f.addProfile(fs)
	f.addScan(fs)
	f.addStore(fs)
	f.addFilter(fs)
	force := fs.Bool("force", false, "")
	return spec{name: "profile", usage: profileUsage, fs: fs, flags: f,
		formats: []report.Format{report.Text, report.JSON}, profile: true,
		early: func(paths []string) (int, bool) {
			switch {
			case len(paths) > 0 && paths[0] == "init":
				return profileInit(e, fs, f, *force, paths[1:]), true
			case *force:
				return e.usageErr("bounceback profile --help", errors.New("--force goes with profile init")), true
			}
			return exitOK, false
		}}
}

func runProfile(ctx context.Context, e *env, args []string) int {
	c := profileSpec(e)
	k, code := e.prepare(&c, args)
	if k == nil {
		return code
	}
	var files []analysis.FileSummary
	if len(k.paths) > 0 {
		files, code = e.scan(ctx, k.paths, c.flags, analysis.Summarize)
		if files == nil {
			return code
		}
		if !e.hasData(files, k.paths) {
			return exitFailed
		}
	}
	b := e.build(files, k.build, k.in)
	if b.Stale {
		e.errorf("note: %s", b.StaleNote)
	}
	var err error
	if k.report.Format == report.JSON {
		err = report.ProfileJSON(e.stdout, &b.Athlete, b.Anchors)
	} else {
		if k.in.path != "" {
			fmt.Fprintf(e.stdout, "profile file: %s\n\n", k.in.path)
		} else {
			fmt.Fprintf(e.stdout, "profile file: none (%s does not exist; profile init writes one)\n\n", k.in.lookedAt)
		}
		err = report.AthleteText(e.stdout, &b.Athlete, k.report)
		if err == nil {
			err = report.SweatText(e.stdout, &b.Sweat)
		}
		if err == nil {
			k.report.Name = relativeTo(k.paths)
			err = report.VTSuggestionsText(e.stdout, b.Anchors, k.report)
		}
	}
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	return code
}

// profileInit implements "bounceback profile init".
func profileInit(e *env, fs *pflag.FlagSet, flags *flags, force bool, rest []string) int {
	const helpCmd = "bounceback profile --help"
	if len(rest) > 0 {
		return e.usageErr(helpCmd, fmt.Errorf("profile init takes no PATH, not %q", rest[0]))
	}
	var bad string
	fs.Visit(func(f *pflag.Flag) {
		if f.Name != "profile" && f.Name != "force" && bad == "" {
			bad = f.Name
		}
	})
	if bad != "" {
		return e.usageErr(helpCmd, fmt.Errorf("profile init takes only --profile and --force, not --%s", bad))
	}
	path := flags.profile
	if path == "" {
		var err error
		if path, err = defaultProfilePath(); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
	}
	if err := writeTemplate(path, force); err != nil {
		e.errorf("profile init: %v", err)
		return exitFailed
	}
	fmt.Fprintln(e.stdout, path)
	return exitOK
}
