// Package analysis turns decoded FIT files into bounceback's model of a
// training block.
//
// It owns the physiology and never does I/O: its input is [fitparse.File]
// values (our own types, SI units, NaN for "not recorded") and its output
// is plain structs that the report package renders. It never sees FIT
// messages.
//
// # Entry points
//
// [Summarize] reduces one decoded file to a small [FileSummary]: identity,
// status, warnings, stream counts, the athlete values the device recorded
// and one [SessionSummary] per session, with the session's heart rate
// reduced to a histogram (seconds per bpm, which gives zones and loads
// exactly under any athlete values decided later), its structure
// (intervals, decoupling, heart-rate recovery) and its HRV. It is meant to
// run on the decoding worker, right after the decode, so that the large
// record streams can be dropped and memory stays flat however many files
// are scanned. [Count] is the cheap variant that only counts.
//
// [EncodeSummary] and [DecodeSummary] keep a summary in a cache, exactly
// and in a few kilobytes, under the [SummaryVersion] of what Summarize
// returns (codec.go).
//
// [Build] gathers the summaries into a [Block], the one model every output
// format is a view of: the files and their sessions that pass the [Filter]
// in its [Options], each with its zones, load, class and plans; the
// athlete with the source of every value; the days ([Day]) and weeks
// ([Week]) of the load model; the daily recovery series ([Daily]); the
// readiness for the as-of day ([Readiness]); the multisport events; and
// the warnings about the data it did not take on trust. The parsers the
// command line uses ([ParseSports], [ParseSex], [ParseSportKey],
// [ParseZoneModel]) are here so that every value is parsed one way.
//
// The kernels live in two packages of their own, plain functions over
// slices: analysis/hrv (RR cleaning, time domain, DFA-α1, the VT
// regression) and analysis/load (TRIMP, HRSS, Edwards, fitness and
// fatigue, ACWR, monotony, the polarization index).
//
// # Defaults
//
// Every threshold and default is a named value with its source in its doc
// comment (docs/methods.md lists them all); those that are our own
// engineering choices say so, and the values that come from them are
// labelled in the output.
//
// # Missing values
//
// A number that was not recorded is NaN, a time that was not recorded is the
// zero time.Time and a name that was not recorded is "". Renderers turn those
// into an empty cell or a JSON null.
package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis/hrv"
	"github.com/bounceback/bounceback/fitparse"

	"github.com/bounceback/bounceback/analysis/load"
)

// FileSummary is what bounceback keeps of one input file once its streams
// have been reduced.
type FileSummary struct {
	// Path names the input as fitparse.File.Path does.
	Path string
	// Status says how far the file decoded; Err is why it failed or was
	// skipped (nil for OK and Partial).
	Status fitparse.Status
	Err    error
	// Warnings are non-fatal problems found while decoding (damage, with the
	// byte offset) or while summarizing.
	Warnings []error

	// FileID is the file's identity: type, device, serial, creation
	// time; Device() names the device for display.
	fitparse.FileID

	// Records counts record messages; HRSamples counts those with a heart
	// rate after the strap-stored hr messages were merged in; StrapHR
	// counts the heart-rate values that came from the strap.
	Records, HRSamples, StrapHR int
	// HRSource says where the heart rate came from.
	HRSource fitparse.HRSource
	// RRIntervals counts the RR intervals of all hrv messages.
	RRIntervals int

	// LocalOffset is the device's offset from UTC; HasLocalOffset is false
	// when the file does not say.
	LocalOffset    time.Duration
	HasLocalOffset bool

	// Wellness counts the daily wellness values (wellness and monitoring
	// files); 0 for activity files.
	Wellness int
	// WellnessValues are those values (Garmin's overnight HRV, resting
	// heart rate, sleep score), copied from the file; dailySeries reads
	// them.
	WellnessValues []fitparse.Wellness
	// Export is what a JSON file of Garmin's account export holds (sleep,
	// health status, daily summaries, Garmin's Training Readiness and
	// load), copied from the file; nil for a FIT file. [dailySeries]
	// reads it.
	Export *fitparse.Export

	// DeviceValues holds the athlete values the device recorded: the
	// file's user_profile and, per session, the time_in_zone settings it
	// applied. Build resolves the athlete from them.
	DeviceValues []DeviceValues

	// Sessions holds one summary per session message, in file order.
	Sessions []SessionSummary
}

// SessionSummary is one session: what the file recorded, what Summarize
// derives from the file's streams, and what Build decides and computes.
// Units: seconds, metres, kcal, bpm, °C, litres; NaN when the file did not
// record the value.
type SessionSummary struct {
	// Session is the session as the file recorded it (or as fitparse
	// rebuilt it from the records; Reconstructed says so). In a
	// multisport file Garmin writes EPOC and sweat loss cumulative over
	// the sessions; Summarize turns them into each session's own share
	// (see [Summarize]). Garmin's Training Effect, EPOC and sweat loss are
	// Garmin's numbers, shown beside ours and never mixed into ours.
	fitparse.Session
	// Index is the session's place among its file's session messages,
	// from 0 (the file's order, before any filter).
	Index int
	// Measures is what Summarize derives from the file.
	Measures
	// Checks, Metrics and Plans are what Build decides and computes; zero
	// until then.
	Checks
	Metrics
	Plans
}

