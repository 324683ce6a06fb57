package fitgen

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// morning is a short resting HRV reading with a chest strap.
type morning struct {
	path    string
	start   time.Time
	dur     int     // s
	lnRMSSD float64 // the day's target ln RMSSD (ms) before artefacts
	restHR  float64 // bpm
	seed    uint64
	week    int
}

// morningBeats generates resting RR intervals: respiratory sinus arrhythmia,
// a slow wander and AR(1) noise, scaled so that the RMSSD of the clean
// series is exactly exp(lnRMSSD) ms.
func morningBeats(m *morning, r *rand.Rand) []beat {
	mean := 60 / m.restHR
	breath := 4.8 + 1.4*r.Float64() // s per breath
	phase := r.Float64() * 2 * math.Pi
	noise := ar1{phi: 0.45}
	wander := ar1{phi: 0.985}
	var dev []float64
	var ts []float64
	t := -2.0
	for t < float64(m.dur) {
		d := 0.045*math.Sin(2*math.Pi*t/breath+phase) + 0.012*noise.next(r) + 0.02*wander.next(r)
		rr := mean + d
		t += rr
		dev = append(dev, d)
		ts = append(ts, t)
	}
	var ss float64
	for i := 1; i < len(dev); i++ {
		x := dev[i] - dev[i-1]
		ss += x * x
	}
	rmssd := math.Sqrt(ss / float64(len(dev)-1))
	scale := math.Exp(m.lnRMSSD) / 1000 / rmssd
	out := make([]beat, len(dev))
	t = ts[0] - (mean + dev[0]*scale)
	for i, d := range dev {
		rr := clamp(mean+d*scale, 0.5, 1.9)
		t += rr
		out[i] = beat{t: t, rr: rr}
	}
	return out
}

func encodeMorning(m *morning) (*written, error) {
	r := rand.New(rand.NewPCG(m.seed, 0x6d6f726e))
	clean := morningBeats(m, r)
	beats, nArt := injectArtefacts(clean, 0.004, r)
	start := m.start.UTC()
	startTS := fitTime(start)
	n := m.dur + 1
	// RR intervals (artefacts included) go into the hrv message after the
	// record of the second in which they end.
	rrAt := make([][]uint16, n)
	for _, b := range beats {
		if e := int(math.Ceil(b.t)); e >= 0 && e < n {
			rrAt[e] = append(rrAt[e], u16(b.rr*1000))
		}
	}
	// Heart rate per second is the strap's filtered running average of
	// the clean beats.
	hr := make([]float64, n)
	j := 0
	avg := 60 / m.restHR
	for e := 0; e < n; e++ {
		for j < len(clean) && clean[j].t <= float64(e) {
			avg += (clean[j].rr - avg) / 4
			j++
		}
		hr[e] = 60 / avg
	}
	w := newFitWriter(n*20 + 2048)
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileActivity
	fid.Manufacturer = typedef.ManufacturerGarmin
	fid.Product = uint16(fr955.product)
	fid.SerialNumber = fr955.serial
	fid.TimeCreated = start
	w.put(fid.ToMesg(nil))
	a := &activity{dev: fr955, strap: strapHRMPro}
	writeDevices(w, a, start)
	writeUserProfile(w)
	w.put(eventMesg(start, typedef.EventTypeStart))
	out := &written{artefacts: nArt}
	rec := proto.Message{Num: mesgnum.Record, Fields: make([]proto.Field, 0, 3)}
	var hrSum, hrMax float64
	for e := 0; e < n; e++ {
		rec.Fields = append(rec.Fields[:0],
			withValue(fRecTimestamp, proto.Uint32(startTS+uint32(e))),
			withValue(fRecHR, proto.Uint8(u8(hr[e]))),
			withValue(fRecTemp, proto.Int8(s8(29+2*float64(e)/float64(n)))))
		w.put(rec)
		if len(rrAt[e]) > 0 {
			writeHRV(w, rrAt[e])
			out.rr += len(rrAt[e])
		}
		if e > 0 {
			hrSum += math.Round(hr[e])
			hrMax = math.Max(hrMax, math.Round(hr[e]))
		}
	}
	end := start.Add(time.Duration(m.dur) * time.Second)
	w.put(eventMesg(end, typedef.EventTypeStopAll))
	avgHR := math.Round(hrSum / float64(n-1))
	sport, sub := sportBreathing.fit()
	l := mesgdef.NewLap(nil)
	l.MessageIndex = 0
	l.Timestamp, l.StartTime = end, start
	l.TotalElapsedTime, l.TotalTimerTime = uint32(m.dur*1000), uint32(m.dur*1000)
	l.AvgHeartRate, l.MaxHeartRate = u8(avgHR), u8(hrMax)
	l.Event, l.EventType = typedef.EventLap, typedef.EventTypeStop
	l.LapTrigger = typedef.LapTriggerSessionEnd
	l.Sport, l.SubSport = sport, sub
	w.put(l.ToMesg(nil))
	s := mesgdef.NewSession(nil)
	s.MessageIndex = 0
	s.Timestamp, s.StartTime = end, start
	s.TotalElapsedTime, s.TotalTimerTime = uint32(m.dur*1000), uint32(m.dur*1000)
	s.AvgHeartRate, s.MaxHeartRate = u8(avgHR), u8(hrMax)
	s.Sport, s.SubSport = sport, sub
	s.Event, s.EventType = typedef.EventSession, typedef.EventTypeStop
	s.Trigger = typedef.SessionTriggerActivityEnd
	s.FirstLapIndex, s.NumLaps = 0, 1
	s.TotalCalories = u16(float64(m.dur) / 60 * 1.3)
	w.put(s.ToMesg(nil))
	act := mesgdef.NewActivity(nil)
	act.Timestamp = end
	act.LocalTimestamp = localStamp(end, m.start)
	act.TotalTimerTime = uint32(m.dur * 1000)
	act.NumSessions = 1
	act.Type = typedef.ActivityManual
	act.Event, act.EventType, act.EventGroup = typedef.EventActivity, typedef.EventTypeStop, 0
	w.put(act.ToMesg(nil))
	data, err := w.finish()
	if err != nil {
		return nil, err
	}
	out.data, out.counts = data, w.count
	out.legs = []legSummary{{start: start, timer: float64(m.dur), elapsed: float64(m.dur),
		avgHR: avgHR, maxHR: hrMax, records: n, hrCount: n}}
	return out, nil
}

