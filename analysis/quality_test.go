package analysis

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis/load"
)

// withHR gives s a heart rate: hr bpm for its whole timer time, as n
// samples.
func withHR(s SessionSummary, hr float64, n int) SessionSummary {
	s.HRHist = make(load.Histogram, int(hr)+1)
	s.HRHist[int(hr)] = s.Timer
	s.HRTime, s.TraceAvgHR, s.AvgHR, s.HRSamples = s.Timer, hr, hr, n
	s.Structure.Max5s = hr + 10
	return s
}

// counted returns the files and sessions of b that count, as "file#index".
func counted(b *Block) []string {
	var out []string
	for _, f := range b.Files {
		for _, s := range f.Sessions {
			if s.Counted() {
				out = append(out, f.Path+"#"+string(rune('0'+s.Index)))
			}
		}
	}
	return out
}

// TestDuplicates: sessions of one sport family in different files that
// overlap by more than half of the shorter are one session, counted once
// (load, weeks, totals); the recording with heart rate is kept, then the
// one with RR, then the one with more samples.
func TestDuplicates(t *testing.T) {
	t.Parallel()
	run := func(start time.Time, timer float64) SessionSummary {
		return plainSession("running", start, timer)
	}
	tri := func() []SessionSummary {
		at := t0
		part := func(sport string, secs float64, hr float64) SessionSummary {
			s := withHR(plainSession(sport, at, secs), hr, int(secs))
			at = at.Add(time.Duration(secs) * time.Second)
			return s
		}
		return []SessionSummary{part("swimming", 1800, 140), part("transition", 120, 150),
			part("cycling", 3600, 145), part("transition", 60, 150), part("running", 2400, 160)}
	}
	rr := withHR(run(t0.Add(-30*time.Second), 3600), 150, 3600)
	rr.RRIntervals = 9000
	for _, c := range []struct {
		name  string
		files []FileSummary
		want  []string // the counted sessions
		rule  string   // in the duplicate's rule
		kept  string   // why the kept one was kept
	}{
		{"two devices: the one with heart rate", []FileSummary{
			planFile("watch.fit", run(t0, 3600)),
			planFile("coros.fit", withHR(run(t0.Add(-30*time.Second), 3630), 150, 3630)),
		}, []string{"coros.fit#0"}, "overlapping 100 %", "heart rate"},
		{"both with heart rate: the one with RR", []FileSummary{
			planFile("a.fit", withHR(run(t0, 3600), 150, 3600)), planFile("b.fit", rr),
		}, []string{"b.fit#0"}, "overlapping", "RR"},
		{"both with heart rate: more samples", []FileSummary{
			planFile("a.fit", withHR(run(t0, 3600), 150, 900)), planFile("b.fit", withHR(run(t0, 3600), 150, 3600)),
		}, []string{"b.fit#0"}, "overlapping 100 %", "more heart-rate samples"},
		{"re-saved copy: the first", []FileSummary{
			planFile("orig.fit", run(t0, 2700)), planFile("copy.fit", run(t0, 2700)),
		}, []string{"orig.fit#0"}, "overlapping 100 %", "first"},
		{"copies without a duration", []FileSummary{
			planFile("a.fit", run(t0, 0)), planFile("b.fit", run(t0, 0)),
		}, []string{"a.fit#0"}, "same start and duration", "first"},
		{"half overlap is two sessions", []FileSummary{
			planFile("a.fit", run(t0, 3600)), planFile("b.fit", run(t0.Add(30*time.Minute), 3600)),
		}, []string{"a.fit#0", "b.fit#0"}, "", ""},
		{"other sport is another session", []FileSummary{
			planFile("a.fit", run(t0, 3600)), planFile("b.fit", plainSession("cycling", t0, 3600)),
		}, []string{"a.fit#0", "b.fit#0"}, "", ""},
		{"sub-sports are one family", []FileSummary{
			planFile("a.fit", run(t0, 3600)), planFile("b.fit", func() SessionSummary { s := run(t0, 3500); s.SubSport = "trail"; return s }()),
		}, []string{"a.fit#0"}, "overlapping 100 %", "first"},
		{"a multisport leg against a bike computer", []FileSummary{
			planFile("tri.fit", tri()...),
			planFile("edge.fit", plainSession("cycling", t0.Add(1920*time.Second), 3660)),
		}, []string{"tri.fit#0", "tri.fit#1", "tri.fit#2", "tri.fit#3", "tri.fit#4"}, "same sport (cycling)", "heart rate"},
		{"a multisport leg recorded better elsewhere", []FileSummary{
			planFile("tri.fit", tri()...),
			planFile("edge.fit", withHR(plainSession("cycling", t0.Add(1920*time.Second), 3660), 146, 3660)),
		}, []string{"tri.fit#0", "tri.fit#1", "tri.fit#3", "tri.fit#4", "edge.fit#0"}, "same sport (cycling)", "more heart-rate samples"},
		{"two sessions of one file are two", []FileSummary{
			planFile("two.fit", run(t0, 3600), run(t0.Add(40*time.Minute), 3600)),
		}, []string{"two.fit#0", "two.fit#1"}, "", ""},
		{"a chained file repeating its activity", []FileSummary{
			planFile("chained.fit", run(t0, 3600), run(t0, 3600)),
		}, []string{"chained.fit#0"}, "a repeat", "first"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := buildPlans(Options{}, c.files...)
			if got := counted(b); strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Fatalf("counted %v, want %v", got, c.want)
			}
			n := len(c.want)
			if b.Totals.Sessions != n {
				t.Errorf("totals: %d sessions, want %d", b.Totals.Sessions, n)
			}
			days := 0
			for _, d := range b.Days {
				days += d.Sessions
			}
			if days != n {
				t.Errorf("the days count %d sessions, want %d", days, n)
			}
			for _, f := range b.Files {
				for _, s := range f.Sessions {
					d := s.DuplicateOf
					if d == nil {
						continue
					}
					if !strings.Contains(d.Rule, c.rule) || !strings.Contains(d.Kept, c.kept) {
						t.Errorf("%s#%d: duplicate of %s#%d, rule %q kept %q; want %q and %q", f.Path, s.Index, d.Path, d.Session, d.Rule, d.Kept, c.rule, c.kept)
					}
					if s.Event == 0 && (s.Fluid != nil || s.Refuel != nil) {
						t.Errorf("%s#%d: a duplicate has a plan of its own", f.Path, s.Index)
					}
				}
			}
			if strings.HasPrefix(c.name, "a multisport leg") {
				// The event stays whole, with its bike part whichever
				// recording counts, and its plan is the only one: the bike
				// computer's recording is either a duplicate without a
				// plan or the event's bike part.
				if len(b.Events) != 1 || len(b.Events[0].Sessions) != 5 {
					t.Fatalf("events %+v", b.Events)
				}
				s := b.Files[1].Sessions[0]
				inEvent := s.Event == 1 && s.Refuel == nil && s.Fluid.PartOf
				noPlan := s.Event == 0 && s.Fluid == nil && s.Refuel == nil
				if s.Counted() && !inEvent || !s.Counted() && !noPlan {
					t.Errorf("the bike computer's recording: counted %v, event %d, fluid %v, refuel %v", s.Counted(), s.Event, s.Fluid, s.Refuel)
				}
			}
		})
	}
}

