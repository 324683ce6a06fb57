package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/analysis/hrv"
)

// This file writes the history tables: the Block's sessions, days, weeks,
// daily recovery series and readiness as rows, each value as the Block
// holds it (the values the CSV and JSON views print, without their
// rounding), NULL where the Block has NaN or nothing. Nothing here computes
// a value the Block does not hold; the few conversions are the views' own
// (Garmin's recovery minutes as hours, an athlete value without a source
// as absent).

// DefaultAthlete is the athlete of a store that holds one: WriteHistory
// writes the athlete "" under this name.
const DefaultAthlete = "default"

// col is one column of a history table: its name and its value for an
// item of type T (nil for NULL).
type col[T any] struct {
	name string
	val  func(*T) any
}

// historyTable names a history table and its columns after athlete, which
// every history table has first.
type historyTable struct {
	name string
	cols []string
}

// columnNames returns the table's columns, athlete first.
func (t historyTable) columnNames() []string {
	return append([]string{"athlete"}, t.cols...)
}

// historyTables lists the history tables with their columns.
func historyTables() []historyTable {
	return []historyTable{
		{"athletes", names(athleteColumns)},
		{"sessions", names(sessionColumns)},
		{"days", names(dayColumns)},
		{"weeks", names(weekColumns())},
		{"daily", names(dailyColumns)},
		{"readiness", names(readinessColumns)},
		{"readiness_contributors", names(contributorColumns)},
	}
}

