package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

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
      --format FORMAT   table, csv, json or markdown (default table); the
                        JSON fields are described in the README
      --athlete NAME    one athlete of a squad folder (see bounceback help
                        squad): PATH is the squad folder, and only NAME's
                        folder or NAME.zip is read
` + countFlagsUsage + filterFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback sessions ~/Downloads/garmin-export
  bounceback sessions --since 2024-03-01 --sport running activities/
  bounceback sessions --format json export.zip | jq '.files[].sessions[]'
`

// progressMin is the number of inputs above which a progress bar is shown.
const progressMin = 20

// sessionsSpec is the sessions command; its usage text is
// sessionsUsage.
func sessionsSpec() batch {
	fs := newFlagSet("sessions")
	f := &flags{}
	f.addOutput(fs, true)
	f.addScan(fs)
	f.addFilter(fs)
	fs.StringVar(&f.athlete, "athlete", "", "")
	return batch{spec: spec{name: "sessions", usage: sessionsUsage, fs: fs, flags: f, formats: batchFormats},
		summarize: analysis.Count, render: report.Sessions}
}

func runSessions(ctx context.Context, e *env, args []string) int {
	return e.runBatch(ctx, sessionsSpec(), args)
}

// scanFiles decodes and summarizes the files under paths (fitparse.Scan);
// the tests replace it with a memo of the fixtures they read again and
// again.
var scanFiles = fitparse.ScanCached[analysis.FileSummary]

// scan decodes the files under paths with the scan flags and reduces each
// with summarize (analysis.Summarize, or analysis.Count when only counts are
// needed),
// showing progress when standard error is a terminal, and reports each
// problem on standard error. It returns the files and exitOK, or
// exitFailed when a file failed or was damaged. When the scan itself
// stopped (interrupted, or an error before any file) it returns nil files
// and exitInterrupted or exitFailed.
func (e *env) scan(ctx context.Context, paths []string, flags *flags, summarize func(*fitparse.File) analysis.FileSummary) ([]analysis.FileSummary, int) {
	scanOpts := fitparse.ScanOptions{Workers: flags.jobs}
	var bar *progressBar
	if !flags.quiet && isTerminal(e.stderr) {
		bar = &progressBar{w: e.stderr, min: progressMin, width: termWidth(e.stderr)}
		scanOpts.Progress = bar.update
	}
	var cache fitparse.Cache[analysis.FileSummary]
	if cachesSummaries(summarize) {
		if code := e.openStore(flags, paths); code != exitOK {
			return nil, code
		}
		if e.store != nil {
			cache = e.store
		}
	}
	files, err := scanFiles(ctx, paths, scanOpts, summarize, cache)
	bar.clear()
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			e.errorf("interrupted")
			return nil, exitInterrupted
		}
		e.errorf("%v", err)
		return nil, exitFailed
	}
	code := reportProblems(e, files, flags.verbose)
	if files == nil {
		files = []analysis.FileSummary{}
	}
	return files, code
}

// hasData reports whether files hold an activity or wellness data (a file
// read in full or in part); when not, it says so on standard error: there
// is nothing to report, and the command exits 1 without a report.
func (e *env) hasData(files []analysis.FileSummary, paths []string) bool {
	for i := range files {
		if s := files[i].Status; s == fitparse.OK || s == fitparse.Partial {
			return true
		}
	}
	what := "no FIT files found"
	if len(files) > 0 {
		what = "no FIT file with activity or wellness data found"
	}
	e.errorf("%s in %s: nothing to report", what, strings.Join(paths, " "))
	return false
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
			kind := f.Type
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
			if f.Status == fitparse.Failed && f.Err != nil && msg == where(f.Path, f.Err) {
				continue // said above
			}
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