// TestDeviceValues: a device value outside the physiological ranges is not
// used (the next source is), with a warning naming the file and the value;
// a sustained 5-s heart rate above the device's HRmax raises it.
func TestDeviceValues(t *testing.T) {
	t.Parallel()
	dev := func(path string, hrmax, rest, lthr float64) DeviceValues {
		return DeviceValues{Time: t0, Kind: deviceTimeInZone, Sport: "running", Path: path,
			HRMax: hrmax, HRRest: rest, LTHR: lthr, Mass: math.NaN(), Height: math.NaN(), Age: math.NaN()}
	}
	file := func(path string, d DeviceValues, ss ...SessionSummary) FileSummary {
		f := planFile(path, ss...)
		f.DeviceValues = []DeviceValues{d}
		return f
	}
	easy := withHR(plainSession("running", t0, 2280), 140, 2280) // 38 min at 140 bpm, 5-s max 150
	for _, c := range []struct {
		name         string
		d            DeviceValues
		s            SessionSummary
		hrmax, lthr  float64
		hrmaxSrc     Source
		lthrSrc      Source
		warn         string
		hrmaxNoteHas string
		maxHRSSPerHr float64
	}{
		{"plausible", dev("a.fit", 190, 50, 170), easy, 190, 170, SourceDevice, SourceDevice, "", "time_in_zone", 250},
		// LTHR 46 would make HRSS 1,195 for a 38-min run.
		{"LTHR 46 bpm", dev("lthr.fit", 190, 50, 46), easy, 190, 50 + 0.85*140, SourceDevice, SourceFormula,
			"lthr.fit: time_in_zone LTHR 46 bpm is outside", "time_in_zone", 250},
		// HRmax 250 is not used: the estimate from the data is the easy
		// run's 5-s maximum, 150, and the LTHR of 170 cannot sit above it.
		{"HRmax 250", dev("max.fit", 250, 50, 170), easy, 150, 50 + 0.85*100, SourceEstimate, SourceFormula,
			"max.fit: time_in_zone HRmax 250 bpm is outside 120–230 bpm", "highest 5-s", 250},
		{"resting HR 5", dev("rest.fit", 190, 5, 170), easy, 190, 170, SourceDevice, SourceDevice,
			"rest.fit: time_in_zone resting HR 5 bpm is outside 28–100 bpm", "time_in_zone", 250},
		// A device HRmax of 156 below a run's 5-s maximum of 185: the data
		// raises it, and an LTHR of 155 is then plausible.
		{"HRmax below the data", dev("low.fit", 156, 45, 155), withHR(plainSession("running", t0, 2280), 175, 2280),
			185, 155, SourceEstimate, SourceDevice, "", "above the device's 156 bpm", 250},
		// LTHR 155 beside HRmax 156 of the same record is no threshold.
		{"LTHR at HRmax", dev("same.fit", 156, 45, 155), easy, 156, 45 + 0.85*111, SourceDevice, SourceFormula,
			"same.fit: time_in_zone LTHR 155 bpm is outside", "time_in_zone", 250},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := Build([]FileSummary{file(c.d.Path, c.d, c.s)}, Options{})
			s := &b.Files[0].Sessions[0]
			a := s.Athlete
			if !closeTo(a.HRMax.V, c.hrmax, 1e-9) || a.HRMax.Source != c.hrmaxSrc || !strings.Contains(a.HRMax.Note, c.hrmaxNoteHas) {
				t.Errorf("HRmax %v (%s, %s), want %v (%s, %q)", a.HRMax.V, a.HRMax.Source, a.HRMax.Note, c.hrmax, c.hrmaxSrc, c.hrmaxNoteHas)
			}
			if !closeTo(a.LTHR.V, c.lthr, 1e-9) || a.LTHR.Source != c.lthrSrc {
				t.Errorf("LTHR %v (%s), want %v (%s)", a.LTHR.V, a.LTHR.Source, c.lthr, c.lthrSrc)
			}
			var warns []string
			for _, w := range b.Warnings {
				warns = append(warns, w.Error())
			}
			if got := strings.Join(warns, "\n"); c.warn == "" && got != "" || !strings.Contains(got, c.warn) {
				t.Errorf("warnings %q, want one with %q", got, c.warn)
			}
			if h := s.HRSS / (s.HRTime / 3600); h > c.maxHRSSPerHr {
				t.Errorf("HRSS %.0f in %.2f h: %.0f an hour", s.HRSS, s.HRTime/3600, h)
			}
			if s.AvgHR > a.HRMax.V {
				t.Errorf("average HR %v above HRmax %v", s.AvgHR, a.HRMax.V)
			}
		})
	}
}

