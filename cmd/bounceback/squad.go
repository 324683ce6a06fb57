package main

// This file is "bounceback squad": a folder of athletes, each analysed
// apart (docs/squad.md). Every athlete's files are decoded in one scan, so
// that they share the bounded workers and the store and a file found in
// two athletes' folders is caught as a copy; the results are then split by
// athlete and each athlete gets a block of their own, built with their own
// profile.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/safeio"
	"github.com/bounceback/bounceback/report"
)

var squadCommand = &command{
	name:    "squad",
	summary: "one row per athlete of a squad folder: readiness, load, HRV, flags; init writes a template",
	usage:   squadUsage,
	run:     runSquad,
}

const squadUsage = `Usage: bounceback squad [flags] DIR
       bounceback squad init DIR

Sum up a whole squad for the as-of day (--as-of, default today), one row
per athlete: readiness (0–100) with its band and confidence, the two
contributors holding it back, the advice for the next session, the load of
the last 7 days and its change against the 7 days before, ACWR, TSB, the
7-day HRV mean against its normal range, resting HR, the last session
(date, sport, class), the days since it, and flags:

  returning       a workout in the last {ReturnWindowDays} days came after {ReturnGapDays} days or
                  more without one, or no workout for {BreakDays} days
  stale           the last workout more than {StaleDays} days before the as-of day
  HRV low 2 days  the 7-day HRV mean below its normal range on the as-of
                  day and the day before (Kiviniemi 2007, Vesterinen 2016)
  load spike      ACWR above {SpikeACWR} (Gabbett 2016)
  no data         no workout and no daily value up to the as-of day

DIR holds one folder per athlete, or one NAME.zip export, named after the
athlete; a folder may hold the athlete's profile.toml (the format of
"bounceback profile init"). Athletes never mix: each is analysed with their
own profile, device values, baselines, load model and weigh-ins
("bounceback sweat-test --athlete NAME" logs one). The user's own profile
file and weigh-in log are not used. A file found in two athletes'
folders is reported and counted for the first athlete only.

"squad init DIR" writes DIR/athlete-name/profile.toml from the profile
template (never over an existing file) and says what to do next.
"bounceback COMMAND --athlete NAME DIR" runs analyze, readiness, load,
hrv, report, profile or sessions on one athlete of the squad, with their
profile and weigh-ins.

Flags:
      --format FORMAT   table, csv, json or markdown (default table)
      --sort COLUMN     order the rows by name (default), readiness (lowest
                        first), load, acwr (highest first), tsb (lowest
                        first), hrv (lowest against its own range first) or
                        last (longest since the last session first)
      --as-of DATE      compute everything from the data up to DATE only,
                        as it was known that day (default: today)
` + scanFlagsUsage + outputFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback squad init ~/squad
  bounceback squad ~/squad
  bounceback squad --sort readiness --as-of 2024-03-05 ~/squad
  bounceback squad --format csv ~/squad > squad.csv
