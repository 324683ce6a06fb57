package analysis

import (
	"github.com/bounceback/bounceback/analysis/hrv"
	"github.com/bounceback/bounceback/fitparse"
)

// sessionRR sets the HRV of each session in out that has RR intervals.
// rrSession holds the session of each of f.RR, starts each session's start
// (Unix seconds). A session's RR intervals are split into segments at
// every timer event (Event.RRIndex) and wherever another session's
// intervals come between two of its own; beats recorded while the timer
// was stopped form their own segments, so they count and are cleaned like
// the others but are never paired across the stop or the start.
func sessionRR(f *fitparse.File, rrSession []int, starts []float64, out []SessionSummary, sc *scratch) {
	if len(f.RR) == 0 {
		return
	}
	// events[k]: how many timer events came at or before RR index k (an
	// event with RRIndex k lies between beats k-1 and k).
	events := sc.ints(len(f.RR) + 1)
	for _, e := range f.Events {
		if e.RRIndex >= 0 && e.RRIndex <= len(f.RR) {
			events[e.RRIndex]++
		}
	}
	for k := 1; k < len(events); k++ {
		events[k] += events[k-1]
	}
	if len(out) == 1 && len(f.RRTime) == len(f.RR) {
		// One session holds every beat: use the file's slices as they are
		// (hrv.Analyze does not modify them), split at the timer events.
		var breaks []int
		for i := 1; i < len(f.RR); i++ {
			if events[i] != events[i-1] {
				breaks = append(breaks, i)
			}
		}
		out[0].HRV = hrv.DefaultOptions.Analyze(f.RR, f.RRTime, breaks, starts[0], &sc.hrv)
		return
	}
	for si := range out {
		if out[si].RRIntervals == 0 {
			continue
		}
		m := out[si].RRIntervals
		rr := sc.floats(m)[:0]
		rrTime := sc.floats(m)[:0]
		var breaks []int
		prev := -1
		for i, s := range rrSession {
			if s != si {
				continue
			}
			if prev >= 0 && (i != prev+1 || events[i] != events[prev]) {
				breaks = append(breaks, len(rr))
			}
			rr = append(rr, f.RR[i])
			rrTime = append(rrTime, at(f.RRTime, i))
			prev = i
		}
		out[si].HRV = hrv.DefaultOptions.Analyze(rr, rrTime, breaks, starts[si], &sc.hrv)
	}
}
