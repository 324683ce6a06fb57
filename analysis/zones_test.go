package analysis

import (
	"math"
	"testing"

	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/internal/approx"
)

func TestNewZones(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		model             ZoneModel
		sport             string
		hrmax, rest, lthr float64
		want              [5]float64
	}{
		{"hrr", ZonesHRR, "running", 190, 50, 170, [5]float64{120, 134, 148, 162, 176}},
		{"hrmax", ZonesHRMax, "cycling", 200, 50, 170, [5]float64{100, 120, 140, 160, 180}},
		{"lthr run", ZonesLTHR, "running", 190, 50, 170, [5]float64{110.5, 144.5, 153, 161.5, 170}},
		{"lthr bike", ZonesLTHR, "cycling", 190, 50, 160, [5]float64{104, 129.6, 144, 150.4, 160}},
		{"lthr other sport uses run", ZonesLTHR, "rowing", 190, 50, 160, [5]float64{104, 136, 144, 152, 160}},
	}
	for _, tt := range tests {
		z := newZones(tt.model, tt.sport, tt.hrmax, tt.rest, tt.lthr)
		if z.Model != tt.model {
			t.Errorf("%s: model %v", tt.name, z.Model)
		}
		for i := range z.Low {
			if !approx.Equal(z.Low[i], tt.want[i], 1e-9, 1e-12) {
				t.Errorf("%s: Low = %v, want %v", tt.name, z.Low, tt.want)
				break
			}
		}
	}
}

func TestZoneEdges(t *testing.T) {
	t.Parallel()
	z := newZones(ZonesHRR, "running", 190, 50, math.NaN()) // 120 134 148 162 176
	tests := []struct {
		hr   float64
		want int
	}{
		{60, 0}, {119, 0}, {120, 0}, {133, 0}, {134, 1}, {147, 1}, {148, 2},
		{161, 2}, {162, 3}, {175, 3}, {176, 4}, {220, 4},
	}
	for _, tt := range tests {
		if got := z.Of(tt.hr); got != tt.want {
			t.Errorf("Of(%v) = zone index %d, want %d", tt.hr, got, tt.want)
		}
	}

	// Time exactly at each bound goes to the zone above it; time below
	// zone 1 counts in zone 1 and on its own.
	h := load.NewHistogram(
		[]float64{100, 119, 120, 133, 134, 148, 162, 176, 190},
		[]float64{1, 2, 4, 8, 16, 32, 64, 128, 256})
	zones, below := z.Seconds(h)
	if want := [5]float64{1 + 2 + 4 + 8, 16, 32, 64, 128 + 256}; zones != want || below != 3 {
		t.Errorf("Seconds = %v below %v, want %v below 3", zones, below, want)
	}
	// Fractional bounds (Friel run, LTHR 170: Z2 at 144.5 bpm).
	fz := newZones(ZonesLTHR, "running", 190, 50, 170)
	h = load.NewHistogram([]float64{144, 145}, []float64{10, 20})
	if zones, _ := fz.Seconds(h); zones != [5]float64{10, 20, 0, 0, 0} {
		t.Errorf("Friel edges: %v, want [10 20 0 0 0]", zones)
	}
	// A zone bound that cannot be computed gives NaN, not a wrong split.
	nz := newZones(ZonesLTHR, "running", 190, 50, math.NaN())
	if zones, below := nz.Seconds(h); !math.IsNaN(zones[0]) || !math.IsNaN(below) {
		t.Errorf("NaN bounds: %v %v, want NaN", zones, below)
	}
}

func TestParseZoneModel(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want ZoneModel
		ok   bool
	}{
		{"hrr", ZonesHRR, true}, {"HRR", ZonesHRR, true}, {"%hrr", ZonesHRR, true},
		{"lthr", ZonesLTHR, true}, {"friel", ZonesLTHR, true},
		{"hrmax", ZonesHRMax, true}, {"", ZonesHRR, false}, {"power", ZonesHRR, false},
	} {
		got, err := ParseZoneModel(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseZoneModel(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok {
			if back, _ := ParseZoneModel(got.String()); back != got {
				t.Errorf("String %q does not parse back", got.String())
			}
		}
	}
}
