package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/report"
)

var htmlReportCommand = &command{
	name:    "report",
	summary: "write the block as one HTML page with charts (or Markdown)",
	usage:   reportUsage,
	run:     runReport,
}

const reportUsage = `Usage: bounceback report [flags] -o FILE PATH...
       bounceback report --squad [flags] -o FILE DIR

Write the report of the training block found under each PATH to FILE: one
self-contained HTML page (no network, no external files, charts as inline
SVG) to open in any browser. It shows the key numbers, the readiness for
the next day with its contributors, five charts (fitness, fatigue and form
on the form bands; weekly load by intensity class; daily HRV with its
7-day mean and normal range; readiness history; time in the heart-rate
zones per week), then the weeks, the sessions with their fluid and refuel
plans, and the files that could not be read. With --format markdown it
writes the same tables as Markdown, without the charts.

With --squad, DIR is a squad folder (see bounceback help squad) and the
page is the squad's: the squad table, each athlete's name linking to
their section with the key numbers and a chart of the readiness and the
daily load over the last 8 weeks; each athlete is read with their own
profile.toml, so the profile flags and --athlete are refused.

FILE is never written inside a folder given as PATH, nor over an input
file; "-o -" writes to standard output. The page is written to a
temporary file beside FILE first, then renamed, so a failed run leaves an
existing FILE as it was.

Flags:
  -o, --output FILE     the file to write, or - for standard output
                        (required)
      --format FORMAT   html or markdown (default html)
      --squad           DIR is a squad folder: write the squad page
      --sort COLUMN     with --squad, the order of the squad table and the
                        athletes' sections: name (default), readiness,
                        load, acwr, tsb, hrv or last (see bounceback help
                        squad)
` + profileFlagsUsage + scanFlagsUsage + filterFlagsUsage + `  -h, --help            show this help

Examples:
  bounceback report -o block.html ~/Downloads/garmin-export
  bounceback report --since 2024-03-01 -o march.html activities/ wellness/
  bounceback report --format markdown -o block.md export.zip
  bounceback report --squad -o squad.html ~/squad
`

// reportSpec is the report command and its output file; its usage
// text is reportUsage.
func reportSpec() (spec, *string) {
	fs := newFlagSet("report")
	f := &flags{}
	out := fs.StringP("output", "o", "", "")
	fs.StringVar(&f.format, "format", "html", "")
	fs.BoolVar(&f.squad, "squad", false, "")
	fs.StringVar(&f.squadSort, "sort", "name", "")
	f.addProfile(fs)
	f.addScan(fs)
	f.addStore(fs)
	f.addFilter(fs)
	return spec{name: "report", usage: reportUsage, fs: fs, flags: f,
		formats: []report.Format{report.HTML, report.Markdown}, profile: true, paths: true,
		check: func(paths []string) error {
			if f.squad {
				if err := checkSquadReport(fs, f, paths); err != nil {
					return err
				}
			} else if fs.Changed("sort") {
				return errors.New("report: --sort orders the squad page: give it with --squad")
			}
			switch {
			case *out == "":
				return errors.New("report: no output file given (-o FILE, or -o - for standard output)")
			case *out != "-":
				return checkOutput(*out, paths)
			}
			return nil
		}}, out
}

func runReport(ctx context.Context, e *env, args []string) int {
	c, out := reportSpec()
	k, code := e.prepare(&c, args)
	if k == nil {
		return code
	}
	pageOptions(&k.report, k.paths)
	if c.flags.squad {
		return e.squadReport(ctx, k, c.flags, *out)
	}
	files, code := e.scan(ctx, k.paths, c.flags, analysis.Summarize)
	if files == nil {
		return code
	}
	if !e.hasData(files, k.paths) {
		return exitFailed
	}
	k.report.Name = relativeTo(k.paths)
	b := e.build(files, k.build, k.in)
	defer e.saveHistory(b, c.flags)()
	write := func(w io.Writer) error { return report.Page(w, b, k.report) }
	var err error
	if *out == "-" {
		err = write(e.stdout)
	} else {
		err = writeFileAtomic(*out, write)
	}
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	e.summary(b, "report", k.report.Format)
	return code
}

// pageOptions sets what the HTML pages say in their footer: the version,
// when they were made (today, which the tests fix) and how many of the
// paths are folders and files.
func pageOptions(o *report.Options, paths []string) {
	o.Version = versionString()
	o.Now = today
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			o.InputFolders++
		} else {
			o.InputFiles++
		}
	}
}

// squadProfileFlags are the flags of report that --squad refuses: each
// athlete is analysed with their own profile.toml.
var squadProfileFlags = []string{"profile", "athlete", "hrmax", "hrrest", "lthr", "weight", "height", "age", "sex", "zones", "sweat-sodium"}

// checkSquadReport checks report --squad: one PATH, the squad folder, HTML,
// and no athlete values.
func checkSquadReport(fs interface{ Changed(string) bool }, f *flags, paths []string) error {
	if len(paths) != 1 {
		return fmt.Errorf("report --squad takes one DIR, the squad folder, not %d", len(paths))
	}
	if f.format != "html" {
		return fmt.Errorf("report --squad writes html only, not %s", f.format)
	}
	for _, name := range squadProfileFlags {
		if fs.Changed(name) {
			return fmt.Errorf("report --squad reads each athlete's profile.toml: give no --%s", name)
		}
	}
	if err := report.SortSquad(nil, f.squadSort); err != nil {
		return fmt.Errorf("--sort: %v", err)
	}
	return nil
}

