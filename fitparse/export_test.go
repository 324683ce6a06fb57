package fitparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// This file tests the reader of the JSON files of Garmin's account export
// (exportjson.go, exportkinds.go): on the hand-written samples of
// testdata/export, laid out as a real export (DI_CONNECT/...), one file of
// each kind with the export's quirks; on testdata/export-bad, one small
// malformed file each; and on inputs made at test time (large, hostile or
// cancelled ones). FuzzExport is at the end.

// exportRoot is the sample export's DI_CONNECT folder.
const exportRoot = "testdata/export/DI_CONNECT"

// exportSamples are the sample files of each kind bounceback reads.
var exportSamples = map[ExportKind]string{
	ExportSleep:       exportRoot + "/DI-Connect-Wellness/2026-02-28_2026-06-08_123456789_sleepData.json",
	ExportHealth:      exportRoot + "/DI-Connect-Wellness/2026-02-28_2026-06-08_123456789_healthStatusData.json",
	ExportDaySummary:  exportRoot + "/DI-Connect-Aggregator/UDSFile_2026-02-28_2026-06-08.json",
	ExportReadiness:   exportRoot + "/DI-Connect-Metrics/TrainingReadinessDTO_20260228_20260608_123456789.json",
	ExportLoad:        exportRoot + "/DI-Connect-Metrics/MetricsAcuteTrainingLoad_20260228_20260608_123456789.json",
	ExportActivities:  exportRoot + "/DI-Connect-Fitness/athlete@example.com_0_summarizedActivities.json",
	ExportUserProfile: exportRoot + "/DI-Connect-User/user_profile.json",
}

// exportUnread is the sample's JSON file of a kind bounceback does not
// read; exportOutside a JSON file named as a kind but outside DI_CONNECT.
const (
	exportUnread  = exportRoot + "/DI-Connect-Metrics/MetricsMaxMetData_20260228_20260608_123456789.json"
	exportOutside = "testdata/export/backup_2026-03-02_sleepData.json"
)

// exportKindList lists the kinds, for the tests that try each.
var exportKindList = []ExportKind{ExportSleep, ExportHealth, ExportDaySummary, ExportReadiness,
	ExportLoad, ExportActivities, ExportUserProfile}

// mar returns midnight UTC of March d, 2026, the sample export's month.
func mar(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }

// utc parses an RFC 3339 time.
func utc(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t.UTC()
}

// exportDiff lists where got and want, values of one type, differ, as
// "path: got …, want …": floats by near (NaN equal to NaN), times by
// Equal, anything else by reflect.DeepEqual, field by field and element by
// element.
func exportDiff(path string, got, want reflect.Value) []string {
	differ := func() []string {
		return []string{fmt.Sprintf("%s: got %v, want %v", path, got.Interface(), want.Interface())}
	}
	switch got.Kind() {
	case reflect.Float64:
		if !near(got.Float(), want.Float()) {
			return differ()
		}
	case reflect.Struct:
		if gt, ok := got.Interface().(time.Time); ok {
			if !gt.Equal(want.Interface().(time.Time)) {
				return differ()
			}
			return nil
		}
		var out []string
		for i := range got.NumField() {
			out = append(out, exportDiff(path+"."+got.Type().Field(i).Name, got.Field(i), want.Field(i))...)
		}
		return out
	case reflect.Slice:
		if got.Len() != want.Len() {
			return []string{fmt.Sprintf("%s: %d elements, want %d", path, got.Len(), want.Len())}
		}
		var out []string
		for i := range got.Len() {
			out = append(out, exportDiff(fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i))...)
		}
		return out
	case reflect.Pointer:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				return differ()
			}
			return nil
		}
		return exportDiff(path, got.Elem(), want.Elem())
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			return differ()
		}
	}
	return nil
}

// sameValues fails the test where got and want differ (see exportDiff).
func sameValues(t *testing.T, name string, got, want any) {
	t.Helper()
	for _, d := range exportDiff(name, reflect.ValueOf(got), reflect.ValueOf(want)) {
		t.Error(d)
	}
}

// summary returns an activity summary as the export's reader makes it:
// every value not recorded but those set.
func summary(sport, subSport string, start time.Time, set func(s *Session)) Session {
	s := newSession()
	s.Sport, s.SubSport, s.Start, s.Summary = sport, subSport, start, true
	s.LocalOffset, s.HasLocalOffset = time.Hour, true
	set(&s)
	return s
}

// exportSampleWant is what each sample file holds, converted.
type exportSampleWant struct {
	export   Export
	sessions []Session
	profiles []UserProfile
}

