package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/bounceback/bounceback/analysis/load"
)

// Source says where an athlete value came from, in the resolution order of
// docs/methods.md §2: flag > profile file > device > estimate > formula >
// default.
type Source int

const (
	SourceNone Source = iota
	SourceFlag
	SourceProfile
	SourceDevice
	SourceEstimate
	SourceFormula
	SourceDefault
)

var sourceNames = [...]string{"none", "flag", "profile", "device", "estimate", "formula", "default"}

// String returns "flag", "profile", "device", "estimate", "formula",
// "default" or "none".
func (s Source) String() string {
	if s < 0 || int(s) >= len(sourceNames) {
		return "none"
	}
	return sourceNames[s]
}

// MarshalText encodes the source as its name, for JSON.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Value is one resolved athlete value with where it came from. V is NaN when
// no source had it (SourceNone).
type Value struct {
	V      float64
	Source Source
	// Note says more about the source: "time_in_zone of 2026-09-01 (garmin
	// fr955)", "highest sustained 5-s HR of the block", "208 − 0.7 × age
	// (Tanaka)", "our default (estimate)".
	Note string
}

// Known reports whether the value was resolved (V is a number).
func (v Value) Known() bool { return v.Source != SourceNone && !math.IsNaN(v.V) }

// Sport keys of the per-sport athlete values.
const (
	SportRun   = "running"
	SportBike  = "cycling"
	SportSwim  = "swimming"
	SportOther = "" // every other sport, and the fallback
)

// sportKeys lists the per-sport keys in display order.
var sportKeys = [...]string{SportRun, SportBike, SportSwim, SportOther}

// SportKey returns the key of the per-sport athlete values for a session
// sport (a FIT profile name): SportRun for "running", SportBike for
// "cycling", SportSwim for "swimming" and SportOther for every other sport,
// including "".
func SportKey(sport string) string {
	switch strings.ToLower(sport) {
	case SportRun:
		return SportRun
	case SportBike:
		return SportBike
	case SportSwim:
		return SportSwim
	}
	return SportOther
}

// HRValues are the heart-rate anchors of one sport.
type HRValues struct {
	HRMax, HRRest, LTHR Value
}

// Athlete is the resolved athlete: each value with its source. Per-sport
// heart-rate values are keyed by SportRun, SportBike, SportSwim and
// SportOther; every key is present.
type Athlete struct {
	Mass, Age Value // kg, years
	// Height is in metres: the body surface area of the sweat model.
	Height Value
	// Sex is "male", "female" or "" (unknown), with its source.
	Sex       string
	SexSource Source
	SexNote   string
	HR        map[string]HRValues
	// ZoneModel is the zone model the user asked for (flag or profile file;
	// ZoneModelSource says which), or ZonesHRR with SourceDefault when
	// neither did. With the default, running and cycling use Friel's
	// %LTHR zones when their LTHR is known from a flag, the profile file or
	// the device. Zones holds the zones each sport gets, by the keys of HR.
	ZoneModel       ZoneModel
	ZoneModelSource Source
	Zones           map[string]Zones
	// TRIMP are the Banister constants that follow from Sex.
	TRIMP load.TRIMPConstants
	// AsOf is the time the values were resolved for: device values are
	// the latest recorded at or before it. Zero means the latest of all.
	AsOf time.Time
}

// SessionAthlete is the athlete as resolved for one session: the heart-rate
// values of the session's sport and the sex that picks the TRIMP
// constants.
type SessionAthlete struct {
	HRValues
	Sex       string
	SexSource Source
	TRIMP     load.TRIMPConstants
}

// ProfileInput is what the user said: from flags or from the profile file.
// NaN, zero or negative numbers and "" strings mean "not said", so the zero
// ProfileInput says nothing.
type ProfileInput struct {
	HRMax, HRRest, LTHR float64
	Mass, Age           float64
	// Height is in metres.
	Height float64
	// Sex is "male", "female" (also "m", "f") or "" (not said).
	Sex string
	// Sports overrides the heart-rate values per sport (keys as in
	// Athlete.HR, or any sport name SportKey maps to one).
	Sports map[string]HRInput
	// ZoneModel is "hrr", "lthr", "hrmax" or "" (not said: the default of
	// Athlete.ZoneModel applies).
	ZoneModel string
	// SweatSodium is the sweat sodium concentration, mg/L (920 = 40
	// mmol/L is the default; salty sweaters 1400–1600).
	SweatSodium float64
	// Where names where the values were said, for the notes of the
	// values that come from them ("profile file /home/a/profile.toml");
	// "" gives "flag" or "profile file".
	Where string
}

