package analysis

import (
	"math"
	"testing"

	"github.com/bounceback/bounceback/internal/approx"
)

// TestRecovery checks our recovery model by hand: 24 h × load / reference
// × the class factor, within 6–96 h, and the saturating sum.
func TestRecovery(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		load, ref float64
		class     Class
		race      bool
		want      float64
	}{
		{80, 80, Endurance, false, 24},
		{80, 80, VO2max, false, 34.8},
		{40, 80, Recovery, false, 7.2},
		{1, 80, Recovery, false, 6},
		{1000, 80, Threshold, false, 96},
		{100, 80, Threshold, true, 45},
		{math.NaN(), 80, Endurance, false, 6},
	} {
		if got := recoveryHours(tt.load, tt.ref, tt.class, tt.race); !approx.Equal(got, tt.want, 1e-6, 1e-6) {
			t.Errorf("RecoveryHours(%v, %v, %v, %v) = %v, want %v", tt.load, tt.ref, tt.class, tt.race, got, tt.want)
		}
	}
	for _, tt := range []struct{ left, h, want float64 }{
		{0, 24, 24}, {48, 24, 60}, {96, 50, 96}, {90, 96, 96}, {-3, 10, 10},
	} {
		if got := addRecovery(tt.left, tt.h); !approx.Equal(got, tt.want, 1e-6, 1e-6) {
			t.Errorf("AddRecovery(%v, %v) = %v, want %v", tt.left, tt.h, got, tt.want)
		}
	}
}
