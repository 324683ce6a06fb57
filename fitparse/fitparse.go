// Package fitparse turns FIT files into bounceback's own types.
//
// It is the only package that imports the FIT library, for the profile's
// names and tables: the bytes are decoded by our own decoder. Everything it
// returns is in SI units or the units named on each field (seconds, metres,
// m/s, watts, °C, bpm, kg), and a value the file did not record is NaN
// (floats), the zero time.Time (times) or "" (names) — never a FIT
// 'invalid' sentinel such as 0xFF.
//
// # Decoding one file
//
// [Decode] reads one FIT stream (plain or chained) through a streaming
// message listener and returns a [File]: its identity, sessions, laps, the
// record streams as columns, the merged heart-rate stream, RR intervals with
// the timer events that split them, the values the device used for the
// athlete (user_profile, time_in_zone), weather, Garmin's undocumented
// recovery message, and daily wellness values from wellness files.
//
// Integrity is checked here, not by the FIT library: the CRC of every FIT
// sequence in a chained file is verified (a 14-byte header whose header CRC is
// 0x0000 is valid). A truncated file or one that fails its CRC keeps what
// decoded before the damage, with Status [Partial] and a [Warning] naming the
// byte offset. A file with nothing usable has Status [Failed] and Err set.
// Workout, course, settings and other non-activity files are [Skipped].
//
// Times are UTC. A device whose clock was never set counts seconds since
// power-on: its times are put on UTC from a timestamp_correlation message,
// else on its wall clock (local time, see [File].HasLocalOffset), else left
// before 1998. An activity with records but no session message, such as one
// cut before the device wrote it, gets one session rebuilt from its records
// ([Session].Reconstructed).
//
// # Scanning many files
//
// [Scan] walks files, folders, .zip archives and .fit.gz files, decodes them
// in parallel on bounded workers and returns the results in a deterministic
// order.
//
// Every input costs bounded time and memory, whatever it holds: only
// regular files are opened (a FIFO or a device is refused, never waited
// on), everything decoded as FIT is capped in size ([DefaultMaxFileSize])
// before or while it is read, all workers share one memory budget
// ([DefaultMemoryBudget]), zip archives whose entries overlap are refused
// and one archive yields a bounded number of members and bytes
// ([DefaultMaxArchiveMembers], [DefaultMaxArchiveBytes]), decoding is
// linear in the file size and stops at a per-file time budget
// ([DefaultFileTimeout]) or when the context is cancelled
// ([DecodeContext]). Decoded values outside the physical range of their
// field are dropped with a warning, and strings from a file are stripped of
// control characters.
package fitparse

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/bounceback/bounceback/internal/safeio"
)

// Status says how far a file decoded.
type Status int

const (
	// OK means every FIT sequence decoded and passed its CRC check (for a
	// JSON file of Garmin's account export: every record was usable).
	OK Status = iota
	// Partial means the file was damaged (truncated, failed its CRC, a broken
	// chained sequence); what decoded before the damage is kept and
	// File.Warnings says where the damage is. For a JSON file of the
	// export: some records or values could not be used, each named by a
	// *RecordError warning; the others are kept.
	Partial
	// Failed means nothing usable decoded; File.Err says why.
	Failed
	// Skipped means the file is valid FIT but holds nothing bounceback
	// analyses (a workout, course or settings file), or is a JSON file of
	// the export that bounceback does not read or that holds no records;
	// File.Err says what it is.
	Skipped
)

var statusNames = [...]string{"ok", "partial", "failed", "skipped"}

