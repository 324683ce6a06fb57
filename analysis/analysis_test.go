package analysis

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/bounceback/bounceback/fitparse"
)

func clockAt(hhmm string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", "2024-03-05 "+hhmm)
	if err != nil {
		panic(err)
	}
	return t
}

func unix(hhmm string) float64 { return float64(clockAt(hhmm).Unix()) }

// multisportFile is a two-session file (a ride then a run) with heart rate and
// RR intervals spread over both, one HR gap and one RR before any timestamp.
func multisportFile() *fitparse.File {
	return &fitparse.File{
		Path:     "tri.fit",
		Status:   fitparse.Partial,
		Warnings: []error{errors.New("tri.fit: byte 900: CRC mismatch")},
		ID: fitparse.FileID{Type: "activity", Manufacturer: "garmin", Product: "fr955",
			Serial: 42, TimeCreated: clockAt("06:59")},
		Sessions: []fitparse.Session{
			{Sport: "cycling", Start: clockAt("07:00"), Timer: 3600, Elapsed: 3700, Distance: 30000, AvgHR: 140, MaxHR: 170},
			{Sport: "running", Start: clockAt("08:02"), Timer: 1800, Elapsed: nan, Distance: nan, AvgHR: nan, MaxHR: nan},
		},
		Records: fitparse.Records{
			T:  []float64{unix("07:00"), unix("07:30"), unix("08:01"), unix("08:02"), unix("08:30")},
			HR: []float64{120, nan, 150, 155, 160},
		},
		HRSource: fitparse.HRStrap,
		StrapHR:  2,
		RR:       []float64{0.5, 0.5, 0.4, 0.4},
		RRTime:   []float64{nan, unix("07:10"), unix("08:10"), unix("08:20")},
		Wellness: nil,

		LocalOffset:    time.Hour,
		HasLocalOffset: true,
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	s := Summarize(multisportFile())
	if s.Path != "tri.fit" || s.Status != fitparse.Partial || len(s.Warnings) != 1 {
		t.Errorf("identity: got path %q status %v warnings %v", s.Path, s.Status, s.Warnings)
	}
	if s.Device() != "garmin fr955" || s.Serial != 42 || s.Type != "activity" {
		t.Errorf("device: got %q serial %d type %q", s.Device(), s.Serial, s.Type)
	}
	if s.Records != 5 || s.HRSamples != 4 || s.RRIntervals != 4 || s.StrapHR != 2 || s.HRSource != fitparse.HRStrap {
		t.Errorf("counts: got records %d hr %d rr %d strap %d source %v", s.Records, s.HRSamples, s.RRIntervals, s.StrapHR, s.HRSource)
	}
	if len(s.Sessions) != 2 {
		t.Fatalf("got %d sessions, want 2", len(s.Sessions))
	}
	// HR at 07:00 goes to the ride, 08:01 (before the run starts) too; the
	// NaN at 07:30 is not a sample. The RR without a time goes to the first
	// session.
	for i, want := range []struct{ hr, rr int }{{2, 2}, {2, 2}} {
		got := s.Sessions[i]
		if got.HRSamples != want.hr || got.RRIntervals != want.rr {
			t.Errorf("session %d: got %d HR samples and %d RR, want %d and %d", i, got.HRSamples, got.RRIntervals, want.hr, want.rr)
		}
	}
	run := s.Sessions[1]
	if run.Sport != "running" || run.Timer != 1800 || !math.IsNaN(run.AvgHR) || !math.IsNaN(run.Distance) {
		t.Errorf("run: got %+v", run)
	}
	local, ok := s.Local(s.Sessions[0].Start)
	if !ok || local.Format("15:04 -07:00") != "08:00 +01:00" {
		t.Errorf("LocalStart = %v, %v; want 08:00 +01:00, true", local, ok)
	}
	if !s.Failed() {
		t.Error("a partial file must count as failed")
	}
}

func TestSummarizeEmpty(t *testing.T) {
	t.Parallel()
	f := &fitparse.File{Path: "x.fit", Status: fitparse.Failed, Err: fitparse.ErrNotFIT}
	s := Summarize(f)
	if s.Sessions != nil || s.Records != 0 || !errors.Is(s.Err, fitparse.ErrNotFIT) || !s.Failed() {
		t.Errorf("got %+v", s)
	}
	// A session without a start claims every sample as the fallback.
	f = &fitparse.File{
		Sessions: []fitparse.Session{{Sport: "running"}},
		Records:  fitparse.Records{T: []float64{1, 2}, HR: []float64{100, 101}},
		RR:       []float64{0.5},
		RRTime:   []float64{1},
	}
	s = Summarize(f)
	if s.Sessions[0].HRSamples != 2 || s.Sessions[0].RRIntervals != 1 {
		t.Errorf("got %+v", s.Sessions[0])
	}
	if _, ok := s.Local(s.Sessions[0].Start); ok {
		t.Error("LocalStart of a session without a start must not be local")
	}
}

func TestFilter(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return d
	}
	// 23:30 UTC on the 4th is 00:30 on the 5th on the device's clock.
	local := &FileSummary{HasLocalOffset: true, LocalOffset: time.Hour}
	utc := &FileSummary{}
	late := &SessionSummary{Session: fitparse.Session{Sport: "running", SubSport: "trail", Start: clockAt("23:30").AddDate(0, 0, -1)}}
	ride := &SessionSummary{Session: fitparse.Session{Sport: "cycling", SubSport: "indoor_cycling", Start: clockAt("12:00")}}
	nostart := &SessionSummary{Session: fitparse.Session{Sport: "running"}}

	tests := []struct {
		name   string
		filter Filter
		file   *FileSummary
		s      *SessionSummary
		want   bool
	}{
		{"zero keeps all", Filter{}, utc, nostart, true},
		{"local date after since", Filter{Since: day("2024-03-05")}, local, late, true},
		{"utc date before since", Filter{Since: day("2024-03-05")}, utc, late, false},
		{"local date after until", Filter{Until: day("2024-03-04")}, local, late, false},
		{"utc date on until", Filter{Until: day("2024-03-04")}, utc, late, true},
		{"until is inclusive", Filter{Since: day("2024-03-05"), Until: day("2024-03-05")}, utc, ride, true},
		{"no start with a date bound", Filter{Since: day("2000-01-01")}, utc, nostart, false},
		{"sport", Filter{Sports: []string{"running"}}, utc, late, true},
		{"sport case", Filter{Sports: []string{"Running"}}, utc, late, true},
		{"sub-sport", Filter{Sports: []string{"trail"}}, utc, late, true},
		{"sport/sub-sport", Filter{Sports: []string{"cycling/indoor_cycling"}}, utc, ride, true},
		{"alias run", Filter{Sports: []string{"run"}}, utc, late, true},
		{"alias ride", Filter{Sports: []string{"ride"}}, utc, ride, true},
		{"other sport", Filter{Sports: []string{"swim"}}, utc, ride, false},
		{"prefix is not a match", Filter{Sports: []string{"cycl"}}, utc, ride, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.Keep(tt.file, tt.s); got != tt.want {
				t.Errorf("Keep = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBuild(t *testing.T) {
	t.Parallel()
	tri := Summarize(multisportFile())
	failed := FileSummary{Path: "bad.fit", Status: fitparse.Failed, Err: fitparse.ErrNotFIT}
	skipped := FileSummary{Path: "dup.fit", Status: fitparse.Skipped,
		Err: fmt.Errorf("duplicate of tri.fit: %w", fitparse.ErrDuplicate)}
	files := []FileSummary{tri, failed, skipped}
	before := fmt.Sprintf("%+v", files)

	b := Build(files, Options{})
	want := Totals{Files: 3, Partial: 1, Failed: 1, Skipped: 1, Sessions: 2, Timer: 5400, Distance: Distances{Bike: 30000},
		Workouts: 2, WorkoutTimer: 5400, Classes: map[Class]int{Unclassified: 2}}
	if got := loadFree(t, b); !reflect.DeepEqual(got, want) {
		t.Errorf("totals:\ngot  %+v\nwant %+v", b.Totals, want)
	}
	if !b.Files[2].IsDuplicate() || b.Files[1].IsDuplicate() {
		t.Error("IsDuplicate: wrong answer")
	}

	b = Build(files, Options{Filter: Filter{Sports: []string{"run"}}})
	if len(b.Files) != 3 || len(b.Files[0].Sessions) != 1 || b.Files[0].Sessions[0].Sport != "running" {
		t.Fatalf("filtered block: got %+v", b.Files)
	}
	want = Totals{Files: 3, Partial: 1, Failed: 1, Skipped: 1, Sessions: 1, Timer: 1800,
		Workouts: 1, WorkoutTimer: 1800, Classes: map[Class]int{Unclassified: 1}}
	if got := loadFree(t, b); !reflect.DeepEqual(got, want) {
		t.Errorf("filtered totals:\ngot  %+v\nwant %+v", b.Totals, want)
	}
	if after := fmt.Sprintf("%+v", files); after != before {
		t.Error("Build modified its input")
	}
	if !reflect.DeepEqual(files[0].Sessions, tri.Sessions) || len(files[0].Sessions) != 2 {
		t.Error("Build modified its input's sessions")
	}
}

// loadFree checks that the block's TRIMP and HRSS totals are the sums of
// its sessions' and returns the totals without them.
func loadFree(t *testing.T, b *Block) Totals {
	t.Helper()
	var trimp, hrss float64
	for _, f := range b.Files {
		for _, s := range f.Sessions {
			trimp += s.TRIMP
			hrss += s.HRSS
		}
	}
	if trimp <= 0 || math.Abs(b.Totals.TRIMP-trimp) > 1e-9 || math.Abs(b.Totals.HRSS-hrss) > 1e-9 {
		t.Errorf("TRIMP %v HRSS %v, want the sessions' sums %v %v", b.Totals.TRIMP, b.Totals.HRSS, trimp, hrss)
	}
	got := b.Totals
	got.TRIMP, got.HRSS = 0, 0
	return got
}

// TestWeather checks the weather Summarize puts on each session: the mean
// of the reports from its start to its end, else the last report of the
// hour before its start, else none.
func TestWeather(t *testing.T) {
	t.Parallel()
	w := func(hhmm string, temp, rh float64) fitparse.Weather {
		return fitparse.Weather{T: unix(hhmm), Temperature: temp, Humidity: rh}
	}
	for _, c := range []struct {
		name      string
		weather   []fitparse.Weather
		ride, run [2]float64 // air temperature, humidity
	}{
		{"none", nil, [2]float64{nan, nan}, [2]float64{nan, nan}},
		{"during each", []fitparse.Weather{w("07:10", 14, 80), w("07:50", 18, 60), w("08:15", 21, nan)},
			[2]float64{16, 70}, [2]float64{21, nan}},
		{"the hour before", []fitparse.Weather{w("05:30", 5, 95), w("06:20", 10, 90), w("06:40", 12, 85)},
			[2]float64{12, 85}, [2]float64{nan, nan}},
		{"too early", []fitparse.Weather{w("05:30", 5, 95)}, [2]float64{nan, nan}, [2]float64{nan, nan}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := multisportFile()
			f.Weather = c.weather
			s := Summarize(f)
			for i, want := range [][2]float64{c.ride, c.run} {
				got := [2]float64{s.Sessions[i].AirTemp, s.Sessions[i].Humidity}
				for k := range got {
					if !(got[k] == want[k] || math.IsNaN(got[k]) && math.IsNaN(want[k])) {
						t.Errorf("session %d: air %.1f °C, %.0f %% RH; want %.1f °C, %.0f %% RH", i, got[0], got[1], want[0], want[1])
						break
					}
				}
			}
		})
	}
}
