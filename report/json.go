package report

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"time"

	"github.com/bounceback/bounceback/analysis"
)

// The types below are the JSON document described in the README ("JSON output"). They are kept
// apart from the analysis types on purpose: the field names are a stable
// interface, and a missing value must be null, which NaN cannot express.
// Add fields; never rename or remove one.

type jsonDoc struct {
	Files []jsonFile `json:"files"`
}

// jsonAnalysisDoc is the document of analyze and session: the athlete and
// the files, each session with its analysis.
type jsonAnalysisDoc struct {
	Athlete      jsonAthlete      `json:"athlete"`
	Files        []jsonFile       `json:"files"`
	Events       []jsonEvent      `json:"events"`
	Stale        *string          `json:"stale"`
	DailySources jsonDailySources `json:"daily_sources"`
	Daily        []jsonDaily      `json:"daily"`
	Weeks        []jsonWeek       `json:"weeks"`
	Days         []jsonDay        `json:"days"`
	Readiness    *jsonReadiness   `json:"readiness"`
}

// jsonEvent is a multisport event with its plans.
type jsonEvent struct {
	Path     string      `json:"path"`
	Sessions []int       `json:"sessions"`
	Sports   []string    `json:"sports"`
	Start    *string     `json:"start"`
	Seconds  float64     `json:"duration_s"`
	Fluid    *jsonFluid  `json:"fluid"`
	Refuel   *jsonRefuel `json:"refuel"`
	Timeline []jsonStep  `json:"timeline"`
}

// jsonDuplicate names the session a duplicate recording was counted as.
type jsonDuplicate struct {
	Path    string `json:"path"`
	Session int    `json:"session"`
	Rule    string `json:"rule"`
	Kept    string `json:"kept_because"`
}

type jsonFile struct {
	Path           string   `json:"path"`
	Status         string   `json:"status"`
	Error          *string  `json:"error"`
	Warnings       []string `json:"warnings"`
	FileType       *string  `json:"file_type"`
	Manufacturer   *string  `json:"manufacturer"`
	Product        *string  `json:"product"`
	SerialNumber   *uint32  `json:"serial_number"`
	Device         *string  `json:"device"`
	TimeCreated    *string  `json:"time_created"`
	UTCOffsetS     *int64   `json:"utc_offset_s"`
	Records        int      `json:"records"`
	HRSamples      int      `json:"hr_samples"`
	StrapHRSamples int      `json:"strap_hr_samples"`
	HRSource       string   `json:"hr_source"`
	RRIntervals    int      `json:"rr_intervals"`
	WellnessValues int      `json:"wellness_values"`
	// Sessions holds jsonSession values, or jsonAnalyzedSession values in
	// the analysis document.
	Sessions []any `json:"sessions"`
}

type jsonSession struct {
	Sport       *string  `json:"sport"`
	SubSport    *string  `json:"sub_sport"`
	Start       *string  `json:"start"`
	StartLocal  *string  `json:"start_local"`
	TimerS      *float64 `json:"timer_s"`
	ElapsedS    *float64 `json:"elapsed_s"`
	DistanceM   *float64 `json:"distance_m"`
	Calories    *float64 `json:"calories_kcal"`
	AvgHR       *float64 `json:"avg_hr_bpm"`
	MaxHR       *float64 `json:"max_hr_bpm"`
	AvgTemp     *float64 `json:"avg_temperature_c"`
	MaxTemp     *float64 `json:"max_temperature_c"`
	AerobicTE   *float64 `json:"aerobic_te"`
	AnaerobicTE *float64 `json:"anaerobic_te"`
	EPOC        *float64 `json:"epoc"`
	RPE         *float64 `json:"rpe"`
	Feel        *float64 `json:"feel"`
	SweatLossL  *float64 `json:"sweat_loss_l"`
	HRSamples   int      `json:"hr_samples"`
	RRIntervals int      `json:"rr_intervals"`
	// Index is the session's place in its file (from 0); Counted says
	// whether it counts in the block, and DuplicateOf, DateProblem and
	// Reconstructed why not or what it is.
	Index         int            `json:"index"`
	Counted       bool           `json:"counted"`
	DuplicateOf   *jsonDuplicate `json:"duplicate_of"`
	DateProblem   *string        `json:"date_problem"`
	Reconstructed bool           `json:"reconstructed"`
	Event         *int           `json:"event"`
}

// jsonAnalyzedSession is a session of the analysis document: the fields
// of the sessions document and the analysis.
type jsonAnalyzedSession struct {
	jsonSession
	jsonSessionAnalysis
}

