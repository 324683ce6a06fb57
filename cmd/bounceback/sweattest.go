package main

import (
	"context"

	"github.com/bounceback/bounceback/analysis"
)

var sweatTestCommand = &command{
	name:    "sweat-test",
	summary: "(in progress)",
	usage:   "Usage: bounceback sweat-test --pre KG --post KG ...\n",
	run: func(ctx context.Context, e *env, args []string) int {
		e.errorf("sweat-test: not yet built")
		return exitUsage
	},
}

// weighIns returns the weigh-ins logged in the user's data folder; a log
// that cannot be read is reported on standard error and ignored.
func (e *env) weighIns() []analysis.WeighIn { return nil }
