package fitparse

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to DecodeBytes: it must not panic, and
// the File must satisfy the invariants (equal column lengths, RR and RRTime
// in step, status and error consistent). The corpus starts from this
// package's testdata, the project's testdata and, when present, the real
// files in ../shared/fit.
func FuzzDecode(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{
		"testdata/*.fit",
		"../testdata/*.fit",
		"../testdata/*/*.fit",
		"../testdata/*/*/*.fit",
	} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	if real, err := filepath.Abs("../../shared/fit"); err == nil {
		filepath.WalkDir(real, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(path) == ".fit" {
				if info, err := d.Info(); err == nil && info.Size() <= 256<<10 {
					seeds = append(seeds, path)
				}
			}
			return nil
		})
	}
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte{})
	f.Add([]byte{14, 0x20, 0, 0, 1, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		file := DecodeBytes(data, "fuzz.fit")
		checkInvariants(t, file)
		if file.Size != int64(len(data)) {
			t.Errorf("size %d, want %d", file.Size, len(data))
		}
	})
}
