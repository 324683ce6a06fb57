package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/bounceback/bounceback/analysis/load"
)

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

var zoneModelNames = [...]string{"hrr", "lthr", "hrmax"}

// String returns "hrr", "lthr" or "hrmax".
func (m ZoneModel) String() string {
	if m < 0 || int(m) >= len(zoneModelNames) {
		return fmt.Sprintf("ZoneModel(%d)", int(m))
	}
	return zoneModelNames[m]
}

// MarshalText encodes the model as its name, for JSON.
func (m ZoneModel) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// ParseZoneModel parses "hrr", "lthr" or "hrmax" (any case; "%hrr",
// "karvonen" and "friel" are accepted too).
func ParseZoneModel(s string) (ZoneModel, error) {
	switch strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "%") {
	case "hrr", "karvonen":
		return ZonesHRR, nil
	case "lthr", "friel":
		return ZonesLTHR, nil
	case "hrmax", "max":
		return ZonesHRMax, nil
	}
	return ZonesHRR, fmt.Errorf("unknown zone model %q (want hrr, lthr or hrmax)", s)
}

// Zones are five heart-rate zones: Low[z] is the lower bound of zone z+1 in
// bpm. A heart rate equal to a bound belongs to the zone above it. Time
// below Low[0] counts in zone 1, so that the five zones add up to the time
// with heart rate; [Zones.Seconds] also reports it on its own.
type Zones struct {
	Model ZoneModel
	Low   [5]float64
}

// zonePercents are the zone bounds of each model, in percent of the model's
// reference: Low[z] of zone z+1.
type zonePercents struct {
	// HRR: percent of heart-rate reserve, bound = rest + p × (max − rest)
	// (Karvonen).
	HRR [5]float64
	// HRMax: percent of HRmax.
	HRMax [5]float64
	// LTHRRun and LTHRBike: percent of LTHR, Friel's running and cycling
	// zones (Z2 85/81, Z3 90, Z4 95/94, Z5 100 %). Friel gives zone 1 no
	// lower bound; the 65 % here is our choice (Garmin's %LTHR zones start
	// there) and only splits off the time below zone 1.
	LTHRRun, LTHRBike [5]float64
}

// defaultZonePercents are bounceback's zone bounds (docs/methods.md §3).
var defaultZonePercents = zonePercents{
	HRR:      [5]float64{50, 60, 70, 80, 90},
	HRMax:    [5]float64{50, 60, 70, 80, 90},
	LTHRRun:  [5]float64{65, 85, 90, 95, 100},
	LTHRBike: [5]float64{65, 81, 90, 94, 100},
}

// newZones returns the zones of model m for a sport (a key of Athlete.HR or
// any sport name) from the athlete's HRmax, resting HR and LTHR in bpm,
// with the bounds of defaultZonePercents. ZonesLTHR uses Friel's cycling
// percentages for cycling and his running ones for every other sport. A
// bound that needs a value that is NaN is NaN. Each bound is computed as
// percent × bpm / 100, so that bounds that are whole or half bpm are exact.
func newZones(m ZoneModel, sport string, hrmax, rest, lthr float64) Zones {
	z := Zones{Model: m}
	for i := range z.Low {
		switch m {
		case ZonesLTHR:
			p := defaultZonePercents.LTHRRun[i]
			if SportKey(sport) == SportBike {
				p = defaultZonePercents.LTHRBike[i]
			}
			z.Low[i] = p * lthr / 100
		case ZonesHRMax:
			z.Low[i] = defaultZonePercents.HRMax[i] * hrmax / 100
		default:
			z.Low[i] = rest + defaultZonePercents.HRR[i]*(hrmax-rest)/100
		}
	}
	return z
}

// Of returns the zone index (0 for zone 1 … 4 for zone 5) of a heart rate;
// below Low[0] is zone 1 (index 0).
func (z *Zones) Of(hr float64) int {
	k := 0
	for k < 4 && hr >= z.Low[k+1] {
		k++
	}
	return k
}

// Seconds returns the time in each zone of a heart-rate histogram, and the
// part of zone 1 that lies below Low[0]. Each bin counts whole in the zone
// of its heart rate, so the result is sample-exact. Zones with a NaN bound
// give NaN.
func (z *Zones) Seconds(h load.Histogram) (zones [5]float64, below float64) {
	for _, b := range z.Low {
		if math.IsNaN(b) {
			return [5]float64{nan, nan, nan, nan, nan}, nan
		}
	}
	for bpm, sec := range h {
		if sec == 0 {
			continue
		}
		hr := float64(bpm)
		zones[z.Of(hr)] += sec
		if hr < z.Low[0] {
			below += sec
		}
	}
	return zones, below
}
