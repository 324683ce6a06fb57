package store_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bounceback/bounceback/store"
)

// ExampleOpen shows a run's use of the cache: a lookup by identity (no
// read of the file), the summary recorded when it missed, and a hit by
// content hash for a copy of the file under another name.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "bounceback")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	s, err := store.Open(filepath.Join(dir, "cache", "bounceback.db"), "analysis-1")
	if err != nil {
		fmt.Println("running without a store:", err)
		return
	}
	defer s.Close()
	for _, w := range s.Warnings() {
		fmt.Println("warning:", w)
	}

	ride := []byte("the bytes of ride.fit")
	id := store.Identity{Path: "ride.fit", Size: int64(len(ride)), ModTime: 1_790_000_000e9, Inode: 42}
	if _, _, ok := s.Lookup(id); !ok {
		fmt.Println("ride.fit: not in the store, decoded")
		err := s.Put([]store.Entry{{Identity: id, Sum: sha256.Sum256(ride), Blob: []byte("summary of ride.fit")}})
		if err != nil {
			fmt.Println(err)
		}
	}
	if _, blob, ok := s.Lookup(id); ok {
		fmt.Printf("ride.fit: %s\n", blob)
	}
	// A copy has an identity of its own but the same content.
	if blob, ok := s.BySum(sha256.Sum256(ride)); ok {
		fmt.Printf("copy of ride.fit: %s\n", blob)
	}
	info, err := s.Info()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d file, %d summary of analysis-1, schema version %d\n",
		info.Files, info.Summaries["analysis-1"], info.SchemaVersion)
	// Output:
	// ride.fit: not in the store, decoded
	// ride.fit: summary of ride.fit
	// copy of ride.fit: summary of ride.fit
	// 1 file, 1 summary of analysis-1, schema version 1
}
