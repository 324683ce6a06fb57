package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/report"
)

var sessionsCommand = &command{
	name:    "sessions",
	summary: "list every session found in FIT files, folders and archives",
	usage:   sessionsUsage,
	run:     runSessions,
}

const sessionsUsage = `Usage: bounceback sessions [flags] PATH...

List every session in the FIT files found under each PATH: one row per
session with its start, sport, timer time, distance, average and maximum
heart rate, where the heart rate came from (record, strap or none), RR
beats, device and file, then the totals.

PATH may be a FIT file, a folder (searched recursively), a .zip archive or a
.fit.gz file. Files that failed or are damaged are reported on standard
error, one line per problem, and make the exit status 1; files that hold no
activity (workouts, courses, settings) and duplicates are skipped and
counted. Start times are on the device's clock when the file says its UTC
offset, else in UTC; the header says which.

Flags:
      --format FORMAT   table, csv or json (default table); the JSON fields
                        are described in the README
  -j, --jobs N          decode N files at a time (default: all cores)
      --since DATE      only sessions that start on or after DATE (YYYY-MM-DD)
      --until DATE      only sessions that start on or before DATE
      --sport NAME      only sessions of this sport or sub-sport: running,
                        cycling, trail, indoor_cycling, run, ride, swim...
      --width N         fit the table in N columns, 0 for no limit
                        (default: the terminal's width, or no limit when
                        standard output is not a terminal)
  -q, --quiet           show no progress bar
  -v, --verbose         list skipped files one by one
  -h, --help            show this help

Examples:
  bounceback sessions ~/Downloads/garmin-export
  bounceback sessions --since 2024-03-01 --sport running activities/
  bounceback sessions --format json export.zip | jq '.files[].sessions[]'
`

// progressMin is the number of inputs above which a progress bar is shown.
const progressMin = 20

// sessionsFlags holds the flags of the sessions command.
type sessionsFlags struct {
	format, since, until, sport string
	jobs, width                 int
	quiet, verbose              bool
}

// newSessionsFlags defines the flags of the sessions command; the usage text
// is sessionsUsage.
func newSessionsFlags() (*pflag.FlagSet, *sessionsFlags) {
	fs := pflag.NewFlagSet("sessions", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	f := &sessionsFlags{}
	fs.StringVar(&f.format, "format", "table", "")
	fs.IntVarP(&f.jobs, "jobs", "j", 0, "")
	fs.StringVar(&f.since, "since", "", "")
	fs.StringVar(&f.until, "until", "", "")
	fs.StringVar(&f.sport, "sport", "", "")
	fs.IntVar(&f.width, "width", 0, "")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "")
	fs.BoolVarP(&f.verbose, "verbose", "v", false, "")
	return fs, f
}

func runSessions(ctx context.Context, e *env, args []string) int {
	const helpCmd = "bounceback sessions --help"
	fs, flags := newSessionsFlags()
	switch err := fs.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(e.stdout, sessionsUsage)
		return exitOK
	case err != nil:
		return e.usageErr(helpCmd, err)
	}

	opts := report.Options{Width: flags.width, Color: useColor(e.stdout)}
	var err error
	if opts.Format, err = report.ParseFormat(flags.format); err != nil {
		return e.usageErr(helpCmd, fmt.Errorf("--format: %v", err))
	}
	if !fs.Changed("width") {
		opts.Width = termWidth(e.stdout)
	} else if flags.width < 0 {
		return e.usageErr(helpCmd, fmt.Errorf("--width must be 0 or more, not %d", flags.width))
	}
	if flags.jobs < 0 {
		return e.usageErr(helpCmd, fmt.Errorf("--jobs must be 1 or more, not %d", flags.jobs))
	}
	filter := analysis.Filter{Sport: flags.sport}
	if filter.Since, err = parseDate("since", flags.since); err != nil {
		return e.usageErr(helpCmd, err)
	}
	if filter.Until, err = parseDate("until", flags.until); err != nil {
		return e.usageErr(helpCmd, err)
	}
	if !filter.Since.IsZero() && !filter.Until.IsZero() && filter.Until.Before(filter.Since) {
		return e.usageErr(helpCmd, fmt.Errorf("--until %s is before --since %s", flags.until, flags.since))
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return e.usageErr(helpCmd, errors.New("sessions: no PATH given"))
	}

	scanOpts := fitparse.ScanOptions{Workers: flags.jobs}
	var bar *progressBar
	if !flags.quiet && isTerminal(e.stderr) {
		bar = &progressBar{w: e.stderr, min: progressMin}
		scanOpts.Progress = bar.update
	}
	files, err := fitparse.Scan(ctx, paths, scanOpts, analysis.Summarize)
	bar.clear()
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			e.errorf("interrupted")
			return exitInterrupted
		}
		e.errorf("%v", err)
		return exitFailed
	}

	code := reportProblems(e, files, flags.verbose)
	if len(files) == 0 {
		e.errorf("no FIT files found in %s", strings.Join(paths, " "))
	}
	opts.Name = relativeTo(paths)
	if err := report.Sessions(e.stdout, analysis.Build(files, analysis.Options{Filter: filter}), opts); err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	return code
}