// String returns "ok", "partial", "failed" or "skipped".
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// MarshalText encodes the status as its name, for JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// File is everything bounceback takes from one input file.
type File struct {
	// Path names the input: a file path as the user gave it (joined with the
	// folder it was found in), or for an archive member
	// "archive.zip/inner/path.fit" — the archive path followed by the member
	// path.
	Path string
	// Size is the decoded (uncompressed) size in bytes.
	Size int64

	Status Status
	// Err is why the file failed or was skipped; nil for OK and Partial.
	Err error
	// Warnings are non-fatal problems: a CRC mismatch, a truncation, a broken
	// chained sequence, a member cut at the archive size cap. Each is usually
	// a *DecodeError naming the byte offset, or for a JSON file of the
	// export a *RecordError naming the record.
	Warnings []error

	ID FileID

	// Sessions holds every session message in file order. Multisport files
	// have several, transitions included. An activity file with records but
	// no session message (cut before the device wrote it) gets one session
	// rebuilt from its records, marked Reconstructed, and a warning wrapping
	// ErrNoSession, unless no record holds a time.
	Sessions []Session
	Laps     []Lap
	// Records holds the record messages as columns, one row per record.
	Records Records
	// HRSource says where the heart rate in Records.HR came from.
	HRSource HRSource
	// StrapHR counts the heart-rate values taken from hr messages (strap
	// storage) before they were merged into Records.HR.
	StrapHR int

	// RR holds the RR intervals of all hrv messages in file order, in
	// seconds, with the 0xFFFF padding dropped.
	RR []float64
	// RRTime is, for each RR interval, the Unix time in seconds of the last
	// timestamped message before its hrv message (hrv messages carry no
	// timestamp of their own); NaN before the first timestamp.
	RRTime []float64
	// Events holds the timer start and stop events in file order, each with
	// the index into RR and Records at which it occurred, so that no
	// statistic bridges a pause.
	Events []Event

	// UserProfiles and Zones are the athlete values the device used.
	UserProfiles []UserProfile
	Zones        []ZoneSettings
	Weather      []Weather
	// Garmin holds the undocumented message 140 (recovery time, VO2max).
	Garmin []GarminMetrics

	// Wellness holds what wellness and monitoring files record, one entry
	// per message of interest. Activity files leave it empty.
	Wellness []Wellness

	// Export holds what a JSON file of Garmin Connect's account export
	// says (see [Export]); nil for a FIT file. Such a File has
	// ID.Type "garmin_export" and ID.Product the export file's kind
	// ("sleepData", "UDSFile", ...); its activity summaries, if any, are in
	// Sessions (marked Session.Summary) and its user profile in
	// UserProfiles.
	Export *Export

	// LocalOffset is the device's offset from UTC, from the local_timestamp
	// of the activity (or monitoring_info) message, or of the
	// timestamp_correlation message that put an unset device clock on UTC;
	// zero when unknown (see HasLocalOffset). When an unset clock could only
	// be put on the device's wall clock, every time is local time: then
	// HasLocalOffset is true and LocalOffset zero.
	LocalOffset    time.Duration
	HasLocalOffset bool
}

// IsActivity reports whether the file holds workout data (sessions or
// records).
func (f *File) IsActivity() bool { return len(f.Sessions) > 0 || f.Records.Len() > 0 }

// FileID is the file_id message: what the file is and which device wrote it.
type FileID struct {
	// Type is the FIT file type by its profile name ("activity",
	// "monitoring_b", "workout", ...); "" when not recorded.
	Type string
	// Manufacturer is the profile name ("garmin", "wahoo_fitness"), or the
	// number when the profile does not know it; "" when not recorded.
	Manufacturer string
	// Product is the product name where the profile knows it ("fr955",
	// "edge530"), else the product_name string the file carries, else the
	// number; "" when not recorded.
	Product     string
	ProductID   uint16
	Serial      uint32 // 0 when not recorded
	TimeCreated time.Time
}

// Device returns a short human name: "garmin fr955", "coros COROS PACE 2".
func (id FileID) Device() string {
	switch {
	case id.Manufacturer == "":
		return id.Product
	case id.Product == "":
		return id.Manufacturer
	}
	return id.Manufacturer + " " + id.Product
}