// TestDates: a session dated before 1995 (a clock never set) or after the
// day the program runs is listed but not counted: no days, weeks or
// readiness come from it, and a warning names the file.
func TestDates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	epoch := time.Date(1989, 12, 31, 0, 10, 0, 0, time.UTC)
	good := withHR(plainSession("running", now.AddDate(0, 0, -3), 3600), 150, 3600)
	for _, c := range []struct {
		name  string
		start time.Time
		warn  string
	}{
		{"clock never set", epoch, "dated 1989-12-31, before 1995"},
		{"in the future", now.AddDate(5, 0, 0), "after today"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := withHR(plainSession("running", c.start, 3600), 150, 3600)
			files := []FileSummary{planFile("good.fit", good), planFile("virb.fit", bad)}
			b := Build(files, Options{AsOf: now, Now: now})
			s := &b.Files[1].Sessions[0]
			if s.Counted() || !strings.Contains(s.DateProblem, c.warn) {
				t.Errorf("the session: counted %v, date problem %q", s.Counted(), s.DateProblem)
			}
			if len(b.Days) == 0 || b.Days[0].Date.Before(now.AddDate(0, 0, -3).Truncate(24*time.Hour)) {
				t.Errorf("days from %v", b.Days[0].Date)
			}
			if b.Totals.Sessions != 1 || b.Totals.Undated != 1 {
				t.Errorf("totals %+v", b.Totals)
			}
			if len(b.Warnings) == 0 || !strings.Contains(b.Warnings[0].Error(), "virb.fit: session dated") ||
				!strings.Contains(b.Warnings[0].Error(), c.warn) {
				t.Errorf("warnings %v", b.Warnings)
			}
		})
	}
}

