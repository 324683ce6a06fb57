package main

import (
	"strconv"
	"strings"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/fitparse"
)

// constants fills the named constants of the model and the decoder into
// a usage text, so that
// the help never restates a number the model holds: {CTLDays} becomes 42.
var constants = strings.NewReplacer(
	"{CTLDays}", strconv.Itoa(load.CTLDays),
	"{ATLDays}", strconv.Itoa(load.ATLDays),
	"{VT1}", strconv.FormatFloat(100*load.SeilerVT1Frac, 'f', -1, 64),
	"{VT2}", strconv.FormatFloat(100*load.SeilerVT2Frac, 'f', -1, 64),
	"{ReadyMin}", strconv.Itoa(analysis.ReadyMin),
	"{ModerateMin}", strconv.Itoa(analysis.RecoverMax+1),
	"{ModerateMax}", strconv.Itoa(analysis.ReadyMin-1),
	"{RecoverMax}", strconv.Itoa(analysis.RecoverMax),
	"{MaxWorkers}", strconv.Itoa(fitparse.MaxWorkers),
	"{ReturnWindowDays}", strconv.Itoa(analysis.ReturnWindowDays),
	"{ReturnGapDays}", strconv.Itoa(analysis.ReturnGapDays),
	"{BreakDays}", strconv.Itoa(analysis.BreakDays),
	"{StaleDays}", strconv.Itoa(analysis.StaleDays),
	"{SpikeACWR}", strconv.FormatFloat(analysis.SpikeACWR, 'f', -1, 64),
)

// withConstants returns usage with the constants filled in.
func withConstants(usage string) string { return constants.Replace(usage) }