func exportSampleWants(t *testing.T) map[ExportKind]exportSampleWant {
	return map[ExportKind]exportSampleWant{
		ExportSleep: {export: Export{Kind: ExportSleep, Sleep: []Sleep{{
			Date: mar(2), Start: utc(t, "2026-03-01T22:40:00Z"), End: utc(t, "2026-03-02T06:10:00Z"),
			Deep: 5400, Light: 14400, REM: 6000, Awake: 1200, Unmeasurable: 0,
			Score: 84, Quality: 80, Duration: 88, Recovery: 92, DeepScore: 90, REMScore: 85, LightScore: 79,
			AwakeningsScore: 82, AwakeTimeScore: 75, RestfulnessScore: 70, InterruptionsScore: 82,
			Feedback: "POSITIVE_LONG_AND_DEEP", Insight: "POSITIVE_EXERCISE",
			Respiration: 14, RespirationLow: 11, RespirationHigh: 18, Stress: 17.5, AwakeCount: 2, SpO2: 95, HR: 48,
		}, {
			// overallScore 0: not scored; respiration 0 and sleep stress
			// -2: not measured; no SpO2 summary. The third night (retro,
			// no values) is passed over.
			Date: mar(3), Start: utc(t, "2026-03-02T23:55:00Z"), End: utc(t, "2026-03-03T05:25:00Z"),
			Deep: 3000, Light: 12300, REM: 3900, Awake: 600, Unmeasurable: 0,
			Score: nan, Quality: nan, Duration: nan, Recovery: nan, DeepScore: nan, REMScore: nan, LightScore: nan,
			AwakeningsScore: nan, AwakeTimeScore: nan, RestfulnessScore: nan, InterruptionsScore: nan,
			Feedback: "NEGATIVE_SHORT", Insight: "NONE",
			Respiration: nan, RespirationLow: nan, RespirationHigh: nan, Stress: nan, AwakeCount: 1, SpO2: nan, HR: nan,
		}}}},
		ExportHealth: {export: Export{Kind: ExportHealth, Health: []HealthStatus{{
			// SpO2 0 with a 0–0 band: not measured.
			Date: mar(2), HRV: 62, HRVLow: 55, HRVHigh: 71, HRVStatus: "balanced",
			RestingHR: 47, RestingLow: 44, RestingHigh: 51,
			Respiration: 14.2, RespirationLow: 12.5, RespirationHigh: 15.8,
			SkinTemp: -0.3, SkinTempLow: -1, SkinTempHigh: 1,
			SpO2: nan, SpO2Low: nan, SpO2High: nan,
		}, {
			Date: mar(3), HRV: 48, HRVLow: 55, HRVHigh: 71, HRVStatus: "low",
			RestingHR: 52, RestingLow: 44, RestingHigh: 51,
			Respiration: nan, RespirationLow: nan, RespirationHigh: nan,
			SkinTemp: nan, SkinTempLow: nan, SkinTempHigh: nan,
			SpO2: 94, SpO2Low: 92, SpO2High: 98,
		}}}},
		ExportDaySummary: {export: Export{Kind: ExportDaySummary, DaySummary: []DaySummary{{
			Date: mar(2), RestingHR: 47, MinHR: 44, MaxHR: 168, Stress: 28, StressAsleep: 16, StressAwake: 35,
			BBStart: 30, BBEnd: 34, BBHigh: 88, BBLow: 24, BBCharged: 62, BBDrained: 58,
			Steps: 11234, Respiration: 15, HydrationL: 2.25, SweatLossL: 0.78,
		}, {
			// includesWellnessData false: its zeros and -1 are no values;
			// the record of that day holding only hydration fills it in
			// (its sweat loss 0: none estimated).
			Date: mar(3), RestingHR: nan, MinHR: nan, MaxHR: nan, Stress: nan, StressAsleep: nan, StressAwake: nan,
			BBStart: nan, BBEnd: nan, BBHigh: nan, BBLow: nan, BBCharged: nan, BBDrained: nan,
			Steps: nan, Respiration: nan, HydrationL: 1.75, SweatLossL: nan,
		}, {
			// TOTAL stress -2: not measured; the day's latest Body
			// Battery (MOSTRECENT) stands for its end.
			Date: mar(4), RestingHR: 49, MinHR: 46, MaxHR: 131, Stress: nan, StressAsleep: 19, StressAwake: nan,
			BBStart: nan, BBEnd: 61, BBHigh: 79, BBLow: nan, BBCharged: 55, BBDrained: 31,
			Steps: 6120, Respiration: nan, HydrationL: nan, SweatLossL: nan,
		}}}},
		ExportReadiness: {export: Export{Kind: ExportReadiness, Readiness: []GarminReadiness{{
			// The morning record, not the one after exercise.
			Date: mar(2), Time: utc(t, "2026-03-02T06:12:31Z"), Score: 78, Level: "HIGH", Feedback: "WELL_RECOVERED",
			Sleep: 86, RecoveryTime: 90, ACWR: 88, StressHistory: 80, HRV: 82, SleepHistory: 74,
			SleepScore: 84, RecoveryTimeMin: 312, AcuteLoad: 612, HRVWeekly: 61, Context: "AFTER_WAKEUP_RESET",
		}, {
			// The morning record comes after a later one in the file.
			Date: mar(3), Time: utc(t, "2026-03-03T05:31:12Z"), Score: 58, Level: "MODERATE", Feedback: "GOOD_SLEEP_HISTORY",
			Sleep: 55, RecoveryTime: 78, ACWR: 80, StressHistory: 71, HRV: 48, SleepHistory: 66,
			SleepScore: 62, RecoveryTimeMin: 480, AcuteLoad: 650, HRVWeekly: 57, Context: "AFTER_WAKEUP_RESET",
		}, {
			// No sleep data: a sleep score and a weekly HRV of 0 are none.
			Date: mar(4), Time: utc(t, "2026-03-04T05:50:00Z"), Score: 50, Level: "MODERATE", Feedback: "NO_SLEEP_DATA",
			Sleep: 0, RecoveryTime: 100, ACWR: 92, StressHistory: 75, HRV: 0, SleepHistory: 60,
			SleepScore: nan, RecoveryTimeMin: 0, AcuteLoad: 598, HRVWeekly: nan, Context: "AFTER_WAKEUP_RESET",
		}}}},
		ExportLoad: {export: Export{Kind: ExportLoad, Load: []GarminLoad{{
			// calendarDate and timestamp in epoch ms; the day's last record.
			Date: mar(2), Time: utc(t, "2026-03-02T09:30:00Z"), Acute: 730, Chronic: 548, Ratio: 1.3, Status: "HIGH",
		}, {
			// No chronic load yet: its ratio 0 is none.
			Date: mar(3), Time: utc(t, "2026-03-03T06:00:00Z"), Acute: 905, Chronic: 0, Ratio: nan, Status: "NONE",
		}}}},
		ExportActivities: {export: Export{Kind: ExportActivities}, sessions: []Session{
			// Durations in ms, distances and ascent in cm; the speed from
			// the distance and the moving time; startTimeLocal 1 h after
			// startTimeGmt.
			summary("running", "", utc(t, "2026-03-02T07:10:00Z"), func(s *Session) {
				s.Timer, s.Elapsed, s.Distance, s.Calories = 3012.345, 3050, 10123.45, 812
				s.AvgHR, s.MaxHR, s.AvgSpeed, s.Ascent = 148, 171, 10123.45/2990, 84
				s.AerobicTE, s.AnaerobicTE, s.EPOC, s.SweatLoss = 3.4, 1.2, 118.4, 0.95
			}),
			// The multisport parent is dropped: its legs are in the file.
			summary("cycling", "road", utc(t, "2026-03-03T17:30:00Z"), func(s *Session) {
				s.Timer, s.Elapsed, s.Distance, s.Calories = 3600, 3620, 30000, 850
				s.AvgHR, s.MaxHR, s.AvgSpeed, s.Ascent = 139, 165, 30000.0/3580, 310
				s.AvgPower, s.MaxPower = 212, 641
				s.AerobicTE, s.AnaerobicTE, s.EPOC, s.SweatLoss = 3.6, 1.1, 132, 1.05
			}),
			summary("running", "", utc(t, "2026-03-03T18:30:00Z"), func(s *Session) {
				s.Timer, s.Elapsed, s.Distance, s.Calories = 1800, 1840, 10000, 440
				s.AvgHR, s.MaxHR, s.AvgSpeed, s.Ascent = 152, 176, 10000.0/1770, 21
				s.AerobicTE, s.AnaerobicTE, s.EPOC, s.SweatLoss = 3, 1.4, 69, 0.57
			}),
			// No heart rate (0) nor sweat loss (0); no distance, no speed.
			summary("training", "strength_training", utc(t, "2026-03-04T06:00:00Z"), func(s *Session) {
				s.Timer, s.Elapsed, s.Distance, s.Calories = 2700, 2760, 0, 210
				s.AerobicTE, s.AnaerobicTE, s.EPOC = 0, 0, 0
			}),
		}},
		ExportUserProfile: {
			export:   Export{Kind: ExportUserProfile, BirthDate: time.Date(1988, 6, 14, 0, 0, 0, 0, time.UTC)},
			profiles: []UserProfile{{Sex: "male", Age: nan, Weight: 72.5, Height: 1.81, RestingHR: nan, MaxHR: nan}},
		},
	}
}

// TestExportSamples: each sample file decodes to what it holds, in SI
// units with NaN for what was not measured, whether read with DecodeFile,
// or with DecodeExport given its path or its kind.
func TestExportSamples(t *testing.T) {
	t.Parallel()
	for kind, want := range exportSampleWants(t) {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			p := exportSamples[kind]
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := ExportKindOf(p); got != kind {
				t.Errorf("ExportKindOf = %q", got)
			}
			for how, f := range map[string]*File{
				"DecodeFile":           DecodeFile(p),
				"DecodeExport by path": DecodeExport(context.Background(), bytes.NewReader(data), p, ""),
				"DecodeExport by kind": DecodeExport(context.Background(), bytes.NewReader(data), "x.json", kind),
			} {
				checkExport(t, f)
				if f.Status != OK || f.Err != nil || len(f.Warnings) != 0 {
					t.Fatalf("%s: status %v, err %v, warnings %v", how, f.Status, f.Err, f.Warnings)
				}
				if f.ID != (FileID{Type: "garmin_export", Manufacturer: "garmin", Product: string(kind)}) || f.Size != int64(len(data)) {
					t.Errorf("%s: ID %+v, size %d", how, f.ID, f.Size)
				}
				sameValues(t, how+" Export", *f.Export, want.export)
				sameValues(t, how+" Sessions", f.Sessions, want.sessions)
				sameValues(t, how+" UserProfiles", f.UserProfiles, want.profiles)
				if kind == ExportActivities && (f.LocalOffset != time.Hour || !f.HasLocalOffset) {
					t.Errorf("%s: local offset %v %v, want 1h", how, f.LocalOffset, f.HasLocalOffset)
				}
			}
		})
	}
}

