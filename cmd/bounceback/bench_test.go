package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/bounceback/bounceback/internal/fitgen"
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
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// BenchmarkSessions runs "bounceback sessions" end to end (scan, decode,
// summarize, render) over a generated folder of 1,000 activity files.
func BenchmarkSessions(b *testing.B) {
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
				if code := run(context.Background(), []string{"sessions", "-q", "--format", format, dir}, io.Discard, io.Discard); code != exitOK {
					b.Fatalf("exit status %d", code)
				}
			}
			b.ReportMetric(float64(benchFiles)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
