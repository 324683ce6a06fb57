package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/bounceback/bounceback/fitparse"

	"github.com/bounceback/bounceback/analysis/load"
)

// The load model's own rules.
const (
	// LongGapDays: a break of at least this many days without a workout
	// restarts the ACWR's windows, which must then fill again (load.AcuteDays +
	// load.ChronicDays days from the first workout after the break) before the
	// ratio is defined (our default: detraining starts after 2 to 4 weeks
	// off, Mujika & Padilla 2000).
	LongGapDays = 14
	// StaleDays: when the last workout is more than this many days before
	// the as-of day, every output says so first (our default); after
	// breakDays without a workout the readiness has low confidence and
	// advises a gradual return, never a hard session (our default, after
	// the 2–4 weeks of detraining above).
	staleDays = 7
	breakDays = 28
	// SeedDays is the window of the optional CTL seed: CTL and ATL start
	// at the mean daily load of the first SeedDays days from the first
	// workout instead of 0 (our option; the published convention starts
	// at 0, see [LoadOptions.Seed]).
	SeedDays = 28
)

// ACWRFloor is, by load metric, the lowest chronic load (mean load a day
// of the chronic window, or its EWMA) for which the ACWR is defined:
// below it the ratio divides by almost nothing (after a long break the
// chronic EWMA decays towards 0 and the ratio towards infinity). It is
// about one easy hour a week (our default).
var ACWRFloor = map[string]float64{LoadTRIMP: 10, LoadHRSS: 7.5}

// LoadConvention names the fitness/fatigue discretization, for outputs.
var LoadConvention = fmt.Sprintf("CTL τ %d d, ATL τ %d d, GoldenCheetah's discretization "+
	"X = load·(1 − e^(−1/τ)) + X(day before)·e^(−1/τ); TSB = CTL − ATL of the day before", load.CTLDays, load.ATLDays)

// This file builds the block's load model (Block.Days, Weeks) from the
// sessions; readiness.go scores each day.

// workout is one session of the load model: a workout (not an HRV reading)
// with a start time, placed on its local day.
type workout struct {
	s *SessionSummary
	// day is the index of its local day in the model; start and end are
	// wall-clock seconds (the local time read as UTC).
	day        int
	start, end float64
	load       float64
}

// model is the block's daily series, one entry per day from first.
type model struct {
	first  time.Time
	n      int
	metric string
	seed   float64 // the CTL and ATL the model started from
	ws     []workout

	load, timer               []float64
	distance                  []Distances
	sessions                  []int
	acwrNote                  []string
	lastW                     []int // the last day up to each with a workout, -1 before the first
	ctl, atl, tsb, ramp       []float64
	acwr, acwrEWMA            []float64
	monotony, strain          []float64
	owed, garmin              []float64 // at the end of the day, hours
	garminLatest              []bool    // the latest workout so far has Garmin's recovery time
	firstWorkout              int       // day index of the first workout; -1 without one
	hard                      []string  // the day's hardest workout when it was hard, "" else
	ln, hrvMean, hrvLo, hrvHi []float64
	rest, restLo, restHi      []float64
	sleep                     []float64
	sleepH                    []float64 // the night's sleep time, hours (export)
	garminReady               []*fitparse.GarminReadiness
	gAcute, gChronic          []float64
	wellness, hrvDays         []int // days with Garmin wellness values / HRV in the Long window
}

// modelled is what blockModel returns: the days and weeks shown, the
// as-of day's readiness and what the data's end says.
type modelled struct {
	days        []Day
	weeks       []Week
	readiness   *Readiness
	lastData    time.Time
	lastWorkout time.Time
	stale       bool
	staleNote   string
}