// TestExportFileKinds: a JSON file of DI_CONNECT of another kind is
// Skipped without being read; one outside DI_CONNECT is read when named
// (DecodeFile) but is no export file for Scan; the kinds are recognized
// by name in any letter case.
func TestExportFileKinds(t *testing.T) {
	t.Parallel()
	f := DecodeFile(exportUnread)
	checkExport(t, f)
	if f.Status != Skipped || !errors.Is(f.Err, ErrNotRead) || f.Export != nil {
		t.Errorf("%s: %v %v", exportUnread, f.Status, f.Err)
	}
	if k := ExportKindOf(exportOutside); k != "" {
		t.Errorf("ExportKindOf(%s) = %q, want none outside DI_CONNECT", exportOutside, k)
	}
	if f := DecodeFile(exportOutside); f.Status != OK || len(f.Export.Sleep) != 1 || f.Export.Sleep[0].Deep != 5400 {
		t.Errorf("%s named: %v %v", exportOutside, f.Status, f.Err)
	}
	for p, want := range map[string]ExportKind{
		"x/DI_CONNECT/DI-Connect-Wellness/1_2_3_SLEEPDATA.JSON":             ExportSleep,
		"export.zip/di_connect/DI-Connect-Wellness/a_healthStatusData.json": ExportHealth,
		"DI_CONNECT/DI-Connect-Aggregator/udsfile_1_2.json":                 ExportDaySummary,
		"DI_CONNECT/x/TrainingReadinessDTO_1_2_3.json":                      ExportReadiness,
		"DI_CONNECT/x/MetricsAcuteTrainingLoad_1.json":                      ExportLoad,
		"DI_CONNECT/DI-Connect-Fitness/a@b.c_0_summarizedActivities.json":   ExportActivities,
		"DI_CONNECT/DI-Connect-User/user_profile.json":                      ExportUserProfile,
		"DI_CONNECT/DI-Connect-User/old_user_profile.json":                  "",
		"DI_CONNECT/DI-Connect-Wellness/x_sleepData.json.gz":                "",
		"elsewhere/x_sleepData.json":                                        "",
		"DI_CONNECTED/x_sleepData.json":                                     "",
	} {
		if got := ExportKindOf(p); got != want {
			t.Errorf("ExportKindOf(%q) = %q, want %q", p, got, want)
		}
	}
}

// exportBadCase is what one file of testdata/export-bad decodes to.
type exportBadCase struct {
	name   string
	status Status
	// err is the sentinel Err wraps (nil: none is required); offset the
	// byte its *DecodeError names (-1: it has none).
	err    error
	offset func(data []byte) int64
	// records are the records the *RecordError warnings name, in order;
	// rangeDropped how many values the ErrOutOfRange warning counts.
	records      []int
	rangeDropped int
	check        func(t *testing.T, f *File)
}

func exportBadCases() []exportBadCase {
	at := func(n int64) func([]byte) int64 { return func([]byte) int64 { return n } }
	end := func(data []byte) int64 { return int64(len(data)) }
	return []exportBadCase{
		{name: "notjson_sleepData.json", status: Failed, err: ErrMalformedJSON, offset: at(0)},
		{name: "truncated_sleepData.json", status: Failed, err: ErrTruncated, offset: end},
		{name: "truncated2_sleepData.json", status: Failed, err: ErrTruncated, offset: end},
		{name: "number_healthStatusData.json", status: Failed, err: ErrExportFormat, offset: at(2)},
		{name: "UDSFile_syntax.json", status: Failed, err: ErrMalformedJSON,
			offset: func(d []byte) int64 { return int64(bytes.Index(d, []byte(",\n}")) + 2) }},
		{name: "trailing_healthStatusData.json", status: Failed, err: ErrMalformedJSON,
			offset: func(d []byte) int64 { return int64(bytes.LastIndexByte(d, ']')) }},
		{name: "trailing2_healthStatusData.json", status: Failed, err: ErrMalformedJSON,
			offset: func(d []byte) int64 { return int64(bytes.LastIndexByte(d, '[')) + 1 }},
		{name: "UDSFile_empty.json", status: Failed, err: ErrMalformedJSON, offset: at(0)},
		{name: "MetricsAcuteTrainingLoad_missingdate.json", status: Failed, err: ErrExportFormat},
		{name: "TrainingReadinessDTO_emptyarray.json", status: Skipped},
		{name: "emptywrapper_summarizedActivities.json", status: Skipped},
		{name: "nothingread_sleepData.json", status: Skipped},
		{name: "bom_sleepData.json", status: OK, check: func(t *testing.T, f *File) {
			if len(f.Export.Sleep) != 1 || f.Export.Sleep[0].Deep != 5400 || f.Export.Sleep[0].Score != 84 {
				t.Errorf("sleep %+v", f.Export.Sleep)
			}
		}},
		{name: "notobject_healthStatusData.json", status: Partial, records: []int{1, 3, 4, 5}, check: func(t *testing.T, f *File) {
			if len(f.Export.Health) != 1 || f.Export.Health[0].Date != mar(3) || f.Export.Health[0].HRV != 51 {
				t.Errorf("health %+v", f.Export.Health)
			}
		}},
		{name: "wrongtypes_healthStatusData.json", status: Partial, records: []int{1}, check: func(t *testing.T, f *File) {
			if len(f.Export.Health) != 1 || f.Export.Health[0].HRV != 48 {
				t.Errorf("health %+v", f.Export.Health)
			}
		}},
		{name: "TrainingReadinessDTO_wrongtypes.json", status: Partial, records: []int{1, 1, 1, 1, 2}, check: func(t *testing.T, f *File) {
			r := f.Export.Readiness
			if len(r) != 2 || r[0].Date != mar(2) || !math.IsNaN(r[0].Score) || !r[0].Time.IsZero() || r[0].AcuteLoad != 612 ||
				r[0].Level != "HIGH" || r[1].Date != mar(4) || r[1].Score != 50 {
				t.Errorf("readiness %+v", r)
			}
		}},
		{name: "MetricsAcuteTrainingLoad_somedates.json", status: Partial, records: []int{2}, check: func(t *testing.T, f *File) {
			if l := f.Export.Load; len(l) != 1 || l[0].Acute != 612 || l[0].Ratio != 1.1 {
				t.Errorf("load %+v", l)
			}
		}},
		{name: "UDSFile_outofrange.json", status: OK, rangeDropped: 3, check: func(t *testing.T, f *File) {
			d := f.Export.DaySummary
			if len(d) != 1 || !math.IsNaN(d[0].RestingHR) || !math.IsNaN(d[0].MaxHR) || !math.IsNaN(d[0].BBHigh) || d[0].MinHR != 44 || d[0].Steps != 11234 {
				t.Errorf("day summary %+v", d)
			}
		}},
		{name: "outofrange_summarizedActivities.json", status: OK, rangeDropped: 4, check: func(t *testing.T, f *File) {
			if len(f.Sessions) != 1 {
				t.Fatalf("%d sessions", len(f.Sessions))
			}
			s := f.Sessions[0]
			// The duration of 35 days is dropped: the moving time stands in.
			if s.Timer != 2990 || !math.IsNaN(s.AvgHR) || s.MaxHR != 171 || !math.IsNaN(s.AerobicTE) || !math.IsNaN(s.SweatLoss) {
				t.Errorf("session %+v", s)
			}
		}},
		{name: "outofrange_sleepData.json", status: OK, rangeDropped: 2, check: func(t *testing.T, f *File) {
			s := f.Export.Sleep
			// 55 h of stages in one night, a window that ends before it
			// starts: dropped, the scores kept.
			if len(s) != 1 || !math.IsNaN(s[0].Deep) || !math.IsNaN(s[0].Light) || !s[0].Start.IsZero() || s[0].Score != 84 {
				t.Errorf("sleep %+v", s)
			}
		}},
	}
}

// TestExportBad: each malformed sample gets the status, the sentinel, the
// byte offset and the record warnings it should, whether read with
// DecodeFile or DecodeExport; what it holds that is usable is kept.
func TestExportBad(t *testing.T) {
	t.Parallel()
	cases := exportBadCases()
	files, _ := filepath.Glob("testdata/export-bad/*.json")
	if len(files) != len(cases) {
		t.Errorf("%d files in testdata/export-bad, %d cases", len(files), len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join("testdata/export-bad", c.name)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for how, f := range map[string]*File{
				"DecodeFile":   DecodeFile(p),
				"DecodeExport": DecodeExport(context.Background(), bytes.NewReader(data), p, ""),
			} {
				checkExport(t, f)
				if f.Status != c.status {
					t.Fatalf("%s: status %v (%v), want %v", how, f.Status, f.Err, c.status)
				}
				if c.err != nil && !errors.Is(f.Err, c.err) {
					t.Errorf("%s: err %v, want it to wrap %q", how, f.Err, c.err)
				}
				var de *DecodeError
				switch {
				case c.offset != nil && !errors.As(f.Err, &de):
					t.Errorf("%s: err %v, want a *DecodeError", how, f.Err)
				case c.offset != nil && de.Offset != c.offset(data):
					t.Errorf("%s: %v: byte %d, want %d", how, f.Err, de.Offset, c.offset(data))
				}
				var recs []int
				dropped := 0
				for _, w := range f.Warnings {
					var re *RecordError
					if errors.As(w, &re) {
						recs = append(recs, re.Record)
						if re.Path != p || !errors.Is(re, ErrExportFormat) {
							t.Errorf("%s: warning %v", how, w)
						}
					}
					if errors.Is(w, ErrOutOfRange) {
						dropped = 1
						if _, more, ok := strings.Cut(w.Error(), "(and "); ok {
							var n int
							fmt.Sscanf(more, "%d", &n)
							dropped += n
						}
					}
				}
				if !slices.Equal(recs, c.records) {
					t.Errorf("%s: record warnings for %v, want %v: %v", how, recs, c.records, f.Warnings)
				}
				if dropped != c.rangeDropped {
					t.Errorf("%s: %d values dropped out of range, want %d: %v", how, dropped, c.rangeDropped, f.Warnings)
				}
				if c.check != nil {
					c.check(t, f)
				}
			}
		})
	}
}