// Measures is what [Summarize] derives for a session from its file.
type Measures struct {
	// RecoveryTime is Garmin's recovery time in minutes and GarminVO2max
	// its VO2max estimate in ml/kg/min, from the undocumented message 140
	// written at the end of the session; NaN when absent.
	RecoveryTime, GarminVO2max float64
	// AirTemp (°C) and Humidity (% RH) are the weather the device
	// recorded during the session (weather_conditions, mean of the
	// reports from start to end); NaN when none.
	AirTemp, Humidity float64

	// HRSamples and RRIntervals count the heart-rate samples and RR
	// intervals that fall in this session (see [Summarize]).
	HRSamples, RRIntervals int

	// What Summarize keeps of the session's trace:

	// HRHist is the time spent at each heart rate, pauses and gaps
	// handled by the trace's weights; nil without heart rate. Zones and
	// TRIMP are computed from it exactly.
	HRHist load.Histogram
	// HRTime is the time with heart rate counted, seconds (the sum of
	// HRHist); TraceAvgHR is the time-weighted average heart rate over
	// it, NaN without heart rate.
	HRTime, TraceAvgHR float64
	// Structure is what the trace's shape says: intervals, decoupling,
	// drift, heart-rate recovery, highest 5-s heart rate.
	Structure Structure
	// HRV is what the session's RR intervals say: artefact share, time
	// domain, DFA-α1, VT1/VT2 estimates; nil when the session has no RR
	// intervals or the file was only counted ([Count]).
	HRV *hrv.Session
}

// Checks is what [Build] decides about a session before it analyses the
// block: whether it counts, and the event it is a part of.
type Checks struct {
	// DuplicateOf is set when the session is a second recording of
	// another session (another device, a re-saved copy): it is listed,
	// with its own metrics, but the load, classes, weekly totals, HRV
	// baselines, readiness and plans count only the session it names.
	DuplicateOf *Duplicate
	// DateProblem says why the session's date cannot be right (before
	// the earliest plausible date, or after the day the program runs):
	// such a session is listed but left out of the days, weeks and
	// readiness. "" for a plausible date.
	DateProblem string
	// Event is the 1-based index in Block.Events of the multisport event
	// the session is a part of, 0 when it is none.
	Event int
}

// Metrics is what [Build] computes for a session under the athlete
// resolved for it as of its start.
type Metrics struct {
	// Athlete holds the HRmax, resting HR and LTHR used, with sources,
	// and the sex that picked the TRIMP constants.
	Athlete SessionAthlete
	// Zones are the five zones used; ZoneSeconds the time in each,
	// seconds, with the time below zone 1 counted in zone 1 and also
	// given as BelowZone1. All zero without heart-rate samples.
	Zones       Zones
	ZoneSeconds [5]float64
	BelowZone1  float64
	// TRIMP (Banister), HRSS (1 h at LTHR = 100) and Edwards (zonal
	// TRIMP) are our load. LoadEstimated is set when the session had no
	// heart-rate samples and the load comes from an assumed heart rate;
	// LoadNote says which.
	TRIMP, HRSS, Edwards float64
	LoadEstimated        bool
	LoadNote             string
	// SRPE is Foster's session-RPE load, RPE × timer minutes; NaN without
	// RPE.
	SRPE float64
	// Class is the intensity class with its reason and flags (classify).
	Class Classification
	// Seiler is the time below VT1, between VT1 and VT2 and above VT2,
	// seconds (docs/methods.md §5); SeilerFrom says where VT1 and VT2
	// came from: "DFA-α1" or "% HRmax" ("" for HRV readings and sessions
	// without heart rate).
	Seiler     [3]float64
	SeilerFrom string
}

// Plans are the post-session plans [Build] makes for a workout
// (docs/methods.md §7–9); nil for HRV readings.
type Plans struct {
	Fluid    *FluidPlan
	Refuel   *RefuelPlan
	Timeline Timeline
}

// Summarize reduces f to a FileSummary. It keeps every session (sessions are
// filtered later, by [Build]) and attributes each heart-rate sample and RR
// interval to a session by time: to the last session that started at or
// before it, or to the first session when it precedes them all or has no
// time. A single-session file therefore gets every sample.
//
// Per session it builds the trace, keeps its [Structure] (analyzeTrace) and
// reduces its heart rate to an [load.Histogram], which is all Build needs for
// zones and load under any athlete values; the trace is then dropped. It
// also keeps the athlete values the device recorded (FileSummary.DeviceValues),
// and Garmin's message 140 (recovery time, VO2max) on the session whose end
// is nearest to it.
//
// In a file with several sessions Garmin writes EPOC and sweat loss
// cumulative: each session holds the total so far. When those values never
// decrease from one session to the next, Summarize replaces each by its
// difference from the previous session that has one, so that every
// session carries its own share; values that decrease somewhere are kept as
// written.
//
// The FileSummary shares no memory with f except its Warnings slice, so f's
// streams can be freed once Summarize returns.
func Summarize(f *fitparse.File) FileSummary { return summarize(f, true) }

