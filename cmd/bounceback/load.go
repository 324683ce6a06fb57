package main

import "context"

var loadCommand = &command{
	name:    "load",
	summary: "(in progress)",
	usage:   "Usage: bounceback load [flags] PATH...\n",
	run: func(ctx context.Context, e *env, args []string) int {
		e.errorf("load: not yet built")
		return exitUsage
	},
}
