// Package analysis turns decoded FIT files into bounceback's model of a
// training block.
//
// It owns the physiology and never does I/O: its input is [fitparse.File]
// values (our own types, SI units, NaN for "not recorded") and its output is
// plain structs that the report package renders. It never sees FIT messages.
//
// # One file
//
// [Summarize] reduces one decoded file to a small [FileSummary]: identity,
// status, warnings, stream counts and one [SessionSummary] per session. It
// is meant to run on the decoding worker, right after the decode, so that the
// large record streams can be dropped and memory stays flat however many
// files are scanned. Per-session metrics computed from the streams (zones,
// load, HRV, ...) belong in Summarize too.
//
// # The block
//
// [Build] gathers the summaries into a [Block]: the files in scan order, the
// sessions that pass the [Filter] in its [Options], and the totals. The Block is the one model
// every output format is a view of.
//
// # Missing values
//
// A number that was not recorded is NaN, a time that was not recorded is the
// zero time.Time and a name that was not recorded is "". Renderers turn those
// into an empty cell or a JSON null.
package analysis

import (
	"errors"
	"math"
	"strings"
	"time"

	"github.com/bounceback/bounceback/fitparse"
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

	// FileType is the FIT file type ("activity", "monitoring_b", ...);
	// "" when not recorded.
	FileType string
	// Manufacturer and Product are profile names ("garmin", "fr955"); "" when
	// not recorded. Device is the two joined for display.
	Manufacturer, Product, Device string
	// Serial is the device serial number; 0 when not recorded.
	Serial uint32
	// TimeCreated is when the device created the file; zero when not
	// recorded.
	TimeCreated time.Time

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

	// Sessions holds one summary per session message, in file order.
	Sessions []SessionSummary
}

// SessionSummary is one session. Units: seconds, metres, kcal, bpm, °C,
// litres; NaN when the file did not record the value.
type SessionSummary struct {
	// Sport and SubSport are profile names ("running", "trail"); "" when
	// not recorded.
	Sport, SubSport string
	// Start is the session's start time in UTC; zero when not recorded.
	Start time.Time
	// Timer is the timer time (pauses excluded); Elapsed the elapsed time.
	Timer, Elapsed float64
	Distance       float64
	Calories       float64
	AvgHR, MaxHR   float64
	AvgTemp        float64
	MaxTemp        float64
	// AerobicTE and AnaerobicTE are Garmin's Training Effect (0–5); EPOC is
	// Garmin's training_load_peak. They are Garmin's numbers, shown beside
	// ours and never mixed into ours.
	AerobicTE, AnaerobicTE, EPOC float64
	// RPE is the workout RPE (0–10); Feel is workout feel (0–100).
	RPE, Feel float64
	// SweatLoss is Garmin's estimated sweat loss in litres.
	SweatLoss float64

	// HRSamples and RRIntervals count the heart-rate samples and RR
	// intervals that fall in this session (see [Summarize]).
	HRSamples, RRIntervals int
}

