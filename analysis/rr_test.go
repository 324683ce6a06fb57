package analysis

import (
	"testing"
	"time"

	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/approx"
)

// TestSummarizePause checks that a timer stop→start in the middle of a
// session splits its RR: no successive difference spans the pause, and
// the windows restart after it.
func TestSummarizePause(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 9, 1, 7, 0, 0, 0, time.UTC)
	t0 := float64(start.Unix())
	// Two steady halves with a 300 ms jump at the pause: bridging it would
	// add a 300 ms difference.
	var rr, rrTime []float64
	for i := 0; i < 400; i++ {
		v := 0.8 + 0.01*float64(i%2)
		tt := t0 + float64(i)*0.8
		if i >= 200 {
			v += 0.3
			tt += 600 // ten-minute pause
		}
		rr = append(rr, v)
		rrTime = append(rrTime, tt)
	}
	f := &fitparse.File{
		Path:     "pause.fit",
		Sessions: []fitparse.Session{{Start: start, Timer: 350, Elapsed: 950}},
		RR:       rr,
		RRTime:   rrTime,
		Events: []fitparse.Event{
			{T: t0, Kind: fitparse.TimerStart, RRIndex: 0},
			{T: t0 + 160, Kind: fitparse.TimerStop, RRIndex: 200},
			{T: t0 + 760, Kind: fitparse.TimerStart, RRIndex: 200},
			{T: t0 + 950, Kind: fitparse.TimerStop, RRIndex: 400},
		},
	}
	s := Summarize(f)
	h := s.Sessions[0].HRV
	if h == nil {
		t.Fatal("no HRV")
	}
	if h.RRUsed+h.RRDropped != 400 {
		t.Errorf("used + dropped = %d, want 400", h.RRUsed+h.RRDropped)
	}
	if h.RRDropped != 0 {
		t.Errorf("dropped = %d, want 0", h.RRDropped)
	}
	if !approx.Equal(h.RMSSD, 10, 1e-9, 0) || h.PNN50 != 0 {
		t.Errorf("RMSSD = %v, pNN50 = %v; want 10 and 0 (no pair across the pause)", h.RMSSD, h.PNN50)
	}
	if len(h.Windows) != 2 {
		t.Fatalf("%d windows, want 2 (one per segment)", len(h.Windows))
	}
	if w := h.Windows[1]; !approx.Equal(w.Start, 760, 1, 0) || w.RRUsed != 200 {
		t.Errorf("second window starts at %.1f s with %d beats, want 760 s and 200", w.Start, w.RRUsed)
	}
	if c := Count(f); c.Sessions[0].HRV != nil || c.Sessions[0].RRIntervals != 400 {
		t.Errorf("Count: HRV %v, %d RR; want nil and 400", c.Sessions[0].HRV, c.Sessions[0].RRIntervals)
	}
}
