package fitparse

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

var update = flag.Bool("update", false, "update the generated fixtures in testdata")

// near reports whether got equals want, NaN equal to NaN.
func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

func TestDecodeSynthetic(t *testing.T) {
	t.Parallel()
	f := DecodeBytes(encodeFIT(t, syntheticActivity()...), "run.fit")
	if f.Status != OK || f.Err != nil || len(f.Warnings) != 0 {
		t.Fatalf("status %v, err %v, warnings %v", f.Status, f.Err, f.Warnings)
	}
	checkInvariants(t, f)
	if len(f.Sessions) != 1 || len(f.Laps) != 1 {
		t.Fatalf("%d sessions, %d laps, want 1 and 1", len(f.Sessions), len(f.Laps))
	}
	s, lap := f.Sessions[0], f.Laps[0]
	nums := []struct {
		name      string
		got, want float64
	}{
		{"session timer", s.Timer, 10},
		{"session elapsed", s.Elapsed, 25},
		{"session distance", s.Distance, 2700},
		{"session calories", s.Calories, 42},
		{"session avg HR", s.AvgHR, 125},
		{"session max HR", s.MaxHR, 129},
		{"session avg speed (enhanced)", s.AvgSpeed, 3.05},
		{"session max speed (enhanced)", s.MaxSpeed, 3.09},
		{"session avg power (absent)", s.AvgPower, math.NaN()},
		{"session avg temperature", s.AvgTemp, 18},
		{"session max temperature", s.MaxTemp, 21},
		{"aerobic TE", s.AerobicTE, 3.1},
		{"anaerobic TE", s.AnaerobicTE, 1.2},
		{"EPOC", s.EPOC, 45},
		{"sweat loss L", s.SweatLoss, 0.64},
		{"RPE", s.RPE, 6},
		{"feel", s.Feel, 75},
		{"lap timer", lap.Timer, 10},
		{"lap avg HR", lap.AvgHR, 125},
		{"lap avg speed (absent)", lap.AvgSpeed, math.NaN()},
		{"user age", f.UserProfiles[0].Age, 34},
		{"user height", f.UserProfiles[0].Height, 1.68},
		{"user weight", f.UserProfiles[0].Weight, 58.5},
		{"user resting HR", f.UserProfiles[0].RestingHR, 48},
		{"user max HR", f.UserProfiles[0].MaxHR, 188},
		{"zone max HR", f.Zones[0].MaxHR, 188},
		{"zone resting HR (0 = unset)", f.Zones[0].RestingHR, math.NaN()},
		{"zone threshold HR", f.Zones[0].ThresholdHR, 170},
		{"zone time in zone 2", f.Zones[0].TimeInHRZone[1], 9},
		{"weather temperature", f.Weather[0].Temperature, -3},
		{"weather humidity", f.Weather[0].Humidity, 81},
		{"recovery minutes", f.Garmin[0].RecoveryTime, 720},
		{"140 aerobic TE", f.Garmin[0].AerobicTE, 3.1},
		{"VO2max", f.Garmin[0].VO2max, 49},
		{"time in HR zone 1", s.TimeInHRZone[0], 1},
		{"record 0 speed", f.Records.Speed[0], 3},
		{"record 9 distance", f.Records.Distance[9], 27},
		{"record 0 altitude", f.Records.Altitude[0], 100},
		{"record 3 HR (0xFF)", f.Records.HR[3], math.NaN()},
		{"record 4 HR", f.Records.HR[4], 124},
		{"record 5 time", f.Records.T[5], float64(testStart.Unix() + 20)},
		{"RR 1", f.RR[1], 0.51},
		{"RRTime 0", f.RRTime[0], float64(testStart.Unix())},
	}
	for _, c := range nums {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	strs := []struct{ name, got, want string }{
		{"type", f.ID.Type, "activity"},
		{"manufacturer", f.ID.Manufacturer, "garmin"},
		{"product", f.ID.Product, "fr955"},
		{"device", f.ID.Device(), "garmin fr955"},
		{"sport", s.Sport, "running"},
		{"sub sport", s.SubSport, "trail"},
		{"lap intensity", lap.Intensity, "active"},
		{"sex", f.UserProfiles[0].Sex, "female"},
		{"zone ref", f.Zones[0].Ref, "session"},
		{"zone calc", f.Zones[0].HRCalc, "percent_max_hr"},
		{"HR source", f.HRSource.String(), "record"},
	}
	for _, c := range strs {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if f.ID.Serial != 3456789 || !f.ID.TimeCreated.Equal(testStart) || !s.Start.Equal(testStart) {
		t.Errorf("serial %d, time created %v, start %v", f.ID.Serial, f.ID.TimeCreated, s.Start)
	}
	if got, want := f.Records.Len(), 10; got != want {
		t.Errorf("records %d, want %d", got, want)
	}
	if got, want := f.Records.HRCount(), 9; got != want {
		t.Errorf("HR samples %d, want %d", got, want)
	}
	if f.Records.Power != nil || f.Records.Temperature != nil || f.Records.Cadence != nil {
		t.Error("columns never recorded must be nil")
	}
	if got, want := len(f.RR), 20; got != want {
		t.Errorf("RR %d, want %d (padding dropped)", got, want)
	}
	wantEvents := []Event{
		{T: float64(testStart.Unix()), Kind: TimerStart, RRIndex: 0, RecordIndex: 0},
		{T: float64(testStart.Unix() + 5), Kind: TimerStop, RRIndex: 10, RecordIndex: 5},
		{T: float64(testStart.Unix() + 20), Kind: TimerStart, RRIndex: 10, RecordIndex: 5},
		{T: float64(testStart.Unix() + 25), Kind: TimerStop, RRIndex: 20, RecordIndex: 10},
	}
	if fmt.Sprint(f.Events) != fmt.Sprint(wantEvents) {
		t.Errorf("events\ngot  %v\nwant %v", f.Events, wantEvents)
	}
	if !f.HasLocalOffset || f.LocalOffset != 2*time.Hour {
		t.Errorf("local offset %v (%v), want 2h", f.LocalOffset, f.HasLocalOffset)
	}
}

func TestSentinelsAreNaN(t *testing.T) {
	t.Parallel()
	ts := fitTS(testStart)
	tests := []struct {
		name  string
		field fv
		col   func(*Records) []float64
	}{
		{"heart_rate 0xFF", fv{3, uint8(0xFF)}, func(r *Records) []float64 { return r.HR }},
		{"heart_rate 0", fv{3, uint8(0)}, func(r *Records) []float64 { return r.HR }},
		{"speed 0xFFFF", fv{6, uint16(0xFFFF)}, func(r *Records) []float64 { return r.Speed }},
		{"enhanced_speed 0xFFFFFFFF", fv{73, uint32(0xFFFFFFFF)}, func(r *Records) []float64 { return r.Speed }},
		{"power 0xFFFF", fv{7, uint16(0xFFFF)}, func(r *Records) []float64 { return r.Power }},
		{"distance 0xFFFFFFFF", fv{5, uint32(0xFFFFFFFF)}, func(r *Records) []float64 { return r.Distance }},
		{"temperature 0x7F", fv{13, int8(0x7F)}, func(r *Records) []float64 { return r.Temperature }},
		{"cadence 0xFF", fv{4, uint8(0xFF)}, func(r *Records) []float64 { return r.Cadence }},
		{"altitude 0xFFFF", fv{2, uint16(0xFFFF)}, func(r *Records) []float64 { return r.Altitude }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := encodeFIT(t,
				mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)}),
				mesg(typedef.MesgNumRecord, fv{253, ts}, tt.field),
				mesg(typedef.MesgNumRecord, fv{253, ts + 1}, fv{3, uint8(100)}, fv{6, uint16(1000)},
					fv{7, uint16(200)}, fv{5, uint32(100)}, fv{13, int8(20)}, fv{4, uint8(80)}, fv{2, uint16(3000)}))
			f := DecodeBytes(data, "sentinel.fit")
			checkInvariants(t, f)
			col := tt.col(&f.Records)
			if len(col) != 2 {
				t.Fatalf("column has %d rows, want 2", len(col))
			}
			if !math.IsNaN(col[0]) {
				t.Errorf("row 0 = %v, want NaN", col[0])
			}
			if math.IsNaN(col[1]) {
				t.Error("row 1 is NaN, want a value")
			}
		})
	}
	t.Run("session", func(t *testing.T) {
		data := encodeFIT(t, mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)}),
			mesg(typedef.MesgNumSession, fv{7, uint32(0xFFFFFFFF)}, fv{8, uint32(0xFFFFFFFF)},
				fv{16, uint8(0xFF)}, fv{57, int8(0x7F)}, fv{168, int32(0x7FFFFFFF)}, fv{178, uint16(0xFFFF)},
				fv{5, uint8(0xFF)}, fv{2, uint32(0xFFFFFFFF)}))
		f := DecodeBytes(data, "session.fit")
		s := f.Sessions[0]
		for name, v := range map[string]float64{"elapsed": s.Elapsed, "timer": s.Timer, "avg HR": s.AvgHR,
			"avg temp": s.AvgTemp, "EPOC": s.EPOC, "sweat": s.SweatLoss} {
			if !math.IsNaN(v) {
				t.Errorf("%s = %v, want NaN", name, v)
			}
		}
		if s.Sport != "" || !s.Start.IsZero() {
			t.Errorf("sport %q start %v, want empty", s.Sport, s.Start)
		}
	})
}