// Session is one session message. Durations are seconds, distance metres,
// speed m/s, power watts, temperature °C, heart rate bpm, energy kcal.
type Session struct {
	// Sport and SubSport are profile names ("running", "trail"); "" when
	// not recorded.
	Sport, SubSport string
	Start           time.Time
	// Timer is total_timer_time (pauses excluded); Elapsed is
	// total_elapsed_time.
	Timer, Elapsed     float64
	Distance           float64
	Calories           float64
	AvgHR, MaxHR       float64
	AvgSpeed, MaxSpeed float64
	AvgPower, MaxPower float64
	AvgTemp, MaxTemp   float64
	Ascent             float64
	// AerobicTE and AnaerobicTE are Garmin's Training Effect (0–5).
	AerobicTE, AnaerobicTE float64
	// EPOC is training_load_peak (Garmin's EPOC-based load).
	EPOC float64
	// RPE is workout_rpe on a 0–10 scale; Feel is workout_feel (0–100).
	RPE, Feel float64
	// SweatLoss is Garmin's estimated sweat loss (undocumented session
	// field 178) in litres.
	SweatLoss float64
	// TimeInHRZone is the device's time in each HR zone, seconds; nil when
	// not recorded.
	TimeInHRZone []float64
	// FirstLap and NumLaps index File.Laps; NumLaps is 0 when not recorded.
	FirstLap, NumLaps int
	// Summary means the session comes from Garmin's activity summary
	// (summarizedActivities in the account export), not from a FIT file:
	// it has no records, laps or RR intervals, only the totals Garmin
	// kept (start, duration, distance, heart rate, calories, Training
	// Effect, sweat loss).
	Summary bool
	// LocalOffset is the session's own offset from UTC where its source
	// gives one (a summary: startTimeLocal − startTimeGmt), with
	// HasLocalOffset set; FIT sessions leave both unset and have
	// File.LocalOffset.
	LocalOffset    time.Duration
	HasLocalOffset bool
	// Reconstructed means the file had no session message; the session was
	// built from its records. Start, Timer, Elapsed, Distance, the heart
	// rate, speed, power and temperature averages and maxima, Sport and
	// SubSport are then filled as far as the records and the timer events
	// allow (see DecodeBytes); every other value reads as not recorded.
	Reconstructed bool
}

// End returns Start plus the elapsed time (or the timer time when elapsed is
// not recorded).
func (s *Session) End() time.Time {
	d := s.Elapsed
	if math.IsNaN(d) {
		d = s.Timer
	}
	if math.IsNaN(d) || s.Start.IsZero() {
		return s.Start
	}
	return s.Start.Add(time.Duration(d * float64(time.Second)))
}

// Lap is one lap message, in the units of Session.
type Lap struct {
	Start              time.Time
	Timer, Elapsed     float64
	Distance           float64
	AvgHR, MaxHR       float64
	AvgSpeed, AvgPower float64
	// Intensity is the lap's profile intensity ("active", "rest",
	// "warmup", "cooldown", ...); "" when not recorded.
	Intensity string
}

// Records holds record messages as columns of equal length (Len), one row per
// record message in file order. A column whose values were never recorded
// is nil; a row where the value was not recorded holds NaN.
type Records struct {
	// T is the Unix time in seconds.
	T []float64
	// HR is heart rate in bpm, after merging strap-stored hr messages.
	HR []float64
	// Speed in m/s (enhanced_speed where present), Power in watts,
	// Distance in metres, Temperature in °C, Cadence in rpm (or spm/2 for
	// running, as the file stores it), Altitude in metres.
	Speed, Power, Distance, Temperature, Cadence, Altitude []float64
}

// Len returns the number of record rows.
func (r *Records) Len() int { return len(r.T) }

// HRCount returns the number of rows with a heart rate.
func (r *Records) HRCount() int {
	n := 0
	for _, v := range r.HR {
		if !math.IsNaN(v) {
			n++
		}
	}
	return n
}

// HRSource says where an activity's heart rate came from.
type HRSource int

const (
	// HRNone: no heart rate at all.
	HRNone HRSource = iota
	// HRRecord: heart rate from record messages only.
	HRRecord
	// HRStrap: heart rate stored by the strap (hr messages) and merged into
	// the records; for a pool swim it is the only heart rate.
	HRStrap
)

var hrSourceNames = [...]string{"none", "record", "strap"}

