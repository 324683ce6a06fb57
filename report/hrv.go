package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/analysis/hrv"
	"github.com/bounceback/bounceback/fitparse"
)

// alphaRows is the most rows the α1 table of a session shows; a longer
// series is sampled at an even step.
const alphaRows = 12

// sessionHRVText writes the HRV section of a session: the artefact share,
// the session's time-domain measures, the 5-minute windows, the DFA-α1
// summary with a sampled series, and the VT1/VT2 estimates with their
// quality. It writes nothing for a session without RR data.
func sessionHRVText(w *bytes.Buffer, h *hrv.Session) error {
	if h == nil {
		return nil
	}
	total := h.RRUsed + h.RRDropped
	fmt.Fprintf(w, "\nHRV (from %s: %d used, %d dropped as artefacts, %s)\n",
		plural(total, "RR interval"), h.RRUsed, h.RRDropped, orDash(unitValue(h.ArtifactPct, 1, "%")))
	field(w, "mean RR", orDash(unitValue(h.MeanRR, 0, "ms")))
	field(w, "SDNN", orDash(unitValue(h.SDNN, 1, "ms")))
	rmssd := orDash(unitValue(h.RMSSD, 1, "ms"))
	if !math.IsNaN(h.LnRMSSD) {
		rmssd += " (ln RMSSD " + fixed(h.LnRMSSD, 2) + ")"
	}
	field(w, "RMSSD", rmssd)
	field(w, "pNN50", orDash(unitValue(h.PNN50, 1, "%")))
	field(w, "HR from RR", orDash(unitValue(h.MeanHR, 0, "bpm")))

	if len(h.Windows) > 0 {
		unreliable := 0
		for _, win := range h.Windows {
			if win.Unreliable {
				unreliable++
			}
		}
		note := ""
		if unreliable > 0 {
			note = fmt.Sprintf("; %d unreliable, over 5 %% artefacts, marked !", unreliable)
		}
		fmt.Fprintf(w, "\n  5-min windows (%d%s)\n", len(h.Windows), note)
		cols := []*column{
			{head: "start", right: true},
			{head: "beats", right: true},
			{head: "artefacts\n(%)", right: true},
			{head: "RMSSD\n(ms)", right: true},
			{head: "ln\nRMSSD", right: true},
			{head: "SDNN\n(ms)", right: true},
			{head: "HR\n(bpm)", right: true},
			{head: ""},
		}
		for _, win := range h.Windows {
			mark := ""
			if win.Unreliable {
				mark = "!"
			}
			cells := []string{hms(win.Start), strconv.Itoa(win.RRUsed), fixed(win.ArtifactPct, 1),
				fixed(win.RMSSD, 1), fixed(win.LnRMSSD, 2), fixed(win.SDNN, 1), fixed(win.MeanHR, 0), mark}
			for j, c := range cells {
				cols[j].cells = append(cols[j].cells, c)
			}
		}
		if err := indented(w, dropEmpty(cols)); err != nil {
			return err
		}
	}

	fmt.Fprintln(w)
	reliable, lo, hi := alphaRange(h.Alpha)
	if reliable == 0 {
		fmt.Fprintf(w, "  DFA-α1 (2-min windows): not estimable: %s\n", alphaWhy(h.Alpha))
	} else {
		fmt.Fprintf(w, "  DFA-α1 (2-min windows): mean %s over %s (min %s, max %s)\n",
			orDash(fixed(h.AlphaMean, 2)), plural(reliable, "reliable window"), fixed(lo, 2), fixed(hi, 2))
		step := (len(h.Alpha) + alphaRows - 1) / alphaRows
		if step > 1 {
			fmt.Fprintf(w, "  sampled: every %s of the %d windows (every %s)\n", ordinal(step), len(h.Alpha),
				hms(wide(h.Alpha[step].Start)-wide(h.Alpha[0].Start)))
		}
		cols := []*column{{head: "start", right: true}, {head: "α1", right: true}, {head: "HR\n(bpm)", right: true}, {head: ""}}
		for i := 0; i < len(h.Alpha); i += step {
			p := h.Alpha[i]
			mark := ""
			if p.Unreliable {
				mark = "!"
			}
			for j, c := range []string{hms(wide(p.Start)), fixed(wide(p.Alpha), 2), fixed(wide(p.HR), 0), mark} {
				cols[j].cells = append(cols[j].cells, c)
			}
		}
		if err := indented(w, dropEmpty(cols)); err != nil {
			return err
		}
	}
	o := hrv.DefaultOptions
	field(w, "VT1 (α1 = 0.75)", vtText(h.VT1, o.VT1Alpha))
	field(w, "VT2 (α1 = 0.5)", vtText(h.VT2, o.VT2Alpha))
	return nil
}

