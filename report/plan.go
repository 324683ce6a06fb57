package report

import (
	"bytes"

	"github.com/bounceback/bounceback/analysis"
)

// This file renders the post-session plans (SessionSummary.Fluid, Refuel,
// Timeline).

type jsonFluid struct{}

type jsonRefuel struct{}

func fluidJSON(p *analysis.FluidPlan) *jsonFluid { return nil }

func refuelJSON(p *analysis.RefuelPlan) *jsonRefuel { return nil }

// planText writes the session's post-session plan for session's text.
func planText(w *bytes.Buffer, r sessionRef, opts Options) error { return nil }
