package fitparse

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// scanFake returns the bytes of a fake FIT file that scanFakeDecode reads:
// "FAKEFIT" and key=value fields (serial, created, start as Unix seconds,
// partial, pad).
func scanFake(fields ...string) []byte {
	return []byte("FAKEFIT " + strings.Join(fields, " "))
}

// scanFakeDecode stands in for Decode, so that Scan's own logic is tested
// whatever the state of the decoder.
func scanFakeDecode(_ context.Context, b []byte, p string) *File {
	fields := strings.Fields(string(b))
	if len(fields) == 0 || fields[0] != "FAKEFIT" {
		return &File{Path: p, Size: int64(len(b)), Status: Failed, Err: &DecodeError{Path: p, Err: ErrNotFIT}}
	}
	f := &File{Path: p, Size: int64(len(b))}
	for _, kv := range fields[1:] {
		k, v, _ := strings.Cut(kv, "=")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "serial":
			f.ID.Serial = uint32(n)
		case "created":
			f.ID.TimeCreated = time.Unix(n, 0).UTC()
		case "start":
			f.Sessions = append(f.Sessions, Session{Start: time.Unix(n, 0).UTC()})
		case "record":
			f.Records.T = append(f.Records.T, float64(n))
		case "partial":
			f.Status = Partial
		case "skipped":
			f.Status = Skipped
		}
	}
	return f
}

type scanZipEntry struct {
	name  string
	data  []byte
	store bool // stored instead of deflated
}

