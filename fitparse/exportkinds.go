package fitparse

import (
	"math"
	"slices"
	"strings"
	"time"
)

// This file holds what each JSON file kind of the account export takes
// from its records: the members read (by name, in any letter case; a
// second spelling where the sources disagree), their units and
// conversions, which zeros mean "not measured", and the physical range of
// each value. docs/garmin-export.md says the same in prose.

// newKindHandler returns the handler of kind, nil for an unknown kind.
func newKindHandler(kind ExportKind) kindHandler {
	switch kind {
	case ExportSleep:
		return &sleepHandler{}
	case ExportHealth:
		return &healthHandler{}
	case ExportDaySummary:
		return &udsHandler{byDate: map[time.Time]int{}}
	case ExportReadiness:
		return &readinessHandler{byDate: map[time.Time]int{}}
	case ExportLoad:
		return &loadHandler{byDate: map[time.Time]int{}}
	case ExportActivities:
		return &activityHandler{}
	case ExportUserProfile:
		return &profileHandler{}
	}
	return nil
}

// Physical ranges shared by the kinds.
const (
	day     = 24 * 3600.0
	hrLo    = 20.0 // bpm
	hrHi    = 250.0
	rmssdLo = 1.0 // ms
	rmssdHi = 300.0
	respLo  = 1.0 // breaths/min
	respHi  = 80.0
	spo2Lo  = 50.0 // %
	spo2Hi  = 100.0
)

// requireDate returns the record's calendar day from v, the member name:
// a record without one is noted (see exportDecoder.miss), one whose value
// is no date is not used.
func (c *conv) requireDate(name string, v *jv) (time.Time, bool) {
	if !v.present() {
		c.d.miss(name, c.rec)
		return time.Time{}, false
	}
	t, ok := v.date()
	if !ok {
		c.drop("%s %s is not a date", name, v.quoted())
	}
	return t, ok
}

// said reports whether any of vs is a value (not NaN).
func said(vs ...float64) bool {
	for _, v := range vs {
		if !math.IsNaN(v) {
			return true
		}
	}
	return false
}

// nonNegative returns n, or NaN for a negative n: Garmin writes -1 and -2
// for a stress level it could not measure.
func nonNegative(n float64) float64 {
	if n < 0 {
		return nan
	}
	return n
}

// --- sleepData ---

type sleepJSON struct {
	CalendarDate, Start, End              jv
	Deep, Light, REM, Awake, Unmeasurable jv
	Resp, RespLow, RespHigh               jv
	Stress, AwakeCount, SpO2Top           jv
	Scores                                sleepScoresJSON
	SpO2                                  spo2SleepJSON
}

type sleepScoresJSON struct {
	OverallScore  jv `json:"overallScore"`
	Overall       jv `json:"overall"` // Garmin's web API: {"value": 80, ...}
	Quality       jv `json:"qualityScore"`
	Duration      jv `json:"durationScore"`
	Recovery      jv `json:"recoveryScore"`
	Deep          jv `json:"deepScore"`
	REM           jv `json:"remScore"`
	Light         jv `json:"lightScore"`
	Awakenings    jv `json:"awakeningsCountScore"`
	AwakeTime     jv `json:"awakeTimeScore"`
	Restfulness   jv `json:"restfulnessScore"`
	Interruptions jv `json:"interruptionsScore"`
	Feedback      jv `json:"feedback"`
	Insight       jv `json:"insight"`
}

type spo2SleepJSON struct {
	Average jv `json:"averageSPO2"`
	HR      jv `json:"averageHR"`
}

type sleepHandler struct {
	cur sleepJSON
}

func (h *sleepHandler) begin() { h.cur = sleepJSON{} }

func (h *sleepHandler) field(k string) any {
	r := &h.cur
	switch k {
	case "calendardate":
		return &r.CalendarDate
	case "sleepstarttimestampgmt":
		return &r.Start
	case "sleependtimestampgmt":
		return &r.End
	case "deepsleepseconds":
		return &r.Deep
	case "lightsleepseconds":
		return &r.Light
	case "remsleepseconds":
		return &r.REM
	case "awakesleepseconds":
		return &r.Awake
	case "unmeasurableseconds", "unmeasurablesleepseconds":
		return &r.Unmeasurable
	case "averagerespiration", "averagerespirationvalue":
		return &r.Resp
	case "lowestrespiration", "lowestrespirationvalue":
		return &r.RespLow
	case "highestrespiration", "highestrespirationvalue":
		return &r.RespHigh
	case "avgsleepstress":
		return &r.Stress
	case "awakecount":
		return &r.AwakeCount
	case "averagespo2value":
		return &r.SpO2Top
	case "sleepscores":
		return &r.Scores
	case "spo2sleepsummary":
		return &r.SpO2
	}
	return nil
}

func (h *sleepHandler) required() string   { return "calendarDate" }
func (h *sleepHandler) keys() []string     { return []string{"sleepScores"} }
func (h *sleepHandler) wrappers() []string { return []string{"sleepdata"} }

