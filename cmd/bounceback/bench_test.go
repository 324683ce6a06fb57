package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bounceback/bounceback/internal/fitgen"
	"github.com/bounceback/bounceback/internal/realfit"
)

// benchFiles is the size of the generated folder BenchmarkSessions reads.
const benchFiles = 1000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// manyFiles generates benchFiles activity files once per test binary, in a
// temporary folder that TestMain removes.
func manyFiles(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "bounceback-bench-")
		if benchErr == nil {
			benchErr = fitgen.Many(filepath.Join(benchDir, "many"), benchFiles, 1)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return filepath.Join(benchDir, "many")
}

func TestMain(m *testing.M) {
	// No test may read the profile of the user running the tests: point
	// the config folder at an empty temporary one.
	config, err := os.MkdirTemp("", "bounceback-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", config)
	os.Setenv("XDG_DATA_HOME", config)
	// The commands' tests run without a store (their fixtures are scanned
	// once per test binary: memo_test.go); the store's tests name one.
	os.Setenv(storeEnv, "off")
	// "Today" is the day after the generated block's last day, so that
	// the outputs do not change with the date the tests run.
	today = func() time.Time { return time.Date(2026, 11, 2, 20, 0, 0, 0, time.UTC) }
	// The generated squad (squad_test.go) is written once, on first use,
	// into a folder the memo knows never changes.
	if squadDir, err = os.MkdirTemp("", "bounceback-squad-"); err != nil {
		panic(err)
	}
	fixed = append(fixed, squadDir)
	code := m.Run()
	os.RemoveAll(config)
	os.RemoveAll(squadDir)
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	if exportDir != "" {
		os.RemoveAll(exportDir)
	}
	if storeBenchDir != "" {
		os.RemoveAll(storeBenchDir)
	}
	os.Exit(code)
}

// BenchmarkSessions runs "bounceback sessions" end to end (scan, decode,
// summarize, render) over a generated folder of 1,000 activity files.
func BenchmarkSessions(b *testing.B) { benchmarkCommand(b, "sessions") }

// BenchmarkAnalyze runs "bounceback analyze" end to end (scan, decode,
// summarize, resolve the athlete, zones, load and class, render) over the
// same folder as BenchmarkSessions; the bar is at most 1.2 times
// its time.
func BenchmarkAnalyze(b *testing.B) { benchmarkCommand(b, "analyze") }

func benchmarkCommand(b *testing.B, command string) {
	dir := manyFiles(b)
	for _, format := range []string{"table", "json"} {
		b.Run(format, func(b *testing.B) {
			var bytes int64
			filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					if info, err := d.Info(); err == nil {
						bytes += info.Size()
					}
				}
				return nil
			})
			b.SetBytes(bytes)
			b.ReportAllocs()
			for b.Loop() {
				if code := run(context.Background(), []string{command, "-q", "--format", format, dir}, io.Discard, io.Discard); code != exitOK {
					b.Fatalf("exit status %d", code)
				}
			}
			b.ReportMetric(float64(benchFiles)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// BenchmarkAnalyzeRealFiles runs "bounceback analyze --format json -j 2"
// on the real-file corpus, without a store: the figure issue 15 compares
// with the FIT library's plain decode of the same files at two
// goroutines (fitparse's BenchmarkLibraryRealFilesJ2).
func BenchmarkAnalyzeRealFiles(b *testing.B) {
	dir := realfit.Dir(b)
	for b.Loop() {
		code := run(context.Background(), []string{"analyze", "-q", "-j", "2", "--no-store", "--format", "json", "--as-of", "2026-12-02", dir}, io.Discard, io.Discard)
		if code != exitOK && code != exitFailed {
			b.Fatalf("exit status %d", code)
		}
	}
}
