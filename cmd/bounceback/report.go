package main

import "context"

var htmlReportCommand = &command{
	name:    "report",
	summary: "(in progress)",
	usage:   "Usage: bounceback report [flags] PATH...\n",
	run: func(ctx context.Context, e *env, args []string) int {
		e.errorf("report: not yet built")
		return exitUsage
	},
}
