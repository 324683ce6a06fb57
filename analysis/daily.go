package analysis

import (
	"math"
	"time"

	"github.com/bounceback/bounceback/fitparse"
	"gonum.org/v1/gonum/stat"
)

// Daily is one day of the block's recovery series: morning HRV readings,
// Garmin's overnight HRV, resting HR and sleep score. NaN when the day has
// no value.
type Daily struct {
	// Date is the local calendar day (midnight UTC of that date).
	Date time.Time
	// LnRMSSD is the day's ln RMSSD from the series' one source
	// (HRVSource); RMSSD in ms.
	LnRMSSD, RMSSD float64
	// HRVMean7 is the 7-day mean of LnRMSSD; HRVLow and HRVHigh bound the
	// 60-day normal range (mean ± 0.5 SD); NaN until enough days exist.
	HRVMean7, HRVLow, HRVHigh float64
	// RestingHR (bpm) from RestingSource, with its 7-day mean and 60-day
	// normal range.
	RestingHR, RestingMean7, RestingLow, RestingHigh float64
	// HRVStatus and RestingStatus place each 7-day mean against its
	// normal range (NoRange when either is unknown).
	HRVStatus, RestingStatus Range
	// SleepScore (0–100), Garmin's sleep_assessment.
	SleepScore float64
	// GarminStatus is Garmin's own HRV status that day ("balanced", ...),
	// GarminLow/GarminHigh its baseline band (ms); shown beside ours.
	GarminStatus          string
	GarminLow, GarminHigh float64
	// Readings counts the morning readings of the day (whatever the
	// series' sources).
	Readings int
	// OtherLnRMSSD and OtherRestingHR are the day's values from the
	// source not chosen (DailySources.OtherHRV, OtherRestingHR): shown,
	// never in the baselines. NaN without one.
	OtherLnRMSSD, OtherRestingHR float64
}

// DailySources says where each daily series came from: "morning" (short
// readings at rest with RR data), "overnight" (Garmin hrv_status_summary),
// "monitoring" (Garmin monitoring_hr_data), "morning reading" for resting HR
// from the readings, or "" when the series is empty. One source per series:
// overnight and morning rMSSD are never mixed in one baseline.
type DailySources struct {
	HRV, RestingHR, Sleep string
	// OtherHRV and OtherRestingHR name the sources that had values but
	// were not chosen (Daily.OtherLnRMSSD, OtherRestingHR); "" when none.
	OtherHRV, OtherRestingHR string
}

// The names of the daily series' sources (DailySources).
const (
	// DailyMorning: ln RMSSD of morning readings, short recordings at
	// rest with RR data (Classification.Reading).
	dailyMorning = "morning"
	// DailyOvernight: Garmin's overnight HRV, hrv_status_summary's last
	// night average (or, for a night without one, the mean of its 5-minute
	// hrv_value).
	dailyOvernight = "overnight"
	// DailyMonitoring: Garmin's resting heart rate of the day,
	// monitoring_hr_data.
	dailyMonitoring = "monitoring"
	// DailyReadingHR: the mean heart rate of the morning readings.
	dailyReadingHR = "morning reading"
	// DailySleepAssessment: Garmin's sleep_assessment overall score.
	dailySleepAssessment = "sleep assessment"
)

// baselines are the rules of the daily recovery series (docs/methods.md
// §6; HRV4Training, Plews et al. 2014).
type baselines struct {
	// Short is the rolling window of the baseline, in calendar days
	// ending on (and including) the day: 7, the published value. ShortMin
	// is how many days of that window must hold a value: 3, Plews et al.
	// 2014's "at least 3 valid readings per week".
	Short, ShortMin int
	// Long is the window of the normal range, in calendar days ending on
	// (and including) the day: 60, the published value. LongMin is how
	// many days of it must hold a value: 14 (our default, the low end of
	// docs/methods.md §6's "14–60 days of HRV" for a mature baseline).
	Long, LongMin int
	// SWC is the half width of the normal range in standard deviations of
	// the daily values over Long: mean ± SWC × SD, 0.5 (the published
	// smallest worthwhile change). SD is the sample standard deviation.
	SWC float64
	// NightFrom is the local hour from which an overnight value (Garmin's
	// HRV status and 5-minute values, the sleep score) counts for the
	// next day: 18 (our default). Garmin stamps them at wake-up, so this
	// only moves values stamped in the evening, such as the 5-minute
	// values before midnight, or a wake-up stamped in UTC on a device far
	// east of Greenwich whose offset the file does not give.
	NightFrom int
}