func TestWellness(t *testing.T) {
	t.Parallel()
	ts := fitTS(testStart)
	data := encodeFIT(t,
		mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileMonitoringB)}, fv{1, uint16(typedef.ManufacturerGarmin)}),
		mesg(typedef.MesgNumMonitoringHrData, fv{253, ts}, fv{0, uint8(49)}, fv{1, uint8(47)}),
		mesg(typedef.MesgNumHrvStatusSummary, fv{253, ts + 60}, fv{0, uint16(52 * 128)}, fv{1, uint16(48 * 128)},
			fv{4, uint16(45 * 128)}, fv{5, uint16(58 * 128)}, fv{6, uint8(typedef.HrvStatusBalanced)}),
		mesg(typedef.MesgNumHrvValue, fv{253, ts + 120}, fv{0, uint16(6400)}),
		mesg(typedef.MesgNumSleepAssessment, fv{6, uint8(82)}),
	)
	f := DecodeBytes(data, "wellness.fit")
	checkInvariants(t, f)
	if f.Status != OK {
		t.Fatalf("status %v (%v), want ok", f.Status, f.Err)
	}
	nan := math.NaN()
	want := []Wellness{
		{Kind: WellnessRestingHR, Time: testStart, RMSSD: nan, WeeklyRMSSD: nan, BaselineLow: nan, BaselineHigh: nan, SleepScore: nan, RestingHR: 47},
		{Kind: WellnessHRVStatus, Time: testStart.Add(time.Minute), RMSSD: 48, WeeklyRMSSD: 52, BaselineLow: 45, BaselineHigh: 58, Status: "balanced", SleepScore: nan, RestingHR: nan},
		{Kind: WellnessHRVValue, Time: testStart.Add(2 * time.Minute), RMSSD: 50, WeeklyRMSSD: nan, BaselineLow: nan, BaselineHigh: nan, SleepScore: nan, RestingHR: nan},
		// sleep_assessment has no timestamp: it takes the last one seen.
		{Kind: WellnessSleep, Time: testStart.Add(2 * time.Minute), RMSSD: nan, WeeklyRMSSD: nan, BaselineLow: nan, BaselineHigh: nan, SleepScore: 82, RestingHR: nan},
	}
	if fmt.Sprint(f.Wellness) != fmt.Sprint(want) {
		t.Errorf("wellness\ngot  %v\nwant %v", f.Wellness, want)
	}

	empty := DecodeBytes(encodeFIT(t,
		mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileMonitoringB)}),
		mesg(typedef.MesgNumMonitoring, fv{253, ts}, fv{3, uint32(1000)})), "monitoring.fit")
	if empty.Status != Skipped || empty.Err == nil || !strings.Contains(empty.Err.Error(), "monitoring_b") {
		t.Errorf("monitoring file without wellness: status %v, err %v; want skipped naming the type", empty.Status, empty.Err)
	}
}

