package analysis

import "math"

var nan = math.NaN()

// ZoneModel names how the five heart-rate zones are bounded.
type ZoneModel int

const (
	// ZonesHRR: percent of heart-rate reserve (Karvonen), 50/60/70/80/90 %.
	ZonesHRR ZoneModel = iota
	// ZonesLTHR: Friel's percent of lactate-threshold HR, run or bike.
	ZonesLTHR
	// ZonesHRMax: percent of HRmax, 50/60/70/80/90 %.
	ZonesHRMax
)

// Zones are five heart-rate zones: Low[z] is the lower bound of zone z+1 in
// bpm. Time below Low[0] counts in zone 1.
type Zones struct {
	Model ZoneModel
	Low   [5]float64
}
