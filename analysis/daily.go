package analysis

import (
	"fmt"
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

	// From Garmin's account export (NaN without it):

	// Sleep is the night's sleep time (deep + light + REM), hours, with
	// its 7-day mean and normal range; Deep, Light, REM and Awake are the
	// stages, hours.
	Sleep                   Series
	Deep, Light, REM, Awake float64
	// Stress is Garmin's all-day average stress (0–100); BodyBattery the
	// day's highest Body Battery (its charge after the night, 0–100) and
	// BodyBatteryLow its lowest; Respiration the average breathing rate
	// of the night (breaths/min). SpO2 (%) and SkinTemp (°C against
	// Garmin's baseline) are shown as Garmin wrote them.
	Stress, BodyBattery, Respiration Series
	BodyBatteryLow, SpO2, SkinTemp   float64
	// GarminReadiness is Garmin's own Training Readiness of the day (its
	// morning record), nil without one; GarminAcute, GarminChronic and
	// GarminRatio are Garmin's acute and chronic load and their ratio.
	GarminReadiness                         *fitparse.GarminReadiness
	GarminAcute, GarminChronic, GarminRatio float64
}

// Series is one day of a daily series: the day's value V, its 7-day mean,
// the 60-day normal range (mean ± 0.5 SD) and the mean against it; NaN
// where unknown.
type Series struct {
	V, Mean7, Low, High float64
	Status              Range
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
	// SleepTime, Stress, BodyBattery, Respiration, Readiness and Load
	// name the export's series ("" when empty): sleepData, the daily
	// summary (UDSFile), Training Readiness, MetricsAcuteTrainingLoad.
	SleepTime, Stress, BodyBattery, Respiration, Readiness, Load string
	// Agreement says, for each measure that both the export's JSON and
	// the wellness FIT files hold, on how many days they agree; one line
	// each.
	Agreement []string
	// Disagree is set when they differ on some day (Build warns).
	Disagree bool
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
	// The account export's JSON files: healthStatusData's overnight HRV,
	// the resting HR of the daily summary (UDSFile, else
	// healthStatusData), sleepData's score and times, the daily summary's
	// stress and Body Battery, Training Readiness, acute/chronic load.
	dailyExportHRV       = "overnight (export)"
	dailyExportRest      = dailyExportDay
	dailyExportSleep     = "sleepData (export)"
	dailyExportDay       = "daily summary (export)"
	dailyExportReadiness = "Training Readiness (export)"
	dailyExportLoad      = "acute training load (export)"
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
		if f.Export != nil {
			c.export(f.Export)
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

	// The export's records of the day, one per kind (the latest file's).
	xHealth *fitparse.HealthStatus
	xSleep  *fitparse.Sleep
	xDay    *fitparse.DaySummary
	xReady  *fitparse.GarminReadiness
	xLoad   *fitparse.GarminLoad
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

// export adds the records of an export JSON file on their calendar days
// (the export dates each record by the athlete's local day).
func (c *collector) export(e *fitparse.Export) {
	for i := range e.Health {
		if x := &e.Health[i]; !x.Date.IsZero() {
			c.day(civilDay(x.Date)).xHealth = x
		}
	}
	for i := range e.Sleep {
		if x := &e.Sleep[i]; !x.Date.IsZero() {
			c.day(civilDay(x.Date)).xSleep = x
		}
	}
	for i := range e.DaySummary {
		if x := &e.DaySummary[i]; !x.Date.IsZero() {
			o := c.day(civilDay(x.Date))
			if o.xDay != nil {
				// A day split over records (one with only hydration):
				// fill in what the first lacks.
				m := mergeDay(*o.xDay, *x)
				x = &m
			}
			o.xDay = x
		}
	}
	for i := range e.Readiness {
		if x := &e.Readiness[i]; !x.Date.IsZero() {
			c.day(civilDay(x.Date)).xReady = x
		}
	}
	for i := range e.Load {
		if x := &e.Load[i]; !x.Date.IsZero() {
			c.day(civilDay(x.Date)).xLoad = x
		}
	}
}

// mergeDay returns a with the values it lacks taken from b.
func mergeDay(a, b fitparse.DaySummary) fitparse.DaySummary {
	for _, p := range []struct{ a, b *float64 }{
		{&a.RestingHR, &b.RestingHR}, {&a.MinHR, &b.MinHR}, {&a.MaxHR, &b.MaxHR}, {&a.Stress, &b.Stress},
		{&a.StressAsleep, &b.StressAsleep}, {&a.StressAwake, &b.StressAwake}, {&a.BBStart, &b.BBStart},
		{&a.BBEnd, &b.BBEnd}, {&a.BBHigh, &b.BBHigh}, {&a.BBLow, &b.BBLow}, {&a.BBCharged, &b.BBCharged},
		{&a.BBDrained, &b.BBDrained}, {&a.Steps, &b.Steps}, {&a.Respiration, &b.Respiration},
		{&a.HydrationL, &b.HydrationL}, {&a.SweatLossL, &b.SweatLossL},
	} {
		if !has(*p.a) {
			*p.a = *p.b
		}
	}
	return a
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
	col := func() []float64 { return nanSlice(n) }
	morning, overnight, overnightX := col(), col(), col()
	readingHR, monitoring, restX := col(), col(), col()
	sleep, sleepX := col(), col()
	sleepH, stress, bb, resp := col(), col(), col(), col()
	for i := range out {
		d := first.AddDate(0, 0, i)
		out[i] = Daily{Date: d, GarminLow: nan, GarminHigh: nan, Deep: nan, Light: nan, REM: nan, Awake: nan,
			BodyBatteryLow: nan, SpO2: nan, SkinTemp: nan, GarminAcute: nan, GarminChronic: nan, GarminRatio: nan}
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
		c.exportDay(&out[i], o, overnightX, restX, sleepX, sleepH, stress, bb, resp, i)
	}

	var src DailySources
	hrvCands := []candidate{{dailyMorning, morning}, {dailyOvernight, overnight}, {dailyExportHRV, overnightX}}
	hrv, otherHRV := pick(hrvCands, &src.HRV, &src.OtherHRV)
	restCands := []candidate{{dailyMonitoring, monitoring}, {dailyExportRest, restX}, {dailyReadingHR, readingHR}}
	if days(readingHR) > days(monitoring) && days(readingHR) > days(restX) {
		restCands = []candidate{{dailyReadingHR, readingHR}, {dailyMonitoring, monitoring}, {dailyExportRest, restX}}
	}
	rest, otherRest := pick(restCands, &src.RestingHR, &src.OtherRestingHR)
	var otherSleep string
	score, _ := pick([]candidate{{dailySleepAssessment, sleep}, {dailyExportSleep, sleepX}}, &src.Sleep, &otherSleep)

	// Where the export and the FIT files hold the same measure, they
	// should agree; say on how many days they do.
	agree := func(what string, a, b []float64, tol float64, unit string, conv func(float64) float64) {
		both, differ, worst := 0, 0, 0.0
		for i := range a {
			if has(a[i]) && has(b[i]) {
				both++
				if d := math.Abs(conv(a[i]) - conv(b[i])); d > tol {
					differ++
					worst = math.Max(worst, d)
				}
			}
		}
		switch {
		case both == 0:
		case differ == 0:
			src.Agreement = append(src.Agreement, fmt.Sprintf("%s: the export's JSON and the FIT files agree on all %d days both hold", what, both))
		default:
			src.Disagree = true
			src.Agreement = append(src.Agreement, fmt.Sprintf("%s: the export's JSON and the FIT files differ on %d of %d days (up to %.1f %s); the series uses one source",
				what, differ, both, worst, unit))
		}
	}
	agree("overnight HRV", overnight, overnightX, 1, "ms", math.Exp)
	agree("resting HR", monitoring, restX, 1, "bpm", func(x float64) float64 { return x })
	agree("sleep score", sleep, sleepX, 1, "points", func(x float64) float64 { return x })

	for _, s := range []struct {
		name *string
		xs   []float64
		as   string
	}{{&src.SleepTime, sleepH, dailyExportSleep}, {&src.Stress, stress, dailyExportDay},
		{&src.BodyBattery, bb, dailyExportDay}, {&src.Respiration, resp, dailyExportSleep}} {
		if days(s.xs) > 0 {
			*s.name = s.as
		}
	}
	for i := range out {
		if out[i].GarminReadiness != nil {
			src.Readiness = dailyExportReadiness
		}
		if has(out[i].GarminAcute) || has(out[i].GarminChronic) {
			src.Load = dailyExportLoad
		}
	}

	hMean, hLow, hHigh := rollingBaseline(hrv, bl)
	rMean, rLow, rHigh := rollingBaseline(rest, bl)
	series := func(xs []float64) []Series {
		mean, lo, hi := rollingBaseline(xs, bl)
		ss := make([]Series, len(xs))
		for i := range xs {
			ss[i] = Series{V: xs[i], Mean7: mean[i], Low: lo[i], High: hi[i], Status: RangeOf(mean[i], lo[i], hi[i])}
		}
		return ss
	}
	sleepS, stressS, bbS, respS := series(sleepH), series(stress), series(bb), series(resp)
	for i := range out {
		d := &out[i]
		d.LnRMSSD, d.RMSSD = hrv[i], math.Exp(hrv[i])
		d.HRVMean7, d.HRVLow, d.HRVHigh = hMean[i], hLow[i], hHigh[i]
		d.RestingHR, d.RestingMean7, d.RestingLow, d.RestingHigh = rest[i], rMean[i], rLow[i], rHigh[i]
		d.HRVStatus = RangeOf(d.HRVMean7, d.HRVLow, d.HRVHigh)
		d.RestingStatus = RangeOf(d.RestingMean7, d.RestingLow, d.RestingHigh)
		d.SleepScore = score[i]
		d.OtherLnRMSSD, d.OtherRestingHR = otherHRV[i], otherRest[i]
		d.Sleep, d.Stress, d.BodyBattery, d.Respiration = sleepS[i], stressS[i], bbS[i], respS[i]
	}
	return out, src
}

// exportDay puts the export's records of day i (observations o) on d and
// into the columns of the series.
func (c *collector) exportDay(d *Daily, o *observations, overnightX, restX, sleepX, sleepH, stress, bb, resp []float64, i int) {
	if x := o.xHealth; x != nil {
		if said(x.HRV) && x.HRV > 0 {
			overnightX[i] = math.Log(x.HRV)
		}
		if said(x.RestingHR) {
			restX[i] = x.RestingHR
		}
		if said(x.Respiration) {
			resp[i] = x.Respiration
		}
		if d.GarminStatus == "" && x.HRVStatus != "" {
			d.GarminStatus, d.GarminLow, d.GarminHigh = x.HRVStatus, x.HRVLow, x.HRVHigh
		}
		d.SpO2, d.SkinTemp = x.SpO2, x.SkinTemp
	}
	if x := o.xDay; x != nil {
		if said(x.RestingHR) {
			restX[i] = x.RestingHR // the daily summary's resting HR first
		}
		stress[i], bb[i], d.BodyBatteryLow = x.Stress, x.BBHigh, x.BBLow
	}
	if x := o.xSleep; x != nil {
		if said(x.Score) {
			sleepX[i] = x.Score
		}
		d.Deep, d.Light, d.REM, d.Awake = x.Deep/3600, x.Light/3600, x.REM/3600, x.Awake/3600
		if t := sumSaid(x.Deep, x.Light, x.REM); t > 0 {
			sleepH[i] = t / 3600
		}
		if said(x.Respiration) {
			resp[i] = x.Respiration // the night's breathing rate first
		}
		if !has(d.SpO2) {
			d.SpO2 = x.SpO2
		}
	}
	if x := o.xReady; x != nil {
		r := *x
		d.GarminReadiness = &r
	}
	if x := o.xLoad; x != nil {
		d.GarminAcute, d.GarminChronic, d.GarminRatio = x.Acute, x.Chronic, x.Ratio
	}
}

// sumSaid sums the values that were recorded; NaN when none was.
func sumSaid(xs ...float64) float64 {
	sum, n := 0.0, 0
	for _, x := range xs {
		if said(x) {
			sum += x
			n++
		}
	}
	if n == 0 {
		return nan
	}
	return sum
}

// candidate is one source of a daily series: its name and its values.
type candidate struct {
	name string
	xs   []float64
}

// pick chooses the candidate with the most days of values (the first on
// a tie) for a series and the best of the others as its "other"; it
// names both (or "" when empty) and returns their values.
func pick(cands []candidate, name, other *string) (chosen, alt []float64) {
	best := 0
	for k := range cands {
		if days(cands[k].xs) > days(cands[best].xs) {
			best = k
		}
	}
	chosen, *name = cands[best].xs, cands[best].name
	alt, *other = nanSlice(len(chosen)), ""
	altK := -1
	for k := range cands {
		if k != best && days(cands[k].xs) > 0 && (altK < 0 || days(cands[k].xs) > days(cands[altK].xs)) {
			altK = k
		}
	}
	if altK >= 0 {
		alt, *other = cands[altK].xs, cands[altK].name
	}
	if days(chosen) == 0 {
		*name = ""
	}
	return chosen, alt
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
		if s.Summary {
			t.Summaries++
		}
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
	case dailyExportHRV:
		return "Garmin overnight HRV from the account export (healthStatusData)"
	case dailyExportDay:
		return "Garmin's daily summary in the account export (UDSFile)"
	case dailyExportSleep:
		return "Garmin's sleep data in the account export (sleepData)"
	case dailyExportReadiness:
		return "Garmin's Training Readiness in the account export"
	case dailyExportLoad:
		return "Garmin's acute and chronic load in the account export"
	}
	return src
}