// blockModel computes the load model and the readiness of every day.
// kept are the block's files with the sessions the filter keeps and their
// metrics; files are the block's inputs (as of Options.AsOf), so that the
// model sees the sessions the date filter drops: the filter's dates bound
// the days and weeks shown, never the history the model uses; its sport
// applies. Sessions the filter drops get their metrics computed here (r,
// th), on copies. daily is the daily series over every day.
func blockModel(kept, files []FileSummary, daily []Daily, src DailySources, r *resolver, th classThresholds, opts Options) modelled {
	var out modelled
	m := &model{metric: opts.Load.Metric, firstWorkout: -1}
	if m.metric != LoadHRSS {
		m.metric = LoadTRIMP
	}
	type placed struct {
		s          *SessionSummary
		day        time.Time
		start, end float64
	}
	var ps []placed
	sport := Filter{Sports: opts.Filter.Sports}
	for i := range files {
		f := &files[i]
		if f.Status == fitparse.Skipped {
			continue
		}
		k := 0
		for j := range f.Sessions {
			s := &f.Sessions[j]
			var ms *SessionSummary
			if opts.Filter.Keep(f, s) {
				ms = &kept[i].Sessions[k]
				k++
			} else if sport.Keep(f, s) {
				c := *s
				c.Metrics = measure(&c, r, th)
				ms = &c
			} else {
				continue
			}
			if ms.Class.Reading || ms.Start.IsZero() || !ms.Counted() {
				continue
			}
			local, _ := f.Local(ms.Start)
			wall := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(),
				local.Second(), local.Nanosecond(), time.UTC)
			start := unixSeconds(wall)
			d := ms.Elapsed
			if !(d > 0) {
				d = ms.Timer
			}
			if !(d > 0) {
				d = 0
			}
			ps = append(ps, placed{ms, civilDay(local), start, start + d})
		}
	}

	// The days: from the first session or daily value to the as-of day.
	var first, last time.Time
	see := func(d time.Time) {
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if last.IsZero() || d.After(last) {
			last = d
		}
	}
	for _, p := range ps {
		see(p.day)
	}
	for _, d := range daily {
		see(d.Date)
	}
	if first.IsZero() {
		return out
	}
	lastData := last
	if !opts.AsOf.IsZero() {
		last = civilDay(opts.AsOf)
		if last.Before(first) {
			return out
		}
	}
	m.first = first
	m.n = dayIndex(first, last) + 1
	for _, p := range ps {
		load := p.s.TRIMP
		if m.metric == LoadHRSS {
			load = p.s.HRSS
		}
		if !has(load) || load < 0 {
			load = 0
		}
		m.ws = append(m.ws, workout{s: p.s, day: dayIndex(first, p.day), start: p.start, end: p.end, load: load})
	}
	sort.SliceStable(m.ws, func(i, j int) bool {
		if m.ws[i].day != m.ws[j].day {
			return m.ws[i].day < m.ws[j].day
		}
		return m.ws[i].end < m.ws[j].end
	})
	m.loadSeries(opts.Load.Seed)
	m.recovery()
	m.dailySeries(daily, src)
	out.lastData = lastData
	if m.firstWorkout >= 0 {
		lw := m.lastWorkout(m.n - 1)
		out.lastWorkout = m.first.AddDate(0, 0, lw)
		if since := m.n - 1 - lw; since > staleDays {
			out.stale = true
			out.staleNote = fmt.Sprintf("no workout since %s, %d days before %s: the load and readiness describe a break",
				out.lastWorkout.Format(time.DateOnly), since, last.Format(time.DateOnly))
		}
	}

	// Readiness for every day (the history), in full for the as-of day.
	scores := make([]dayReadiness, m.n)
	for i := range m.n {
		scores[i] = m.readiness(i)
	}
	out.readiness = m.explain(m.n-1, scores[m.n-1])

	lo, hi := 0, m.n-1
	if s := opts.Filter.Since; !s.IsZero() {
		lo = max(lo, dayIndex(first, civilDay(s)))
	}
	if u := opts.Filter.Until; !u.IsZero() {
		hi = min(hi, dayIndex(first, civilDay(u)))
	}
	for i := lo; i <= hi; i++ {
		out.days = append(out.days, m.day(i, scores[i]))
	}
	// After a break (a stale block) the weeks end with the last data:
	// empty weeks up to the as-of day say nothing.
	wh := hi
	if out.stale {
		wh = min(hi, dayIndex(first, lastData))
	}
	if lo <= wh {
		out.weeks = m.weeks(lo, wh, scores)
	}
	return out
}

// lastWorkout returns the index of the last day up to i with a workout,
// or -1.
func (m *model) lastWorkout(i int) int {
	if i < len(m.lastW) {
		return m.lastW[i]
	}
	for ; i >= 0; i-- { // a model made by hand, without lastW
		if i < len(m.sessions) && m.sessions[i] > 0 {
			return i
		}
	}
	return -1
}

// dayIndex returns the number of days from first to d (both civil days).
func dayIndex(first, d time.Time) int {
	return int(math.Round(d.Sub(first).Hours() / 24))
}

