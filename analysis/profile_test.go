package analysis

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis/load"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/approx"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// unset is a ProfileInput that says nothing, the way cmd fills it.
var unset = ProfileInput{HRMax: nan, HRRest: nan, LTHR: nan, Mass: nan, Height: nan, Age: nan}

func with(p ProfileInput, f func(*ProfileInput)) ProfileInput {
	f(&p)
	return p
}

// tiz and up are device values as Summarize makes them.
func tiz(date, sport string, max, rest, lthr float64) DeviceValues {
	return DeviceValues{Time: day(date), Kind: deviceTimeInZone, Sport: sport, Device: "garmin fr955",
		HRMax: max, HRRest: rest, LTHR: lthr, Mass: nan, Height: nan, Age: nan}
}

func up(date string, max, rest, mass, age float64, sex string) DeviceValues {
	return DeviceValues{Time: day(date), Kind: deviceUserProfile, Device: "garmin fr955",
		HRMax: max, HRRest: rest, LTHR: nan, Mass: mass, Height: nan, Age: age, Sex: sex}
}

// upHeight is a user_profile that records only a height, m.
func upHeight(date string, m float64) DeviceValues {
	d := up(date, nan, nan, nan, nan, "")
	d.Height = m
	return d
}

func TestResolveOrder(t *testing.T) {
	t.Parallel()
	flags := with(unset, func(p *ProfileInput) {
		p.HRMax, p.HRRest, p.LTHR, p.Mass, p.Age, p.Sex = 201, 41, 181, 61, 31, "f"
		p.Height = 1.61
		p.Sports = map[string]HRInput{"bike": {HRMax: 199, HRRest: nan, LTHR: nan}}
	})
	file := with(unset, func(p *ProfileInput) {
		p.HRMax, p.HRRest, p.LTHR, p.Mass, p.Age, p.Sex = 202, 42, 182, 62, 32, "male"
		p.Height = 1.62
		p.Sports = map[string]HRInput{"running": {HRMax: 203}}
	})
	device := []DeviceValues{
		up("2026-09-01", 190, 48, 70, 40, "male"),
		upHeight("2026-09-10", 1.80),
		tiz("2026-09-02", "running", 191, 49, 171),
		tiz("2026-09-03", "cycling", 187, 47, 166),
		tiz("2026-10-01", "running", 194, 46, 174),
	}
	estimate := map[string]float64{SportRun: 186, SportSwim: 150}
	old := day("2026-09-15")

	type want struct {
		v   float64
		src Source
	}
	hrmax := func(key string) func(a *Athlete) Value {
		return func(a *Athlete) Value { return a.HR[key].HRMax }
	}
	rest := func(key string) func(a *Athlete) Value {
		return func(a *Athlete) Value { return a.HR[key].HRRest }
	}
	lthr := func(key string) func(a *Athlete) Value {
		return func(a *Athlete) Value { return a.HR[key].LTHR }
	}
	mass := func(a *Athlete) Value { return a.Mass }
	age := func(a *Athlete) Value { return a.Age }
	height := func(a *Athlete) Value { return a.Height }

	noAgeUP := up("2026-09-01", nan, nan, nan, nan, "")
	tests := []struct {
		name        string
		flags, file ProfileInput
		device      []DeviceValues
		estimate    map[string]float64
		asOf        time.Time
		get         func(*Athlete) Value
		want        want
	}{
		// Each source wins over every later one.
		{"flag over all", flags, file, device, estimate, time.Time{}, hrmax(SportRun), want{201, SourceFlag}},
		{"flag per sport over flag", flags, file, device, estimate, time.Time{}, hrmax(SportBike), want{199, SourceFlag}},
		{"flag global over file per sport", flags, file, device, estimate, time.Time{}, hrmax(SportRun), want{201, SourceFlag}},
		{"file per sport over file", unset, file, device, estimate, time.Time{}, hrmax(SportRun), want{203, SourceProfile}},
		{"file over device", unset, file, device, estimate, time.Time{}, hrmax(SportBike), want{202, SourceProfile}},
		{"file rest", unset, file, device, estimate, time.Time{}, rest(SportRun), want{42, SourceProfile}},
		{"file lthr", unset, file, device, estimate, time.Time{}, lthr(SportRun), want{182, SourceProfile}},
		{"file mass", unset, file, device, estimate, time.Time{}, mass, want{62, SourceProfile}},
		{"flag age", flags, file, device, estimate, time.Time{}, age, want{31, SourceFlag}},
		{"device latest of the sport", unset, unset, device, estimate, time.Time{}, hrmax(SportRun), want{194, SourceDevice}},
		{"device at or before", unset, unset, device, estimate, old, hrmax(SportRun), want{191, SourceDevice}},
		{"device recorded later", unset, unset, device, estimate, day("2026-08-01"), hrmax(SportRun), want{191, SourceDevice}},
		{"device per sport", unset, unset, device, estimate, old, lthr(SportBike), want{166, SourceDevice}},
		{"device user_profile when the sport has no time_in_zone", unset, unset, device, estimate, old, hrmax(SportSwim), want{190, SourceDevice}},
		{"device other sport's lthr", unset, unset, device, estimate, old, lthr(SportSwim), want{166, SourceDevice}},
		{"device mass", unset, unset, device, estimate, old, mass, want{70, SourceDevice}},
		{"device rest", unset, unset, device, estimate, old, rest(SportOther), want{48, SourceDevice}},
		{"estimate over formula", unset, with(unset, func(p *ProfileInput) { p.Age = 40 }), []DeviceValues{noAgeUP}, estimate, old, hrmax(SportRun), want{186, SourceEstimate}},
		{"estimate of all sports when the sport has none", unset, unset, nil, estimate, old, hrmax(SportBike), want{186, SourceEstimate}},
		{"implausible estimate skipped", unset, unset, nil, map[string]float64{SportRun: 130}, old, hrmax(SportRun), want{defaultProfile.HRMax, SourceDefault}},
		{"formula from age", unset, with(unset, func(p *ProfileInput) { p.Age = 40 }), nil, nil, old, hrmax(SportRun), want{180, SourceFormula}},
		{"formula from device age", unset, unset, []DeviceValues{up("2026-09-01", nan, nan, nan, 50, "")}, nil, old, hrmax(SportRun), want{173, SourceFormula}},
		{"lthr formula", with(unset, func(p *ProfileInput) { p.HRMax, p.HRRest = 190, 50 }), unset, nil, nil, old, lthr(SportRun), want{169, SourceFormula}},
		{"default hrmax without age", unset, unset, nil, nil, old, hrmax(SportRun), want{defaultProfile.HRMax, SourceDefault}},
		{"default rest", unset, unset, nil, estimate, old, rest(SportRun), want{defaultProfile.HRRest, SourceDefault}},
		{"default mass", unset, unset, nil, nil, old, mass, want{defaultProfile.Mass, SourceDefault}},
		{"default age", unset, unset, nil, nil, old, age, want{defaultProfile.Age, SourceDefault}},
		// The height: flag > profile file > the latest user_profile >
		// the default.
		{"flag height", flags, file, device, estimate, old, height, want{1.61, SourceFlag}},
		{"file height", unset, file, device, estimate, old, height, want{1.62, SourceProfile}},
		{"device height", unset, unset, device, estimate, old, height, want{1.80, SourceDevice}},
		{"device height, latest at or before", unset, unset, append([]DeviceValues{upHeight("2026-09-20", 1.83)}, device...), estimate, old, height, want{1.80, SourceDevice}},
		{"device height recorded later", unset, unset, device, estimate, day("2026-09-05"), height, want{1.80, SourceDevice}},
		{"default height", unset, unset, device[:1], estimate, old, height, want{defaultProfile.Height, SourceDefault}},
		{"default height of nothing", unset, unset, nil, nil, old, height, want{1.75, SourceDefault}},
		{"zero input says nothing", ProfileInput{}, ProfileInput{}, nil, nil, old, rest(SportRun), want{defaultProfile.HRRest, SourceDefault}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := resolveAthlete(tt.flags, tt.file, tt.device, tt.estimate, tt.asOf)
			got := tt.get(&a)
			if !approx.Equal(got.V, tt.want.v, 1e-9, 1e-12) || got.Source != tt.want.src {
				t.Errorf("got %v from %v (%s), want %v from %v", got.V, got.Source, got.Note, tt.want.v, tt.want.src)
			}
			if got.Note == "" {
				t.Error("no note")
			}
		})
	}
}