// names returns the names of cols, in order.
func names[T any](cols []col[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// num is v, or nil (NULL) for NaN and infinities.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// text is s, or nil (NULL) for "".
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// boolean is 1 for true, 0 for false.
func boolean(b bool) any {
	if b {
		return int64(1)
	}
	return int64(0)
}

// integer is n as an INTEGER.
func integer(n int) any { return int64(n) }

// date is t's calendar day, YYYY-MM-DD, or nil for the zero time. The
// Block's days are midnight UTC of their date.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.DateOnly)
}

// stamp is t in UTC as RFC 3339 (fractional seconds only when present),
// or nil for the zero time.
func stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// sourced is the value of v, or NaN when no source had it.
func sourced(v analysis.Value) float64 {
	if v.Source == analysis.SourceNone {
		return math.NaN()
	}
	return v.V
}

// athleteRow is the row of the athletes table: what the history was
// written from.
type athleteRow struct {
	b         *analysis.Block
	writtenAt time.Time
	writtenBy string
}

// athleteColumns are the columns of the athletes table after athlete.
var athleteColumns = []col[athleteRow]{
	{"written_at", func(r *athleteRow) any { return stamp(r.writtenAt) }},
	{"written_by", func(r *athleteRow) any { return r.writtenBy }},
	{"as_of", func(r *athleteRow) any {
		if r.b.Readiness == nil {
			return nil
		}
		return date(r.b.Readiness.Date)
	}},
	{"load_metric", func(r *athleteRow) any { return loadMetric(r.b) }},
	{"last_workout", func(r *athleteRow) any { return date(r.b.LastWorkout) }},
	{"last_data", func(r *athleteRow) any { return date(r.b.LastData) }},
	{"stale", func(r *athleteRow) any { return boolean(r.b.Stale) }},
	{"stale_note", func(r *athleteRow) any { return text(r.b.StaleNote) }},
}

// loadMetric is the unit of the block's loads, nil without a model.
func loadMetric(b *analysis.Block) any {
	if b.Readiness == nil {
		return nil
	}
	return text(b.Readiness.LoadMetric)
}

// sessionRow is one session with its file.
type sessionRow struct {
	f *analysis.FileSummary
	s *analysis.SessionSummary
}

// hrvCol is the column of an HRV value: NULL without RR data.
func hrvCol(name string, get func(*hrv.Session) float64) col[sessionRow] {
	return col[sessionRow]{name, func(r *sessionRow) any {
		if r.s.HRV == nil {
			return nil
		}
		return num(get(r.s.HRV))
	}}
}

// sessionColumns are the columns of the sessions table after athlete: the
// columns of report.AnalyzeCSV with the flags as three booleans, the
// session's place, whether it counts and why not, without the
// post-session plans.
var sessionColumns = []col[sessionRow]{
	{"path", func(r *sessionRow) any { return r.f.Path }},
	{"session_index", func(r *sessionRow) any { return integer(r.s.Index) }},
	{"start", func(r *sessionRow) any { return stamp(r.s.Start) }},
	{"start_local", func(r *sessionRow) any {
		t, ok := r.f.Local(r.s.Start)
		if !ok {
			return nil
		}
		return t.Format("2006-01-02T15:04:05.999999999")
	}},
	{"sport", func(r *sessionRow) any { return text(r.s.Sport) }},
	{"sub_sport", func(r *sessionRow) any { return text(r.s.SubSport) }},
	{"timer_s", func(r *sessionRow) any { return num(r.s.Timer) }},
	{"elapsed_s", func(r *sessionRow) any { return num(r.s.Elapsed) }},
	{"distance_m", func(r *sessionRow) any { return num(r.s.Distance) }},
	{"calories_kcal", func(r *sessionRow) any { return num(r.s.Calories) }},
	{"avg_hr_bpm", func(r *sessionRow) any { return num(r.s.AvgHR) }},
	{"max_hr_bpm", func(r *sessionRow) any { return num(r.s.MaxHR) }},
	{"avg_temperature_c", func(r *sessionRow) any { return num(r.s.AvgTemp) }},
	{"max_temperature_c", func(r *sessionRow) any { return num(r.s.MaxTemp) }},
	{"aerobic_te", func(r *sessionRow) any { return num(r.s.AerobicTE) }},
	{"anaerobic_te", func(r *sessionRow) any { return num(r.s.AnaerobicTE) }},
	{"epoc", func(r *sessionRow) any { return num(r.s.EPOC) }},
	{"rpe", func(r *sessionRow) any { return num(r.s.RPE) }},
	{"feel", func(r *sessionRow) any { return num(r.s.Feel) }},
	{"sweat_loss_l", func(r *sessionRow) any { return num(r.s.SweatLoss) }},
	{"hr_source", func(r *sessionRow) any { return r.f.HRSource.String() }},
	{"hr_samples", func(r *sessionRow) any { return integer(r.s.HRSamples) }},
	{"rr_intervals", func(r *sessionRow) any { return integer(r.s.RRIntervals) }},
	{"device", func(r *sessionRow) any { return text(r.f.Device()) }},
	{"status", func(r *sessionRow) any { return r.f.Status.String() }},
	{"counted", func(r *sessionRow) any { return boolean(r.s.Counted()) }},
	{"duplicate_of_path", func(r *sessionRow) any {
		if d := r.s.DuplicateOf; d != nil {
			return d.Path
		}
		return nil
	}},
	{"duplicate_of_session", func(r *sessionRow) any {
		if d := r.s.DuplicateOf; d != nil {
			return integer(d.Session)
		}
		return nil
	}},
	{"date_problem", func(r *sessionRow) any { return text(r.s.DateProblem) }},
	{"reconstructed", func(r *sessionRow) any { return boolean(r.s.Reconstructed) }},
	{"summary", func(r *sessionRow) any { return boolean(r.s.Summary) }},
	{"class", func(r *sessionRow) any { return r.s.Class.Class.String() }},
	{"class_reason", func(r *sessionRow) any { return text(r.s.Class.Reason) }},
	{"long", func(r *sessionRow) any { return boolean(r.s.Class.Long) }},
	{"race", func(r *sessionRow) any { return boolean(r.s.Class.Race) }},
	{"hrv_reading", func(r *sessionRow) any { return boolean(r.s.Class.Reading) }},
	{"trimp", func(r *sessionRow) any { return num(r.s.TRIMP) }},
	{"hrss", func(r *sessionRow) any { return num(r.s.HRSS) }},
	{"edwards_trimp", func(r *sessionRow) any { return num(r.s.Edwards) }},
	{"srpe_load", func(r *sessionRow) any { return num(r.s.SRPE) }},
	{"load_estimated", func(r *sessionRow) any { return boolean(r.s.LoadEstimated) }},
	{"load_note", func(r *sessionRow) any { return text(r.s.LoadNote) }},
	{"hr_time_s", func(r *sessionRow) any { return num(r.s.HRTime) }},
	{"zone1_s", func(r *sessionRow) any { return num(r.s.ZoneSeconds[0]) }},
	{"zone2_s", func(r *sessionRow) any { return num(r.s.ZoneSeconds[1]) }},
	{"zone3_s", func(r *sessionRow) any { return num(r.s.ZoneSeconds[2]) }},
	{"zone4_s", func(r *sessionRow) any { return num(r.s.ZoneSeconds[3]) }},
	{"zone5_s", func(r *sessionRow) any { return num(r.s.ZoneSeconds[4]) }},
	{"below_zone1_s", func(r *sessionRow) any { return num(r.s.BelowZone1) }},
	{"zone_model", func(r *sessionRow) any { return r.s.Zones.Model.String() }},
	{"hr_max_bpm_used", func(r *sessionRow) any { return num(sourced(r.s.Athlete.HRMax)) }},
	{"hr_rest_bpm_used", func(r *sessionRow) any { return num(sourced(r.s.Athlete.HRRest)) }},
	{"lthr_bpm_used", func(r *sessionRow) any { return num(sourced(r.s.Athlete.LTHR)) }},
	{"decoupling_pct", func(r *sessionRow) any { return num(r.s.Structure.Decoupling) }},
	{"drift_pct", func(r *sessionRow) any { return num(r.s.Structure.Drift) }},
	{"hr_recovery_bpm", func(r *sessionRow) any { return num(r.s.Structure.HRRecovery) }},
	{"max_5s_hr_bpm", func(r *sessionRow) any { return num(r.s.Structure.Max5s) }},
	{"intervals", func(r *sessionRow) any { return integer(len(r.s.Structure.Intervals)) }},
	{"garmin_recovery_h", func(r *sessionRow) any { return num(r.s.RecoveryTime / 60) }},
	{"garmin_vo2max", func(r *sessionRow) any { return num(r.s.GarminVO2max) }},
	hrvCol("rr_artifact_pct", func(h *hrv.Session) float64 { return h.ArtifactPct }),
	hrvCol("rmssd_ms", func(h *hrv.Session) float64 { return h.RMSSD }),
	hrvCol("ln_rmssd", func(h *hrv.Session) float64 { return h.LnRMSSD }),
	hrvCol("dfa_a1_mean", func(h *hrv.Session) float64 { return h.AlphaMean }),
	hrvCol("vt1_bpm", func(h *hrv.Session) float64 { return h.VT1.HR }),
	hrvCol("vt2_bpm", func(h *hrv.Session) float64 { return h.VT2.HR }),
}

// dayRow is one day of the load model with the block's load metric.
type dayRow struct {
	d      *analysis.Day
	metric any
}

// dayColumns are the columns of the days table after athlete: those of
// report.LoadCSV with the readiness band and the load metric.
var dayColumns = []col[dayRow]{
	{"date", func(r *dayRow) any { return date(r.d.Date) }},
	{"load_metric", func(r *dayRow) any { return r.metric }},
	{"sessions", func(r *dayRow) any { return integer(r.d.Sessions) }},
	{"timer_s", func(r *dayRow) any { return num(r.d.Timer) }},
	{"distance_running_m", func(r *dayRow) any { return num(r.d.Distance.Run) }},
	{"distance_cycling_m", func(r *dayRow) any { return num(r.d.Distance.Bike) }},
	{"distance_swimming_m", func(r *dayRow) any { return num(r.d.Distance.Swim) }},
	{"distance_other_m", func(r *dayRow) any { return num(r.d.Distance.Other) }},
	{"load", func(r *dayRow) any { return num(r.d.Load) }},
	{"ctl", func(r *dayRow) any { return num(r.d.CTL) }},
	{"atl", func(r *dayRow) any { return num(r.d.ATL) }},
	{"tsb", func(r *dayRow) any { return num(r.d.TSB) }},
	{"form_band", func(r *dayRow) any { return text(r.d.Form.String()) }},
	{"ramp", func(r *dayRow) any { return num(r.d.Ramp) }},
	{"acwr", func(r *dayRow) any { return num(r.d.ACWR) }},
	{"acwr_ewma", func(r *dayRow) any { return num(r.d.ACWREWMA) }},
	{"acwr_note", func(r *dayRow) any { return text(r.d.ACWRNote) }},
	{"monotony", func(r *dayRow) any { return num(r.d.Monotony) }},
	{"strain", func(r *dayRow) any { return num(r.d.Strain) }},
	{"rest_days", func(r *dayRow) any { return num(r.d.RestDays) }},
	{"recovery_owed_h", func(r *dayRow) any { return num(r.d.RecoveryOwedH) }},
	{"garmin_recovery_owed_h", func(r *dayRow) any { return num(r.d.GarminRecoveryOwedH) }},
	{"readiness", func(r *dayRow) any { return num(r.d.Readiness) }},
	{"readiness_band", func(r *dayRow) any { return text(r.d.Band.String()) }},
	{"advice", func(r *dayRow) any { return text(r.d.Advice.String()) }},
	{"garmin_readiness", func(r *dayRow) any { return num(r.d.GarminReadiness) }},
	{"garmin_acute_load", func(r *dayRow) any { return num(r.d.GarminAcute) }},
	{"garmin_chronic_load", func(r *dayRow) any { return num(r.d.GarminChronic) }},
}

// weekRow is one calendar week with the block's load metric.
type weekRow struct {
	w      *analysis.Week
	metric any
}

// weekClasses are the classes of the weeks table's load_<class> columns,
// in the order of report.WeeksCSV.
var weekClasses = []analysis.Class{analysis.Recovery, analysis.Endurance, analysis.Tempo,
	analysis.Threshold, analysis.VO2max, analysis.Anaerobic, analysis.Unclassified}

// weekColumns are the columns of the weeks table after athlete: those of
// report.WeeksCSV with the form band and the load metric. A class without
// load has 0, as Week.ClassLoad reads.
func weekColumns() []col[weekRow] {
	cols := []col[weekRow]{
		{"week_start", func(r *weekRow) any { return date(r.w.Start) }},
		{"load_metric", func(r *weekRow) any { return r.metric }},
		{"sessions", func(r *weekRow) any { return integer(r.w.Sessions) }},
		{"days", func(r *weekRow) any { return integer(r.w.Days) }},
		{"timer_s", func(r *weekRow) any { return num(r.w.Timer) }},
		{"distance_running_m", func(r *weekRow) any { return num(r.w.Distance.Run) }},
		{"distance_cycling_m", func(r *weekRow) any { return num(r.w.Distance.Bike) }},
		{"distance_swimming_m", func(r *weekRow) any { return num(r.w.Distance.Swim) }},
		{"distance_other_m", func(r *weekRow) any { return num(r.w.Distance.Other) }},
		{"load", func(r *weekRow) any { return num(r.w.Load) }},
	}
	for z := range 5 {
		cols = append(cols, col[weekRow]{fmt.Sprintf("zone%d_s", z+1),
			func(r *weekRow) any { return num(r.w.ZoneSeconds[z]) }})
	}
	for _, c := range weekClasses {
		name := c.String()
		cols = append(cols, col[weekRow]{"load_" + name, func(r *weekRow) any { return num(r.w.ClassLoad[name]) }})
	}
	return append(cols,
		col[weekRow]{"below_vt1_s", func(r *weekRow) any { return num(r.w.Seiler[0]) }},
		col[weekRow]{"vt1_to_vt2_s", func(r *weekRow) any { return num(r.w.Seiler[1]) }},
		col[weekRow]{"above_vt2_s", func(r *weekRow) any { return num(r.w.Seiler[2]) }},
		col[weekRow]{"seiler_dfa_sessions", func(r *weekRow) any { return integer(r.w.SeilerDFA) }},
		col[weekRow]{"polarization_index", func(r *weekRow) any { return num(r.w.PolarizationIndex) }},
		col[weekRow]{"monotony", func(r *weekRow) any { return num(r.w.Monotony) }},
		col[weekRow]{"strain", func(r *weekRow) any { return num(r.w.Strain) }},
		col[weekRow]{"ctl", func(r *weekRow) any { return num(r.w.CTL) }},
		col[weekRow]{"atl", func(r *weekRow) any { return num(r.w.ATL) }},
		col[weekRow]{"tsb", func(r *weekRow) any { return num(r.w.TSB) }},
		col[weekRow]{"form_band", func(r *weekRow) any { return text(r.w.Form.String()) }},
		col[weekRow]{"readiness", func(r *weekRow) any { return num(r.w.Readiness) }},
	)
}

// dailyColumns are the columns of the daily table after athlete: those of
// report.HRVCSV.
var dailyColumns = []col[analysis.Daily]{
	{"date", func(d *analysis.Daily) any { return date(d.Date) }},
	{"ln_rmssd", func(d *analysis.Daily) any { return num(d.LnRMSSD) }},
	{"rmssd_ms", func(d *analysis.Daily) any { return num(d.RMSSD) }},
	{"hrv_mean7", func(d *analysis.Daily) any { return num(d.HRVMean7) }},
	{"hrv_low", func(d *analysis.Daily) any { return num(d.HRVLow) }},
	{"hrv_high", func(d *analysis.Daily) any { return num(d.HRVHigh) }},
	{"hrv_status", func(d *analysis.Daily) any { return text(d.HRVStatus.String()) }},
	{"resting_hr_bpm", func(d *analysis.Daily) any { return num(d.RestingHR) }},
	{"resting_mean7_bpm", func(d *analysis.Daily) any { return num(d.RestingMean7) }},
	{"resting_low_bpm", func(d *analysis.Daily) any { return num(d.RestingLow) }},
	{"resting_high_bpm", func(d *analysis.Daily) any { return num(d.RestingHigh) }},
	{"resting_status", func(d *analysis.Daily) any { return text(d.RestingStatus.String()) }},
	{"sleep_score", func(d *analysis.Daily) any { return num(d.SleepScore) }},
	{"garmin_hrv_status", func(d *analysis.Daily) any { return text(d.GarminStatus) }},
	{"garmin_hrv_low_ms", func(d *analysis.Daily) any { return num(d.GarminLow) }},
	{"garmin_hrv_high_ms", func(d *analysis.Daily) any { return num(d.GarminHigh) }},
	{"readings", func(d *analysis.Daily) any { return integer(d.Readings) }},
	{"other_ln_rmssd", func(d *analysis.Daily) any { return num(d.OtherLnRMSSD) }},
	{"other_resting_hr_bpm", func(d *analysis.Daily) any { return num(d.OtherRestingHR) }},
	{"sleep_h", func(d *analysis.Daily) any { return num(d.Sleep.V) }},
	{"sleep_mean7_h", func(d *analysis.Daily) any { return num(d.Sleep.Mean7) }},
	{"sleep_low_h", func(d *analysis.Daily) any { return num(d.Sleep.Low) }},
	{"sleep_high_h", func(d *analysis.Daily) any { return num(d.Sleep.High) }},
	{"sleep_status", func(d *analysis.Daily) any { return text(d.Sleep.Status.String()) }},
	{"deep_h", func(d *analysis.Daily) any { return num(d.Deep) }},
	{"light_h", func(d *analysis.Daily) any { return num(d.Light) }},
	{"rem_h", func(d *analysis.Daily) any { return num(d.REM) }},
	{"awake_h", func(d *analysis.Daily) any { return num(d.Awake) }},
	{"stress", func(d *analysis.Daily) any { return num(d.Stress.V) }},
	{"stress_mean7", func(d *analysis.Daily) any { return num(d.Stress.Mean7) }},
	{"stress_low", func(d *analysis.Daily) any { return num(d.Stress.Low) }},
	{"stress_high", func(d *analysis.Daily) any { return num(d.Stress.High) }},
	{"stress_status", func(d *analysis.Daily) any { return text(d.Stress.Status.String()) }},
	{"body_battery", func(d *analysis.Daily) any { return num(d.BodyBattery.V) }},
	{"body_battery_mean7", func(d *analysis.Daily) any { return num(d.BodyBattery.Mean7) }},
	{"body_battery_low", func(d *analysis.Daily) any { return num(d.BodyBattery.Low) }},
	{"body_battery_high", func(d *analysis.Daily) any { return num(d.BodyBattery.High) }},
	{"body_battery_status", func(d *analysis.Daily) any { return text(d.BodyBattery.Status.String()) }},
	{"body_battery_day_low", func(d *analysis.Daily) any { return num(d.BodyBatteryLow) }},
	{"respiration_brpm", func(d *analysis.Daily) any { return num(d.Respiration.V) }},
	{"respiration_mean7_brpm", func(d *analysis.Daily) any { return num(d.Respiration.Mean7) }},
	{"respiration_low_brpm", func(d *analysis.Daily) any { return num(d.Respiration.Low) }},
	{"respiration_high_brpm", func(d *analysis.Daily) any { return num(d.Respiration.High) }},
	{"respiration_status", func(d *analysis.Daily) any { return text(d.Respiration.Status.String()) }},
	{"spo2_pct", func(d *analysis.Daily) any { return num(d.SpO2) }},
	{"skin_temp_c", func(d *analysis.Daily) any { return num(d.SkinTemp) }},
	{"garmin_readiness", func(d *analysis.Daily) any {
		if d.GarminReadiness == nil {
			return nil
		}
		return num(d.GarminReadiness.Score)
	}},
	{"garmin_readiness_level", func(d *analysis.Daily) any {
		if d.GarminReadiness == nil {
			return nil
		}
		return text(strings.ToLower(d.GarminReadiness.Level))
	}},
	{"garmin_acute_load", func(d *analysis.Daily) any { return num(d.GarminAcute) }},
	{"garmin_chronic_load", func(d *analysis.Daily) any { return num(d.GarminChronic) }},
	{"garmin_acwr", func(d *analysis.Daily) any { return num(d.GarminRatio) }},
}

// readinessColumns are the columns of the readiness table after athlete:
// the readiness object of the JSON views without its contributors (their
// own table) and with Garmin's score and level in place of its object.
var readinessColumns = []col[analysis.Readiness]{
	{"date", func(r *analysis.Readiness) any { return date(r.Date) }},
	{"score", func(r *analysis.Readiness) any { return num(r.Score) }},
	{"band", func(r *analysis.Readiness) any { return text(r.Band.String()) }},
	{"confidence", func(r *analysis.Readiness) any { return text(r.Confidence) }},
	{"confidence_note", func(r *analysis.Readiness) any { return text(r.ConfidenceNote) }},
	{"weights", func(r *analysis.Readiness) any { return r.Weights.String() }},
	{"load_days", func(r *analysis.Readiness) any { return integer(r.LoadDays) }},
	{"hrv_days", func(r *analysis.Readiness) any { return integer(r.HRVDays) }},
	{"limiting", func(r *analysis.Readiness) any {
		parts := make([]string, len(r.Limiting))
		for i, id := range r.Limiting {
			parts[i] = id.String()
		}
		return text(strings.Join(parts, ";"))
	}},
	{"advice", func(r *analysis.Readiness) any { return text(r.Advice.String()) }},
	{"advice_reason", func(r *analysis.Readiness) any { return text(r.AdviceReason) }},
	{"sleep_advice", func(r *analysis.Readiness) any { return text(r.Sleep) }},
	{"cannot_see", func(r *analysis.Readiness) any { return text(r.CannotSee) }},
	{"recovery_owed_h", func(r *analysis.Readiness) any { return num(r.RecoveryOwedH) }},
	{"garmin_recovery_owed_h", func(r *analysis.Readiness) any { return num(r.GarminRecoveryOwedH) }},
	{"load_metric", func(r *analysis.Readiness) any { return text(r.LoadMetric) }},
	{"load_seed", func(r *analysis.Readiness) any {
		if !(r.LoadSeed > 0) {
			return nil
		}
		return num(r.LoadSeed)
	}},
	{"days_since_workout", func(r *analysis.Readiness) any {
		if r.DaysSinceWorkout < 0 {
			return nil
		}
		return integer(r.DaysSinceWorkout)
	}},
	{"returning_from_break", func(r *analysis.Readiness) any { return boolean(r.Returning) }},
	{"garmin_readiness", func(r *analysis.Readiness) any {
		if r.Garmin == nil {
			return nil
		}
		return num(r.Garmin.Score)
	}},
	{"garmin_readiness_level", func(r *analysis.Readiness) any {
		if r.Garmin == nil {
			return nil
		}
		return text(strings.ToLower(r.Garmin.Level))
	}},
	{"garmin_note", func(r *analysis.Readiness) any { return text(r.GarminNote) }},
}

// contributorRow is one contributor of the as-of day's readiness.
type contributorRow struct {
	day      time.Time
	position int
	c        *analysis.Contributor
}

// contributorColumns are the columns of readiness_contributors after
// athlete: the contributor object of the JSON views, with its place.
var contributorColumns = []col[contributorRow]{
	{"date", func(r *contributorRow) any { return date(r.day) }},
	{"position", func(r *contributorRow) any { return integer(r.position) }},
	{"contributor", func(r *contributorRow) any { return r.c.ID.String() }},
	{"value", func(r *contributorRow) any { return num(r.c.Value) }},
	{"unit", func(r *contributorRow) any { return text(r.c.Unit) }},
	{"baseline", func(r *contributorRow) any { return text(r.c.Baseline) }},
	{"score", func(r *contributorRow) any { return num(r.c.Score) }},
	{"weight_pct", func(r *contributorRow) any { return num(r.c.Weight) }},
	{"note", func(r *contributorRow) any { return text(r.c.Note) }},
}

// inserter inserts rows of type T into one history table, for one
// athlete, through a statement prepared on the transaction.
type inserter[T any] struct {
	stmt    *sql.Stmt
	cols    []col[T]
	args    []any
	athlete string
}

// newInserter prepares the INSERT of table's columns on tx. A row whose
// key is already there (a path twice among the inputs) replaces it.
func newInserter[T any](ctx context.Context, tx *sql.Tx, table, athlete string, cols []col[T]) (*inserter[T], error) {
	names := append([]string{"athlete"}, names(cols)...)
	q := fmt.Sprintf("INSERT OR REPLACE INTO %s (%s) VALUES (?%s)", table, strings.Join(names, ", "),
		strings.Repeat(", ?", len(cols)))
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", table, err)
	}
	return &inserter[T]{stmt: stmt, cols: cols, args: make([]any, len(names)), athlete: athlete}, nil
}

