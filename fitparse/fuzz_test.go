package fitparse

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// fuzzScanOptions are the small caps FuzzScan runs Scan with: a tiny memory
// budget (every input costs more and runs alone), a few members per
// archive, a short time budget.
var fuzzScanOptions = ScanOptions{
	Workers:           4,
	MaxFileSize:       1 << 20,
	MaxMemberSize:     2 << 20,
	MemoryBudget:      64 << 10,
	FileTimeout:       5 * time.Second,
	MaxArchiveMembers: 8,
	MaxArchiveBytes:   4 << 20,
}

// fuzzInputs lays out, from one fuzz input, the inputs FuzzScan scans: the
// bytes themselves as a .fit, a .fit.gz and a .zip (so that the fuzzer
// mutates gzip and zip structures too, when seeded with them), the bytes
// gzip-compressed (whole, cut at a point the input chooses, or padded), and
// a zip holding them deflated, stored, as a .gz member and inside a nested
// zip, stored or compressed. It returns the paths to scan.
func fuzzInputs(tb testing.TB, dir string, data []byte, cut uint16) []string {
	g := scanGzip(tb, data)
	at := int(cut) % (len(g) + 1)
	inner := scanZip(tb, scanZipEntry{name: "in.fit", data: data}, scanZipEntry{name: "in.fit.gz", data: g[:at]})
	files := map[string][]byte{
		"raw.fit":    data,
		"raw.fit.gz": data,
		"raw.zip":    data,
		"gz.fit.gz":  g,
		"cut.fit.gz": g[:at],
		"pad.fit.gz": append(bytes.Clone(g), data[:min(len(data), int(cut%64))]...),
		"arch.zip": scanZip(tb,
			scanZipEntry{name: "a.fit", data: data},
			scanZipEntry{name: "s.fit", data: data, store: true},
			scanZipEntry{name: "g.fit.gz", data: g},
			scanZipEntry{name: "n.zip", data: inner, store: cut%2 == 0},
			scanZipEntry{name: "\x1b[2J" + string(data[:min(len(data), 8)]) + ".fit", data: data},
		),
	}
	scanWrite(tb, dir, files)
	var paths []string
	for name := range files {
		paths = append(paths, filepath.Join(dir, name))
	}
	return paths
}

// FuzzScan builds zip and gzip inputs around the fuzz input (see
// fuzzInputs) and scans them with small caps (fuzzScanOptions) and the real
// decoder: Scan must not panic and must return in time, with one result
// per plain or .gz input and between one and MaxArchiveMembers + 1 per zip,
// every File within the size cap and satisfying the invariants. The corpus
// starts from this package's testdata, the project's testdata and, when
// present, the real files of at most 32 KiB in ../shared/fit, some also as
// a .fit.gz and a .zip; nothing is committed.
func FuzzScan(f *testing.F) {
	var seeds [][]byte
	for _, pattern := range []string{"testdata/*.fit", "../testdata/*/*/*.fit"} {
		m, _ := filepath.Glob(pattern)
		for i, p := range m {
			if i%8 == 0 { // a sample of the project's fixtures
				if b, err := os.ReadFile(p); err == nil && len(b) <= 64<<10 {
					seeds = append(seeds, b)
				}
			}
		}
	}
	if real, err := filepath.Abs("../../shared/fit"); err == nil {
		filepath.WalkDir(real, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && filepath.Ext(path) == ".fit" {
				if info, err := d.Info(); err == nil && info.Size() <= 32<<10 {
					if b, err := os.ReadFile(path); err == nil {
						seeds = append(seeds, b)
					}
				}
			}
			return nil
		})
	}
	for i, b := range seeds {
		f.Add(b, uint16(i*977))
		if i%4 == 0 {
			f.Add(scanGzip(f, b), uint16(i))
			f.Add(scanZip(f, scanZipEntry{name: "x.fit", data: b}, scanZipEntry{name: "y.zip", data: scanZip(f, scanZipEntry{name: "z.fit.gz", data: scanGzip(f, b)}), store: true}), uint16(i))
		}
	}
	f.Add([]byte{}, uint16(0))
	f.Add(repeatedZip(f, "a.fit", []byte("x"), 20), uint16(3))
	f.Fuzz(func(t *testing.T, data []byte, cut uint16) {
		dir := t.TempDir()
		paths := fuzzInputs(t, dir, data, cut)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		got, err := Scan(ctx, paths, fuzzScanOptions, func(file *File) string {
			checkInvariants(t, file)
			if file.Size > fuzzScanOptions.MaxFileSize {
				t.Errorf("%s: %d bytes decoded, past the cap", file.Path, file.Size)
			}
			return file.Path
		})
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}
		perInput := map[string]int{}
		for _, p := range got {
			top, _, _ := strings.Cut(strings.TrimPrefix(p, dir+"/"), "/")
			perInput[top]++
		}
		for _, p := range paths {
			name := filepath.Base(p)
			n := perInput[name]
			if strings.HasSuffix(name, ".zip") && (n < 1 || n > fuzzScanOptions.MaxArchiveMembers+1) ||
				!strings.HasSuffix(name, ".zip") && n != 1 {
				t.Errorf("%s: %d results", name, n)
			}
		}
	})
}
