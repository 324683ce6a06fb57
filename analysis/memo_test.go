package analysis

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/fitparse"
)

// The tests read the generated block (and the real files) again and
// again; scanDir decodes, summarizes and counts each folder once per test
// binary.

var (
	scanMu   sync.Mutex
	scanMemo = map[string][]scanned{}
)

// scanned is what Summarize and Count return for one file.
type scanned struct{ sum, count FileSummary }

// scanBoth scans dir as the commands do, summarizing and counting each
// file, once per test binary.
func scanBoth(t testing.TB, dir string) []scanned {
	t.Helper()
	scanMu.Lock()
	defer scanMu.Unlock()
	if files, ok := scanMemo[dir]; ok {
		return files
	}
	files, err := fitparse.Scan(context.Background(), []string{dir}, fitparse.ScanOptions{}, func(f *fitparse.File) scanned {
		return scanned{Summarize(f), Count(f)}
	})
	if err != nil {
		t.Fatal(err)
	}
	scanMemo[dir] = files
	return files
}

// scanDir returns a fresh slice of dir's summaries (Build never writes to
// the sessions it is given).
func scanDir(t *testing.T, dir string) []FileSummary {
	t.Helper()
	files := scanBoth(t, dir)
	out := make([]FileSummary, len(files))
	for i := range files {
		out[i] = files[i].sum
	}
	return out
}

// countDir returns a fresh slice of what Count returns for dir's files.
func countDir(t *testing.T, dir string) []FileSummary {
	t.Helper()
	files := scanBoth(t, dir)
	out := make([]FileSummary, len(files))
	for i := range files {
		out[i] = files[i].count
	}
	return out
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

// TestBuildKeepsInput: Build, with an as-of day inside the block (sessions,
// wellness and device values after it dropped) and without one, never
// writes to the files it is given, though it shares their slices where it
// drops nothing.
func TestBuildKeepsInput(t *testing.T) {
	t.Parallel()
	files := scanBlock(t)
	before := fmt.Sprintf("%+v", files)
	for _, asOf := range []time.Time{{}, time.Date(2026, 10, 11, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)} {
		b := Build(files, Options{AsOf: asOf})
		if len(b.Files) != len(files) {
			t.Fatalf("as of %v: %d files, want %d", asOf, len(b.Files), len(files))
		}
	}
	if after := fmt.Sprintf("%+v", files); after != before {
		t.Error("Build modified its input")
	}
}
