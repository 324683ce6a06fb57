package analysis

import (
	"fmt"
	"math"
	"time"

	"github.com/bounceback/bounceback/analysis/load"
)

func ExampleZones_Seconds() {
	// A trace reduced to seconds per bpm: 20 min at 140, 10 min at 165.
	h := load.NewHistogram([]float64{140, 165}, []float64{20 * 60, 10 * 60})
	b := Build(nil, Options{Flags: ProfileInput{HRMax: 190, HRRest: 48, LTHR: 170,
		Mass: math.NaN(), Age: math.NaN(), ZoneModel: "lthr"}})
	z := b.Athlete.Zones[SportRun]
	zones, below := z.Seconds(h)
	fmt.Printf("zone bounds %v, minutes %v, below zone 1 %v\n", z.Low, scale(zones[:], 1.0/60), below)
	// Output:
	// zone bounds [110.5 144.5 153 161.5 170], minutes [20 0 0 10 0], below zone 1 0
}

func scale(xs []float64, f float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * f
	}
	return out
}

// ExampleBuild_athlete resolves the athlete of a block: a flag wins over
// the device's value, the device's values over the formulas.
func ExampleBuild_athlete() {
	flags := ProfileInput{HRMax: 196, HRRest: math.NaN(), LTHR: math.NaN(), Mass: math.NaN(), Age: math.NaN()}
	device := []DeviceValues{{
		Time: time.Date(2026, 9, 1, 7, 0, 0, 0, time.UTC), Kind: "user_profile", Device: "garmin fr955",
		HRMax: 190, HRRest: 48, LTHR: math.NaN(), Mass: 70, Age: 35, Sex: "male",
	}}
	file := FileSummary{Path: "run.fit", DeviceValues: device}
	a := Build([]FileSummary{file}, Options{Flags: flags}).Athlete
	run := a.HR[SportRun]
	for _, v := range []struct {
		name string
		v    Value
	}{{"hrmax", run.HRMax}, {"rest", run.HRRest}, {"lthr", run.LTHR}, {"mass", a.Mass}} {
		fmt.Printf("%-5s %5.1f  %-8v %s\n", v.name, v.v.V, v.v.Source, v.v.Note)
	}
	fmt.Println("sex", a.Sex, "from", a.SexSource, "; running zones", a.Zones[SportRun].Model)
	// Output:
	// hrmax 196.0  flag     flag
	// rest   48.0  device   user_profile of 2026-09-01 (garmin fr955)
	// lthr  173.8  formula  rest + 0.85 × (max − rest)
	// mass   70.0  device   user_profile of 2026-09-01 (garmin fr955)
	// sex male from device ; running zones hrr
}

func ExampleSweatDefaults_Gonzalez() {
	// The USARIEM prediction for a 70 kg runner at 12 km/h (840 kcal in
	// an hour) in air of 20 °C and 50 % RH.
	h := heatBalance{MetabolicW: 840 * 4184.0 / 3600, TempC: 20, Humidity: 50, MassKg: 70}
	u := DefaultSweat.Gonzalez(h)
	rate, pct := DefaultSweat.RatePct(h)
	fmt.Printf("A %.2f m², Ereq %.0f W/m², Emax %.0f W/m², PW %.0f g/m²/h: %.2f L/h ± %.0f %%\n",
		u.AreaM2, u.Ereq, u.Emax, u.PW, rate, pct)
	// Output: A 1.85 m², Ereq 367 W/m², Emax 157 W/m², PW 571 g/m²/h: 1.06 L/h ± 18 %
}
