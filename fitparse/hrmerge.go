package fitparse

import (
	"errors"
	"math"
	"unsafe"
)

// This file merges the heart rate that HRM-Pro/Tri/Swim straps store (hr
// messages, appended to the activity) into the record stream, exactly as
// Garmin's FIT SDK does by default (mergeHeartRates and expandHeartRates in
// the JavaScript SDK's src/utils-hr-mesg.js; the C# and Python SDKs agree):
//
//  1. Expand the hr messages into timed samples. A message with a timestamp
//     is an anchor: its time (plus fractional_timestamp) corresponds to its
//     single event_timestamp. Every event_timestamp (seconds, 1/1024 s
//     resolution, rolling over at 2^22 s) is placed relative to the last
//     anchor. Between two samples more than 0.25 s apart the previous value
//     is carried forward in 0.25 s steps, for at most 5 s.
//  2. Walk the records in order. Each record owns the samples in
//     (previous record time, its time]; when a sample past its time shows
//     up, the record's heart rate becomes the rounded mean of the samples it
//     owns. A record with the same time as the range start reaches one
//     second and one sample back.
//
// Quirks of the reference are kept on purpose, so that sample counts match
// the SDK: the last record owning samples keeps its own value when no later
// sample exists, and records owning none keep theirs.

// hrMsg is one hr message: its anchor time and its samples.
type hrMsg struct {
	// t is the timestamp plus fractional_timestamp in FIT seconds; NaN for
	// a message without a timestamp (not an anchor).
	t float64
	// ev and bpm index hrData.ev and hrData.bpm: [evStart, evStart+nEv).
	evStart, nEv   int
	bpmStart, nBpm int
}

// hrData collects the hr messages of a file.
type hrData struct {
	msgs []hrMsg
	ev   []float64 // event_timestamp values, seconds
	bpm  []float64 // filtered_bpm values
	// maxSamples, when > 0, bounds the samples expand may make: the
	// carried-forward steps make up to 21 samples of each value, so that
	// hostile hr messages would otherwise take 67 bytes of memory per byte.
	maxSamples int
}

// count returns the number of heart-rate values the hr messages hold.
func (h *hrData) count() int {
	n := 0
	for _, v := range h.bpm {
		if !math.IsNaN(v) {
			n++
		}
	}
	return n
}

func (l *listener) hrMesg(m *message) {
	h := &l.hr
	msg := hrMsg{t: nan, evStart: len(h.ev), bpmStart: len(h.bpm)}
	frac := nan
	ts := int64(-1)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			ts = l.noteTS(f)
		case hrFractional:
			frac = num(f)
		case hrFilteredBPM:
			h.bpm = appendValues(h.bpm, m, f, 1)
		case hrEventTimestamp:
			h.ev = appendValues(h.ev, m, f, 1024)
		}
	}
	msg.nEv = len(h.ev) - msg.evStart
	msg.nBpm = len(h.bpm) - msg.bpmStart
	l.stored += int64(unsafe.Sizeof(msg)) + 8*int64(msg.nEv+msg.nBpm)
	if ts >= 0 {
		msg.t = float64(ts)
		if !math.IsNaN(frac) {
			msg.t += frac
		}
	}
	h.msgs = append(h.msgs, msg)
}

// appendValues appends the elements of an unsigned field (single value or
// array), divided by scale, with invalid elements as NaN.
func appendValues(dst []float64, m *message, f *field, scale float64) []float64 {
	switch f.typ {
	case vUint8:
		return appendOne(dst, float64(uint8(f.u)), uint8(f.u) != math.MaxUint8, scale)
	case vUint32:
		return appendOne(dst, float64(uint32(f.u)), uint32(f.u) != math.MaxUint32, scale)
	case vSliceUint8:
		for _, u := range m.elems(f) {
			dst = appendOne(dst, float64(u), u != math.MaxUint8, scale)
		}
	case vSliceUint32:
		for _, u := range m.elems(f) {
			dst = appendOne(dst, float64(u), u != math.MaxUint32, scale)
		}
	}
	return dst
}

