package store

import (
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// benchBlobBytes is the size of a benchmark's summary blob: about what a
// summary of an hour's run with RR data encodes to (an assumption until
// the encoding exists; the cost of a lookup grows with it as a copy).
const benchBlobBytes = 8 << 10

// benchStore returns a store of n inputs with blobs of benchBlobBytes,
// and their identities.
func benchStore(b *testing.B, n int) (*Store, []Identity) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := Open(path, "v1")
	if err != nil {
		b.Fatal(err)
	}
	es := make([]Entry, n)
	ids := make([]Identity, n)
	for i := range es {
		p := fmt.Sprintf("/home/athlete/garmin/activities/2026-%05d_RUN.fit", i)
		blob := make([]byte, benchBlobBytes)
		copy(blob, p)
		es[i] = Entry{Identity: Identity{Path: p, Size: int64(200000 + i), ModTime: 1.7e18 + int64(i), Inode: uint64(1e6 + i)},
			Sum: sha256.Sum256([]byte(p)), Blob: blob}
		ids[i] = es[i].Identity
	}
	if err := s.Put(es); err != nil {
		b.Fatal(err)
	}
	s.Close()
	// Open again, as a warm run does.
	if s, err = Open(path, "v1"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, ids
}

// BenchmarkLookup: the cost of one hit (identity check and blob read) in
// a store of 5,000 inputs, from one goroutine and from as many as the
// cores (as a scan's workers call it).
func BenchmarkLookup(b *testing.B) {
	s, ids := benchStore(b, 5000)
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		i := 0
		for b.Loop() {
			if _, _, ok := s.Lookup(ids[i%len(ids)]); !ok {
				b.Fatal("miss")
			}
			i++
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, _, ok := s.Lookup(ids[i%len(ids)]); !ok {
					b.Error("miss")
					return
				}
				i += 7
			}
		})
	})
	b.Run("miss", func(b *testing.B) {
		id := ids[0]
		id.ModTime++
		for b.Loop() {
			if _, _, ok := s.Lookup(id); ok {
				b.Fatal("hit")
			}
		}
	})
}

// reportCPU reports, when the function it returns is called, the CPU time
// of the process per op (all its threads: the work of a lookup wherever it
// runs, and the collector's), which unlike the wall time does not grow
// when other programs compete for the cores.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// cpuTime is the user and system time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkOpen: opening a store of 5,000 inputs (quick_check of the file,
// the identities loaded into memory).
func BenchmarkOpen(b *testing.B) {
	s, _ := benchStore(b, 5000)
	path := s.Path()
	s.Close()
	for b.Loop() {
		s, err := Open(path, "v1")
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkPut: recording 1,000 new inputs, as a cold run ends.
func BenchmarkPut(b *testing.B) {
	es := make([]Entry, 1000)
	for i := range es {
		es[i] = entry(i)
		es[i].Blob = make([]byte, benchBlobBytes)
	}
	for b.Loop() {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), "put.db"), "v1")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := s.Put(es); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