// Count reduces f to a FileSummary like [Summarize] but without reading the
// streams beyond counting them: its sessions have no structure, heart-rate
// histogram, device values or Garmin recovery values, so [Build] gives them
// estimated loads only. It is what listing sessions needs.
func Count(f *fitparse.File) FileSummary { return summarize(f, false) }

func summarize(f *fitparse.File, streams bool) FileSummary {
	s := FileSummary{
		Path:           f.Path,
		Status:         f.Status,
		Err:            f.Err,
		Warnings:       f.Warnings,
		FileID:         f.ID,
		Records:        f.Records.Len(),
		HRSamples:      f.Records.HRCount(),
		StrapHR:        f.StrapHR,
		HRSource:       f.HRSource,
		RRIntervals:    len(f.RR),
		LocalOffset:    f.LocalOffset,
		HasLocalOffset: f.HasLocalOffset,
		Wellness:       len(f.Wellness),
		WellnessValues: append([]fitparse.Wellness(nil), f.Wellness...),
		Export:         cloneExport(f.Export),
	}
	if len(f.Sessions) == 0 {
		return s
	}
	s.Sessions = make([]SessionSummary, len(f.Sessions))
	starts := make([]float64, len(f.Sessions))
	for i := range f.Sessions {
		fs := &f.Sessions[i]
		ss := SessionSummary{Session: *fs, Index: i}
		ss.TimeInHRZone = slices.Clone(fs.TimeInHRZone)
		ss.RecoveryTime, ss.GarminVO2max, ss.AirTemp, ss.Humidity, ss.TraceAvgHR = nan, nan, nan, nan, nan
		ss.SRPE, ss.TRIMP, ss.HRSS, ss.Edwards = nan, nan, nan, nan
		s.Sessions[i] = ss
		starts[i] = unixSeconds(fs.Start)
	}
	for i, hr := range f.Records.HR {
		if math.IsNaN(hr) {
			continue
		}
		t := math.NaN()
		if i < len(f.Records.T) {
			t = f.Records.T[i]
		}
		s.Sessions[sessionAt(starts, t)].HRSamples++
	}
	sc := getScratch()
	defer putScratch(sc)
	rrSession := sc.ints(len(f.RR))
	for i := range f.RR {
		t := math.NaN()
		if i < len(f.RRTime) {
			t = f.RRTime[i]
		}
		rrSession[i] = sessionAt(starts, t)
		s.Sessions[rrSession[i]].RRIntervals++
	}
	weather(f, s.Sessions)
	if !streams {
		return s
	}
	sessionRR(f, rrSession, starts, s.Sessions, sc)

	trs := traces(f, sc)
	for i := range trs {
		tr := &trs[i]
		ss := &s.Sessions[i]
		ss.Structure = analyzeWith(tr, defaultStructure, sc)
		// analyzeTrace's histogram is the same reduction (block_test.go checks
		// it); make our own only when it has none.
		if ss.HRHist = load.Histogram(ss.Structure.HRHist); ss.HRHist == nil {
			ss.HRHist = load.NewHistogram(tr.HR, tr.W)
		}
		ss.HRTime = ss.HRHist.Seconds()
		ss.TraceAvgHR = ss.HRHist.Mean()
		trs[i] = trace{} // let the trace go as soon as possible
	}
	s.DeviceValues = deviceValues(f)
	garminMetrics(f, s.Sessions)
	if len(s.Sessions) > 1 {
		ownShare(s.Sessions, func(x *SessionSummary) *float64 { return &x.EPOC })
		ownShare(s.Sessions, func(x *SessionSummary) *float64 { return &x.SweatLoss })
	}
	return s
}

// ownShare turns a value the device wrote cumulative over a file's sessions
// into each session's own share, when it never decreases.
func ownShare(ss []SessionSummary, field func(*SessionSummary) *float64) {
	prev := math.Inf(-1)
	n := 0
	for i := range ss {
		v := *field(&ss[i])
		if math.IsNaN(v) {
			continue
		}
		if v < prev {
			return
		}
		prev = v
		n++
	}
	if n < 2 {
		return
	}
	prev = nan
	for i := range ss {
		p := field(&ss[i])
		if math.IsNaN(*p) {
			continue
		}
		v := *p
		if !math.IsNaN(prev) {
			*p = v - prev
		}
		prev = v
	}
}

// nearestEnd returns the session whose end is nearest to Unix time t: the
// only session of a single-session file; for t NaN the last session.
func nearestEnd(ss []fitparse.Session, t float64) int {
	if len(ss) == 1 || math.IsNaN(t) {
		return len(ss) - 1
	}
	best, bestD := -1, math.Inf(1)
	for i := range ss {
		if ss[i].Start.IsZero() {
			continue
		}
		if d := math.Abs(unixSeconds(ss[i].End()) - t); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return len(ss) - 1
	}
	return best
}

