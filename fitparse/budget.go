package fitparse

import (
	"context"
	"sync"
)

// memBudget is a weighted semaphore over bytes: the memory that Scan's
// inputs hold at once, all workers together (ScanOptions.MemoryBudget).
// Only the dispatching goroutine acquires, in the order inputs are found,
// so that no input waits behind later ones; workers release.
type memBudget struct {
	mu    sync.Mutex
	cond  sync.Cond
	limit int64
	used  int64
	// peak is the most ever held, for tests.
	peak int64
}

func newMemBudget(limit int64) *memBudget {
	b := &memBudget{limit: limit}
	b.cond.L = &b.mu
	return b
}

// acquire takes n bytes from the budget once they fit, or once nothing is
// held but pinned bytes (those of the archives the input is read from,
// which are given back only after it): an input larger than the whole
// budget then runs alone. It returns false, taking nothing, when ctx is
// cancelled first. n <= 0 takes nothing and never waits.
func (b *memBudget) acquire(ctx context.Context, n, pinned int64) bool {
	if n <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.fits(n, pinned) {
		stop := context.AfterFunc(ctx, func() {
			b.mu.Lock()
			b.cond.Broadcast()
			b.mu.Unlock()
		})
		defer stop()
		for !b.fits(n, pinned) && ctx.Err() == nil {
			b.cond.Wait()
		}
		if ctx.Err() != nil {
			return false
		}
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	return true
}

// fits reports whether n bytes may be taken now; b.mu is held.
func (b *memBudget) fits(n, pinned int64) bool {
	return b.used+n <= b.limit || b.used <= pinned
}

// release gives n bytes back to the budget.
func (b *memBudget) release(n int64) {
	if n <= 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}
