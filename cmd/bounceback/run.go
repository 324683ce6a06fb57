package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/report"
)

// Exit statuses.
const (
	// exitOK: every file was read.
	exitOK = 0
	// exitFailed: at least one file failed or was damaged (partial).
	exitFailed = 1
	// exitUsage: the command line was wrong.
	exitUsage = 2
	// exitInterrupted: the user pressed Ctrl-C (128 + SIGINT).
	exitInterrupted = 130
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; when
// empty, the module version from the build info is used.
var version string

// prefix starts every line written to standard error.
const prefix = "bounceback: "

// command is a subcommand.
type command struct {
	name    string
	summary string // one line for the command list
	usage   string // the full help text
	// alias is another name the command answers to ("" for none).
	alias string
	run   func(ctx context.Context, e *env, args []string) int
}

// commands lists the subcommands in the order the help shows them.
var commands []*command

func init() {
	commands = []*command{analyzeCommand, sessionCommand, readinessCommand, loadCommand, hrvCommand, htmlReportCommand, sessionsCommand, profileCommand, sweatTestCommand, squadCommand, storeCommand}
}

// env is what a command needs from its surroundings.
type env struct {
	stdout, stderr io.Writer
	// store is the store of this run, nil for none (openStore).
	store *summaryCache
}

// errorf prints a message on standard error with the "bounceback: " prefix,
// as one line: control characters in it (from file names, archive members,
// error texts) are replaced, so that nothing a file holds reaches the
// terminal raw.
func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "%s%s\n", prefix, report.Clean(fmt.Sprintf(format, args...)))
}

// usageErr reports a usage error and how to get help; it returns exitUsage.
func (e *env) usageErr(help string, err error) int {
	e.errorf("%v", err)
	e.errorf("run '%s' for usage", help)
	return exitUsage
}

const usage = `bounceback analyses the FIT files that running and cycling watches write.

Usage:
  bounceback COMMAND [flags] PATH...
  bounceback help [COMMAND]
  bounceback --version

Commands:
{{commands}}
Flags:
  -h, --help      show this help
      --version   print the version

PATH may be a FIT file, a folder (searched recursively), a .zip archive
(Garmin's export) or a .fit.gz file (Strava's export). Nothing is ever
written into the folders read.

The athlete values (heart rates, mass, age, sex) come from flags, the
profile file ($XDG_CONFIG_HOME/bounceback/profile.toml, written by
"bounceback profile init"), the devices, the data, formulas or defaults,
in that order; "bounceback profile" shows which.

Exit status: 0 when every file was read, 1 when a file failed or was
damaged, 2 for a usage error or a bad profile file.

Examples:
  bounceback analyze ~/Downloads/garmin-export
  bounceback session ~/Downloads/garmin-export/2024-03-05-intervals.fit
  bounceback hrv ~/Downloads/garmin-export
  bounceback sessions --format csv --since 2024-03-01 rides/ > sessions.csv
  bounceback profile init
  bounceback help analyze
`

// mainUsage returns the top-level help text.
func mainUsage() string {
	var b strings.Builder
	for _, c := range commands {
		summary := c.summary
		if c.alias != "" {
			summary += " (also: " + c.alias + ")"
		}
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, summary)
	}
	b.WriteString("  help       show the help of a command\n")
	return strings.Replace(usage, "{{commands}}", b.String(), 1)
}

// run is the program: it parses args (without the program name), runs the
// command and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	fs := pflag.NewFlagSet("bounceback", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.SetInterspersed(false)
	showVersion := fs.Bool("version", false, "print the version")
	switch err := fs.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(stdout, mainUsage())
		return exitOK
	case err != nil:
		return e.usageErr("bounceback --help", err)
	}
	if *showVersion {
		fmt.Fprintf(stdout, "bounceback %s\n", versionString())
		return exitOK
	}
	if fs.NArg() == 0 {
		names := make([]string, 0, len(commands)+1)
		for _, c := range commands {
			names = append(names, c.name)
		}
		names = append(names, "help")
		return e.usageErr("bounceback --help", fmt.Errorf("no command given (commands: %s)", strings.Join(names, ", ")))
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	if name == "help" {
		return help(e, rest)
	}
	c := lookup(name)
	if c == nil {
		return e.usageErr("bounceback --help", fmt.Errorf("unknown command %q", name))
	}
	code := c.run(ctx, e, rest)
	e.closeStore()
	return code
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name || (c.alias != "" && c.alias == name) {
			return c
		}
	}
	return nil
}

// help implements "bounceback help [COMMAND]".
func help(e *env, args []string) int {
	switch {
	case len(args) == 0 || (len(args) == 1 && args[0] == "help"):
		fmt.Fprint(e.stdout, mainUsage())
		return exitOK
	case len(args) > 1:
		return e.usageErr("bounceback help", errors.New("help takes at most one command"))
	}
	c := lookup(args[0])
	if c == nil {
		return e.usageErr("bounceback help", fmt.Errorf("unknown command %q", args[0]))
	}
	fmt.Fprint(e.stdout, withConstants(c.usage))
	return exitOK
}

// versionString returns the version set with -ldflags, else the module
// version from the build info, else "devel" with the VCS revision.
func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "devel"
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		v += " " + rev[:min(len(rev), 12)]
		if modified == "true" {
			v += "-dirty"
		}
	}
	return v
}
