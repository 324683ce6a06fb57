package load_test

import (
	"fmt"

	"github.com/bounceback/bounceback/analysis/load"
)

func ExampleBanisterTRIMP() {
	// One hour at 75 % of heart-rate reserve.
	for _, k := range []struct {
		sex string
		c   load.TRIMPConstants
	}{{"male", load.TRIMPMale}, {"female", load.TRIMPFemale}, {"unknown", load.TRIMPUnknown}} {
		fmt.Printf("%-8s %.1f\n", k.sex, load.BanisterTRIMP(60, 0.75, k.c))
	}
	// Output:
	// male     121.6
	// female   135.4
	// unknown  125.4
}

func ExampleHistogram() {
	// A trace reduced to seconds per bpm: 20 min at 140, 10 min at 165.
	hr := []float64{140, 165}
	w := []float64{20 * 60, 10 * 60}
	h := load.NewHistogram(hr, w)
	const rest, hrmax, lthr = 48.0, 190.0, 170.0
	k := load.TRIMPMale
	trimp := h.TRIMP(rest, hrmax, k)
	fmt.Printf("time %.0f min, mean HR %.1f\n", h.Seconds()/60, h.Mean())
	fmt.Printf("TRIMP %.1f, HRSS %.1f, Edwards %.0f\n", trimp, load.HRSS(trimp, rest, hrmax, lthr, k), h.Edwards(hrmax))
	// Output:
	// time 30 min, mean HR 148.3
	// TRIMP 54.4, HRSS 31.7, Edwards 100
}

func ExampleFitnessFatigue() {
	// Ten days of 100, then five days off.
	days := []float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0, 0, 0, 0, 0}
	ctl, atl, tsb := load.FitnessFatigue(days, 0)
	last := len(days) - 1
	fmt.Printf("CTL %.1f, ATL %.1f, TSB going into the last day %.1f\n", ctl[last], atl[last], tsb[last])
	fmt.Printf("rest days to a form of 0 after day 10: %.1f\n", load.RestDays(ctl[9], atl[9]))
	// Output:
	// CTL 18.8, ATL 37.2, TSB going into the last day -23.7
	// rest days to a form of 0 after day 10: 10.7
}