// wide returns v, a value the model keeps in single precision (the α1
// series), as the float64 of its shortest decimal form: 145.6789, not
// 145.67890930175781.
func wide(v float32) float64 {
	x, err := strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
	if err != nil { // NaN and the infinities format as words ParseFloat reads
		return float64(v)
	}
	return x
}

// alphaRange counts the reliable α1 windows and returns their extremes.
func alphaRange(ps []hrv.AlphaPoint) (n int, lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		a := wide(p.Alpha)
		if p.Unreliable || math.IsNaN(a) {
			continue
		}
		n++
		lo, hi = math.Min(lo, a), math.Max(hi, a)
	}
	return n, lo, hi
}

// alphaWhy says why a session has no α1.
func alphaWhy(ps []hrv.AlphaPoint) string {
	if len(ps) == 0 {
		return "the recording is shorter than one 2-min window"
	}
	return fmt.Sprintf("none of its %s is reliable (over 5 %% artefacts)", plural(len(ps), "window"))
}

// ordinal returns "2nd", "3rd", "4th".
func ordinal(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		return strconv.Itoa(n) + "st"
	case n%10 == 2:
		return strconv.Itoa(n) + "nd"
	case n%10 == 3:
		return strconv.Itoa(n) + "rd"
	}
	return strconv.Itoa(n) + "th"
}

// vtText formats a VT estimate with its quality, or why it is missing
// (under the limits of hrv.DefaultOptions) for the threshold at
// α1 = alpha.
func vtText(v hrv.Estimate, alpha float64) string {
	if !math.IsNaN(v.HR) && !math.IsInf(v.HR, 0) {
		return fmt.Sprintf("%s bpm (%s, R² %s)", fixed(v.HR, 0), plural(v.Windows, "window"), fixed(v.R2, 2))
	}
	o := hrv.DefaultOptions
	switch {
	case v.Windows == 0:
		return "not estimable: no steady, reliable 2-min windows"
	case v.Windows < o.VTMinWindows:
		return fmt.Sprintf("not estimable: %s, too few (%d needed)",
			plural(v.Windows, "steady, reliable window"), o.VTMinWindows)
	case !math.IsNaN(v.R2) && v.R2 < o.VTMinR2:
		return fmt.Sprintf("not estimable: %s, a poor fit (R² %s, %s needed)",
			plural(v.Windows, "window"), fixed(v.R2, 2), fixed(o.VTMinR2, 1))
	}
	r2 := ""
	if !math.IsNaN(v.R2) {
		r2 = ", R² " + fixed(v.R2, 2)
	}
	return fmt.Sprintf("not estimable: %s%s, but the heart rates span less than %s bpm or the windows do not cross α1 = %s",
		plural(v.Windows, "window"), r2, fixed(o.VTMinHRRange, 0), strconv.FormatFloat(alpha, 'f', -1, 64))
}

// JSON of a session's HRV.

type jsonHRV struct {
	RRUsed      int             `json:"rr_used"`
	RRDropped   int             `json:"rr_dropped"`
	ArtifactPct *float64        `json:"artifact_pct"`
	MeanRR      *float64        `json:"mean_rr_ms"`
	SDNN        *float64        `json:"sdnn_ms"`
	RMSSD       *float64        `json:"rmssd_ms"`
	LnRMSSD     *float64        `json:"ln_rmssd"`
	PNN50       *float64        `json:"pnn50_pct"`
	MeanHR      *float64        `json:"mean_hr_bpm"`
	AlphaMean   *float64        `json:"dfa_a1_mean"`
	VT1         *float64        `json:"vt1_bpm"`
	VT1Windows  int             `json:"vt1_windows"`
	VT1R2       *float64        `json:"vt1_r2"`
	VT2         *float64        `json:"vt2_bpm"`
	VT2Windows  int             `json:"vt2_windows"`
	VT2R2       *float64        `json:"vt2_r2"`
	Windows     []jsonHRVWindow `json:"windows"`
	Alpha       []jsonAlpha     `json:"alpha"`
}

type jsonHRVWindow struct {
	StartS      float64  `json:"start_s"`
	DurationS   float64  `json:"duration_s"`
	RRUsed      int      `json:"rr_used"`
	RRDropped   int      `json:"rr_dropped"`
	ArtifactPct *float64 `json:"artifact_pct"`
	Unreliable  bool     `json:"unreliable"`
	MeanRR      *float64 `json:"mean_rr_ms"`
	SDNN        *float64 `json:"sdnn_ms"`
	RMSSD       *float64 `json:"rmssd_ms"`
	LnRMSSD     *float64 `json:"ln_rmssd"`
	PNN50       *float64 `json:"pnn50_pct"`
	MeanHR      *float64 `json:"mean_hr_bpm"`
}