func (h *sleepHandler) end(c *conv) {
	r := &h.cur
	date, ok := c.requireDate("calendarDate", &r.CalendarDate)
	if !ok {
		return
	}
	s := Sleep{Date: date}
	s.Start = c.instant("sleepStartTimestampGMT", &r.Start)
	s.End = c.instant("sleepEndTimestampGMT", &r.End)
	if !s.Start.IsZero() && !s.End.IsZero() {
		if w := c.in("sleep window", "s", s.End.Sub(s.Start).Seconds(), 0, day); math.IsNaN(w) {
			s.Start, s.End = time.Time{}, time.Time{}
		}
	}
	stage := func(name string, v *jv) float64 { return c.in(name, "s", c.num(name, v), 0, day) }
	s.Deep = stage("deepSleepSeconds", &r.Deep)
	s.Light = stage("lightSleepSeconds", &r.Light)
	s.REM = stage("remSleepSeconds", &r.REM)
	s.Awake = stage("awakeSleepSeconds", &r.Awake)
	s.Unmeasurable = stage("unmeasurableSeconds", &r.Unmeasurable)
	// The stages share one night: more than a day in all cannot be.
	total := 0.0
	for _, v := range []float64{s.Deep, s.Light, s.REM, s.Awake, s.Unmeasurable} {
		if !math.IsNaN(v) {
			total += v
		}
	}
	if math.IsNaN(c.in("sleep stages in all", "s", total, 0, day)) {
		s.Deep, s.Light, s.REM, s.Awake, s.Unmeasurable = nan, nan, nan, nan, nan
	}

	sc := &r.Scores
	overall := &sc.OverallScore
	if !overall.present() {
		overall = &sc.Overall
	}
	// A sleep score of 0 is no score: the night was not scored.
	s.Score = c.in("sleepScores.overallScore", "", c.nz("sleepScores.overallScore", overall), 0, 100)
	sub := func(name string, v *jv) float64 {
		return c.in("sleepScores."+name, "", c.num("sleepScores."+name, v), 0, 100)
	}
	s.Quality = sub("qualityScore", &sc.Quality)
	s.Duration = sub("durationScore", &sc.Duration)
	s.Recovery = sub("recoveryScore", &sc.Recovery)
	s.DeepScore = sub("deepScore", &sc.Deep)
	s.REMScore = sub("remScore", &sc.REM)
	s.LightScore = sub("lightScore", &sc.Light)
	s.AwakeningsScore = sub("awakeningsCountScore", &sc.Awakenings)
	s.AwakeTimeScore = sub("awakeTimeScore", &sc.AwakeTime)
	s.RestfulnessScore = sub("restfulnessScore", &sc.Restfulness)
	s.InterruptionsScore = sub("interruptionsScore", &sc.Interruptions)
	s.Feedback = sc.Feedback.text()
	s.Insight = sc.Insight.text()

	resp := func(name string, v *jv) float64 { return c.in(name, "breaths/min", c.nz(name, v), respLo, respHi) }
	s.Respiration = resp("averageRespiration", &r.Resp)
	s.RespirationLow = resp("lowestRespiration", &r.RespLow)
	s.RespirationHigh = resp("highestRespiration", &r.RespHigh)
	// Average sleep stress: 0 and Garmin's negative codes are no value.
	s.Stress = c.in("avgSleepStress", "", nonNegative(c.nz("avgSleepStress", &r.Stress)), 0, 100)
	s.AwakeCount = c.in("awakeCount", "", c.num("awakeCount", &r.AwakeCount), 0, 1000)
	spo2 := &r.SpO2.Average
	if !spo2.present() {
		spo2 = &r.SpO2Top
	}
	s.SpO2 = c.in("spo2SleepSummary.averageSPO2", "%", c.nz("spo2SleepSummary.averageSPO2", spo2), spo2Lo, spo2Hi)
	s.HR = c.in("spo2SleepSummary.averageHR", "bpm", c.nz("spo2SleepSummary.averageHR", &r.SpO2.HR), hrLo, hrHi)

	if !s.Start.IsZero() || s.Feedback != "" || said(s.Deep, s.Light, s.REM, s.Awake, s.Unmeasurable,
		s.Score, s.Quality, s.Duration, s.Recovery, s.DeepScore, s.REMScore, s.LightScore, s.AwakeningsScore,
		s.AwakeTimeScore, s.RestfulnessScore, s.InterruptionsScore, s.Respiration, s.RespirationLow,
		s.RespirationHigh, s.Stress, s.AwakeCount, s.SpO2, s.HR) {
		e := c.d.f.Export
		e.Sleep = append(e.Sleep, s)
		c.d.keep(sizeOf[Sleep]() + uintptr(len(s.Feedback)+len(s.Insight)))
	}
}

func (h *sleepHandler) finish(*exportDecoder) {}

// --- healthStatusData ---

type healthJSON struct {
	CalendarDate, Date jv
	Metrics            list[healthMetricJSON]
}

type healthMetricJSON struct {
	Type   jv `json:"type"`
	Value  jv `json:"value"`
	Status jv `json:"status"`
	Low    jv `json:"baselineLowerLimit"`
	High   jv `json:"baselineUpperLimit"`
}

type healthHandler struct {
	cur healthJSON
}

func (h *healthHandler) begin() { h.cur = healthJSON{} }

func (h *healthHandler) field(k string) any {
	switch k {
	case "calendardate":
		return &h.cur.CalendarDate
	case "date":
		return &h.cur.Date
	case "metrics":
		return &h.cur.Metrics
	}
	return nil
}

func (h *healthHandler) required() string   { return "calendarDate" }
func (h *healthHandler) keys() []string     { return []string{"metrics"} }
func (h *healthHandler) wrappers() []string { return []string{"healthstatusdata"} }

