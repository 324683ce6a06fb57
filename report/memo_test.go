package report_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
)

// The tests render the generated block (and the real files) again and
// again; scanDir decodes and summarizes each folder once per test binary.

var (
	scanMu   sync.Mutex
	scanMemo = map[string][]analysis.FileSummary{}
)

// scanDir scans dir as the commands do, once per test binary, and returns
// a fresh slice of its files (Build never writes to the sessions it is
// given).
func scanDir(t testing.TB, dir string) []analysis.FileSummary {
	t.Helper()
	scanMu.Lock()
	defer scanMu.Unlock()
	if files, ok := scanMemo[dir]; ok {
		return slices.Clone(files)
	}
	files, err := fitparse.Scan(context.Background(), []string{dir}, fitparse.ScanOptions{}, analysis.Summarize)
	if err != nil {
		t.Fatal(err)
	}
	scanMemo[dir] = files
	return slices.Clone(files)
}
