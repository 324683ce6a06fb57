package analysis

import (
	"math"
	"testing"

	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/internal/approx"
)

func TestEstimatedLoad(t *testing.T) {
	t.Parallel()
	a := &SessionAthlete{TRIMP: load.TRIMPMale}
	a.HRMax.V, a.HRRest.V, a.LTHR.V = 190, 50, 169
	// With an average heart rate: as if every second were at it.
	got := estimatedLoad("running", 3600, 155, a)
	x := 0.75
	if want := 60 * x * 0.64 * math.Exp(1.92*x); !got.Estimated || !approx.Equal(got.TRIMP, want, 1e-9, 1e-12) || got.Edwards != 60*4 {
		t.Errorf("from avg HR: got %+v, want estimated TRIMP %v Edwards 240", got, want)
	}
	// Without: the sport's assumed fraction of heart-rate reserve.
	for _, sport := range []string{"running", "cycling", "swimming", "rowing", ""} {
		f := defaultLoadEstimate.For(sport)
		got := estimatedLoad(sport, 1800, math.NaN(), a)
		want := 30 * f * 0.64 * math.Exp(1.92*f)
		if !got.Estimated || !approx.Equal(got.TRIMP, want, 1e-9, 1e-12) || got.Note == "" || math.IsNaN(got.HRSS) {
			t.Errorf("%q: got %+v, want estimated TRIMP %v with a note", sport, got, want)
		}
	}
	if got := estimatedLoad("running", math.NaN(), math.NaN(), a); !math.IsNaN(got.TRIMP) {
		t.Errorf("without duration: TRIMP %v, want NaN", got.TRIMP)
	}
}

func TestTRIMPConstantsBySex(t *testing.T) {
	t.Parallel()
	for sex, want := range map[string]load.TRIMPConstants{
		"male": load.TRIMPMale, "female": load.TRIMPFemale, "": load.TRIMPUnknown, "other": load.TRIMPUnknown,
	} {
		if got := trimpConstants(sex); got != want {
			t.Errorf("trimpConstants(%q) = %+v, want %+v", sex, got, want)
		}
	}
}
