package report_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/realfit"
	"github.com/bounceback/bounceback/report"
)

var update = flag.Bool("update", false, "update golden test files")

var nan = math.NaN()

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sampleBlock is a small block by hand: a run on a watch that knows its UTC
// offset, a triathlon from a device that does not, a damaged ride, a file
// that failed and a wellness file without sessions.
func sampleBlock() *analysis.Block {
	none := analysis.SessionSummary{Session: fitparse.Session{Timer: nan, Elapsed: nan, Distance: nan, Calories: nan, AvgHR: nan, MaxHR: nan, AvgTemp: nan, MaxTemp: nan, AerobicTE: nan, AnaerobicTE: nan, EPOC: nan, RPE: nan, Feel: nan, SweatLoss: nan}}
	with := func(s analysis.SessionSummary, f func(*analysis.SessionSummary)) analysis.SessionSummary {
		f(&s)
		return s
	}
	files := []analysis.FileSummary{
		{FileID: fitparse.FileID{Type: "activity", Manufacturer: "garmin", Product: "fr955", Serial: 3400112233, TimeCreated: date("2024-03-05T06:10:00Z")}, Path: "export/2024-03-05-easy-run.fit", Status: fitparse.OK, Records: 2712, HRSamples: 2712, RRIntervals: 3811, HRSource: fitparse.HRRecord, HasLocalOffset: true, LocalOffset: time.Hour, Sessions: []analysis.SessionSummary{with(none, func(s *analysis.SessionSummary) {
			s.Sport, s.SubSport, s.Start = "running", "generic", date("2024-03-05T06:12:04Z")
			s.Timer, s.Elapsed, s.Distance, s.Calories = 2711.5, 2790.25, 8043.7, 612
			s.AvgHR, s.MaxHR, s.AvgTemp, s.MaxTemp = 138, 151, 21.5, 24
			s.AerobicTE, s.EPOC, s.RPE, s.Feel, s.SweatLoss = 2.8, 41, 3, 75, 0.62
			s.HRSamples, s.RRIntervals = 2712, 3811
		})}},
		{FileID: fitparse.FileID{Type: "activity", Manufacturer: "garmin", Product: "fenix3"}, Path: "export/old/triathlon_with_a_rather_long_name_from_the_archive.fit", Status: fitparse.OK, Records: 5000, HRSamples: 4100, StrapHR: 900, HRSource: fitparse.HRStrap, Sessions: []analysis.SessionSummary{
			with(none, func(s *analysis.SessionSummary) {
				s.Sport, s.SubSport, s.Start = "swimming", "open_water", date("2024-03-09T07:00:00Z")
				s.Timer, s.Elapsed, s.Distance = 1500, 1520, 1500
				s.HRSamples = 900
			}),
			with(none, func(s *analysis.SessionSummary) {
				s.Index, s.Sport, s.SubSport, s.Start = 1, "cycling", "road", date("2024-03-09T07:26:00Z")
				s.Timer, s.Elapsed, s.Distance = 4210.4, 4300, 40210
				s.AvgHR, s.MaxHR, s.AnaerobicTE = 151, 178, 1.4
				s.HRSamples = 3200
			}),
		}},
		{FileID: fitparse.FileID{Type: "activity", Manufacturer: "wahoo_fitness"}, Path: "export/ride.fit", Status: fitparse.Partial, Warnings: []error{errors.New("export/ride.fit: byte 5120: CRC mismatch")}, Records: 10, HRSource: fitparse.HRNone, Sessions: []analysis.SessionSummary{with(none, func(s *analysis.SessionSummary) {
			s.Sport, s.Start, s.Timer = "cycling", date("2024-03-10T16:00:00Z"), 59.6
		})}},
		{Path: "export/notes.fit", Status: fitparse.Failed, Err: errors.New("export/notes.fit: byte 0: not a FIT file")},
		{FileID: fitparse.FileID{Type: "monitoring_b", Manufacturer: "garmin"}, Path: "export/hrv.fit", Status: fitparse.OK, Wellness: 3},
	}
	return analysis.Build(files, analysis.Options{})
}

// golden compares got with testdata/name, or writes it with -update. On a
// mismatch it writes testdata/name.got-* beside it for inspection.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gotPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".got-" + strings.TrimPrefix(filepath.Ext(path), ".")
		_ = os.WriteFile(gotPath, got, 0o644)
		t.Errorf("%s differs from the golden file; got is in %s (go test -update accepts it)", path, gotPath)
	}
}