// nightly is one night of Garmin's overnight wellness data.
type nightly struct {
	day       time.Time // local midnight of the morning the night ends
	rmssd     float64   // last night's average, ms
	weekly    float64   // 7-day average, ms
	restHR    float64   // today's resting heart rate, bpm
	restHR7   float64   // 7-day average resting heart rate, bpm
	sleep     uint8     // overall sleep score
	bed, wake time.Time // the sleep window
	seed      uint64
	hrvPath   string
	sleepPath string
	wellPath  string
}

// Garmin's overnight HRV baseline band for the athlete, ms.
const (
	baselineLowUpper      = 42
	baselineBalancedLower = 47
	baselineBalancedUpper = 66
)

// monitoringHeader writes the file_id of a wellness file and, as Garmin's
// monitoring files do, a monitoring_info whose local_timestamp gives the
// device's UTC offset.
func monitoringHeader(w *fitWriter, created time.Time) {
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileMonitoringB
	fid.Manufacturer = typedef.ManufacturerGarmin
	fid.Product = uint16(fr955.product)
	fid.SerialNumber = fr955.serial
	fid.TimeCreated = created.UTC()
	w.put(fid.ToMesg(nil))
	mi := mesgdef.NewMonitoringInfo(nil)
	mi.Timestamp = created.UTC()
	mi.LocalTimestamp = localStamp(created, created)
	mi.RestingMetabolicRate = 1720
	w.put(mi.ToMesg(nil))
}

