package fitparse

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
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

func benchOurs(b *testing.B, files [][]byte) {
	var size int64
	for _, d := range files {
		size += int64(len(d))
	}
	b.SetBytes(size)
	b.ReportAllocs()
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
	var size int64
	for _, d := range files {
		size += int64(len(d))
	}
	b.SetBytes(size)
	b.ReportAllocs()
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

func BenchmarkDecodeRealFiles(b *testing.B) { benchOurs(b, goodFiles(b)) }

func BenchmarkDecodeLarge(b *testing.B) { benchOurs(b, [][]byte{largeFile(b)}) }

func BenchmarkFiledefRealFiles(b *testing.B) { benchFiledef(b, goodFiles(b)) }

func BenchmarkFiledefLarge(b *testing.B) { benchFiledef(b, [][]byte{largeFile(b)}) }