// TestBreak: 200 days after the last workout the block is stale, the
// readiness has low confidence and advises a gradual return, the ACWR is
// not defined, monotony has no value, and the weeks end with the last
// data.
func TestBreak(t *testing.T) {
	t.Parallel()
	var files []FileSummary
	for i := range 60 {
		files = append(files, planFile("d"+string(rune('A'+i%26))+string(rune('a'+i/26))+".fit",
			withHR(plainSession("running", t0.AddDate(0, 0, i), 3600), 150, 3600)))
	}
	last := t0.AddDate(0, 0, 59)
	asOf := last.AddDate(0, 0, 200)
	b := buildPlans(Options{AsOf: asOf, Now: asOf}, files...)
	r := b.Readiness
	if !b.Stale || !strings.Contains(b.StaleNote, "200 days") {
		t.Errorf("stale %v %q", b.Stale, b.StaleNote)
	}
	if r.Confidence != "low" || r.Advice != AdviceEasy || !r.Returning || r.DaysSinceWorkout != 200 ||
		!strings.Contains(r.AdviceReason, "return gradually") {
		t.Errorf("readiness %.0f %s confidence, advice %s (%s), %d days since", r.Score, r.Confidence, r.Advice, r.AdviceReason, r.DaysSinceWorkout)
	}
	lastDay := b.Days[len(b.Days)-1]
	if !math.IsNaN(lastDay.ACWR) || !math.IsNaN(lastDay.ACWREWMA) || !strings.Contains(lastDay.ACWRNote, "chronic load is below") {
		t.Errorf("as-of day: ACWR %v / %v (%q)", lastDay.ACWR, lastDay.ACWREWMA, lastDay.ACWRNote)
	}
	if !math.IsNaN(lastDay.Monotony) || !math.IsNaN(lastDay.Strain) {
		t.Errorf("as-of day: monotony %v strain %v after 200 days without load", lastDay.Monotony, lastDay.Strain)
	}
	if w := b.Weeks[len(b.Weeks)-1]; w.Start.After(last) || !b.LastWorkout.Equal(last.Truncate(24*time.Hour)) {
		t.Errorf("last week starts %v, last workout %v (want %v)", w.Start, b.LastWorkout, last)
	}
	for _, d := range b.Days {
		if d.Advice == AdviceHard && d.Date.Sub(last) >= 28*24*time.Hour {
			t.Fatalf("%v: hard advice %v after the last workout", d.Date, d.Date.Sub(last))
		}
	}
	// Back after the break: no ratio until 28 days of the new run.
	back := append(files, planFile("back.fit", withHR(plainSession("running", asOf.AddDate(0, 0, 1), 3600), 150, 3600)))
	b = buildPlans(Options{AsOf: asOf.AddDate(0, 0, 1), Now: asOf.AddDate(0, 0, 1)}, back...)
	d := b.Days[len(b.Days)-1]
	if !math.IsNaN(d.ACWR) || !strings.Contains(d.ACWRNote, "only 1 of the 28 days it needs since the break") {
		t.Errorf("day back: ACWR %v (%q)", d.ACWR, d.ACWRNote)
	}
	if b.Stale {
		t.Errorf("stale after a workout yesterday: %q", b.StaleNote)
	}
}

