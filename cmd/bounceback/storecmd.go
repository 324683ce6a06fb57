package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/store"
)

const storeUsage = `Usage: bounceback store [info|prune|clear] [flags]

The store keeps what bounceback made of each file it read (so that a
second run reads only the files that are new or changed) and the history
of the last run that read everything, as SQLite tables (sessions, days,
weeks, daily, readiness) that sqlite3, pandas or Datasette can query:

  sqlite3 ~/.local/share/bounceback/bounceback.db 'select date, readiness from days'

docs/store.md describes the tables. The store is only a cache of the
files and of what the last run computed: clearing it loses nothing.

Subcommands:
  info    what the store holds and its size (the default)
  prune   forget the files that are gone, and what only they needed
  clear   empty the store

Flags:
      --store FILE      the store (default:
                        $XDG_DATA_HOME/bounceback/bounceback.db, or
                        $BOUNCEBACK_STORE)
  -h, --help            show this help
`

var storeCommand = &command{name: "store", summary: "what the store of results and history holds; prune or clear it",
	usage: storeUsage, run: runStore}

func runStore(ctx context.Context, e *env, args []string) int {
	fs := newFlagSet("store")
	f := &flags{}
	fs.StringVar(&f.store, "store", "", "")
	const help = "bounceback store --help"
	switch err := fs.Parse(args); {
	case errors.Is(err, pflag.ErrHelp):
		fmt.Fprint(e.stdout, storeUsage)
		return exitOK
	case err != nil:
		return e.usageErr(help, err)
	}
	sub := "info"
	switch fs.NArg() {
	case 0:
	case 1:
		sub = fs.Arg(0)
	default:
		return e.usageErr(help, fmt.Errorf("store takes one subcommand, not %d", fs.NArg()))
	}
	if !slices.Contains([]string{"info", "prune", "clear"}, sub) {
		return e.usageErr(help, fmt.Errorf("unknown subcommand %q (info, prune, clear)", sub))
	}
	path, _, err := storePath(f)
	switch {
	case err != nil:
		e.errorf("store: %v", err)
		return exitFailed
	case path == "":
		e.errorf("store: %s is off: no store to look at", storeEnv)
		return exitUsage
	}
	if _, err := os.Stat(path); err != nil && sub == "info" {
		fmt.Fprintf(e.stdout, "store: %s (none yet: the first run that analyses files creates it)\n", path)
		return exitOK
	}
	st, err := store.Open(path, analysis.SummaryVersion)
	if err != nil {
		e.errorf("store %s: %v", path, err)
		return exitFailed
	}
	defer st.Close()
	for _, w := range st.Warnings() {
		e.errorf("store %s: %s", path, w)
	}
	switch sub {
	case "prune":
		files, sums, err := st.Prune(gone)
		if err != nil {
			e.errorf("store %s: %v", path, err)
			return exitFailed
		}
		fmt.Fprintf(e.stdout, "pruned %d files that are gone and %d summaries only they used\n", files, sums)
	case "clear":
		if err := st.Clear(); err != nil {
			e.errorf("store %s: %v", path, err)
			return exitFailed
		}
		fmt.Fprintf(e.stdout, "cleared %s\n", path)
	}
	in, err := st.Info()
	if err != nil {
		e.errorf("store %s: %v", path, err)
		return exitFailed
	}
	writeInfo(e, in)
	return exitOK
}

// writeInfo prints what the store holds.
func writeInfo(e *env, in store.Info) {
	w := e.stdout
	ro := ""
	if in.ReadOnly {
		ro = " (read-only)"
	}
	fmt.Fprintf(w, "store:       %s%s\n", in.Path, ro)
	fmt.Fprintf(w, "size:        %s on disk (schema %d)\n", byteSize(in.FileBytes), in.SchemaVersion)
	fmt.Fprintf(w, "files known: %d\n", in.Files)
	var vs []string
	n := 0
	for v, k := range in.Summaries {
		vs = append(vs, fmt.Sprintf("%d of analysis version %s", k, v))
		n += k
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		vs = []string{"none"}
	}
	per := ""
	if n > 0 {
		per = fmt.Sprintf(", %s a summary", byteSize(in.BlobBytes/int64(n)))
	}
	fmt.Fprintf(w, "summaries:   %s (%s%s)\n", strings.Join(vs, ", "), byteSize(in.BlobBytes), per)
	athletes := "none"
	if len(in.Athletes) > 0 {
		names := slices.Clone(in.Athletes)
		for i, a := range names {
			if a == "" {
				names[i] = "(default)"
			}
		}
		athletes = strings.Join(names, ", ")
	}
	fmt.Fprintf(w, "history of:  %s\n", athletes)
}

// byteSize writes n bytes in B, KB or MB.
func byteSize(n int64) string {
	switch {
	case n < 10<<10:
		return fmt.Sprintf("%d B", n)
	case n < 10<<20:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// gone reports whether the input a store names by path (absolute; an
// archive member under its archive's path) is gone: nothing is there,
// and it is no member of an archive that is there.
func gone(path string) bool {
	for p := path; ; {
		info, err := os.Stat(p)
		if err == nil {
			return p != path && !(info.Mode().IsRegular() && fitparse.IsArchiveName(p))
		}
		q := filepath.Dir(p)
		if q == p {
			return true
		}
		p = q
	}
}
