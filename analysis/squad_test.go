package analysis

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/bounceback/bounceback/fitparse"
)

// squadAsOf is the as-of day of the squad tests.
var squadAsOf = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

// squadDays returns n days ending on squadAsOf, each with load, a session
// on the days workout says and NaN ACWR and TSB.
func squadDays(n int, load float64, workout func(i int) bool) []Day {
	days := make([]Day, n)
	for i := range days {
		days[i] = Day{Date: squadAsOf.AddDate(0, 0, i-n+1), ACWR: math.NaN(), TSB: math.NaN()}
		if workout(i) {
			days[i].Load, days[i].Sessions = load, 1
		}
	}
	return days
}

func every(int) bool { return true }

// squadDaily returns the daily series of the last n days with a 7-day HRV
// mean of hrv against the range 4.0–4.2 ln ms and a resting HR of 50.
func squadDaily(n int, hrv func(i int) float64) []Daily {
	ds := make([]Daily, n)
	for i := range ds {
		v := hrv(i)
		status := RangeNormal
		if v < 4.0 {
			status = RangeBelow
		}
		ds[i] = Daily{Date: squadAsOf.AddDate(0, 0, i-n+1), HRVMean7: v, HRVLow: 4.0, HRVHigh: 4.2,
			HRVStatus: status, RestingHR: 50}
	}
	return ds
}