// defaultBaselines are the published windows (7-day mean, 60-day mean ±
// 0.5 SD) with our minimum counts; see baselines.
var defaultBaselines = baselines{Short: 7, ShortMin: 3, Long: 60, LongMin: 14, SWC: 0.5, NightFrom: 18}

// dailySeries returns the block's daily recovery series from files: one
// [Daily] per local calendar day from the first to the last day with any
// value, days without a value present with NaN, and the source of each
// series. It uses the wellness values of every file
// (FileSummary.WellnessValues) and the sessions marked as HRV readings
// (Classification.Reading, with SessionSummary.HRV), so the sessions must
// have been classified ([Build] does this, for every session, filtered or
// not). Files skipped as duplicates are ignored, and so are sessions that
// do not count (SessionSummary.Counted).
//
// # Days
//
// A day is the device's local calendar date (FileSummary.LocalOffset;
// UTC when the file does not say), as midnight UTC of that date:
//
//   - a morning reading counts on the date of its start;
//   - Garmin's overnight HRV and sleep score count on the date they are
//     stamped, Garmin's wake-up time, so a night belongs to the morning it
//     ends on; one stamped at or after baselines.NightFrom (local) counts
//     for the next day;
//   - Garmin stamps monitoring_hr_data at local midnight of its day: with
//     the offset known its local date is the day; without it, the nearest
//     UTC midnight is (right for offsets under 12 h).
//
// # Values
//
// Several morning readings in one day give the mean of their ln RMSSD and
// of their heart rates (RMSSD is then exp of the mean ln RMSSD). For
// Garmin's daily values, which the device rewrites during the day, the
// latest stamped value of the day is kept.
//
// # One source per series
//
// ln RMSSD comes from morning readings or from Garmin's overnight HRV,
// never both: the source with more days of values wins, and on a tie the
// morning readings (docs/methods.md §6 weights them). Resting heart rate comes
// from Garmin's monitoring_hr_data or from the morning readings' mean
// heart rate by the same rule, a tie going to monitoring_hr_data. The
// other source's values stay visible in Daily.OtherLnRMSSD and
// Daily.OtherRestingHR, outside the baseline; Garmin's own HRV status and
// band are in Daily.GarminStatus, GarminLow and GarminHigh.
//
// # baselines
//
// Each day's 7-day mean and 60-day normal range use only that day and the
// days before it (no look-ahead), so a day's numbers never change when
// later files are added; see baselines for the windows and minimum
// counts. A window with too few values gives NaN.
func dailySeries(files []FileSummary, bl baselines) ([]Daily, DailySources) {
	var c collector
	for i := range files {
		f := &files[i]
		if f.IsDuplicate() {
			continue
		}
		for j := range f.Sessions {
			s := &f.Sessions[j]
			if !s.Class.Reading || s.HRV == nil || s.Start.IsZero() || !s.Counted() {
				continue
			}
			local, _ := f.Local(s.Start)
			c.reading(civilDay(local), s.HRV.LnRMSSD, s.HRV.MeanHR)
		}
		for _, w := range f.WellnessValues {
			if w.Time.IsZero() {
				continue
			}
			c.wellness(f, &w, bl)
		}
	}
	return c.series(bl)
}

// observations are the raw values of one day.
type observations struct {
	lnSum, hrSum float64
	ln, hr       int // how many readings gave a value
	readings     int

	status            *fitparse.Wellness // latest hrv_status of the day
	nightSum          float64            // 5-minute hrv_value, ms
	night             int
	rest, restT       float64
	sleep, sleepT     float64
	statusT           time.Time
	hasRest, hasSleep bool
}

type collector struct {
	days map[time.Time]*observations
}

func (c *collector) day(d time.Time) *observations {
	if c.days == nil {
		c.days = make(map[time.Time]*observations)
	}
	o := c.days[d]
	if o == nil {
		o = &observations{}
		c.days[d] = o
	}
	return o
}

func (c *collector) reading(d time.Time, ln, hr float64) {
	if !has(ln) && !said(hr) {
		return
	}
	o := c.day(d)
	o.readings++
	if has(ln) {
		o.lnSum += ln
		o.ln++
	}
	if said(hr) {
		o.hrSum += hr
		o.hr++
	}
}