// TestLongSessionCaps: the fluid advice after a 10 h and a 24 h session
// stays within the safety limits (at most 5 L, at most 1 L an hour, the
// deficit taken as at most 6 % of body mass, sodium at most 6 g), each
// limit said.
func TestLongSessionCaps(t *testing.T) {
	t.Parallel()
	for _, h := range []float64{10, 24} {
		s := plainSession("running", t0, h*3600)
		s.Calories, s.AirTemp = h*700, 25
		s = withHR(s, 140, int(h*3600))
		b := buildPlans(Options{}, planFile("long.fit", s))
		fl := b.Files[0].Sessions[0].Fluid
		if fl.DrinkL > defaultPlan.MaxDrinkL || fl.DrinkL/fl.DrinkWithinH > defaultPlan.MaxIntakeLH ||
			fl.DeficitPctBM > defaultPlan.MaxDeficitPct || fl.SodiumMg > defaultPlan.MaxSodiumMg {
			t.Errorf("%.0f h: drink %.1f L within %.0f h, deficit %.1f %%, sodium %.0f mg", h, fl.DrinkL, fl.DrinkWithinH, fl.DeficitPctBM, fl.SodiumMg)
		}
		limits := strings.Join(fl.Limits, "; ")
		for _, want := range []string{"not plausible as a deficit", "capped at 5 L", "spread over 5 h", "sodium"} {
			if !strings.Contains(limits, want) {
				t.Errorf("%.0f h: limits %q, want %q", h, limits, want)
			}
		}
		if fl.SweatLossL < h*0.5 {
			t.Errorf("%.0f h: sweat loss %.1f L (the loss itself is real, only the advice is capped)", h, fl.SweatLossL)
		}
	}
}

// TestImplausibleGarminSweat: a Garmin sweat loss beyond 3 L/h is an error
// of the file; the model is used instead, with a note.
func TestImplausibleGarminSweat(t *testing.T) {
	t.Parallel()
	s := withHR(plainSession("cycling", t0, 3600), 140, 3600)
	s.Calories, s.AirTemp, s.SweatLoss = 700, 20, 9.5
	b := buildPlans(Options{}, planFile("edge.fit", s))
	fl := b.Files[0].Sessions[0].Fluid
	if fl.Source != SweatModel || !strings.Contains(strings.Join(fl.Limits, " "), "9.5 L") {
		t.Errorf("source %s, limits %q", fl.Source, fl.Limits)
	}
}