// weather sets each session's AirTemp and Humidity to the mean of the
// weather reports from its start to its end (the start plus its elapsed
// time); a session with none gets the report nearest before its start
// within an hour, which is how phones send it.
func weather(f *fitparse.File, out []SessionSummary) {
	if len(f.Weather) == 0 {
		return
	}
	for i := range out {
		s := &out[i]
		if s.Start.IsZero() {
			continue
		}
		start := unixSeconds(s.Start)
		end := start
		if s.Elapsed > 0 {
			end += s.Elapsed
		} else if s.Timer > 0 {
			end += s.Timer
		}
		var tSum, tN, hSum, hN float64
		before, beforeT := -1, math.Inf(-1)
		for j := range f.Weather {
			w := &f.Weather[j]
			if w.T < start {
				if w.T >= start-3600 && w.T > beforeT {
					before, beforeT = j, w.T
				}
				continue
			}
			if w.T > end {
				continue
			}
			if has(w.Temperature) {
				tSum, tN = tSum+w.Temperature, tN+1
			}
			if has(w.Humidity) {
				hSum, hN = hSum+w.Humidity, hN+1
			}
		}
		if tN == 0 && hN == 0 && before >= 0 {
			w := &f.Weather[before]
			if has(w.Temperature) {
				tSum, tN = w.Temperature, 1
			}
			if has(w.Humidity) {
				hSum, hN = w.Humidity, 1
			}
		}
		if tN > 0 {
			s.AirTemp = tSum / tN
		}
		if hN > 0 {
			s.Humidity = hSum / hN
		}
	}
}

// garminMetrics puts Garmin's message 140 on the sessions: each message
// goes to the session whose end is nearest to it, and a later message
// replaces an earlier one.
func garminMetrics(f *fitparse.File, out []SessionSummary) {
	for _, g := range f.Garmin {
		s := &out[nearestEnd(f.Sessions, g.T)]
		if !math.IsNaN(g.RecoveryTime) {
			s.RecoveryTime = g.RecoveryTime
		}
		if !math.IsNaN(g.VO2max) {
			s.GarminVO2max = g.VO2max
		}
	}
}

// deviceValues returns the athlete values f's device recorded: the last
// user_profile, stamped with the first session's start, and one
// time_in_zone per session that has one. time_in_zone messages carry no
// session index in our types, so the ones that refer to a session are
// matched in order when there is one per session, and otherwise by time,
// to the session whose end is nearest; a session left without one takes
// the nearest lap's.
func deviceValues(f *fitparse.File) []DeviceValues {
	var out []DeviceValues
	if e := f.Export; e != nil {
		// The export's user profile: the body values the athlete gave
		// Garmin Connect, beside the devices' (source "device").
		if e.Kind == fitparse.ExportUserProfile && len(f.UserProfiles) > 0 {
			u := f.UserProfiles[len(f.UserProfiles)-1]
			d := DeviceValues{Time: e.ProfileDate, Kind: deviceUserProfile, Device: "Garmin Connect export", Path: f.Path,
				HRMax: u.MaxHR, HRRest: u.RestingHR, LTHR: nan, Mass: u.Weight, Height: u.Height, Age: u.Age, Sex: u.Sex, BirthDate: e.BirthDate}
			if said(d.HRMax) || said(d.HRRest) || said(d.Mass) || said(d.Height) || said(d.Age) || d.Sex != "" || !d.BirthDate.IsZero() {
				out = append(out, d)
			}
		}
		return out
	}
	device := f.ID.Device()
	first := f.ID.TimeCreated
	if len(f.Sessions) > 0 && !f.Sessions[0].Start.IsZero() {
		first = f.Sessions[0].Start
	}
	if n := len(f.UserProfiles); n > 0 {
		u := f.UserProfiles[n-1]
		d := DeviceValues{Time: first, Kind: deviceUserProfile, Device: device, Path: f.Path,
			HRMax: u.MaxHR, HRRest: u.RestingHR, LTHR: nan, Mass: u.Weight, Height: u.Height, Age: u.Age, Sex: u.Sex}
		if said(d.HRMax) || said(d.HRRest) || said(d.Mass) || said(d.Height) || said(d.Age) || d.Sex != "" {
			out = append(out, d)
		}
	}
	if len(f.Zones) == 0 || len(f.Sessions) == 0 {
		return out
	}
	useful := func(z *fitparse.ZoneSettings) bool {
		return said(z.MaxHR) || said(z.RestingHR) || said(z.ThresholdHR)
	}
	per := make([]*fitparse.ZoneSettings, len(f.Sessions))
	var sessionRefs []*fitparse.ZoneSettings
	for i := range f.Zones {
		if z := &f.Zones[i]; z.Ref == "session" && useful(z) {
			sessionRefs = append(sessionRefs, z)
		}
	}
	if len(sessionRefs) == len(f.Sessions) {
		copy(per, sessionRefs)
	} else {
		for _, z := range sessionRefs {
			per[nearestEnd(f.Sessions, z.T)] = z
		}
	}
	for i := range f.Zones {
		z := &f.Zones[i]
		if z.Ref != "lap" || !useful(z) || math.IsNaN(z.T) {
			continue
		}
		if k := nearestEnd(f.Sessions, z.T); per[k] == nil {
			per[k] = z
		}
	}
	for i, z := range per {
		if z == nil {
			continue
		}
		fs := &f.Sessions[i]
		t := fs.Start
		if t.IsZero() {
			t = first
		}
		out = append(out, DeviceValues{Time: t, Kind: deviceTimeInZone, Sport: fs.Sport, Device: device, Path: f.Path,
			HRMax: z.MaxHR, HRRest: z.RestingHR, LTHR: z.ThresholdHR, Mass: nan, Height: nan, Age: nan})
	}
	return out
}

