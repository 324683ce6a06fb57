package report

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
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

// TestBandLabelsClearOfZero checks where a band's label goes: the middle
// of the band, or of its larger side of 0 when it holds 0 (the fitness
// chart draws the TSB 0 line across the neutral band), always inside the
// band and away from 0 by at least a quarter of that side.
func TestBandLabelsClearOfZero(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ lo, hi, want float64 }{
		{-10, 5, -5}, {-5, 10, 5}, {5, 25, 15}, {-30, -10, -20}, {-40, 0, -20},
	} {
		got := labelY(c.lo, c.hi)
		if got != c.want || got < c.lo || got > c.hi {
			t.Errorf("labelY(%g, %g) = %g, want %g", c.lo, c.hi, got, c.want)
		}
	}
	// The form bands as the fitness chart draws them: no label within 3
	// TSB points of the 0 line.
	for _, s := range bandSpans(func(x float64) string { return analysis.FormOf(x).String() }, -45, 30) {
		if y := labelY(s.lo, s.hi); y > -3 && y < 3 {
			t.Errorf("band %s (%g to %g): label at TSB %g, on the 0 line", s.name, s.lo, s.hi, y)
		}
	}
}

// TestWholeTicks checks that an axis's tick labels have the same number
// of decimals, the fewest its values need.
func TestWholeTicks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{{0, 1200, "0 500 1000"}, {3.7, 4.3, "3.75 4.00 4.25"}, {0, 12, "0 5 10"}} {
		var labels []string
		for _, tk := range wholeTicks(c.lo, c.hi) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("wholeTicks(%g, %g) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}

// TestWeeklyMeans checks the overview's weekly means: one point per 7
// days from the first, NaN for a week without a value.
func TestWeeklyMeans(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	x := []float64{0, 1, 2, 7, 8, 21}
	y := []float64{1, 2, 3, nan, 5, 7}
	wx, wy := weeklyMeans(x, y)
	want := []float64{2, 5, nan, 7}
	if len(wx) != 4 || wx[0] != 3 || wx[3] != 24 {
		t.Fatalf("weeklyMeans: x %v", wx)
	}
	for i := range want {
		if !(wy[i] == want[i] || math.IsNaN(wy[i]) && math.IsNaN(want[i])) {
			t.Errorf("week %d: mean %g, want %g", i, wy[i], want[i])
		}
	}
}

// TestChartWindow checks the time charts' span: the whole history up to
// 16 weeks, else its last 16 weeks.
func TestChartWindow(t *testing.T) {
	t.Parallel()
	if lo, hi, cut := chartWindow(0, 60); lo != 0 || hi != 60 || cut {
		t.Errorf("chartWindow(0, 60) = %g, %g, %v", lo, hi, cut)
	}
	if lo, hi, cut := chartWindow(0, 1000); lo != 1000-chartDays || hi != 1000 || !cut {
		t.Errorf("chartWindow(0, 1000) = %g, %g, %v", lo, hi, cut)
	}
}

// TestLastYearOfSessions checks that the sessions table keeps the
// sessions of the last 52 weeks up to the last one (and any without a
// start), and says how many it left out.
func TestLastYearOfSessions(t *testing.T) {
	t.Parallel()
	last := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	var rows []sessionRef
	for _, d := range []int{-800, -365, -363, -7, 0} {
		rows = append(rows, sessionRef{s: &analysis.SessionSummary{Session: fitparse.Session{Start: last.AddDate(0, 0, d)}}})
	}
	rows = append(rows, sessionRef{s: &analysis.SessionSummary{}})
	got, note := lastYearOfSessions(rows)
	if len(got) != 4 || !got[0].s.Start.Equal(last.AddDate(0, 0, -363)) || note != "The sessions of the last 52 weeks: 4 of 6." {
		t.Errorf("lastYearOfSessions: %d rows, note %q", len(got), note)
	}
	if got, note := lastYearOfSessions(rows[2:]); len(got) != 4 || note != "" {
		t.Errorf("lastYearOfSessions of a year: %d rows, note %q", len(got), note)
	}
}