func TestStatusRules(t *testing.T) {
	t.Parallel()
	ts := fitTS(testStart)
	record := mesg(typedef.MesgNumRecord, fv{253, ts}, fv{3, uint8(100)})
	tests := []struct {
		name    string
		msgs    []proto.Message
		status  Status
		errText string
	}{
		{"workout", []proto.Message{mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileWorkout)}),
			mesg(typedef.MesgNumWorkout, fv{4, uint8(typedef.SportRunning)})}, Skipped, "workout file, not an activity"},
		{"course with records", []proto.Message{mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileCourse)}), record},
			Skipped, "course file, not an activity"},
		{"settings", []proto.Message{mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileSettings)})}, Skipped, "settings file"},
		{"no file type but records", []proto.Message{mesg(typedef.MesgNumFileId, fv{1, uint16(typedef.ManufacturerGarmin)}), record}, OK, ""},
		{"no file_id at all", []proto.Message{record}, OK, ""},
		{"activity without data", []proto.Message{mesg(typedef.MesgNumFileId, fv{0, uint8(typedef.FileActivity)})},
			Failed, "no sessions, records or wellness values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := DecodeBytes(encodeFIT(t, tt.msgs...), "x.fit")
			checkInvariants(t, f)
			if f.Status != tt.status {
				t.Errorf("status %v (%v), want %v", f.Status, f.Err, tt.status)
			}
			if tt.errText != "" && (f.Err == nil || !strings.Contains(f.Err.Error(), tt.errText)) {
				t.Errorf("err %v, want it to contain %q", f.Err, tt.errText)
			}
			if f.Err != nil && !strings.HasPrefix(f.Err.Error(), "x.fit: ") {
				t.Errorf("err %q does not start with the file name", f.Err)
			}
		})
	}
}

