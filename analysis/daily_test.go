package analysis

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis/hrv"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/approx"
	"github.com/bounceback/bounceback/internal/fitgen"
	"gonum.org/v1/gonum/floats/scalar"
)

// sameFloats compares two series, NaN equal to NaN.
func sameFloats(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if math.IsNaN(w) != math.IsNaN(g) || (!math.IsNaN(w) && !scalar.EqualWithinAbsOrRel(g, w, 1e-12, 1e-12)) {
			t.Errorf("%s[%d] = %v, want %v", name, i, g, w)
		}
	}
}

// TestRollingBaseline checks the 7-day mean and the normal range against
// closed forms on hand-made series.
func TestRollingBaseline(t *testing.T) {
	t.Parallel()
	r2 := math.Sqrt(2)
	r25 := math.Sqrt(2.5)
	tests := []struct {
		name           string
		xs             []float64
		bl             baselines
		mean, lo, hi   []float64
		wantFirstRange int
	}{
		{
			name: "arithmetic",
			xs:   []float64{1, 2, 3, 4, 5, 6, 7},
			bl:   baselines{Short: 3, ShortMin: 2, Long: 5, LongMin: 3, SWC: 0.5},
			// mean of the last 3 days, at least 2 values
			mean: []float64{nan, 1.5, 2, 3, 4, 5, 6},
			// last 5 days, at least 3 values: {1,2,3} → 2 ± 0.5·1;
			// {1..4} → 2.5 ± 0.5·sqrt(5/3); {1..5} → 3 ± 0.5·sqrt(2.5) ...
			lo: []float64{nan, nan, 1.5, 2.5 - 0.5*math.Sqrt(5.0/3), 3 - 0.5*r25, 4 - 0.5*r25, 5 - 0.5*r25},
			hi: []float64{nan, nan, 2.5, 2.5 + 0.5*math.Sqrt(5.0/3), 3 + 0.5*r25, 4 + 0.5*r25, 5 + 0.5*r25},
		},
		{
			name: "gaps",
			xs:   []float64{2, nan, 4, nan, nan, 6},
			bl:   baselines{Short: 3, ShortMin: 2, Long: 4, LongMin: 2, SWC: 1},
			mean: []float64{nan, nan, 3, nan, nan, nan},
			// {2,4} → 3 ± sqrt(2) on days 2 and 3 (day 0 still in the
			// window); {4} on day 4 is too few; {4,6} on day 5.
			lo: []float64{nan, nan, 3 - r2, 3 - r2, nan, 5 - r2},
			hi: []float64{nan, nan, 3 + r2, 3 + r2, nan, 5 + r2},
		},
		{
			name: "published defaults",
			xs:   repeated(20, 4.2),
			bl:   defaultBaselines,
			mean: append(repeated(2, nan), repeated(18, 4.2)...),
			lo:   append(repeated(13, nan), repeated(7, 4.2)...),
			hi:   append(repeated(13, nan), repeated(7, 4.2)...),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mean, lo, hi := rollingBaseline(tt.xs, tt.bl)
			sameFloats(t, "mean", mean, tt.mean)
			sameFloats(t, "low", lo, tt.lo)
			sameFloats(t, "high", hi, tt.hi)
		})
	}
}

// repeated returns n copies of v.
func repeated(n int, v float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = v
	}
	return xs
}

// TestRollingBaselineNoLookAhead changes the future and checks that no
// earlier day's baseline moves.
func TestRollingBaselineNoLookAhead(t *testing.T) {
	t.Parallel()
	xs := make([]float64, 90)
	for i := range xs {
		xs[i] = 4 + 0.1*math.Sin(float64(i))
	}
	m0, l0, h0 := rollingBaseline(xs, defaultBaselines)
	for cut := 20; cut < len(xs); cut += 17 {
		ys := append([]float64(nil), xs...)
		for k := cut; k < len(ys); k++ {
			ys[k] = 10 * ys[k]
		}
		m, l, h := rollingBaseline(ys, defaultBaselines)
		sameFloats(t, "mean", m[:cut], m0[:cut])
		sameFloats(t, "low", l[:cut], l0[:cut])
		sameFloats(t, "high", h[:cut], h0[:cut])
		if m[cut] == m0[cut] {
			t.Errorf("day %d: changing it did not change its mean", cut)
		}
	}
}