// unixSeconds returns t as Unix seconds, or NaN for the zero time.
func unixSeconds(t time.Time) float64 {
	if t.IsZero() {
		return math.NaN()
	}
	return float64(t.UnixNano()) / 1e9
}

// sessionAt returns the index of the session that time t (Unix seconds)
// belongs to: the last one whose start is at or before t, else 0. Sessions
// without a start time never claim a sample, except as the fallback 0.
func sessionAt(starts []float64, t float64) int {
	best := 0
	if math.IsNaN(t) {
		return best
	}
	bestStart := math.Inf(-1)
	for i, st := range starts {
		if st <= t && st >= bestStart { // NaN compares false
			best, bestStart = i, st
		}
	}
	return best
}

// Local returns t (a session's start, say) on the device's local clock
// when the file recorded its UTC offset, as a time in a fixed zone with
// that offset; otherwise it returns t in UTC and false. The zero time
// stays zero.
func (f *FileSummary) Local(t time.Time) (time.Time, bool) {
	if t.IsZero() {
		return t, false
	}
	if !f.HasLocalOffset {
		return t.UTC(), false
	}
	return t.In(time.FixedZone("", int(f.LocalOffset/time.Second))), true
}

// Failed reports whether the file failed or was damaged (Partial): the
// conditions that make a batch exit with status 1.
func (f *FileSummary) Failed() bool {
	return f.Status == fitparse.Failed || f.Status == fitparse.Partial
}

// IsDuplicate reports whether the file was skipped as a duplicate of another
// input.
func (f *FileSummary) IsDuplicate() bool {
	return f.Status == fitparse.Skipped && errors.Is(f.Err, fitparse.ErrDuplicate)
}

// Filter selects sessions. The zero Filter keeps every session.
type Filter struct {
	// Since and Until bound the session's start date, inclusive, on the
	// device's local calendar when the file recorded its UTC offset and
	// on the UTC calendar otherwise. Only the year, month and day of each
	// are used; a zero value leaves that side open.
	Since, Until time.Time
	// Sports keeps sessions whose sport, sub-sport or "sport/sub_sport"
	// equals one of them, ignoring case (the union); "run", "ride",
	// "bike" and "swim" also name running, cycling and swimming. Empty
	// keeps every sport. [ParseSports] checks what a user wrote.
	Sports []string
}

// sportAliases maps everyday names to FIT profile sport names.
var sportAliases = map[string]string{
	"run":  "running",
	"ride": "cycling",
	"bike": "cycling",
	"swim": "swimming",
}

// Keep reports whether f keeps session s of file fs. A session without a
// start time is dropped by any date bound.
func (f Filter) Keep(fs *FileSummary, s *SessionSummary) bool {
	if len(f.Sports) > 0 && !slices.ContainsFunc(f.Sports, func(name string) bool {
		return sportMatches(name, s.Sport, s.SubSport)
	}) {
		return false
	}
	if f.Since.IsZero() && f.Until.IsZero() || s.DateProblem != "" {
		// A session whose date cannot be right is kept by any date
		// bound: listed, never counted.
		return true
	}
	if s.Start.IsZero() {
		return false
	}
	local, _ := fs.Local(s.Start)
	day := civilDay(local)
	if !f.Since.IsZero() && day.Before(civilDay(f.Since)) {
		return false
	}
	if !f.Until.IsZero() && day.After(civilDay(f.Until)) {
		return false
	}
	return true
}

// civilDay returns t's calendar date as midnight UTC, so that dates from
// different zones compare by their wall-clock date.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseSports returns the sport names of values, each a name or a comma
// list of names ("run,ride"), in the form [Filter.Sports] takes: every
// name must be a FIT profile sport or sub-sport name (as
// [fitparse.SportNames] and [fitparse.SubSportNames] spell them), a
// "sport/sub_sport" pair of those, or an alias ("run", "ride", "bike",
// "swim"), in any case. An unknown name is an error that lists the known
// ones; empty names are ignored, and the result has each name once.
func ParseSports(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" || slices.Contains(out, name) {
				continue
			}
			if !knownSport(name) {
				return nil, fmt.Errorf("unknown sport %q (known: %s; FIT sports: %s; and FIT sub-sports such as trail, treadmill, indoor_cycling, lap_swimming)",
					name, strings.Join(aliasNames(), ", "), strings.Join(fitparse.SportNames(), ", "))
			}
			out = append(out, name)
		}
	}
	return out, nil
}