// wellness adds one of f's wellness values on its day (see dailySeries).
func (c *collector) wellness(f *FileSummary, w *fitparse.Wellness, bl baselines) {
	local := w.Time.UTC()
	if f.HasLocalOffset {
		local = w.Time.In(time.FixedZone("", int(f.LocalOffset/time.Second)))
	}
	night := civilDay(local)
	if local.Hour() >= bl.NightFrom {
		night = night.AddDate(0, 0, 1)
	}
	t := unixSeconds(w.Time)
	switch w.Kind {
	case fitparse.WellnessHRVStatus:
		o := c.day(night)
		if o.status == nil || !w.Time.Before(o.statusT) {
			ww := *w
			o.status, o.statusT = &ww, w.Time
		}
	case fitparse.WellnessHRVValue:
		if said(w.RMSSD) && w.RMSSD > 0 {
			o := c.day(night)
			o.nightSum += w.RMSSD
			o.night++
		}
	case fitparse.WellnessSleep:
		if said(w.SleepScore) {
			o := c.day(night)
			if !o.hasSleep || t >= o.sleepT {
				o.sleep, o.sleepT, o.hasSleep = w.SleepScore, t, true
			}
		}
	case fitparse.WellnessRestingHR:
		if !said(w.RestingHR) || w.RestingHR <= 0 {
			return
		}
		d := civilDay(local)
		if !f.HasLocalOffset {
			d = civilDay(local.Add(12 * time.Hour))
		}
		o := c.day(d)
		if !o.hasRest || t >= o.restT {
			o.rest, o.restT, o.hasRest = w.RestingHR, t, true
		}
	}
}

// overnight returns the day's overnight RMSSD (ms): the last night
// average of hrv_status, else the mean of the 5-minute values; NaN
// without either.
func (o *observations) overnight() float64 {
	if o.status != nil && said(o.status.RMSSD) && o.status.RMSSD > 0 {
		return o.status.RMSSD
	}
	if o.night > 0 {
		return o.nightSum / float64(o.night)
	}
	return nan
}

func (c *collector) series(bl baselines) ([]Daily, DailySources) {
	if len(c.days) == 0 {
		return nil, DailySources{}
	}
	var first, last time.Time
	for d := range c.days {
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if last.IsZero() || d.After(last) {
			last = d
		}
	}
	n := int(last.Sub(first)/(24*time.Hour)) + 1
	out := make([]Daily, n)
	morning, overnight := make([]float64, n), make([]float64, n)
	readingHR, monitoring, sleep := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range out {
		d := first.AddDate(0, 0, i)
		out[i] = Daily{Date: d, GarminLow: nan, GarminHigh: nan}
		morning[i], overnight[i], readingHR[i], monitoring[i], sleep[i] = nan, nan, nan, nan, nan
		o := c.days[d]
		if o == nil {
			continue
		}
		out[i].Readings = o.readings
		if o.ln > 0 {
			morning[i] = o.lnSum / float64(o.ln)
		}
		if o.hr > 0 {
			readingHR[i] = o.hrSum / float64(o.hr)
		}
		if v := o.overnight(); said(v) {
			overnight[i] = math.Log(v)
		}
		if o.hasRest {
			monitoring[i] = o.rest
		}
		if o.hasSleep {
			sleep[i] = o.sleep
		}
		if st := o.status; st != nil {
			out[i].GarminStatus, out[i].GarminLow, out[i].GarminHigh = st.Status, st.BaselineLow, st.BaselineHigh
		}
	}

	var src DailySources
	hrv, otherHRV := morning, overnight
	src.HRV, src.OtherHRV = dailyMorning, dailyOvernight
	if days(overnight) > days(morning) {
		hrv, otherHRV = overnight, morning
		src.HRV, src.OtherHRV = dailyOvernight, dailyMorning
	}
	rest, otherRest := monitoring, readingHR
	src.RestingHR, src.OtherRestingHR = dailyMonitoring, dailyReadingHR
	if days(readingHR) > days(monitoring) {
		rest, otherRest = readingHR, monitoring
		src.RestingHR, src.OtherRestingHR = dailyReadingHR, dailyMonitoring
	}
	src.Sleep = dailySleepAssessment
	for _, p := range []*string{&src.HRV, &src.OtherHRV} {
		if days(hrvOf(*p, morning, overnight)) == 0 {
			*p = ""
		}
	}
	if days(rest) == 0 {
		src.RestingHR = ""
	}
	if days(otherRest) == 0 {
		src.OtherRestingHR = ""
	}
	if days(sleep) == 0 {
		src.Sleep = ""
	}

	hMean, hLow, hHigh := rollingBaseline(hrv, bl)
	rMean, rLow, rHigh := rollingBaseline(rest, bl)
	for i := range out {
		d := &out[i]
		d.LnRMSSD, d.RMSSD = hrv[i], math.Exp(hrv[i])
		d.HRVMean7, d.HRVLow, d.HRVHigh = hMean[i], hLow[i], hHigh[i]
		d.RestingHR, d.RestingMean7, d.RestingLow, d.RestingHigh = rest[i], rMean[i], rLow[i], rHigh[i]
		d.HRVStatus = RangeOf(d.HRVMean7, d.HRVLow, d.HRVHigh)
		d.RestingStatus = RangeOf(d.RestingMean7, d.RestingLow, d.RestingHigh)
		d.SleepScore = sleep[i]
		d.OtherLnRMSSD, d.OtherRestingHR = otherHRV[i], otherRest[i]
	}
	return out, src
}

