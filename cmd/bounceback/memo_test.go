package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/bounceback/bounceback/analysis"
	"github.com/bounceback/bounceback/fitparse"
)

// The commands' tests run the commands on the generated block (and on the
// real files) dozens of times; decoding its 176 files each time is most
// of the test binary's time under the race detector. memoScan decodes
// each such set of paths once per test binary. It memoizes only scans of
// folders that never change while the tests run (the fixtures under testdata,
// and the real-file corpus beside the checkout); every other scan (the temporary
// folders the tests write) goes to fitparse.Scan as it is.

var (
	memoMu    sync.Mutex
	memoFiles = map[string][]analysis.FileSummary{}
	// fixed are the absolute folders whose files never change.
	fixed []string
)

func init() {
	for _, dir := range []string{"testdata", filepath.Join("..", "..", "testdata"), filepath.Join("..", "..", "..", "shared")} {
		if abs, err := filepath.Abs(dir); err == nil {
			fixed = append(fixed, abs)
		}
	}
	scanFiles = memoScan
}

// memoScan is fitparse.Scan, memoized for the fixed folders. The result
// is a fresh slice each time; Build never writes to the sessions it is
// given (it copies them first), so sharing them is safe.
func memoScan(ctx context.Context, paths []string, opts fitparse.ScanOptions, fn func(*fitparse.File) analysis.FileSummary, cache fitparse.Cache[analysis.FileSummary]) ([]analysis.FileSummary, error) {
	if cache != nil {
		return fitparse.ScanCached(ctx, paths, opts, fn, cache)
	}
	key, ok := memoKey(paths, fn)
	if !ok || opts.Progress != nil {
		return fitparse.Scan(ctx, paths, opts, fn)
	}
	memoMu.Lock()
	defer memoMu.Unlock()
	if files, ok := memoFiles[key]; ok {
		return slices.Clone(files), nil
	}
	files, err := fitparse.Scan(ctx, paths, opts, fn)
	if err == nil {
		memoFiles[key] = slices.Clone(files)
	}
	return files, err
}

// memoKey returns the memo key of a scan: the paths and the summarize
// function; ok is false when a path lies outside the fixed folders.
func memoKey(paths []string, fn func(*fitparse.File) analysis.FileSummary) (string, bool) {
	var b strings.Builder
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil || !slices.ContainsFunc(fixed, func(dir string) bool {
			return abs == dir || strings.HasPrefix(abs, dir+string(os.PathSeparator))
		}) {
			return "", false
		}
		b.WriteString(p)
		b.WriteByte(0)
	}
	return fmt.Sprintf("%s%x", b.String(), reflect.ValueOf(fn).Pointer()), true
}