func appendOne(dst []float64, x float64, ok bool, scale float64) []float64 {
	if !ok {
		return append(dst, nan)
	}
	return append(dst, x/scale)
}

// hrSample is one expanded heart-rate sample.
type hrSample struct {
	t, hr float64 // FIT seconds, bpm
}

// Errors of the expansion; the SDK gives up merging on each of them.
var (
	errHRAnchor   = errors.New("anchor hr message must have exactly one event_timestamp")
	errHRNoAnchor = errors.New("hr message before any anchor timestamp")
	errHRMismatch = errors.New("hr message with mismatching event_timestamp and filtered_bpm counts")
	errHROrder    = errors.New("event_timestamp before its anchor")
	errHRTooMany  = errors.New("hr messages expand to more samples than the file's decode bound")
)

// expand turns the hr messages into timed samples (expandHeartRates).
func (h *hrData) expand() ([]hrSample, error) {
	const (
		gapIncrement = 0.25 // seconds
		gapMaxSteps  = 20   // 5 s in 0.25 s steps
		rollover     = 0x400000
	)
	out := make([]hrSample, 0, len(h.bpm)+len(h.bpm)/2)
	anchorEvent, anchor := 0.0, nan
	anchored := false
	for _, m := range h.msgs {
		// A missing field reads as one undefined value in the SDK.
		ev, bpm := h.ev[m.evStart:m.evStart+m.nEv], h.bpm[m.bpmStart:m.bpmStart+m.nBpm]
		if len(ev) == 0 {
			ev = []float64{nan}
		}
		if len(bpm) == 0 {
			bpm = []float64{nan}
		}
		if !math.IsNaN(m.t) {
			anchor, anchored = m.t, true
			if len(ev) != 1 {
				return nil, errHRAnchor
			}
			anchorEvent = ev[0]
		}
		if !anchored || math.IsNaN(anchorEvent) {
			return nil, errHRNoAnchor
		}
		if len(ev) != len(bpm) {
			return nil, errHRMismatch
		}
		for i, e := range ev {
			if e < anchorEvent {
				if anchorEvent-e > rollover {
					e += rollover
				} else {
					return nil, errHROrder
				}
			}
			cur := hrSample{t: anchor + (e - anchorEvent), hr: bpm[i]}
			if n := len(out); n > 0 {
				prev := out[n-1]
				gap := math.Abs(cur.t-prev.t) * 1000
				for step := 1; gap > gapIncrement*1000 && step <= gapMaxSteps; step++ {
					out = append(out, hrSample{t: prev.t + gapIncrement*float64(step), hr: prev.hr})
					gap -= gapIncrement * 1000
				}
			}
			out = append(out, cur)
			if h.maxSamples > 0 && len(out) > h.maxSamples {
				return nil, errHRTooMany
			}
		}
	}
	return out, nil
}

// merge writes the strap heart rate into r.HR (mergeHeartRates) and
// returns how many records received a value from it.
func (h *hrData) merge(r *Records) (int, error) {
	samples, err := h.expand()
	if err != nil {
		return 0, err
	}
	if len(samples) == 0 || len(r.T) == 0 {
		return 0, nil
	}
	merged := 0
	idx := 0
	start, started := 0.0, false
	for i, tu := range r.T {
		end := tu - fitEpoch
		if !started {
			start, started = end, true
		}
		if start == end {
			start--
			idx = max(idx-1, 0)
		}
		sum, count := 0.0, 0
		for idx < len(samples) {
			s := samples[idx]
			if s.t > start && s.t <= end {
				sum += s.hr
				count++
			} else if s.t > end {
				if count > 0 {
					if r.HR == nil {
						r.HR = make([]float64, len(r.T))
						for k := range r.HR {
							r.HR[k] = nan
						}
					}
					if v := math.Floor(sum/float64(count) + 0.5); v > 0 {
						r.HR[i] = v
						merged++
					} else {
						r.HR[i] = nan
					}
				}
				start = end
				break
			}
			idx++
		}
	}
	return merged, nil
}