type jsonAlpha struct {
	StartS      float64  `json:"start_s"`
	Alpha       *float64 `json:"dfa_a1"`
	HR          *float64 `json:"hr_bpm"`
	ArtifactPct *float64 `json:"artifact_pct"`
	Unreliable  bool     `json:"unreliable"`
}

// hrvJSON returns the hrv object of a session; nil without RR data.
func hrvJSON(h *hrv.Session) *jsonHRV {
	if h == nil {
		return nil
	}
	j := &jsonHRV{
		RRUsed:      h.RRUsed,
		RRDropped:   h.RRDropped,
		ArtifactPct: number(h.ArtifactPct),
		MeanRR:      number(h.MeanRR),
		SDNN:        number(h.SDNN),
		RMSSD:       number(h.RMSSD),
		LnRMSSD:     number(h.LnRMSSD),
		PNN50:       number(h.PNN50),
		MeanHR:      number(h.MeanHR),
		AlphaMean:   number(h.AlphaMean),
		VT1:         number(h.VT1.HR),
		VT1Windows:  h.VT1.Windows,
		VT1R2:       number(h.VT1.R2),
		VT2:         number(h.VT2.HR),
		VT2Windows:  h.VT2.Windows,
		VT2R2:       number(h.VT2.R2),
		Windows:     make([]jsonHRVWindow, len(h.Windows)),
		Alpha:       make([]jsonAlpha, len(h.Alpha)),
	}
	for i, win := range h.Windows {
		j.Windows[i] = jsonHRVWindow{
			StartS:      finite(win.Start),
			DurationS:   finite(win.Duration),
			RRUsed:      win.RRUsed,
			RRDropped:   win.RRDropped,
			ArtifactPct: number(win.ArtifactPct),
			Unreliable:  win.Unreliable,
			MeanRR:      number(win.MeanRR),
			SDNN:        number(win.SDNN),
			RMSSD:       number(win.RMSSD),
			LnRMSSD:     number(win.LnRMSSD),
			PNN50:       number(win.PNN50),
			MeanHR:      number(win.MeanHR),
		}
	}
	for i, p := range h.Alpha {
		j.Alpha[i] = jsonAlpha{
			StartS:      finite(wide(p.Start)),
			Alpha:       number(wide(p.Alpha)),
			HR:          number(wide(p.HR)),
			ArtifactPct: number(wide(p.ArtifactPct)),
			Unreliable:  p.Unreliable,
		}
	}
	return j
}

// The daily recovery series.

type jsonDaily struct {
	Date          string   `json:"date"`
	LnRMSSD       *float64 `json:"ln_rmssd"`
	RMSSD         *float64 `json:"rmssd_ms"`
	HRVMean7      *float64 `json:"hrv_mean7"`
	HRVLow        *float64 `json:"hrv_low"`
	HRVHigh       *float64 `json:"hrv_high"`
	HRVStatus     *string  `json:"hrv_status"`
	RestingHR     *float64 `json:"resting_hr_bpm"`
	RestingMean7  *float64 `json:"resting_mean7_bpm"`
	RestingLow    *float64 `json:"resting_low_bpm"`
	RestingHigh   *float64 `json:"resting_high_bpm"`
	RestingStatus *string  `json:"resting_status"`
	SleepScore    *float64 `json:"sleep_score"`
	GarminStatus  *string  `json:"garmin_hrv_status"`
	GarminLow     *float64 `json:"garmin_hrv_low_ms"`
	GarminHigh    *float64 `json:"garmin_hrv_high_ms"`
	Readings      int      `json:"readings"`
	OtherLnRMSSD  *float64 `json:"other_ln_rmssd"`
	OtherResting  *float64 `json:"other_resting_hr_bpm"`

	SleepH            *float64 `json:"sleep_h"`
	SleepMean7        *float64 `json:"sleep_mean7_h"`
	SleepLow          *float64 `json:"sleep_low_h"`
	SleepHigh         *float64 `json:"sleep_high_h"`
	SleepStatus       *string  `json:"sleep_status"`
	Deep              *float64 `json:"deep_h"`
	Light             *float64 `json:"light_h"`
	REM               *float64 `json:"rem_h"`
	Awake             *float64 `json:"awake_h"`
	Stress            *float64 `json:"stress"`
	StressMean7       *float64 `json:"stress_mean7"`
	StressLow         *float64 `json:"stress_low"`
	StressHigh        *float64 `json:"stress_high"`
	StressStatus      *string  `json:"stress_status"`
	BodyBattery       *float64 `json:"body_battery"`
	BodyBatteryMean7  *float64 `json:"body_battery_mean7"`
	BodyBatteryLow    *float64 `json:"body_battery_low"`
	BodyBatteryHigh   *float64 `json:"body_battery_high"`
	BodyBatteryStatus *string  `json:"body_battery_status"`
	BodyBatteryDayLow *float64 `json:"body_battery_day_low"`
	Respiration       *float64 `json:"respiration_brpm"`
	RespirationMean7  *float64 `json:"respiration_mean7_brpm"`
	RespirationLow    *float64 `json:"respiration_low_brpm"`
	RespirationHigh   *float64 `json:"respiration_high_brpm"`
	RespirationStatus *string  `json:"respiration_status"`
	SpO2              *float64 `json:"spo2_pct"`
	SkinTemp          *float64 `json:"skin_temp_c"`
	GarminReadiness   *float64 `json:"garmin_readiness"`
	GarminLevel       *string  `json:"garmin_readiness_level"`
	GarminAcute       *float64 `json:"garmin_acute_load"`
	GarminChronic     *float64 `json:"garmin_chronic_load"`
	GarminRatio       *float64 `json:"garmin_acwr"`
}