// loadSeries computes the daily load and the series built on it; seed
// starts CTL and ATL at the mean load of the first SeedDays days from the
// first workout ([LoadOptions.Seed]).
func (m *model) loadSeries(seed bool) {
	n := m.n
	m.load, m.timer, m.distance = make([]float64, n), make([]float64, n), make([]Distances, n)
	m.sessions = make([]int, n)
	m.hard = make([]string, n)
	hardness := make([]int, n)
	for _, w := range m.ws {
		if w.day < 0 || w.day >= n {
			continue
		}
		if m.firstWorkout < 0 || w.day < m.firstWorkout {
			m.firstWorkout = w.day
		}
		m.load[w.day] += w.load
		m.sessions[w.day]++
		if has(w.s.Timer) {
			m.timer[w.day] += w.s.Timer
		}
		m.distance[w.day].Add(w.s.Sport, w.s.Distance)
		if h, name := hardSession(w.s); h > hardness[w.day] {
			hardness[w.day], m.hard[w.day] = h, name
		}
	}
	m.ctl, m.atl, m.tsb = load.FitnessFatigue(m.load, 0)
	if seed && m.firstWorkout >= 0 {
		from := m.firstWorkout
		to := min(n, from+SeedDays)
		sum := 0.0
		for _, x := range m.load[from:to] {
			sum += x
		}
		m.seed = sum / SeedDays
		c, a, t := load.FitnessFatigue(m.load[from:], m.seed)
		copy(m.ctl[from:], c)
		copy(m.atl[from:], a)
		copy(m.tsb[from:], t)
	}
	m.ramp = make([]float64, n)
	for i := range m.ramp {
		m.ramp[i] = nan
		if i >= 7 {
			m.ramp[i] = m.ctl[i] - m.ctl[i-7]
		}
	}
	floor := ACWRFloor[m.metric]
	m.acwr, m.acwrEWMA = load.ACWR(m.load, floor)
	m.acwrNote = make([]string, n)
	// The windows restart at the first workout and after every break of
	// LongGapDays: until they have filled again the ratio compares the
	// load with a chronic load the files do not hold.
	window := load.AcuteDays + load.ChronicDays
	since, gap, run := -1, 0, -1 // days since the start of the run of training, days without workout
	for i := range n {
		switch {
		case m.sessions[i] > 0:
			if run < 0 || gap >= LongGapDays {
				run = i
			}
			gap = 0
		case run >= 0:
			gap++
		}
		if run >= 0 {
			since = i - run
		}
		switch {
		case run < 0:
			m.acwrNote[i] = "no workout yet"
		case since+1 < window:
			what := "the first workout"
			if run != m.firstWorkout {
				what = "the break before " + m.first.AddDate(0, 0, run).Format(time.DateOnly)
			}
			m.acwrNote[i] = fmt.Sprintf("only %d of the %d days it needs since %s", since+1, window, what)
		case math.IsNaN(m.acwr[i]) || math.IsNaN(m.acwrEWMA[i]):
			m.acwrNote[i] = fmt.Sprintf("the chronic load is below %g %s a day", floor, strings.ToUpper(m.metric))
		}
		if m.acwrNote[i] != "" {
			m.acwr[i], m.acwrEWMA[i] = nan, nan
		} else if m.acwr[i] == load.ACWRCap || m.acwrEWMA[i] == load.ACWRCap {
			m.acwrNote[i] = fmt.Sprintf("capped at %d: the chronic load is small", load.ACWRCap)
		}
	}
	m.monotony, m.strain = load.Monotony(m.load)
	m.lastW = make([]int, n)
	last := -1
	for i := range n {
		if m.sessions[i] > 0 {
			last = i
		}
		m.lastW[i] = last
	}
}

// hardSession says whether s was a hard day's work for the sleep advice:
// a race, a long session or a class from threshold up; the rank orders
// them and the name says which.
func hardSession(s *SessionSummary) (int, string) {
	switch {
	case s.Class.Race:
		return 4, "race"
	case s.Class.Class >= Threshold && s.Class.Class <= Anaerobic:
		return 3, s.Class.Class.String() + " session"
	case s.Class.Long:
		return 2, "long session"
	}
	return 0, ""
}

