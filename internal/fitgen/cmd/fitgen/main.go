// Command fitgen writes bounceback's synthetic FIT fixtures.
//
// Usage:
//
//	fitgen [-out DIR]              write the demo training block (default testdata/block)
//	fitgen -many N [-seed S] -out DIR
//	                               write N benchmark activity files
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
	var err error
	if *many > 0 {
		err = fitgen.Many(*out, *many, *seed)
	} else {
		err = fitgen.WriteBlock(*out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "fitgen: %v\n", err)
		return 1
	}
	return 0
}
