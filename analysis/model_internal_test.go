package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bounceback/bounceback/fitparse"

	"github.com/bounceback/bounceback/analysis/load"
)

// history returns a generated training history of days days from
// 2024-01-01 (UTC+2): on most days a run or a ride of 30–150 minutes with a
// heart-rate histogram (easy, tempo, threshold or intervals; about one in
// ten days a second session), a third of them with Garmin's recovery time,
// and every morning a wellness file with Garmin's overnight HRV, resting
// heart rate and sleep score. The same days and seed give the same
// history.
func history(days int, seed uint64) []FileSummary {
	r := rand.New(rand.NewPCG(seed, 1))
	first := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(-2 * time.Hour) // local midnight
	var files []FileSummary
	file := func(start time.Time) FileSummary {
		return FileSummary{FileID: fitparse.FileID{Type: "activity"}, Path: fmt.Sprintf("gen/%s.fit", start.Format("2006-01-02-15-04")), Status: fitparse.OK, LocalOffset: 2 * time.Hour, HasLocalOffset: true}
	}
	for d := range days {
		day := first.AddDate(0, 0, d)
		w := file(day.Add(7 * time.Hour))
		w.Type = "wellness"
		at := day.Add(6*time.Hour + 30*time.Minute)
		nan := math.NaN()
		base := fitparse.Wellness{RMSSD: nan, WeeklyRMSSD: nan, BaselineLow: nan, BaselineHigh: nan, SleepScore: nan, RestingHR: nan}
		hrv, sleep, rest := base, base, base
		hrv.Kind, hrv.Time, hrv.RMSSD, hrv.Status = fitparse.WellnessHRVStatus, at, 55+10*r.NormFloat64(), "balanced"
		sleep.Kind, sleep.Time, sleep.SleepScore = fitparse.WellnessSleep, at, math.Round(75+10*r.NormFloat64())
		rest.Kind, rest.Time, rest.RestingHR = fitparse.WellnessRestingHR, day, math.Round(48+2*r.NormFloat64())
		w.WellnessValues = []fitparse.Wellness{hrv, sleep, rest}
		w.Wellness = 3
		files = append(files, w)
		if r.IntN(7) == 0 {
			continue // a rest day
		}
		for k := range 1 + b2i(r.IntN(10) == 0) {
			start := day.Add(time.Duration(6+k*10+r.IntN(4)) * time.Hour)
			f := file(start)
			s := generatedSession(r, start)
			f.Sessions = []SessionSummary{s}
			files = append(files, f)
		}
	}
	return files
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// generatedSession returns a session at start whose heart rate spreads
// around an intensity drawn at random.
func generatedSession(r *rand.Rand, start time.Time) SessionSummary {
	nan := math.NaN()
	mins := 30 + 120*r.Float64()
	center := []float64{130, 140, 150, 160, 168}[r.IntN(5)]
	h := make(load.Histogram, 200)
	for range int(mins) {
		b := int(math.Round(center + 6*r.NormFloat64()))
		h[min(max(b, 60), 199)] += 60
	}
	sport := "running"
	if r.IntN(3) == 0 {
		sport = "cycling"
	}
	rec := nan
	if r.IntN(3) == 0 {
		rec = 600 + 1800*r.Float64()
	}
	return SessionSummary{Session: fitparse.Session{Sport: sport, Start: start.UTC(), Timer: mins * 60, Elapsed: mins*60 + 30, Distance: mins * 180, Calories: nan, AvgHR: h.Mean(), MaxHR: center + 15, AvgTemp: nan, MaxTemp: nan, AerobicTE: nan, AnaerobicTE: nan, EPOC: nan, RPE: nan, Feel: nan, SweatLoss: nan, AvgPower: nan}, Measures: Measures{RecoveryTime: rec, GarminVO2max: nan, AirTemp: nan, Humidity: nan, HRSamples: int(mins * 60), HRHist: h, HRTime: h.Seconds(), TraceAvgHR: h.Mean(), Structure: Structure{Decoupling: nan, Drift: nan, HRRecovery: nan, Max5s: nan}}, Metrics: Metrics{TRIMP: nan, HRSS: nan, Edwards: nan, SRPE: nan}}
}

var athleteFlags = ProfileInput{HRMax: 190, HRRest: 48, LTHR: 170, Mass: math.NaN(), Age: math.NaN()}

// TestNoLookAhead: a day's load model and readiness do not change when
// sessions and wellness values after it are added.
func TestNoLookAhead(t *testing.T) {
	t.Parallel()
	files := history(120, 7)
	full := Build(files, Options{Flags: athleteFlags})
	if len(full.Days) != 120 {
		t.Fatalf("%d days, want 120", len(full.Days))
	}
	r := rand.New(rand.NewPCG(3, 3))
	for range 6 {
		cut := full.Days[r.IntN(len(full.Days))].Date
		// Only what was known at the end of the cut day.
		var known []FileSummary
		for _, f := range files {
			if f.Sessions != nil {
				if local, _ := f.Local(f.Sessions[0].Start); civilDay(local).After(cut) {
					continue
				}
			} else if f.WellnessValues[0].Time.Add(f.LocalOffset).After(cut.AddDate(0, 0, 1)) {
				continue
			}
			known = append(known, f)
		}
		for _, part := range []*Block{Build(known, Options{Flags: athleteFlags}), Build(files, Options{Flags: athleteFlags, AsOf: cut})} {
			if len(part.Days) == 0 || !part.Days[len(part.Days)-1].Date.Equal(cut) {
				t.Fatalf("cut %s: days end on %v", cut.Format(time.DateOnly), part.Days[len(part.Days)-1].Date)
			}
			for i, d := range part.Days {
				if diff := dayDiff(d, full.Days[i]); diff != "" {
					t.Errorf("cut %s: day %s: %s", cut.Format(time.DateOnly), d.Date.Format(time.DateOnly), diff)
					break
				}
			}
			if got, want := part.Readiness.Score, full.Days[len(part.Days)-1].Readiness; !sameFloat(got, want) {
				t.Errorf("cut %s: readiness %v, the full history's day says %v", cut.Format(time.DateOnly), got, want)
			}
		}
	}
}

// dayDiff names the first field where two days differ.
func dayDiff(a, b Day) string {
	for _, f := range []struct {
		name string
		x, y float64
	}{
		{"load", a.Load, b.Load}, {"CTL", a.CTL, b.CTL}, {"ATL", a.ATL, b.ATL}, {"TSB", a.TSB, b.TSB},
		{"ramp", a.Ramp, b.Ramp}, {"ACWR", a.ACWR, b.ACWR}, {"ACWR EWMA", a.ACWREWMA, b.ACWREWMA},
		{"monotony", a.Monotony, b.Monotony}, {"strain", a.Strain, b.Strain},
		{"recovery owed", a.RecoveryOwedH, b.RecoveryOwedH}, {"Garmin's recovery owed", a.GarminRecoveryOwedH, b.GarminRecoveryOwedH},
		{"readiness", a.Readiness, b.Readiness}, {"rest days", a.RestDays, b.RestDays},
	} {
		if !sameFloat(f.x, f.y) {
			return fmt.Sprintf("%s %v, with later data %v", f.name, f.x, f.y)
		}
	}
	if a.Advice != b.Advice || a.Form != b.Form || a.Sessions != b.Sessions {
		return fmt.Sprintf("advice %s form %s sessions %d, with later data %s %s %d", a.Advice, a.Form, a.Sessions,
			b.Advice, b.Form, b.Sessions)
	}
	return ""
}

// TestHistoryModel checks the generated history's model as a whole: every
// day's values finite (or NaN where documented), week loads adding up to
// the days', and all-data weights with the wellness files.
func TestHistoryModel(t *testing.T) {
	t.Parallel()
	b := Build(history(730, 1), Options{Flags: athleteFlags})
	if len(b.Days) != 730 {
		t.Fatalf("%d days, want 730", len(b.Days))
	}
	var sessions int
	var dayLoad, weekLoad float64
	for i, d := range b.Days {
		sessions += d.Sessions
		dayLoad += d.Load
		for name, v := range map[string]float64{"load": d.Load, "CTL": d.CTL, "ATL": d.ATL, "TSB": d.TSB,
			"owed": d.RecoveryOwedH, "readiness": d.Readiness, "rest days": d.RestDays} {
			if !has(v) {
				t.Fatalf("day %d: %s is %v", i, name, v)
			}
		}
		if i >= 27 && !has(d.ACWR) || i >= 6 && !has(d.Monotony) {
			t.Fatalf("day %d: ACWR %v monotony %v", i, d.ACWR, d.Monotony)
		}
	}
	for _, w := range b.Weeks {
		weekLoad += w.Load
	}
	if sessions < 600 || math.Abs(dayLoad-weekLoad) > 1e-6*dayLoad {
		t.Errorf("%d sessions; load %v by day, %v by week", sessions, dayLoad, weekLoad)
	}
	if r := b.Readiness; r == nil || r.Weights != weightsAllData || r.Confidence != "high" {
		t.Errorf("readiness %+v", r)
	}
}

// BenchmarkBlockModel measures the load model and the readiness of every
// day over a generated two-year history (about 700 sessions): "build" is
// the whole of Build, "model" the load model and readiness alone.
func BenchmarkBlockModel(b *testing.B) {
	files := history(730, 1)
	opts := Options{Flags: athleteFlags}
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Build(files, opts)
		}
	})
	b.Run("model", func(b *testing.B) {
		blk := Build(files, opts)
		r := newResolver(opts.Flags, opts.File, nil, map[string]float64{})
		b.ReportAllocs()
		for b.Loop() {
			blockModel(blk.Files, files, blk.Daily, blk.DailySources, r, defaultClassThresholds, opts)
		}
	})
}
