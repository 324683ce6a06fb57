package main

import "context"

var readinessCommand = &command{
	name:    "readiness",
	summary: "(in progress)",
	usage:   "Usage: bounceback readiness [flags] PATH...\n",
	run: func(ctx context.Context, e *env, args []string) int {
		e.errorf("readiness: not yet built")
		return exitUsage
	},
}
