package fitparse

import (
	"fmt"
	"math"
	"time"

	"github.com/muktihari/fit/profile/typedef"
)

// This file rebuilds the session of an activity file that has records but
// no session message: a recording cut before the device wrote its summary,
// or a tool that writes records only.

// maxRecordGap is the longest interval, in seconds, between two records
// that counts as timer time in a file without timer events; a longer gap
// is a pause.
const maxRecordGap = 60

// maxStartLead is how long, in seconds, a timer start event may come before
// the earliest record and still start a rebuilt session.
const maxStartLead = 60

// sportName is a sport and sub-sport by their profile names, as a sport
// message or a lap gives them; "" when not recorded.
type sportName struct {
	sport, subSport string
}

// setSport sets the sport from a sport field; an invalid one leaves it.
func (s *sportName) setSport(f *field) {
	if u, ok := u8(f); ok {
		s.sport = profileName(typedef.Sport(u).String(), uint64(u))
	}
}

// setSubSport sets the sub-sport from a sub_sport field; an invalid one
// leaves it.
func (s *sportName) setSubSport(f *field) {
	if u, ok := u8(f); ok {
		s.subSport = profileName(typedef.SubSport(u).String(), uint64(u))
	}
}

// sportMesg reads the sport message (what the activity is, written at its
// start): the first one that names a sport or sub-sport gives them to a
// rebuilt session.
func (l *listener) sportMesg(m *message) {
	var s sportName
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldTimestamp:
			l.noteTS(f)
		case sportSport:
			s.setSport(f)
		case sportSubSport:
			s.setSubSport(f)
		}
	}
	if l.sport == (sportName{}) {
		l.sport = s
	}
}

// rebuildSession gives an activity file (type "activity", or no file_id
// type) that has records but no session message one session built from
// its records, marked Reconstructed, and adds a warning wrapping
// ErrNoSession. It takes two records with a time: one is a moment, not a
// session, and without any the session would have no start. It runs after the clock was set, so that the session starts on the
// records' final times.
func (l *listener) rebuildSession() {
	f := l.f
	timed := 0
	for _, t := range f.Records.T {
		if !math.IsNaN(t) {
			timed++
		}
	}
	if len(f.Sessions) > 0 || f.ID.Type != "" && f.ID.Type != "activity" || timed < 2 {
		return
	}
	sport := l.sport
	if sport == (sportName{}) {
		sport = l.lapSport
	}
	f.Sessions = append(f.Sessions, sessionFromRecords(&f.Records, f.Events, sport))
	n, noun := f.Records.Len(), "records"
	if n == 1 {
		noun = "record"
	}
	f.Warnings = append(f.Warnings, fmt.Errorf("%s: %w: a session was rebuilt from %d %s", f.Path, ErrNoSession, n, noun))
}

// sessionFromRecords builds a session from records r and timer events:
//
//   - Start is the earliest record time, or the first timer start event when
//     it comes earlier by at most maxStartLead seconds (devices start the
//     timer a moment before the first record).
//   - Elapsed runs from Start to the latest record time, so that End is the
//     latest record's time. In a file whose times only go forward, the
//     earliest and latest records are the first and the last.
//   - Timer is the time between Start and the latest record during which the
//     timer events say the timer ran (a file cut while the timer runs counts
//     to its last record). Without timer events, every step forward between
//     consecutive records counts, except gaps longer than maxRecordGap
//     seconds, which are pauses; a record whose time goes back counts
//     nothing. Timer is never more than Elapsed.
//   - Distance is the last valid record distance minus the first.
//   - AvgHR, AvgSpeed, AvgPower and AvgTemp are the plain means of the
//     records that hold a value (not weighted by time), MaxHR, MaxSpeed,
//     MaxPower and MaxTemp their maxima; NaN when no record holds one.
//   - Sport and SubSport are sport's.
//
// Every other value reads as not recorded. A record without a time counts
// for the means and maxima only.
func sessionFromRecords(r *Records, events []Event, sport sportName) Session {
	s := newSession()
	s.Reconstructed = true
	s.Sport, s.SubSport = sport.sport, sport.subSport

	first, last := nan, nan
	for _, t := range r.T {
		if math.IsNaN(t) {
			continue
		}
		if !(t >= first) {
			first = t
		}
		if !(t <= last) {
			last = t
		}
	}
	if !math.IsNaN(first) {
		start := first
		for _, e := range events {
			if e.Kind == TimerStart && !math.IsNaN(e.T) {
				if e.T < first && first-e.T <= maxStartLead {
					start = e.T
				}
				break
			}
		}
		s.Start = unixTime(start)
		s.Elapsed = last - start
		s.Timer = timerTime(r.T, events, start, last)
	}

	s.Distance = firstToLast(r.Distance)
	s.AvgHR, s.MaxHR = meanMax(r.HR)
	s.AvgSpeed, s.MaxSpeed = meanMax(r.Speed)
	s.AvgPower, s.MaxPower = meanMax(r.Power)
	s.AvgTemp, s.MaxTemp = meanMax(r.Temperature)
	return s
}

// timerTime returns the seconds between start and end during which the
// timer ran, from the timer events; without a usable timer event, the sum
// of the steps forward between consecutive times of t, gaps longer than
// maxRecordGap left out.
func timerTime(t []float64, events []Event, start, end float64) float64 {
	// The timer runs before the first event only when that event stops it.
	running, from, seen := false, math.Inf(-1), false
	sum := 0.0
	for _, e := range events {
		if math.IsNaN(e.T) {
			continue
		}
		if !seen {
			seen, running = true, e.Kind == TimerStop
		}
		switch {
		case e.Kind == TimerStart && !running:
			running, from = true, e.T
		case e.Kind == TimerStop && running:
			sum += overlap(from, e.T, start, end)
			running = false
		}
	}
	if seen {
		if running {
			sum += overlap(from, end, start, end)
		}
		return min(sum, end-start)
	}
	latest := math.Inf(-1)
	for _, x := range t {
		if !(x > latest) { // NaN, or not later than a record before
			continue
		}
		if d := x - latest; d <= maxRecordGap {
			sum += d
		}
		latest = x
	}
	return sum
}

// overlap returns the length of [a, b] within [lo, hi], 0 when they do not
// meet.
func overlap(a, b, lo, hi float64) float64 {
	return max(0, min(b, hi)-max(a, lo))
}

// firstToLast returns the last valid value of a column minus the first; NaN
// when there is none, or when the last is below the first (a counter that
// restarted).
func firstToLast(col []float64) float64 {
	first, last := nan, nan
	for _, v := range col {
		if !math.IsNaN(v) {
			if math.IsNaN(first) {
				first = v
			}
			last = v
		}
	}
	if !(last >= first) {
		return nan
	}
	return last - first
}

// meanMax returns the mean and the maximum of a column's valid values; NaN
// and NaN when it has none.
func meanMax(col []float64) (mean, maximum float64) {
	sum, n, maximum := 0.0, 0, nan
	for _, v := range col {
		if math.IsNaN(v) {
			continue
		}
		sum += v
		n++
		if !(v <= maximum) {
			maximum = v
		}
	}
	if n == 0 {
		return nan, nan
	}
	return sum / float64(n), maximum
}

// unixTime returns Unix seconds as a UTC time.
func unixTime(x float64) time.Time {
	sec := math.Floor(x)
	return time.Unix(int64(sec), int64((x-sec)*1e9)).UTC()
}
