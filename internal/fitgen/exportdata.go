package fitgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file builds the values and the JSON records of the demo account
// export (see export.go). Every value comes from the generator's state:
// the nights (nightFor and their draws, as the wellness FIT files are
// written from them), the sessions as encoded (legSummary), the block's
// fatigue, and per-day random sources seeded from Seed. Nothing is
// decoded.

// Days of the export with a quirk (ExportDay.Quirks), all outside the
// weeks with wellness FIT files, so that the comparison of the JSON with
// the FIT files is only ever off on ExportDisagreements.
var (
	// The watch was not worn: the day without a morning reading; its
	// indoor sprint ride was recorded by the Edge.
	exportNotWornDay         = dayIndex(4, 2)
	exportNoHRVDay           = dayIndex(2, 3)
	exportNoScoreDay         = dayIndex(3, 2)
	exportRestZeroDay        = dayIndex(1, 4)
	exportHydrationDay       = dayIndex(3, 5)
	exportTooActiveDay       = dayIndex(8, 5)
	exportNoRespDay          = dayIndex(9, 3)
	exportShardFrom          = dayIndex(6, 4) // the first day of the second shard
	exportDeviceID     int64 = int64(fr955.serial)
)

// exportModel is the whole export: days, activity summaries, and the
// files.
type exportModel struct {
	days     []*xday
	acts     []*xact // by start
	json     []member
	uploaded []member
}

// xact is one activity summary.
type xact struct {
	out       ExportActivity
	end       time.Time
	day       int
	exercise  bool    // counts in load, recovery time and readiness
	recHours  float64 // Garmin's recovery time from it, h
	aerobicTE float64 // NaN when none
	anTE      float64
	power     [2]float64 // avg, max; 0 when none
	ascent    float64    // m, 0 when none
	vo2max    float64    // 0 when none
	legs      []*xact    // a multisport parent's
	name      string
}

// xday is one day of the export.
type xday struct {
	d     int
	out   ExportDay
	n     *nightly
	x     nightDraws
	fit   bool
	acts  []*xact // the day's, by start
	worn  bool
	awake float64 // all-day awake stress, for the next days' readiness
	// acuteAM and chronicAM are Garmin's loads at wake-up.
	acuteAM, chronicAM float64

	sleep   obj
	health  obj
	uds     []obj
	ready   []obj
	load    []obj
	scored  bool
	hrvSaid bool
}

// kv is one member of a JSON object; obj an object that keeps the order
// of its members, as Garmin's files do.
type kv struct {
	k string
	v any
}

type obj []kv

// set replaces the value of member k.
func (o obj) set(k string, v any) {
	for i := range o {
		if o[i].k == k {
			o[i].v = v
			return
		}
	}
	panic("fitgen: no member " + k) // a bug
}

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(p.k)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(p.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// num is a JSON number written as Garmin writes its doubles, with a
// decimal point ("54.0").
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return []byte(s), nil
}

func r1(x float64) float64 { return math.Round(x*10) / 10 }

// gmt and local write a time as the export's ISO strings: GMT, or the
// athlete's wall clock, both without a zone ("2026-09-01T04:31:00.0").
func gmt(t time.Time) string   { return t.UTC().Format("2006-01-02T15:04:05.0") }
func local(t time.Time) string { return t.In(Zone).Format("2006-01-02T15:04:05.0") }

// epochMs is t in Unix milliseconds.
func epochMs(t time.Time) int64 { return t.UnixMilli() }

// dayOf is the block day of t (local date).
func dayOf(t time.Time) int {
	l := t.In(Zone)
	a := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(BlockStart.Year(), BlockStart.Month(), BlockStart.Day(), 0, 0, 0, 0, time.UTC)
	return int(a.Sub(b) / (24 * time.Hour))
}

// summaryType is Garmin Connect's activity type key of a leg, chosen so
// that fitparse maps it to the FIT file's sport and sub-sport, and the
// name Garmin Connect gives the activity.
func summaryType(s sport) (key, name string) {
	switch s {
	case sportBike:
		return "road_biking", "Cycling"
	case sportPoolSwim:
		return "lap_swimming", "Pool Swim"
	case sportOpenSwim:
		return "open_water_swimming", "Open Water Swim"
	case sportTransition:
		return "transition_v2", "Transition"
	case sportBreathing:
		return "breathwork", "Breathwork"
	}
	return "street_running", "Running"
}

// recoveryHours is Garmin's recovery time after a session of peak EPOC
// epoc and anaerobic Training Effect anTE, as message 140 writes it.
func recoveryHours(epoc, anTE float64) float64 { return clamp(6+0.22*epoc+4*anTE, 6, 96) }

// nanIf returns NaN when ok is false.
func nanIf(x float64, ok bool) float64 {
	if !ok {
		return math.NaN()
	}
	return x
}

// buildExport builds the export of the demo block.
func buildExport() (*exportModel, error) {
	files, err := Block()
	if err != nil {
		return nil, err
	}
	return buildExportFrom(files)
}

// buildExportFrom builds the export of the block's files (Block's).
func buildExportFrom(files []File) (*exportModel, error) {
	x := &exportModel{}
	fitNights := map[int]*nightly{}
	for _, f := range files {
		g := f.gen
		if g == nil || g.act == nil && g.morning == nil && g.night == nil {
			continue
		}
		x.uploaded = append(x.uploaded, member{name: path.Base(f.Path), data: f.Data})
		switch {
		case g.night != nil:
			fitNights[dayOf(g.night.day)] = g.night
		case g.act != nil:
			x.addActivity(f.Path, g)
		default:
			x.addMorning(f.Path, g)
		}
	}
	x.addExtras()
	slices.SortStableFunc(x.acts, func(a, b *xact) int { return a.out.Start.Compare(b.out.Start) })
	ids := map[int64]bool{}
	for _, a := range x.acts {
		if ids[a.out.ID] {
			return nil, fmt.Errorf("fitgen: duplicate activity id %d", a.out.ID)
		}
		ids[a.out.ID] = true
	}
	names := map[string]bool{}
	for _, u := range x.uploaded {
		if names[u.name] {
			return nil, fmt.Errorf("fitgen: two uploaded files named %s", u.name)
		}
		names[u.name] = true
	}

	ndays := 7 * BlockWeeks
	lnBy, restBy := make([]float64, ndays), make([]float64, ndays)
	for d := range ndays {
		lnBy[d], restBy[d] = morningLnRMSSD(d, dayRand(d))
	}
	for d := range ndays {
		xd := &xday{d: d, worn: d != exportNotWornDay}
		r := rand.New(rand.NewPCG(Seed, 0x657870000+uint64(d)))
		bedMin, wakeMin := 5+r.IntN(66), r.IntN(26)
		if n := fitNights[d]; n != nil {
			xd.n, xd.fit = n, true
		} else {
			n := nightFor(d, lnBy, restBy)
			n.bed = n.day.Add(-time.Duration(bedMin) * time.Minute)
			n.wake = n.day.Add(6*time.Hour + time.Duration(25-wakeMin)*time.Minute)
			xd.n = n
		}
		xd.x = xd.n.draws()
		for _, a := range x.acts {
			if a.day == d && a.out.ParentID == 0 {
				xd.acts = append(xd.acts, a)
			}
		}
		x.days = append(x.days, xd)
		x.fillDay(xd, r)
	}
	x.loads()
	x.readiness()
	x.files()
	return x, nil
}