// TestProportionateRefuel: a 1-minute walk or a session that used a few
// kcal gets normal meals; implausible calories give way to the heart rate.
func TestProportionateRefuel(t *testing.T) {
	t.Parallel()
	walk := withHR(plainSession("walking", t0, 60), 75, 60)
	walk.Calories = 3
	b := buildPlans(Options{NextSessionIn: time.Hour}, planFile("walk.fit", walk))
	if r := b.Files[0].Sessions[0].Refuel; !r.Light || !math.IsNaN(r.CarbsG) || r.Window != "your next meal" {
		t.Errorf("1-min walk: %+v", r)
	}
	// 12,824 kcal in 8:35 h at 110 bpm (a real file, sex unknown): 3.6
	// times what the heart rate gives, not plausible.
	big := withHR(plainSession("cycling", t0, 30877), 110, 30877)
	big.Calories = 12824
	unknown := athlete70kg
	unknown.Sex = ""
	b = buildPlans(Options{Flags: unknown}, planFile("big.fit", big))
	r := b.Files[0].Sessions[0].Refuel
	if !strings.Contains(r.KcalSource, "implausible") || r.KcalBurned > 6000 {
		t.Errorf("big ride: %.0f kcal (%s)", r.KcalBurned, r.KcalSource)
	}
}

// TestDistancesBySport: the week's kilometres are kept by sport.
func TestDistancesBySport(t *testing.T) {
	t.Parallel()
	run := plainSession("running", t0, 3600)
	run.Distance = 12000
	ride := plainSession("cycling", t0.Add(3*time.Hour), 7200)
	ride.Distance = 60000
	b := buildPlans(Options{}, planFile("r.fit", run), planFile("b.fit", ride))
	w := b.Weeks[0]
	if w.Distance != (Distances{Run: 12000, Bike: 60000}) || b.Totals.Distance != w.Distance {
		t.Errorf("week %+v, totals %+v", w.Distance, b.Totals.Distance)
	}
}

// TestDeviceHeight: a device height outside 1.0–2.5 m is not used, with a
// warning naming the file; the earlier plausible one is then the latest,
// and without one the default is. A height of 0 (never filled in) is no
// height and no warning.
func TestDeviceHeight(t *testing.T) {
	t.Parallel()
	run := plainSession("running", day("2026-09-20"), 1800)
	file := func(path string, ds ...DeviceValues) FileSummary {
		f := planFile(path, run)
		for _, d := range ds {
			d.Path = path
			f.DeviceValues = append(f.DeviceValues, d)
		}
		return f
	}
	for _, c := range []struct {
		name string
		ds   []DeviceValues
		want float64
		src  Source
		warn string
	}{
		{"plausible", []DeviceValues{upHeight("2026-09-01", 1.78)}, 1.78, SourceDevice, ""},
		{"centimetres as metres", []DeviceValues{upHeight("2026-09-01", 178)}, 1.75, SourceDefault,
			"a.fit: user_profile height 178 m is outside 1–2.5 m: not used"},
		{"too short", []DeviceValues{upHeight("2026-09-01", 1.78), upHeight("2026-09-10", 0.5)}, 1.78, SourceDevice,
			"a.fit: user_profile height 0.5 m is outside 1–2.5 m: not used"},
		{"too tall, the earlier one used", []DeviceValues{upHeight("2026-09-01", 1.64), upHeight("2026-09-10", 2.6)}, 1.64, SourceDevice,
			"height 2.6 m is outside"},
		{"zero", []DeviceValues{upHeight("2026-09-01", 0)}, 1.75, SourceDefault, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := Build([]FileSummary{file("a.fit", c.ds...)}, Options{})
			if h := b.Athlete.Height; !closeTo(h.V, c.want, 1e-12) || h.Source != c.src {
				t.Errorf("height %v (%s, %s), want %v (%s)", h.V, h.Source, h.Note, c.want, c.src)
			}
			var warns []string
			for _, w := range b.Warnings {
				warns = append(warns, w.Error())
			}
			if got := strings.Join(warns, "\n"); c.warn == "" && got != "" || !strings.Contains(got, c.warn) {
				t.Errorf("warnings %q, want one with %q", got, c.warn)
			}
		})
	}
}
