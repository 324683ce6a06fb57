// Bounceback analyses the FIT files that running and cycling watches write:
// it decodes whole folders, Garmin exports and Strava archives, and reports
// what is in them.
//
// Usage:
//
//	bounceback COMMAND [flags] PATH...
//	bounceback help [COMMAND]
//	bounceback --version
//
// The commands are:
//
//	sessions   list every session found in FIT files, folders and archives
//
// For example, to list the sessions of a Garmin export as CSV:
//
//	bounceback sessions --format csv ~/Downloads/garmin-export > sessions.csv
//
// The report goes to standard output; progress, warnings and errors go to
// standard error, each line prefixed with "bounceback: ". The exit status is
// 0 when every file was read, 1 when a file failed or was damaged, and 2 for
// a usage error. Nothing is ever written into the folders read.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