func (h *healthHandler) end(c *conv) {
	r := &h.cur
	dv := &r.CalendarDate
	if !dv.present() && r.Date.present() {
		dv = &r.Date
	}
	date, ok := c.requireDate("calendarDate", dv)
	if !ok {
		return
	}
	x := HealthStatus{Date: date,
		HRV: nan, HRVLow: nan, HRVHigh: nan,
		RestingHR: nan, RestingLow: nan, RestingHigh: nan,
		Respiration: nan, RespirationLow: nan, RespirationHigh: nan,
		SkinTemp: nan, SkinTempLow: nan, SkinTempHigh: nan,
		SpO2: nan, SpO2Low: nan, SpO2High: nan,
	}
	done := map[string]bool{}
	for i := range r.Metrics {
		m := &r.Metrics[i]
		typ := strings.ToUpper(m.Type.text())
		if typ == "SKIN_TEMP" || typ == "SKIN_TEMPERATURE" {
			typ = "SKIN_TEMP_C"
		}
		if done[typ] {
			continue // the first of a type counts
		}
		done[typ] = true
		name := "metrics." + typ
		// three reads value and band with 0 as "not measured", in range.
		three := func(unit string, lo, hi float64, v, l, u *float64) {
			*v = c.in(name+".value", unit, c.nz(name+".value", &m.Value), lo, hi)
			*l = c.in(name+".baselineLowerLimit", unit, c.nz(name+".baselineLowerLimit", &m.Low), lo, hi)
			*u = c.in(name+".baselineUpperLimit", unit, c.nz(name+".baselineUpperLimit", &m.High), lo, hi)
		}
		switch typ {
		case "HRV":
			three("ms", rmssdLo, rmssdHi, &x.HRV, &x.HRVLow, &x.HRVHigh)
			switch st := strings.ToLower(m.Status.text()); st {
			case "", "none", "no_status", "null":
			default:
				x.HRVStatus = st
			}
		case "HR":
			three("bpm", hrLo, hrHi, &x.RestingHR, &x.RestingLow, &x.RestingHigh)
		case "SPO2":
			three("%", spo2Lo, spo2Hi, &x.SpO2, &x.SpO2Low, &x.SpO2High)
		case "RESPIRATION":
			three("breaths/min", respLo, respHi, &x.Respiration, &x.RespirationLow, &x.RespirationHigh)
		case "SKIN_TEMP_C":
			// The value 0 is "not measured" (it is also what a change of
			// exactly 0.0 °C would read); the band may hold 0 or
			// negative bounds when it is a change from Garmin's baseline.
			x.SkinTemp = c.in(name+".value", "°C", c.nz(name+".value", &m.Value), -20, 45)
			lo := c.num(name+".baselineLowerLimit", &m.Low)
			hi := c.num(name+".baselineUpperLimit", &m.High)
			if lo == 0 && hi == 0 {
				lo, hi = nan, nan
			}
			x.SkinTempLow = c.in(name+".baselineLowerLimit", "°C", lo, -20, 45)
			x.SkinTempHigh = c.in(name+".baselineUpperLimit", "°C", hi, -20, 45)
		}
	}
	if x.HRVStatus != "" || said(x.HRV, x.HRVLow, x.HRVHigh, x.RestingHR, x.RestingLow, x.RestingHigh,
		x.Respiration, x.RespirationLow, x.RespirationHigh, x.SkinTemp, x.SkinTempLow, x.SkinTempHigh,
		x.SpO2, x.SpO2Low, x.SpO2High) {
		e := c.d.f.Export
		e.Health = append(e.Health, x)
		c.d.keep(sizeOf[HealthStatus]() + uintptr(len(x.HRVStatus)))
	}
}

func (h *healthHandler) finish(*exportDecoder) {}

// --- UDSFile ---

type udsJSON struct {
	CalendarDate, Wellness                                     jv
	RestingHR, CurrentDayRestingHR, MinHR, MaxHR, Steps        jv
	StressTop, RespTop                                         jv
	BBHighTop, BBLowTop, BBChargedTop, BBDrainedTop, BBLastTop jv
	Respiration                                                struct {
		AvgWaking jv `json:"avgWakingRespirationValue"`
	}
	Stress struct {
		List list[udsStressJSON] `json:"aggregatorList"`
	}
	Battery struct {
		Charged jv                       `json:"chargedValue"`
		Drained jv                       `json:"drainedValue"`
		Stats   list[udsBatteryStatJSON] `json:"bodyBatteryStatList"`
	}
	Hydration struct {
		CalendarDate jv `json:"calendarDate"`
		Drunk        jv `json:"valueInML"`
		Sweat        jv `json:"sweatLossInML"`
	}
}

type udsStressJSON struct {
	Type    jv `json:"type"`
	Average jv `json:"averageStressLevel"`
}

type udsBatteryStatJSON struct {
	Type  jv `json:"bodyBatteryStatType"`
	Value jv `json:"statsValue"`
}

type udsHandler struct {
	cur    udsJSON
	byDate map[time.Time]int // index in Export.DaySummary
}

func (h *udsHandler) begin() { h.cur = udsJSON{} }

func (h *udsHandler) field(k string) any {
	r := &h.cur
	switch k {
	case "calendardate":
		return &r.CalendarDate
	case "includeswellnessdata":
		return &r.Wellness
	case "restingheartrate":
		return &r.RestingHR
	case "currentdayrestingheartrate":
		return &r.CurrentDayRestingHR
	case "minheartrate":
		return &r.MinHR
	case "maxheartrate":
		return &r.MaxHR
	case "totalsteps":
		return &r.Steps
	case "averagestresslevel":
		return &r.StressTop
	case "avgwakingrespirationvalue":
		return &r.RespTop
	case "bodybatteryhighestvalue":
		return &r.BBHighTop
	case "bodybatterylowestvalue":
		return &r.BBLowTop
	case "bodybatterychargedvalue":
		return &r.BBChargedTop
	case "bodybatterydrainedvalue":
		return &r.BBDrainedTop
	case "bodybatterymostrecentvalue":
		return &r.BBLastTop
	case "respiration":
		return &r.Respiration
	case "alldaystress":
		return &r.Stress
	case "bodybattery":
		return &r.Battery
	case "hydration":
		return &r.Hydration
	}
	return nil
}

func (h *udsHandler) required() string   { return "calendarDate" }
func (h *udsHandler) keys() []string     { return []string{"restingHeartRate"} }
func (h *udsHandler) wrappers() []string { return []string{"udsfile"} }

