package hrv

import "math"

// dfa returns the DFA scaling exponent of x over box sizes
// minBox..maxBox beats: x minus its mean is integrated, each
// non-overlapping box (from the start) is detrended by its least-squares
// line, F(n) = √(Σ residual² / (boxes·n)), and α is the least-squares slope
// of ln F(n) on ln n. It is NaN when x has fewer than 2·maxBox values or
// some F(n) is 0. buf is scratch space, grown as needed.
//
// Prefix sums of the integrated series y, of y² and of j·y make each box
// O(1): a box [a, a+s) has Σ(y−ȳ)² = Σy² − (Σy)²/s and
// Σ(j−c)(y−ȳ) = Σj·y − (a + c)·Σy with c = (s−1)/2, so the whole
// estimate costs O(len(x)) plus one step per box. y is small (the series
// is centred), which keeps the differences of prefix sums exact enough.
func dfa(x []float64, minBox, maxBox int, buf *[]float64) float64 {
	n := len(x)
	if minBox < 2 || maxBox < minBox || n < 2*maxBox {
		return nan
	}
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(n)
	if cap(*buf) < 3*(n+1) {
		*buf = make([]float64, 3*(n+1))
	}
	b := (*buf)[:3*(n+1)]
	p1, p2, pj := b[:n+1], b[n+1:2*(n+1)], b[2*(n+1):]
	p1[0], p2[0], pj[0] = 0, 0, 0
	acc := 0.0
	for i, v := range x {
		acc += v - mean
		p1[i+1] = p1[i] + acc
		p2[i+1] = p2[i] + acc*acc
		pj[i+1] = pj[i] + float64(i)*acc
	}
	var sx, sy, sxx, sxy float64
	k := 0
	for s := minBox; s <= maxBox; s++ {
		boxes := n / s
		fs := float64(s)
		c := (fs - 1) / 2
		sjj := fs * (fs*fs - 1) / 12
		rss := 0.0
		for a := 0; a+s <= boxes*s; a += s {
			sumY := p1[a+s] - p1[a]
			syy := p2[a+s] - p2[a] - sumY*sumY/fs
			sjy := pj[a+s] - pj[a] - (float64(a)+c)*sumY
			if r := syy - sjy*sjy/sjj; r > 0 {
				rss += r
			}
		}
		f := math.Sqrt(rss / float64(boxes*s))
		if !(f > 0) {
			return nan
		}
		lx, ly := math.Log(fs), math.Log(f)
		sx += lx
		sy += ly
		sxx += lx * lx
		sxy += lx * ly
		k++
	}
	kf := float64(k)
	return (sxy - sx*sy/kf) / (sxx - sx*sx/kf)
}