// scanZip returns a zip archive holding entries; a name ending in "/" is a
// folder entry.
func scanZip(t testing.TB, entries ...scanZipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.store || strings.HasSuffix(e.name, "/") {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scanGzip returns data gzip-compressed.
func scanGzip(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scanWrite writes files (relative path → contents) under dir.
func scanWrite(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// scanLine summarizes a File as one line: path, status, error, and the
// sentinels the error wraps.
func scanLine(f *File) string {
	s := f.Path + " " + f.Status.String()
	if f.Err != nil {
		s += ": " + f.Err.Error()
		for _, e := range []error{ErrNotFIT, ErrTooLarge, ErrDuplicate} {
			if errors.Is(f.Err, e) {
				s += " [" + e.Error() + "]"
			}
		}
	}
	return s
}

// scanLines runs scan with the fake decoder and returns one line per result,
// with dir shown as $D.
func scanLines(t *testing.T, dir string, args []string, opts ScanOptions) []string {
	t.Helper()
	got, err := scan(context.Background(), args, opts, scanLine, scanFakeDecode)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	for i := range got {
		got[i] = strings.ReplaceAll(got[i], dir, "$D")
	}
	return got
}

func TestScan(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) []string // returns the arguments
		opts  ScanOptions
		want  []string
	}{
		{
			name: "folder recursion with mixed case extensions",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{
					"a.FIT":                 scanFake("start=300"),
					"sub/b.fit":             scanFake("start=100"),
					"sub/deeper/c.Fit.Gz":   scanGzip(t, scanFake("start=200")),
					"sub/deeper/d.fit.gz":   scanGzip(t, scanFake("created=250")),
					"sub/e.fit":             scanFake("record=260"),
					"notes.txt":             []byte("not a FIT file"),
					"sub/photo.jpg":         []byte("\xff\xd8"),
					"sub/activity.fit.bak":  []byte("junk"),
					"._a.FIT":               []byte("AppleDouble"),
					"__MACOSX/sub/._b.fit":  []byte("AppleDouble"),
					"sub/deeper/empty/.dot": nil,
				})
				return []string{dir}
			},
			want: []string{
				"$D/sub/b.fit ok",
				"$D/sub/deeper/c.Fit.Gz ok",
				"$D/sub/deeper/d.fit.gz ok",
				"$D/sub/e.fit ok",
				"$D/a.FIT ok",
			},
		},
		{
			name: "a file named explicitly is decoded whatever its name",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{
					"readme.md":    []byte("# hello"),
					"ride.dat":     scanFake("start=1"),
					"ride.gz":      scanGzip(t, scanFake("start=2")),
					"folder/x.txt": []byte("skipped"),
				})
				return []string{dir + "/folder", dir + "/readme.md", dir + "/ride.dat", dir + "/ride.gz"}
			},
			want: []string{
				"$D/ride.dat ok",
				"$D/ride.gz ok",
				"$D/readme.md failed: $D/readme.md: byte 0: not a FIT file [not a FIT file]",
			},
		},
		{
			name: "zip with a folder, a nested zip and a .fit.gz",
			setup: func(t *testing.T, dir string) []string {
				inner := scanZip(t,
					scanZipEntry{name: "b.fit", data: scanFake("start=20")},
					scanZipEntry{name: "x/c.FIT.gz", data: scanGzip(t, scanFake("start=30"))},
				)
				stored := scanZip(t, scanZipEntry{name: "d.fit", data: scanFake("start=40")})
				scanWrite(t, dir, map[string][]byte{
					"export.Zip": scanZip(t,
						scanZipEntry{name: "DI_CONNECT/"},
						scanZipEntry{name: "DI_CONNECT/a.fit", data: scanFake("start=10")},
						scanZipEntry{name: "DI_CONNECT/inner.zip", data: inner},
						scanZipEntry{name: "stored.ZIP", data: stored, store: true},
						scanZipEntry{name: "e.fit.gz", data: scanGzip(t, scanFake("start=50"))},
						scanZipEntry{name: "readme.txt", data: []byte("skipped")},
						scanZipEntry{name: "../up.fit", data: scanFake("start=60")},
						scanZipEntry{name: "__MACOSX/DI_CONNECT/._a.fit", data: []byte("AppleDouble")},
					),
				})
				return []string{dir}
			},
			want: []string{
				"$D/export.Zip/DI_CONNECT/a.fit ok",
				"$D/export.Zip/DI_CONNECT/inner.zip/b.fit ok",
				"$D/export.Zip/DI_CONNECT/inner.zip/x/c.FIT.gz ok",
				"$D/export.Zip/stored.ZIP/d.fit ok",
				"$D/export.Zip/e.fit.gz ok",
				"$D/export.Zip/../up.fit ok",
			},
		},
		{
			name: "top-level .fit.gz, good and corrupt",
			setup: func(t *testing.T, dir string) []string {
				good := scanGzip(t, scanFake("start=1"))
				scanWrite(t, dir, map[string][]byte{
					"strava/1234.fit.gz": good,
					"strava/bad.fit.gz":  []byte("not gzip at all"),
					// The trailer is cut: every byte inflated, no CRC to
					// check them against.
					"strava/cut.fit.gz": func() []byte { b := scanGzip(t, scanFake("start=2")); return b[:len(b)-6] }(),
					// Cut inside the deflate data: the inflated part is
					// kept, and decoded.
					"strava/cut2.fit.gz": scanGzip(t, scanFake("start=3", "pad="+strings.Repeat("ab", 200)))[:32],
				})
				return []string{dir}
			},
			want: []string{
				"$D/strava/1234.fit.gz ok",
				"$D/strava/cut.fit.gz partial",
				"$D/strava/cut2.fit.gz partial",
				"$D/strava/bad.fit.gz failed: $D/strava/bad.fit.gz: gzip: invalid header",
			},
		},
		{
			name: "size cap",
			opts: ScanOptions{MaxMemberSize: 100},
			setup: func(t *testing.T, dir string) []string {
				big := scanFake("start=5", "pad="+strings.Repeat("x", 200))
				scanWrite(t, dir, map[string][]byte{
					"export.zip": scanZip(t,
						scanZipEntry{name: "big.fit", data: big},
						scanZipEntry{name: "big.fit.gz", data: scanGzip(t, big)},
						scanZipEntry{name: "inner.zip", data: scanZip(t, scanZipEntry{name: "x.fit", data: big, store: true})},
						scanZipEntry{name: "small.fit", data: scanFake("start=1")},
					),
					"big.fit.gz": scanGzip(t, big),
					"plain.fit":  big, // files on disk are not capped
				})
				return []string{dir}
			},
			want: []string{
				"$D/export.zip/small.fit ok",
				"$D/plain.fit ok",
				"$D/big.fit.gz failed: $D/big.fit.gz: inflates past the 100-byte cap [larger than the size cap]",
				"$D/export.zip/big.fit failed: $D/export.zip/big.fit: inflates past the 100-byte cap [larger than the size cap]",
				"$D/export.zip/big.fit.gz failed: $D/export.zip/big.fit.gz: inflates past the 100-byte cap [larger than the size cap]",
				"$D/export.zip/inner.zip failed: $D/export.zip/inner.zip: inflates past the 100-byte cap [larger than the size cap]",
			},
		},
		{
			name: "corrupt zips",
			setup: func(t *testing.T, dir string) []string {
				good := scanZip(t,
					scanZipEntry{name: "a.fit", data: scanFake("start=1", "pad="+strings.Repeat("ab", 100))},
					scanZipEntry{name: "b.fit", data: scanFake("start=2")},
				)
				// Damage a.fit's compressed data, which starts after its
				// 30-byte local header and name.
				damaged := bytes.Clone(good)
				for i := 30 + len("a.fit"); i < 30+len("a.fit")+8; i++ {
					damaged[i] ^= 0xff
				}
				scanWrite(t, dir, map[string][]byte{
					"garbage.zip":   []byte("PK\x03\x04 but not really a zip"),
					"truncated.zip": good[:len(good)/2],
					"damaged.zip":   damaged,
					"outer.zip":     scanZip(t, scanZipEntry{name: "inner.zip", data: []byte("junk")}),
				})
				return []string{dir}
			},
			want: []string{
				"$D/damaged.zip/b.fit ok",
				"$D/damaged.zip/a.fit failed: $D/damaged.zip/a.fit: flate: corrupt input before offset 9",
				"$D/garbage.zip failed: $D/garbage.zip: zip: not a valid zip file",
				"$D/outer.zip/inner.zip failed: $D/outer.zip/inner.zip: zip: not a valid zip file",
				"$D/truncated.zip failed: $D/truncated.zip: zip: not a valid zip file",
			},
		},
		{
			name: "zips nested too deep",
			setup: func(t *testing.T, dir string) []string {
				z := scanZip(t, scanZipEntry{name: "a.fit", data: scanFake("start=1")})
				for i := 5; i >= 2; i-- {
					z = scanZip(t,
						scanZipEntry{name: fmt.Sprintf("l%d.fit", i), data: scanFake("start=" + strconv.Itoa(10*i))},
						scanZipEntry{name: fmt.Sprintf("l%d.zip", i), data: z},
					)
				}
				scanWrite(t, dir, map[string][]byte{"l1.zip": z})
				return []string{dir + "/l1.zip"}
			},
			want: []string{
				"$D/l1.zip/l2.fit ok",
				"$D/l1.zip/l2.zip/l3.fit ok",
				"$D/l1.zip/l2.zip/l3.zip/l4.fit ok",
				"$D/l1.zip/l2.zip/l3.zip/l4.zip/l5.fit ok",
				"$D/l1.zip/l2.zip/l3.zip/l4.zip/l5.zip failed: $D/l1.zip/l2.zip/l3.zip/l4.zip/l5.zip: zip archives nested deeper than 4 levels",
			},
		},
		{
			name: "nonexistent argument",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{"a.fit": scanFake("start=1")})
				return []string{dir + "/nope.fit", dir + "/a.fit", dir + "/gone"}
			},
			want: []string{
				"$D/a.fit ok",
				"$D/gone failed: stat $D/gone: no such file or directory",
				"$D/nope.fit failed: stat $D/nope.fit: no such file or directory",
			},
		},
		{
			name: "broken symlinks",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{"a.fit": scanFake("start=1")})
				scanSymlink(t, "missing.fit", dir+"/gone.fit")
				scanSymlink(t, "missing.zip", dir+"/gone.zip")
				scanSymlink(t, "missing.txt", dir+"/gone.txt") // not an input: skipped
				scanSymlink(t, "self.fit", dir+"/self.fit")    // a link to itself
				return []string{dir}
			},
			want: []string{
				"$D/a.fit ok",
				"$D/gone.fit failed: stat $D/gone.fit: no such file or directory",
				"$D/gone.zip failed: stat $D/gone.zip: no such file or directory",
				"$D/self.fit failed: stat $D/self.fit: too many levels of symbolic links",
			},
		},
		{
			name: "symlink loop and a folder linked twice",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{
					"a.fit":         scanFake("start=1"),
					"real/b.fit":    scanFake("start=2"),
					"sub/c.fit":     scanFake("start=3"),
					"sub/x/d.fit":   scanFake("start=4"),
					"linked/keep.1": nil,
				})
				scanSymlink(t, "..", dir+"/sub/up")         // loops to dir
				scanSymlink(t, "../..", dir+"/sub/x/top")   // loops to dir
				scanSymlink(t, ".", dir+"/sub/x/here")      // loops to itself
				scanSymlink(t, "real", dir+"/alias")        // walked as alias/, not again as real/
				scanSymlink(t, dir+"/real", dir+"/sub/abs") // already walked: skipped
				return []string{dir, dir + "/sub"}
			},
			want: []string{
				"$D/a.fit ok",
				"$D/alias/b.fit ok",
				"$D/sub/c.fit ok",
				"$D/sub/x/d.fit ok",
				"$D/sub/up failed: $D/sub/up: symlink loop back to $D",
				"$D/sub/x/here failed: $D/sub/x/here: symlink loop back to $D/sub/x",
				"$D/sub/x/top failed: $D/sub/x/top: symlink loop back to $D",
			},
		},
		{
			name: "duplicates: extracted and inside the zip",
			setup: func(t *testing.T, dir string) []string {
				act := scanFake("serial=7", "created=1000", "start=1000")
				scanWrite(t, dir, map[string][]byte{
					"a.fit": act,
					"arch.zip": scanZip(t,
						scanZipEntry{name: "a.fit", data: act},
						scanZipEntry{name: "nested.zip", data: scanZip(t, scanZipEntry{name: "a.fit.gz", data: scanGzip(t, act)})},
					),
					// Same serial, other time: another activity.
					"b.fit": scanFake("serial=7", "created=2000", "start=2000"),
					// No serial, same bytes: a duplicate all the same.
					"c.fit": scanFake("created=1000", "start=1000"),
					"d.fit": scanFake("created=1000", "start=1000"),
					// No serial, other bytes: another file.
					"e.fit": scanFake("created=1000", "start=1000", "pad=e"),
				})
				return []string{dir}
			},
			want: []string{
				"$D/a.fit ok",
				"$D/arch.zip/a.fit skipped: $D/arch.zip/a.fit: duplicate of $D/a.fit [duplicate]",
				"$D/arch.zip/nested.zip/a.fit.gz skipped: $D/arch.zip/nested.zip/a.fit.gz: duplicate of $D/a.fit [duplicate]",
				"$D/c.fit ok",
				"$D/d.fit skipped: $D/d.fit: duplicate of $D/c.fit [duplicate]",
				"$D/e.fit ok",
				"$D/b.fit ok",
			},
		},
		{
			name: "duplicates without serial or time created",
			setup: func(t *testing.T, dir string) []string {
				rec := scanFake("record=500")
				scanWrite(t, dir, map[string][]byte{
					"x.fit":    rec,
					"y.fit":    rec,
					"y.fit.gz": scanGzip(t, rec), // the same bytes once inflated
					"z.fit":    scanFake("record=500", "pad=z"),
					"n1.fit":   scanFake(),
					"n2.fit":   scanFake(),
					// Failures are never duplicates.
					"bad1.fit": []byte("junk"),
					"bad2.fit": []byte("junk"),
				})
				return []string{dir}
			},
			want: []string{
				"$D/x.fit ok",
				"$D/y.fit skipped: $D/y.fit: duplicate of $D/x.fit [duplicate]",
				"$D/y.fit.gz skipped: $D/y.fit.gz: duplicate of $D/x.fit [duplicate]",
				"$D/z.fit ok",
				"$D/bad1.fit failed: $D/bad1.fit: byte 0: not a FIT file [not a FIT file]",
				"$D/bad2.fit failed: $D/bad2.fit: byte 0: not a FIT file [not a FIT file]",
				"$D/n1.fit ok",
				"$D/n2.fit skipped: $D/n2.fit: duplicate of $D/n1.fit [duplicate]",
			},
		},
		{
			name: "the same file named twice is one input",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{
					"a.fit":   scanFake("start=1"),
					"b.fit":   scanFake("start=2"),
					"ride.gz": scanGzip(t, scanFake("start=3")),
					"x.zip":   scanZip(t, scanZipEntry{name: "c.fit", data: scanFake("start=4")}),
				})
				t.Chdir(dir)
				return []string{"./a.fit", "a.fit", dir + "/a.fit", dir + "/../" + filepath.Base(dir) + "/a.fit",
					"b.fit", "b.fit", "ride.gz", dir + "/ride.gz", "x.zip", "./x.zip"}
			},
			want: []string{
				"./a.fit ok",
				"b.fit ok",
				"ride.gz ok",
				"x.zip/c.fit ok",
			},
		},
		{
			name: "the same file through a folder and an argument is one input",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{
					"sub/a.fit": scanFake("start=1"),
					"sub/b.zip": scanZip(t, scanZipEntry{name: "b.fit", data: scanFake("start=2")}),
					"other.fit": scanFake("start=3"),
				})
				return []string{dir + "/sub", dir + "/sub/a.fit", dir + "/other.fit", dir, dir + "/sub/b.zip"}
			},
			want: []string{
				"$D/sub/a.fit ok",
				"$D/sub/b.zip/b.fit ok",
				"$D/other.fit ok",
			},
		},
		{
			name: "a file linked twice is one input",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{
					"real/a.fit":    scanFake("start=1"),
					"real/b.fit":    scanFake("start=2"),
					"sub/other.txt": nil,
				})
				scanSymlink(t, "real/a.fit", dir+"/link.fit")
				scanSymlink(t, "../real/a.fit", dir+"/sub/deeper.fit")
				if err := os.Link(dir+"/real/b.fit", dir+"/hard.fit"); err != nil {
					t.Skipf("hard links not supported: %v", err)
				}
				// The link named first is the input's path.
				return []string{dir + "/link.fit", dir}
			},
			want: []string{
				"$D/link.fit ok",
				"$D/hard.fit ok",
			},
		},
		{
			name: "same file_id but other bytes: not a duplicate",
			setup: func(t *testing.T, dir string) []string {
				act := scanFake("serial=7", "created=1000", "start=1000")
				scanWrite(t, dir, map[string][]byte{
					"a.fit":       act,
					"b.fit":       act,
					"chained.fit": append(bytes.Clone(act), " pad=more"...),
					"partial.fit": scanFake("serial=7", "created=1000", "start=1000", "partial"),
				})
				return []string{dir}
			},
			want: []string{
				"$D/a.fit ok",
				"$D/b.fit skipped: $D/b.fit: duplicate of $D/a.fit [duplicate]",
				"$D/chained.fit ok",
				"$D/partial.fit partial",
			},
		},
		{
			name: "inputs without a time come last, by path",
			setup: func(t *testing.T, dir string) []string {
				scanWrite(t, dir, map[string][]byte{
					"a.fit": []byte("garbage"),
					"b.fit": scanFake("start=5"),
					"c.fit": scanFake(),
					"d.fit": scanFake("created=4"),
				})
				return []string{dir}
			},
			want: []string{
				"$D/d.fit ok",
				"$D/b.fit ok",
				"$D/a.fit failed: $D/a.fit: byte 0: not a FIT file [not a FIT file]",
				"$D/c.fit ok",
			},
		},
		{
			name: "no arguments",
			setup: func(t *testing.T, dir string) []string {
				return nil
			},
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := tt.setup(t, dir)
			got := scanLines(t, dir, args, tt.opts)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func scanSymlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links not supported: %v", err)
	}
}

func TestScanUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions are not enforced")
	}
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{
		"a.fit":           scanFake("start=1"),
		"locked.fit":      scanFake("start=2"),
		"lockeddir/b.fit": scanFake("start=3"),
		"locked.zip":      scanZip(t, scanZipEntry{name: "c.fit", data: scanFake("start=4")}),
	})
	for _, name := range []string{"locked.fit", "lockeddir", "locked.zip"} {
		p := filepath.Join(dir, name)
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o755) })
	}
	got := scanLines(t, dir, []string{dir}, ScanOptions{})
	want := []string{
		"$D/a.fit ok",
		"$D/locked.fit failed: open $D/locked.fit: permission denied",
		"$D/locked.zip failed: open $D/locked.zip: permission denied",
		"$D/lockeddir failed: open $D/lockeddir: permission denied",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// scanBigTree writes n fake activities under dir, spread over folders, zips
// and .gz files, with repeated start times and some duplicates.
func scanBigTree(t testing.TB, dir string, n int) {
	t.Helper()
	files := map[string][]byte{}
	var members []scanZipEntry
	for i := range n {
		act := scanFake(fmt.Sprintf("serial=%d", 1+i%5), fmt.Sprintf("created=%d", (i*7919)%(n/2+1)), fmt.Sprintf("start=%d", (i*7919)%(n/3+1)))
		switch i % 4 {
		case 0:
			files[fmt.Sprintf("d%d/%03d.fit", i%3, i)] = act
		case 1:
			files[fmt.Sprintf("d%d/%03d.fit.gz", i%3, i)] = scanGzip(t, act)
		case 2:
			members = append(members, scanZipEntry{name: fmt.Sprintf("m/%03d.fit", i), data: act})
		case 3:
			files[fmt.Sprintf("%03d.fit", i)] = scanFake()
		}
	}
	files["export.zip"] = scanZip(t,
		scanZipEntry{name: "part1.zip", data: scanZip(t, members[:len(members)/2]...)},
		scanZipEntry{name: "part2.zip", data: scanZip(t, members[len(members)/2:]...), store: true},
	)
	files["loose.zip"] = scanZip(t, members...)
	scanWrite(t, dir, files)
}

func TestScanOrderIndependentOfWorkers(t *testing.T) {
	dir := t.TempDir()
	scanBigTree(t, dir, 120)
	var first []string
	for _, workers := range []int{1, 2, 8, 0} {
		got := scanLines(t, dir, []string{dir}, ScanOptions{Workers: workers})
		if first == nil {
			first = got
			if len(got) < 120 {
				t.Fatalf("got %d results, want at least 120", len(got))
			}
			continue
		}
		if !slices.Equal(got, first) {
			t.Errorf("Workers %d: order differs from Workers 1:\n\t%s\nwant:\n\t%s", workers, strings.Join(got, "\n\t"), strings.Join(first, "\n\t"))
		}
	}
}

func TestScanProgress(t *testing.T) {
	dir := t.TempDir()
	scanBigTree(t, dir, 40)
	var calls [][2]int
	opts := ScanOptions{Workers: 4, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total}) // serialized by Scan
	}}
	var fnCalls atomic.Int64
	got, err := scan(context.Background(), []string{dir}, opts, func(f *File) string {
		fnCalls.Add(1)
		return f.Path
	}, scanFakeDecode)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != len(got) {
		t.Fatalf("Progress called %d times for %d results", len(calls), len(got))
	}
	for i, c := range calls {
		if c[0] != i+1 || c[1] < c[0] {
			t.Errorf("call %d: Progress(%d, %d)", i, c[0], c[1])
		}
	}
	if last := calls[len(calls)-1]; last[1] != len(got) {
		t.Errorf("last Progress(%d, %d), want total %d", last[0], last[1], len(got))
	}
	// fn runs once per input, and once more for each duplicate.
	dups := 0
	seen := map[string]bool{}
	for _, p := range got {
		if seen[p] {
			t.Errorf("path %s returned twice", p)
		}
		seen[p] = true
	}
	lines := scanLines(t, dir, []string{dir}, ScanOptions{})
	for _, l := range lines {
		if strings.Contains(l, "[duplicate]") {
			dups++
		}
	}
	if dups == 0 {
		t.Fatal("tree has no duplicates: test is too weak")
	}
	if n := int(fnCalls.Load()); n != len(got)+dups {
		t.Errorf("fn called %d times, want %d results + %d duplicates", n, len(got), dups)
	}
}