func (h *udsHandler) end(c *conv) {
	r := &h.cur
	dv := &r.CalendarDate
	if !dv.present() && r.Hydration.CalendarDate.present() {
		// A record that holds only hydration dates it inside.
		dv = &r.Hydration.CalendarDate
	}
	date, ok := c.requireDate("calendarDate", dv)
	if !ok {
		return
	}
	x := DaySummary{Date: date,
		RestingHR: nan, MinHR: nan, MaxHR: nan, Stress: nan, StressAsleep: nan, StressAwake: nan,
		BBStart: nan, BBEnd: nan, BBHigh: nan, BBLow: nan, BBCharged: nan, BBDrained: nan,
		Steps: nan, Respiration: nan, HydrationL: nan, SweatLossL: nan,
	}
	hr := func(name string, v *jv) float64 { return c.in(name, "bpm", c.nz(name, v), hrLo, hrHi) }
	stress := func(name string, v *jv) float64 {
		return c.in(name, "", nonNegative(c.nz(name, v)), 0, 100)
	}
	battery := func(name string, v *jv) float64 { return c.in(name, "", c.num(name, v), 0, 100) }
	if w, ok := r.Wellness.boolean(); !ok || w {
		// includesWellnessData false: the watch was not worn, the zeros
		// are no values.
		rest := &r.RestingHR
		if !rest.present() {
			rest = &r.CurrentDayRestingHR
		}
		x.RestingHR = hr("restingHeartRate", rest)
		x.MinHR = hr("minHeartRate", &r.MinHR)
		x.MaxHR = hr("maxHeartRate", &r.MaxHR)
		x.Steps = c.in("totalSteps", "", c.num("totalSteps", &r.Steps), 0, 200000)
		for i := range r.Stress.List {
			a := &r.Stress.List[i]
			switch strings.ToUpper(a.Type.text()) {
			case "TOTAL":
				x.Stress = stress("allDayStress.TOTAL.averageStressLevel", &a.Average)
			case "ASLEEP":
				x.StressAsleep = stress("allDayStress.ASLEEP.averageStressLevel", &a.Average)
			case "AWAKE":
				x.StressAwake = stress("allDayStress.AWAKE.averageStressLevel", &a.Average)
			}
		}
		if math.IsNaN(x.Stress) {
			x.Stress = stress("averageStressLevel", &r.StressTop)
		}
		last := nan
		for i := range r.Battery.Stats {
			s := &r.Battery.Stats[i]
			typ := strings.ToUpper(s.Type.text())
			name := "bodyBatteryStatList." + typ
			switch typ {
			case "HIGHEST":
				x.BBHigh = battery(name, &s.Value)
			case "LOWEST":
				x.BBLow = battery(name, &s.Value)
			case "STARTOFDAY":
				x.BBStart = battery(name, &s.Value)
			case "ENDOFDAY":
				x.BBEnd = battery(name, &s.Value)
			case "MOSTRECENT":
				last = battery(name, &s.Value)
			}
		}
		if math.IsNaN(x.BBHigh) {
			x.BBHigh = battery("bodyBatteryHighestValue", &r.BBHighTop)
		}
		if math.IsNaN(x.BBLow) {
			x.BBLow = battery("bodyBatteryLowestValue", &r.BBLowTop)
		}
		if math.IsNaN(last) {
			last = battery("bodyBatteryMostRecentValue", &r.BBLastTop)
		}
		if math.IsNaN(x.BBEnd) {
			// The day not over when the export was made: its latest.
			x.BBEnd = last
		}
		charged, drained := &r.Battery.Charged, &r.Battery.Drained
		if !charged.present() {
			charged = &r.BBChargedTop
		}
		if !drained.present() {
			drained = &r.BBDrainedTop
		}
		x.BBCharged = c.in("bodyBattery.chargedValue", "", c.num("bodyBattery.chargedValue", charged), 0, 500)
		x.BBDrained = c.in("bodyBattery.drainedValue", "", c.num("bodyBattery.drainedValue", drained), 0, 500)
		resp := &r.Respiration.AvgWaking
		if !resp.present() {
			resp = &r.RespTop
		}
		x.Respiration = c.in("respiration.avgWakingRespirationValue", "breaths/min",
			c.nz("respiration.avgWakingRespirationValue", resp), respLo, respHi)
	}
	// Hydration: ml, 0 when nothing was logged or estimated.
	x.HydrationL = c.in("hydration.valueInML", "L", c.nz("hydration.valueInML", &r.Hydration.Drunk)/1000, 0, 20)
	x.SweatLossL = c.in("hydration.sweatLossInML", "L", c.nz("hydration.sweatLossInML", &r.Hydration.Sweat)/1000, 0, 20)

	vals := daySummaryValues(&x)
	if !said(derefAll(vals)...) {
		return
	}
	e := c.d.f.Export
	if i, ok := h.byDate[date]; ok {
		// Another record of the same day (one holds only hydration):
		// fill in what the first lacks.
		first := daySummaryValues(&e.DaySummary[i])
		for j, p := range first {
			if math.IsNaN(*p) {
				*p = *vals[j]
			}
		}
		return
	}
	h.byDate[date] = len(e.DaySummary)
	e.DaySummary = append(e.DaySummary, x)
	c.d.keep(sizeOf[DaySummary]() + 64) // and its map entry
}

// daySummaryValues returns pointers to the values of x, in a fixed order.
func daySummaryValues(x *DaySummary) []*float64 {
	return []*float64{&x.RestingHR, &x.MinHR, &x.MaxHR, &x.Stress, &x.StressAsleep, &x.StressAwake,
		&x.BBStart, &x.BBEnd, &x.BBHigh, &x.BBLow, &x.BBCharged, &x.BBDrained, &x.Steps,
		&x.Respiration, &x.HydrationL, &x.SweatLossL}
}

func derefAll(ps []*float64) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

func (h *udsHandler) finish(*exportDecoder) {}

// --- TrainingReadinessDTO ---