// addActivity adds the summaries of one activity file.
func (x *exportModel) addActivity(p string, g *genInfo) {
	a := g.act
	d := dayOf(a.start)
	id := int64(21800000000) + int64(d)*13877 + int64(a.start.Hour())*61
	leg := func(li int, lg legSummary, s sport, lid int64) *xact {
		key, name := summaryType(s)
		sp, sub := sportNames(s)
		if s == sportTransition {
			sub = "" // exportSport maps transition_v2 to no sub-sport
		}
		e := &xact{day: d, exercise: true, name: name, anTE: lg.anaerobicTE,
			power: [2]float64{lg.avgPower, lg.maxPower}, ascent: lg.ascent, aerobicTE: math.NaN()}
		e.out = ExportActivity{ID: lid, Type: key, Sport: sp, SubSport: sub, Start: lg.start.UTC(),
			Timer: lg.timer, Elapsed: lg.elapsed, Distance: lg.distance,
			AvgHR: nanIf(lg.avgHR, lg.hasHR), MaxHR: nanIf(lg.maxHR, lg.hasHR), Calories: lg.calories,
			EPOC: nanIf(r1(lg.epoc), lg.epoc > 0), SweatLoss: nanIf(lg.sweatML/1000, lg.sweatML > 0),
			FIT: p, Session: li}
		if lg.epoc > 0 {
			e.aerobicTE = math.Round(aerobicTE(lg.epoc)*10) / 10
			e.recHours = recoveryHours(lg.epoc, lg.anaerobicTE)
		}
		if s == sportRun {
			e.vo2max = math.Round(Athlete.VO2max - 2*a.cond.fatigue)
		}
		e.end = lg.start.Add(time.Duration(lg.elapsed) * time.Second)
		return e
	}
	if len(g.legs) == 1 {
		x.acts = append(x.acts, leg(0, g.legs[0], a.legs[0].sport, id))
		return
	}
	// A multisport activity: the parent, then one record per leg.
	parent := &xact{day: d, exercise: true, name: "Multisport", aerobicTE: math.NaN()}
	var timer, dist, cal, sweat, hrSum, hrTime, maxHR, epocSum, epocMax, anTE float64
	for li, lg := range g.legs {
		l := leg(li, lg, a.legs[li].sport, id+1+int64(li))
		l.out.ParentID, l.exercise, l.recHours = id, false, 0
		parent.legs = append(parent.legs, l)
		x.acts = append(x.acts, l)
		timer += lg.timer
		dist += lg.distance
		cal += lg.calories
		sweat += lg.sweatML
		if lg.hasHR {
			hrSum += lg.avgHR * lg.timer
			hrTime += lg.timer
			maxHR = math.Max(maxHR, lg.maxHR)
		}
		epocSum += lg.epoc
		epocMax = math.Max(epocMax, lg.epoc)
		anTE = math.Max(anTE, lg.anaerobicTE)
	}
	first, last := g.legs[0], g.legs[len(g.legs)-1]
	end := last.start.Add(time.Duration(last.elapsed) * time.Second)
	parent.end = end
	parent.anTE = anTE
	parent.recHours = recoveryHours(epocMax+0.25*(epocSum-epocMax), anTE)
	parent.aerobicTE = math.Round(aerobicTE(epocMax)*10) / 10
	parent.out = ExportActivity{ID: id, Parent: true, Type: "multi_sport", Sport: "multisport", Start: first.start.UTC(),
		Timer: timer, Elapsed: end.Sub(first.start).Seconds(), Distance: dist,
		AvgHR: nanIf(math.Round(hrSum/hrTime), hrTime > 0), MaxHR: nanIf(maxHR, hrTime > 0), Calories: cal,
		EPOC: r1(epocSum), SweatLoss: nanIf(sweat/1000, sweat > 0), FIT: p, Session: -1}
	x.acts = append(x.acts, parent)
}

// addMorning adds the summary of a morning reading.
func (x *exportModel) addMorning(p string, g *genInfo) {
	m := g.morning
	lg := g.legs[0]
	d := dayOf(m.start)
	key, name := summaryType(sportBreathing)
	sp, sub := sportNames(sportBreathing)
	e := &xact{day: d, name: name, aerobicTE: math.NaN()}
	e.out = ExportActivity{ID: int64(21800000000) + int64(d)*13877 + 6*61 + 17, Type: key, Sport: sp, SubSport: sub,
		Start: lg.start.UTC(), Timer: lg.timer, Elapsed: lg.elapsed, Distance: math.NaN(),
		AvgHR: lg.avgHR, MaxHR: lg.maxHR, Calories: float64(u16(float64(m.dur) / 60 * 1.3)),
		EPOC: math.NaN(), SweatLoss: math.NaN(), FIT: p}
	e.end = lg.start.Add(time.Duration(lg.elapsed) * time.Second)
	x.acts = append(x.acts, e)
}

