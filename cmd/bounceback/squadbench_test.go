package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/bounceback/bounceback/internal/fitgen"
)

// BenchmarkSquadStore runs "bounceback squad -j 2" over a squad of 30
// athletes of 100 generated files each (each athlete's own files: another
// seed), with a store that holds every file (warm) and with an empty one
// (cold): issue 17's "a 30-athlete squad re-runs in about the time of its
// new files".
func BenchmarkSquadStore(b *testing.B) {
	dir := b.TempDir()
	for i := range 30 {
		if err := fitgen.Many(filepath.Join(dir, fmt.Sprintf("athlete%02d", i)), 100, uint64(i+10)); err != nil {
			b.Fatal(err)
		}
	}
	squad := func(b *testing.B, db string) {
		args := []string{"squad", "-q", "-j", "2", "--as-of", "2024-04-10", "--store", db, dir}
		if code := run(context.Background(), args, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit status %d", code)
		}
	}
	b.Run("cold", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			db := filepath.Join(b.TempDir(), fmt.Sprintf("cold%d.db", i))
			squad(b, db)
			os.Remove(db)
		}
	})
	b.Run("warm", func(b *testing.B) {
		db := filepath.Join(b.TempDir(), "warm.db")
		squad(b, db)
		for b.Loop() {
			squad(b, db)
		}
	})
}
