package main

// This file registers the flags that several commands share, in groups, so
// that each command takes the groups it needs and every command spells,
// checks and documents a flag the same way. The usage text of each group is
// a constant that the commands' hand-written usages include.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/report"
)

// flags holds the values of every shared flag; a command registers only the
// groups it takes, and the others keep their zero values.
type flags struct {
	// Output: --format, --width, --table.
	format string
	width  int
	table  string
	// Scanning: -j, -q, -v.
	jobs           int
	quiet, verbose bool
	// Filters: --since, --until, --sport, --as-of.
	since, until, asOf string
	sport              []string
	// Profile: --profile and the overrides.
	profile             string
	hrmax, hrrest, lthr []string
	weight, height, age float64
	sex, zones          string
	hasProfile          bool
	// athlete is --athlete, the athlete of a squad folder;
	// athleteProfile is their profile.toml, set by prepare ("" for an
	// athlete without one: a zip).
	athlete, athleteProfile string
	// squad is report's --squad: the one PATH is a squad folder.
	squad bool
	// squadSort is report's --sort, the order of the squad page.
	squadSort string
	// Plans: --sweat-sodium (with the profile overrides) and
	// --next-session-in (addPlan).
	sweatSodium float64
	nextIn      time.Duration
	// sweatModel is --sweat-model (with the profile overrides): the
	// sweat model of the fluid plans ("" for the default).
	sweatModel string
	// Store: --store and --no-store (addStore).
	store   string
	noStore bool
}

// newFlagSet returns an empty flag set for the command name that reports
// errors instead of printing them.
func newFlagSet(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// The usage text of each group of flags, as the commands' usages show it.
const (
	outputFlagsUsage = `      --width N         fit the table in N columns, 0 for no limit
                        (default: the terminal's width, or no limit when
                        standard output is not a terminal)
`
	// countFlagsUsage is the scan flags of sessions, which keeps nothing
	// in the store (it only counts); scanFlagsUsage those of the commands
	// that analyse.
	countFlagsUsage = `  -j, --jobs N          decode N files at a time, at most {MaxWorkers} (default: all
                        cores)
  -q, --quiet           show no progress bar
  -v, --verbose         list skipped files one by one
`
	scanFlagsUsage   = countFlagsUsage + storeFlagsUsage
	filterFlagsUsage = `      --since DATE      only sessions that start on or after DATE (YYYY-MM-DD)
      --until DATE      only sessions that start on or before DATE
      --as-of DATE      compute everything from the data up to DATE only,
                        as it was known that day (default: today)
      --sport NAME      only sessions of this sport or sub-sport: running,
                        cycling, trail, indoor_cycling, run, ride, swim...;
                        repeat it or give a comma list for several
`
	datesFlagsUsage = `      --since DATE      only days on or after DATE (YYYY-MM-DD); the
                        baselines still use the days before
      --until DATE      only days on or before DATE
      --as-of DATE      compute everything from the data up to DATE only,
                        as it was known that day (default: today)
`
	profileFlagsUsage = `      --profile FILE    read the athlete profile from FILE (default:
                        $XDG_CONFIG_HOME/bounceback/profile.toml)
      --athlete NAME    one athlete of a squad folder (see bounceback help
                        squad): PATH is the squad folder, and only NAME's
                        folder or NAME.zip is read, with NAME's profile.toml
                        instead of the profile file and no weigh-ins (for
                        session: FILE lies in NAME's folder)
      --hrmax [SPORT=]BPM
                        maximum heart rate, for every sport or for one
                        (run, bike, swim); may be repeated
      --hrrest [SPORT=]BPM
                        resting heart rate, likewise
      --lthr [SPORT=]BPM
                        lactate-threshold heart rate, likewise
      --weight KG       body mass in kilograms
      --height M        height in metres, such as 1.78 (the body surface
                        area of the sweat model)
      --age YEARS       age in years
      --sex SEX         male or female (sets the TRIMP constants)
      --zones MODEL     heart-rate zones: hrr (% of heart-rate reserve),
                        lthr (Friel's % of LTHR) or hrmax (% of HRmax)
      --sweat-sodium MG_PER_L
                        sodium in your sweat, mg per litre (default 920;
                        salty sweaters 1400-1600)
` + sweatModelFlagUsage
	sweatModelFlagUsage = `      --sweat-model MODEL
                        the sweat model of the fluid plans: gonzalez (the
                        USARIEM prediction, default) or heat-balance (our
                        older model, about 1.5× higher; see docs/methods.md)
`
	seedFlagUsage = `      --seed-ctl        start CTL and ATL at the mean daily load of the first
                        28 days instead of 0 (for an athlete who trained
                        before the files begin; the published convention
                        starts at 0, and the output says when this is on)
`
	planFlagsUsage = `      --next-session-in D
                        time from the end of the session to the next one,
                        such as 5h or 1h30m, for the fluid and refuel plan
                        (default: the next session in the files)
`
)

// addOutput registers --format (with the formats the command takes; the
// first is the default) and, when width is set, --width.
func (f *flags) addOutput(fs *pflag.FlagSet, width bool) {
	fs.StringVar(&f.format, "format", "table", "")
	if width {
		fs.IntVar(&f.width, "width", 0, "")
	}
}

// addScan registers -j/--jobs, -q/--quiet and -v/--verbose; the commands
// that analyse add the store's flags (addStore).
func (f *flags) addScan(fs *pflag.FlagSet) {
	fs.IntVarP(&f.jobs, "jobs", "j", 0, "")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "")
}