type readinessJSON struct {
	CalendarDate, Timestamp, Score, Level, Feedback, Context jv
	SleepF, RecoveryF, ACWRF, StressF, HRVF, SleepHistF      jv
	SleepScore, RecoveryTime, AcuteLoad, HRVWeekly           jv
}

type readinessHandler struct {
	cur    readinessJSON
	byDate map[time.Time]int // index in Export.Readiness
}

func (h *readinessHandler) begin() { h.cur = readinessJSON{} }

func (h *readinessHandler) field(k string) any {
	r := &h.cur
	switch k {
	case "calendardate":
		return &r.CalendarDate
	case "timestamp", "timestampgmt":
		return &r.Timestamp
	case "score":
		return &r.Score
	case "level":
		return &r.Level
	case "feedbackshort":
		return &r.Feedback
	case "inputcontext":
		return &r.Context
	case "sleepscorefactorpercent":
		return &r.SleepF
	case "recoverytimefactorpercent":
		return &r.RecoveryF
	case "acwrfactorpercent":
		return &r.ACWRF
	case "stresshistoryfactorpercent":
		return &r.StressF
	case "hrvfactorpercent":
		return &r.HRVF
	case "sleephistoryfactorpercent":
		return &r.SleepHistF
	case "sleepscore":
		return &r.SleepScore
	case "recoverytime":
		return &r.RecoveryTime
	case "acuteload":
		return &r.AcuteLoad
	case "hrvweeklyaverage":
		return &r.HRVWeekly
	}
	return nil
}

func (h *readinessHandler) required() string   { return "calendarDate" }
func (h *readinessHandler) keys() []string     { return []string{"score"} }
func (h *readinessHandler) wrappers() []string { return []string{"trainingreadinessdto"} }

// morning is the inputContext of the record Garmin computes on waking.
const morning = "AFTER_WAKEUP_RESET"

func (h *readinessHandler) end(c *conv) {
	r := &h.cur
	date, ok := c.requireDate("calendarDate", &r.CalendarDate)
	if !ok {
		return
	}
	pct := func(name string, v *jv) float64 { return c.in(name, "%", c.num(name, v), 0, 100) }
	g := GarminReadiness{
		Date:          date,
		Time:          c.instant("timestamp", &r.Timestamp),
		Score:         c.in("score", "", c.num("score", &r.Score), 0, 100),
		Level:         r.Level.text(),
		Feedback:      r.Feedback.text(),
		Sleep:         pct("sleepScoreFactorPercent", &r.SleepF),
		RecoveryTime:  pct("recoveryTimeFactorPercent", &r.RecoveryF),
		ACWR:          pct("acwrFactorPercent", &r.ACWRF),
		StressHistory: pct("stressHistoryFactorPercent", &r.StressF),
		HRV:           pct("hrvFactorPercent", &r.HRVF),
		SleepHistory:  pct("sleepHistoryFactorPercent", &r.SleepHistF),
		// A sleep score or a weekly HRV of 0 is none.
		SleepScore:      c.in("sleepScore", "", c.nz("sleepScore", &r.SleepScore), 0, 100),
		RecoveryTimeMin: c.in("recoveryTime", "min", c.num("recoveryTime", &r.RecoveryTime), 0, 7*24*60),
		AcuteLoad:       c.in("acuteLoad", "", c.num("acuteLoad", &r.AcuteLoad), 0, 10000),
		HRVWeekly:       c.in("hrvWeeklyAverage", "ms", c.nz("hrvWeeklyAverage", &r.HRVWeekly), rmssdLo, rmssdHi),
		Context:         r.Context.text(),
	}
	if !said(g.Score, g.Sleep, g.RecoveryTime, g.ACWR, g.StressHistory, g.HRV, g.SleepHistory,
		g.SleepScore, g.RecoveryTimeMin, g.AcuteLoad, g.HRVWeekly) && g.Level == "" {
		return
	}
	e := c.d.f.Export
	i, ok := h.byDate[date]
	if !ok {
		h.byDate[date] = len(e.Readiness)
		e.Readiness = append(e.Readiness, g)
		c.d.keep(sizeOf[GarminReadiness]() + uintptr(len(g.Level)+len(g.Feedback)+len(g.Context)) + 64)
		return
	}
	if preferReadiness(&g, &e.Readiness[i]) {
		e.Readiness[i] = g
	}
}

// preferReadiness reports whether a is the day's Training Readiness
// rather than b: the morning record (inputContext AFTER_WAKEUP_RESET)
// over the others, which Garmin computes again after exercise; between
// two of the same kind, the earlier (a record without a time counts as
// the latest).
func preferReadiness(a, b *GarminReadiness) bool {
	am, bm := strings.EqualFold(a.Context, morning), strings.EqualFold(b.Context, morning)
	if am != bm {
		return am
	}
	switch {
	case a.Time.IsZero():
		return false
	case b.Time.IsZero():
		return true
	}
	return a.Time.Before(b.Time)
}

func (h *readinessHandler) finish(*exportDecoder) {}

// --- MetricsAcuteTrainingLoad ---

type loadJSON struct {
	CalendarDate, Timestamp, Acute, Chronic, Ratio, Status jv
}

type loadHandler struct {
	cur    loadJSON
	byDate map[time.Time]int // index in Export.Load
}

func (h *loadHandler) begin() { h.cur = loadJSON{} }

func (h *loadHandler) field(k string) any {
	r := &h.cur
	switch k {
	case "calendardate":
		return &r.CalendarDate
	case "timestamp":
		return &r.Timestamp
	case "dailytrainingloadacute":
		return &r.Acute
	case "dailytrainingloadchronic":
		return &r.Chronic
	case "dailyacutechronicworkloadratio":
		return &r.Ratio
	case "acwrstatus":
		return &r.Status
	}
	return nil
}