// insert inserts one row.
func (in *inserter[T]) insert(ctx context.Context, item *T) error {
	in.args[0] = in.athlete
	for i, c := range in.cols {
		in.args[i+1] = c.val(item)
	}
	_, err := in.stmt.ExecContext(ctx, in.args...)
	return err
}

// insertAll prepares the table's INSERT and inserts each item.
func insertAll[T any](ctx context.Context, tx *sql.Tx, table, athlete string, cols []col[T], items []T) error {
	in, err := newInserter(ctx, tx, table, athlete, cols)
	if err != nil {
		return err
	}
	defer in.stmt.Close()
	for i := range items {
		if err := in.insert(ctx, &items[i]); err != nil {
			return fmt.Errorf("%s: row %d: %w", table, i+1, err)
		}
	}
	return nil
}

// WriteHistory replaces, in one transaction, the history rows of athlete
// ("" is DefaultAthlete) with what b holds: its sessions (every session of
// every file, HRV readings and duplicates included, as the CSV views list
// them), days, weeks, daily recovery series and the readiness of its as-of
// day with its contributors, and a row in athletes saying when. Rows of
// other athletes are left alone. On an error nothing is changed. On a
// read-only store it does nothing and returns nil.
func (s *Store) WriteHistory(athlete string, b *analysis.Block) error {
	if s.readOnly {
		return nil
	}
	if athlete == "" {
		athlete = DefaultAthlete
	}
	if err := s.writeHistory(context.Background(), athlete, b); err != nil {
		return fmt.Errorf("store: %s: writing the history of %s: %w", s.path, athlete, err)
	}
	return nil
}

