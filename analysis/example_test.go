package analysis_test

import (
	"fmt"
	"math"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

func ExampleBanisterTRIMP() {
	// One hour at 75 % of heart-rate reserve.
	for _, sex := range []string{"male", "female", ""} {
		k := analysis.TRIMPConstantsFor(sex)
		fmt.Printf("%-9q %.1f\n", sex, analysis.BanisterTRIMP(60, 0.75, k))
	}
	// Output:
	// "male"    121.6
	// "female"  135.4
	// ""        125.4
}

func ExampleHRHistogram() {
	// A trace reduced to seconds per bpm: 20 min at 140, 10 min at 165.
	hr := []float64{140, 165}
	w := []float64{20 * 60, 10 * 60}
	h := analysis.NewHRHistogram(hr, w)
	const rest, hrmax, lthr = 48.0, 190.0, 170.0
	k := analysis.TRIMPMale
	trimp := h.TRIMP(rest, hrmax, k)
	fmt.Printf("time %.0f min, mean HR %.1f\n", h.Seconds()/60, h.Mean())
	fmt.Printf("TRIMP %.1f, HRSS %.1f, Edwards %.0f\n", trimp, analysis.HRSS(trimp, rest, hrmax, lthr, k), h.Edwards(hrmax))

	z := analysis.NewZones(analysis.ZonesLTHR, "running", hrmax, rest, lthr)
	zones, below := z.Seconds(h)
	fmt.Printf("zone bounds %v, minutes %v, below zone 1 %v\n", z.Low, scale(zones[:], 1.0/60), below)
	// Output:
	// time 30 min, mean HR 148.3
	// TRIMP 54.4, HRSS 31.7, Edwards 100
	// zone bounds [110.5 144.5 153 161.5 170], minutes [20 0 0 10 0], below zone 1 0
}

func scale(xs []float64, f float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * f
	}
	return out
}

func ExampleResolveAthlete() {
	flags := analysis.ProfileInput{HRMax: 196, HRRest: math.NaN(), LTHR: math.NaN(), Mass: math.NaN(), Age: math.NaN()}
	device := []analysis.DeviceValues{{
		Time: time.Date(2026, 9, 1, 7, 0, 0, 0, time.UTC), Kind: analysis.DeviceUserProfile, Device: "garmin fr955",
		HRMax: 190, HRRest: 48, LTHR: math.NaN(), Mass: 70, Age: 35, Sex: "male",
	}}
	a, _ := analysis.ResolveAthlete(flags, analysis.ProfileInput{}, device, nil, time.Time{})
	run := a.HR[analysis.SportRun]
	for _, v := range []struct {
		name string
		v    analysis.Value
	}{{"hrmax", run.HRMax}, {"rest", run.HRRest}, {"lthr", run.LTHR}, {"mass", a.Mass}} {
		fmt.Printf("%-5s %5.1f  %-8v %s\n", v.name, v.v.V, v.v.Source, v.v.Note)
	}
	fmt.Println("sex", a.Sex, "from", a.SexSource, "; running zones", a.Zones[analysis.SportRun].Model)
	// Output:
	// hrmax 196.0  flag     flag
	// rest   48.0  device   user_profile of 2026-09-01 (garmin fr955)
	// lthr  173.8  formula  rest + 0.85 × (max − rest)
	// mass   70.0  device   user_profile of 2026-09-01 (garmin fr955)
	// sex male from device ; running zones hrr
}