func (h *loadHandler) required() string   { return "calendarDate" }
func (h *loadHandler) keys() []string     { return []string{"dailyTrainingLoadAcute"} }
func (h *loadHandler) wrappers() []string { return []string{"metricsacutetrainingload"} }

func (h *loadHandler) end(c *conv) {
	r := &h.cur
	date, ok := c.requireDate("calendarDate", &r.CalendarDate)
	if !ok {
		return
	}
	g := GarminLoad{
		Date:    date,
		Time:    c.instant("timestamp", &r.Timestamp),
		Acute:   c.in("dailyTrainingLoadAcute", "", c.num("dailyTrainingLoadAcute", &r.Acute), 0, 10000),
		Chronic: c.in("dailyTrainingLoadChronic", "", c.num("dailyTrainingLoadChronic", &r.Chronic), 0, 10000),
		Ratio:   c.in("dailyAcuteChronicWorkloadRatio", "", c.num("dailyAcuteChronicWorkloadRatio", &r.Ratio), 0, 10),
		Status:  r.Status.text(),
	}
	if g.Ratio == 0 && !(g.Chronic > 0) {
		g.Ratio = nan // no ratio without a chronic load
	}
	if !said(g.Acute, g.Chronic, g.Ratio) && g.Status == "" {
		return
	}
	e := c.d.f.Export
	i, ok := h.byDate[date]
	if !ok {
		h.byDate[date] = len(e.Load)
		e.Load = append(e.Load, g)
		c.d.keep(sizeOf[GarminLoad]() + uintptr(len(g.Status)) + 64)
		return
	}
	// The day's last record: the load after the day's training. A record
	// without a time counts as later than the one before it.
	if g.Time.IsZero() || !g.Time.Before(e.Load[i].Time) {
		e.Load[i] = g
	}
}

func (h *loadHandler) finish(*exportDecoder) {}

// --- summarizedActivities ---

type activityJSON struct {
	ID, ParentID, Parent                jv
	ChildIDs                            list[jv]
	Type, SportType                     jv
	Start, Begin, Local                 jv
	Duration, Moving, Elapsed           jv
	Distance, AvgHR, MaxHR, Calories    jv
	AerobicTE, AnaerobicTE, Load, Water jv
	AvgPower, MaxPower, ElevationGain   jv
}

// activityMeta is what the multisport rule needs of a kept session.
type activityMeta struct {
	id, parentID float64 // NaN when absent
	parent       bool
	children     []float64
}

type activityHandler struct {
	cur  activityJSON
	meta []activityMeta
}

func (h *activityHandler) begin() { h.cur = activityJSON{} }

func (h *activityHandler) field(k string) any {
	r := &h.cur
	switch k {
	case "activityid":
		return &r.ID
	case "parentid", "parentactivityid":
		return &r.ParentID
	case "parent", "ismultisportparent":
		return &r.Parent
	case "childids":
		return &r.ChildIDs
	case "activitytype":
		return &r.Type
	case "sporttype":
		return &r.SportType
	case "starttimegmt":
		return &r.Start
	case "begintimestamp":
		return &r.Begin
	case "starttimelocal":
		return &r.Local
	case "duration":
		return &r.Duration
	case "movingduration":
		return &r.Moving
	case "elapsedduration":
		return &r.Elapsed
	case "distance":
		return &r.Distance
	case "avghr", "averagehr":
		return &r.AvgHR
	case "maxhr":
		return &r.MaxHR
	case "calories":
		return &r.Calories
	case "aerobictrainingeffect":
		return &r.AerobicTE
	case "anaerobictrainingeffect":
		return &r.AnaerobicTE
	case "activitytrainingload":
		return &r.Load
	case "waterestimated":
		return &r.Water
	case "avgpower", "averagepower":
		return &r.AvgPower
	case "maxpower":
		return &r.MaxPower
	case "elevationgain":
		return &r.ElevationGain
	}
	return nil
}

func (h *activityHandler) required() string { return "startTimeGmt" }
func (h *activityHandler) keys() []string   { return nil }
func (h *activityHandler) wrappers() []string {
	return []string{"summarizedactivitiesexport", "summarizedactivities"}
}