// addExtras adds the activities that have no FIT file: two strength
// sessions recorded on the watch but not uploaded as files, and a run
// entered by hand without heart rate.
func (x *exportModel) addExtras() {
	for _, e := range []struct {
		d, hh, mm                        int
		manual                           bool
		timerMin, elapsedMin, km         float64
		avg, max, cal, epoc, anTE, sweat float64
	}{
		{d: dayIndex(2, 0), hh: 7, mm: 40, manual: true, timerMin: 40, elapsedMin: 40, km: 8.2, cal: 575},
		{d: dayIndex(3, 1), hh: 12, mm: 15, timerMin: 43, elapsedMin: 47, avg: 108, max: 146, cal: 290, epoc: 36, anTE: 0.9, sweat: 380},
		{d: dayIndex(7, 4), hh: 17, mm: 30, timerMin: 40, elapsedMin: 44, avg: 104, max: 141, cal: 265, epoc: 31, anTE: 0.7, sweat: 340},
	} {
		start := BlockStart.AddDate(0, 0, e.d).Add(time.Duration(e.hh)*time.Hour + time.Duration(e.mm)*time.Minute)
		a := &xact{day: e.d, exercise: true, anTE: e.anTE, aerobicTE: math.NaN()}
		a.out = ExportActivity{ID: int64(21800000000) + int64(e.d)*13877 + int64(e.hh)*61 + 29, Start: start.UTC(),
			Timer: e.timerMin * 60, Elapsed: e.elapsedMin * 60, Distance: e.km * 1000,
			AvgHR: nanIf(e.avg, e.avg > 0), MaxHR: nanIf(e.max, e.max > 0), Calories: e.cal,
			EPOC: nanIf(e.epoc, e.epoc > 0), SweatLoss: nanIf(e.sweat/1000, e.sweat > 0), Session: -1, Manual: e.manual}
		if e.manual {
			a.out.Type, a.out.Sport, a.name = "running", "running", "Running"
		} else {
			a.out.Type, a.out.Sport, a.out.SubSport, a.name = "strength_training", "training", "strength_training", "Strength"
			a.out.Distance = math.NaN()
			a.aerobicTE = math.Round(aerobicTE(e.epoc)*10) / 10
			a.recHours = recoveryHours(e.epoc, e.anTE)
		}
		a.end = start.Add(time.Duration(e.elapsedMin) * time.Minute)
		x.acts = append(x.acts, a)
	}
}

// exerciseLoad is the training load (EPOC) of the day's exercise, and
// the seconds it took.
func (xd *xday) exerciseLoad() (load, secs float64) {
	for _, a := range xd.acts {
		if a.exercise {
			if !math.IsNaN(a.out.EPOC) {
				load += a.out.EPOC
			}
			secs += a.out.Elapsed
		}
	}
	return load, secs
}