// exportDecode decodes s, a JSON file of the given kind.
func exportDecode(t *testing.T, kind ExportKind, s string) *File {
	t.Helper()
	f := DecodeExport(context.Background(), strings.NewReader(s), "x.json", kind)
	checkExport(t, f)
	return f
}

// TestExportRules: the rules of the reader on small inputs: layouts
// (wrappers, lists of lists), which record a day keeps, the multisport
// rule, the record warnings and their bound, values Garmin writes as
// strings, numbers too large, long strings, long lists.
func TestExportRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		kind   ExportKind
		in     string
		status Status
		check  func(t *testing.T, f *File)
	}{
		{"top-level object with data", ExportSleep, `{"userId": 1, "data": [{"calendarDate": "2026-03-02", "deepSleepSeconds": 60}]}`, OK,
			func(t *testing.T, f *File) {
				if len(f.Export.Sleep) != 1 || f.Export.Sleep[0].Deep != 60 {
					t.Errorf("sleep %+v", f.Export.Sleep)
				}
			}},
		{"a single record", ExportSleep, `{"calendarDate": "2026-03-02", "deepSleepSeconds": 60}`, OK,
			func(t *testing.T, f *File) {
				if len(f.Export.Sleep) != 1 {
					t.Errorf("sleep %+v", f.Export.Sleep)
				}
			}},
		{"list of lists", ExportHealth, `[[{"calendarDate": "2026-03-02", "metrics": [{"type": "HRV", "value": 50}]}], [{"calendarDate": "2026-03-03", "metrics": [{"type": "HR", "value": 45}]}]]`, OK,
			func(t *testing.T, f *File) {
				if h := f.Export.Health; len(h) != 2 || h[0].HRV != 50 || h[1].RestingHR != 45 {
					t.Errorf("health %+v", h)
				}
			}},
		{"web API sleep score and wrapped values", ExportSleep, `[{"calendarDate": {"date": "Mar 2, 2026 12:00:00 AM"}, "sleepScores": {"overall": {"value": 80, "qualifierKey": "GOOD"}}, "awakeCount": "3"}]`, OK,
			func(t *testing.T, f *File) {
				if s := f.Export.Sleep; len(s) != 1 || s[0].Date != mar(2) || s[0].Score != 80 || s[0].AwakeCount != 3 {
					t.Errorf("sleep %+v", s)
				}
			}},
		{"healthStatusData dated by date", ExportHealth, `[{"date": "2026-03-02", "metrics": [{"type": "HRV", "value": 50}]}, {"metrics": [{"type": "HRV", "value": 51}]}]`, Partial,
			func(t *testing.T, f *File) {
				// The record without any date is listed, though no record
				// has calendarDate.
				if len(f.Export.Health) != 1 || len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Error(), "record 2: no calendarDate") {
					t.Errorf("health %+v, warnings %v", f.Export.Health, f.Warnings)
				}
			}},
		{"summaries dated by beginTimestamp", ExportActivities, `[{"beginTimestamp": 1772435400000, "duration": 60000}, {"duration": 60000}]`, Partial,
			func(t *testing.T, f *File) {
				if len(f.Sessions) != 1 || len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Error(), "record 2: no startTimeGmt") {
					t.Errorf("sessions %+v, warnings %v", f.Sessions, f.Warnings)
				}
			}},
		{"readiness: earliest when no morning record", ExportReadiness, `[
			{"calendarDate": "2026-03-02", "timestamp": "2026-03-02T15:00:00.0", "score": 40},
			{"calendarDate": "2026-03-02", "timestamp": "2026-03-02T09:00:00.0", "score": 60},
			{"calendarDate": "2026-03-02", "score": 70}]`, OK,
			func(t *testing.T, f *File) {
				if r := f.Export.Readiness; len(r) != 1 || r[0].Score != 60 {
					t.Errorf("readiness %+v", r)
				}
			}},
		{"readiness: morning record wins whenever it comes", ExportReadiness, `[
			{"calendarDate": "2026-03-02", "timestamp": "2026-03-02T05:00:00.0", "score": 40, "inputContext": "AFTER_POST_EXERCISE_RESET"},
			{"calendarDate": "2026-03-02", "timestamp": "2026-03-02T06:00:00.0", "score": 60, "inputContext": "after_wakeup_reset"},
			{"calendarDate": "2026-03-02", "timestamp": "2026-03-02T04:00:00.0", "score": 70}]`, OK,
			func(t *testing.T, f *File) {
				if r := f.Export.Readiness; len(r) != 1 || r[0].Score != 60 {
					t.Errorf("readiness %+v", r)
				}
			}},
		{"load: the day's last record, one without a time counts as later", ExportLoad, `[
			{"calendarDate": "2026-03-02", "timestamp": 1772443800000, "dailyTrainingLoadAcute": 700},
			{"calendarDate": "2026-03-02", "timestamp": 1772433000000, "dailyTrainingLoadAcute": 600},
			{"calendarDate": "2026-03-03", "timestamp": 1772517600000, "dailyTrainingLoadAcute": 800},
			{"calendarDate": "2026-03-03", "dailyTrainingLoadAcute": 900}]`, OK,
			func(t *testing.T, f *File) {
				if l := f.Export.Load; len(l) != 2 || l[0].Acute != 700 || l[1].Acute != 900 {
					t.Errorf("load %+v", l)
				}
			}},
		{"multisport parent without ids: its legs start within its span", ExportActivities, `[
			{"startTimeGmt": 1772559000000, "activityType": "multi_sport", "duration": 5400000},
			{"startTimeGmt": 1772559000000, "activityType": "road_biking", "duration": 3600000},
			{"startTimeGmt": 1772562600000, "activityType": "running", "duration": 1800000},
			{"startTimeGmt": 1772604000000, "activityType": "multi_sport", "duration": 600000}]`, OK,
			func(t *testing.T, f *File) {
				// The second parent has no leg in the file: it stays.
				var sports []string
				for _, s := range f.Sessions {
					sports = append(sports, s.Sport)
				}
				if !slices.Equal(sports, []string{"cycling", "running", "multisport"}) {
					t.Errorf("sports %v", sports)
				}
			}},
		{"a number too large for a float64 where a record is", ExportSleep, `[1e999, {"calendarDate": "2026-03-02", "deepSleepSeconds": 60, "lightSleepSeconds": 1e999}]`, Partial,
			func(t *testing.T, f *File) {
				if len(f.Export.Sleep) != 1 || !math.IsNaN(f.Export.Sleep[0].Light) || len(f.Warnings) < 2 {
					t.Errorf("sleep %+v, warnings %v", f.Export.Sleep, f.Warnings)
				}
			}},
		{"more than 20 record problems", ExportReadiness, "[" + strings.Repeat(`{"calendarDate": "2026-03-02", "score": "x", "level": "LOW"},`, 30) + `{"calendarDate": "2026-03-02", "score": 50}]`, Partial,
			func(t *testing.T, f *File) {
				// 20 listed, one more counting the other 10.
				last := f.Warnings[len(f.Warnings)-1]
				if len(f.Warnings) != 21 || !strings.Contains(last.Error(), "record 31: and 10 more record problems") {
					t.Errorf("%d warnings, last %v", len(f.Warnings), last)
				}
			}},
		{"many members of the wrong type in one record", ExportSleep, `[{"calendarDate": "2026-03-02", "deepSleepSeconds": 60` + strings.Repeat(`, "sleepScores": 5`, 100) + `}]`, Partial,
			func(t *testing.T, f *File) {
				last := f.Warnings[len(f.Warnings)-1]
				if len(f.Warnings) != 21 || !strings.Contains(last.Error(), "and 80 more") || len(f.Export.Sleep) != 1 {
					t.Errorf("%d warnings, last %v", len(f.Warnings), last)
				}
			}},
		{"a long list inside a record", ExportDaySummary, `[{"calendarDate": "2026-03-02", "bodyBattery": {"bodyBatteryStatList": [` +
			strings.Repeat(`{"bodyBatteryStatType": "LOWEST", "statsValue": 10},`, 100) + `{"bodyBatteryStatType": "HIGHEST", "statsValue": 90}]}}]`, OK,
			func(t *testing.T, f *File) {
				// Past the first 64 elements the list is not read.
				if d := f.Export.DaySummary; len(d) != 1 || d[0].BBLow != 10 || !math.IsNaN(d[0].BBHigh) {
					t.Errorf("day summary %+v", d)
				}
			}},
		{"a list element of the wrong type", ExportHealth, `[{"calendarDate": "2026-03-02", "metrics": [7, {"type": "HRV", "value": 50}]}]`, Partial,
			func(t *testing.T, f *File) {
				if h := f.Export.Health; len(h) != 1 || h[0].HRV != 50 {
					t.Errorf("health %+v", h)
				}
			}},
		{"a long string cut before an escape", ExportSleep, `[{"calendarDate": "2026-03-02", "sleepScores": {"feedback": "` + strings.Repeat("a", 1020) + `\u00e9\u00e9 and more"}}]`, OK,
			func(t *testing.T, f *File) {
				if s := f.Export.Sleep; len(s) != 1 || s[0].Feedback != strings.Repeat("a", maxExportText) {
					t.Errorf("feedback %q", s[0].Feedback)
				}
			}},
		{"control characters in strings", ExportReadiness, `[{"calendarDate": "2026-03-02", "score": 50, "level": "\u001b[2JHIGH\u202e"}]`, OK,
			func(t *testing.T, f *File) {
				if r := f.Export.Readiness; len(r) != 1 || r[0].Level != "?[2JHIGH?" {
					t.Errorf("level %q", r[0].Level)
				}
			}},
		{"user profile nested in userData, weight in kg", ExportUserProfile, `{"userData": {"gender": "FEMALE", "weight": 58.5, "height": 1.68, "birthDate": "1992-11-03"}}`, OK,
			func(t *testing.T, f *File) {
				if u := f.UserProfiles; len(u) != 1 || u[0].Sex != "female" || u[0].Weight != 58.5 || u[0].Height != 1.68 ||
					f.Export.BirthDate != time.Date(1992, 11, 3, 0, 0, 0, 0, time.UTC) {
					t.Errorf("profile %+v, birth %v", u, f.Export.BirthDate)
				}
			}},
		{"dates and times outside 1900–2200", ExportSleep, `[{"calendarDate": "0000-01-01", "deepSleepSeconds": 60},
			{"calendarDate": "2026-03-02", "sleepStartTimestampGMT": "9999-03-01T22:40:00.0", "deepSleepSeconds": 60}]`, Partial,
			func(t *testing.T, f *File) {
				if s := f.Export.Sleep; len(s) != 1 || !s[0].Start.IsZero() || len(f.Warnings) != 3 {
					t.Errorf("sleep %+v, warnings %v", s, f.Warnings)
				}
			}},
		{"an unknown kind", "TrainingHistory", `[]`, Failed,
			func(t *testing.T, f *File) {
				if !errors.Is(f.Err, ErrExportFormat) {
					t.Errorf("err %v", f.Err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := exportDecode(t, tt.kind, tt.in)
			if f.Status != tt.status {
				t.Fatalf("status %v (%v, %v), want %v", f.Status, f.Err, f.Warnings, tt.status)
			}
			tt.check(t, f)
		})
	}
}