func TestSessionsTextWidths(t *testing.T) {
	t.Parallel()
	for _, width := range []int{0, 120, 100, 80, 60} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			var buf bytes.Buffer
			opts := report.Options{Format: report.Text, Width: width}
			if err := report.Sessions(&buf, sampleBlock(), opts); err != nil {
				t.Fatal(err)
			}
			for i, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
				if n := len([]rune(line)); width > 0 && n > width {
					t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, width, line)
				}
				if strings.HasSuffix(line, " ") {
					t.Errorf("line %d ends in a space: %q", i+1, line)
				}
			}
			golden(t, "sessions-"+strconv.Itoa(width)+".txt", buf.Bytes())
		})
	}
}

func TestSessionsTextNoSessions(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	b := analysis.Build([]analysis.FileSummary{{Path: "a.fit", Status: fitparse.Failed, Err: fitparse.ErrNotFIT}}, analysis.Options{})
	if err := report.SessionsText(&buf, b, report.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "sessions-empty.txt", buf.Bytes())
}

// wantCSVHeader is the documented CSV header; changing it breaks users'
// scripts.
var wantCSVHeader = []string{"path", "start", "start_local", "sport", "sub_sport",
	"timer_s", "elapsed_s", "distance_m", "calories_kcal", "avg_hr_bpm", "max_hr_bpm",
	"avg_temperature_c", "max_temperature_c", "aerobic_te", "anaerobic_te", "epoc", "rpe", "feel",
	"sweat_loss_l", "hr_source", "hr_samples", "rr_intervals", "device", "status"}