// HRInput holds per-sport heart-rate values the user gave; NaN (or zero)
// means not said.
type HRInput struct {
	HRMax, HRRest, LTHR float64
}

// Kinds of DeviceValues.
const (
	deviceUserProfile = "user_profile"
	deviceTimeInZone  = "time_in_zone"
)

// DeviceValues are the athlete values one file's device recorded
// (user_profile and time_in_zone), stamped with the time of the session
// they came with.
type DeviceValues struct {
	// Time is the start of the session the values apply to (time_in_zone)
	// or of the file's first session (user_profile); zero when unknown.
	Time time.Time
	// Kind is deviceUserProfile or deviceTimeInZone.
	Kind string
	// Sport is the session sport the values apply to (time_in_zone); ""
	// for user_profile values, which hold for every sport.
	Sport  string
	Device string
	// Path names the file the values came from, for warnings.
	Path string
	// Heart rates in bpm, Mass in kg, Height in m, Age in years; NaN
	// when not recorded.
	HRMax, HRRest, LTHR float64
	Mass, Height, Age   float64
	// Sex is "male", "female" or "".
	Sex string
	// BirthDate is the birth date the export's user profile gives (zero
	// otherwise); the age is then taken on the day it is needed.
	BirthDate time.Time
}

// ageOn returns the age on day t: from BirthDate when known (t zero: as
// of the values' time, else NaN), else Age.
func (d *DeviceValues) ageOn(t time.Time) float64 {
	if d.BirthDate.IsZero() {
		return d.Age
	}
	if t.IsZero() {
		t = d.Time
	}
	if t.IsZero() || t.Before(d.BirthDate) {
		return nan
	}
	y := t.Year() - d.BirthDate.Year()
	if t.YearDay() < d.BirthDate.YearDay() {
		y--
	}
	if a := float64(y); a >= defaultLimits.AgeLow && a <= defaultLimits.AgeHigh {
		return a
	}
	return nan // a birth date that cannot be right: not used
}

// profileDefaults are the last step of the resolution (documented defaults)
// and the rules of the estimate and formula steps. Every number here is
// our own choice unless its comment cites a source; outputs label values
// that come from it "our default (estimate)".
type profileDefaults struct {
	// HRMax and HRRest (bpm), Mass (kg), Height (m) and Age (years) are
	// the defaults when nothing else says: our estimates for an adult
	// endurance athlete (HRMax is about Tanaka's value at age 35; 60 bpm
	// resting is Runalyze's default; 1.75 m is about the mean of men and
	// women who race).
	HRMax, HRRest, Mass, Height, Age float64
	// TanakaA and TanakaB give HRmax = TanakaA − TanakaB × age (Tanaka,
	// Monahan & Seals 2001: 208 − 0.7 × age), used when the age is known
	// from a flag, the profile file or the device.
	TanakaA, TanakaB float64
	// LTHRFraction gives LTHR = rest + LTHRFraction × (max − rest) when no
	// LTHR is known (85 % of heart-rate reserve, as Elevate does).
	LTHRFraction float64
	// MinHRMaxEstimate and MaxHRMaxEstimate bound a plausible HRmax
	// estimated from the data (the highest sustained 5-s HR of the block);
	// outside them the estimate is not used (our rule: below, the block
	// holds no near-maximal effort; above, the sensor glitched).
	MinHRMaxEstimate, MaxHRMaxEstimate float64
	// EstimateWarnBelow: when the data estimate is more than this many bpm
	// below the age formula, Build warns that the block may hold no
	// maximal effort (our rule).
	EstimateWarnBelow float64
}

// defaultProfile are bounceback's defaults.
var defaultProfile = profileDefaults{
	HRMax:             185,
	HRRest:            60,
	Mass:              70,
	Height:            1.75,
	Age:               35,
	TanakaA:           208,
	TanakaB:           0.7,
	LTHRFraction:      0.85,
	MinHRMaxEstimate:  140,
	MaxHRMaxEstimate:  230,
	EstimateWarnBelow: 10,
}

// defaultNote labels every value that comes from defaultProfile.
const defaultNote = "our default (estimate)"