// addFilter registers --since, --until and --sport.
func (f *flags) addFilter(fs *pflag.FlagSet) {
	fs.StringVar(&f.since, "since", "", "")
	fs.StringVar(&f.until, "until", "", "")
	fs.StringArrayVar(&f.sport, "sport", nil, "")
	fs.StringVar(&f.asOf, "as-of", "", "")
}

// addDates registers --since and --until, without --sport (for the daily
// series, which belong to no sport).
func (f *flags) addDates(fs *pflag.FlagSet) {
	fs.StringVar(&f.since, "since", "", "")
	fs.StringVar(&f.until, "until", "", "")
	fs.StringVar(&f.asOf, "as-of", "", "")
}

// addProfile registers --profile and the profile overrides.
func (f *flags) addProfile(fs *pflag.FlagSet) {
	f.hasProfile = true
	fs.StringVar(&f.profile, "profile", "", "")
	fs.StringVar(&f.athlete, "athlete", "", "")
	fs.StringArrayVar(&f.hrmax, "hrmax", nil, "")
	fs.StringArrayVar(&f.hrrest, "hrrest", nil, "")
	fs.StringArrayVar(&f.lthr, "lthr", nil, "")
	fs.Float64Var(&f.weight, "weight", math.NaN(), "")
	fs.Float64Var(&f.height, "height", math.NaN(), "")
	fs.Float64Var(&f.age, "age", math.NaN(), "")
	fs.StringVar(&f.sex, "sex", "", "")
	fs.StringVar(&f.zones, "zones", "", "")
	fs.Float64Var(&f.sweatSodium, "sweat-sodium", math.NaN(), "")
	fs.StringVar(&f.sweatModel, "sweat-model", "", "")
}

// addPlan registers --next-session-in.
func (f *flags) addPlan(fs *pflag.FlagSet) {
	fs.DurationVar(&f.nextIn, "next-session-in", 0, "")
}

// addTable registers --table, the CSV table to write.
func (f *flags) addTable(fs *pflag.FlagSet) {
	fs.StringVar(&f.table, "table", "", "")
}

// checkTable checks --table against the CSV tables of the command and
// returns it.
func (f *flags) checkTable(command string, format report.Format) (string, error) {
	if f.table == "" {
		return "", nil
	}
	names := report.CSVTables(command)
	switch {
	case format != report.CSV:
		return "", fmt.Errorf("--table %s: only with --format csv", f.table)
	case len(names) == 0:
		return "", fmt.Errorf("--table %s: %s writes only one table", f.table, command)
	case !slices.Contains(names, f.table):
		return "", fmt.Errorf("--table %q: want %s", f.table, orList(names))
	}
	return f.table, nil
}

// reportOptions checks --format (against the formats allowed) and --width
// and returns the report options for standard output w.
func (f *flags) reportOptions(fs *pflag.FlagSet, w io.Writer, allowed ...report.Format) (report.Options, error) {
	opts := report.Options{Width: f.width, Color: useColor(w)}
	format, err := report.ParseFormat(f.format)
	if err == nil && !containsFormat(allowed, format) {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = a.String()
		}
		err = fmt.Errorf("unknown format %q (want %s)", f.format, orList(names))
	}
	if err != nil {
		return opts, fmt.Errorf("--format: %v", err)
	}
	opts.Format = format
	if opts.Table, err = f.checkTable(fs.Name(), format); err != nil {
		return opts, err
	}
	if fs.Lookup("width") != nil {
		if !fs.Changed("width") {
			opts.Width = termWidth(w)
		} else if f.width < 0 {
			return opts, fmt.Errorf("--width must be 0 or more, not %d", f.width)
		}
	}
	return opts, nil
}

