package fitparse

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDamagedRealCopies damages 200 copies of real activity files, the
// same ones on every run: cut at a random byte, one byte flipped, or
// gzip-compressed and then cut. Every copy must be flagged (Partial or
// Failed, with a problem naming a byte offset), never read as intact, and
// keep what decoded before the damage: never more records than the
// original, and some when the cut or the flip lies in the second half of
// the file (the activity files of 10 to 300 KB).
func TestDamagedRealCopies(t *testing.T) {
	t.Parallel()
	dir := realDir(t)
	type original struct {
		path    string
		data    []byte
		gz      []byte
		records int
	}
	var files []original
	for _, row := range readExpected(t, dir) {
		if row["known_bad"] != "" || strings.Contains(row["path"], "/bad/") || row["file_type"] != "activity" ||
			atoi(t, row, "n_records") == 0 || atoi(t, row, "size") < 10<<10 || atoi(t, row, "size") > 300<<10 {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, row["path"]))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, original{row["path"], data, nil, DecodeBytes(data, "x.fit").Records.Len()})
	}
	if len(files) < 20 {
		t.Fatalf("only %d real activity files", len(files))
	}
	rng := rand.New(rand.NewPCG(12, 2026))
	for i := range 200 {
		o := &files[rng.IntN(len(files))]
		n := len(o.data)
		at := 14 + rng.IntN(n-16) // inside the data, past the header
		var f *File
		var what string
		switch i % 4 {
		case 0, 1:
			what = "cut"
			f = DecodeBytes(o.data[:at], "x.fit")
		case 2:
			what = "flipped"
			b := append([]byte(nil), o.data...)
			b[at] ^= byte(1 + rng.IntN(255))
			f = DecodeBytes(b, "x.fit")
		case 3:
			what = "cut .gz"
			if o.gz == nil {
				o.gz = scanGzip(t, o.data)
			}
			g := o.gz
			gat := 10 + rng.IntN(len(g)-10)
			b, warn, err := gunzip(context.Background(), "x.fit.gz", strings.NewReader(string(g[:gat])), DefaultMaxFileSize)
			if err != nil {
				continue // cut inside the gzip header: nothing inflated
			}
			if warn == nil {
				t.Errorf("copy %d: %s cut at %d of %d: no warning", i, o.path, gat, len(g))
			}
			f = DecodeBytes(b, "x.fit")
			at = len(b)
		}
		checkInvariants(t, f)
		if f.Status == OK {
			t.Errorf("copy %d: %s %s at byte %d of %d decodes as intact", i, o.path, what, at, n)
			continue
		}
		checkBad(t, f)
		if got := f.Records.Len(); got > o.records {
			t.Errorf("copy %d: %s %s at byte %d: %d records, the original has %d", i, o.path, what, at, got, o.records)
		}
		if at > n/2 && f.Records.Len() == 0 {
			// The records of these files start within their first half.
			t.Errorf("copy %d: %s %s at byte %d of %d: nothing kept (%v)", i, o.path, what, at, n, f.Err)
		}
	}
}
