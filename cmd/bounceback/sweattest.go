package main

// This file implements "bounceback sweat-test", which logs a weigh-in, and
// the weigh-in log that every batch command reads for the sweat
// calibration. The log is a tab-separated file with a version line and a
// header, in the user's data folder ($XDG_DATA_HOME/bounceback, else
// ~/.local/share/bounceback), one weigh-in per line.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/safeio"
)

var sweatTestCommand = &command{
	name:    "sweat-test",
	summary: "log a weigh-in before and after a session: your own sweat rate",
	usage:   sweatTestUsage,
	run:     runSweatTest,
}

const sweatTestUsage = `Usage: bounceback sweat-test --pre KG --post KG [--drank L] [--urine L]
                            (--session FILE | --duration D [--temp C])
                            [--athlete NAME]

Log a weigh-in: your body mass before and after a session, and what you
drank and passed in between. The sweat lost is pre − post + drank − urine
(1 kg = 1 L, the ACSM weighing method). Weigh yourself in the same light
clothes, dry, before and after.

Each weigh-in is appended to the log in your data folder
($XDG_DATA_HOME/bounceback/weigh-ins.tsv, else
~/.local/share/bounceback/weigh-ins.tsv). analyze and session use the
weigh-in as the sweat loss of the session it names, and every weigh-in
with a model rate calibrates the sweat model: the factor is
measured over model, recent weigh-ins counting more ("bounceback profile"
shows it). Three to five weigh-ins make the estimates personal.

With --athlete NAME, the weigh-in is an athlete's of a squad folder
(bounceback help squad): it goes to their own log
(bounceback/athletes/NAME/weigh-ins.tsv in the same data folder), which
calibrates their plans only, in squad and with --athlete NAME.

With --session, the FIT file gives the session's start, duration and the
model's sweat rate for it; with --duration (and --temp), the weigh-in is
logged without a model rate and does not calibrate the model.

A weigh-in that cannot be right is refused with the reason and not
logged (exit status 2): a missing or ill-formed value, a mass outside
25–250 kg, a gain without drinks, a negative sweat loss, or a sweat rate
above 5 L/h.

Flags:
      --pre KG          body mass before the session, kg
      --post KG         body mass after the session, kg
      --drank L         fluid drunk during the session, litres (default 0)
      --urine L         urine passed during the session, litres (default 0)
      --session FILE    the session's FIT file
      --duration D      the session's duration, such as 1h30m or 45m
      --temp C          the air temperature, °C
      --athlete NAME    the athlete of a squad folder the weigh-in is for
` + sweatModelFlagUsage + `  -h, --help            show this help

Examples:
  bounceback sweat-test --pre 70.4 --post 69.1 --drank 0.5 --session run.fit
  bounceback sweat-test --pre 70.4 --post 69.6 --duration 1h --temp 24
  bounceback sweat-test --athlete ana --pre 58.2 --post 57.4 --session ride.fit
`

// sweatFlags are the flags of sweat-test.
type sweatFlags struct {
	pre, post, drank, urine, temp float64
	session, duration, athlete    string
	model                         string
}

func newSweatTestFlags() (*pflag.FlagSet, *sweatFlags) {
	fs := newFlagSet("sweat-test")
	f := &sweatFlags{}
	fs.Float64Var(&f.pre, "pre", math.NaN(), "")
	fs.Float64Var(&f.post, "post", math.NaN(), "")
	fs.Float64Var(&f.drank, "drank", 0, "")
	fs.Float64Var(&f.urine, "urine", 0, "")
	fs.Float64Var(&f.temp, "temp", math.NaN(), "")
	fs.StringVar(&f.session, "session", "", "")
	fs.StringVar(&f.duration, "duration", "", "")
	fs.StringVar(&f.athlete, "athlete", "", "")
	fs.StringVar(&f.model, "sweat-model", "", "")
	return fs, f
}