func containsFormat(fs []report.Format, f report.Format) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// checkJobs checks -j.
func (f *flags) checkJobs() error {
	if f.jobs < 0 || f.jobs > fitparse.MaxWorkers {
		return fmt.Errorf("--jobs must be 1 to %d, not %d", fitparse.MaxWorkers, f.jobs)
	}
	return nil
}

// filter checks --since, --until and --sport and returns the filter.
func (f *flags) filter() (analysis.Filter, error) {
	var filter analysis.Filter
	var err error
	if filter.Sports, err = analysis.ParseSports(f.sport); err != nil {
		return filter, fmt.Errorf("--sport: %v", err)
	}
	if filter.Since, err = parseDate("since", f.since); err != nil {
		return filter, err
	}
	if filter.Until, err = parseDate("until", f.until); err != nil {
		return filter, err
	}
	if !filter.Since.IsZero() && !filter.Until.IsZero() && filter.Until.Before(filter.Since) {
		return filter, fmt.Errorf("--until %s is before --since %s", f.until, f.since)
	}
	return filter, nil
}

// today returns the current time; tests replace it.
var today = time.Now

// options checks the filter flags and --as-of and returns the options of
// analysis.Build they give: the filter, and the as-of day (today when
// --as-of is not given).
func (f *flags) options() (analysis.Options, error) {
	filter, err := f.filter()
	if err != nil {
		return analysis.Options{}, err
	}
	asOf, err := parseDate("as-of", f.asOf)
	if err != nil {
		return analysis.Options{}, err
	}
	if asOf.IsZero() {
		now := today()
		asOf = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	if !filter.Since.IsZero() && filter.Since.After(asOf) {
		return analysis.Options{}, fmt.Errorf("--since %s is after the as-of day %s", f.since, asOf.Format(time.DateOnly))
	}
	if f.nextIn < 0 {
		return analysis.Options{}, fmt.Errorf("--next-session-in %v: want a positive duration, such as 5h", f.nextIn)
	}
	if _, err := analysis.DefaultSweat.WithModel(f.sweatModel); err != nil {
		return analysis.Options{}, fmt.Errorf("--sweat-model %s: want %s", f.sweatModel, strings.Join(analysis.SweatModels, " or "))
	}
	return analysis.Options{Filter: filter, AsOf: asOf, NextSessionIn: f.nextIn, SweatModel: f.sweatModel, Now: today()}, nil
}

// firstDate and lastDate bound the dates a flag may give: FIT's epoch is
// the last day of 1989, and a day past 2100 is a typo (--as-of
// 9999-12-31 would make the model run for centuries).
var (
	firstDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDate  = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

// parseDate parses a --since, --until or --as-of value; "" gives the zero
// time. A date outside firstDate–lastDate is an error.
func parseDate(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: want a date as YYYY-MM-DD", flag, s)
	}
	if t.Before(firstDate) || t.After(lastDate) {
		return time.Time{}, fmt.Errorf("--%s %s: want a date from %s to %s", flag, s,
			firstDate.Format(time.DateOnly), lastDate.Format(time.DateOnly))
	}
	return t, nil
}

// checkFinite refuses a number flag of fs that was given as NaN or an
// infinity ("--weight nan"): pflag reads them as numbers, and they would
// pass for "not given" or break every sum.
func checkFinite(fs *pflag.FlagSet) error {
	var bad error
	fs.Visit(func(fl *pflag.Flag) {
		if bad != nil || fl.Value.Type() != "float64" {
			return
		}
		if x, err := strconv.ParseFloat(fl.Value.String(), 64); err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
			bad = fmt.Errorf("--%s %s: want a number", fl.Name, fl.Value.String())
		}
	})
	return bad
}

