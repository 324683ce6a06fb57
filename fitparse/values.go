package fitparse

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file keeps decoded values within what a body and a device can
// produce, and strings from a file safe to print.

// valueRange is the physical range of one session or lap value: a decoded
// value outside [lo, hi] is a broken or hostile file, not an activity, and
// reads as not recorded.
type valueRange struct {
	// field is the FIT profile's field name; unit is printed after the
	// value ("" for a score).
	field, unit string
	lo, hi      float64
	// session and lap return the value in a Session or a Lap; nil where
	// the message has no such value.
	session func(*Session) *float64
	lap     func(*Lap) *float64
}

// week is the longest session or lap bounceback accepts, in seconds: a
// multi-day ultra lasts 2–3 days, a week leaves room.
const week = 7 * 24 * 3600

// valueRanges is the range table checked for every session and lap
// message (sessions rebuilt from records are not checked: their values
// come from the records). The bounds are generous physical limits, not
// plausibility: 7 days of timer and elapsed time; 5,000 km of distance (a
// week of cycling at 30 km/h is 5,040 km); 50,000 kcal; heart rates of
// 20–250 bpm; speeds up to 100 m/s (360 km/h, past any descent on skis or
// a bike); an average power of 3,000 W and a maximum of 5,000 W (track
// sprinters peak near 2,500 W); temperatures of −60…+60 °C (what a device
// survives); 100,000 m of ascent; Training Effect 0–5 (Garmin's scale);
// EPOC load 0–10,000; RPE 0–10; feel 0–100; sweat loss up to 20 L; time in
// each heart-rate zone 0–7 days.
var valueRanges = []valueRange{
	{"total_timer_time", "s", 0, week, func(s *Session) *float64 { return &s.Timer }, func(l *Lap) *float64 { return &l.Timer }},
	{"total_elapsed_time", "s", 0, week, func(s *Session) *float64 { return &s.Elapsed }, func(l *Lap) *float64 { return &l.Elapsed }},
	{"total_distance", "m", 0, 5e6, func(s *Session) *float64 { return &s.Distance }, func(l *Lap) *float64 { return &l.Distance }},
	{"total_calories", "kcal", 0, 50000, func(s *Session) *float64 { return &s.Calories }, nil},
	{"avg_heart_rate", "bpm", 20, 250, func(s *Session) *float64 { return &s.AvgHR }, func(l *Lap) *float64 { return &l.AvgHR }},
	{"max_heart_rate", "bpm", 20, 250, func(s *Session) *float64 { return &s.MaxHR }, func(l *Lap) *float64 { return &l.MaxHR }},
	{"avg_speed", "m/s", 0, 100, func(s *Session) *float64 { return &s.AvgSpeed }, func(l *Lap) *float64 { return &l.AvgSpeed }},
	{"max_speed", "m/s", 0, 100, func(s *Session) *float64 { return &s.MaxSpeed }, nil},
	{"avg_power", "W", 0, 3000, func(s *Session) *float64 { return &s.AvgPower }, func(l *Lap) *float64 { return &l.AvgPower }},
	{"max_power", "W", 0, 5000, func(s *Session) *float64 { return &s.MaxPower }, nil},
	{"avg_temperature", "°C", -60, 60, func(s *Session) *float64 { return &s.AvgTemp }, nil},
	{"max_temperature", "°C", -60, 60, func(s *Session) *float64 { return &s.MaxTemp }, nil},
	{"total_ascent", "m", 0, 100000, func(s *Session) *float64 { return &s.Ascent }, nil},
	{"total_training_effect", "", 0, 5, func(s *Session) *float64 { return &s.AerobicTE }, nil},
	{"total_anaerobic_training_effect", "", 0, 5, func(s *Session) *float64 { return &s.AnaerobicTE }, nil},
	{"training_load_peak", "", 0, 10000, func(s *Session) *float64 { return &s.EPOC }, nil},
	{"workout_rpe", "", 0, 10, func(s *Session) *float64 { return &s.RPE }, nil},
	{"workout_feel", "", 0, 100, func(s *Session) *float64 { return &s.Feel }, nil},
	{"sweat_loss", "L", 0, 20, func(s *Session) *float64 { return &s.SweatLoss }, nil},
}

// timeInZoneRange bounds each element of Session.TimeInHRZone.
var timeInZoneRange = valueRange{field: "time_in_hr_zone", unit: "s", lo: 0, hi: week}

// dropOutOfRange sets every session and lap value outside its range in
// valueRanges to NaN and returns one warning wrapping ErrOutOfRange that
// names the first ("x.fit: session 1: total_timer_time 1094400 s is
// outside 0–604800 s: dropped") and counts the others; nil when every
// value is within range.
func (f *File) dropOutOfRange() error {
	var first string
	n := 0
	drop := func(what string, r *valueRange, v *float64) {
		if math.IsNaN(*v) || *v >= r.lo && *v <= r.hi {
			return
		}
		if n == 0 {
			first = fmt.Sprintf("%s: %s %s is outside %s: dropped", what, r.field, withUnit(*v, r.unit), r.bounds())
		}
		n++
		*v = nan
	}
	for i := range f.Sessions {
		s := &f.Sessions[i]
		if s.Reconstructed {
			continue
		}
		what := "session " + strconv.Itoa(i+1)
		for j := range valueRanges {
			drop(what, &valueRanges[j], valueRanges[j].session(s))
		}
		for j := range s.TimeInHRZone {
			drop(what, &timeInZoneRange, &s.TimeInHRZone[j])
		}
	}
	for i := range f.Laps {
		p := &f.Laps[i]
		what := "lap " + strconv.Itoa(i+1)
		for j := range valueRanges {
			if r := &valueRanges[j]; r.lap != nil {
				drop(what, r, r.lap(p))
			}
		}
	}
	switch n {
	case 0:
		return nil
	case 1:
		return &detailError{msg: f.Path + ": " + first, err: ErrOutOfRange}
	}
	return &detailError{msg: fmt.Sprintf("%s: %s (and %d more values outside their ranges dropped)", f.Path, first, n-1), err: ErrOutOfRange}
}

// bounds formats the range: "0–604800 s", "20–250 bpm", "0–5".
func (r *valueRange) bounds() string {
	return withUnit(r.lo, "") + "–" + withUnit(r.hi, r.unit)
}

// withUnit formats a value and its unit: "1094400 s", "6.5".
func withUnit(v float64, unit string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if unit != "" {
		s += " " + unit
	}
	return s
}

// safeText returns a copy of s, a string taken from a file, that is safe to
// print: each control character (C0, DEL and C1), each Unicode
// bidirectional embedding, override, isolate and mark, and each byte that
// is not UTF-8 becomes "?". Other text, accents and scripts included, is
// kept.
func safeText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			b.WriteByte('?')
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports whether r is a control character or a bidirectional
// formatting character.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F:
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F: // arabic letter mark, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