// parseDate parses a --since or --until value; "" gives the zero time.
func parseDate(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q: want a date as YYYY-MM-DD", flag, s)
	}
	return t, nil
}

// reportProblems writes one line on standard error per failed file, per
// warning and (with verbose) per skipped file, then one line counting the
// skipped files. It returns exitFailed when a file failed or was damaged.
func reportProblems(e *env, files []analysis.FileSummary, verbose bool) int {
	code := exitOK
	skipped := map[string]int{}
	for i := range files {
		f := &files[i]
		switch f.Status {
		case fitparse.Failed:
			code = exitFailed
			if f.Err == nil {
				e.errorf("%s: failed", f.Path)
			} else {
				e.errorf("%s", where(f.Path, f.Err))
			}
		case fitparse.Partial:
			code = exitFailed
			if len(f.Warnings) == 0 {
				e.errorf("%s: damaged (data before the damage kept)", f.Path)
			}
		case fitparse.Skipped:
			if verbose {
				reason := "nothing to analyse"
				if f.Err != nil {
					reason = where(f.Path, f.Err)
					reason = strings.TrimPrefix(reason, f.Path+": ")
				}
				e.errorf("%s: skipped: %s", f.Path, reason)
			}
			kind := f.FileType
			switch {
			case f.IsDuplicate():
				kind = "duplicate"
			case kind == "":
				kind = "unknown type"
			}
			skipped[kind]++
		}
		for _, w := range f.Warnings {
			msg := where(f.Path, w)
			if f.Status == fitparse.Partial {
				msg += " (data before it kept)"
			}
			e.errorf("%s", msg)
		}
	}
	if len(skipped) > 0 && !verbose {
		kinds := make([]string, 0, len(skipped))
		n := 0
		for k, c := range skipped {
			kinds = append(kinds, k)
			n += c
		}
		slices.SortFunc(kinds, func(a, b string) int {
			if c := cmp.Compare(skipped[b], skipped[a]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		for i, k := range kinds {
			kinds[i] = fmt.Sprintf("%d %s", skipped[k], k)
		}
		noun := "files"
		if n == 1 {
			noun = "file"
		}
		e.errorf("skipped %d %s: %s (-v lists them)", n, noun, strings.Join(kinds, ", "))
	}
	return code
}

// where returns err's message naming path, unless it already does (a
// *fs.PathError, or a message that starts with the path).
func where(path string, err error) string {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) || strings.HasPrefix(msg, path+":") || strings.HasPrefix(msg, path+" ") {
		return msg
	}
	return path + ": " + msg
}

// relativeTo returns a function naming a file by its path relative to the
// argument it was found under (the longest matching one), or by its base
// name when it was an argument itself or matches none.
func relativeTo(args []string) func(string) string {
	clean := make([]string, len(args))
	for i, a := range args {
		clean[i] = filepath.Clean(a)
	}
	return func(path string) string {
		best := ""
		for _, a := range clean {
			rel, err := filepath.Rel(a, path)
			if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				continue
			}
			if len(rel) < len(best) || best == "" {
				best = rel
			}
		}
		if best == "" {
			return filepath.Base(path)
		}
		return filepath.ToSlash(best)
	}
}