func TestScanCancel(t *testing.T) {
	dir := t.TempDir()
	scanBigTree(t, dir, 40)
	before := runtime.NumGoroutine()

	t.Run("pre-cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var calls atomic.Int64
		got, err := scan(ctx, []string{dir}, ScanOptions{}, func(f *File) int {
			calls.Add(1)
			return 0
		}, scanFakeDecode)
		if !errors.Is(err, context.Canceled) || got != nil {
			t.Errorf("got %v, %v; want nil, context.Canceled", got, err)
		}
		if n := calls.Load(); n != 0 {
			t.Errorf("fn called %d times", n)
		}
	})

	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("cancel in fn, %d workers", workers), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var calls atomic.Int64
			got, err := scan(ctx, []string{dir}, ScanOptions{Workers: workers}, func(f *File) int {
				if calls.Add(1) == 1 {
					cancel()
				}
				return 0
			}, scanFakeDecode)
			if !errors.Is(err, context.Canceled) || got != nil {
				t.Errorf("got %v, %v; want nil, context.Canceled", got, err)
			}
			// Only the inputs already running when fn cancelled may finish.
			if n := calls.Load(); n < 1 || n > int64(workers) {
				t.Errorf("fn called %d times, want 1 to %d", n, workers)
			}
		})
	}

	// Every worker has returned: the goroutine count comes back down. The
	// last workers may still be between wg.Done and their exit, so allow
	// them a moment.
	for i := 0; runtime.NumGoroutine() > before; i++ {
		if i == 200 {
			t.Fatalf("%d goroutines after Scan returned, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// scanListing describes every file under dir: path, mode, size, modification
// time.
func scanListing(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %v %d %v", p, info.Mode(), info.Size(), info.ModTime().UnixNano()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestScanWritesNothing(t *testing.T) {
	dir := t.TempDir()
	scanBigTree(t, dir, 40)
	scanWrite(t, dir, map[string][]byte{"bad.zip": []byte("junk"), "bad.fit.gz": []byte("junk")})
	before := scanListing(t, dir)
	scanLines(t, dir, []string{dir}, ScanOptions{MaxMemberSize: 50})
	scanLines(t, dir, []string{dir}, ScanOptions{})
	if after := scanListing(t, dir); !slices.Equal(before, after) {
		t.Errorf("input folder changed:\nbefore:\n\t%s\nafter:\n\t%s", strings.Join(before, "\n\t"), strings.Join(after, "\n\t"))
	}
}

// TestScanClosesArchives checks that every archive and file Scan opened is
// closed when it returns, by counting this process's open descriptors.
func TestScanClosesArchives(t *testing.T) {
	fds := func() int {
		es, _ := os.ReadDir("/proc/self/fd")
		return len(es)
	}
	if fds() == 0 {
		t.Skip("cannot count open files: no /proc/self/fd")
	}
	dir := t.TempDir()
	files := map[string][]byte{}
	for i := range 30 {
		files[fmt.Sprintf("z%02d.zip", i)] = scanZip(t,
			scanZipEntry{name: "a.fit", data: scanFake("start=" + strconv.Itoa(i))},
			scanZipEntry{name: "in.zip", data: scanZip(t, scanZipEntry{name: "b.fit", data: scanFake()}), store: i%2 == 0},
		)
	}
	scanWrite(t, dir, files)
	before := fds()
	var maxOpen atomic.Int64
	got, err := scan(context.Background(), []string{dir}, ScanOptions{Workers: 2}, func(f *File) int {
		n := int64(fds())
		for {
			m := maxOpen.Load()
			if n <= m || maxOpen.CompareAndSwap(m, n) {
				break
			}
		}
		return 0
	}, scanFakeDecode)
	if err != nil || len(got) != 60 {
		t.Fatalf("got %d results, %v; want 60", len(got), err)
	}
	if after := fds(); after != before {
		t.Errorf("%d open files after Scan, %d before", after, before)
	}
	// Archives are closed as soon as their members are read, so a folder
	// of 30 zips never holds them all open.
	if m := maxOpen.Load(); m > int64(before+10) {
		t.Errorf("%d files open during Scan, %d before", m, before)
	}
}

func TestScanFnConcurrent(t *testing.T) {
	// fn runs on worker goroutines; with -race this checks that Scan's own
	// bookkeeping around it is race-free.
	dir := t.TempDir()
	scanBigTree(t, dir, 60)
	var mu sync.Mutex
	count := map[Status]int{}
	_, err := scan(context.Background(), []string{dir, dir + "/loose.zip"}, ScanOptions{Workers: 8}, func(f *File) Status {
		mu.Lock()
		count[f.Status]++
		mu.Unlock()
		return f.Status
	}, scanFakeDecode)
	if err != nil {
		t.Fatal(err)
	}
	if count[OK] == 0 || count[Skipped] == 0 {
		t.Errorf("statuses %v: want some ok and some skipped duplicates", count)
	}
}

func TestIsFITName(t *testing.T) {
	tests := []struct {
		name         string
		fit, archive bool
	}{
		{"ride.fit", true, false},
		{"RIDE.FIT", true, false},
		{"a/b/ride.Fit", true, false},
		{"1234.fit.gz", true, false},
		{"1234.FIT.GZ", true, false},
		{"export.zip", false, true},
		{"Export.ZIP", false, true},
		{"ride.fit.bak", false, false},
		{"ride.gz", false, false},
		{"fit", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := IsFITName(tt.name); got != tt.fit {
			t.Errorf("IsFITName(%q) = %v, want %v", tt.name, got, tt.fit)
		}
		if got := IsArchiveName(tt.name); got != tt.archive {
			t.Errorf("IsArchiveName(%q) = %v, want %v", tt.name, got, tt.archive)
		}
	}
}

func TestCapString(t *testing.T) {
	for n, want := range map[int64]string{
		DefaultMaxMemberSize: "256 MiB",
		1 << 20:              "1 MiB",
		64 << 10:             "64 KiB",
		1500 << 10:           "1500 KiB",
		100:                  "100-byte",
		1<<20 + 1:            "1048577-byte",
	} {
		if got := capString(n); got != want {
			t.Errorf("capString(%d) = %q, want %q", n, got, want)
		}
	}
}

func ExampleIsFITName() {
	for _, name := range []string{"Morning_Run.FIT", "1234567.fit.gz", "export.zip", "notes.txt"} {
		fmt.Println(name, IsFITName(name), IsArchiveName(name))
	}
	// Output:
	// Morning_Run.FIT true false
	// 1234567.fit.gz true false
	// export.zip false true
	// notes.txt false false
}

// scanSharedFIT returns the folder of real FIT files (../shared/fit from the
// module root). It skips the test when the folder is absent, unless CI is
// set.
func scanSharedFIT(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "fit"))
	if err == nil {
		if _, err = os.Stat(dir); err == nil {
			return dir
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("real FIT files: %v (CI is set, so not skipping)", err)
	}
	tb.Skipf("real FIT files not found: %v", err)
	return ""
}

// TestScanRealFiles scans real FIT files laid out as a Garmin export and a
// Strava export would be, through the real decoder.
func TestScanRealFiles(t *testing.T) {
	shared := scanSharedFIT(t)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(shared, "dtcooper__python-fitparse/tests/files", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// The same Fenix 5 recorded these three: same serial, distinct times.
	run, walk, bike := read("garmin-fenix-5-run.fit"), read("garmin-fenix-5-walk.fit"), read("garmin-fenix-5-bike.fit")
	dir := t.TempDir()
	scanWrite(t, dir, map[string][]byte{
		"extracted/run.fit": run,
		"export.zip": scanZip(t,
			scanZipEntry{name: "DI_CONNECT/uploads.zip", data: scanZip(t,
				scanZipEntry{name: "run.fit", data: run},
				scanZipEntry{name: "bike.FIT", data: bike},
			)},
		),
		"strava/walk.fit.gz": scanGzip(t, walk),
		"strava/notes.csv":   []byte("id,name\n"),
		"not-fit.fit":        []byte("this is not a FIT file at all"),
	})
	got, err := Scan(context.Background(), []string{dir}, ScanOptions{}, func(f *File) string {
		line := scanLine(f)
		if f.Status == OK && !f.IsActivity() {
			line += " (no activity)"
		}
		return strings.ReplaceAll(line, dir, "$D")
	})
	if err != nil {
		t.Fatal(err)
	}
	// The walk started before the run, the run before the ride. The run's
	// copy in the archive sorts before the extracted one ("export.zip" <
	// "extracted") and is kept.
	want := []string{
		"$D/strava/walk.fit.gz ok",
		"$D/export.zip/DI_CONNECT/uploads.zip/run.fit ok",
		"$D/extracted/run.fit skipped: $D/extracted/run.fit: duplicate of $D/export.zip/DI_CONNECT/uploads.zip/run.fit [duplicate]",
		"$D/export.zip/DI_CONNECT/uploads.zip/bike.FIT ok",
	}
	// The non-FIT file has no time: it comes last, its message from the
	// decoder.
	if len(got) != len(want)+1 || !strings.HasPrefix(got[len(got)-1], "$D/not-fit.fit failed: ") || !strings.HasSuffix(got[len(got)-1], "[not a FIT file]") {
		t.Fatalf("got:\n\t%s\nwant:\n\t%s\n\t$D/not-fit.fit failed: ... [not a FIT file]", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if !slices.Equal(got[:len(want)], want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// scanRealSize returns the total size of the FIT files under dir and, when
// zipped is set, a zip archive holding them all.
func scanRealSize(b *testing.B, dir string, zipped bool) (int64, []byte) {
	var size int64
	var entries []scanZipEntry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsFITName(p) {
			return err
		}
		data, err := os.ReadFile(p)
		size += int64(len(data))
		if zipped {
			entries = append(entries, scanZipEntry{name: p, data: data})
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if !zipped {
		return size, nil
	}
	return size, scanZip(b, entries...)
}

// BenchmarkScanRealFiles scans every real FIT file with one worker per core.
// Throughput is in MB of FIT files per second.
func BenchmarkScanRealFiles(b *testing.B) {
	shared := scanSharedFIT(b)
	size, _ := scanRealSize(b, shared, false)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		got, err := Scan(context.Background(), []string{shared}, ScanOptions{Workers: runtime.GOMAXPROCS(0)}, func(f *File) Status { return f.Status })
		if err != nil || len(got) == 0 {
			b.Fatalf("got %d results, %v", len(got), err)
		}
	}
}

// BenchmarkScanRealFilesZipped scans the same files from one zip archive, to
// show what inflating members in memory costs.
func BenchmarkScanRealFilesZipped(b *testing.B) {
	shared := scanSharedFIT(b)
	size, z := scanRealSize(b, shared, true)
	p := filepath.Join(b.TempDir(), "all.zip")
	if err := os.WriteFile(p, z, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		got, err := Scan(context.Background(), []string{p}, ScanOptions{Workers: runtime.GOMAXPROCS(0)}, func(f *File) Status { return f.Status })
		if err != nil || len(got) == 0 {
			b.Fatalf("got %d results, %v", len(got), err)
		}
	}
}
