package fitparse

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"hash/crc32"
	"io"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// This file holds the helpers of the hostile-input tests: a guard that
// fails a test rather than let it hang, a heap sampler, and generators of
// hostile inputs. Every input is made at test time; none is committed.

// guard is the wall-clock limit of one hostile-input test: generous, it
// only turns a hang into a failure.
const guard = 60 * time.Second

// within runs fn and fails the test when it has not returned after d (the
// goroutine is left behind: the test binary ends soon after).
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// scanGuarded runs Scan with the real decoder under a context that ends
// after guard, and fails when it does not return in time; it returns one
// line per result, as scanLine makes them.
func scanGuarded(t *testing.T, args []string, opts ScanOptions) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	var got []string
	var err error
	within(t, guard+10*time.Second, func() {
		got, err = Scan(ctx, args, opts, scanLine)
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return got
}

// heapPeak runs fn under a soft memory limit of limit bytes (so that the
// collector keeps garbage from counting) and returns the most heap memory
// in objects seen while it ran, sampled every millisecond, above what was
// in use before.
func heapPeak(limit int64, fn func()) uint64 {
	runtime.GC()
	old := debug.SetMemoryLimit(limit)
	defer debug.SetMemoryLimit(old)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	fn()
	close(stop)
	wg.Wait()
	peak = max(peak, read())
	if peak < base {
		return 0
	}
	return peak - base
}

// gzipMember returns one gzip member holding n zero bytes.
func gzipMember(tb testing.TB, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, len(zeros))
		zw.Write(zeros[:k])
		n -= k
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// gzipBomb returns a gzip stream of a few hundred KB that inflates to 2
// GiB of zeros: 32 members of 64 MiB each, as gzip -d reads them.
func gzipBomb(tb testing.TB) []byte {
	return bytes.Repeat(gzipMember(tb, 64<<20), 32)
}

// zipRaw returns a zip archive whose members hold the already-deflated
// data compressed, each declaring the uncompressed size size and the
// CRC-32 crc: members that claim more than they hold cost nothing to
// make.
func zipRaw(tb testing.TB, names []string, compressed []byte, size uint64, crc uint32) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate,
			CompressedSize64: uint64(len(compressed)), UncompressedSize64: size, CRC32: crc})
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(compressed)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// deflateZeros returns n zero bytes deflated (raw, as a zip member holds
// them) and their CRC-32.
func deflateZeros(tb testing.TB, n int) ([]byte, uint32) {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("z")
	zeros := make([]byte, n)
	w.Write(zeros)
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	rc, err := zr.File[0].OpenRaw()
	if err != nil {
		tb.Fatal(err)
	}
	raw := make([]byte, zr.File[0].CompressedSize64)
	if _, err := io.ReadFull(rc, raw); err != nil {
		tb.Fatal(err)
	}
	return raw, crc32.ChecksumIEEE(zeros)
}

// repeatedZip returns a stored zip whose central directory lists its one
// entry, name holding data, n times: every entry points at the same bytes.
func repeatedZip(tb testing.TB, name string, data []byte, n int) []byte {
	tb.Helper()
	one := scanZip(tb, scanZipEntry{name: name, data: data, store: true})
	eocd := one[len(one)-22:]
	cdSize := binary.LittleEndian.Uint32(eocd[12:])
	cdOff := binary.LittleEndian.Uint32(eocd[16:])
	out := bytes.Clone(one[:cdOff])
	for range n {
		out = append(out, one[cdOff:cdOff+cdSize]...)
	}
	e := bytes.Clone(eocd)
	binary.LittleEndian.PutUint16(e[8:], uint16(n))
	binary.LittleEndian.PutUint16(e[10:], uint16(n))
	binary.LittleEndian.PutUint32(e[12:], uint32(n)*cdSize)
	return append(out, e...)
}

// rawRecords returns a valid FIT activity of about size bytes built byte
// by byte (fast, for large files): a file_id, then records of a timestamp
// and a heart rate, one second apart.
func rawRecords(size int) []byte {
	body := []byte{
		0x40, 0, 0, 0, 0, 1, 0, 1, 0x00, // definition: file_id, type (enum)
		0x00, 4, // file_id: activity
		0x41, 0, 0, 20, 0, 2, 253, 4, 0x86, 3, 1, 0x02, // definition: record, timestamp, heart_rate
	}
	t0 := fitTS(testStart)
	for i := 0; len(body) < size; i++ {
		body = append(body, 0x01)
		body = binary.LittleEndian.AppendUint32(body, t0+uint32(i))
		body = append(body, byte(100+i%50))
	}
	return fitStream(body)
}

// fitStream wraps FIT records in a 14-byte header and the file CRC.
func fitStream(body []byte) []byte {
	h := []byte{14, 0x20, 0x54, 0x08, 0, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0}
	binary.LittleEndian.PutUint32(h[4:], uint32(len(body)))
	binary.LittleEndian.PutUint16(h[12:], crc(h[:12]))
	out := append(h, body...)
	return binary.LittleEndian.AppendUint16(out, crc(out))
}
