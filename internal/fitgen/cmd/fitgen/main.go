// Command fitgen writes bounceback's synthetic FIT fixtures.
//
// Usage:
//
//	fitgen [-out DIR]              write the demo training block (default testdata/block)
//	fitgen -many N [-seed S] -out DIR
//	                               write N benchmark activity files
//	fitgen -export FILE.zip        write the demo block as Garmin Connect's
//	                               account export (a zip with DI_CONNECT/)
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/bounceback/bounceback/internal/fitgen"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("fitgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "testdata/block", "output `folder`")
	many := fs.Int("many", 0, "write `N` benchmark activity files instead of the block")
	seed := fs.Uint64("seed", 1, "seed for -many")
	export := fs.String("export", "", "write the demo block as Garmin Connect's account export to `FILE.zip` instead")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fitgen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	outSet := false
	fs.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
	if *export != "" && (*many > 0 || outSet) {
		fmt.Fprintln(stderr, "fitgen: -export writes one zip: it takes neither -out nor -many")
		return 2
	}
	var err error
	switch {
	case *export != "":
		_, err = fitgen.WriteGarminExport(*export)
	case *many > 0:
		err = fitgen.Many(*out, *many, *seed)
	default:
		err = fitgen.WriteBlock(*out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fitgen: %v\n", err)
		return 1
	}
	return 0
}