// smallActivity is a short valid activity used by the integrity tests.
func smallActivity(t *testing.T) []byte {
	return encodeFIT(t, syntheticActivity()...)
}

func TestIntegrity(t *testing.T) {
	t.Parallel()
	good := smallActivity(t)
	n := len(good)
	modify := func(fn func(b []byte) []byte) []byte { return fn(bytes.Clone(good)) }
	tests := []struct {
		name   string
		data   []byte
		status Status
		err    error // sentinel of the first problem, nil for none
		offset int64
	}{
		{"valid", good, OK, nil, 0},
		{"header CRC 0 (not computed) is valid", modify(func(b []byte) []byte {
			b[12], b[13] = 0, 0
			return b
		}), OK, nil, 0},
		{"wrong header CRC", modify(func(b []byte) []byte {
			b[12] ^= 0xFF
			return b
		}), Partial, ErrCRC, 12},
		{"wrong file CRC", modify(func(b []byte) []byte {
			b[n-1] ^= 0xFF
			return b
		}), Partial, ErrCRC, int64(n - 2)},
		{"flipped data byte", modify(func(b []byte) []byte {
			b[n-5] ^= 0x01
			return b
		}), Partial, ErrCRC, int64(n - 2)},
		{"truncated", good[:n-40], Partial, ErrTruncated, -1},
		{"chained", append(bytes.Clone(good), good...), OK, nil, 0},
		{"chained, second header broken", append(bytes.Clone(good), modify(func(b []byte) []byte {
			b[8] = 'X'
			return b
		})...), Partial, ErrNotFIT, int64(n)},
		{"trailing garbage", append(bytes.Clone(good), "garbage"...), Partial, ErrNotFIT, int64(n)},
		{"chained, second truncated", append(bytes.Clone(good), good[:30]...), Partial, ErrTruncated, -1},
		{"empty", nil, Failed, ErrNotFIT, 0},
		{"text", []byte("hello, this is not a FIT file at all"), Failed, ErrNotFIT, 0},
		{"header only", good[:14], Failed, ErrTruncated, 14},
		{"half a header", good[:7], Failed, ErrTruncated, 0},
		{"no .FIT", modify(func(b []byte) []byte {
			b[9] = 'X'
			return b
		}), Failed, ErrNotFIT, 0},
		{"data size 0", modify(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[4:], 0)
			return b
		}), Failed, ErrNotFIT, 0},
		{"undefined local message", modify(func(b []byte) []byte {
			b[14] = 0x0F // first record: a data message of local type 15
			return b
		}), Failed, ErrCorrupt, 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := DecodeBytes(tt.data, "a.fit")
			checkInvariants(t, f)
			if f.Status != tt.status {
				t.Fatalf("status %v, want %v (err %v, warnings %v)", f.Status, tt.status, f.Err, f.Warnings)
			}
			problems := f.Warnings
			if f.Err != nil {
				problems = append([]error{f.Err}, problems...)
			}
			if tt.err == nil {
				if len(problems) != 0 {
					t.Errorf("problems %v, want none", problems)
				}
				return
			}
			if len(problems) == 0 {
				t.Fatalf("no problem reported, want %v", tt.err)
			}
			var de *DecodeError
			if !errors.As(problems[0], &de) || !errors.Is(problems[0], tt.err) {
				t.Fatalf("problem %v, want a *DecodeError wrapping %v", problems[0], tt.err)
			}
			if tt.offset >= 0 && de.Offset != tt.offset {
				t.Errorf("offset %d, want %d (%v)", de.Offset, tt.offset, de)
			}
			if !strings.HasPrefix(de.Error(), fmt.Sprintf("a.fit: byte %d: ", de.Offset)) {
				t.Errorf("message %q does not name file and byte", de.Error())
			}
		})
	}
}

// TestTruncateEverywhere cuts a valid file at every length: no panic, and
// every cut is Partial (something decoded) or Failed, never OK.
func TestTruncateEverywhere(t *testing.T) {
	t.Parallel()
	good := smallActivity(t)
	for cut := 0; cut < len(good); cut++ {
		f := DecodeBytes(good[:cut], "cut.fit")
		checkInvariants(t, f)
		if f.Status != Partial && f.Status != Failed {
			t.Fatalf("cut at %d: status %v, want partial or failed", cut, f.Status)
		}
		if cut > len(good)/2 && f.Status != Partial {
			t.Errorf("cut at %d: status %v, want partial (records before the cut decode)", cut, f.Status)
		}
	}
}