// String returns "none", "record" or "strap".
func (s HRSource) String() string {
	if s < 0 || int(s) >= len(hrSourceNames) {
		return fmt.Sprintf("HRSource(%d)", int(s))
	}
	return hrSourceNames[s]
}

// MarshalText encodes the source as its name, for JSON.
func (s HRSource) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// EventKind is the kind of a timer event.
type EventKind int

const (
	// TimerStart: the timer started or resumed.
	TimerStart EventKind = iota
	// TimerStop: the timer stopped (a pause, or the end).
	TimerStop
)

// String returns "start" or "stop".
func (k EventKind) String() string {
	if k == TimerStop {
		return "stop"
	}
	return "start"
}

// Event is a timer start or stop.
type Event struct {
	// T is the Unix time in seconds.
	T    float64
	Kind EventKind
	// RRIndex is len(File.RR) when the event was read: RR[:RRIndex] came
	// before it. RecordIndex is the same for Records.
	RRIndex, RecordIndex int
}

// UserProfile is the user_profile message: what the device knows of the
// athlete. Unknown values are NaN or "".
type UserProfile struct {
	// Sex is "male", "female" or "".
	Sex string
	// Age in years, Weight in kg, Height in metres.
	Age, Weight, Height float64
	RestingHR, MaxHR    float64 // bpm (default_max_heart_rate)
}

// ZoneSettings is a time_in_zone message: the heart-rate settings the device
// applied to a session or lap, and the time it counted in each zone.
type ZoneSettings struct {
	// T is the Unix time in seconds.
	T float64
	// Ref is the message it refers to ("session", "lap").
	Ref                           string
	MaxHR, RestingHR, ThresholdHR float64 // bpm
	FTP                           float64 // watts
	HRZoneHigh                    []float64
	TimeInHRZone                  []float64 // seconds
	HRCalc                        string    // "percent_max_hr", "percent_hrr", "percent_lthr", ...
}

// Weather is a weather_conditions message (phone-supplied weather).
type Weather struct {
	T           float64 // Unix seconds
	Temperature float64 // °C
	Humidity    float64 // % relative humidity
}

// GarminMetrics is Garmin's undocumented message 140.
type GarminMetrics struct {
	T float64 // Unix seconds; NaN when absent
	// RecoveryTime is Garmin's recovery time in minutes (field 9).
	RecoveryTime float64
	// AerobicTE is field 4 (÷10); VO2max is field 7 (÷65536 × 3.5),
	// ml/kg/min.
	AerobicTE, VO2max float64
}

// WellnessKind says which wellness message a Wellness value came from.
type WellnessKind int

const (
	// WellnessHRVStatus: hrv_status_summary (370), Garmin's overnight HRV.
	WellnessHRVStatus WellnessKind = iota
	// WellnessHRVValue: hrv_value (371), a 5-minute overnight rMSSD.
	WellnessHRVValue
	// WellnessSleep: sleep_assessment (346).
	WellnessSleep
	// WellnessRestingHR: monitoring_hr_data (211).
	WellnessRestingHR
)

var wellnessNames = [...]string{"hrv_status", "hrv_value", "sleep", "resting_hr"}

// String returns the kind's name.
func (k WellnessKind) String() string {
	if k < 0 || int(k) >= len(wellnessNames) {
		return fmt.Sprintf("WellnessKind(%d)", int(k))
	}
	return wellnessNames[k]
}

// Wellness is one daily wellness value. Which fields are set depends on
// Kind; the others are NaN or "".
type Wellness struct {
	Kind WellnessKind
	// Time is when the device stamped the message (UTC).
	Time time.Time
	// RMSSD is in milliseconds: last night's average (hrv_status) or the
	// 5-minute value (hrv_value). WeeklyRMSSD is the 7-day average.
	RMSSD, WeeklyRMSSD float64
	// BaselineLow and BaselineHigh are Garmin's balanced baseline band, ms.
	BaselineLow, BaselineHigh float64
	// Status is Garmin's HRV status ("balanced", "unbalanced", "low", "poor").
	Status string
	// SleepScore is sleep_assessment's overall score (0–100).
	SleepScore float64
	// RestingHR is the resting heart rate in bpm.
	RestingHR float64
}