type jsonDailySources struct {
	HRV         *string  `json:"hrv"`
	RestingHR   *string  `json:"resting_hr"`
	Sleep       *string  `json:"sleep"`
	OtherHRV    *string  `json:"other_hrv"`
	OtherRest   *string  `json:"other_resting_hr"`
	SleepTime   *string  `json:"sleep_time"`
	Stress      *string  `json:"stress"`
	BodyBattery *string  `json:"body_battery"`
	Respiration *string  `json:"respiration"`
	Readiness   *string  `json:"garmin_readiness"`
	Load        *string  `json:"garmin_load"`
	Agreement   []string `json:"agreement"`
}

// jsonHRVDoc is the document of the hrv command.
type jsonHRVDoc struct {
	DailySources jsonDailySources `json:"daily_sources"`
	Daily        []jsonDaily      `json:"daily"`
}

func dailyJSON(ds []analysis.Daily, src analysis.DailySources) ([]jsonDaily, jsonDailySources) {
	out := make([]jsonDaily, len(ds))
	for i, d := range ds {
		out[i] = jsonDaily{
			Date:          d.Date.Format(time.DateOnly),
			LnRMSSD:       number(d.LnRMSSD),
			RMSSD:         number(d.RMSSD),
			HRVMean7:      number(d.HRVMean7),
			HRVLow:        number(d.HRVLow),
			HRVHigh:       number(d.HRVHigh),
			HRVStatus:     str(d.HRVStatus.String()),
			RestingHR:     number(d.RestingHR),
			RestingMean7:  number(d.RestingMean7),
			RestingLow:    number(d.RestingLow),
			RestingHigh:   number(d.RestingHigh),
			RestingStatus: str(d.RestingStatus.String()),
			SleepScore:    number(d.SleepScore),
			GarminStatus:  str(d.GarminStatus),
			GarminLow:     number(d.GarminLow),
			GarminHigh:    number(d.GarminHigh),
			Readings:      d.Readings,
			OtherLnRMSSD:  number(d.OtherLnRMSSD),
			OtherResting:  number(d.OtherRestingHR),

			SleepH: number(d.Sleep.V), SleepMean7: number(d.Sleep.Mean7), SleepLow: number(d.Sleep.Low),
			SleepHigh: number(d.Sleep.High), SleepStatus: str(d.Sleep.Status.String()),
			Deep: number(d.Deep), Light: number(d.Light), REM: number(d.REM), Awake: number(d.Awake),
			Stress: number(d.Stress.V), StressMean7: number(d.Stress.Mean7), StressLow: number(d.Stress.Low),
			StressHigh: number(d.Stress.High), StressStatus: str(d.Stress.Status.String()),
			BodyBattery: number(d.BodyBattery.V), BodyBatteryMean7: number(d.BodyBattery.Mean7),
			BodyBatteryLow: number(d.BodyBattery.Low), BodyBatteryHigh: number(d.BodyBattery.High),
			BodyBatteryStatus: str(d.BodyBattery.Status.String()), BodyBatteryDayLow: number(d.BodyBatteryLow),
			Respiration: number(d.Respiration.V), RespirationMean7: number(d.Respiration.Mean7),
			RespirationLow: number(d.Respiration.Low), RespirationHigh: number(d.Respiration.High),
			RespirationStatus: str(d.Respiration.Status.String()),
			SpO2:              number(d.SpO2), SkinTemp: number(d.SkinTemp),
			GarminAcute: number(d.GarminAcute), GarminChronic: number(d.GarminChronic), GarminRatio: number(d.GarminRatio),
		}
		if g := d.GarminReadiness; g != nil {
			out[i].GarminReadiness, out[i].GarminLevel = number(g.Score), str(strings.ToLower(g.Level))
		}
	}
	return out, jsonDailySources{HRV: str(src.HRV), RestingHR: str(src.RestingHR), Sleep: str(src.Sleep),
		OtherHRV: str(src.OtherHRV), OtherRest: str(src.OtherRestingHR),
		SleepTime: str(src.SleepTime), Stress: str(src.Stress), BodyBattery: str(src.BodyBattery),
		Respiration: str(src.Respiration), Readiness: str(src.Readiness), Load: str(src.Load),
		Agreement: append([]string{}, src.Agreement...)}
}

