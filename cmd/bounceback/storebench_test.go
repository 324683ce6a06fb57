package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/bounceback/bounceback/internal/fitgen"
)

// storeBenchFiles is the size of the export of BenchmarkAnalyzeStore, as
// issue 16 states its targets; the folder is generated on the first run
// of the benchmark (about 20 s) and removed with the others.
const storeBenchFiles = 5000

var (
	storeBenchOnce sync.Once
	storeBenchDir  string
	storeBenchErr  error
)

// storeFolders returns the 5,000-file export and a folder of 10 files
// that are not in it.
func storeFolders(b *testing.B) (export, extra string) {
	b.Helper()
	storeBenchOnce.Do(func() {
		storeBenchDir, storeBenchErr = os.MkdirTemp("", "bounceback-store-bench-")
		if storeBenchErr == nil {
			storeBenchErr = fitgen.Many(filepath.Join(storeBenchDir, "export"), storeBenchFiles, 1)
		}
		if storeBenchErr == nil {
			storeBenchErr = fitgen.Many(filepath.Join(storeBenchDir, "new"), 10, 2)
		}
	})
	if storeBenchErr != nil {
		b.Fatal(storeBenchErr)
	}
	return filepath.Join(storeBenchDir, "export"), filepath.Join(storeBenchDir, "new")
}

// BenchmarkAnalyzeStore runs "bounceback analyze -j 2" over 5,000
// generated files: without a store, with an empty store (cold: the run
// fills it), with a store that holds every file (warm), and with one that
// holds all but 10 new files (plus10).
func BenchmarkAnalyzeStore(b *testing.B) {
	export, extra := storeFolders(b)
	analyze := func(b *testing.B, db string, paths ...string) {
		store := []string{"--no-store"}
		if db != "" {
			store = []string{"--store", db}
		}
		args := append(append([]string{"analyze", "-q", "-j", "2"}, store...), paths...)
		if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit status %d", code)
		}
	}
	filled := filepath.Join(b.TempDir(), "filled.db")
	analyze(b, filled, export)
	copyStore := func(b *testing.B, to string) {
		data, err := os.ReadFile(filled)
		if err != nil {
			b.Fatal(err)
		}
		os.Remove(to + "-wal")
		os.Remove(to + "-shm")
		if err := os.WriteFile(to, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(storeBenchFiles)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	}
	b.Run("nostore", func(b *testing.B) {
		for b.Loop() {
			analyze(b, "", export)
		}
		report(b)
	})
	b.Run("cold", func(b *testing.B) {
		dir := b.TempDir()
		i := 0
		for b.Loop() {
			i++
			analyze(b, filepath.Join(dir, fmt.Sprintf("cold%d.db", i)), export)
		}
		report(b)
	})
	b.Run("warm", func(b *testing.B) {
		for b.Loop() {
			analyze(b, filled, export)
		}
		report(b)
	})
	b.Run("plus10", func(b *testing.B) {
		db := filepath.Join(b.TempDir(), "plus10.db")
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			copyStore(b, db)
			b.StartTimer()
			analyze(b, db, export, extra)
		}
		report(b)
	})
}