// recovery computes the recovery owed at the end of each day: by our model
// (see recoveryMinH) and by Garmin's recovery times counted down from
// each session's end.
func (m *model) recovery() {
	n := m.n
	m.owed, m.garmin, m.garminLatest = make([]float64, n), make([]float64, n), make([]bool, n)
	ref := recoveryRefLoad[m.metric]
	hours := make([]float64, len(m.ws))
	lo := 0
	var window []float64
	for k := range m.ws {
		w := &m.ws[k]
		for lo < k && m.ws[lo].end < w.start-recoveryRefDays*86400 {
			lo++
		}
		window = window[:0]
		for j := lo; j < k; j++ {
			if m.ws[j].end <= w.start {
				window = append(window, m.ws[j].load)
			}
		}
		r := ref
		if len(window) >= recoveryRefMin {
			r = median(window)
		}
		hours[k] = recoveryHours(w.load, r, w.s.Class.Class, w.s.Class.Race)
	}
	var owed, owedT, g, gT float64
	seen, gSeen, latest := false, false, false
	k := 0
	for i := range n {
		for ; k < len(m.ws) && m.ws[k].day <= i; k++ {
			w := &m.ws[k]
			if seen {
				owed = math.Max(0, owed-math.Max(0, w.end-owedT)/3600)
			}
			owed, owedT, seen = addRecovery(owed, hours[k]), math.Max(owedT, w.end), true
			latest = has(w.s.RecoveryTime) && w.s.RecoveryTime >= 0
			if latest {
				g, gT, gSeen = w.s.RecoveryTime/60, w.end, true
			}
		}
		end := unixSeconds(m.first.AddDate(0, 0, i+1))
		m.owed[i] = 0
		if seen {
			m.owed[i] = math.Max(0, owed-math.Max(0, end-owedT)/3600)
		}
		m.garmin[i] = nan
		if gSeen {
			m.garmin[i] = math.Max(0, g-math.Max(0, end-gT)/3600)
		}
		m.garminLatest[i] = latest
	}
}

// dailySeries aligns the daily recovery series with the model's days,
// with their baselines, which it carries on over the days after the
// series ends (up to the as-of day) by rollingBaseline.
func (m *model) dailySeries(ds []Daily, src DailySources) {
	n := m.n
	m.ln, m.rest, m.sleep, m.sleepH = nanSlice(n), nanSlice(n), nanSlice(n), nanSlice(n)
	m.garminReady, m.gAcute, m.gChronic = make([]*fitparse.GarminReadiness, n), nanSlice(n), nanSlice(n)
	m.hrvMean, m.hrvLo, m.hrvHi = nanSlice(n), nanSlice(n), nanSlice(n)
	m.restLo, m.restHi = nanSlice(n), nanSlice(n)
	well := make([]bool, n)
	end := 0 // the days from end on are after the daily series
	for _, d := range ds {
		i := dayIndex(m.first, d.Date)
		if i < 0 || i >= n {
			continue
		}
		m.ln[i], m.rest[i], m.sleep[i], m.sleepH[i] = d.LnRMSSD, d.RestingHR, d.SleepScore, d.Sleep.V
		m.garminReady[i], m.gAcute[i], m.gChronic[i] = d.GarminReadiness, d.GarminAcute, d.GarminChronic
		m.hrvMean[i], m.hrvLo[i], m.hrvHi[i] = d.HRVMean7, d.HRVLow, d.HRVHigh
		m.restLo[i], m.restHi[i] = d.RestingLow, d.RestingHigh
		well[i] = wellnessDay(&d, src)
		end = max(end, i+1)
	}
	bl := defaultBaselines
	if end > 0 && end < n {
		// The baselines go on after the last value (until too few
		// values are left in their windows); a window reaches bl.Long
		// days back at most.
		from := max(0, end-bl.Long)
		mean, lo, hi := rollingBaseline(m.ln[from:], bl)
		copy(m.hrvMean[end:], mean[end-from:])
		copy(m.hrvLo[end:], lo[end-from:])
		copy(m.hrvHi[end:], hi[end-from:])
		_, lo, hi = rollingBaseline(m.rest[from:], bl)
		copy(m.restLo[end:], lo[end-from:])
		copy(m.restHi[end:], hi[end-from:])
	}
	m.wellness, m.hrvDays = make([]int, n), make([]int, n)
	var wSum, hSum int
	for i := range n {
		if well[i] {
			wSum++
		}
		if has(m.ln[i]) {
			hSum++
		}
		if j := i - bl.Long; j >= 0 {
			if well[j] {
				wSum--
			}
			if has(m.ln[j]) {
				hSum--
			}
		}
		m.wellness[i], m.hrvDays[i] = wSum, hSum
	}
}