// encodeNight writes the three wellness files of one night: HRV status
// (hrv_value every 5 minutes of sleep and hrv_status_summary at wake-up),
// sleep (sleep_assessment, which has no timestamp: the file was created at
// wake-up) and daily monitoring (monitoring_hr_data stamped at local
// midnight, 22:00 UTC the day before).
func encodeNight(n *nightly) (hrvFile, sleepFile, wellFile *written, err error) {
	x := n.draws()
	wake := n.wake

	w := newFitWriter(2048)
	monitoringHeader(w, wake)
	t := n.bed
	for _, v := range x.hrv {
		t = t.Add(5 * time.Minute)
		hv := mesgdef.NewHrvValue(nil)
		hv.Timestamp = t.UTC()
		hv.Value = u16(v * 128)
		w.put(hv.ToMesg(nil))
	}
	st := mesgdef.NewHrvStatusSummary(nil)
	st.Timestamp = wake.UTC()
	st.WeeklyAverage = u16(n.weekly * 128)
	st.LastNightAverage = u16(n.rmssd * 128)
	st.LastNight5MinHigh = u16(x.hi * 128)
	st.BaselineLowUpper = baselineLowUpper * 128
	st.BaselineBalancedLower = baselineBalancedLower * 128
	st.BaselineBalancedUpper = baselineBalancedUpper * 128
	st.Status = hrvStatus(n.weekly)
	w.put(st.ToMesg(nil))
	if hrvFile, err = finishWritten(w); err != nil {
		return
	}

	w = newFitWriter(512)
	monitoringHeader(w, wake)
	sa := mesgdef.NewSleepAssessment(nil)
	sa.OverallSleepScore = n.sleep
	sa.SleepQualityScore = x.quality
	sa.SleepDurationScore = x.duration
	sa.SleepRecoveryScore = x.recovery
	sa.DeepSleepScore = x.deep
	sa.AwakeningsCount = x.awakenings
	sa.AverageStressDuringSleep = u16(x.stress * 100)
	w.put(sa.ToMesg(nil))
	if sleepFile, err = finishWritten(w); err != nil {
		return
	}

	w = newFitWriter(512)
	monitoringHeader(w, n.day.Add(23*time.Hour+59*time.Minute))
	hd := mesgdef.NewMonitoringHrData(nil)
	hd.Timestamp = n.day.UTC()
	hd.RestingHeartRate = u8(n.restHR7)
	hd.CurrentDayRestingHeartRate = u8(n.restHR)
	w.put(hd.ToMesg(nil))
	wellFile, err = finishWritten(w)
	return
}

// nightDraws are the random values of a night: the 5-minute overnight HRV
// (ms, from bed time + 5 min to wake-up) and their highest, and the sleep
// assessment's sub-scores, awakenings and average stress during sleep.
type nightDraws struct {
	hrv                               []float64
	hi                                float64
	quality, duration, recovery, deep uint8
	awakenings                        uint8
	stress                            float64
}

// draws returns the night's random values, from its seed: the same night
// always gives the same values, whether written to FIT files or to the
// account export.
func (n *nightly) draws() nightDraws {
	r := rand.New(rand.NewPCG(n.seed, 0x6e69676874))
	var x nightDraws
	for t := n.bed.Add(5 * time.Minute); !t.After(n.wake); t = t.Add(5 * time.Minute) {
		v := n.rmssd * math.Exp(0.18*r.NormFloat64())
		x.hi = math.Max(x.hi, v)
		x.hrv = append(x.hrv, v)
	}
	x.quality = u8(float64(n.sleep) + 3*r.NormFloat64())
	x.duration = u8(clamp(float64(n.sleep)+6+4*r.NormFloat64(), 0, 100))
	x.recovery = u8(clamp(float64(n.sleep)-4+5*r.NormFloat64(), 0, 100))
	x.deep = u8(clamp(float64(n.sleep)+5*r.NormFloat64(), 0, 100))
	x.awakenings = uint8(1 + r.IntN(4))
	x.stress = 14 + 3*r.NormFloat64()
	return x
}

// hrvStatus is Garmin's HRV status for a 7-day mean (ms) against the
// athlete's baseline band.
func hrvStatus(weekly float64) typedef.HrvStatus {
	switch {
	case weekly < baselineLowUpper:
		return typedef.HrvStatusLow
	case weekly < baselineBalancedLower || weekly > baselineBalancedUpper:
		return typedef.HrvStatusUnbalanced
	}
	return typedef.HrvStatusBalanced
}