// squadReport writes the squad page of the squad folder k.paths[0] to out
// ("-" for standard output).
func (e *env) squadReport(ctx context.Context, k *call, f *flags, out string) int {
	sq, code := e.readSquad(ctx, k.paths[0], f, k.build)
	if sq == nil {
		return code
	}
	rows := slices.Clone(sq.rows)
	if err := report.SortSquad(rows, f.squadSort); err != nil {
		e.errorf("--sort: %v", err) // checked before the scan
		return exitUsage
	}
	athletes := make([]report.SquadAthlete, len(rows))
	for i, r := range rows {
		j := slices.IndexFunc(sq.rows, func(x analysis.SquadSummary) bool { return x.Athlete == r.Athlete })
		athletes[i] = report.SquadAthlete{Row: r, Block: sq.blocks[j]}
	}
	write := func(w io.Writer) error { return report.SquadPage(w, athletes, k.report) }
	var err error
	if out == "-" {
		err = write(e.stdout)
	} else {
		err = writeFileAtomic(out, write)
	}
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	e.errorf("%d athletes, %d files", len(sq.athletes), sq.files)
	return code
}

// checkOutput refuses an output path that exists and is not a regular file
// (a folder, a device node, a FIFO), that is an input file, or that lies
// inside a folder the scan reads: an input folder or any folder below it,
// symbolic links followed (a link inside an input folder to a folder
// elsewhere makes that folder one the scan reads). Then it checks that the
// output's folder exists and can be written, before anything is scanned.
// Inputs that do not exist are left to the scan to report.
func checkOutput(out string, inputs []string) error {
	abs, err := resolve(out)
	if err != nil {
		return fmt.Errorf("-o %s: %v", out, err)
	}
	outInfo, statErr := os.Stat(abs)
	switch {
	case statErr == nil && outInfo.IsDir():
		return fmt.Errorf("-o %s: is a folder; want a file name such as block.html", out)
	case statErr == nil && !outInfo.Mode().IsRegular():
		return fmt.Errorf("-o %s: is not a regular file; bounceback writes only regular files", out)
	}
	var folders []string
	for _, p := range inputs {
		in, err := resolve(p)
		if err != nil {
			continue
		}
		info, err := os.Stat(in)
		if err != nil {
			continue
		}
		if statErr == nil && os.SameFile(info, outInfo) {
			return fmt.Errorf("-o %s: is an input file; bounceback never writes over its inputs", out)
		}
		if info.IsDir() {
			folders = readFolders(in, folders)
		}
	}
	for _, dir := range folders {
		if within(abs, dir) {
			return fmt.Errorf("-o %s: is inside %s, a folder the scan reads; bounceback never writes into the folders it reads", out, dir)
		}
	}
	return checkWritable(filepath.Dir(abs), out)
}

// readFolders appends to seen every folder the scan reads from dir: dir
// and the folders below it, symbolic links to folders followed and
// resolved, each once.
func readFolders(dir string, seen []string) []string {
	if slices.Contains(seen, dir) {
		return seen
	}
	seen = append(seen, dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return seen
	}
	for _, e := range entries {
		if !e.IsDir() && e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		sub, err := filepath.EvalSymlinks(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if info, err := os.Stat(sub); err == nil && info.IsDir() {
			seen = readFolders(sub, seen)
		}
	}
	return seen
}

// checkWritable checks that a file can be created in dir (out names the
// output in the error).
func checkWritable(dir, out string) error {
	f, err := os.CreateTemp(dir, ".bounceback-write-check-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("-o %s: cannot write in %s: %v", out, dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// resolve returns the absolute path of p with the symbolic links of its
// folder resolved (and of p itself when it exists).
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	dir, base := filepath.Split(abs)
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(r, base), nil
	}
	return abs, nil
}

// within reports whether path lies inside the folder dir (both absolute and
// clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// writeFileAtomic writes name through write, into a temporary file in the
// same folder that is renamed to name only when everything was written.
// The file gets the permissions of the file it replaces, or for a new file
// the default the umask gives (0666 minus the umask): a report holds health
// data, and a user who keeps theirs private (umask 077, or a 0600 file)
// gets it private.
func writeFileAtomic(name string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(name)
	var keep fs.FileMode
	if info, err := os.Stat(name); err == nil && info.Mode().IsRegular() {
		keep = info.Mode().Perm()
	}
	tmp, err := createTemp(dir, "."+filepath.Base(name)+".", ".tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if keep != 0 {
		if err = tmp.Chmod(keep); err != nil {
			return err
		}
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// createTemp creates a new file prefix + random + suffix in dir with mode
// 0666, which the umask reduces as for any new file (os.CreateTemp would
// make it 0600 whatever the umask).
func createTemp(dir, prefix, suffix string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36)+suffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("%s: cannot create a temporary file", dir)
}
