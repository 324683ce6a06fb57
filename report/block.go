package report

import (
	"io"

	"github.com/bounceback/bounceback/analysis"
)

// This file renders the block's load model and readiness (Block.Days,
// Weeks, Readiness).

type jsonWeek struct{}

type jsonDay struct{}

type jsonReadiness struct{}

func weeksJSON(b *analysis.Block) []jsonWeek { return []jsonWeek{} }

func daysJSON(b *analysis.Block) []jsonDay { return []jsonDay{} }

func readinessJSON(b *analysis.Block) *jsonReadiness { return nil }

// blockText writes the weekly block summary and the readiness for the
// as-of day, for the end of analyze's table output.
func blockText(w io.Writer, b *analysis.Block, opts Options) error { return nil }