func TestResolveNotes(t *testing.T) {
	t.Parallel()
	a, _ := resolveAthlete(unset, unset, []DeviceValues{tiz("2026-10-01", "running", 194, 46, 174)}, nil, day("2026-08-01"))
	if n := a.HR[SportRun].HRMax.Note; n != "time_in_zone of 2026-10-01 running (garmin fr955), recorded later" {
		t.Errorf("device note %q", n)
	}
	a, _ = resolveAthlete(unset, unset, nil, nil, time.Time{})
	if n := a.HR[SportRun].HRMax.Note; !strings.Contains(n, "default") {
		t.Errorf("default note %q", n)
	}
}

func TestResolveSexAndZones(t *testing.T) {
	t.Parallel()
	device := []DeviceValues{up("2026-09-01", 190, 48, 70, 35, "male"), tiz("2026-09-02", "running", 190, 48, 170)}
	tests := []struct {
		name        string
		flags, file ProfileInput
		device      []DeviceValues
		sex         string
		src         Source
		k           load.TRIMPConstants
		run, swim   ZoneModel
		modelSrc    Source
	}{
		{"device", unset, unset, device, "male", SourceDevice, load.TRIMPMale, ZonesLTHR, ZonesHRR, SourceDefault},
		{"flag over device", with(unset, func(p *ProfileInput) { p.Sex = "F" }), unset, device, "female", SourceFlag, load.TRIMPFemale, ZonesLTHR, ZonesHRR, SourceDefault},
		{"file unknown", unset, with(unset, func(p *ProfileInput) { p.Sex = "unknown" }), device, "", SourceProfile, load.TRIMPUnknown, ZonesLTHR, ZonesHRR, SourceDefault},
		{"default; lthr from formula keeps hrr", unset, unset, nil, "", SourceDefault, load.TRIMPUnknown, ZonesHRR, ZonesHRR, SourceDefault},
		{"zone model flag", with(unset, func(p *ProfileInput) { p.ZoneModel = "hrmax" }), with(unset, func(p *ProfileInput) { p.ZoneModel = "lthr" }), device, "male", SourceDevice, load.TRIMPMale, ZonesHRMax, ZonesHRMax, SourceFlag},
		{"zone model file", unset, with(unset, func(p *ProfileInput) { p.ZoneModel = "lthr" }), nil, "", SourceDefault, load.TRIMPUnknown, ZonesLTHR, ZonesLTHR, SourceProfile},
	}
	for _, tt := range tests {
		a, warns := resolveAthlete(tt.flags, tt.file, tt.device, nil, time.Time{})
		if len(warns) > 0 {
			t.Errorf("%s: warnings %v", tt.name, warns)
		}
		if a.Sex != tt.sex || a.SexSource != tt.src || a.TRIMP != tt.k {
			t.Errorf("%s: sex %q from %v, TRIMP %+v; want %q from %v, %+v", tt.name, a.Sex, a.SexSource, a.TRIMP, tt.sex, tt.src, tt.k)
		}
		if a.Zones[SportRun].Model != tt.run || a.Zones[SportSwim].Model != tt.swim || a.ZoneModelSource != tt.modelSrc {
			t.Errorf("%s: zones run %v swim %v (model %v from %v); want %v %v from %v", tt.name,
				a.Zones[SportRun].Model, a.Zones[SportSwim].Model, a.ZoneModel, a.ZoneModelSource, tt.run, tt.swim, tt.modelSrc)
		}
		for _, key := range sportKeys {
			if _, ok := a.HR[key]; !ok {
				t.Errorf("%s: no values for sport key %q", tt.name, key)
			}
		}
	}
}

func TestResolveWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		flags       ProfileInput
		estimate    map[string]float64
		wantWarning string
	}{
		{"bad zone model", with(unset, func(p *ProfileInput) { p.ZoneModel = "power" }), nil, "unknown zone model"},
		{"bad sex", with(unset, func(p *ProfileInput) { p.Sex = "yes" }), nil, "unknown sex"},
		{"rest above max", with(unset, func(p *ProfileInput) { p.HRMax, p.HRRest = 150, 160 }), nil, "not below HRmax"},
		{"estimate far below formula", with(unset, func(p *ProfileInput) { p.Age = 20 }), map[string]float64{SportRun: 160}, "no maximal effort"},
	}
	for _, tt := range tests {
		_, warns := resolveAthlete(tt.flags, unset, nil, tt.estimate, time.Time{})
		found := false
		for _, w := range warns {
			found = found || strings.Contains(w.Error(), tt.wantWarning)
		}
		if !found {
			t.Errorf("%s: warnings %v, want one containing %q", tt.name, warns, tt.wantWarning)
		}
	}
	if _, warns := resolveAthlete(unset, unset, nil, nil, time.Time{}); len(warns) != 0 {
		t.Errorf("defaults only: warnings %v", warns)
	}
}

// TestBuildResolvesPerSession checks that each session gets the device
// values in force at its own start, and the block the latest.
func TestBuildResolvesPerSession(t *testing.T) {
	t.Parallel()
	hist := load.NewHistogram([]float64{150}, []float64{3600})
	session := func(date string) SessionSummary {
		return SessionSummary{Session: fitparse.Session{Sport: "running", Start: day(date).Add(8 * time.Hour), Timer: 3600, Elapsed: 3600, AvgHR: 150, RPE: nan}, Measures: Measures{HRHist: hist, HRTime: 3600, TraceAvgHR: 150, Structure: Structure{Max5s: 175, Decoupling: nan, Drift: nan, HRRecovery: nan}}}
	}
	files := []FileSummary{
		{Path: "a.fit", DeviceValues: []DeviceValues{tiz("2026-09-01", "running", 190, 50, 170)},
			Sessions: []SessionSummary{session("2026-09-01")}},
		{Path: "b.fit", DeviceValues: []DeviceValues{tiz("2026-10-01", "running", 200, 40, 180)},
			Sessions: []SessionSummary{session("2026-10-01")}},
	}
	b := Build(files, Options{})
	s1, s2 := b.Files[0].Sessions[0], b.Files[1].Sessions[0]
	if s1.Athlete.HRMax.V != 190 || s2.Athlete.HRMax.V != 200 || s1.Athlete.HRMax.Source != SourceDevice {
		t.Errorf("per-session HRmax: %v and %v, want 190 and 200 from the device", s1.Athlete.HRMax, s2.Athlete.HRMax)
	}
	if b.Athlete.HR[SportRun].HRMax.V != 200 {
		t.Errorf("block athlete HRmax %v, want the latest 200", b.Athlete.HR[SportRun].HRMax)
	}
	if !(s1.TRIMP > s2.TRIMP) {
		t.Errorf("same HR with a wider reserve must load less: %v vs %v", s1.TRIMP, s2.TRIMP)
	}
	// As of a day between them, the block shows the first.
	b = Build(files, Options{AsOf: day("2026-09-15")})
	if b.Athlete.HR[SportRun].HRMax.V != 190 {
		t.Errorf("block athlete as of 2026-09-15: HRmax %v, want 190", b.Athlete.HR[SportRun].HRMax)
	}
	// Without device values the estimate from the data comes next.
	files[0].DeviceValues, files[1].DeviceValues = nil, nil
	b = Build(files, Options{})
	if v := b.Files[0].Sessions[0].Athlete.HRMax; v.V != 175 || v.Source != SourceEstimate {
		t.Errorf("estimated HRmax %v, want 175 from the data", v)
	}
	if math.IsNaN(b.Files[0].Sessions[0].HRSS) {
		t.Error("HRSS is NaN")
	}
}