func TestSessionsCSV(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.Sessions(&buf, sampleBlock(), report.Options{Format: report.CSV}); err != nil {
		t.Fatal(err)
	}
	golden(t, "sessions.csv", buf.Bytes())

	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs[0], wantCSVHeader) {
		t.Fatalf("header:\ngot  %q\nwant %q", recs[0], wantCSVHeader)
	}
	if len(recs) != 1+4 {
		t.Fatalf("got %d rows, want a header and 4 sessions", len(recs))
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	for _, rec := range recs[1:] {
		for i, cell := range rec {
			name := recs[0][i]
			switch {
			case cell == "":
				// A missing value; allowed anywhere but path and status.
				if name == "path" || name == "status" || name == "hr_source" {
					t.Errorf("%s: %s is empty", rec[0], name)
				}
			case name == "start":
				if _, err := time.Parse(time.RFC3339, cell); err != nil || !strings.HasSuffix(cell, "Z") {
					t.Errorf("%s: start %q is not RFC 3339 in UTC", rec[0], cell)
				}
			case name == "start_local":
				if _, err := time.Parse("2006-01-02T15:04:05", cell); err != nil {
					t.Errorf("%s: start_local %q: %v", rec[0], cell, err)
				}
			case strings.HasSuffix(name, "_s") || strings.HasSuffix(name, "_m") || strings.HasSuffix(name, "_bpm") ||
				strings.HasSuffix(name, "_kcal") || strings.HasSuffix(name, "_c") || strings.HasSuffix(name, "_l") ||
				strings.HasSuffix(name, "_te") || name == "epoc" || name == "rpe" || name == "feel":
				if _, err := strconv.ParseFloat(cell, 64); err != nil || strings.ContainsAny(cell, "eE") {
					t.Errorf("%s: %s = %q is not a plain number", rec[0], name, cell)
				}
			case name == "hr_samples" || name == "rr_intervals":
				if _, err := strconv.Atoi(cell); err != nil {
					t.Errorf("%s: %s = %q is not an integer", rec[0], name, cell)
				}
			}
		}
	}
	run := recs[1]
	for name, want := range map[string]string{
		"start": "2024-03-05T06:12:04Z", "start_local": "2024-03-05T07:12:04", "timer_s": "2711.5",
		"distance_m": "8043.7", "avg_hr_bpm": "138", "sweat_loss_l": "0.62", "anaerobic_te": "",
	} {
		if got := run[col[name]]; got != want {
			t.Errorf("run %s = %q, want %q", name, got, want)
		}
	}
	if got := recs[2][col["start_local"]]; got != "" {
		t.Errorf("start_local without a known offset = %q, want empty", got)
	}
}

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := report.Sessions(&buf, sampleBlock(), report.Options{Format: report.JSON}); err != nil {
		t.Fatal(err)
	}
	golden(t, "sessions.json", buf.Bytes())

	var doc struct {
		Files []map[string]any `json:"files"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Files) != 5 {
		t.Fatalf("got %d files, want 5", len(doc.Files))
	}
	checkJSONFiles(t, doc.Files)

	run := doc.Files[0]["sessions"].([]any)[0].(map[string]any)
	if run["start"] != "2024-03-05T06:12:04Z" || run["start_local"] != "2024-03-05T07:12:04" ||
		run["timer_s"] != 2711.5 || run["anaerobic_te"] != nil {
		t.Errorf("run session: got %v", run)
	}
	failed := doc.Files[3]
	if failed["status"] != "failed" || failed["error"] != "export/notes.fit: byte 0: not a FIT file" {
		t.Errorf("failed file: got status %v error %v", failed["status"], failed["error"])
	}
	if doc.Files[2]["warnings"].([]any)[0] != "export/ride.fit: byte 5120: CRC mismatch" {
		t.Errorf("partial file: got warnings %v", doc.Files[2]["warnings"])
	}
}

// jsonKind names the JSON types a documented field may have.
type jsonKind int

const (
	jString jsonKind = 1 << iota
	jNumber
	jInt
	jNull
	jArray
	jBool
	jObject
)

// Documented fields (README, "JSON output") and their types.
var (
	fileFields = map[string]jsonKind{
		"path": jString, "status": jString, "error": jString | jNull, "warnings": jArray,
		"file_type": jString | jNull, "manufacturer": jString | jNull, "product": jString | jNull,
		"serial_number": jInt | jNull, "device": jString | jNull, "time_created": jString | jNull,
		"utc_offset_s": jInt | jNull, "records": jInt, "hr_samples": jInt, "strap_hr_samples": jInt,
		"hr_source": jString, "rr_intervals": jInt, "wellness_values": jInt, "sessions": jArray,
	}
	sessionFields = map[string]jsonKind{
		"sport": jString | jNull, "sub_sport": jString | jNull, "start": jString | jNull,
		"start_local": jString | jNull, "timer_s": jNumber | jNull, "elapsed_s": jNumber | jNull,
		"distance_m": jNumber | jNull, "calories_kcal": jNumber | jNull, "avg_hr_bpm": jNumber | jNull,
		"max_hr_bpm": jNumber | jNull, "avg_temperature_c": jNumber | jNull,
		"max_temperature_c": jNumber | jNull, "aerobic_te": jNumber | jNull,
		"anaerobic_te": jNumber | jNull, "epoc": jNumber | jNull, "rpe": jNumber | jNull,
		"feel": jNumber | jNull, "sweat_loss_l": jNumber | jNull, "hr_samples": jInt, "rr_intervals": jInt,
		"index": jInt, "counted": jBool, "duplicate_of": jObject | jNull, "date_problem": jString | jNull,
		"reconstructed": jBool, "event": jInt | jNull,
	}
	duplicateFields = map[string]jsonKind{"path": jString, "session": jInt, "rule": jString, "kept_because": jString}
	eventFields     = map[string]jsonKind{
		"path": jString, "sessions": jArray, "sports": jArray, "start": jString | jNull, "duration_s": jNumber,
		"fluid": jObject | jNull, "refuel": jObject | jNull, "timeline": jArray,
	}
	// analysisFields are the fields analyze and session add to a session.
	analysisFields = map[string]jsonKind{
		"class": jString, "class_reason": jString | jNull, "flags": jArray,
		"trimp": jNumber | jNull, "hrss": jNumber | jNull, "edwards_trimp": jNumber | jNull,
		"srpe_load": jNumber | jNull, "load_estimated": jBool, "load_note": jString | jNull,
		"hr_time_s": jNumber, "zone_seconds": jArray, "below_zone1_s": jNumber | jNull,
		"zone_low_bpm": jArray, "zone_model": jString, "athlete": jObject,
		"decoupling_pct": jNumber | jNull, "drift_pct": jNumber | jNull, "hr_recovery_bpm": jNumber | jNull,
		"max_5s_hr_bpm": jNumber | jNull, "interval_source": jString | jNull, "intervals": jArray,
		"garmin_aerobic_te": jNumber | jNull, "garmin_anaerobic_te": jNumber | jNull,
		"garmin_epoc": jNumber | jNull, "garmin_recovery_h": jNumber | jNull, "garmin_vo2max": jNumber | jNull,
		"hrv": jObject | jNull, "fluid": jObject | jNull, "refuel": jObject | jNull, "timeline": jArray,
	}
	hrvFields = map[string]jsonKind{
		"rr_used": jInt, "rr_dropped": jInt, "artifact_pct": jNumber | jNull, "mean_rr_ms": jNumber | jNull,
		"sdnn_ms": jNumber | jNull, "rmssd_ms": jNumber | jNull, "ln_rmssd": jNumber | jNull,
		"pnn50_pct": jNumber | jNull, "mean_hr_bpm": jNumber | jNull, "dfa_a1_mean": jNumber | jNull,
		"vt1_bpm": jNumber | jNull, "vt1_windows": jInt, "vt1_r2": jNumber | jNull,
		"vt2_bpm": jNumber | jNull, "vt2_windows": jInt, "vt2_r2": jNumber | jNull,
		"windows": jArray, "alpha": jArray,
	}
	hrvWindowFields = map[string]jsonKind{
		"start_s": jNumber, "duration_s": jNumber, "rr_used": jInt, "rr_dropped": jInt,
		"artifact_pct": jNumber | jNull, "unreliable": jBool, "mean_rr_ms": jNumber | jNull,
		"sdnn_ms": jNumber | jNull, "rmssd_ms": jNumber | jNull, "ln_rmssd": jNumber | jNull,
		"pnn50_pct": jNumber | jNull, "mean_hr_bpm": jNumber | jNull,
	}
	alphaFields = map[string]jsonKind{
		"start_s": jNumber, "dfa_a1": jNumber | jNull, "hr_bpm": jNumber | jNull,
		"artifact_pct": jNumber | jNull, "unreliable": jBool,
	}
	dailyFields = map[string]jsonKind{
		"date": jString, "ln_rmssd": jNumber | jNull, "rmssd_ms": jNumber | jNull,
		"hrv_mean7": jNumber | jNull, "hrv_low": jNumber | jNull, "hrv_high": jNumber | jNull,
		"hrv_status": jString | jNull, "resting_hr_bpm": jNumber | jNull,
		"resting_mean7_bpm": jNumber | jNull, "resting_low_bpm": jNumber | jNull,
		"resting_high_bpm": jNumber | jNull, "resting_status": jString | jNull,
		"sleep_score": jNumber | jNull, "garmin_hrv_status": jString | jNull,
		"garmin_hrv_low_ms": jNumber | jNull, "garmin_hrv_high_ms": jNumber | jNull, "readings": jInt,
		"other_ln_rmssd": jNumber | jNull, "other_resting_hr_bpm": jNumber | jNull,
		"sleep_h": jNumber | jNull, "sleep_mean7_h": jNumber | jNull, "sleep_low_h": jNumber | jNull,
		"sleep_high_h": jNumber | jNull, "sleep_status": jString | jNull, "deep_h": jNumber | jNull,
		"light_h": jNumber | jNull, "rem_h": jNumber | jNull, "awake_h": jNumber | jNull,
		"stress": jNumber | jNull, "stress_mean7": jNumber | jNull, "stress_low": jNumber | jNull,
		"stress_high": jNumber | jNull, "stress_status": jString | jNull,
		"body_battery": jNumber | jNull, "body_battery_mean7": jNumber | jNull, "body_battery_low": jNumber | jNull,
		"body_battery_high": jNumber | jNull, "body_battery_status": jString | jNull,
		"body_battery_day_low": jNumber | jNull, "respiration_brpm": jNumber | jNull,
		"respiration_mean7_brpm": jNumber | jNull, "respiration_low_brpm": jNumber | jNull,
		"respiration_high_brpm": jNumber | jNull, "respiration_status": jString | jNull,
		"spo2_pct": jNumber | jNull, "skin_temp_c": jNumber | jNull, "garmin_readiness": jNumber | jNull,
		"garmin_readiness_level": jString | jNull, "garmin_acute_load": jNumber | jNull,
		"garmin_chronic_load": jNumber | jNull, "garmin_acwr": jNumber | jNull,
	}
	dailySourcesFields = map[string]jsonKind{
		"hrv": jString | jNull, "resting_hr": jString | jNull, "sleep": jString | jNull,
		"other_hrv": jString | jNull, "other_resting_hr": jString | jNull, "sleep_time": jString | jNull,
		"stress": jString | jNull, "body_battery": jString | jNull, "respiration": jString | jNull,
		"garmin_readiness": jString | jNull, "garmin_load": jString | jNull, "agreement": jArray,
	}
	dailySourceNames = map[any]bool{nil: true, "morning": true, "overnight": true, "monitoring": true,
		"morning reading": true, "sleep assessment": true, "overnight (export)": true, "daily summary (export)": true,
		"sleepData (export)": true, "Training Readiness (export)": true, "acute training load (export)": true}
	rangeStatuses  = map[any]bool{nil: true, "below": true, "normal": true, "above": true}
	intervalFields = map[string]jsonKind{
		"start_s": jNumber, "duration_s": jNumber, "avg_hr_bpm": jNumber | jNull, "max_hr_bpm": jNumber | jNull,
		"avg_power_w": jNumber | jNull, "avg_speed_mps": jNumber | jNull, "recovery_s": jNumber | jNull,
		"recovery_hr_bpm": jNumber | jNull,
	}
	athleteFields = map[string]jsonKind{
		"hr_max_bpm": jObject, "hr_rest_bpm": jObject, "lthr_bpm": jObject, "mass_kg": jObject, "height_m": jObject,
		"age_years": jObject, "sex": jObject, "zone_model": jString, "sports": jObject,
	}
	hrValuesFields = map[string]jsonKind{"hr_max_bpm": jObject, "hr_rest_bpm": jObject, "lthr_bpm": jObject}
	// sessionAthleteFields are those of a session's athlete: the heart-rate
	// values and the sex.
	sessionAthleteFields = map[string]jsonKind{"hr_max_bpm": jObject, "hr_rest_bpm": jObject, "lthr_bpm": jObject, "sex": jObject}
	valueFields          = map[string]jsonKind{"value": jNumber | jString | jNull, "source": jString, "note": jString | jNull}
	sources              = map[any]bool{"flag": true, "profile": true, "device": true, "estimate": true, "formula": true, "default": true, "none": true}
	zoneModels           = map[any]bool{"hrr": true, "lthr": true, "hrmax": true}
	classes              = map[any]bool{"recovery": true, "endurance": true, "tempo": true, "threshold": true,
		"vo2max": true, "anaerobic": true, "unclassified": true}
)

func kindOf(v any) jsonKind {
	switch v := v.(type) {
	case nil:
		return jNull
	case string:
		return jString
	case float64:
		if v == math.Trunc(v) {
			return jNumber | jInt
		}
		return jNumber
	case []any:
		return jArray
	case bool:
		return jBool
	case map[string]any:
		return jObject
	}
	return 0
}

// checkFields checks that obj has exactly the documented fields, each of a
// documented type.
func checkFields(t *testing.T, where string, obj map[string]any, fields map[string]jsonKind) {
	t.Helper()
	for name, kinds := range fields {
		v, ok := obj[name]
		if !ok {
			t.Errorf("%s: field %q is missing", where, name)
			continue
		}
		if kindOf(v)&kinds == 0 {
			t.Errorf("%s: field %q = %v has the wrong type", where, name, v)
		}
	}
	for name := range obj {
		if _, ok := fields[name]; !ok {
			t.Errorf("%s: field %q is not documented", where, name)
		}
	}
}

func checkJSONFiles(t *testing.T, files []map[string]any) {
	t.Helper()
	checkFiles(t, files, false)
}

// checkFiles checks the files of a document; analyzed says whether the
// sessions carry the analysis fields (analyze, session).
func checkFiles(t *testing.T, files []map[string]any, analyzed bool) {
	t.Helper()
	fields := sessionFields
	if analyzed {
		fields = map[string]jsonKind{}
		for k, v := range sessionFields {
			fields[k] = v
		}
		for k, v := range analysisFields {
			fields[k] = v
		}
	}
	statuses := map[any]bool{"ok": true, "partial": true, "failed": true, "skipped": true}
	for _, f := range files {
		where, _ := f["path"].(string)
		checkFields(t, where, f, fileFields)
		if !statuses[f["status"]] {
			t.Errorf("%s: status %v", where, f["status"])
		}
		if (f["status"] == "failed") != (f["error"] != nil) && f["status"] != "skipped" {
			t.Errorf("%s: status %v with error %v", where, f["status"], f["error"])
		}
		for _, w := range f["warnings"].([]any) {
			if _, ok := w.(string); !ok {
				t.Errorf("%s: warning %v is not a string", where, w)
			}
		}
		for _, s := range f["sessions"].([]any) {
			s := s.(map[string]any)
			checkFields(t, where+": session", s, fields)
			if d, ok := s["duplicate_of"].(map[string]any); ok {
				checkFields(t, where+": session: duplicate_of", d, duplicateFields)
			}
			if start, ok := s["start"].(string); ok {
				if _, err := time.Parse(time.RFC3339, start); err != nil {
					t.Errorf("%s: start: %v", where, err)
				}
			}
			if analyzed {
				checkAnalysis(t, where+": session", s)
			}
		}
	}
}

// checkAnalysis checks the analysis fields of a session beyond their
// types: the names, the arrays' contents and the nested objects.
func checkAnalysis(t *testing.T, where string, s map[string]any) {
	t.Helper()
	if !classes[s["class"]] {
		t.Errorf("%s: class %v", where, s["class"])
	}
	if !zoneModels[s["zone_model"]] {
		t.Errorf("%s: zone_model %v", where, s["zone_model"])
	}
	for _, f := range s["flags"].([]any) {
		if f != "long" && f != "race" && f != "hrv_reading" {
			t.Errorf("%s: flag %v", where, f)
		}
	}
	for _, name := range []string{"zone_seconds", "zone_low_bpm"} {
		zs := s[name].([]any)
		if len(zs) != 5 {
			t.Errorf("%s: %s has %d values, want 5", where, name, len(zs))
		}
		for _, z := range zs {
			if kindOf(z)&(jNumber|jNull) == 0 {
				t.Errorf("%s: %s holds %v", where, name, z)
			}
		}
	}
	// With heart-rate samples, every zone has a time and the load is known.
	if n, _ := s["hr_samples"].(float64); n > 0 && s["hr_time_s"].(float64) > 0 {
		for _, z := range s["zone_seconds"].([]any) {
			if z == nil {
				t.Errorf("%s: heart rate but a zone without time: %v", where, s["zone_seconds"])
			}
		}
		if s["trimp"] == nil || s["hrss"] == nil {
			t.Errorf("%s: heart rate but trimp %v, hrss %v", where, s["trimp"], s["hrss"])
		}
	}
	for _, iv := range s["intervals"].([]any) {
		iv, ok := iv.(map[string]any)
		if !ok {
			t.Errorf("%s: interval %v is not an object", where, iv)
			continue
		}
		checkFields(t, where+": interval", iv, intervalFields)
	}
	if h, ok := s["hrv"].(map[string]any); ok {
		checkHRV(t, where+": hrv", h, s)
	} else if n, _ := s["rr_intervals"].(float64); n > 0 && s["hrv"] == nil {
		t.Errorf("%s: %v RR intervals but hrv is null", where, n)
	}
	a, _ := s["athlete"].(map[string]any)
	checkFields(t, where+": athlete", a, sessionAthleteFields)
	for name, v := range a {
		if v, ok := v.(map[string]any); ok {
			checkValue(t, where+": athlete: "+name, v)
		}
	}
}

// checkHRV checks a session's hrv object: its fields, its windows and α1
// points, and that every RR interval of the session is used or dropped.
func checkHRV(t *testing.T, where string, h, s map[string]any) {
	t.Helper()
	checkFields(t, where, h, hrvFields)
	used, _ := h["rr_used"].(float64)
	dropped, _ := h["rr_dropped"].(float64)
	if n, _ := s["rr_intervals"].(float64); used+dropped != n {
		t.Errorf("%s: rr_used %v + rr_dropped %v != rr_intervals %v", where, used, dropped, n)
	}
	if p, ok := h["artifact_pct"].(float64); ok && (p < 0 || p > 100) {
		t.Errorf("%s: artifact_pct %v", where, p)
	}
	for _, vt := range []string{"vt1", "vt2"} {
		if h[vt+"_bpm"] != nil && h[vt+"_r2"] == nil {
			t.Errorf("%s: %s_bpm %v without %s_r2", where, vt, h[vt+"_bpm"], vt)
		}
	}
	for _, w := range h["windows"].([]any) {
		w, ok := w.(map[string]any)
		if !ok {
			t.Errorf("%s: window %v is not an object", where, w)
			continue
		}
		checkFields(t, where+": window", w, hrvWindowFields)
	}
	for _, p := range h["alpha"].([]any) {
		p, ok := p.(map[string]any)
		if !ok {
			t.Errorf("%s: alpha %v is not an object", where, p)
			continue
		}
		checkFields(t, where+": alpha", p, alphaFields)
	}
}

// checkDaily checks the daily series and its sources.
func checkDaily(t *testing.T, daily []map[string]any, sources map[string]any) {
	t.Helper()
	checkFields(t, "daily_sources", sources, dailySourcesFields)
	for name, v := range sources {
		if name == "agreement" {
			continue
		}
		if !dailySourceNames[v] {
			t.Errorf("daily_sources: %s = %v", name, v)
		}
	}
	prev := ""
	for _, d := range daily {
		date, _ := d["date"].(string)
		checkFields(t, "daily "+date, d, dailyFields)
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			t.Errorf("daily: date %v: %v", d["date"], err)
		}
		if date <= prev {
			t.Errorf("daily: %s after %s", date, prev)
		}
		prev = date
		for _, name := range []string{"hrv_status", "resting_status", "sleep_status", "stress_status",
			"body_battery_status", "respiration_status"} {
			if !rangeStatuses[d[name]] {
				t.Errorf("daily %s: %s %v", date, name, d[name])
			}
		}
		if lo, ok := d["hrv_low"].(float64); ok {
			if hi, _ := d["hrv_high"].(float64); lo > hi {
				t.Errorf("daily %s: hrv_low %v > hrv_high %v", date, lo, hi)
			}
		}
	}
}

// checkValue checks an athlete value object.
func checkValue(t *testing.T, where string, v map[string]any) {
	t.Helper()
	checkFields(t, where, v, valueFields)
	if !sources[v["source"]] {
		t.Errorf("%s: source %v", where, v["source"])
	}
}

// checkAthlete checks the top-level athlete object.
func checkAthlete(t *testing.T, where string, a map[string]any) {
	t.Helper()
	checkFields(t, where, a, athleteFields)
	for name, v := range a {
		if v, ok := v.(map[string]any); ok && name != "sports" {
			checkValue(t, where+": "+name, v)
		}
	}
	if !zoneModels[a["zone_model"]] {
		t.Errorf("%s: zone_model %v", where, a["zone_model"])
	}
	sports, _ := a["sports"].(map[string]any)
	for _, sport := range []string{"running", "cycling", "swimming"} {
		hv, ok := sports[sport].(map[string]any)
		if !ok {
			t.Errorf("%s: sports has no %s", where, sport)
			continue
		}
		checkFields(t, where+": sports: "+sport, hv, hrValuesFields)
		for name, v := range hv {
			if v, ok := v.(map[string]any); ok {
				checkValue(t, where+": sports: "+sport+": "+name, v)
			}
		}
	}
	if len(sports) != 3 {
		t.Errorf("%s: sports has %d keys, want running, cycling and swimming", where, len(sports))
	}
}

// analysisDoc is the document of analyze and session.
type analysisDoc struct {
	Athlete      map[string]any   `json:"athlete"`
	Files        []map[string]any `json:"files"`
	Events       []map[string]any `json:"events"`
	DailySources map[string]any   `json:"daily_sources"`
	Daily        []map[string]any `json:"daily"`
}

// checkAnalysisDoc parses and checks an analysis document.
func checkAnalysisDoc(t *testing.T, data []byte) analysisDoc {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	want := []string{"athlete", "files", "events", "stale", "daily_sources", "daily", "weeks", "days", "readiness"}
	for _, k := range want {
		if _, ok := top[k]; !ok {
			t.Errorf("the document has no %q", k)
		}
	}
	if len(top) != len(want) {
		t.Errorf("the document's keys are %v, want %v", keys(top), want)
	}
	var doc analysisDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	checkAthlete(t, "athlete", doc.Athlete)
	checkFiles(t, doc.Files, true)
	checkDaily(t, doc.Daily, doc.DailySources)
	for _, e := range doc.Events {
		checkFields(t, "events", e, eventFields)
	}
	if _, ok := top["stale"].(string); top["stale"] != nil && !ok {
		t.Errorf("stale = %v, want a string or null", top["stale"])
	}
	return doc
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"table", "csv", "json", "markdown", "html"} {
		f, err := report.ParseFormat(name)
		if err != nil || f.String() != name {
			t.Errorf("ParseFormat(%q) = %v, %v", name, f, err)
		}
	}
	if _, err := report.ParseFormat("xml"); err == nil || err.Error() != `unknown format "xml" (want table, csv, json, markdown or html)` {
		t.Errorf("ParseFormat(xml): got error %v", err)
	}
}

// builtDir is a folder's files and block, built once per test binary.
type builtDir struct {
	files []analysis.FileSummary
	b     *analysis.Block
}

var (
	builtMu sync.Mutex
	built   = map[string]builtDir{}
)

// eachDir runs fn on the generated block and, in a subtest that skips
// without ../shared/fit (and fails without it under CI), on the real
// files: their summaries and their block as of asOf, scanned and built once
// for all the tests that ask.
func eachDir(t *testing.T, fn func(t *testing.T, dir string, files []analysis.FileSummary, b *analysis.Block)) {
	t.Helper()
	run := func(t *testing.T, dir string) {
		files := scanDir(t, dir)
		if len(files) == 0 {
			t.Fatalf("no files in %s", dir)
		}
		builtMu.Lock()
		d, ok := built[dir]
		if !ok {
			d = builtDir{files, analysis.Build(files, analysis.Options{AsOf: asOf})}
			built[dir] = d
		}
		builtMu.Unlock()
		fn(t, dir, d.files, d.b)
	}
	t.Run("block", func(t *testing.T) { run(t, "../testdata/block") })
	t.Run("fit", func(t *testing.T) { run(t, realfit.Dir(t)) })
}

// readmeTables returns the field names of each README table of JSON
// fields, by the section ("### ...") the table is in.
func readmeTables(t *testing.T) map[string]map[string]bool {
	t.Helper()
	md, err := os.ReadFile(filepath.Join("..", "docs", "json.md"))
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]map[string]bool{}
	var section string
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "### ") {
			section = strings.TrimPrefix(line, "### ")
			continue
		}
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		for _, name := range strings.Split(strings.Split(line, "|")[1], ",") {
			if tables[section] == nil {
				tables[section] = map[string]bool{}
			}
			tables[section][strings.Trim(strings.TrimSpace(name), "`")] = true
		}
	}
	return tables
}