// exportZip returns a zip of the folder dir, its files named by their
// paths below it.
func exportZip(t *testing.T, dir string) []byte {
	t.Helper()
	var entries []scanZipEntry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		entries = append(entries, scanZipEntry{name: filepath.ToSlash(rel), data: data})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return scanZip(t, entries...)
}

// exportScan scans paths and returns the Files by their path below the
// DI_CONNECT folder.
func exportScan(t *testing.T, paths []string, opts ScanOptions) map[string]*File {
	t.Helper()
	var files []*File
	within(t, guard, func() {
		var err error
		files, err = Scan(context.Background(), paths, opts, func(f *File) *File { return f })
		if err != nil {
			t.Errorf("Scan: %v", err)
		}
	})
	out := map[string]*File{}
	for _, f := range files {
		checkExport(t, f)
		_, rel, ok := strings.Cut(f.Path, "DI_CONNECT/")
		if !ok {
			t.Errorf("%s: %v %v, outside DI_CONNECT", f.Path, f.Status, f.Err)
			continue
		}
		out[rel] = f
	}
	return out
}

// TestScanExport: Scan reads the JSON files of the sample export as
// DecodeFile does, in its folder and in a zip of it alike; the file of a
// kind it does not read is Skipped, the JSON file outside DI_CONNECT
// ignored.
func TestScanExport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{
		"export.zip": exportZip(t, "testdata/export"),
		// The zip inside a folder of an unzipped export, and a JSON file
		// at the zip's root.
		"nested/outer.zip": scanZip(t, scanZipEntry{name: "export.zip", data: exportZip(t, "testdata/export"), store: true},
			scanZipEntry{name: "manifest_sleepData.json", data: []byte(`[{"calendarDate": "2026-03-02", "deepSleepSeconds": 60}]`)}),
	})
	want := map[string]*File{}
	for _, p := range append(slices.Collect(maps.Values(exportSamples)), exportUnread) {
		rel := strings.TrimPrefix(p, exportRoot+"/")
		want[rel] = DecodeFile(p)
	}
	for _, in := range []string{"testdata/export", dir + "/export.zip", dir + "/nested/outer.zip"} {
		t.Run(filepath.Base(in), func(t *testing.T) {
			got := exportScan(t, []string{in}, ScanOptions{Workers: 4})
			if len(got) != len(want) {
				t.Errorf("%d results, want %d: %v", len(got), len(want), slices.Sorted(maps.Keys(got)))
			}
			for rel, w := range want {
				f := got[rel]
				if f == nil {
					t.Errorf("%s: no result", rel)
					continue
				}
				if f.Status != w.Status || (w.Err == nil) != (f.Err == nil) || len(f.Warnings) != len(w.Warnings) {
					t.Errorf("%s: %v %v %v, want %v %v %v", rel, f.Status, f.Err, f.Warnings, w.Status, w.Err, w.Warnings)
				}
				if errors.Is(w.Err, ErrNotRead) && !errors.Is(f.Err, ErrNotRead) {
					t.Errorf("%s: err %v, want it to wrap ErrNotRead", rel, f.Err)
				}
				sameValues(t, rel+" Export", f.Export, w.Export)
				sameValues(t, rel+" Sessions", f.Sessions, w.Sessions)
				sameValues(t, rel+" UserProfiles", f.UserProfiles, w.UserProfiles)
				if f.Size != w.Size || f.ID != w.ID {
					t.Errorf("%s: size %d, ID %+v; want %d, %+v", rel, f.Size, f.ID, w.Size, w.ID)
				}
			}
		})
	}

	// The sample export twice: the second copy of each file read is a
	// duplicate; the unread file is reported twice, as it is not read.
	files, err := Scan(context.Background(), []string{"testdata/export", dir + "/export.zip"}, ScanOptions{}, func(f *File) *File { return f })
	if err != nil {
		t.Fatal(err)
	}
	dups, unread := 0, 0
	for _, f := range files {
		switch {
		case errors.Is(f.Err, ErrDuplicate):
			dups++
		case errors.Is(f.Err, ErrNotRead):
			unread++
		}
	}
	if len(files) != 2*len(want) || dups != len(exportSamples) || unread != 2 {
		t.Errorf("%d results, %d duplicates, %d unread; want %d, %d, 2", len(files), dups, unread, 2*len(want), len(exportSamples))
	}
}