// resolveAthlete resolves every athlete value for the time asOf, in the
// order of docs/methods.md §2, each with its source:
//
//  1. flag (flags), per sport before global;
//  2. profile file (file), per sport before global;
//  3. device: for heart rates the latest time_in_zone of the same sport,
//     else the latest user_profile, else the latest time_in_zone of any
//     sport; for sex, age and mass the latest user_profile. "Latest" means
//     the last recorded at or before asOf; when none is, the earliest
//     after it (noted "recorded later"). A zero asOf takes the latest of
//     all. device need not be sorted.
//  4. estimate (HRmax only): maxHR[key], the highest sustained 5-s HR of
//     that sport in the data, or the highest of all sports when the sport
//     has none; used only inside defaultProfile's plausible range. A nil
//     map skips the step. No resting HR is estimated from workouts.
//  5. formula: HRmax = 208 − 0.7 × age (Tanaka) when the age came from
//     steps 1–3; LTHR = rest + 0.85 × (max − rest).
//  6. defaultProfile.
//
// The values are checked against each other and against the data:
//
//   - a device's HRmax below maxHR[key] (a sustained 5-s heart rate of
//     that sport above it) is raised to it, as an estimate whose note
//     names the device's value; a flag's or the profile's is kept, with a
//     warning;
//   - a device's LTHR outside defaultLimits' share of the reserve between
//     the resting HR and HRmax resolved (70–95 %) is not used: the formula
//     is, with a warning naming the file; a user's is kept, with a
//     warning.
//
// The warnings say what looked wrong (an unknown zone model or sex, a
// resting HR at or above HRmax, an estimate far below the formula, the
// checks above). Device values outside defaultLimits' ranges are left out
// before, by [Build].
func resolveAthlete(flags, file ProfileInput, device []DeviceValues, maxHR map[string]float64, asOf time.Time) (Athlete, []error) {
	r := newResolver(flags, file, device, maxHR)
	return r.athlete(asOf)
}

// resolver holds the inputs of the resolution, with the device values
// sorted by time, so that sessions can be resolved one by one cheaply.
type resolver struct {
	flags, file ProfileInput
	device      []DeviceValues // sorted by Time
	maxHR       map[string]float64
	overallMax  float64
	// warns are the problems found while resolving, each once (warned
	// holds their texts), for every session and the as-of athlete.
	warns  []error
	warned map[string]bool
	// sessionSports holds the sport keys of the block's sessions, whose
	// problems with device values are worth a warning; nil warns for
	// every sport.
	sessionSports map[string]bool
	// notes holds the device notes made so far: the same device record
	// is the source of most sessions' values, and each session keeps its
	// note.
	notes map[noteKey]string
}

// noteKey names a device note: the record and whether it was recorded
// after the day it is used for.
type noteKey struct {
	d     *DeviceValues
	later bool
}

func newResolver(flags, file ProfileInput, device []DeviceValues, maxHR map[string]float64) *resolver {
	dv := make([]DeviceValues, len(device))
	copy(dv, device)
	sort.SliceStable(dv, func(i, j int) bool { return dv[i].Time.Before(dv[j].Time) })
	r := &resolver{flags: flags, file: file, device: dv, maxHR: maxHR, overallMax: nan, warned: map[string]bool{}}
	for _, v := range maxHR {
		if r.plausibleMax(v) && !(v <= r.overallMax) {
			r.overallMax = v
		}
	}
	return r
}

// warnFor records err once when the block has sessions of the sport key
// (the athlete of sports without any is resolved only for display).
func (r *resolver) warnFor(key string, err error) {
	if r.sessionSports == nil || r.sessionSports[key] {
		r.warn(err)
	}
}

// warn records err once.
func (r *resolver) warn(err error) {
	if k := err.Error(); !r.warned[k] {
		r.warned[k] = true
		r.warns = append(r.warns, err)
	}
}

func (r *resolver) plausibleMax(v float64) bool {
	return v >= defaultProfile.MinHRMaxEstimate && v <= defaultProfile.MaxHRMaxEstimate
}

// said reports whether the user gave x.
func said(x float64) bool { return x > 0 && !math.IsInf(x, 1) }