// TestJSONDoc checks that the README documents exactly the fields the JSON has,
// with the types this test checks, and that its example is valid output.
func TestJSONDoc(t *testing.T) {
	t.Parallel()
	md, err := os.ReadFile(filepath.Join("..", "docs", "json.md"))
	if err != nil {
		t.Fatal(err)
	}
	tables := readmeTables(t)
	sections := map[string]map[string]jsonKind{
		"File object": fileFields, "Session object": sessionFields, "Session analysis fields": analysisFields,
		"Interval object": intervalFields, "Athlete object": athleteFields, "Athlete value object": valueFields,
		"Session athlete object": sessionAthleteFields, "HRV object": hrvFields,
		"HRV window object": hrvWindowFields, "DFA-α1 object": alphaFields, "Daily object": dailyFields,
		"Daily sources object": dailySourcesFields, "Suggested anchor object": suggestionFields,
		"Fluid object": fluidFields, "Refuel object": refuelFields,
		"Duplicate object": duplicateFields, "Event object": eventFields,
	}
	maps.Copy(sections, schemaBlockSections)
	for section, fields := range sections {
		for name := range fields {
			if !tables[section][name] {
				t.Errorf("README, %s: field %q is not documented", section, name)
			}
		}
		for name := range tables[section] {
			if _, ok := fields[name]; !ok {
				t.Errorf("README, %s: documents %q, which the output does not have", section, name)
			}
		}
	}

	start := strings.Index(string(md), "```json\n{\n")
	if start < 0 {
		t.Fatal("README has no JSON example")
	}
	example := string(md[start+len("```json\n"):])
	example = example[:strings.Index(example, "```")]
	var doc struct {
		Files []map[string]any `json:"files"`
	}
	if err := json.Unmarshal([]byte(example), &doc); err != nil {
		t.Fatalf("README JSON example: %v", err)
	}
	checkJSONFiles(t, doc.Files)
}