// overrides checks the profile overrides and returns what they say, with
// NaN and "" for what they do not.
func (f *flags) overrides() (analysis.ProfileInput, error) {
	in := noInput()
	if !f.hasProfile {
		return in, nil
	}
	for _, hf := range []struct {
		name   string
		values []string
		field  field
	}{
		{"hrmax", f.hrmax, fieldHRMax},
		{"hrrest", f.hrrest, fieldHRRest},
		{"lthr", f.lthr, fieldLTHR},
	} {
		for _, v := range hf.values {
			sport, num, hasSport := strings.Cut(v, "=")
			if !hasSport {
				sport, num = "", v
			}
			x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil {
				return in, fmt.Errorf("--%s %q: want [SPORT=]BPM, such as 185 or run=190", hf.name, v)
			}
			if err := hf.field.check(x); err != nil {
				return in, fmt.Errorf("--%s %s", hf.name, err)
			}
			if !hasSport {
				hf.field.set(&in, "", x)
				continue
			}
			key, ok := analysis.ParseSportKey(sport)
			if !ok {
				return in, fmt.Errorf("--%s %q: unknown sport %q (want run, bike or swim)", hf.name, v, sport)
			}
			hf.field.set(&in, key, x)
		}
	}
	for _, nf := range []struct {
		name  string
		v     float64
		field field
	}{{"weight", f.weight, fieldMass}, {"height", f.height, fieldHeight}, {"age", f.age, fieldAge}, {"sweat-sodium", f.sweatSodium, fieldSweatSodium}} {
		if math.IsNaN(nf.v) {
			continue
		}
		if err := nf.field.check(nf.v); err != nil {
			return in, fmt.Errorf("--%s %s", nf.name, err)
		}
		nf.field.set(&in, "", nf.v)
	}
	if f.sex != "" {
		sex, err := analysis.ParseSex(f.sex)
		if err != nil {
			return in, fmt.Errorf("--sex: %v", err)
		}
		in.Sex = sex
	}
	if f.zones != "" {
		z, err := analysis.ParseZoneModel(f.zones)
		if err != nil {
			return in, fmt.Errorf("--zones: %v", err)
		}
		in.ZoneModel = z.String()
	}
	if err := in.Check(); err != nil {
		return in, err
	}
	return in, nil
}

// noInput returns a ProfileInput that says nothing.
func noInput() analysis.ProfileInput {
	nan := math.NaN()
	return analysis.ProfileInput{HRMax: nan, HRRest: nan, LTHR: nan, Mass: nan, Height: nan, Age: nan}
}

// field is one numeric athlete value the user may give: its name, unit and
// plausible range.
type field struct {
	name, unit string
	lo, hi     float64
	// set stores v in in, for sport ("" for every sport).
	set func(in *analysis.ProfileInput, sport string, v float64)
}

var (
	fieldHRMax = field{"maximum heart rate", "bpm", 100, 240, func(in *analysis.ProfileInput, sport string, v float64) {
		sportInput(in, sport, func(h *analysis.HRInput) { h.HRMax = v }, func() { in.HRMax = v })
	}}
	fieldHRRest = field{"resting heart rate", "bpm", 25, 120, func(in *analysis.ProfileInput, sport string, v float64) {
		sportInput(in, sport, func(h *analysis.HRInput) { h.HRRest = v }, func() { in.HRRest = v })
	}}
	fieldLTHR = field{"lactate-threshold heart rate", "bpm", 80, 230, func(in *analysis.ProfileInput, sport string, v float64) {
		sportInput(in, sport, func(h *analysis.HRInput) { h.LTHR = v }, func() { in.LTHR = v })
	}}
	fieldMass = field{"body mass", "kg", 25, 250, func(in *analysis.ProfileInput, _ string, v float64) { in.Mass = v }}
	fieldAge  = field{"age", "years", 5, 100, func(in *analysis.ProfileInput, _ string, v float64) { in.Age = v }}
	// fieldHeight: 1.0–2.5 m, the range of analysis' device heights (a
	// height in centimetres is refused, not read as metres).
	fieldHeight = field{"height", "m", 1.0, 2.5, func(in *analysis.ProfileInput, _ string, v float64) { in.Height = v }}
	// fieldSweatSodium: 200–2500 mg/L covers the range measured (about
	// 230–1610 mg/L, 10–70 mmol/L) with room for error.
	fieldSweatSodium = field{"sweat sodium", "mg/L", 200, 2500, func(in *analysis.ProfileInput, _ string, v float64) { in.SweatSodium = v }}
)

// check reports whether v is a plausible value of the field.
func (f field) check(v float64) error {
	if math.IsNaN(v) || v < f.lo || v > f.hi {
		return fmt.Errorf("%s: want a %s between %g and %g %s", strconv.FormatFloat(v, 'f', -1, 64), f.name, f.lo, f.hi, f.unit)
	}
	return nil
}

// sportInput applies setSport to the sport's HRInput, creating it, or
// calls setAll when sport is "".
func sportInput(in *analysis.ProfileInput, sport string, setSport func(*analysis.HRInput), setAll func()) {
	if sport == "" {
		setAll()
		return
	}
	if in.Sports == nil {
		in.Sports = map[string]analysis.HRInput{}
	}
	h, ok := in.Sports[sport]
	if !ok {
		nan := math.NaN()
		h = analysis.HRInput{HRMax: nan, HRRest: nan, LTHR: nan}
	}
	setSport(&h)
	in.Sports[sport] = h
}

// errNoPath is returned when a command that needs a PATH got none.
var errNoPath = errors.New("no PATH given")
