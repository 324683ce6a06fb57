package hrv

// Buffer lends the working slices of the analysis, so that analysing
// many sessions reuses them instead of allocating them anew. Its zero
// value is ready; a nil *Buffer allocates. Nothing carved from a Buffer
// outlives the next Reset, and a Buffer serves one goroutine at a time.
type Buffer struct {
	f []float64
	i []int
	b []bool
}

// Reset makes the whole buffer free again.
func (buf *Buffer) Reset() {
	if buf != nil {
		buf.f, buf.i, buf.b = buf.f[:0], buf.i[:0], buf.b[:0]
	}
}

// carve returns the next n elements of *s, zeroed, with capacity n. When
// *s lacks room it is replaced by a larger one; slices carved before stay
// valid (they keep the old array).
func carve[T any](s *[]T, n int) []T {
	if len(*s)+n > cap(*s) {
		*s = make([]T, 0, max(2*cap(*s), len(*s)+n, 1024))
	}
	k := len(*s)
	*s = (*s)[:k+n]
	c := (*s)[k : k+n : k+n]
	clear(c)
	return c
}

// floats, ints and bools return n zeroed elements.
func (buf *Buffer) floats(n int) []float64 {
	if buf == nil {
		return make([]float64, n)
	}
	return carve(&buf.f, n)
}

func (buf *Buffer) ints(n int) []int {
	if buf == nil {
		return make([]int, n)
	}
	return carve(&buf.i, n)
}

func (buf *Buffer) bools(n int) []bool {
	if buf == nil {
		return make([]bool, n)
	}
	return carve(&buf.b, n)
}
