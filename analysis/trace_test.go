package analysis

import (
	"reflect"
	"testing"

	"github.com/bounceback/bounceback/fitparse"
)

// pausedRun is a one-session run recorded every second: 60 s at 150 bpm, a
// 60-s timer pause (records at 100 bpm written while stopped), 60 s at
// 160 bpm, a 30-s recording gap, then 30 s at 170 bpm.
func pausedRun() *fitparse.File {
	t0 := unix("07:00")
	f := &fitparse.File{
		Path:     "paused.fit",
		Sessions: []fitparse.Session{{Sport: "running", Start: clockAt("07:00"), Timer: 180, Elapsed: 239, AvgHR: 155, RPE: nan}},
	}
	r := &f.Records
	add := func(from, to int, hr float64) {
		for s := from; s < to; s++ {
			r.T = append(r.T, t0+float64(s))
			r.HR = append(r.HR, hr)
		}
	}
	add(0, 60, 150)
	f.Events = append(f.Events, fitparse.Event{T: t0 + 60, Kind: fitparse.TimerStop, RecordIndex: len(r.T)})
	add(60, 120, 100)
	f.Events = append(f.Events, fitparse.Event{T: t0 + 120, Kind: fitparse.TimerStart, RecordIndex: len(r.T)})
	add(120, 180, 160)
	add(210, 240, 170)
	return f
}

func TestTracesPausesAndGaps(t *testing.T) {
	t.Parallel()
	trs := traces(pausedRun(), nil)
	if len(trs) != 1 {
		t.Fatalf("got %d traces, want 1", len(trs))
	}
	tr := trs[0]
	if tr.Len() != 150 {
		t.Fatalf("got %d samples, want 150 (the 60 paused records dropped)", tr.Len())
	}
	if want := []int{0, 60, 120}; !reflect.DeepEqual(tr.Seg, want) {
		t.Errorf("Seg = %v, want %v (a new segment after the pause and after the gap)", tr.Seg, want)
	}
	checks := []struct {
		i    int
		t, w float64
	}{
		{0, 0, 1}, {58, 58, 1},
		{59, 59, 0},    // last sample before the stop: the pause is no effort
		{60, 120, 1},   // first after the start, on the session clock
		{119, 179, 10}, // last before the 30-s gap: capped at maxGap
		{120, 210, 1},
		{149, 239, 0}, // the session's last sample
	}
	for _, c := range checks {
		if tr.T[c.i] != c.t || tr.W[c.i] != c.w {
			t.Errorf("sample %d: T %v W %v, want T %v W %v", c.i, tr.T[c.i], tr.W[c.i], c.t, c.w)
		}
	}
	if tr.SegmentEnd(0) != 60 || tr.SegmentEnd(2) != 150 {
		t.Errorf("SegmentEnd: %d %d, want 60 150", tr.SegmentEnd(0), tr.SegmentEnd(2))
	}
}

func TestTimeInZonePausesAndGaps(t *testing.T) {
	t.Parallel()
	s := Summarize(pausedRun())
	ss := s.Sessions[0]
	// 59 s at 150, 59 + 10 s at 160, 29 s at 170; nothing at 100 (paused).
	want := map[int]float64{150: 59, 160: 69, 170: 29}
	for b, sec := range ss.HRHist {
		if sec != want[b] {
			t.Errorf("HRHist[%d] = %v, want %v", b, sec, want[b])
		}
	}
	if ss.HRTime != 157 {
		t.Errorf("HRTime = %v, want 157", ss.HRTime)
	}
	b := Build([]FileSummary{s}, Options{
		Flags: ProfileInput{HRMax: 190, HRRest: 50, ZoneModel: "hrr"},
	})
	got := b.Files[0].Sessions[0]
	// %HRR bounds 120 134 148 162 176: 150 and 160 in zone 3, 170 in zone 4.
	if wantZ := [5]float64{0, 0, 128, 29, 0}; got.ZoneSeconds != wantZ {
		t.Errorf("ZoneSeconds = %v, want %v", got.ZoneSeconds, wantZ)
	}
	if got.LoadEstimated || !(got.TRIMP > 0) {
		t.Errorf("load: TRIMP %v estimated %v", got.TRIMP, got.LoadEstimated)
	}
}

func TestTracesMultisport(t *testing.T) {
	t.Parallel()
	trs := traces(multisportFile(), nil)
	if len(trs) != 2 {
		t.Fatalf("got %d traces, want 2", len(trs))
	}
	// 07:00 and 07:30 and 08:01 belong to the ride, 08:02 and 08:30 to the
	// run; each trace is on its own session's clock.
	if want := []float64{0, 1800, 3660}; !reflect.DeepEqual(trs[0].T, want) {
		t.Errorf("ride T = %v, want %v", trs[0].T, want)
	}
	if want := []float64{0, 1680}; !reflect.DeepEqual(trs[1].T, want) {
		t.Errorf("run T = %v, want %v", trs[1].T, want)
	}
	// Samples 30 min apart: each stands for maxGap only.
	if want := []float64{maxGap, maxGap, 0}; !reflect.DeepEqual(trs[0].W, want) {
		t.Errorf("ride W = %v, want %v", trs[0].W, want)
	}
}
