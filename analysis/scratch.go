package analysis

import (
	"sync"

	"github.com/bounceback/bounceback/analysis/hrv"
)

// scratch lends the working slices of one file's summary (traces, timer
// state, smoothed streams, RR copies and filter flags) so that a decoding
// worker reuses them from file to file instead of allocating them anew:
// summarizing a folder then allocates little more than what it keeps.
// Nothing carved from a scratch may outlive its release.
type scratch struct {
	f []float64
	i []int
	b []bool
	// hrv lends the HRV analysis its working slices.
	hrv hrv.Buffer
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// getScratch returns an empty scratch; release it with putScratch.
func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// putScratch empties sc and returns it to the pool.
func putScratch(sc *scratch) {
	sc.f, sc.i, sc.b = sc.f[:0], sc.i[:0], sc.b[:0]
	sc.hrv.Reset()
	scratchPool.Put(sc)
}

// carve returns the next n elements of *buf, zeroed, with capacity n. When
// *buf lacks room it is replaced by a larger one; slices carved before stay
// valid (they keep the old array).
func carve[T any](buf *[]T, n int) []T {
	if len(*buf)+n > cap(*buf) {
		*buf = make([]T, 0, max(2*cap(*buf), len(*buf)+n, 1024))
	}
	k := len(*buf)
	*buf = (*buf)[:k+n]
	s := (*buf)[k : k+n : k+n]
	clear(s)
	return s
}

// floats, ints and bools return n zeroed elements; a nil scratch
// allocates them.
func (sc *scratch) floats(n int) []float64 {
	if sc == nil {
		return make([]float64, n)
	}
	return carve(&sc.f, n)
}

func (sc *scratch) ints(n int) []int {
	if sc == nil {
		return make([]int, n)
	}
	return carve(&sc.i, n)
}

func (sc *scratch) bools(n int) []bool {
	if sc == nil {
		return make([]bool, n)
	}
	return carve(&sc.b, n)
}
