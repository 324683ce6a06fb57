package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// A run holds every file's summary until the report is written, so its
// live heap grows with the files, and Go's collector lets the heap grow to
// twice the live heap before it collects (GOGC=100). With a few thousand
// files that doubling, not the summaries, is most of the memory. The
// memory limit keeps a small run's memory near what it holds, at little
// cost, and never binds a large run harder than GOGC does.

// memoryFloor is the memory limit while the live heap is small: 64 MiB,
// our choice (on 5,000 generated files it lowers the peak RSS of analyze
// by about a fifth for about 2 % more CPU; BENCHMARKS.md).
const memoryFloor = 64 << 20

// memoryLimit returns the limit for a live heap of live bytes: the floor,
// or twice the live heap, where GOGC=100 collects anyway. It never falls
// below what the run holds, so the collector never runs without end.
func memoryLimit(live uint64) int64 {
	return max(memoryFloor, 2*int64(min(live, 1<<61)))
}

// limitMemory sets the memory limit after every collection from the live
// heap it found, unless the user set GOMEMLIMIT (or GOGC=off, which means
// no collection at all).
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") == "off" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var rearm func(*gcSentinel)
	rearm = func(*gcSentinel) {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(memoryLimit(sample[0].Value.Uint64()))
		}
		runtime.SetFinalizer(&gcSentinel{}, rearm)
	}
	debug.SetMemoryLimit(memoryFloor)
	runtime.SetFinalizer(&gcSentinel{}, rearm)
}

// gcSentinel is an object kept by nobody: its finalizer runs after each
// collection and arms the next.
type gcSentinel struct{ _ *int }