// wellnessDay reports whether d has a value from Garmin's wellness files
// or its account export: a sleep score or sleep time, stress, Body
// Battery, an HRV status, overnight HRV or Garmin's resting HR.
func wellnessDay(d *Daily, src DailySources) bool {
	garmin := func(name string) bool {
		return name == dailyOvernight || name == dailyExportHRV || name == dailyMonitoring || name == dailyExportRest
	}
	return has(d.SleepScore) || d.GarminStatus != "" || has(d.Sleep.V) || has(d.Stress.V) || has(d.BodyBattery.V) ||
		(garmin(src.HRV) && has(d.LnRMSSD)) || (garmin(src.OtherHRV) && has(d.OtherLnRMSSD)) ||
		(garmin(src.RestingHR) && has(d.RestingHR)) || (garmin(src.OtherRestingHR) && has(d.OtherRestingHR))
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = nan
	}
	return s
}

// day returns day i of the model.
func (m *model) day(i int, r dayReadiness) Day {
	return Day{
		Date:                m.first.AddDate(0, 0, i),
		Load:                m.load[i],
		Sessions:            m.sessions[i],
		Timer:               m.timer[i],
		Distance:            m.distance[i],
		CTL:                 m.ctl[i],
		ATL:                 m.atl[i],
		TSB:                 m.tsb[i],
		Form:                FormOf(m.tsb[i]),
		Ramp:                m.ramp[i],
		ACWR:                m.acwr[i],
		ACWREWMA:            m.acwrEWMA[i],
		ACWRNote:            m.acwrNote[i],
		Monotony:            m.monotony[i],
		Strain:              m.strain[i],
		RecoveryOwedH:       m.owed[i],
		GarminRecoveryOwedH: m.garmin[i],
		Readiness:           r.score,
		Band:                BandOf(r.score),
		Advice:              r.advice,
		RestDays:            load.RestDays(m.ctl[i], m.atl[i]),
		GarminReadiness:     garminScore(m.garminReady[i]),
		GarminAcute:         m.gAcute[i],
		GarminChronic:       m.gChronic[i],
	}
}

// garminScore is the score of Garmin's readiness g, NaN without one.
func garminScore(g *fitparse.GarminReadiness) float64 {
	if g == nil {
		return nan
	}
	return g.Score
}

// weeks returns the calendar weeks (Monday to Sunday) that hold days lo to
// hi. A week's totals and Seiler split cover all its days of the model,
// its Monotony, Strain, CTL, ATL and TSB are those of its last day in the
// model and its Readiness the mean over its days.
func (m *model) weeks(lo, hi int, scores []dayReadiness) []Week {
	monday := func(i int) int { // index of the Monday of day i's week
		wd := (int(m.first.AddDate(0, 0, i).Weekday()) + 6) % 7
		return i - wd
	}
	var out []Week
	for start := monday(lo); start <= hi; start += 7 {
		w := Week{Start: m.first.AddDate(0, 0, start), ClassLoad: map[string]float64{}}
		a, z := max(start, 0), min(start+6, m.n-1)
		var rSum float64
		var rN int
		for i := a; i <= z; i++ {
			w.Load += m.load[i]
			w.Timer += m.timer[i]
			w.Distance.plus(m.distance[i])
			w.Sessions += m.sessions[i]
			if m.sessions[i] > 0 {
				w.Days++
			}
			if s := scores[i].score; has(s) {
				rSum += s
				rN++
			}
		}
		for _, wk := range m.ws {
			if wk.day < a || wk.day > z {
				continue
			}
			s := wk.s
			w.ClassLoad[s.Class.Class.String()] += wk.load
			for k := range 5 {
				w.ZoneSeconds[k] += s.ZoneSeconds[k]
			}
			for k := range 3 {
				w.Seiler[k] += s.Seiler[k]
			}
			if s.SeilerFrom == seilerDFA {
				w.SeilerDFA++
			}
		}
		w.PolarizationIndex = load.PolarizationIndex(w.Seiler)
		w.Monotony, w.Strain = m.monotony[z], m.strain[z]
		if w.Sessions == 0 {
			w.Monotony, w.Strain = nan, nan
		}
		w.CTL, w.ATL, w.TSB = m.ctl[z], m.atl[z], m.tsb[z]
		w.Form = FormOf(w.TSB)
		w.Readiness = nan
		if rN > 0 {
			w.Readiness = rSum / float64(rN)
		}
		out = append(out, w)
	}
	return out
}
