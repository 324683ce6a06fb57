package fitparse

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestMergeHeartRates(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	// Records at FIT seconds 10..14; the last one has its own value.
	records := func() *Records {
		r := &Records{HR: []float64{nan, nan, nan, nan, 150}}
		for s := 10; s <= 14; s++ {
			r.T = append(r.T, float64(s+fitEpoch))
		}
		return r
	}
	anchor := hrMsg{t: 10, evStart: 0, nEv: 1, bpmStart: 0, nBpm: 1}
	deltas := hrMsg{t: nan, evStart: 1, nEv: 5, bpmStart: 1, nBpm: 5}
	h := hrData{
		msgs: []hrMsg{anchor, deltas},
		ev:   []float64{100, 100.5, 101, 101.5, 102, 104},
		bpm:  []float64{90, 91, 92, 93, 94, 95},
	}

	// Expansion carries each value forward in 0.25 s steps (at most 5 s).
	samples, err := h.expand()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(samples), 17; got != want {
		t.Fatalf("%d samples, want %d: %v", got, want, samples)
	}

	// A gap longer than 5 s is filled for 5 s only.
	long := hrData{
		msgs: []hrMsg{anchor, {t: nan, evStart: 1, nEv: 1, bpmStart: 1, nBpm: 1}},
		ev:   []float64{100, 110},
		bpm:  []float64{90, 95},
	}
	ls, err := long.expand()
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 22 || ls[20].t != 15 || ls[20].hr != 90 || ls[21].t != 20 {
		t.Errorf("long gap: %d samples %v, want 22 with the last fill at 15 s", len(ls), ls)
	}

	r := records()
	n, err := h.merge(r)
	if err != nil {
		t.Fatal(err)
	}
	// Record 10 s takes the sample at 10 s; each later record the rounded
	// mean of (previous, own]: (90+91+91+92)/4 = 91, (92+93+93+94)/4 = 93,
	// 94. The last record owns samples but no later sample closes its
	// range: as in Garmin's SDK it keeps its own value.
	want := []float64{90, 91, 93, 94, 150}
	if fmt.Sprint(r.HR) != fmt.Sprint(want) || n != 4 {
		t.Errorf("merged HR %v (%d merged), want %v (4)", r.HR, n, want)
	}

	bad := []struct {
		name string
		h    hrData
		err  error
	}{
		{"no anchor", hrData{msgs: []hrMsg{deltas}, ev: h.ev, bpm: h.bpm}, errHRNoAnchor},
		{"anchor with two events", hrData{msgs: []hrMsg{{t: 10, nEv: 2, nBpm: 2}}, ev: h.ev, bpm: h.bpm}, errHRAnchor},
		{"count mismatch", hrData{msgs: []hrMsg{anchor, {t: nan, evStart: 1, nEv: 2, bpmStart: 1, nBpm: 3}}, ev: h.ev, bpm: h.bpm}, errHRMismatch},
		{"backwards", hrData{msgs: []hrMsg{{t: 10, evStart: 1, nEv: 1, bpmStart: 0, nBpm: 1}, {t: nan, evStart: 0, nEv: 1, bpmStart: 1, nBpm: 1}}, ev: h.ev, bpm: h.bpm}, errHROrder},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := records()
			if _, err := tt.h.merge(r); !errors.Is(err, tt.err) {
				t.Errorf("err %v, want %v", err, tt.err)
			}
			if !math.IsNaN(r.HR[0]) {
				t.Error("records changed although the merge failed")
			}
		})
	}
}