func runSweatTest(ctx context.Context, e *env, args []string) int {
	const helpCmd = "bounceback sweat-test --help"
	fs, f := newSweatTestFlags()
	switch err := fs.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(e.stdout, sweatTestUsage)
		return exitOK
	case err != nil:
		return e.usageErr(helpCmd, err)
	case checkFinite(fs) != nil:
		return e.usageErr(helpCmd, checkFinite(fs))
	}
	if fs.NArg() > 0 {
		return e.usageErr(helpCmd, fmt.Errorf("sweat-test takes no PATH, not %q (use --session FILE)", fs.Arg(0)))
	}
	for _, name := range []string{"pre", "post"} {
		if !fs.Changed(name) {
			return e.usageErr(helpCmd, fmt.Errorf("sweat-test: --%s KG is missing", name))
		}
	}
	if fs.Changed("athlete") {
		if err := checkAthleteName(f.athlete); err != nil {
			return e.usageErr(helpCmd, fmt.Errorf("sweat-test: %v", err))
		}
	}
	if _, err := analysis.DefaultSweat.WithModel(f.model); err != nil {
		return e.usageErr(helpCmd, fmt.Errorf("sweat-test: --sweat-model %s: want %s", f.model, strings.Join(analysis.SweatModels, " or ")))
	}
	w := analysis.WeighIn{Logged: today().UTC().Truncate(time.Second), PreKg: f.pre, PostKg: f.post,
		DrankL: f.drank, UrineL: f.urine, TempC: f.temp, ModelLH: math.NaN()}
	switch {
	case f.session != "" && (fs.Changed("duration") || fs.Changed("temp")):
		return e.usageErr(helpCmd, errors.New("sweat-test: give --session FILE or --duration and --temp, not both"))
	case f.session != "":
		if err := sessionWeighIn(&w, f.session, f.model); err != nil {
			e.errorf("sweat-test: %v", err)
			return exitUsage
		}
	case f.duration != "":
		d, err := time.ParseDuration(f.duration)
		if err != nil || d <= 0 {
			return e.usageErr(helpCmd, fmt.Errorf("sweat-test: --duration %q: want a duration such as 1h30m or 45m", f.duration))
		}
		w.Duration = d.Seconds()
	default:
		return e.usageErr(helpCmd, errors.New("sweat-test: give --session FILE, or --duration D (and --temp C)"))
	}
	if err := analysis.DefaultSweat.Check(w); err != nil {
		e.errorf("sweat-test: refused, nothing logged: %v", err)
		return exitUsage
	}
	path, err := weighInPath(f.athlete)
	if err != nil {
		e.errorf("sweat-test: %v", err)
		return exitFailed
	}
	if err := appendWeighIn(path, w); err != nil {
		e.errorf("sweat-test: %v", err)
		return exitFailed
	}
	fmt.Fprintf(e.stdout, "logged to %s\n", path)
	fmt.Fprintf(e.stdout, "  sweat loss  %.2f L in %s h = %.2f L/h (%s kg − %s kg + %s L drunk − %s L urine)\n",
		w.SweatL(), logHM(w.Duration), w.RateLH(), logNum(w.PreKg), logNum(w.PostKg), logNum(w.DrankL), logNum(w.UrineL))
	fmt.Fprintf(e.stdout, "  mass change %+.1f %% of body mass\n", 100*(w.PostKg-w.PreKg)/w.PreKg)
	if w.ModelLH > 0 {
		fmt.Fprintf(e.stdout, "  the model   %.2f L/h for this session: you sweated ×%.2f of it\n", w.ModelLH, w.RateLH()/w.ModelLH)
	}
	all, errs := readWeighIns(path)
	for _, err := range errs {
		e.errorf("sweat-test: %v", err)
	}
	c := analysis.DefaultSweat.Calibrate(all, func(w analysis.WeighIn) float64 { return w.ModelLH }, time.Time{})
	fmt.Fprintf(e.stdout, "  calibration %s\n", c.Note)
	return exitOK
}

// sessionWeighIn fills w's session start, duration and model rate from the
// FIT file at path: the first session's start, the sum of the sessions'
// durations and their time-weighted model rate (none when a session has
// no model rate, such as a swim).
func sessionWeighIn(w *analysis.WeighIn, path, model string) error {
	f := fitparse.DecodeFile(path)
	if f.Status == fitparse.Failed || f.Status == fitparse.Skipped {
		if f.Err != nil {
			return f.Err
		}
		return fmt.Errorf("%s: not an activity file", path)
	}
	b := analysis.Build([]analysis.FileSummary{analysis.Summarize(f)}, analysis.Options{SweatModel: model})
	var secs, modelSecs, sum float64
	var start time.Time
	for _, s := range b.Files[0].Sessions {
		if s.Class.Reading {
			continue
		}
		if start.IsZero() {
			start = s.Start
		}
		t := s.Timer
		if !(t > 0) {
			t = s.Elapsed
		}
		if !(t > 0) {
			continue
		}
		secs += t
		if s.Fluid != nil && s.Fluid.ModelLH > 0 {
			modelSecs += t
			sum += s.Fluid.ModelLH * t
		}
	}
	if !(secs > 0) || start.IsZero() {
		return fmt.Errorf("%s: no session with a start and a duration", path)
	}
	w.Session, w.Duration = start.UTC(), secs
	if modelSecs == secs {
		w.ModelLH = math.Round(sum/secs*1e4) / 1e4
		d, _ := analysis.DefaultSweat.WithModel(model)
		w.Model = d.Model
	}
	return nil
}