// triathlon is a three-session file as a Garmin FR255 writes it: EPOC and
// sweat loss cumulative over the sessions, every time_in_zone stamped with
// the same time, and message 140 at the end of each session.
func triathlon() *fitparse.File {
	t0 := clockAt("07:00")
	sess := func(sport string, startMin, min float64, epoc, sweat float64) fitparse.Session {
		return fitparse.Session{Sport: sport, Start: t0.Add(time.Duration(startMin) * time.Minute),
			Timer: min * 60, Elapsed: min * 60, AvgHR: nan, MaxHR: nan, EPOC: epoc, SweatLoss: sweat,
			AerobicTE: 2 + startMin/100, RPE: nan}
	}
	end := func(startMin, min float64) float64 { return float64(t0.Unix()) + (startMin+min)*60 }
	zone := func(ref string, max float64) fitparse.ZoneSettings {
		return fitparse.ZoneSettings{T: float64(t0.Unix()), Ref: ref, MaxHR: max, RestingHR: 50, ThresholdHR: nan, FTP: nan}
	}
	return &fitparse.File{
		Path: "tri.fit",
		ID:   fitparse.FileID{Manufacturer: "garmin", Product: "fr255"},
		Sessions: []fitparse.Session{
			sess("swimming", 0, 20, 3, 0.2),
			sess("transition", 20, 2, 4, 0.25),
			sess("cycling", 22, 60, 120, 0.9),
		},
		UserProfiles: []fitparse.UserProfile{{Sex: "female", Age: nan, Weight: 61, Height: nan, RestingHR: 50, MaxHR: nan}},
		Zones: []fitparse.ZoneSettings{
			zone("lap", 180), zone("session", 181), zone("session", 182), zone("session", 183),
		},
		Garmin: []fitparse.GarminMetrics{
			{T: end(0, 20) + 4, RecoveryTime: 30, AerobicTE: 1, VO2max: 50},
			{T: end(22, 60) + 2, RecoveryTime: 600, AerobicTE: 3, VO2max: 51},
		},
	}
}

