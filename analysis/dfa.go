package analysis

import "math"

// dfaAlpha returns the DFA scaling exponent of x over box sizes
// minBox..maxBox beats: x minus its mean is integrated, each
// non-overlapping box (from the start) is detrended by its least-squares
// line, F(n) = √(Σ residual² / (boxes·n)), and α is the least-squares slope
// of ln F(n) on ln n. It is NaN when x has fewer than 2·maxBox values or
// some F(n) is 0. y is scratch space, grown as needed. Each box size costs
// O(len(x)).
func dfaAlpha(x []float64, minBox, maxBox int, y *[]float64) float64 {
	n := len(x)
	if minBox < 2 || maxBox < minBox || n < 2*maxBox {
		return nan
	}
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	if cap(*y) < n {
		*y = make([]float64, n)
	}
	ys := (*y)[:n]
	acc := 0.0
	for i, v := range x {
		acc += v - mean
		ys[i] = acc
	}
	var sx, sy, sxx, sxy float64
	k := 0
	for s := minBox; s <= maxBox; s++ {
		boxes := n / s
		c := float64(s-1) / 2
		sjj := float64(s) * (float64(s)*float64(s) - 1) / 12
		rss := 0.0
		for bx := 0; bx < boxes; bx++ {
			box := ys[bx*s : bx*s+s]
			m := 0.0
			for _, v := range box {
				m += v
			}
			m /= float64(s)
			var syy, sjy float64
			for j, v := range box {
				d := v - m
				syy += d * d
				sjy += (float64(j) - c) * d
			}
			if r := syy - sjy*sjy/sjj; r > 0 {
				rss += r
			}
		}
		f := math.Sqrt(rss / float64(boxes*s))
		if !(f > 0) {
			return nan
		}
		lx, ly := math.Log(float64(s)), math.Log(f)
		sx += lx
		sy += ly
		sxx += lx * lx
		sxy += lx * ly
		k++
	}
	kf := float64(k)
	return (sxy - sx*sy/kf) / (sxx - sx*sx/kf)
}