func (r *resolver) athlete(asOf time.Time) (Athlete, []error) {
	var warns []error
	a := Athlete{AsOf: asOf, HR: make(map[string]HRValues, len(sportKeys)), Zones: make(map[string]Zones, len(sportKeys))}
	a.Mass = r.body(asOf, func(p ProfileInput) float64 { return p.Mass },
		func(d *DeviceValues) float64 { return d.Mass }, defaultProfile.Mass)
	a.Height = r.body(asOf, func(p ProfileInput) float64 { return p.Height },
		func(d *DeviceValues) float64 { return d.Height }, defaultProfile.Height)
	a.Age = r.body(asOf, func(p ProfileInput) float64 { return p.Age },
		func(d *DeviceValues) float64 { return d.ageOn(asOf) }, defaultProfile.Age)
	var w error
	a.Sex, a.SexSource, a.SexNote, w = r.sex(asOf)
	if w != nil {
		warns = append(warns, w)
	}
	a.TRIMP = trimpConstants(a.Sex)
	a.ZoneModel, a.ZoneModelSource, w = r.zoneModel()
	if w != nil {
		warns = append(warns, w)
	}
	for _, key := range sportKeys {
		hv := r.hr(key, asOf, a.Age)
		a.HR[key] = hv
		a.Zones[key] = zonesFor(a.ZoneModel, a.ZoneModelSource, key, hv)
	}
	for _, w := range warns {
		r.warn(w)
	}
	return a, r.warns
}

// session resolves the athlete values of one session.
func (r *resolver) session(sport string, start time.Time) (SessionAthlete, Zones) {
	key := SportKey(sport)
	age := r.body(start, func(p ProfileInput) float64 { return p.Age },
		func(d *DeviceValues) float64 { return d.ageOn(start) }, defaultProfile.Age)
	hv := r.hr(key, start, age)
	sex, src, _, _ := r.sex(start)
	model, msrc, _ := r.zoneModel()
	return SessionAthlete{HRValues: hv, Sex: sex, SexSource: src, TRIMP: trimpConstants(sex)},
		zonesFor(model, msrc, key, hv)
}

// zonesFor picks the zones of one sport: the model asked for, or by
// default Friel's %LTHR for running and cycling when their LTHR is known
// from a flag, the profile file or the device, else %HRR.
func zonesFor(model ZoneModel, src Source, key string, hv HRValues) Zones {
	if src == SourceDefault && (key == SportRun || key == SportBike) {
		switch hv.LTHR.Source {
		case SourceFlag, SourceProfile, SourceDevice:
			model = ZonesLTHR
		}
	}
	return newZones(model, key, hv.HRMax.V, hv.HRRest.V, hv.LTHR.V)
}

func (r *resolver) zoneModel() (ZoneModel, Source, error) {
	var bad error
	for _, in := range []struct {
		s   string
		src Source
	}{{r.flags.ZoneModel, SourceFlag}, {r.file.ZoneModel, SourceProfile}} {
		if in.s == "" {
			continue
		}
		m, err := ParseZoneModel(in.s)
		if err != nil {
			if bad == nil {
				bad = fmt.Errorf("athlete: %s: %w", in.src, err)
			}
			continue
		}
		return m, in.src, bad
	}
	return ZonesHRR, SourceDefault, bad
}

// ParseSex maps what a user may write to "male", "female" or "" (not
// said, or unknown): male, m, man, female, f, woman, unknown, other or x, in
// any case. Anything else is an error.
func ParseSex(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "male", "m", "man":
		return "male", nil
	case "female", "f", "woman":
		return "female", nil
	case "unknown", "other", "x":
		return "", nil
	}
	return "", fmt.Errorf("unknown sex %q (want male or female)", s)
}

// ParseSportKey returns the key of the per-sport athlete values that a
// sport name a user wrote names: SportRun for run or running, SportBike
// for bike, ride or cycling, SportSwim for swim or swimming, in any case;
// ok is false for any other name.
func ParseSportKey(name string) (key string, ok bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if alias, ok := sportAliases[name]; ok {
		name = alias
	}
	switch name {
	case SportRun, SportBike, SportSwim:
		return name, true
	}
	return "", false
}