// jan is midnight UTC of January d, 2026.
func jan(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }

// morningFile is a morning reading file: one session classified as an HRV
// reading, started at local 06:30 on day d (UTC+1).
func morningFile(d int, ln, hr float64) FileSummary {
	return FileSummary{
		LocalOffset: time.Hour, HasLocalOffset: true,
		Sessions: []SessionSummary{{Session: fitparse.Session{Start: jan(d).Add(5*time.Hour + 30*time.Minute)}, Measures: Measures{HRV: &hrv.Session{LnRMSSD: ln, RMSSD: math.Exp(ln), MeanHR: hr}}, Metrics: Metrics{Class: Classification{Reading: true}}}},
	}
}

// nightFile is a wellness file with Garmin's overnight HRV (ms) and resting
// heart rate for day d, stamped as Garmin does (UTC+1).
func nightFile(d int, rmssd, rest float64) FileSummary {
	w := func(k fitparse.WellnessKind, t time.Time) fitparse.Wellness {
		return fitparse.Wellness{Kind: k, Time: t, RMSSD: nan, WeeklyRMSSD: nan, BaselineLow: nan,
			BaselineHigh: nan, SleepScore: nan, RestingHR: nan}
	}
	st := w(fitparse.WellnessHRVStatus, jan(d).Add(5*time.Hour+25*time.Minute))
	st.RMSSD, st.BaselineLow, st.BaselineHigh, st.Status = rmssd, 40, 60, "balanced"
	rh := w(fitparse.WellnessRestingHR, jan(d).Add(-time.Hour)) // local midnight
	rh.RestingHR = rest
	return FileSummary{LocalOffset: time.Hour, HasLocalOffset: true,
		WellnessValues: []fitparse.Wellness{st, rh}}
}

// TestDailySources checks the one-source rule: with both morning readings
// and Garmin's overnight HRV, the series takes the source with more days,
// names it, and keeps the other apart.
func TestDailySources(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		files          []FileSummary
		hrv, otherHRV  string
		rest, otherRst string
		// ln and other are the expected LnRMSSD and OtherLnRMSSD from
		// day 1 on.
		ln, other []float64
	}{
		{
			name: "more mornings",
			files: []FileSummary{morningFile(1, 4, 50), morningFile(2, 4.1, 51), morningFile(3, 4.2, 52),
				nightFile(2, 30, 45), nightFile(3, 40, 46)},
			hrv: dailyMorning, otherHRV: dailyOvernight,
			rest: dailyReadingHR, otherRst: dailyMonitoring,
			ln:    []float64{4, 4.1, 4.2},
			other: []float64{nan, math.Log(30), math.Log(40)},
		},
		{
			name: "more nights",
			files: []FileSummary{morningFile(2, 4.1, 51), nightFile(1, 20, 45), nightFile(2, 30, 45),
				nightFile(4, 40, 46)},
			hrv: dailyOvernight, otherHRV: dailyMorning,
			rest: dailyMonitoring, otherRst: dailyReadingHR,
			ln:    []float64{math.Log(20), math.Log(30), nan, math.Log(40)},
			other: []float64{nan, 4.1, nan, nan},
		},
		{
			name:  "tie",
			files: []FileSummary{morningFile(1, 4, 50), nightFile(2, 30, 45)},
			hrv:   dailyMorning, otherHRV: dailyOvernight,
			rest: dailyMonitoring, otherRst: dailyReadingHR,
			ln:    []float64{4, nan},
			other: []float64{nan, math.Log(30)},
		},
		{
			name:  "two readings a day",
			files: []FileSummary{morningFile(1, 4, 50), morningFile(1, 4.4, 54)},
			hrv:   dailyMorning, rest: dailyReadingHR,
			ln:    []float64{4.2},
			other: []float64{nan},
		},
		{
			name:  "overnight only",
			files: []FileSummary{nightFile(1, 20, 45)},
			hrv:   dailyOvernight, rest: dailyMonitoring,
			ln:    []float64{math.Log(20)},
			other: []float64{nan},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, src := dailySeries(tt.files, defaultBaselines)
			if src.HRV != tt.hrv || src.OtherHRV != tt.otherHRV || src.RestingHR != tt.rest || src.OtherRestingHR != tt.otherRst {
				t.Errorf("sources %+v, want HRV %q (other %q), resting HR %q (other %q)",
					src, tt.hrv, tt.otherHRV, tt.rest, tt.otherRst)
			}
			if len(days) != len(tt.ln) || !days[0].Date.Equal(jan(1)) {
				t.Fatalf("%d days from %v, want %d from %v", len(days), days[0].Date, len(tt.ln), jan(1))
			}
			var ln, other []float64
			for i, d := range days {
				if want := jan(1 + i); !d.Date.Equal(want) {
					t.Errorf("day %d is %v, want %v", i, d.Date, want)
				}
				ln, other = append(ln, d.LnRMSSD), append(other, d.OtherLnRMSSD)
			}
			sameFloats(t, "LnRMSSD", ln, tt.ln)
			sameFloats(t, "OtherLnRMSSD", other, tt.other)
		})
	}
}

