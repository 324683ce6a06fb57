package fitparse

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"
)

// TestDeviceClock checks how the device's clock is read on real files: a
// local_timestamp gives the UTC offset; a device whose clock was never set
// (timestamps counting from power-on, FIT date_time < 0x10000000) has its
// times moved onto its wall clock; a local_timestamp that is no time zone is
// ignored.
func TestDeviceClock(t *testing.T) {
	t.Parallel()
	dir := realDir(t)
	tests := []struct {
		name      string
		path      string
		start     string // first session start, RFC 3339 in UTC
		hasOffset bool
		offset    time.Duration
	}{
		{
			name:      "offset from activity local_timestamp",
			path:      "msimms__TestFilesForFitnessApps/fit/20210507_run_garmin_fenix_6.fit",
			hasOffset: true,
			offset:    -4 * time.Hour,
		},
		{
			name:      "unset clock moved to the wall clock",
			path:      "dtcooper__python-fitparse/tests/files/antfs-dump.63.fit",
			start:     "2012-02-13T11:23:51Z",
			hasOffset: true,
			offset:    0,
		},
		{
			name:      "local_timestamp that is no time zone",
			path:      "adriangibbons__php-fit-file-analysis/demo/fit_files/power-analysis.fit",
			start:     "2015-07-21T10:28:36Z",
			hasOffset: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := DecodeFile(filepath.Join(dir, tt.path))
			if f.Status != OK {
				t.Fatalf("status %v: %v %v", f.Status, f.Err, f.Warnings)
			}
			if f.HasLocalOffset != tt.hasOffset || (tt.hasOffset && f.LocalOffset != tt.offset) {
				t.Errorf("local offset = %v (known %v), want %v (known %v)", f.LocalOffset, f.HasLocalOffset, tt.offset, tt.hasOffset)
			}
			if tt.start != "" {
				if got := f.Sessions[0].Start.Format(time.RFC3339); got != tt.start {
					t.Errorf("start = %s, want %s", got, tt.start)
				}
			}
			for i, ts := range f.Records.T {
				if ts < 1e9 { // 2001-09-09: no real record is older
					t.Fatalf("record %d at Unix %v: relative time leaked", i, ts)
				}
			}
		})
	}
}

// correlationMesg returns a timestamp_correlation message: the device's
// system time read sys when UTC was utc (FIT seconds), with local_timestamp
// local when it is not 0, and any further fields.
func correlationMesg(utc, sys, local uint32, more ...fv) proto.Message {
	fields := []fv{{253, utc}, {1, sys}}
	if local != 0 {
		fields = append(fields, fv{3, local})
	}
	return mesg(typedef.MesgNumTimestampCorrelation, append(fields, more...)...)
}

// insertCorrelation inserts into msgs, whose date_time fields were moved d
// seconds back, a timestamp_correlation message at index i, taken when the
// last timestamp before i was read (the first one after i when none is),
// with a local_timestamp of UTC plus offset when withLocal is set.
func insertCorrelation(t *testing.T, msgs []proto.Message, i int, d uint32, withLocal bool, offset time.Duration) []proto.Message {
	t.Helper()
	sys := uint32(math.MaxUint32)
	for j := range msgs {
		for _, f := range msgs[j].Fields {
			if f.Num == proto.FieldNumTimestamp && f.Value.Type() == proto.TypeUint32 && f.Value.Uint32() != math.MaxUint32 {
				if j < i || sys == math.MaxUint32 {
					sys = f.Value.Uint32()
				}
			}
		}
		if j >= i && sys != math.MaxUint32 {
			break
		}
	}
	if sys == math.MaxUint32 {
		t.Fatal("no timestamp to correlate")
	}
	var local uint32
	if withLocal {
		local = sys + d + uint32(offset/time.Second)
	}
	return slices.Insert(msgs, i, correlationMesg(sys+d, sys, local))
}