// TestScanExportCaps: MaxJSONSize caps a JSON file on disk (from its
// size, before it is read) and an archive member (what it inflates to, also
// capped by MaxMemberSize); a file at the cap is read.
func TestScanExportCaps(t *testing.T) {
	t.Parallel()
	// A sleepData file of exactly n bytes.
	sized := func(n int) []byte {
		b := []byte(`[{"calendarDate": "2026-03-02", "deepSleepSeconds": 60}]`)
		return append(b, bytes.Repeat([]byte(" "), n-len(b))...)
	}
	const name = "DI_CONNECT/DI-Connect-Wellness/x_sleepData.json"
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{
		"at/" + name:   sized(1024),
		"over/" + name: sized(1025),
		"a.zip":        scanZip(t, scanZipEntry{name: name, data: sized(1024)}),
		"b.zip":        scanZip(t, scanZipEntry{name: name, data: sized(1025)}),
		"c.zip":        scanZip(t, scanZipEntry{name: name, data: sized(1025), store: true}),
	})
	tests := []struct {
		in   string
		opts ScanOptions
		want string // "" for OK, else the end of the error
	}{
		{"at", ScanOptions{MaxJSONSize: 1024}, ""},
		{"over", ScanOptions{MaxJSONSize: 1024}, ": 1025 bytes, larger than the 1 KiB cap"},
		{"a.zip", ScanOptions{MaxJSONSize: 1024}, ""},
		{"b.zip", ScanOptions{MaxJSONSize: 1024}, ": inflates past the 1 KiB cap"},
		{"c.zip", ScanOptions{MaxJSONSize: 1024}, ": inflates past the 1 KiB cap"},
		{"a.zip", ScanOptions{MaxJSONSize: 4096, MaxMemberSize: 1000}, ": inflates past the 1000-byte cap"},
		{"over", ScanOptions{}, ""},
	}
	for _, tt := range tests {
		got := exportScan(t, []string{filepath.Join(dir, tt.in)}, tt.opts)
		f := got["DI-Connect-Wellness/x_sleepData.json"]
		switch {
		case f == nil:
			t.Errorf("%s %+v: no result", tt.in, tt.opts)
		case tt.want == "" && f.Status != OK:
			t.Errorf("%s %+v: %v %v, want ok", tt.in, tt.opts, f.Status, f.Err)
		case tt.want != "" && (f.Status != Failed || !errors.Is(f.Err, ErrTooLarge) || !strings.HasSuffix(f.Err.Error(), tt.want)):
			t.Errorf("%s %+v: %v %v, want failed …%s", tt.in, tt.opts, f.Status, f.Err, tt.want)
		}
	}

	// DecodeExport's own cap, on a reader: at the cap, and one byte past.
	for _, n := range []int{1024, 1025} {
		f, _ := decodeExport(context.Background(), bytes.NewReader(sized(n)), "x.json", ExportSleep, 1024, false)
		checkExport(t, f)
		if ok := f.Status == OK; ok != (n == 1024) || n > 1024 && !errors.Is(f.Err, ErrTooLarge) {
			t.Errorf("%d bytes under a 1024-byte cap: %v %v", n, f.Status, f.Err)
		}
	}
}

// recordStream is a reader of a JSON array of n records, record(i) the
// i-th, made as it is read: a large input that takes no memory.
type recordStream struct {
	n, i   int
	record func(i int) string
	buf    []byte
}

func (r *recordStream) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) && r.i <= r.n+1 {
		switch {
		case r.i == 0:
			r.buf = append(r.buf, '[')
		case r.i == r.n+1:
			r.buf = append(r.buf, ']')
		case r.i > 1:
			r.buf = append(r.buf, ',')
			fallthrough
		default:
			r.buf = append(r.buf, r.record(r.i-1)...)
		}
		r.i++
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.buf)
	r.buf = r.buf[:copy(r.buf, r.buf[n:])]
	return n, nil
}

// TestExportRecordBound: a record may span 4 MiB, one value of it or many
// values; past that the file fails cleanly, naming the record, without
// reading the rest. A value outside the records is bounded alike.
func TestExportRecordBound(t *testing.T) {
	t.Parallel()
	// A value clearly past the bound: the decoder reads 64 KiB at a time.
	big := strings.Repeat("x", maxExportRecord+2*exportChunk)
	tests := []struct {
		name   string
		in     string
		record int // the record named, 0: the file is read
	}{
		{"one long value", `[{"calendarDate": "2026-03-02", "deepSleepSeconds": 60}, {"calendarDate": "2026-03-03", "sleepScores": {"feedback": "` + big + `"}}]`, 2},
		{"one long unknown value", `[{"calendarDate": "2026-03-02", "deepSleepSeconds": 60, "x": ["` + big + `"]}]`, 1},
		{"many values", `[{"calendarDate": "2026-03-02"` + strings.Repeat(`, "deepSleepSeconds": 60`, maxExportRecord/22+1) + `}]`, 1},
		{"a long value outside the records", `{"note": "` + big + `", "data": [{"calendarDate": "2026-03-02", "deepSleepSeconds": 60}]}`, 1},
		{"a long value of a wrapper", `[{"calendarDate": "2026-03-02", "deepSleepSeconds": 60}, "` + big + `"]`, 2},
		{"just under the bound", `[{"calendarDate": "2026-03-02", "deepSleepSeconds": 60, "x": "` + big[:maxExportRecord-100] + `"}]`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// The rest of the file is not read once the bound is passed:
			// it never ends.
			rest := io.MultiReader(strings.NewReader(tt.in), &recordStream{n: math.MaxInt - 1, record: func(int) string { return "0" }})
			r := io.Reader(rest)
			if tt.record == 0 {
				r = strings.NewReader(tt.in)
			}
			var f *File
			within(t, guard, func() { f = DecodeExport(context.Background(), r, "x.json", ExportSleep) })
			checkExport(t, f)
			if tt.record == 0 {
				if f.Status != OK {
					t.Errorf("status %v (%v), want ok", f.Status, f.Err)
				}
				return
			}
			var de *DecodeError
			want := fmt.Sprintf("record %d spans more than the 4 MiB a record may hold", tt.record)
			if f.Status != Failed || !errors.Is(f.Err, ErrTooLarge) || !errors.As(f.Err, &de) || !strings.HasSuffix(f.Err.Error(), want) {
				t.Errorf("status %v, err %v; want failed: …%s", f.Status, f.Err, want)
			}
			if f.Size > int64(len(tt.in))+2*maxExportRecord {
				t.Errorf("%d bytes read", f.Size)
			}
		})
	}
}

