package analysis

import (
	"math"

	"github.com/bounceback/bounceback/fitparse"
)

// maxGap is the longest time, in seconds, one sample may stand for. A sample
// followed by a longer gap counts for maxGap seconds only — a gap is not an
// effort (docs/methods.md §3) — and the samples on either side of the gap belong
// to different segments.
const maxGap = 10.0

// trace is one session's samples on the session's own clock, without the
// samples recorded while the timer was stopped. The per-session kernels
// (zones, load, intervals, decoupling) read it.
type trace struct {
	// T is the time of each sample in seconds since the session start,
	// non-decreasing.
	T []float64
	// W is how many seconds each sample stands for: the time to the next
	// sample of its segment, capped at maxGap; maxGap for the last sample
	// before a gap; 0 for the last sample before a timer stop and for the
	// session's last sample.
	W []float64
	// HR is heart rate in bpm, NaN where not recorded. Power (W) and Speed
	// (m/s) are nil when the file recorded none.
	HR, Power, Speed []float64
	// Seg holds the index of the first sample of each continuous segment:
	// a timer stop→start or a gap longer than maxGap starts a new one.
	// Seg[0] == 0 when the trace has samples.
	Seg []int
}

// Len returns the number of samples.
func (tr *trace) Len() int { return len(tr.T) }

// SegmentEnd returns the index one past the last sample of segment k.
func (tr *trace) SegmentEnd(k int) int {
	if k+1 < len(tr.Seg) {
		return tr.Seg[k+1]
	}
	return len(tr.T)
}

// traces splits f's records into one trace per session. A record belongs to
// the last session that started at or before it (records before every
// session go to the first); records without a time, records that go back
// in time and records inside a timer pause (after a stop event and before
// the next start) are dropped. A file without sessions gets no traces. The
// slices are carved from sc (allocated when sc is nil).
func traces(f *fitparse.File, sc *scratch) []trace {
	n := len(f.Sessions)
	if n == 0 {
		return nil
	}
	starts := sc.floats(n)
	for i := range f.Sessions {
		starts[i] = unixSeconds(f.Sessions[i].Start)
	}
	r := &f.Records
	stops, paused := timerState(f.Events, r.Len(), sc)
	out := make([]trace, n)
	last := sc.ints(n) // record index of each trace's last sample
	origin0 := math.NaN()
	for _, t := range r.T {
		if !math.IsNaN(t) {
			origin0 = t
			break
		}
	}
	// Size each trace once: count the records each session may get.
	count := sc.ints(n)
	if n == 1 {
		count[0] = r.Len()
	} else {
		for i, t := range r.T {
			if !math.IsNaN(t) && !paused[i] {
				count[sessionAt(starts, t)]++
			}
		}
	}
	for s := range out {
		c := count[s]
		if c == 0 {
			continue
		}
		tr := &out[s]
		tr.T, tr.W, tr.HR = sc.floats(c)[:0], sc.floats(c)[:0], sc.floats(c)[:0]
		if r.Power != nil {
			tr.Power = sc.floats(c)[:0]
		}
		if r.Speed != nil {
			tr.Speed = sc.floats(c)[:0]
		}
	}
	for i := 0; i < r.Len(); i++ {
		t := r.T[i]
		if math.IsNaN(t) || paused[i] {
			continue
		}
		s := 0
		if n > 1 {
			s = sessionAt(starts, t)
		}
		origin := starts[s]
		if math.IsNaN(origin) {
			origin = origin0
		}
		tr := &out[s]
		rel := t - origin
		k := len(tr.T)
		newSeg := k == 0
		if k > 0 {
			if rel < tr.T[k-1] {
				continue
			}
			dt := rel - tr.T[k-1]
			stopped := stops[i] > stops[last[s]]
			switch {
			case stopped:
				tr.W[k-1] = 0
				newSeg = true
			case dt > maxGap:
				tr.W[k-1] = maxGap
				newSeg = true
			default:
				tr.W[k-1] = dt
			}
		}
		if newSeg {
			tr.Seg = append(tr.Seg, k)
		}
		tr.T = append(tr.T, rel)
		tr.W = append(tr.W, 0)
		tr.HR = append(tr.HR, at(r.HR, i))
		if r.Power != nil {
			tr.Power = append(tr.Power, at(r.Power, i))
		}
		if r.Speed != nil {
			tr.Speed = append(tr.Speed, at(r.Speed, i))
		}
		last[s] = i
	}
	return out
}

// timerState returns, for each record index i, how many timer stops came
// before record i (stops[i]) and whether the timer was stopped when it was
// written (paused[i]). Records before any event count as running.
func timerState(events []fitparse.Event, n int, sc *scratch) (stops []int, paused []bool) {
	stops = sc.ints(n)
	paused = sc.bools(n)
	e, count, stopped := 0, 0, false
	for i := 0; i < n; i++ {
		for e < len(events) && events[e].RecordIndex <= i {
			if events[e].Kind == fitparse.TimerStop {
				count++
				stopped = true
			} else {
				stopped = false
			}
			e++
		}
		stops[i], paused[i] = count, stopped
	}
	return stops, paused
}

// at returns xs[i], or NaN when xs is shorter.
func at(xs []float64, i int) float64 {
	if i < len(xs) {
		return xs[i]
	}
	return math.NaN()
}
