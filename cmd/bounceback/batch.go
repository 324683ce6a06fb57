package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/report"
)

// spec is what a command that reads FIT files declares; prepare runs
// the preamble they share: parse, --help, the report options, --jobs,
// the build options, the PATHs and the athlete inputs.
type spec struct {
	name, usage string
	fs          *pflag.FlagSet
	flags       *flags
	// formats are the output formats the command writes.
	formats []report.Format
	// profile is set when the command resolves the athlete (profile
	// flags and file); without it the block is built with no profile.
	profile bool
	// paths is set when the command needs at least one PATH.
	paths bool
	// early, when set, runs right after the flags parse; done means the
	// command is over with the exit status code (profile init).
	early func(paths []string) (code int, done bool)
	// configure, when set, checks the command's own flags and sets what
	// they say in the options of analysis.Build.
	configure func(*analysis.Options) error
	// check, when set, checks the PATHs and the command's own flags
	// before any input is read.
	check func(paths []string) error
}

// call is a command line that passed prepare.
type call struct {
	// help is the command that prints the usage text.
	help   string
	report report.Options
	build  analysis.Options
	paths  []string
	in     inputs
}

// prepare parses args for c and checks everything that can be checked
// before an input is read. When it returns nil the command is over with
// the exit status code (--help, a usage error); the reason is printed.
func (e *env) prepare(c *spec, args []string) (*call, int) {
	k := &call{help: "bounceback " + c.name + " --help"}
	switch err := c.fs.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(e.stdout, withConstants(c.usage))
		return nil, exitOK
	case err != nil:
		return nil, e.usageErr(k.help, err)
	case checkFinite(c.fs) != nil:
		return nil, e.usageErr(k.help, checkFinite(c.fs))
	}
	k.paths = c.fs.Args()
	if c.early != nil {
		if code, done := c.early(k.paths); done {
			return nil, code
		}
	}
	var err error
	if c.flags.athlete != "" {
		if k.paths, err = c.flags.squadAthlete(c.name, k.paths, c.fs.Changed("profile")); err != nil {
			return nil, e.usageErr(k.help, err)
		}
	}
	if k.report, err = c.flags.reportOptions(c.fs, e.stdout, c.formats...); err != nil {
		return nil, e.usageErr(k.help, err)
	}
	if err := c.flags.checkJobs(); err != nil {
		return nil, e.usageErr(k.help, err)
	}
	k.build, err = c.flags.options()
	if err == nil && c.configure != nil {
		err = c.configure(&k.build)
	}
	if err == nil && c.paths && len(k.paths) == 0 {
		err = fmt.Errorf("%s: %w", c.name, errNoPath)
	}
	if err == nil && c.check != nil {
		err = c.check(k.paths)
	}
	if err != nil {
		return nil, e.usageErr(k.help, err)
	}
	if c.profile {
		var code int
		if k.in, code = e.loadInputs(c.fs, c.flags, k.help); code != exitOK {
			return nil, code
		}
	}
	return k, exitOK
}

// batch is a command that scans its PATHs, builds the block and renders
// it: sessions, analyze, load, readiness and hrv.
type batch struct {
	spec
	// summarize reduces each decoded file on the worker (analysis.Count
	// or analysis.Summarize).
	summarize func(*fitparse.File) analysis.FileSummary
	render    func(io.Writer, *analysis.Block, report.Options) error
}

// runBatch parses args for c, scans, builds and renders. Usage errors exit
// 2; a failed or damaged input makes the exit status 1.
func (e *env) runBatch(ctx context.Context, c batch, args []string) int {
	c.paths = true
	k, code := e.prepare(&c.spec, args)
	if k == nil {
		return code
	}
	files, code := e.scan(ctx, k.paths, c.flags, c.summarize)
	if files == nil {
		return code
	}
	if !e.hasData(files, k.paths) {
		return exitFailed
	}
	k.report.Name = relativeTo(k.paths)
	var b *analysis.Block
	if c.profile {
		b = e.build(files, k.build, k.in)
	} else {
		b = analysis.Build(files, k.build)
	}
	saved := func() {}
	if c.profile {
		saved = e.saveHistory(b, c.flags)
	}
	err := report.Render(e.stdout, b, c.name, c.render, k.report)
	saved()
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	e.summary(b, c.name, k.report.Format)
	return code
}

// summary writes on standard error what follows a report: the stale-data
// note when the format cannot carry it (CSV, and JSON, which also has it
// as a field), the one-line file summary and, after a table, the hints to
// the commands that say more.
func (e *env) summary(b *analysis.Block, command string, format report.Format) {
	if b.Stale && (format == report.CSV || format == report.JSON) {
		e.errorf("note: %s", b.StaleNote)
	}
	e.errorf("%s", report.FileCounts(b.Totals))
	if format == report.Text || format == report.Markdown {
		for _, h := range report.Hints(command) {
			e.errorf("%s", h)
		}
	}
}
