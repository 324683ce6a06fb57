package report

import (
	"testing"
	"time"

	"gonum.org/v1/plot"
)

func TestDateTicks(t *testing.T) {
	day := func(s string) float64 {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return dayX(d)
	}
	for _, c := range []struct {
		name, from, to string
		first          string // the first label
		minLabels      int
	}{
		{"nine weeks", "2026-08-31", "2026-11-02", "Aug 31", 5},
		{"one week", "2026-10-05", "2026-10-11", "Oct 5", 1},
		{"two years", "2024-01-10", "2026-01-10", "Apr 2024", 6}, // quarters
		{"fifteen years", "2011-06-26", "2026-11-22", "2012", 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			lo, hi := day(c.from), day(c.to)
			ticks := dateTicks{}.Ticks(lo, hi)
			var labels []plot.Tick
			for _, tk := range ticks {
				if tk.Value < lo || tk.Value > hi {
					t.Errorf("tick %v outside [%v, %v]", tk.Value, lo, hi)
				}
				if tk.Label != "" {
					labels = append(labels, tk)
				}
			}
			if len(ticks) > 60 {
				t.Errorf("%d ticks: too many to draw", len(ticks))
			}
			if len(labels) < c.minLabels || len(labels) > 13 {
				t.Errorf("%d labels, want %d to 13", len(labels), c.minLabels)
			}
			if len(labels) > 0 && labels[0].Label != c.first {
				t.Errorf("first label %q, want %q", labels[0].Label, c.first)
			}
		})
	}
}