// TestJSONSchemaReal checks every documented field, with its type, on the
// generated block and on the real files in ../shared/fit.
func TestJSONSchemaReal(t *testing.T) {
	t.Parallel()
	eachDir(t, func(t *testing.T, dir string, files []analysis.FileSummary, b *analysis.Block) {
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, b); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Files []map[string]any `json:"files"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Files) != len(files) {
			t.Errorf("got %d files in the JSON, want %d", len(doc.Files), len(files))
		}
		checkJSONFiles(t, doc.Files)

		buf.Reset()
		if err := report.AnalysisJSON(&buf, b); err != nil {
			t.Fatal(err)
		}
		adoc := checkAnalysisDoc(t, buf.Bytes())
		if len(adoc.Files) != len(files) {
			t.Errorf("got %d files in the analysis JSON, want %d", len(adoc.Files), len(files))
		}

		buf.Reset()
		if err := report.HRVJSON(&buf, b); err != nil {
			t.Fatal(err)
		}
		checkHRVDoc(t, buf.Bytes())
		buf.Reset()
		if err := report.ProfileJSON(&buf, &b.Athlete, b.Anchors); err != nil {
			t.Fatal(err)
		}
		checkProfileDoc(t, buf.Bytes())
	})
}

// suggestionFields are those of a suggested zone anchor in the profile
// document.
var suggestionFields = map[string]jsonKind{
	"sport": jString, "threshold": jString, "hr_bpm": jNumber, "windows": jInt, "r2": jNumber,
	"path": jString, "start": jString | jNull,
}

// checkHRVDoc parses and checks the document of the hrv command.
func checkHRVDoc(t *testing.T, data []byte) {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	if len(top) != 2 || top["daily_sources"] == nil || top["daily"] == nil {
		t.Errorf("the hrv document's keys are not daily_sources and daily: %v", keys(top))
	}
	var doc analysisDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	checkDaily(t, doc.Daily, doc.DailySources)
}

// checkProfileDoc parses and checks the document of the profile command.
func checkProfileDoc(t *testing.T, data []byte) {
	t.Helper()
	var doc struct {
		Athlete     map[string]any   `json:"athlete"`
		Suggestions []map[string]any `json:"dfa_suggestions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	checkAthlete(t, "athlete", doc.Athlete)
	if doc.Suggestions == nil {
		t.Error("dfa_suggestions is null")
	}
	for _, s := range doc.Suggestions {
		checkFields(t, "dfa_suggestions", s, suggestionFields)
		if s["threshold"] != "vt1" && s["threshold"] != "vt2" {
			t.Errorf("dfa_suggestions: threshold %v", s["threshold"])
		}
	}
}