// TestDailyDays checks which local day each value counts on.
func TestDailyDays(t *testing.T) {
	t.Parallel()
	w := func(k fitparse.WellnessKind, t time.Time, v float64) fitparse.Wellness {
		x := fitparse.Wellness{Kind: k, Time: t, RMSSD: nan, WeeklyRMSSD: nan, BaselineLow: nan,
			BaselineHigh: nan, SleepScore: nan, RestingHR: nan}
		switch k {
		case fitparse.WellnessHRVStatus, fitparse.WellnessHRVValue:
			x.RMSSD = v
		case fitparse.WellnessSleep:
			x.SleepScore = v
		case fitparse.WellnessRestingHR:
			x.RestingHR = v
		}
		return x
	}
	utc := func(d, h, m int) time.Time {
		return jan(d).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	tests := []struct {
		name      string
		offset    time.Duration
		hasOffset bool
		v         fitparse.Wellness
		want      time.Time
	}{
		// Garmin stamps monitoring_hr_data at local midnight.
		{"resting UTC+2", 2 * time.Hour, true, w(fitparse.WellnessRestingHR, utc(9, 22, 0), 50), jan(10)},
		{"resting UTC-5", -5 * time.Hour, true, w(fitparse.WellnessRestingHR, utc(10, 5, 0), 50), jan(10)},
		{"resting UTC+2 unknown", 0, false, w(fitparse.WellnessRestingHR, utc(9, 22, 0), 50), jan(10)},
		{"resting UTC-5 unknown", 0, false, w(fitparse.WellnessRestingHR, utc(10, 5, 0), 50), jan(10)},
		// Overnight values belong to the morning they end on.
		{"status wake-up UTC+2", 2 * time.Hour, true, w(fitparse.WellnessHRVStatus, utc(10, 4, 25), 60), jan(10)},
		{"status wake-up UTC+10", 10 * time.Hour, true, w(fitparse.WellnessHRVStatus, utc(9, 20, 25), 60), jan(10)},
		{"status wake-up UTC+10 unknown", 0, false, w(fitparse.WellnessHRVStatus, utc(9, 20, 25), 60), jan(10)},
		{"status wake-up UTC-7", -7 * time.Hour, true, w(fitparse.WellnessHRVStatus, utc(10, 13, 25), 60), jan(10)},
		{"5-min value before midnight", 2 * time.Hour, true, w(fitparse.WellnessHRVValue, utc(9, 21, 35), 60), jan(10)},
		{"5-min value after midnight", 2 * time.Hour, true, w(fitparse.WellnessHRVValue, utc(9, 23, 35), 60), jan(10)},
		{"sleep at wake-up", 2 * time.Hour, true, w(fitparse.WellnessSleep, utc(10, 4, 25), 80), jan(10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := FileSummary{LocalOffset: tt.offset, HasLocalOffset: tt.hasOffset,
				WellnessValues: []fitparse.Wellness{tt.v}}
			days, _ := dailySeries([]FileSummary{f}, defaultBaselines)
			if len(days) != 1 || !days[0].Date.Equal(tt.want) {
				var got []time.Time
				for _, d := range days {
					got = append(got, d.Date)
				}
				t.Fatalf("days %v, want %v", got, tt.want)
			}
		})
	}

	// A reading at 21:00 UTC is the next morning at UTC+10; the days
	// between it and a later value are present, with NaN.
	r := morningFile(0, 4, 50)
	r.LocalOffset = 10 * time.Hour
	r.Sessions[0].Start = utc(9, 21, 0)
	days, _ := dailySeries([]FileSummary{r, morningFile(13, 4.1, 51)}, defaultBaselines)
	if len(days) != 4 || !days[0].Date.Equal(jan(10)) || days[0].LnRMSSD != 4 || days[0].Readings != 1 {
		t.Fatalf("days %+v, want 4 from %v", days, jan(10))
	}
	for _, d := range days[1:3] {
		if !math.IsNaN(d.LnRMSSD) || !math.IsNaN(d.RestingHR) || !math.IsNaN(d.SleepScore) || d.Readings != 0 {
			t.Errorf("%v: %+v, want no values", d.Date, d)
		}
	}
}

// TestBlockDaily runs the generated block through the public pipeline:
// its morning readings give a normal range, and through the overload
// week the 7-day ln RMSSD falls below it while resting heart rate rises
// above its own.
func TestBlockDaily(t *testing.T) {
	t.Parallel()
	b := Build(scanBlock(t), Options{})
	src := b.DailySources
	want := DailySources{HRV: dailyMorning, OtherHRV: dailyOvernight,
		RestingHR: dailyReadingHR, OtherRestingHR: dailyMonitoring,
		Sleep: dailySleepAssessment}
	if !reflect.DeepEqual(src, want) {
		t.Errorf("sources %+v, want %+v", src, want)
	}
	date := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	start := date(fitgen.BlockStart)
	if len(b.Daily) == 0 || !b.Daily[0].Date.Equal(start) {
		t.Fatalf("daily series starts %v, want %v", b.Daily, start)
	}
	if n := len(b.Daily); n != fitgen.BlockWeeks*7 {
		t.Errorf("%d days, want %d", n, fitgen.BlockWeeks*7)
	}
	overload := start.AddDate(0, 0, (fitgen.OverloadWeek-1)*7)
	var ranged, hrvBelow, restAbove, garmin, sleep int
	for i, d := range b.Daily {
		if !d.Date.Equal(start.AddDate(0, 0, i)) {
			t.Fatalf("day %d is %v", i, d.Date)
		}
		if !math.IsNaN(d.SleepScore) {
			sleep++
		}
		if d.GarminStatus != "" {
			garmin++
		}
		if d.Date.Before(overload) {
			if !math.IsNaN(d.HRVLow) {
				ranged++
				if !(d.HRVLow < d.HRVHigh) || d.HRVLow < 3.9 || d.HRVHigh > 4.5 {
					t.Errorf("%v: normal range %.3f–%.3f, want around 4.2", d.Date, d.HRVLow, d.HRVHigh)
				}
			}
			continue
		}
		if d.Date.Before(overload.AddDate(0, 0, 7)) {
			if d.HRVMean7 < d.HRVLow {
				hrvBelow++
			}
			if d.RestingMean7 > d.RestingHigh {
				restAbove++
			}
			if math.IsNaN(d.OtherLnRMSSD) || !(d.OtherLnRMSSD < d.LnRMSSD) {
				t.Errorf("%v: overnight ln RMSSD %v beside morning %v: want it kept apart (0.2 lower)", d.Date, d.OtherLnRMSSD, d.LnRMSSD)
			}
		}
	}
	t.Logf("%d days with a normal range before the overload week; in it %d days of HRV below, %d of resting HR above; %d Garmin days, %d sleep scores",
		ranged, hrvBelow, restAbove, garmin, sleep)
	if ranged < 7 {
		t.Errorf("%d days with a normal range before the overload week, want at least 7", ranged)
	}
	if hrvBelow < 3 {
		t.Errorf("overload week: 7-day ln RMSSD below the normal range on %d days, want at least 3", hrvBelow)
	}
	if restAbove < 3 {
		t.Errorf("overload week: 7-day resting HR above its range on %d days, want at least 3", restAbove)
	}
	if garmin != 21 || sleep != 21 {
		t.Errorf("%d days with Garmin's HRV status and %d with a sleep score, want 21 each (weeks 5–7)", garmin, sleep)
	}
}

// TestRollingBaselineShort shows the 7-day mean and the normal range on a
// short series with a 3-day baseline and a 5-day range.
func TestRollingBaselineShort(t *testing.T) {
	t.Parallel()
	ln := []float64{4.2, 4.1, math.NaN(), 4.3, 4.0, 3.8}
	bl := baselines{Short: 3, ShortMin: 2, Long: 5, LongMin: 3, SWC: 0.5}
	mean, low, high := rollingBaseline(ln, bl)
	var got strings.Builder
	for i := range ln {
		fmt.Fprintf(&got, "day %d: %.2f  mean %.3f  range %.3f–%.3f\n", i, ln[i], mean[i], low[i], high[i])
	}
	want := `day 0: 4.20  mean NaN  range NaN–NaN
day 1: 4.10  mean 4.150  range NaN–NaN
day 2: NaN  mean 4.150  range NaN–NaN
day 3: 4.30  mean 4.200  range 4.150–4.250
day 4: 4.00  mean 4.150  range 4.085–4.215
day 5: 3.80  mean 4.033  range 3.946–4.154
`
	if got.String() != want {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want)
	}
}