// logHM formats seconds as h:mm.
func logHM(sec float64) string {
	m := int(math.Round(sec / 60))
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// logNum formats v as the shortest decimal; "" for NaN.
func logNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// The weigh-in log: its name in the data folder, its version line and its
// header.
const (
	weighInName    = "bounceback/weigh-ins.tsv"
	weighInVersion = "# bounceback weigh-ins v1"
	weighInHeader  = weighInHeader1 + "\tmodel"
	// weighInHeader1 is the header before the model column: its lines
	// were rated by the heat-balance model, the only one then.
	weighInHeader1 = "logged\tsession\tpre_kg\tpost_kg\tdrank_l\turine_l\tduration_s\ttemp_c\tmodel_l_per_h"
)

// weighInPath returns where the weigh-in log lives:
// $XDG_DATA_HOME/bounceback/weigh-ins.tsv when XDG_DATA_HOME is an
// absolute path, else ~/.local/share/bounceback/weigh-ins.tsv.
//
// A squad athlete (athlete not "") has a log of their own, in
// bounceback/athletes/NAME/weigh-ins.tsv of the same folder: the data
// folder, never the squad folder, which holds the coach's input files.
func weighInPath(athlete string) (string, error) {
	name := weighInName
	if athlete != "" {
		if err := checkAthleteName(athlete); err != nil {
			return "", err
		}
		name = filepath.Join(weighInAthletes, athlete, filepath.Base(weighInName))
	}
	p, err := dataPath(name)
	if err != nil {
		return "", fmt.Errorf("the weigh-in log: %v", err)
	}
	return p, nil
}

// weighInAthletes is the folder of the squad athletes' weigh-in logs in
// the data folder.
const weighInAthletes = "bounceback/athletes"

// checkAthleteName returns an error when name cannot be an athlete of a
// squad folder: a folder's (or a zip's) name, so one path element.
func checkAthleteName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Errorf("--athlete %q: not an athlete's name", name)
	case strings.ContainsAny(name, "/\\\x00") || name != filepath.Base(name):
		return fmt.Errorf("--athlete %q: an athlete's name is the name of their folder, without a path", name)
	}
	return nil
}

// appendWeighIn appends w to the log at path, creating the log (with its
// version line and header) and its folder when needed. The log holds health
// data: it is created readable by its owner only (0600, in a folder of
// 0700). A file at path that is not a weigh-in log of this version (or not
// a regular file) is left alone, with an error.
func appendWeighIn(path string, w analysis.WeighIn) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	if _, errs := readWeighIns(path); len(errs) > 0 {
		var le *logError
		if errors.As(errs[0], &le) && le.Line == 1 || !errors.As(errs[0], &le) {
			return fmt.Errorf("not appended: %v", errs[0])
		}
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	st, err := fh.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%s: not a regular file", path)
	}
	if err == nil && st.Size() == 0 {
		_, err = fmt.Fprintf(fh, "%s\n%s\n", weighInVersion, weighInHeader)
	}
	if err == nil {
		_, err = fmt.Fprintln(fh, formatWeighIn(w))
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

// formatWeighIn returns w as one line of the log, without the newline.
func formatWeighIn(w analysis.WeighIn) string {
	t := func(x time.Time) string {
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	}
	return strings.Join([]string{t(w.Logged), t(w.Session), logNum(w.PreKg), logNum(w.PostKg), logNum(w.DrankL),
		logNum(w.UrineL), logNum(w.Duration), logNum(w.TempC), logNum(w.ModelLH), w.Model}, "\t")
}

// logError is a bad line of the weigh-in log.
type logError struct {
	Path string
	Line int
	Msg  string
}

func (e *logError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg) }

// readWeighIns reads the log at path. A missing log is no error. A bad
// line is skipped, and returned as a *logError among the problems; a log
// of another version is not read at all.
//
// The log must be a regular file of at most maxLogSize bytes.
func readWeighIns(path string) ([]analysis.WeighIn, []error) {
	data, err := safeio.ReadFile(path, maxLogSize)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{err}
	}
	return parseWeighIns(bytes.NewReader(data), path)
}