// fillDay sets the day's night, day summary, health status and sleep
// values and their JSON records. r is the day's random source; every
// value is drawn whatever the day's quirks, so that one quirk never moves
// another day's values.
func (x *exportModel) fillDay(xd *xday, r *rand.Rand) {
	d, n, nd := xd.d, xd.n, xd.x
	fat := fatigue(d)
	date := exportDate(d)
	o := &xd.out
	*o = ExportDay{Date: date, Worn: xd.worn, FITHRV: math.NaN(), FITRestingHR: math.NaN(), FITSleepScore: math.NaN()}
	if xd.fit {
		o.FITHRV = float64(u16(n.rmssd*128)) / 128
		o.FITRestingHR = float64(u8(n.restHR))
		o.FITSleepScore = float64(n.sleep)
	}
	quirk := func(q string) { o.Quirks = append(o.Quirks, q) }

	// The draws, in a fixed order.
	awakeN, unmeasOn, unmeasMin := math.Abs(r.NormFloat64()), r.IntN(8) == 0, 2+r.IntN(8)
	deepN, remN := r.NormFloat64(), r.NormFloat64()
	respN, respLoN, respHiN := r.NormFloat64(), math.Abs(r.NormFloat64()), math.Abs(r.NormFloat64())
	spo2N, spo2Drop, hrN := r.NormFloat64(), r.IntN(4), r.NormFloat64()
	stressN, maxStressUp := r.NormFloat64(), r.IntN(20)
	chargeN, dayCharge, drainN, lowDip := r.NormFloat64(), 3+r.IntN(6), r.NormFloat64(), r.IntN(4)
	steps, minHRDrop, maxHRDay := 5200+r.IntN(3500), 3+r.IntN(3), 95+r.IntN(30)
	drinkOn, drink, restless := r.IntN(3) != 0, 1200+100*r.IntN(15), 20+r.IntN(40)
	active := 350 + r.IntN(250)

	// The night.
	window := n.wake.Sub(n.bed).Seconds()
	awake := 60 * math.Round(4+3*float64(nd.awakenings)+10*fat+3*awakeN)
	unmeas := 0.0
	if unmeasOn {
		unmeas = 60 * float64(unmeasMin)
	}
	asleep := window - awake - unmeas
	score := float64(n.sleep)
	deep := 60 * math.Round(asleep*clamp(0.16+0.004*(score-75)+0.02*deepN, 0.08, 0.26)/60)
	rem := 60 * math.Round(asleep*clamp(0.22+0.02*remN-0.04*fat, 0.12, 0.3)/60)
	light := asleep - deep - rem
	resp := r1(13.6 + 1.4*fat + 0.35*respN)
	respLo, respHi := r1(resp-2.4-0.3*respLoN), r1(resp+3.1+0.4*respHiN)
	spo2 := clamp(math.Round(95.5+0.8*spo2N), 92, 98)
	spo2Lo := spo2 - 4 - float64(spo2Drop)
	if d%9 == 4 {
		spo2, spo2Lo = 0, 0
	}
	if d == exportNoRespDay {
		resp, respLo, respHi = 0, 0, 0
	}

	// The JSON's overnight values: the FIT files' as Garmin rounds them,
	// but on the designed days.
	hrv := math.Round(n.rmssd)
	rest := float64(u8(n.restHR))
	for _, g := range ExportDisagreements {
		if !g.Date.Equal(date) {
			continue
		}
		switch g.Measure {
		case "hrv":
			hrv = math.Round(n.rmssd + g.Delta)
			quirk(QuirkDisagreeHRV)
		case "resting_hr":
			rest = float64(u8(n.restHR + g.Delta))
			quirk(QuirkDisagreeRest)
		}
	}
	xd.hrvSaid = d != exportNoHRVDay
	if !xd.hrvSaid {
		hrv = 0
	}
	xd.scored = d != exportNoScoreDay
	sleepStress := r1(nd.stress)

	// The day.
	load, actSecs := xd.exerciseLoad()
	awakeStress := clamp(math.Round(26+16*fat+0.025*load+3*stressN), 12, 60)
	asleepStress := math.Round(nd.stress)
	awakeDur := 86400 - window - actSecs - 1200
	totalStress := math.Round((awakeStress*awakeDur + asleepStress*window) / (awakeDur + window))
	maxStress := math.Min(99, awakeStress+30+float64(maxStressUp))
	xd.awake = awakeStress
	var sweat, maxHR, cal, runKm float64
	for _, a := range xd.acts {
		if a.out.ParentID != 0 {
			continue
		}
		if !math.IsNaN(a.out.SweatLoss) {
			sweat += math.Round(a.out.SweatLoss * 1000)
		}
		if !math.IsNaN(a.out.MaxHR) {
			maxHR = math.Max(maxHR, a.out.MaxHR)
		}
		cal += a.out.Calories
		if a.out.Sport == "running" {
			runKm += a.out.Distance / 1000
		}
		for _, l := range a.legs {
			if l.out.Sport == "running" {
				runKm += l.out.Distance / 1000
			}
		}
	}
	maxHR = math.Max(maxHR, float64(maxHRDay))
	o.Load = load

	// Body Battery: the night charges it by the sleep, the day drains it
	// by the training and the fatigue.
	prevEnd := 38.0
	for k := d - 1; k >= 0; k-- {
		if p := x.days[k]; p.worn {
			prevEnd = p.out.BBEnd
			break
		}
	}
	bbStart := prevEnd
	bbHigh := math.Round(bbStart + (100-bbStart)*clamp((score-40)/50-0.4*fat+0.05*chargeN, 0.1, 0.9))
	bbEnd := clamp(math.Round(bbHigh-(40+0.15*load+10*fat+4*drainN)+float64(dayCharge)), 5, bbHigh)
	bbLow := math.Max(5, math.Min(bbStart, bbEnd)-float64(lowDip))
	charged := bbHigh - bbStart + float64(dayCharge)
	drained := bbHigh - bbEnd + float64(dayCharge)

	if !drinkOn && d != exportNotWornDay && d != exportHydrationDay {
		drink = 0
	}
	o.HydrationL = nanIf(float64(drink)/1000, drink > 0)
	o.SweatLossL = nanIf(sweat/1000, sweat > 0)

	if !xd.worn {
		quirk(QuirkNotWorn)
		o.HRV, o.RestingHR, o.SleepScore = math.NaN(), math.NaN(), math.NaN()
		for _, p := range []*float64{&o.Deep, &o.Light, &o.REM, &o.Awake, &o.Unmeasurable, &o.Respiration, &o.SpO2,
			&o.SleepStress, &o.Stress, &o.StressAwake, &o.StressAsleep, &o.BBStart, &o.BBEnd, &o.BBHigh, &o.BBLow,
			&o.BBCharged, &o.BBDrained, &o.Steps} {
			*p = math.NaN()
		}
		xd.uds = []obj{{
			{"userProfilePK", ExportUserID}, {"calendarDate", date.Format(time.DateOnly)},
			{"wellnessStartTimeGmt", gmt(n.day)}, {"wellnessEndTimeGmt", gmt(n.day.AddDate(0, 0, 1))},
			{"totalKilocalories", num(1720 + cal)}, {"activeKilocalories", num(cal)}, {"bmrKilocalories", num(1720)},
			{"totalSteps", 0}, {"minHeartRate", 0}, {"maxHeartRate", 0}, {"restingHeartRate", 0},
			{"currentDayRestingHeartRate", 0}, {"includesWellnessData", false}, {"includesActivityData", true},
			{"hydration", obj{{"valueInML", num(drink)}, {"goalInML", num(2800)}, {"sweatLossInML", num(sweat)}}},
		}}
		return
	}

	// The values bounceback reads.
	o.HRV = nanIf(hrv, hrv > 0)
	if !math.IsNaN(o.HRV) {
		o.HRVStatus = strings.ToLower(hrvStatus(n.weekly).String())
	}
	o.RestingHR = rest
	o.SleepScore = nanIf(score, xd.scored)
	o.SleepStart, o.SleepEnd = n.bed.UTC(), n.wake.UTC()
	o.Deep, o.Light, o.REM, o.Awake, o.Unmeasurable = deep, light, rem, awake, unmeas
	o.Respiration = nanIf(resp, resp > 0)
	o.SpO2 = nanIf(spo2, spo2 > 0)
	o.SleepStress = nanIf(sleepStress, xd.scored)
	o.Stress, o.StressAwake, o.StressAsleep = totalStress, awakeStress, nanIf(asleepStress, xd.scored)
	o.BBStart, o.BBEnd, o.BBHigh, o.BBLow, o.BBCharged, o.BBDrained = bbStart, bbEnd, bbHigh, bbLow, charged, drained
	o.Steps = float64(steps + int(math.Round(runKm*1280)))
	switch {
	case d == exportNoHRVDay:
		quirk(QuirkNoHRV)
	case d == exportNoScoreDay:
		quirk(QuirkNoSleepScore)
	case d == exportRestZeroDay:
		quirk(QuirkRestZero)
	case d == exportHydrationDay:
		quirk(QuirkHydrationRecord)
	case d == exportTooActiveDay:
		quirk(QuirkStressTooActive)
		o.Stress = math.NaN()
	case d == exportNoRespDay:
		quirk(QuirkNoRespiration)
	}
	if spo2 == 0 {
		quirk(QuirkNoSpO2)
	}
	if d == 7*BlockWeeks-1 {
		quirk(QuirkDayNotOver)
	}

	// sleepData.
	spo2Summary := obj{{"userProfilePk", ExportUserID}, {"deviceId", exportDeviceID},
		{"sleepMeasurementStartGMT", gmt(n.bed.Add(4 * time.Minute))}, {"sleepMeasurementEndGMT", gmt(n.wake)},
		{"alertThresholdValue", nil}, {"numberOfEventsBelowThreshold", nil}, {"durationOfEventsBelowThreshold", nil},
		{"averageSPO2", num(spo2)}, {"averageHR", num(math.Round(rest + 5 + hrN))}, {"lowestSPO2", int(spo2Lo)}}
	xd.sleep = obj{
		{"sleepStartTimestampGMT", gmt(n.bed)}, {"sleepEndTimestampGMT", gmt(n.wake)},
		{"calendarDate", date.Format(time.DateOnly)}, {"sleepWindowConfirmationType", "ENHANCED_CONFIRMED_FINAL"},
		{"deepSleepSeconds", int(deep)}, {"lightSleepSeconds", int(light)}, {"remSleepSeconds", int(rem)},
		{"awakeSleepSeconds", int(awake)}, {"unmeasurableSeconds", int(unmeas)},
		{"averageRespiration", num(resp)}, {"lowestRespiration", num(respLo)}, {"highestRespiration", num(respHi)},
		{"retro", false}, {"awakeCount", int(nd.awakenings)}, {"avgSleepStress", num(sleepStress)},
		{"restlessMomentCount", restless}, {"spo2SleepSummary", spo2Summary},
	}
	if xd.scored {
		sub := func(base float64, k float64) int { return int(clamp(math.Round(base+k), 0, 100)) }
		xd.sleep = append(xd.sleep, kv{"sleepScores", obj{
			{"overallScore", int(n.sleep)}, {"qualityScore", int(nd.quality)}, {"durationScore", int(nd.duration)},
			{"recoveryScore", int(nd.recovery)}, {"deepScore", int(nd.deep)},
			{"remScore", sub(score, 6-40*fat)}, {"lightScore", sub(score, 10)},
			{"awakeningsCountScore", sub(100, -8*float64(nd.awakenings))}, {"awakeTimeScore", sub(100, -awake/90)},
			{"combinedAwakeScore", sub(100, -4*float64(nd.awakenings)-awake/180)},
			{"restfulnessScore", sub(score, -18)}, {"interruptionsScore", sub(100, -6*float64(nd.awakenings))},
			{"feedback", sleepFeedback(score, deep/asleep)}, {"insight", sleepInsight(load, fat)},
		}})
	} else {
		// Not scored: the window was not confirmed, and there is no sleep
		// stress (Garmin's -1).
		xd.sleep.set("sleepWindowConfirmationType", "UNCONFIRMED")
		xd.sleep.set("avgSleepStress", num(-1))
	}

	// healthStatusData.
	hrvEntry := obj{{"type", "HRV"}, {"value", num(hrv)}, {"status", strings.ToUpper(hrvStatus(n.weekly).String())},
		{"baselineLowerLimit", num(baselineBalancedLower)}, {"baselineUpperLimit", num(baselineBalancedUpper)},
		{"percentage", num(math.Round(clamp(100*(hrv-baselineBalancedLower)/(baselineBalancedUpper-baselineBalancedLower), 0, 100)))},
		{"feedbackKey", "HRV_" + strings.ToUpper(hrvStatus(n.weekly).String())}}
	if !xd.hrvSaid {
		hrvEntry.set("status", "NONE")
		hrvEntry.set("percentage", num(0))
		hrvEntry.set("feedbackKey", "NO_DATA")
	}
	spo2Status := "WITHIN_BASELINE"
	if spo2 == 0 {
		spo2Status = "NONE"
	}
	restStatus := "WITHIN_BASELINE"
	if rest > 52 {
		restStatus = "ABOVE_BASELINE"
	}
	xd.health = obj{{"calendarDate", date.Format(time.DateOnly)}, {"metrics", []obj{
		hrvEntry,
		{{"type", "HR"}, {"value", num(rest)}, {"status", restStatus}, {"baselineLowerLimit", num(45)},
			{"baselineUpperLimit", num(52)}, {"percentage", num(math.Round(clamp(100*(rest-45)/7, 0, 100)))}},
		{{"type", "SPO2"}, {"value", num(spo2)}, {"status", spo2Status}, {"baselineLowerLimit", num(93)},
			{"baselineUpperLimit", num(98)}},
		{{"type", "SKIN_TEMP_C"}, {"value", num(0)}, {"status", "NONE"}, {"baselineLowerLimit", num(0)},
			{"baselineUpperLimit", num(0)}},
		{{"type", "RESPIRATION"}, {"value", num(resp)}, {"status", "WITHIN_BASELINE"},
			{"baselineLowerLimit", num(12.5)}, {"baselineUpperLimit", num(15.5)}},
	}}}

	// UDSFile.
	udsRest := rest
	if d == exportRestZeroDay {
		udsRest = 0
	}
	agg := func(typ string, avg, dur, act float64) obj {
		share := clamp((avg-10)/50, 0.05, 0.9)
		stressDur := math.Round((dur - act) * share)
		high := math.Round(stressDur * clamp((avg-30)/60, 0.01, 0.4))
		medium := math.Round(stressDur * 0.3)
		mx := maxStress
		if typ == "ASLEEP" {
			mx = math.Min(99, avg+25)
		}
		return obj{{"type", typ}, {"averageStressLevel", int(avg)}, {"averageStressLevelIntensity", int(avg)},
			{"maxStressLevel", int(mx)}, {"stressIntensityCount", int(dur / 180)}, {"stressOffWristCount", 0},
			{"stressTooActiveCount", int(act / 180)}, {"totalDuration", int(dur)}, {"stressDuration", int(stressDur)},
			{"restDuration", int(dur - act - stressDur)}, {"activityDuration", int(act)}, {"uncategorizedDuration", 0},
			{"lowDuration", int(stressDur - high - medium)}, {"mediumDuration", int(medium)}, {"highDuration", int(high)}}
	}
	total := agg("TOTAL", totalStress, awakeDur+actSecs+window, actSecs)
	if d == exportTooActiveDay {
		total.set("averageStressLevel", -2) // Garmin's "too active to measure"
	}
	asleepAgg := agg("ASLEEP", asleepStress, window, 0)
	if !xd.scored {
		asleepAgg.set("averageStressLevel", -1)
	}
	bbStats := []obj{
		{{"bodyBatteryStatType", "HIGHEST"}, {"statsValue", int(bbHigh)}, {"statTimestamp", gmt(n.wake)}},
		{{"bodyBatteryStatType", "LOWEST"}, {"statsValue", int(bbLow)}, {"statTimestamp", gmt(n.day.Add(22 * time.Hour))}},
		{{"bodyBatteryStatType", "STARTOFDAY"}, {"statsValue", int(bbStart)}, {"statTimestamp", gmt(n.day)}},
	}
	if d == 7*BlockWeeks-1 {
		bbStats = append(bbStats, obj{{"bodyBatteryStatType", "MOSTRECENT"}, {"statsValue", int(bbEnd)},
			{"statTimestamp", gmt(ExportCreated)}})
	} else {
		bbStats = append(bbStats,
			obj{{"bodyBatteryStatType", "MOSTRECENT"}, {"statsValue", int(bbEnd)}, {"statTimestamp", gmt(n.day.AddDate(0, 0, 1))}},
			obj{{"bodyBatteryStatType", "ENDOFDAY"}, {"statsValue", int(bbEnd)}, {"statTimestamp", gmt(n.day.AddDate(0, 0, 1))}})
	}
	hydration := obj{{"valueInML", num(drink)}, {"goalInML", num(2800)}, {"sweatLossInML", num(sweat)}}
	if d == exportHydrationDay {
		hydration.set("valueInML", num(0))
	}
	main := obj{
		{"userProfilePK", ExportUserID}, {"calendarDate", date.Format(time.DateOnly)},
		{"wellnessStartTimeGmt", gmt(n.day)}, {"wellnessStartTimeLocal", local(n.day)},
		{"wellnessEndTimeGmt", gmt(n.day.AddDate(0, 0, 1))}, {"wellnessEndTimeLocal", local(n.day.AddDate(0, 0, 1))},
		{"totalKilocalories", num(1720 + cal + float64(active))}, {"activeKilocalories", num(cal + float64(active))},
		{"bmrKilocalories", num(1720)}, {"totalSteps", int(o.Steps)}, {"dailyStepGoal", 10000},
		{"minHeartRate", int(rest) - minHRDrop}, {"maxHeartRate", int(maxHR)},
		{"restingHeartRate", int(udsRest)}, {"currentDayRestingHeartRate", int(udsRest)},
		{"lastSevenDaysAvgRestingHeartRate", int(math.Round(n.restHR7))},
		{"includesWellnessData", true}, {"includesActivityData", len(xd.acts) > 0},
		{"averageSpo2Value", num(spo2)}, {"lowestSpo2Value", num(spo2Lo)},
		{"respiration", obj{{"avgWakingRespirationValue", num(r1(resp + 1.8*b2f(resp > 0)))},
			{"highestRespirationValue", num(respHi + 2*b2f(resp > 0))}, {"lowestRespirationValue", num(respLo)}}},
		{"allDayStress", obj{{"aggregatorList", []obj{total, agg("AWAKE", awakeStress, awakeDur+actSecs, actSecs), asleepAgg}}}},
		{"bodyBattery", obj{{"chargedValue", int(charged)}, {"drainedValue", int(drained)}, {"bodyBatteryStatList", bbStats}}},
		{"hydration", hydration},
	}
	xd.uds = []obj{main}
	if d == exportHydrationDay {
		// Logged later: a record that holds only hydration, dated inside.
		xd.uds = append(xd.uds, obj{{"hydration", obj{{"calendarDate", date.Format(time.DateOnly)},
			{"valueInML", num(drink)}, {"goalInML", num(2800)}, {"sweatLossInML", num(sweat)}}}})
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// sleepFeedback and sleepInsight are sleepScores' feedback and insight
// keys.
func sleepFeedback(score, deepShare float64) string {
	switch {
	case score >= 80 && deepShare >= 0.17:
		return "POSITIVE_LONG_AND_DEEP"
	case score >= 75:
		return "POSITIVE_CONTINUOUS"
	case score >= 60:
		return "NEGATIVE_LONG_BUT_LIGHT"
	}
	return "NEGATIVE_RESTLESS"
}

func sleepInsight(load, fat float64) string {
	switch {
	case fat > 0.5:
		return "NEGATIVE_HIGH_TRAINING_LOAD"
	case load > 150:
		return "POSITIVE_EXERCISE"
	}
	return "NONE"
}

// loads computes Garmin's acute and chronic training load (7- and 28-day
// exponentially weighted, on the scale of a week's load) and writes the
// day's records: one at wake-up, and one after the day's last exercise.
func (x *exportModel) loads() {
	// Before the block the athlete trained as in its first four weeks.
	var sum float64
	for _, xd := range x.days[:dayIndex(5, 0)] {
		l, _ := xd.exerciseLoad()
		sum += l
	}
	start := 0.95 * 7 * sum / float64(dayIndex(5, 0))
	acute, chronic := start, start
	for _, xd := range x.days {
		acute *= 6.0 / 7
		chronic *= 27.0 / 28
		xd.acuteAM, xd.chronicAM = acute, chronic
		rec := func(t time.Time, a, c float64) {
			ratio := r1(a / c)
			status := "OPTIMAL"
			switch {
			case ratio < 0.8:
				status = "LOW"
			case ratio > 1.5:
				status = "VERY_HIGH"
			case ratio > 1.3:
				status = "HIGH"
			}
			xd.load = append(xd.load, obj{{"userProfilePK", ExportUserID}, {"deviceId", exportDeviceID},
				{"calendarDate", epochMs(xd.out.Date)}, {"timestamp", epochMs(t)},
				{"dailyTrainingLoadAcute", int(math.Round(a))}, {"dailyTrainingLoadChronic", int(math.Round(c))},
				{"dailyAcuteChronicWorkloadRatio", num(ratio)},
				{"acwrPercent", int(clamp(math.Round((ratio-0.5)/1.5*100), 0, 100))}, {"acwrStatus", status},
				{"acwrStatusFeedback", "FEEDBACK_" + status}, {"minTrainingLoadChronic", num(math.Round(0.8 * c))},
				{"maxTrainingLoadChronic", num(math.Round(1.5 * c))}})
			xd.out.Acute, xd.out.Chronic = math.Round(a), math.Round(c)
			xd.out.Ratio, xd.out.ACWRStatus = ratio, status
		}
		rec(xd.n.wake.Add(2*time.Minute), acute, chronic)
		load, _ := xd.exerciseLoad()
		if load > 0 {
			var last time.Time
			for _, a := range xd.acts {
				if a.exercise && a.end.After(last) {
					last = a.end
				}
			}
			acute += load
			chronic += load / 4
			rec(last.Add(6*time.Minute), acute, chronic)
		}
	}
}

// recoveryAt returns Garmin's recovery time (h) left at t: each session
// adds its own to half of what was left when it ended.
func (x *exportModel) recoveryAt(t time.Time) float64 {
	var recEnd time.Time
	ends := make([]*xact, 0, len(x.acts))
	for _, a := range x.acts {
		if a.exercise && a.recHours > 0 && !a.end.After(t) {
			ends = append(ends, a)
		}
	}
	slices.SortStableFunc(ends, func(a, b *xact) int { return a.end.Compare(b.end) })
	for _, a := range ends {
		left := math.Max(0, recEnd.Sub(a.end).Hours())
		recEnd = a.end.Add(time.Duration(math.Min(96, 0.5*left+a.recHours) * float64(time.Hour)))
	}
	return math.Max(0, recEnd.Sub(t).Hours())
}

// readiness writes each worn day's Training Readiness records: the
// morning one (AFTER_WAKEUP_RESET), one after each exercise, and on a
// day without exercise one at midday.
func (x *exportModel) readiness() {
	for _, xd := range x.days {
		if !xd.worn {
			xd.out.Readiness = math.NaN()
			continue
		}
		d := xd.d
		// The history factors: the last 3 days' awake stress and nights.
		var stressSum, stressN, sleepSum, sleepN float64
		for k := max(0, d-3); k < d; k++ {
			if p := x.days[k]; p.worn {
				stressSum += p.awake
				stressN++
			}
		}
		for k := max(0, d-2); k <= d; k++ {
			if p := x.days[k]; p.worn && p.scored {
				sleepSum += float64(p.n.sleep)
				sleepN++
			}
		}
		stressF := 90.0
		if stressN > 0 {
			stressF = clamp(math.Round(100-(stressSum/stressN-25)*3), 0, 100)
		}
		sleepHistF := 70.0
		if sleepN > 0 {
			sleepHistF = clamp(math.Round((sleepSum/sleepN-45)*2), 0, 100)
		}
		sleepF := 50.0
		if xd.scored {
			sleepF = float64(xd.n.sleep)
		}
		hrvF := clamp(math.Round(100*(xd.n.weekly-40)/16), 0, 100)
		rec := func(t time.Time, ctx string) {
			recH := x.recoveryAt(t)
			recF := clamp(math.Round(100-2.5*recH), 0, 100)
			acute, chronic := xd.loadAt(t)
			ratio := acute / chronic
			acwrF := 100.0
			if ratio > 1 {
				acwrF = clamp(math.Round(100-(ratio-1)*160), 0, 100)
			}
			score := math.Round(0.22*sleepF + 0.25*recF + 0.13*acwrF + 0.10*stressF + 0.18*hrvF + 0.12*sleepHistF)
			level := readinessLevel(score)
			factors := []struct {
				name string
				f, w float64
			}{{"SLEEP", sleepF, 0.22}, {"RECOVERY", recF, 0.25}, {"ACWR", acwrF, 0.13}, {"STRESS", stressF, 0.10},
				{"HRV", hrvF, 0.18}, {"SLEEP_HISTORY", sleepHistF, 0.12}}
			worst := factors[0]
			for _, f := range factors[1:] {
				if (100-f.f)*f.w > (100-worst.f)*worst.w {
					worst = f
				}
			}
			short := "WELL_RECOVERED"
			if score < 75 {
				short = "LOW_" + worst.name
			}
			var sleepScore any
			if xd.scored {
				sleepScore = int(xd.n.sleep)
			}
			xd.ready = append(xd.ready, obj{
				{"userProfilePK", ExportUserID}, {"calendarDate", xd.out.Date.Format(time.DateOnly)},
				{"timestamp", gmt(t)}, {"timestampLocal", local(t)}, {"deviceId", exportDeviceID},
				{"level", level}, {"feedbackLong", short + "_LONG"}, {"feedbackShort", short}, {"score", int(score)},
				{"sleepScore", sleepScore}, {"sleepScoreFactorPercent", int(sleepF)},
				{"sleepScoreFactorFeedback", factorFeedback(sleepF)},
				{"recoveryTime", int(math.Round(recH * 60))}, {"recoveryTimeFactorPercent", int(recF)},
				{"recoveryTimeFactorFeedback", factorFeedback(recF)},
				{"acwrFactorPercent", int(acwrF)}, {"acwrFactorFeedback", factorFeedback(acwrF)},
				{"acuteLoad", int(math.Round(acute))},
				{"stressHistoryFactorPercent", int(stressF)}, {"stressHistoryFactorFeedback", factorFeedback(stressF)},
				{"hrvFactorPercent", int(hrvF)}, {"hrvFactorFeedback", factorFeedback(hrvF)},
				{"hrvWeeklyAverage", int(math.Round(xd.n.weekly))},
				{"sleepHistoryFactorPercent", int(sleepHistF)}, {"sleepHistoryFactorFeedback", factorFeedback(sleepHistF)},
				{"validSleep", true}, {"inputContext", ctx},
			})
			if ctx == "AFTER_WAKEUP_RESET" {
				xd.out.Readiness, xd.out.ReadinessLevel, xd.out.ReadinessTime = score, level, t.UTC()
			}
			xd.out.ReadinessRecords++
		}
		rec(xd.n.wake.Add(4*time.Minute+time.Duration(d%3)*17*time.Second), "AFTER_WAKEUP_RESET")
		exercised := false
		for _, a := range xd.acts {
			if a.exercise {
				rec(a.end.Add(3*time.Minute), "AFTER_POST_EXERCISE_RESET")
				exercised = true
			}
		}
		if !exercised {
			rec(xd.n.day.Add(13*time.Hour+5*time.Minute), "UPDATE_REALTIME_VARIABLES")
		}
	}
}

// loadAt is the day's acute and chronic load at t: the morning's, and the
// exercise that ended by t.
func (xd *xday) loadAt(t time.Time) (acute, chronic float64) {
	acute, chronic = xd.acuteAM, xd.chronicAM
	for _, a := range xd.acts {
		if a.exercise && !a.end.After(t) && !math.IsNaN(a.out.EPOC) {
			acute += a.out.EPOC
			chronic += a.out.EPOC / 4
		}
	}
	return acute, chronic
}

func readinessLevel(score float64) string {
	switch {
	case score >= 95:
		return "PRIME"
	case score >= 75:
		return "HIGH"
	case score >= 50:
		return "MODERATE"
	case score >= 25:
		return "LOW"
	}
	return "POOR"
}

func factorFeedback(f float64) string {
	switch {
	case f >= 70:
		return "GOOD"
	case f >= 40:
		return "MODERATE"
	}
	return "POOR"
}

// files renders the JSON files.
func (x *exportModel) files() {
	mustJSON := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err) // only our own values: a bug
		}
		return b
	}
	first, last := x.days[0].out.Date, x.days[len(x.days)-1].out.Date
	dash := func(t time.Time) string { return t.Format(time.DateOnly) }
	compact := func(t time.Time) string { return t.Format("20060102") }
	shards := [][2]int{{0, exportShardFrom}, {exportShardFrom, len(x.days)}}
	var sleepFiles, udsFiles []member
	for _, s := range shards {
		from, to := x.days[s[0]].out.Date, x.days[s[1]-1].out.Date
		var sleep, uds []obj
		for _, xd := range x.days[s[0]:s[1]] {
			if xd.sleep != nil {
				sleep = append(sleep, xd.sleep)
			}
			uds = append(uds, xd.uds...)
		}
		sleepFiles = append(sleepFiles, member{
			name: fmt.Sprintf("DI_CONNECT/DI-Connect-Wellness/%s_%s_%d_sleepData.json", dash(from), dash(to), ExportUserID),
			data: mustJSON(sleep)})
		udsFiles = append(udsFiles, member{
			name: fmt.Sprintf("DI_CONNECT/DI-Connect-Aggregator/UDSFile_%s_%s.json", dash(from), dash(to)),
			data: mustJSON(uds)})
	}
	var health, ready, load []obj
	for _, xd := range x.days {
		if xd.health != nil {
			health = append(health, xd.health)
		}
		ready = append(ready, xd.ready...)
		load = append(load, xd.load...)
	}
	// summarizedActivities: newest first, as Garmin lists them.
	var acts []obj
	for i := len(x.acts) - 1; i >= 0; i-- {
		acts = append(acts, x.acts[i].summary())
	}
	rangeC := compact(first) + "_" + compact(last)
	var maxMet []obj
	for _, xd := range x.days {
		for _, a := range xd.acts {
			if a.vo2max > 0 {
				maxMet = append(maxMet, obj{{"userProfilePK", ExportUserID}, {"calendarDate", dash(xd.out.Date)},
					{"sport", "RUNNING"}, {"subSport", "GENERIC"}, {"vo2MaxPreciseValue", num(a.vo2max + 0.3)},
					{"vo2MaxValue", num(a.vo2max)}, {"maxMetCategory", 0}, {"calibratedData", false}})
				break
			}
		}
	}
	x.json = append(x.json, sleepFiles...)
	x.json = append(x.json,
		member{name: fmt.Sprintf("DI_CONNECT/DI-Connect-Wellness/%d_healthStatusData.json", ExportUserID), data: mustJSON(health)})
	x.json = append(x.json, udsFiles...)
	x.json = append(x.json,
		member{name: "DI_CONNECT/DI-Connect-Metrics/TrainingReadinessDTO_" + rangeC + ".json", data: mustJSON(ready)},
		member{name: "DI_CONNECT/DI-Connect-Metrics/MetricsAcuteTrainingLoad_" + rangeC + ".json", data: mustJSON(load)},
		member{name: "DI_CONNECT/DI-Connect-Metrics/MetricsMaxMetData_" + rangeC + ".json", data: mustJSON(maxMet)},
		member{name: "DI_CONNECT/DI-Connect-Fitness/" + ExportEmail + "_0_summarizedActivities.json",
			data: mustJSON([]obj{{{"summarizedActivitiesExport", acts}}})},
		member{name: "DI_CONNECT/DI-Connect-Fitness/" + ExportEmail + "_gear.json", data: mustJSON([]obj{
			{{"gearPk", 31877212}, {"uuid", "8a1c0d5e6f4b4c9e9d7a2b3c4d5e6f70"}, {"gearMakeName", "Nike"},
				{"gearModelName", "Pegasus 40"}, {"gearTypeName", "Shoes"}, {"gearStatusName", "active"},
				{"displayName", "Pegasus 40"}, {"dateBegin", "2026-06-01T00:00:00.0"}, {"maximumMeters", num(800000)}},
			{{"gearPk", 31877213}, {"uuid", "8a1c0d5e6f4b4c9e9d7a2b3c4d5e6f71"}, {"gearMakeName", "Canyon"},
				{"gearModelName", "Endurace"}, {"gearTypeName", "Bike"}, {"gearStatusName", "active"},
				{"displayName", "Endurace"}, {"dateBegin", "2025-04-12T00:00:00.0"}, {"maximumMeters", num(0)}},
		})},
		member{name: "DI_CONNECT/DI-Connect-Fitness/" + ExportEmail + "_personalRecord.json", data: mustJSON(
			x.personalRecords())},
		member{name: "DI_CONNECT/DI-Connect-User/user_profile.json", data: mustJSON(obj{
			{"userName", "alexdemo"}, {"firstName", "Alex"}, {"lastName", "Demo"}, {"emailAddress", ExportEmail},
			{"gender", "MALE"}, {"birthDate", ExportBirthDate.Format(time.DateOnly)},
			{"weight", num(Athlete.Weight * 1000)}, {"height", num(Athlete.Height * 100)},
			{"locale", "en"}, {"measurementSystem", "metric"},
			{"lastUpdated", gmt(BlockStart.AddDate(0, 0, -20).Add(19 * time.Hour))},
		})},
	)
}