// TestExportMemoryBound: reading a file holds one record at a time, so
// that memory does not grow with the file: 32 MiB (16 under the race
// detector) of Training Readiness records of one day (one is kept, each
// has 4 KB of Garmin's text bounceback does not read) take under 8 MiB at
// the peak; one record of 4 MiB (1 under the race detector) whose list of
// metrics holds a million empty objects takes what the decoder's buffer
// does (decoded whole, the objects took 700 MB). The values kept
// are bounded too: a file of tiny records that would each keep more than
// 4 bytes per byte stops at the bound, keeping what came before.
func TestExportMemoryBound(t *testing.T) {
	text := strings.Repeat("RECOVERING_AFTER_EXERCISE ", 160)
	rec := func(i int) string {
		return fmt.Sprintf(`{"userProfilePK": 123456789, "calendarDate": "2026-03-02", "timestamp": "2026-03-02T%02d:%02d:%02d.0", `+
			`"level": "MODERATE", "score": %d, "recoveryTime": %d, "feedbackLong": "%s", "inputContext": "AFTER_POST_EXERCISE_RESET"}`,
			i/3600%24, i/60%60, i%60, 30+i%50, i%3000, text)
	}
	size := 32 << 20
	if raceEnabled {
		size = 16 << 20
	}
	n := size / len(rec(0))
	var f *File
	start := time.Now()
	peak := heapPeak(16<<20, func() {
		f = DecodeExport(context.Background(), &recordStream{n: n, record: rec}, "x.json", ExportReadiness)
	})
	checkExport(t, f)
	if f.Status != OK || len(f.Export.Readiness) != 1 || f.Size < int64(size-len(rec(0))) {
		t.Fatalf("status %v (%v), %d records kept, %d bytes read", f.Status, f.Err, len(f.Export.Readiness), f.Size)
	}
	if peak > 8<<20 {
		t.Errorf("peak heap %d KiB reading %d MiB", peak>>10, f.Size>>20)
	}
	t.Logf("%d records, %d MiB in %v, peak heap %d KiB", n, f.Size>>20, time.Since(start).Round(time.Millisecond), peak>>10)

	size = maxExportRecord - 100
	if raceEnabled {
		size /= 4
	}
	in := `[{"calendarDate": "2026-03-02", "metrics": [` + strings.Repeat(`{},`, size/3) + `{"type": "HRV", "value": 50}]}]`
	start = time.Now()
	peak = heapPeak(64<<20, func() { f = DecodeExport(context.Background(), strings.NewReader(in), "x.json", ExportHealth) })
	checkExport(t, f)
	// The decoder's buffer doubles while it reads the record: 4 × its
	// size at most, as exportCost counts it.
	if f.Status != Skipped || peak > 4*maxExportRecord+8<<20 {
		t.Errorf("status %v (%v), peak heap %d KiB; want skipped (the HRV is past the metrics read), at most 24 MiB", f.Status, f.Err, peak>>10)
	}
	t.Logf("a list of %d objects in %v, peak heap %d KiB", size/3, time.Since(start).Round(time.Millisecond), peak>>10)

	tiny := func(i int) string { return fmt.Sprintf(`{"calendarDate":"2026-03-02","deepSleepSeconds":%d}`, i%1000) }
	f = DecodeExport(context.Background(), &recordStream{n: 200000, record: tiny}, "x.json", ExportSleep)
	checkExport(t, f)
	var re *RecordError
	for _, w := range f.Warnings {
		if errors.Is(w, ErrTooLarge) {
			errors.As(w, &re)
		}
	}
	if f.Status != Partial || re == nil {
		t.Fatalf("status %v, warnings %v; want partial, stopped at the bound", f.Status, f.Warnings)
	}
	// The bound is 4 bytes per byte read (what the decoder read ahead
	// included) plus the slack, passed by the last night kept.
	bound := 4*(re.Record*len(tiny(999))+exportChunk) + exportHeldSlack + int(sizeOf[Sleep]())
	if held := len(f.Export.Sleep) * int(sizeOf[Sleep]()); held > bound || re.Record != len(f.Export.Sleep) {
		t.Errorf("%d nights kept (%d bytes), stopped at record %d", len(f.Export.Sleep), held, re.Record)
	}
	t.Logf("%d nights kept: %v", len(f.Export.Sleep), re)
}