// jsonSessionAnalysis holds the analysis fields of a session.
type jsonSessionAnalysis struct {
	Class          string             `json:"class"`
	ClassReason    *string            `json:"class_reason"`
	Flags          []string           `json:"flags"`
	TRIMP          *float64           `json:"trimp"`
	HRSS           *float64           `json:"hrss"`
	Edwards        *float64           `json:"edwards_trimp"`
	SRPE           *float64           `json:"srpe_load"`
	LoadEstimated  bool               `json:"load_estimated"`
	LoadNote       *string            `json:"load_note"`
	HRTimeS        float64            `json:"hr_time_s"`
	ZoneSeconds    []*float64         `json:"zone_seconds"`
	BelowZone1S    *float64           `json:"below_zone1_s"`
	ZoneLowBPM     []*float64         `json:"zone_low_bpm"`
	ZoneModel      string             `json:"zone_model"`
	Athlete        jsonSessionAthlete `json:"athlete"`
	DecouplingPct  *float64           `json:"decoupling_pct"`
	DriftPct       *float64           `json:"drift_pct"`
	HRRecoveryBPM  *float64           `json:"hr_recovery_bpm"`
	Max5sHRBPM     *float64           `json:"max_5s_hr_bpm"`
	IntervalSource *string            `json:"interval_source"`
	Intervals      []jsonInterval     `json:"intervals"`
	GarminAerTE    *float64           `json:"garmin_aerobic_te"`
	GarminAnaerTE  *float64           `json:"garmin_anaerobic_te"`
	GarminEPOC     *float64           `json:"garmin_epoc"`
	GarminRecH     *float64           `json:"garmin_recovery_h"`
	GarminVO2max   *float64           `json:"garmin_vo2max"`
	HRV            *jsonHRV           `json:"hrv"`
	Fluid          *jsonFluid         `json:"fluid"`
	Refuel         *jsonRefuel        `json:"refuel"`
	Timeline       []jsonStep         `json:"timeline"`
}

// jsonSessionAthlete is the athlete values a session was analysed with.
type jsonSessionAthlete struct {
	jsonHRValues
	Sex jsonSexValue `json:"sex"`
}

type jsonInterval struct {
	StartS        float64  `json:"start_s"`
	DurationS     float64  `json:"duration_s"`
	AvgHR         *float64 `json:"avg_hr_bpm"`
	MaxHR         *float64 `json:"max_hr_bpm"`
	AvgPower      *float64 `json:"avg_power_w"`
	AvgSpeed      *float64 `json:"avg_speed_mps"`
	RecoveryS     *float64 `json:"recovery_s"`
	RecoveryHRBPM *float64 `json:"recovery_hr_bpm"`
}

// WriteJSON writes the block as one JSON document, {"files": [...]}, with
// one object per input file in the block's order, indented by two spaces.
// The fields are documented in the README; a value the file did not record is
// null, and arrays are never null.
func WriteJSON(w io.Writer, b *analysis.Block) error {
	o := newObjectWriter(w)
	o.array("files", len(b.Files), func(i int) any { return fileJSON(&b.Files[i], false) })
	return o.close()
}

// AnalysisJSON writes the analysis document of analyze and session:
// {"athlete": {...}, "files": [...], "daily_sources": {...}, "daily":
// [...]}, the sessions document of [WriteJSON] with the resolved athlete,
// on every session its analysis (zones, load, class, intervals, HRV,
// Garmin's own values), and the block's daily recovery series. The fields
// are documented in the README.
//
// The document is written as it is built, one file at a time, so that
// memory does not grow with the number of files; its members are those of
// jsonAnalysisDoc, in that order.
func AnalysisJSON(w io.Writer, b *analysis.Block) error {
	o := newObjectWriter(w)
	o.member("athlete", athleteJSON(&b.Athlete))
	o.array("files", len(b.Files), func(i int) any { return fileJSON(&b.Files[i], true) })
	o.member("events", eventsJSON(b))
	var stale *string
	if b.Stale {
		stale = str(b.StaleNote)
	}
	o.member("stale", stale)
	ds, src := blockDaily(b)
	daily, sources := dailyJSON(ds, src)
	o.member("daily_sources", sources)
	o.member("daily", daily)
	o.member("weeks", weeksJSON(b))
	o.member("days", daysJSON(b))
	o.member("readiness", readinessJSON(b))
	return o.close()
}

// objectWriter writes one JSON object member by member, indented as
// encode indents a whole document (two spaces), so that the output is the
// same bytes while only one member, or one element of an array member, is
// held in memory at a time.
type objectWriter struct {
	w       *bufio.Writer
	members int
	err     error
}

