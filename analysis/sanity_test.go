package analysis_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
	"github.com/bounceback/bounceback/internal/realfit"
	"github.com/bounceback/bounceback/internal/sanity"
)

// TestSanityRealFiles is the real-data sanity test: every number a user
// would act on stays plausible (internal/sanity) on every file of
// ../shared/fit built as its own block, and on the whole folder built as
// one block as of several days: inside the history, on its last workout
// and long after it (a break of months). The folders named in
// $BOUNCEBACK_REAL_EXPORTS (separated by the list separator, ":" on Unix)
// are checked the same way as of today, so that other real exports can be
// run against the same rules.
func TestSanityRealFiles(t *testing.T) {
	t.Parallel()
	for _, rf := range analysis.RealFileBlocks(t) {
		for _, p := range sanity.Check(rf.Block) {
			t.Errorf("%s alone: %s", rf.Path, p)
		}
	}
	dir := realfit.Dir(t)
	files := scanFolder(t, dir)
	for _, asOf := range []string{"2015-08-30", "2021-06-10", "2026-05-14", "2026-12-02"} {
		day, _ := time.Parse(time.DateOnly, asOf)
		b := analysis.Build(files, analysis.Options{AsOf: day, Now: day.Add(12 * time.Hour)})
		for _, p := range sanity.Check(b) {
			t.Errorf("../shared/fit as of %s: %s", asOf, p)
		}
		b = analysis.Build(files, analysis.Options{AsOf: day, Now: day.Add(12 * time.Hour), Load: analysis.LoadOptions{Metric: analysis.LoadHRSS, Seed: true}})
		for _, p := range sanity.Check(b) {
			t.Errorf("../shared/fit as of %s, HRSS, seeded: %s", asOf, p)
		}
	}
	for _, d := range filepath.SplitList(os.Getenv("BOUNCEBACK_REAL_EXPORTS")) {
		if strings.TrimSpace(d) == "" {
			continue
		}
		now := time.Now()
		b := analysis.Build(scanFolder(t, d), analysis.Options{AsOf: now, Now: now})
		for _, p := range sanity.Check(b) {
			t.Errorf("%s: %s", d, p)
		}
	}
}

var (
	scanMu  sync.Mutex
	scanned = map[string][]analysis.FileSummary{}
)

// scanFolder scans dir as the commands do, once per test binary.
func scanFolder(t *testing.T, dir string) []analysis.FileSummary {
	t.Helper()
	scanMu.Lock()
	defer scanMu.Unlock()
	if fs, ok := scanned[dir]; ok {
		return fs
	}
	fs, err := fitparse.Scan(context.Background(), []string{dir}, fitparse.ScanOptions{}, analysis.Summarize)
	if err != nil {
		t.Fatal(err)
	}
	scanned[dir] = fs
	return fs
}
