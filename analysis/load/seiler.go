package load

// SeilerVT1Frac and SeilerVT2Frac place VT1 and VT2 as fractions of HRmax
// when the session has no DFA-α1 estimates (Seiler 2010: about 82 % and
// 87 % HRmax).
const (
	SeilerVT1Frac = 0.82
	SeilerVT2Frac = 0.87
)

// SeilerSplit returns the time of histogram h below vt1, from vt1 to below
// vt2, and at or above vt2 (bpm), seconds: Seiler's three zones.
func SeilerSplit(h Histogram, vt1, vt2 float64) [3]float64 {
	var z [3]float64
	for b, sec := range h {
		x := float64(b)
		switch {
		case x < vt1:
			z[0] += sec
		case x < vt2:
			z[1] += sec
		default:
			z[2] += sec
		}
	}
	return z
}