func newObjectWriter(w io.Writer) *objectWriter {
	return &objectWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// key starts the member named k.
func (o *objectWriter) key(k string) {
	if o.members == 0 {
		o.w.WriteString("{")
	} else {
		o.w.WriteString(",")
	}
	o.members++
	name, _ := json.Marshal(k)
	o.w.WriteString("\n  ")
	o.w.Write(name)
	o.w.WriteString(": ")
}

// write writes v marshalled, indented under prefix.
func (o *objectWriter) write(v any, prefix string) {
	if o.err != nil {
		return
	}
	b, err := marshalIndent(v, prefix)
	if err != nil {
		o.err = err
		return
	}
	o.w.Write(b)
}

// member writes the member k with the value v.
func (o *objectWriter) member(k string, v any) {
	o.key(k)
	o.write(v, "  ")
}

// array writes the member k, an array of n elements, element i being
// what elem returns (never nil: an empty array is []).
func (o *objectWriter) array(k string, n int, elem func(i int) any) {
	o.key(k)
	if n == 0 {
		o.w.WriteString("[]")
		return
	}
	o.w.WriteString("[")
	for i := 0; i < n && o.err == nil; i++ {
		if i > 0 {
			o.w.WriteString(",")
		}
		o.w.WriteString("\n    ")
		o.write(elem(i), "    ")
	}
	o.w.WriteString("\n  ]")
}

// close ends the object, which has at least one member, and flushes it;
// the error is the first of marshalling and writing.
func (o *objectWriter) close() error {
	o.w.WriteString("\n}\n")
	if err := o.w.Flush(); o.err == nil {
		o.err = err
	}
	return o.err
}

// eventsJSON returns the block's multisport events, never nil.
func eventsJSON(b *analysis.Block) []jsonEvent {
	out := make([]jsonEvent, len(b.Events))
	for i := range b.Events {
		e := &b.Events[i]
		out[i] = jsonEvent{
			Path:     e.Path,
			Sessions: append([]int{}, e.Sessions...),
			Sports:   append([]string{}, e.Sports...),
			Start:    str(utcTime(e.Start)),
			Seconds:  finite(e.Seconds),
			Fluid:    fluidJSON(e.Fluid),
			Refuel:   refuelJSON(e.Refuel),
			Timeline: timelineJSON(e.Timeline.Steps()),
		}
	}
	return out
}

// encode writes doc indented, as json.Encoder with an indent of two
// spaces writes it.
func encode(w io.Writer, doc any) error {
	b, err := marshalIndent(doc, "")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func fileJSON(f *analysis.FileSummary, analyzed bool) jsonFile {
	j := jsonFile{
		Path:           f.Path,
		Status:         f.Status.String(),
		Warnings:       make([]string, len(f.Warnings)),
		FileType:       str(f.Type),
		Manufacturer:   str(f.Manufacturer),
		Product:        str(f.Product),
		Device:         str(f.Device()),
		TimeCreated:    str(utcTime(f.TimeCreated)),
		Records:        f.Records,
		HRSamples:      f.HRSamples,
		StrapHRSamples: f.StrapHR,
		HRSource:       f.HRSource.String(),
		RRIntervals:    f.RRIntervals,
		WellnessValues: f.Wellness,
		Sessions:       make([]any, len(f.Sessions)),
	}
	if f.Err != nil {
		j.Error = str(f.Err.Error())
		if *j.Error == "" {
			j.Error = ptr("unknown error")
		}
	}
	for i, w := range f.Warnings {
		j.Warnings[i] = w.Error()
	}
	if f.Serial != 0 {
		j.SerialNumber = ptr(f.Serial)
	}
	if f.HasLocalOffset {
		j.UTCOffsetS = ptr(int64(f.LocalOffset / time.Second))
	}
	for i := range f.Sessions {
		s := &f.Sessions[i]
		r := sessionRef{f, s}
		js := jsonSession{
			Sport:       str(s.Sport),
			SubSport:    str(s.SubSport),
			Start:       str(utcTime(s.Start)),
			StartLocal:  str(localClock(r)),
			TimerS:      number(s.Timer),
			ElapsedS:    number(s.Elapsed),
			DistanceM:   number(s.Distance),
			Calories:    number(s.Calories),
			AvgHR:       number(s.AvgHR),
			MaxHR:       number(s.MaxHR),
			AvgTemp:     number(s.AvgTemp),
			MaxTemp:     number(s.MaxTemp),
			AerobicTE:   number(s.AerobicTE),
			AnaerobicTE: number(s.AnaerobicTE),
			EPOC:        number(s.EPOC),
			RPE:         number(s.RPE),
			Feel:        number(s.Feel),
			SweatLossL:  number(s.SweatLoss),
			HRSamples:   s.HRSamples,
			RRIntervals: s.RRIntervals,

			Index:         s.Index,
			Counted:       s.Counted(),
			DateProblem:   str(s.DateProblem),
			Reconstructed: s.Reconstructed,
		}
		if d := s.DuplicateOf; d != nil {
			js.DuplicateOf = &jsonDuplicate{Path: d.Path, Session: d.Session, Rule: d.Rule, Kept: d.Kept}
		}
		if s.Event > 0 {
			js.Event = ptr(s.Event - 1)
		}
		if analyzed {
			j.Sessions[i] = jsonAnalyzedSession{js, sessionAnalysisJSON(s)}
		} else {
			j.Sessions[i] = js
		}
	}
	return j
}

func sessionAnalysisJSON(s *analysis.SessionSummary) jsonSessionAnalysis {
	st := &s.Structure
	j := jsonSessionAnalysis{
		Class:         s.Class.Class.String(),
		ClassReason:   str(s.Class.Reason),
		Flags:         classFlags(s.Class),
		TRIMP:         number(s.TRIMP),
		HRSS:          number(s.HRSS),
		Edwards:       number(s.Edwards),
		SRPE:          number(s.SRPE),
		LoadEstimated: s.LoadEstimated,
		LoadNote:      str(s.LoadNote),
		HRTimeS:       finite(s.HRTime),
		ZoneSeconds:   make([]*float64, 5),
		BelowZone1S:   number(s.BelowZone1),
		ZoneLowBPM:    make([]*float64, 5),
		ZoneModel:     s.Zones.Model.String(),
		Athlete: jsonSessionAthlete{
			jsonHRValues: hrValuesJSON(s.Athlete.HRValues),
			Sex:          jsonSexValue{Value: str(s.Athlete.Sex), Source: s.Athlete.SexSource.String()},
		},
		DecouplingPct:  number(st.Decoupling),
		DriftPct:       number(st.Drift),
		HRRecoveryBPM:  number(st.HRRecovery),
		Max5sHRBPM:     number(st.Max5s),
		IntervalSource: str(st.Source),
		Intervals:      make([]jsonInterval, len(st.Intervals)),
		GarminAerTE:    number(s.AerobicTE),
		GarminAnaerTE:  number(s.AnaerobicTE),
		GarminEPOC:     number(s.EPOC),
		GarminRecH:     number(s.RecoveryTime / 60),
		GarminVO2max:   number(s.GarminVO2max),
		HRV:            hrvJSON(sessionHRV(s)),
		Fluid:          fluidJSON(s.Fluid),
		Refuel:         refuelJSON(s.Refuel),
		Timeline:       timelineJSON(s.Timeline.Steps()),
	}
	for z := range 5 {
		j.ZoneSeconds[z] = number(s.ZoneSeconds[z])
		j.ZoneLowBPM[z] = number(s.Zones.Low[z])
	}
	for i, iv := range st.Intervals {
		j.Intervals[i] = jsonInterval{
			StartS:        finite(iv.Start),
			DurationS:     finite(iv.Duration),
			AvgHR:         number(iv.AvgHR),
			MaxHR:         number(iv.MaxHR),
			AvgPower:      number(iv.AvgPower),
			AvgSpeed:      number(iv.AvgSpeed),
			RecoveryS:     number(iv.Recovery),
			RecoveryHRBPM: number(iv.RecoveryHR),
		}
	}
	return j
}

// classFlags returns the class's flags by name ("long", "race",
// "hrv_reading"), never
// nil.
func classFlags(c analysis.Classification) []string {
	flags := []string{}
	if c.Long {
		flags = append(flags, "long")
	}
	if c.Race {
		flags = append(flags, "race")
	}
	if c.Reading {
		flags = append(flags, "hrv_reading")
	}
	return flags
}

// finite returns v, or 0 for NaN and infinities (for fields that are
// always numbers).
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return round6(v)
}

func ptr[T any](v T) *T { return &v }

// str returns nil for "", else a pointer to s.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// number returns nil for NaN and infinities, else a pointer to v.
func number(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	v = round6(v)
	return &v
}

// round6 rounds v to 6 decimal places, far finer than any measurement
// bounceback reports: the JSON then carries no floating-point noise
// (273.5087585449219 becomes 273.508759), and the same numbers come out
// whatever order the sums were taken in.
func round6(v float64) float64 {
	if math.Abs(v) >= 1e12 {
		return v
	}
	return math.Round(v*1e6) / 1e6
}
