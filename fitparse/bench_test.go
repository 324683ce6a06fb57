package fitparse

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/filedef"
)

// goodFiles reads every good file listed in expected.tsv.
func goodFiles(b *testing.B) [][]byte {
	dir := realDir(b)
	var out [][]byte
	for _, row := range readExpected(b, dir) {
		if row["known_bad"] != "" || strings.Contains(row["path"], "/bad/") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, row["path"]))
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

func largeFile(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join(realDir(b), "muktihari__fit", "testdata", "big_activity.fit"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// perPass sets b's bytes per operation to the size of files, one pass over
// all of them, and reports allocations.
func perPass(b *testing.B, files [][]byte) {
	var size int64
	for _, d := range files {
		size += int64(len(d))
	}
	b.SetBytes(size)
	b.ReportAllocs()
}

func benchOurs(b *testing.B, files [][]byte) {
	perPass(b, files)
	for b.Loop() {
		for _, d := range files {
			if f := DecodeBytes(d, "bench.fit"); f.Status == Failed {
				b.Fatal(f.Err)
			}
		}
	}
}

// benchFiledef is the bar: muktihari's own full decode into its profile
// types (filedef listener, checksum on).
func benchFiledef(b *testing.B, files [][]byte) {
	perPass(b, files)
	lis := filedef.NewListener()
	defer lis.Close()
	dec := decoder.New(nil)
	for b.Loop() {
		for _, d := range files {
			dec.Reset(bytes.NewReader(d), decoder.WithMesgListener(lis), decoder.WithBroadcastOnly())
			for dec.Next() {
				if _, err := dec.Decode(); err != nil {
					break
				}
				_ = lis.File()
			}
		}
	}
}

// benchLibrary is the plain full decode of the FIT library (decoder.Decode
// with its defaults: checksum, component expansion, every message kept):
// the yardstick of issue 15.
func benchLibrary(b *testing.B, files [][]byte) {
	perPass(b, files)
	dec := decoder.New(nil)
	for b.Loop() {
		for _, d := range files {
			libraryPlain(dec, d)
		}
	}
}

// libraryPlain decodes every sequence of data with the FIT library.
func libraryPlain(dec *decoder.Decoder, data []byte) {
	dec.Reset(bytes.NewReader(data))
	for dec.Next() {
		if _, err := dec.Decode(); err != nil {
			break
		}
	}
}

// benchJ2 decodes the files on two goroutines, as analyze -j 2 does: the
// time of one pass over all of them.
func benchJ2(b *testing.B, files [][]byte, decode func(worker int, data []byte)) {
	perPass(b, files)
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < int64(len(files)); i = next.Add(1) - 1 {
					decode(w, files[i])
				}
			})
		}
		wg.Wait()
	}
}

func BenchmarkDecodeRealFiles(b *testing.B) { benchOurs(b, goodFiles(b)) }

// BenchmarkLibraryRealFiles: the FIT library's plain full decode of the
// same files.
func BenchmarkLibraryRealFiles(b *testing.B) { benchLibrary(b, goodFiles(b)) }

// BenchmarkDecodeRealFilesJ2: our decode of the same files on 2 workers.
func BenchmarkDecodeRealFilesJ2(b *testing.B) {
	benchJ2(b, goodFiles(b), func(_ int, d []byte) { DecodeBytes(d, "bench.fit") })
}

// BenchmarkLibraryRealFilesJ2: the library's plain full decode on 2
// workers, the bar of analyze -j 2 (issue 15: analyze within a fifth of
// its time).
func BenchmarkLibraryRealFilesJ2(b *testing.B) {
	decs := [2]*decoder.Decoder{decoder.New(nil), decoder.New(nil)}
	benchJ2(b, goodFiles(b), func(w int, d []byte) { libraryPlain(decs[w], d) })
}

// BenchmarkOracleRealFiles: the former decode path (the library feeding
// our listener, oracle_test.go), for comparison.
func BenchmarkOracleRealFiles(b *testing.B) {
	files := goodFiles(b)
	perPass(b, files)
	for b.Loop() {
		for _, d := range files {
			libraryDecode(d, "bench.fit")
		}
	}
}

func BenchmarkDecodeLarge(b *testing.B) { benchOurs(b, [][]byte{largeFile(b)}) }

func BenchmarkFiledefRealFiles(b *testing.B) { benchFiledef(b, goodFiles(b)) }

func BenchmarkFiledefLarge(b *testing.B) { benchFiledef(b, [][]byte{largeFile(b)}) }