// Summarize reduces f to a FileSummary. It keeps every session (sessions are
// filtered later, by [Build]) and attributes each heart-rate sample and RR
// interval to a session by time: to the last session that started at or
// before it, or to the first session when it precedes them all or has no
// time. A single-session file therefore gets every sample.
//
// The FileSummary shares no memory with f except its Warnings slice, so f's
// streams can be freed once Summarize returns.
func Summarize(f *fitparse.File) FileSummary {
	s := FileSummary{
		Path:           f.Path,
		Status:         f.Status,
		Err:            f.Err,
		Warnings:       f.Warnings,
		FileType:       f.ID.Type,
		Manufacturer:   f.ID.Manufacturer,
		Product:        f.ID.Product,
		Device:         f.ID.Device(),
		Serial:         f.ID.Serial,
		TimeCreated:    f.ID.TimeCreated,
		Records:        f.Records.Len(),
		HRSamples:      f.Records.HRCount(),
		StrapHR:        f.StrapHR,
		HRSource:       f.HRSource,
		RRIntervals:    len(f.RR),
		LocalOffset:    f.LocalOffset,
		HasLocalOffset: f.HasLocalOffset,
		Wellness:       len(f.Wellness),
	}
	if len(f.Sessions) == 0 {
		return s
	}
	s.Sessions = make([]SessionSummary, len(f.Sessions))
	starts := make([]float64, len(f.Sessions))
	for i := range f.Sessions {
		fs := &f.Sessions[i]
		s.Sessions[i] = SessionSummary{
			Sport:       fs.Sport,
			SubSport:    fs.SubSport,
			Start:       fs.Start,
			Timer:       fs.Timer,
			Elapsed:     fs.Elapsed,
			Distance:    fs.Distance,
			Calories:    fs.Calories,
			AvgHR:       fs.AvgHR,
			MaxHR:       fs.MaxHR,
			AvgTemp:     fs.AvgTemp,
			MaxTemp:     fs.MaxTemp,
			AerobicTE:   fs.AerobicTE,
			AnaerobicTE: fs.AnaerobicTE,
			EPOC:        fs.EPOC,
			RPE:         fs.RPE,
			Feel:        fs.Feel,
			SweatLoss:   fs.SweatLoss,
		}
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
	for i := range f.RR {
		t := math.NaN()
		if i < len(f.RRTime) {
			t = f.RRTime[i]
		}
		s.Sessions[sessionAt(starts, t)].RRIntervals++
	}
	return s
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

// LocalStart returns the session's start on the device's local clock when
// the file recorded its UTC offset, as a time in a fixed zone with that
// offset; otherwise it returns the start in UTC and false.
func (f *FileSummary) LocalStart(s *SessionSummary) (time.Time, bool) {
	if s.Start.IsZero() {
		return s.Start, false
	}
	if !f.HasLocalOffset {
		return s.Start.UTC(), false
	}
	zone := time.FixedZone("", int(f.LocalOffset/time.Second))
	return s.Start.In(zone), true
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
	// Sport keeps sessions whose sport, sub-sport or "sport/sub_sport"
	// equals it, ignoring case; "run", "ride", "bike" and "swim" also
	// name running, cycling and swimming. "" keeps every sport.
	Sport string
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
	if f.Sport != "" && !sportMatches(f.Sport, s.Sport, s.SubSport) {
		return false
	}
	if f.Since.IsZero() && f.Until.IsZero() {
		return true
	}
	if s.Start.IsZero() {
		return false
	}
	local, _ := fs.LocalStart(s)
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
	// holds only the sessions that passed the Filter.
	Files []FileSummary
	// Totals sums the block.
	Totals Totals
}

// Totals sums a Block.
type Totals struct {
	// Files counts every input; OK, Partial, Failed and Skipped count them
	// by status.
	Files, OK, Partial, Failed, Skipped int
	// Sessions counts the sessions that passed the filter.
	Sessions int
	// Timer and Distance sum those sessions' timer time (s) and distance
	// (m), skipping values that were not recorded; 0 when none was.
	Timer, Distance float64
}

// Options configure Build. The zero value keeps every session.
type Options struct {
	// Filter selects the sessions the block keeps.
	Filter Filter
}

// Build returns the Block of files, keeping only the sessions that pass
// opts.Filter. It does not modify files: each FileSummary whose sessions
// are filtered gets its own Sessions slice. The order of files is kept.
func Build(files []FileSummary, opts Options) *Block {
	b := &Block{Files: make([]FileSummary, len(files))}
	for i := range files {
		f := files[i]
		if len(f.Sessions) > 0 {
			kept := make([]SessionSummary, 0, len(f.Sessions))
			for j := range f.Sessions {
				if opts.Filter.Keep(&f, &f.Sessions[j]) {
					kept = append(kept, f.Sessions[j])
				}
			}
			f.Sessions = kept
		}
		b.Files[i] = f
		b.Totals.add(&f)
	}
	return b
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
		t.Sessions++
		if !math.IsNaN(s.Timer) {
			t.Timer += s.Timer
		}
		if !math.IsNaN(s.Distance) {
			t.Distance += s.Distance
		}
	}
}