// TestDecodeReader checks that Decode reads from any reader.
func TestDecodeReader(t *testing.T) {
	t.Parallel()
	data := smallActivity(t)
	a := Decode(bytes.NewReader(data), "r.fit")
	b := DecodeBytes(data, "r.fit")
	if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
		t.Error("Decode and DecodeBytes differ")
	}
	if f := DecodeFile(filepath.Join(t.TempDir(), "missing.fit")); f.Status != Failed || !errors.Is(f.Err, os.ErrNotExist) {
		t.Errorf("missing file: status %v, err %v", f.Status, f.Err)
	}
}

// muktihariRejects reports the FIT library's own verdict on data.
func muktihariRejects(data []byte) error {
	dec := decoder.New(bytes.NewReader(data))
	for dec.Next() {
		if _, err := dec.Decode(); err != nil {
			return err
		}
	}
	return nil
}

// sameFile compares two decodes (NaN equal to NaN) by their printed form.
func sameFile(t *testing.T, got, want *File) {
	t.Helper()
	g, w := fmt.Sprintf("%+v", *got), fmt.Sprintf("%+v", *want)
	if g != w {
		t.Errorf("decodes differ:\ngot  %.300s\nwant %.300s", g, w)
	}
}

// TestPatchedBaseTypeReal clears the endian bit of every field definition
// of a real file (CRCs recomputed): the FIT library alone rejects it, our
// decode must equal the unpatched file's.
func TestPatchedBaseTypeReal(t *testing.T) {
	t.Parallel()
	dir := realDir(t)
	path := filepath.Join(dir, "garmin__fit-javascript-sdk", "test", "data", "HrmPluginTestActivity.fit")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	patched, n := clearEndianBits(t, orig)
	if n == 0 {
		t.Fatal("no field definition changed")
	}
	if err := muktihariRejects(orig); err != nil {
		t.Fatalf("the FIT library rejects the original: %v", err)
	}
	if err := muktihariRejects(patched); err == nil || !strings.Contains(err.Error(), "invalid basetype") {
		t.Fatalf("the FIT library accepts the patched file (err %v); the test proves nothing", err)
	}
	want := DecodeBytes(orig, "x.fit")
	got := DecodeBytes(patched, "x.fit")
	if got.Status != OK {
		t.Fatalf("patched: status %v, err %v, warnings %v", got.Status, got.Err, got.Warnings)
	}
	got.Size, want.Size = 0, 0
	sameFile(t, got, want)
	if got.Records.HRCount() != 310 {
		t.Errorf("HR samples %d, want 310", got.Records.HRCount())
	}
}

// TestPatchedBaseTypeFixture checks the committed fixture made the same way
// from an encoder-made file (go test -run Fixture -update regenerates it).
func TestPatchedBaseTypeFixture(t *testing.T) {
	t.Parallel()
	orig := smallActivity(t)
	patched, n := clearEndianBits(t, orig)
	if n == 0 {
		t.Fatal("no field definition changed")
	}
	golden := filepath.Join("testdata", "endian_bit_cleared.fit")
	if *update {
		if err := os.WriteFile(golden, patched, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Fixture -update)", err)
	}
	if !bytes.Equal(committed, patched) {
		t.Fatalf("%s is stale (run go test -run Fixture -update)", golden)
	}
	if err := muktihariRejects(committed); err == nil {
		t.Fatal("the FIT library accepts the fixture; it proves nothing")
	}
	if fr := scanFrame(committed, "x.fit"); fr.patched != n || len(fr.damage) != 0 {
		t.Errorf("framing pass patched %d definitions (damage %v), want %d", fr.patched, fr.damage, n)
	}
	got := DecodeBytes(committed, "x.fit")
	want := DecodeBytes(orig, "x.fit")
	if got.Status != OK {
		t.Fatalf("status %v, err %v, warnings %v", got.Status, got.Err, got.Warnings)
	}
	sameFile(t, got, want)
}

// TestActivityFixture keeps testdata/activity.fit, the file the example
// and the fuzzer start from, in step with syntheticActivity.
func TestActivityFixture(t *testing.T) {
	t.Parallel()
	data := smallActivity(t)
	golden := filepath.Join("testdata", "activity.fit")
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Fixture -update)", err)
	}
	if !bytes.Equal(committed, data) {
		t.Fatalf("%s is stale (run go test -run Fixture -update)", golden)
	}
}
