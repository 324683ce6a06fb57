package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// csvColumns are the columns of [SessionsCSV], in order. The names match the
// JSON field names (see the README), with the unit as suffix.
var csvColumns = []struct {
	name string
	cell func(r sessionRef) string
}{
	{"path", func(r sessionRef) string { return Clean(r.file.Path) }},
	{"start", func(r sessionRef) string { return utcTime(r.s.Start) }},
	{"start_local", func(r sessionRef) string { return localClock(r) }},
	{"sport", func(r sessionRef) string { return r.s.Sport }},
	{"sub_sport", func(r sessionRef) string { return r.s.SubSport }},
	{"timer_s", func(r sessionRef) string { return num(r.s.Timer) }},
	{"elapsed_s", func(r sessionRef) string { return num(r.s.Elapsed) }},
	{"distance_m", func(r sessionRef) string { return num(r.s.Distance) }},
	{"calories_kcal", func(r sessionRef) string { return num(r.s.Calories) }},
	{"avg_hr_bpm", func(r sessionRef) string { return num(r.s.AvgHR) }},
	{"max_hr_bpm", func(r sessionRef) string { return num(r.s.MaxHR) }},
	{"avg_temperature_c", func(r sessionRef) string { return num(r.s.AvgTemp) }},
	{"max_temperature_c", func(r sessionRef) string { return num(r.s.MaxTemp) }},
	{"aerobic_te", func(r sessionRef) string { return num(r.s.AerobicTE) }},
	{"anaerobic_te", func(r sessionRef) string { return num(r.s.AnaerobicTE) }},
	{"epoc", func(r sessionRef) string { return num(r.s.EPOC) }},
	{"rpe", func(r sessionRef) string { return num(r.s.RPE) }},
	{"feel", func(r sessionRef) string { return num(r.s.Feel) }},
	{"sweat_loss_l", func(r sessionRef) string { return num(r.s.SweatLoss) }},
	{"hr_source", func(r sessionRef) string { return r.file.HRSource.String() }},
	{"hr_samples", func(r sessionRef) string { return strconv.Itoa(r.s.HRSamples) }},
	{"rr_intervals", func(r sessionRef) string { return strconv.Itoa(r.s.RRIntervals) }},
	{"device", func(r sessionRef) string { return r.file.Device() }},
	{"status", func(r sessionRef) string { return r.file.Status.String() }},
}

// SessionsCSV writes one row per session after a header row. Column names
// carry their unit (timer_s, distance_m, avg_hr_bpm); start is the UTC start
// in RFC 3339 ("2024-03-05T06:12:00Z"), start_local the device's wall-clock
// time without offset ("2024-03-05T07:12:00", empty when the file did not
// record its UTC offset); numbers are plain decimals; a value the file did
// not record is an empty cell. Files without sessions get no row.
func SessionsCSV(w io.Writer, b *analysis.Block) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range sessionRows(b) {
		for i, c := range csvColumns {
			rec[i] = c.cell(r)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// num formats v rounded to 6 decimals (as the JSON numbers are) as the
// shortest decimal that reads back as that, without an exponent, so that
// sums show as 130094.19, not 130094.18999999999; "" for NaN and
// infinities.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(round6(v), 'f', -1, 64)
}

// utcTime formats t in UTC as RFC 3339 (fractional seconds only when
// present); "" for the zero time.
func utcTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// localClock formats the session start on the device's clock without an
// offset; "" when the offset is unknown.
func localClock(r sessionRef) string {
	t, ok := localTime(r)
	if !ok {
		return ""
	}
	return t.Format("2006-01-02T15:04:05.999999999")
}