// TestExportCancel: DecodeExport stops when its context is done, keeps
// what it decoded with a warning wrapping the cause; cancelled before the
// first record, it fails with the cause. (The records are of one day, so
// that the bound on the values kept never stops the walk first.)
func TestExportCancel(t *testing.T) {
	t.Parallel()
	rec := func(i int) string {
		return fmt.Sprintf(`{"calendarDate": "2026-03-02", "timestamp": %d, "dailyTrainingLoadAcute": %d}`, 1772433000000+int64(i)*1000, i%900)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := DecodeExport(ctx, &recordStream{n: 10, record: rec}, "x.json", ExportLoad)
	checkExport(t, f)
	if f.Status != Failed || !errors.Is(f.Err, context.Canceled) {
		t.Errorf("cancelled before: %v %v", f.Status, f.Err)
	}

	f = DecodeExport(newCountdown(20), &recordStream{n: 1 << 20, record: rec}, "x.json", ExportLoad)
	checkExport(t, f)
	var de *DecodeError
	if f.Status != Partial || len(f.Export.Load) != 1 || !errors.As(firstDecodeError(f.Warnings), &de) || !errors.Is(de, context.Canceled) {
		t.Fatalf("status %v, %d days, warnings %v; want partial, cancelled", f.Status, len(f.Export.Load), f.Warnings)
	}
	if de.Offset != f.Size || f.Size > 20*exportChunk {
		t.Errorf("stopped at byte %d after %d bytes read", de.Offset, f.Size)
	}

	// On the clock: cancelled 5 ms into a file that never ends.
	clock := &clockCtx{Context: context.Background(), after: 5 * time.Millisecond}
	within(t, guard, func() {
		f = DecodeExport(clock, &recordStream{n: math.MaxInt - 1, record: rec}, "x.json", ExportLoad)
	})
	checkExport(t, f)
	switch {
	case f.Status == Failed && errors.Is(f.Err, context.Canceled):
		// A busy machine: the 5 ms passed before the first record.
	case f.Status != Partial || !errors.Is(firstDecodeError(f.Warnings), context.Canceled):
		t.Errorf("status %v (%v), warnings %v; want partial and cancelled, or failed and cancelled", f.Status, f.Err, f.Warnings)
	}
	t.Logf("stopped %v after the cancellation, %d bytes read", time.Since(clock.cancelled), f.Size)
}

// exportKept reports whether f keeps any value.
func exportKept(f *File) bool {
	e := f.Export
	return len(f.Sessions) > 0 || len(f.UserProfiles) > 0 || e != nil && (len(e.Sleep) > 0 || len(e.Health) > 0 ||
		len(e.DaySummary) > 0 || len(e.Readiness) > 0 || len(e.Load) > 0 || !e.BirthDate.IsZero())
}

// checkExport checks what every File of a JSON file of the export must
// satisfy, whatever the input: the status agrees with the error, the
// warnings and what is kept; a Failed file's error wraps one of the
// sentinels; every value lies in its documented range or is NaN; every
// date is a calendar day; every string is safe to print and short.
func checkExport(t *testing.T, f *File) {
	t.Helper()
	if f == nil {
		t.Fatal("nil File")
	}
	if f.Status != Partial || f.IsActivity() {
		checkInvariants(t, f)
	}
	if f.Export != nil && (f.ID.Type != "garmin_export" || f.ID.Manufacturer != "garmin") {
		t.Errorf("ID %+v", f.ID)
	}
	kept := exportKept(f)
	var damage, records int
	for _, w := range f.Warnings {
		var re *RecordError
		var de *DecodeError
		switch {
		case errors.As(w, &re):
			damage++
			records++
			if re.Record < 1 || re.Path != f.Path || !errors.Is(re, ErrExportFormat) && !errors.Is(re, ErrTooLarge) {
				t.Errorf("record warning %v (record %d)", w, re.Record)
			}
		case errors.As(w, &de):
			damage++
		}
	}
	if records > maxRecordWarnings+2 || len(f.Warnings) > maxRecordWarnings+8 {
		t.Errorf("%d warnings, %d of records", len(f.Warnings), records)
	}
	switch f.Status {
	case OK:
		if f.Err != nil || damage > 0 || !kept {
			t.Errorf("ok with error %v, %d damage warnings, kept %v", f.Err, damage, kept)
		}
	case Partial:
		if f.Err != nil || damage == 0 || !kept {
			t.Errorf("partial with error %v, %d damage warnings, kept %v", f.Err, damage, kept)
		}
	case Failed:
		if f.Err == nil || kept || damage != records {
			t.Errorf("failed with error %v, kept %v, warnings %v", f.Err, kept, f.Warnings)
		}
		if !slices.ContainsFunc([]error{ErrMalformedJSON, ErrExportFormat, ErrTruncated, ErrTooLarge, ErrNoData,
			ErrTimeout, context.Canceled, context.DeadlineExceeded}, func(e error) bool { return errors.Is(f.Err, e) }) {
			t.Errorf("failed with error %v, which wraps no sentinel", f.Err)
		}
	case Skipped:
		if f.Err == nil || kept {
			t.Errorf("skipped with error %v, kept %v", f.Err, kept)
		}
	default:
		t.Errorf("unknown status %v", f.Status)
	}
	if f.Export == nil {
		if f.Status != Failed && !errors.Is(f.Err, ErrNotRead) {
			t.Errorf("status %v without Export", f.Status)
		}
		return
	}
	in := func(what string, v, lo, hi float64) {
		t.Helper()
		if !math.IsNaN(v) && !(v >= lo && v <= hi) {
			t.Errorf("%s = %v, outside %v–%v", what, v, lo, hi)
		}
	}
	date := func(what string, d time.Time) {
		t.Helper()
		if d.IsZero() || d.Location() != time.UTC || d != midnight(d) || d.Year() < 1900 || d.Year() > 2200 {
			t.Errorf("%s %v: not a calendar day", what, d)
		}
	}
	instant := func(what string, d time.Time) {
		t.Helper()
		if !d.IsZero() && (d.Location() != time.UTC || d.Year() < 1900 || d.Year() > 2200) {
			t.Errorf("%s %v: not a UTC time within 1900–2200", what, d)
		}
	}
	text := func(what, s string) {
		t.Helper()
		if len(s) > 2*maxExportText || safeText(s) != s {
			t.Errorf("%s %q: not short and safe", what, s)
		}
	}
	e := f.Export
	for i, s := range e.Sleep {
		w := fmt.Sprintf("sleep %d", i)
		date(w, s.Date)
		instant(w+" start", s.Start)
		instant(w+" end", s.End)
		if !s.Start.IsZero() && !s.End.IsZero() && (s.End.Before(s.Start) || s.End.Sub(s.Start) > 24*time.Hour) {
			t.Errorf("%s window %v–%v", w, s.Start, s.End)
		}
		total := 0.0
		for _, v := range []float64{s.Deep, s.Light, s.REM, s.Awake, s.Unmeasurable} {
			in(w+" stage", v, 0, day)
			if !math.IsNaN(v) {
				total += v
			}
		}
		in(w+" stages in all", total, 0, day)
		for _, v := range []float64{s.Score, s.Quality, s.Duration, s.Recovery, s.DeepScore, s.REMScore, s.LightScore,
			s.AwakeningsScore, s.AwakeTimeScore, s.RestfulnessScore, s.InterruptionsScore, s.Stress} {
			in(w+" score", v, 0, 100)
		}
		in(w+" score", s.Score, 1, 100)
		for _, v := range []float64{s.Respiration, s.RespirationLow, s.RespirationHigh} {
			in(w+" respiration", v, respLo, respHi)
		}
		in(w+" awake count", s.AwakeCount, 0, 1000)
		in(w+" SpO2", s.SpO2, spo2Lo, spo2Hi)
		in(w+" HR", s.HR, hrLo, hrHi)
		text(w+" feedback", s.Feedback)
		text(w+" insight", s.Insight)
	}
	for i, x := range e.Health {
		w := fmt.Sprintf("health %d", i)
		date(w, x.Date)
		for _, v := range []float64{x.HRV, x.HRVLow, x.HRVHigh} {
			in(w+" HRV", v, rmssdLo, rmssdHi)
		}
		for _, v := range []float64{x.RestingHR, x.RestingLow, x.RestingHigh} {
			in(w+" resting HR", v, hrLo, hrHi)
		}
		for _, v := range []float64{x.Respiration, x.RespirationLow, x.RespirationHigh} {
			in(w+" respiration", v, respLo, respHi)
		}
		for _, v := range []float64{x.SkinTemp, x.SkinTempLow, x.SkinTempHigh} {
			in(w+" skin temperature", v, -20, 45)
		}
		for _, v := range []float64{x.SpO2, x.SpO2Low, x.SpO2High} {
			in(w+" SpO2", v, spo2Lo, spo2Hi)
		}
		text(w+" HRV status", x.HRVStatus)
	}
	for i, x := range e.DaySummary {
		w := fmt.Sprintf("day summary %d", i)
		date(w, x.Date)
		for _, v := range []float64{x.RestingHR, x.MinHR, x.MaxHR} {
			in(w+" HR", v, hrLo, hrHi)
		}
		for _, v := range []float64{x.Stress, x.StressAsleep, x.StressAwake, x.BBStart, x.BBEnd, x.BBHigh, x.BBLow} {
			in(w+" stress or Body Battery", v, 0, 100)
		}
		in(w+" charged", x.BBCharged, 0, 500)
		in(w+" drained", x.BBDrained, 0, 500)
		in(w+" steps", x.Steps, 0, 200000)
		in(w+" respiration", x.Respiration, respLo, respHi)
		in(w+" hydration", x.HydrationL, 0, 20)
		in(w+" sweat loss", x.SweatLossL, 0, 20)
	}
	for i, g := range e.Readiness {
		w := fmt.Sprintf("readiness %d", i)
		date(w, g.Date)
		instant(w, g.Time)
		for _, v := range []float64{g.Score, g.Sleep, g.RecoveryTime, g.ACWR, g.StressHistory, g.HRV, g.SleepHistory, g.SleepScore} {
			in(w+" score or factor", v, 0, 100)
		}
		in(w+" recovery time", g.RecoveryTimeMin, 0, 7*24*60)
		in(w+" acute load", g.AcuteLoad, 0, 10000)
		in(w+" weekly HRV", g.HRVWeekly, rmssdLo, rmssdHi)
		text(w+" level", g.Level)
		text(w+" feedback", g.Feedback)
		text(w+" context", g.Context)
	}
	for i, g := range e.Load {
		w := fmt.Sprintf("load %d", i)
		date(w, g.Date)
		instant(w, g.Time)
		in(w+" acute", g.Acute, 0, 10000)
		in(w+" chronic", g.Chronic, 0, 10000)
		in(w+" ratio", g.Ratio, 0, 10)
		text(w+" status", g.Status)
	}
	for i := range f.Sessions {
		s := &f.Sessions[i]
		w := fmt.Sprintf("session %d", i)
		instant(w, s.Start)
		if !s.Summary || s.Start.IsZero() || !isSportName(s.Sport) {
			t.Errorf("%s: summary %v, start %v, sport %q", w, s.Summary, s.Start, s.Sport)
		}
		for _, r := range valueRanges {
			if r.session != nil {
				in(w+" "+r.field, *r.session(s), r.lo, r.hi)
			}
		}
		if s.HasLocalOffset && (s.LocalOffset < -maxUTCOffset*time.Second || s.LocalOffset > maxUTCOffset*time.Second) {
			t.Errorf("%s local offset %v", w, s.LocalOffset)
		}
	}
	for i, u := range f.UserProfiles {
		w := fmt.Sprintf("profile %d", i)
		in(w+" weight", u.Weight, 2, 650)
		in(w+" height", u.Height, 0.4, 2.8)
		if u.Sex != "" && u.Sex != "male" && u.Sex != "female" {
			t.Errorf("%s sex %q", w, u.Sex)
		}
	}
	if b := e.BirthDate; !b.IsZero() {
		date("birth date", b)
		if b.After(time.Now()) {
			t.Errorf("birth date %v in the future", b)
		}
	}
}

// FuzzExport feeds arbitrary bytes to DecodeExport as a file of each kind:
// it must not panic nor return nil, and the File must satisfy checkExport
// (status consistent with its error and warnings, values within their
// ranges or NaN), with every byte read unless it failed. The corpus starts
// from the samples of testdata/export and testdata/export-bad, each as the
// kind it is and as one other.
func FuzzExport(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"testdata/export/*.json", exportRoot + "/*/*.json", "testdata/export-bad/*.json"} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	if len(seeds) < 20 {
		f.Fatalf("%d seeds", len(seeds))
	}
	for i, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		k := slices.Index(exportKindList, exportKindOfName(filepath.Base(p)))
		f.Add(data, uint8(max(k, 0)))
		f.Add(data, uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		kind := exportKindList[int(k)%len(exportKindList)]
		file := DecodeExport(context.Background(), bytes.NewReader(data), "fuzz.json", kind)
		checkExport(t, file)
		if file.Export == nil || file.Export.Kind != kind || file.ID.Product != string(kind) {
			t.Errorf("export %+v, ID %+v; want kind %s", file.Export, file.ID, kind)
		}
		if file.Size > int64(len(data)) || file.Status != Failed && file.Size != int64(len(data)) {
			t.Errorf("status %v, %d bytes read of %d", file.Status, file.Size, len(data))
		}
	})
}