func (h *activityHandler) end(c *conv) {
	r := &h.cur
	startV := &r.Start
	if !startV.present() {
		startV = &r.Begin
	}
	if !startV.present() {
		c.d.miss("startTimeGmt", c.rec)
		return
	}
	start, ok := startV.instant()
	if !ok {
		c.drop("startTimeGmt %s is not a time", startV.quoted())
		return
	}
	s := newSession()
	s.Summary = true
	s.Start = start
	typeKey := r.Type.text()
	s.Sport, s.SubSport = exportSport(typeKey, r.SportType.text())
	ms := func(name string, v *jv) float64 { return c.in(name, "s", c.num(name, v)/1000, 0, week) }
	s.Timer = ms("duration", &r.Duration)
	moving := ms("movingDuration", &r.Moving)
	if math.IsNaN(s.Timer) {
		s.Timer = moving
	}
	s.Elapsed = ms("elapsedDuration", &r.Elapsed)
	s.Distance = c.in("distance", "m", c.num("distance", &r.Distance)/100, 0, 5e6) // centimetres
	s.AvgHR = c.in("avgHr", "bpm", c.nz("avgHr", &r.AvgHR), hrLo, hrHi)
	s.MaxHR = c.in("maxHr", "bpm", c.nz("maxHr", &r.MaxHR), hrLo, hrHi)
	s.Calories = c.in("calories", "kcal", c.nz("calories", &r.Calories), 0, 50000)
	s.AerobicTE = c.in("aerobicTrainingEffect", "", c.num("aerobicTrainingEffect", &r.AerobicTE), 0, 5)
	s.AnaerobicTE = c.in("anaerobicTrainingEffect", "", c.num("anaerobicTrainingEffect", &r.AnaerobicTE), 0, 5)
	s.EPOC = c.in("activityTrainingLoad", "", c.num("activityTrainingLoad", &r.Load), 0, 10000)
	s.SweatLoss = c.in("waterEstimated", "L", c.nz("waterEstimated", &r.Water)/1000, 0, 20) // ml
	s.AvgPower = c.in("avgPower", "W", c.nz("avgPower", &r.AvgPower), 0, 3000)
	s.MaxPower = c.in("maxPower", "W", c.nz("maxPower", &r.MaxPower), 0, 5000)
	s.Ascent = c.in("elevationGain", "m", c.num("elevationGain", &r.ElevationGain)/100, 0, 100000) // centimetres
	// The summary's speed fields have an undocumented scale: the average
	// comes from the distance and the moving time.
	if t := cmpNaN(moving, s.Timer); s.Distance > 0 && t > 0 {
		s.AvgSpeed = c.in("average speed", "m/s", s.Distance/t, 0, 100)
	}
	if local, ok := r.Local.instant(); ok && r.Local.kind == 'n' {
		// startTimeLocal is the local wall clock written as if it were
		// UTC: the difference is the offset.
		off := local.Sub(start).Round(time.Minute)
		if off >= -maxUTCOffset*time.Second && off <= maxUTCOffset*time.Second {
			s.LocalOffset, s.HasLocalOffset = off, true
		}
	}

	m := activityMeta{id: nan, parentID: nan}
	if id, ok := r.ID.number(); ok {
		m.id = id
	}
	if id, ok := r.ParentID.number(); ok {
		m.parentID = id
	}
	isParent, _ := r.Parent.boolean()
	m.parent = isParent || strings.EqualFold(typeKey, "multi_sport") || strings.EqualFold(r.SportType.text(), "MULTISPORT")
	for i := range r.ChildIDs {
		if id, ok := r.ChildIDs[i].number(); ok {
			m.children = append(m.children, id)
		}
	}
	e := c.d.f
	e.Sessions = append(e.Sessions, s)
	h.meta = append(h.meta, m)
	c.d.keep(sizeOf[Session]() + sizeOf[activityMeta]() + uintptr(8*len(m.children)))
}

// cmpNaN returns a, or b when a is NaN.
func cmpNaN(a, b float64) float64 {
	if math.IsNaN(a) {
		return b
	}
	return a
}

// finish drops the parent records of multisport activities whose legs are
// in the file (the legs repeat what the parent sums up), and sets the
// file's local offset to the one most of its activities have.
func (h *activityHandler) finish(d *exportDecoder) {
	f := d.f
	ids := map[float64]bool{}
	parents := map[float64]bool{}
	for _, m := range h.meta {
		if !math.IsNaN(m.id) {
			ids[m.id] = true
		}
		if !math.IsNaN(m.parentID) {
			parents[m.parentID] = true
		}
	}
	// The starts of the sessions that are no parent, in order, for the
	// last rule below (a scan of all sessions for each parent would take
	// quadratic time).
	var legs []time.Time
	for i, m := range h.meta {
		if !m.parent {
			legs = append(legs, f.Sessions[i].Start)
		}
	}
	slices.SortFunc(legs, time.Time.Compare)
	drop := make([]bool, len(f.Sessions))
	for i, m := range h.meta {
		if !m.parent {
			continue
		}
		switch {
		case !math.IsNaN(m.id) && parents[m.id]:
			drop[i] = true // a leg names it as its parent
		case slices.ContainsFunc(m.children, func(id float64) bool { return ids[id] }):
			drop[i] = true // it names a leg in the file
		default:
			// Neither says: a leg is an activity that starts within the
			// parent's span.
			p := &f.Sessions[i]
			end := p.End()
			k, _ := slices.BinarySearchFunc(legs, p.Start.Add(-time.Second), time.Time.Compare)
			drop[i] = end.After(p.Start) && k < len(legs) && !legs[k].After(end.Add(time.Second))
		}
	}
	kept := f.Sessions[:0]
	offsets := map[time.Duration]int{}
	var best time.Duration
	for i := range f.Sessions {
		if drop[i] {
			d.kept--
			continue
		}
		s := f.Sessions[i]
		kept = append(kept, s)
		if s.HasLocalOffset {
			offsets[s.LocalOffset]++
			if n := offsets[s.LocalOffset]; n > offsets[best] || n == offsets[best] && !f.HasLocalOffset {
				best = s.LocalOffset
			}
			f.HasLocalOffset = true
		}
	}
	f.Sessions = kept
	if f.HasLocalOffset {
		f.LocalOffset = best
	}
	h.meta = nil
}

