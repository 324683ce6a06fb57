package fitparse

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// cacheResult is what the cache tests' fn keeps of a File.
type cacheResult struct {
	Path     string
	Status   Status
	Err      string
	Records  int
	Sessions int
	Export   bool
}

func cacheFn(f *File) cacheResult {
	r := cacheResult{Path: f.Path, Status: f.Status, Records: f.Records.Len(), Sessions: len(f.Sessions), Export: f.Export != nil}
	if f.Err != nil {
		r.Err = f.Err.Error()
	}
	return r
}

// mapCache is a Cache in memory that counts its hits.
type mapCache struct {
	mu              sync.Mutex
	byID            map[InputID][32]byte
	bySum           map[[32]byte]cacheEntry
	idHits, sumHits int
	stores          int
}

type cacheEntry struct {
	v cacheResult
	m ScanMeta
}

func newMapCache() *mapCache {
	return &mapCache{byID: map[InputID][32]byte{}, bySum: map[[32]byte]cacheEntry{}}
}

func (c *mapCache) Lookup(id InputID) (cacheResult, ScanMeta, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sum, ok := c.byID[id]
	if !ok {
		return cacheResult{}, ScanMeta{}, false
	}
	e := c.bySum[sum]
	c.idHits++
	e.v.Path = id.Path
	return e.v, e.m, true
}

func (c *mapCache) LookupSum(id InputID, sum [32]byte) (cacheResult, ScanMeta, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.bySum[sum]
	if !ok {
		return cacheResult{}, ScanMeta{}, false
	}
	c.sumHits++
	e.v.Path = id.Path
	return e.v, e.m, true
}

func (c *mapCache) Store(id InputID, sum [32]byte, m ScanMeta, v cacheResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stores++
	c.byID[id] = sum
	c.bySum[sum] = cacheEntry{v, m}
}

func (c *mapCache) counts() (id, sum, stores int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, sum, stores = c.idHits, c.sumHits, c.stores
	c.idHits, c.sumHits, c.stores = 0, 0, 0
	return id, sum, stores
}

// cacheFolder makes a folder of every kind of input Scan reads: plain FIT
// files, a copy of one, a .fit.gz file, a zip with a FIT member and a
// .fit.gz member, the JSON files of an export, a damaged file and a file
// that fails.
func cacheFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	names, _ := filepath.Glob("../testdata/block/activities/*.fit")
	if len(names) < 6 {
		t.Fatalf("found %d block files", len(names))
	}
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	write := func(p string, b []byte) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	for _, n := range names[:3] {
		write(filepath.Join(dir, filepath.Base(n)), read(n))
	}
	write(filepath.Join(dir, "copy", filepath.Base(names[0])), read(names[0]))
	write(filepath.Join(dir, "a.fit.gz"), gz(read(names[3])))
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, b := range map[string][]byte{"m.fit": read(names[4]), "n.fit.gz": gz(read(names[5]))} {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	write(filepath.Join(dir, "b.zip"), zb.Bytes())
	cut := read(names[1])
	write(filepath.Join(dir, "cut.fit"), cut[:len(cut)/2])
	write(filepath.Join(dir, "empty.fit"), nil)
	exports, _ := filepath.Glob("testdata/export/DI_CONNECT/*/*.json")
	for _, n := range exports {
		rel, _ := filepath.Rel("testdata/export", n)
		write(filepath.Join(dir, rel), read(n))
	}
	return dir
}

// TestScanCached checks that a warm scan reads nothing a cache holds and
// gives what a scan without a cache gives, that a moved or touched file
// is found by its contents and a changed one is decoded again, and that
// what failed is never stored.
func TestScanCached(t *testing.T) {
	dir := cacheFolder(t)
	ctx := context.Background()
	scanNow := func(c Cache[cacheResult]) []cacheResult {
		t.Helper()
		got, err := ScanCached(ctx, []string{dir}, ScanOptions{Workers: 1}, cacheFn, c)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := scanNow(nil)
	// What a cache keeps: every input read in full or in part, and the
	// copy (by its identity; its result is made again as a duplicate's).
	// Not the empty file, which fails, nor the export's file of a kind
	// not read.
	kept, dups, failed := 0, 0, 0
	for _, r := range want {
		switch {
		case r.Status == OK || r.Status == Partial:
			kept++
		case strings.Contains(r.Err, "duplicate of"):
			kept++
			dups++
		case r.Status == Failed:
			failed++
		}
	}
	if dups != 1 || failed != 1 || kept < 14 {
		t.Fatalf("found %d inputs kept, %d duplicates, %d failed; want 14 or more, the copy only, the empty file only: %+v", kept, dups, failed, want)
	}
	c := newMapCache()
	check := func(what string, wantID, wantSum, wantStores int) {
		t.Helper()
		got := scanNow(c)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: results differ from a scan without a cache:\n got %+v\nwant %+v", what, got, want)
		}
		id, sum, stores := c.counts()
		if id != wantID || sum != wantSum || stores != wantStores {
			t.Errorf("%s: %d hits by identity, %d by contents, %d stored; want %d, %d, %d", what, id, sum, stores, wantID, wantSum, wantStores)
		}
	}
	// The copy is stored under its identity too: its contents are a hit.
	check("cold", 0, 1, kept)
	check("warm", kept, 0, 0)

	// Touched: a new modification time, the same contents.
	plain := filepath.Join(dir, "2026-09-03-18-20-13_RUN.fit")
	if err := os.Chtimes(plain, time.Now(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("touched", kept-1, 1, 1)

	// Moved: another path (fn's result names the new one).
	moved := filepath.Join(dir, "moved", "x.fit")
	os.MkdirAll(filepath.Dir(moved), 0o755)
	if err := os.Rename(plain, moved); err != nil {
		t.Fatal(err)
	}
	want = scanNow(nil)
	check("moved", kept-1, 1, 1)

	// Changed contents under the same path and size.
	b, _ := os.ReadFile(moved)
	b[len(b)/2] ^= 0xff
	os.WriteFile(moved, b, 0o644)
	os.Chtimes(moved, time.Now(), time.Now().Add(2*time.Hour))
	want = scanNow(nil)
	check("changed", kept-1, 0, 1)
}

// TestScanCachedSkipsTimeouts checks that a decode cut short by its time
// budget is not stored.
func TestScanCachedSkipsTimeouts(t *testing.T) {
	dir := cacheFolder(t)
	c := newMapCache()
	slow := func(ctx context.Context, data []byte, path string) *File {
		<-ctx.Done()
		return DecodeContext(ctx, data, path)
	}
	s := ScanOptions{Workers: 2, FileTimeout: time.Millisecond}
	got, err := scanWith(context.Background(), []string{dir}, s, cacheFn, slow, Cache[cacheResult](c))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		if r.Status == OK && !r.Export {
			t.Errorf("%s decoded OK past its time budget", r.Path)
		}
	}
	for id := range c.byID {
		if !strings.HasSuffix(id.Path, ".json") {
			t.Errorf("%s stored after a timeout", id.Path)
		}
	}
}
