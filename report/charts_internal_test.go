package report

import (
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"gonum.org/v1/plot"
)

func TestDateTicks(t *testing.T) {
	t.Parallel()
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

func TestLastWeeks(t *testing.T) {
	t.Parallel()
	weeks := make([]analysis.Week, 60)
	for i := range weeks {
		weeks[i].Start = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i)
	}
	got, note := lastWeeks(weeks, tableWeeks)
	if len(got) != tableWeeks || !got[len(got)-1].Start.Equal(weeks[59].Start) || note != " The last 52 of 60 weeks." {
		t.Errorf("lastWeeks(60 weeks) = %d weeks ending %v, note %q", len(got), got[len(got)-1].Start, note)
	}
	if got, note := lastWeeks(weeks[:10], tableWeeks); len(got) != 10 || note != "" {
		t.Errorf("lastWeeks(10 weeks) = %d weeks, note %q", len(got), note)
	}
	s := weeksSection(&analysis.Block{Weeks: weeks})
	if n := len(s.cols[0].cells); n != tableWeeks {
		t.Errorf("the weeks table has %d rows, want %d", n, tableWeeks)
	}
}
