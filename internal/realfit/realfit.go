// Package realfit locates the real FIT files that tests and benchmarks read
// from ../shared/fit beside the checkout, and reads their expected.tsv.
//
// The files are never copied into the project. A test that needs them skips
// when the folder is absent (a user's clone), unless the environment
// variable CI is set: then it fails, because CI must run it.
package realfit

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the folder of real FIT files, ../shared/fit relative to the
// module root. It skips tb when the folder is absent and CI is unset, and
// fails tb when CI is set.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("realfit: no go.mod above the test directory")
		}
		dir = parent
	}
	real := filepath.Join(dir, "..", "shared", "fit")
	if _, err := os.Stat(filepath.Join(real, "expected.tsv")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("realfit: CI is set but the real FIT files are missing: %v", err)
		}
		tb.Skipf("real FIT files not found (%v); they live in ../shared/fit beside the checkout", err)
	}
	return real
}

// Row is one row of expected.tsv, by column name (see ../shared/fit/README.md).
type Row map[string]string

// Expected reads dir/expected.tsv.
func Expected(tb testing.TB, dir string) []Row {
	tb.Helper()
	fh, err := os.Open(filepath.Join(dir, "expected.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.Comma = '\t'
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		tb.Fatal(err)
	}
	var rows []Row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		row := Row{}
		for i, h := range header {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		tb.Fatal("realfit: expected.tsv has no rows")
	}
	return rows
}