func finishWritten(w *fitWriter) (*written, error) {
	data, err := w.finish()
	if err != nil {
		return nil, err
	}
	return &written{data: data, counts: w.count}, nil
}

// encodeWorkout writes a planned workout (5 × 3 min at VO2max), which an
// analysis must skip.
func encodeWorkout(created time.Time) (*written, error) {
	w := newFitWriter(1024)
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileWorkout
	fid.Manufacturer = typedef.ManufacturerGarmin
	fid.Product = 65534 // Garmin Connect
	fid.SerialNumber = 0
	fid.TimeCreated = created.UTC()
	w.put(fid.ToMesg(nil))
	wk := mesgdef.NewWorkout(nil)
	wk.WktName = "VO2max 5x3min"
	wk.Sport = typedef.SportRunning
	wk.SubSport = typedef.SubSportGeneric
	wk.NumValidSteps = 5
	w.put(wk.ToMesg(nil))
	steps := []struct {
		name   string
		dur    typedef.WktStepDuration
		value  uint32
		target typedef.WktStepTarget
		tval   uint32
		in     typedef.Intensity
	}{
		{"Warm up", typedef.WktStepDurationTime, 900000, typedef.WktStepTargetHeartRate, 2, typedef.IntensityWarmup},
		{"Run hard", typedef.WktStepDurationTime, 180000, typedef.WktStepTargetHeartRate, 5, typedef.IntensityActive},
		{"Recover", typedef.WktStepDurationTime, 120000, typedef.WktStepTargetHeartRate, 1, typedef.IntensityRecovery},
		{"", typedef.WktStepDurationRepeatUntilStepsCmplt, 1, typedef.WktStepTargetOpen, 5, typedef.IntensityActive},
		{"Cool down", typedef.WktStepDurationTime, 600000, typedef.WktStepTargetHeartRate, 1, typedef.IntensityCooldown},
	}
	for i, s := range steps {
		ws := mesgdef.NewWorkoutStep(nil)
		ws.MessageIndex = typedef.MessageIndex(i)
		ws.WktStepName = s.name
		ws.DurationType = s.dur
		ws.DurationValue = s.value
		ws.TargetType = s.target
		ws.TargetValue = s.tval
		ws.Intensity = s.in
		w.put(ws.ToMesg(nil))
	}
	return finishWritten(w)
}

// encodeSettings writes the device settings file, which an analysis must
// skip.
func encodeSettings(created time.Time) (*written, error) {
	w := newFitWriter(1024)
	fid := mesgdef.NewFileId(nil)
	fid.Type = typedef.FileSettings
	fid.Manufacturer = typedef.ManufacturerGarmin
	fid.Product = uint16(fr955.product)
	fid.SerialNumber = fr955.serial
	fid.TimeCreated = created.UTC()
	w.put(fid.ToMesg(nil))
	writeUserProfile(w)
	ds := mesgdef.NewDeviceSettings(nil)
	ds.UtcOffset = 0
	ds.TimeOffset = []uint32{7200}
	ds.TimeZoneOffset = []int8{8} // 2 h in quarter hours
	ds.ActiveTimeZone = 0
	ds.BacklightMode = typedef.BacklightModeAutoBrightness
	ds.ActivityTrackerEnabled = typedef.BoolTrue
	ds.MoveAlertEnabled = typedef.BoolFalse
	ds.DateMode = typedef.DateModeDayMonth
	w.put(ds.ToMesg(nil))
	return finishWritten(w)
}

// MorningReading returns the FIT file of a resting HRV reading with a
// chest strap, as the block's morning readings: dur seconds from start,
// RR intervals whose clean RMSSD is exactly exp(lnRMSSD) ms (with the
// block's rate of artefacts), at restHR bpm. The same arguments give the
// same bytes. Tests use it for an athlete whose HRV drops.
func MorningReading(start time.Time, dur int, lnRMSSD, restHR float64, seed uint64) ([]byte, error) {
	w, err := encodeMorning(&morning{start: start, dur: dur, lnRMSSD: lnRMSSD, restHR: restHR, seed: seed})
	if err != nil {
		return nil, err
	}
	return w.data, nil
}