// DecodeError is a problem at a position in a FIT stream.
type DecodeError struct {
	// Path names the file.
	Path string
	// Offset is the byte offset where the problem was found.
	Offset int64
	// Err is what went wrong; errors.Is works with the sentinels below.
	Err error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: byte %d: %v", e.Path, e.Offset, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Sentinel errors, for errors.Is on File.Err and on warnings.
var (
	// ErrNotFIT: the bytes are not a FIT file (bad header size or no ".FIT").
	ErrNotFIT = errors.New("not a FIT file")
	// ErrTruncated: the file ends inside a FIT sequence (or a JSON file
	// of the export ends before its JSON does).
	ErrTruncated = errors.New("truncated")
	// ErrCRC: a header or file CRC does not match the bytes.
	ErrCRC = errors.New("CRC mismatch")
	// ErrNoData: the file is FIT but nothing usable decoded.
	ErrNoData = errors.New("no usable data")
	// ErrTooLarge: a file is larger than its size cap, an archive member
	// or .gz inflates past it, an archive holds more members or inflates
	// to more bytes than Scan reads from one input, or a decode would hold
	// more than its bound (see DecodeContext). It is safeio.ErrTooLarge.
	ErrTooLarge = safeio.ErrTooLarge
	// ErrDuplicate: the same bytes (once inflated) were already found at
	// another path; the File is Skipped, its Err a *DuplicateError.
	ErrDuplicate = errors.New("duplicate")
	// ErrNoSession: an activity file has records but no session message.
	// The warning that wraps it says that one session was rebuilt from the
	// records (Session.Reconstructed); it is no damage and leaves the
	// status as it is.
	ErrNoSession = errors.New("no session message")
	// ErrOutOfRange: a session or lap value lies outside the physical
	// range of its field (see DecodeContext) and was dropped as not
	// recorded. The warning that wraps it is no damage and leaves the
	// status as it is.
	ErrOutOfRange = errors.New("value outside its physical range")
	// ErrTimeout: decoding one input took longer than its time budget
	// (ScanOptions.FileTimeout); what decoded before is kept.
	ErrTimeout = errors.New("took too long")
	// ErrNotRegular: a path names a FIFO, a device or a socket, which
	// Scan and DecodeFile never read.
	ErrNotRegular = safeio.ErrNotRegular
	// ErrMalformedJSON: a JSON file of Garmin's account export is not
	// valid JSON (or has more after its top-level value).
	ErrMalformedJSON = errors.New("malformed JSON")
	// ErrExportFormat: a JSON file of the export, or one of its records,
	// is valid JSON but not laid out as the export lays out its kind: the
	// top level is no array or object of records, a record is no object,
	// a value has the wrong type, a required field is missing.
	ErrExportFormat = errors.New("not in the layout of Garmin's export")
	// ErrNotRead: a JSON file of the export that bounceback does not read;
	// the File is Skipped.
	ErrNotRead = errors.New("not read")
)

// RecordError is a problem with one record of a JSON file of Garmin's
// account export: the record, or one of its values, is not used.
type RecordError struct {
	// Path names the file.
	Path string
	// Record is the record's place in the file, counting from 1 through
	// all its lists of records.
	Record int
	// Err is what went wrong; errors.Is works with the sentinels above
	// (usually ErrExportFormat).
	Err error
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("%s: record %d: %v", e.Path, e.Record, e.Err)
}

func (e *RecordError) Unwrap() error { return e.Err }

// DuplicateError is the Err of a file skipped because the same bytes were
// already found at another path: Path is the skipped file, Of the one
// kept. It wraps ErrDuplicate.
type DuplicateError struct {
	Path, Of string
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%s: %v of %s", e.Path, ErrDuplicate, e.Of)
}

// Unwrap returns ErrDuplicate.
func (e *DuplicateError) Unwrap() error { return ErrDuplicate }
