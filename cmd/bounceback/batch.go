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

// batch is a command that scans its PATHs, builds the block and renders
// it: sessions, analyze and hrv.
type batch struct {
	name, usage string
	newFlags    func() (*pflag.FlagSet, *flags)
	// profile is set when the command resolves the athlete (profile
	// flags and file); without it the block is built with no profile.
	profile bool
	// summarize reduces each decoded file on the worker (analysis.Count
	// or analysis.Summarize).
	summarize func(*fitparse.File) analysis.FileSummary
	render    func(io.Writer, *analysis.Block, report.Options) error
	// configure, when set, checks the command's own flags and sets what
	// they say in the options of analysis.Build.
	configure func(*analysis.Options) error
}

// runBatch parses args for c, scans, builds and renders. Usage errors exit
// 2; a failed or damaged input makes the exit status 1.
func (e *env) runBatch(ctx context.Context, c batch, args []string) int {
	helpCmd := "bounceback " + c.name + " --help"
	fs, flags := c.newFlags()
	switch err := fs.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(e.stdout, c.usage)
		return exitOK
	case err != nil:
		return e.usageErr(helpCmd, err)
	case checkFinite(fs) != nil:
		return e.usageErr(helpCmd, checkFinite(fs))
	}
	opts, err := flags.reportOptions(fs, e.stdout, report.Text, report.CSV, report.JSON, report.Markdown)
	if err != nil {
		return e.usageErr(helpCmd, err)
	}
	if err := flags.checkJobs(); err != nil {
		return e.usageErr(helpCmd, err)
	}
	bopts, err := flags.options()
	if err == nil && c.configure != nil {
		err = c.configure(&bopts)
	}
	if err != nil {
		return e.usageErr(helpCmd, err)
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return e.usageErr(helpCmd, fmt.Errorf("%s: %w", c.name, errNoPath))
	}
	var in inputs
	if c.profile {
		var code int
		if in, code = e.loadInputs(fs, flags, helpCmd); code != exitOK {
			return code
		}
	}
	files, code := e.scan(ctx, paths, flags, c.summarize)
	if files == nil {
		return code
	}
	if !e.hasData(files, paths) {
		return exitFailed
	}
	opts.Name = relativeTo(paths)
	var b *analysis.Block
	if c.profile {
		b = e.build(files, bopts, in)
	} else {
		b = analysis.Build(files, bopts)
	}
	if err := report.Render(e.stdout, b, c.name, c.render, opts); err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	e.summary(b, c.name, opts.Format)
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