// HRV writes the block's daily recovery series in opts.Format: [HRVText],
// [HRVCSV] or [HRVJSON].
func HRV(w io.Writer, b *analysis.Block, opts Options) error {
	switch opts.Format {
	case Text:
		return HRVText(w, b, opts)
	case CSV:
		return HRVCSV(w, b)
	case JSON:
		return HRVJSON(w, b)
	}
	return fmt.Errorf("report: unknown format %v", opts.Format)
}

// HRVJSON writes the document of the hrv command: {"daily_sources": {...},
// "daily": [...]}, the daily objects described in the README.
func HRVJSON(w io.Writer, b *analysis.Block) error {
	ds, src := blockDaily(b)
	var doc jsonHRVDoc
	doc.Daily, doc.DailySources = dailyJSON(ds, src)
	return encode(w, doc)
}

// dailyColumns are the columns of [HRVCSV]; the names are those of the
// JSON daily object.
var dailyColumns = []struct {
	name string
	cell func(d *analysis.Daily) string
}{
	{"date", func(d *analysis.Daily) string { return d.Date.Format(time.DateOnly) }},
	{"ln_rmssd", func(d *analysis.Daily) string { return num(d.LnRMSSD) }},
	{"rmssd_ms", func(d *analysis.Daily) string { return num(d.RMSSD) }},
	{"hrv_mean7", func(d *analysis.Daily) string { return num(d.HRVMean7) }},
	{"hrv_low", func(d *analysis.Daily) string { return num(d.HRVLow) }},
	{"hrv_high", func(d *analysis.Daily) string { return num(d.HRVHigh) }},
	{"hrv_status", func(d *analysis.Daily) string { return d.HRVStatus.String() }},
	{"resting_hr_bpm", func(d *analysis.Daily) string { return num(d.RestingHR) }},
	{"resting_mean7_bpm", func(d *analysis.Daily) string { return num(d.RestingMean7) }},
	{"resting_low_bpm", func(d *analysis.Daily) string { return num(d.RestingLow) }},
	{"resting_high_bpm", func(d *analysis.Daily) string { return num(d.RestingHigh) }},
	{"resting_status", func(d *analysis.Daily) string {
		return d.RestingStatus.String()
	}},
	{"sleep_score", func(d *analysis.Daily) string { return num(d.SleepScore) }},
	{"garmin_hrv_status", func(d *analysis.Daily) string { return d.GarminStatus }},
	{"garmin_hrv_low_ms", func(d *analysis.Daily) string { return num(d.GarminLow) }},
	{"garmin_hrv_high_ms", func(d *analysis.Daily) string { return num(d.GarminHigh) }},
	{"readings", func(d *analysis.Daily) string { return strconv.Itoa(d.Readings) }},
	{"other_ln_rmssd", func(d *analysis.Daily) string { return num(d.OtherLnRMSSD) }},
	{"other_resting_hr_bpm", func(d *analysis.Daily) string { return num(d.OtherRestingHR) }},
	{"sleep_h", func(d *analysis.Daily) string { return num(d.Sleep.V) }},
	{"sleep_mean7_h", func(d *analysis.Daily) string { return num(d.Sleep.Mean7) }},
	{"sleep_low_h", func(d *analysis.Daily) string { return num(d.Sleep.Low) }},
	{"sleep_high_h", func(d *analysis.Daily) string { return num(d.Sleep.High) }},
	{"sleep_status", func(d *analysis.Daily) string { return d.Sleep.Status.String() }},
	{"deep_h", func(d *analysis.Daily) string { return num(d.Deep) }},
	{"light_h", func(d *analysis.Daily) string { return num(d.Light) }},
	{"rem_h", func(d *analysis.Daily) string { return num(d.REM) }},
	{"awake_h", func(d *analysis.Daily) string { return num(d.Awake) }},
	{"stress", func(d *analysis.Daily) string { return num(d.Stress.V) }},
	{"stress_mean7", func(d *analysis.Daily) string { return num(d.Stress.Mean7) }},
	{"stress_low", func(d *analysis.Daily) string { return num(d.Stress.Low) }},
	{"stress_high", func(d *analysis.Daily) string { return num(d.Stress.High) }},
	{"stress_status", func(d *analysis.Daily) string { return d.Stress.Status.String() }},
	{"body_battery", func(d *analysis.Daily) string { return num(d.BodyBattery.V) }},
	{"body_battery_mean7", func(d *analysis.Daily) string { return num(d.BodyBattery.Mean7) }},
	{"body_battery_low", func(d *analysis.Daily) string { return num(d.BodyBattery.Low) }},
	{"body_battery_high", func(d *analysis.Daily) string { return num(d.BodyBattery.High) }},
	{"body_battery_status", func(d *analysis.Daily) string { return d.BodyBattery.Status.String() }},
	{"body_battery_day_low", func(d *analysis.Daily) string { return num(d.BodyBatteryLow) }},
	{"respiration_brpm", func(d *analysis.Daily) string { return num(d.Respiration.V) }},
	{"respiration_mean7_brpm", func(d *analysis.Daily) string { return num(d.Respiration.Mean7) }},
	{"respiration_low_brpm", func(d *analysis.Daily) string { return num(d.Respiration.Low) }},
	{"respiration_high_brpm", func(d *analysis.Daily) string { return num(d.Respiration.High) }},
	{"respiration_status", func(d *analysis.Daily) string { return d.Respiration.Status.String() }},
	{"spo2_pct", func(d *analysis.Daily) string { return num(d.SpO2) }},
	{"skin_temp_c", func(d *analysis.Daily) string { return num(d.SkinTemp) }},
	{"garmin_readiness", func(d *analysis.Daily) string {
		if d.GarminReadiness == nil {
			return ""
		}
		return num(d.GarminReadiness.Score)
	}},
	{"garmin_readiness_level", func(d *analysis.Daily) string {
		if d.GarminReadiness == nil {
			return ""
		}
		return strings.ToLower(d.GarminReadiness.Level)
	}},
	{"garmin_acute_load", func(d *analysis.Daily) string { return num(d.GarminAcute) }},
	{"garmin_chronic_load", func(d *analysis.Daily) string { return num(d.GarminChronic) }},
	{"garmin_acwr", func(d *analysis.Daily) string { return num(d.GarminRatio) }},
}

