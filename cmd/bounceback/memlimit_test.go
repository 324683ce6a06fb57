package main

import "testing"

func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, memoryFloor},
		{20 << 20, memoryFloor},
		{32 << 20, memoryFloor},
		{33 << 20, 66 << 20},
		{1 << 30, 2 << 30},
		{1<<64 - 1, 1 << 62},
	} {
		if got := memoryLimit(c.live); got != c.want {
			t.Errorf("memoryLimit(%d) = %d, want %d", c.live, got, c.want)
		}
		if got := memoryLimit(c.live); uint64(got) < c.live && c.live < 1<<61 {
			t.Errorf("memoryLimit(%d) = %d, below the live heap", c.live, got)
		}
	}
}