func (s *Store) writeHistory(ctx context.Context, athlete string, b *analysis.Block) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range historyTableNames {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE athlete = ?", athlete); err != nil {
			return err
		}
	}
	if err := insertHistory(ctx, tx, athlete, b, s.now(), writtenBy()); err != nil {
		return err
	}
	return tx.Commit()
}

// insertHistory inserts the rows of b for athlete on tx.
func insertHistory(ctx context.Context, tx *sql.Tx, athlete string, b *analysis.Block, now time.Time, by string) error {
	if err := insertAll(ctx, tx, "athletes", athlete, athleteColumns,
		[]athleteRow{{b: b, writtenAt: now, writtenBy: by}}); err != nil {
		return err
	}
	var sessions []sessionRow
	for i := range b.Files {
		f := &b.Files[i]
		for j := range f.Sessions {
			sessions = append(sessions, sessionRow{f, &f.Sessions[j]})
		}
	}
	if err := insertAll(ctx, tx, "sessions", athlete, sessionColumns, sessions); err != nil {
		return err
	}
	metric := loadMetric(b)
	days := make([]dayRow, len(b.Days))
	for i := range b.Days {
		days[i] = dayRow{&b.Days[i], metric}
	}
	if err := insertAll(ctx, tx, "days", athlete, dayColumns, days); err != nil {
		return err
	}
	weeks := make([]weekRow, len(b.Weeks))
	for i := range b.Weeks {
		weeks[i] = weekRow{&b.Weeks[i], metric}
	}
	if err := insertAll(ctx, tx, "weeks", athlete, weekColumns(), weeks); err != nil {
		return err
	}
	if err := insertAll(ctx, tx, "daily", athlete, dailyColumns, b.Daily); err != nil {
		return err
	}
	r := b.Readiness
	if r == nil {
		return nil
	}
	if err := insertAll(ctx, tx, "readiness", athlete, readinessColumns, []analysis.Readiness{*r}); err != nil {
		return err
	}
	contrib := make([]contributorRow, len(r.Contributors))
	for i := range r.Contributors {
		contrib[i] = contributorRow{r.Date, i, &r.Contributors[i]}
	}
	return insertAll(ctx, tx, "readiness_contributors", athlete, contributorColumns, contrib)
}
