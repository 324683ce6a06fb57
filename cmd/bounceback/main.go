// Bounceback analyses the FIT files that running and cycling watches write:
// it decodes whole folders, Garmin exports and Strava archives, and explains
// every session: heart-rate zones, training load and an intensity class with
// its reason.
//
// Usage:
//
//	bounceback COMMAND [flags] PATH...
//	bounceback help [COMMAND]
//	bounceback --version
//
// The commands are:
//
//	analyze    the main job: zones, load and an explained class for every session
//	session    one session in full: zones, load, class and its reason, intervals
//	sessions   list every session found in FIT files, folders and archives
//	profile    show the athlete values and where each came from; init writes a profile
//
// For example, to analyse a Garmin export, then look at one session:
//
//	bounceback analyze ~/Downloads/garmin-export
//	bounceback session ~/Downloads/garmin-export/2024-03-05-intervals.fit
//
// The athlete values are read from flags and from a TOML profile file in the
// user's config folder ($XDG_CONFIG_HOME/bounceback/profile.toml; see
// profilefile.go), which the analysis package never sees: it gets them as
// an analysis.ProfileInput.
//
// The report goes to standard output; progress, warnings and errors go to
// standard error, each line prefixed with "bounceback: ". The exit status is
// 0 when every file was read, 1 when a file failed or was damaged, and 2 for
// a usage error or a bad profile file. Nothing is ever written into the
// folders read.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	limitMemory()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