// TestClockCorrelation builds, at test time, real activities as a device
// whose clock was never set writes them (every date_time moved below
// 0x10000000), with a timestamp_correlation message at the start, in the
// middle (just before an hrv message) or at the end: decoded, every time
// must read as the original file's, and the UTC offset must be the
// correlation's (or the wall clock's, when the correlation has no
// local_timestamp). Without the correlation the fixture decodes as before
// this rule: dates before 1995, or the wall clock when the activity message
// keeps it.
func TestClockCorrelation(t *testing.T) {
	t.Parallel()
	dir := realDir(t)
	const offset = 2 * time.Hour
	files := []string{
		"dtcooper__python-fitparse/tests/files/garmin-fenix-5-run.fit",
		"stadelmanma__fitparse-rs/fitparser/tests/fixtures/hrv-activity.fit",
	}
	tests := []struct {
		name string
		// wallClock keeps the activity's local_timestamp on the wall clock
		// (a local_date_time); otherwise it is moved like every date_time.
		wallClock bool
		// at says where the correlation goes: "start" (after file_id),
		// "middle" (before the middle hrv message), "end", or "" for none.
		at string
		// local gives the correlation a local_timestamp (UTC + offset).
		local bool
	}{
		{name: "correlation at the end", at: "end", local: true},
		{name: "correlation at the start", at: "start", local: true},
		{name: "correlation before an hrv message", at: "middle", local: true},
		{name: "correlation beats the wall clock", wallClock: true, at: "end", local: true},
		{name: "correlation without local_timestamp, offset from the wall clock", wallClock: true, at: "start"},
		{name: "correlation without local_timestamp, no wall clock", at: "end"},
		{name: "no correlation: relative dates stay", at: ""},
		{name: "no correlation: moved to the wall clock", wallClock: true, at: ""},
	}
	for _, name := range files {
		orig, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Base(name)
		want := DecodeBytes(orig, path)
		if want.Status != OK || len(want.Sessions) != 1 || len(want.RR) == 0 || len(want.Events) == 0 || !want.HasLocalOffset {
			t.Fatalf("%s: status %v, %d sessions, %d RR, %d events, offset known %v: not the file this test needs",
				name, want.Status, len(want.Sessions), len(want.RR), len(want.Events), want.HasLocalOffset)
		}
		// The fixture pipeline itself changes nothing.
		again := DecodeBytes(encodeFIT(t, decodeMessages(t, orig)...), path)
		again.Size = want.Size
		sameFile(t, again, want)
		d := minDateTime(decodeMessages(t, orig), true) - 3600
		for _, tt := range tests {
			t.Run(path+"/"+tt.name, func(t *testing.T) {
				msgs := decodeMessages(t, orig)
				if _, hi := shiftDateTimes(msgs, d, !tt.wallClock); hi >= fitRelativeLimit {
					t.Fatalf("shifted times reach 0x%x, not relative", hi)
				}
				hrvs := []int{}
				for i, m := range msgs {
					if m.Num == typedef.MesgNumHrv {
						hrvs = append(hrvs, i)
					}
				}
				switch tt.at {
				case "start":
					msgs = insertCorrelation(t, msgs, 1, d, tt.local, offset)
				case "middle":
					msgs = insertCorrelation(t, msgs, hrvs[len(hrvs)/2], d, tt.local, offset)
				case "end":
					msgs = insertCorrelation(t, msgs, len(msgs), d, tt.local, offset)
				}
				got := DecodeBytes(encodeFIT(t, msgs...), path)
				checkInvariants(t, got)
				if got.Status != OK {
					t.Fatalf("status %v: %v %v", got.Status, got.Err, got.Warnings)
				}

				// shift is how far every time must be from the original's.
				var shift float64
				wantOffset, wantKnown := time.Duration(0), false
				switch {
				case tt.at != "":
					switch {
					case tt.local:
						wantOffset, wantKnown = offset, true
					case tt.wallClock:
						wantOffset, wantKnown = want.LocalOffset, true
					}
				case tt.wallClock:
					shift, wantKnown = want.LocalOffset.Seconds(), true
				default:
					shift = -float64(d)
				}
				if got.LocalOffset != wantOffset || got.HasLocalOffset != wantKnown {
					t.Errorf("local offset %v (known %v), want %v (known %v)", got.LocalOffset, got.HasLocalOffset, wantOffset, wantKnown)
				}
				dt := time.Duration(shift) * time.Second
				if s, w := got.Sessions[0].Start, want.Sessions[0].Start.Add(dt); !s.Equal(w) {
					t.Errorf("session start %v, want %v", s, w)
				}
				if tt.at == "" && !tt.wallClock && got.Sessions[0].Start.Year() >= 1995 {
					t.Errorf("session start %v: the clock was never set, want a date before 1995", got.Sessions[0].Start)
				}
				if c, w := got.ID.TimeCreated, want.ID.TimeCreated.Add(dt); !c.Equal(w) {
					t.Errorf("time created %v, want %v", c, w)
				}
				for _, col := range []struct {
					name      string
					got, want []float64
				}{
					{"record time", got.Records.T, want.Records.T},
					{"RR time", got.RRTime, want.RRTime},
					{"event time", eventTimes(got.Events), eventTimes(want.Events)},
				} {
					if len(col.got) != len(col.want) {
						t.Errorf("%d %ss, want %d", len(col.got), col.name, len(col.want))
						continue
					}
					for i := range col.got {
						if !near(col.got[i], col.want[i]+shift) {
							t.Errorf("%s %d = %v, want %v", col.name, i, col.got[i], col.want[i]+shift)
							break
						}
					}
				}
				if shift == 0 {
					// Nothing else differs from the original.
					got.Size, got.LocalOffset, got.HasLocalOffset = want.Size, want.LocalOffset, want.HasLocalOffset
					sameFile(t, got, want)
				}
			})
		}
	}
}