`

// squadProfile is the name of an athlete's profile file in their folder.
const squadProfile = "profile.toml"

// squadTemplateName is the athlete folder squad init writes.
const squadTemplateName = "athlete-name"

// athlete is one athlete of a squad folder.
type athlete struct {
	// name is the folder's name (a zip's without ".zip"); path the folder
	// or the zip.
	name, path string
	// profile is what the athlete's profile.toml says (nothing without
	// one).
	profile analysis.ProfileInput
}

// squadSpec is the squad command; its usage text is squadUsage.
func squadSpec(e *env) (spec, *string) {
	fs := newFlagSet("squad")
	f := &flags{}
	f.addOutput(fs, true)
	f.addScan(fs)
	f.addStore(fs)
	fs.StringVar(&f.asOf, "as-of", "", "")
	sortKey := fs.String("sort", "name", "")
	return spec{name: "squad", usage: squadUsage, fs: fs, flags: f, paths: true,
		formats: []report.Format{report.Text, report.CSV, report.JSON, report.Markdown},
		early: func(paths []string) (int, bool) {
			if len(paths) > 0 && paths[0] == "init" {
				return squadInit(e, fs, paths[1:]), true
			}
			return exitOK, false
		},
		check: func(paths []string) error {
			if len(paths) != 1 {
				return fmt.Errorf("squad takes one DIR, not %d", len(paths))
			}
			if err := report.SortSquad(nil, *sortKey); err != nil {
				return fmt.Errorf("--sort: %v", err)
			}
			return nil
		}}, sortKey
}

func runSquad(ctx context.Context, e *env, args []string) int {
	c, sortKey := squadSpec(e)
	if len(args) > 0 && args[0] == "init" {
		// "squad init DIR": the DIR would otherwise be taken for a second
		// PATH by the checks that follow the flags.
		return squadInit(e, c.fs, args[1:])
	}
	k, code := e.prepare(&c, args)
	if k == nil {
		return code
	}
	sq, code := e.readSquad(ctx, k.paths[0], c.flags, k.build)
	if sq == nil {
		return code
	}
	rows := sq.rows
	if err := report.SortSquad(rows, *sortKey); err != nil {
		e.errorf("--sort: %v", err) // checked before the scan
		return exitUsage
	}
	if err := report.Squad(e.stdout, rows, k.report); err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	e.errorf("%d athletes, %d files", len(sq.athletes), sq.files)
	return code
}

// squadRun is a squad folder read: its athletes, each one's block and
// row for the as-of day, in the athletes' order, and the number of files
// read.
type squadRun struct {
	athletes []athlete
	blocks   []*analysis.Block
	rows     []analysis.SquadSummary
	files    int
}

// readSquad reads the squad folder dir with the flags f and the build
// options opts: its athletes and their profiles, every athlete's files in
// one scan, then one block and one row per athlete. On failure it returns
// nil and the exit status, the error said; else the status of the scan
// (1 when a file failed).
func (e *env) readSquad(ctx context.Context, dir string, f *flags, opts analysis.Options) (*squadRun, int) {
	athletes, err := squadAthletes(dir)
	if err != nil {
		e.errorf("%v", err)
		return nil, exitFailed
	}
	if err := loadSquadProfiles(athletes); err != nil {
		e.errorf("%v", err)
		return nil, exitUsage
	}
	paths := make([]string, len(athletes))
	for i, a := range athletes {
		paths[i] = a.path
	}
	files, code := e.scan(ctx, paths, f, analysis.Summarize)
	if files == nil {
		return nil, code
	}
	if !e.hasData(files, []string{dir}) {
		return nil, exitFailed
	}
	byAthlete := splitByAthlete(files, athletes)
	e.reportCrossCopies(files, athletes, relativeTo([]string{dir}))
	sq := &squadRun{athletes: athletes, blocks: e.squadBlocks(byAthlete, athletes, opts),
		rows: make([]analysis.SquadSummary, len(athletes)), files: len(files)}
	for i, a := range athletes {
		sq.rows[i] = analysis.SquadRow(a.name, sq.blocks[i], opts.AsOf)
		e.saveHistoryOf(a.name, sq.blocks[i], f)()
	}
	return sq, code
}

// squadAthletes lists the athletes of the squad folder dir: its
// sub-folders and .zip files, hidden ones left out, by name. Two entries
// with the same name (a folder and a zip) are an error, and so is a folder
// without athletes.
func squadAthletes(dir string) ([]athlete, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []athlete
	for _, en := range entries {
		n := en.Name()
		if strings.HasPrefix(n, ".") {
			continue
		}
		path := filepath.Join(dir, n)
		info, err := os.Stat(path) // follows a link to a folder
		if err != nil {
			continue
		}
		switch {
		case info.IsDir():
		case info.Mode().IsRegular() && strings.EqualFold(filepath.Ext(n), ".zip"):
			n = n[:len(n)-len(".zip")]
		default:
			continue
		}
		if i := slices.IndexFunc(out, func(a athlete) bool { return a.name == n }); i >= 0 {
			return nil, fmt.Errorf("%s: athlete %q twice: %s and %s", dir, n, out[i].path, path)
		}
		out = append(out, athlete{name: n, path: path, profile: noInput()})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no athlete folder (one folder or NAME.zip per athlete; squad init writes a template)", dir)
	}
	slices.SortFunc(out, func(a, b athlete) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// loadSquadProfiles resolves each athlete's profile (squadProfileOf); a
// bad one is an error naming the file and the line.
func loadSquadProfiles(athletes []athlete) error {
	user, userData, err := userProfileData()
	if err != nil {
		return err
	}
	for i := range athletes {
		a := &athletes[i]
		folder := ""
		if info, err := os.Stat(a.path); err == nil && info.IsDir() {
			folder = filepath.Join(a.path, squadProfile)
		}
		in, _, err := squadProfileOf(a.name, folder, user, userData)
		if err != nil {
			return err
		}
		a.profile = in
	}
	return nil
}

// squadProfileOf returns the profile of the athlete named name: the
// profile.toml at folder ("" for none: a zip athlete) when there is one,
// else the [athletes.NAME] table of the user's profile file user (whose
// contents are userData, nil for none), else nothing; path is the file
// read, "" for none.
func squadProfileOf(name, folder, user string, userData []byte) (in analysis.ProfileInput, path string, err error) {
	if folder != "" {
		in, found, err := loadProfile(folder, false)
		if err != nil || found {
			in.Where = "profile file " + folder
			return in, folder, err
		}
	}
	if userData != nil {
		in, found, err := athleteProfile(user, userData, name)
		if err != nil || found {
			in.Where = fmt.Sprintf("[%s.%s] of %s", athletesTable, name, user)
			return in, user, err
		}
	}
	return noInput(), "", nil
}

// userProfileData returns the path and contents of the user's profile
// file; nil contents when there is none.
func userProfileData() (string, []byte, error) {
	path, err := defaultProfilePath()
	if err != nil {
		return "", nil, nil
	}
	data, err := safeio.ReadFile(path, maxProfileSize)
	if errors.Is(err, os.ErrNotExist) {
		return path, nil, nil
	}
	if err != nil {
		return path, nil, fmt.Errorf("profile: %v", err)
	}
	return path, bytes.TrimPrefix(data, utf8BOM), nil
}

// squadBlocks builds one block per athlete from their own files with
// their own profile and weigh-in log (never the user's), and reports
// the problems with each athlete's values on standard error.
func (e *env) squadBlocks(byAthlete [][]analysis.FileSummary, athletes []athlete, opts analysis.Options) []*analysis.Block {
	blocks := make([]*analysis.Block, len(athletes))
	for i, a := range athletes {
		o := opts
		o.Flags, o.File, o.WeighIns = noInput(), a.profile, e.weighIns(a.name)
		blocks[i] = analysis.Build(byAthlete[i], o)
		for _, w := range blocks[i].Warnings {
			e.errorf("%s: %v", a.name, w)
		}
	}
	return blocks
}

// athleteOf returns the index of the athlete whose folder or zip holds
// path, or -1.
func athleteOf(path string, athletes []athlete) int {
	for i, a := range athletes {
		if path == a.path || strings.HasPrefix(path, a.path+string(filepath.Separator)) || strings.HasPrefix(path, a.path+"/") {
			return i
		}
	}
	return -1
}

// splitByAthlete returns the files of each athlete, in scan order.
func splitByAthlete(files []analysis.FileSummary, athletes []athlete) [][]analysis.FileSummary {
	out := make([][]analysis.FileSummary, len(athletes))
	for _, f := range files {
		if i := athleteOf(f.Path, athletes); i >= 0 {
			out[i] = append(out[i], f)
		}
	}
	return out
}

// reportCrossCopies writes one line on standard error for each file that
// is a copy of a file in another athlete's folder: the copy the scan kept
// counts for its athlete only.
func (e *env) reportCrossCopies(files []analysis.FileSummary, athletes []athlete, name func(string) string) {
	for i := range files {
		f := &files[i]
		if !f.IsDuplicate() {
			continue
		}
		kept := keptCopy(f)
		a, b := athleteOf(f.Path, athletes), athleteOf(kept, athletes)
		if a < 0 || b < 0 || a == b {
			continue
		}
		e.errorf("%s: the same file as %s (athlete %s): counted for %s only",
			name(f.Path), name(kept), athletes[b].name, athletes[b].name)
	}
}

// keptCopy returns the path of the copy a duplicate was found a copy of;
// "" when it is not a duplicate.
func keptCopy(f *analysis.FileSummary) string {
	var de *fitparse.DuplicateError
	if errors.As(f.Err, &de) {
		return de.Of
	}
	return ""
}

// squadAthlete resolves --athlete for the command named command: it
// returns the PATHs to read (the athlete's folder or zip in place of the
// squad folder; for session, the FILE as given, which must lie in the
// athlete's folder) and sets f.athleteProfile. --profile with it is an
// error: the athlete's profile.toml is their profile.
func (f *flags) squadAthlete(command string, paths []string, profile bool) ([]string, error) {
	if profile {
		return nil, errors.New("--athlete reads the athlete's profile.toml: give no --profile")
	}
	var a *athlete
	if command == "session" {
		if len(paths) != 1 {
			return paths, nil // the check says what is wrong
		}
		for dir := filepath.Dir(filepath.Clean(paths[0])); ; dir = filepath.Dir(dir) {
			if base := filepath.Base(dir); base == f.athlete || base == f.athlete+".zip" {
				a = &athlete{name: f.athlete, path: dir}
				break
			}
			if dir == filepath.Dir(dir) {
				return nil, fmt.Errorf("--athlete %s: %s is not in a folder named %s", f.athlete, paths[0], f.athlete)
			}
		}
	} else {
		if len(paths) != 1 {
			return nil, fmt.Errorf("--athlete %s: give the squad folder as the one PATH, not %d", f.athlete, len(paths))
		}
		athletes, err := squadAthletes(paths[0])
		if err != nil {
			return nil, fmt.Errorf("--athlete %s: %v", f.athlete, err)
		}
		i := slices.IndexFunc(athletes, func(a athlete) bool { return a.name == f.athlete })
		if i < 0 {
			names := make([]string, len(athletes))
			for j, a := range athletes {
				names[j] = a.name
			}
			return nil, fmt.Errorf("--athlete %q: no such athlete in %s (athletes: %s)", f.athlete, paths[0], strings.Join(names, ", "))
		}
		a = &athletes[i]
		paths = []string{a.path}
	}
	if info, err := os.Stat(a.path); err == nil && info.IsDir() {
		f.athleteProfile = filepath.Join(a.path, squadProfile)
	}
	return paths, nil
}

// squadInit implements "bounceback squad init DIR".
func squadInit(e *env, fs interface{ NFlag() int }, rest []string) int {
	const helpCmd = "bounceback squad --help"
	if fs.NFlag() > 0 {
		return e.usageErr(helpCmd, errors.New("squad init takes no flags"))
	}
	if len(rest) != 1 {
		return e.usageErr(helpCmd, fmt.Errorf("squad init takes one DIR, not %d", len(rest)))
	}
	dir := rest[0]
	path := filepath.Join(dir, squadTemplateName, squadProfile)
	if _, err := os.Lstat(path); err == nil {
		e.errorf("%s already exists: left as it is", path)
	} else if err := writeTemplate(path, false); err != nil {
		e.errorf("squad init: %v", err)
		return exitFailed
	} else {
		fmt.Fprintf(e.stdout, "wrote %s\n", path)
	}
	fmt.Fprintf(e.stdout, `
Next:
  1. Rename %s after the athlete, and make one such
     folder per athlete (or put an athlete's Garmin export beside them
     as NAME.zip).
  2. Copy each athlete's FIT files into their folder, and set their values
     (hrmax, lthr, ...) in their profile.toml; leave a value commented to
     let bounceback find it in the files.
  3. Run: bounceback squad %s
`, filepath.Join(dir, squadTemplateName), dir)
	return exitOK
}