// Check reports what p says that cannot be right as a whole: a resting
// heart rate not below the maximum, an LTHR not between them, for every
// sport (a sport's own values with the general ones where it has none);
// nil when nothing is wrong. Values that are not said are not checked.
func (p ProfileInput) Check() error {
	check := func(where string, h HRInput) error {
		if h.HRRest >= h.HRMax { // false when either is NaN
			return fmt.Errorf("%sresting heart rate %g is not below the maximum %g", where, h.HRRest, h.HRMax)
		}
		if h.LTHR >= h.HRMax {
			return fmt.Errorf("%sLTHR %g is not below the maximum heart rate %g", where, h.LTHR, h.HRMax)
		}
		if h.LTHR <= h.HRRest {
			return fmt.Errorf("%sLTHR %g is not above the resting heart rate %g", where, h.LTHR, h.HRRest)
		}
		return nil
	}
	all := HRInput{HRMax: p.HRMax, HRRest: p.HRRest, LTHR: p.LTHR}
	if err := check("", all); err != nil {
		return err
	}
	for _, key := range []string{SportRun, SportBike, SportSwim} {
		h, ok := p.Sports[key]
		if !ok {
			continue
		}
		for _, v := range []struct{ own, global *float64 }{{&h.HRMax, &all.HRMax}, {&h.HRRest, &all.HRRest}, {&h.LTHR, &all.LTHR}} {
			if !said(*v.own) {
				*v.own = *v.global
			}
		}
		if err := check(key+": ", h); err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) sex(asOf time.Time) (string, Source, string, error) {
	var bad error
	for _, in := range []struct {
		s     string
		src   Source
		where string
	}{{r.flags.Sex, SourceFlag, r.flags.Where}, {r.file.Sex, SourceProfile, r.file.Where}} {
		if strings.TrimSpace(in.s) == "" {
			continue
		}
		s, err := ParseSex(in.s)
		if err != nil {
			if bad == nil {
				bad = fmt.Errorf("athlete: %s: %v", in.src, err)
			}
			continue
		}
		if s == "" {
			return "", in.src, "unknown: TRIMP constants of Runalyze for unknown sex", bad
		}
		return s, in.src, in.where, bad
	}
	if d, later := r.latest(asOf, func(d *DeviceValues) bool {
		return d.Kind == deviceUserProfile && (d.Sex == "male" || d.Sex == "female")
	}); d != nil {
		return d.Sex, SourceDevice, r.deviceNote(d, later), bad
	}
	return "", SourceDefault, "unknown, " + defaultNote + ": TRIMP constants of Runalyze for unknown sex", bad
}

// body resolves a global value (mass, height, age): flag > file >
// user_profile > default.
func (r *resolver) body(asOf time.Time, in func(ProfileInput) float64, dev func(*DeviceValues) float64, def float64) Value {
	if v := in(r.flags); said(v) {
		return Value{V: v, Source: SourceFlag, Note: "flag"}
	}
	if v := in(r.file); said(v) {
		return Value{V: v, Source: SourceProfile, Note: whereOr(r.file.Where, "profile file")}
	}
	if d, later := r.latest(asOf, func(d *DeviceValues) bool {
		return d.Kind == deviceUserProfile && said(dev(d))
	}); d != nil {
		return Value{V: dev(d), Source: SourceDevice, Note: r.deviceNote(d, later)}
	}
	return Value{V: def, Source: SourceDefault, Note: defaultNote}
}

func whereOr(where, def string) string {
	if where == "" {
		return def
	}
	return where
}

// userValue returns the per-sport value the user gave in p for key, else
// the global one, else NaN; sport is the sport label when the per-sport
// value won.
func userValue(p ProfileInput, key string, get func(HRInput) float64) (v float64, sport string) {
	for k, in := range p.Sports {
		if inputKey(k) == key {
			if v := get(in); said(v) {
				return v, sportLabel(key)
			}
		}
	}
	if v := get(HRInput{HRMax: p.HRMax, HRRest: p.HRRest, LTHR: p.LTHR}); said(v) {
		return v, ""
	}
	return nan, ""
}

// inputKey maps a sport name the user wrote ("run", "Running", "bike",
// "other", ...) to its key.
func inputKey(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if alias, ok := sportAliases[name]; ok {
		name = alias
	}
	return SportKey(name)
}

func sportLabel(key string) string {
	if key == SportOther {
		return "other sports"
	}
	return key
}

// hr resolves the heart-rate values of one sport, and checks them against
// each other and against the data (see resolveAthlete); what it finds
// goes to r.warns.
func (r *resolver) hr(key string, asOf time.Time, age Value) HRValues {
	var hv HRValues
	user := func(get func(HRInput) float64) (Value, bool) {
		for _, in := range []struct {
			p    ProfileInput
			src  Source
			name string
		}{{r.flags, SourceFlag, whereOr(r.flags.Where, "flag")}, {r.file, SourceProfile, whereOr(r.file.Where, "profile file")}} {
			if v, sport := userValue(in.p, key, get); !math.IsNaN(v) {
				note := in.name
				if sport != "" {
					note += " (" + sport + ")"
				}
				return Value{V: v, Source: in.src, Note: note}, true
			}
		}
		return Value{}, false
	}
	var from *DeviceValues // the device record of the last device value found
	device := func(get func(*DeviceValues) float64) (Value, bool) {
		for _, match := range []func(*DeviceValues) bool{
			func(d *DeviceValues) bool { return d.Kind == deviceTimeInZone && SportKey(d.Sport) == key },
			func(d *DeviceValues) bool { return d.Kind == deviceUserProfile },
			func(d *DeviceValues) bool { return d.Kind == deviceTimeInZone },
		} {
			if d, later := r.latest(asOf, func(d *DeviceValues) bool { return match(d) && said(get(d)) }); d != nil {
				from = d
				return Value{V: get(d), Source: SourceDevice, Note: r.deviceNote(d, later)}, true
			}
		}
		return Value{}, false
	}
	data, hasData := r.maxHR[key]
	hasData = hasData && data > 0 && data <= defaultProfile.MaxHRMaxEstimate

	// HRmax.
	var ok bool
	if hv.HRMax, ok = user(func(h HRInput) float64 { return h.HRMax }); ok {
		if hasData && data > hv.HRMax.V {
			r.warn(fmt.Errorf("athlete: HRmax %.0f bpm (%s, %s) is below the highest sustained 5-s heart rate of the %s sessions, %.0f bpm: check it",
				hv.HRMax.V, hv.HRMax.Note, sportLabel(key), sportLabel(key), data))
		}
	} else if hv.HRMax, ok = device(func(d *DeviceValues) float64 { return d.HRMax }); ok {
		if hasData && data > hv.HRMax.V {
			hv.HRMax = Value{V: data, Source: SourceEstimate, Note: fmt.Sprintf(
				"highest 5-s heart rate of the %s sessions, above the device's %.0f bpm (%s)", sportLabel(key), hv.HRMax.V, hv.HRMax.Note)}
		}
	} else {
		hv.HRMax, ok = r.estimate(key)
		formula := nan
		if age.Source == SourceFlag || age.Source == SourceProfile || age.Source == SourceDevice {
			formula = defaultProfile.TanakaA - defaultProfile.TanakaB*age.V
		}
		switch {
		case ok:
			if formula-hv.HRMax.V > defaultProfile.EstimateWarnBelow {
				r.warn(fmt.Errorf("athlete: HRmax %.0f bpm (%s) is the highest 5-s heart rate in the files, "+
					"well below the %.0f bpm of the age formula: the files may hold no maximal effort; give --hrmax",
					hv.HRMax.V, sportLabel(key), formula))
			}
		case !math.IsNaN(formula):
			hv.HRMax = Value{V: formula, Source: SourceFormula, Note: fmt.Sprintf("%g − %g × age %.0f (Tanaka)", defaultProfile.TanakaA, defaultProfile.TanakaB, age.V)}
		default:
			hv.HRMax = Value{V: defaultProfile.HRMax, Source: SourceDefault, Note: defaultNote}
		}
	}

	// Resting HR: no estimate from workouts, no formula.
	if hv.HRRest, ok = user(func(h HRInput) float64 { return h.HRRest }); !ok {
		if hv.HRRest, ok = device(func(d *DeviceValues) float64 { return d.HRRest }); !ok {
			hv.HRRest = Value{V: defaultProfile.HRRest, Source: SourceDefault, Note: defaultNote}
		}
	}
	if hv.HRRest.V >= hv.HRMax.V {
		r.warn(fmt.Errorf("athlete: resting HR %.0f bpm (%s) is not below HRmax %.0f bpm (%s) for %s",
			hv.HRRest.V, hv.HRRest.Source, hv.HRMax.V, hv.HRMax.Source, sportLabel(key)))
	}

	// LTHR: no estimate yet; formula from rest and max. A device's LTHR
	// must sit inside the plausible share of the reserve between the rest
	// and max used, else the formula is used.
	lo, hi := defaultLimits.lthrRange(hv.HRRest.V, hv.HRMax.V)
	formula := func() Value {
		return Value{
			V:      hv.HRRest.V + defaultProfile.LTHRFraction*(hv.HRMax.V-hv.HRRest.V),
			Source: SourceFormula,
			Note:   fmt.Sprintf("rest + %.2f × (max − rest)", defaultProfile.LTHRFraction),
		}
	}
	if hv.LTHR, ok = user(func(h HRInput) float64 { return h.LTHR }); ok {
		if hv.LTHR.V < lo || hv.LTHR.V > hi {
			r.warn(fmt.Errorf("athlete: LTHR %.0f bpm (%s, %s) is outside %.0f–%.0f bpm, %.0f–%.0f %% of the heart-rate reserve between %.0f and %.0f bpm: check it",
				hv.LTHR.V, hv.LTHR.Note, sportLabel(key), lo, hi, 100*defaultLimits.LTHRLowReserve, 100*defaultLimits.LTHRHighReserve, hv.HRRest.V, hv.HRMax.V))
		}
	} else if hv.LTHR, ok = device(func(d *DeviceValues) float64 { return d.LTHR }); ok {
		if hv.LTHR.V < lo || hv.LTHR.V > hi {
			r.warnFor(key, fmt.Errorf("athlete: %s: %s LTHR %.0f bpm is outside %.0f–%.0f bpm (%.0f–%.0f %% of the heart-rate reserve between resting HR %.0f and HRmax %.0f bpm, %s): not used",
				from.Path, from.Kind, hv.LTHR.V, lo, hi, 100*defaultLimits.LTHRLowReserve, 100*defaultLimits.LTHRHighReserve, hv.HRRest.V, hv.HRMax.V, sportLabel(key)))
			hv.LTHR = formula()
		}
	} else {
		hv.LTHR = formula()
	}
	return hv
}

// estimate returns the HRmax estimated from the data for a sport.
func (r *resolver) estimate(key string) (Value, bool) {
	if v, ok := r.maxHR[key]; ok && r.plausibleMax(v) {
		return Value{V: v, Source: SourceEstimate, Note: "highest 5-s heart rate of the " + sportLabel(key) + " sessions"}, true
	}
	if !math.IsNaN(r.overallMax) {
		return Value{V: r.overallMax, Source: SourceEstimate, Note: "highest 5-s heart rate of all sessions"}, true
	}
	return Value{}, false
}

// latest returns the last device value matching ok recorded at or before
// asOf (all of them when asOf is zero), else the earliest after it; later
// reports the second case. It returns nil when none matches.
func (r *resolver) latest(asOf time.Time, ok func(*DeviceValues) bool) (d *DeviceValues, later bool) {
	n := len(r.device)
	if !asOf.IsZero() {
		n = sort.Search(len(r.device), func(i int) bool { return r.device[i].Time.After(asOf) })
	}
	for i := n - 1; i >= 0; i-- {
		if ok(&r.device[i]) {
			return &r.device[i], false
		}
	}
	for i := n; i < len(r.device); i++ {
		if ok(&r.device[i]) {
			return &r.device[i], true
		}
	}
	return nil, false
}

// deviceNote returns deviceNote(d, later), made once per record: each
// session keeps the note of its values, and one record is the source of
// most sessions' values.
func (r *resolver) deviceNote(d *DeviceValues, later bool) string {
	k := noteKey{d, later}
	if n, ok := r.notes[k]; ok {
		return n
	}
	if r.notes == nil {
		r.notes = map[noteKey]string{}
	}
	n := deviceNote(d, later)
	r.notes[k] = n
	return n
}

// deviceNote says where a device value comes from: the record's kind,
// date, sport and device.
func deviceNote(d *DeviceValues, later bool) string {
	var b strings.Builder
	b.WriteString(d.Kind)
	if !d.Time.IsZero() {
		b.WriteString(" of ")
		b.WriteString(d.Time.UTC().Format(time.DateOnly))
	}
	if d.Sport != "" {
		b.WriteString(" " + d.Sport)
	}
	if d.Device != "" {
		b.WriteString(" (" + d.Device + ")")
	}
	if later {
		b.WriteString(", recorded later")
	}
	return b.String()
}