// exportSports maps Garmin Connect's activity type keys to the FIT
// profile's sport and sub-sport names that Session.Sport and SubSport
// hold; a key that is itself a sport name maps to that sport. Others fall
// back on sportType, then on "generic".
var exportSports = map[string][2]string{
	"street_running":    {"running", "street"},
	"track_running":     {"running", "track"},
	"trail_running":     {"running", "trail"},
	"treadmill_running": {"running", "treadmill"},
	"indoor_running":    {"running", "indoor_running"},
	"ultra_run":         {"running", "ultra"},
	"virtual_run":       {"running", "virtual_activity"},
	"obstacle_run":      {"running", "obstacle"},

	"road_biking":         {"cycling", "road"},
	"mountain_biking":     {"cycling", "mountain"},
	"gravel_cycling":      {"cycling", "gravel_cycling"},
	"indoor_cycling":      {"cycling", "indoor_cycling"},
	"virtual_ride":        {"cycling", "virtual_activity"},
	"cyclocross":          {"cycling", "cyclocross"},
	"track_cycling":       {"cycling", "track_cycling"},
	"recumbent_cycling":   {"cycling", "recumbent"},
	"bmx":                 {"cycling", "bmx"},
	"downhill_biking":     {"cycling", "downhill"},
	"hand_cycling":        {"cycling", "hand_cycling"},
	"indoor_hand_cycling": {"cycling", "indoor_hand_cycling"},
	"e_bike_fitness":      {"e_biking", "e_bike_fitness"},
	"e_bike_mountain":     {"e_biking", "e_bike_mountain"},

	"lap_swimming":        {"swimming", "lap_swimming"},
	"open_water_swimming": {"swimming", "open_water"},

	"casual_walking": {"walking", "casual_walking"},
	"speed_walking":  {"walking", "speed_walking"},
	"indoor_walking": {"walking", "indoor_walking"},

	"strength_training":    {"training", "strength_training"},
	"indoor_cardio":        {"training", "cardio_training"},
	"cardio":               {"training", "cardio_training"},
	"cardio_training":      {"training", "cardio_training"},
	"yoga":                 {"training", "yoga"},
	"pilates":              {"training", "pilates"},
	"breathwork":           {"training", "breathing"},
	"flexibility_training": {"training", "flexibility_training"},

	"elliptical":     {"fitness_equipment", "elliptical"},
	"stair_climbing": {"fitness_equipment", "stair_climbing"},
	"indoor_rowing":  {"rowing", "indoor_rowing"},

	"multi_sport":          {"multisport", ""},
	"transition_v2":        {"transition", ""},
	"swimtobiketransition": {"transition", "swim_to_bike_transition"},
	"biketoruntransition":  {"transition", "bike_to_run_transition"},
	"runtobiketransition":  {"transition", "run_to_bike_transition"},

	"cross_country_skiing":            {"cross_country_skiing", ""},
	"skate_skiing":                    {"cross_country_skiing", "skate_skiing"},
	"resort_skiing_snowboarding":      {"alpine_skiing", "resort"},
	"backcountry_skiing_snowboarding": {"alpine_skiing", "backcountry"},
	"backcountry_skiing":              {"alpine_skiing", "backcountry"},
	"bouldering":                      {"rock_climbing", "bouldering"},
	"indoor_climbing":                 {"rock_climbing", "indoor_climbing"},
	"other":                           {"generic", ""},
}

// exportSport returns the sport and sub-sport of an activity from its
// activityType key and sportType.
func exportSport(typeKey, sportType string) (string, string) {
	k := strings.ToLower(strings.TrimSpace(typeKey))
	// Winter sports carry a "_ws" suffix, some types a version.
	k = strings.TrimSuffix(strings.TrimSuffix(k, "_ws"), "_v2")
	if k == "transition" {
		return "transition", ""
	}
	if m, ok := exportSports[k]; ok {
		return m[0], m[1]
	}
	if m, ok := exportSports[k+"_v2"]; ok {
		return m[0], m[1]
	}
	if isSportName(k) {
		return k, ""
	}
	if st := strings.ToLower(strings.TrimSpace(sportType)); isSportName(st) {
		return st, ""
	}
	return "generic", ""
}

// sportNames holds SportNames, for exportSport.
var sportNames = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range SportNames() {
		m[s] = true
	}
	return m
}()

func isSportName(s string) bool { return sportNames[s] }

// --- user_profile.json ---

type profileJSON struct {
	BirthDate, Gender, Weight, Height jv
	UserData                          *profileJSON
}

type profileHandler struct {
	cur profileJSON
}

func (h *profileHandler) begin() { h.cur = profileJSON{} }

func (h *profileHandler) field(k string) any {
	r := &h.cur
	switch k {
	case "birthdate":
		return &r.BirthDate
	case "gender":
		return &r.Gender
	case "weight":
		return &r.Weight
	case "height":
		return &r.Height
	case "userdata":
		return &r.UserData
	}
	return nil
}

func (h *profileHandler) required() string   { return "" }
func (h *profileHandler) keys() []string     { return nil }
func (h *profileHandler) wrappers() []string { return nil }

func (h *profileHandler) end(c *conv) {
	r := &h.cur
	pick := func(get func(*profileJSON) *jv) *jv {
		if v := get(r); v.present() || r.UserData == nil {
			return v
		}
		return get(r.UserData)
	}
	u := UserProfile{Age: nan, Weight: nan, Height: nan, RestingHR: nan, MaxHR: nan}
	switch strings.ToUpper(pick(func(p *profileJSON) *jv { return &p.Gender }).text()) {
	case "MALE", "M":
		u.Sex = "male"
	case "FEMALE", "F":
		u.Sex = "female"
	}
	// Garmin keeps the body mass in grams and the height in centimetres;
	// a value that is already in kg or m is taken as it is.
	if w := c.nz("weight", pick(func(p *profileJSON) *jv { return &p.Weight })); w > 1000 {
		u.Weight = c.in("weight", "kg", w/1000, 2, 650)
	} else {
		u.Weight = c.in("weight", "kg", w, 2, 650)
	}
	if ht := c.nz("height", pick(func(p *profileJSON) *jv { return &p.Height })); ht > 3 {
		u.Height = c.in("height", "m", ht/100, 0.4, 2.8)
	} else {
		u.Height = c.in("height", "m", ht, 0.4, 2.8)
	}
	var birth time.Time
	if b := pick(func(p *profileJSON) *jv { return &p.BirthDate }); b.present() {
		if t, ok := c.date("birthDate", b); ok {
			if t.Year() < 1900 || t.After(time.Now()) {
				c.in("birthDate", "", float64(t.Year()), 1900, float64(time.Now().Year()))
			} else {
				birth = t
			}
		}
	}
	if u.Sex == "" && !said(u.Weight, u.Height) && birth.IsZero() {
		return
	}
	f := c.d.f
	f.Export.BirthDate = birth
	f.UserProfiles = append(f.UserProfiles, u)
	c.d.keep(sizeOf[UserProfile]())
}

func (h *profileHandler) finish(*exportDecoder) {}