func TestSquadRow(t *testing.T) {
	spike := squadDays(28, 50, every)
	spike[len(spike)-1].ACWR, spike[len(spike)-1].TSB = 1.6, -20
	calm := squadDays(28, 50, every)
	calm[len(calm)-1].ACWR = SpikeACWR // at the threshold: no spike
	back := squadDays(40, 50, func(i int) bool { return i < 10 || i > 30 })
	long := squadDays(40, 50, func(i int) bool { return i < 10 || i == 39 })
	old := squadDays(60, 50, func(i int) bool { return i < 20 || i == 30 })
	low2 := func(i int) float64 {
		if i >= 8 {
			return 3.9
		}
		return 4.1
	}
	low1 := func(i int) float64 {
		if i == 9 {
			return 3.9
		}
		return 4.1
	}
	for _, c := range []struct {
		name  string
		b     *Block
		flags []SquadFlag
		check func(t *testing.T, s SquadSummary)
	}{
		{"no data", &Block{}, []SquadFlag{FlagNoData}, func(t *testing.T, s SquadSummary) {
			if !math.IsNaN(s.Readiness) || !math.IsNaN(s.Load7) || s.DaysSince != -1 || s.Confidence != "" {
				t.Errorf("got %+v, want every value absent", s)
			}
		}},
		{"steady", &Block{Days: squadDays(28, 50, every), Daily: squadDaily(10, func(int) float64 { return 4.1 })}, nil,
			func(t *testing.T, s SquadSummary) {
				if s.Load7 != 350 || s.LoadPrev7 != 350 || s.LoadChange != 0 {
					t.Errorf("load %v, previous %v, change %v; want 350, 350, 0", s.Load7, s.LoadPrev7, s.LoadChange)
				}
				if s.HRV != 4.1 || s.HRVStatus != RangeNormal || s.RestingHR != 50 {
					t.Errorf("HRV %v %v, resting HR %v", s.HRV, s.HRVStatus, s.RestingHR)
				}
			}},
		{"short block", &Block{Days: squadDays(10, 50, every)}, nil, func(t *testing.T, s SquadSummary) {
			if s.Load7 != 350 || !math.IsNaN(s.LoadPrev7) || !math.IsNaN(s.LoadChange) {
				t.Errorf("load %v, previous %v, change %v; want 350 and absent", s.Load7, s.LoadPrev7, s.LoadChange)
			}
		}},
		{"load doubled", &Block{Days: squadDays(14, 50, func(i int) bool { return i >= 7 || i%2 == 0 })}, nil,
			func(t *testing.T, s SquadSummary) {
				if s.Load7 != 350 || s.LoadPrev7 != 200 || s.LoadChange != 75 {
					t.Errorf("load %v, previous %v, change %v; want 350, 200, +75 %%", s.Load7, s.LoadPrev7, s.LoadChange)
				}
			}},
		{"spike", &Block{Days: spike}, []SquadFlag{FlagLoadSpike}, func(t *testing.T, s SquadSummary) {
			if s.ACWR != 1.6 || s.TSB != -20 {
				t.Errorf("ACWR %v, TSB %v", s.ACWR, s.TSB)
			}
		}},
		{"at the spike threshold", &Block{Days: calm}, nil, nil},
		{"back after a break", &Block{Days: back}, []SquadFlag{FlagReturning}, nil},
		{"back yesterday", &Block{Days: long}, []SquadFlag{FlagReturning}, nil},
		{"back long ago", &Block{Days: old, Stale: true}, []SquadFlag{FlagStale}, nil},
		{"gone quiet", &Block{Days: squadDays(40, 50, func(i int) bool { return i < 5 }), Stale: true,
			Readiness: &Readiness{Score: 90, Returning: true, Confidence: "low"}},
			[]SquadFlag{FlagReturning, FlagStale}, nil},
		{"HRV low two days", &Block{Days: squadDays(28, 50, every), Daily: squadDaily(10, low2)}, []SquadFlag{FlagHRVLow}, nil},
		{"HRV low one day", &Block{Days: squadDays(28, 50, every), Daily: squadDaily(10, low1)}, nil, nil},
		{"old HRV", &Block{Days: squadDays(28, 50, every), Daily: squadDaily(20, low2)[:10]}, nil,
			func(t *testing.T, s SquadSummary) {
				if !math.IsNaN(s.HRV) || !math.IsNaN(s.RestingHR) {
					t.Errorf("HRV %v, resting HR %v from more than %d days ago", s.HRV, s.RestingHR, RecentDays)
				}
			}},
		{"readiness", &Block{Days: squadDays(28, 50, every), Readiness: &Readiness{Score: 55, Band: bandModerate,
			Confidence: "medium", Advice: AdviceEasy, LoadMetric: LoadTRIMP,
			Limiting: []ContributorID{ContribHRV, ContribSleep, ContribLoad}}}, nil,
			func(t *testing.T, s SquadSummary) {
				if s.Readiness != 55 || s.Band != bandModerate || s.Confidence != "medium" || s.Advice != AdviceEasy ||
					!slices.Equal(s.HeldBack, []ContributorID{ContribHRV, ContribSleep}) {
					t.Errorf("got %+v", s)
				}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := SquadRow("x", c.b, squadAsOf)
			if !slices.Equal(s.Flags, c.flags) {
				t.Errorf("flags %v, want %v", s.Flags, c.flags)
			}
			if c.check != nil {
				c.check(t, s)
			}
		})
	}
}

// TestSquadRowLastSession: the last counted workout up to the as-of day,
// not an HRV reading, a duplicate or a later session.
func TestSquadRowLastSession(t *testing.T) {
	at := func(day int, sport string) SessionSummary {
		var s SessionSummary
		s.Start = squadAsOf.AddDate(0, 0, day).Add(7 * time.Hour)
		s.Sport = sport
		s.Class.Class = Tempo
		return s
	}
	reading := at(0, "training")
	reading.Class.Reading = true
	dup := at(-1, "swimming")
	dup.DuplicateOf = &Duplicate{}
	b := &Block{Days: squadDays(10, 50, every), Files: []FileSummary{
		{Status: fitparse.OK, Sessions: []SessionSummary{at(-3, "running"), at(-2, "cycling"), at(1, "running")}},
		{Status: fitparse.OK, Sessions: []SessionSummary{reading, dup}},
	}}
	s := SquadRow("x", b, squadAsOf)
	if want := squadAsOf.AddDate(0, 0, -2); !s.LastSession.Equal(want) || s.LastSport != "cycling" ||
		s.LastClass != Tempo.String() || s.DaysSince != 2 {
		t.Errorf("last %v %s %s, %d days since; want %v cycling tempo, 2", s.LastSession, s.LastSport, s.LastClass, s.DaysSince, want)
	}
}
