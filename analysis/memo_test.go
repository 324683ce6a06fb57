package analysis

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/bounceback/bounceback/fitparse"
)

// The tests read the generated block (and the real files) again and
// again; scanDir decodes and summarizes each folder once per test binary.

var (
	scanMu   sync.Mutex
	scanMemo = map[string][]FileSummary{}
)

// scanDir scans dir as the commands do, once per test binary, and returns
// a fresh slice of its files (Build never writes to the sessions it is
// given).
func scanDir(t *testing.T, dir string) []FileSummary {
	t.Helper()
	scanMu.Lock()
	defer scanMu.Unlock()
	if files, ok := scanMemo[dir]; ok {
		return slices.Clone(files)
	}
	files, err := fitparse.Scan(context.Background(), []string{dir}, fitparse.ScanOptions{}, Summarize)
	if err != nil {
		t.Fatal(err)
	}
	scanMemo[dir] = files
	return slices.Clone(files)
}

// scanBlock returns the generated block's files.
func scanBlock(t *testing.T) []FileSummary { return scanDir(t, blockDir) }

// blockFile returns the summary of the file at path (relative to dir) of
// the folder dir, from its scan.
func blockFile(t *testing.T, dir, path string) FileSummary {
	t.Helper()
	want := filepath.Clean(filepath.Join(dir, path))
	for _, f := range scanDir(t, dir) {
		if filepath.Clean(f.Path) == want {
			return f
		}
	}
	t.Fatalf("%s: not in the scan of %s", path, dir)
	return FileSummary{}
}