func eventTimes(es []Event) []float64 {
	out := make([]float64, len(es))
	for i, e := range es {
		out[i] = e.T
	}
	return out
}

// TestClockCorrelationRules checks the finer rules of timestamp_correlation
// on the synthetic activity, moved back as a device whose clock
// was never set writes it (its activity local_timestamp too, so that no wall
// clock is known).
func TestClockCorrelationRules(t *testing.T) {
	t.Parallel()
	want := DecodeBytes(encodeFIT(t, syntheticActivity()...), "run.fit")
	d := fitTS(testStart) - 1000 // the run starts 1000 s after power-on
	end := fitTS(testStart.Add(25*time.Second)) - d
	utc := func(sys uint32) uint32 { return sys + d }
	tests := []struct {
		name string
		// shifted says whether the activity's date_times are moved back.
		shifted bool
		// edit changes the messages before they are encoded.
		edit func(msgs []proto.Message) []proto.Message
		// shift is how far every time must be from the original's.
		shift     float64
		offset    time.Duration
		hasOffset bool
	}{
		{
			name: "whole seconds", shifted: true,
			edit: func(msgs []proto.Message) []proto.Message {
				return append(msgs, correlationMesg(utc(end), end, utc(end)+3600))
			},
			offset: time.Hour, hasOffset: true,
		},
		{
			name: "fractional_timestamp rounds the shift", shifted: true,
			edit: func(msgs []proto.Message) []proto.Message {
				return append(msgs, correlationMesg(utc(end), end, 0, fv{0, uint16(0.75 * 32768)}, fv{2, uint16(0.125 * 32768)}))
			},
			shift: 1,
		},
		{
			name: "system_timestamp_ms rounds the shift", shifted: true,
			edit: func(msgs []proto.Message) []proto.Message {
				return append(msgs, correlationMesg(utc(end), end, 0, fv{5, uint16(700)}))
			},
			shift: -1,
		},
		{
			name: "local_timestamp beyond 14 h is no offset", shifted: true,
			edit: func(msgs []proto.Message) []proto.Message {
				return append(msgs, correlationMesg(utc(end), end, utc(end)+15*3600))
			},
		},
		{
			name: "the first correlation counts", shifted: true,
			edit: func(msgs []proto.Message) []proto.Message {
				msgs = slices.Insert(msgs, 1, correlationMesg(utc(end), end, utc(end)-1800))
				return append(msgs, correlationMesg(utc(end)+100, end, utc(end)+3600))
			},
			offset: -30 * time.Minute, hasOffset: true,
		},
		{
			name: "a date that was real does not move", shifted: true,
			edit: func(msgs []proto.Message) []proto.Message {
				for i := range msgs[0].Fields {
					if f := &msgs[0].Fields[i]; f.Num == 4 { // file_id.time_created
						f.Value = proto.Uint32(fitTS(testStart))
					}
				}
				return append(msgs, correlationMesg(utc(end), end, 0))
			},
		},
		{
			name: "a relative UTC timestamp correlates nothing", shifted: true,
			edit: func(msgs []proto.Message) []proto.Message {
				return append(msgs, correlationMesg(end+60, end, 0))
			},
			shift: -float64(d),
		},
		{
			name: "the correlation of a set clock changes nothing",
			edit: func(msgs []proto.Message) []proto.Message {
				return append(msgs, correlationMesg(utc(end), utc(end), utc(end)+3600))
			},
			offset: 2 * time.Hour, hasOffset: true, // from the activity message
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := syntheticActivity()
			if tt.shifted {
				shiftDateTimes(msgs, d, true)
			}
			got := DecodeBytes(encodeFIT(t, tt.edit(msgs)...), "run.fit")
			checkInvariants(t, got)
			if got.Status != OK || len(got.Warnings) != 0 {
				t.Fatalf("status %v: %v %v", got.Status, got.Err, got.Warnings)
			}
			if got.LocalOffset != tt.offset || got.HasLocalOffset != tt.hasOffset {
				t.Errorf("local offset %v (known %v), want %v (known %v)", got.LocalOffset, got.HasLocalOffset, tt.offset, tt.hasOffset)
			}
			dt := time.Duration(tt.shift) * time.Second
			times := []struct {
				name      string
				got, want time.Time
			}{
				{"time created", got.ID.TimeCreated, want.ID.TimeCreated.Add(dt)},
				{"session start", got.Sessions[0].Start, want.Sessions[0].Start.Add(dt)},
				{"lap start", got.Laps[0].Start, want.Laps[0].Start.Add(dt)},
			}
			if tt.name == "a date that was real does not move" {
				times[0].want = want.ID.TimeCreated
			}
			for _, c := range times {
				if !c.got.Equal(c.want) {
					t.Errorf("%s %v, want %v", c.name, c.got, c.want)
				}
			}
			nums := []struct {
				name      string
				got, want []float64
			}{
				{"record time", got.Records.T, want.Records.T},
				{"RR time", got.RRTime, want.RRTime},
				{"event time", eventTimes(got.Events), eventTimes(want.Events)},
				{"zone time", []float64{got.Zones[0].T}, []float64{want.Zones[0].T}},
				{"weather time", []float64{got.Weather[0].T}, []float64{want.Weather[0].T}},
				{"message 140 time", []float64{got.Garmin[0].T}, []float64{want.Garmin[0].T}},
			}
			for _, c := range nums {
				if len(c.got) != len(c.want) {
					t.Errorf("%d %ss, want %d", len(c.got), c.name, len(c.want))
					continue
				}
				for i := range c.got {
					if !near(c.got[i], c.want[i]+tt.shift) {
						t.Errorf("%s %d = %v, want %v", c.name, i, c.got[i], c.want[i]+tt.shift)
						break
					}
				}
			}
		})
	}
}