// personalRecords is the not-read personal record file: the race.
func (x *exportModel) personalRecords() []obj {
	var out []obj
	for _, a := range x.acts {
		if a.out.Type == "street_running" && a.out.Distance > 21000 && a.out.Distance < 21300 {
			out = append(out, obj{{"personalRecordId", 4411873}, {"activityId", a.out.ID},
				{"personalRecordType", "PR_TYPE_HALF_MARATHON"}, {"value", num(r1(a.out.Timer))},
				{"prStartTimeGmt", epochMs(a.out.Start)}, {"current", true}})
		}
	}
	return out
}

// summary is the activity's record of summarizedActivities.
func (a *xact) summary() obj {
	o := a.out
	name := "Thun " + a.name
	switch {
	case o.Manual:
		name = "Running (manual)"
	case o.Sport == "training" && o.SubSport == "breathing":
		name = "Morning HRV"
	}
	_, off := o.Start.In(Zone).Zone()
	ms := func(s float64) num { return num(math.Round(s * 1000)) }
	rec := obj{
		{"activityId", o.ID}, {"name", name}, {"activityType", o.Type}, {"userProfileId", ExportUserID},
		{"timeZoneId", 124}, {"beginTimestamp", epochMs(o.Start)}, {"eventTypeId", 9}, {"rule", "subscribers"},
		{"sportType", strings.ToUpper(a.sportType())},
		{"startTimeGmt", epochMs(o.Start)}, {"startTimeLocal", epochMs(o.Start) + int64(off)*1000},
		{"duration", ms(o.Timer)}, {"movingDuration", ms(o.Timer)}, {"elapsedDuration", ms(o.Elapsed)},
	}
	if !math.IsNaN(o.Distance) {
		rec = append(rec, kv{"distance", num(math.Round(o.Distance * 100))})
		if o.Timer > 0 {
			rec = append(rec, kv{"avgSpeed", num(math.Round(o.Distance/o.Timer*1000) / 10000)})
		}
	}
	if a.ascent > 0 {
		rec = append(rec, kv{"elevationGain", num(a.ascent * 100)})
	}
	if !math.IsNaN(o.AvgHR) {
		rec = append(rec, kv{"avgHr", num(o.AvgHR)}, kv{"maxHr", num(o.MaxHR)})
	}
	rec = append(rec, kv{"calories", num(o.Calories)}, kv{"bmrCalories", num(math.Round(o.Elapsed / 86400 * 1720))})
	if a.power[0] > 0 {
		rec = append(rec, kv{"avgPower", num(a.power[0])}, kv{"maxPower", num(a.power[1])},
			kv{"normPower", num(math.Round(a.power[0] * 1.04))})
	}
	if !math.IsNaN(a.aerobicTE) {
		rec = append(rec, kv{"aerobicTrainingEffect", num(a.aerobicTE)},
			kv{"anaerobicTrainingEffect", num(math.Round(a.anTE*10) / 10)})
	}
	if !math.IsNaN(o.EPOC) {
		rec = append(rec, kv{"activityTrainingLoad", num(o.EPOC)},
			kv{"differenceBodyBattery", -int(math.Round(o.EPOC / 6))})
	}
	if !math.IsNaN(o.SweatLoss) {
		rec = append(rec, kv{"waterEstimated", num(math.Round(o.SweatLoss * 1000))})
	}
	if a.vo2max > 0 {
		rec = append(rec, kv{"vO2MaxValue", num(a.vo2max)})
	}
	rec = append(rec, kv{"manualActivity", o.Manual}, kv{"favorite", false}, kv{"pr", false})
	if o.Parent {
		ids := make([]int64, len(a.legs))
		for i, l := range a.legs {
			ids[i] = l.out.ID
		}
		rec = append(rec, kv{"parent", true}, kv{"childIds", ids})
	} else {
		rec = append(rec, kv{"parent", false})
	}
	if o.ParentID != 0 {
		rec = append(rec, kv{"parentId", o.ParentID})
	}
	return rec
}

// sportType is the summary's sportType.
func (a *xact) sportType() string {
	switch a.out.Sport {
	case "multisport":
		return "multisport"
	case "transition":
		return "generic"
	}
	return a.out.Sport
}