// HRVCSV writes one row per day after a header row, with the columns of
// the JSON daily object; a missing value is an empty cell.
func HRVCSV(w io.Writer, b *analysis.Block) error {
	ds, _ := blockDaily(b)
	cw := csv.NewWriter(w)
	rec := make([]string, len(dailyColumns))
	for i, c := range dailyColumns {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range ds {
		for j, c := range dailyColumns {
			rec[j] = c.cell(&ds[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// HRVText writes a summary (the source of each series, the days with
// data, the latest 7-day means against their normal ranges), then one row
// per day: ln RMSSD and RMSSD, the 7-day mean and the normal range with a
// marker when the mean is outside it, the resting heart rate likewise, the
// sleep score and Garmin's own HRV status and baseline band.
//
// When opts.Width is set and the table is wider, columns are dropped in
// this order until it fits: Garmin's band, RMSSD, resting HR range, Garmin's
// status, sleep score, resting HR mean.
func HRVText(w io.Writer, b *analysis.Block, opts Options) error {
	ds, src := blockDaily(b)
	var sum bytes.Buffer
	wrap(&sum, "sources: ", []string{"HRV: " + analysis.SourceText(src.HRV), "resting HR: " + analysis.SourceText(src.RestingHR),
		"sleep score: " + analysis.SourceText(src.Sleep)}, opts.Width)
	var other []string
	if src.OtherHRV != "" {
		other = append(other, "HRV: "+analysis.SourceText(src.OtherHRV))
	}
	if src.OtherRestingHR != "" {
		other = append(other, "resting HR: "+analysis.SourceText(src.OtherRestingHR))
	}
	if len(other) > 0 {
		wrap(&sum, "beside, not in the baselines: ", other, opts.Width)
	}
	var export []string
	for _, x := range []struct{ what, src string }{{"sleep time", src.SleepTime}, {"stress", src.Stress},
		{"Body Battery", src.BodyBattery}, {"respiration", src.Respiration}, {"Garmin's Training Readiness", src.Readiness},
		{"Garmin's acute/chronic load", src.Load}} {
		if x.src != "" {
			export = append(export, x.what)
		}
	}
	if len(export) > 0 {
		wrap(&sum, "from Garmin's account export: ", export, opts.Width)
	}
	for _, a := range src.Agreement {
		wordWrap(&sum, "", a, opts.Width)
	}
	var nHRV, nRest, nSleep int
	var last struct{ hrv, rest int }
	last.hrv, last.rest = -1, -1
	for i, d := range ds {
		if !math.IsNaN(d.LnRMSSD) {
			nHRV++
		}
		if !math.IsNaN(d.RestingHR) {
			nRest++
		}
		if !math.IsNaN(d.SleepScore) {
			nSleep++
		}
		if !math.IsNaN(d.HRVMean7) {
			last.hrv = i
		}
		if !math.IsNaN(d.RestingMean7) {
			last.rest = i
		}
	}
	if len(ds) == 0 {
		fmt.Fprintln(&sum, "no day with HRV, resting heart rate or sleep score (no morning readings and no Garmin wellness files)")
		_, err := w.Write(sum.Bytes())
		return err
	}
	wrap(&sum, "", []string{fmt.Sprintf("%s, %s to %s", plural(len(ds), "day"), ds[0].Date.Format(time.DateOnly),
		ds[len(ds)-1].Date.Format(time.DateOnly)), fmt.Sprintf("%d with HRV", nHRV),
		fmt.Sprintf("%d with resting HR", nRest), fmt.Sprintf("%d with sleep score", nSleep)}, opts.Width)
	if i := last.hrv; i >= 0 {
		d := ds[i]
		wrap(&sum, "latest ln RMSSD: ", []string{"7-day mean " + fixed(d.HRVMean7, 2) + " on " + d.Date.Format(time.DateOnly),
			rangeText(d.HRVStatus, d.HRVLow, d.HRVHigh, 2, "")}, opts.Width)
	}
	if i := last.rest; i >= 0 {
		d := ds[i]
		wrap(&sum, "latest resting HR: ", []string{"7-day mean " + fixed(d.RestingMean7, 0) + " bpm on " + d.Date.Format(time.DateOnly),
			rangeText(d.RestingStatus, d.RestingLow, d.RestingHigh, 0, " bpm")}, opts.Width)
	}
	fmt.Fprintln(&sum)
	if _, err := w.Write(sum.Bytes()); err != nil {
		return err
	}

	hrvHead := "ln RMSSD\n(" + src.HRV + ")"
	if src.HRV == "" {
		hrvHead = "ln RMSSD\n"
	}
	cols := []*column{
		{head: "date\n"},
		{head: hrvHead, right: true},
		{head: "RMSSD\n(ms)", right: true, keep: 20},
		{head: "7-day\nmean", right: true},
		{head: "normal\nrange", right: true},
		{head: "\n"},
		{head: "rest HR\n(bpm)", right: true},
		{head: "7-day\nmean", right: true, keep: 60},
		{head: "normal\nrange", right: true, keep: 30},
		{head: "\n", keep: 30},
		{head: "sleep\nscore", right: true, keep: 50},
		{head: "Garmin\nstatus", keep: 40},
		{head: "Garmin\nband (ms)", right: true, keep: 10},
		{head: "sleep\n(h)", right: true, keep: 45},
		{head: "stress\n", right: true, keep: 25},
		{head: "Body\nBattery", right: true, keep: 25},
		{head: "resp.\n(/min)", right: true, keep: 8},
		{head: "Garmin\nreadiness", right: true, keep: 35},
		{head: "other ln RMSSD\n(" + src.OtherHRV + ")", right: true, keep: 5},
		{head: "other rest HR\n(" + src.OtherRestingHR + ", bpm)", right: true, keep: 5},
	}
	for i := range ds {
		d := &ds[i]
		cells := []string{
			d.Date.Format(time.DateOnly),
			fixed(d.LnRMSSD, 2),
			fixed(d.RMSSD, 1),
			fixed(d.HRVMean7, 2),
			rangeCell(d.HRVLow, d.HRVHigh, 2),
			marker(d.HRVStatus.String()),
			fixed(d.RestingHR, 0),
			fixed(d.RestingMean7, 1),
			rangeCell(d.RestingLow, d.RestingHigh, 1),
			marker(d.RestingStatus.String()),
			fixed(d.SleepScore, 0),
			d.GarminStatus,
			rangeCell(d.GarminLow, d.GarminHigh, 0),
			fixed(d.Sleep.V, 1),
			fixed(d.Stress.V, 0),
			fixed(d.BodyBattery.V, 0),
			fixed(d.Respiration.V, 1),
			garminCell(d.GarminReadiness),
			fixed(d.OtherLnRMSSD, 2),
			fixed(d.OtherRestingHR, 0),
		}
		for j, c := range cells {
			cols[j].cells = append(cols[j].cells, c)
		}
	}
	cols = fit(dropEmptyKeep(cols), opts.Width)
	var buf bytes.Buffer
	if err := render(&buf, cols); err != nil {
		return err
	}
	if _, err := w.Write(tidy(buf.Bytes())); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s\n%s\n", "7-day mean vs the 60-day normal range (mean ± 0.5 SD): below or above is marked",
		"(HRV low or resting HR high for days on end: fatigue, illness or stress)")
	return err
}

// dropEmptyKeep removes the columns whose cells are all empty, except the
// first two (date and ln RMSSD), which always show.
func dropEmptyKeep(cols []*column) []*column {
	return append(cols[:2:2], dropEmpty(cols[2:])...)
}

// marker is the table cell of a range status.
func marker(status string) string {
	switch status {
	case "below":
		return "below"
	case "above":
		return "above"
	}
	return ""
}

// rangeCell formats a normal range as "4.10-4.35"; "" when unknown.
func rangeCell(lo, hi float64, prec int) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	return fixed(lo, prec) + "-" + fixed(hi, prec)
}

// rangeText says where a 7-day mean stands against its normal range.
func rangeText(status analysis.Range, lo, hi float64, prec int, unit string) string {
	r := fixed(lo, prec) + "–" + fixed(hi, prec) + unit
	switch status {
	case analysis.RangeBelow:
		return "below the normal range " + r
	case analysis.RangeAbove:
		return "above the normal range " + r
	case analysis.RangeNormal:
		return "within the normal range " + r
	}
	return "no normal range yet (too few days)"
}

// VT suggestions for the profile.

// VTSuggestionsText writes the suggested zone anchors from DFA-α1, or
// nothing when the block has none.
func VTSuggestionsText(w io.Writer, sugg []analysis.Anchor, opts Options) error {
	if len(sugg) == 0 {
		return nil
	}
	var buf bytes.Buffer
	buf.WriteString("\nSuggested from DFA-α1 (not applied: set --lthr, the profile file or --zones yourself)\n")
	for _, s := range sugg {
		name := s.Sport
		for _, sp := range sportOrder {
			if sp.key == s.Sport {
				name = sp.name
			}
		}
		if name == "all" {
			name = "other sports"
		}
		fmt.Fprintf(&buf, "  %-9s %s %s bpm (session %s %s, %s, R² %s)\n", name, s.Which, fixed(s.Est.HR, 0),
			s.Day.Format("2006-01-02"), opts.name(s.Path), plural(s.Est.Windows, "window"), fixed(s.Est.R2, 2))
	}
	buf.WriteString("  VT1 (α1 = 0.75) is near the aerobic threshold, VT2 (α1 = 0.5) near LTHR\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// jsonVTSuggestion is one suggested anchor in the profile document.
type jsonVTSuggestion struct {
	Sport     string  `json:"sport"`
	Threshold string  `json:"threshold"`
	HRBPM     float64 `json:"hr_bpm"`
	Windows   int     `json:"windows"`
	R2        float64 `json:"r2"`
	Path      string  `json:"path"`
	Start     *string `json:"start"`
}

func vtSuggestionsJSON(sugg []analysis.Anchor) []jsonVTSuggestion {
	out := make([]jsonVTSuggestion, len(sugg))
	for i, s := range sugg {
		sport := s.Sport
		if sport == analysis.SportOther {
			sport = "other"
		}
		out[i] = jsonVTSuggestion{Sport: sport, Threshold: strings.ToLower(s.Which), HRBPM: finite(s.Est.HR),
			Windows: s.Est.Windows, R2: finite(s.Est.R2), Path: s.Path, Start: str(utcTime(s.Start))}
	}
	return out
}

// ProfileJSON writes the document of the profile command: {"athlete":
// {...}, "dfa_suggestions": [...]}, the athlete object of the JSON document
// (see the README) and the zone anchors suggested from DFA-α1
// (analysis.Block.Anchors; empty without PATHs), never applied.
func ProfileJSON(w io.Writer, a *analysis.Athlete, sugg []analysis.Anchor) error {
	return encode(w, struct {
		Athlete     jsonAthlete        `json:"athlete"`
		Suggestions []jsonVTSuggestion `json:"dfa_suggestions"`
	}{athleteJSON(a), vtSuggestionsJSON(sugg)})
}

// sessionHRV returns the session's HRV; nil without RR data.
func sessionHRV(s *analysis.SessionSummary) *hrv.Session { return s.HRV }

// blockDaily returns the block's daily recovery series and their sources.
func blockDaily(b *analysis.Block) ([]analysis.Daily, analysis.DailySources) {
	return b.Daily, b.DailySources
}

// garminCell is the table cell of Garmin's Training Readiness: "25 low";
// "" without one.
func garminCell(g *fitparse.GarminReadiness) string {
	if g == nil || math.IsNaN(g.Score) {
		return ""
	}
	return strings.TrimSpace(fixed(g.Score, 0) + " " + strings.ToLower(g.Level))
}