func hrvOf(name string, morning, overnight []float64) []float64 {
	if name == dailyOvernight {
		return overnight
	}
	return morning
}

// days counts the values of a daily series that are not NaN.
func days(xs []float64) int {
	n := 0
	for _, x := range xs {
		if has(x) {
			n++
		}
	}
	return n
}

// filterDays keeps the days within f's dates.
func filterDays(days []Daily, f Filter) []Daily {
	if f.Since.IsZero() && f.Until.IsZero() {
		return days
	}
	var out []Daily
	for _, d := range days {
		if (f.Since.IsZero() || !d.Date.Before(civilDay(f.Since))) &&
			(f.Until.IsZero() || !d.Date.After(civilDay(f.Until))) {
			out = append(out, d)
		}
	}
	return out
}

// totalsOf counts and sums the files of a block.
func totalsOf(files []FileSummary) Totals {
	var t Totals
	for i := range files {
		t.add(&files[i])
	}
	return t
}

func (t *Totals) add(f *FileSummary) {
	t.Files++
	switch f.Status {
	case fitparse.OK:
		t.OK++
	case fitparse.Partial:
		t.Partial++
	case fitparse.Failed:
		t.Failed++
	case fitparse.Skipped:
		t.Skipped++
	}
	for i := range f.Sessions {
		s := &f.Sessions[i]
		switch {
		case s.DuplicateOf != nil:
			t.Duplicates++
			continue
		case s.DateProblem != "":
			t.Undated++
			continue
		}
		t.Sessions++
		if !math.IsNaN(s.Timer) {
			t.Timer += s.Timer
		}
		t.Distance.Add(s.Sport, s.Distance)
		if s.Class.Reading {
			t.Readings++
			continue
		}
		t.Workouts++
		if !math.IsNaN(s.Timer) {
			t.WorkoutTimer += s.Timer
		}
		if has(s.TRIMP) {
			t.TRIMP += s.TRIMP
		}
		if has(s.HRSS) {
			t.HRSS += s.HRSS
		}
		if s.LoadEstimated {
			t.Estimated++
		}
		if t.Classes == nil {
			t.Classes = map[Class]int{}
		}
		t.Classes[s.Class.Class]++
		if s.Class.Long {
			t.Long++
		}
		if s.Class.Race {
			t.Race++
		}
	}
}

// has reports whether x is a value: not NaN, not infinite.
func has(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// rollingBaseline returns, for each day i of a daily series xs (one value
// per calendar day, NaN for a day without one), the mean of the values of
// days i−Short+1 … i, and the normal range mean ± SWC × SD of the values
// of days i−Long+1 … i (SD the sample standard deviation), by bl. A window
// with fewer than ShortMin (LongMin) values gives NaN. Only day i and
// earlier days are used: no look-ahead.
func rollingBaseline(xs []float64, bl baselines) (mean, low, high []float64) {
	mean, low, high = make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs))
	window := func(i, w int) []float64 {
		var v []float64
		for k := max(0, i-w+1); k <= i; k++ {
			if has(xs[k]) {
				v = append(v, xs[k])
			}
		}
		return v
	}
	for i := range xs {
		mean[i], low[i], high[i] = nan, nan, nan
		if v := window(i, bl.Short); len(v) >= max(bl.ShortMin, 1) {
			mean[i] = stat.Mean(v, nil)
		}
		if v := window(i, bl.Long); len(v) >= max(bl.LongMin, 2) {
			m, sd := stat.MeanStdDev(v, nil)
			low[i], high[i] = m-bl.SWC*sd, m+bl.SWC*sd
		}
	}
	return mean, low, high
}

// SourceText describes the source of a daily series (a value of
// [DailySources]) for people: "morning readings (ln RMSSD)", "Garmin
// sleep assessment"; "none" for "".
func SourceText(src string) string {
	switch src {
	case "":
		return "none"
	case dailyMorning:
		return "morning readings (ln RMSSD)"
	case dailyOvernight:
		return "Garmin overnight HRV (ln of its rMSSD)"
	case dailyMonitoring:
		return "Garmin monitoring_hr_data"
	case dailyReadingHR:
		return "morning readings (mean HR)"
	case dailySleepAssessment:
		return "Garmin sleep assessment"
	}
	return src
}
