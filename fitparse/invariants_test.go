package fitparse

import (
	"errors"
	"math"
	"testing"
)

// checkInvariants checks what every decoded File must satisfy, whatever the
// input: equal column lengths, RR and RRTime in step, event indexes in
// range, status and error consistent, no sentinel leaking as a value, and a
// session rebuilt from the records only when it is the only one.
func checkInvariants(t *testing.T, f *File) {
	t.Helper()
	if f == nil {
		t.Fatal("nil File")
	}
	n := f.Records.Len()
	cols := map[string][]float64{
		"HR": f.Records.HR, "Speed": f.Records.Speed, "Power": f.Records.Power,
		"Distance": f.Records.Distance, "Temperature": f.Records.Temperature,
		"Cadence": f.Records.Cadence, "Altitude": f.Records.Altitude,
	}
	for name, c := range cols {
		if c != nil && len(c) != n {
			t.Errorf("column %s has %d rows, T has %d", name, len(c), n)
		}
	}
	for i, v := range f.Records.HR {
		if !math.IsNaN(v) && (v < 0 || v >= 255) {
			t.Errorf("HR[%d] = %v: sentinel or impossible value", i, v)
			break
		}
	}
	if len(f.RR) != len(f.RRTime) {
		t.Errorf("len(RR) %d != len(RRTime) %d", len(f.RR), len(f.RRTime))
	}
	for i, v := range f.RR {
		if math.IsNaN(v) || v < 0 || v >= 65.535 {
			t.Errorf("RR[%d] = %v: sentinel or impossible value", i, v)
			break
		}
	}
	for i, e := range f.Events {
		if e.RRIndex < 0 || e.RRIndex > len(f.RR) || e.RecordIndex < 0 || e.RecordIndex > n {
			t.Errorf("event %d indexes out of range: %+v", i, e)
		}
	}
	switch f.Status {
	case OK:
		if f.Err != nil {
			t.Errorf("status ok with error %v", f.Err)
		}
		for _, w := range f.Warnings {
			var de *DecodeError
			if errors.As(w, &de) {
				t.Errorf("status ok with damage warning %v", w)
			}
		}
	case Partial:
		if f.Err != nil {
			t.Errorf("status partial with error %v", f.Err)
		}
		if len(f.Warnings) == 0 {
			t.Error("status partial without warnings")
		}
		if !f.IsActivity() && len(f.Wellness) == 0 {
			t.Error("status partial with nothing decoded")
		}
	case Failed, Skipped:
		if f.Err == nil {
			t.Errorf("status %v without error", f.Status)
		}
	default:
		t.Errorf("unknown status %v", f.Status)
	}
	rebuilt := 0
	for i, s := range f.Sessions {
		for _, v := range []float64{s.AvgHR, s.MaxHR} {
			if !math.IsNaN(v) && (v < 0 || v >= 255) {
				t.Errorf("session %d HR %v: sentinel leaked", i, v)
			}
		}
		if s.Reconstructed {
			// Rebuilt from the records: no sentinel to leak, but the timer
			// runs within the elapsed time.
			rebuilt++
			if s.Timer < 0 || s.Timer > s.Elapsed+1e-9 || math.IsNaN(s.Timer) != math.IsNaN(s.Elapsed) {
				t.Errorf("session %d rebuilt with timer %v, elapsed %v", i, s.Timer, s.Elapsed)
			}
			continue
		}
		if !math.IsNaN(s.Timer) && s.Timer >= float64(math.MaxUint32)/1000 {
			t.Errorf("session %d timer %v: sentinel leaked", i, s.Timer)
		}
	}
	if rebuilt > 0 && (rebuilt != 1 || len(f.Sessions) != 1 || n == 0) {
		t.Errorf("%d sessions rebuilt among %d, from %d records: want one alone, from records", rebuilt, len(f.Sessions), n)
	}
}
