package fitparse

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// withoutSessions returns msgs without their session messages.
func withoutSessions(msgs []proto.Message) []proto.Message {
	return slices.DeleteFunc(msgs, func(m proto.Message) bool { return m.Num == typedef.MesgNumSession })
}

// rebuiltWarning returns the warning that says a session was rebuilt, or
// nil.
func rebuiltWarning(f *File) error {
	for _, w := range f.Warnings {
		if errors.Is(w, ErrNoSession) {
			return w
		}
	}
	return nil
}

// TestRebuildSessionNick decodes nick.fit, a Sigma ride of 14,391 records
// cut before its session message: it gets one session rebuilt from its
// records, and stays Partial.
func TestRebuildSessionNick(t *testing.T) {
	t.Parallel()
	dir := realDir(t)
	f := DecodeFile(filepath.Join(dir, "dtcooper__python-fitparse/bad/tests/files/nick.fit"))
	checkInvariants(t, f)
	if f.Status != Partial || !hasDecodeError(f.Warnings) {
		t.Fatalf("status %v, warnings %v: want partial with the damage named", f.Status, f.Warnings)
	}
	if len(f.Sessions) != 1 || !f.Sessions[0].Reconstructed {
		t.Fatalf("sessions %+v, want one reconstructed", f.Sessions)
	}
	w := rebuiltWarning(f)
	if w == nil || !strings.HasSuffix(w.Error(), "nick.fit: no session message: a session was rebuilt from 14391 records") {
		t.Errorf("warning %v, want it to name the file and the 14391 records", w)
	}
	s := f.Sessions[0]
	var sum float64
	for _, v := range f.Records.HR {
		if !math.IsNaN(v) {
			sum += v
		}
	}
	nums := []struct {
		name      string
		got, want float64
	}{
		// The timer started at time_created, a second before the first
		// record; it was stopped 8 times, for 2341 s in all, before the
		// file was cut 16724 s after it started.
		{"elapsed", s.Elapsed, 16724},
		{"timer", s.Timer, 16724 - 2341},
		{"avg HR (plain mean of the records)", s.AvgHR, sum / float64(f.Records.HRCount())},
		{"max HR", s.MaxHR, 160},
		{"max temperature", s.MaxTemp, 30},
		{"distance", s.Distance, f.Records.Distance[f.Records.Len()-1]},
	}
	for _, c := range nums {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if s.AvgHR < 100 || s.AvgHR > 180 {
		t.Errorf("avg HR %v: not a ride's", s.AvgHR)
	}
	if want := time.Date(2020, 9, 12, 12, 23, 37, 0, time.UTC); !s.Start.Equal(want) || !s.Start.Equal(f.ID.TimeCreated) {
		t.Errorf("start %v, want %v (the timer start event and time created)", s.Start, want)
	}
	// The sport message says cycling, with an invalid sub-sport.
	if s.Sport != "cycling" || s.SubSport != "" {
		t.Errorf("sport %q/%q, want cycling/\"\"", s.Sport, s.SubSport)
	}
	if !math.IsNaN(s.Calories) || !math.IsNaN(s.Ascent) || !math.IsNaN(s.AerobicTE) || s.TimeInHRZone != nil || s.NumLaps != 0 {
		t.Errorf("values the records do not hold are set: %+v", s)
	}
}

// TestRebuildSessionRemoved removes the session message from good real
// files: the session rebuilt from their records starts where the original
// started and has its timer time within 1 %.
func TestRebuildSessionRemoved(t *testing.T) {
	t.Parallel()
	dir := realDir(t)
	tests := []struct {
		path string
		why  string
	}{
		{"msimms__TestFilesForFitnessApps/fit/20210507_run_garmin_fenix_6.fit", "a Garmin run"},
		{"stadelmanma__fitparse-rs/fitparser/tests/fixtures/hrv-activity.fit", "an Edge 530 ride with a pause"},
		{"tormoder__fit/testdata/bpg/garmin.fit", "a ride with 70 timer events, 23 minutes of pauses"},
		{"jimmykane__fit-parser/examples/batt.fit", "a Suunto ride with 11 minutes of pauses, developer fields"},
		{"jimmykane__fit-parser/test/test2.fit", "no timer events at all"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			orig, err := os.ReadFile(filepath.Join(dir, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			want := DecodeBytes(orig, "x.fit")
			if want.Status != OK || len(want.Sessions) != 1 || math.IsNaN(want.Sessions[0].Timer) {
				t.Fatalf("status %v, sessions %+v: not %s with a session", want.Status, want.Sessions, tt.why)
			}
			got := DecodeBytes(encodeFIT(t, withoutSessions(decodeMessages(t, orig))...), "x.fit")
			checkInvariants(t, got)
			if got.Status != OK {
				t.Fatalf("status %v: %v %v", got.Status, got.Err, got.Warnings)
			}
			if len(got.Sessions) != 1 || !got.Sessions[0].Reconstructed {
				t.Fatalf("sessions %+v, want one reconstructed", got.Sessions)
			}
			if w := rebuiltWarning(got); w == nil || len(got.Warnings) != 1 || hasDecodeError(got.Warnings) {
				t.Errorf("warnings %v, want only the rebuilt session's", got.Warnings)
			}
			g, w := got.Sessions[0], want.Sessions[0]
			if !g.Start.Equal(w.Start) {
				t.Errorf("start %v, want %v", g.Start, w.Start)
			}
			if d := math.Abs(g.Timer-w.Timer) / w.Timer; !(d <= 0.01) {
				t.Errorf("timer %.1f s, the session said %.1f s (%.2f %% off)", g.Timer, w.Timer, 100*d)
			}
			if d := math.Abs(g.Elapsed - w.Elapsed); !(d <= 0.01*w.Elapsed) {
				t.Errorf("elapsed %.1f s, the session said %.1f s", g.Elapsed, w.Elapsed)
			}
			if !math.IsNaN(w.MaxHR) && g.MaxHR != w.MaxHR {
				t.Errorf("max HR %v, the session said %v", g.MaxHR, w.MaxHR)
			}
			if !math.IsNaN(w.AvgHR) && !(math.Abs(g.AvgHR-w.AvgHR) <= 1.5) {
				t.Errorf("avg HR %v, the session said %v", g.AvgHR, w.AvgHR)
			}
			if !math.IsNaN(w.Distance) && !(math.Abs(g.Distance-w.Distance) <= 0.01*w.Distance) {
				t.Errorf("distance %v, the session said %v", g.Distance, w.Distance)
			}
		})
	}
}

// TestSessionFromRecords checks the rules of a rebuilt session on small
// record streams.
func TestSessionFromRecords(t *testing.T) {
	t.Parallel()
	t0 := float64(testStart.Unix())
	at := func(secs ...float64) []float64 {
		out := make([]float64, len(secs))
		for i, s := range secs {
			out[i] = t0 + s
		}
		return out
	}
	ev := func(kind EventKind, sec float64) Event { return Event{T: t0 + sec, Kind: kind} }
	nan := math.NaN()
	tests := []struct {
		name    string
		r       Records
		events  []Event
		start   float64 // seconds after t0, NaN for the zero time
		timer   float64
		elapsed float64
	}{
		{
			name: "no events: every second counts",
			r:    Records{T: at(0, 1, 2, 3, 4)}, start: 0, timer: 4, elapsed: 4,
		},
		{
			name: "no events: a gap over a minute is a pause",
			r:    Records{T: at(0, 10, 70, 131, 140)}, start: 0, timer: 10 + 60 + 9, elapsed: 140,
		},
		{
			name: "no events: times going back count nothing",
			r:    Records{T: at(0, 10, 5, 15)}, start: 0, timer: 10 + 5, elapsed: 15,
		},
		{
			name: "no events: the earliest record starts the session",
			r:    Records{T: at(10, 0, 20, 15)}, start: 0, timer: 10, elapsed: 20,
		},
		{
			name:   "a timer start just before the first record starts the session",
			r:      Records{T: at(3, 4, 5)},
			events: []Event{ev(TimerStart, 0)}, start: 0, timer: 5, elapsed: 5,
		},
		{
			name:   "a timer start over a minute before is not the start",
			r:      Records{T: at(61, 62)},
			events: []Event{ev(TimerStart, 0)}, start: 61, timer: 1, elapsed: 1,
		},
		{
			name:   "pauses between stop and start do not count",
			r:      Records{T: at(0, 10, 20, 100, 110)},
			events: []Event{ev(TimerStart, 0), ev(TimerStop, 20), ev(TimerStart, 100), ev(TimerStop, 110)},
			start:  0, timer: 30, elapsed: 110,
		},
		{
			name:   "a file cut while the timer runs counts to its last record",
			r:      Records{T: at(0, 50, 300, 400)},
			events: []Event{ev(TimerStart, 0), ev(TimerStop, 50), ev(TimerStart, 300)},
			start:  0, timer: 150, elapsed: 400,
		},
		{
			name:   "a first event that stops means the timer ran before it",
			r:      Records{T: at(0, 30, 60)},
			events: []Event{ev(TimerStop, 30)}, start: 0, timer: 30, elapsed: 60,
		},
		{
			name:   "events without a time are ignored",
			r:      Records{T: at(0, 1, 2)},
			events: []Event{{T: nan, Kind: TimerStop}}, start: 0, timer: 2, elapsed: 2,
		},
		{
			name: "records without a time",
			r:    Records{T: []float64{nan, nan}}, start: nan, timer: nan, elapsed: nan,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sessionFromRecords(&tt.r, tt.events, sportName{"running", "trail"})
			if !s.Reconstructed || s.Sport != "running" || s.SubSport != "trail" {
				t.Errorf("reconstructed %v, sport %q/%q", s.Reconstructed, s.Sport, s.SubSport)
			}
			wantStart := time.Time{}
			if !math.IsNaN(tt.start) {
				wantStart = testStart.Add(time.Duration(tt.start) * time.Second)
			}
			if !s.Start.Equal(wantStart) {
				t.Errorf("start %v, want %v", s.Start, wantStart)
			}
			if !near(s.Timer, tt.timer) || !near(s.Elapsed, tt.elapsed) {
				t.Errorf("timer %v, elapsed %v; want %v, %v", s.Timer, s.Elapsed, tt.timer, tt.elapsed)
			}
		})
	}

	t.Run("values", func(t *testing.T) {
		r := Records{
			T:           at(0, 1, 2, 3),
			HR:          []float64{100, nan, 110, 120},
			Speed:       []float64{2, 3, 4, 3},
			Power:       []float64{0, 0, 300, 100},
			Distance:    []float64{nan, 5, 8, 12},
			Temperature: []float64{20, 21, 22, 23},
		}
		s := sessionFromRecords(&r, nil, sportName{})
		nums := []struct {
			name      string
			got, want float64
		}{
			{"avg HR", s.AvgHR, 110}, {"max HR", s.MaxHR, 120},
			{"avg speed", s.AvgSpeed, 3}, {"max speed", s.MaxSpeed, 4},
			{"avg power (zeros count)", s.AvgPower, 100}, {"max power", s.MaxPower, 300},
			{"avg temperature", s.AvgTemp, 21.5}, {"max temperature", s.MaxTemp, 23},
			{"distance (last minus first valid)", s.Distance, 7},
			{"calories", s.Calories, nan}, {"ascent", s.Ascent, nan}, {"EPOC", s.EPOC, nan},
		}
		for _, c := range nums {
			if !near(c.got, c.want) {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		if s.Sport != "" || s.SubSport != "" || s.TimeInHRZone != nil || s.NumLaps != 0 {
			t.Errorf("sport %q/%q, zones %v, laps %d: want none", s.Sport, s.SubSport, s.TimeInHRZone, s.NumLaps)
		}
		empty := sessionFromRecords(&Records{T: at(0, 1), Distance: []float64{10, 3}}, nil, sportName{})
		for name, v := range map[string]float64{"avg HR": empty.AvgHR, "max power": empty.MaxPower,
			"avg temperature": empty.AvgTemp, "distance of a counter that restarted": empty.Distance} {
			if !math.IsNaN(v) {
				t.Errorf("%s = %v, want NaN", name, v)
			}
		}
	})
}

// TestRebuildSessionRules checks when Decode rebuilds a session, and where
// its sport comes from, on the synthetic activity: ten records at 0–4 s and
// 20–24 s, the timer running 0–5 s and 20–25 s, heart rate 120–129 bpm with
// 123 missing.
func TestRebuildSessionRules(t *testing.T) {
	t.Parallel()
	ts := fitTS(testStart)
	sportMesg := mesg(typedef.MesgNumSport, fv{0, uint8(typedef.SportCycling)}, fv{1, uint8(typedef.SubSportIndoorCycling)})
	lapMesg := mesg(typedef.MesgNumLap, fv{253, ts + 25}, fv{2, ts}, fv{25, uint8(typedef.SportSwimming)}, fv{39, uint8(typedef.SubSportLapSwimming)})
	noSession := withoutSessions(syntheticActivity())
	activity := func(kind typedef.File, msgs []proto.Message) []proto.Message {
		return append([]proto.Message{mesg(typedef.MesgNumFileId, fv{0, uint8(kind)})}, msgs[1:]...)
	}
	tests := []struct {
		name string
		msgs []proto.Message
		// cut keeps the longest prefix of the file that decodes without
		// its session message.
		cut    bool
		status Status
		// rebuilt says whether a session is rebuilt, with this sport.
		rebuilt         bool
		sport, subSport string
		// sessions is the number of sessions when none is rebuilt.
		sessions int
	}{
		{name: "a file with its session", msgs: syntheticActivity(), status: OK, sessions: 1},
		{name: "no session message", msgs: noSession, status: OK, rebuilt: true},
		{
			name: "sport from the sport message", status: OK, rebuilt: true,
			msgs:  slices.Insert(slices.Clone(noSession), 1, sportMesg, lapMesg),
			sport: "cycling", subSport: "indoor_cycling",
		},
		{
			name: "sport from the first lap", status: OK, rebuilt: true,
			msgs:  slices.Insert(slices.Clone(noSession), 1, lapMesg),
			sport: "swimming", subSport: "lap_swimming",
		},
		{name: "cut before the session message: still partial", msgs: syntheticActivity(), cut: true, status: Partial, rebuilt: true},
		{name: "no file type", msgs: noSession[1:], status: OK, rebuilt: true},
		{name: "a course file is no activity", msgs: activity(typedef.FileCourse, noSession), status: Skipped},
		{name: "a monitoring file is no activity", msgs: activity(typedef.FileMonitoringB, noSession), status: OK},
		{name: "no records", msgs: activity(typedef.FileActivity, noSession[:1]), status: Failed},
		{
			name: "no record holds a time", status: OK,
			msgs: []proto.Message{noSession[0], mesg(typedef.MesgNumRecord, fv{3, uint8(100)}), mesg(typedef.MesgNumRecord, fv{3, uint8(110)})},
		},
		{
			name: "one record is a moment, no session", status: OK,
			msgs: []proto.Message{noSession[0], mesg(typedef.MesgNumRecord, fv{253, ts}, fv{3, uint8(100)})},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := encodeFIT(t, tt.msgs...)
			f := DecodeBytes(data, "run.fit")
			for n := len(data) - 1; tt.cut && len(f.Sessions) > 0 && !f.Sessions[0].Reconstructed; n-- {
				f = DecodeBytes(data[:n], "run.fit")
			}
			checkInvariants(t, f)
			if f.Status != tt.status {
				t.Fatalf("status %v (%v, %v), want %v", f.Status, f.Err, f.Warnings, tt.status)
			}
			w := rebuiltWarning(f)
			if !tt.rebuilt {
				if len(f.Sessions) != tt.sessions || w != nil {
					t.Errorf("%d sessions, warning %v; want %d and none", len(f.Sessions), w, tt.sessions)
				}
				for _, s := range f.Sessions {
					if s.Reconstructed {
						t.Error("a session message marked reconstructed")
					}
				}
				return
			}
			if len(f.Sessions) != 1 || !f.Sessions[0].Reconstructed {
				t.Fatalf("sessions %+v, want one reconstructed", f.Sessions)
			}
			if want := "run.fit: no session message: a session was rebuilt from 10 records"; w == nil || w.Error() != want {
				t.Errorf("warning %v, want %q", w, want)
			}
			var de *DecodeError
			if errors.As(w, &de) {
				t.Error("the rebuilt session's warning is a *DecodeError: it would read as damage")
			}
			s := f.Sessions[0]
			if !s.Start.Equal(testStart) {
				t.Errorf("start %v, want %v", s.Start, testStart)
			}
			if s.Sport != tt.sport || s.SubSport != tt.subSport {
				t.Errorf("sport %q/%q, want %q/%q", s.Sport, s.SubSport, tt.sport, tt.subSport)
			}
			// The timer ran 5 s, then 4 s to the last record.
			nums := []struct {
				name      string
				got, want float64
			}{
				{"timer", s.Timer, 9}, {"elapsed", s.Elapsed, 24},
				{"avg HR", s.AvgHR, (120 + 121 + 122 + 124 + 125 + 126 + 127 + 128 + 129) / 9.0}, {"max HR", s.MaxHR, 129},
				{"distance", s.Distance, 27}, {"avg power", s.AvgPower, math.NaN()},
			}
			for _, c := range nums {
				if !near(c.got, c.want) {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
		})
	}
}