// maxLogSize caps the weigh-in log (a weigh-in is about 100 bytes: a
// million of them), and maxLogLine one of its lines: a longer line is
// reported and skipped, and the lines after it are read.
const (
	maxLogSize = 64 << 20
	maxLogLine = 4 << 10
)

// parseWeighIns parses a weigh-in log read from r; path names it in
// errors. A UTF-8 byte order mark before the version line is skipped.
func parseWeighIns(r io.Reader, path string) ([]analysis.WeighIn, []error) {
	var out []analysis.WeighIn
	var errs []error
	br := bufio.NewReader(r)
	n := 0
	for {
		raw, err := br.ReadSlice('\n')
		long := false
		for errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: skip the rest of it.
			long = true
			_, err = br.ReadSlice('\n')
		}
		if len(raw) == 0 && err != nil {
			if err != io.EOF {
				errs = append(errs, fmt.Errorf("%s: %v", path, err))
			}
			break
		}
		n++
		line := strings.TrimRight(string(raw), "\r\n")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if long || len(line) > maxLogLine {
			errs = append(errs, &logError{path, n, fmt.Sprintf("a line longer than %d bytes; line skipped", maxLogLine)})
			if err != nil {
				break
			}
			continue
		}
		switch {
		case n == 1:
			if line != weighInVersion {
				return nil, []error{&logError{path, n, fmt.Sprintf("not a weigh-in log of this version (want %q first); not read", weighInVersion)}}
			}
			continue
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") || line == weighInHeader || line == weighInHeader1:
			continue
		}
		w, perr := parseWeighIn(line)
		if perr == nil {
			perr = analysis.DefaultSweat.Check(w)
		}
		if perr != nil {
			errs = append(errs, &logError{path, n, perr.Error() + "; line skipped"})
		} else {
			out = append(out, w)
		}
		if err != nil {
			break
		}
	}
	return out, errs
}

// parseWeighIn parses one line of the log.
func parseWeighIn(line string) (analysis.WeighIn, error) {
	w := analysis.WeighIn{}
	cells := strings.Split(line, "\t")
	names := strings.Split(weighInHeader, "\t")
	switch len(cells) {
	case len(names):
		switch w.Model = cells[len(names)-1]; w.Model {
		case "", analysis.SweatGonzalez, analysis.SweatHeatBalance:
		default:
			return w, fmt.Errorf("model %q: want %s", w.Model, strings.Join(analysis.SweatModels, " or "))
		}
	case len(names) - 1:
		// A line logged before the model column: the heat-balance
		// model's rate.
	default:
		return w, fmt.Errorf("%d fields, want %d", len(cells), len(names))
	}

	var err error
	tm := func(i int) time.Time {
		if cells[i] == "" || err != nil {
			return time.Time{}
		}
		t, e := time.Parse(time.RFC3339, cells[i])
		if e != nil {
			err = fmt.Errorf("%s %q: want an RFC 3339 time", names[i], cells[i])
		}
		return t
	}
	fl := func(i int, required bool) float64 {
		if err != nil {
			return math.NaN()
		}
		if cells[i] == "" {
			if required {
				err = fmt.Errorf("%s is missing", names[i])
			}
			return math.NaN()
		}
		v, e := strconv.ParseFloat(cells[i], 64)
		if e != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			err = fmt.Errorf("%s %q: want a number", names[i], cells[i])
		}
		return v
	}
	w.Logged, w.Session = tm(0), tm(1)
	w.PreKg, w.PostKg = fl(2, true), fl(3, true)
	w.DrankL, w.UrineL = fl(4, false), fl(5, false)
	w.Duration, w.TempC, w.ModelLH = fl(6, true), fl(7, false), fl(8, false)
	if err == nil && w.Logged.IsZero() {
		err = errors.New("logged is missing")
	}
	return w, err
}

// weighIns returns the weigh-ins logged in the user's data folder; a log
// that cannot be read is reported on standard error and ignored, and a bad
// line of it is reported and skipped.
//
// For a squad athlete (athlete not ""), it reads the athlete's own log
// instead, and names the athlete in the problems.
func (e *env) weighIns(athlete string) []analysis.WeighIn {
	path, err := weighInPath(athlete)
	if err != nil {
		return nil
	}
	ws, errs := readWeighIns(path)
	for _, err := range errs {
		if athlete != "" {
			e.errorf("%s: weigh-in log: %v", athlete, err)
		} else {
			e.errorf("weigh-in log: %v", err)
		}
	}
	return ws
}
