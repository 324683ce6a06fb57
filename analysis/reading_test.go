package analysis

import (
	"math"
	"testing"
)

// TestReading checks the rule that tells a morning HRV reading from a
// workout: short, at rest, stationary, with RR data, and not a locomotion
// sport.
func TestReading(t *testing.T) {
	t.Parallel()
	base := classInput{
		Sport: "training", HRMax: 190, HRRest: 48, LTHR: 170, AvgHR: 52,
		Moving: 360, Timer: 360, Distance: math.NaN(), RRIntervals: 300,
	}
	tests := []struct {
		name string
		edit func(*classInput)
		want bool
	}{
		{"morning reading", func(*classInput) {}, true},
		{"no RR data", func(in *classInput) { in.RRIntervals = 0 }, false},
		{"longer than 10 min", func(in *classInput) { in.Timer = 601 }, false},
		{"exactly 10 min", func(in *classInput) { in.Timer = 600 }, true},
		{"heart rate not at rest", func(in *classInput) { in.AvgHR = 80 }, false},
		{"moved 100 m", func(in *classInput) { in.Distance = 100 }, false},
		{"a short easy walk", func(in *classInput) { in.Sport = "walking" }, false},
		{"a short easy run", func(in *classInput) { in.Sport = "running" }, false},
		{"no timer time", func(in *classInput) { in.Timer = math.NaN() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			tt.edit(&in)
			c := classify(in, defaultClassThresholds)
			if c.Reading != tt.want {
				t.Fatalf("Reading = %v, want %v (class %v: %s)", c.Reading, tt.want, c.Class, c.Reason)
			}
			if c.Reading && c.Class != Unclassified {
				t.Errorf("a reading has class %v, want unclassified", c.Class)
			}
		})
	}
}
