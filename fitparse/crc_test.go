package fitparse

import (
	"math/rand/v2"
	"testing"

	"github.com/muktihari/fit/kit/hash/crc16"
)

// TestCRC16 checks the table-driven checksum against the FIT library's
// four-bit one, on every length up to 300 and on every split of a buffer
// into two writes.
func TestCRC16(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 300)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	for n := 0; n <= len(buf); n++ {
		ref := crc16.New()
		ref.Write(buf[:n])
		if got := crc16Update(0, buf[:n]); got != ref.Sum16() {
			t.Fatalf("length %d: got 0x%04x, want 0x%04x", n, got, ref.Sum16())
		}
		if got := crc16Update(crc16Update(0, buf[:n/3]), buf[n/3:n]); got != ref.Sum16() {
			t.Fatalf("length %d in two writes: got 0x%04x, want 0x%04x", n, got, ref.Sum16())
		}
	}
	// A FIT header with its known CRC (the FIT library's own test vector).
	if got := crc16Update(0, []byte{14, 32, 84, 8, 214, 204, 9, 0, 46, 70, 73, 84}); got != 12856 {
		t.Fatalf("header CRC: got %d, want 12856", got)
	}
}

func BenchmarkCRC16(b *testing.B) {
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		crc16Update(0, buf)
	}
}