func knownSport(name string) bool {
	if _, ok := sportAliases[name]; ok {
		return true
	}
	sport, sub, pair := strings.Cut(name, "/")
	if pair {
		return slices.Contains(fitparse.SportNames(), sport) && slices.Contains(fitparse.SubSportNames(), sub)
	}
	return slices.Contains(fitparse.SportNames(), name) || slices.Contains(fitparse.SubSportNames(), name)
}

func aliasNames() []string {
	names := make([]string, 0, len(sportAliases))
	for k := range sportAliases {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func sportMatches(name, sport, subSport string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	if alias, ok := sportAliases[name]; ok {
		name = alias
	}
	sport, subSport = strings.ToLower(sport), strings.ToLower(subSport)
	return name == sport || (subSport != "" && (name == subSport || name == sport+"/"+subSport))
}

// Block is the model of a batch of files that every output renders.
type Block struct {
	// Files holds every input file in scan order (start time, then path),
	// including those that failed or were skipped. Each file's Sessions
	// holds only the sessions that passed the Filter, each with its
	// metrics (zones, load, class) computed.
	Files []FileSummary
	// Totals sums the block.
	Totals Totals
	// Athlete is the athlete resolved as of Options.AsOf (zero: the latest
	// values of all), each value with its source: what `profile` shows.
	// Each session carries the values resolved for its own start in
	// SessionSummary.Athlete.
	Athlete Athlete
	// Warnings are problems with the athlete values (see
	// resolveAthlete); they do not stop the analysis.
	Warnings []error
	// Daily is the recovery series, one entry per local calendar day
	// (ln RMSSD, resting heart rate, sleep score with their baselines),
	// and DailySources says where each series came from (dailySeries
	// with defaultBaselines).
	Daily        []Daily
	DailySources DailySources
	// Days and Weeks are the load model over the block, Readiness the
	// readiness for the as-of day (nil without any data); see
	// [LoadOptions].
	Days      []Day
	Weeks     []Week
	Readiness *Readiness
	// Sweat is the sweat calibration learned from Options.WeighIns.
	Sweat Calibration
	// Anchors are the zone anchors suggested by the sessions' DFA-α1
	// (see [Anchor]); never applied.
	Anchors []Anchor
	// Events are the multisport events of the kept sessions, each with
	// its own plans (see [Event]), in file order.
	Events []Event

	// LastWorkout is the local day of the last workout the model counts
	// (zero without one) and LastData the last day with a workout or a
	// daily value, both at or before the as-of day. Stale is set when the
	// last workout is more than staleDays before the as-of day, and
	// StaleNote then says so in one line, for every output to show first;
	// the weeks of a stale block end at LastData, and so do the views'
	// day tables and charts by default.
	LastWorkout, LastData time.Time
	Stale                 bool
	StaleNote             string
}

// Totals sums a Block.
type Totals struct {
	// Files counts every input; OK, Partial, Failed and Skipped count them
	// by status.
	Files, OK, Partial, Failed, Skipped int
	// Sessions counts the sessions that passed the filter and count in
	// the block (duplicates and sessions with an implausible date are
	// listed but not counted; Duplicates and Undated count them).
	Sessions, Duplicates, Undated int
	// Timer and Distance sum the counted sessions' timer time (s) and
	// distance (m, by sport), skipping values that were not recorded; 0
	// when none was.
	Timer    float64
	Distance Distances
	// Workouts counts the counted sessions that are workouts, Readings
	// those that are HRV readings (Classification.Reading, not
	// workouts); WorkoutTimer sums the workouts' timer time (s), TRIMP
	// and HRSS their loads, and Estimated counts the workouts whose load
	// was estimated without heart rate.
	Workouts, Readings, Estimated int
	WorkoutTimer, TRIMP, HRSS     float64
	// Classes counts the workouts by class; Long and Race count those
	// flagged long and race.
	Classes    map[Class]int
	Long, Race int
	// Summaries counts the counted workouts that come from Garmin's
	// activity summaries in the account export, without a FIT file
	// (Session.Summary): their load is estimated from duration and
	// average heart rate.
	Summaries int
}

// Options configure Build. The zero value keeps every session and resolves
// the athlete from the files and the defaults.
type Options struct {
	// Filter selects the sessions the block keeps.
	Filter Filter
	// Flags and File are what the user said on the command line and in the
	// profile file; flags win (see resolveAthlete).
	Flags, File ProfileInput
	// AsOf is the day the block is computed for: data after its calendar
	// date (sessions, wellness values, device values) are ignored as if
	// they did not exist, Block.Athlete is resolved for it and
	// Block.Readiness is its readiness. Zero takes every file and the
	// latest values of all.
	AsOf time.Time
	// Load is the load model's rules; the zero value means
	// defaultLoadOptions.
	Load LoadOptions
	// WeighIns are the athlete's logged weigh-ins (sweat calibration).
	WeighIns []WeighIn
	// NextSessionIn, when positive, is the time to the next session for
	// every session's plans; zero takes it from the block.
	NextSessionIn time.Duration
	// SweatModel is the sweat model of the fluid plans: SweatGonzalez
	// or SweatHeatBalance; "" is the default (DefaultSweat.Model).
	SweatModel string
	// Now is when the program runs: a session that starts after it (by
	// more than defaultLimits.FutureSlack) has a wrong date, like one
	// before defaultLimits.Earliest. Zero checks only the past.
	Now time.Time
}

// upTo returns files without what happened after the calendar day cut:
// sessions that start on a later local day, wellness values stamped after
// it and device values recorded after it. Sessions with a DateProblem are
// kept (listed, never counted). Files keep their place; their slices are
// copied when something is dropped.
func upTo(files []FileSummary, cut time.Time) []FileSummary {
	end := cut.AddDate(0, 0, 1)
	out := make([]FileSummary, len(files))
	for i := range files {
		f := files[i]
		f.Sessions = without(f.Sessions, func(s *SessionSummary) bool {
			if s.Start.IsZero() || s.DateProblem != "" {
				return false
			}
			local, _ := f.Local(s.Start)
			return civilDay(local).After(cut)
		})
		f.WellnessValues = without(f.WellnessValues, func(w *fitparse.Wellness) bool {
			return !w.Time.IsZero() && !w.Time.Add(f.LocalOffset).Before(end)
		})
		f.Export = exportUpTo(f.Export, cut)
		f.DeviceValues = without(f.DeviceValues, func(v *DeviceValues) bool {
			return !v.Time.IsZero() && !v.Time.Add(f.LocalOffset).Before(end)
		})
		out[i] = f
	}
	return out
}

// without returns xs without the elements drop reports: xs itself when it
// drops none (the as-of day usually drops nothing, and a copy of every
// session would double the block's memory), else a new slice.
func without[T any](xs []T, drop func(*T) bool) []T {
	for i := range xs {
		if !drop(&xs[i]) {
			continue
		}
		out := make([]T, i, len(xs)-1)
		copy(out, xs[:i])
		for j := i + 1; j < len(xs); j++ {
			if !drop(&xs[j]) {
				out = append(out, xs[j])
			}
		}
		return out
	}
	return xs
}

// Build returns the Block of files, keeping only the sessions that pass
// opts.Filter, and computes each kept session's metrics: the athlete
// values for its sport as of its start (resolveAthlete, with the device
// values and the highest 5-s heart rates of all the files, filtered or
// not), its zones and time in zone, its load (TRIMP, HRSS, Edwards,
// session-RPE; estimated without heart rate, see estimatedLoad) and its
// class (classify).
//
// Before any of that, the data-quality layer (quality.go) checks what
// the files say: device values outside defaultLimits are not used,
// sessions with an impossible date are listed but not counted, and a
// session recorded twice counts once (SessionSummary.DuplicateOf). What it
// finds is in Block.Warnings.
//
// It does not modify files: each FileSummary whose sessions are kept gets
// its own Sessions slice. The order of files is kept.
func Build(files []FileSummary, opts Options) *Block {
	in := prepare(files, opts)
	r := newResolver(opts.Flags, opts.File, in.device, dataMaxHR(in.files))
	r.sessionSports = sessionSports(in.files)
	th := defaultClassThresholds
	b := &Block{}
	b.Athlete, _ = r.athlete(opts.AsOf)
	var readings []FileSummary
	b.Files, readings = measureFiles(in.files, in.opts.Filter, r, th)
	b.Totals = totalsOf(b.Files)
	// The daily series sees every file's wellness values and HRV readings,
	// filtered or not, so that its baselines have their history; the
	// filter's dates then bound the days shown.
	daily, sources := dailySeries(readings, defaultBaselines)
	if sources.Disagree {
		in.warns = append(in.warns, fmt.Errorf("daily series: %s", strings.Join(sources.Agreement, "; ")))
	}
	m := blockModel(b.Files, in.files, daily, sources, r, th, in.opts)
	b.Days, b.Weeks, b.Readiness = m.days, m.weeks, m.readiness
	b.LastData, b.LastWorkout, b.Stale, b.StaleNote = m.lastData, m.lastWorkout, m.stale, m.staleNote
	b.Daily, b.DailySources = filterDays(daily, in.opts.Filter), sources
	pl := sessionPlans(b.Files, &b.Athlete, in.opts)
	b.Sweat, b.Events = pl.sweat, pl.events
	for i := range b.Files {
		for j := range b.Files[i].Sessions {
			s := &b.Files[i].Sessions[j]
			s.Plans, s.Event = pl.plans[i][j], pl.event[i][j]
		}
	}
	b.Anchors = anchors(b.Files)
	b.Warnings = append(append(in.warns, r.warns...), b.Warnings...)
	return b
}

// prepared is what Build works from: the files as of Options.AsOf with
// their dates checked and their duplicate sessions marked, the athlete
// values the devices recorded, and the problems found.
type prepared struct {
	files  []FileSummary
	opts   Options
	device []DeviceValues
	warns  []error
}

// prepare copies files (Build never changes its input), checks the
// sessions' dates, drops what comes after the as-of day (and bounds the
// filter by it), marks the duplicate sessions and checks the device
// values.
func prepare(files []FileSummary, opts Options) prepared {
	// checkDates and markDuplicates copy a file's sessions before they
	// write to them.
	in := prepared{files: slices.Clone(files), opts: opts}
	in.warns = checkDates(in.files, opts.Now, defaultLimits)
	if !opts.AsOf.IsZero() {
		in.files = upTo(in.files, civilDay(opts.AsOf))
		if u := opts.Filter.Until; u.IsZero() || civilDay(u).After(civilDay(opts.AsOf)) {
			in.opts.Filter.Until = opts.AsOf
		}
	}
	markDuplicates(in.files, defaultLimits)
	var warns []error
	in.device, warns = checkDevices(in.files, defaultLimits)
	in.warns = append(in.warns, warns...)
	return in
}

// dataMaxHR returns the data's HRmax per sport key: the highest sustained
// heart rate of any session with a plausible date, its 5-s maximum or,
// without a trace, its average.
func dataMaxHR(files []FileSummary) map[string]float64 {
	maxHR := make(map[string]float64)
	for i := range files {
		for j := range files[i].Sessions {
			s := &files[i].Sessions[j]
			if s.DateProblem != "" {
				continue
			}
			v := s.Structure.Max5s
			for _, avg := range []float64{s.TraceAvgHR, s.AvgHR} {
				if !(v >= avg) && avg > 0 {
					v = avg
				}
			}
			if !(v > 0) || v > defaultProfile.MaxHRMaxEstimate {
				continue
			}
			if key := SportKey(s.Sport); !(maxHR[key] >= v) {
				maxHR[key] = v
			}
		}
	}
	return maxHR
}

// sessionSports returns the sport keys of the files' sessions.
func sessionSports(files []FileSummary) map[string]bool {
	keys := map[string]bool{}
	for i := range files {
		for j := range files[i].Sessions {
			keys[SportKey(files[i].Sessions[j].Sport)] = true
		}
	}
	return keys
}

// measureFiles returns the files with the sessions the filter keeps, each
// with its metrics under the athlete r resolves for it, and the files
// with only their HRV readings (kept or not: the daily series needs their
// history) for the daily series.
func measureFiles(files []FileSummary, filter Filter, r *resolver, th classThresholds) (kept, readings []FileSummary) {
	kept = make([]FileSummary, len(files))
	readings = make([]FileSummary, len(files))
	for i := range files {
		f := files[i]
		readings[i] = f
		readings[i].Sessions = nil
		var ss []SessionSummary
		if len(f.Sessions) > 0 {
			ss = make([]SessionSummary, 0, len(f.Sessions))
		}
		for j := range f.Sessions {
			s := f.Sessions[j]
			keep := filter.Keep(&f, &s)
			if keep || s.HRV != nil {
				s.Metrics = measure(&s, r, th)
			}
			if keep {
				ss = append(ss, s)
			}
			if s.Class.Reading {
				readings[i].Sessions = append(readings[i].Sessions, s)
			}
		}
		f.Sessions = ss
		kept[i] = f
	}
	return kept, readings
}

// cloneExport copies e, so that a FileSummary shares no memory with its
// file.
func cloneExport(e *fitparse.Export) *fitparse.Export {
	if e == nil {
		return nil
	}
	c := *e
	c.Sleep = slices.Clone(e.Sleep)
	c.Health = slices.Clone(e.Health)
	c.DaySummary = slices.Clone(e.DaySummary)
	c.Readiness = slices.Clone(e.Readiness)
	c.Load = slices.Clone(e.Load)
	return &c
}

// exportUpTo returns e without the days after cut (a local calendar day).
func exportUpTo(e *fitparse.Export, cut time.Time) *fitparse.Export {
	if e == nil {
		return nil
	}
	keep := func(d time.Time) bool { return d.IsZero() || !civilDay(d).After(cut) }
	c := *e
	c.Sleep = slices.DeleteFunc(slices.Clone(e.Sleep), func(x fitparse.Sleep) bool { return !keep(x.Date) })
	c.Health = slices.DeleteFunc(slices.Clone(e.Health), func(x fitparse.HealthStatus) bool { return !keep(x.Date) })
	c.DaySummary = slices.DeleteFunc(slices.Clone(e.DaySummary), func(x fitparse.DaySummary) bool { return !keep(x.Date) })
	c.Readiness = slices.DeleteFunc(slices.Clone(e.Readiness), func(x fitparse.GarminReadiness) bool { return !keep(x.Date) })
	c.Load = slices.DeleteFunc(slices.Clone(e.Load), func(x fitparse.GarminLoad) bool { return !keep(x.Date) })
	return &c
}