func TestSummarizeDeviceValues(t *testing.T) {
	t.Parallel()
	s := Summarize(triathlon())
	// Cumulative EPOC and sweat become each session's own share.
	for i, want := range []struct{ epoc, sweat float64 }{{3, 0.2}, {1, 0.05}, {116, 0.65}} {
		got := s.Sessions[i]
		if !approx.Equal(got.EPOC, want.epoc, 1e-9, 1e-12) || !approx.Equal(got.SweatLoss, want.sweat, 1e-12, 0) {
			t.Errorf("session %d: EPOC %v sweat %v, want %v and %v", i, got.EPOC, got.SweatLoss, want.epoc, want.sweat)
		}
	}
	if s.Sessions[2].AerobicTE != 2.22 {
		t.Errorf("Training Effect changed: %v", s.Sessions[2].AerobicTE)
	}
	// Message 140 goes to the session whose end is nearest.
	if got := []float64{s.Sessions[0].RecoveryTime, s.Sessions[1].RecoveryTime, s.Sessions[2].RecoveryTime}; got[0] != 30 || !math.IsNaN(got[1]) || got[2] != 600 {
		t.Errorf("recovery times %v, want [30 NaN 600]", got)
	}
	if s.Sessions[2].GarminVO2max != 51 {
		t.Errorf("VO2max %v, want 51", s.Sessions[2].GarminVO2max)
	}
	// One user_profile and one time_in_zone per session, matched in order
	// because there is one per session.
	if len(s.DeviceValues) != 4 {
		t.Fatalf("got %d device values, want 4: %+v", len(s.DeviceValues), s.DeviceValues)
	}
	if d := s.DeviceValues[0]; d.Kind != deviceUserProfile || d.Sex != "female" || d.Mass != 61 || d.Device != "garmin fr255" {
		t.Errorf("user_profile: %+v", d)
	}
	for i, want := range []struct {
		sport string
		max   float64
	}{{"swimming", 181}, {"transition", 182}, {"cycling", 183}} {
		d := s.DeviceValues[i+1]
		if d.Kind != deviceTimeInZone || d.Sport != want.sport || d.HRMax != want.max || !d.Time.Equal(s.Sessions[i].Start) {
			t.Errorf("time_in_zone %d: %+v, want %s with HRmax %v", i, d, want.sport, want.max)
		}
	}

	// EPOC that decreases somewhere is not cumulative: kept as written.
	f := triathlon()
	f.Sessions[1].EPOC = 2
	if s := Summarize(f); s.Sessions[1].EPOC != 2 || s.Sessions[2].EPOC != 120 {
		t.Errorf("per-session EPOC changed: %v %v", s.Sessions[1].EPOC, s.Sessions[2].EPOC)
	}
}