// exportFile is one JSON file of Garmin's account export with the given
// records.
func exportFile(e fitparse.Export) FileSummary {
	return FileSummary{Path: "DI_CONNECT/" + string(e.Kind) + ".json", Export: &e}
}

func nanHealth(d int) fitparse.HealthStatus {
	return fitparse.HealthStatus{Date: jan(d), HRV: nan, HRVLow: nan, HRVHigh: nan, RestingHR: nan, RestingLow: nan,
		RestingHigh: nan, Respiration: nan, RespirationLow: nan, RespirationHigh: nan, SkinTemp: nan,
		SkinTempLow: nan, SkinTempHigh: nan, SpO2: nan, SpO2Low: nan, SpO2High: nan}
}

func nanDay(d int) fitparse.DaySummary {
	return fitparse.DaySummary{Date: jan(d), RestingHR: nan, MinHR: nan, MaxHR: nan, Stress: nan, StressAsleep: nan,
		StressAwake: nan, BBStart: nan, BBEnd: nan, BBHigh: nan, BBLow: nan, BBCharged: nan, BBDrained: nan,
		Steps: nan, Respiration: nan, HydrationL: nan, SweatLossL: nan}
}

// TestDailyExport checks the daily series built from the account
// export's JSON beside the wellness FIT files: the source with more days
// wins, the two are compared where both hold a value, the export's own
// series (sleep time, stress, Body Battery, respiration) carry its values
// exactly, a day split over two daily-summary records is merged, and
// Garmin's Training Readiness and load sit on their days.
func TestDailyExport(t *testing.T) {
	t.Parallel()
	var files []FileSummary
	for d := 1; d <= 5; d++ {
		files = append(files, nightFile(d, 50, 48))
	}
	health := fitparse.Export{Kind: fitparse.ExportHealth}
	sleep := fitparse.Export{Kind: fitparse.ExportSleep}
	days := fitparse.Export{Kind: fitparse.ExportDaySummary}
	ready := fitparse.Export{Kind: fitparse.ExportReadiness}
	load := fitparse.Export{Kind: fitparse.ExportLoad}
	for d := 1; d <= 20; d++ {
		h := nanHealth(d)
		h.HRV, h.HRVStatus, h.HRVLow, h.HRVHigh = 50, "balanced", 45, 60
		if d == 3 {
			h.HRV = 55 // disagrees with the FIT file's 50
		}
		health.Health = append(health.Health, h)
		deep, light, rem := 3600.0, 4*3600.0, 5400.0
		if d%2 == 0 {
			light = 3 * 3600
		}
		sleep.Sleep = append(sleep.Sleep, fitparse.Sleep{Date: jan(d), Deep: deep, Light: light, REM: rem, Awake: 900,
			Unmeasurable: nan, Score: 80, Respiration: 14, Stress: 20, SpO2: 95, HR: 50,
			Quality: nan, Duration: nan, Recovery: nan, DeepScore: nan, REMScore: nan, LightScore: nan,
			AwakeningsScore: nan, AwakeTimeScore: nan, RestfulnessScore: nan, InterruptionsScore: nan,
			RespirationLow: nan, RespirationHigh: nan, AwakeCount: nan})
		u := nanDay(d)
		u.RestingHR, u.Stress, u.BBHigh, u.BBLow = 48, 25+float64(d), 80, 20
		days.DaySummary = append(days.DaySummary, u)
		if d == 7 {
			hyd := nanDay(d)
			hyd.HydrationL = 2.5
			days.DaySummary = append(days.DaySummary, hyd)
		}
		if d%4 != 0 {
			ready.Readiness = append(ready.Readiness, fitparse.GarminReadiness{Date: jan(d), Score: 60 + float64(d),
				Level: "MODERATE", Sleep: nan, RecoveryTime: nan, ACWR: nan, StressHistory: nan, HRV: nan,
				SleepHistory: nan, SleepScore: nan, RecoveryTimeMin: nan, AcuteLoad: nan, HRVWeekly: nan})
		}
		load.Load = append(load.Load, fitparse.GarminLoad{Date: jan(d), Acute: 300, Chronic: 250, Ratio: 1.2})
	}
	files = append(files, exportFile(health), exportFile(sleep), exportFile(days), exportFile(ready), exportFile(load))
	ds, src := dailySeries(files, defaultBaselines)
	if src.HRV != dailyExportHRV || src.OtherHRV != dailyOvernight {
		t.Errorf("HRV from %q (other %q), want the export's overnight HRV (more days) beside the FIT files'", src.HRV, src.OtherHRV)
	}
	if src.RestingHR != dailyExportRest || src.SleepTime != dailyExportSleep || src.Stress != dailyExportDay ||
		src.Readiness != dailyExportReadiness || src.Load != dailyExportLoad {
		t.Errorf("sources %+v", src)
	}
	if !src.Disagree || len(src.Agreement) != 2 ||
		!strings.Contains(src.Agreement[0], "overnight HRV: the export's JSON and the FIT files differ on 1 of 5 days (2026-01-03; up to 5.0 ms)") ||
		!strings.Contains(src.Agreement[1], "resting HR: the export's JSON and the FIT files agree on all 5 days") {
		t.Errorf("agreement %q (disagree %v)", src.Agreement, src.Disagree)
	}
	if len(ds) != 20 {
		t.Fatalf("%d days, want 20", len(ds))
	}
	for i, d := range ds {
		day := i + 1
		wantSleep := (3600 + 4*3600 + 5400.0) / 3600
		if day%2 == 0 {
			wantSleep = (3600 + 3*3600 + 5400.0) / 3600
		}
		if !approx.Equal(d.Sleep.V, wantSleep, 1e-12, 0) || !approx.Equal(d.Deep, 1, 1e-12, 0) ||
			!approx.Equal(d.Awake, 0.25, 1e-12, 0) || d.SleepScore != 80 {
			t.Errorf("day %d: sleep %v h, deep %v, awake %v, score %v", day, d.Sleep.V, d.Deep, d.Awake, d.SleepScore)
		}
		if d.Stress.V != 25+float64(day) || d.BodyBattery.V != 80 || d.BodyBatteryLow != 20 || d.Respiration.V != 14 {
			t.Errorf("day %d: stress %v, Body Battery %v/%v, respiration %v", day, d.Stress.V, d.BodyBattery.V, d.BodyBatteryLow, d.Respiration.V)
		}
		if day == 7 && d.RestingHR != 48 {
			t.Errorf("day 7 (two records): resting HR %v, want 48 kept", d.RestingHR)
		}
		if (d.GarminReadiness != nil) != (day%4 != 0) || (d.GarminReadiness != nil && d.GarminReadiness.Score != 60+float64(day)) {
			t.Errorf("day %d: Garmin readiness %+v", day, d.GarminReadiness)
		}
		if d.GarminAcute != 300 || d.GarminChronic != 250 || d.GarminRatio != 1.2 {
			t.Errorf("day %d: Garmin load %v/%v/%v", day, d.GarminAcute, d.GarminChronic, d.GarminRatio)
		}
		if day >= 7 && !has(d.Sleep.Mean7) || day >= 14 && !has(d.Sleep.Low) {
			t.Errorf("day %d: sleep baseline %+v", day, d.Sleep)
		}
	}
}
